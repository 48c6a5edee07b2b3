"""HTML reader: the main content of a web page as blocks, without the page around it.

Decoding (:func:`decode_html`), in order of authority:

1. a byte order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a BOM is recognised by the NUL
   bytes of its ASCII characters;
2. the charset of the transport (``content_type``, e.g. an HTTP ``Content-Type`` header);
3. ``<meta charset>``, ``<meta http-equiv="Content-Type">`` or an XML declaration in the first
   bytes of the page.

Labels are mapped as browsers map them (``iso-8859-1`` and ``ascii`` mean Windows-1252, a
``utf-16`` label on ASCII-compatible bytes means UTF-8); unknown labels, UTF-7 and non-text codecs
are ignored with a warning. A declared legacy charset loses to UTF-8 when the bytes are valid UTF-8
with multi-byte sequences (a page re-saved without updating its meta tag). Undeclared pages are
UTF-8; bytes that are not valid UTF-8 are decoded as UTF-8 with replacement characters and a
warning, except when not a single multi-byte UTF-8 sequence occurs, which is the signature of a
Windows-1252 page (decoded as such, with a warning). Known binary signatures (PDF, images,
archives), NUL bytes and text that comes out as mostly control or replacement characters raise
``not_decodable``.

Cleaning, by structure only (never by class names or ids):

* Elements that never hold content are dropped: scripts (JSON-LD included), styles, templates,
  ``<noscript>``, embedded media, form controls, dialogs (``<dialog>``, ``role=dialog`` /
  ``alertdialog``, ``aria-modal``) and hidden elements (``hidden``, ``aria-hidden``, inline
  ``display:none`` / ``visibility:hidden``). A drawn graphic (``<svg>``, ``<canvas>``,
  ``<object>``) whose accessible name describes a chart (``aria-label``, an ``<svg>``'s
  ``<title>``) leaves that name behind, read as an image's alt text is (below); its drawn text
  (tick labels, values without their bars) is not read.
* Page furniture is dropped: elements with inline ``position: fixed`` or ``sticky`` (cookie
  banners, sticky share bars); forms that hold controls (comment and newsletter forms); ``<nav>``
  and the navigation, search, menu and toolbar roles; page-level ``<header>`` (``role=banner``)
  outside article, aside, main, nav and section; every ``<footer>`` (``role=contentinfo``) except
  attributions inside a blockquote or figure; ``<aside>`` (``role=complementary``) outside an
  article.
* No element holding :attr:`HtmlSettings.keep_share` of the page's running text is ever dropped as
  furniture, so a site that misuses a semantic tag for its content keeps it.

Choosing the content container:

* "Running text" is the text of a block element (not counting nested blocks) with at least
  :attr:`HtmlSettings.min_paragraph_chars` non-space characters and a link density (share of
  characters inside ``<a>``) at most :attr:`HtmlSettings.max_link_density`. Link-dense text blocks
  count against their container.
* ``<main>`` / ``role=main`` is taken when it holds :attr:`HtmlSettings.semantic_min_share` of the
  page's running text; an ``<article>`` inside it replaces it when it holds
  :attr:`HtmlSettings.article_share_of_main` of the main's text (so comments and related-post
  sections beside the article fall away). Failing a main, the top-level ``<article>`` with the most
  running text is taken on the same condition.
* Otherwise (markup without semantic tags) the text-density seed is the container to which running
  text contributes most (a block's text counts fully for its nearest container, half for the next,
  a third for the one above). From the seed the reader climbs to the parent as long as the parent
  scores higher (running text minus link-dense text), which takes in sibling sections but stops
  before a sidebar of links or a footer. Everything outside the chosen container is dropped.
* When the container holds no ``<h1>``, the last non-link ``<h1>`` before it is kept as the title.

Inside the container:

* Nested ``<article>`` elements carrying a ``<time>``, ``<footer>`` or ``<address>`` are comments
  or related entries and are dropped.
* Containers (div, section, lists, aside, header ...) whose link density exceeds
  :attr:`HtmlSettings.max_link_density` are dropped (related links, tag clouds, share bars, tables
  of contents), as are widgets without running text, paragraphs, lists, headings or tables that have
  fewer than :attr:`HtmlSettings.min_chars_per_tag` characters per element.

Blocks, in document order:

* ``<h1>``-``<h6>`` (and ``role=heading`` with ``aria-level``) are headings; they set the section
  path (heading texts by level) of what follows. Permalink anchors (links whose text has no letter
  or digit, e.g. "¶", "#", "§", "🔗") and leading or trailing permalink symbols are dropped.
* Paragraphs and runs of text directly inside containers are classified by
  :func:`extract.genre.classify_text`. A double ``<br>`` ends a paragraph; lines separated by a
  single ``<br>`` are grouped as the text reader groups lines (a line continues the paragraph
  unless the previous one ends a sentence or is a lone title-like line, or it starts a list
  item); ``<blockquote>`` text is a quote, ``<figcaption>`` and
  ``<caption>`` text a caption.
* An ``<img>`` whose ``alt`` text (else ``aria-label``) describes a chart
  (:func:`extract.genre.describes_chart`: "Chart of the tools respondents use at work") is a
  caption, in its place: a results page often shows each question only as a chart image, and
  the alt text is all the page says of it. Other images (logos, photos) and an image whose
  ``<figure>`` has a ``<figcaption>`` add no text.
* Every ``<li>`` is one list item (its text without nested lists); nested lists follow their item,
  flattened in order.
* Bar charts drawn in markup become chart blocks (:func:`_bar_chart`), with the shape of the PDF
  reader's charts (:class:`extract.blocks.Table`: one row per category, ``[category, value per
  series]``): a container of two or more rows that share one structure (the same sequence of
  child elements, each a leaf with a short text or none, like a drawn bar), where one or more
  positions hold a share in every row ("20%", "+40%") and another position holds the category
  ("2022-11-01", "Linux"). A position of whole numbers that follow the shares (each count over
  its share within ``HtmlSettings.chart_count_tolerance`` of the others) is the share's count,
  kept beside it as "20% (206)". Numbers in attributes and inline styles (the bar's
  ``width: 19.85%``) are never text.
* A data table becomes a table block: leading rows inside ``<thead>`` or made of ``<th>`` cells are
  header rows; ``colspan`` and ``rowspan`` repeat the cell's text in every grid position it covers;
  rows are padded with "". Tables with ``role=presentation``, nested tables, headings, or cells of
  several long paragraphs are layout and are read as containers.
* Inline markup is flattened; a ``<sup>`` that only links to an in-page anchor is a footnote marker
  and dropped, a ``<sup>`` of digits after a digit is an exponent ("10^25").
* Headings left with nothing after them at the end of the content (the titles of dropped widgets)
  are dropped, and paragraphs split mid-sentence are rejoined (:func:`genre.rejoin_paragraphs`).

The page title (``<title>``, ``og:title``) is metadata, not a block.

Links of the content (``<a href>`` to another page or file, not in-page anchors) are kept with
their anchor text and place in the blocks (:func:`extract.links.locate_anchors`), so that a
citation can be resolved by what it links to.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement, PreformattedString, Script, Stylesheet, TemplateString

from extract.blocks import Block, BlockType, ParsedDocument, Table
from extract.errors import DocumentError
from extract.genre import (
    TERMINAL_PUNCTUATION,
    classify_text,
    describes_chart,
    is_list_item,
    looks_like_heading,
    normalize_space,
    rejoin_paragraphs,
    strip_list_marker,
)
from extract.links import is_target, locate_anchors
from extract.settings import HtmlSettings

# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
    (b"OggS", "an audio file"),
    (b"ID3", "an audio file"),
    (b"\x00\x00\x00", "binary data"),
)
# Labels browsers read differently from Python's codec names (WHATWG Encoding Standard).
_LABEL_ALIASES = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "cp819": "cp1252",
    "ibm819": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "unicode": "utf-8",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "utf-32": "utf-8",
}
_META_CHARSET_RE = re.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING_RE = re.compile(
    rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?([^\s;"']+)""", re.IGNORECASE)
