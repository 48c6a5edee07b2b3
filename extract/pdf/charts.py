"""Charts printed as text: each value label paired with its category label by page geometry.

A chart drawn in a PDF keeps its labels as text and its bars, slices and leader lines as shapes,
so its values come out of a text layer as runs of bare numbers ("39% 22% 10% 29%") apart from
the labels they belong to. This stage puts them back together, from the geometry of the page
only (never the wording), before unruled tables are looked for, and turns each chart into a
table draft of kind ``chart``: one row per category, one value column per series.

Value labels
    A run of words on one line (words closer than ``PdfSettings.chart_run_gap_ratio`` of their
    font size) that reads as a share: "39%", "57.5 %", a share with its count ("35% / 21 resp.",
    "163 (75.1%)"). A share inside a line of words is running text, not a value label; a share
    with numbers beside it on its row and above or below it in its column is a cell of a grid of
    numbers (a table), left to the table stages.

Axis ticks
    Three or more numbers in one row or one column whose differences are all equal ("0 5 10
    15", "0% 20% 40%") are the ticks of an axis: taken off the page, never paired, never claims.

Category labels
    Runs of words that are not values (numeric ranges such as "60-80%" or "1,001-5,000" are
    labels), wrapped labels rejoined: runs of the same size and weight stacked within
    ``chart_label_leading_ratio`` of the font size that overlap and align (left, right or
    centre). Lines of running text (more than ``chart_max_label_words`` words, or wider than
    ``chart_max_label_width_share`` of the page) are never labels.

Pairing
    Each value goes to the label its geometry points at, one label per value, as many values
    paired as can be at the least total cost (an assignment, so that crowded leader lines of
    thin slices pair one to one): a leader line with one end at the label and the other at
    the value (donut and pie charts); the label at the base of the bar the value is printed on
    or at the end of (under a column, before a horizontal bar); the label right under it (a
    pie's "21%" over "Stay the same") or right over it, each within
    ``chart_max_label_gap_ratio`` of the font size and centred on it; the label before it on
    its row (bar charts: label, bar, value); the label after it on its row (a legend-like
    list). A value with another number on its row is a table cell (or one of a row of column
    values): its label is never read along the row. Costs are gaps in font sizes, weighted by
    how often each layout is the right reading (``chart_*_weight``).

Stacked bars
    A stacked bar (or column) is a chain of two or more filled shapes in legend colours (a
    legend key is a small square just before its label), of one breadth, each starting where
    the one before ends (within a point, or overlapping it). Values printed on its segments,
    each series once, share the label before the bar (level with it) or under the column
    (centred on it), within ``chart_max_label_gap_ratio`` of the font size, or farther when
    its left edge lines up with the near labels of the other bars; a label names one bar only.
    Each value's series is the legend entry of its segment's colour; a share printed just past
    a bar's end labels its last segment when that segment is too thin to hold it. Three or more
    bars cut at the same places are a table's shaded cells, not bars.

Bars
    Filled rectangles of one thickness that start from one line (a chart's base) and differ in
    length by more than ``PdfSettings.bar_min_length_spread`` are the bars of a chart: their
    edges rule no table (table shading has equal lengths, rules are thin).

Charts
    The pairs of a page are grouped into charts: pairs whose boxes lie within
    ``chart_join_gap_ratio`` of the font size of each other join, and so do values on bars
    that stand on one base (a column chart's foot, a bar chart's left edge); values joined to their
    labels by leader lines join when they label one pie (their slices and the filled shapes
    around them lie within a font size of one another) and never when they label two. A chart
    needs ``chart_min_values`` values. Its words (values, labels, ticks, legend) leave the
    page's free words; the rest of the page is read as before. A chart is a table of a row per
    category and a column per series; no value is left out (one without a series gets a
    column with no head, a second value for a category and series another row).
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from extract.blocks import BBox
from extract.pdf.model import Obj, Page, Shape, TableDraft, Word, bbox
from extract.settings import PdfSettings
from extract.vocabulary import COUNT_SUFFIXES

_SHARE = r"[-+−]?\d{1,3}(?:[.,]\d{1,2})?\s?%"
_COUNT = rf"\d[\d,]*\s*(?:{'|'.join(COUNT_SUFFIXES)})"
_VALUE_RUN_RES = (
    # "39%", "57.5 %", "35% / 21 resp."
    re.compile(rf"^(?P<value>{_SHARE})(?:\s*/\s*(?P<count>{_COUNT}))?$", re.IGNORECASE),
    # "163 (75.1%)"
    re.compile(rf"^(?P<count>\d[\d,]*)\s*[(\[]\s*(?P<value>{_SHARE})\s*[)\]]$"),
)
_SHARE_RE = re.compile(rf"^{_SHARE}$")
# A count printed on a line of its own under its share ("38%" over "19 resp.").
_COUNT_RUN_RE = re.compile(rf"^{_COUNT}$", re.IGNORECASE)
_TICK_RE = re.compile(r"^[-+−]?\$?\d[\d,]*(?:\.\d+)?\s?%?$")
_LETTER_RE = re.compile(r"[^\W\d_]")


class _Run:
    """Words of one line set closely together: a value label, a label line or a tick; or a
    wrapped label of several lines. Its box and style are kept up to date as words are added."""

    def __init__(self, words: Sequence[Word]) -> None:
        self.words: list[Word] = []
        self.x0 = self.top = math.inf
        self.x1 = self.bottom = -math.inf
        self.add(words)

    def add(self, words: Sequence[Word]) -> None:
        self.words.extend(words)
        self.x0 = min(self.x0, *(w.x0 for w in words))
        self.top = min(self.top, *(w.top for w in words))
        self.x1 = max(self.x1, *(w.x1 for w in words))
        self.bottom = max(self.bottom, *(w.bottom for w in words))
        self.text = " ".join(w.text for w in self.words)
        self.size = statistics.median(w.size for w in self.words)
        self.bold = sum(w.bold for w in self.words) * 2 > len(self.words)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(eq=False)
class _Value:
    run: _Run
    text: str
    label: _Run | None = None
    series: _Run | None = None
    layout: str = ""
    count: _Run | None = None  # "19 resp." printed under the share
    frame: Shape | None = None  # the rating scale's track it stands on, read as its column

    @property
    def bottom(self) -> float:
        return self.count.bottom if self.count is not None else self.run.bottom


@dataclass
class _Chart:
    values: list[_Value] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)


def value_text(run_text: str) -> str | None:
    """The share a value label states ("35% / 21 resp." -> "35%"), or None if it is not one."""
    for pattern in _VALUE_RUN_RES:
        match = pattern.match(run_text)
        if match:
            return run_text
    return None


def chart_tables(
    page: Page, words: list[Word], settings: PdfSettings
) -> tuple[list[TableDraft], list[Word]]:
    """The charts among ``words`` as table drafts, and the words they did not take.

    It runs before the table stages: the bars of a chart drawn as rectangles would otherwise
    read as a ruled grid."""
    runs = _runs(words, settings, [s for s in page.shapes if s.bar == "column"])
    values = [_Value(run, run.text) for run in runs if value_text(run.text)]
    if len(values) < settings.chart_min_values:
        return [], words
    ticks = _axis_ticks(runs)
    values = [v for v in values if id(v.run) not in ticks]
    counted = _counts_under(values, runs)
    frames = _frames(values, page, settings)
    # a rating scale's points, centred under the tracks their shares stand on, are categories
    points = {id(run) for run in runs if any(_at_foot(run, frame, settings) for frame in frames)}
    ticks -= points
    texts = [
        run
        for run in runs
        if id(run) not in ticks
        and id(run) not in counted
        and not value_text(run.text)
        and (id(run) in points or not _is_tick(run.text))
    ]
    labels = [
        label
        for label in _stack(texts, settings)
        if len(label.words) <= settings.chart_max_label_words
        and (label.x1 - label.x0) <= settings.chart_max_label_width_share * page.frame.width
    ]
    numbers = [
        run for run in runs if id(run) not in ticks and (value_text(run.text) or _is_tick(run.text))
    ]
    stacked = _stacked_bars(values, labels, page.shapes, settings)
    sliced = _legend_slices([v for v in values if id(v) not in stacked], labels, page, settings)
    keyed = stacked | sliced
    values = [
        v for v in values if id(v) in keyed or not _in_number_grid(v.run, numbers, texts, settings)
    ]
    named = {id(v.label) for v in values if id(v) in sliced}
    _pair(
        [v for v in values if id(v) not in keyed],
        [label for label in labels if id(label) not in named],
        numbers,
        page.shapes,
        settings,
    )
    paired = [v for v in values if v.label is not None]
    charts = _charts(
        paired, _pies(paired, page, page.shapes, settings), _bases(paired, page.shapes), settings
    )
    drafts: list[TableDraft] = []
    taken: set[int] = set()
    for chart in charts:
        if len(chart.values) < settings.chart_min_values:
            continue
        chart_words = _chart_words(chart, runs, ticks)
        drafts.append(_draft(chart, chart_words))
        taken.update(id(w) for w in chart_words)
    return drafts, [w for w in words if id(w) not in taken]


def bar_shapes(shapes: Sequence[Obj], settings: PdfSettings) -> dict[int, str]:
    """The filled rectangles (pdfplumber objects, by index) that are the bars of a chart, each
    with its orientation: "column" (grows up from a common base) or "row" (grows right)."""
    filled = [
        (i, s)
        for i, s in enumerate(shapes)
        if s.get("fill")
        and s.get("object_type") == "rect"
        and min(s["x1"] - s["x0"], s["bottom"] - s["top"]) > settings.ruling_max_width
    ]
    bars: dict[int, str] = {}
    groupings = (
        (lambda s: (round(s["bottom"]), round(s["x1"] - s["x0"])), "height", "column"),
        (lambda s: (round(s["x0"]), round(s["bottom"] - s["top"])), "width", "row"),
    )
    for key, length, orientation in groupings:
        groups: dict[tuple, list[int]] = {}
        for i, s in filled:
            groups.setdefault(key(s), []).append(i)
        for members in groups.values():
            if len(members) < 2:
                continue
            lengths = [shapes[i][length] for i in members]
            if max(lengths) > (1 + settings.bar_min_length_spread) * min(lengths):
                bars.update(dict.fromkeys(members, orientation))
    return bars


# ---------------------------------------------------------------------------------------------
# Runs, ticks and labels


def _runs(
    words: Sequence[Word], settings: PdfSettings, columns: Sequence[Shape] = ()
) -> list[_Run]:
    """Words into runs: same line (vertical overlap), gaps under ``chart_run_gap_ratio``; words
    under the feet of column bars are cut between two columns' labels (the labels of narrow
    columns are set almost touching)."""
    rows: list[list[Word]] = []
    # Rows start in the order of their first word's centre. A row whose first word's centre is
    # more than the tallest word's height above this word's cannot overlap it, nor any later
    # word: it is passed over for good (a point of slack against rounding).
    reach = max((w.bottom - w.top for w in words), default=0.0) + 1.0
    start = 0
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        height = word.bottom - word.top
        centre = word.cy
        while start < len(rows) and rows[start][0].cy < centre - reach:
            start += 1
        for row in itertools.islice(rows, start, None):
            first = row[0]
            overlap = min(first.bottom, word.bottom) - max(first.top, word.top)
            if overlap > 0.5 * min(first.bottom - first.top, height):
                row.append(word)
                break
        else:
            rows.append([word])
    feet = _column_feet(columns)
    runs: list[_Run] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for word in row[1:]:
            gap = word.x0 - current[-1].x1
            # two shares side by side are two labels however close ("6.9%" "5%")
            shares = _SHARE_RE.match(current[-1].text) and _SHARE_RE.match(word.text)
            apart = shares or (feet and _under_two_columns(current[-1], word, feet, settings))
            if apart or gap > settings.chart_run_gap_ratio * min(word.size, current[-1].size):
                runs.append(_Run(current))
                current = [word]
            else:
                current.append(word)
        runs.append(_Run(current))
    return runs


def _column_feet(columns: Sequence[Shape]) -> list[Shape]:
    """The lowest shape of each column bar (a stacked column's stands on the foot), left to
    right."""
    lowest: dict[tuple[int, int], Shape] = {}
    for column in columns:
        key = (round(column.x0), round(column.x1))
        if key not in lowest or column.bottom > lowest[key].bottom:
            lowest[key] = column
    return sorted(lowest.values(), key=lambda c: c.x0)


def _under_two_columns(
    left: Word, right: Word, feet: Sequence[Shape], settings: PdfSettings
) -> bool:
    """Two words right under the feet of a chart's columns (within
    ``chart_max_label_gap_ratio`` of their size) that belong to two columns: each centred
    under another column, or with the gap between them over the middle of the gap between two
    neighbouring columns."""
    reach = settings.chart_max_label_gap_ratio * left.size
    under = [c for c in feet if c.bottom - 1 <= left.top <= c.bottom + reach]
    owners = [
        next((i for i, c in enumerate(under) if c.x0 <= word.cx <= c.x1), None)
        for word in (left, right)
    ]
    if None not in owners and owners[0] != owners[1]:
        return True
    for a, b in itertools.pairwise(under):
        if a.x1 < b.x0 and abs(a.bottom - b.bottom) <= 1:
            quarter = (b.x0 - a.x1) / 4
            if left.x1 <= b.x0 - quarter and right.x0 >= a.x1 + quarter:
                return True
    return False


def _counts_under(values: Sequence[_Value], runs: Sequence[_Run]) -> set[int]:
    """A count on a line of its own right under a share ("38%" over "19 resp.") is the share's:
    the value reads "38% / 19 resp." and the count is no label. Returns the counts' run ids."""
    taken: set[int] = set()
    for value in values:
        run, size = value.run, max(value.run.size, 1.0)
        for other in runs:
            if id(other) in taken or not _COUNT_RUN_RE.match(other.text):
                continue
            below = other.top - run.bottom
            if abs(other.cx - run.cx) <= size and -0.2 * size <= below <= 0.8 * size:
                value.count, value.text = other, f"{value.text} / {other.text}"
                taken.add(id(other))
                break
    return taken


