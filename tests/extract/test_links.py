"""Links kept as data: Markdown read through the HTML reader, anchors placed in the blocks, URLs
printed in the text, and where a document is published (source_url)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import SourceDocument, extract_document
from extract.blocks import Block, blocks_frame
from extract.html import read_html
from extract.links import LINKS_SCHEMA, is_target, links_frame, locate_anchors
from extract.manifest import load_manifest
from extract.markdown import is_markdown, markdown_to_html, read_markdown, split_front_matter

PRESS_RELEASE = """---
title: "Community Survey of 1,800+ Developers"
date: 2018-04-24T05:03:58-04:00
---

The Foundation conducts its first survey.

[The Foundation conducted a worldwide survey](/documents/2018-developer-survey.pdf) of more
than 1,800 developers in March 2018.

<div class="text-center padding-top-20">
  <p><a href="/documents/2018-developer-survey.pdf" class="btn">Download Survey Results</a></p>
</div>

## Better Support for Microservices (60%)

* Nearly half (45%) of the developers surveyed are already building microservices.

> "We listened," said the director.

Year | Responses
---- | ---------
2022 | 1038
2021 | 1152

Contact: <https://example.org/press> or [mail](mailto:press@example.org).
"""

TRANSLATION = """# 调查结果

- 原文地址：[Developer Survey 2023 Results](https://example.org/blog/survey2023-results)
- 译者：[someone](https://github.com/someone)

调查共收到了 4,005 份回应，90% 的受访者表示满意。
"""


def test_front_matter_is_metadata_and_its_title_the_heading():
    title, body = split_front_matter(PRESS_RELEASE)
    assert title == "Community Survey of 1,800+ Developers"
    assert body.lstrip().startswith("The Foundation conducts")
    parsed = read_markdown(PRESS_RELEASE.encode())
    first = parsed.blocks[0]
    assert (first.block_type, first.text, first.heading_level) == (
        "heading",
        "Community Survey of 1,800+ Developers",
        1,
    )
    assert not any("2018-04-24T05" in block.text for block in parsed.blocks)


def test_title_is_not_repeated_when_the_body_has_its_own_h1():
    html = markdown_to_html("---\ntitle: Front\n---\n# Body title\n\nText.\n")
    assert "<h1>Body title</h1>" in html and "<h1>Front</h1>" not in html


def test_toml_front_matter_is_split_too():
    title, body = split_front_matter('+++\ntitle = "Hugo post"\ndraft = false\n+++\nBody\n')
    assert (title, body) == ("Hugo post", "Body\n")


def test_markdown_structure_becomes_blocks():
    blocks = read_markdown(PRESS_RELEASE.encode()).blocks
    kinds = {block.text: block.block_type for block in blocks}
    assert kinds["Better Support for Microservices (60%)"] == "heading"
    item = "Nearly half (45%) of the developers surveyed are already building microservices."
    assert kinds[item] == "list_item"
    assert kinds['"We listened," said the director.'] == "quote"
    table = next(block for block in blocks if block.block_type == "table")
    assert table.table is not None and table.table.rows[1] == ("2022", "1038")
    # the link's markup is gone from the text, its anchor text stays
    paragraph = next(block for block in blocks if "worldwide survey" in block.text)
    assert paragraph.text.startswith("The Foundation conducted a worldwide survey of more than")


def test_markdown_links_keep_anchor_text_target_and_place():
    parsed = read_markdown(PRESS_RELEASE.encode())
    by_text = {link.text: link for link in parsed.links}
    survey = by_text["The Foundation conducted a worldwide survey"]
    assert survey.href == "/documents/2018-developer-survey.pdf"
    block = parsed.blocks[survey.block_index]
    assert block.text[survey.start : survey.end] == survey.text
    assert by_text["Download Survey Results"].href == "/documents/2018-developer-survey.pdf"
    assert by_text["https://example.org/press"].href == "https://example.org/press"
    assert "mail" not in by_text  # an e-mail address names no document


def test_a_translation_header_of_links_is_content_not_boilerplate():
    parsed = read_markdown(TRANSLATION.encode())
    texts = [block.text for block in parsed.blocks]
    assert "原文地址：Developer Survey 2023 Results" in texts
    link = parsed.links[0]
    assert (link.text, link.href) == (
        "Developer Survey 2023 Results",
        "https://example.org/blog/survey2023-results",
    )


def test_html_reader_places_links_in_order_and_skips_in_page_anchors():
    page = (
        "<html><body><main><h2>Results <a href='#results'>¶</a></h2>"
        "<p>See <a href='https://a.example/report.pdf'>the report</a> and "
        "<a href='#fn1'>note</a>; the report (<a href='/r2'>the report</a>) says 45% agree, "
        "as a longer sentence of running text makes clear to the reader.</p></main></body></html>"
    )
    parsed = read_html(page.encode())
    assert [(link.text, link.href) for link in parsed.links] == [
        ("the report", "https://a.example/report.pdf"),
        ("the report", "/r2"),
    ]
    first, second = parsed.links
    assert first.block_index == second.block_index and second.start > first.start


def test_locate_anchors_drops_what_it_cannot_place():
    blocks = [Block("paragraph", "One link here."), Block("paragraph", "And another one.")]
    links = locate_anchors(
        blocks, [("link", "https://x.example"), ("", "https://y.example"), ("gone", "/z")]
    )
    assert [(link.block_index, link.text) for link in links] == [(0, "link")]
    assert not is_target("#top") and not is_target("javascript:void(0)") and is_target("/a.pdf")


def test_links_frame_adds_printed_urls_with_document_offsets():
    blocks = [
        Block("paragraph", "Intro."),
        Block("source_note", "Source: survey data, https://example.org/data.csv."),
    ]
    frame = links_frame("doc", blocks_frame("doc", blocks))
    LINKS_SCHEMA.validate(frame)
    row = frame.iloc[0]
    assert (row["link_kind"], row["href"], row["block_id"]) == (
        "printed",
        "https://example.org/data.csv",
        "doc:b00001",
    )
    text = "\n\n".join(block.text for block in blocks)
    assert text[row["char_start"] : row["char_end"]] == "https://example.org/data.csv"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("post.md", None, True),
        ("https://example.org/README.markdown?raw=1", None, True),
        ("notes.txt", "text/markdown; charset=utf-8", True),
        ("notes.txt", None, False),
    ],
)
def test_markdown_is_known_by_name_or_media_type(name, content_type, expected):
    assert is_markdown(name, content_type) is expected


def test_a_markdown_document_goes_through_the_html_reader_and_keeps_its_links(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(PRESS_RELEASE, encoding="utf-8")
    source = SourceDocument(
        document_id="release",
        path=path,
        url=None,
        document_type="article",
        extra={"original_url": "https://example.org/news/release"},
    )
    extraction = extract_document(source)
    document = extraction.document.iloc[0]
    assert document["extraction_status"] == "ok"
    assert document["source_format"] == "text"  # what the file is; only the reader differs
    assert document["source_url"] == "https://example.org/news/release"
    links = extraction.links
    assert set(links["href"]) >= {"/documents/2018-developer-survey.pdf"}
    assert set(links["block_id"]) <= set(extraction.blocks["block_id"])
    assert {45.0, 60.0} & set(extraction.claims["value"])


def test_source_url_comes_from_the_manifest(tmp_path):
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(
        "documents:\n"
        "- {id: web, url: 'https://example.org/r.pdf'}\n"
        "- {id: local, file: r.pdf, original_url: 'https://example.org/r.html'}\n"
        "- {id: other, file: o.pdf, source_url: 'ftp://example.org/o.pdf'}\n",
        encoding="utf-8",
    )
    documents = {d.document_id: d for d in load_manifest(manifest).documents}
    assert documents["web"].source_url == "https://example.org/r.pdf"
    assert documents["local"].source_url == "https://example.org/r.html"
    assert documents["other"].source_url is None


# The development corpus sits beside the project (../shared); a git worktree is one level deeper.
_CORPUS_DEV = [
    parent / "shared" / "corpus-dev" / "files" for parent in Path(__file__).resolve().parents[2:5]
]


def test_corpus_dev_translation_links_to_its_original():
    found = [path for path in _CORPUS_DEV if path.is_dir()]
    if not found:
        pytest.skip("../shared/corpus-dev is not here")
    translation = found[0] / "gocn-go-developer-survey-2023-h2-results-zh.md"
    parsed = read_markdown(translation.read_bytes())
    assert parsed.links[0].href == "https://go.dev/blog/survey2023-h2-results"
    assert parsed.blocks[parsed.links[0].block_index].text.startswith("原文地址")
