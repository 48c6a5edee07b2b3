"""Charts printed as text (extract.pdf.charts): small PDFs drawn with reportlab, one layout each,
and the real slide decks of the development corpus where it is present."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from extract.blocks import Block, ParsedDocument
from extract.pdf import read_pdf

PAGE_HEIGHT = letter[1]
CORPUS_DEV = Path(__file__).resolve().parents[3] / "shared" / "corpus-dev" / "files"


def _pdf(draw: Callable[[Canvas], None]) -> ParsedDocument:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return read_pdf(buffer.getvalue())


def _text(canvas: Canvas, x: float, top: float, text: str, size: float = 10, bold: bool = False):
    canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    canvas.drawString(x, PAGE_HEIGHT - top - size * 0.8, text)


def _centred(canvas: Canvas, cx: float, top: float, text: str, size: float = 10) -> None:
    canvas.setFont("Helvetica", size)
    canvas.drawCentredString(cx, PAGE_HEIGHT - top - size * 0.8, text)


def _bar(canvas: Canvas, x0: float, top: float, x1: float, bottom: float, rgb=(0.9, 0.5, 0.1)):
    canvas.setFillColorRGB(*rgb)
    canvas.rect(x0, PAGE_HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)


def _charts(document: ParsedDocument) -> list[Block]:
    return [b for b in document.blocks if b.block_type == "chart"]


def _rows(block: Block) -> list[tuple[str, ...]]:
    assert block.table is not None
    return list(block.table.rows[block.table.header_row_count :])


def test_column_chart_pairs_each_value_with_the_label_under_it():
    def draw(canvas: Canvas) -> None:
        _text(canvas, 72, 60, "Future plans for deploying the platform", size=14, bold=True)
        heights = {"Deploying today": 120, "Within two years": 70, "No plans": 30}
        for i, (label, height) in enumerate(heights.items()):
            cx = 140 + i * 110
            _bar(canvas, cx - 30, 300 - height, cx + 30, 300)
            _centred(canvas, cx, 300 - height + 4, f"{height // 3}%", size=16)
            _centred(canvas, cx, 308, label)
        for i, tick in enumerate(("0%", "20%", "40%")):
            _text(canvas, 60, 300 - i * 50, tick, size=8)

    document = _pdf(draw)
    (chart,) = _charts(document)
    assert _rows(chart) == [
        ("Deploying today", "40%"),
        ("Within two years", "23%"),
        ("No plans", "10%"),
    ]
    # the axis ticks are taken with the chart, not left as running text
    assert "20%" not in document.normalized_text.replace(chart.text, "")
    # the title stays in the text, right before the chart
    titles = [b.text for b in document.blocks[: document.blocks.index(chart)]]
    assert titles[-1] == "Future plans for deploying the platform"


def test_bar_chart_reads_each_label_back_along_its_row():
    def draw(canvas: Canvas) -> None:
        shares = {
            "More than 80%": 32.74,
            "Less than 20%": 20.55,
            "60-80%": 14.79,
            "Don't know": 3.88,
        }
        for i, (label, share) in enumerate(shares.items()):
            top = 120 + i * 30
            _text(canvas, 72, top, label, size=8)
            _bar(canvas, 150, top - 4, 150 + share * 8, top + 12, rgb=(0.2, 0.2, 0.6))
            _text(canvas, 156 + share * 8, top, f"{share:.2f}%", size=7)

    (chart,) = _charts(_pdf(draw))
    assert _rows(chart) == [
        ("More than 80%", "32.74%"),
        ("Less than 20%", "20.55%"),
        ("60-80%", "14.79%"),
        ("Don't know", "3.88%"),
    ]


def test_stacked_columns_take_their_series_from_the_legend_colours():
    colours = {"High": (0.95, 0.55, 0.1), "Low": (0.2, 0.3, 0.35)}

    def draw(canvas: Canvas) -> None:
        values = {"Sensors": (51, 23), "Cloud": (48, 30)}
        for i, (label, (high, low)) in enumerate(values.items()):
            cx = 150 + i * 90
            _bar(canvas, cx - 25, 200, cx + 25, 260, colours["High"])
            _bar(canvas, cx - 25, 160, cx + 25, 200, colours["Low"])
            _centred(canvas, cx, 225, f"{high}%")
            _centred(canvas, cx, 175, f"{low}%")
            _centred(canvas, cx, 268, label)
        for j, (name, rgb) in enumerate(colours.items()):
            _bar(canvas, 400, 160 + j * 20, 408, 168 + j * 20, rgb)
            _text(canvas, 412, 159 + j * 20, name)

    (chart,) = _charts(_pdf(draw))
    assert chart.table is not None and chart.table.rows[0] == ("", "High", "Low")
    assert _rows(chart) == [("Sensors", "51%", "23%"), ("Cloud", "48%", "30%")]


def test_stacked_bars_read_each_row_with_its_legend_series():
    # a 100% stacked bar per statement under its legend; the labels of two thin segments touch
    # ("4%3%" in the text layer) and the last segment, too thin for its label, has it printed
    # past the bar's end
    colours = {
        "Agree": (0.27, 0.46, 0.71),
        "Neither": (1.0, 1.0, 0.75),
        "Disagree": (0.99, 0.55, 0.35),
        "Strongly disagree": (0.84, 0.19, 0.15),
    }
    rows = {"Reproducibility": (91, 4, 3, 2), "Replicability": (70, 20, 9, 1)}

    def draw(canvas: Canvas) -> None:
        for j, (name, rgb) in enumerate(colours.items()):
            _bar(canvas, 120 + j * 90, 100, 127 + j * 90, 107, rgb)
            _text(canvas, 130 + j * 90, 100, name, size=7)
        for i, (label, shares) in enumerate(rows.items()):
            top = 130 + i * 30
            canvas.setFont("Helvetica", 9)
            canvas.drawRightString(114, PAGE_HEIGHT - top - 3 - 9 * 0.8, label)
            x = 120.0
            starts = []
            for share, rgb in zip(shares, colours.values(), strict=True):
                _bar(canvas, x, top, x + share * 3, top + 16, rgb)
                starts.append(x)
                x += share * 3
            agree, neither, disagree, strongly = shares
            _text(canvas, starts[0] + 10, top + 5, f"{agree}%", size=6)
            if neither < 10:
                _text(canvas, starts[1] + 2, top + 5, f"{neither}%{disagree}%", size=6)
            else:
                _text(canvas, starts[1] + 10, top + 5, f"{neither}%", size=6)
                _text(canvas, starts[2] + 4, top + 5, f"{disagree}%", size=6)
            _text(canvas, x + 2, top + 5, f"{strongly}%", size=6)

    (chart,) = _charts(_pdf(draw))
    assert chart.table is not None
    assert chart.table.rows[0] == ("", *colours)
    assert _rows(chart) == [
        (label, *(f"{share}%" for share in shares)) for label, shares in rows.items()
    ]


LIKERT = {"Agree": (0.27, 0.46, 0.71), "Neutral": (1.0, 1.0, 0.75), "Disagree": (0.99, 0.55, 0.35)}


def _likert(canvas: Canvas, rows: dict[str, tuple[int, ...]], label_x: float, labelled=None):
    """A legend, then a stacked bar per row, its label at ``label_x`` (left-aligned), each
    segment's share printed on it unless ``labelled`` says which segments carry one."""
    for j, (name, rgb) in enumerate(LIKERT.items()):
        _bar(canvas, 120 + j * 90, 100, 127 + j * 90, 107, rgb)
        _text(canvas, 130 + j * 90, 100, name, size=7)
    for i, (label, shares) in enumerate(rows.items()):
        top = 130 + i * 30
        _text(canvas, label_x, top + 3, label, size=9)
        x = 120.0
        for k, (share, rgb) in enumerate(zip(shares, LIKERT.values(), strict=True)):
            _bar(canvas, x, top, x + share * 3, top + 16, rgb)
            if labelled is None or k in labelled.get(label, ()):
                _text(canvas, x + 3, top + 5, f"{share}%", size=6)
            x += share * 3


