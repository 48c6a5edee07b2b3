"""The HTML reader: main content only, by structure, on pages of different shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.blocks import Block, blocks_frame, table_cells_frame
from extract.errors import DocumentError
from extract.genre import describes_chart, normalize_space
from extract.html import decode_html, read_html
from extract.settings import HtmlSettings
from extract.text import read_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "html"
RENDERED = ROOT / "sources" / "rendered"
CORPUS = ROOT / "sources" / "corpus"
# Rendered HTML page -> the text rendition it was made from.
RENDERED_PAGES = {
    "axis-osai-trends-2025": "axis-intelligence-open-source-ai-trends-2025",
    "sylt-osai-2026": "sylt-real-state-of-open-source-ai-2026",
}


def _read(name: str) -> list[Block]:
    return list(read_html((FIXTURES / name).read_bytes()).blocks)


def _page(body: str, head: str = "") -> list[Block]:
    html = f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"
    return list(read_html(html.encode("utf-8")).blocks)


def _all_text(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks)


LONG = "This sentence is long enough to count as running text in a page."


# --------------------------------------------------------------------------------------------
# A page with semantic markup: header, nav, main, article, aside, footer, cookie banner, comments
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def semantic() -> list[Block]:
    return _read("semantic_article.html")


def test_semantic_page_keeps_only_the_article(semantic: list[Block]) -> None:
    text = _all_text(semantic)
    for furniture in (
        "Masthead tagline",  # page header
        "Analysis",  # primary navigation
        "We use cookies",  # fixed-position cookie banner
        "Accept all",
        "Great article",  # comments beside the article
        "Leave a reply",  # comment form
        "3 Comments",
        "Newsletter",  # sidebar
        "weekly briefing",
        "leaderboard, explained",
        "All rights reserved",  # page footer
        "Privacy",
        "Tags:",  # the article's own footer
        "Share this article",
        "Why inference costs fell",  # link-dense aside inside the article
        "Related",
        "SCRIPT TEXT",  # scripts, JSON-LD, styles, noscript
        "JSON-LD BODY TEXT",
        "STYLE TEXT",
        "font-family",
        "NOSCRIPT TEXT",
        "Open Models at Work | The Example Review",  # <title>
        "og title",
    ):
        assert furniture not in text, furniture
    # the article's table of contents is navigation, not content
    assert not any(block.text in ("Adoption", "Costs") for block in semantic)


def test_semantic_page_blocks_in_reading_order(semantic: list[Block]) -> None:
    assert [(b.block_type, b.text) for b in semantic if b.block_type != "table"] == [
        ("heading", "Open Models at Work"),
        ("paragraph", "By Ana Ruiz · May 2, 2025"),
        (
            "paragraph",
            "Open source models have moved from the lab into production. In our survey of 412 "
            "engineering leaders, 63% said they run at least one open-weight model in "
            "production, up from 41% a year earlier.",
        ),
        (
            "paragraph",
            "The open-weight share is highest among companies with more than 1,000 employees, "
            "where seven in ten respondents report production use.",
        ),
        ("heading", "Adoption by industry"),
        (
            "paragraph",
            "Financial services lead adoption, followed by healthcare and retail. The reasons "
            "given most often were:",
        ),
        ("list_item", "Lower inference cost (cited by 58%)"),
        ("list_item", "Control over data"),
        ("list_item", "On-premises deployment (34%)"),
        ("list_item", "Data residency rules (21%)"),
        ("list_item", "Ability to fine-tune on internal data (47%)"),
        ("caption", "Table 1: Production use of open models by company size"),
        ("caption", "Production use rose in every size band."),
        (
            "source_note",
            "Source: The Example Review survey of 412 engineering leaders, March 2025.",
        ),
        ("heading", "Costs and trade-offs"),
        ("heading", "Where the savings come from"),
        (
            "paragraph",
            "Teams that moved workloads to open models reported a median saving of 38% on "
            "inference, although the saving shrank to 12% once staff time for operations was "
            "counted.",
        ),
        (
            "quote",
            "“We stopped paying per token and started paying for engineers, which turned out to "
            "be the better deal.”",
        ),
        ("caption", "Figure 2: Median inference saving by deployment model"),
        ("list_item", "Self-hosted on GPUs: 41%"),
        ("list_item", "Managed open-model endpoints: 29%"),
    ]


def test_headings_give_levels_and_section_paths(semantic: list[Block]) -> None:
    headings = [(b.heading_level, b.text) for b in semantic if b.block_type == "heading"]
    assert headings == [
        (1, "Open Models at Work"),
        (2, "Adoption by industry"),
        (2, "Costs and trade-offs"),
        (3, "Where the savings come from"),
    ]
    by_text = {b.text: b for b in semantic}
    assert by_text["Data residency rules (21%)"].section_path == (
        "Open Models at Work",
        "Adoption by industry",
    )
    assert by_text["Self-hosted on GPUs: 41%"].section_path == (
        "Open Models at Work",
        "Costs and trade-offs",
        "Where the savings come from",
    )
    # permalink symbols (¶, #, 🔗) are not part of any heading
    assert not any(re.search(r"[¶#🔗]", text) for _, text in headings)


def test_table_with_thead_colspan_and_rowspan(semantic: list[Block]) -> None:
    (table_block,) = [b for b in semantic if b.block_type == "table"]
    table = table_block.table
    assert table is not None
    assert table.header_row_count == 2
    assert table.rows == (
        ("Company size", "Production use", "Production use"),
        ("Company size", "2024", "2025"),
        ("Under 100 employees", "35%", "52%"),
        ("100 to 1,000 employees", "40%", ""),
        ("Over 1,000 employees", "48%", "70%"),
    )
    assert table_block.text == table.text
    assert table_block.section_path == ("Open Models at Work", "Adoption by industry")


def test_blocks_fit_the_warehouse_schemas(semantic: list[Block]) -> None:
    frame = blocks_frame("doc", semantic)
    assert len(frame) == len(semantic)
    cells = table_cells_frame("doc", semantic)
    assert len(cells) == 15
    assert cells["is_header"].sum() == 6


# --------------------------------------------------------------------------------------------
# A "div soup" page: no semantic elements, misleading class names, Windows-1252
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def div_soup() -> list[Block]:
    return _read("div_soup_cp1252.html")


def test_div_soup_content_found_by_text_density(div_soup: list[Block]) -> None:
    text = _all_text(div_soup)
    # the sidebar (class "article-body"!) is dropped by link density, the menu and footer too
    for furniture in (
        "Related reading",
        "quantizing large language models",
        "Sidebar note",
        "Archive",
        "About us",
        "Imprint",
        "Copyright 2025",
        "views",  # a meta widget of many elements and little text
        "SCRIPT TEXT",
        "div soup blog",  # <title>
    ):
        assert furniture not in text, furniture
    assert [(b.block_type, b.text) for b in div_soup if b.block_type != "table"] == [
        ("heading", "Running open models on a shoestring budget"),
        (
            "paragraph",
            "We ran three open-weight models on a single rented GPU for a month. The cheapest "
            "setup served 1.2 million requests for €310, about a quarter of what the "
            "café-owners’ cooperative had paid for an API plan the previous year.",
        ),
        (
            "paragraph",
            "The results surprised us: latency stayed under 800 ms for 95% of requests, and the "
            "“quality gap” that the vendor warned about never showed up in user feedback.",
        ),
        ("heading", "What we measured"),
        (
            "paragraph",
            "We tracked cost per thousand requests, median latency and the share of answers our "
            "reviewers accepted without edits.",
        ),
        (
            "source_note",
            "Note: Costs include GPU rental only, not the engineering time spent on setup.",
        ),
        ("heading", "Lessons"),
        ("paragraph", "Three lessons stood out for a team of our size:"),
        ("list_item", "Start with the smallest model that passes your review bar."),
        ("list_item", "Quantize before you scale out to more GPUs."),
        ("list_item", "Keep a paid API as a fallback for traffic spikes."),
        (
            "paragraph",
            "None of this requires a platform team; it requires a weekend and a budget "
            "spreadsheet.",
        ),
    ]


def test_div_soup_sections_and_th_header_row(div_soup: list[Block]) -> None:
    by_text = {b.text: b for b in div_soup}
    title = "Running open models on a shoestring budget"
    assert by_text[title].heading_level == 1
    assert by_text["Quantize before you scale out to more GPUs."].section_path == (title, "Lessons")
    (table_block,) = [b for b in div_soup if b.block_type == "table"]
    assert table_block.table is not None
    assert table_block.table.header_row_count == 1
    assert table_block.table.rows[0] == ("Model", "Cost per 1k requests", "Accepted answers")
    assert table_block.table.rows[-1] == ("Model C (70B, 4-bit)", "€0.58", "90%")
    assert table_block.section_path == (title, "What we measured")


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

ACCENTED = "<p>Café “naïve” résumé, 10 € — text long enough to count as running text.</p>"
EXPECTED = "Café “naïve” résumé, 10 € — text long enough to count as running text."


def _decoded(data: bytes, content_type: str | None = None) -> tuple[str, tuple[str, ...]]:
    document = read_html(data, content_type=content_type)
    return document.blocks[0].text, document.warnings


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (f"<meta charset='utf-8'>{ACCENTED}".encode(), None),
        (f"<meta charset='windows-1252'>{ACCENTED}".encode("cp1252"), None),
        ((
            f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">{ACCENTED}'
        ).encode("cp1252"), None),
        (f"<?xml version='1.0' encoding='cp1252'?><html>{ACCENTED}</html>".encode("cp1252"), None),
        (f"<meta charset='utf-8'>{ACCENTED}".encode("cp1252"), "text/html; charset=windows-1252"),
        (ACCENTED.encode("utf-8-sig"), None),
        ("\ufeff".encode("utf-16-le") + ACCENTED.encode("utf-16-le"), None),
        ("\ufeff".encode("utf-16-be") + ACCENTED.encode("utf-16-be"), None),
    ],
    ids=["meta-utf8", "meta-cp1252", "http-equiv-latin1", "xml-decl", "header-wins", "utf8-bom",
         "utf16le-bom", "utf16be-bom"],
)  # fmt: skip
def test_declared_charsets_and_boms_decode_without_warnings(
    data: bytes, content_type: str | None
) -> None:
    assert _decoded(data, content_type) == (EXPECTED, ())


def test_utf16_without_bom_is_sniffed() -> None:
    text, warnings = _decoded(f"<html>{ACCENTED}</html>".encode("utf-16-le"))
    assert text == EXPECTED
    assert "utf-16-le" in warnings[0]


def test_mislabelled_utf8_page_is_read_as_utf8_with_a_warning() -> None:
    text, warnings = _decoded(f"<meta charset='iso-8859-1'>{ACCENTED}".encode())
    assert text == EXPECTED
    assert "is UTF-8" in warnings[0]


def test_undeclared_windows_1252_page_is_recognised_with_a_warning() -> None:
    text, warnings = _decoded(ACCENTED.encode("cp1252"))
    assert text == EXPECTED
    assert "Windows-1252" in warnings[0]


def test_broken_utf8_falls_back_to_replacement_characters_with_a_warning() -> None:
    data = f"<meta charset='utf-8'>{ACCENTED}".encode().replace(b"\xc3\xa9", b"\xe9", 1)
    text, warnings = _decoded(data)
    assert text == EXPECTED.replace("é", "\ufffd", 1)
    assert "replaced" in warnings[0]


def test_unknown_charset_label_is_ignored_with_a_warning() -> None:
    text, warnings = _decoded(f"<meta charset='x-no-such-charset'>{ACCENTED}".encode())
    assert text == EXPECTED
    assert "x-no-such-charset" in warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"<html>" + b"\x00\x01\x02\x03" * 200,
    ],
    ids=["random-bytes", "pdf", "png", "nul-bytes"],
)
def test_binary_content_is_not_decodable(data: bytes) -> None:
    with pytest.raises(DocumentError) as error:
        decode_html(data)
    assert error.value.reason == "not_decodable"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"  \n\t ",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><script>var x = 'text';</script><img src='a.png'></body></html>",
        b"<html><body><nav><a href='/'>Home</a> <a href='/b'>Blog</a></nav></body></html>",
    ],
    ids=["empty", "whitespace", "title-only", "script-only", "nav-only"],
)
def test_pages_without_content_text_are_empty(data: bytes) -> None:
    with pytest.raises(DocumentError) as error:
        read_html(data)
    assert error.value.reason == "empty"


# --------------------------------------------------------------------------------------------
# Structure rules on small pages
# --------------------------------------------------------------------------------------------


def test_inline_markup_is_flattened_with_normalized_whitespace() -> None:
    (block,) = _page(
        "<p>Open  <b>source</b>\n<i>models</i>&nbsp;now <a href='#'>power</a> <span>73%</span> "
        "of <code>prod</code>uction<br>deployments.</p>"
    )
    assert block.text == "Open source models now power 73% of production deployments."


def test_footnote_markers_dropped_and_exponents_kept() -> None:
    (block,) = _page(
        "<p>Models above 10<sup>25</sup> FLOPs must publish documentation"
        "<sup><a href='#fn1'>1</a></sup>.</p>"
    )
    assert block.text == "Models above 10^25 FLOPs must publish documentation."


def test_double_br_splits_paragraphs_and_single_br_follows_line_rules() -> None:
    blocks = _page(
        "<div>A paragraph that was broken<br>\nacross two lines.<br>\nA new sentence on its own."
        "<br><br>\nAfter a blank line.</div>"
    )
    assert [b.text for b in blocks] == [
        "A paragraph that was broken across two lines.",
        "A new sentence on its own.",
        "After a blank line.",
    ]


def test_a_chart_image_is_read_by_its_alt_text_in_its_place() -> None:
    blocks = _page(
        "<p>Most respondents are satisfied with the language and its tools this year.</p>"
        "<p><img src='csat.svg' alt='Chart of developer\n satisfaction with the language'> "
        "<img src='logo.png' alt='Company logo'> <img src='photo.jpg' alt='Our team at the "
        "conference last spring'></p>"
        "<figure><img src='os.svg' alt='Chart of operating systems'>"
        "<figcaption>Operating systems respondents use</figcaption></figure>"
        "<p>Linux is the most common platform.</p>"
    )
    assert [(b.block_type, b.text) for b in blocks] == [
        ("paragraph", "Most respondents are satisfied with the language and its tools this year."),
        ("caption", "Chart of developer satisfaction with the language"),
        ("caption", "Operating systems respondents use"),
        ("paragraph", "Linux is the most common platform."),
    ]


def test_a_drawn_chart_leaves_its_accessible_name_not_its_tick_labels() -> None:
    blocks = _page(
        "<p>Most respondents are satisfied with the language and its tools this year.</p>"
        "<svg role='img' aria-label='Bar chart of languages respondents use'>"
        "<text>0%</text><text>20%</text><text>45%</text></svg>"
        "<div><svg><title>Chart of editors respondents prefer</title><text>12%</text></svg></div>"
        "<svg aria-hidden='true'><title>Chart of a decoration nobody reads</title></svg>"
        "<svg><title>Search icon</title><text>99%</text></svg>"
        "<canvas aria-label='Line graph showing adoption over five years'></canvas>"
    )
    assert [(b.block_type, b.text) for b in blocks] == [
        ("paragraph", "Most respondents are satisfied with the language and its tools this year."),
        ("caption", "Bar chart of languages respondents use"),
        ("caption", "Chart of editors respondents prefer"),
        ("caption", "Line graph showing adoption over five years"),
    ]


@pytest.mark.parametrize(
    ("alt", "is_chart"),
    [
        ("Chart of developer satisfaction", True),
        ("Stacked bar chart: use of AI by industry", True),
        ("Line graph depicting adoption over five years", True),
        ("Chart 3: adoption", False),  # a numbered caption, read as one
        ("Graph", False),
        ("Pie chart", False),
        ("Screenshot of the survey form", False),
    ],
)
def test_describes_chart(alt: str, is_chart: bool) -> None:
    assert describes_chart(alt) is is_chart


def test_nested_lists_are_flattened_in_order() -> None:
    blocks = _page(
        "<ol><li>First <b>item</b><ul><li>Nested one</li><li>Nested two"
        "<ol><li>Deeper</li></ol></li></ul></li><li><p>Second</p><p>item</p></li></ol>"
    )
    assert [(b.block_type, b.text) for b in blocks] == [
        ("list_item", "First item"),
        ("list_item", "Nested one"),
        ("list_item", "Nested two"),
        ("list_item", "Deeper"),
        ("list_item", "Second item"),
    ]


def test_heading_permalinks_and_symbols_dropped() -> None:
    blocks = _page(
        "<h2>Methods <a href='#m'>#</a></h2><h3><a href='#r' class='x'>§</a> Results</h3>"
        "<h3>C# adoption ¶</h3><h4><span>Costs</span><a href='#c'><svg></svg></a></h4>"
        f"<p>{LONG}</p>"
    )
    headings = [(b.heading_level, b.text) for b in blocks if b.block_type == "heading"]
    assert headings == [(2, "Methods"), (3, "Results"), (3, "C# adoption"), (4, "Costs")]
    assert blocks[-1].section_path == ("Methods", "C# adoption", "Costs")


def test_genre_classification_of_paragraphs_quotes_and_captions() -> None:
    blocks = _page(
        "<p>Figure 3: Adoption by region</p><p>Source: Example survey, 2025 (n = 300).</p>"
        "<p>Which tools do you use? (Select all that apply)</p>"
        "<blockquote>Open models changed how we budget.</blockquote>"
        "<figure><img src='a.png'><figcaption>Adoption grew fastest in Europe.</figcaption>"
        f"</figure><p>{LONG}</p>"
    )
    assert [b.block_type for b in blocks] == [
        "caption",
        "source_note",
        "question",
        "quote",
        "caption",
        "paragraph",
    ]


def test_table_without_header_and_with_empty_cells() -> None:
    blocks = _page(
        f"<p>{LONG}</p><table><tr><td>a</td><td></td></tr><tr><td colspan='2'>wide</td></tr>"
        "<tr><td>x</td></tr></table>"
    )
    table = blocks[-1].table
    assert table is not None
    assert table.header_row_count == 0
    assert table.rows == (("a", ""), ("wide", "wide"), ("x", ""))


def test_layout_table_is_read_as_a_container() -> None:
    blocks = _page(
        "<table><tr><td><a href='/'>Home</a><br><a href='/x'>Archive</a><br>"
        "<a href='/y'>Contact</a></td>"
        f"<td><h1>Title</h1><p>{LONG}</p><p>Another paragraph of running text, long enough.</p>"
        "</td></tr></table>"
    )
    assert [(b.block_type, b.text) for b in blocks] == [
        ("heading", "Title"),
        ("paragraph", LONG),
        ("paragraph", "Another paragraph of running text, long enough."),
    ]


def test_role_attributes_and_hidden_elements_are_structure() -> None:
    blocks = _page(
        "<div role='banner'>Site banner text that is long enough to be running text.</div>"
        "<div role='navigation'><a href='/'>Home</a></div>"
        "<div role='main'><h1>Title</h1>"
        f"<p>{LONG}</p><p hidden>Hidden paragraph that is long enough to be running text.</p>"
        "<p style='display: none'>Invisible paragraph long enough to be running text.</p>"
        "<div role='dialog'>Consent text inside main, long enough to be running text.</div>"
        "<p aria-hidden='true'>Decorative text that is long enough to be running text.</p>"
        "</div><div role='contentinfo'>Footer text that is long enough to be running text.</div>"
    )
    assert [b.text for b in blocks] == ["Title", LONG]


def test_nested_articles_with_dates_are_comments() -> None:
    blocks = _page(
        f"<article><h1>Post</h1><p>{LONG}</p><p>Second paragraph of the post, long enough.</p>"
        "<section><h2>Responses</h2>"
        "<article><footer>Bo, <time>May 1</time></footer><p>A response long enough to count as "
        "running text of the page.</p></article>"
        "<article><footer>Al, <time>May 2</time></footer><p>Another response long enough to "
        "count as running text.</p></article></section></article>"
    )
    assert [b.text for b in blocks] == [
        "Post",
        LONG,
        "Second paragraph of the post, long enough.",
    ]


def test_main_holding_the_page_is_not_dropped_as_furniture() -> None:
    # a site that wraps its content in <footer> (misuse) keeps the content
    blocks = _page(f"<footer><h1>Title</h1><p>{LONG}</p><p>{LONG}</p></footer>")
    assert [b.text for b in blocks] == ["Title", LONG, LONG]


def test_fixed_position_banner_dropped_but_fixed_page_wrapper_kept() -> None:
    banner = "<div style='position:fixed'>We use cookies to improve the experience, you see.</div>"
    assert [b.text for b in _page(f"<div><p>{LONG}</p><p>{LONG}</p></div>{banner}")] == [LONG, LONG]
    wrapper = f"<div style='position: fixed; inset: 0'><p>{LONG}</p><p>{LONG}</p></div>"
    assert [b.text for b in _page(wrapper)] == [LONG, LONG]


def test_title_outside_the_content_container_is_kept() -> None:
    blocks = _page(
        "<div><div><h1>The headline</h1></div><div>"
        + f"<p>{LONG}</p>" * 3
        + "</div><div><a href='/1'>Link one</a><a href='/2'>Link two</a></div></div>"
    )
    assert blocks[0].block_type == "heading"
    assert blocks[0].text == "The headline"
    assert all(b.section_path == ("The headline",) for b in blocks)


def test_link_density_threshold_is_a_setting() -> None:
    html = (
        f"<article><p>{LONG}</p><div><a href='/a'>A linked phrase</a> and a few more words "
        "that are plain</div></article>"
    ).encode()
    kept = read_html(html, HtmlSettings(max_link_density=0.5)).blocks
    dropped = read_html(html, HtmlSettings(max_link_density=0.2)).blocks
    assert len(kept) == 2
    assert len(dropped) == 1


def test_very_deep_nesting_is_read() -> None:
    html = "<div>" * 600 + f"<p>{LONG}</p>" + "</div>" * 600
    assert [b.text for b in _page(html)] == [LONG]


# --------------------------------------------------------------------------------------------
# The bundled corpus: rendered pages against their text renditions
# --------------------------------------------------------------------------------------------


def _desemanticize(html: str) -> str:
    """The same page without semantic elements or ARIA roles: everything is a <div>."""
    html = re.sub(
        r"<(/?)(main|article|nav|aside|header|footer|section|figure|figcaption)\b", r"<\1div", html
    )
    return re.sub(r"""\s(role|aria-[a-z-]+)=("[^"]*"|'[^']*')""", "", html)


