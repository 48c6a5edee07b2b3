#!/usr/bin/env python3
"""Render the bundled corpus text renditions as realistic PDF reports and HTML pages.

The corpus under ``sources/corpus/`` holds plain-text renditions of two PDF survey
reports and two web articles, described by ``sources/corpus/sources.yaml``. This
script rebuilds plausible "originals" from them in ``sources/rendered/``:

* ``<id>.pdf`` for documents whose ``original_format`` is ``pdf``: a Letter-size
  report with a cover or masthead, running header and footer, page numbers,
  one- and two-column pages, figure captions, source notes, pull quotes, lists
  and tables (ruled and unruled);
* ``<id>.html`` for documents whose ``original_format`` is ``html``: an article
  page with site chrome (header, navigation, cookie banner, sidebar, comments,
  footer) around the article text.

Every piece of text of a rendition is kept, in order; the only additions are page
furniture (running header/footer, page numbers, site chrome). Structure is
recovered with generic layout rules (headings, captions, tables, lists, quotes),
not with document-specific code. Output is deterministic: running the script
twice produces byte-identical files.

Usage: ``python scripts/render_corpus.py``
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "sources" / "corpus"
OUTPUT_DIR = REPO_ROOT / "sources" / "rendered"

# --------------------------------------------------------------------------
# Source documents
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceDoc:
    """One corpus document: its metadata and the text of its rendition."""

    id: str
    title: str
    publisher: str
    authors: tuple[str, ...]
    published_on: str
    document_type: str
    original_format: str
    text: str


def load_corpus(corpus_dir: Path) -> list[SourceDoc]:
    """Read ``sources.yaml`` and the text files it names."""
    meta = yaml.safe_load((corpus_dir / "sources.yaml").read_text(encoding="utf-8"))
    docs = []
    for entry in meta["documents"]:
        text = (corpus_dir / entry["file"]).read_text(encoding="utf-8")
        docs.append(
            SourceDoc(
                id=str(entry["id"]),
                title=str(entry["title"]),
                publisher=str(entry.get("publisher", "")),
                authors=tuple(str(a) for a in entry.get("authors") or ()),
                published_on=str(entry.get("published_on", "")),
                document_type=str(entry.get("document_type", "")),
                original_format=str(entry["original_format"]),
                text=text,
            )
        )
    return docs


# --------------------------------------------------------------------------
# Structure recovery (shared by the PDF and HTML renderers)
# --------------------------------------------------------------------------

# Block kinds.
PARA = "para"
HEADING = "heading"
LIST = "list"
TABLE = "table"
FOOTNOTES = "footnotes"
CAPTION = "caption"
QUESTION = "question"
SOURCE = "source"
FIGLABEL = "figlabel"
TAKEAWAY = "takeaway"
QUOTE = "quote"
SIGNATURE = "signature"
TABLE_TITLE = "table_title"
FAQ = "faq"
COVER_KICKER = "cover_kicker"
COVER_TITLE = "cover_title"
COVER_SUBTITLE = "cover_subtitle"
COVER_TEXT = "cover_text"
COVER_DATE = "cover_date"
COVER_KINDS = (COVER_KICKER, COVER_TITLE, COVER_SUBTITLE, COVER_TEXT, COVER_DATE)

BULLET_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-–—•▪●])[ \t]+(?P<text>\S.*)$")
ORDERED_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>\d{1,2}[.)])[ \t]+(?P<text>\S.*)$")
FOOTNOTE_RE = re.compile(r"^(?P<num>\d{1,3})\t[ \t]+(?P<text>\S[^\t]*)$")
PIPE_ROW_RE = re.compile(r"^[^|]*\S[^|]*(\|[^|]*)+\|\s*$")
PIPE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
ANCHOR_RE = re.compile(r"\s*\{#(?P<anchor>[A-Za-z][\w-]*)\}\s*$")
CAPTION_LABEL_RE = re.compile(r"^(?:Figure|Exhibit|Table|Chart)\s+\d+[.:]?$", re.IGNORECASE)
CAPTION_CAPS_RE = re.compile(r"^(?:FIGURE|EXHIBIT|TABLE|CHART)\s+\d+\b")
SOURCE_LINE_RE = re.compile(r"^(?:Sources?|Notes?)\s*:", re.IGNORECASE)
CHART_NOTE_RE = re.compile(r"^\d+[A-Z]")  # "1Respondents could select ...": numbered chart note
SURVEY_REF_RE = re.compile(r"\bsurvey,\s*Q\d+|\bSample [Ss]ize\s*=")
QUESTION_RE = re.compile(r"\((?:select|check)\b[^)]*\)|\(one response per row\)", re.IGNORECASE)
QUOTE_RE = re.compile(r"^(?P<attr>[^“”\"]{3,160}?:)?\s*(?P<quote>“[^“”]+”)$")
DATE_RE = re.compile(
    r"^(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+\d{4}|\d{4}-\d{2}(?:-\d{2})?)$"
)
TOC_ENTRY_RE = re.compile(r"^(?P<label>.*\S)\s+(?P<page>\d{1,3})$")
TERM_RE = re.compile(r"^(?P<term>[A-Z][^:.!?*\[\]“”]{1,60}?):\s+(?=\S)")
TITLE_WORD_RE = re.compile(r"^[A-Z][a-z’']+\b")
# Markdown-ish inline markup of the renditions.
BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC_RE = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
LINK_RE = re.compile(r"\[([^\[\]]+)\]\(([^()\s]*)\)")

HEADING_BAD_ENDINGS = tuple('.,;:!?…”"’)-–—')
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z0-9]")
BODY_ENDINGS = tuple('.!?:…”"')
STOPWORDS = frozenset(
    {
        *("a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "for"),
        *("with", "by", "from", "as", "at", "into", "that", "than", "is", "are", "be"),
        *("our", "their", "its"),
    }
)


@dataclass
class ListEntry:
    """One list item: nesting level, original marker and text."""

    level: int
    marker: str
    text: str


@dataclass
class Block:
    """A unit of the rendition: paragraph, heading, list, table, ..."""

    kind: str
    lines: list[str] = field(default_factory=list)
    items: list[ListEntry] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    level: int = 0
    anchor: str = ""
    blank_before: int = 0
    page_start: bool = False
    toc: bool = False

    @property
    def text(self) -> str:
        """Lines joined with single spaces (wrapped text reflowed)."""
        return " ".join(line.strip() for line in self.lines if line.strip())

    @property
    def plain(self) -> str:
        """Text without inline markup, for shape tests."""
        return strip_markup(self.text)

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


@dataclass(frozen=True)
class TextLayout:
    """How the rendition lays out paragraphs."""

    blank_separated: bool  # paragraphs are separated by blank lines
    wrapped: bool  # paragraphs are hard-wrapped over several lines


@dataclass
class Structure:
    """Recovered structure of one rendition."""

    blocks: list[Block]
    layout: TextLayout
    toc: dict[str, int]


def analyse_layout(lines: Sequence[str]) -> TextLayout:
    """Detect whether paragraphs are blank-separated and/or hard-wrapped."""
    nonblank = [line for line in lines if line.strip()]
    blank_ratio = 1 - len(nonblank) / max(len(lines), 1)
    continued = sum(
        1
        for a, b in pairwise(lines)
        if a.strip()
        and b.strip()
        and not a.rstrip().endswith(BODY_ENDINGS)
        and b.lstrip()[:1].islower()
    )
    return TextLayout(
        blank_separated=blank_ratio > 0.2,
        wrapped=continued / max(len(nonblank), 1) > 0.1,
    )


def table_cells(line: str) -> list[str] | None:
    """Cells of a tab-separated row, or None if the line is not a table row."""
    if "\t" not in line or BULLET_RE.match(line) or FOOTNOTE_RE.match(line):
        return None
    cells = [cell.strip() for cell in line.split("\t")]
    return cells if sum(1 for cell in cells if cell) >= 2 else None


def pipe_cells(line: str) -> list[str]:
    """Cells of a markdown pipe-table row."""
    body = line.strip()
    body = body.removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in body.split("|")]


def segment(text: str, layout: TextLayout) -> list[Block]:
    """Cut the rendition into blocks: paragraphs, lists, tables, footnotes."""
    blocks: list[Block] = []
    current: Block | None = None
    blanks = 0
    signatures: list[tuple[str, str]] = []  # (indent, marker) per list, in order of appearance

    def start(block: Block) -> Block:
        block.blank_before = blanks
        blocks.append(block)
        return block

    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        if not line.strip():
            blanks += 1
            continue
        bullet = BULLET_RE.match(line) or ORDERED_RE.match(line)
        cells = table_cells(line)
        footnote = FOOTNOTE_RE.match(line)
        if cells is not None:
            if current is None or current.kind != TABLE or blanks:
                current = start(Block(TABLE))
            current.rows.append(cells)
        elif PIPE_ROW_RE.match(line) or (
            PIPE_SEP_RE.match(line) and current is not None and current.kind == TABLE
        ):
            if current is None or current.kind != TABLE or blanks:
                current = start(Block(TABLE))
            if not PIPE_SEP_RE.match(line):
                current.rows.append(pipe_cells(line))
        elif bullet:
            if current is None or current.kind != LIST:
                current = start(Block(LIST))
                signatures = []
            signature = (bullet["indent"].replace("\t", "    ")[:1], bullet["marker"][-1])
            if signature not in signatures:
                signatures.append(signature)
            level = min(signatures.index(signature), 2)
            current.items.append(ListEntry(level, bullet["marker"], bullet["text"].strip()))
        elif footnote:
            if current is None or current.kind != FOOTNOTES or blanks > 1:
                current = start(Block(FOOTNOTES))
            current.items.append(ListEntry(0, footnote["num"], footnote["text"].strip()))
        else:
            page_start = line[:1] in " \t"
            continues = current is not None and not blanks and not page_start
            grouped = layout.blank_separated or layout.wrapped
            if continues and (
                (current.kind == LIST and layout.wrapped) or current.kind == FOOTNOTES
            ):
                current.items[-1].text += " " + line.strip()
            elif continues and current.kind == PARA and grouped:
                current.lines.append(line.strip())
            else:
                current = start(Block(PARA, lines=[line.strip()], page_start=page_start))
        blanks = 0
    return blocks


def _is_titleish_start(line: str) -> bool:
    """True if the line opens with a capitalised ordinary word ("The", "Our")."""
    return bool(TITLE_WORD_RE.match(line.strip()))


def _heading_line_ok(line: str, max_words: int = 12) -> bool:
    """Local shape test for a heading line inside hard-wrapped text."""
    words = line.split()
    return (
        0 < len(words) <= max_words
        and line[:1].isupper()
        and not line.endswith(HEADING_BAD_ENDINGS)
        and not any(q in line for q in '“”"')
        and any(ch.isalpha() for ch in line)
    )


def split_wrapped_headings(blocks: list[Block]) -> list[Block]:
    """Split headings glued to the first lines of a hard-wrapped paragraph.

    In wrapped text a heading often sits directly above its first paragraph
    line without a blank line. A block's first line (optionally plus a short
    lowercase continuation line) is a heading when it is short, has no
    terminal punctuation and the next line opens a new capitalised sentence.
    """
    out: list[Block] = []
    for block in blocks:
        lines = [line.strip() for line in block.lines]
        if block.kind != PARA or len(lines) < 2 or CAPTION_LABEL_RE.match(lines[0]):
            out.append(block)
            continue
        head = 0
        if (
            _heading_line_ok(lines[0])
            and len(lines) >= 3
            and lines[1][:1].islower()
            and len(lines[1].split()) <= 6
            and not lines[1].endswith(HEADING_BAD_ENDINGS)
            and _is_titleish_start(lines[2])
        ):
            head = 2
        elif (
            _heading_line_ok(lines[0])
            and _is_titleish_start(lines[1])
            and lines[0].split()[-1].lower() not in STOPWORDS
        ):
            head = 1
        if not head:
            out.append(block)
            continue
        out.append(
            Block(
                HEADING,
                lines=lines[:head],
                level=1 if block.page_start else 2,
                blank_before=block.blank_before,
                page_start=block.page_start,
            )
        )
        out.append(Block(PARA, lines=lines[head:]))
    return out


def strip_markup(text: str) -> str:
    """Drop ``**``/``*`` emphasis markers and keep link labels."""
    text = LINK_RE.sub(r"\1", text)
    return ITALIC_RE.sub(r"\1", BOLD_RE.sub(r"\1", text))


def normalise(text: str) -> str:
    """Case- and space-insensitive key used to compare titles and headings."""
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.casefold().split())


def is_caption(block: Block) -> bool:
    """Figure/exhibit caption: an ALL-CAPS "FIGURE n" line or a bare "Exhibit n" line."""
    first = block.lines[0].strip() if block.lines else ""
    if CAPTION_LABEL_RE.match(first):
        return True
    return bool(CAPTION_CAPS_RE.match(first)) and first == first.upper()


def is_source_note(block: Block) -> bool:
    """Source/notes line under a figure."""
    return any(SOURCE_LINE_RE.match(line.strip()) for line in block.lines) or bool(
        SURVEY_REF_RE.search(block.text)
    )


def is_body_like(block: Block | None) -> bool:
    """A running-text paragraph (ends like a sentence, or is long)."""
    return (
        block is not None
        and block.kind == PARA
        and (block.plain.endswith(BODY_ENDINGS) or block.words >= 25)
        and not is_caption(block)
        and not is_source_note(block)
    )


def is_heading_candidate(block: Block) -> bool:
    """A short single line without terminal punctuation."""
    if block.kind != PARA or len(block.lines) != 1:
        return False
    text = block.plain
    return (
        0 < block.words <= 20
        and len(text) <= 150
        and (text[:1].isupper() or text[:1].isdigit())
        and not text.endswith(HEADING_BAD_ENDINGS)
        and any(ch.isalpha() for ch in text)
        and not any(q in text for q in '“”"')
    )


def is_short_heading(block: Block) -> bool:
    """Stricter shape for headings not listed in a table of contents."""
    return (
        is_heading_candidate(block)
        and block.words <= 14
        and not SENTENCE_BREAK_RE.search(block.plain)
    )


def find_toc(blocks: Sequence[Block]) -> dict[str, int]:
    """Map normalised table-of-contents labels to levels (1-based)."""
    for block in blocks:
        if block.kind == LIST and len(block.items) >= 4:
            matches = [TOC_ENTRY_RE.match(item.text) for item in block.items]
            if all(matches):
                block.toc = True
                return {
                    normalise(m["label"]): item.level + 1
                    for m, item in zip(matches, block.items, strict=True)
                    if m is not None
                }
    return {}


def mark_cover(blocks: list[Block], title: str) -> int:
    """Tag the title block and its companions; return the number of cover blocks."""
    keys = {normalise(title), normalise(title.split(":")[0])}
    start = next(
        (
            i
            for i, b in enumerate(blocks[:6])
            if b.kind == PARA and len(b.lines) == 1 and normalise(b.text) in keys
        ),
        None,
    )
    if start is None:
        return 0
    end = start + 1
    # A date line among the short blocks that follow closes a full cover page.
    for j in range(start + 1, min(len(blocks), start + 9)):
        candidate = blocks[j]
        if candidate.kind != PARA or any(len(line.split()) > 14 for line in candidate.lines):
            break
        if DATE_RE.match(candidate.text):
            end = j + 1
            break
    for i in range(end):
        block = blocks[i]
        if i < start:
            block.kind = COVER_KICKER
        elif i == start:
            block.kind = COVER_TITLE
        elif i == start + 1 and is_heading_candidate(block):
            block.kind = COVER_SUBTITLE
        elif DATE_RE.match(block.text):
            block.kind = COVER_DATE
        else:
            block.kind = COVER_TEXT
    return end


def classify(blocks: list[Block], doc: SourceDoc, layout: TextLayout) -> Structure:
    """Assign a kind (heading, caption, quote, ...) to every paragraph block."""
    if layout.wrapped:
        blocks = split_wrapped_headings(blocks)
    toc = find_toc(blocks)
    start = mark_cover(blocks, doc.title)
    title_keys = {normalise(doc.title), normalise(doc.title.split(":")[0])}

    for i, block in enumerate(blocks):
        if block.kind == PARA and len(block.lines) == 1:
            anchor = ANCHOR_RE.search(block.lines[0])
            if anchor:
                block.anchor = anchor["anchor"]
                block.lines = [ANCHOR_RE.sub("", block.lines[0])]
                block.kind = HEADING
                block.level = 1
        if block.kind == LIST and len(block.items) == 1 and block.items[0].marker in "—–":
            neighbours = blocks[max(i - 1, 0) : i] + blocks[i + 1 : i + 2]
            if all(b.kind != LIST for b in neighbours) and len(block.items[0].text.split()) <= 5:
                block.kind = SIGNATURE
                block.lines = [f"{block.items[0].marker} {block.items[0].text}"]

    in_figure = False
    previous = ""
    for i in range(start, len(blocks)):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == LIST:
            in_figure = False
        if block.kind != PARA:
            previous = block.kind
            continue
        after_next = blocks[i + 2] if i + 2 < len(blocks) else None
        kind = _classify_para(block, nxt, after_next, (in_figure, previous), layout, toc)
        if kind in (HEADING, FAQ):
            key = normalise(block.text)
            if kind == FAQ:
                block.level = 3
            elif key in toc:
                block.level = toc[key]
            elif key in title_keys or (nxt is not None and nxt.toc):
                block.level = 1
            else:
                block.level = 3 if toc else 2
            kind = HEADING
            in_figure = False
        block.kind = kind
        if kind == CAPTION:
            in_figure = True
        elif kind in (QUOTE, PARA):
            in_figure = False
        previous = kind
    return Structure(blocks, layout, toc)


def _classify_para(
    block: Block,
    nxt: Block | None,
    after_next: Block | None,
    context: tuple[bool, str],
    layout: TextLayout,
    toc: dict[str, int],
) -> str:
    """Kind of one paragraph block, given its neighbours and figure context.

    ``context`` is (inside a figure, kind of the previous block).
    """
    in_figure, previous = context
    text = block.plain
    if is_caption(block):
        return CAPTION
    if is_source_note(block):
        return SOURCE
    if QUESTION_RE.search(text) or (
        in_figure and (text.endswith("?") or text.lower().endswith("segmented by:"))
    ):
        return QUESTION
    if QUOTE_RE.match(text):
        return QUOTE
    if is_heading_candidate(block):
        if normalise(text) in toc:
            return HEADING
        separated = not layout.blank_separated or bool(nxt and nxt.blank_before)
        if nxt is not None and nxt.kind == LIST and (nxt.toc or is_short_heading(block)):
            return HEADING
        if separated and is_body_like(nxt) and is_short_heading(block):
            return HEADING
        if (
            nxt is not None
            and is_heading_candidate(nxt)
            and after_next is not None
            and after_next.kind == TABLE
            and not in_figure
        ):
            return HEADING
        if nxt is not None and nxt.kind == TABLE and not in_figure:
            return TABLE_TITLE
    if in_figure:
        if previous == SOURCE and text.endswith(".") and block.words < 30:
            return TAKEAWAY
        is_prose = (
            block.words >= 30
            or (block.words >= 8 and text.endswith(BODY_ENDINGS))
            or SENTENCE_BREAK_RE.search(text)
        )
        if not is_prose:
            return FIGLABEL
    if (
        len(block.lines) == 1
        and text.endswith("?")
        and block.words <= 20
        and ":" not in text
        and nxt is not None
        and nxt.kind == PARA
        and not nxt.plain.endswith("?")
        and nxt.words >= 10
    ):
        return FAQ
    return PARA


def structure(doc: SourceDoc) -> Structure:
    """Full structure recovery for one document."""
    layout = analyse_layout(doc.text.split("\n"))
    return classify(segment(doc.text, layout), doc, layout)


# --------------------------------------------------------------------------
# Inline markup
# --------------------------------------------------------------------------


def inline_markup(
    text: str,
    escape: Callable[[str], str],
    bold: tuple[str, str],
    italic: tuple[str, str],
    link: Callable[[str, str], str],
    run_in: bool = False,
) -> str:
    """Escape text and turn ``**b**``, ``*i*`` and ``[t](u)`` into target markup."""
    term = TERM_RE.match(text) if run_in else None
    out = escape(text)
    if term and len(term["term"].split()) <= 6:
        escaped_term = escape(term.group(0).rstrip())
        if out.startswith(escaped_term):
            out = f"{bold[0]}{escaped_term}{bold[1]}{out[len(escaped_term) :]}"
    out = BOLD_RE.sub(lambda m: f"{bold[0]}{m[1]}{bold[1]}", out)
    out = ITALIC_RE.sub(lambda m: f"{italic[0]}{m[1]}{italic[1]}", out)
    return LINK_RE.sub(lambda m: link(m[1], m[2]), out)


# --------------------------------------------------------------------------
# PDF rendering
# --------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = letter
MARGIN_X = 0.75 * inch
MARGIN_TOP = 0.9 * inch
MARGIN_BOTTOM = 0.85 * inch
COLUMN_GAP = 0.3 * inch
MASTHEAD_HEIGHT = 1.55 * inch
FULL_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
COLUMN_WIDTH = (FULL_WIDTH - COLUMN_GAP) / 2
BODY_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
# Characters reportlab's WinAnsi encoding draws but text extractors cannot map
# back (reportlab writes the bullet as code 127); the Symbol font maps cleanly.
SYMBOL_FONT_CHARS = "•"


@dataclass(frozen=True)
class PdfTheme:
    """Fonts and colours of one report design."""

    body_font: str
    bold_font: str
    italic_font: str
    heading_font: str
    accent: colors.Color
    accent_light: colors.Color
    body_size: float


REPORT_THEME = PdfTheme(
    body_font="Helvetica",
    bold_font="Helvetica-Bold",
    italic_font="Helvetica-Oblique",
    heading_font="Helvetica-Bold",
    accent=colors.HexColor("#0A6E8A"),
    accent_light=colors.HexColor("#E3F1F5"),
    body_size=9.6,
)
MAGAZINE_THEME = PdfTheme(
    body_font="Times-Roman",
    bold_font="Times-Bold",
    italic_font="Times-Italic",
    heading_font="Helvetica-Bold",
    accent=colors.HexColor("#051C61"),
    accent_light=colors.HexColor("#E6EAF5"),
    body_size=9.8,
)
GREY = colors.HexColor("#666666")


def pdf_escape(text: str) -> str:
    """Escape text for reportlab Paragraph markup and fix extractable glyphs."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in SYMBOL_FONT_CHARS:
        out = out.replace(char, f'<font name="Symbol">{char}</font>')
    return out


