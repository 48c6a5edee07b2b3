"""Frozen settings for every extractor. Defaults are what the pipeline uses."""

from __future__ import annotations

from dataclasses import dataclass, field

EXTRACTOR_VERSION = "0.4.0"
"""Bump when extraction output changes, so that unchanged documents are extracted again."""


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
    # Drop boilerplate inside the content container (link lists, widgets). Off for a page made
    # from Markdown, whose every part was written as content (extract.markdown).
    drop_boilerplate: bool = True


@dataclass(frozen=True)
class FetchSettings:
    """How URLs in a manifest are fetched."""

    timeout_seconds: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    user_agent: str = "survey-claims-warehouse"


@dataclass(frozen=True)
class ExtractionSettings:
    """Everything extract_document needs."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    pdf: PdfSettings = field(default_factory=PdfSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