def paragraph_agreement(html_blocks: list[Block], text_blocks: list[Block]) -> float:
    """Share of the text reader's paragraphs found verbatim (modulo whitespace) as HTML blocks.
    Lines without a letter (stray chart labels such as "328") are not paragraphs."""
    html_texts = {normalize_space(block.text) for block in html_blocks}
    paragraphs = [
        normalize_space(b.text)
        for b in text_blocks
        if b.block_type == "paragraph" and any(ch.isalpha() for ch in b.text)
    ]
    return sum(p in html_texts for p in paragraphs) / len(paragraphs)


@pytest.mark.parametrize("page", sorted(RENDERED_PAGES))
@pytest.mark.parametrize("semantic_markup", [True, False], ids=["semantic", "div-only"])
def test_rendered_corpus_pages_agree_with_their_text_renditions(
    page: str, semantic_markup: bool
) -> None:
    html_path = RENDERED / f"{page}.html"
    if not html_path.exists():
        pytest.skip(f"{html_path.name} has not been rendered (scripts/render_corpus.py)")
    html = html_path.read_text(encoding="utf-8")
    if not semantic_markup:
        html = _desemanticize(html)
    html_blocks = list(read_html(html.encode("utf-8")).blocks)
    text_blocks = list(read_text((CORPUS / f"{RENDERED_PAGES[page]}.txt").read_bytes()).blocks)

    assert paragraph_agreement(html_blocks, text_blocks) >= 0.97
    all_text = _all_text(html_blocks)
    for furniture in ("We use cookies", "Related posts", "All rights reserved", "Leave a reply"):
        assert furniture not in all_text
    assert html_blocks[0].block_type == "heading"
    assert html_blocks[0].heading_level == 1


