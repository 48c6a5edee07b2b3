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
    Each value goes to the label its geometry points at, the cheapest first, one label per
    value: a leader line with one end at the label and the other at the value (donut and pie
    charts); the label at the base of the bar the value is printed on or at the end of (under a
    column, before a horizontal bar); the label right under it (a pie's "21%" over "Stay the
    same") or
    right over it, each within ``chart_max_label_gap_ratio`` of the font size and centred on it;
    the label before it on its row (bar charts: label, bar, value); the label after it on its
    row (a legend-like list). A value with another number on its row is a table cell (or one of
    a row of column values): its label is never read along the row. Costs are gaps in font
    sizes, weighted by how often each layout is the right reading (``chart_*_weight``).

Stacked bars
    Values stacked in one column of coloured segments share the column's label (under the
    stack); values side by side on one bar of coloured segments share the row's label (before
    the bar, within ``chart_max_label_gap_ratio`` of its font size). Each value's series is the
    legend entry whose key (a small square) has the colour of the segment the value sits on.

Bars
    Filled rectangles of one thickness that start from one line (a chart's base) and differ in
    length by more than ``PdfSettings.bar_min_length_spread`` are the bars of a chart: their
    edges rule no table (table shading has equal lengths, rules are thin).

Charts
    The pairs of a page are grouped into charts: pairs whose boxes lie within
    ``chart_join_gap_ratio`` of the font size of each other join. A chart needs
    ``chart_min_values`` values. Its words (values, labels, ticks, legend) leave the page's
    free words; the rest of the page is read as before.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.blocks import BBox
from extract.pdf.model import Obj, Page, Shape, TableDraft, Word, bbox
from extract.settings import PdfSettings

_SHARE = r"[-+−]?\d{1,3}(?:[.,]\d{1,2})?\s?%"
_VALUE_RUN_RES = (
    # "39%", "57.5 %", "35% / 21 resp."
    re.compile(
        rf"^(?P<value>{_SHARE})(?:\s*/\s*(?P<count>\d[\d,]*)\s*"
        r"(?:resp\.?|responses?|respondents?|votes?|answers?))?$",
        re.IGNORECASE,
    ),
    # "163 (75.1%)"
    re.compile(rf"^(?P<count>\d[\d,]*)\s*[(\[]\s*(?P<value>{_SHARE})\s*[)\]]$"),
)
_SHARE_RE = re.compile(rf"^{_SHARE}$")
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


@dataclass
class _Value:
    run: _Run
    text: str
    label: _Run | None = None
    series: _Run | None = None
    layout: str = ""


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
    runs = _runs(words, settings)
    values = [_Value(run, run.text) for run in runs if value_text(run.text)]
    if len(values) < settings.chart_min_values:
        return [], words
    ticks = _axis_ticks(runs)
    values = [v for v in values if id(v.run) not in ticks]
    texts = [
        run
        for run in runs
        if id(run) not in ticks and not value_text(run.text) and not _is_tick(run.text)
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
    values = [
        v
        for v in values
        if id(v) in stacked or not _in_number_grid(v.run, numbers, texts, settings)
    ]
    _pair([v for v in values if id(v) not in stacked], labels, numbers, page.shapes, settings)
    charts = _charts([v for v in values if v.label is not None], settings)
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


def _runs(words: Sequence[Word], settings: PdfSettings) -> list[_Run]:
    """Words into runs: same line (vertical overlap), gaps under ``chart_run_gap_ratio``."""
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
    runs: list[_Run] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        current = [row[0]]
        for word in row[1:]:
            gap = word.x0 - current[-1].x1
            # two shares side by side are two labels however close ("6.9%" "5%")
            shares = _SHARE_RE.match(current[-1].text) and _SHARE_RE.match(word.text)
            if shares or gap > settings.chart_run_gap_ratio * min(word.size, current[-1].size):
                runs.append(_Run(current))
                current = [word]
            else:
                current.append(word)
        runs.append(_Run(current))
    return runs


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
        bar = _bar_of(run, shapes, size)
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
    candidates.sort()
    used_labels: set[int] = set()
    for _, vi, li, layout in candidates:
        value = values[vi]
        if value.label is not None or li in used_labels:
            continue
        value.label, value.layout = labels[li], layout
        used_labels.add(li)


def _same_colour(a: tuple, b: tuple, tolerance: float) -> bool:
    if len(a) != len(b):
        return False
    return all(abs(float(x) - float(y)) <= tolerance for x, y in zip(a, b, strict=True))


def _segment_under(
    run: _Run, shapes: Sequence[Shape], legend: dict[tuple, _Run], tolerance: float
) -> tuple[Shape, tuple] | None:
    """The smallest filled shape the value label sits on whose colour is a legend key's, with
    that colour."""
    inside = sorted(
        (
            s
            for s in shapes
            if s.fill is not None and s.x0 <= run.cx <= s.x1 and s.top <= run.cy <= s.bottom
        ),
        key=lambda s: (s.x1 - s.x0) * (s.bottom - s.top),
    )
    for shape in inside:
        for colour in legend:
            if _same_colour(shape.fill, colour, tolerance):  # type: ignore[arg-type]
                return shape, colour
    return None


def _legend(labels: Sequence[_Run], shapes: Sequence[Shape], settings: PdfSettings) -> dict:
    """Legend entries: a small filled square just before a label, by colour."""
    entries: dict[tuple, _Run] = {}
    for shape in shapes:
        width, height = shape.x1 - shape.x0, shape.bottom - shape.top
        if shape.fill is None or not (0 < width <= 20 and 0 < height <= 20):
            continue
        for label in labels:
            size = label.size
            near = 0 <= label.x0 - shape.x1 <= settings.chart_legend_gap_ratio * size
            level = abs((shape.top + shape.bottom) / 2 - label.cy) <= 0.6 * size
            if near and level:
                entries[shape.fill] = label
    return entries


def _stacked_bars(
    values: list[_Value], labels: list[_Run], shapes: Sequence[Shape], settings: PdfSettings
) -> set[int]:
    """Values on coloured segments stacked in one column (or one row) share the column's label
    under the stack (or the row's label before the bar); the legend key of the segment's colour
    names each value's series. Returns the ids of those values."""
    legend = _legend(labels, shapes, settings)
    done: set[int] = set()
    if len(legend) < 2:
        return done
    legend_labels = {id(label) for label in legend.values()}
    tolerance = settings.chart_colour_tolerance
    segment_of = {
        id(v): found
        for v in values
        if (found := _segment_under(v.run, shapes, legend, tolerance)) is not None
    }
    stacked = [v for v in values if id(v) in segment_of]
    categories = [label for label in labels if id(label) not in legend_labels]
    orientations = (
        (False, _column_category, lambda r: r.cx, lambda s: (s.x0, s.x1)),
        (True, _row_category, lambda r: r.cy, lambda s: (s.top, s.bottom)),
    )
    for row, finder, position, across in orientations:
        for group in _aligned([v.run for v in stacked if id(v) not in done], position):
            members = [v for v in stacked if any(v.run is r for r in group)]
            segments = [segment_of[id(v)][0] for v in members]
            # one stack: two or more series, each once, on segments of one bar's breadth
            colours = [segment_of[id(v)][1] for v in members]
            extents = [across(segment) for segment in segments]
            if (
                len(members) < 2
                or len(set(colours)) < len(colours)
                or max(e[0] for e in extents) - min(e[0] for e in extents) > 1
                or max(e[1] for e in extents) - min(e[1] for e in extents) > 1
            ):
                continue
            size = statistics.median(r.size for r in group)
            category = finder(group, segments, categories, size, settings)
            if category is None:
                continue
            series = [(member, colour) for member, colour in zip(members, colours, strict=True)]
            series += _end_label(
                row, segments, set(colours), values, done, shapes, legend, settings
            )
            for member, colour in series:
                member.label = category
                member.series = legend[colour]
                member.layout = "stacked"
                done.add(id(member))
    return done


def _end_label(
    row: bool,
    segments: Sequence[Shape],
    labelled: set[tuple],
    values: Sequence[_Value],
    done: set[int],
    shapes: Sequence[Shape],
    legend: dict[tuple, _Run],
    settings: PdfSettings,
) -> list[tuple[_Value, tuple]]:
    """The value printed just past the end of a stack (right of a row's bar, above a column)
    for its last segment, when that segment is too thin to hold its own label: [(value, the
    segment's legend colour)] or []."""
    tolerance = settings.chart_colour_tolerance
    first = segments[0]
    same_bar = [
        shape
        for shape in shapes
        if shape.fill is not None
        and (
            (abs(shape.top - first.top) <= 1 and abs(shape.bottom - first.bottom) <= 1)
            if row
            else (abs(shape.x0 - first.x0) <= 1 and abs(shape.x1 - first.x1) <= 1)
        )
        and any(_same_colour(shape.fill, colour, tolerance) for colour in legend)
    ]
    if not same_bar:
        return []
    last = max(same_bar, key=lambda s: s.x1) if row else min(same_bar, key=lambda s: s.top)
    colour = next(c for c in legend if _same_colour(last.fill, c, tolerance))  # type: ignore[arg-type]
    if colour in labelled:
        return []
    for value in values:
        run, size = value.run, value.run.size
        if id(value) in done or value.label is not None:
            continue
        if row:
            past = last.top - 0.3 * size <= run.cy <= last.bottom + 0.3 * size
            gap = run.x0 - last.x1
        else:
            past = last.x0 - 0.3 * size <= run.cx <= last.x1 + 0.3 * size
            gap = last.top - run.bottom
        if past and -0.3 * size <= gap <= 1.5 * size:
            return [(value, colour)]
    return []


def _column_category(
    column: Sequence[_Run],
    segments: Sequence[Shape],
    labels: Sequence[_Run],
    size: float,
    settings: PdfSettings,
) -> _Run | None:
    """The label under a stacked column: the nearest below its lowest value, centred on it."""
    lowest = max(r.bottom for r in column)
    centre = statistics.mean(r.cx for r in column)
    under = [
        label
        for label in labels
        if label.top >= lowest - 0.3 * size and label.x0 - size <= centre <= label.x1 + size
    ]
    if not under:
        return None
    category = min(under, key=lambda label: label.top)
    if category.top - lowest > 4 * settings.chart_max_label_gap_ratio * size:
        return None
    return category


def _row_category(
    row: Sequence[_Run],
    segments: Sequence[Shape],
    labels: Sequence[_Run],
    size: float,
    settings: PdfSettings,
) -> _Run | None:
    """The label before a stacked bar: on its row, ending nearest the bar's first segment."""
    start = min(s.x0 for s in segments)
    centre = statistics.mean(r.cy for r in row)
    before = [
        label
        for label in labels
        if label.x1 <= start + 0.3 * size
        and label.top - 0.3 * size <= centre <= label.bottom + 0.3 * size
    ]
    if not before:
        return None
    category = max(before, key=lambda label: label.x1)
    if start - category.x1 > settings.chart_max_label_gap_ratio * category.size:
        return None
    return category


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


def _charts(paired: list[_Value], settings: PdfSettings) -> list[_Chart]:
    """Paired values joined into charts: boxes within ``chart_join_gap_ratio`` of each other."""
    parent = list(range(len(paired)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    boxes = [_box(v) for v in paired]
    for i in range(len(paired)):
        gap = settings.chart_join_gap_ratio * paired[i].run.size
        for j in range(i + 1, len(paired)):
            if paired[i].label is paired[j].label or _near(boxes[i], boxes[j], gap):
                parent[find(i)] = find(j)
    groups: dict[int, _Chart] = {}
    for i, value in enumerate(paired):
        groups.setdefault(find(i), _Chart()).values.append(value)
    return sorted(groups.values(), key=lambda c: min(_box(v)[1] for v in c.values))


def _chart_words(chart: _Chart, runs: Sequence[_Run], ticks: set[int]) -> list[Word]:
    """The words a chart takes from the page: its values, labels, legend and nearby ticks."""
    taken: dict[int, Word] = {}
    for value in chart.values:
        for run in (value.run, value.label, value.series):
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
    """A chart as a table: a row per category, a value column per series (in legend order)."""
    legend = {id(v.series): v.series for v in chart.values if v.series is not None}
    series = [run.text for run in sorted(legend.values(), key=lambda r: (r.top, r.x0))]
    categories: dict[int, _Run] = {}
    cells: dict[tuple[int, str | None], _Value] = {}
    for value in sorted(chart.values, key=lambda v: (v.label.top, v.label.x0)):  # type: ignore[union-attr]
        assert value.label is not None
        categories.setdefault(id(value.label), value.label)
        cells[(id(value.label), value.series.text if value.series else None)] = value
    columns: list[str | None] = series or [None]
    rows: list[list[str]] = []
    boxes: list[list[BBox | None]] = []
    if series:
        rows.append(["", *series])
        boxes.append([None] * (len(series) + 1))
    for key, label in categories.items():
        row = [label.text]
        row_boxes: list[BBox | None] = [(label.x0, label.top, label.x1, label.bottom)]
        for column in columns:
            value = cells.get((key, column))
            row.append(value.text if value else "")
            row_boxes.append(
                (value.run.x0, value.run.top, value.run.x1, value.run.bottom) if value else None
            )
        rows.append(row)
        boxes.append(row_boxes)
    return TableDraft(
        rows=rows,
        cell_bboxes=boxes,
        header_row_count=1 if series else 0,
        bbox=bbox(words),
        words=words,
        kind="chart",
    )