def test_left_aligned_row_labels_and_a_bar_with_one_labelled_segment():
    rows = {"Reproducibility": (50, 30, 20), "Replicability": (95, 3, 2)}
    # "Replicability" ends further from its bar than a label may, but its left edge lines up
    # with the other row's label; only the wide segment of its bar carries a share
    (chart,) = _charts(
        _pdf(lambda c: _likert(c, rows, 40, {"Reproducibility": (0, 1, 2), "Replicability": (0,)}))
    )
    assert _rows(chart) == [
        ("Reproducibility", "50%", "30%", "20%"),
        ("Replicability", "95%", "", ""),
    ]


def test_shaded_table_cells_under_a_colour_legend_are_no_stacked_bars():
    def draw(canvas: Canvas) -> None:
        for j, (name, rgb) in enumerate(LIKERT.items()):
            _bar(canvas, 120 + j * 90, 100, 127 + j * 90, 107, rgb)
            _text(canvas, 130 + j * 90, 100, name, size=7)
        for i, region in enumerate(("North", "South", "East")):
            top = 130 + i * 16
            _text(canvas, 72, top, region, size=9)
            for k, rgb in enumerate(LIKERT.values()):
                # abutting cells of equal width, cut at the same places on every row
                _bar(canvas, 120 + k * 50, top - 2, 170 + k * 50, top + 12, rgb)
                _text(canvas, 130 + k * 50, top, f"{20 + 10 * i + k}%", size=9)

    document = _pdf(draw)
    assert not _charts(document)
    shares = {f"{20 + 10 * i + k}%" for i in range(3) for k in range(3)}
    assert shares <= set(document.normalized_text.split())


