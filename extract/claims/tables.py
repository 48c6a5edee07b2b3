"""Tables and charts read cell by cell: a cell's number with its row, its column and its title.

A ``table`` or ``chart`` block's text is its rows, one per line, cells separated by tabs (a chart:
``[category, value per series]``, after a header ``["", series, …]`` when it has series). How a
grid is read, from its own cells only (never the document around it):

Rows and columns
    Leading rows without a value cell are header rows (a row of periods, "2019 | 2018", is a
    header too); a header cell that is a question or a long sentence is the table's title, not a
    column header. A body column is a *label* column when most of its cells are words, a *period*
    column when most are periods ("Mar 20-25, 2019", "Late December, 2007", "2022", "Q3 2024"),
    else a value column. A chart's first column is always its categories. Numbers in labels
    ("60-80%", "Between 1 and 5 years.", "1,001-5,000") and periods are never claims. A body row
    with a label and no value is a group label ("a. Republican leaders in Congress") for the
    rows below it.

Values
    A value cell states one quantity: its own unit ("39%", "$5M"), or one given by the table. A
    share with its count ("163 (75.1%)", "35% / 21 resp.", "20% (206)", or a share column beside
    a count column, "Percent | Respondents") is ONE claim: the share, with the count in
    ``respondents_count``. A bare number is a percentage when the table is a percentage
    distribution: a header or its title says so ("%", "Percent"), its rows (or columns) sum to
    100 (within ``ClaimSettings.distribution_tolerance``, in at least
    ``distribution_min_share`` of them), or its Total row is 100. A bare number under a count
    header ("Respondents", "Responses", "Count", "N", or a head ending in one that names no
    share: "Unweighted N", "Weighted n") is a count of it. Any other bare number
    has no unit: it is not published (``no_unit``). "*" and "--" are no values.
    A cell of running text (``ClaimSettings.prose_cell_min_words`` words or more) is read like a
    paragraph; a short cell (``max_mixed_cell_words`` words at most) with words and a share or an
    amount ("Cost (52%)", "+12% OS") is a value cell that gives its own subject, read like a
    sentence.

Subject, period, text
    The subject is "<title>: <label> (<column header>)": the title (:mod:`~extract.claims.titles`),
    the row's group and label, and the column's header unless it only names a unit ("Percent",
    "Respondents"); a diverging bar's shares with no heads are named by their sign ("Feature A
    (minus)" for "-8%" beside "+1%"). A header over the labels ("Sector") or an item code above them
    ("a.F1") joins the title. A count column's header says what is counted ("Responses"). A row
    whose label is a period keeps it as ``period`` ("Mar 20-25, 2019"; a footnote digit glued to the
    year dropped: "Sep 10-15, 20091" → "Sep 10-15, 2009"), and so does a column under a period
    header. A value with neither label nor column header (only a period) in a table of several value
    columns says nothing of what it measures: not published (``no_category``). A Total row is the
    base of the question (``table_total``), not a finding. ``claim_text`` is the row as written,
    cells separated by spaces, after "<title>: "; ``char_start``/``char_end`` delimit the row in the
    normalized text.

Continued tables
    A table continued after a page break or a lead-in ("ASK FORM 2 ONLY [N=752]:") often prints
    no column heads of its own, and its first rows belong to the last group of the part before
    (:class:`Carry`). A table that prints no heads over its value columns takes the heads of the
    part it continues when the two have as many columns; one without a group label or item of
    its own before its first rows takes that part's last group. A leading row with a label only
    is a group, not a header, when values follow it directly and the table has more such rows
    below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.claims.quantities import Quantity, find_quantities
from extract.claims.subject import subjects_of
from extract.genre import sentence_spans
from extract.settings import ClaimSettings
from extract.vocabulary import (
    COUNT_HEADER_WORDS,
    MONTH_FORMS,
    PERIOD_WORDS,
    SHARE_HEADER_WORDS,
    TOTAL_ROW_LABELS,
)

_SHARE = r"[-+−]?\d{1,3}(?:[.,]\d{1,2})?\s?%"
_COUNT = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)"
_RESP = r"(?:resp\.?|responses?|respondents?|votes?|answers?|people)"
SHARE_WITH_COUNT = (
    re.compile(rf"^(?P<value>{_SHARE})\s*/\s*(?P<count>{_COUNT})\s*{_RESP}?$", re.IGNORECASE),
    re.compile(rf"^(?P<count>{_COUNT})\s*[(\[]\s*(?P<value>{_SHARE})\s*[)\]]$"),
    re.compile(rf"^(?P<value>{_SHARE})\s*[(\[]\s*(?P<count>{_COUNT})\s*{_RESP}?\s*[)\]]$"),
)
_COUNT_CELL = re.compile(rf"^(?P<count>{_COUNT})\s*{_RESP}$", re.IGNORECASE)
_NUMBER_CELL = re.compile(
    r"^[(\[]?\s*(?P<sign>[-+−])?(?P<currency>[$€£])?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s?(?P<percent>%)?\s*[)\]]?"
    r"(?P<mark>[*†‡¹²³]*)$"
)
_NO_VALUE = re.compile(r"^(?:\*+|-+|–|—|n/?a|na|x|\.)$", re.IGNORECASE)
_YEAR = r"(?:19|20)\d\d"
_YEAR_WITH_MARK = re.compile(rf"\b({_YEAR})(\d{{1,2}})\b")
_ISO_DATE = re.compile(rf"^{_YEAR}(?:[-/.]\d{{1,2}}){{1,2}}$")
_MONTH = re.compile(rf"^(?:{'|'.join(MONTH_FORMS)})\.?$", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# A signed number's side: the qualifier of "+12%" / "-3%", and the side of a diverging bar.
_SIDES = {"+": "plus", "-": "minus", "−": "minus"}
_SIGNED_SHARE = re.compile(r"^\s*([-+−])\s?\d[\d.,]*\s?%")
_TOTAL = re.compile(rf"^\W*(?:{'|'.join(TOTAL_ROW_LABELS)})\b", re.IGNORECASE)
_PERIOD_JUNK = re.compile(r"\([^)]*\)|[*†‡]")
_SOURCE_PREFIX = re.compile(r"^([^:]{2,40}):\s+(.+)$")
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_TOKEN = re.compile(r"[^\W_]+")
_YEAR_TOKEN = re.compile(rf"{_YEAR}\d{{0,2}}")
_DAY_OR_QUARTER = re.compile(r"\d{1,2}|(?:fy|q|h)\d{1,4}")
_ALNUM = re.compile(r"[^\W_]")
_DASH_RUN = re.compile(r"-{2,}|—{2,}")
_UNIT_NUMBER = re.compile(r"\d\s?%|[$€£]\s?\d")


_SETTINGS = ClaimSettings()


@dataclass(frozen=True)
class Cell:
    """A cell's text (trimmed) and where it starts in the block text."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Row:
    cells: list[Cell]
    start: int  # the row's line in the block text, trimmed
    end: int
    text: str