_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_PRESCAN_BYTES = 8192
# Control characters that never occur in text (tab, newlines and form feed do).
_GARBAGE_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_GARBAGE_SHARE = 0.1
_MAX_NUL_SHARE = 0.01


def _codec_name(label: str) -> str | None:
    """The Python codec a charset label stands for, or None when it is not a usable one."""
    key = label.strip().strip("\"'").lower()
    key = _LABEL_ALIASES.get(key, key)
    try:
        info = codecs.lookup(key)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in ("utf-7", "utf_7"):
        return None
    return info.name


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the ASCII characters of markup leave a NUL on one side."""
    sample = data[:1024]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _declared_charset(data: bytes, content_type: str | None) -> tuple[str | None, list[str]]:
    """The charset the transport or the page itself declares, with warnings about bad labels."""
    warnings: list[str] = []
    candidates: list[tuple[str, str]] = []
    if content_type:
        header = _HEADER_CHARSET_RE.search(content_type)
        if header:
            candidates.append((header.group(1), "the Content-Type"))
    head = data[:_PRESCAN_BYTES]
    for pattern in (_XML_ENCODING_RE, _META_CHARSET_RE):
        match = pattern.search(head)
        if match:
            candidates.append((match.group(1).decode("ascii", "replace"), "the page"))
    for label, where in candidates:
        name = _codec_name(label)
        if name is not None:
            return name, warnings
        warnings.append(f"{where} declares an unknown or unusable charset {label!r}; ignored")
    return None, warnings


def _check_decoded(text: str) -> str:
    visible = re.sub(r"\s+", "", text)
    if not visible:
        raise DocumentError("empty", "the page holds no text")
    garbage = len(_GARBAGE_RE.findall(visible))
    if garbage > _MAX_GARBAGE_SHARE * len(visible):
        raise DocumentError(
            "not_decodable",
            f"the page does not decode to text ({garbage:,} of {len(visible):,} characters are "
            "control or undecodable bytes)",
        )
    return text


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode an HTML page by BOM, declared charset or UTF-8 (see the module docstring)."""
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise DocumentError("not_decodable", f"the content is {what}, not an HTML page")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            warnings = () if "\ufffd" not in text else (f"invalid {encoding} bytes were replaced",)
            return _check_decoded(text), warnings
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return _check_decoded(text), (f"page without a byte order mark decoded as {utf16}",)

    nuls = data.count(0)
    if nuls > _MAX_NUL_SHARE * len(data):
        raise DocumentError("not_decodable", "the content is binary data (NUL bytes), not text")
    warnings: list[str] = []
    if nuls:
        data = data.replace(b"\x00", b"")
        warnings.append(f"{nuls} NUL bytes removed")

    declared, label_warnings = _declared_charset(data, content_type)
    warnings.extend(label_warnings)
    has_multibyte = _UTF8_MULTIBYTE_RE.search(data) is not None
    valid_utf8 = True
    try:
        utf8_text = data.decode("utf-8")
    except UnicodeDecodeError:
        valid_utf8 = False
        utf8_text = ""

    if declared is not None and declared != "utf-8":
        if valid_utf8 and has_multibyte:
            warnings.append(f"the page declares {declared} but is UTF-8; decoded as UTF-8")
            return _check_decoded(utf8_text), tuple(warnings)
        try:
            return _check_decoded(data.decode(declared)), tuple(warnings)
        except UnicodeDecodeError:
            warnings.append(f"the page is not valid {declared}; undecodable bytes were replaced")
            return _check_decoded(data.decode(declared, errors="replace")), tuple(warnings)
    if valid_utf8:
        return _check_decoded(utf8_text), tuple(warnings)
    if not has_multibyte:
        said = "declares UTF-8" if declared else "declares no charset"
        warnings.append(f"the page {said} but is not UTF-8; decoded as Windows-1252")
        return _check_decoded(data.decode("cp1252", errors="replace")), tuple(warnings)
    warnings.append("the page is not valid UTF-8; undecodable bytes were replaced")
    return _check_decoded(data.decode("utf-8", errors="replace")), tuple(warnings)


