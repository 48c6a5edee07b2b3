"""Extract one document end to end: load its bytes, read it by format, find its claims.

:func:`extract_document` never raises for a bad document: an unreadable one comes back with
``extraction_status = 'failed'``, a reason code and a message, and empty block/claim frames, so
that one bad file never stops the others. A document read with warnings (the reader's, or a
survey report from which no survey could be read: :data:`extract.surveys.NO_SURVEY_WARNING`) is
``partial``, the warnings in ``extraction_warnings``.

Limits (:class:`extract.settings.ExtractionSettings`), each checked before the work it guards:

* a manifest entry that is invalid fails at once (``invalid_manifest_entry``);
* a file is read only if it is a regular file (``not_a_regular_file``) of at most
  ``max_file_bytes``; a URL is fetched within :class:`extract.settings.FetchSettings`' limits;
* an HTML page over ``max_html_bytes`` is refused before parsing (``too_large``);
* a PDF's page count and the characters of each page are counted with pypdfium2 (which reads the
  page tree and the content streams, far faster than parsing the layout) before pdfplumber reads
  anything: over ``max_pages`` pages or ``max_page_chars`` characters on one page is
  ``too_large``;
* on Linux, reading, claims and survey structure run in a forked child process. It is killed
  after ``max_seconds`` of wall-clock time (``too_slow``), and its address space may grow by at
  most ``max_memory_bytes`` (``RLIMIT_AS``; running out is ``too_large``). The child sends the
  finished frames back through a pipe. With both limits None, or where ``os.fork`` is missing,
  the work runs in the calling process without these two limits.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import hashlib
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from extract.blocks import ParsedDocument, blocks_frame, table_cells_frame
from extract.claims import CLAIMS_SCHEMA, extract_claim_values
from extract.claims.publish import empty_unpublished_frame
from extract.errors import FAILURE_REASONS, DocumentError
from extract.fetch import fetch_url
from extract.files import is_within, read_regular_file
from extract.frame_types import TEXT
from extract.html import read_html
from extract.links import empty_links_frame, links_frame
from extract.manifest import DOCUMENT_TYPES, SourceDocument
from extract.markdown import is_markdown, read_markdown
from extract.pdf import read_pdf
from extract.settings import EXTRACTOR_VERSION, ExtractionSettings
from extract.surveys import NO_SURVEY_WARNING, SurveyStructure, extract_survey_structure
from extract.text import read_text
from extract.validation import validate

SOURCE_FORMATS = ("pdf", "html", "text")
EXTRACTION_STATUSES = ("ok", "partial", "failed")

DOCUMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT, unique=True),
        "title": pa.Column(TEXT, nullable=True),
        "publisher": pa.Column(TEXT, nullable=True),
        "authors": pa.Column(TEXT, nullable=True),
        "published_on": pa.Column(TEXT, nullable=True),
        "document_type": pa.Column(TEXT, pa.Check.isin(DOCUMENT_TYPES), nullable=True),
        "source_format": pa.Column(TEXT, pa.Check.isin(SOURCE_FORMATS), nullable=True),
        "source_uri": pa.Column(TEXT),
        "source_url": pa.Column(TEXT, nullable=True),
        "sha256": pa.Column(TEXT, pa.Check.str_matches(r"^[0-9a-f]{64}$"), nullable=True),
        "byte_size": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "page_count": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "word_count": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "block_count": pa.Column("int64", pa.Check.ge(0)),
        "table_count": pa.Column("int64", pa.Check.ge(0)),
        "claim_count": pa.Column("int64", pa.Check.ge(0)),
        "extraction_status": pa.Column(TEXT, pa.Check.isin(EXTRACTION_STATUSES)),
        "failure_reason": pa.Column(TEXT, pa.Check.isin(FAILURE_REASONS), nullable=True),
        "extraction_error": pa.Column(TEXT, nullable=True),
        "extraction_warnings": pa.Column(TEXT, nullable=True),
        "extractor_version": pa.Column(TEXT),
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
"""The defaults as they were at import; :func:`extract_document` without settings makes fresh
ones, so that environment variables set later (SOURCES_ALLOW_PRIVATE_URLS) count."""

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
    unpublished_values: pd.DataFrame = field(default_factory=empty_unpublished_frame)
    """Values that are not published as claims, with the reason (extract.claims.publish)."""
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
    if source.path is None:
        raise DocumentError("invalid_manifest_entry", "the entry names neither a file nor a URL")
    try:
        path = source.path.resolve()
    except (OSError, RuntimeError) as exc:
        raise DocumentError("missing", f"cannot resolve {source.path}: {exc}") from exc
    if source.allowed_roots is not None and not is_within(path, source.allowed_roots):
        raise DocumentError(
            "invalid_manifest_entry",
            f"{source.path} now resolves to {path}, outside the manifest's folder and the "
            "allowed roots (a symbolic link changed since the manifest was read?); not read",
        )
    content = read_regular_file(path, settings.max_file_bytes)
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
    warnings: Sequence[str] = (),
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
        "extraction_warnings": "; ".join(warnings) or None,
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": extracted_at,
    }
    return validate(DOCUMENTS_SCHEMA, pd.DataFrame([row]))


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
    claims = validate(CLAIMS_SCHEMA, pd.DataFrame(columns=list(CLAIMS_SCHEMA.columns)))
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


def _check_pdf_limits(content: bytes, settings: ExtractionSettings) -> None:
    """Refuse a PDF over the page or per-page character limit before pdfplumber parses it.

    pypdfium2 reads the page tree and counts each page's characters in C, without the layout
    analysis. A file pdfium cannot open (encrypted, damaged) is left to the reader, which says why.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(content, password=settings.pdf.password)
    except Exception:  # pdfium's errors on bad files: pdfplumber reports them properly
        return
    try:
        pages = len(document)
        if pages > settings.max_pages:
            raise DocumentError(
                "too_large",
                f"{pages:,} pages, over the limit of {settings.max_pages:,}; refused before "
                "reading",
            )
        for index in range(pages):
            page = document[index]
            try:
                textpage = page.get_textpage()
                count = textpage.count_chars()
                textpage.close()
            finally:
                page.close()
            if count > settings.max_page_chars:
                raise DocumentError(
                    "too_large",
                    f"page {index + 1} has {count:,} characters, over the limit of "
                    f"{settings.max_page_chars:,} per page; refused before reading",
                )
    except DocumentError:
        raise
    except Exception:  # a page pdfium cannot load: the reader skips or reports it
        return
    finally:
        document.close()


