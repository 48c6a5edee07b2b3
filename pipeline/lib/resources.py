"""The resources the definitions share, declared once in ``pipeline.defs.resources``."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.lib.paths import WarehousePaths, manifest_path, warehouse_paths

DUCKDB_POOL = "duckdb"
"""Every step that opens the DuckDB files runs in this pool; its limit is 1 (one writer)."""


class WarehouseResource(dg.ConfigurableResource):
    """The published warehouse file; dbt builds in a working copy beside it."""

    published_path: str

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(Path(self.published_path).resolve())


class SourcesResource(dg.ConfigurableResource):
    """The sources manifest to ingest."""

    manifest_path: str


def warehouse_resources() -> dict[str, dg.ConfigurableResource]:
    """The warehouse and the sources manifest, as the environment names them: every job's
    resources but dbt's."""
    return {
        "warehouse": WarehouseResource(published_path=str(warehouse_paths().published)),
        "sources": SourcesResource(manifest_path=str(manifest_path())),
    }