def grid_rows(text: str) -> list[Row]:
    """The block's lines as rows of cells, with offsets into the block text."""
    rows: list[Row] = []
    offset = 0
    for line in text.split("\n"):
        cells: list[Cell] = []
        position = offset
        for raw in line.split("\t"):
            left = len(raw) - len(raw.lstrip())
            cells.append(Cell(raw.strip(), position + left))
            position += len(raw) + 1
        if line.strip():
            left = len(line) - len(line.lstrip())
            rows.append(Row(cells, offset + left, offset + len(line.rstrip()), line))
        offset += len(line) + 1
    return rows


def _split_source(text: str) -> tuple[str, str]:
    """'Gallup: Late Feb, 1991' → ('Gallup', 'Late Feb, 1991'): a source named before a period."""
    match = _SOURCE_PREFIX.match(text.strip())
    return (match.group(1), match.group(2)) if match else ("", text)


def is_period(text: str) -> bool:
    """A date or period as printed in a row or column label (see the module docstring); the
    source of a past survey may stand before it ("Gallup: Late Feb, 1991")."""
    if len(text) > 60 or not _ANY_YEAR.search(text):
        return False
    cleaned = _PERIOD_JUNK.sub(" ", _split_source(text)[1]).strip(" ,.;:")
    if not cleaned or len(cleaned) > 40:
        return False
    if _ISO_DATE.match(cleaned):
        return True
    tokens = _TOKEN.findall(cleaned.lower())
    years = [t for t in tokens if _YEAR_TOKEN.fullmatch(t)]
    if not years:
        return False
    for token in tokens:
        if token in years or token in PERIOD_WORDS or _MONTH.match(token):
            continue
        if _DAY_OR_QUARTER.fullmatch(token):
            continue
        return False
    return True