def _frames(values: Sequence[_Value], page: Page, settings: PdfSettings) -> list[Shape]:
    """The tracks of a rating scale's columns: for a share on no bar, the filled shape centred
    under it (and its count) that starts within a font size and a half below them, taller than
    two font sizes and no panel -- kept only where two or more such frames of one size stand
    in a row (a lone box under a number is no track). Sets each such value's ``frame``."""
    limit = settings.chart_max_slice_page_share * page.frame.width * page.frame.height
    for value in values:
        run, size = value.run, max(value.run.size, 1.0)
        if _bar_of(run, page.shapes, size) is not None:
            continue
        under = [
            shape
            for shape in page.shapes
            if shape.fill is not None
            and shape.x0 <= run.cx <= shape.x1
            and shape.x1 - shape.x0 >= run.x1 - run.x0
            and value.bottom - 0.3 * size <= shape.top <= value.bottom + 1.5 * size
            and shape.bottom - shape.top > 2 * size
            and _area(shape) < limit
        ]
        if under:
            value.frame = replace(max(under, key=lambda shape: shape.bottom), bar="column")

    def key(frame: Shape) -> tuple[int, int, int]:
        return round(frame.x1 - frame.x0), round(frame.top), round(frame.bottom)

    sizes = Counter(key(v.frame) for v in values if v.frame is not None)
    for value in values:
        if value.frame is not None and sizes[key(value.frame)] < 2:
            value.frame = None
    return [v.frame for v in values if v.frame is not None]


