"""The sources manifest: which documents to ingest, where they are, and what they are.

A manifest is a YAML file with a ``documents`` list. Each entry has an ``id`` (a slug), either a
``file`` (relative to the manifest) or a ``url``, and metadata: ``title``, ``publisher``,
``authors``, ``published_on`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``document_type``
(``survey_report`` or ``article``). Other keys are kept as extra metadata when they hold a short
scalar (text, number, date, boolean); anything else is dropped with a warning. Of these,
``original_url`` or ``source_url`` says where a local file is published (its ``source_url``).

A manifest that cannot be used at all (missing, not a regular file, over
:data:`MAX_MANIFEST_BYTES`, not YAML, aliases expanding past :data:`MAX_EXPANDED_NODES` nodes or
recursive, no ``documents`` list) raises :class:`ManifestError`. One bad entry does not: it
becomes a :class:`SourceDocument` whose ``problem`` says what is wrong, which
:func:`extract.documents.extract_document` returns as one failed row (reason
``invalid_manifest_entry``), so the other documents still go through. An invalid entry keeps its
``id`` when that is a usable slug not taken by an earlier entry; otherwise (no id, a malformed id,
a duplicate, a reserved id) it is named ``manifest-entry-<n>``, ``n`` being its 1-based position
in the list. Ids of that form are reserved for this. A duplicated id is kept by its first entry.

Files must resolve inside the manifest's folder or an allowed root (see :mod:`extract.files`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.errors import DocumentError
from extract.files import allowed_roots_from_env, confined_path, read_regular_file

DOCUMENT_TYPES = ("survey_report", "article")
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_EXPANDED_NODES = 1_000_000
"""A manifest's YAML, with every alias expanded, may hold at most this many nodes."""
MAX_EXTRA_CHARS = 500
"""Extra (unknown) keys keep scalar values up to this many characters."""
_MAX_SHOWN = 80
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_RESERVED_ID_RE = re.compile(r"^manifest-entry-\d+$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_KNOWN_KEYS = {
    "id",
    "file",
    "url",
    "title",
    "publisher",
    "authors",
    "published_on",
    "document_type",
}
_SCALARS = (str, int, float, bool, dt.date)

log = logging.getLogger(__name__)


# Keys of a file's entry that say where the file is published.
SOURCE_URL_KEYS = ("original_url", "source_url")


class ManifestError(ValueError):
    """The manifest itself is unusable (as opposed to one of the documents it lists)."""


@dataclass(frozen=True)
class SourceDocument:
    """One manifest entry."""

    document_id: str
    path: Path | None
    url: str | None
    title: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    published_on: str | None = None
    document_type: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    problem: str | None = None
    """Why the manifest entry is invalid (None for a valid entry); such a document fails alone."""
    entry: int | None = None
    """1-based position of the entry in the manifest's documents list."""
    allowed_roots: tuple[Path, ...] | None = None
    """The folders ``path`` was confined to; checked again when the file is opened."""

    @property
    def source_uri(self) -> str:
        if self.url:
            return self.url
        if self.path is not None:
            return str(self.path)
        return f"manifest entry {self.entry}" if self.entry else "manifest entry"

    @property
    def source_url(self) -> str | None:
        """Where the document is published: its ``url``, or for a local file the
        ``original_url`` / ``source_url`` its entry gives (http(s) only)."""
        if self.url:
            return self.url
        for key in SOURCE_URL_KEYS:
            value = str(self.extra.get(key) or "").strip()
            if value.startswith(("http://", "https://")):
                return value
        return None


@dataclass(frozen=True)
class Manifest:
    path: Path
    documents: tuple[SourceDocument, ...]
    warnings: tuple[str, ...] = ()

    def get(self, document_id: str) -> SourceDocument:
        for document in self.documents:
            if document.document_id == document_id:
                return document
        raise KeyError(f"document {document_id!r} is not in the manifest {self.path}")

    @property
    def document_ids(self) -> list[str]:
        return [document.document_id for document in self.documents]

    @property
    def invalid(self) -> tuple[SourceDocument, ...]:
        return tuple(document for document in self.documents if document.problem)


