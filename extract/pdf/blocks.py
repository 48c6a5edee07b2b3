"""Blocks: the paragraphs and tables of every page, in reading order, typed and given sections.

Headings
    The body size is the size of most characters. A paragraph of up to
    ``PdfSettings.max_heading_lines`` lines and ``max_heading_words_large`` words set
    ``heading_size_ratio`` times larger than the body, or bold where the body is not and in title
    form (:func:`extract.genre.looks_like_heading`), is a heading; its level is the rank of its
    (size, bold) style among the document's heading styles, and headings make the section path.

Other block types
    Other paragraphs are classified by :func:`extract.genre.classify_text`; besides, an italic
    paragraph that opens with a quotation mark is a quote, and small print (under
    ``small_print_ratio`` of the body size) right under a table is a source note. Paragraphs
    broken by column and page breaks are rebuilt with :func:`extract.genre.rejoin_paragraphs`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.blocks import BBox, Block, BlockType, Table
from extract.genre import (
    classify_text,
    is_list_item,
    looks_like_heading,
    normalize_space,
    rejoin_paragraphs,
)
from extract.pdf.characters import mark_letter_bullets
from extract.pdf.damage import word_damage
from extract.pdf.model import Line, Page, TableDraft, as_items
from extract.pdf.order import order
from extract.pdf.paragraphs import Para, join_lines, paragraphs
from extract.settings import PdfSettings

OPEN_QUOTES = ("“", '"', "‘", "«", "„")


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
    damage: tuple[str, ...] = ()


def page_blocks(pages: Sequence[Page], settings: PdfSettings) -> list[Block]:
    """Every page's free words and tables as blocks in reading order, with section paths."""
    body, body_bold = _body_style(pages)
    vocabulary = _hyphenated_words(pages) if settings.join_hyphenated else None
    drafts: list[_Draft] = []
    for page in pages:
        regions = order(as_items(page.words, page.tables), page.word_gap, settings)
        for region in regions:
            lines: list[Line] = []
            for item in region:
                if item.table is None:
                    lines.append(Line(item.words))
                    mark_letter_bullets(lines[-1], settings)
                    continue
                drafts.extend(
                    _text_drafts(lines, page, body, body_bold, vocabulary, drafts, settings)
                )
                lines = []
                drafts.append(_table_draft(item.table, page))
            drafts.extend(_text_drafts(lines, page, body, body_bold, vocabulary, drafts, settings))
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
            damage=d.damage,
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


def _body_style(pages: Sequence[Page]) -> tuple[float, bool]:
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


def _hyphenated_words(pages: Sequence[Page]) -> set[str]:
    """The words the document spells with a hyphen (kept when a line break splits them)."""
    return {
        w.text.lower().strip(".,;:()[]\"'“”‘’")
        for page in pages
        for w in page.words
        if "-" in w.text[1:-1]
    }


def _is_heading(para: Para, text: str, body: float, body_bold: bool, settings: PdfSettings) -> bool:
    words = text.split()
    if len(para.lines) > settings.max_heading_lines or not words:
        return False
    if sum(ch.isalpha() for ch in text) < 2 or classify_text(text) != "paragraph":
        return False
    if text.endswith((",", ";")) or is_list_item(text):
        return False
    if para.style.size >= settings.heading_size_ratio * body:
        return len(words) <= settings.max_heading_words_large and not (
            text.endswith(".") and len(words) > 8
        )
    if (
        para.style.bold
        and not body_bold
        and para.style.size >= 0.95 * body
        and len(para.lines) <= 2
    ):
        return looks_like_heading(text)
    return False


def _table_draft(table: TableDraft, page: Page) -> _Draft:
    rows = tuple(tuple(normalize_space(cell) for cell in row) for row in table.rows)
    bboxes = tuple(
        tuple(page.frame.to_page(b) if b is not None else None for b in row)
        for row in table.cell_bboxes
    )
    model = Table(rows=rows, header_row_count=table.header_row_count, cell_bboxes=bboxes)
    kind: BlockType = "chart" if table.kind == "chart" else "table"
    return _Draft(
        kind,
        model.text,
        page.number,
        page.frame.to_page(table.bbox),
        table=model,
        damage=word_damage(table.words),
    )


def _text_drafts(
    lines: list[Line],
    page: Page,
    body: float,
    body_bold: bool,
    vocabulary: set[str] | None,
    previous: Sequence[_Draft],
    settings: PdfSettings,
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for para in paragraphs(lines, page, settings):
        text = ""
        for line in para.lines:
            text = join_lines(text, line.text, vocabulary) if text else line.text
        text = normalize_space(text.replace("\u00ad", ""))  # soft hyphens left inside lines
        if not text:
            continue
        size = para.style.size
        if _is_heading(para, text, body, body_bold, settings):
            style = (round(size * 2) / 2, para.style.bold)
            drafts.append(
                _Draft(
                    "heading",
                    text,
                    page.number,
                    para.bbox,
                    size,
                    para.style.bold,
                    style,
                    damage=word_damage(para.words),
                )
            )
            continue
        kind = classify_text(text)
        before = drafts[-1] if drafts else (previous[-1] if previous else None)
        if kind == "paragraph":
            if para.style.italic and text.startswith(OPEN_QUOTES):
                kind = "quote"
            elif (
                before is not None
                and before.kind in ("table", "chart")
                and before.page == page.number
                and size <= settings.small_print_ratio * body
            ):
                kind = "source_note"
        drafts.append(
            _Draft(
                kind,
                text,
                page.number,
                para.bbox,
                size,
                para.style.bold,
                damage=word_damage(para.words),
            )
        )
    return drafts