def _at_foot(run: _Run, frame: Shape, settings: PdfSettings) -> bool:
    """Is the run centred under the frame's foot (within ``chart_max_label_gap_ratio``)?"""
    gap = run.top - frame.bottom
    centred = run.x0 - run.size <= (frame.x0 + frame.x1) / 2 <= run.x1 + run.size
    return centred and -0.3 * run.size <= gap <= settings.chart_max_label_gap_ratio * run.size


def _is_tick(text: str) -> bool:
    return bool(_TICK_RE.match(text))


def _number(text: str) -> float:
    cleaned = re.sub(r"[^\d.\-−]", "", text.replace(",", "")).replace("−", "-")
    try:
        return float(cleaned)
    except ValueError:
        return math.nan


def _axis_ticks(runs: Sequence[_Run]) -> set[int]:
    """Runs of numbers in a row or a column with equal steps: axis ticks."""
    numeric = [r for r in runs if _is_tick(r.text)]
    ticks: set[int] = set()
    groupings = (
        (lambda r: r.cy, lambda r: r.cx),  # a row of ticks under a column chart
        (lambda r: r.cx, lambda r: r.cy),  # a column of ticks, centred
        (lambda r: r.x1, lambda r: r.cy),  # a column of ticks, right-aligned
    )
    for position, along in groupings:
        for group in _aligned(numeric, position):
            if len(group) < 3:
                continue
            group.sort(key=along)
            numbers = [_number(r.text) for r in group]
            if any(math.isnan(n) for n in numbers):
                continue
            steps = {round(b - a, 6) for a, b in itertools.pairwise(numbers)}
            if len(steps) == 1 and next(iter(steps)) != 0:
                ticks.update(id(r) for r in group)
    return ticks