def _extract_loaded(
    source: SourceDocument,
    loaded: LoadedSource,
    source_format: str,
    settings: ExtractionSettings,
    extracted_at: datetime,
) -> DocumentExtraction:
    """Read loaded bytes, find claims and survey structure; failures come back as a failed row."""
    failure = {"extracted_at": extracted_at, "loaded": loaded, "source_format": source_format}
    out_of_memory = False
    try:
        if source_format == "pdf":
            _check_pdf_limits(loaded.content, settings)
        parsed = parse_content(
            loaded.content, source_format, settings, loaded.content_type, loaded.name
        )
        if parsed.page_count is not None and parsed.page_count > settings.max_pages:
            raise DocumentError(
                "too_large", f"{parsed.page_count} pages, over the limit of {settings.max_pages}"
            )
        blocks = blocks_frame(source.document_id, parsed.blocks)
        table_cells = table_cells_frame(source.document_id, parsed.blocks)
        values = extract_claim_values(blocks)
        claims = values.claims
        survey = extract_survey_structure(blocks, claims, source.document_type)
        links = links_frame(source.document_id, blocks, parsed.links)
        warnings = list(parsed.warnings)
        if source.document_type == "survey_report" and survey.surveys.empty:
            warnings.append(NO_SURVEY_WARNING)
        document = _document_row(
            source,
            extracted_at=extracted_at,
            status="partial" if warnings else "ok",
            loaded=loaded,
            source_format=source_format,
            parsed=parsed,
            claim_count=len(claims),
            table_count=int(table_cells["table_id"].nunique()),
            warnings=warnings,
        )
    except DocumentError as error:
        return _failed(source, error, **failure)
    except pa.errors.SchemaErrors as errors:
        error = DocumentError(
            "contract_violation",
            f"extracted data broke its contract ({errors.schema.name}: "
            f"{len(errors.failure_cases)} failure cases); nothing of it was written",
        )
        return _failed(source, error, contract_failures=errors.failure_cases.astype(str), **failure)
    except MemoryError:
        out_of_memory = True  # leave the except block first: its traceback holds the memory
    except Exception as exc:  # a reader bug on a strange file must not stop other documents
        error = DocumentError(
            "extractor_error", f"the extractor failed on this file: {type(exc).__name__}: {exc}"
        )
        return _failed(source, error, **failure)
    if out_of_memory:
        return _failed(source, _memory_error(settings), **failure)
    return DocumentExtraction(
        document, blocks, table_cells, claims, survey, links, values.unpublished
    )


