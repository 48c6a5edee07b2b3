"""What the last successful validation and build saw, so that a refresh redoes only what changed.

Two small JSON files beside the working database (``warehouse/.work/``):

- ``validated.json``: per Great Expectations suite, the fingerprint of what it last validated
  (the suite file and the content of its table, or of its schema for a suite with a query) and
  whether it passed. A suite whose fingerprint is unchanged since a pass is not run again, and its
  Data Docs page is not rebuilt.
- ``built.json``: written by publication, the fingerprints of the ``raw`` tables dbt built from,
  the dbt project's checksum (every node's) and the published file's size and mtime. A refresh
  runs dbt only for the models downstream of raw tables whose fingerprint changed, and nothing at
  all when no raw table changed, the dbt project is the same and the published file is the one
  it wrote.

Table fingerprints come from ``pipeline.lib.warehouse.table_fingerprints`` (row count and the
sum of row hashes), so a row changed by hand counts as a change too.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

VALIDATED_FILE = "validated.json"
BUILT_FILE = "built.json"


def read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write through a temporary file and a rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staged.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(staged, path)


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def dbt_project_checksum(manifest_path: Path) -> str:
    """Every node's checksum and config: changes when a model, test or seed changes."""
    manifest = read_json(manifest_path)
    nodes = {
        unique_id: [node.get("checksum"), node.get("config"), node.get("raw_code")]
        for unique_id, node in {
            **manifest.get("nodes", {}),
            **manifest.get("sources", {}),
            **manifest.get("unit_tests", {}),
        }.items()
    }
    return digest(nodes)


def file_signature(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def update_json(path: Path, key: str, value: Any) -> None:
    """Set one key of a JSON state file, with a lock (checks in parallel runs share the file)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = read_json(path)
            data[key] = value
            write_json(path, data)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