# --------------------------------------------------------------------------------------------
# Element classes
# --------------------------------------------------------------------------------------------

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", *_HEADINGS,
    }
)  # fmt: skip
INLINE_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn",
        "em", "font", "i", "img", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s",
        "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
        "wbr", "picture",
    }
)  # fmt: skip
# Block elements whose own text is one unit of text; every other block element is a container.
_TEXT_UNITS = frozenset(
    {
        "p", "li", "dt", "dd", "pre", "caption", "figcaption", "summary", "legend", "address",
        "tr", "th", "thead", "tbody", "tfoot", "table", "ul", "ol", "dl", "menu", "dir", "hr",
        *_HEADINGS,
    }
)  # fmt: skip
_NEVER_CONTENT = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
        "svg", "math", "canvas", "iframe", "frame", "frameset", "object", "embed", "applet",
        "map", "area", "audio", "video", "source", "track", "dialog", "button", "input",
        "select", "option", "optgroup", "textarea", "label", "datalist", "output", "progress",
        "meter",
    }
)  # fmt: skip
_FORM_CONTROLS = ("input", "textarea", "select", "button")
# Graphics drawn in the page: dropped, but an accessible name describing a chart is kept.
_DRAWN_GRAPHICS = frozenset({"svg", "canvas", "object"})
_NAV_ROLES = frozenset({"navigation", "search", "menu", "menubar", "toolbar", "tablist", "tree"})
_DIALOG_ROLES = frozenset({"dialog", "alertdialog", "tooltip"})
_SECTIONING = ("article", "aside", "main", "nav", "section")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_POSITIONED_STYLE_RE = re.compile(r"position\s*:\s*(fixed|sticky)", re.IGNORECASE)
_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_NESTED_IN_ITEM = ("ul", "ol", "menu", "dir", "table")
_PRUNABLE = frozenset(
    {"div", "section", "aside", "header", "footer", "nav", "ul", "ol", "dl", "menu", "dir",
     "details", "form", "center", "fieldset", "hgroup"}
)  # fmt: skip
_WIDGET_SAFE = frozenset({"table", "p", "li", "blockquote", "figcaption", "pre", *_HEADINGS})
_ENTRY_MARKERS = ("time", "footer", "address")
# Deeper elements are unwrapped so that the recursive walks stay far from Python's stack limit.
_MAX_DEPTH = 150
# Attribute the reader sets on elements whose evidence is removed before they are judged.
_MARK = "data-extract-html"
_LEADING_PERMALINK_RE = re.compile(r"^(?:#+\s+|[¶§🔗⚓∞↩]+\s*)")
_TRAILING_PERMALINK_RE = re.compile(r"(?:\s+#+|\s*[¶§🔗⚓∞↩]+)\s*$")
_MARKDOWN_ANCHOR_RE = re.compile(r"\s*\{#[\w.-]+\}\s*$")
# <br> while text is collected: a private-use character, so that the page's own line breaks
# (which are only whitespace) are never mistaken for it. Two in a row end a paragraph.
_BR = "\ue000"
_PARAGRAPH_BREAK_RE = re.compile(_BR + r"\s*" + _BR + r"[\s" + _BR + "]*")


_NOT_TEXT = (PreformattedString, Script, Stylesheet, TemplateString)


def _is_text(node: object) -> bool:
    return isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT)


def _chars(text: str) -> int:
    """Non-space characters: text size that does not depend on the page's indentation."""
    return len("".join(text.split()))


def _elements(root: Tag) -> list[Tag]:
    """Every element under ``root`` in document order (faster than ``find_all(True)``)."""
    return [node for node in root.descendants if isinstance(node, Tag)]


def _find(root: Tag, names: frozenset[str] | tuple[str, ...]) -> Tag | None:
    """The first element under ``root`` named one of ``names`` (faster than ``Tag.find``)."""
    for node in root.descendants:
        if isinstance(node, Tag) and node.name in names:
            return node
    return None


def _gone(tag: Tag) -> bool:
    """Was the tag decomposed (with an ancestor)? Read directly: ``Tag.decomposed`` searches the
    subtree of a live tag for a child named ``_decomposed``."""
    return bool(tag.__dict__.get("_decomposed", False))


def _role(tag: Tag) -> str:
    role = tag.attrs.get("role")
    if role is None:
        return ""
    if isinstance(role, list):
        role = " ".join(role)
    return (role or "").strip().lower()


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return value or ""


def _has_ancestor(tag: Tag, names: tuple[str, ...]) -> bool:
    return any(parent.name in names for parent in tag.parents)


# --------------------------------------------------------------------------------------------
# Measuring text
# --------------------------------------------------------------------------------------------


@dataclass
class _Stats:
    text: int = 0  # non-space characters in the subtree
    links: int = 0  # of which inside <a>
    good: int = 0  # characters of running text in the subtree
    bad: int = 0  # characters of link-dense text blocks in the subtree
    tags: int = 0  # descendant elements