def test_donut_values_join_their_own_chart_and_crowded_leaders_pair_one_to_one():
    def draw(canvas: Canvas) -> None:
        # two donuts side by side, their slices drawn apart by a thin gap; around the top of
        # the left one, three thin slices' leader lines cross near their values
        for cx, slices in (
            (180, ((0, 300), (302, 330), (332, 345), (347, 360))),
            (430, ((0, 200), (202, 360))),
        ):
            for start, end in slices:
                canvas.setFillColorRGB(0.2 + start / 600, 0.4, 0.6)
                path = canvas.beginPath()
                path.arc(
                    cx - 60, PAGE_HEIGHT - 260, cx + 60, PAGE_HEIGHT - 140, 90 - end, end - start
                )
                path.lineTo(cx, PAGE_HEIGHT - 200)
                path.close()
                canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        placed = [
            # label, label x, label top, value, value x, value top, leader from, leader to
            ("Large slice", 250, 250, "83.3%", 170, 215, (190, 220), (250, 252)),
            # Beta's leader starts nearer Alpha's value than Alpha's own does: read
            # cheapest-first, Alpha's value would take Beta and leave Beta's value without one
            ("Alpha", 100, 95, "8.3%", 140, 158, (140, 166), (125, 100)),
            ("Beta", 150, 80, "3.6%", 160, 144, (153, 160), (160, 88)),
            ("Gamma", 200, 95, "2.4%", 180, 152, (184, 152), (200, 100)),
            ("Yes", 480, 120, "55.6%", 440, 170, (460, 172), (480, 125)),
            ("No", 480, 270, "44.4%", 420, 230, (440, 235), (480, 272)),
        ]
        for label, lx, ltop, value, vx, vtop, start, end in placed:
            _text(canvas, lx, ltop, label, size=9)
            _text(canvas, vx, vtop, value, size=6)
            canvas.line(start[0], PAGE_HEIGHT - start[1], end[0], PAGE_HEIGHT - end[1])

    charts = _charts(_pdf(draw))
    assert [sorted(_rows(chart)) for chart in charts] == [
        [("Alpha", "8.3%"), ("Beta", "3.6%"), ("Gamma", "2.4%"), ("Large slice", "83.3%")],
        [("No", "44.4%"), ("Yes", "55.6%")],
    ]


