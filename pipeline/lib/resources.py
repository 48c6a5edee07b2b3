"""The resources the definitions share, declared once in ``pipeline.defs.resources``."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.lib.paths import WarehousePaths

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