class _Measure:
    """Text statistics of every element of a tree, and the running-text blocks."""

    def __init__(self, root: Tag, settings: HtmlSettings) -> None:
        self.settings = settings
        self.stats: dict[int, _Stats] = {}
        self.has_block: set[int] = set()
        self.good_blocks: list[tuple[Tag, int]] = []
        self._visit(root, in_link=False)

    def of(self, tag: Tag) -> _Stats:
        return self.stats.get(id(tag), _Stats())

    def is_block(self, tag: Tag) -> bool:
        name = tag.name
        if name in BLOCK_TAGS:
            return True
        return name not in INLINE_TAGS and id(tag) in self.has_block

    def _visit(self, tag: Tag, in_link: bool) -> tuple[int, int, bool]:
        """Fill in the tag's stats; return the inline text it passes up to its block owner."""
        in_link = in_link or tag.name == "a"
        stats = _Stats()
        own_text = own_links = 0
        has_block = False
        for child in tag.children:
            if isinstance(child, Tag):
                text, links, child_block = self._visit(child, in_link)
                child_stats = self.stats[id(child)]
                stats.text += child_stats.text
                stats.links += child_stats.links
                stats.good += child_stats.good
                stats.bad += child_stats.bad
                stats.tags += child_stats.tags + 1
                own_text += text
                own_links += links
                has_block = has_block or child_block or child.name in BLOCK_TAGS
            elif _is_text(child):
                size = _chars(str(child))
                stats.text += size
                own_text += size
                if in_link:
                    stats.links += size
                    own_links += size
        self.stats[id(tag)] = stats
        if has_block:
            self.has_block.add(id(tag))
        if not (tag.name in BLOCK_TAGS or (tag.name not in INLINE_TAGS and has_block)):
            return own_text, own_links, has_block
        if own_text:
            if own_links > self.settings.max_link_density * own_text:
                stats.bad += own_text
            elif own_text >= self.settings.min_paragraph_chars:
                stats.good += own_text
                self.good_blocks.append((tag, own_text))
        return 0, 0, has_block

    def score(self, tag: Tag) -> int:
        stats = self.of(tag)
        return stats.good - stats.bad

    def link_density(self, tag: Tag) -> float:
        stats = self.of(tag)
        return stats.links / stats.text if stats.text else 0.0


# --------------------------------------------------------------------------------------------
# Cleaning and choosing the content
# --------------------------------------------------------------------------------------------


def _drop_never_content(soup: BeautifulSoup) -> None:
    for node in [node for node in soup.descendants if isinstance(node, PreformattedString)]:
        node.extract()
    elements = _elements(soup)
    for tag in elements:
        if tag.name == "form" and _find(tag, _FORM_CONTROLS) is not None:
            tag[_MARK] = "form"
        elif (
            tag.name == "article"
            and _has_ancestor(tag, ("article",))
            and _find(tag, _ENTRY_MARKERS) is not None
        ):
            tag[_MARK] = "entry"
    for tag in elements:
        if tag.name in _NEVER_CONTENT and not _gone(tag):
            name = _chart_name(tag) if tag.name in _DRAWN_GRAPHICS else ""
            if name and _attr(tag, "aria-hidden").lower() != "true":
                tag.replace_with(soup.new_tag("img", attrs={"alt": name}))
            else:
                tag.decompose()
    for tag in elements:
        if _gone(tag):
            continue
        hidden = (
            tag.has_attr("hidden")
            or _attr(tag, "aria-hidden").lower() == "true"
            or _attr(tag, "aria-modal").lower() == "true"
            or _role(tag) in _DIALOG_ROLES
            or _HIDDEN_STYLE_RE.search(_attr(tag, "style")) is not None
        )
        if hidden:
            tag.decompose()
        elif _POSITIONED_STYLE_RE.search(_attr(tag, "style")) is not None:
            tag[_MARK] = "positioned"  # furniture, unless it holds the page (see _drop_furniture)


def _chart_name(tag: Tag) -> str:
    """The accessible name of an image or a drawn graphic when it describes a chart, else "":
    what a screen reader announces, its ``alt`` text (an ``<img>``), ``aria-label``, or an
    ``<svg>``'s ``<title>``."""
    name = ""
    for attribute in ("alt", "aria-label") if tag.name == "img" else ("aria-label",):
        name = name or normalize_space(_attr(tag, attribute))
    title = tag.find("title", recursive=False) if tag.name == "svg" and not name else None
    if title is not None:
        name = normalize_space(title.get_text(" "))
    return name if name and describes_chart(name) else ""


def _flatten_deep(root: Tag) -> None:
    """Unwrap wrapper elements nested deeper than _MAX_DEPTH (their text stays, in order).

    Keeps the tree shallow enough for the recursive walks; text units, headings, lists and
    tables are kept, and an unwrapped block element leaves a paragraph break behind (when it has
    anything beside it in the element that receives its children).

    Linear time: bs4's ``unwrap`` looks for the last descendant of what it moves, so unwrapping
    a chain of 20,000 nested elements one by one was quadratic. Instead every element that keeps
    unwrapped children gets its new child list in one pass (the same list the element-by-element
    unwrapping, outermost first, gives), and the tree's links are rebuilt once.
    """
    depth = {id(root): 0}
    too_deep: list[Tag] = []
    last: PageElement = root
    for node in root.descendants:
        last = node
        if isinstance(node, Tag):
            parent = node.parent
            level = depth.get(id(parent), 0) + 1 if parent is not None else 0
            depth[id(node)] = level
            if level > _MAX_DEPTH and node.name not in _TEXT_UNITS:
                too_deep.append(node)
    if not too_deep:
        return
    unwrapped = {id(tag) for tag in too_deep}
    after = last.next_element
    receivers = [
        tag
        for tag in (root, *(node for node in root.descendants if isinstance(node, Tag)))
        if id(tag) not in unwrapped
        and any(isinstance(child, Tag) and id(child) in unwrapped for child in tag.contents)
    ]
    new_contents = [(tag, _spliced_children(tag, unwrapped)) for tag in receivers]
    for tag in too_deep:
        tag.parent = tag.previous_sibling = tag.next_sibling = None
        tag.previous_element = tag.next_element = None
        tag.contents = []
    for tag, children in new_contents:
        tag.contents = children
        previous: PageElement | None = None
        for child in children:
            child.parent = tag
            child.previous_sibling = previous
            if previous is not None:
                previous.next_sibling = child
            previous = child
        if previous is not None:
            previous.next_sibling = None
    _rethread(root, after)