def period_text(text: str) -> str:
    """A period label as a reader writes it: a footnote digit glued to its year dropped, the
    source before it left to the label."""
    cleaned = re.sub(r"\s*\*+$", "", _split_source(text)[1].strip())
    return _YEAR_WITH_MARK.sub(lambda m: m.group(1), cleaned)


def _kind(text: str, settings: ClaimSettings, header: bool = False) -> str:
    """empty, mark (no value), value, count (N resp.), period, prose, or text. A year alone is a
    period; in a header row, so is a year with a footnote digit glued to it ("20118")."""
    if not text or not _ALNUM.search(text):
        return "empty" if not _NO_VALUE.match(text or "") or not text else "mark"
    if _NO_VALUE.match(text):
        return "mark"
    if re.fullmatch(_YEAR + (r"\d{0,2}" if header else ""), text):
        return "period"
    if _NUMBER_CELL.match(text) or any(p.match(text) for p in SHARE_WITH_COUNT):
        return "value"
    if _COUNT_CELL.match(text):
        return "count"
    if is_period(text):
        return "period"
    if _UNIT_NUMBER.search(text) and len(text.split()) <= settings.max_mixed_cell_words:
        return "value"  # "+12% OS", "Cost (52%)": a value with a word or two
    if len(text.split()) >= settings.prose_cell_min_words:
        return "prose"
    return "text"


def _header_kind(text: str, settings: ClaimSettings) -> str:
    """A header cell: title (a question or a long sentence), code, period or header."""
    if text.endswith("?") or len(text.split()) > settings.max_title_words // 2:
        return "title"
    if re.search(r"\bcontinued\b", text, re.IGNORECASE):
        return "title"
    if is_period(text):
        return "period"
    return "header"


_HEADER_WORD_RE = re.compile(r"[^\W\d_]+|%")


def _header_words(text: str) -> set[str]:
    return set(_HEADER_WORD_RE.findall(text.lower()))


def _is_count_header(text: str) -> bool:
    words = _header_words(text)
    return bool(words) and words <= set(COUNT_HEADER_WORDS) | {"of", "no", "resp"}


def _counts_in_column(text: str) -> bool:
    """A header over counts: only count words ("Respondents", "N"), or a head that ends in one
    and names no share ("Weighted n", "Unweighted N", "Number of interviews (n)"). Unlike a
    count-only head, the words before the count word say what is counted, so such a head stays
    in the subject."""
    if _is_count_header(text):
        return True
    words = _HEADER_WORD_RE.findall(text.lower())
    names_share = not set(words).isdisjoint(SHARE_HEADER_WORDS)
    return bool(words) and words[-1] in COUNT_HEADER_WORDS and not names_share


def _is_share_header(text: str) -> bool:
    words = _header_words(text)
    return bool(words) and words <= set(SHARE_HEADER_WORDS) | {"of", "respondents", "total"}


@dataclass(frozen=True)
class Carry:
    """What the next part of a continued table takes from this one: its column heads (stacked
    header cells per column) and the group of its last rows."""

    width: int
    heads: tuple[str, ...]
    group: str


@dataclass
class Grid:
    """A table or chart block read as a grid (see the module docstring)."""

    rows: list[Row]
    header_count: int
    roles: list[str]  # per column: label, period, value, prose, empty
    headers: list[str]  # per column: its header text ("" when none)
    header_periods: list[str | None]
    table_labels: list[str] = field(default_factory=list)
    heads: tuple[str, ...] = ()  # per column: its stacked heads over values ("" elsewhere)
    percent: bool = False
    label_cache: dict[int, str] = field(default_factory=dict)

    def cell(self, row: Row, column: int) -> Cell | None:
        return row.cells[column] if column < len(row.cells) else None


def _label_only(row: Row) -> bool:
    return [i for i, cell in enumerate(row.cells) if cell.text] == [0]


