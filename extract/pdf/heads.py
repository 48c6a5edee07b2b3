"""Column heads printed apart from their table.

A trend table's heads ("Approve  Disapprove  DK/Ref") are often printed a line or two above
its body, with a lead-in between ("ASK FORM 1 ONLY [N=751]:"), so the table is found without
them and they read as a paragraph. A table whose value columns have no head takes, as header
rows, the free lines right above it (each at most ``PdfSettings.run_gap_ratio`` font sizes
below the one before, none starting more than ``head_left_tolerance_ratio`` font sizes left
of the table) whose words stand over its value columns: the line, cut at wide gaps and at the
columns (as an aligned table's lines are), has every piece over a value column (overlapping
it; one piece per column, of at most ``max_head_words`` words) but for at most one — its
first — over the label column (a "Q.44 CONTINUED…" beside the heads). Lines entirely over the
label column (lead-ins) are passed over, up to ``max_head_lead_ins`` of them; any other line,
or a table, ends the search. The heads found must name two value columns or more: a short
line over one column is a caption. Value columns are those after the first whose body cells
are numbers in ``numeric_column_share`` of them; a table needs two.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.blocks import BBox
from extract.pdf.model import Item, Line, TableDraft, Word, bbox, split_line, top_down
from extract.pdf.tables import numeric_columns
from extract.pdf.unruled import cut_at_slots, slot_of
from extract.settings import PdfSettings


def attach_heads(items: list[Item], word_gap: float, settings: PdfSettings) -> list[Item]:
    """The items of a region with the heads printed apart joined to their tables."""
    ordered = top_down(items)
    taken: set[int] = set()
    grown: dict[int, Item] = {}
    for index, item in enumerate(ordered):
        table = item.table
        if table is None or table.kind != "table":
            continue
        columns = _column_spans(table)
        values = _value_columns(table, settings)
        if len(values) < 2 or any(
            table.rows[r][c] for r in range(table.header_row_count) for c in values
        ):
            continue
        heads = _head_lines(ordered[:index], table, columns, values, taken, word_gap, settings)
        if heads:
            taken.update(id(line) for line in heads)
            _prepend(table, [line.words for line in heads], columns, word_gap, settings)
            grown[id(item)] = Item([], table)  # a new item: its box has grown
    if not taken:
        return items
    return [grown.get(id(item), item) for item in items if id(item) not in taken]


def _column_spans(table: TableDraft) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    for column in range(len(table.rows[0])):
        boxes = [row[column] for row in table.cell_bboxes if row[column] is not None]
        if not boxes:
            spans.append((table.bbox[0], table.bbox[0]))
            continue
        spans.append((min(b[0] for b in boxes), max(b[2] for b in boxes)))
    return spans


def _value_columns(table: TableDraft, settings: PdfSettings) -> list[int]:
    """Columns after the first whose body cells are mostly numbers."""
    body = table.rows[table.header_row_count :]
    return [c for c in numeric_columns(body, len(table.rows[0]), settings) if c > 0]


def _head_lines(
    above: Sequence[Item],
    table: TableDraft,
    columns: list[tuple[float, float]],
    values: list[int],
    taken: set[int],
    word_gap: float,
    settings: PdfSettings,
) -> list[Item]:
    """The free lines right above ``table`` that are its heads, top to bottom."""
    label_right = min(columns[c][0] for c in values)
    table_top = table.bbox[1]
    size = Line(table.words).size
    heads: list[Item] = []
    lead_ins = 0
    edge = table_top
    for item in reversed(above):
        if item.bbox[3] > table_top or id(item) in taken:
            continue
        if item.table is not None or edge - item.bbox[3] > settings.run_gap_ratio * size:
            break
        if item.bbox[0] < table.bbox[0] - settings.head_left_tolerance_ratio * size:
            break  # it starts left of the table: not the table's
        if item.bbox[2] <= label_right:
            if heads or lead_ins >= settings.max_head_lead_ins:
                break
            lead_ins += 1  # a lead-in over the labels: the heads may stand above it
            edge = item.bbox[1]
            continue
        if not _is_head_line(item.words, columns, values, word_gap, settings):
            break
        heads.append(item)
        edge = item.bbox[1]
    # heads name two value columns or more (a line over one column alone is a caption)
    named = {
        c
        for item in heads
        for c, _ in _pieces_over_values(item.words, columns, values, word_gap, settings)
    }
    return heads[::-1] if len(named) >= 2 else []


def _pieces(
    words: list[Word], columns: list[tuple[float, float]], word_gap: float, settings: PdfSettings
) -> list[tuple[int, list[Word]]]:
    line = Line(sorted(words, key=lambda w: w.x0))
    min_gap = max(settings.segment_gap_ratio * line.size, settings.segment_gap_word_gaps * word_gap)
    head_gap = settings.head_gap_word_gaps * word_gap
    return [
        (slot_of(piece[0].x0, piece[-1].x1, columns), piece)
        for segment in split_line(line, min_gap)
        for piece in cut_at_slots(segment, columns, head_gap)
    ]


def _overlaps(piece: list[Word], span: tuple[float, float]) -> bool:
    return min(piece[-1].x1, span[1]) > max(piece[0].x0, span[0])


def _pieces_over_values(
    words: list[Word],
    columns: list[tuple[float, float]],
    values: list[int],
    word_gap: float,
    settings: PdfSettings,
) -> list[tuple[int, list[Word]]]:
    return [
        (c, piece)
        for c, piece in _pieces(words, columns, word_gap, settings)
        if c in values and _overlaps(piece, columns[c])
    ]


def _is_head_line(
    words: list[Word],
    columns: list[tuple[float, float]],
    values: list[int],
    word_gap: float,
    settings: PdfSettings,
) -> bool:
    """Pieces standing over value columns (one each, short), and at most one piece before them
    over the label column."""
    pieces = _pieces(words, columns, word_gap, settings)
    over_values = _pieces_over_values(words, columns, values, word_gap, settings)
    if len(over_values) + (pieces[0][0] == 0) < len(pieces):
        return False  # a piece in a gap, or over the labels after the first
    if not over_values or any(len(piece) > settings.max_head_words for _, piece in over_values):
        return False
    return len({c for c, _ in over_values}) == len(over_values)  # two over one: running text


def _prepend(
    table: TableDraft,
    lines: list[list[Word]],
    columns: list[tuple[float, float]],
    word_gap: float,
    settings: PdfSettings,
) -> None:
    rows: list[list[str]] = []
    boxes: list[list[BBox | None]] = []
    for words in lines:
        cells: list[list[Word]] = [[] for _ in columns]
        for column, piece in _pieces(words, columns, word_gap, settings):
            cells[column].extend(piece)
        rows.append([" ".join(w.text for w in cell) for cell in cells])
        boxes.append([bbox(cell) if cell else None for cell in cells])
    table.rows = rows + table.rows
    table.cell_bboxes = boxes + table.cell_bboxes
    table.header_row_count += len(lines)
    table.words = [*(w for words in lines for w in words), *table.words]
    table.bbox = bbox(table.words)
