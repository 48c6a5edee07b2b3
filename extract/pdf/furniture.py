"""Running headers, footers and page numbers: the furniture of the page, removed before reading.

A line fragment (a line split where the gap exceeds ``PdfSettings.fragment_gap_ratio`` font
sizes) within ``margin_band`` of the top or bottom edge, on a line of at most
``max_running_fragments`` fragments, is page furniture when the same text, digits aside, stands
at the same distance from that edge (within ``running_position_tolerance``) on at least
``running_line_min_share`` of the pages (and on two pages at least). Page numbers are such
fragments, so they go too.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

from extract.genre import normalize_space
from extract.pdf.model import Line, Page, cluster_lines, split_line
from extract.settings import PdfSettings

DIGITS_RE = re.compile(r"\d+")
RUNNING_STRIP = " #|-–—·•.,:/"


def remove_running_lines(pages: Sequence[Page], settings: PdfSettings) -> None:
    """Take the running heads and feet out of the pages' words."""
    text_pages = [p for p in pages if p.words]
    if len(text_pages) < 2:
        return
    needed = max(2, math.ceil(settings.running_line_min_share * len(text_pages)))
    found: dict[tuple[str, str], list[tuple[float, int, Line]]] = defaultdict(list)
    for index, page in enumerate(text_pages):
        height = page.frame.height
        for line in cluster_lines(page.words):
            in_top = line.bottom <= settings.margin_band
            in_bottom = line.top >= height - settings.margin_band
            if not (in_top or in_bottom):
                continue
            fragments = split_line(line, settings.fragment_gap_ratio * line.size)
            if len(fragments) > settings.max_running_fragments:
                continue
            for fragment in fragments:
                zone = "top" if in_top else "bottom"
                distance = fragment.top if in_top else height - fragment.bottom
                found[(zone, _running_key(fragment.text))].append((distance, index, fragment))
    doomed: set[int] = set()
    for occurrences in found.values():
        occurrences.sort(key=lambda o: o[0])
        cluster: list[tuple[float, int, Line]] = []
        for occurrence in [*occurrences, None]:
            if occurrence is not None and (
                not cluster or occurrence[0] - cluster[-1][0] <= settings.running_position_tolerance
            ):
                cluster.append(occurrence)
                continue
            if len({page for _, page, _ in cluster}) >= needed:
                doomed.update(id(w) for _, _, fragment in cluster for w in fragment.words)
            cluster = [occurrence] if occurrence is not None else []
    if doomed:
        for page in text_pages:
            page.words = [w for w in page.words if id(w) not in doomed]


def _running_key(text: str) -> str:
    key = normalize_space(DIGITS_RE.sub("#", text)).lower().strip(RUNNING_STRIP)
    return key or "#"