def _spliced_children(tag: Tag, unwrapped: set[int]) -> list[PageElement]:
    """``tag``'s children with every unwrapped element replaced by its own (spliced) children.

    An unwrapped block element is framed by paragraph breaks when, at the moment bs4 would have
    unwrapped it (outermost first), its receiving parent held anything else: something already
    spliced in before it, or anything still after it at any level.
    """
    out: list[PageElement] = []
    # frames: [children, next index, something follows this level, close with a break]
    stack: list[list[Any]] = [[tag.contents, 0, False, False]]
    while stack:
        frame = stack[-1]
        children, index, follows, close = frame
        if index == len(children):
            stack.pop()
            if close:
                out.append(_break_string())
            continue
        frame[1] = index + 1
        child = children[index]
        if isinstance(child, Tag) and id(child) in unwrapped:
            has_after = follows or index + 1 < len(children)
            framed = child.name in BLOCK_TAGS and (bool(out) or has_after)
            if framed:
                out.append(_break_string())
            stack.append([child.contents, 0, has_after or framed, framed])
        else:
            out.append(child)
    return out


def _break_string() -> NavigableString:
    text = NavigableString(_BR * 2)
    text.parent = text.previous_sibling = text.next_sibling = None
    text.previous_element = text.next_element = None
    return text


def _rethread(root: Tag, after: PageElement | None) -> None:
    """Rebuild the document-order links (next_element / previous_element) under ``root``."""
    previous: PageElement = root
    stack = [iter(root.contents)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        previous.next_element = node
        node.previous_element = previous
        previous = node
        if isinstance(node, Tag) and node.contents:
            stack.append(iter(node.contents))
    previous.next_element = after
    if after is not None:
        after.previous_element = previous


def _is_furniture(tag: Tag) -> bool:
    """Page furniture by its semantics: navigation, page header and footer, sidebars, forms."""
    name, role = tag.name, _role(tag)
    if name == "nav" or role in _NAV_ROLES:
        return True
    if role in ("banner", "contentinfo"):
        return True
    if name == "header":
        return not _has_ancestor(tag, _SECTIONING)
    if name == "footer":
        return not _has_ancestor(tag, ("blockquote", "figure"))
    if name == "aside" or role == "complementary":
        return not _has_ancestor(tag, ("article",))
    return tag.get(_MARK) in ("form", "positioned")


def _drop_furniture(body: Tag, measure: _Measure, settings: HtmlSettings) -> None:
    keep_above = settings.keep_share * measure.of(body).good
    for tag in _elements(body):
        if _gone(tag) or not _is_furniture(tag):
            continue
        if keep_above and measure.of(tag).good >= keep_above:
            continue
        tag.decompose()


def _outermost(tags: list[Tag]) -> list[Tag]:
    ids = {id(tag) for tag in tags}
    return [tag for tag in tags if not any(id(parent) in ids for parent in tag.parents)]


def _semantic_container(body: Tag, measure: _Measure, settings: HtmlSettings) -> Tag | None:
    page = measure.of(body)

    def weight(tag: Tag) -> int:
        return measure.of(tag).good if page.good else measure.of(tag).text

    total = page.good if page.good else page.text
    if not total:
        return None
    threshold = settings.semantic_min_share * total
    elements = _elements(body)
    mains = _outermost([tag for tag in elements if tag.name == "main" or _role(tag) == "main"])
    articles = _outermost(
        [tag for tag in elements if tag.name == "article" or _role(tag) == "article"]
    )
    best_main = max(mains, key=weight, default=None)
    best_article = max(articles, key=weight, default=None)
    if best_main is not None and weight(best_main) >= threshold and weight(best_main) > 0:
        if (
            best_article is not None
            and any(parent is best_main for parent in best_article.parents)
            and weight(best_article) >= settings.article_share_of_main * weight(best_main)
        ):
            return best_article
        return best_main
    if best_article is not None and weight(best_article) >= threshold and weight(best_article) > 0:
        return best_article
    return None


def _is_container(tag: Tag, measure: _Measure) -> bool:
    return measure.is_block(tag) and tag.name not in _TEXT_UNITS


def _density_container(body: Tag, measure: _Measure) -> Tag:
    """The container running text is densest in, widened while that adds more than it costs."""
    contributions: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for block, size in measure.good_blocks:
        node: Tag | None = block if _is_container(block, measure) else block.parent
        level = 1
        while node is not None and level <= 3:
            if _is_container(node, measure) or node is body:
                contributions[id(node)] = contributions.get(id(node), 0.0) + size / level
                tags[id(node)] = node
                level += 1
            if node is body:
                break
            node = node.parent
    if not contributions:
        return body
    best = tags[max(contributions, key=lambda key: contributions[key])]
    while best is not body and isinstance(best.parent, Tag):
        parent = best.parent
        if measure.score(parent) <= measure.score(best):
            break
        best = parent
    return best


def _title_heading(body: Tag, container: Tag, measure: _Measure) -> Tag | None:
    """The page's <h1> when it stands before (outside) the chosen container."""
    if _find(container, ("h1",)) is not None:
        return None
    elements = _elements(body)
    order = {id(tag): index for index, tag in enumerate(elements)}
    position = order.get(id(container), 0)
    title = None
    for heading in (tag for tag in elements if tag.name == "h1"):
        if order[id(heading)] >= position or measure.link_density(heading) > 0.5:
            continue
        if any(parent is container for parent in heading.parents):
            continue
        if normalize_space(heading.get_text(" ")):
            title = heading
    return title


def _is_boilerplate(tag: Tag, container: Tag, measure: _Measure, settings: HtmlSettings) -> bool:
    """Boilerplate inside the content container (never more than keep_share of its text)."""
    stats = measure.of(tag)
    if stats.good and stats.good >= settings.keep_share * measure.of(container).good:
        return False
    if tag.get(_MARK) == "entry":
        return True
    custom_container = tag.name not in BLOCK_TAGS | INLINE_TAGS and id(tag) in measure.has_block
    if tag.name not in _PRUNABLE and not custom_container:
        return False
    if stats.text and stats.links > settings.max_link_density * stats.text:
        return True
    return (
        stats.good == 0
        and stats.tags >= 5
        and stats.text < settings.min_chars_per_tag * stats.tags
        and _find(tag, _WIDGET_SAFE) is None
        and not _holds_chart(tag, settings)
    )


def _holds_chart(tag: Tag, settings: HtmlSettings) -> bool:
    """Is the element (or one inside it) a bar chart drawn in markup? Widgets are pruned, charts
    are content."""
    return any(_bar_chart(node, settings) is not None for node in (tag, *_elements(tag)))


def _prune(tag: Tag, container: Tag, measure: _Measure, settings: HtmlSettings) -> None:
    for child in list(tag.children):
        if not isinstance(child, Tag):
            continue
        if _is_boilerplate(child, container, measure, settings):
            child.decompose()
        else:
            _prune(child, container, measure, settings)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _own_rows(table: Tag) -> list[Tag]:
    rows = [tag for tag in _elements(table) if tag.name == "tr"]
    return [row for row in rows if row.find_parent("table") is table]


def _own_cells(row: Tag) -> list[Tag]:
    return [cell for cell in row.children if isinstance(cell, Tag) and cell.name in ("td", "th")]


def _is_data_table(table: Tag) -> bool:
    """A table of data rather than layout: no nested tables, headings or long prose in cells."""
    if _role(table) in ("presentation", "none"):
        return False
    if _find(table, _HEADINGS | {"table"}) is not None:
        return False
    rows = _own_rows(table)
    cells = [cell for row in rows for cell in _own_cells(row)]
    if not cells or (len(rows) == 1 and len(cells) == 1):
        return False
    for cell in cells:
        paragraphs = sum(1 for tag in _elements(cell) if tag.name == "p")
        if paragraphs > 1 and _chars(cell.get_text()) > 300:
            return False
    return True


def _span(cell: Tag, name: str, limit: int) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip())
    except ValueError:
        return 1
    return min(max(value, 1), limit)


