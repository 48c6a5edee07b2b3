"""PDF reader: pages of a report into headings, paragraphs, tables and the like, in reading order.

pdfplumber opens the file (pdfminer.six underneath) and supplies the ruling lines and table grid;
characters are read from pdfminer's layout objects directly (see Speed). Every rule below is a
rule of layout: none looks at which document it reads or at the wording of its text.

Opening and failures
    0 bytes is "empty"; bytes without a ``%PDF`` header are "not_a_pdf"; a wrong or missing
    password is "encrypted" (pdfplumber wraps pdfminer's ``PDFPasswordIncorrect``, with an empty
    message, in ``PdfminerException``); anything else that stops the file from opening
    (``PSEOF``, ``PDFSyntaxError``, a broken page tree) is "corrupt". A file that opens with
    0 pages is "no_pages", and pages without a single character are "no_text_layer". A page that
    fails to parse is skipped with a warning. Annotations and links are never read, so their
    errors cannot fail a document.

Speed
    ``page.chars`` resolves and decodes every attribute of every character, which costs about
    twice pdfminer's own parsing; the reader walks ``page.layout`` instead and keeps the eleven
    attributes it uses, in pdfplumber's coordinates (the same values: checked on every fixture).
    pypdfium2 is not used. It extracts plain text 30-60 times faster, but reading each
    character's box, size, font and colour through its API is only about 1.3 times faster than
    this walk. It reports size 1.0 for text scaled by its matrix, and it gives no ruling lines
    (BENCHMARKS.md has the numbers).

Characters and words
    Overprinted duplicates (fake bold) are dropped: same text, font and size (to 0.1 pt) within
    1 pt, as pdfplumber's ``dedupe_chars`` does, but in O(n) (pdfplumber's sorts by
    ``list.index``, which took 4.5 s on one 9,400-character page, and compares sizes exactly, so
    copies drawn at 26.04 and 26.0400001 pt survive). The text direction of each character comes
    from its text matrix; when most characters of a page run top-to-bottom, bottom-to-top or
    upside down (text turned by /Rotate or drawn sideways), the page is turned so that they read
    left to right, and bboxes are turned back into page coordinates. Characters in a minority
    direction (rotated margin notes) are left out, with a warning. Characters placed outside the
    page box are kept, with a warning. Words split where the gap between characters exceeds 0.15
    of the font size (space glyphs are ignored: some PDFs lay them over the letters); ligatures
    are expanded. A lone "o" or unmapped glyph
    "(cid:N)" set off by a tab-wide gap at the start of a line is a bullet.

Running headers and footers
    A line fragment (a line split where the gap exceeds twice the font size) within
    ``margin_band`` of the top or bottom edge, on a line of at most three fragments, is page
    furniture when the same text, digits aside, stands at the same distance from that edge (±4 pt)
    on at least ``running_line_min_share`` of the pages (and on two pages at least). Page numbers
    are such fragments, so they go too.

Tables
    Ruled tables come from pdfplumber's ``lines`` strategy (``TableFinder`` on the page's edges).
    Within a ruled row, a text line that puts words in two columns or more starts a row of its
    own (tables ruled every few rows, or only around the header); a line with words in one column
    only continues the cell above (wrapped cells), and so does, in a table ruled row by row (most
    ruled rows hold one line), a line without numbers that leaves the first column empty or fills
    only columns filled by the line above (a header set on two lines). The words of a cell that
    spans columns are spread over them when a line holds two groups of words or more. Rows of
    one cell across the table (a title, a key, notes) at its top or bottom go back to the running
    text.
    Tables without rules come from alignment: a run of three lines or more, each breaking into two
    segments or more at wide gaps (over 0.8 of the font size and 2.5 times the page's median word
    gap), whose segments fall into the same column slots (the slots of the lines with the most
    common segment count). It is a table when it has a column of short cells (3 words or fewer)
    and no column of running text (cells that start in lower case, or long cells flush right like
    a text column) or of list markers. Every table needs two rows with two filled cells. Header
    rows are the leading rows that are bold where the body is not, or hold words where the body's
    numeric columns hold numbers (at most three); a table of words has one. When the pitches of
    its lines show both row gaps and closer wrapped lines, a line that leaves the first column
    empty and follows at the smaller pitch continues the row above (a header on two lines).
    Tables whose cells wrap onto lines of one segment, or whose lines interleave with a text
    column beside them, are looked for in each region of the reading order before it is cut into
    columns: a run of lines whose segments all start at column slots (segment starts shared by
    three segments or more, within a quarter of the font size) and run into no other slot. A
    line starts a row when it has a word in the first column or follows a gap wider than 1.3
    times the pitch of wrapped lines; other lines continue the cells of the row above (joined
    with a space). Rows of one cell at the top or bottom are left out; two columns must be filled
    in three rows, one column must hold short cells, and none may be list markers, cells that
    start in lower case or justified text (long lines ending at the same x). Words used by a
    table never reach the paragraphs.

Reading order (recursive XY cut)
    Columns are found per page from the x-distribution of the text lines: a gutter is a vertical
    strip at least 4 pt (and 0.6 of the font size) wide that no line crosses, or only a few do
    (up to 15 %: titles, captions spanning the columns), with at least two lines and a text block
    of real width (12 %) on each side, side by side. Lines that cross the gutter cut the region
    into bands, read top to bottom; in a band the part left of the gutter is read before the part
    right of it, and each part is searched again. A region without a gutter is cut at its widest
    horizontal gap (if over half the font size) and each part searched again.

Paragraphs
    Within a column, a new paragraph starts at a vertical gap larger than the line spacing (over
    1.45 of the font size and 1.3 of the column's median line pitch), at a change of size, weight
    or slant both at the line break and over the whole lines (a run-in bold label does not break
    a paragraph), at a list marker, at a first-line indent after a sentence end (a hanging indent
    continues its paragraph), or after a short line that ends a sentence. A word broken by a
    hyphen at a line end is joined, unless the document spells it with a hyphen elsewhere; a
    dash at a line end joins without a space. Paragraphs broken by column and page breaks are
    rebuilt with :func:`extract.genre.rejoin_paragraphs`.

Headings and block types
    The body size is the size of most characters. A paragraph of up to 4 lines and 30 words set
    12 % larger than the body, or bold where the body is not and in title form
    (:func:`extract.genre.looks_like_heading`), is a heading; its level is the rank of its
    (size, bold) style among the document's heading styles, and headings make the section path.
    Other paragraphs are classified by :func:`extract.genre.classify_text`; besides, an italic
    paragraph that opens with a quotation mark is a quote, and small print (under 0.88 of the
    body size) right under a table is a source note.
"""

from __future__ import annotations

import io
import itertools
import math
import re
import statistics
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSEOF
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.table import TableFinder
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.geometry import obj_to_edges
from pdfplumber.utils.text import WordExtractor

from extract.blocks import BBox, Block, BlockType, ParsedDocument, Table
from extract.errors import DocumentError
from extract.genre import (
    classify_text,
    is_list_item,
    looks_like_heading,
    normalize_space,
    rejoin_paragraphs,
)
from extract.settings import PdfSettings

