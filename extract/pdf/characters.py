"""Characters and words of a page, and the damage of its text layer.

Reading characters
    ``page.chars`` resolves and decodes every attribute of every character, which costs about
    twice pdfminer's own parsing; the reader walks ``page.layout`` instead and keeps the eleven
    attributes it uses, in pdfplumber's coordinates (the same values: checked on every fixture).
    pypdfium2 is not used. It extracts plain text 30-60 times faster, but reading each
    character's box, size, font and colour through its API is only about 1.3 times faster than
    this walk. It reports size 1.0 for text scaled by its matrix, and it gives no ruling lines
    (BENCHMARKS.md has the numbers).

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
    are expanded. A lone "o" or unmapped glyph "(cid:N)" set off by a tab-wide gap
    (``PdfSettings.bullet_gap_ratio`` of the font size) at the start of a line is a bullet.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.geometry import obj_to_edges
from pdfplumber.utils.text import WordExtractor

from extract.pdf.charts import bar_shapes
from extract.pdf.model import Frame, Line, Obj, Page, Shape, Word, cluster_lines
from extract.settings import PdfSettings

BOLD_RE = re.compile(r"bold|black|heavy|demi|semibold|[-,](bd|b)$", re.IGNORECASE)
ITALIC_RE = re.compile(r"italic|oblique|[-,](it|i)$", re.IGNORECASE)
# Word processors draw second-level bullets as a letter o (Courier) followed by a tab.
LETTER_BULLETS = ("o", "§")
CID_RE = re.compile(r"\(cid:\d+\)")
# Private-use bullets of Symbol/Wingdings fonts, shown as a bullet.
PUA_BULLETS = dict.fromkeys(map(ord, "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf06e\uf0a8\uf0be"), "•")


def read_page(page: Any, settings: PdfSettings) -> Page:
    """A pdfplumber page as words in its reading frame, with its ruling edges."""
    raw_chars, raw_shapes = _page_objects(page)
    # The bars of a chart are drawn shapes too, but they rule no table.
    bars = bar_shapes(raw_shapes, settings)
    raw_edges = [e for i, s in enumerate(raw_shapes) if i not in bars for e in obj_to_edges(s)]
    x0, top, x1, bottom = page.bbox
    outside = sum(
        1
        for c in raw_chars
        if not (x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= x1 + 1)
        or not (top - 1 <= (c["top"] + c["bottom"]) / 2 <= bottom + 1)
    )
    directions = Counter(_char_direction(c) for c in raw_chars if c["text"].strip())
    rotation = directions.most_common(1)[0][0] if directions else 0
    frame = Frame(rotation, x1 - x0, bottom - top, x0, top)
    # Deduplicate in the reading frame: pdfplumber's rule (same doctop, same x0) would merge
    # the repeated letters of a word that runs down the page.
    chars = _dedupe_chars(
        [frame.char(c) for c in raw_chars if _char_direction(c) == rotation],
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


def _shape(obj: Obj, frame: Frame, bar: str | None) -> Shape:
    """A drawn shape in the reading frame, with its fill colour if it is filled."""
    x0, top, x1, bottom = frame.box(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    colour = obj.get("non_stroking_color")
    fill = tuple(colour) if obj.get("fill") and isinstance(colour, tuple | list) else None
    points = tuple(frame.point(x, y) for x, y in obj.get("pts") or ())
    return Shape(x0, top, x1, bottom, fill, points, bar)


def _page_objects(page: Any) -> tuple[list[Obj], list[Obj]]:
    """The page's characters and shapes (lines, rectangles, curves), read straight from
    pdfminer's layout.

    ``page.chars`` builds the same character dicts but resolves and decodes every attribute of
    every character, which costs twice as much as pdfminer's parsing itself; only the attributes
    used here are taken, with pdfplumber's coordinates (top-down, relative to the MediaBox).
    Lines, rectangles and curves (few) go through pdfplumber's own ``process_object``.
    """
    height = page.height
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    chars: list[Obj] = []
    shapes: list[Obj] = []
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
            shapes.append(page.process_object(obj))
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
    return chars, shapes


_SUBSET_TAG_RE = re.compile(r"^[A-Z]{6}\+")


def _dedupe_chars(chars: Sequence[Obj], settings: PdfSettings) -> list[Obj]:
    """pdfplumber's ``dedupe_chars``, widened: a char is dropped when one with the same text,
    base font (the subset tag "ABCDEF+" ignored: a copy may be drawn from another subset of the
    same font) and size (to 0.1 pt) was kept within its tolerance of its top and x0. The
    tolerance is ``dedupe_tolerance`` or ``dedupe_size_ratio`` of the size, whichever is larger:
    two real letters of one size never stand that close. In O(n) with a grid of cells of the
    tolerance, and without telling 26.04 from 26.0400001 pt."""
    kept: list[Obj] = []
    grid: dict[tuple[Any, ...], list[Obj]] = defaultdict(list)
    for char in chars:
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
    sizes = sorted(c["size"] for c in chars)
    fonts = Counter(c["fontname"] for c in chars).most_common(1)[0][0]
    first = chars[0]
    matrix = first.get("matrix") or (1, 0, 0, 1, 0, 0)
    skewed = abs(matrix[3]) > 1e-6 and abs(matrix[2] / matrix[3]) > 0.1 and matrix[1] == 0
    return Word(
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
        font=_SUBSET_TAG_RE.sub("", str(fonts)),
    )


def _words(chars: Sequence[Obj], settings: PdfSettings) -> list[Word]:
    extractor = WordExtractor(
        x_tolerance_ratio=settings.word_gap_ratio,
        y_tolerance=settings.word_y_tolerance,
        expand_ligatures=True,
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