def _take_carried(carried: dict[int, tuple[int, str]], values: dict[int, str], col: int) -> None:
    """Fill ``col`` of the current row from a cell spanning rows above it."""
    left, text = carried[col]
    values[col] = text
    if left <= 1:
        del carried[col]
    else:
        carried[col] = (left - 1, text)


def _table(table: Tag) -> Table | None:
    grid: list[list[str]] = []
    header_flags: list[bool] = []
    carried: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) from rowspan
    rows = _own_rows(table)
    for row_index, row in enumerate(rows):
        cells = _own_cells(row)
        if not cells and not carried:
            continue
        in_head = row.parent is not None and row.parent.name == "thead"
        header_flags.append(in_head or (bool(cells) and all(c.name == "th" for c in cells)))
        values: dict[int, str] = {}
        column = 0
        for cell in cells:
            while column in carried:
                _take_carried(carried, values, column)
                column += 1
            text = _flat_text(cell)
            colspan = _span(cell, "colspan", 1000)
            rowspan = _span(cell, "rowspan", len(rows) - row_index)
            for offset in range(colspan):
                values[column + offset] = text
                if rowspan > 1:
                    carried[column + offset] = (rowspan - 1, text)
            column += colspan
        for col in sorted(carried):
            if col not in values:
                _take_carried(carried, values, col)
        width = max(values) + 1 if values else 0
        grid.append([values.get(col, "") for col in range(width)])
    if not grid:
        return None
    width = max(len(row) for row in grid)
    if width == 0 or not any(cell for row in grid for cell in row):
        return None
    padded = tuple(tuple(row + [""] * (width - len(row))) for row in grid)
    header_rows = 0
    for flag in header_flags:
        if not flag:
            break
        header_rows += 1
    return Table(rows=padded, header_row_count=header_rows)


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------


def _sup_text(sup: Tag, previous: str) -> str | None:
    """How a <sup> reads: None to drop a footnote marker, "^n" for an exponent, else its text."""
    links = [tag for tag in _elements(sup) if tag.name == "a"]
    text = normalize_space(sup.get_text())
    in_page = bool(links) and all(_attr(a, "href").startswith("#") for a in links)
    if in_page and _chars(text) == sum(_chars(a.get_text()) for a in links):
        return None
    if text.isdigit() and previous.rstrip() == previous and previous[-1:].isdigit():
        return "^" + text
    return None if not text else sup.get_text()


def _collect(tag: Tag, parts: list[str], skip: tuple[str, ...] = ()) -> None:
    """Append the text of ``tag``'s subtree: _BR for <br>, spaces around block elements."""
    for child in tag.children:
        if isinstance(child, Tag):
            name = child.name
            if name in skip:
                continue
            if name == "br":
                parts.append(_BR)
            elif name == "sup":
                text = _sup_text(child, parts[-1] if parts else "")
                if text:
                    parts.append(text)
            elif name in BLOCK_TAGS:
                parts.append(" ")
                _collect(child, parts, skip)
                parts.append(" ")
            else:
                _collect(child, parts, skip)
        elif _is_text(child):
            parts.append(str(child))


def _flat_text(tag: Tag, skip: tuple[str, ...] = ()) -> str:
    parts: list[str] = []
    _collect(tag, parts, skip)
    return normalize_space("".join(parts).replace(_BR, " "))


def _is_permalink(anchor: Tag) -> bool:
    text = anchor.get_text()
    return not any(ch.isalnum() for ch in text)


def _heading_text(tag: Tag) -> str:
    for anchor in [node for node in _elements(tag) if node.name == "a"]:
        if _is_permalink(anchor):
            anchor.decompose()
    text = _flat_text(tag)
    text = _MARKDOWN_ANCHOR_RE.sub("", text)
    for _ in range(2):
        text = _TRAILING_PERMALINK_RE.sub("", text)
        text = _LEADING_PERMALINK_RE.sub("", text)
    return text.strip()