Obj = dict[str, Any]

# Words: a gap wider than this share of the font size separates two words.
WORD_GAP_RATIO = 0.15
# Line fragments (for running heads/feet): split at gaps wider than this many font sizes.
FRAGMENT_GAP_RATIO = 2.0
RUNNING_POSITION_TOLERANCE = 4.0
MAX_RUNNING_FRAGMENTS_PER_LINE = 3
# Table segments: split at gaps wider than this share of the font size ...
SEGMENT_GAP_RATIO = 0.8
# ... and this many times the page's median gap between words.
SEGMENT_GAP_WORD_GAPS = 2.5
MAX_SHORT_CELL_WORDS = 3
MIN_UNRULED_ROWS = 3
MAX_HEADER_ROWS = 3
MAX_MEAN_CELL_WORDS = 30
# Wrapped cells: a line continues its row unless the pitch above it exceeds this many times the
# pitch of wrapped lines (taken as the smallest pitch of the table, but at least this share of the
# font size).
ROW_PITCH_RATIO = 1.3
WRAPPED_PITCH_MIN = 0.8
# Column slots of such tables: segment starts within this share of the font size of each other.
SLOT_TOLERANCE = 0.25
# A column whose long lines (4 words or more) end at the same x in this share is justified text.
JUSTIFIED_SHARE = 0.6
# Gutters.
MIN_GUTTER = 4.0
MIN_GUTTER_SIZE_RATIO = 0.6
MAX_BLOCKER_SHARE = 0.15
MIN_SIDE_WIDTH_RATIO = 0.12
MAX_CUT_DEPTH = 40
# Without a gutter, a region is cut at its widest horizontal gap if it is this many sizes.
MIN_CUT_GAP_RATIO = 0.5
# Paragraphs.
PARAGRAPH_GAP_SIZE_RATIO = 1.45
PARAGRAPH_GAP_PITCH_RATIO = 1.3
# Headings.
HEADING_SIZE_RATIO = 1.12
MAX_HEADING_LINES = 4
MAX_HEADING_WORDS_LARGE = 30
SMALL_PRINT_RATIO = 0.88