def _aligned(runs: Sequence[_Run], position: object) -> list[list[_Run]]:
    """Runs grouped by a coordinate, within a third of their height of each other."""
    groups: list[list[_Run]] = []
    for run in sorted(runs, key=position):  # type: ignore[arg-type]
        here = position(run)  # type: ignore[operator]
        if groups and here - position(groups[-1][-1]) <= run.height / 3:  # type: ignore[operator]
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _stack(runs: Sequence[_Run], settings: PdfSettings) -> list[_Run]:
    """Wrapped labels rejoined: same style, stacked closely, overlapping and aligned."""
    labels: list[_Run] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if not _LETTER_RE.search(run.text) and not re.search(r"\d", run.text):
            continue
        for label in labels:
            gap = run.top - label.bottom
            if not -0.3 * run.size < gap < settings.chart_label_leading_ratio * run.size:
                continue
            if abs(label.size - run.size) > 0.15 * run.size or label.bold != run.bold:
                continue
            if min(label.x1, run.x1) <= max(label.x0, run.x0):
                continue
            width = max(label.x1 - label.x0, run.x1 - run.x0)
            tolerance = 0.1 * run.size
            if (
                abs(label.cx - run.cx) <= 0.25 * width
                or abs(label.x0 - run.x0) <= tolerance
                or abs(label.x1 - run.x1) <= tolerance
            ):
                label.add(run.words)
                break
        else:
            labels.append(_Run(list(run.words)))
    return labels


# ---------------------------------------------------------------------------------------------
# Pairing


def _distance_to_box(x: float, y: float, run: _Run) -> float:
    dx = max(run.x0 - x, 0.0, x - run.x1)
    dy = max(run.top - y, 0.0, y - run.bottom)
    return math.hypot(dx, dy)


def _leader_ends(run: _Run, shapes: Sequence[Shape], size: float) -> list[tuple[tuple, float]]:
    """The far ends of the open lines (leader lines) that start at a value label, each with the
    distance of its near end from the value."""
    ends = []
    for shape in shapes:
        if shape.fill or len(shape.points) < 2:
            continue
        start, end = shape.points[0], shape.points[-1]
        if math.dist(start, end) < size:
            continue  # a closed outline, not a line from one place to another
        for near, far in ((start, end), (end, start)):
            distance = _distance_to_box(*near, run)
            if distance <= 2.5 * size:
                ends.append((far, distance))
    return ends


def _leader_cost(ends: Sequence[tuple[tuple, float]], label: _Run, size: float) -> float | None:
    """A leader line from the value ending at the label: its cost (both ends' distances), else
    None."""
    costs = [
        (at_label + at_value) / size
        for far, at_value in ends
        if (at_label := _distance_to_box(*far, label)) <= 0.8 * size
    ]
    return min(costs) if costs else None


def _bar_of(run: _Run, shapes: Sequence[Shape], size: float) -> Shape | None:
    """The bar a value label is printed on or at the end of (within a font size of it)."""
    for shape in shapes:
        on_column = (
            shape.bar == "column"
            and shape.x0 <= run.cx <= shape.x1
            and shape.top - 1.5 * size <= run.cy <= shape.bottom
        )
        on_row = (
            shape.bar == "row"
            and shape.top <= run.cy <= shape.bottom
            and shape.x0 <= run.cx <= shape.x1 + 1.5 * size + (run.x1 - run.x0)
        )
        if on_column or on_row:
            return shape
    return None


def _bar_label_cost(bar: Shape, label: _Run, size: float, settings: PdfSettings) -> float | None:
    """The cost of the label at the base of a bar: under a column, before a row's bar."""
    if bar.bar == "column":
        gap = label.top - bar.bottom
        centred = label.x0 - 0.5 * size <= (bar.x0 + bar.x1) / 2 <= label.x1 + 0.5 * size
        if centred and -0.3 * size <= gap <= settings.chart_max_label_gap_ratio * size:
            return max(gap, 0.0) / size * settings.chart_bar_weight
        return None
    gap = bar.x0 - label.x1
    level = label.top - 0.3 * size <= (bar.top + bar.bottom) / 2 <= label.bottom + 0.3 * size
    if level and -0.3 * size <= gap <= settings.chart_max_label_gap_ratio * size:
        return max(gap, 0.0) / size * settings.chart_bar_weight
    return None


def _same_row(a: _Run, b: _Run) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.4 * min(a.height, b.height)


def _same_column(a: _Run, b: _Run) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _in_number_grid(
    run: _Run, numbers: Sequence[_Run], texts: Sequence[_Run], settings: PdfSettings
) -> bool:
    """Numbers close beside it on its row, and right above or below it in its column with no
    words between them: a cell of a table."""
    reach = settings.chart_grid_gap_ratio * run.size
    others = [n for n in numbers if n is not run]
    if not any(_same_row(n, run) and max(n.x0 - run.x1, run.x0 - n.x1) <= reach for n in others):
        return False
    for other in others:
        if not _same_column(other, run) or _same_row(other, run):
            continue
        if max(other.top - run.bottom, run.top - other.bottom) > reach:
            continue
        top, bottom = min(run.bottom, other.bottom), max(run.top, other.top)
        between = any(
            _same_column(text, run) and text.top >= top - 1 and text.bottom <= bottom + 1
            for text in texts
        )
        if not between:
            return True
    return False


