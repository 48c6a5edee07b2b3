"""What a refresh must do: which documents are new, changed, unchanged or gone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract import EXTRACTOR_VERSION, Manifest, SourceDocument
from extract.files import regular_file_sha256
from pipeline.lib.warehouse import Fingerprint, stored_fingerprints


def file_sha256(path: Path) -> str | None:
    """The content hash of a local regular file, or None if it cannot be read or is not a regular
    file (a FIFO or device is never opened for a blocking read; extraction will say why)."""
    return regular_file_sha256(path)


def is_unchanged(source: SourceDocument, stored: Fingerprint | None) -> bool:
    """Same content and same extractor version as the last extraction.

    URLs are always re-fetched (their content is only known after fetching); a missing file is
    retried so that its error stays current.
    """
    if stored is None or source.path is None:
        return False
    if stored.extractor_version != EXTRACTOR_VERSION:
        return False
    current = file_sha256(source.path)
    return current is not None and current == stored.sha256


@dataclass(frozen=True)
class RefreshPlan:
    to_extract: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]

    def run_key(self, manifest: Manifest, document_id: str) -> str:
        source = manifest.get(document_id)
        content = file_sha256(source.path) if source.path else source.url
        return f"{document_id}:{content}:{EXTRACTOR_VERSION}"


def plan_refresh(manifest: Manifest, work_db: Path) -> RefreshPlan:
    stored = stored_fingerprints(work_db)
    to_extract, unchanged = [], []
    for source in manifest.documents:
        if is_unchanged(source, stored.get(source.document_id)):
            unchanged.append(source.document_id)
        else:
            to_extract.append(source.document_id)
    removed = sorted(set(stored) - set(manifest.document_ids))
    return RefreshPlan(tuple(to_extract), tuple(unchanged), tuple(removed))
