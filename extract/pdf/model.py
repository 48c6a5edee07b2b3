"""What the stages of the PDF reader pass along: words, lines, pages, table drafts and the items
of reading order, with the geometry every stage uses (clustering words into lines, cutting a
line at wide gaps, bounding boxes).

Coordinates are pdfplumber's (top-down, in points), in the page's reading frame (:class:`Frame`):
the page turned so that its main text reads left to right.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from extract.blocks import BBox

Obj = dict[str, Any]


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    grey: bool
    chars: int
    font: str = ""
    """The base font name (subset tag dropped)."""
    damage: str | None = None
    """What is wrong with the word's text, if anything (extract.pdf.damage)."""

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def font_family(font: str) -> str:
    """A font's family, without its style and the foundry's suffix ("ArialMT" and
    "Arial-BoldItalicMT" are "Arial")."""
    return _FONT_SUFFIX_RE.sub("", _FONT_STYLE_RE.split(font, maxsplit=1)[0]).strip()


def same_family(a: str, b: str) -> bool:
    """Whether two font families are one: equal, or one is the other with its style fused on,
    one or two letters or style words ("SerifT" and "SerifTI", "Calibri" and "Calibri Light")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if not short or not long.startswith(short):
        return False
    rest = long[len(short) :].strip()
    return bool(_FUSED_STYLE_RE.fullmatch(rest) or _FONT_STYLE_WORDS_RE.fullmatch(rest))


_FONT_STYLE_RE = re.compile(r"[-,]")
_FONT_SUFFIX_RE = re.compile(r"(?:PS)?MT$|PS$")
_FUSED_STYLE_RE = re.compile(r"[A-Za-z]{1,2}")  # letters, not digits: "F1" and "F12" differ
_FONT_STYLE_WORDS_RE = re.compile(
    r"(?:\s?(?:bold|italic|oblique|light|medium|regular|semi|demi|extra|ultra|black|heavy|thin"
    r"|book|roman|condensed|narrow))+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Frame:
    """The page turned so that its main text reads left to right."""

    rotation: int
    page_width: float
    page_height: float
    x_offset: float = 0.0
    y_offset: float = 0.0

    @property
    def width(self) -> float:
        return self.page_height if self.rotation in (90, 270) else self.page_width

    @property
    def height(self) -> float:
        return self.page_width if self.rotation in (90, 270) else self.page_height

    def box(self, x0: float, top: float, x1: float, bottom: float) -> BBox:
        """A page bbox in this frame."""
        x0, x1 = x0 - self.x_offset, x1 - self.x_offset
        top, bottom = top - self.y_offset, bottom - self.y_offset
        w, h = self.page_width, self.page_height
        if self.rotation == 90:
            return (top, w - x1, bottom, w - x0)
        if self.rotation == 270:
            return (h - bottom, x0, h - top, x1)
        if self.rotation == 180:
            return (w - x1, h - bottom, w - x0, h - top)
        return (x0, top, x1, bottom)

    def to_page(self, bbox: BBox) -> BBox:
        """A bbox in this frame, in page coordinates."""
        x0, top, x1, bottom = bbox
        w, h = self.page_width, self.page_height
        if self.rotation == 90:
            page = (w - bottom, x0, w - top, x1)
        elif self.rotation == 270:
            page = (top, h - x1, bottom, h - x0)
        elif self.rotation == 180:
            page = (w - x1, h - bottom, w - x0, h - top)
        else:
            page = (x0, top, x1, bottom)
        return (
            round(page[0] + self.x_offset, 2),
            round(page[1] + self.y_offset, 2),
            round(page[2] + self.x_offset, 2),
            round(page[3] + self.y_offset, 2),
        )

    def char(self, char: Obj) -> Obj:
        """A character dict of the page, in this frame (upright; turned sideways, its size is
        its height)."""
        if self._is_page():
            return char
        turned = self._turned(char, upright=True)
        if self.rotation in (90, 270):
            turned["size"] = turned["height"]
        return turned

    def point(self, x: float, top: float) -> tuple[float, float]:
        x0, y0, _, _ = self.box(x, top, x, top)
        return (x0, y0)

    def edge(self, edge: Obj) -> Obj:
        """A ruling edge of the page, in this frame (horizontal edges turned vertical and back)."""
        if self._is_page():
            return edge
        orientation = edge.get("orientation")
        if self.rotation in (90, 270) and orientation in ("h", "v"):
            orientation = "v" if orientation == "h" else "h"
        return self._turned(edge, orientation=orientation)

    def _is_page(self) -> bool:
        """Whether this frame is the page itself (nothing to turn or move)."""
        return self.rotation == 0 and not self.x_offset and not self.y_offset

    def _turned(self, obj: Obj, **changes: Any) -> Obj:
        x0, top, x1, bottom = self.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        return {
            **obj,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            **changes,
        }


@dataclass
class Line:
    """Words on one line. Its geometry and style are computed once, on first use: add no words
    after that."""

    words: list[Word]

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def size(self) -> float:
        return dominant(self.words, lambda w: round(w.size, 1))

    @cached_property
    def bold(self) -> bool:
        return share(self.words, lambda w: w.bold) >= 0.6

    @cached_property
    def family(self) -> str:
        return dominant(self.words, lambda w: font_family(w.font))

    @cached_property
    def italic(self) -> bool:
        return share(self.words, lambda w: w.italic) >= 0.6


@dataclass
class TableDraft:
    """A table found on a page, before it becomes a block: cell texts, their boxes, the words
    it took from the page. ``kind`` is "chart" for a chart read back into a table."""

    rows: list[list[str]]
    cell_bboxes: list[list[BBox | None]]
    header_row_count: int
    bbox: BBox
    words: list[Word] = field(default_factory=list)
    kind: str = "table"


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn shape of the page (bar, slice, legend key, leader line), in the reading frame:
    its box, its fill colour (None when it is only stroked) and its path's points."""

    x0: float
    top: float
    x1: float
    bottom: float
    fill: tuple | None
    points: tuple[tuple[float, float], ...] = ()
    bar: str | None = None
    """"column" or "row" for the bar of a chart (extract.pdf.charts.bar_shapes)."""

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Page:
    """One page as the stages see it: its words (furniture and table words are taken out as the
    stages go), ruling edges and tables, and how damaged its text layer was."""

    number: int
    frame: Frame
    words: list[Word]
    edges: list[Obj]
    shapes: list[Shape] = field(default_factory=list)
    outside: int = 0
    other_direction: int = 0
    word_gap: float = 0.0
    tables: list[TableDraft] = field(default_factory=list)