def _pair(
    values: list[_Value],
    labels: list[_Run],
    numbers: Sequence[_Run],
    shapes: Sequence[Shape],
    settings: PdfSettings,
) -> None:
    """Each value with its label, cheapest layout first, one label per value."""
    candidates: list[tuple[float, int, int, str]] = []
    for vi, value in enumerate(values):
        run = value.run
        size = max(run.size, 1.0)
        # A value with another number on its row is a cell of a table row (or one of a row of
        # column values): its label is not read along the row.
        alone_on_row = not any(n is not run and _same_row(n, run) for n in numbers)
        bar = _bar_of(run, shapes, size) or value.frame
        ends = _leader_ends(run, shapes, size)
        for li, label in enumerate(labels):
            if bar is not None:
                cost = _bar_label_cost(bar, label, size, settings)
                if cost is not None:
                    candidates.append((cost, vi, li, "bar"))
            leader = _leader_cost(ends, label, size) if ends else None
            if leader is not None:
                candidates.append((leader * settings.chart_leader_weight, vi, li, "leader"))
            if alone_on_row and _same_row(run, label):
                if label.x1 <= run.x0 + 0.2 * size:
                    gap = (run.x0 - label.x1) / size
                    candidates.append((gap * settings.chart_row_weight, vi, li, "before"))
                elif label.x0 >= run.x1 - 0.2 * size:
                    gap = (label.x0 - run.x1) / size
                    candidates.append((gap * settings.chart_after_weight + 1, vi, li, "after"))
            centred = label.x0 - 0.5 * size <= run.cx <= label.x1 + 0.5 * size
            if not centred:
                continue
            off_centre = abs(label.cx - run.cx) / size * settings.chart_off_centre_weight
            below = label.top - run.bottom
            if -0.3 * size <= below <= settings.chart_max_label_gap_ratio * size:
                candidates.append((max(below, 0.0) / size + off_centre, vi, li, "below"))
            above = run.top - label.bottom
            if -0.3 * size <= above <= settings.chart_max_label_gap_ratio * size:
                cost = max(above, 0.0) / size + off_centre + settings.chart_above_penalty
                candidates.append((cost, vi, li, "above"))
    if not candidates:
        return
    # One label per value at the least total cost (an assignment, not cheapest-first, so that
    # a value whose cheapest label is another's only one, as with the crowded leader lines of
    # thin slices, takes its next label when that one is nearly as cheap).
    cheapest: dict[tuple[int, int], tuple[float, str]] = {}
    for cost, vi, li, layout in candidates:
        if (vi, li) not in cheapest or cost < cheapest[(vi, li)][0]:
            cheapest[(vi, li)] = (cost, layout)
    margin = settings.chart_reassign_margin
    for vi, li in _assignment(cheapest, len(values), len(labels), margin):
        values[vi].label, values[vi].layout = labels[li], cheapest[(vi, li)][1]


def _assignment(
    costs: dict[tuple[int, int], tuple[float, str]], rows: int, columns: int, margin: float
) -> list[tuple[int, int]]:
    """The (row, column) pairs of an assignment that pairs as many rows as can be at the least
    total cost, each row choosing only among columns within ``margin`` of its cheapest: a row
    gives up its cheapest column to another only for one nearly as cheap."""
    best: dict[int, tuple[float, int]] = {}
    for (row, column), (cost, _) in costs.items():
        if row not in best or cost < best[row][0]:
            best[row] = (cost, column)
    if len({column for _, column in best.values()}) == len(best):
        return [(row, column) for row, (_, column) in best.items()]  # no cheapest contested
    # scipy.optimize costs most of a second to import: only where labels are contested
    from scipy.optimize import linear_sum_assignment

    near = {pair: cost for pair, (cost, _) in costs.items() if cost <= best[pair[0]][0] + margin}
    blocked = 1.0 + sum(near.values())
    matrix = np.full((rows, columns), blocked)
    for (row, column), cost in near.items():
        matrix[row, column] = cost
    return [
        (row, column)
        for row, column in zip(*linear_sum_assignment(matrix), strict=True)
        if (row, column) in near
    ]


def _same_colour(a: tuple, b: tuple, tolerance: float) -> bool:
    if len(a) != len(b):
        return False
    return all(abs(float(x) - float(y)) <= tolerance for x, y in zip(a, b, strict=True))


@dataclass
class _Bar:
    """A stacked bar: filled shapes in legend colours, of one breadth, abutting one another
    along its length (left to right for a row's bar, top to bottom for a column)."""

    row: bool
    segments: list[Shape]
    colours: list[tuple]

    def length_edges(self, shape: Shape) -> tuple[float, float]:
        return (shape.x0, shape.x1) if self.row else (shape.top, shape.bottom)

    def inner_edges(self) -> tuple[float, ...]:
        return tuple(self.length_edges(s)[1] for s in self.segments[:-1])


def _legend_keys(
    labels: Sequence[_Run], shapes: Sequence[Shape], settings: PdfSettings
) -> list[tuple[Shape, _Run]]:
    """Legend entries: a small filled key (a square, a dot) just before a label."""
    entries: list[tuple[Shape, _Run]] = []
    for shape in shapes:
        width, height = shape.x1 - shape.x0, shape.bottom - shape.top
        if shape.fill is None or not (0 < width <= 20 and 0 < height <= 20):
            continue
        for label in labels:
            size = label.size
            near = 0 <= label.x0 - shape.x1 <= settings.chart_legend_gap_ratio * size
            level = abs((shape.top + shape.bottom) / 2 - label.cy) <= 0.6 * size
            if near and level:
                entries.append((shape, label))
    return entries


def _legend(labels: Sequence[_Run], shapes: Sequence[Shape], settings: PdfSettings) -> dict:
    """Legend entries by colour (of two keys of one colour, the last drawn)."""
    return {key.fill: label for key, label in _legend_keys(labels, shapes, settings)}


def _legend_colour(fill: tuple | None, legend: dict, tolerance: float) -> tuple | None:
    if fill is None:
        return None
    return next((c for c in legend if _same_colour(fill, c, tolerance)), None)