# --------------------------------------------------------------------------------------------
# YAML with bounded alias expansion
# --------------------------------------------------------------------------------------------


def _expanded_size(root: yaml.Node) -> int:
    """Nodes in the document with every alias expanded (aliases share node objects); a recursive
    alias or a total over MAX_EXPANDED_NODES raises ManifestError. Linear in distinct nodes."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1
            for child in _children(node):
                total += sizes[id(child)]
                if total > MAX_EXPANDED_NODES:
                    raise ManifestError(
                        f"its aliases expand to over {MAX_EXPANDED_NODES:,} YAML nodes "
                        "(an alias bomb?); refused"
                    )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise ManifestError("it holds a recursive alias (a node that contains itself)")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> Iterable[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return ()


def _parse_yaml(text: str) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


# --------------------------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A short, safe rendering of a manifest value for a message (never str() of a container)."""
    if isinstance(value, _SCALARS) or value is None:
        text = repr(value if not isinstance(value, dt.date) else value.isoformat())
        return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
    return f"a {type(value).__name__}"


def _text(raw: Mapping[Any, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, _SCALARS):
        raise ValueError(f"{key!r} must be text, got {_shown(value)}")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class _Entries:
    """Turns raw entries into SourceDocuments, keeping each invalid one as a failing document."""

    def __init__(self, manifest_name: str, base: Path, roots: Sequence[Path]) -> None:
        self.manifest_name = manifest_name
        self.base = base
        self.roots = tuple(roots)
        self.seen: set[str] = set()
        self.warnings: list[str] = []

    def read(self, raw: Any, position: int) -> SourceDocument:
        entry = position + 1
        claimed = raw.get("id") if isinstance(raw, Mapping) else None
        usable_id = (
            claimed
            if isinstance(claimed, str)
            and _ID_RE.match(claimed)
            and not _RESERVED_ID_RE.match(claimed)
            and claimed not in self.seen
            else None
        )
        try:
            document = self._valid(raw, entry)
        except ValueError as exc:
            problem = str(exc)
        else:
            self.seen.add(document.document_id)
            return document
        synthetic = f"manifest-entry-{entry}"
        document_id = usable_id or synthetic
        self.seen.add(document_id)
        named = f"entry {entry}" + (f" (id {_shown(claimed)})" if claimed is not None else "")
        message = f"manifest {self.manifest_name}, {named}: {problem}"
        log.warning("%s", message)
        return SourceDocument(
            document_id=document_id, path=None, url=None, problem=message, entry=entry
        )

    def _valid(self, raw: Any, entry: int) -> SourceDocument:
        if not isinstance(raw, Mapping):
            raise ValueError(f"expected a mapping, got {type(raw).__name__}")
        document_id = raw.get("id")
        if not isinstance(document_id, str) or not _ID_RE.match(document_id):
            raise ValueError(f"'id' must be a lower-case slug, got {_shown(document_id)}")
        if _RESERVED_ID_RE.match(document_id):
            raise ValueError(
                f"ids of the form manifest-entry-<n> are reserved for invalid entries; "
                f"got {document_id!r}"
            )
        if document_id in self.seen:
            raise ValueError(f"document id {document_id!r} appears twice (the first is kept)")
        file, url = raw.get("file"), raw.get("url")
        if bool(file) == bool(url):
            raise ValueError("give exactly one of 'file' or 'url'")
        if file and not isinstance(file, str):
            raise ValueError(f"'file' must be a path, got {_shown(file)}")
        if url and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            raise ValueError(f"'url' must be http(s), got {_shown(url)}")
        published_on = raw.get("published_on")
        if published_on is not None:
            given = published_on
            if isinstance(given, dt.datetime):
                published_on = str(given)
            elif isinstance(given, dt.date):
                published_on = given.isoformat()
            elif isinstance(given, str | int) and not isinstance(given, bool):
                published_on = str(given)
            else:
                published_on = ""
            if not _DATE_RE.match(published_on):
                raise ValueError(
                    f"'published_on' must be YYYY, YYYY-MM or YYYY-MM-DD, got {_shown(given)}"
                )
        document_type = raw.get("document_type")
        if document_type is not None and document_type not in DOCUMENT_TYPES:
            raise ValueError(
                f"'document_type' must be one of {DOCUMENT_TYPES}, got {_shown(document_type)}"
            )
        authors = raw.get("authors") or ()
        if isinstance(authors, str):
            authors = (authors,)
        if not isinstance(authors, list | tuple) or not all(
            isinstance(author, str) for author in authors
        ):
            raise ValueError("'authors' must be a name or a list of names")
        path = confined_path(file, self.base, self.roots) if file else None
        return SourceDocument(
            document_id=document_id,
            path=path,
            url=url or None,
            title=_text(raw, "title"),
            publisher=_text(raw, "publisher"),
            authors=tuple(authors),
            published_on=published_on,
            document_type=document_type,
            extra=self._extra(raw, document_id),
            entry=entry,
            allowed_roots=self.roots if path is not None else None,
        )

    def _extra(self, raw: Mapping[Any, Any], document_id: str) -> dict[str, str]:
        extra: dict[str, str] = {}
        for key, value in raw.items():
            if key in _KNOWN_KEYS:
                continue
            if not isinstance(key, str) or len(key) > _MAX_SHOWN:
                self.warnings.append(f"{document_id}: a key that is not a short name was dropped")
                continue
            if value is None or (isinstance(value, _SCALARS) and not isinstance(value, bool)):
                text = "" if value is None else str(value)
            elif isinstance(value, bool):
                text = str(value).lower()
            else:
                self.warnings.append(
                    f"{document_id}: extra key {key!r} holds a {type(value).__name__}, "
                    "not a scalar; dropped"
                )
                continue
            if len(text) > MAX_EXTRA_CHARS:
                self.warnings.append(
                    f"{document_id}: extra key {key!r} is over {MAX_EXTRA_CHARS} characters; "
                    "dropped"
                )
                continue
            extra[key] = text
        return extra


def load_manifest(path: Path, allowed_roots: Sequence[Path] | None = None) -> Manifest:
    """Read and check a manifest (see the module docstring).

    ``allowed_roots`` are folders besides the manifest's own where files may be; None reads them
    from ``SOURCES_ALLOWED_ROOTS``. Raises ManifestError only when the manifest as a whole is
    unusable; an invalid entry comes back as a document with a ``problem``.
    """
    path = Path(path)
    try:
        data_bytes = read_regular_file(path, MAX_MANIFEST_BYTES)
    except DocumentError as exc:
        if exc.reason == "missing":
            raise ManifestError(f"manifest not found: {path}") from exc
        raise ManifestError(f"manifest {path} cannot be read: {exc.message}") from exc
    try:
        data = _parse_yaml(data_bytes.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ManifestError(f"manifest {path} is not UTF-8 text: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ManifestError(f"manifest {path} is not valid YAML: {exc}") from exc
    except ManifestError as exc:
        raise ManifestError(f"manifest {path}: {exc}") from exc
    except RecursionError as exc:
        raise ManifestError(f"manifest {path} is nested too deeply to be read") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("documents"), list):
        raise ManifestError(f"manifest {path} must have a 'documents' list")
    resolved = path.resolve()
    if allowed_roots is None:
        allowed_roots = allowed_roots_from_env()
    # Entries are relative to the folder the manifest was named in (as before); that folder is
    # the manifest's own root.
    folder = path.absolute().parent
    roots = (folder.resolve(), *(Path(root).expanduser().resolve() for root in allowed_roots))
    entries = _Entries(resolved.name, folder, roots)
    documents = tuple(entries.read(raw, position) for position, raw in enumerate(data["documents"]))
    for warning in entries.warnings:
        log.warning("manifest %s: %s", resolved.name, warning)
    return Manifest(path=resolved, documents=documents, warnings=tuple(entries.warnings))
