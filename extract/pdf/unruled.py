"""Unruled tables: tables without lines, found by the alignment of their words.

Aligned tables (per page)
    A run of ``PdfSettings.min_unruled_rows`` lines or more, each breaking into two segments or
    more at wide gaps (over ``segment_gap_ratio`` of the font size and ``segment_gap_word_gaps``
    times the page's median word gap), whose segments fall into the same column slots (the slots
    of the lines with the most common segment count). A segment over two slots or more is cut
    where a gap wider than ``head_gap_word_gaps`` word gaps has its sides over different slots
    (column heads printed close together: "satisfied DK/Ref"). It is a table when it has a
    column of short cells (``max_short_cell_words`` or fewer) and no column of running text
    (cells that start in lower case, or long cells flush right like a text column) or of list
    markers. A run is first cut where a column moves (tables printed one under the other, the
    second's columns elsewhere: :func:`_grids`). When the pitches of its lines show both row gaps
    and closer wrapped lines, a line that leaves the first column empty and follows at the
    smaller pitch continues the row above (a header on two lines).

Tables with wrapped cells (per region of the reading order)
    Tables whose cells wrap onto lines of one segment, or whose lines interleave with a text
    column beside them, are looked for in each region of the reading order before it is cut into
    columns: a run of lines whose segments all start at column slots (segment starts shared by
    three segments or more, within ``slot_tolerance`` of the font size) and run into no other
    slot. A line starts a row when it has a word in the first column or follows a gap wider than
    ``row_pitch_ratio`` times the pitch of wrapped lines; other lines continue the cells of the
    row above (joined with a space). Rows of one cell at the top or bottom are left out; two
    columns must be filled in three rows, one column must hold short cells, and none may be list
    markers, cells that start in lower case or justified text (long lines ending at the same x,
    ``justified_share`` of them). Words used by a table never reach the paragraphs.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from extract.pdf.model import (
    Item,
    Line,
    Page,
    TableDraft,
    Word,
    as_items,
    cluster_lines,
    split_line,
    top_down,
)
from extract.pdf.tables import finish_table, is_numeric
from extract.settings import PdfSettings

MARKER_RE = re.compile(r"^([-•*–—▪●◦o§]|\(cid:\d+\)|\(?\d{1,2}[.)]|\(?[a-z][.)])$")


def unruled_tables(
    page: Page, words: list[Word], settings: PdfSettings
) -> tuple[list[TableDraft], list[Word]]:
    """Aligned tables among a page's free words, and the words they leave free."""
    lines = cluster_lines(words)
    if len(lines) < 2:
        return [], words
    tables: list[TableDraft] = []
    runs: list[list[list[Line]]] = []
    current: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        min_gap = max(
            settings.segment_gap_ratio * line.size, settings.segment_gap_word_gaps * page.word_gap
        )
        segments = split_line(line, min_gap)
        run_gap = settings.run_gap_ratio * line.size
        close = previous is not None and line.top - previous.bottom <= run_gap
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
    grids = (grid for run in runs for grid in _grids(run, settings.min_unruled_rows))
    for grid in grids:
        for draft in _aligned_tables(grid, page.word_gap, settings):
            tables.append(draft)
            used.update(id(w) for w in draft.words)
    return tables, [w for w in words if id(w) not in used]


def _grids(run: list[list[Line]], min_rows: int) -> list[list[list[Line]]]:
    """A run cut where a column moves: tables printed one under the other with columns at
    other places, so that a column of one would merge into another column of the other.

    Among the lines of the run's most common segment count (full rows), with ``min_rows`` or
    more on each side, a column has moved when it stands aligned (its segments share an x) on
    both sides, clear of itself, and runs into another column of the other side (a lone row
    whose cells were misread, or rows leaving other columns empty, move nothing). The cut is
    made before the first full row below, and moved up over the shorter lines before it that
    fit the columns below but not those above (the lower table's head)."""
    counts = Counter(len(segments) for segments in run)
    modal = max(counts, key=lambda n: (counts[n], n))
    full = [len(segments) == modal for segments in run]
    above = _column_stats(run, full, modal)
    below = _column_stats(run[::-1], full[::-1], modal)[::-1]
    for cut in range(1, len(run)):
        (top_count, top), (low_count, low) = above[cut], below[cut]
        if not full[cut] or top_count < min_rows or low_count < min_rows:
            continue
        if any(_moved(top, low, column) for column in range(modal)):
            while (
                cut > 1
                and not full[cut - 1]
                and _fits(run[cut - 1], low)
                and not _fits(run[cut - 1], top)
            ):
                cut -= 1
            return [run[:cut], *_grids(run[cut:], min_rows)]
    return [run]


