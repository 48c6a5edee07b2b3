"""Tables and charts as the survey extractor reads them: header, category rows and Total row.

A ``table`` or ``chart`` block's text is rows of tab-separated cells (:mod:`extract.blocks`; a
chart is a table of categories by series). The conventions read here:

* **Header rows**: the leading rows without a value; a chart with series prints
  ``["", series...]``. A body row naming the columns again ("Sector | Count") starts another
  table; a header cell "Location Count" names the table ("Location") and a count column whose
  cells ran into the labels ("United Kingdom 33").
* **Columns** by their header: a count column ("Respondents", "Count", "n", "Responses",
  ``vocabulary.COUNT_HEADERS``) and a share column ("Percent", "%", ``SHARE_HEADERS``); without
  a header, by the form of each value: "39%" a share, "21 resp." a count, "35% / 21 resp.",
  "163 (75.1%)" and "4 ( 7.7%)" both. A bare number is a count only under a count header or
  beside a share.
* **Categories**: the first cell of a body row is its label, its share and count come from the
  columns above (a chart with several series gives counts only when one series is printed).
* **Total row**: a label such as "Total", "Base", "All respondents" (``TOTAL_LABELS``): the
  table's base n, not a category; "Total (52)" in a header gives the same.
* **Bare value runs**: short blocks that are each only a share, only a count or only a label,
  repeating in a fixed order ("20%", "206", "2022-11-01", "21%", ...), as HTML bar charts and
  text renditions print a chart: read as the same categories.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.surveys.reading import NUM, TextBlock, clean, strip_markers, to_int
from extract.vocabulary import COUNT_HEADERS, COUNT_SUFFIXES, SHARE_HEADERS, TOTAL_LABELS

_SHARE = r"[-+]?\d{1,3}(?:[.,]\d{1,2})?\s?%"
_COUNT_SUFFIX = "|".join(COUNT_SUFFIXES)
_CELL_RES = (
    re.compile(rf"^(?P<share>{_SHARE})$"),
    re.compile(rf"^(?P<count>{NUM})\s*(?:{_COUNT_SUFFIX})$", re.I),
    re.compile(rf"^(?P<share>{_SHARE})\s*[/|]\s*(?P<count>{NUM})\s*(?:{_COUNT_SUFFIX})?$", re.I),
    re.compile(rf"^(?P<count>{NUM})\s*[(\[]\s*(?P<share>{_SHARE})\s*[)\]]$"),
    re.compile(rf"^(?P<share>{_SHARE})\s*[(\[]\s*(?P<count>{NUM})\s*[)\]]$"),
)
_BARE_NUMBER_RE = re.compile(rf"^(?:{NUM})$")
_COUNT_HEADER_RE = re.compile(rf"^(?:{'|'.join(COUNT_HEADERS)})$", re.I)
_SHARE_HEADER_RE = re.compile(rf"^(?:{'|'.join(SHARE_HEADERS)})$", re.I)
_TITLE_WITH_COUNT_RE = re.compile(rf"^(?P<title>.*\S)\s+(?:{'|'.join(COUNT_HEADERS)})$", re.I)
_TOTAL_LABEL_RE = re.compile(rf"^(?:{'|'.join(TOTAL_LABELS)})\b[\s:]*$", re.I)
_TOTAL_IN_HEADER_RE = re.compile(rf"\btotal\s*\(\s*(?:n\s*=\s*)?(?P<n>{NUM})\s*\)", re.I)
_LABEL_WITH_COUNT_RE = re.compile(rf"^(?P<label>.*[^\d\s,])\s+(?P<count>{NUM})$")


@dataclass(frozen=True)
class Value:
    """What one cell states: a share (percent) and/or a count, or nothing (a label)."""

    share: float | None = None
    count: int | None = None
    bare: int | None = None  # a bare number: a count only where the column says so

    @property
    def empty(self) -> bool:
        return self.share is None and self.count is None and self.bare is None


def cell_value(text: str) -> Value:
    text = clean(text)
    for pattern in _CELL_RES:
        match = pattern.match(text)
        if match:
            groups = match.groupdict()
            share = groups.get("share")
            return Value(
                share=float(share.replace("%", "").replace(",", ".").strip()) if share else None,
                count=to_int(groups.get("count")),
            )
    if _BARE_NUMBER_RE.match(text):
        return Value(bare=to_int(text))
    return Value()


@dataclass(frozen=True)
class Category:
    """One answer (row) of a table or chart: its label, printed share and printed count."""

    label: str
    share: float | None
    count: int | None


@dataclass
class Grid:
    """One table of a block: its title (a header cell naming it), header rows and body rows."""

    title: str | None
    header: list[list[str]]
    body: list[list[str]]
    merged_count: bool = False  # counts ran into the labels ("United Kingdom 33")
    titled: bool = False  # the title's row names the columns: the table titles itself
    series: int = 1
    categories: list[Category] = field(default_factory=list)
    total: int | None = None

    @property
    def has_values(self) -> bool:
        return (
            bool(self.categories)
            or self.total is not None
            or any(not cell_value(c).empty for row in self.body for c in row[1:])
        )


def _cells(text: str) -> list[list[str]]:
    return [[clean(c) for c in line.split("\t")] for line in text.split("\n")]


def _is_header_row(row: Sequence[str]) -> bool:
    return any(row) and all(
        cell_value(c).empty and not _LABEL_WITH_COUNT_RE.match(c) for c in row if c
    )


def _names_columns(row: Sequence[str]) -> bool:
    """A row that names the columns ("Sector | Count", "Location Count")."""
    cells = [c for c in row if c]
    return bool(cells) and (
        any(_COUNT_HEADER_RE.match(c) or _SHARE_HEADER_RE.match(c) for c in cells)
        or bool(_TITLE_WITH_COUNT_RE.match(cells[-1]))
    )


def grids(block: TextBlock) -> list[Grid]:
    """The tables of a ``table`` or ``chart`` block, each with its categories and Total."""
    rows = _cells(block.text)
    header: list[list[str]] = []
    while rows and len(header) < 2 and _is_header_row(rows[0]) and len(rows) > 1:
        header.append(rows.pop(0))
    parts: list[Grid] = [Grid(None, header, [])]
    for row in rows:
        if parts[-1].body and _is_header_row(row) and _names_columns(row):
            parts.append(Grid(None, [row], []))
        else:
            parts[-1].body.append(row)
    for grid in parts:
        _read(grid)
    return [g for g in parts if g.body]


def _column_roles(grid: Grid, width: int) -> tuple[int | None, int | None]:
    count_col = share_col = None
    for row in grid.header:
        for index, cell in enumerate(row):
            if _COUNT_HEADER_RE.match(cell) and count_col is None:
                count_col = index
            elif _SHARE_HEADER_RE.match(cell) and share_col is None:
                share_col = index
    return count_col, share_col


def _read(grid: Grid) -> None:
    width = max((len(r) for r in grid.header + grid.body), default=0)
    count_col, share_col = _column_roles(grid, width)
    first = next((row for row in grid.header if any(row)), None)
    if first is not None and first[0]:
        titled = _TITLE_WITH_COUNT_RE.match(first[0])
        if titled and not _COUNT_HEADER_RE.match(first[0]):
            grid.title, grid.merged_count = titled.group("title"), count_col is None
        elif not (_COUNT_HEADER_RE.match(first[0]) or _SHARE_HEADER_RE.match(first[0])):
            grid.title = first[0]
        grid.titled = grid.title is not None and _names_columns(first)
    for row in grid.header:
        total = next((m for m in map(_TOTAL_IN_HEADER_RE.search, row) if m), None)
        if total:
            grid.total = to_int(total.group("n"))
    series = [c for c in (grid.header[-1] if grid.header else [])[1:] if c]
    value_series = [
        c for c in series if not (_COUNT_HEADER_RE.match(c) or _SHARE_HEADER_RE.match(c))
    ]
    grid.series = max(1, len(value_series))
    for row in grid.body:
        label = strip_markers(row[0]) if row else ""
        values = [cell_value(c) for c in row[1:]]
        share = count = None
        if grid.merged_count and len([c for c in row if c]) == 1:
            merged = _LABEL_WITH_COUNT_RE.match(label)
            if merged:
                label, count = merged.group("label"), to_int(merged.group("count"))
        for index, value in enumerate(values, start=1):
            if index == count_col:
                count = value.count if value.count is not None else value.bare
            elif index == share_col:
                share = value.share
            else:
                share = share if share is not None else value.share
                count = count if count is not None else value.count
        if count is None and share is not None and count_col is None and grid.series == 1:
            bare = [v.bare for v in values if v.bare is not None]
            count = bare[0] if len(bare) == 1 else None
        if grid.series > 1:
            share = None
            count = count if len([v for v in values if not v.empty]) == 1 else None
        as_value = cell_value(label)
        if not label or (share is None and count is None) or as_value.share or as_value.count:
            continue  # no answer, or a value where the label should be ("23 resp.")
        if is_total_label(label):
            grid.total = count if count is not None else grid.total
            continue
        grid.categories.append(Category(label, share, count))


# --------------------------------------------------------------------------------------------
# Bare value runs
# --------------------------------------------------------------------------------------------


def is_run_token(block: TextBlock, max_chars: int) -> bool:
    """A paragraph of one short line: a value or a label of a run."""
    text = block.text.strip()
    return block.block_type == "paragraph" and "\n" not in text and len(text) <= max_chars


def is_total_label(label: str) -> bool:
    """The label of a Total row ("Total", "Base", "All respondents")."""
    return bool(_TOTAL_LABEL_RE.match(label))


def _kind(text: str) -> str:
    value = cell_value(text)
    if value.share is not None and value.count is not None:
        return "B"
    if value.share is not None:
        return "S"
    if value.count is not None or value.bare is not None:
        return "C"
    return "L"


def value_run(blocks: Sequence[TextBlock]) -> tuple[list[Category], int]:
    """Categories of a run of bare value blocks, and how many blocks they used (0: none)."""
    texts = [clean(b.text) for b in blocks]
    kinds = [_kind(t) for t in texts]
    best: tuple[list[Category], int] = ([], 0)
    best_rank = (0, False)
    for period in (3, 2):
        for offset in range(period):
            records = _records(texts[offset:], kinds[offset:], period)
            used = offset + len(records) * period
            # More values read wins; then the alignment that leaves no label over at the end
            # (a label printed after its values is not the next record's).
            rank = (len(records) * (period - 1), used == len(texts))
            if len(records) >= 2 and rank > best_rank:
                best, best_rank = (records, used), rank
    return best


def _records(texts: Sequence[str], kinds: Sequence[str], period: int) -> list[Category]:
    chunks = len(kinds) // period
    if chunks < 2:
        return []
    histogram = [Counter(kinds[c * period + j] for c in range(chunks)) for j in range(period)]
    label_pos = min(range(period), key=lambda j: -histogram[j]["L"])
    value_pos = [j for j in range(period) if j != label_pos]
    expected = {j: histogram[j].most_common(1)[0][0] for j in value_pos}
    if any(kind == "L" for kind in expected.values()) or histogram[label_pos]["L"] * 2 < chunks:
        return []
    records: list[Category] = []
    for c in range(chunks):
        chunk = range(c * period, c * period + period)
        if any(kinds[i] != expected[i - c * period] for i in chunk if i - c * period in expected):
            break
        share = count = None
        for i in chunk:
            if i - c * period == label_pos:
                continue
            value = cell_value(texts[i])
            share = value.share if value.share is not None else share
            if value.count is not None or value.bare is not None:
                count = value.count if value.count is not None else value.bare
        records.append(Category(strip_markers(texts[c * period + label_pos]), share, count))
    return records
