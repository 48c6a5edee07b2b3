"""The PDF reader on real-world PDFs (tests/fixtures/pdfs, see MANIFEST in shared fixtures) and on
small PDFs drawn with reportlab that each show one layout rule."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from extract.blocks import Block, ParsedDocument, blocks_frame, table_cells_frame
from extract.claims import extract_claims
from extract.errors import DocumentError
from extract.genre import normalize_space
from extract.pdf import read_pdf
from extract.settings import PdfSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"
SOURCES = Path(__file__).resolve().parents[2] / "sources"
PAGE_HEIGHT = letter[1]


@functools.cache
def _read(name: str, password: str | None = None) -> ParsedDocument:
    return read_pdf((FIXTURES / name).read_bytes(), PdfSettings(password=password))


def _tables(document: ParsedDocument) -> list[Block]:
    return [b for b in document.blocks if b.block_type == "table"]


def _row_starting(block: Block, first: str) -> tuple[str, ...]:
    assert block.table is not None
    return next(row for row in block.table.rows if row[0].startswith(first))


# ----------------------------------------------------------------------------------------------
# Real-world fixtures


def test_nics_ruled_table_has_known_cells_and_header():
    document = _read("nics-background-checks-2015-11.pdf")
    (table,) = _tables(document)
    assert table.table is not None
    alabama = _row_starting(table, "Alabama")
    wyoming = _row_starting(table, "Wyoming")
    assert alabama[0] == "Alabama" and alabama[-1] == "71,137"
    assert wyoming[0] == "Wyoming" and wyoming[-1] == "5,017"
    states = [row[0] for row in table.table.rows[table.table.header_row_count :]]
    assert len(states) == 56  # 55 states and territories, rows ruled in bands of five, + Totals
    header = table.table.rows[table.table.header_row_count - 1]
    assert header[0] == "State / Territory" and header[-1] == "Totals"
    assert table.table.cell_bboxes is not None
    # the title above the table is a heading, not a table row; table words stay out of the text
    assert document.blocks[0].block_type == "heading"
    assert document.blocks[0].text == "NICS Firearm Background Checks November - 2015"
    prose = " ".join(b.text for b in document.blocks if b.block_type != "table")
    assert "Alabama" not in prose and "71,137" not in prose
    assert "Page 1 of 205" in prose  # a single page: nothing repeats, so nothing is furniture
    table_cells_frame("nics", document.blocks)  # the warehouse schema accepts it


def test_rotated_nics_page_reads_like_the_upright_one():
    upright = _read("nics-background-checks-2015-11.pdf")
    rotated = _read("nics-background-checks-2015-11-rotated.pdf")
    assert [b.text for b in rotated.blocks] == [b.text for b in upright.blocks]
    assert any("90 degrees" in w for w in rotated.warnings)
    # bboxes are in the rotated page's own coordinates (612 x 1008, portrait)
    (table,) = _tables(rotated)
    assert table.bbox is not None and table.bbox[3] > 612


def test_senate_table_without_ruling_lines_between_rows():
    document = _read("senate-expenditures.pdf")
    (table,) = _tables(document)
    assert table.table is not None
    assert table.table.rows[0][:3] == ("DOCUMENT NO.", "DATE POSTED", "PAYEE NAME")
    assert table.table.header_row_count >= 1
    last = table.table.rows[-1]
    assert last[0].startswith("DHAW20190070")
    assert last[1:5] == ("09/09/2019", "CITIBANK - TRAVEL CBA CARD", "08/12/2019", "08/14/2019")
    assert last[-1] == "411.49"


def test_issue_53_banded_numeric_table():
    document = _read("issue-53-example.pdf")
    first = _tables(document)[0]
    assert first.page_number == 1
    fy2013 = _row_starting(first, "FY2013")
    assert fy2013 == (
        "FY2013",
        "7,723,293",
        "102.6",
        "35,390,384",
        "104.0",
        "46,235,058",
        "103.3",
        "76.5",
    )
    assert _row_starting(first, "FY2014")[1] == "7,793,704"
    assert first.table is not None and first.table.header_row_count >= 1
    text = document.normalized_text
    assert "FY = Financial Year ending March 31" in text  # the key under the table is text
    assert document.blocks[0].block_type == "heading"


def test_federal_register_three_columns_read_in_order():
    document = _read("federal-register-2020-17221.pdf")
    assert document.page_count == 15
    target = (
        "The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51, which applies "
        "to all The Boeing Company Model 737–8 and 737–9 (737 MAX) airplanes. Since AD 2018–"
    )
    assert any(target in b.text for b in document.blocks)
    # the running head ("Federal Register / Vol. 85, ...") and page numbers are gone
    assert "Federal Register / Vol. 85" not in document.normalized_text
    assert not any(b.text.strip().isdigit() for b in document.blocks)
    headings = [b.text for b in document.blocks if b.block_type == "heading"]
    assert "Comments Invited" in headings and "Background" in headings
    background = next(b for b in document.blocks if b.text.startswith("On October 29, 2018"))
    assert background.section_path[-1] == "Background"
    blocks_frame("fr", document.blocks)


def test_ligatures_are_expanded_and_headings_ranked():
    document = _read("issue-598-example.pdf")
    text = document.normalized_text
    assert "fiction" in text and "\ufb01" not in text
    levels = {b.text: b.heading_level for b in document.blocks if b.block_type == "heading"}
    assert levels["Chapter 1"] == 1
    assert levels["1.1 Nature of Science"] == 2
    assert levels["Lesson Objectives"] == 3
    items = [b for b in document.blocks if b.block_type == "list_item"]
    assert len(items) == 4 and items[0].section_path[-1] == "Lesson Objectives"


def test_cjk_text_comes_through_and_overprinted_chars_are_deduplicated():
    document = _read("issue-842-example.pdf")
    text = document.normalized_text
    assert "安徽安利合成革股份有限公司" in text
    assert "ANHUI ANLI ARTIFICIAL LEATHER" in text
    japanese = _read("issue-463-example.pdf").normalized_text
    assert "私は冬の餌を集めています" in japanese


def test_two_column_block_and_ruled_tables_in_google_docs_export():
    document = _read("issue-463-example.pdf")
    texts = [b.text for b in document.blocks]
    left = texts.index("Never once considering how in the world she was to get out again.")
    right = texts.index(
        "The rabbit-hole went straight on like a tunnel for some way, and then dipped suddenly "
        "down,"
    )
    assert left < right
    tables = _tables(document)
    assert tables[0].table is not None and tables[0].table.rows[0] == ("Header",) * 3


def test_text_outside_the_page_box_is_kept_with_a_warning():
    document = _read("malformed-from-issue-932.pdf")
    assert document.normalized_text == "2021 3 31"
    assert any("outside the page box" in w for w in document.warnings)


def test_password_opens_the_encrypted_pdf():
    document = _read("password-example.pdf", password="test")
    assert document.page_count == 4
    assert document.blocks[0].text.startswith("Backup4all")


@pytest.mark.parametrize(
    ("name", "password", "reason", "words"),
    [
        ("password-example.pdf", None, "encrypted", "password"),
        ("password-example.pdf", "wrong", "encrypted", "password"),
        ("empty.pdf", None, "empty", "empty"),
        ("not-a-pdf.pdf", None, "not_a_pdf", "not a PDF"),
        ("truncated.pdf", None, "corrupt", "truncated"),
        ("issue-297-example.pdf", None, "no_pages", "no pages"),
        ("issue-203-decimalize.pdf", None, "no_text_layer", "has 3 pages but no text layer"),
    ],
)
def test_bad_input_fails_with_a_reason_and_a_clear_message(name, password, reason, words):
    with pytest.raises(DocumentError) as caught:
        _read(name, password=password)
    assert caught.value.reason == reason
    assert words in caught.value.message


def test_html_with_a_pdf_name_is_named():
    with pytest.raises(DocumentError, match="HTML") as caught:
        read_pdf(b"<!DOCTYPE html><html><body>Not found</body></html>")
    assert caught.value.reason == "not_a_pdf"


def test_every_block_has_a_page_and_a_bbox():
    for name in ("federal-register-2020-17221.pdf", "issue-53-example.pdf"):
        for block in _read(name).blocks:
            assert block.page_number is not None and block.bbox is not None
            x0, top, x1, bottom = block.bbox
            assert x0 <= x1 and top <= bottom


@pytest.mark.parametrize(
    ("rendered", "rendition"),
    [
        ("lf-genai-2024.pdf", "lf-research-shaping-the-future-of-genai-2024.txt"),
        ("mckinsey-osai-2025.pdf", "mckinsey-open-source-technology-in-the-age-of-ai-2025.txt"),
    ],
)
def test_rendered_reports_give_back_their_text(rendered, rendition):
    """The rendered corpus reports (scripts/render_corpus.py) hold every paragraph of their text
    rendition; nearly all must come back verbatim (list markers and link markup aside)."""
    pdf, text = SOURCES / "rendered" / rendered, SOURCES / "corpus" / rendition
    if not pdf.exists() or not text.exists():
        pytest.skip("the rendered corpus is not there")
    document = read_pdf(pdf.read_bytes())
    ours = normalize_space(" ".join(b.text for b in document.blocks))
    paragraphs = [
        normalize_space(re.sub(r"\*+|^#+\s*", "", p)) for p in text.read_text().split("\n\n")
    ]
    paragraphs = [p for p in paragraphs if len(p) >= 40 and "|" not in p and p[0] not in "-["]
    found = sum(1 for p in paragraphs if p in ours)
    assert found >= 0.97 * len(paragraphs)
    assert not document.warnings


# ----------------------------------------------------------------------------------------------
# Synthetic PDFs


def _pdf(*pages: Callable[[Canvas], None]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(
    canvas: Canvas, x: float, top: float, text: str, font: str = "Helvetica", size: float = 10
) -> None:
    """Write ``text`` with its top at ``top`` points from the top edge."""
    canvas.setFont(font, size)
    canvas.drawString(x, PAGE_HEIGHT - top - size * 0.8, text)


def _lines(canvas: Canvas, x: float, top: float, lines: list[str], pitch: float = 12) -> float:
    for i, line in enumerate(lines):
        _text(canvas, x, top + i * pitch, line)
    return top + len(lines) * pitch


LEFT = [
    "Open models are now part of most stacks.",
    "Teams mix hosted and self-run models in",
    "production, and most plan to add more.",
    "",
    "When asked about their plans for the next",
    "year, more than half of the respondents",
    "said that they would move at least one",
    "workload from a hosted API to a model",
]
RIGHT = [
    "that they run themselves, most often to",
    "control cost and to keep data in house.",
    "",
    "Figure 1: Planned moves by company size",
    "",
    "Larger companies were more cautious than",
    "smaller ones, but the gap has narrowed.",
]


def _two_columns(canvas: Canvas) -> None:
    _text(canvas, 72, 60, "The State of Open Models", "Helvetica-Bold", 20)
    _text(canvas, 72, 100, "Adoption", "Helvetica-Bold", 13)
    for column, x in ((LEFT, 72), (RIGHT, 320)):
        top = 125.0
        for line in column:
            if line:
                _text(canvas, x, top, line)
            top += 12


def test_two_columns_with_a_paragraph_across_the_column_break():
    document = read_pdf(_pdf(_two_columns))
    kinds = [(b.block_type, b.text) for b in document.blocks]
    assert kinds == [
        ("heading", "The State of Open Models"),
        ("heading", "Adoption"),
        (
            "paragraph",
            "Open models are now part of most stacks. Teams mix hosted and self-run models in "
            "production, and most plan to add more.",
        ),
        (
            "paragraph",
            "When asked about their plans for the next year, more than half of the respondents "
            "said that they would move at least one workload from a hosted API to a model that "
            "they run themselves, most often to control cost and to keep data in house.",
        ),
        ("caption", "Figure 1: Planned moves by company size"),
        (
            "paragraph",
            "Larger companies were more cautious than smaller ones, but the gap has narrowed.",
        ),
    ]
    levels = [b.heading_level for b in document.blocks[:2]]
    assert levels == [1, 2]
    assert document.blocks[-1].section_path == ("The State of Open Models", "Adoption")
    assert all(b.page_number == 1 and b.bbox is not None for b in document.blocks)
    right_column = document.blocks[-1].bbox
    assert right_column is not None and right_column[0] == pytest.approx(320, abs=1)


def _report_page(number: int, body: list[str]) -> Callable[[Canvas], None]:
    def draw(canvas: Canvas) -> None:
        _text(canvas, 72, 30, "Quarterly Open Source Survey", size=9)
        _text(canvas, 480, 30, f"Q{number} 2025", size=9)
        _lines(canvas, 72, 100, body)
        _text(canvas, 290, 750, f"Page {number} of 3", size=9)

    return draw


def test_running_header_and_footer_are_removed_because_they_repeat():
    document = read_pdf(
        _pdf(
            _report_page(1, ["Respondents came from 40 countries and six", "industries."]),
            _report_page(2, ["Most of them work in companies of fewer than", "500 people."]),
            _report_page(3, ["The survey ran for six weeks in the spring."]),
        )
    )
    text = document.normalized_text
    assert "Quarterly Open Source Survey" not in text
    assert "Page" not in text and "2025" not in text
    assert [b.text for b in document.blocks] == [
        "Respondents came from 40 countries and six industries.",
        "Most of them work in companies of fewer than 500 people.",
        "The survey ran for six weeks in the spring.",
    ]
    assert [b.page_number for b in document.blocks] == [1, 2, 3]


def test_a_margin_line_on_one_page_only_is_kept():
    document = read_pdf(
        _pdf(
            _report_page(1, ["First page body."]),
            _report_page(2, ["Second page body."]),
            lambda c: _lines(c, 72, 30, ["A note at the top of the last page only."]),
        ),
        PdfSettings(running_line_min_share=0.9),
    )
    text = document.normalized_text
    assert "A note at the top of the last page only." in text
    assert "Quarterly Open Source Survey" in text  # on 2 of 3 pages: below the 90 % asked for


def test_hyphenated_words_are_joined_and_real_hyphens_kept():
    def draw(canvas: Canvas) -> None:
        _lines(
            canvas,
            72,
            100,
            [
                "The respondents were overwhel-",
                "mingly positive about the open-",
                "source models they had tried, and open-source",
                "tools in general.",
            ],
        )

    (block,) = read_pdf(_pdf(draw)).blocks
    assert block.text == (
        "The respondents were overwhelmingly positive about the open-source models they had "
        "tried, and open-source tools in general."
    )
    (unjoined,) = read_pdf(_pdf(draw), PdfSettings(join_hyphenated=False)).blocks
    assert unjoined.text.startswith("The respondents were overwhel-mingly positive about the open-")


def test_shares_set_without_a_gap_are_split_and_other_percent_signs_kept():
    def draw(canvas: Canvas) -> None:
        _text(canvas, 72, 100, "Shares 6.9%5% and 12%0.5% were printed too close together.")
        _text(canvas, 72, 120, "See the report at example.org/Final%20Report%202019.pdf for more.")

    shares, link = read_pdf(_pdf(draw)).blocks
    assert shares.text == "Shares 6.9% 5% and 12% 0.5% were printed too close together."
    assert "example.org/Final%20Report%202019.pdf" in link.text


def _ruled_table(canvas: Canvas) -> None:
    _lines(canvas, 72, 80, ["Table 1 shows where the models run."])
    rows = [
        ("Deployment", "Share", "Change"),
        ("Cloud", "54%", "+3"),
        ("On premises", "31%", "-2"),
        ("Edge", "15%", "-1"),
    ]
    xs = [72, 220, 320, 420]
    top = 110.0
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            _text(
                canvas,
                xs[c] + 4,
                top + r * 20 + 5,
                cell,
                "Helvetica-Bold" if r == 0 else "Helvetica",
            )
    for r in range(len(rows) + 1):
        y = PAGE_HEIGHT - (top + r * 20)
        canvas.line(xs[0], y, xs[-1], y)
    for x in xs:
        canvas.line(x, PAGE_HEIGHT - top, x, PAGE_HEIGHT - (top + len(rows) * 20))
    _text(canvas, 72, 205, "Source: survey of 316 practitioners, 2025", size=8)
    _lines(canvas, 72, 240, ["Cloud remains the most common choice."])


def test_ruled_table():
    document = read_pdf(_pdf(_ruled_table))
    kinds = [b.block_type for b in document.blocks]
    assert kinds == ["paragraph", "table", "source_note", "paragraph"]
    table = document.blocks[1].table
    assert table is not None
    assert table.rows == (
        ("Deployment", "Share", "Change"),
        ("Cloud", "54%", "+3"),
        ("On premises", "31%", "-2"),
        ("Edge", "15%", "-1"),
    )
    assert table.header_row_count == 1
    assert table.cell_bboxes is not None and all(b is not None for b in table.cell_bboxes[1])
    assert "Cloud" not in document.blocks[0].text + document.blocks[2].text
    frame = table_cells_frame("synthetic", document.blocks)
    assert frame["is_header"].sum() == 3


def _unruled_table(canvas: Canvas) -> None:
    _lines(
        canvas,
        72,
        80,
        ["Respondents named the open model families they use in", "production most often."],
    )
    rows = [
        ("Model family", "Share", "Change"),
        ("Llama", "41%", "+5"),
        ("Mistral", "22%", "-2"),
        ("Qwen", "18%", "+9"),
        ("Gemma", "9%", "+1"),
    ]
    for r, row in enumerate(rows):
        font = "Helvetica-Bold" if r == 0 else "Helvetica"
        _text(canvas, 90, 130 + r * 14, row[0], font)
        # numbers right-aligned, as tables set them
        canvas.setFont(font, 10)
        canvas.drawRightString(300, PAGE_HEIGHT - (130 + r * 14) - 8, row[1])
        canvas.drawRightString(400, PAGE_HEIGHT - (130 + r * 14) - 8, row[2])
    _lines(canvas, 72, 220, ["Llama led in every region we asked about."])


def test_unruled_table_found_from_alignment():
    document = read_pdf(_pdf(_unruled_table))
    assert [b.block_type for b in document.blocks] == ["paragraph", "table", "paragraph"]
    table = document.blocks[1].table
    assert table is not None
    assert table.rows[0] == ("Model family", "Share", "Change")
    assert table.rows[1:] == (
        ("Llama", "41%", "+5"),
        ("Mistral", "22%", "-2"),
        ("Qwen", "18%", "+9"),
        ("Gemma", "9%", "+1"),
    )
    assert table.header_row_count == 1
    assert "Mistral" not in document.normalized_text.replace(table.text, "")


def _stacked_tables(canvas: Canvas) -> None:
    """Two count tables one under the other, the second's label column wider than the first's
    (its counts stand where the first table's labels run)."""
    tables = [
        (160, [("Region", "Count"), ("North", "12"), ("South", "7"), ("East", "3"), ("West", "2")]),
        (
            240,
            [
                ("Role", "Count"),
                ("Platform engineer", "9"),
                ("Site reliability engineering lead", "6"),
                ("Data scientist", "4"),
            ],
        ),
    ]
    top = 100
    for value_x, rows in tables:
        for r, (label, count) in enumerate(rows):
            font = "Helvetica-Bold" if r == 0 else "Helvetica"
            _text(canvas, 72, top, label, font)
            _text(canvas, value_x, top, count, font)
            top += 16


def test_tables_one_under_the_other_with_columns_at_other_places_are_two_tables():
    document = read_pdf(_pdf(_stacked_tables))
    tables = [b.table for b in _tables(document)]
    assert [t.rows for t in tables if t is not None] == [
        (("Region", "Count"), ("North", "12"), ("South", "7"), ("East", "3"), ("West", "2")),
        (
            ("Role", "Count"),
            ("Platform engineer", "9"),
            ("Site reliability engineering lead", "6"),
            ("Data scientist", "4"),
        ),
    ]


def _loosely_led_paragraphs(canvas: Canvas) -> None:
    """A paragraph set with generous leading (the gap between lines over half the font size)
    whose sentence runs on at a line starting with a capital, a heading in bold, then answer
    options, one a line, at the same leading."""
    lines = [
        "Teams reported how they ship software to production and said that",
        "Kubernetes runs most of their services, while a third still deploy",
        "to virtual machines. Nightly builds are rarer than two years ago.",
    ]
    _lines(canvas, 72, 100, lines, pitch=17)
    _text(canvas, 72, 100 + 3 * 17 + 10, "Deployment targets", "Helvetica-Bold")
    options = ["Kubernetes (61%)", "Virtual machines (33%)", "Serverless (18%)"]
    _lines(canvas, 72, 100 + 4 * 17 + 10, options, pitch=17)


def test_running_text_set_with_loose_leading_is_one_paragraph_and_options_stay_apart():
    document = read_pdf(_pdf(_loosely_led_paragraphs))
    assert [(b.block_type, b.text) for b in document.blocks] == [
        (
            "paragraph",
            "Teams reported how they ship software to production and said that Kubernetes runs "
            "most of their services, while a third still deploy to virtual machines. Nightly "
            "builds are rarer than two years ago.",
        ),
        ("heading", "Deployment targets"),
        ("paragraph", "Kubernetes (61%)"),
        ("paragraph", "Virtual machines (33%)"),
        ("paragraph", "Serverless (18%)"),
    ]


def _sparse_table(canvas: Canvas) -> None:
    """A table whose rows leave different columns empty: one grid, though a column of the
    same index stands at two places."""
    rows = [
        ("Tool", "2022", "2023", "2024"),
        ("Alpha", "41%", "38%", ""),
        ("Beta", "12%", "9%", ""),
        ("Gamma", "10%", "8%", ""),
        ("Delta", "4%", "", "6%"),
        ("Epsilon", "2%", "", "5%"),
        ("Zeta", "1%", "", "3%"),
    ]
    top = 100
    for r, row in enumerate(rows):
        font = "Helvetica-Bold" if r == 0 else "Helvetica"
        _text(canvas, 72, top, row[0], font)
        canvas.setFont(font, 10)
        for right, cell in zip((200, 260, 320), row[1:], strict=True):
            if cell:
                canvas.drawRightString(right, PAGE_HEIGHT - top - 8, cell)
        top += 16


def test_rows_leaving_different_columns_empty_are_one_table():
    document = read_pdf(_pdf(_sparse_table))
    (table,) = [b.table for b in _tables(document)]
    assert table is not None
    assert table.rows[0] == ("Tool", "2022", "2023", "2024")
    assert table.rows[4] == ("Delta", "4%", "", "6%")


def _head_on_two_lines_beside_a_centred_label(canvas: Canvas) -> None:
    """Column heads on two lines with the first column's head set between them, then two rows."""
    _words(canvas, 100, ((150, "Number of"), (240, "Median")))
    _words(canvas, 106, ((72, "Group"), (330, "Share")))
    _words(canvas, 112, ((150, "teams (n)"), (240, "age")))
    _words(canvas, 136, ((72, "Platform"), (150, "1,204"), (240, "37"), (330, "12%")))
    _words(canvas, 152, ((72, "Product"), (150, "987"), (240, "41"), (330, "9%")))


def test_a_head_on_two_lines_beside_a_label_set_between_them_is_one_header_row():
    document = read_pdf(_pdf(_head_on_two_lines_beside_a_centred_label))
    (table,) = [b.table for b in _tables(document)]
    assert table is not None
    assert table.rows == (
        ("Group", "Number of teams (n)", "Median age", "Share"),
        ("Platform", "1,204", "37", "12%"),
        ("Product", "987", "41", "9%"),
    )


def test_bulleted_list_is_not_a_table():
    def draw(canvas: Canvas) -> None:
        for i, item in enumerate(["Cost", "Control over data", "Customisation", "Latency"]):
            _text(canvas, 90, 100 + i * 14, "•")
            _text(canvas, 110, 100 + i * 14, item)

    document = read_pdf(_pdf(draw))
    assert [b.block_type for b in document.blocks] == ["list_item"] * 4
    assert document.blocks[1].text == "• Control over data"


def test_italic_quote_and_sideways_page():
    def quote(canvas: Canvas) -> None:
        _text(
            canvas, 72, 100, "“We moved everything we could to open weights.”", "Helvetica-Oblique"
        )
        _text(canvas, 72, 114, "— CTO, fintech company", "Helvetica-Oblique")

    blocks = read_pdf(_pdf(quote)).blocks
    assert blocks[0].block_type == "quote"

    def sideways(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.translate(300, 100)
        canvas.rotate(90)
        _lines(
            canvas,
            0,
            -PAGE_HEIGHT + 20,
            ["This page was set sideways, as wide", "tables often are."],
        )
        canvas.restoreState()

    document = read_pdf(_pdf(sideways))
    assert [b.text for b in document.blocks] == [
        "This page was set sideways, as wide tables often are."
    ]


def test_text_far_off_the_page_is_kept_without_blowing_up():
    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 100, ["A normal line of text on the page.", "And a second one."])
        _text(canvas, 5e8, 300, "Far away to the right.")
        _text(canvas, 72, -3e8, "Far above the page.")

    document = read_pdf(_pdf(draw))
    text = document.normalized_text
    assert "A normal line of text on the page. And a second one." in text
    assert "Far away to the right." in text and "Far above the page." in text
    assert any("outside the page box" in w for w in document.warnings)


def _wrapped_rows(
    canvas: Canvas, xs: list[float], top: float, rows: list[list[list[str]]], size: float = 8
) -> float:
    """Rows of cells given as their lines, without rules: lines 10 pt apart, rows 6 pt more."""
    for r, row in enumerate(rows):
        font = "Helvetica-Bold" if r == 0 else "Helvetica"
        for x, cell in zip(xs, row, strict=True):
            for i, line in enumerate(cell):
                _text(canvas, x, top + i * 10, line, font, size)
        top += max(len(cell) for cell in row) * 10 + 6
    return top


PROSE = [
    "A web survey of open source practitioners ran",
    "from August to September and provided the",
    "basis for this study. Its goal was to learn how",
    "organizations deploy and govern generative AI",
    "and what role open source plays in it.",
    "",
    "We sourced the sample from the subscribers and",
    "members of the foundation, and we screened the",
    "respondents for professional experience. The",
    "design of the survey is shown in the table.",
]
DESIGN = [
    [["Questions"], ["Question", "categories"], ["Who answers the", "questions"]],
    [["Q1 - Q6"], ["Demographics"], ["All respondents (N=316)"]],
    [["Q7 - Q16"], ["Importance and", "investment in GenAI"], ["Orgs who adopted", "(N=297)"]],
    [["Q17 - Q18"], ["GenAI concerns"], ["Orgs who adopted", "(N=297 for Q17)"]],
    [["Q19 - Q26"], ["Open source AI", "in your org"], ["All respondents (N=316)"]],
]


def test_unruled_table_with_wrapped_cells_in_one_column_of_two():
    """Cells and header cells wrap onto two lines; the table stands in the right column, its
    lines off the baselines of the prose on the left. It must not be cut into columns."""

    def draw(canvas: Canvas) -> None:
        top = 100.0
        for line in PROSE:
            if line:
                _text(canvas, 72, top, line)
            top += 13
        end = _wrapped_rows(canvas, [330, 380, 460], 95, DESIGN)
        _lines(canvas, 330, end + 14, ["Respondents were screened", "on three variables."])

    document = read_pdf(_pdf(draw))
    (table,) = _tables(document)
    assert table.table is not None
    assert table.table.rows == (
        ("Questions", "Question categories", "Who answers the questions"),
        ("Q1 - Q6", "Demographics", "All respondents (N=316)"),
        ("Q7 - Q16", "Importance and investment in GenAI", "Orgs who adopted (N=297)"),
        ("Q17 - Q18", "GenAI concerns", "Orgs who adopted (N=297 for Q17)"),
        ("Q19 - Q26", "Open source AI in your org", "All respondents (N=316)"),
    )
    assert table.table.header_row_count == 1
    text = [b.text for b in document.blocks if b.block_type != "table"]
    assert not any("Q7" in t or "Demographics" in t or "categories" in t for t in text)
    assert text[0].startswith("A web survey") and text[-1] == (
        "Respondents were screened on three variables."
    )


def test_unruled_table_with_a_two_line_header_and_a_rank_column():
    """The header's cells wrap (its first column is empty) and the body ranks items: the wrapped
    header is one header row, not a row of words that start in lower case."""

    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 80, ["Priorities differ by the kind of organization:"])
        rows = [
            [[""], ["Cross-industry IT", "organizations"], ["Industry-specific", "organizations"]],
            [["1"], ["Accuracy (60%)"], ["Security (61%)"]],
            [["2"], ["Cost (52%)"], ["Privacy (60%)"]],
            [["3"], ["Security (51%)"], ["Accuracy (59%)"]],
        ]
        end = _wrapped_rows(canvas, [77, 95, 220], 100, rows)
        _lines(canvas, 72, end + 14, ["Industry-specific organizations focus on security."])

    document = read_pdf(_pdf(draw))
    assert [b.block_type for b in document.blocks] == ["paragraph", "table", "paragraph"]
    table = document.blocks[1].table
    assert table is not None
    assert table.rows == (
        ("", "Cross-industry IT organizations", "Industry-specific organizations"),
        ("1", "Accuracy (60%)", "Security (61%)"),
        ("2", "Cost (52%)", "Privacy (60%)"),
        ("3", "Security (51%)", "Accuracy (59%)"),
    )
    assert table.header_row_count == 1