def _bars(coloured: Sequence[tuple[Shape, tuple]], row: bool) -> list[_Bar]:
    """Chains of two or more legend-coloured shapes of one breadth, each starting within a
    point of the end of the one before (or overlapping it), along a row (or down a column)."""
    if row:
        breadth, start, end = (lambda s: (s.top, s.bottom)), (lambda s: s.x0), (lambda s: s.x1)
    else:
        breadth, start, end = (lambda s: (s.x0, s.x1)), (lambda s: s.top), (lambda s: s.bottom)
    ordered = sorted(coloured, key=lambda sc: (*(round(e) for e in breadth(sc[0])), start(sc[0])))
    bars: list[_Bar] = []
    chain: list[tuple[Shape, tuple]] = []
    for shape, colour in ordered:
        if chain:
            last = chain[-1][0]
            same = all(abs(a - b) <= 1 for a, b in zip(breadth(last), breadth(shape), strict=True))
            if same and start(last) < start(shape) <= end(last) + 1:
                chain.append((shape, colour))
                continue
            if len(chain) >= 2:
                bars.append(_Bar(row, [s for s, _ in chain], [c for _, c in chain]))
        chain = [(shape, colour)]
    if len(chain) >= 2:
        bars.append(_Bar(row, [s for s, _ in chain], [c for _, c in chain]))
    return bars


def _table_cells(bars: Sequence[_Bar]) -> set[int]:
    """The bars that are a table's shaded cells: three or more cut at the same places (a
    stacked chart's shares differ from bar to bar). Returns their indexes."""
    groups: list[list[int]] = []
    for i, bar in enumerate(bars):
        cuts = bar.inner_edges()
        for group in groups:
            other = bars[group[0]].inner_edges()
            if len(other) == len(cuts) and all(
                abs(a - b) <= 1 for a, b in zip(other, cuts, strict=True)
            ):
                group.append(i)
                break
        else:
            groups.append([i])
    return {i for group in groups if len(group) >= 3 for i in group}


def _stacked_bars(
    values: list[_Value], labels: list[_Run], shapes: Sequence[Shape], settings: PdfSettings
) -> set[int]:
    """Values on the coloured segments of a stacked bar (or column) share the label before the
    bar (or under the column); the legend key of each segment's colour names the value's
    series. Returns the ids of those values."""
    legend = _legend(labels, shapes, settings)
    done: set[int] = set()
    if len(legend) < 2:
        return done
    tolerance = settings.chart_colour_tolerance
    coloured = [
        (shape, colour)
        for shape in shapes
        if (colour := _legend_colour(shape.fill, legend, tolerance)) is not None
    ]
    legend_labels = {id(label) for label in legend.values()}
    categories = [label for label in labels if id(label) not in legend_labels]
    taken: set[int] = set()
    for row in (True, False):
        bars = _bars(coloured, row)
        cells = _table_cells(bars)
        stacks: list[tuple[dict[_Value, tuple], _Run, bool]] = []
        for bar in (bar for i, bar in enumerate(bars) if i not in cells):
            on_bar = _values_on(bar, [v for v in values if id(v) not in done])
            if len(set(on_bar.values())) < len(on_bar):
                continue  # a series twice: not one stack
            if row:
                on_bar.update(_end_label(bar, on_bar, values, done))
            if not on_bar:
                continue
            size = statistics.median(v.run.size for v in on_bar)
            finder = _row_category if row else _column_category
            found = finder(bar, categories, size, settings)
            if found is not None:
                stacks.append((on_bar, *found))
        # a label set far from its bar is its category when it lines up (left edges) with
        # the near labels of the other bars: a column of left-aligned labels
        near_edges = [category.x0 for _, category, near in stacks if near]
        for on_bar, category, near in stacks:
            aligned = any(abs(category.x0 - edge) <= 1 for edge in near_edges)
            if not (near or (row and aligned)) or id(category) in taken:
                continue  # one label, one bar: a second bar beside it is not its own
            taken.add(id(category))
            for value, colour in on_bar.items():
                value.label, value.series, value.layout = category, legend[colour], "stacked"
                done.add(id(value))
    return done


def _legend_slices(
    values: Sequence[_Value], labels: Sequence[_Run], page: Page, settings: PdfSettings
) -> set[int]:
    """A value printed inside a pie's slice is named by the legend entry of the slice's colour
    -- of two legends in one palette (a form's every question), the one nearest the slice --
    when that entry names one value only (an entry holding several names a series, not a
    category). A slice is a filled path that is no rectangle: a table's shaded cell, a tile or
    a bar is none. Returns the ids of those values."""
    keys = _legend_keys(labels, page.shapes, settings)
    if len({label.text for _, label in keys}) < 2:
        return set()
    limit = settings.chart_max_slice_page_share * page.frame.width * page.frame.height
    slices = [
        shape
        for shape in page.shapes
        if shape.fill is not None
        and shape.bar is None
        and _area(shape) < limit
        and _is_slice(shape)
    ]
    tolerance = settings.chart_colour_tolerance
    held: dict[int, list[_Value]] = {}
    for value in values:
        cx, cy = value.run.cx, value.run.cy
        under = [shape for shape in slices if _contains(shape, cx, cy)]
        if not under:
            continue
        slice_ = min(under, key=_area)
        entries = [
            k for k, (key, _) in enumerate(keys) if _same_colour(key.fill, slice_.fill, tolerance)
        ]
        if entries:
            nearest = min(entries, key=lambda k: _box_gap(keys[k][0].bbox, slice_.bbox))
            held.setdefault(nearest, []).append(value)
    named: set[int] = set()
    for entry, on in held.items():
        if len(on) == 1:
            on[0].label, on[0].layout = keys[entry][1], "legend"
            named.add(id(on[0]))
    return named