def read_grid(
    text: str,
    block_type: str,
    title: str | None,
    settings: ClaimSettings,
    carried: Carry | None = None,
) -> Grid:
    rows = grid_rows(text)
    header_count = 0
    while header_count < min(len(rows) - 1, settings.max_header_rows) and not any(
        _kind(cell.text, settings, header=True) in ("value", "count")
        or (_kind(cell.text, settings) == "prose" and not cell.text.endswith("?"))
        for cell in rows[header_count].cells
    ):
        if _label_only(rows[header_count]) and (
            header_count
            or (
                _header_kind(rows[0].cells[0].text, settings) == "header"
                and any(_kind(cell.text, settings) in ("value", "count") for cell in rows[1].cells)
                and any(_label_only(row) for row in rows[2:])
            )
        ):
            break  # a label alone in the first column under the header: a group of rows
        header_count += 1
    kinds = [
        [_kind(cell.text, settings, header=index < header_count) for cell in row.cells]
        for index, row in enumerate(rows)
    ]
    width = max((len(row.cells) for row in rows), default=0)
    roles: list[str] = []
    for column in range(width):
        body = [k[column] for k in kinds[header_count:] if column < len(k)]
        body = [k for k in body if k not in ("empty", "mark")]
        if block_type == "chart" and column == 0 and any(k != "count" for k in body):
            roles.append("label")
        elif not body:
            roles.append("empty")
        elif sum(k == "prose" for k in body) * 2 >= len(body):
            roles.append("prose")
        elif (
            sum(k in ("text", "prose", "period") for k in body) * 2 > len(body)
            and any(k in ("text", "prose") for k in body)
            and sum(k == "period" for k in body) * 2 <= len(body)
        ):
            roles.append("label")
        elif sum(k == "period" for k in body) * 2 > len(body):
            roles.append("period")
        else:
            roles.append("value")
    stacked: list[str] = [""] * width
    for row in rows[:header_count]:
        for column, cell in enumerate(row.cells):
            text = _DASH_RUN.sub(" ", cell.text).strip()
            if text and _header_kind(text, settings) != "title":
                stacked[column] = _join_header(stacked[column], text)
    if (
        carried is not None
        and carried.width == width
        and not any(stacked[c] for c, role in enumerate(roles) if role == "value")
    ):
        # a continued table without heads of its own: the part before's over its value columns
        stacked = [
            head if role in ("value", "prose") else own
            for own, head, role in zip(stacked, carried.heads, roles, strict=True)
        ]
    headers = [""] * width
    header_periods: list[str | None] = [None] * width
    table_labels: list[str] = []
    for column, text in enumerate(stacked):
        if not text:
            continue
        if is_period(text):
            header_periods[column] = period_text(text)
        elif roles[column] in ("value", "prose"):
            headers[column] = text
        elif text not in table_labels and not (title and text in title):
            table_labels.append(text)
    # the next part takes the heads of the value columns only (a head over the labels names
    # this part's item: "h.F2 Scientific research")
    value_heads = tuple(
        text if role in ("value", "prose") else ""
        for text, role in zip(stacked, roles, strict=True)
    )
    grid = Grid(rows, header_count, roles, headers, header_periods, table_labels, value_heads)
    grid.percent = _percent_table(grid, title, settings)
    return grid


def _join_header(above: str, text: str) -> str:
    """Header cells stacked in one column; a word hyphenated over two rows ("Satis-" over
    "fied") is joined."""
    if above.endswith("-") and text[:1].islower():
        return above[:-1] + text
    return f"{above} {text}".strip()


def _bare_number(text: str) -> float | None:
    match = _NUMBER_CELL.match(text)
    if not match or match.group("percent") or match.group("currency"):
        return None
    return float(match.group("number").replace(",", ""))


def _row_label(grid: Grid, row: Row) -> str:
    key = id(row)
    if key not in grid.label_cache:
        grid.label_cache[key] = _read_row_label(grid, row)
    return grid.label_cache[key]


def _read_row_label(grid: Grid, row: Row) -> str:
    labels = []
    for column, cell in enumerate(row.cells):
        role = grid.roles[column] if column < len(grid.roles) else "empty"
        if role == "label" and cell.text:
            labels.append(cell.text)
        elif role == "period" and is_period(cell.text) and _split_source(cell.text)[0]:
            labels.append(_split_source(cell.text)[0])  # "Gallup: Late Feb, 1991"
        elif role == "period" and _kind(cell.text, _SETTINGS) == "text":
            labels.append(cell.text)  # a group label among the periods
    return " ".join(labels)