def test_labels_of_narrow_stacked_columns_set_almost_touching_are_told_apart():
    colours = {"High": (0.95, 0.55, 0.1), "Low": (0.2, 0.3, 0.35)}
    columns = {"Edge nodes/": (50, 30), "Controllers/": (40, 35), "Cloud": (45, 25)}

    def draw(canvas: Canvas) -> None:
        for i, (label, (high, low)) in enumerate(columns.items()):
            x0 = 100 + i * 58  # columns 50 pt wide, 8 pt apart
            _bar(canvas, x0, 260 - high * 2, x0 + 50, 260, colours["High"])
            _bar(canvas, x0, 260 - high * 2 - low * 2, x0 + 50, 260 - high * 2, colours["Low"])
            _centred(canvas, x0 + 25, 250 - high, f"{high}%", size=8)
            _centred(canvas, x0 + 25, 250 - high * 2 - low, f"{low}%", size=8)
            # the first label ends a point past its column, the second starts a point before
            # its own: 6 pt apart, closer than words of one label may be
            canvas.setFont("Helvetica", 9)
            if i == 0:
                canvas.drawRightString(x0 + 51, PAGE_HEIGHT - 266 - 7, label)
            else:
                canvas.drawString(x0 - 1, PAGE_HEIGHT - 266 - 7, label)
        for j, (name, rgb) in enumerate(colours.items()):
            _bar(canvas, 400, 100 + j * 20, 408, 108 + j * 20, rgb)
            _text(canvas, 412, 99 + j * 20, name)

    (chart,) = _charts(_pdf(draw))
    assert _rows(chart) == [
        ("Edge nodes/", "50%", "30%"),
        ("Controllers/", "40%", "35%"),
        ("Cloud", "45%", "25%"),
    ]


def _pie(canvas: Canvas, cx: float, cy: float, items: list[tuple[str, int]]) -> None:
    """A donut of radius 60 centred at (cx, cy) from the top: a slice per (label, share) drawn
    clockwise from 12 o'clock, its share on it, a leader line out to its label."""
    start = 90.0
    for k, (label, share) in enumerate(items):
        extent = -360 * share / 100
        middle = math.radians(start + extent / 2)
        canvas.setFillColorRGB(0.2 + 0.25 * k, 0.5, 0.8 - 0.2 * k)
        canvas.wedge(cx - 60, PAGE_HEIGHT - cy - 60, cx + 60, PAGE_HEIGHT - cy + 60, start, extent,
                     stroke=0, fill=1)  # fmt: skip
        vx, vy = cx + 45 * math.cos(middle), cy - 45 * math.sin(middle)
        lx, ly = cx + 87 * math.cos(middle), cy - 87 * math.sin(middle)
        canvas.setFillColorRGB(0, 0, 0)
        _centred(canvas, vx, vy - 4, f"{share}%", size=8)
        side = 1 if math.cos(middle) > 0 else -1
        canvas.line(vx + 8 * side, PAGE_HEIGHT - vy, lx, PAGE_HEIGHT - ly)
        canvas.setFont("Helvetica", 8)
        if side > 0:
            canvas.drawString(lx + 1, PAGE_HEIGHT - ly - 2, label)
        else:
            canvas.drawRightString(lx - 1, PAGE_HEIGHT - ly - 2, label)
        start += extent
    canvas.setFillColorRGB(1, 1, 1)
    canvas.circle(cx, PAGE_HEIGHT - cy, 27, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)


def test_two_donuts_on_one_panel_stay_two_charts_whatever_lies_between():
    def draw(canvas: Canvas) -> None:
        _bar(canvas, 60, 180, 540, 420, (0.93, 0.93, 0.96))  # a slide's card behind both
        _pie(canvas, 170, 300, [("Grow", 45), ("Shrink", 30), ("Same", 25)])
        _pie(canvas, 440, 300, [("Hire", 50), ("Fire", 20), ("Hold", 30)])
        _centred(canvas, 313, 262, "12%", size=8)  # a note between them, near both
        _centred(canvas, 313, 272, "No answer", size=8)

    charts = [sorted(_rows(chart)) for chart in _charts(_pdf(draw))]
    assert [("Grow", "45%"), ("Same", "25%"), ("Shrink", "30%")] in charts
    assert not any(("Grow", "45%") in rows and ("Hire", "50%") in rows for rows in charts)


def test_widely_spaced_columns_are_one_chart_and_a_cheap_label_is_not_given_away():
    def draw(canvas: Canvas) -> None:
        # shares over columns 110 pt apart, categories under them, and a row of changes under
        # the categories that could take them too
        _text(canvas, 195, 72, "Adoption by region", size=10, bold=True)
        for i, (label, height, change) in enumerate(
            (("North", 40, "+3%"), ("Centre", 150, "-2%"), ("South", 90, "+5%"))
        ):
            cx = 130 + i * 110
            _bar(canvas, cx - 30, 260 - height, cx + 30, 260)
            _centred(canvas, cx, 260 - height - 14, f"{height // 3}%")
            _centred(canvas, cx, 264, label)
            _centred(canvas, cx, 280, change, size=8)

    (chart,) = _charts(_pdf(draw))
    assert _rows(chart) == [("North", "13%"), ("Centre", "50%"), ("South", "30%")]


