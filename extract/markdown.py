"""Markdown reader: a Markdown file (``.md``, ``.markdown``) is plain text whose markup says what
is a heading, a list, a table, a quote and a link; reading it as plain text loses that (and its
links). So it is read the way a browser shows it:

1. decoded like any text file (:func:`extract.text.decode_text`);
2. its front matter — a YAML block between ``---`` lines (or TOML between ``+++`` lines) at the
   very start, as Jekyll and Hugo write it — is metadata, not content: it is split off, and its
   ``title`` becomes the page's ``<h1>`` when the body has none (as the site renders it);
3. the body is converted to HTML by markdown-it-py, a CommonMark implementation, with GitHub
   tables and strikethrough and inline HTML passed through (many posts embed ``<div>``,
   ``<img>`` or ``<style>``);
4. the HTML is read by the HTML reader (:func:`extract.html.read_html`): blocks with section
   paths, lists, tables, quotes, and links with their anchor text. Nothing of it is dropped as
   boilerplate (``HtmlSettings.drop_boilerplate`` off): a Markdown file has no page around its
   content, so a list of links (a translation's "original" header) is content too.

The document's ``source_format`` stays ``text`` (what the file is); only the reader differs.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import yaml
from markdown_it import MarkdownIt

from extract.blocks import ParsedDocument
from extract.html import read_html
from extract.settings import HtmlSettings
from extract.text import decode_text

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_YAML_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)\r?\n\+\+\+[ \t]*(?:\r?\n|\Z)", re.S)
_TOML_TITLE = re.compile(r"""^title\s*=\s*(["'])(.*?)\1\s*$""", re.M)
_DEFAULT_SETTINGS = HtmlSettings()


def is_markdown(name: str | None, content_type: str | None = None) -> bool:
    """A Markdown file by its name or its media type."""
    if content_type and "markdown" in content_type.lower():
        return True
    path = (name or "").split("?", 1)[0].lower()
    return path.endswith(MARKDOWN_SUFFIXES)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the front matter's title, the body). Front matter that does not parse is still dropped."""
    match = _YAML_FRONT_MATTER.match(text)
    if match:
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            data = None
        title = data.get("title") if isinstance(data, dict) else None
        return (str(title).strip() or None) if title else None, text[match.end() :]
    match = _TOML_FRONT_MATTER.match(text)
    if match:
        title = _TOML_TITLE.search(match.group(1))
        return (title.group(2).strip() or None) if title else None, text[match.end() :]
    return None, text


def markdown_to_html(text: str) -> str:
    """The page as a browser gets it: the body rendered, inside an <article>, titled."""
    title, body = split_front_matter(text.lstrip("\ufeff"))
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tokens = parser.parse(body)
    has_h1 = any(token.type == "heading_open" and token.tag == "h1" for token in tokens)
    heading = f"<h1>{html.escape(title)}</h1>\n" if title and not has_h1 else ""
    head_title = f"<title>{html.escape(title)}</title>" if title else ""
    rendered = parser.renderer.render(tokens, parser.options, {})
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"{head_title}</head>\n<body><article>\n{heading}{rendered}</article></body></html>\n"
    )


def read_markdown(data: bytes, settings: HtmlSettings = _DEFAULT_SETTINGS) -> ParsedDocument:
    """Read a Markdown document into blocks (and links) through the HTML reader."""
    text, warnings = decode_text(data)
    parsed = read_html(
        markdown_to_html(text).encode("utf-8"), replace(settings, drop_boilerplate=False)
    )
    if not warnings:
        return parsed
    return ParsedDocument(
        blocks=parsed.blocks,
        page_count=parsed.page_count,
        warnings=(*warnings, *parsed.warnings),
        links=parsed.links,
    )