def _words(canvas: Canvas, top: float, placed: tuple[tuple[float, str], ...]) -> None:
    """Words of one line, each at its own x (column heads)."""
    for x, word in placed:
        _text(canvas, x, top, word)


def _trend_rows(
    canvas: Canvas, x: float, top: float, rights: tuple[float, ...], rows: list[tuple[str, ...]]
) -> None:
    """Rows of a trend table: the period at ``x``, numbers right-aligned at ``rights``."""
    for r, (period, *numbers) in enumerate(rows):
        row_top = top + r * 11
        _text(canvas, x, row_top, period)
        canvas.setFont("Helvetica", 10)
        for right, number in zip(rights, numbers, strict=True):
            canvas.drawRightString(right, PAGE_HEIGHT - row_top - 8, number)


def test_column_heads_printed_close_together_are_cut_at_the_columns():
    """A trend table's heads on two lines, one column's head running within a word space or two
    of the next one's ("satisfied DK/Ref"): each head goes over its own column."""

    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 80, ["Q.1 Are you satisfied with the way things are going today?"])
        _words(canvas, 100, ((178, "Satis-"), (218, "Dis-"), (251, "(VOL.)")))
        _words(canvas, 111, ((183, "fied"), (209, "satisfied"), (251, "DK/Ref")))
        body = [("Mar 20-25, 2019", "31", "63", "6"), ("Jan 9-14, 2019", "26", "70", "4")]
        body += [("Sep 18-24, 2018", "33", "61", "6"), ("Jun 5-12, 2018", "34", "61", "5")]
        _trend_rows(canvas, 72, 124, (196, 232, 269), body)

    document = read_pdf(_pdf(draw))
    table = next(b.table for b in document.blocks if b.table is not None)
    assert table.rows[:3] == (
        ("", "Satis-", "Dis-", "(VOL.)"),
        ("", "fied", "satisfied", "DK/Ref"),
        ("Mar 20-25, 2019", "31", "63", "6"),
    )
    claims = extract_claims(blocks_frame("trend", document.blocks)).set_index("value_text")
    assert claims.loc["63", "subject"].endswith(": Dissatisfied")
    assert claims.loc["6", "subject"].iloc[0].endswith(": (VOL.) DK/Ref")


