"""Extract one document end to end: load its bytes, read it by format, find its claims.

:func:`extract_document` never raises for a bad document: an unreadable one comes back with
``extraction_status = 'failed'``, a reason code and a message, and empty block/claim frames, so
that one bad file never stops the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from extract.blocks import ParsedDocument, blocks_frame, table_cells_frame
from extract.claims import CLAIMS_SCHEMA, extract_claims
from extract.errors import DocumentError
from extract.fetch import fetch_url
from extract.html import read_html
from extract.links import empty_links_frame, links_frame
from extract.manifest import DOCUMENT_TYPES, SourceDocument
from extract.markdown import is_markdown, read_markdown
from extract.pdf import read_pdf
from extract.settings import EXTRACTOR_VERSION, ExtractionSettings
from extract.surveys import SurveyStructure, extract_survey_structure
from extract.text import read_text

SOURCE_FORMATS = ("pdf", "html", "text")
EXTRACTION_STATUSES = ("ok", "partial", "failed")

DOCUMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(str, unique=True),
        "title": pa.Column(str, nullable=True),
        "publisher": pa.Column(str, nullable=True),
        "authors": pa.Column(str, nullable=True),
        "published_on": pa.Column(str, nullable=True),
        "document_type": pa.Column(str, pa.Check.isin(DOCUMENT_TYPES), nullable=True),
        "source_format": pa.Column(str, pa.Check.isin(SOURCE_FORMATS), nullable=True),
        "source_uri": pa.Column(str),
        "source_url": pa.Column(str, nullable=True),
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$"), nullable=True),
        "byte_size": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "page_count": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "word_count": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "block_count": pa.Column("int64", pa.Check.ge(0)),
        "table_count": pa.Column("int64", pa.Check.ge(0)),
        "claim_count": pa.Column("int64", pa.Check.ge(0)),
        "extraction_status": pa.Column(str, pa.Check.isin(EXTRACTION_STATUSES)),
        "failure_reason": pa.Column(str, nullable=True),
        "extraction_error": pa.Column(str, nullable=True),
        "extraction_warnings": pa.Column(str, nullable=True),
        "extractor_version": pa.Column(str),
        "extracted_at": pa.Column("datetime64[us, UTC]"),
    },
    checks=[
        pa.Check(
            lambda df: (df["extraction_status"] != "failed") | df["extraction_error"].notna(),
            name="failed_documents_say_why",
        ),
    ],
    strict=True,
    coerce=True,
    name="documents",
)

DEFAULT_SETTINGS = ExtractionSettings()

_EXTENSION_FORMATS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}


@dataclass(frozen=True)
class DocumentExtraction:
    """Everything extracted from one document, as the frames the warehouse stores."""

    document: pd.DataFrame
    blocks: pd.DataFrame
    table_cells: pd.DataFrame
    claims: pd.DataFrame
    survey: SurveyStructure
    links: pd.DataFrame = field(default_factory=empty_links_frame)
    """Hyperlinks in the text (extract.links)."""
    contract_failures: pd.DataFrame | None = None
    """pandera's failure cases when an output broke its schema (and so was not kept)."""

    @property
    def status(self) -> str:
        return str(self.document["extraction_status"].iloc[0])

    @property
    def error(self) -> str | None:
        value = self.document["extraction_error"].iloc[0]
        return None if pd.isna(value) else str(value)


@dataclass(frozen=True)
class LoadedSource:
    content: bytes
    sha256: str
    name: str
    content_type: str | None


def load_source(
    source: SourceDocument, settings: ExtractionSettings, cache_dir: Path | None = None
) -> LoadedSource:
    """Read a document's bytes from its file or URL. The original file is never modified."""
    if source.url:
        fetched = fetch_url(source.url, settings.fetch, cache_dir)
        return LoadedSource(
            fetched.content, fetched.sha256, fetched.final_url, fetched.content_type
        )
    assert source.path is not None
    path = source.path
    if not path.exists():
        raise DocumentError("missing", f"file not found: {path}")
    if not path.is_file():
        raise DocumentError("missing", f"not a regular file: {path}")
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise DocumentError(
            "too_large",
            f"the file is {size:,} bytes, over the limit of {settings.max_file_bytes:,} bytes",
        )
    content = path.read_bytes()
    return LoadedSource(content, hashlib.sha256(content).hexdigest(), path.name, None)


def detect_format(content: bytes, name: str, content_type: str | None = None) -> str:
    """The format a document really has, from its content first and its name second."""
    head = content[:1024].lstrip()
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    claimed = _EXTENSION_FORMATS.get(suffix)
    if head.startswith(b"%PDF-") or b"%PDF-" in content[:1024]:
        return "pdf"
    if claimed == "pdf" or (content_type and "pdf" in content_type):
        raise DocumentError(
            "not_a_pdf",
            f"{name} is named or served as a PDF but is not one (no %PDF header)",
        )
    lowered = head[:512].lower()
    looks_html = lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered
    if looks_html or claimed == "html" or (content_type and "html" in content_type):
        return "html"
    if claimed == "text" or (content_type and content_type.startswith("text/")):
        return "text"
    raise DocumentError(
        "unsupported_format",
        f"{name}: unsupported format (expected PDF, HTML or plain text)",
    )


