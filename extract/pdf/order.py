"""Reading order: a page cut into regions (columns and bands) by a recursive XY cut.

Columns are found per page from the x-distribution of the text lines: a gutter is a vertical
strip at least ``PdfSettings.min_gutter`` points (and ``min_gutter_size_ratio`` of the font size)
wide that no line crosses, or only a few do (up to ``max_blocker_share``: titles, captions
spanning the columns), with at least two lines and a text block of real width
(``min_side_width_ratio`` of the region) on each side, side by side. Lines that cross the gutter
cut the region into bands, read top to bottom; in a band the part left of the gutter is read
before the part right of it, and each part is searched again. A region without a gutter is cut
at its widest horizontal gap (if over ``min_cut_gap_ratio`` of the font size) and each part
searched again, ``max_cut_depth`` times at most. A region whose lines are all as far apart as
its widest gap and read as running text (most start at one x, ``running_text_left_share``;
full lines, one of which wraps) is a block set with loose leading: it is not cut, and its
paragraphs are found by their own rules. Before a region is cut, its tables with wrapped cells
are found (:func:`extract.pdf.unruled.region_tables`) and tables take the heads printed apart
from them (:func:`extract.pdf.heads.attach_heads`).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any

from extract.blocks import BBox
from extract.pdf.heads import attach_heads
from extract.pdf.model import Item, TableDraft, Word, as_items, bbox, top_down
from extract.pdf.paragraphs import TERMINAL
from extract.pdf.unruled import region_tables
from extract.settings import PdfSettings


def order(
    items: list[Item],
    word_gap: float,
    settings: PdfSettings,
    depth: int = 0,
    column: tuple[float, float] | None = None,
) -> list[list[Item]]:
    """Regions (columns) of a page in reading order, each a list of items top to bottom.
    ``column`` is the left and right of the column a band was cut from (a band of short lines
    is no running text even when its longest line reaches its own right edge)."""
    if len(items) < 2 or depth > settings.max_cut_depth:
        return [top_down(items)]
    items = attach_heads(region_tables(items, word_gap, settings), word_gap, settings)
    if column is None:
        column = (min(i.bbox[0] for i in items), max(i.bbox[2] for i in items))
    gutter = _find_gutter(items, settings) if len(items) >= 4 else None
    if gutter is None:
        bands = _horizontal_cut(items, column, settings)
        if bands is None:
            return [top_down(items)]
        return [
            region
            for band in bands
            for region in order(band, word_gap, settings, depth + 1, column)
        ]
    position, blockers = gutter
    if not blockers:
        left = _regroup(items, lambda o: _center_x(o) < position)
        right = _regroup(items, lambda o: _center_x(o) >= position)
        return order(left, word_gap, settings, depth + 1) + order(
            right, word_gap, settings, depth + 1
        )
    regions: list[list[Item]] = []
    band: list[Item] = []
    blocker_ids = {id(b) for b in blockers}
    for item in top_down(items):
        if id(item) in blocker_ids:
            if band:
                regions.extend(order(band, word_gap, settings, depth + 1))
                band = []
            if regions and regions[-1] and all(id(i) in blocker_ids for i in regions[-1]):
                regions[-1].append(item)
            else:
                regions.append([item])
        else:
            band.append(item)
    if band:
        regions.extend(order(band, word_gap, settings, depth + 1))
    return regions


def _regroup(items: Sequence[Item], keep: Any) -> list[Item]:
    """Items cut to the words that ``keep`` accepts, re-clustered into lines."""
    words = [w for item in items if item.table is None for w in item.words if keep(w)]
    tables = [item.table for item in items if item.table is not None and keep(item.table)]
    return as_items(words, tables)


def _horizontal_cut(
    items: Sequence[Item], column: tuple[float, float], settings: PdfSettings
) -> list[list[Item]] | None:
    """Cut a region without a gutter at its widest horizontal gap(s), as an XY cut does."""
    ordered = top_down(items)
    sizes = [w.size for item in items for w in item.words]
    size = statistics.median(sizes) if sizes else 10.0
    gaps: list[tuple[float, int]] = []
    bottom = ordered[0].bbox[3]
    for index, item in enumerate(ordered[1:], start=1):
        if item.bbox[1] > bottom:
            gaps.append((item.bbox[1] - bottom, index))
        bottom = max(bottom, item.bbox[3])
    if not gaps:
        return None
    widest = max(g for g, _ in gaps)
    if widest < settings.min_cut_gap_ratio * size:
        return None
    cuts = [index for g, index in gaps if g >= 0.9 * widest]
    if (
        len(cuts) >= 2
        and len(cuts) == len(ordered) - 1
        and _running_text(ordered, column, size, settings)
    ):
        return None  # running text evenly spaced: one block, its paragraphs found by their rules
    bands = []
    start = 0
    for index in cuts:
        bands.append(ordered[start:index])
        start = index
    bands.append(ordered[start:])
    return bands


def _running_text(
    ordered: Sequence[Item], column: tuple[float, float], size: float, settings: PdfSettings
) -> bool:
    """Lines of running text: text lines only, most of them starting at one x (within a
    point), two or more full lines (words enough, to the right edge of their column), one of
    which wraps (it ends no sentence), and a sentence ending somewhere. Evenly spaced items that
    are not (answer options, statements to rate, quotes, a chart's labels) are cut apart as
    before."""
    if any(item.table is not None for item in ordered):
        return False
    mode = Counter(round(item.bbox[0]) for item in ordered).most_common(1)[0][0]
    aligned = sum(1 for item in ordered if abs(item.bbox[0] - mode) <= 1.0)
    if aligned < settings.running_text_left_share * len(ordered):
        return False
    left, right = column
    reach = right - max(0.15 * (right - left), 3 * size)
    full = [
        item
        for item in ordered[:-1]
        if item.bbox[2] >= reach and len(item.words) >= settings.running_text_min_words
    ]
    return (
        len(full) >= 2
        and any(not item.words[-1].text.endswith(TERMINAL) for item in full)
        and any(_SENTENCE_END.search(w.text) for item in ordered for w in item.words)
    )


_SENTENCE_END = re.compile(r"[a-z\d)][.!?][”\"’)]?$")


def _center_x(obj: Word | TableDraft) -> float:
    if isinstance(obj, TableDraft):
        return (obj.bbox[0] + obj.bbox[2]) / 2
    return obj.cx


def _find_gutter(items: Sequence[Item], settings: PdfSettings) -> tuple[float, list[Item]] | None:
    boxes = [item.bbox for item in items]
    left_edge = min(b[0] for b in boxes)
    right_edge = max(b[2] for b in boxes)
    width = right_edge - left_edge
    sizes = [w.size for item in items for w in item.words]
    size = statistics.median(sizes) if sizes else 10.0
    if width < 8 * size:
        return None
    # Coverage of x by lines, as constant pieces between interval ends (a sweep: no array over
    # coordinates, which text placed far off the page would blow up).
    events: list[tuple[float, int]] = []
    for item in items:
        merged: list[list[float]] = []
        for a, b in sorted(item.intervals()):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        for a, b in merged:
            events.append((a, 1))
            events.append((b, -1))
    events.sort()
    pieces: list[tuple[float, float, int]] = []  # start, end, lines covering
    count = 0
    for (x, delta), (following, _) in itertools.pairwise(events):
        count += delta
        if following > x:
            pieces.append((x, following, count))
    allowed = max(1, int(settings.max_blocker_share * len(items)))
    min_width = max(settings.min_gutter, settings.min_gutter_size_ratio * size)
    best: tuple[tuple[int, float], float, list[Item]] | None = None
    index = 0
    while index < len(pieces):
        if pieces[index][2] > allowed:
            index += 1
            continue
        run_start = index
        while index < len(pieces) and pieces[index][2] <= allowed:
            index += 1
        run = pieces[run_start:index]
        if run[0][0] <= left_edge or run[-1][1] >= right_edge:
            continue  # a margin, not a gutter
        low = min(piece[2] for piece in run)
        # the widest stretch at the lowest coverage is the gutter's core
        core: tuple[float, float] = (0.0, 0.0)
        stretch: tuple[float, float] | None = None
        for a, b, covered in run:
            if covered == low:
                stretch = (stretch[0], b) if stretch else (a, b)
                if stretch[1] - stretch[0] > core[1] - core[0]:
                    core = stretch
            else:
                stretch = None
        core_width = core[1] - core[0]
        if core_width < min_width:
            continue
        position = (core[0] + core[1]) / 2
        candidate = _gutter_candidate(items, position, width, size, settings)
        if candidate is None:
            continue
        key = (len(candidate), -core_width)
        if best is None or key < best[0]:
            best = (key, position, candidate)
    if best is None:
        return None
    return best[1], best[2]


def _gutter_candidate(
    items: Sequence[Item], position: float, width: float, size: float, settings: PdfSettings
) -> list[Item] | None:
    blockers = []
    left: list[BBox] = []
    right: list[BBox] = []
    for item in items:
        if any(a < position < b for a, b in item.intervals()):
            blockers.append(item)
            continue
        if item.table is not None:
            box = item.table.bbox
            (left if (box[0] + box[2]) / 2 < position else right).append(box)
            continue
        on_left = [w for w in item.words if w.cx < position]
        on_right = [w for w in item.words if w.cx >= position]
        if on_left:
            left.append(bbox(on_left))
        if on_right:
            right.append(bbox(on_right))
    if len(blockers) > max(1, int(settings.max_blocker_share * len(items))):
        return None
    if len(left) < 2 or len(right) < 2:
        return None
    min_side = max(settings.min_side_width_ratio * width, 4 * size)
    for side in (left, right):
        if max(b[2] for b in side) - min(b[0] for b in side) < min_side:
            return None
    left_span = (min(b[1] for b in left), max(b[3] for b in left))
    right_span = (min(b[1] for b in right), max(b[3] for b in right))
    overlap = min(left_span[1], right_span[1]) - max(left_span[0], right_span[0])
    smaller = min(left_span[1] - left_span[0], right_span[1] - right_span[0])
    if overlap < 0.3 * smaller:
        return None
    return blockers
