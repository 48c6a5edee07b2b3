"""The extraction store: each document's extracted frames as Parquet, keyed by content and version.

Layout (``EXTRACTION_STORE``, default ``<warehouse dir>/.store``; a local path or any URI that
``pyarrow.fs.FileSystem.from_uri`` accepts, e.g. ``s3://bucket/prefix``)::

    <store>/<document_id>/<sha256>-<extractor_version>/<table>.parquet   (tables with rows)
    <store>/<document_id>/<sha256>-<extractor_version>/_entry.json       (written last)

An entry is complete when its ``_entry.json`` exists: the marker is written after every table
file, through a temporary name and a rename on local disks (a single PUT on object storage, which
is atomic too). A document is unchanged when the entry for its current content hash and the
current extractor version is complete, so deciding what to extract needs neither DuckDB nor
Dagster. Extraction writes here and never opens DuckDB; loading entries into the ``raw`` tables
is a separate short step (``pipeline.lib.warehouse.load_entries``).

A document whose content is unknown before extraction (a URL, a missing or unreadable file) has
no hash to look up: it is always extracted, and stored under ``unread-<extractor_version>`` when
the extraction found no content to hash.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from extract import EXTRACTOR_VERSION, SourceDocument
from pipeline.lib.raw_tables import RAW_TABLES
from pipeline.lib.refresh import file_sha256
from pipeline.lib.warehouse import sql_type

ENTRY_MARKER = "_entry.json"

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
}


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet schema of a raw table, from its pandera schema (the same types DuckDB gets)."""
    columns = RAW_TABLES[table].schema.columns
    return pa.schema([(name, _ARROW_TYPES[sql_type(c.dtype)]) for name, c in columns.items()])


def entry_key(sha256: str | None, extractor_version: str = EXTRACTOR_VERSION) -> str:
    return f"{sha256 or 'unread'}-{extractor_version}"