def parse_content(
    content: bytes,
    source_format: str,
    settings: ExtractionSettings,
    content_type: str | None = None,
    name: str | None = None,
) -> ParsedDocument:
    """Read the bytes with the reader of their format (Markdown text: extract.markdown)."""
    if source_format == "pdf":
        return read_pdf(content, settings.pdf)
    if source_format == "html":
        return read_html(content, settings.html, content_type=content_type)
    if is_markdown(name, content_type):
        return read_markdown(content, settings.html)
    return read_text(content)


def _document_row(
    source: SourceDocument,
    *,
    extracted_at: datetime,
    status: str,
    loaded: LoadedSource | None = None,
    source_format: str | None = None,
    parsed: ParsedDocument | None = None,
    claim_count: int = 0,
    table_count: int = 0,
    error: DocumentError | None = None,
) -> pd.DataFrame:
    row = {
        "document_id": source.document_id,
        "title": source.title,
        "publisher": source.publisher,
        "authors": "; ".join(source.authors) or None,
        "published_on": source.published_on,
        "document_type": source.document_type,
        "source_format": source_format,
        "source_uri": source.source_uri,
        "source_url": source.source_url,
        "sha256": loaded.sha256 if loaded else None,
        "byte_size": len(loaded.content) if loaded else None,
        "page_count": parsed.page_count if parsed else None,
        "word_count": parsed.word_count if parsed else None,
        "block_count": len(parsed.blocks) if parsed else 0,
        "table_count": table_count,
        "claim_count": claim_count,
        "extraction_status": status,
        "failure_reason": error.reason if error else None,
        "extraction_error": error.message if error else None,
        "extraction_warnings": "; ".join(parsed.warnings) if parsed and parsed.warnings else None,
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": extracted_at,
    }
    return DOCUMENTS_SCHEMA.validate(pd.DataFrame([row]), lazy=True)


def _failed(
    source: SourceDocument,
    error: DocumentError,
    *,
    extracted_at: datetime,
    loaded: LoadedSource | None,
    source_format: str | None,
    contract_failures: pd.DataFrame | None = None,
) -> DocumentExtraction:
    blocks = blocks_frame(source.document_id, [])
    claims = CLAIMS_SCHEMA.validate(pd.DataFrame(columns=list(CLAIMS_SCHEMA.columns)))
    return DocumentExtraction(
        document=_document_row(
            source,
            extracted_at=extracted_at,
            status="failed",
            loaded=loaded,
            source_format=source_format,
            error=error,
        ),
        blocks=blocks,
        table_cells=table_cells_frame(source.document_id, []),
        claims=claims,
        survey=extract_survey_structure(blocks, claims, source.document_type),
        contract_failures=contract_failures,
    )


def extract_document(
    source: SourceDocument,
    settings: ExtractionSettings = DEFAULT_SETTINGS,
    cache_dir: Path | None = None,
) -> DocumentExtraction:
    """Extract one document; a document that cannot be read comes back failed, never raised.

    Three kinds of failure, each kept as one failed row with a message: the document is bad
    (``DocumentError``), an output broke its pandera contract (reason ``contract_violation``,
    failure cases attached), or the extractor itself failed (reason ``extractor_error``).
    """
    extracted_at = datetime.now(UTC)
    loaded: LoadedSource | None = None
    source_format: str | None = None
    failure = {"extracted_at": extracted_at}
    try:
        loaded = load_source(source, settings, cache_dir)
        if not loaded.content:
            raise DocumentError("empty", f"the file is empty (0 bytes): {loaded.name}")
        source_format = detect_format(loaded.content, loaded.name, loaded.content_type)
        parsed = parse_content(
            loaded.content, source_format, settings, loaded.content_type, loaded.name
        )
        if parsed.page_count is not None and parsed.page_count > settings.max_pages:
            raise DocumentError(
                "too_large", f"{parsed.page_count} pages, over the limit of {settings.max_pages}"
            )
        blocks = blocks_frame(source.document_id, parsed.blocks)
        table_cells = table_cells_frame(source.document_id, parsed.blocks)
        claims = extract_claims(blocks)
        survey = extract_survey_structure(blocks, claims, source.document_type)
        links = links_frame(source.document_id, blocks, parsed.links)
        document = _document_row(
            source,
            extracted_at=extracted_at,
            status="partial" if parsed.warnings else "ok",
            loaded=loaded,
            source_format=source_format,
            parsed=parsed,
            claim_count=len(claims),
            table_count=int(table_cells["table_id"].nunique()),
        )
    except DocumentError as error:
        return _failed(source, error, loaded=loaded, source_format=source_format, **failure)
    except pa.errors.SchemaErrors as errors:
        error = DocumentError(
            "contract_violation",
            f"extracted data broke its contract ({errors.schema.name}: "
            f"{len(errors.failure_cases)} failure cases); nothing of it was written",
        )
        return _failed(
            source,
            error,
            loaded=loaded,
            source_format=source_format,
            contract_failures=errors.failure_cases.astype(str),
            **failure,
        )
    except Exception as exc:  # a reader bug on a strange file must not stop other documents
        error = DocumentError(
            "extractor_error", f"the extractor failed on this file: {type(exc).__name__}: {exc}"
        )
        return _failed(source, error, loaded=loaded, source_format=source_format, **failure)
    return DocumentExtraction(document, blocks, table_cells, claims, survey, links)