BOLD_RE = re.compile(r"bold|black|heavy|demi|semibold|[-,](bd|b)$", re.IGNORECASE)
ITALIC_RE = re.compile(r"italic|oblique|[-,](it|i)$", re.IGNORECASE)
NUMERIC_RE = re.compile(r"^[(\[]?[-+−–]?[$€£¥]?\s?\d[\d,.\s]*(%|pp|x|k|m|bn)?[)\]]?\*{0,3}$", re.I)
DIGITS_RE = re.compile(r"\d+")
MARKER_RE = re.compile(r"^([-•*–—▪●◦o§]|\(cid:\d+\)|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
# Word processors draw second-level bullets as a letter o (Courier) followed by a tab.
LETTER_BULLETS = ("o", "§")
CID_RE = re.compile(r"\(cid:\d+\)")
RUNNING_STRIP = " #|-–—·•.,:/"
DASHES = ("-", "\u2010", "\u2011", "\u00ad")
JOINING_DASHES = ("–", "—", "/")
TERMINAL = (".", "!", "?", ":", "”", '"', "’")
OPEN_QUOTES = ("“", '"', "‘", "«", "„")
# Private-use bullets of Symbol/Wingdings fonts, shown as a bullet.
PUA_BULLETS = dict.fromkeys(map(ord, "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8\uf0be"), "•")


# ----------------------------------------------------------------------------------------------
# Opening


def _check_signature(data: bytes) -> None:
    if not data:
        raise DocumentError("empty", "the file is empty (0 bytes)")
    if b"%PDF" not in data[:1024]:
        kind = _guess_kind(data[:512])
        hint = f" (it looks like {kind})" if kind else ""
        raise DocumentError("not_a_pdf", f"the file is not a PDF: it has no %PDF header{hint}")


def _guess_kind(head: bytes) -> str | None:
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive or an Office document"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return "an image"
    if lowered.startswith((b"{", b"[")):
        return "JSON"
    return None


def _open_failure(exc: BaseException, settings: PdfSettings) -> DocumentError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        if settings.password:
            return DocumentError(
                "encrypted", "the PDF is encrypted and the password given is wrong"
            )
        return DocumentError(
            "encrypted", "the PDF is password-protected; it needs a password to be read"
        )
    if isinstance(cause, PDFEncryptionError):
        return DocumentError(
            "encrypted", f"the PDF is encrypted in a way that cannot be read: {cause}"
        )
    detail = str(cause) or type(cause).__name__
    if isinstance(cause, PSEOF):
        return DocumentError(
            "corrupt",
            f"the PDF is truncated (the file ends too early: {detail}); it may be an interrupted "
            "download",
        )
    return DocumentError("corrupt", f"the PDF is damaged and cannot be parsed: {detail}")


# ----------------------------------------------------------------------------------------------
# Characters, words and the page frame


@dataclass(slots=True)
class _Word:
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

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _dedupe_chars(chars: Sequence[Obj], tolerance: float = 1.0) -> list[Obj]:
    """pdfplumber's ``dedupe_chars``: a char is dropped when one with the same text, font and size
    (to 0.1 pt) was kept within ``tolerance`` of its top and x0. In O(n) with a grid of cells of
    ``tolerance``, and without telling 26.04 from 26.0400001 pt."""
    kept: list[Obj] = []
    grid: dict[tuple[Any, ...], list[Obj]] = defaultdict(list)
    for char in chars:
        key = (char["text"], char["fontname"], round(char["size"], 1))
        row, column = int(char["top"] // tolerance), int(char["x0"] // tolerance)
        duplicate = any(
            abs(other["top"] - char["top"]) <= tolerance
            and abs(other["x0"] - char["x0"]) <= tolerance
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other in grid.get((*key, row + dr, column + dc), ())
        )
        if not duplicate:
            kept.append(char)
            grid[(*key, row, column)].append(char)
    return kept


def _char_direction(char: Obj) -> int:
    """The direction text runs in, in degrees clockwise on the page: 0, 90, 180 or 270."""
    a, b = char["matrix"][0], char["matrix"][1]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b < 0 else 270


@dataclass(frozen=True)
class _Frame:
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
        if self.rotation == 0 and not self.x_offset and not self.y_offset:
            return char
        x0, top, x1, bottom = self.box(char["x0"], char["top"], char["x1"], char["bottom"])
        size = bottom - top if self.rotation in (90, 270) else char["size"]
        return {
            **char,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "upright": True,
            "size": size,
        }

    def edge(self, edge: Obj) -> Obj:
        if self.rotation == 0 and not self.x_offset and not self.y_offset:
            return edge
        x0, top, x1, bottom = self.box(edge["x0"], edge["top"], edge["x1"], edge["bottom"])
        orientation = edge.get("orientation")
        if self.rotation in (90, 270) and orientation in ("h", "v"):
            orientation = "v" if orientation == "h" else "h"
        return {
            **edge,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
        }


def _is_grey(color: Any) -> bool:
    if not isinstance(color, tuple) or not color:
        return False
    if not all(isinstance(v, int | float) for v in color):
        return False
    values = [float(v) for v in color]
    if len(values) == 1:
        return 0.25 <= 1 - values[0] <= 0.8
    if len(values) == 3:
        return max(values) - min(values) < 0.08 and 0.2 <= sum(values) / 3 <= 0.75
    if len(values) == 4:
        return max(values[:3]) < 0.08 and 0.25 <= values[3] <= 0.8
    return False


def _make_word(
    text: str, chars: Sequence[Obj], x0: float, top: float, x1: float, bottom: float
) -> _Word:
    sizes = sorted(c["size"] for c in chars)
    fonts = Counter(c["fontname"] for c in chars).most_common(1)[0][0]
    first = chars[0]
    matrix = first.get("matrix") or (1, 0, 0, 1, 0, 0)
    skewed = abs(matrix[3]) > 1e-6 and abs(matrix[2] / matrix[3]) > 0.1 and matrix[1] == 0
    return _Word(
        text=text.translate(PUA_BULLETS),
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        size=sizes[len(sizes) // 2],
        bold=bool(BOLD_RE.search(fonts)),
        italic=bool(ITALIC_RE.search(fonts)) or skewed,
        grey=_is_grey(first.get("non_stroking_color")),
        chars=len(chars),
    )


def _words(chars: Sequence[Obj]) -> list[_Word]:
    extractor = WordExtractor(
        x_tolerance_ratio=WORD_GAP_RATIO, y_tolerance=3, expand_ligatures=True
    )
    words = []
    for word, word_chars in extractor.iter_extract_tuples(chars):
        if not word["text"].strip():
            continue
        words.append(
            _make_word(
                word["text"], word_chars, word["x0"], word["top"], word["x1"], word["bottom"]
            )
        )
    return words


def _mark_letter_bullets(line: _Line) -> None:
    """A line that opens with a lone 'o' set off by a tab-wide gap opens a list item."""
    if len(line.words) < 2:
        return
    first, second = line.words[0], line.words[1]
    if second.x0 - first.x1 <= 0.8 * first.size:
        return
    if first.text in LETTER_BULLETS:
        first.text = "◦"
    elif CID_RE.fullmatch(first.text):  # a glyph without a Unicode mapping: a bullet symbol
        first.text = "•"


# ----------------------------------------------------------------------------------------------
# Lines


@dataclass
class _Line:
    """Words on one line. Its geometry and style are computed once, on first use: add no words
    after that."""

    words: list[_Word]

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
        return _dominant(self.words, lambda w: round(w.size, 1))

    @cached_property
    def bold(self) -> bool:
        return _share(self.words, lambda w: w.bold) >= 0.6

    @cached_property
    def italic(self) -> bool:
        return _share(self.words, lambda w: w.italic) >= 0.6


def _dominant(words: Iterable[_Word], key: Any) -> Any:
    counts: Counter[Any] = Counter()
    for w in words:
        counts[key(w)] += w.chars
    return counts.most_common(1)[0][0]


def _share(words: Sequence[_Word], test: Any) -> float:
    total = sum(w.chars for w in words)
    return sum(w.chars for w in words if test(w)) / total if total else 0.0


def _cluster_lines(words: Iterable[_Word]) -> list[_Line]:
    """Words into lines: a word joins a line when it overlaps the line's first word vertically."""
    lines: list[_Line] = []
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
            lines.append(_Line([word]))
            bands.append((word.top, word.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _split_line(line: _Line, min_gap: float) -> list[_Line]:
    """A line cut into segments where the gap between words exceeds ``min_gap``."""
    segments = [_Line([line.words[0]])]
    for previous, word in itertools.pairwise(line.words):
        if word.x0 - previous.x1 > min_gap:
            segments.append(_Line([word]))
        else:
            segments[-1].words.append(word)
    return segments


# ----------------------------------------------------------------------------------------------
# Pages


@dataclass
class _TableDraft:
    rows: list[list[str]]
    cell_bboxes: list[list[BBox | None]]
    header_row_count: int
    bbox: BBox
    words: list[_Word] = field(default_factory=list)


@dataclass
class _Page:
    number: int
    frame: _Frame
    words: list[_Word]
    edges: list[Obj]
    outside: int = 0
    other_direction: int = 0
    word_gap: float = 0.0
    tables: list[_TableDraft] = field(default_factory=list)


def _page_objects(page: Any) -> tuple[list[Obj], list[Obj]]:
    """The page's characters and ruling edges, read straight from pdfminer's layout.

    ``page.chars`` builds the same character dicts but resolves and decodes every attribute of
    every character, which costs twice as much as pdfminer's parsing itself; only the attributes
    used here are taken, with pdfplumber's coordinates (top-down, relative to the MediaBox).
    Lines, rectangles and curves (few) go through pdfplumber's own ``process_object``.
    """
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    chars: list[Obj] = []
    edges: list[Obj] = []
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            fontname = obj.fontname
            if isinstance(fontname, bytes):
                fontname = fix_fontname_bytes(fontname)
            ncolor = obj.graphicstate.ncolor
            chars.append(
                {
                    "text": obj.get_text(),
                    "fontname": fontname,
                    "size": obj.size,
                    "upright": obj.upright,
                    "matrix": obj.matrix,
                    "x0": obj.x0 + mb_x0,
                    "x1": obj.x1 + mb_x0,
                    "top": height - obj.y1 + mb_top,
                    "bottom": height - obj.y0 + mb_top,
                    "doctop": height - obj.y1 + mb_top,
                    "non_stroking_color": ncolor if isinstance(ncolor, tuple) else (ncolor,),
                }
            )
        elif isinstance(obj, LTCurve):
            edges.extend(obj_to_edges(page.process_object(obj)))
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
    return chars, edges


def _read_page(page: Any) -> _Page:
    raw_chars, raw_edges = _page_objects(page)
    x0, top, x1, bottom = page.bbox
    outside = sum(
        1
        for c in raw_chars
        if not (x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1)
        or not (top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1)
    )
    directions = Counter(_char_direction(c) for c in raw_chars if c["text"].strip())
    rotation = directions.most_common(1)[0][0] if directions else 0
    frame = _Frame(rotation, x1 - x0, bottom - top, x0, top)
    # Deduplicate in the reading frame: pdfplumber's rule (same doctop, same x0) would merge
    # the repeated letters of a word that runs down the page.
    chars = _dedupe_chars([frame.char(c) for c in raw_chars if _char_direction(c) == rotation])
    # Words split at gaps only: space glyphs are dropped, since some PDFs lay them over the
    # letters (form fields), which would cut words into single characters.
    words = _words([c for c in chars if not c["text"].isspace()])
    edges = [frame.edge(e) for e in raw_edges] if words else []
    other = sum(n for d, n in directions.items() if d != rotation)
    return _Page(page.page_number, frame, words, edges, outside=outside, other_direction=other)


def _page_list(numbers: Sequence[int]) -> str:
    """1, 2, 3, 5 -> 'pages 1-3, 5'."""
    ranges: list[list[int]] = []
    for n in numbers:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges]
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(parts)


def _page_warnings(pages: Sequence[_Page]) -> list[str]:
    warnings = []
    outside = [p for p in pages if p.outside]
    if outside:
        warnings.append(
            f"{sum(p.outside for p in outside)} characters on "
            f"{_page_list([p.number for p in outside])} lie outside the page box (a malformed "
            "PDF); their text was kept"
        )
    other = [p for p in pages if p.other_direction]
    if other:
        warnings.append(
            f"{sum(p.other_direction for p in other)} characters on "
            f"{_page_list([p.number for p in other])} run in another direction than the page's "
            "text (rotated margin notes or labels) and were left out"
        )
    for rotation in (90, 180, 270):
        turned = [p.number for p in pages if p.frame.rotation == rotation]
        if turned:
            warnings.append(
                f"the text on {_page_list(turned)} runs at {rotation} degrees; it was read turned "
                "upright"
            )
    return warnings


def _median_word_gap(words: Sequence[_Word]) -> float:
    gaps = []
    for line in _cluster_lines(words):
        for previous, word in itertools.pairwise(line.words):
            gap = word.x0 - previous.x1
            if 0 <= gap < 2 * word.size:
                gaps.append(gap)
    return statistics.median(gaps) if gaps else 0.0


# ----------------------------------------------------------------------------------------------
# Running headers and footers


def _running_key(text: str) -> str:
    key = normalize_space(DIGITS_RE.sub("#", text)).lower().strip(RUNNING_STRIP)
    return key or "#"


def _remove_running_lines(pages: Sequence[_Page], settings: PdfSettings) -> None:
    text_pages = [p for p in pages if p.words]
    if len(text_pages) < 2:
        return
    needed = max(2, math.ceil(settings.running_line_min_share * len(text_pages)))
    found: dict[tuple[str, str], list[tuple[float, int, _Line]]] = defaultdict(list)
    for index, page in enumerate(text_pages):
        height = page.frame.height
        for line in _cluster_lines(page.words):
            in_top = line.bottom <= settings.margin_band
            in_bottom = line.top >= height - settings.margin_band
            if not (in_top or in_bottom):
                continue
            fragments = _split_line(line, FRAGMENT_GAP_RATIO * line.size)
            if len(fragments) > MAX_RUNNING_FRAGMENTS_PER_LINE:
                continue
            for fragment in fragments:
                zone = "top" if in_top else "bottom"
                distance = fragment.top if in_top else height - fragment.bottom
                found[(zone, _running_key(fragment.text))].append((distance, index, fragment))
    doomed: set[int] = set()
    for occurrences in found.values():
        occurrences.sort(key=lambda o: o[0])
        cluster: list[tuple[float, int, _Line]] = []
        for occurrence in [*occurrences, None]:
            if occurrence is not None and (
                not cluster or occurrence[0] - cluster[-1][0] <= RUNNING_POSITION_TOLERANCE
            ):
                cluster.append(occurrence)
                continue
            if len({page for _, page, _ in cluster}) >= needed:
                doomed.update(id(w) for _, _, fragment in cluster for w in fragment.words)
            cluster = [occurrence] if occurrence is not None else []
    if doomed:
        for page in text_pages:
            page.words = [w for w in page.words if id(w) not in doomed]


# ----------------------------------------------------------------------------------------------
# Tables


def _is_numeric(text: str) -> bool:
    return bool(NUMERIC_RE.match(text.strip())) if text.strip() else False


def _join_cell(parts: Sequence[str]) -> str:
    text = ""
    for part in parts:
        text = _join_lines(text, part, set()) if text else part
    return text


def _header_row_count(rows: Sequence[Sequence[str]], bold: Sequence[bool]) -> int:
    if len(rows) < 2:
        return 0
    width = len(rows[0])
    body = rows[1:]
    numeric_columns = [
        c
        for c in range(width)
        if (filled := [r[c] for r in body if r[c]])
        and sum(_is_numeric(v) for v in filled) >= 0.6 * len(filled)
    ]
    count = 0
    for index, row in enumerate(rows[: min(MAX_HEADER_ROWS, len(rows) - 1)]):
        body_bold = sum(bold[index + 1 :]) / max(1, len(bold) - index - 1)
        if bold[index] and body_bold < 0.5:
            count += 1
            continue
        if (
            numeric_columns
            and not any(_is_numeric(row[c]) for c in numeric_columns if row[c])
            and any(row[c] for c in range(width))
            and (index == 0 or not any(_is_numeric(v) for v in row if v))
        ):
            count += 1
            continue
        break
    if count == 0 and not numeric_columns and not any(_is_numeric(v) for v in rows[0] if v):
        count = 1  # a table of words: its first row names the columns
    return count


def _finish_table(rows: list[list[list[_Word]]]) -> _TableDraft | None:
    """Rows of cells of words into a table draft; None if it is not a table after all."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(row) for row in rows)
    rows = [row + [[] for _ in range(width - len(row))] for row in rows]
    keep_columns = [c for c in range(width) if any(row[c] for row in rows)]
    rows = [[row[c] for c in keep_columns] for row in rows]
    if len(keep_columns) < 2 or len(rows) < 2:
        return None
    if sum(1 for row in rows if sum(1 for cell in row if cell) >= 2) < 2:
        return None
    texts = [[_join_cell(_cell_lines(cell)) for cell in row] for row in rows]
    filled = [len(t.split()) for row in texts for t in row if t]
    if sum(filled) / len(filled) > MAX_MEAN_CELL_WORDS:
        return None
    bboxes: list[list[BBox | None]] = [
        [_bbox(cell) if cell else None for cell in row] for row in rows
    ]
    bold = [_share([w for cell in row for w in cell], lambda w: w.bold) >= 0.6 for row in rows]
    used = [w for row in rows for cell in row for w in cell]
    return _TableDraft(
        rows=texts,
        cell_bboxes=bboxes,
        header_row_count=_header_row_count(texts, bold),
        bbox=_bbox(used),
        words=used,
    )


def _cell_lines(words: Sequence[_Word]) -> list[str]:
    return [line.text for line in _cluster_lines(words)]


def _bbox(words: Iterable[_Word]) -> BBox:
    words = list(words)
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def _ruled_tables(page: _Page) -> list[_TableDraft]:
    if len(page.edges) < 4:
        return []
    holder = _EdgeHolder(page.edges, (0.0, 0.0, page.frame.width, page.frame.height))
    tables = []
    free = list(page.words)
    for found in TableFinder(holder).tables:  # type: ignore[arg-type]
        draft, free = _ruled_table(found, free, page)
        if draft is not None:
            tables.append(draft)
    return tables


@dataclass
class _EdgeHolder:
    """What pdfplumber's TableFinder reads from a page for the lines strategy."""

    edges: list[Obj]
    bbox: BBox


def _column_index(edges: Sequence[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))


def _ruled_table(
    found: Any, words: list[_Word], page: _Page
) -> tuple[_TableDraft | None, list[_Word]]:
    xs = sorted({round(c[0], 1) for c in found.cells} | {round(c[2], 1) for c in found.cells})
    edges: list[float] = []
    for x in xs:
        if not edges or x - edges[-1] > 1.5:
            edges.append(x)
    ncols = len(edges) - 1
    if ncols < 1:
        return None, words
    x0, top, x1, bottom = found.bbox
    inside = [w for w in words if x0 <= w.cx <= x1 and top <= w.cy <= bottom]
    if not inside:
        return None, words
    taken: set[int] = set()
    min_gap = max(
        SEGMENT_GAP_RATIO * _dominant(inside, lambda w: round(w.size, 1)),
        SEGMENT_GAP_WORD_GAPS * page.word_gap,
    )
    by_x = sorted(inside, key=lambda w: w.cx)
    centers = [w.cx for w in by_x]
    ruled: list[tuple[list[list[list[_Word]]], bool]] = []
    for row in found.rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                continue
            start = _column_index(edges, cell[0])
            end = max(start + 1, _column_index(edges, cell[2]))
            first, last = bisect_left(centers, cell[0]), bisect_right(centers, cell[2])
            cell_words = [
                w for w in by_x[first:last] if id(w) not in taken and cell[1] <= w.cy <= cell[3]
            ]
            cell_words.sort(key=lambda w: (w.top, w.x0))
            taken.update(id(w) for w in cell_words)
            cells.append((start, end, cell_words))
        produced = _ruled_row(cells, edges, ncols, min_gap)
        filled = [(start, end) for start, end, cell_words in cells if cell_words]
        wide = (
            len(filled) == 1
            and filled[0][1] - filled[0][0] >= max(2, math.ceil(0.85 * ncols))
            and all(sum(1 for cell in row if cell) <= 1 for row in produced)
        )
        ruled.append((produced, wide))
    # Ruled row by row (most ruled rows hold one text line): a line of words without numbers
    # that leaves the first column empty, or fills only columns filled by the line above,
    # continues the cells above (they wrap) rather than starting a row.
    filled = [produced for produced, _ in ruled if produced]
    if sum(1 for produced in filled if len(produced) == 1) > 0.5 * len(filled):
        ruled = [(_join_ruled_lines(produced), wide) for produced, wide in ruled]
    rows = [(row, wide) for produced, wide in ruled for row in produced]
    # A title or a note set in one cell across the table, above or below it, is running text.
    while rows and (rows[0][1] or not any(rows[0][0])):
        rows.pop(0)
    while rows and (rows[-1][1] or not any(rows[-1][0])):
        rows.pop()
    draft = _finish_table([row for row, _ in rows])
    if draft is None:
        return None, words
    used = {id(w) for w in draft.words}
    return draft, [w for w in words if id(w) not in used]


def _join_ruled_lines(lines: list[list[list[_Word]]]) -> list[list[list[_Word]]]:
    rows: list[list[list[_Word]]] = []
    above: set[int] = set()
    for line in lines:
        columns = {c for c, cell in enumerate(line) if cell}
        words = any(_is_numeric(w.text) for cell in line for w in cell)
        if rows and not words and (not line[0] or columns <= above):
            for cell, more in zip(rows[-1], line, strict=True):
                cell.extend(more)
        else:
            rows.append([list(cell) for cell in line])
        above = columns
    return rows


def _ruled_row(
    cells: list[tuple[int, int, list[_Word]]], edges: Sequence[float], ncols: int, min_gap: float
) -> list[list[list[_Word]]]:
    """One ruled row as one or more table rows (rows ruled in bands of several text lines)."""
    placed: list[tuple[_Line, int]] = []  # text line, column
    for start, end, cell_words in cells:
        if not cell_words:
            continue
        for line in _cluster_lines(cell_words):
            segments = _split_line(line, min_gap) if end - start > 1 else [line]
            if end - start > 1 and len(segments) >= 2:
                for segment in segments:
                    column = max(
                        range(start, end),
                        key=lambda c, s=segment: min(s.x1, edges[c + 1]) - max(s.x0, edges[c]),
                    )
                    placed.append((segment, column))
            else:
                placed.append((line, start))
    if not placed:
        return []
    # Group the placed pieces into text lines across the row.
    bands = _cluster_lines([w for line, _ in placed for w in line.words])
    column_of = {id(w): column for line, column in placed for w in line.words}
    rows: list[list[list[_Word]]] = []
    for band in bands:
        columns = {column_of[id(w)] for w in band.words}
        if not rows or len(columns) >= 2:
            rows.append([[] for _ in range(ncols)])
        for w in band.words:
            rows[-1][column_of[id(w)]].append(w)
    return rows


def _unruled_tables(page: _Page, words: list[_Word]) -> tuple[list[_TableDraft], list[_Word]]:
    lines = _cluster_lines(words)
    if len(lines) < 2:
        return [], words
    tables: list[_TableDraft] = []
    runs: list[list[list[_Line]]] = []
    current: list[list[_Line]] = []
    previous: _Line | None = None
    for line in lines:
        min_gap = max(SEGMENT_GAP_RATIO * line.size, SEGMENT_GAP_WORD_GAPS * page.word_gap)
        segments = _split_line(line, min_gap)
        close = previous is not None and line.top - previous.bottom <= 2.0 * line.size
        if len(segments) >= 2:
            if current and not close:
                runs.append(current)
                current = []
            current.append(segments)
        elif current:
            runs.append(current)
            current = []
        previous = line
    if current:
        runs.append(current)
    used: set[int] = set()
    for run in runs:
        for draft in _aligned_tables(run):
            tables.append(draft)
            used.update(id(w) for w in draft.words)
    return tables, [w for w in words if id(w) not in used]


def _slots(run: Sequence[Sequence[_Line]]) -> list[tuple[float, float]]:
    counts = Counter(len(segments) for segments in run)
    modal = max(counts, key=lambda n: (counts[n], n))
    intervals = sorted((s.x0, s.x1) for segments in run if len(segments) == modal for s in segments)
    slots: list[list[float]] = []
    for a, b in intervals:
        if slots and a <= slots[-1][1]:
            slots[-1][1] = max(slots[-1][1], b)
        else:
            slots.append([a, b])
    return [(a, b) for a, b in slots]


def _aligned_tables(run: list[list[_Line]]) -> list[_TableDraft]:
    """Tables in a run of consecutive multi-segment lines (their segments must align)."""
    if len(run) < MIN_UNRULED_ROWS:
        return []
    slots = _slots(run)
    if len(slots) < 2:
        return []
    rows: list[list[list[_Word]]] = []
    for segments in run:
        row: list[list[_Word]] = [[] for _ in slots]
        for segment in segments:
            overlaps = [min(segment.x1, b) - max(segment.x0, a) for a, b in slots]
            best = max(range(len(slots)), key=lambda i: overlaps[i])
            if overlaps[best] <= 0:
                # a segment in a gap between slots: take the nearest slot
                best = min(
                    range(len(slots)),
                    key=lambda i: min(abs(segment.x0 - slots[i][1]), abs(segment.x1 - slots[i][0])),
                )
            row[best].extend(segment.words)
        rows.append(row)
    tops = [min(s.top for s in segments) for segments in run]
    size = statistics.median(s.size for segments in run for s in segments)
    rows = _join_wrapped_lines(tops, size, rows, uniform=False)
    if len(rows) < MIN_UNRULED_ROWS or _looks_like_prose(rows):
        return []
    draft = _finish_table(rows)
    return [draft] if draft is not None else []


def _join_wrapped_lines(
    tops: Sequence[float], size: float, lines: list[list[list[_Word]]], uniform: bool
) -> list[list[list[_Word]]]:
    """The text lines of a table (cells of words, by column) into rows: a line continues the
    row above (its cells wrap) unless it holds a word in the first column or it stands after a
    vertical gap wider than the wrapped lines' pitch. With ``uniform`` False, lines are only
    joined when the pitches show both gaps (between rows) and wrapped lines."""
    pitches = [b - a for a, b in itertools.pairwise(tops)]
    if not pitches:
        return lines
    low = max(min(pitches), WRAPPED_PITCH_MIN * size)
    spaced = [p > ROW_PITCH_RATIO * low for p in pitches]
    if not uniform and (all(spaced) or not any(spaced)):
        return lines
    rows = [[list(cell) for cell in lines[0]]]
    for gap, line in zip(spaced, lines[1:], strict=True):
        if gap or line[0]:
            rows.append([list(cell) for cell in line])
            continue
        for cell, words in zip(rows[-1], line, strict=True):
            cell.extend(words)
    return rows


def _looks_like_prose(rows: Sequence[Sequence[list[_Word]]]) -> bool:
    """Columns of running text (side by side) or a list, rather than a table."""
    ncols = len(rows[0])
    short_column = False
    for c in range(ncols):
        cells = [" ".join(w.text for w in row[c]) for row in rows if row[c]]
        if not cells:
            continue
        if all(MARKER_RE.match(t) for t in cells):
            return True  # a column of bullets or item numbers: a list
        lower = sum(1 for t in cells[1:] if t[:1].islower())
        if len(cells) > 2 and lower >= 0.25 * (len(cells) - 1):
            return True
        lengths = sorted(len(t.split()) for t in cells)
        median = lengths[len(lengths) // 2]
        if median <= MAX_SHORT_CELL_WORDS:
            short_column = True
        elif median >= 6:
            right = [max(w.x1 for w in row[c]) for row in rows if row[c]]
            flush = sum(
                1
                for x in right
                if max(right) - x < 0.05 * (max(right) - min(w.x0 for row in rows for w in row[c]))
            )
            if flush >= 0.6 * len(right):
                return True
    return not short_column


def _region_tables(items: list[_Item], word_gap: float) -> list[_Item]:
    """Unruled tables with wrapped cells, found in a region before it is cut into columns: runs
    of lines whose segments all start at column slots (x-starts shared by three segments or more)
    and cross none, joined into rows by :func:`_join_wrapped_lines`."""
    lines = [item for item in items if item.table is None]
    # the lines' sizes (costly) only for lines with a gap that may split them
    word_gaps = SEGMENT_GAP_WORD_GAPS * word_gap
    if len(lines) < MIN_UNRULED_ROWS or sum(item.widest_gap > word_gaps for item in lines) < 2:
        return items
    lines = _top_down(lines)
    split = []
    wide = 0
    for item in lines:
        line = _Line(item.words)
        segments = [line]
        if item.widest_gap > word_gaps:
            segments = _split_line(line, max(SEGMENT_GAP_RATIO * line.size, word_gaps))
        wide += len(segments) >= 2
        split.append((line, segments))
    if wide < 2:
        return items
    size = statistics.median(line.size for line, segments in split if len(segments) >= 2)
    tolerance = SLOT_TOLERANCE * size
    starts = sorted(s.x0 for _, segments in split if len(segments) >= 2 for s in segments)
    clusters: list[list[float]] = []
    for x in starts:
        if clusters and x - clusters[-1][-1] <= tolerance:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    slots = [statistics.median(c) for c in clusters if len(c) >= MIN_UNRULED_ROWS]
    if len(slots) < 2:
        return items

    def slot_of(segment: _Line) -> int | None:
        index = bisect_left(slots, segment.x0 - tolerance)
        if index == len(slots) or slots[index] > segment.x0 + tolerance:
            return None
        following = index + 1
        if following < len(slots) and slots[following] < segment.x1:
            return None  # it runs into the next column: not a cell
        return index

    runs: list[list[tuple[_Line, list[tuple[int, _Line]]]]] = []
    current: list[tuple[_Line, list[tuple[int, _Line]]]] = []
    for line, segments in split:
        placed = [(slot_of(s), s) for s in segments]
        if any(index is None for index, _ in placed):
            if current:
                runs.append(current)
            current = []
            continue
        if current and line.top - current[-1][0].bottom > 2.0 * size:
            runs.append(current)
            current = []
        current.append((line, [(index, s) for index, s in placed if index is not None]))
    if current:
        runs.append(current)
    used: set[int] = set()
    found: list[_TableDraft] = []
    for run in runs:
        draft = _wrapped_table(run, size)
        if draft is not None:
            found.append(draft)
            used.update(id(w) for w in draft.words)
    if not found:
        return items
    words = [w for item in lines for w in item.words if id(w) not in used]
    tables = [item.table for item in items if item.table is not None]
    return _items(words, [*tables, *found])


def _wrapped_table(
    run: Sequence[tuple[_Line, list[tuple[int, _Line]]]], size: float
) -> _TableDraft | None:
    """A run of lines cut into cells as a table, or None when it is not one: it needs two
    columns filled in three rows, a column of short cells and no column of running text."""
    if sum(1 for _, placed in run if len(placed) >= 2) < 2:
        return None
    columns = sorted({index for _, placed in run for index, _ in placed})
    if len(columns) < 2:
        return None
    lines = []
    for _, placed in run:
        cells: list[list[_Word]] = [[] for _ in columns]
        for index, segment in placed:
            cells[columns.index(index)].extend(segment.words)
        lines.append(cells)
    rows = _join_wrapped_lines([line.top for line, _ in run], size, lines, uniform=True)
    # a lone cell above or below the table (a title, a note) is running text
    while rows and sum(1 for cell in rows[0] if cell) < 2:
        rows.pop(0)
    while rows and sum(1 for cell in rows[-1] if cell) < 2:
        rows.pop()
    if len(rows) < MIN_UNRULED_ROWS:
        return None
    if sum(1 for c in range(len(columns)) if sum(1 for r in rows if r[c]) >= MIN_UNRULED_ROWS) < 2:
        return None
    kept = {id(w) for row in rows for cell in row for w in cell}
    segments = [
        (columns.index(index), segment)
        for _, placed in run
        for index, segment in placed
        if id(segment.words[0]) in kept
    ]
    if _has_text_column(rows, segments, len(columns)):
        return None
    return _finish_table(rows)


def _has_text_column(
    rows: Sequence[Sequence[list[_Word]]], segments: Sequence[tuple[int, _Line]], ncols: int
) -> bool:
    """Whether the cells are running text or a list rather than a table: a column of list
    markers, of cells that start in lower case, or of justified lines (long lines that end at
    the same x); or no column of short cells."""
    short_column = False
    for c in range(ncols):
        cells = [" ".join(w.text for w in _sorted_words(row[c])) for row in rows if row[c]]
        if not cells:
            continue
        if all(MARKER_RE.match(t) for t in cells):
            return True
        if len(cells) > 2 and sum(1 for t in cells[1:] if t[:1].islower()) >= 0.25 * (
            len(cells) - 1
        ):
            return True
        lengths = sorted(len(t.split()) for t in cells)
        if lengths[len(lengths) // 2] <= MAX_SHORT_CELL_WORDS:
            short_column = True
        ends = Counter(round(s.x1) for index, s in segments if index == c and len(s.words) >= 4)
        long_lines = sum(ends.values())
        if long_lines >= MIN_UNRULED_ROWS:
            flush = max(ends[x - 1] + ends[x] + ends[x + 1] for x in ends)
            if flush >= JUSTIFIED_SHARE * long_lines:
                return True
    return not short_column


def _sorted_words(words: Sequence[_Word]) -> list[_Word]:
    return [w for line in _cluster_lines(words) for w in line.words]


# ----------------------------------------------------------------------------------------------
# Reading order


@dataclass
class _Item:
    """A unit of the page for ordering: a text line (of one region) or a table."""

    words: list[_Word]
    table: _TableDraft | None = None

    @cached_property
    def bbox(self) -> BBox:
        if self.table is not None:
            return self.table.bbox
        return _bbox(self.words)

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


def _items(words: Sequence[_Word], tables: Sequence[_TableDraft]) -> list[_Item]:
    items = [_Item(line.words) for line in _cluster_lines(words)]
    items.extend(_Item([], table) for table in tables)
    return items


def _regroup(items: Sequence[_Item], keep: Any) -> list[_Item]:
    """Items cut to the words that ``keep`` accepts, re-clustered into lines."""
    words = [w for item in items if item.table is None for w in item.words if keep(w)]
    tables = [item.table for item in items if item.table is not None and keep(item.table)]
    return _items(words, tables)


def _order(items: list[_Item], word_gap: float, depth: int = 0) -> list[list[_Item]]:
    """Regions (columns) of a page in reading order, each a list of items top to bottom."""
    if len(items) < 2 or depth > MAX_CUT_DEPTH:
        return [_top_down(items)]
    items = _region_tables(items, word_gap)
    gutter = _find_gutter(items) if len(items) >= 4 else None
    if gutter is None:
        bands = _horizontal_cut(items)
        if bands is None:
            return [_top_down(items)]
        return [region for band in bands for region in _order(band, word_gap, depth + 1)]
    position, blockers = gutter
    if not blockers:
        left = _regroup(items, lambda o: _center_x(o) < position)
        right = _regroup(items, lambda o: _center_x(o) >= position)
        return _order(left, word_gap, depth + 1) + _order(right, word_gap, depth + 1)
    regions: list[list[_Item]] = []
    band: list[_Item] = []
    blocker_ids = {id(b) for b in blockers}
    for item in _top_down(items):
        if id(item) in blocker_ids:
            if band:
                regions.extend(_order(band, word_gap, depth + 1))
                band = []
            if regions and regions[-1] and all(id(i) in blocker_ids for i in regions[-1]):
                regions[-1].append(item)
            else:
                regions.append([item])
        else:
            band.append(item)
    if band:
        regions.extend(_order(band, word_gap, depth + 1))
    return regions


def _top_down(items: Iterable[_Item]) -> list[_Item]:
    return sorted(items, key=lambda i: (i.bbox[1], i.bbox[0]))


def _horizontal_cut(items: Sequence[_Item]) -> list[list[_Item]] | None:
    """Cut a region without a gutter at its widest horizontal gap(s), as an XY cut does."""
    ordered = _top_down(items)
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
    if widest < MIN_CUT_GAP_RATIO * size:
        return None
    cuts = [index for g, index in gaps if g >= 0.9 * widest]
    bands = []
    start = 0
    for index in cuts:
        bands.append(ordered[start:index])
        start = index
    bands.append(ordered[start:])
    return bands


def _center_x(obj: _Word | _TableDraft) -> float:
    if isinstance(obj, _TableDraft):
        return (obj.bbox[0] + obj.bbox[2]) / 2
    return obj.cx


def _find_gutter(items: Sequence[_Item]) -> tuple[float, list[_Item]] | None:
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
    allowed = max(1, int(MAX_BLOCKER_SHARE * len(items)))
    min_width = max(MIN_GUTTER, MIN_GUTTER_SIZE_RATIO * size)
    best: tuple[tuple[int, float], float, list[_Item]] | None = None
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
        candidate = _gutter_candidate(items, position, width, size)
        if candidate is None:
            continue
        key = (len(candidate), -core_width)
        if best is None or key < best[0]:
            best = (key, position, candidate)
    if best is None:
        return None
    return best[1], best[2]


def _gutter_candidate(
    items: Sequence[_Item], position: float, width: float, size: float
) -> list[_Item] | None:
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
            left.append(_bbox(on_left))
        if on_right:
            right.append(_bbox(on_right))
    if len(blockers) > max(1, int(MAX_BLOCKER_SHARE * len(items))):
        return None
    if len(left) < 2 or len(right) < 2:
        return None
    min_side = max(MIN_SIDE_WIDTH_RATIO * width, 4 * size)
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


# ----------------------------------------------------------------------------------------------
# Paragraphs


@dataclass
class _Para:
    lines: list[_Line]
    page: int
    frame: _Frame
    text: str = ""

    @property
    def words(self) -> list[_Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def size(self) -> float:
        return _dominant(self.words, lambda w: round(w.size, 1))

    @property
    def bold(self) -> bool:
        return _share(self.words, lambda w: w.bold) >= 0.8

    @property
    def italic(self) -> bool:
        return _share(self.words, lambda w: w.italic) >= 0.8

    @property
    def bbox(self) -> BBox:
        return self.frame.to_page(_bbox(self.words))


def _join_lines(head: str, tail: str, vocabulary: set[str] | None) -> str:
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


def _paragraphs(lines: list[_Line], page: _Page) -> list[_Para]:
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
    paras: list[_Para] = [_Para([lines[0]], page.number, page.frame)]
    for previous, line in itertools.pairwise(lines):
        para = paras[-1]
        if _starts_paragraph(previous, line, para, left, column_width, pitch):
            paras.append(_Para([line], page.number, page.frame))
        else:
            para.lines.append(line)
    return paras


def _starts_paragraph(
    previous: _Line, line: _Line, para: _Para, left: float, width: float, pitch: float
) -> bool:
    size = max(line.size, previous.size)
    # A change of size, weight or slant both across the line break and over the lines (a run-in
    # label in bold or small capitals at the start of a line does not break its paragraph).
    last, first = previous.words[-1], line.words[0]
    if abs(line.size - previous.size) > 0.12 * size and abs(last.size - first.size) > 0.12 * size:
        return True
    if (last.bold != first.bold and line.bold != previous.bold) or (
        last.italic != first.italic and line.italic != previous.italic
    ):
        return True
    gap = line.top - previous.top
    if gap > PARAGRAPH_GAP_SIZE_RATIO * size and (
        not pitch or gap > PARAGRAPH_GAP_PITCH_RATIO * pitch
    ):
        return True
    if line.top - previous.bottom > 0.8 * size:
        return True
    text = line.text
    if is_list_item(text) or text.startswith("•"):
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


# ----------------------------------------------------------------------------------------------
# Blocks


@dataclass
class _Draft:
    kind: BlockType
    text: str
    page: int
    bbox: BBox
    size: float = 0.0
    bold: bool = False
    heading_style: tuple[float, bool] | None = None
    table: Table | None = None


def _body_style(pages: Sequence[_Page]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bold = 0
    total = 0
    for page in pages:
        for w in page.words:
            sizes[round(w.size, 1)] += w.chars
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    for page in pages:
        for w in page.words:
            if abs(w.size - body) < 0.3:
                total += w.chars
                bold += w.chars if w.bold else 0
    return body, bool(total) and bold > total / 2


def _is_heading(para: _Para, text: str, body: float, body_bold: bool) -> bool:
    words = text.split()
    if len(para.lines) > MAX_HEADING_LINES or not words:
        return False
    if sum(ch.isalpha() for ch in text) < 2 or classify_text(text) != "paragraph":
        return False
    if text.endswith((",", ";")) or is_list_item(text):
        return False
    if para.size >= HEADING_SIZE_RATIO * body:
        return len(words) <= MAX_HEADING_WORDS_LARGE and not (text.endswith(".") and len(words) > 8)
    if para.bold and not body_bold and para.size >= 0.95 * body and len(para.lines) <= 2:
        return looks_like_heading(text)
    return False


def _vocabulary(pages: Sequence[_Page]) -> set[str]:
    return {
        w.text.lower().strip(".,;:()[]\"'“”‘’")
        for page in pages
        for w in page.words
        if "-" in w.text[1:-1]
    }


def _blocks(pages: Sequence[_Page], settings: PdfSettings) -> list[Block]:
    body, body_bold = _body_style(pages)
    vocabulary = _vocabulary(pages) if settings.join_hyphenated else None
    drafts: list[_Draft] = []
    for page in pages:
        regions = _order(_items(page.words, page.tables), page.word_gap)
        for region in regions:
            lines: list[_Line] = []
            for item in region:
                if item.table is None:
                    lines.append(_Line(item.words))
                    _mark_letter_bullets(lines[-1])
                    continue
                drafts.extend(_text_drafts(lines, page, body, body_bold, vocabulary, drafts))
                lines = []
                drafts.append(_table_draft(item.table, page))
            drafts.extend(_text_drafts(lines, page, body, body_bold, vocabulary, drafts))
    styles = sorted(
        {d.heading_style for d in drafts if d.heading_style is not None},
        key=lambda s: (-s[0], not s[1]),
    )
    level_of = {style: min(6, rank + 1) for rank, style in enumerate(styles)}
    blocks = [
        Block(
            d.kind,
            d.text,
            page_number=d.page,
            bbox=d.bbox,
            heading_level=level_of[d.heading_style] if d.heading_style is not None else None,
            table=d.table,
        )
        for d in drafts
    ]
    blocks = rejoin_paragraphs(blocks)
    section: tuple[str, ...] = ()
    result = []
    for block in blocks:
        if block.block_type == "heading" and block.heading_level is not None:
            section = (*section[: block.heading_level - 1], block.text)
        result.append(replace(block, section_path=section))
    return result


def _table_draft(table: _TableDraft, page: _Page) -> _Draft:
    rows = tuple(tuple(normalize_space(cell) for cell in row) for row in table.rows)
    bboxes = tuple(
        tuple(page.frame.to_page(b) if b is not None else None for b in row)
        for row in table.cell_bboxes
    )
    model = Table(rows=rows, header_row_count=table.header_row_count, cell_bboxes=bboxes)
    return _Draft("table", model.text, page.number, page.frame.to_page(table.bbox), table=model)


def _text_drafts(
    lines: list[_Line],
    page: _Page,
    body: float,
    body_bold: bool,
    vocabulary: set[str] | None,
    previous: Sequence[_Draft],
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for para in _paragraphs(lines, page):
        text = ""
        for line in para.lines:
            text = _join_lines(text, line.text, vocabulary) if text else line.text
        text = normalize_space(text.replace("\u00ad", ""))  # soft hyphens left inside lines
        if not text:
            continue
        size = para.size
        if _is_heading(para, text, body, body_bold):
            style = (round(size * 2) / 2, para.bold)
            drafts.append(_Draft("heading", text, page.number, para.bbox, size, para.bold, style))
            continue
        kind = classify_text(text)
        before = drafts[-1] if drafts else (previous[-1] if previous else None)
        if kind == "paragraph":
            if para.italic and text.startswith(OPEN_QUOTES):
                kind = "quote"
            elif (
                before is not None
                and before.kind == "table"
                and before.page == page.number
                and size <= SMALL_PRINT_RATIO * body
            ):
                kind = "source_note"
        drafts.append(_Draft(kind, text, page.number, para.bbox, size, para.bold))
    return drafts


# ----------------------------------------------------------------------------------------------
# Entry point


def read_pdf(data: bytes, settings: PdfSettings = PdfSettings()) -> ParsedDocument:  # noqa: B008
    """Read a PDF into blocks in reading order; raise DocumentError when it cannot be read."""
    _check_signature(data)
    warnings: list[str] = []
    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password=settings.password) as pdf:
            plumber_pages = list(pdf.pages)
            if not plumber_pages:
                raise DocumentError(
                    "no_pages",
                    "the PDF opens but has no pages (its page tree is empty or damaged)",
                )
            failed = 0
            for plumber_page in plumber_pages:
                try:
                    pages.append(_read_page(plumber_page))
                except Exception as exc:  # one bad page must not lose the rest
                    failed += 1
                    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
                    warnings.append(
                        f"page {plumber_page.page_number} could not be read and was skipped: "
                        f"{cause or type(cause).__name__}"
                    )
                finally:
                    plumber_page.close()
            if failed == len(plumber_pages):
                raise DocumentError(
                    "corrupt", f"none of the PDF's {failed} pages could be parsed ({warnings[0]})"
                )
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise _open_failure(exc, settings) from exc

    if not any(page.words for page in pages):
        raise DocumentError(
            "no_text_layer",
            f"the PDF has {len(pages)} page{'s' if len(pages) != 1 else ''} but no text layer "
            "(scanned images?); it needs OCR",
        )
    warnings.extend(_page_warnings(pages))
    for page in pages:
        page.word_gap = _median_word_gap(page.words)
    _remove_running_lines(pages, settings)
    for page in pages:
        page.tables = _ruled_tables(page)
        used = {id(w) for table in page.tables for w in table.words}
        free = [w for w in page.words if id(w) not in used]
        unruled, free = _unruled_tables(page, free)
        page.tables.extend(unruled)
        page.words = free
    blocks = _blocks(pages, settings)
    return ParsedDocument(blocks=tuple(blocks), page_count=len(pages), warnings=tuple(warnings))
