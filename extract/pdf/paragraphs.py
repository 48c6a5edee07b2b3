"""Paragraphs: the lines of one column of a page grouped into paragraphs, and lines joined.

Within a column, a new paragraph starts at a vertical gap larger than the line spacing (over
``PdfSettings.paragraph_gap_size_ratio`` of the font size and ``paragraph_gap_pitch_ratio`` of
the column's median line pitch), at a change of size, weight, slant or font family both at the
line break and over the whole lines (a run-in bold label does not break a paragraph), at a list
marker, at a quotation opening after a sentence that ended at a line end, at a first-line
indent after a sentence end (a hanging indent continues its paragraph), or after a short line
that ends a sentence.

A word broken by a hyphen at a line end is joined, unless the document spells it with a hyphen
elsewhere; a dash at a line end joins without a space. Paragraphs broken by column and page
breaks are rebuilt later, with :func:`extract.genre.rejoin_paragraphs`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from extract.blocks import BBox
from extract.genre import QUOTE_OPEN, closes_sentence, is_list_item
from extract.pdf.model import (
    Frame,
    Line,
    Page,
    Word,
    bbox,
    dominant,
    font_family,
    same_family,
    share,
)
from extract.settings import PdfSettings

DASHES = ("-", "\u2010", "\u2011", "\u00ad")
JOINING_DASHES = ("–", "—", "/")
TERMINAL = (".", "!", "?", ":", "”", '"', "’")


@dataclass(frozen=True)
class ParaStyle:
    size: float
    bold: bool
    italic: bool


@dataclass
class Para:
    lines: list[Line]
    page: int
    frame: Frame
    text: str = ""

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @cached_property
    def style(self) -> ParaStyle:
        """The size most of its characters have; bold (italic) when 80% of them are. Read once
        the paragraph is complete."""
        words = self.words
        return ParaStyle(
            size=dominant(words, lambda w: round(w.size, 1)),
            bold=share(words, lambda w: w.bold) >= 0.8,
            italic=share(words, lambda w: w.italic) >= 0.8,
        )

    @property
    def bbox(self) -> BBox:
        return self.frame.to_page(bbox(self.words))


def join_lines(head: str, tail: str, vocabulary: set[str] | None) -> str:
    """Two lines of a paragraph as one; ``vocabulary`` None keeps line-end hyphens as printed."""
    head = head.rstrip()
    tail = tail.lstrip()
    if not head:
        return tail
    if not tail:
        return head
    if head.endswith(DASHES) and len(head) > 1 and head[-2].isalpha():
        if tail[0].islower() and vocabulary is not None:
            broken = head.rsplit(" ", 1)[-1][:-1]
            rest = re.match(r"[\w’']+", tail)
            hyphenated = f"{broken}-{rest.group(0)}".lower() if rest else ""
            if hyphenated in vocabulary:
                return head[:-1] + "-" + tail
            return head[:-1] + tail
        return head[:-1] + "-" + tail if head.endswith("\u00ad") else head + tail
    if head.endswith(JOINING_DASHES) or head.endswith(DASHES):
        return head + tail
    return f"{head} {tail}"


def paragraphs(lines: list[Line], page: Page, settings: PdfSettings) -> list[Para]:
    """The lines of one column, top to bottom, grouped into paragraphs."""
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = max(line.x1 for line in lines)
    column_width = max(1.0, right - left)
    pitches = [
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if abs(a.size - b.size) < 0.5 and b.top > a.top
    ]
    pitch = statistics.median(pitches) if pitches else 0.0
    paras: list[Para] = [Para([lines[0]], page.number, page.frame)]
    for previous, line in itertools.pairwise(lines):
        para = paras[-1]
        if _starts_paragraph(previous, line, para, left, column_width, pitch, settings):
            paras.append(Para([line], page.number, page.frame))
        else:
            para.lines.append(line)
    return paras


def _starts_paragraph(
    previous: Line,
    line: Line,
    para: Para,
    left: float,
    width: float,
    pitch: float,
    settings: PdfSettings,
) -> bool:
    size = max(line.size, previous.size)
    # A change of size, weight or slant both across the line break and over the lines (a run-in
    # label in bold or small capitals at the start of a line does not break its paragraph).
    last, first = previous.words[-1], line.words[0]
    if abs(line.size - previous.size) > 0.12 * size and abs(last.size - first.size) > 0.12 * size:
        return True
    if (
        (last.bold != first.bold and line.bold != previous.bold)
        or (last.italic != first.italic and line.italic != previous.italic)
        or (
            not same_family(font_family(last.font), font_family(first.font))
            and not same_family(line.family, previous.family)
        )
    ):
        return True
    gap = line.top - previous.top
    if gap > settings.paragraph_gap_size_ratio * size and (
        not pitch or gap > settings.paragraph_gap_pitch_ratio * pitch
    ):
        return True
    if line.top - previous.bottom > 0.8 * size + 0.01:  # 0.01 pt: the arithmetic's noise
        return True
    text = line.text
    if is_list_item(text) or text.startswith("•"):
        return True
    # a quotation opening after a sentence that ended at the line end: quotes, one a paragraph
    if text.startswith(QUOTE_OPEN) and closes_sentence(previous.text):
        return True
    in_list = is_list_item(para.lines[0].text) or para.lines[0].text.startswith("•")
    indent = 0.8 * size
    ends_sentence = previous.text.rstrip().endswith(TERMINAL)
    # a first-line indent after a sentence end (a hanging indent continues its paragraph)
    if (
        not in_list
        and ends_sentence
        and line.x0 > left + indent
        and previous.x0 <= left + 0.5 * size
    ):
        return True
    short = previous.x1 < left + width - max(0.15 * width, 3 * size)
    return short and ends_sentence