def _is_total(grid: Grid, row: Row) -> bool:
    return bool(_TOTAL.match(_row_label(grid, row)))


def _is_net(header: str) -> bool:
    return bool(re.search(r"\b(?:total|net|nets|sub-?total)\b", header, re.IGNORECASE))


def _groups(grid: Grid, row: Row) -> list[list[float]]:
    """The row's numbers, split into groups at label and period cells (side-by-side sets); a
    net column ("Favor Total") sums others and is left out."""
    groups: list[list[float]] = [[]]
    for column, cell in enumerate(row.cells):
        role = grid.roles[column] if column < len(grid.roles) else "empty"
        if column < len(grid.headers) and _is_net(grid.headers[column]):
            continue
        if role in ("label", "period") and cell.text:
            groups.append([])
            continue
        if not cell.text:
            continue
        if cell.text.startswith("*") or _NO_VALUE.match(cell.text):
            groups[-1].append(0.0)
            continue
        match = _NUMBER_CELL.match(cell.text)
        if match and role == "value" and not match.group("currency"):
            groups[-1].append(float(match.group("number").replace(",", "")))
    return [g for g in groups if len(g) >= 2 and any(g)]


def _says_share(header: str) -> bool:
    return any(word in header.lower() for word in ("%", "percent", "percentage"))


def _other_measure(grid: Grid, header: str) -> bool:
    """A column headed by a measure of its own ("Mean age") in a table whose other heads
    mark their columns as shares: the share heads do not make its numbers percentages."""
    return (
        bool(_LETTERS.search(header))
        and not _says_share(header)
        and any(_says_share(h) for h in grid.headers if h)
    )


def _percent_table(grid: Grid, title: str | None, settings: ClaimSettings) -> bool:
    if any(word in (title or "").lower() for word in ("% of", "percent of", "percentage of")):
        return True
    if any(_says_share(h) for h in grid.headers if h):
        return True
    body = grid.rows[grid.header_count :]
    tolerance = settings.distribution_tolerance
    for row in body:
        if _is_total(grid, row):
            numbers = [_bare_number(c.text) for c in row.cells if _bare_number(c.text) is not None]
            if any(abs(n - 100) <= 0.5 for n in numbers):
                return True
    rows = [group for row in body if not _is_total(grid, row) for group in _groups(grid, row)]
    if rows:
        near = sum(abs(sum(group) - 100) <= tolerance for group in rows)
        if near >= settings.distribution_min_share * len(rows):
            return True
    columns = [
        column
        for column, role in enumerate(grid.roles)
        if role == "value" and not _is_count_header(grid.headers[column])
    ]
    sums = []
    for column in columns:
        numbers = [
            _bare_number(row.cells[column].text)
            for row in body
            if column < len(row.cells) and not _is_total(grid, row)
        ]
        numbers = [n for n in numbers if n is not None]
        if len(numbers) >= 2:
            sums.append(sum(numbers))
    return bool(sums) and all(abs(s - 100) <= tolerance for s in sums)


@dataclass
class CellClaim:
    """A quantity read from one cell, with what the grid says about it."""

    quantity: Quantity  # offsets into the cell text (prose cells: into the sentence)
    unit_start: int  # where the unit of text the quantity was read in starts in the block
    unit_text: str  # that unit of text (the cell, or a sentence of a prose cell)
    row: Row
    subject: str | None
    period: str | None = None
    respondents_count: int | None = None
    reason: str | None = None  # why it is not published, if it is not
    prose: bool = False  # read as running text (claim_text is the sentence)


def _parse_count(text: str) -> int:
    return abs(int(re.sub(r"[,+\-−]", "", text)))


def _bare_quantity(cell: Cell, unit: str) -> Quantity | None:
    match = _NUMBER_CELL.match(cell.text)
    if not match:
        return None
    start, end = match.start("number"), match.end("number")
    value = float(match.group("number").replace(",", ""))
    flags: tuple[str, ...] = ()
    if unit == "percent" and value > 100:
        flags, value_or_none = ("percent_over_100",), None
    else:
        value_or_none = value
    sign = match.group("sign")
    qualifier = _SIDES.get(sign or "")
    span_start = match.start("sign") if sign else start
    return Quantity.at(
        start,
        cell.text[start:end],
        unit,
        value=value_or_none,
        qualifier=qualifier,
        flags=flags,
        span_start=span_start,
        tail_end=end,
    )