@dataclass(frozen=True)
class StoreEntry:
    """One complete extraction of one document version, as its marker describes it."""

    document_id: str
    key: str
    directory: str
    """Path of the entry's folder on the store's filesystem."""
    sha256: str | None
    extractor_version: str
    extracted_at: str
    status: str
    error: str | None
    rows: Mapping[str, int]
    """Rows per raw table (tables with no rows have no file)."""

    def table_path(self, table: str) -> str:
        return f"{self.directory}/{table}.parquet"

    def to_json(self) -> dict:
        return {
            "document_id": self.document_id,
            "key": self.key,
            "directory": self.directory,
            "sha256": self.sha256,
            "extractor_version": self.extractor_version,
            "extracted_at": self.extracted_at,
            "status": self.status,
            "error": self.error,
            "rows": dict(self.rows),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> StoreEntry:
        return cls(**{**data, "rows": dict(data["rows"])})


class ExtractionStore:
    """Per-document Parquet files on a local disk or object storage (``pyarrow.fs``)."""

    def __init__(self, uri: str | os.PathLike):
        uri = str(uri)
        if "://" not in uri:
            uri = str(Path(uri).resolve())
        self.uri = uri
        self.fs, self.root = pafs.FileSystem.from_uri(uri)
        self._local = isinstance(self.fs, pafs.LocalFileSystem)

    def __repr__(self) -> str:
        return f"ExtractionStore({self.uri!r})"

    @property
    def is_local(self) -> bool:
        return self._local

    def _document_dir(self, document_id: str) -> str:
        return f"{self.root}/{document_id}"

    def entry(self, document_id: str, key: str) -> StoreEntry | None:
        """The complete entry ``key`` of a document, or None."""
        directory = f"{self._document_dir(document_id)}/{key}"
        try:
            with self.fs.open_input_stream(f"{directory}/{ENTRY_MARKER}") as handle:
                data = json.loads(handle.read())
        except (FileNotFoundError, OSError):
            return None
        # Where the entry is now, not where it was written (a store copied or moved elsewhere).
        return StoreEntry.from_json({**data, "directory": directory})

    def current_entry(self, source: SourceDocument) -> StoreEntry | None:
        """The complete entry for the document's current content and extractor version.

        None when there is none, and for documents whose content is only known by extracting
        them (URLs, missing or unreadable files): those are always extracted again. An invalid
        manifest entry is current when the store holds its failure with the same problem: it
        is not extracted again until the entry (or the extractor version) changes.
        """
        if source.problem:
            entry = self.entry(source.document_id, entry_key(None))
            if entry and entry.status == "failed" and entry.error == source.problem:
                return entry
            return None
        if source.path is None:
            return None
        sha256 = file_sha256(source.path)
        if sha256 is None:
            return None
        return self.entry(source.document_id, entry_key(sha256))

    def only_entry(self, document_id: str) -> StoreEntry | None:
        """The document's complete entry whatever its key (the store keeps one per document)."""
        selector = pafs.FileSelector(self._document_dir(document_id), allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            if info.type == pafs.FileType.Directory:
                entry = self.entry(document_id, info.base_name)
                if entry is not None:
                    return entry
        return None

    def write(self, document_id: str, frames: Mapping[str, pd.DataFrame]) -> StoreEntry:
        """Write one extraction; the marker goes last, then older entries of the document go."""
        document = frames["documents"]
        sha256 = document["sha256"].iloc[0]
        sha256 = None if pd.isna(sha256) else str(sha256)
        key = entry_key(sha256, str(document["extractor_version"].iloc[0]))
        directory = f"{self._document_dir(document_id)}/{key}"
        error = document["extraction_error"].iloc[0]
        error = None if pd.isna(error) else str(error)
        status = str(document["extraction_status"].iloc[0])
        if sha256 is None:
            # Retried because its content was unknown (a missing file): the same failure again
            # keeps the entry it has, so the raw tables and everything after them stay as they are.
            previous = self.entry(document_id, key)
            if previous is not None and (previous.status, previous.error) == (status, error):
                return previous
        self.fs.create_dir(directory, recursive=True)
        # A rewrite of the same key (a forced re-extraction) first makes the entry incomplete.
        self._delete_file(f"{directory}/{ENTRY_MARKER}")
        rows = {}
        for table, frame in frames.items():
            rows[table] = len(frame)
            path = f"{directory}/{table}.parquet"
            if not len(frame):
                self._delete_file(path)
                continue
            data = pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)
            self._atomic_write(path, lambda handle, data=data: pq.write_table(data, handle))
        extracted_at = pd.Timestamp(document["extracted_at"].iloc[0]).isoformat()
        entry = StoreEntry(
            document_id=document_id,
            key=key,
            directory=directory,
            sha256=sha256,
            extractor_version=str(document["extractor_version"].iloc[0]),
            extracted_at=extracted_at,
            status=status,
            error=error,
            rows=rows,
        )
        payload = json.dumps(entry.to_json(), indent=1).encode()
        self._atomic_write(f"{directory}/{ENTRY_MARKER}", lambda handle: handle.write(payload))
        self._prune(document_id, keep=key)
        return entry

    def _atomic_write(self, path: str, write: Callable[[Any], object]) -> None:
        """Write ``path`` so that readers see the whole file or none of it."""
        target = f"{path}.{uuid.uuid4().hex[:8]}.tmp" if self._local else path
        with self.fs.open_output_stream(target) as handle:
            write(handle)
        if target != path:
            self.fs.move(target, path)

    def _delete_file(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError, OSError):
            self.fs.delete_file(path)

    def _prune(self, document_id: str, keep: str) -> None:
        """Remove the document's other entries: the store holds its current version only."""
        selector = pafs.FileSelector(self._document_dir(document_id), allow_not_found=True)
        for info in self.fs.get_file_info(selector):
            if info.type == pafs.FileType.Directory and info.base_name != keep:
                self.fs.delete_dir(info.path)

    def remove_incomplete(self, *, older_than: float) -> list[str]:
        """Remove what interrupted writes left, if last modified before ``older_than`` (a POSIX
        timestamp): entries without their marker, temporary files inside complete entries, and
        document folders left empty. Returns the paths removed. Call it only when no run is
        writing to the store (``pipeline.lib.recovery``)."""
        removed: list[str] = []

        def old(*infos: pafs.FileInfo) -> bool:
            times = [info.mtime.timestamp() for info in infos if info.mtime is not None]
            return not times or max(times) < older_than

        def listing(path: str) -> list[pafs.FileInfo]:
            return self.fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))

        for document in listing(self.root):
            if document.type != pafs.FileType.Directory:
                continue
            entries = listing(document.path)
            kept = 0
            for entry in entries:
                if entry.type != pafs.FileType.Directory:
                    kept += 1
                    continue
                files = listing(entry.path)
                if not any(info.base_name == ENTRY_MARKER for info in files):
                    if old(entry, *files):
                        self.fs.delete_dir(entry.path)
                        removed.append(entry.path)
                        continue
                else:
                    for info in files:
                        if info.base_name.endswith(".tmp") and old(info):
                            self._delete_file(info.path)
                            removed.append(info.path)
                kept += 1
            if not kept and old(document):
                with contextlib.suppress(FileNotFoundError, OSError):
                    self.fs.delete_dir(document.path)
                    removed.append(document.path)
        return removed

    def delete_document(self, document_id: str) -> None:
        with contextlib.suppress(FileNotFoundError, OSError):
            self.fs.delete_dir(self._document_dir(document_id))

    def read_table(self, entry: StoreEntry, table: str) -> pa.Table:
        if not entry.rows.get(table):
            return arrow_schema(table).empty_table()
        return pq.read_table(entry.table_path(table), filesystem=self.fs)