# --------------------------------------------------------------------------- bar charts


def _bar_row(share: str, count: str, choice: str, width: str) -> str:
    return (
        f'<div class="row"><div class="bar" style="width: {width}%;"></div>'
        f'<div class="percent">{share}</div><div class="count">{count}</div>'
        f'<div class="choice">{choice}</div></div>'
    )


def test_bar_charts_in_markup_become_chart_blocks() -> None:
    rows = [("20%", "206", "2022-11-01", "19.85"), ("21%", "213", "2022-11-02", "20.52")]
    rows += [("0%", "3", "2022-11-16", "0.29"), ("59%", "610", "2022-11-03", "59.34")]
    page = (
        "<html><body><main><h2>Survey</h2><h3>When did you submit your response?</h3>"
        "<p>Optional. Single select. The chart below shows when the answers came in.</p>"
        '<div class="answer">' + "".join(_bar_row(*row) for row in rows) + "</div>"
        "<p>Most answers came in the first three days of the survey, as every year.</p>"
        "</main></body></html>"
    )
    blocks = read_html(page.encode()).blocks
    charts = [block for block in blocks if block.block_type == "chart"]
    assert len(charts) == 1
    assert charts[0].table is not None
    assert charts[0].table.rows[0] == ("2022-11-01", "20% (206)")
    assert charts[0].text.splitlines()[-1] == "2022-11-03\t59% (610)"
    assert not any("20.52" in block.text for block in blocks)  # the bar's CSS width


def test_rows_without_shares_are_not_charts() -> None:
    page = (
        "<html><body><main><h2>Team</h2>"
        '<div class="people">'
        '<div class="row"><div class="name">Ada</div><div class="role">Chair</div></div>'
        '<div class="row"><div class="name">Grace</div><div class="role">Editor</div></div>'
        "</div><p>The team met every week of the year to prepare the report.</p>"
        "</main></body></html>"
    )
    blocks = read_html(page.encode()).blocks
    assert not any(block.block_type == "chart" for block in blocks)
