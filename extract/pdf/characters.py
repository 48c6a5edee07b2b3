"""Characters and words of a page, and the damage of its text layer.

Reading characters
    :mod:`extract.pdf.layout` runs pdfminer's interpreter with a faster tokenizer and makes the
    character dicts (the twelve attributes used, in pdfplumber's coordinates) as glyphs are drawn,
    with pdfminer's arithmetic, instead of ``LTChar`` objects (``page.chars`` resolves every
    attribute of every character and costs twice pdfminer's parsing). pypdfium2 is not used for
    characters: its per-character calls are cheap enough once ctypes' argument conversion is
    skipped (about 0.25 us a call), and its matrices match pdfminer's, but its text page is not
    the stream of drawn glyphs (it drops overprinted objects and characters by its own
    tolerances, merges spaces, splits ligatures, reorders a line's objects, marks line-end
    hyphens, applies ActualText) and its fonts are not pdfminer's (subset tags dropped, standard
    fonts named and measured as their substitutes: Helvetica as Arial, with another descent).
    Measured on the fixtures and the development corpus: tops and bottoms moved on every
    character of four documents and on some of six more (0.15-0.5 pt, up to 5 pt), and font
    names differed in eight; the boxes of most blocks would change (BENCHMARKS.md).

Overprinted characters
    Overprinted duplicates (fake bold, or a second copy drawn from another subset of the same
    font) are dropped: same text, base font and size (to 0.1 pt) within
    ``PdfSettings.dedupe_tolerance`` (1 pt) or ``dedupe_size_ratio`` of the size, whichever is
    larger, as pdfplumber's ``dedupe_chars`` does, but in O(n)
    (pdfplumber's sorts by ``list.index``, which took 4.5 s on one 9,400-character page, and
    compares sizes exactly, so copies drawn at 26.04 and 26.0400001 pt survive).

Text direction
    The text direction of each character comes from its text matrix; when most characters of a
    page run top-to-bottom, bottom-to-top or upside down (text turned by /Rotate or drawn
    sideways), the page is turned so that they read left to right, and bboxes are turned back
    into page coordinates. Characters in a minority direction (rotated margin notes) are left
    out, with a warning. Characters placed outside the page box are kept, with a warning.

Words
    Words split where the gap between characters exceeds ``PdfSettings.word_gap_ratio`` (0.15)
    of the font size (space glyphs are ignored: some PDFs lay them over the letters); ligatures
    are expanded. Shares set without a gap ("4.2%3%", the labels of two thin chart segments side
    by side) are split after each "%": a word of nothing but shares is never one value. A lone
    "o" or unmapped glyph "(cid:N)" set off by a tab-wide gap (``PdfSettings.bullet_gap_ratio``
    of the font size) at the start of a line is a bullet.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import numpy as np
from pdfplumber.utils.geometry import obj_to_edges
from pdfplumber.utils.text import LIGATURES, WordExtractor

from extract.pdf.charts import bar_shapes
from extract.pdf.layout import page_objects
from extract.pdf.model import Frame, Line, Obj, Page, Shape, Word, cluster_lines
from extract.settings import PdfSettings

BOLD_RE = re.compile(r"bold|black|heavy|demi|semibold|[-,](bd|b)$", re.IGNORECASE)
# A variable font's instance named with its weight axis, as a 16.16 hex number
# (".Sans-Regular_wdth_wght2BC0000": weight 700); 600 (semibold) and over is bold.
WEIGHT_AXIS_RE = re.compile(r"wght([0-9A-Fa-f]{5,7})(?![0-9A-Za-z])")
BOLD_WEIGHT = 600
MAX_WEIGHT = 1000
ITALIC_RE = re.compile(r"italic|oblique|[-,](it|i)$", re.IGNORECASE)
# Word processors draw second-level bullets as a letter o (Courier) followed by a tab.
LETTER_BULLETS = ("o", "§")
CID_RE = re.compile(r"\(cid:\d+\)")
# Private-use bullets of Symbol/Wingdings fonts, shown as a bullet.
PUA_BULLETS = dict.fromkeys(map(ord, "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8\uf0be"), "•")


def read_page(page: Any, settings: PdfSettings) -> Page:
    """A pdfplumber page as words in its reading frame, with its ruling edges."""
    raw_chars, raw_shapes = page_objects(page)
    # The bars of a chart are drawn shapes too, but they rule no table.
    bars = bar_shapes(raw_shapes, settings)
    raw_edges = [e for i, s in enumerate(raw_shapes) if i not in bars for e in obj_to_edges(s)]
    x0, top, x1, bottom = page.bbox
    outside = _outside(raw_chars, x0, top, x1, bottom)
    directions = Counter(c["direction"] for c in raw_chars if c["text"].strip())
    rotation = directions.most_common(1)[0][0] if directions else 0
    frame = Frame(rotation, x1 - x0, bottom - top, x0, top)
    # Deduplicate in the reading frame: pdfplumber's rule (same doctop, same x0) would merge
    # the repeated letters of a word that runs down the page.
    chars = _dedupe_chars(
        [frame.char(c) for c in raw_chars if c["direction"] == rotation],
        settings,
    )
    # Words split at gaps only: space glyphs are dropped, since some PDFs lay them over the
    # letters (form fields), which would cut words into single characters.
    words = _words([c for c in chars if not c["text"].isspace()], settings)
    edges = [frame.edge(e) for e in raw_edges] if words else []
    shapes = [_shape(s, frame, bars.get(i)) for i, s in enumerate(raw_shapes)] if words else []
    other = sum(n for d, n in directions.items() if d != rotation)
    return Page(
        page.page_number, frame, words, edges, shapes, outside=outside, other_direction=other
    )


def _outside(chars: Sequence[Obj], x0: float, top: float, x1: float, bottom: float) -> int:
    """How many characters have their centre more than 1 pt outside the page box."""
    if not chars:
        return 0
    n = len(chars)
    cx = (
        np.fromiter(map(_X0, chars), np.float64, n) + np.fromiter(map(_X1, chars), np.float64, n)
    ) / 2
    cy = (
        np.fromiter(map(_TOP, chars), np.float64, n)
        + np.fromiter(map(_BOTTOM, chars), np.float64, n)
    ) / 2
    inside = (x0 - 1 <= cx) & (cx <= x1 + 1) & (top - 1 <= cy) & (cy <= bottom + 1)
    return int(n - np.count_nonzero(inside))


def _shape(obj: Obj, frame: Frame, bar: str | None) -> Shape:
    """A drawn shape in the reading frame, with its fill colour if it is filled."""
    x0, top, x1, bottom = frame.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    colour = obj.get("non_stroking_color")
    fill = tuple(colour) if obj.get("fill") and isinstance(colour, tuple | list) else None
    points = tuple(frame.point(x, y) for x, y in obj.get("pts") or ())
    return Shape(x0, top, x1, bottom, fill, points, bar)


_SUBSET_TAG_RE = re.compile(r"^[A-Z]{6}\+")
_DEDUPE_ENTRY = itemgetter("text", "fontname", "size")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_TOP, _X0, _X1, _BOTTOM = (
    itemgetter("top"),
    itemgetter("x0"),
    itemgetter("x1"),
    itemgetter("bottom"),
)
_SIZE, _TEXT = itemgetter("size"), itemgetter("text")
_UPRIGHT, _FONTNAME = itemgetter("upright"), itemgetter("fontname")


def _dedupe_chars(chars: Sequence[Obj], settings: PdfSettings) -> list[Obj]:
    """pdfplumber's ``dedupe_chars``, widened: a char is dropped when one with the same text,
    base font (the subset tag "ABCDEF+" ignored: a copy may be drawn from another subset of the
    same font) and size (to 0.1 pt) was kept within its tolerance of its top and x0. The
    tolerance is ``dedupe_tolerance`` or ``dedupe_size_ratio`` of the size, whichever is larger:
    two real letters of one size never stand that close. Without telling 26.04 from 26.0400001 pt.

    In a grid of cells of the tolerance, a char can only be a copy of one in its own cell or a
    neighbouring one. Those cells are looked up for all chars at once (numpy); only the few
    chars that have such a neighbour go through the rule one by one, in drawing order (the
    rest can neither be dropped nor cause a drop)."""
    n = len(chars)
    if n < 2:
        return list(chars)
    # (text, font name, size) of each char -> (id of its key: text, base font, size to 0.1 pt;
    # its tolerance), computed once per distinct triple
    entries = list(map(_DEDUPE_ENTRY, chars))
    distinct: dict[tuple[Any, ...], Any] = dict.fromkeys(entries)
    keys: dict[tuple[Any, ...], int] = {}
    bases: dict[Any, str] = {}
    sizes: dict[float, tuple[float, float]] = {}
    for entry in distinct:
        text, fontname, raw_size = entry
        base = bases.get(fontname)
        if base is None:
            base = bases[fontname] = _SUBSET_TAG_RE.sub("", str(fontname))
        rounded = sizes.get(raw_size)
        if rounded is None:
            size = round(raw_size, 1)
            tolerance = max(settings.dedupe_tolerance, settings.dedupe_size_ratio * size)
            rounded = sizes[raw_size] = (size, tolerance)
        distinct[entry] = (keys.setdefault((text, base, rounded[0]), len(keys)), rounded[1])
    found = list(map(distinct.__getitem__, entries))
    key_ids = np.fromiter(map(_FIRST, found), np.int64, n)
    tolerances = np.fromiter(map(_SECOND, found), np.float64, n)
    rows = np.floor_divide(np.fromiter(map(_TOP, chars), np.float64, n), tolerances)
    columns = np.floor_divide(np.fromiter(map(_X0, chars), np.float64, n), tolerances)
    span = 1 << 20
    if not (np.all(np.abs(rows) < span // 2 - 2) and np.all(np.abs(columns) < span // 2 - 2)):
        return _dedupe_one_by_one(chars, range(n), settings)  # cells too many to number
    # one number per cell, so that a neighbouring cell is the number +-1 (same row) or
    # +-span +-1 (the rows above and below)
    codes = (key_ids * span + rows.astype(np.int64) + span // 2) * span + (
        columns.astype(np.int64) + span // 2
    )
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    # the same cell or the next one in the row: neighbours in sorted order
    close = np.diff(ordered) <= 1
    flagged = np.zeros(n, dtype=bool)
    flagged[order[:-1][close]] = True
    flagged[order[1:][close]] = True
    # a cell in the row above or below, within one column
    for shift in (span, -span):
        low = np.searchsorted(ordered, codes + shift - 1)
        at = np.minimum(low, n - 1)
        flagged |= (low < n) & (ordered[at] <= codes + shift + 1)
    suspects = np.flatnonzero(flagged)
    if not len(suspects):
        return list(chars)
    dropped = set(_dropped(chars, suspects.tolist(), settings))
    return [char for i, char in enumerate(chars) if i not in dropped]


def _dedupe_one_by_one(chars: Sequence[Obj], indexes: Any, settings: PdfSettings) -> list[Obj]:
    dropped = set(_dropped(chars, list(indexes), settings))
    return [char for i, char in enumerate(chars) if i not in dropped]


def _dropped(chars: Sequence[Obj], indexes: list[int], settings: PdfSettings) -> list[int]:
    """The rule itself, in drawing order, over the chars that have a neighbour in the grid."""
    dropped = []
    grid: dict[tuple[Any, ...], list[Obj]] = defaultdict(list)
    for i in indexes:
        char = chars[i]
        size = round(char["size"], 1)
        tolerance = max(settings.dedupe_tolerance, settings.dedupe_size_ratio * size)
        key = (char["text"], _SUBSET_TAG_RE.sub("", str(char["fontname"])), size)
        row, column = int(char["top"] // tolerance), int(char["x0"] // tolerance)
        duplicate = any(
            abs(other["top"] - char["top"]) <= tolerance
            and abs(other["x0"] - char["x0"]) <= tolerance
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other in grid.get((*key, row + dr, column + dc), ())
        )
        if duplicate:
            dropped.append(i)
        else:
            grid[(*key, row, column)].append(char)
    return dropped


def _grey(color: Any) -> bool:
    try:
        return _GREY[color]
    except KeyError:
        if len(_GREY) > 4096:  # a document of many colours: do not keep them all
            _GREY.clear()
        grey = _GREY[color] = _is_grey(color)
        return grey
    except TypeError:  # a colour that is not hashable (pdfminer keeps what the PDF says)
        return _is_grey(color)


_GREY: dict[Any, bool] = {}


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
) -> Word:
    if len(chars) == 1:
        size = chars[0]["size"]
        fonts = chars[0]["fontname"]
    else:
        sizes = sorted(map(_SIZE, chars))
        size = sizes[len(sizes) // 2]
        names = list(map(_FONTNAME, chars))
        fonts = names[0]
        if names.count(fonts) != len(names):
            fonts = Counter(names).most_common(1)[0][0]
    bold, italic, font = _font_style(fonts)
    first = chars[0]
    matrix = first.get("matrix") or (1, 0, 0, 1, 0, 0)
    skewed = abs(matrix[3]) > 1e-6 and abs(matrix[2] / matrix[3]) > 0.1 and matrix[1] == 0
    return Word(
        text if text.isascii() else text.translate(PUA_BULLETS),
        x0,
        top,
        x1,
        bottom,
        size,
        bold,
        italic or skewed,
        _grey(first.get("non_stroking_color")),
        len(chars),
        font,
    )


@functools.lru_cache(maxsize=4096)
def _font_style(fontname: Any) -> tuple[bool, bool, str]:
    """Bold, italic (by name) and the base name (subset tag dropped) of a font."""
    weight = WEIGHT_AXIS_RE.search(str(fontname))
    return (
        bool(BOLD_RE.search(fontname))
        or (weight is not None and BOLD_WEIGHT <= int(weight.group(1), 16) / 0x10000 <= MAX_WEIGHT),
        bool(ITALIC_RE.search(fontname)),
        _SUBSET_TAG_RE.sub("", str(fontname)),
    )


def _words(chars: Sequence[Obj], settings: PdfSettings) -> list[Word]:
    """pdfplumber's ``WordExtractor`` (lines clustered by top within ``word_y_tolerance``,
    characters sorted by x0, words split at gaps over ``word_gap_ratio`` of the size or a change
    of line), the same words; upright runs are split with numpy, other runs by pdfplumber."""
    words: list[Word] = []
    extractor = None
    for upright, run in itertools.groupby(chars, key=_UPRIGHT):
        group = list(run)
        if upright and all(map(_TEXT, group)):
            tuples = _upright_words(group, settings)
        else:  # sideways characters, or empty texts (pdfplumber makes each a word of its own)
            if extractor is None:
                extractor = WordExtractor(
                    x_tolerance_ratio=settings.word_gap_ratio,
                    y_tolerance=settings.word_y_tolerance,
                    expand_ligatures=True,
                )
            tuples = (
                (word["text"], word_chars, word["x0"], word["top"], word["x1"], word["bottom"])
                for word, word_chars in extractor.iter_extract_tuples(group)
            )
        for text, word_chars, x0, top, x1, bottom in tuples:
            if not text.strip():
                continue
            if upright and _GLUED_SHARES_RE.match(text):
                words.extend(_split_shares(word_chars))
            else:
                words.append(_make_word(text, word_chars, x0, top, x1, bottom))
    return words


# a word made of two or more shares and nothing else ("4.2%3%"; not "a%20b" of a URL)
_GLUED_SHARES_RE = re.compile(r"^(?:\d{1,3}(?:[.,]\d{1,2})?%){2,}$")


def _split_shares(chars: Sequence[Obj]) -> list[Word]:
    """A word of shares set without a gap, one word per share (split after each "%" that a
    digit follows)."""
    pieces: list[list[Obj]] = [[]]
    for i, char in enumerate(chars):
        pieces[-1].append(char)
        following = chars[i + 1]["text"] if i + 1 < len(chars) else ""
        if char["text"] == "%" and following[:1].isdigit():
            pieces.append([])
    words = []
    for piece in pieces:
        text = "".join(LIGATURES.get(c["text"], c["text"]) for c in piece)
        box = (
            min(map(_X0, piece)),
            min(map(_TOP, piece)),
            max(map(_X1, piece)),
            max(map(_BOTTOM, piece)),
        )
        words.append(_make_word(text, piece, *box))
    return words


def _upright_words(
    chars: list[Obj], settings: PdfSettings
) -> list[tuple[str, list[Obj], float, float, float, float]]:
    """``WordExtractor.iter_extract_tuples`` for upright characters (line direction top to
    bottom, characters left to right), with the same arithmetic."""
    n = len(chars)
    tops = np.fromiter(map(_TOP, chars), np.float64, n)
    x0s = np.fromiter(map(_X0, chars), np.float64, n)
    x1s = np.fromiter(map(_X1, chars), np.float64, n)
    sizes = np.fromiter(map(_SIZE, chars), np.float64, n)
    bottoms = np.fromiter(map(_BOTTOM, chars), np.float64, n)
    # cluster_objects(chars, top, y_tolerance): sorted distinct tops, a new line where a top is
    # over the previous one plus the tolerance
    distinct = np.unique(tops)
    y_tolerance = settings.word_y_tolerance
    line_of_distinct = np.concatenate(([0], np.cumsum(distinct[1:] > distinct[:-1] + y_tolerance)))
    lines = line_of_distinct[np.searchsorted(distinct, tops)]
    # lines in order, characters by x0 within a line, drawing order among equals (stable)
    order = np.lexsort((np.arange(n), x0s, lines))
    lines, tops, x0s, x1s = lines[order], tops[order], x0s[order], x1s[order]
    sizes, bottoms = sizes[order], bottoms[order]
    # char_begins_new_word, left to right: before the previous x0, past its x1 plus the ratio
    # of its size, or off its top by more than the tolerance
    previous = slice(None, -1)
    current = slice(1, None)
    breaks = (
        (lines[current] != lines[previous])
        | (x0s[current] < x0s[previous])
        | (x0s[current] > x1s[previous] + settings.word_gap_ratio * sizes[previous])
        | (np.abs(tops[current] - tops[previous]) > y_tolerance)
    )
    firsts = np.concatenate(([0], np.flatnonzero(breaks) + 1))
    # each word's box: the smallest box around its characters (merge_bboxes)
    boxes = zip(
        np.minimum.reduceat(x0s, firsts).tolist(),
        np.minimum.reduceat(tops, firsts).tolist(),
        np.maximum.reduceat(x1s, firsts).tolist(),
        np.maximum.reduceat(bottoms, firsts).tolist(),
        strict=True,
    )
    starts = firsts.tolist()
    ordered = [chars[i] for i in order.tolist()]
    texts = [LIGATURES.get(text, text) for text in map(_TEXT, ordered)]
    out = []
    for start, end, (x0, top, x1, bottom) in zip(starts, [*starts[1:], n], boxes, strict=True):
        out.append(("".join(texts[start:end]), ordered[start:end], x0, top, x1, bottom))
    return out


def mark_letter_bullets(line: Line, settings: PdfSettings) -> None:
    """A line that opens with a lone 'o' set off by a tab-wide gap opens a list item."""
    if len(line.words) < 2:
        return
    first, second = line.words[0], line.words[1]
    if second.x0 - first.x1 <= settings.bullet_gap_ratio * first.size:
        return
    if first.text in LETTER_BULLETS:
        first.text = "◦"
    elif CID_RE.fullmatch(first.text):  # a glyph without a Unicode mapping: a bullet symbol
        first.text = "•"


def median_word_gap(words: Sequence[Word]) -> float:
    """The page's usual gap between words on a line (tables are split at wider gaps)."""
    gaps = []
    for line in cluster_lines(words):
        for previous, word in itertools.pairwise(line.words):
            gap = word.x0 - previous.x1
            if 0 <= gap < 2 * word.size:
                gaps.append(gap)
    return statistics.median(gaps) if gaps else 0.0


def page_warnings(pages: Sequence[Page]) -> list[str]:
    """What was wrong with the text layer, page by page, in words a person understands."""
    warnings = []
    damages = (
        ("outside", "lie outside the page box (a malformed PDF); their text was kept"),
        (
            "other_direction",
            "run in another direction than the page's text (rotated margin notes or labels) "
            "and were left out",
        ),
    )
    for attribute, what in damages:
        damaged = [p for p in pages if getattr(p, attribute)]
        if damaged:
            count = sum(getattr(p, attribute) for p in damaged)
            numbers = _page_list([p.number for p in damaged])
            warnings.append(f"{count} characters on {numbers} {what}")
    for rotation in (90, 180, 270):
        turned = [p.number for p in pages if p.frame.rotation == rotation]
        if turned:
            warnings.append(
                f"the text on {_page_list(turned)} runs at {rotation} degrees; it was read turned "
                "upright"
            )
    return warnings


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
