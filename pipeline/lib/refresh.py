"""What a refresh must do: which documents are new, changed, unchanged or gone.

A document is unchanged when the extraction store holds a complete entry for its current
content hash and the current extractor version (see ``pipeline.lib.store``): deciding needs
neither DuckDB nor Dagster. An unchanged document whose entry is not what the ``raw`` tables
hold (the working database was deleted, or a run stopped before its load step) is loaded again
without being extracted again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from extract import Manifest
from extract.files import regular_file_sha256
from pipeline.lib.warehouse import read_table

if TYPE_CHECKING:
    from pipeline.lib.store import ExtractionStore, StoreEntry


def file_sha256(path: Path) -> str | None:
    """The content hash of a local regular file, or None if it cannot be read or is not a regular
    file (a FIFO or device is never opened for a blocking read; extraction will say why)."""
    return regular_file_sha256(path)


@dataclass(frozen=True)
class RefreshPlan:
    to_extract: tuple[str, ...]
    """New or changed documents (and URLs and unreadable files, always retried)."""
    unchanged: tuple[str, ...]
    """Documents whose current version is in the store: not extracted again."""
    to_load: tuple[str, ...]
    """Unchanged documents whose store entry is not what the raw tables hold."""
    removed: tuple[str, ...]
    """Documents in the raw tables that left the manifest."""
    entries: dict[str, StoreEntry] = field(default_factory=dict, compare=False)
    """The store entries of the unchanged documents."""

    @property
    def to_run(self) -> tuple[str, ...]:
        """Documents the extraction run must touch (extract, or only load)."""
        return self.to_extract + self.to_load


def loaded_versions(work_db: Path) -> dict[str, tuple[str | None, str, pd.Timestamp]]:
    """What the raw tables hold per document: (sha256, extractor version, extracted_at)."""
    documents = read_table(work_db, "raw", "documents")
    if documents.empty:
        return {}
    return {
        row.document_id: (
            None if pd.isna(row.sha256) else row.sha256,
            row.extractor_version,
            pd.Timestamp(row.extracted_at),
        )
        for row in documents.itertuples()
    }


def is_loaded(entry: StoreEntry, loaded: tuple | None) -> bool:
    return loaded is not None and loaded == (
        entry.sha256,
        entry.extractor_version,
        pd.Timestamp(entry.extracted_at),
    )


def plan_refresh(
    manifest: Manifest, store: ExtractionStore, work_db: Path, *, force: bool = False
) -> RefreshPlan:
    loaded = loaded_versions(work_db)
    to_extract, unchanged, to_load = [], [], []
    entries: dict[str, StoreEntry] = {}
    for source in manifest.documents:
        entry = None if force else store.current_entry(source)
        if entry is None:
            to_extract.append(source.document_id)
            continue
        unchanged.append(source.document_id)
        entries[source.document_id] = entry
        if not is_loaded(entry, loaded.get(source.document_id)):
            to_load.append(source.document_id)
    removed = sorted(set(loaded) - set(manifest.document_ids))
    return RefreshPlan(tuple(to_extract), tuple(unchanged), tuple(to_load), tuple(removed), entries)