def test_leader_lines_join_slices_to_their_labels():
    def draw(canvas: Canvas) -> None:
        # values inside the ring of a donut, labels outside, each joined by a leader line
        placed = [
            ("Senior Developer", 380, 150, "43.99%", 300, 200),
            ("Architect", 120, 290, "24.32%", 250, 240),
        ]
        for label, lx, ltop, value, vx, vtop in placed:
            _text(canvas, lx, ltop, label, size=9)
            _text(canvas, vx, vtop, value, size=7)
            start = lx if lx > vx else lx + 40
            canvas.line(start, PAGE_HEIGHT - ltop - 5, vx + 10, PAGE_HEIGHT - vtop)

    (chart,) = _charts(_pdf(draw))
    assert sorted(_rows(chart)) == [("Architect", "24.32%"), ("Senior Developer", "43.99%")]


def test_a_table_of_shares_is_not_a_chart():
    def draw(canvas: Canvas) -> None:
        rows = [
            ("Role", "Percent", "Respondents"),
            ("Researcher", "45.2%", "233"),
            ("Engineer", "30.1%", "155"),
            ("Student", "24.7%", "127"),
        ]
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                _text(canvas, 72 + c * 120, 100 + r * 16, cell, bold=r == 0)

    document = _pdf(draw)
    assert not _charts(document)
    assert [b.block_type for b in document.blocks] == ["table"]


def test_shares_in_running_text_stay_in_the_text():
    def draw(canvas: Canvas) -> None:
        _text(canvas, 72, 100, "Just under 40% are deploying today and another 22% plan to.")
        _text(canvas, 72, 114, "The rest, 38%, have no plans.")

    document = _pdf(draw)
    assert not _charts(document)
    assert "another 22% plan" in document.normalized_text


@pytest.mark.skipif(not CORPUS_DEV.exists(), reason="../shared/corpus-dev is not present")
def test_slide_deck_charts_come_out_as_category_value_rows():
    document = read_pdf(
        (CORPUS_DEV / "eclipse-iot-commercial-adoption-survey-2019.pdf").read_bytes()
    )
    rows = {(b.page_number, *row) for b in _charts(document) for row in _rows(b)}
    assert (4, "Deploying IoT solutions today", "39%") in rows
    assert (6, "Stay the same", "21%") in rows  # a pie: the value over its label
    assert (11, "Sensors", "51%", "23%", "13%", "14%") in rows  # stacked, four series
    assert (19, "Automotive", "8%") in rows  # icons: the label over its value


def _legend_pie(
    canvas: Canvas, items: list[tuple[str, float, tuple]], on_slice: bool, cx: float = 200.0
) -> None:
    """A form tool's pie: a slice per (label, share, colour) drawn clockwise from 12 o'clock
    with its share printed inside, and the labels only in a legend of colour keys beside it
    (in another order than the slices)."""
    cy, start = 300.0, 90.0
    for _, share, rgb in items:
        extent = -360 * share / 100
        middle = math.radians(start + extent / 2)
        canvas.setFillColorRGB(*rgb)
        canvas.wedge(cx - 80, PAGE_HEIGHT - cy - 80, cx + 80, PAGE_HEIGHT - cy + 80, start, extent,
                     stroke=0, fill=1)  # fmt: skip
        radius = 50 if on_slice else 100
        _centred(canvas, cx + radius * math.cos(middle), cy - radius * math.sin(middle) - 4,
                 f"{share}%", size=9)  # fmt: skip
        start += extent
    keyed = {rgb: label for label, _, rgb in sorted(items, reverse=True)}  # one key a colour
    for j, (label, _, rgb) in enumerate(sorted(i for i in items if keyed[i[2]] == i[0])):
        _bar(canvas, cx + 120, 240 + j * 18, cx + 128, 248 + j * 18, rgb)
        _text(canvas, cx + 132, 239 + j * 18, label)