# Per column of the full rows: least x0, greatest x1 (the hull), greatest x0, least x1 (the
# x they share, when the first is below the second).
_Stats = list[tuple[float, float, float, float]]


def _column_stats(
    run: Sequence[Sequence[Line]], full: Sequence[bool], modal: int
) -> list[tuple[int, _Stats]]:
    """For each cut 0..len(run): how many full rows stand before it, and their columns."""
    count = 0
    stats: _Stats = [(math.inf, -math.inf, -math.inf, math.inf)] * modal
    result = [(count, stats)]
    for segments, is_full in zip(run, full, strict=True):
        if is_full:
            count += 1
            stats = [
                (min(a, s.x0), max(b, s.x1), max(c, s.x0), min(d, s.x1))
                for (a, b, c, d), s in zip(stats, segments, strict=True)
            ]
        result.append((count, stats))
    return result


def _moved(top: _Stats, low: _Stats, column: int) -> bool:
    """Whether a column is aligned above and below, at two places apart, and runs into
    another column of the other side."""
    t_x0, t_x1, t_common0, t_common1 = top[column]
    l_x0, l_x1, l_common0, l_common1 = low[column]
    if t_common0 >= t_common1 or l_common0 >= l_common1:
        return False  # not one aligned column on one side
    if not (t_x1 < l_x0 or l_x1 < t_x0):
        return False
    return any(
        other != column
        and (
            (t_x0 < low[other][1] and low[other][0] < t_x1)
            or (l_x0 < top[other][1] and top[other][0] < l_x1)
        )
        for other in range(len(top))
    )


def _fits(segments: Sequence[Line], stats: _Stats) -> bool:
    """Whether every segment of a line stands over a column of these full rows."""
    return all(any(s.x0 < x1 and x0 < s.x1 for x0, x1, _, _ in stats) for s in segments)


def _slots(run: Sequence[Sequence[Line]]) -> list[tuple[float, float]]:
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


def slot_of(x0: float, x1: float, slots: Sequence[tuple[float, float]]) -> int:
    """The slot a box overlaps most, or the nearest one when it stands in a gap between slots."""
    overlaps = [min(x1, b) - max(x0, a) for a, b in slots]
    best = max(range(len(slots)), key=lambda i: overlaps[i])
    if overlaps[best] > 0:
        return best
    return min(range(len(slots)), key=lambda i: min(abs(x0 - slots[i][1]), abs(x1 - slots[i][0])))


def cut_at_slots(
    segment: Line, slots: Sequence[tuple[float, float]], min_gap: float
) -> list[list[Word]]:
    """A segment's words in pieces, cut at each gap wider than ``min_gap`` whose two sides
    stand over different slots."""
    pieces = [[segment.words[0]]]
    for previous, word in itertools.pairwise(segment.words):
        if word.x0 - previous.x1 > min_gap and slot_of(previous.x0, previous.x1, slots) != slot_of(
            word.x0, word.x1, slots
        ):
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _aligned_tables(
    run: list[list[Line]], word_gap: float, settings: PdfSettings
) -> list[TableDraft]:
    """Tables in a run of consecutive multi-segment lines (their segments must align)."""
    if len(run) < settings.min_unruled_rows:
        return []
    slots = _slots(run)
    if len(slots) < 2:
        return []
    head_gap = settings.head_gap_word_gaps * word_gap
    rows: list[list[list[Word]]] = []
    for segments in run:
        row: list[list[Word]] = [[] for _ in slots]
        for segment in segments:
            for piece in cut_at_slots(segment, slots, head_gap):
                row[slot_of(piece[0].x0, piece[-1].x1, slots)].extend(piece)
        rows.append(row)
    tops = [min(s.top for s in segments) for segments in run]
    size = statistics.median(s.size for segments in run for s in segments)
    rows = _join_wrapped_lines(tops, size, rows, settings, uniform=False)
    if len(rows) < settings.min_unruled_rows or _looks_like_prose(rows, settings):
        return []
    draft = finish_table(rows, settings)
    return [draft] if draft is not None else []


