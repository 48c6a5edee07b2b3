"""Ruled tables: tables drawn with lines, from pdfplumber's ``lines`` strategy.

The grid comes from pdfplumber's ``TableFinder`` on the page's edges. Within a ruled row, a text
line that puts words in two columns or more starts a row of its own (tables ruled every few rows,
or only around the header); a line with words in one column only continues the cell above
(wrapped cells), and so does, in a table ruled row by row (most ruled rows hold one line), a line
without numbers that leaves the first column empty or fills only columns filled by the line above
(a header set on two lines). A grid covering ``PdfSettings.ruled_max_page_share`` of the page or
more is the page's frame or background (slides), not a table. The words of a cell that spans
columns are spread over them when a line holds two groups of words or more (split at gaps over
``PdfSettings.segment_gap_ratio`` of the font size and ``segment_gap_word_gaps`` times the page's
median word gap). Rows of one cell
across the table (a title, a key, notes) at its top or bottom go back to the running text.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pdfplumber.table import TableFinder

from extract.blocks import BBox
from extract.pdf.model import Line, Obj, Page, TableDraft, Word, cluster_lines, dominant, split_line
from extract.pdf.tables import finish_table, is_numeric
from extract.settings import PdfSettings


def ruled_tables(page: Page, settings: PdfSettings) -> list[TableDraft]:
    """The page's ruled tables (their words are taken from the page by the caller)."""
    if len(page.edges) < 4:
        return []
    holder = _EdgeHolder(page.edges, (0.0, 0.0, page.frame.width, page.frame.height))
    tables = []
    free = list(page.words)
    page_area = page.frame.width * page.frame.height
    for found in TableFinder(holder).tables:  # type: ignore[arg-type]
        x0, top, x1, bottom = found.bbox
        if (x1 - x0) * (bottom - top) >= settings.ruled_max_page_share * page_area:
            continue  # the page's frame or background, not a table
        draft, free = _ruled_table(found, free, page, settings)
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
    found: Any, words: list[Word], page: Page, settings: PdfSettings
) -> tuple[TableDraft | None, list[Word]]:
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
        settings.segment_gap_ratio * dominant(inside, lambda w: round(w.size, 1)),
        settings.segment_gap_word_gaps * page.word_gap,
    )
    by_x = sorted(inside, key=lambda w: w.cx)
    centers = [w.cx for w in by_x]
    ruled: list[tuple[list[list[list[Word]]], bool]] = []
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
    draft = finish_table([row for row, _ in rows], settings)
    if draft is None:
        return None, words
    used = {id(w) for w in draft.words}
    return draft, [w for w in words if id(w) not in used]


def _join_ruled_lines(lines: list[list[list[Word]]]) -> list[list[list[Word]]]:
    rows: list[list[list[Word]]] = []
    above: set[int] = set()
    for line in lines:
        columns = {c for c, cell in enumerate(line) if cell}
        words = any(is_numeric(w.text) for cell in line for w in cell)
        if rows and not words and (not line[0] or columns <= above):
            for cell, more in zip(rows[-1], line, strict=True):
                cell.extend(more)
        else:
            rows.append([list(cell) for cell in line])
        above = columns
    return rows


def _ruled_row(
    cells: list[tuple[int, int, list[Word]]], edges: Sequence[float], ncols: int, min_gap: float
) -> list[list[list[Word]]]:
    """One ruled row as one or more table rows (rows ruled in bands of several text lines)."""
    placed: list[tuple[Line, int]] = []  # text line, column
    for start, end, cell_words in cells:
        if not cell_words:
            continue
        for line in cluster_lines(cell_words):
            segments = split_line(line, min_gap) if end - start > 1 else [line]
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
    bands = cluster_lines([w for line, _ in placed for w in line.words])
    column_of = {id(w): column for line, column in placed for w in line.words}
    rows: list[list[list[Word]]] = []
    for band in bands:
        columns = {column_of[id(w)] for w in band.words}
        if not rows or len(columns) >= 2:
            rows.append([[] for _ in range(ncols)])
        for w in band.words:
            rows[-1][column_of[id(w)]].append(w)
    return rows