def _is_slice(shape: Shape) -> bool:
    """Is the filled path no rectangle? A rectangle (rounded or not) has its points at its
    box's four corners and nowhere else; a quarter slice's three points are at three."""
    corners = [(x, y) for x in (shape.x0, shape.x1) for y in (shape.top, shape.bottom)]
    reach = max(1.0, 0.3 * min(shape.x1 - shape.x0, shape.bottom - shape.top))
    hit: set[int] = set()
    for x, y in shape.points:
        near = [k for k, (cx, cy) in enumerate(corners) if math.dist((x, y), (cx, cy)) <= reach]
        if not near:
            return True
        hit.update(near)
    return len(hit) < 4


def _box_gap(a: BBox, b: BBox) -> float:
    return max(a[0] - b[2], b[0] - a[2], 0.0) + max(a[1] - b[3], b[1] - a[3], 0.0)


def _contains(shape: Shape, x: float, y: float) -> bool:
    """Is the point inside the shape: its box, and its path's polygon (a slice's box holds
    points of the slices beside it)."""
    if not (shape.x0 <= x <= shape.x1 and shape.top <= y <= shape.bottom):
        return False
    points = shape.points
    inside = False
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _values_on(bar: _Bar, values: Sequence[_Value]) -> dict[_Value, tuple]:
    """The values printed on the bar's segments, each with its segment's colour."""
    found: dict[_Value, tuple] = {}
    for value in values:
        cx, cy = value.run.cx, value.run.cy
        for segment, colour in zip(bar.segments, bar.colours, strict=True):
            if segment.x0 <= cx <= segment.x1 and segment.top <= cy <= segment.bottom:
                found[value] = colour
                break
    return found


def _end_label(
    bar: _Bar, on_bar: dict[_Value, tuple], values: Sequence[_Value], done: set[int]
) -> dict[_Value, tuple]:
    """A share printed just past the end of a row's bar labels the last segment when that
    segment is too thin to hold it (a segment wide enough for its label but without one is
    left unlabelled, and a total printed past a column is no segment's)."""
    last, colour = bar.segments[-1], bar.colours[-1]
    if colour in on_bar.values():
        return {}
    for value in values:
        run = value.run
        if id(value) in done or value in on_bar:
            continue
        level = last.top - 0.3 * run.size <= run.cy <= last.bottom + 0.3 * run.size
        gap = run.x0 - last.x1
        thin = last.x1 - last.x0 < run.x1 - run.x0 + 1
        if level and thin and -0.3 * run.size <= gap <= 1.5 * run.size:
            return {value: colour}
    return {}


def _column_category(
    bar: _Bar, labels: Sequence[_Run], size: float, settings: PdfSettings
) -> tuple[_Run, bool] | None:
    """The label under a stacked column, centred on it, and whether it lies within
    ``chart_max_label_gap_ratio`` font sizes of the column's foot."""
    foot = max(s.bottom for s in bar.segments)
    centre = (bar.segments[0].x0 + bar.segments[0].x1) / 2
    under = [
        label
        for label in labels
        if label.top >= foot - 0.3 * size and label.x0 - size <= centre <= label.x1 + size
    ]
    if not under:
        return None
    category = min(under, key=lambda label: label.top)
    return category, category.top - foot <= settings.chart_max_label_gap_ratio * size


def _row_category(
    bar: _Bar, labels: Sequence[_Run], size: float, settings: PdfSettings
) -> tuple[_Run, bool] | None:
    """The label before a stacked bar, level with it, and whether it ends within
    ``chart_max_label_gap_ratio`` of its font size of the bar's start."""
    start = bar.segments[0].x0
    centre = (bar.segments[0].top + bar.segments[0].bottom) / 2
    before = [
        label
        for label in labels
        if label.x1 <= start + 0.3 * size
        and label.top - 0.3 * size <= centre <= label.bottom + 0.3 * size
    ]
    if not before:
        return None
    category = max(before, key=lambda label: label.x1)
    return category, start - category.x1 <= settings.chart_max_label_gap_ratio * category.size


# ---------------------------------------------------------------------------------------------
# Charts


def _box(value: _Value) -> BBox:
    assert value.label is not None
    runs = [value.run, value.label]
    return (
        min(r.x0 for r in runs),
        min(r.top for r in runs),
        max(r.x1 for r in runs),
        max(r.bottom for r in runs),
    )


def _near(a: BBox, b: BBox, gap: float) -> bool:
    return not (a[2] + gap < b[0] or b[2] + gap < a[0] or a[3] + gap < b[1] or b[3] + gap < a[1])


def _pies(
    paired: Sequence[_Value], page: Page, shapes: Sequence[Shape], settings: PdfSettings
) -> dict[int, int]:
    """For each value joined to its label by a leader line or named by the legend colour of its
    slice, the pie (or donut) it labels. Its
    slice is the smallest filled shape under it, smaller than ``chart_max_slice_page_share`` of
    the page (a slide's background is no slice); a pie is the slices and other filled shapes
    around them that lie within a font size of one another (slices are often drawn a thin gap
    apart, and a slice whose label is missing still links its neighbours), but not a shape
    that encloses a slice (a panel under two pies). More than ``chart_max_pie_shapes`` shapes
    around the slices are no pies (a map, a shaded grid): then nothing is grouped by pie. Maps
    value index -> pie number."""
    limit = settings.chart_max_slice_page_share * page.frame.width * page.frame.height
    small = [
        shape
        for shape in shapes
        if shape.fill is not None
        and shape.bar is None
        and (shape.x1 - shape.x0) * (shape.bottom - shape.top) < limit
    ]
    slices: dict[int, int] = {}
    for i, value in enumerate(paired):
        if value.layout not in ("leader", "legend"):
            continue
        under = [
            k
            for k, shape in enumerate(small)
            if shape.x0 <= value.run.cx <= shape.x1 and shape.top <= value.run.cy <= shape.bottom
        ]
        if under:
            slices[i] = min(under, key=lambda k: _area(small[k]))
    if len(slices) < 2:
        return {}
    gap = statistics.median(paired[i].run.size for i in slices)
    boxes = [small[k].bbox for k in slices.values()]
    hull = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    labelled = set(slices.values())
    around = [
        k
        for k, shape in enumerate(small)
        if _near(shape.bbox, hull, gap)
        and (k in labelled or not any(_encloses(shape, small[j]) for j in labelled))
    ]
    if len(around) > settings.chart_max_pie_shapes:
        return {}
    parent = {k: k for k in around}
    for a, b in itertools.combinations(around, 2):
        if _near(small[a].bbox, small[b].bbox, gap):
            parent[_root(parent, a)] = _root(parent, b)
    return {i: _root(parent, k) for i, k in slices.items()}