def test_column_heads_printed_apart_from_their_table_above_a_lead_in():
    """Heads a line or two above the body, a lead-in over the labels between them: the heads
    are the table's header rows, the lead-in stays text; a paragraph above stays a paragraph."""

    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 80, ["Q.44 Would you increase or decrease spending on [ITEM]?"])
        _words(canvas, 100, ((327, "Increase"), (384, "Decrease"), (509, "(VOL.)")))
        _words(canvas, 111, ((326, "spending"), (384, "spending"), (510, "DK/Ref")))
        _text(canvas, 90, 122, "ASK FORM 1 ONLY [N=751]:")
        _text(canvas, 90, 133, "a. Health care")
        body = [("Mar 20-25, 2019", "53", "43", "4"), ("Apr 5-11, 2017", "50", "47", "3")]
        body += [("Feb 13-18, 2013", "38", "56", "6"), ("Feb 2-7, 2011", "41", "54", "5")]
        _trend_rows(canvas, 90, 144, (357, 414, 531), body)

    document = read_pdf(_pdf(draw))
    table = next(b.table for b in document.blocks if b.table is not None)
    assert table.rows[:2] == (
        ("", "Increase", "Decrease", "(VOL.)"),
        ("", "spending", "spending", "DK/Ref"),
    )
    assert table.header_row_count >= 2
    assert "ASK FORM 1 ONLY" in document.normalized_text.replace(table.text, "")
    assert "Would you increase" in document.normalized_text.replace(table.text, "")
    claims = extract_claims(blocks_frame("trend", document.blocks)).set_index("value_text")
    assert claims.loc["43", "subject"].endswith("Decrease spending")
    assert claims.loc["43", "period"] == "Mar 20-25, 2019"