def _heading_level(tag: Tag) -> int | None:
    if tag.name in _HEADINGS:
        return int(tag.name[1])
    if _role(tag) == "heading":
        try:
            return min(max(int(_attr(tag, "aria-level") or "2"), 1), 6)
        except ValueError:
            return 2
    return None


# --------------------------------------------------------------------------------------------
# Bar charts in markup
# --------------------------------------------------------------------------------------------

_CHART_SHARE = re.compile(r"[-+−]?\d{1,3}(?:[.,]\d{1,2})?\s?%")
_CHART_INTEGER = re.compile(r"[-+−]?\d{1,3}(?:,\d{3})*|[-+−]?\d+")
_CHART_MAX_WORDS = 16


def _element_children(tag: Tag) -> list[Tag]:
    return [child for child in tag.children if isinstance(child, Tag)]


def _leaf_signature(row: Tag) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """The row's child elements as (name, classes), when each is a leaf of short text."""
    children = _element_children(row)
    if len(children) < 2 or any(_is_text(c) and str(c).strip() for c in row.children):
        return None
    signature = []
    for child in children:
        if any(node.name in BLOCK_TAGS for node in _elements(child)):
            return None
        classes = child.get("class") or ()
        signature.append((child.name, tuple(classes) if isinstance(classes, list) else (classes,)))
    return tuple(signature)


