"""What ruled and unruled tables share: cells of words into a table draft, and its header rows.

Every table needs two columns and two rows with two filled cells, and cells of at most
``PdfSettings.max_mean_cell_words`` words on average. Header rows are the leading rows (at most
``max_header_rows``) that are bold where the body is not, or hold words where the body's numeric
columns hold numbers; a table of words has one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.blocks import BBox
from extract.pdf.model import TableDraft, Word, bbox, cluster_lines, share
from extract.pdf.paragraphs import join_lines
from extract.settings import PdfSettings

NUMERIC_RE = re.compile(r"^[(\[]?[-+−–]?[$€£¥]?\s?\d[\d,.\s]*(%|pp|x|k|m|bn)?[)\]]?\*{0,3}$", re.I)


def is_numeric(text: str) -> bool:
    return bool(NUMERIC_RE.match(text.strip())) if text.strip() else False


def numeric_columns(body: Sequence[Sequence[str]], width: int, settings: PdfSettings) -> list[int]:
    """Columns whose filled body cells are numbers in ``numeric_column_share`` of them."""
    return [
        c
        for c in range(width)
        if (filled := [row[c] for row in body if row[c]])
        and sum(is_numeric(v) for v in filled) >= settings.numeric_column_share * len(filled)
    ]


def finish_table(rows: list[list[list[Word]]], settings: PdfSettings) -> TableDraft | None:
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
    if sum(filled) / len(filled) > settings.max_mean_cell_words:
        return None
    bboxes: list[list[BBox | None]] = [
        [bbox(cell) if cell else None for cell in row] for row in rows
    ]
    bold = [share([w for cell in row for w in cell], lambda w: w.bold) >= 0.6 for row in rows]
    used = [w for row in rows for cell in row for w in cell]
    return TableDraft(
        rows=texts,
        cell_bboxes=bboxes,
        header_row_count=_header_row_count(texts, bold, settings),
        bbox=bbox(used),
        words=used,
    )


def _join_cell(parts: Sequence[str]) -> str:
    text = ""
    for part in parts:
        text = join_lines(text, part, set()) if text else part
    return text


def _cell_lines(words: Sequence[Word]) -> list[str]:
    return [line.text for line in cluster_lines(words)]


def _header_row_count(
    rows: Sequence[Sequence[str]], bold: Sequence[bool], settings: PdfSettings
) -> int:
    if len(rows) < 2:
        return 0
    width = len(rows[0])
    numeric = numeric_columns(rows[1:], width, settings)
    count = 0
    for index, row in enumerate(rows[: min(settings.max_header_rows, len(rows) - 1)]):
        body_bold = sum(bold[index + 1 :]) / max(1, len(bold) - index - 1)
        if bold[index] and body_bold < 0.5:
            count += 1
            continue
        if (
            numeric
            and not any(is_numeric(row[c]) for c in numeric if row[c])
            and any(row[c] for c in range(width))
            and (index == 0 or not any(is_numeric(v) for v in row if v))
        ):
            count += 1
            continue
        break
    if count == 0 and not numeric and not any(is_numeric(v) for v in rows[0] if v):
        count = 1  # a table of words: its first row names the columns
    return count