def test_a_caption_over_one_column_of_a_table_without_heads_is_no_head():
    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 60, ["Regional results are summarised in the following table."])
        canvas.setFont("Helvetica", 10)
        canvas.drawCentredString(186, PAGE_HEIGHT - 100 - 8, "Respondents by region")
        rows = [("Northeast", "1,204", "31%"), ("Midwest", "988", "25%"), ("South", "1,130", "29%")]
        for r, (region, count, share) in enumerate(rows):
            top = 116 + r * 11
            _text(canvas, 90, top, region)
            canvas.setFont("Helvetica", 10)
            canvas.drawRightString(240, PAGE_HEIGHT - top - 8, count)
            canvas.drawRightString(300, PAGE_HEIGHT - top - 8, share)

    document = read_pdf(_pdf(draw))
    table = next(b.table for b in document.blocks if b.table is not None)
    assert table.rows[0] == ("Northeast", "1,204", "31%")
    assert "Respondents by region" in [b.text for b in document.blocks if b.block_type != "table"]


def test_ruled_table_with_a_header_cell_on_two_lines():
    """A table ruled row by row whose header cells wrap: the header is one row."""

    def draw(canvas: Canvas) -> None:
        rows = [
            [["Summary by", "month"], ["Notices"], ["Employees", "affected"]],
            [["July"], ["71"], ["8,574"]],
            [["August"], ["69"], ["5,890"]],
            [["September"], ["58"], ["4,102"]],
        ]
        xs = [72, 200, 300, 400]
        tops = [100.0]
        for row in rows:
            tops.append(tops[-1] + max(len(cell) for cell in row) * 12 + 8)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                _lines(canvas, xs[c] + 4, tops[r] + 4, cell)
        for y in tops:
            canvas.line(xs[0], PAGE_HEIGHT - y, xs[-1], PAGE_HEIGHT - y)
        for x in xs:
            canvas.line(x, PAGE_HEIGHT - tops[0], x, PAGE_HEIGHT - tops[-1])

    (table,) = _tables(read_pdf(_pdf(draw)))
    assert table.table is not None
    assert table.table.rows[0] == ("Summary by month", "Notices", "Employees affected")
    assert table.table.rows[1:] == (
        ("July", "71", "8,574"),
        ("August", "69", "5,890"),
        (
            "September",
            "58",
            "4,102",
        ),
    )
    assert table.table.header_row_count == 1


def test_two_columns_of_ragged_prose_with_short_lines_are_not_a_table():
    """Left-aligned prose in two columns, lines on the same baselines, some of them short."""
    left = [
        "Most teams run open models.",
        "They host them in the cloud.",
        "Few run them at the edge.",
        "",
        "Costs came up most often.",
        "Security came second.",
    ]
    right = [
        "Larger companies move slower.",
        "Smaller ones adopt quickly.",
        "The gap has narrowed.",
        "",
        "Privacy was a close third.",
        "Latency came last.",
    ]

    def draw(canvas: Canvas) -> None:
        _lines(canvas, 72, 100, left)
        _lines(canvas, 320, 100, right)

    document = read_pdf(_pdf(draw))
    assert not _tables(document)
    assert document.blocks[0].text.startswith("Most teams run open models.")
