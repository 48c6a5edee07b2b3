"""PDF reader: pages of a report into headings, paragraphs, tables and the like, in reading order.

pdfplumber opens the file (pdfminer.six underneath) and supplies the table grid; pdfminer's
interpreter reads each page, with a faster tokenizer and characters made as dicts while they
are drawn (:mod:`~extract.pdf.layout`). Every rule is a rule of layout: none
looks at which document it reads or at the wording of its text. Every threshold is a field of
:class:`extract.settings.PdfSettings`, passed down to each stage.

:func:`read_pdf` chains the stages, one module each (each module documents its rules):

1. :mod:`~extract.pdf.opening` -- open the file, or say why it cannot be read;
2. :mod:`~extract.pdf.characters` -- characters and words of each page, turned upright, with
   the damage of the text layer as warnings (overprinted characters, other directions);
3. :mod:`~extract.pdf.furniture` -- running headers, footers and page numbers removed;
4. :mod:`~extract.pdf.charts`, :mod:`~extract.pdf.ruled` and :mod:`~extract.pdf.unruled` --
   charts printed as text (values paired with their labels), then tables with and without
   ruling lines (what tables share is in :mod:`~extract.pdf.tables`), their words taken from the
   page;
5. :mod:`~extract.pdf.order` -- reading order across columns (a recursive XY cut);
6. :mod:`~extract.pdf.paragraphs` and :mod:`~extract.pdf.blocks` -- lines into paragraphs,
   paragraphs and tables into typed blocks with section paths.

:mod:`~extract.pdf.model` holds what the stages pass along (words, lines, pages, tables).
"""

from __future__ import annotations

from extract.blocks import ParsedDocument
from extract.pdf.blocks import page_blocks
from extract.pdf.characters import median_word_gap, page_warnings
from extract.pdf.charts import chart_tables
from extract.pdf.damage import mark_damage
from extract.pdf.furniture import remove_running_lines
from extract.pdf.opening import open_pages
from extract.pdf.ruled import ruled_tables
from extract.pdf.unruled import unruled_tables
from extract.settings import PdfSettings

__all__ = ["read_pdf"]


def read_pdf(data: bytes, settings: PdfSettings = PdfSettings()) -> ParsedDocument:  # noqa: B008
    """Read a PDF into blocks in reading order; raise DocumentError when it cannot be read."""
    pages, warnings = open_pages(data, settings)
    warnings.extend(page_warnings(pages))
    for page in pages:
        page.word_gap = median_word_gap(page.words)
    remove_running_lines(pages, settings)
    warnings.extend(mark_damage(pages, settings))
    for page in pages:
        charts, free = chart_tables(page, page.words, settings)
        page.words = free
        page.tables = ruled_tables(page, settings)
        used = {id(w) for table in page.tables for w in table.words}
        free = [w for w in page.words if id(w) not in used]
        unruled, free = unruled_tables(page, free, settings)
        page.tables.extend(charts + unruled)
        page.words = free
    blocks = page_blocks(pages, settings)
    return ParsedDocument(blocks=tuple(blocks), page_count=len(pages), warnings=tuple(warnings))
