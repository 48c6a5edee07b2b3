"""The dbt project as Dagster sees it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from pipeline.lib.paths import DBT_PROJECT_DIR, warehouse_paths

DUCKDB_PATH_ENV = "DBT_DUCKDB_PATH"
# One profile everywhere: `make prepare` parses with this same value (python -m pipeline.lib.dbt),
# and dbt re-parses from scratch when a profile value changes.
os.environ.setdefault(DUCKDB_PATH_ENV, str(warehouse_paths().work))

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt on load; `make` targets run `dbt parse` first.
dbt_project.prepare_if_dev()


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's virtualenv), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def dbt_threads() -> int:
    """dbt threads: one per core unless DBT_THREADS says otherwise."""
    return int(os.environ.get("DBT_THREADS") or os.cpu_count() or 1)


if __name__ == "__main__":
    # `make prepare`: print the working database path dbt's profile gets from the pipeline.
    print(os.environ[DUCKDB_PATH_ENV])
