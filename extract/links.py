"""Hyperlinks: what a document's text points at, kept as data so that a citation can be resolved
by its link target (``raw.links``, read by dbt's citation models).

Two kinds, for every format:

``markup``
    the links of the document's markup (HTML ``<a href>``, Markdown links and autolinks): the
    reader gives each anchor's text and target in document order, and :func:`locate_anchors`
    finds the anchor text in the blocks, in order (a cursor moves forward through the blocks, so
    an anchor text that occurs twice is placed at the occurrence that follows the previous link).
    An anchor whose text is not found in the next blocks (an image link, text the reader dropped)
    is not kept.
``printed``
    URLs printed in the text ("https://…", "www.…"), as a PDF's footnotes or a source line in
    plain text give them, outside any markup link; their anchor text is the URL itself.

The target is kept as written (relative paths included): resolving it against the document's
own URL is the citation model's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa

from extract.blocks import Block, Link
from extract.frame_types import TEXT
from extract.genre import normalize_space
from extract.validation import validate

LINK_KINDS = ("markup", "printed")
# How many blocks after the previous link an anchor text is looked for.
ANCHOR_LOOKAHEAD_BLOCKS = 25
# Targets that never name a document.
_NOT_A_TARGET = re.compile(r"^(?:#|javascript:|mailto:|tel:|data:|about:)", re.IGNORECASE)
_PRINTED_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`{}|\\^\u3000-\u303f\uff00-\uffef]+")
_URL_TRAILING = ".,;:!?)]}"

LINKS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "link_id": pa.Column(TEXT, unique=True),
        "block_id": pa.Column(TEXT),
        "seq": pa.Column("int64", pa.Check.ge(0)),
        "link_kind": pa.Column(TEXT, pa.Check.isin(LINK_KINDS)),
        "anchor_text": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "href": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
    },
    checks=[pa.Check(lambda df: df["char_end"] > df["char_start"], name="char_end_after_start")],
    strict=True,
    coerce=True,
    name="links",
)


def empty_links_frame() -> pd.DataFrame:
    """No links (a document that could not be read)."""
    return validate(LINKS_SCHEMA, pd.DataFrame(columns=list(LINKS_SCHEMA.columns)))


def is_target(href: str) -> bool:
    """Can this href name a document (not an in-page anchor, script, e-mail or phone)?"""
    href = href.strip()
    return bool(href) and not _NOT_A_TARGET.match(href)


def locate_anchors(blocks: Sequence[Block], anchors: Sequence[tuple[str, str]]) -> tuple[Link, ...]:
    """Place ``(anchor text, href)`` pairs, in document order, in the blocks' texts."""
    links: list[Link] = []
    block_index, offset = 0, 0
    for raw_text, href in anchors:
        text = normalize_space(raw_text)
        if not text or not any(ch.isalnum() for ch in text) or not is_target(href):
            continue
        last = min(len(blocks), block_index + ANCHOR_LOOKAHEAD_BLOCKS + 1)
        for index in range(block_index, last):
            start = blocks[index].text.find(text, offset if index == block_index else 0)
            if start >= 0:
                links.append(Link(index, start, start + len(text), text, href.strip()))
                block_index, offset = index, start + len(text)
                break
    return tuple(links)


def _printed_urls(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _PRINTED_URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        if len(url) > len("www.") + 3:
            found.append((match.start(), match.start() + len(url), url))
    return found


def links_frame(
    document_id: str, blocks: pd.DataFrame, markup_links: Sequence[Link] = ()
) -> pd.DataFrame:
    """Markup links and printed URLs with document offsets, validated by LINKS_SCHEMA.

    ``blocks`` is the document's frame of BLOCKS_SCHEMA (its ``seq`` is the reader's block index).
    """
    by_seq = {int(row.seq): row for row in blocks.itertuples(index=False)}
    spans: list[tuple[int, int, int, str, str, str]] = []  # seq, start, end, kind, text, href
    for link in markup_links:
        if link.block_index in by_seq:
            spans.append((link.block_index, link.start, link.end, "markup", link.text, link.href))
    covered = {(seq, start, end) for seq, start, end, *_ in spans}
    for seq, row in by_seq.items():
        for start, end, url in _printed_urls(str(row.text)):
            if not any(s == seq and start < b and a < end for s, a, b in covered):
                spans.append((seq, start, end, "printed", url, url))
    spans.sort(key=lambda span: (span[0], span[1]))
    rows = []
    for number, (seq, start, end, kind, text, href) in enumerate(spans):
        block = by_seq[seq]
        rows.append(
            {
                "document_id": document_id,
                "link_id": f"{document_id}:l{number:05d}",
                "block_id": block.block_id,
                "seq": number,
                "link_kind": kind,
                "anchor_text": text,
                "href": href,
                "char_start": int(block.char_start) + start,
                "char_end": int(block.char_start) + end,
            }
        )
    frame = pd.DataFrame(rows, columns=list(LINKS_SCHEMA.columns))
    return validate(LINKS_SCHEMA, frame)