def _join_wrapped_lines(
    tops: Sequence[float],
    size: float,
    lines: list[list[list[Word]]],
    settings: PdfSettings,
    *,
    uniform: bool,
) -> list[list[list[Word]]]:
    """The text lines of a table (cells of words, by column) into rows: a line continues the
    row above (its cells wrap) unless it holds a word in the first column or it stands after a
    vertical gap wider than the wrapped lines' pitch. A line of words only whose cells are all
    empty in the row above, the first among them, fills that row (a head on two lines with the
    first column's head set between them: "Group" beside "Number of / teams (n)"). With
    ``uniform`` False, lines are only joined when the pitches show both gaps (between rows) and
    wrapped lines."""
    pitches = [b - a for a, b in itertools.pairwise(tops)]
    if not pitches:
        return lines
    low = max(min(pitches), settings.wrapped_pitch_min * size)
    spaced = [p > settings.row_pitch_ratio * low for p in pitches]
    if not uniform and (all(spaced) or not any(spaced)):
        return lines
    rows = [[list(cell) for cell in lines[0]]]
    for gap, line in zip(spaced, lines[1:], strict=True):
        between = not rows[-1][0] and all(
            not above for above, cell in zip(rows[-1], line, strict=True) if cell
        )
        if gap or (line[0] and not (between and not _holds_numbers(line))):
            rows.append([list(cell) for cell in line])
            continue
        for cell, words in zip(rows[-1], line, strict=True):
            cell.extend(words)
    return rows


def _holds_numbers(cells: Sequence[list[Word]]) -> bool:
    return any(is_numeric(w.text) for cell in cells for w in cell)