def _root(parent: MutableMapping[int, int] | list[int], i: int) -> int:
    """The root of ``i`` in a union-find forest (path halving on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _encloses(outer: Shape, inner: Shape) -> bool:
    return (
        outer is not inner
        and outer.x0 <= inner.x0
        and outer.top <= inner.top
        and inner.x1 <= outer.x1
        and inner.bottom <= outer.bottom
    )


def _area(shape: Shape) -> float:
    return (shape.x1 - shape.x0) * (shape.bottom - shape.top)


def _bases(paired: Sequence[_Value], shapes: Sequence[Shape]) -> dict[int, tuple]:
    """For each value read at the base of its bar, the line its bars stand on (a column
    chart's foot, a bar chart's left edge). Maps value index -> base."""
    bases: dict[int, tuple] = {}
    for i, value in enumerate(paired):
        if value.layout != "bar":
            continue
        bar = _bar_of(value.run, shapes, max(value.run.size, 1.0)) or value.frame
        if bar is not None:
            bases[i] = (bar.bar, round(bar.bottom if bar.bar == "column" else bar.x0))
    return bases


def _charts(
    paired: list[_Value], pies: dict[int, int], bases: dict[int, tuple], settings: PdfSettings
) -> list[_Chart]:
    """Paired values joined into charts: boxes within ``chart_join_gap_ratio`` of each other,
    values on bars standing on one base, or values labelling one pie; a chart never holds the
    values of two different pies, however the values between them lie."""
    parent = list(range(len(paired)))
    pies_of = [{pies[i]} if i in pies else set() for i in range(len(paired))]

    boxes = [_box(v) for v in paired]
    for i in range(len(paired)):
        gap = settings.chart_join_gap_ratio * paired[i].run.size
        for j in range(i + 1, len(paired)):
            if i in pies and j in pies:
                join = pies[i] == pies[j]
            else:
                join = (
                    paired[i].label is paired[j].label
                    or (i in bases and bases.get(j) == bases[i])
                    or _near(boxes[i], boxes[j], gap)
                )
            a, b = _root(parent, i), _root(parent, j)
            if join and a != b and len(pies_of[a] | pies_of[b]) <= 1:
                parent[a] = b
                pies_of[b] |= pies_of[a]
    groups: dict[int, _Chart] = {}
    for i, value in enumerate(paired):
        groups.setdefault(_root(parent, i), _Chart()).values.append(value)
    return sorted(groups.values(), key=lambda c: min(_box(v)[1] for v in c.values))


def _chart_words(chart: _Chart, runs: Sequence[_Run], ticks: set[int]) -> list[Word]:
    """The words a chart takes from the page: its values, labels, legend and nearby ticks."""
    taken: dict[int, Word] = {}
    for value in chart.values:
        for run in (value.run, value.count, value.label, value.series):
            for word in run.words if run is not None else ():
                taken[id(word)] = word
    box = bbox(taken.values())
    size = statistics.median(v.run.size for v in chart.values)
    for run in runs:
        if id(run) in ticks and _near(box, (run.x0, run.top, run.x1, run.bottom), 3 * size):
            for word in run.words:
                taken[id(word)] = word
    return list(taken.values())


def _draft(chart: _Chart, words: list[Word]) -> TableDraft:
    """A chart as a table: a row per category, a value column per series (in legend order).
    No value is left out: one without a series in a chart with series has a column of its
    own (no head), and a second value for a category and series starts another row."""
    legend = {id(v.series): v.series for v in chart.values if v.series is not None}
    series: list[_Run | None] = list(sorted(legend.values(), key=lambda r: (r.top, r.x0)))
    if not series or any(v.series is None for v in chart.values):
        series.append(None)
    category_rows: dict[int, list[dict[int | None, _Value]]] = {}
    for value in sorted(chart.values, key=lambda v: (v.label.top, v.label.x0)):  # type: ignore[union-attr]
        column = id(value.series) if value.series else None
        slots = category_rows.setdefault(id(value.label), [])
        free = next((slot for slot in slots if column not in slot), None)
        if free is None:
            free = {}
            slots.append(free)
        free[column] = value
    rows: list[list[str]] = []
    boxes: list[list[BBox | None]] = []
    headed = series != [None]
    if headed:
        rows.append(["", *(head.text if head else "" for head in series)])
        boxes.append([None] * (len(series) + 1))
    for slots in category_rows.values():
        for slot in slots:
            label = next(iter(slot.values())).label
            assert label is not None
            row = [label.text]
            row_boxes: list[BBox | None] = [(label.x0, label.top, label.x1, label.bottom)]
            for head in series:
                value = slot.get(id(head) if head else None)
                row.append(value.text if value else "")
                row_boxes.append(
                    (value.run.x0, value.run.top, value.run.x1, value.run.bottom) if value else None
                )
            rows.append(row)
            boxes.append(row_boxes)
    return TableDraft(
        rows=rows,
        cell_bboxes=boxes,
        header_row_count=1 if headed else 0,
        bbox=bbox(words),
        words=words,
        kind="chart",
    )