def pdf_markup(text: str, run_in: bool = False) -> str:
    """Inline markup for reportlab Paragraphs."""
    return inline_markup(
        text,
        pdf_escape,
        ("<b>", "</b>"),
        ("<i>", "</i>"),
        lambda label, _url: f'<font color="#1F5FA8"><u>{label}</u></font>',
        run_in=run_in,
    )


def make_styles(theme: PdfTheme) -> dict[str, ParagraphStyle]:
    """Paragraph styles of one theme."""
    size = theme.body_size
    body = ParagraphStyle(
        "body",
        fontName=theme.body_font,
        fontSize=size,
        leading=size * 1.38,
        alignment=TA_JUSTIFY,
        spaceAfter=size * 0.75,
    )
    small = ParagraphStyle(
        "small", parent=body, fontName="Helvetica", fontSize=7.2, leading=9, alignment=TA_LEFT
    )
    styles = {
        "body": body,
        "lines": ParagraphStyle("lines", parent=body, alignment=TA_LEFT),
        "h1": ParagraphStyle(
            "h1",
            fontName=theme.heading_font,
            fontSize=19,
            leading=23,
            textColor=theme.accent,
            spaceBefore=4,
            spaceAfter=12,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            fontName=theme.heading_font,
            fontSize=12.5,
            leading=15.5,
            textColor=theme.accent,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            fontName=theme.heading_font,
            fontSize=10.5,
            leading=13,
            textColor=colors.HexColor("#222222"),
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "caption": ParagraphStyle(
            "caption",
            fontName="Helvetica-Bold",
            fontSize=8.6,
            leading=11,
            textColor=theme.accent,
            spaceBefore=2,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "caption_meta": ParagraphStyle(
            "caption_meta", parent=small, textColor=GREY, spaceAfter=4, keepWithNext=1
        ),
        "question": ParagraphStyle(
            "question",
            parent=body,
            fontName=theme.italic_font,
            fontSize=size - 0.8,
            leading=(size - 0.8) * 1.3,
            alignment=TA_LEFT,
            textColor=colors.HexColor("#333333"),
            spaceAfter=4,
        ),
        "source": ParagraphStyle(
            "source", parent=small, fontName="Helvetica", textColor=GREY, spaceAfter=9
        ),
        "figlabel": ParagraphStyle(
            "figlabel",
            parent=small,
            fontName="Helvetica",
            fontSize=7.8,
            leading=9.6,
            textColor=colors.HexColor("#404040"),
            spaceAfter=2,
        ),
        "takeaway": ParagraphStyle(
            "takeaway",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=size,
            leading=size * 1.3,
            alignment=TA_LEFT,
            spaceAfter=5,
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=body,
            fontName=theme.italic_font,
            fontSize=size + 3,
            leading=(size + 3) * 1.3,
            alignment=TA_LEFT,
            textColor=theme.accent,
            spaceAfter=0,
        ),
        "quote_long": ParagraphStyle(
            "quote_long",
            parent=body,
            fontName=theme.italic_font,
            fontSize=size + 1,
            leading=(size + 1) * 1.32,
            alignment=TA_LEFT,
            textColor=theme.accent,
            spaceAfter=0,
        ),
        "quote_attr": ParagraphStyle(
            "quote_attr",
            parent=small,
            fontName="Helvetica-Bold",
            fontSize=8,
            leading=10,
            textColor=colors.HexColor("#333333"),
            spaceAfter=3,
        ),
        "footnote": ParagraphStyle(
            "footnote", parent=small, leftIndent=10, firstLineIndent=-10, spaceAfter=1.5
        ),
        "list": ParagraphStyle("list", parent=body, alignment=TA_LEFT, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=small, fontSize=8.2, leading=10.2),
        "cell_head": ParagraphStyle(
            "cell_head", parent=small, fontName="Helvetica-Bold", fontSize=8.2, leading=10.2
        ),
        "signature": ParagraphStyle("signature", parent=body, alignment=TA_RIGHT),
        "cover_kicker": ParagraphStyle(
            "cover_kicker",
            fontName="Helvetica-Bold",
            fontSize=13,
            leading=16,
            textColor=theme.accent,
            spaceAfter=70,
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            fontName="Helvetica-Bold",
            fontSize=34,
            leading=39,
            textColor=colors.HexColor("#111111"),
            spaceAfter=14,
        ),
        "cover_subtitle": ParagraphStyle(
            "cover_subtitle",
            fontName="Helvetica",
            fontSize=17,
            leading=22,
            textColor=theme.accent,
            spaceAfter=40,
        ),
        "cover_text": ParagraphStyle(
            "cover_text",
            fontName="Helvetica",
            fontSize=10.5,
            leading=15,
            textColor=colors.HexColor("#333333"),
            spaceAfter=12,
        ),
        "cover_date": ParagraphStyle(
            "cover_date",
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            textColor=theme.accent,
            spaceBefore=30,
        ),
    }
    return styles


class ReportTemplate(BaseDocTemplate):
    """Letter report with cover, masthead, one- and two-column page templates."""

    def __init__(
        self, filename: str, doc: SourceDoc, theme: PdfTheme, first_template: str, **kwargs: Any
    ) -> None:
        self.source = doc
        self.theme = theme
        super().__init__(
            filename,
            pagesize=letter,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=doc.title,
            author=", ".join(doc.authors) or doc.publisher,
            subject=doc.document_type.replace("_", " "),
            creator="scripts/render_corpus.py",
            invariant=1,
            **kwargs,
        )
        top = PAGE_HEIGHT - MARGIN_TOP

        def columns(prefix: str, height: float) -> list[Frame]:
            return [
                Frame(
                    MARGIN_X + n * (COLUMN_WIDTH + COLUMN_GAP),
                    MARGIN_BOTTOM,
                    COLUMN_WIDTH,
                    height,
                    id=f"{prefix}{n}",
                    leftPadding=0,
                    rightPadding=0,
                    topPadding=0,
                    bottomPadding=0,
                )
                for n in range(2)
            ]

        single = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FULL_WIDTH,
            BODY_HEIGHT,
            id="single",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = Frame(
            MARGIN_X + 0.35 * inch,
            1.3 * inch,
            FULL_WIDTH - 0.7 * inch,
            PAGE_HEIGHT - 3.0 * inch,
            id="cover",
        )
        templates = [
            PageTemplate("cover", [cover], onPage=self.draw_cover),
            PageTemplate("onecol", [single], onPage=self.draw_furniture),
            PageTemplate("twocol", columns("col", BODY_HEIGHT), onPage=self.draw_furniture),
            PageTemplate(
                "masthead",
                columns("mcol", top - MASTHEAD_HEIGHT - MARGIN_BOTTOM),
                onPage=self.draw_masthead,
            ),
        ]
        # The document opens on the first template of the list.
        templates.sort(key=lambda t: t.id != first_template)
        self.addPageTemplates(templates)

    def beforeDocument(self) -> None:
        """Stamp a fixed creation date: the publication date, never the build time."""
        parts = [int(p) for p in re.findall(r"\d+", self.source.published_on)[:3]]
        year, month, day = [*parts, 1, 1][:3] if parts else (2000, 1, 1)
        self.canv.setDateFormatter(lambda *_now: f"D:{year:04d}{month:02d}{day:02d}000000+00'00'")

    def draw_cover(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        """Decorative band of the cover page (graphics only, no text)."""
        canvas.saveState()
        canvas.setFillColor(self.theme.accent)
        canvas.rect(0, PAGE_HEIGHT - 0.55 * inch, PAGE_WIDTH, 0.55 * inch, stroke=0, fill=1)
        canvas.setFillColor(self.theme.accent_light)
        canvas.rect(0, 0, PAGE_WIDTH, 1.0 * inch, stroke=0, fill=1)
        canvas.setFillColor(self.theme.accent)
        canvas.rect(MARGIN_X, 1.45 * inch, 0.08 * inch, PAGE_HEIGHT - 3.3 * inch, stroke=0, fill=1)
        canvas.restoreState()

    def draw_furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Running header (title), running footer (publisher + page number)."""
        canvas.saveState()
        y_head = PAGE_HEIGHT - 0.55 * inch
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y_head, self.source.title)
        canvas.setStrokeColor(self.theme.accent)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, y_head - 5, PAGE_WIDTH - MARGIN_X, y_head - 5)
        y_foot = 0.5 * inch
        canvas.setStrokeColor(colors.HexColor("#BBBBBB"))
        canvas.line(MARGIN_X, y_foot + 11, PAGE_WIDTH - MARGIN_X, y_foot + 11)
        canvas.drawString(MARGIN_X, y_foot, self.source.publisher)
        canvas.setFont("Helvetica-Bold", 8)
        canvas.setFillColor(self.theme.accent)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y_foot, str(doc.page))
        canvas.restoreState()

    def draw_masthead(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """First-page masthead: the running header, set large, over a colour band."""
        canvas.saveState()
        band_bottom = PAGE_HEIGHT - MARGIN_TOP - MASTHEAD_HEIGHT + 0.3 * inch
        canvas.setFillColor(self.theme.accent)
        canvas.rect(0, band_bottom, PAGE_WIDTH, PAGE_HEIGHT - band_bottom, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("Helvetica-Bold", 24)
        canvas.drawString(MARGIN_X, band_bottom + 0.95 * inch, self.source.title)
        canvas.setFont("Helvetica", 9)
        canvas.drawString(MARGIN_X, band_bottom + 0.55 * inch, self.source.publisher)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(GREY)
        y_foot = 0.5 * inch
        canvas.setStrokeColor(colors.HexColor("#BBBBBB"))
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, y_foot + 11, PAGE_WIDTH - MARGIN_X, y_foot + 11)
        canvas.drawString(MARGIN_X, y_foot, self.source.publisher)
        canvas.setFont("Helvetica-Bold", 8)
        canvas.setFillColor(self.theme.accent)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y_foot, str(doc.page))
        canvas.restoreState()


class PdfBuilder:
    """Turns recovered blocks into platypus flowables."""

    def __init__(self, doc: SourceDoc, recovered: Structure) -> None:
        self.doc = doc
        self.blocks = recovered.blocks
        self.layout = recovered.layout
        self.toc = recovered.toc
        self.theme = MAGAZINE_THEME if self.layout.wrapped else REPORT_THEME
        self.styles = make_styles(self.theme)
        self.table_count = 0
        self.width = FULL_WIDTH
        self.story: list[Flowable] = []
        self.page_fresh = True
        self.pending_template: int | None = None  # story index of a queued NextPageTemplate
        self.section_count = 0
        self.layout_log: list[tuple[str, str]] = []  # (section heading, template)
        self.table_log: list[tuple[str, bool]] = []  # (first header cell, ruled)

    # -- layout policy -------------------------------------------------------

    def section_template(self, heading: Block) -> str:
        """Page template of a top-level section.

        Hard-wrapped renditions come from narrow-column originals and are set in
        two columns throughout. One-line-per-paragraph renditions alternate one-
        and two-column sections among the sections listed in the table of
        contents, as survey reports often do; other front/back matter is set in
        one column.
        """
        if self.layout.wrapped:
            return "twocol"
        if self.toc and normalise(heading.text) not in self.toc:
            return "onecol"
        self.section_count += 1
        return "onecol" if self.section_count % 2 else "twocol"

    def switch(self, template: str, label: str) -> None:
        """Continue on a new page set with the given template."""
        if self.page_fresh:
            # Nothing on the new page yet: just change the queued template.
            if self.pending_template is not None:
                self.story[self.pending_template] = NextPageTemplate(template)
                self.layout_log.pop()
        else:
            self.story.append(NextPageTemplate(template))
            self.pending_template = len(self.story) - 1
            self.story.append(PageBreak())
            self.page_fresh = True
        self.width = FULL_WIDTH if template == "onecol" else COLUMN_WIDTH
        self.layout_log.append((label, template))

    def add(self, *flowables: Flowable) -> None:
        """Append flowables to the story."""
        self.story.extend(flowables)
        self.page_fresh = False

    @property
    def first_template(self) -> str:
        """Template of the first page: a cover, or a masthead over two columns."""
        return "cover" if any(b.kind == COVER_TITLE for b in self.blocks) else "masthead"

    # -- flowables -------------------------------------------------------------

    def para(self, text: str, style: str, run_in: bool = False) -> Paragraph:
        """Paragraph with inline markup."""
        return Paragraph(pdf_markup(text, run_in=run_in), self.styles[style])

    def lines_para(self, lines: Sequence[str], style: str) -> Paragraph:
        """Paragraph keeping the block's line breaks."""
        markup = "<br/>".join(pdf_markup(line.strip()) for line in lines if line.strip())
        return Paragraph(markup, self.styles[style])

    def text_para(self, block: Block, style: str, run_in: bool = False) -> Paragraph:
        """Reflowed paragraph for wrapped text, line-preserving otherwise."""
        if self.layout.wrapped or len(block.lines) == 1:
            return self.para(block.text, style, run_in=run_in)
        return self.lines_para(block.lines, style)

    def list_flowable(self, block: Block) -> Flowable:
        """Nested bullet list; the original marker is drawn as the bullet."""

        def build(items: list[ListEntry]) -> ListFlowable:
            entries: list[ListItem] = []
            i = 0
            while i < len(items):
                item = items[i]
                children = []
                j = i + 1
                while j < len(items) and items[j].level > item.level:
                    children.append(items[j])
                    j += 1
                body: list[Flowable] = [self.para(item.text, "list", run_in=True)]
                if children:
                    body.append(build(children))
                marker = "•" if item.marker == "-" else item.marker
                entries.append(
                    ListItem(
                        body,
                        value=marker,
                        bulletFontName="Symbol" if marker in SYMBOL_FONT_CHARS else "Helvetica",
                        bulletColor=self.theme.accent,
                    )
                )
                i = j
            return ListFlowable(
                entries,
                bulletType="bullet",
                leftIndent=14,
                bulletFontSize=self.theme.body_size - 1,
                spaceBefore=0,
                spaceAfter=4,
            )

        return build(block.items)

    def toc_table(self, block: Block) -> Table:
        """Table of contents: labels and page numbers aligned, no rules."""
        rows = []
        for item in block.items:
            match = TOC_ENTRY_RE.match(item.text)
            label, page = (match["label"], match["page"]) if match else (item.text, "")
            style = "cell_head" if item.level == 0 else "cell"
            rows.append([self.para(label, style), self.para(page, style)])
        table = Table(rows, colWidths=[self.width - 0.6 * inch, 0.6 * inch], hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        for n, item in enumerate(block.items):
            commands.append(("LEFTPADDING", (0, n), (0, n), 4 + 16 * item.level))
        table.setStyle(TableStyle(commands))
        return table

    def data_table(self, block: Block) -> Table:
        """Data table; alternately drawn with a full grid and with no rules at all."""
        ncols = max(len(row) for row in block.rows)
        rows = [row + [""] * (ncols - len(row)) for row in block.rows]
        natural = [
            max(stringWidth(row[c], "Helvetica", 8.2) for row in rows) + 12 for c in range(ncols)
        ]
        floor = [min(w, 0.7 * inch) for w in natural]
        extra = self.width - sum(floor)
        slack = [w - f for w, f in zip(natural, floor, strict=True)]
        if sum(natural) <= self.width:
            widths = natural
        else:
            widths = [f + extra * s / max(sum(slack), 1) for f, s in zip(floor, slack, strict=True)]
        data = [
            [self.para(cell, "cell_head" if r == 0 else "cell") for cell in row]
            for r, row in enumerate(rows)
        ]
        ruled = self.table_count % 2 == 0
        self.table_count += 1
        self.table_log.append((next((c for c in rows[0] if c), ""), ruled))
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ]
        if ruled:
            commands += [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8C8C8C")),
                ("BACKGROUND", (0, 0), (-1, 0), self.theme.accent_light),
            ]
        table = Table(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def quote(self, block: Block) -> Flowable:
        """Pull quote: indented, larger italic, with an accent bar."""
        match = QUOTE_RE.match(block.text)
        content: list[Flowable] = []
        style = "quote" if block.words <= 45 else "quote_long"
        if match and match["attr"]:
            content.append(self.para(match["attr"], "quote_attr"))
            content.append(self.para(match["quote"], style))
        else:
            content.append(self.para(block.text, style))
        table = Table([[content]], colWidths=[self.width - 18], hAlign="RIGHT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBEFORE", (0, 0), (0, 0), 2.5, self.theme.accent),
                    ("LEFTPADDING", (0, 0), (0, 0), 10),
                    ("TOPPADDING", (0, 0), (0, 0), 2),
                    ("BOTTOMPADDING", (0, 0), (0, 0), 2),
                ]
            )
        )
        return KeepTogether([Spacer(1, 4), table, Spacer(1, 10)])

    def footnotes(self, block: Block) -> list[Flowable]:
        """Footnotes set small under a short rule, in reading order."""
        out: list[Flowable] = [
            HRFlowable(width="30%", thickness=0.5, color=GREY, hAlign="LEFT", spaceAfter=3)
        ]
        for item in block.items:
            out.append(
                Paragraph(
                    f"<b>{pdf_escape(item.marker)}</b> {pdf_markup(item.text)}",
                    self.styles["footnote"],
                )
            )
        out.append(Spacer(1, 6))
        return out

    def source_note(self, block: Block) -> Paragraph:
        """Source note; note and source lines start on their own line."""
        parts: list[str] = []
        for line in (line.strip() for line in block.lines):
            if parts and (SOURCE_LINE_RE.match(line) or CHART_NOTE_RE.match(line)):
                parts.append("<br/>")
            elif parts:
                parts.append(" ")
            parts.append(pdf_markup(line))
        return Paragraph("".join(parts), self.styles["source"])

    # -- main loop -------------------------------------------------------------

    def build_story(self) -> list[Flowable]:
        """Flowables for the whole document."""
        if self.first_template == "cover":
            for block in self.blocks:
                if block.kind in COVER_KINDS:
                    self.add(self.lines_para(block.lines, block.kind))
            self.switch("onecol", "(front matter)")
        else:
            self.story.append(NextPageTemplate("twocol"))
            self.width = COLUMN_WIDTH
            self.layout_log.append(("(first page, under masthead)", "twocol"))
        for block in self.blocks:
            if block.kind in COVER_KINDS:
                continue
            if block.kind == HEADING and block.level == 1:
                self.switch(self.section_template(block), block.text)
            self.render_block(block)
        return self.story

    def render_block(self, block: Block) -> None:
        """Append the flowables of one block."""
        kind = block.kind
        if kind == HEADING:
            # keepWithNext does not bind a heading to a following list: move
            # headings that sit at the foot of a column to the next column.
            self.add(CondPageBreak(1.1 * inch), self.para(block.text, f"h{min(block.level, 3)}"))
        elif kind == CAPTION:
            self.add(
                CondPageBreak(1.6 * inch),
                HRFlowable(
                    width="100%",
                    thickness=1.2,
                    color=self.theme.accent,
                    spaceBefore=6,
                    spaceAfter=4,
                ),
                self.para(block.lines[0], "caption"),
            )
            if len(block.lines) > 1:
                self.add(self.lines_para(block.lines[1:], "caption_meta"))
        elif kind == QUESTION:
            self.add(self.text_para(block, "question"))
        elif kind == SOURCE:
            self.add(KeepTogether([self.source_note(block)]))
        elif kind == FIGLABEL:
            self.add(self.text_para(block, "figlabel"))
        elif kind == TAKEAWAY:
            self.add(self.text_para(block, "takeaway"))
        elif kind == QUOTE:
            self.add(self.quote(block))
        elif kind == LIST:
            self.add(self.toc_table(block) if block.toc else self.list_flowable(block))
        elif kind == TABLE:
            table = self.data_table(block)
            self.add(KeepTogether([table]) if len(block.rows) <= 15 else table, Spacer(1, 6))
        elif kind == TABLE_TITLE:
            self.add(self.para(block.text, "caption"))
        elif kind == FOOTNOTES:
            self.add(*self.footnotes(block))
        elif kind == SIGNATURE:
            self.add(self.text_para(block, "signature"))
        else:
            self.add(self.text_para(block, "body", run_in=True))


def render_pdf(doc: SourceDoc, path: Path) -> dict[str, Any]:
    """Write the PDF report for one document; return a layout summary."""
    builder = PdfBuilder(doc, structure(doc))
    story = builder.build_story()
    template = ReportTemplate(str(path), doc, builder.theme, builder.first_template)
    template.build(story)
    return {"pages": template.page, "sections": builder.layout_log, "tables": builder.table_log}


# --------------------------------------------------------------------------
# HTML rendering
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteTheme:
    """Class names and chrome of one web site design."""

    prefix: str
    classes: dict[str, str]
    nav: tuple[str, ...]
    related: tuple[str, ...]
    footer_links: tuple[str, ...]
    css: str


SITE_THEMES: tuple[SiteTheme, ...] = (
    SiteTheme(
        prefix="ax",
        classes={
            "body": "ax-page",
            "header": "ax-masthead",
            "logo": "ax-masthead__logo",
            "nav": "ax-nav",
            "consent": "ax-consent",
            "layout": "ax-layout",
            "article": "ax-post",
            "title": "ax-post__title",
            "meta": "ax-post__meta",
            "content": "ax-post__content",
            "table": "ax-table",
            "quote": "ax-pullquote",
            "aside": "ax-sidebar",
            "related": "ax-related",
            "comments": "ax-discussion",
            "footer": "ax-footer",
            "small": "ax-muted",
        },
        nav=("Home", "Research", "AI Strategy", "Enterprise", "Guides", "Contact"),
        related=(
            "10 Habits of Highly Productive Remote Teams",
            "How to Choose the Right Ergonomic Office Chair",
            "A Beginner’s Guide to Budgeting for Small Businesses",
            "Why Sleep Matters More Than You Think",
            "The Complete Checklist for Moving Offices",
        ),
        footer_links=("Privacy Policy", "Terms of Use", "Cookie Settings", "Contact"),
        css="""
body.ax-page {
  margin:0;
  font-family:Inter,Segoe UI,Arial,sans-serif;
  color:#1d2330;
  background:#f6f7fb;
}
.ax-masthead {
  display:flex;
  align-items:center;
  justify-content:space-between;
  padding:14px 6vw;
  background:#0b1f3a;
}
.ax-masthead__logo {
  color:#fff;
  font-weight:800;
  letter-spacing:.04em;
  text-decoration:none;
}
.ax-nav a {
  color:#c9d6ff;
  margin-left:22px;
  text-decoration:none;
  font-size:14px;
}
.ax-consent {
  position:fixed;
  bottom:0;
  left:0;
  right:0;
  padding:14px 6vw;
  background:#111;
  color:#eee;
  font-size:13px;
}
.ax-consent button {
  margin-left:10px;
}
.ax-layout {
  display:grid;
  grid-template-columns:minmax(0,1fr) 300px;
  gap:40px;
  max-width:1180px;
  margin:32px auto;
  padding:0 24px;
}
.ax-post {
  background:#fff;
  padding:40px;
  border-radius:10px;
}
.ax-post__title {
  font-size:40px;
  line-height:1.15;
  margin:0 0 12px;
}
.ax-post__meta {
  color:#6b7285;
  font-size:14px;
  margin-bottom:28px;
}
.ax-post__content h2 {
  font-size:28px;
  margin-top:44px;
}
.ax-post__content h3 {
  font-size:21px;
  margin-top:30px;
}
.ax-post__content p, .ax-post__content li {
  font-size:17px;
  line-height:1.7;
}
.ax-table {
  border-collapse:collapse;
  width:100%;
  margin:20px 0;
}
.ax-table th, .ax-table td {
  border:1px solid #d8dce6;
  padding:8px 10px;
  text-align:left;
}
.ax-table caption {
  font-weight:700;
  text-align:left;
  padding-bottom:8px;
}
.ax-pullquote {
  margin:28px 0;
  padding-left:20px;
  border-left:4px solid #3a6df0;
  font-style:italic;
}
.ax-sidebar {
  font-size:14px;
}
.ax-related li {
  margin-bottom:10px;
}
.ax-discussion {
  margin-top:32px;
  padding:24px;
  background:#fff;
  border-radius:10px;
}
.ax-footer {
  padding:32px 6vw;
  background:#0b1f3a;
  color:#c9d6ff;
  font-size:13px;
}
.ax-footer a {
  color:#fff;
  margin-right:16px;
}
.ax-muted {
  color:#6b7285;
  font-size:14px;
}
""",
    ),
    SiteTheme(
        prefix="td",
        classes={
            "body": "home single-post td-theme",
            "header": "td-header-wrap",
            "logo": "td-logo",
            "nav": "td-main-menu sf-menu",
            "consent": "gdpr-notice",
            "layout": "td-container td-pb-row",
            "article": "td-post-content-wrap entry",
            "title": "entry-title td-post-title",
            "meta": "td-post-author-name",
            "content": "td-post-content tagdiv-type",
            "table": "wp-block-table",
            "quote": "td-quote-box",
            "aside": "td-pb-span4 td-main-sidebar",
            "related": "td_block_related_posts",
            "comments": "comments-area td-comments",
            "footer": "td-footer-wrapper",
            "small": "td-small-meta",
        },
        nav=("News", "AI Tools & Software", "Generative AI", "Reviews", "About"),
        related=(
            "Best Budget Smartphones Reviewed This Spring",
            "Five Easy Weeknight Pasta Recipes",
            "How to Keep Houseplants Alive in Winter",
            "Travel Insurance Explained in Plain English",
            "What to Look for in a Running Shoe",
            "A Short History of the Mechanical Keyboard",
        ),
        footer_links=("About Us", "Advertise", "Privacy", "Terms", "Sitemap"),
        css="""
body.td-theme {
  margin:0;
  font-family:Georgia,'Times New Roman',serif;
  color:#222;
  background:#fff;
}
.td-header-wrap {
  border-bottom:3px solid #e21b1b;
  padding:10px 4%;
  display:flex;
  gap:30px;
  align-items:center;
}
.td-logo {
  font:700 26px/1 Arial,sans-serif;
  color:#e21b1b;
  text-decoration:none;
}
.td-main-menu {
  list-style:none;
  display:flex;
  gap:18px;
  margin:0;
  padding:0;
  font:600 13px Arial,sans-serif;
  text-transform:uppercase;
}
.td-main-menu a {
  color:#111;
  text-decoration:none;
}
.gdpr-notice {
  background:#fff8e1;
  border:1px solid #f0c36d;
  padding:12px 4%;
  font:13px Arial,sans-serif;
}
.td-container {
  max-width:1068px;
  margin:0 auto;
  display:flex;
  gap:48px;
  padding:24px 4%;
}
.td-post-content-wrap {
  flex:1 1 auto;
  min-width:0;
}
.td-post-title {
  font:700 36px/1.2 Arial,sans-serif;
  margin:10px 0;
}
.td-post-author-name {
  font:12px Arial,sans-serif;
  color:#777;
  text-transform:uppercase;
  margin-bottom:24px;
}
.td-post-content p {
  font-size:18px;
  line-height:1.75;
}
.td-post-content h2, .td-post-content h3 {
  font-family:Arial,sans-serif;
}
.td-quote-box {
  border-top:2px solid #e21b1b;
  border-bottom:2px solid #e21b1b;
  padding:12px 0;
  font-size:21px;
}
.td-main-sidebar {
  flex:0 0 300px;
  font-family:Arial,sans-serif;
}
.td_block_related_posts h4 {
  border-bottom:2px solid #222;
  font-size:14px;
  text-transform:uppercase;
}
.td-comments {
  border-top:1px solid #ddd;
  margin-top:36px;
  padding-top:20px;
}
.td-footer-wrapper {
  background:#111;
  color:#aaa;
  padding:28px 4%;
  font:13px Arial,sans-serif;
}
.td-footer-wrapper a {
  color:#ddd;
  margin-right:14px;
}
.td-small-meta {
  color:#999;
  font-size:13px;
}
""",
    ),
)


def html_text(text: str) -> str:
    """Escape text for HTML element content."""
    return html.escape(text, quote=False)


def html_markup(text: str, run_in: bool = False) -> str:
    """Inline markup for HTML."""
    return inline_markup(
        text,
        html_text,
        ("<strong>", "</strong>"),
        ("<em>", "</em>"),
        lambda label, url: f'<a href="{html.escape(url or "#")}">{label}</a>',
        run_in=run_in,
    )


def slugify(text: str) -> str:
    """ASCII slug for ids and URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def description_of(blocks: Sequence[Block]) -> str:
    """Meta description: the opening of the first body paragraph."""
    first = next((b.text for b in blocks if b.kind == PARA and b.words >= 20), "")
    if len(first) <= 155:
        return first
    cut = first[:155].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


class HtmlBuilder:
    """Turns recovered blocks into an article page."""

    def __init__(self, doc: SourceDoc, blocks: list[Block], theme: SiteTheme) -> None:
        self.doc = doc
        self.blocks = blocks
        self.theme = theme
        self.anchors = {normalise(b.text): b.anchor for b in blocks if b.anchor}
        self.heading_offset = 1 - min((b.level for b in blocks if b.kind == HEADING), default=1)

    def cls(self, role: str) -> str:
        """Theme class name of a page role."""
        return self.theme.classes[role]

    def list_html(self, items: Sequence[ListEntry], ordered: bool) -> str:
        """Nested <ul>/<ol> markup."""
        tag = "ol" if ordered else "ul"
        out = [f"<{tag}>"]
        i = 0
        while i < len(items):
            item = items[i]
            j = i + 1
            while j < len(items) and items[j].level > item.level:
                j += 1
            anchor = self.anchors.get(normalise(item.text))
            text = html_markup(item.text, run_in=not anchor)
            if anchor:
                text = f'<a href="#{anchor}">{text}</a>'
            if j > i + 1:
                text += "\n" + self.list_html(items[i + 1 : j], ordered)
            out.append(f"<li>{text}</li>")
            i = j
        out.append(f"</{tag}>")
        return "\n".join(out)

    def table_html(self, block: Block, caption: str) -> Iterator[str]:
        """<table> with <thead>/<tbody>; an optional caption first."""
        yield f'<table class="{self.cls("table")}">'
        if caption:
            yield f"<caption>{html_markup(caption)}</caption>"
        head, *body = block.rows
        yield "<thead><tr>" + "".join(f"<th>{html_markup(c)}</th>" for c in head) + "</tr></thead>"
        yield "<tbody>"
        for row in body:
            yield "<tr>" + "".join(f"<td>{html_markup(c)}</td>" for c in row) + "</tr>"
        yield "</tbody>"
        yield "</table>"

    def paragraph(self, block: Block, css: str = "", run_in: bool = True) -> str:
        """<p> for a block; line breaks kept for multi-line blocks."""
        inner = "<br>\n".join(html_markup(line.strip(), run_in=run_in) for line in block.lines)
        attr = f' class="{css}"' if css else ""
        return f"<p{attr}>{inner}</p>"

    def article_body(self, blocks: Sequence[Block]) -> Iterator[str]:
        """Markup of a run of blocks."""
        pending_caption = ""
        for block in blocks:
            kind = block.kind
            if kind == HEADING:
                level = min(block.level + self.heading_offset + 1, 6)
                ident = f' id="{block.anchor}"' if block.anchor else ""
                yield f"<h{level}{ident}>{html_markup(block.text)}</h{level}>"
            elif kind == LIST:
                ordered = all(item.marker[:1].isdigit() for item in block.items)
                yield self.list_html(block.items, ordered)
            elif kind == TABLE_TITLE:
                pending_caption = block.text
                continue
            elif kind == TABLE:
                yield "\n".join(self.table_html(block, pending_caption))
            elif kind == QUOTE:
                match = QUOTE_RE.match(block.text)
                yield f'<figure class="{self.cls("quote")}">'
                if match and match["attr"]:
                    yield f"<figcaption>{html_markup(match['attr'])}</figcaption>"
                    yield f"<blockquote><p>{html_markup(match['quote'])}</p></blockquote>"
                else:
                    yield f"<blockquote><p>{html_markup(block.text)}</p></blockquote>"
                yield "</figure>"
            elif kind == FOOTNOTES:
                yield '<ol class="footnotes">'
                for item in block.items:
                    yield f'<li value="{html.escape(item.marker)}">{html_markup(item.text)}</li>'
                yield "</ol>"
            elif kind == SIGNATURE:
                yield self.paragraph(block, "author-signature", run_in=False)
            elif kind in (CAPTION, SOURCE, FIGLABEL, QUESTION, TAKEAWAY) or kind in COVER_KINDS:
                yield self.paragraph(block, kind.replace("_", "-"), run_in=False)
            else:
                yield self.paragraph(block)
            pending_caption = ""

    def render(self) -> str:
        """The complete HTML document."""
        doc, theme = self.doc, self.theme
        year = doc.published_on[:4]
        author = ", ".join(doc.authors) or doc.publisher
        description = description_of(self.blocks)
        title_at = next((i for i, b in enumerate(self.blocks) if b.kind == COVER_TITLE), None)
        if title_at is None:  # the rendition does not carry its title: use the metadata
            heading, before, after = doc.title, [], self.blocks
        else:
            heading = self.blocks[title_at].text
            before, after = self.blocks[:title_at], self.blocks[title_at + 1 :]
        kicker = "".join(f"{line}\n" for line in self.article_body(before))
        site = doc.publisher
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": doc.title,
            "description": description,
            "datePublished": doc.published_on,
            "author": [{"@type": "Person", "name": a} for a in doc.authors]
            or {"@type": "Organization", "name": doc.publisher},
            "publisher": {"@type": "Organization", "name": doc.publisher},
            "mainEntityOfPage": f"https://example.org/{slugify(doc.title)}/",
        }
        ld_json = json.dumps(ld, ensure_ascii=False, indent=2).replace("</", "<\\/")
        byline = f"By {html_text(author)}" if doc.authors else html_text(site)
        published = (
            f'<time datetime="{html.escape(doc.published_on)}">{html_text(doc.published_on)}</time>'
        )
        c = self.cls
        nav = "\n".join(f'<li><a href="#">{html_text(item)}</a></li>' for item in theme.nav)
        related = "\n".join(f'<li><a href="#">{html_text(item)}</a></li>' for item in theme.related)
        footer_links = " ".join(f'<a href="#">{html_text(item)}</a>' for item in theme.footer_links)
        body = "\n".join(self.article_body(after))
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html_text(doc.title)} | {html_text(site)}</title>
<meta name="author" content="{html.escape(author)}">
<meta name="description" content="{html.escape(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(doc.title)}">
<meta property="og:description" content="{html.escape(description)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="article:published_time" content="{html.escape(doc.published_on)}">
<link rel="canonical" href="https://example.org/{slugify(doc.title)}/">
<style>{theme.css}</style>
<script>
(function (w, d) {{
  w._stq = w._stq || [];
  w._stq.push(["view", {{ site: "{theme.prefix}-web", page: "{slugify(doc.title)}" }}]);
  var s = d.createElement("script"); s.async = true; s.src = "/assets/stats.js";
  d.head.appendChild(s);
}})(window, document);
</script>
<script type="application/ld+json">
{ld_json}
</script>
</head>
<body class="{c("body")}">
<header class="{c("header")}">
<a class="{c("logo")}" href="#">{html_text(site)}</a>
<nav class="{c("nav")}" aria-label="Main">
<ul>
{nav}
</ul>
</nav>
</header>
<div class="{c("consent")}" role="dialog" aria-label="Cookie consent">
<p>We use cookies to personalise content, measure traffic and improve your experience.
You can accept all cookies or manage your preferences.</p>
<button type="button">Accept all</button><button type="button">Manage preferences</button>
</div>
<div class="{c("layout")}">
<main>
<article class="{c("article")}">
{kicker}<h1 class="{c("title")}">{html_markup(heading)}</h1>
<div class="{c("meta")}">{byline} · {published}</div>
<div class="{c("content")}">
{body}
</div>
</article>
<section class="{c("comments")}" id="comments">
<h2>Comments</h2>
<p class="{c("small")}">No comments yet. Be the first to share your thoughts.</p>
<form action="#" method="post">
<label for="comment-text">Leave a reply</label>
<textarea id="comment-text" name="comment" rows="5"></textarea>
<button type="submit">Post comment</button>
</form>
</section>
</main>
<aside class="{c("aside")}">
<section class="{c("related")}">
<h4>Related posts</h4>
<ul>
{related}
</ul>
</section>
</aside>
</div>
<footer class="{c("footer")}">
<p>© {html_text(year)} {html_text(site)}. All rights reserved.</p>
<p>{footer_links}</p>
</footer>
</body>
</html>
"""


def render_html(doc: SourceDoc, path: Path, theme: SiteTheme) -> dict[str, Any]:
    """Write the HTML article page for one document."""
    page = HtmlBuilder(doc, structure(doc).blocks, theme).render()
    path.write_text(page, encoding="utf-8", newline="\n")
    return {"theme": theme.prefix}


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def main() -> None:
    """Render every corpus document to ``sources/rendered/``."""
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    html_index = 0
    for doc in load_corpus(CORPUS_DIR):
        if doc.original_format == "pdf":
            path = OUTPUT_DIR / f"{doc.id}.pdf"
            summary = render_pdf(doc, path)
            print(f"{path.relative_to(REPO_ROOT)}: {summary['pages']} pages")
        elif doc.original_format == "html":
            path = OUTPUT_DIR / f"{doc.id}.html"
            theme = SITE_THEMES[html_index % len(SITE_THEMES)]
            html_index += 1
            render_html(doc, path, theme)
            print(f"{path.relative_to(REPO_ROOT)}: theme {theme.prefix}")


if __name__ == "__main__":
    main()