PIE_ITEMS = [
    ("Linux", 52.1, (0.26, 0.52, 0.96)),
    ("macOS", 30.4, (0.86, 0.27, 0.22)),
    ("Windows", 12.5, (0.96, 0.71, 0.0)),
    ("Other", 5.0, (0.06, 0.62, 0.35)),
]


def test_values_inside_pie_slices_take_the_legend_entry_of_their_colour():
    (chart,) = _charts(_pdf(lambda canvas: _legend_pie(canvas, PIE_ITEMS, on_slice=True)))
    # before, each value took the nearest legend label: Windows 52.1%, Linux 12.5%
    assert sorted(_rows(chart)) == [
        ("Linux", "52.1%"),
        ("Other", "5.0%"),
        ("Windows", "12.5%"),
        ("macOS", "30.4%"),
    ]


def test_a_legend_colour_holding_two_values_names_neither():
    # a series colour (two slices of one colour, one legend key): the key names neither
    items = [(label, share, PIE_ITEMS[0][2]) for label, share, _ in PIE_ITEMS[:2]]
    items += PIE_ITEMS[2:]
    document = _pdf(lambda canvas: _legend_pie(canvas, items, on_slice=True))
    rows = [row for chart in _charts(document) for row in _rows(chart)]
    assert ("Linux", "52.1%") not in rows and ("Linux", "30.4%") not in rows


def test_two_legend_pies_on_one_page_stay_two_charts():
    plans = [
        ("Grow", 60.0, (0.55, 0.2, 0.6)),
        ("Shrink", 25.0, (0.9, 0.45, 0.75)),
        ("Hold", 15.0, (0.45, 0.3, 0.2)),
    ]

    def draw(canvas: Canvas) -> None:
        _legend_pie(canvas, PIE_ITEMS, on_slice=True, cx=110)
        _legend_pie(canvas, plans, on_slice=True, cx=400)

    charts = _charts(_pdf(draw))
    assert [sorted(_rows(chart)) for chart in charts] == [
        [("Linux", "52.1%"), ("Other", "5.0%"), ("Windows", "12.5%"), ("macOS", "30.4%")],
        [("Grow", "60.0%"), ("Hold", "15.0%"), ("Shrink", "25.0%")],
    ]


def test_a_rating_scale_pairs_each_share_and_count_with_the_point_under_its_track():
    # a form tool's rating question: a full-height track per scale point (the bar inside it
    # only where the share is large enough to draw), the share and "N resp." printed over the
    # track, the scale points (equal steps, like an axis) under it
    shares = [(41, 23), (29, 16), (20, 11), (7, 4), (1, 1)]

    def draw(canvas: Canvas) -> None:
        _text(canvas, 72, 60, "How long have you been a member of the community?", size=12)
        for i, (share, count) in enumerate(shares):
            x0 = 60 + i * 95
            _bar(canvas, x0, 260, x0 + 85, 410, rgb=(0.31, 0.69, 0.68))
            if share >= 10:
                _bar(canvas, x0 + 2, 410 - share * 1.4, x0 + 83, 408, rgb=(1, 1, 1))
            _centred(canvas, x0 + 42, 228, f"{share}%", size=12)
            _centred(canvas, x0 + 42, 244, f"{count} resp.", size=8)
            _centred(canvas, x0 + 42, 420, str(i + 1), size=14)

    (chart,) = _charts(_pdf(draw))
    assert _rows(chart) == [
        ("1", "41% / 23 resp."),
        ("2", "29% / 16 resp."),
        ("3", "20% / 11 resp."),
        ("4", "7% / 4 resp."),
        ("5", "1% / 1 resp."),
    ]


def test_one_box_under_a_share_is_no_track():
    def draw(canvas: Canvas) -> None:
        _centred(canvas, 150, 100, "64%", size=24)
        _bar(canvas, 100, 130, 200, 260, rgb=(0.9, 0.9, 0.9))  # a tile, not a scale's track
        _centred(canvas, 150, 270, "1", size=12)
        _centred(canvas, 350, 100, "12%", size=24)
        _centred(canvas, 350, 270, "2", size=12)

    rows = [row for chart in _charts(_pdf(draw)) for row in _rows(chart)]
    assert ("1", "64%") not in rows