def _share_count(text: str) -> int | None:
    for pattern in SHARE_WITH_COUNT:
        match = pattern.match(text)
        if match:
            return _parse_count(match.group("count"))
    return None


def _column_header(grid: Grid, column: int) -> str:
    header = grid.headers[column] if column < len(grid.headers) else ""
    if not header or not _LETTERS.search(header) or _is_share_header(header):
        return ""
    if _is_count_header(header):
        return ""
    return header


def _signed_side(row: Row, column: int, value_columns: list[int]) -> str:
    """A diverging bar prints both sides of an item as signed shares under no heads ("+1%",
    "-8%"): the sign is all that names the side, so it goes into the subject ("Feature A
    (minus)") rather than leaving the "-8%" side to read as the "+" one."""

    def sign(text: str) -> str:
        match = _SIGNED_SHARE.match(text)
        return _SIDES[match.group(1)] if match else ""

    own = sign(row.cells[column].text) if column < len(row.cells) else ""
    if not own:
        return ""
    others = {sign(row.cells[c].text) for c in value_columns if c != column and c < len(row.cells)}
    return own if others - {own, ""} else ""


def _compose(title: str | None, labels: list[str], category: str, column: str) -> str | None:
    body = " ".join(part for part in (category,) if part)
    if column:
        body = f"{body} ({column})" if body else column
    context = ": ".join(part for part in (title, *labels) if part)
    if not body:
        return None
    return f"{context}: {body}" if context else body


@dataclass(frozen=True)
class GridReading:
    """A table or chart block's quantities, and what a part continuing it takes from it."""

    claims: list[CellClaim]
    carry: Carry


def grid_claims(
    text: str,
    block_type: str,
    title: str | None,
    settings: ClaimSettings,
    carried: Carry | None = None,
) -> GridReading:
    """Every quantity of a table or chart block, with its subject, period and count; ``carried``
    is what the part it continues leaves (see "Continued tables" above)."""
    grid = read_grid(text, block_type, title, settings, carried)
    found: list[CellClaim] = []
    width = len(grid.roles)
    group = (
        carried.group
        if carried is not None and carried.width == width and not grid.table_labels
        else ""
    )
    value_columns = [c for c, role in enumerate(grid.roles) if role == "value"]
    for row in grid.rows[grid.header_count :]:
        label = _row_label(grid, row)
        has_value = any(
            column < len(grid.roles)
            and grid.roles[column] in ("value", "prose")
            and cell.text
            and not _NO_VALUE.match(cell.text)
            for column, cell in enumerate(row.cells)
        )
        if label and not has_value:
            group = label
            continue
        found.extend(_row_claims(grid, row, label, group, title, value_columns, settings))
    return GridReading(found, Carry(width, grid.heads, group))


def _row_period(grid: Grid, row: Row, column: int) -> str | None:
    period = None
    for index, cell in enumerate(row.cells[: column + 1]):
        if index < len(grid.roles) and grid.roles[index] == "period" and is_period(cell.text):
            period = period_text(cell.text)
    if period is None and is_period(_row_label(grid, row)):
        period = period_text(_row_label(grid, row))
    return period or (grid.header_periods[column] if column < len(grid.header_periods) else None)


def _row_claims(
    grid: Grid,
    row: Row,
    label: str,
    group: str,
    title: str | None,
    value_columns: list[int],
    settings: ClaimSettings,
) -> list[CellClaim]:
    claims: list[CellClaim] = []
    total = bool(_TOTAL.match(label))
    count_cells = {
        column: cell
        for column, cell in enumerate(row.cells)
        if column < len(grid.roles)
        and grid.roles[column] == "value"
        and _counts_in_column(grid.headers[column])
        and _bare_number(cell.text) is not None
    }
    count_column_cells = dict(count_cells)
    for column, cell in enumerate(row.cells):
        if column >= len(grid.roles) or not cell.text or _NO_VALUE.match(cell.text):
            continue
        role = grid.roles[column]
        if role == "prose":
            claims.extend(_prose_cell(cell, row, title, settings))
            continue
        if role == "label" or (role == "period" and is_period(cell.text)):
            continue
        if role == "empty":
            continue
        claims.extend(
            _value_cell(
                grid,
                row,
                column,
                cell,
                label,
                group,
                title,
                count_column_cells,
                value_columns,
                settings,
                total,
            )
        )
    return claims


