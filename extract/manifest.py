"""The sources manifest: which documents to ingest, where they are, and what they are.

A manifest is a YAML file with a ``documents`` list. Each entry has an ``id`` (a slug), either a
``file`` (relative to the manifest) or a ``url``, and metadata: ``title``, ``publisher``,
``authors``, ``published_on`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``document_type``
(``survey_report`` or ``article``). Other keys are kept as extra metadata; of these,
``original_url`` or ``source_url`` says where a local file is published (its ``source_url``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DOCUMENT_TYPES = ("survey_report", "article")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
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

    @property
    def source_uri(self) -> str:
        return self.url if self.url else str(self.path)

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

    def get(self, document_id: str) -> SourceDocument:
        for document in self.documents:
            if document.document_id == document_id:
                return document
        raise KeyError(f"document {document_id!r} is not in the manifest {self.path}")

    @property
    def document_ids(self) -> list[str]:
        return [document.document_id for document in self.documents]


def _entry(raw: Any, base: Path, position: int) -> SourceDocument:
    where = f"entry {position + 1}"
    if not isinstance(raw, Mapping):
        raise ManifestError(f"{where}: expected a mapping, got {type(raw).__name__}")
    document_id = str(raw.get("id") or "")
    if not _ID_RE.match(document_id):
        raise ManifestError(f"{where}: 'id' must be a lower-case slug, got {document_id!r}")
    where = f"document {document_id!r}"
    file, url = raw.get("file"), raw.get("url")
    if bool(file) == bool(url):
        raise ManifestError(f"{where}: give exactly one of 'file' or 'url'")
    if url and not str(url).startswith(("http://", "https://")):
        raise ManifestError(f"{where}: 'url' must be http(s), got {url!r}")
    published_on = raw.get("published_on")
    published_on = None if published_on is None else str(published_on)
    if published_on is not None and not _DATE_RE.match(published_on):
        raise ManifestError(f"{where}: 'published_on' must be YYYY, YYYY-MM or YYYY-MM-DD")
    document_type = raw.get("document_type")
    if document_type is not None and document_type not in DOCUMENT_TYPES:
        raise ManifestError(f"{where}: 'document_type' must be one of {DOCUMENT_TYPES}")
    authors = raw.get("authors") or ()
    if isinstance(authors, str):
        authors = (authors,)
    return SourceDocument(
        document_id=document_id,
        path=(base / str(file)).resolve() if file else None,
        url=str(url) if url else None,
        title=raw.get("title"),
        publisher=raw.get("publisher"),
        authors=tuple(str(author) for author in authors),
        published_on=published_on,
        document_type=document_type,
        extra={k: str(v) for k, v in raw.items() if k not in _KNOWN_KEYS},
    )


def load_manifest(path: Path) -> Manifest:
    """Read and check a manifest. Raises ManifestError with the entry at fault."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(f"manifest not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise ManifestError(f"manifest {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("documents"), list):
        raise ManifestError(f"manifest {path} must have a 'documents' list")
    documents = tuple(
        _entry(raw, path.parent, position) for position, raw in enumerate(data["documents"])
    )
    seen: set[str] = set()
    for document in documents:
        if document.document_id in seen:
            raise ManifestError(f"document id {document.document_id!r} appears twice in {path}")
        seen.add(document.document_id)
    return Manifest(path=path.resolve(), documents=documents)