def _counts_follow(counts: list[str], shares: list[str], tolerance: float) -> bool:
    """Whole numbers proportional to the shares: each count over its share close to the rest."""
    pairs = []
    for count_text, share_text in zip(counts, shares, strict=True):
        count = abs(float(count_text.replace(",", "").replace("−", "-")))
        share = abs(float(re.sub(r"[^\d.]", "", share_text.replace(",", "."))))
        pairs.append((count, share))
    ratios = [count / share for count, share in pairs if share >= 5]
    if not ratios:
        return False
    middle = sorted(ratios)[len(ratios) // 2]
    if middle <= 0 or any(abs(r - middle) > tolerance * middle for r in ratios):
        return False
    # Small shares are rounded: a count within half a point of its share (and the tolerance).
    return all(
        abs(count - share * middle) <= 0.5 * middle + tolerance * share * middle
        for count, share in pairs
        if share < 5
    )


def _bar_chart(tag: Tag, settings: HtmlSettings) -> Table | None:
    """A bar chart drawn in markup, as a chart table (see the module docstring), else None."""
    rows = _element_children(tag)
    if len(rows) < 2 or any(_is_text(c) and str(c).strip() for c in tag.children):
        return None
    signatures = [_leaf_signature(row) for row in rows]
    if signatures[0] is None or any(sig != signatures[0] for sig in signatures):
        return None
    texts = [
        [normalize_space(child.get_text(" ")) for child in _element_children(row)] for row in rows
    ]
    width = len(texts[0])
    if any(len(t.split()) > _CHART_MAX_WORDS for row in texts for t in row):
        return None
    shares = [p for p in range(width) if all(_CHART_SHARE.fullmatch(row[p]) for row in texts)]
    if not shares:
        return None
    integers = [
        p
        for p in range(width)
        if p not in shares and all(_CHART_INTEGER.fullmatch(row[p]) for row in texts)
    ]
    counts: list[int] = []
    for share in shares:
        column = [row[share] for row in texts]
        for p in integers:
            if p not in counts and _counts_follow(
                [row[p] for row in texts], column, settings.chart_count_tolerance
            ):
                counts.append(p)
                break
        else:
            counts.append(-1)
    used = set(shares) | {p for p in counts if p >= 0}
    labels = [p for p in range(width) if p not in used and any(row[p] for row in texts)]
    if not labels:
        return None
    table_rows = []
    for row in texts:
        category = " ".join(row[p] for p in labels if row[p])
        if not category:
            return None
        cells = [
            f"{row[share]} ({row[count]})" if count >= 0 else row[share]
            for share, count in zip(shares, counts, strict=True)
        ]
        table_rows.append((category, *cells))
    return Table(rows=tuple(table_rows), header_row_count=0)


# --------------------------------------------------------------------------------------------
# Reading blocks
# --------------------------------------------------------------------------------------------


class _Reader:
    """Walks the content container in document order and emits blocks."""

    def __init__(self, measure: _Measure, settings: HtmlSettings) -> None:
        self.measure = measure
        self.settings = settings
        self.blocks: list[Block] = []
        self.section: tuple[str, ...] = ()
        self.open_headings: list[tuple[int, str]] = []  # (level, text) of the enclosing headings
        self.mode: list[BlockType] = []
        self.buffer: list[str] = []

    def _inline(self, tag: Tag) -> bool:
        if tag.name in BLOCK_TAGS or _heading_level(tag) is not None:
            return False
        return id(tag) not in self.measure.has_block

    def walk(self, tag: Tag) -> None:
        for child in tag.children:
            if isinstance(child, Tag):
                if child.name == "br":
                    self.buffer.append(_BR)
                elif child.name == "img":
                    self.image(child)
                elif child.name == "sup":
                    text = _sup_text(child, self.buffer[-1] if self.buffer else "")
                    if text:
                        self.buffer.append(text)
                elif self._inline(child):
                    _collect(child, self.buffer)
                else:
                    self.flush()
                    self.block(child)
            elif _is_text(child):
                self.buffer.append(str(child))
        self.flush()

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer.clear()
        for chunk in _PARAGRAPH_BREAK_RE.split(raw):
            lines = [line for line in (normalize_space(part) for part in chunk.split(_BR)) if line]
            for text in _group_lines(lines):
                self.text_block(text)

    def text_block(self, text: str) -> None:
        kind: BlockType = self.mode[-1] if self.mode else classify_text(text)
        if kind == "list_item":
            text = strip_list_marker(text) or text
        self.blocks.append(Block(kind, text, section_path=self.section))

    def block(self, tag: Tag) -> None:
        level = _heading_level(tag)
        name = tag.name
        if level is not None:
            self.heading(tag, level)
        elif name in _LIST_TAGS:
            for child in tag.children:
                if isinstance(child, Tag) and child.name == "li":
                    self.list_item(child)
                elif isinstance(child, Tag):
                    self.block(child)
                elif _is_text(child) and str(child).strip():
                    self.text_block(normalize_space(str(child)))
        elif name == "li":
            self.list_item(tag)
        elif name == "table":
            self.table(tag)
        elif name in ("blockquote", "figcaption", "caption"):
            self.mode.append("quote" if name == "blockquote" else "caption")
            self.walk(tag)
            self.mode.pop()
        elif name == "pre":
            text = _flat_text(tag)
            if text:
                self.text_block(text)
        elif name == "hr":
            return
        else:
            chart = _bar_chart(tag, self.settings)
            if chart is not None:
                self.blocks.append(
                    Block("chart", chart.text, section_path=self.section, table=chart)
                )
                return
            self.walk(tag)

    def image(self, tag: Tag) -> None:
        text = _chart_name(tag)
        if not text:
            return
        figure = tag.find_parent("figure")
        if figure is not None and figure.find("figcaption") is not None:
            return  # the figure's visible caption is read instead
        self.flush()
        self.blocks.append(Block("caption", text, section_path=self.section))

    def heading(self, tag: Tag, level: int) -> None:
        text = _heading_text(tag)
        if not text:
            return
        while self.open_headings and self.open_headings[-1][0] >= level:
            self.open_headings.pop()
        self.open_headings.append((level, text))
        self.section = tuple(heading for _, heading in self.open_headings)
        self.blocks.append(Block("heading", text, section_path=self.section, heading_level=level))

    def list_item(self, item: Tag) -> None:
        """One block for the item's own text, then its nested lists (and tables) in order."""
        text = _flat_text(item, skip=_NESTED_IN_ITEM)
        if text:
            self.blocks.append(Block("list_item", text, section_path=self.section))
        for nested in _nested_blocks(item):
            self.block(nested)

    def table(self, tag: Tag) -> None:
        if not _is_data_table(tag):
            self.walk(tag)
            return
        for caption in [node for node in _elements(tag) if node.name == "caption"]:
            if caption.find_parent("table") is tag:
                text = _flat_text(caption)
                if text:
                    self.blocks.append(Block("caption", text, section_path=self.section))
        table = _table(tag)
        if table is not None:
            self.blocks.append(Block("table", table.text, section_path=self.section, table=table))


def _nested_blocks(tag: Tag) -> list[Tag]:
    """The lists and tables inside a list item, outermost first, in document order."""
    found: list[Tag] = []
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name in _NESTED_IN_ITEM:
                found.append(child)
            else:
                found.extend(_nested_blocks(child))
    return found


def _line_continues(group: list[str], line: str) -> bool:
    """Does a line after a <br> continue the paragraph (the text reader's line rule)?"""
    previous = group[-1]
    if is_list_item(line):
        return False
    if line[0].islower() or line[0] in "(,;)":
        return True
    if previous.endswith(TERMINAL_PUNCTUATION):
        return False
    return not (len(group) == 1 and looks_like_heading(previous))


def _group_lines(lines: list[str]) -> list[str]:
    """Lines separated by single <br> elements, grouped into paragraphs."""
    groups: list[list[str]] = []
    for line in lines:
        if groups and _line_continues(groups[-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [" ".join(group) for group in groups]


def _anchors(container: Tag) -> list[tuple[str, str]]:
    """The content's links to other pages or files, in document order: (anchor text, href)."""
    return [
        (normalize_space(tag.get_text()), _attr(tag, "href"))
        for tag in _elements(container)
        if tag.name == "a" and is_target(_attr(tag, "href"))
    ]


def _drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    while blocks and blocks[-1].block_type == "heading":
        blocks.pop()
    return blocks


_DEFAULT_SETTINGS = HtmlSettings()


def read_html(
    data: bytes, settings: HtmlSettings = _DEFAULT_SETTINGS, *, content_type: str | None = None
) -> ParsedDocument:
    """Read the main content of an HTML page into blocks in reading order.

    ``content_type`` is the transport's Content-Type (e.g. from :func:`extract.fetch.fetch_url`);
    its charset, when given, outranks the page's own declaration.
    """
    text, warnings = decode_html(data, content_type)
    try:
        return _read(text, warnings, settings)
    except RecursionError as exc:
        raise DocumentError(
            "corrupt", "the page's elements are nested too deeply to be read"
        ) from exc


def _read(text: str, warnings: tuple[str, ...], settings: HtmlSettings) -> ParsedDocument:
    soup = BeautifulSoup(text, "lxml")
    _drop_never_content(soup)
    body = soup.body if soup.body is not None else soup
    if not isinstance(body, Tag):  # pragma: no cover - BeautifulSoup is a Tag
        raise DocumentError("empty", "the page has no body")
    _flatten_deep(body)

    measure = _Measure(body, settings)
    _drop_furniture(body, measure, settings)
    measure = _Measure(body, settings)
    container = _semantic_container(body, measure, settings) or _density_container(body, measure)
    title = _title_heading(body, container, measure)
    if settings.drop_boilerplate:
        _prune(container, container, measure, settings)
    anchors = _anchors(container)

    reader = _Reader(measure, settings)
    if title is not None:
        reader.heading(title, 1)
    reader.walk(container)
    blocks = _drop_trailing_headings(reader.blocks)
    if not blocks:
        raise DocumentError("empty", "no content text found in the page")
    read = tuple(rejoin_paragraphs(blocks))
    return ParsedDocument(blocks=read, warnings=warnings, links=locate_anchors(read, anchors))