def _value_cell(
    grid: Grid,
    row: Row,
    column: int,
    cell: Cell,
    label: str,
    group: str,
    title: str | None,
    count_cells: dict[int, Cell],
    value_columns: list[int],
    settings: ClaimSettings,
    total: bool,
) -> list[CellClaim]:
    header = grid.headers[column] if column < len(grid.headers) else ""
    period = _row_period(grid, row, column)
    if column in count_cells:
        # A count beside a share in the same row is the share's count, not a claim of its own.
        shares = [
            c
            for c in value_columns
            if c != column
            and c < len(row.cells)
            and (grid.percent or "%" in row.cells[c].text)
            and c not in count_cells
            and re.search(r"\d", row.cells[c].text)
        ]
        if shares:
            return []
    quantities = find_quantities(cell.text, settings)
    count = _share_count(cell.text)
    own_subjects: list[str | None] = [None] * len(quantities)
    if quantities and _LETTERS.search(cell.text) and count is None:
        own_subjects = subjects_of(cell.text, quantities, None, "paragraph", settings)
    if not quantities:
        if _COUNT_CELL.match(cell.text):
            return []  # "23 resp." read as a category: the count of the row's share
        unit = None
        if column in count_cells or _counts_in_column(header):
            unit = "count"
        elif grid.percent and not _other_measure(grid, header):
            unit = "percent"
        quantity = _bare_quantity(cell, unit or "other")
        if quantity is None:
            return []
        quantities, own_subjects = [quantity], [None]
        if unit is None:
            return [_cell_claim(quantity, cell, row, None, period, None, "no_unit")]
    if count is None:
        paired = [c for c in count_cells if c != column]
        if len(paired) == 1 and any(q.unit == "percent" for q in quantities):
            count = _bare_number(count_cells[paired[0]].text)
            count = int(count) if count is not None else None
        if count is None:
            category_count = next(
                (_COUNT_CELL.match(c.text) for c in row.cells if _COUNT_CELL.match(c.text)), None
            )
            if category_count:
                count = _parse_count(category_count.group("count"))
    if label and is_period(label):
        label = _split_source(label)[0]  # the row is a period: "Gallup: Late Feb, 1991" → Gallup
    column_header = _column_header(grid, column) or _signed_side(row, column, value_columns)
    counted = header if (_is_count_header(header) and not label) else ""
    labels = [*grid.table_labels]
    claims = []
    for quantity, own in zip(quantities, own_subjects, strict=True):
        category = " ".join(part for part in (group, label, own or "") if part)
        if not category and counted:
            category = counted
        reason = "table_total" if total else None
        if not category and not column_header:
            several = len(value_columns) > 1
            if period and not several:
                category = period
            elif reason is None:
                reason = "no_category"
        subject = _compose(title, labels, category, column_header)
        if subject is None and reason is None:
            reason = "no_category"
        claims.append(_cell_claim(quantity, cell, row, subject, period, count, reason))
    return claims


def _cell_claim(
    quantity: Quantity,
    cell: Cell,
    row: Row,
    subject: str | None,
    period: str | None,
    count: int | None,
    reason: str | None,
) -> CellClaim:
    return CellClaim(
        quantity=quantity,
        unit_start=cell.start,
        unit_text=cell.text,
        row=row,
        subject=subject,
        period=period,
        respondents_count=count,
        reason=reason,
    )


def _prose_cell(
    cell: Cell, row: Row, title: str | None, settings: ClaimSettings
) -> list[CellClaim]:
    claims = []
    for start, end in sentence_spans(cell.text):
        sentence = cell.text[start:end]
        quantities = find_quantities(sentence, settings)
        if not quantities:
            continue
        subjects = subjects_of(sentence, quantities, None, "paragraph", settings)
        for quantity, subject in zip(quantities, subjects, strict=True):
            claims.append(
                CellClaim(
                    quantity=quantity,
                    unit_start=cell.start + start,
                    unit_text=sentence,
                    row=row,
                    subject=subject,
                    prose=True,
                )
            )
    return claims
