"""Frozen settings for every extractor. Defaults are what the pipeline uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

EXTRACTOR_VERSION = "0.3.0"
"""Bump when extraction output changes, so that unchanged documents are extracted again."""

ALLOW_PRIVATE_URLS_ENV = "SOURCES_ALLOW_PRIVATE_URLS"
"""Set to 1 (true, yes, on) to fetch URLs on loopback, link-local or private addresses."""


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class PdfSettings:
    """How PDF pages are read (see extract.pdf)."""

    # Lines repeated at the same place on at least this share of pages are running heads/feet.
    running_line_min_share: float = 0.5
    # Text within this many points of the top or bottom edge may be a running header or footer.
    margin_band: float = 72.0
    # Words split over lines with a trailing hyphen are joined.
    join_hyphenated: bool = True
    password: str | None = None


@dataclass(frozen=True)
class HtmlSettings:
    """How HTML pages are read (see extract.html)."""

    # A container whose text is mostly link text is navigation, not content.
    max_link_density: float = 0.5
    # A block of text needs this many non-space characters to count as running text.
    min_paragraph_chars: int = 40
    # A <main> or <article> is trusted as the content when it holds this share of the running text.
    semantic_min_share: float = 0.3
    # An <article> inside the chosen <main> replaces it when it holds this share of its text.
    article_share_of_main: float = 0.7
    # An element holding this share of the running text is never dropped as boilerplate.
    keep_share: float = 0.5
    # Widgets (share bars, counters) have fewer text characters than this per element.
    min_chars_per_tag: float = 10.0


@dataclass(frozen=True)
class FetchSettings:
    """How URLs in a manifest are fetched."""

    # Wall-clock limit for the whole request: resolving, connecting, redirects, headers and body.
    timeout_seconds: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    user_agent: str = "survey-claims-warehouse"
    # Loopback, link-local, private, shared and reserved addresses are refused unless this is set
    # (default: the environment variable SOURCES_ALLOW_PRIVATE_URLS, read when settings are made).
    allow_private_addresses: bool = field(default_factory=lambda: _env_flag(ALLOW_PRIVATE_URLS_ENV))


@dataclass(frozen=True)
class ExtractionSettings:
    """Everything extract_document needs."""

    max_file_bytes: int = 200 * 1024 * 1024
    # PDFs: the page count and the characters of each page are counted (pypdfium2) before parsing.
    max_pages: int = 2000
    max_page_chars: int = 100_000
    # HTML pages over this size are refused before they are parsed.
    max_html_bytes: int = 10 * 1024 * 1024
    # Parsing, claims and survey structure run in a child process (Linux) with these limits; a
    # document over them fails alone (too_slow / too_large). None lifts a limit; with both None
    # the document is extracted in the calling process.
    max_seconds: float | None = 600.0
    max_memory_bytes: int | None = 2 * 1024 * 1024 * 1024
    pdf: PdfSettings = field(default_factory=PdfSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
