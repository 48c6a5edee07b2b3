"""Where things live, from environment variables with project-relative defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DEFAULT_MANIFEST = PROJECT_ROOT / "sources" / "sources.yaml"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "warehouse.duckdb"


@dataclass(frozen=True)
class WarehousePaths:
    """The published warehouse file and what is built beside it.

    dbt builds in a working copy whose file name equals the published one, because DuckDB views
    name their database (the file's stem) and must still resolve once the file is published.
    """

    published: Path

    @property
    def directory(self) -> Path:
        return self.published.parent

    @property
    def work(self) -> Path:
        return self.directory / ".work" / self.published.name

    @property
    def parquet_dir(self) -> Path:
        return self.directory / "parquet"

    @property
    def data_docs_dir(self) -> Path:
        return self.directory / "data_docs"

    @property
    def store_uri(self) -> str:
        """The extraction store: ``EXTRACTION_STORE`` (a path or a URI), else ``.store`` here."""
        return os.environ.get("EXTRACTION_STORE") or str(self.directory / ".store")

    @property
    def state_dir(self) -> Path:
        """What the last validation and build saw (fingerprints), beside the working database."""
        return self.work.parent

    @property
    def fetch_cache_dir(self) -> Path:
        return self.directory / ".cache" / "fetched"


def manifest_path() -> Path:
    return Path(os.environ.get("SOURCES_MANIFEST") or DEFAULT_MANIFEST).resolve()


def warehouse_paths() -> WarehousePaths:
    return WarehousePaths(Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE).resolve())