@dataclass
class Item:
    """A unit of the page for ordering: a text line (of one region) or a table."""

    words: list[Word]
    table: TableDraft | None = None

    @cached_property
    def bbox(self) -> BBox:
        if self.table is not None:
            return self.table.bbox
        return bbox(self.words)

    @cached_property
    def spans(self) -> list[tuple[float, float]]:
        if self.table is not None:
            return [(self.table.bbox[0], self.table.bbox[2])]
        return [(w.x0, w.x1) for w in self.words]

    def intervals(self) -> list[tuple[float, float]]:
        return self.spans

    @cached_property
    def widest_gap(self) -> float:
        return max((b.x0 - a.x1 for a, b in itertools.pairwise(self.words)), default=0.0)


def dominant(words: Iterable[Word], key: Any) -> Any:
    """The value of ``key`` that most characters of ``words`` have."""
    counts: Counter[Any] = Counter()
    for w in words:
        counts[key(w)] += w.chars
    return counts.most_common(1)[0][0]


def share(words: Sequence[Word], test: Any) -> float:
    """The share of the characters of ``words`` in words that pass ``test``."""
    total = sum(w.chars for w in words)
    return sum(w.chars for w in words if test(w)) / total if total else 0.0


def bbox(words: Iterable[Word]) -> BBox:
    words = list(words)
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def cluster_lines(words: Iterable[Word]) -> list[Line]:
    """Words into lines: a word joins a line when it overlaps the line's first word vertically."""
    lines: list[Line] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        placed = False
        for index in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[index]
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(bottom - top, word.bottom - word.top):
                lines[index].words.append(word)
                placed = True
                break
        if not placed:
            lines.append(Line([word]))
            bands.append((word.top, word.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def split_line(line: Line, min_gap: float) -> list[Line]:
    """A line cut into segments where the gap between words exceeds ``min_gap``."""
    segments = [Line([line.words[0]])]
    for previous, word in itertools.pairwise(line.words):
        if word.x0 - previous.x1 > min_gap:
            segments.append(Line([word]))
        else:
            segments[-1].words.append(word)
    return segments


def as_items(words: Sequence[Word], tables: Sequence[TableDraft]) -> list[Item]:
    """A page's (or region's) free words as lines, and its tables, as items to order."""
    result = [Item(line.words) for line in cluster_lines(words)]
    result.extend(Item([], table) for table in tables)
    return result


def top_down(found: Iterable[Item]) -> list[Item]:
    return sorted(found, key=lambda i: (i.bbox[1], i.bbox[0]))