def _looks_like_prose(rows: Sequence[Sequence[list[Word]]], settings: PdfSettings) -> bool:
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
        if len(cells) > 2 and lower >= settings.lower_case_cells_share * (len(cells) - 1):
            return True
        lengths = sorted(len(t.split()) for t in cells)
        median = lengths[len(lengths) // 2]
        if median <= settings.max_short_cell_words:
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


def region_tables(items: list[Item], word_gap: float, settings: PdfSettings) -> list[Item]:
    """Unruled tables with wrapped cells, found in a region before it is cut into columns: runs
    of lines whose segments all start at column slots (x-starts shared by three segments or more)
    and cross none, joined into rows by :func:`_join_wrapped_lines`."""
    lines = [item for item in items if item.table is None]
    # the lines' sizes (costly) only for lines with a gap that may split them
    word_gaps = settings.segment_gap_word_gaps * word_gap
    if (
        len(lines) < settings.min_unruled_rows
        or sum(item.widest_gap > word_gaps for item in lines) < 2
    ):
        return items
    lines = top_down(lines)
    split = []
    wide = 0
    for item in lines:
        line = Line(item.words)
        segments = [line]
        if item.widest_gap > word_gaps:
            segments = split_line(line, max(settings.segment_gap_ratio * line.size, word_gaps))
        wide += len(segments) >= 2
        split.append((line, segments))
    if wide < 2:
        return items
    size = statistics.median(line.size for line, segments in split if len(segments) >= 2)
    tolerance = settings.slot_tolerance * size
    starts = sorted(s.x0 for _, segments in split if len(segments) >= 2 for s in segments)
    clusters: list[list[float]] = []
    for x in starts:
        if clusters and x - clusters[-1][-1] <= tolerance:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    slots = [statistics.median(c) for c in clusters if len(c) >= settings.min_unruled_rows]
    if len(slots) < 2:
        return items

    def slot_of(segment: Line) -> int | None:
        index = bisect_left(slots, segment.x0 - tolerance)
        if index == len(slots) or slots[index] > segment.x0 + tolerance:
            return None
        following = index + 1
        if following < len(slots) and slots[following] < segment.x1:
            return None  # it runs into the next column: not a cell
        return index

    runs: list[list[tuple[Line, list[tuple[int, Line]]]]] = []
    current: list[tuple[Line, list[tuple[int, Line]]]] = []
    for line, segments in split:
        placed = [(slot_of(s), s) for s in segments]
        if any(index is None for index, _ in placed):
            if current:
                runs.append(current)
            current = []
            continue
        if current and line.top - current[-1][0].bottom > settings.run_gap_ratio * size:
            runs.append(current)
            current = []
        current.append((line, [(index, s) for index, s in placed if index is not None]))
    if current:
        runs.append(current)
    used: set[int] = set()
    found: list[TableDraft] = []
    for run in runs:
        draft = _wrapped_table(run, size, settings)
        if draft is not None:
            found.append(draft)
            used.update(id(w) for w in draft.words)
    if not found:
        return items
    words = [w for item in lines for w in item.words if id(w) not in used]
    tables = [item.table for item in items if item.table is not None]
    return as_items(words, [*tables, *found])


def _wrapped_table(
    run: Sequence[tuple[Line, list[tuple[int, Line]]]], size: float, settings: PdfSettings
) -> TableDraft | None:
    """A run of lines cut into cells as a table, or None when it is not one: it needs two
    columns filled in three rows, a column of short cells and no column of running text."""
    if sum(1 for _, placed in run if len(placed) >= 2) < 2:
        return None
    columns = sorted({index for _, placed in run for index, _ in placed})
    if len(columns) < 2:
        return None
    lines = []
    for _, placed in run:
        cells: list[list[Word]] = [[] for _ in columns]
        for index, segment in placed:
            cells[columns.index(index)].extend(segment.words)
        lines.append(cells)
    rows = _join_wrapped_lines([line.top for line, _ in run], size, lines, settings, uniform=True)
    # a lone cell above or below the table (a title, a note) is running text
    while rows and sum(1 for cell in rows[0] if cell) < 2:
        rows.pop(0)
    while rows and sum(1 for cell in rows[-1] if cell) < 2:
        rows.pop()
    min_rows = settings.min_unruled_rows
    if len(rows) < min_rows:
        return None
    if sum(1 for c in range(len(columns)) if sum(1 for r in rows if r[c]) >= min_rows) < 2:
        return None
    kept = {id(w) for row in rows for cell in row for w in cell}
    segments = [
        (columns.index(index), segment)
        for _, placed in run
        for index, segment in placed
        if id(segment.words[0]) in kept
    ]
    if _has_text_column(rows, segments, len(columns), settings):
        return None
    return finish_table(rows, settings)


def _has_text_column(
    rows: Sequence[Sequence[list[Word]]],
    segments: Sequence[tuple[int, Line]],
    ncols: int,
    settings: PdfSettings,
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
        lower = sum(1 for t in cells[1:] if t[:1].islower())
        if len(cells) > 2 and lower >= settings.lower_case_cells_share * (len(cells) - 1):
            return True
        lengths = sorted(len(t.split()) for t in cells)
        if lengths[len(lengths) // 2] <= settings.max_short_cell_words:
            short_column = True
        ends = Counter(round(s.x1) for index, s in segments if index == c and len(s.words) >= 4)
        long_lines = sum(ends.values())
        if long_lines >= settings.min_unruled_rows:
            flush = max(ends[x - 1] + ends[x] + ends[x + 1] for x in ends)
            if flush >= settings.justified_share * long_lines:
                return True
    return not short_column


def _sorted_words(words: Sequence[Word]) -> list[Word]:
    return [w for line in cluster_lines(words) for w in line.words]