def _memory_error(settings: ExtractionSettings) -> DocumentError:
    limit = settings.max_memory_bytes
    shown = f" of {limit / 2**20:,.0f} MiB" if limit else ""
    return DocumentError(
        "too_large", f"extracting the document needed more than the memory limit{shown}; stopped"
    )


# --------------------------------------------------------------------------------------------
# The child process: a wall-clock deadline and a memory cap per document
# --------------------------------------------------------------------------------------------

_CAN_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")


def _address_space() -> int | None:
    """This process's current virtual memory size in bytes (Linux /proc), or None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _child(work: Callable[[], DocumentExtraction], write_fd: int, memory: int | None) -> None:
    """Runs in the forked child: apply the memory cap, do the work, send the pickled result."""
    status = 70
    try:
        warnings.simplefilter("ignore")  # never write to a stream a parent thread may hold
        faulthandler.disable()  # a crash is reported by the parent, not dumped by the child
        current = _address_space()
        if memory is not None and current is not None:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = current + memory
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        try:
            payload = pickle.dumps(("done", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _run_limited(
    work: Callable[[], DocumentExtraction], settings: ExtractionSettings
) -> tuple[str, DocumentExtraction | None, str]:
    """Run ``work`` in a forked child within the settings' limits.

    Returns ("done", extraction, ""), ("slow", None, ""), ("memory", None, "") or
    ("died", None, how).
    """
    read_fd, write_fd = os.pipe()
    # The parent's objects are frozen for the fork: the child's garbage collector then never
    # walks them, so it copies fewer of their pages (about 0.1 s of CPU a document). The young
    # generations are collected first, since unfreezing puts every object in the oldest one;
    # the parent unfreezes at once, so its own cycles are still collected.
    gc.collect(1)
    gc.freeze()
    try:
        pid = os.fork()
    except OSError as exc:  # out of processes or memory: this document fails, the run goes on
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        return "died", None, f"could not be started: {exc}"
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        os.close(read_fd)
        _child(work, write_fd, settings.max_memory_bytes)
    gc.unfreeze()
    os.close(write_fd)
    deadline = None if settings.max_seconds is None else time.monotonic() + settings.max_seconds
    chunks: list[bytes] = []
    reaped = False
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while True:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    os.kill(pid, signal.SIGKILL)
                    return "slow", None, ""
                ready, _, _ = select.select([pipe], [], [], left)
                if not ready:
                    continue
                data = os.read(pipe.fileno(), 1 << 20)
                if not data:
                    break
                chunks.append(data)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # SIGCHLD ignored by the host process: judge by the pipe alone
            status = 0
        reaped = True
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            return "died", None, f"killed by {signal.Signals(number).name}"
        if os.waitstatus_to_exitcode(status) != 0 or not chunks:
            return "died", None, f"exit status {os.waitstatus_to_exitcode(status)}"
        outcome, extraction = pickle.loads(b"".join(chunks))
        return outcome, extraction, ""
    finally:
        if not reaped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _extract_within_limits(
    source: SourceDocument,
    loaded: LoadedSource,
    source_format: str,
    settings: ExtractionSettings,
    extracted_at: datetime,
) -> DocumentExtraction:
    def work() -> DocumentExtraction:
        return _extract_loaded(source, loaded, source_format, settings, extracted_at)

    if not _CAN_FORK or (settings.max_seconds is None and settings.max_memory_bytes is None):
        return work()
    _warm_up()
    outcome, extraction, how = _run_limited(work, settings)
    if outcome == "done" and extraction is not None:
        return extraction
    if outcome == "slow":
        error = DocumentError(
            "too_slow",
            f"extraction took longer than the limit of {settings.max_seconds:g} s and was stopped",
        )
    elif outcome == "memory":
        error = _memory_error(settings)
    else:
        limit = settings.max_memory_bytes
        cap = f" (its memory limit is {limit / 2**20:,.0f} MiB)" if limit else ""
        error = DocumentError(
            "extractor_error",
            f"the extraction process died ({how}){cap}; the file may be hostile or the reader "
            "failed on it",
        )
    return _failed(
        source, error, extracted_at=extracted_at, loaded=loaded, source_format=source_format
    )


_WARMED_UP = False


def _warm_up() -> None:
    """Load once in this process, before its first fork, what every forked child would
    otherwise load again for its own document and lose when it ends (about 0.5 s of CPU a
    document): the PDF reader's English word list, pypdfium2 (the limits check), pandera's
    backends and the frames of an empty extraction. Never fails: a warm-up that goes wrong is
    left to the child."""
    global _WARMED_UP
    if _WARMED_UP:
        return
    _WARMED_UP = True
    try:
        import pypdfium2  # noqa: F401 - the limits check's, loaded for the forked children

        from extract.pdf.opening import prepare_reader

        prepare_reader()
        source = SourceDocument(document_id="warm-up", path=None, url="https://example.org/")
        error = DocumentError("missing", "warm-up")
        _failed(source, error, extracted_at=datetime.now(UTC), loaded=None, source_format=None)
    except Exception:  # pragma: no cover - best effort
        return


def extract_document(
    source: SourceDocument,
    settings: ExtractionSettings | None = None,
    cache_dir: Path | None = None,
) -> DocumentExtraction:
    """Extract one document; a document that cannot be read comes back failed, never raised.

    Four kinds of failure, each kept as one failed row with a message: the manifest entry or the
    document is bad (``DocumentError``: ``invalid_manifest_entry``, ``missing``, ``too_large``,
    ``too_slow`` ...), an output broke its pandera contract (reason ``contract_violation``,
    failure cases attached), or the extractor itself failed (reason ``extractor_error``).
    Without ``settings``, fresh :class:`ExtractionSettings` are made (reading the environment).
    """
    if settings is None:
        settings = ExtractionSettings()
    extracted_at = datetime.now(UTC)
    loaded: LoadedSource | None = None
    source_format: str | None = None
    failure = {"extracted_at": extracted_at}
    if source.problem:
        error = DocumentError("invalid_manifest_entry", source.problem)
        return _failed(source, error, loaded=None, source_format=None, **failure)
    try:
        loaded = load_source(source, settings, cache_dir)
        if not loaded.content:
            raise DocumentError("empty", f"the file is empty (0 bytes): {loaded.name}")
        source_format = detect_format(loaded.content, loaded.name, loaded.content_type)
        if source_format == "html" and len(loaded.content) > settings.max_html_bytes:
            raise DocumentError(
                "too_large",
                f"the page is {len(loaded.content):,} bytes, over the HTML limit of "
                f"{settings.max_html_bytes:,} bytes; refused before parsing",
            )
    except DocumentError as error:
        return _failed(source, error, loaded=loaded, source_format=source_format, **failure)
    except Exception as exc:  # a loader bug on a strange file must not stop other documents
        error = DocumentError(
            "extractor_error", f"the extractor failed on this file: {type(exc).__name__}: {exc}"
        )
        return _failed(source, error, loaded=loaded, source_format=source_format, **failure)
    return _extract_within_limits(source, loaded, source_format, settings, extracted_at)
