"""Shared fixtures: paths, and one warehouse built end to end by the run command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SOURCES = PROJECT_ROOT / "sources"
# The development corpus sits beside the project (../shared); a git worktree is one level deeper.
CORPUS_DEV_MANIFEST = next(
    (
        parent / "shared" / "corpus-dev" / "sources.yaml"
        for parent in PROJECT_ROOT.parents[:3]
        if (parent / "shared" / "corpus-dev" / "sources.yaml").is_file()
    ),
    None,
)


@dataclass(frozen=True)
class BuiltWarehouse:
    root: Path
    manifest: Path
    published: Path
    env: dict[str, str]
    first_run: subprocess.CompletedProcess

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return run_pipeline(self.env, *args)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as connection:
            return connection.execute(sql).fetchall()


def pipeline_env(root: Path, manifest: Path) -> dict[str, str]:
    dagster_home = root / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    return {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "SOURCES_MANIFEST": str(manifest),
        # bundled_entries() name the bundled corpus by absolute path, outside the manifest's folder
        "SOURCES_ALLOWED_ROOTS": str(SOURCES),
        "WAREHOUSE_PATH": str(root / "warehouse" / "warehouse.duckdb"),
        "PYTHONPATH": str(PROJECT_ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }


def run_pipeline(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The run command (`make run` minus set-up), as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.run", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def write_manifest(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"documents": entries}, sort_keys=False), encoding="utf-8")
    return path


def bundled_entries() -> list[dict]:
    """The default manifest's entries with absolute file paths."""
    data = yaml.safe_load((SOURCES / "sources.yaml").read_text(encoding="utf-8"))
    entries = []
    for entry in data["documents"]:
        entry = dict(entry)
        entry["file"] = str((SOURCES / entry["file"]).resolve())
        entries.append(entry)
    return entries


PDF_FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "pdfs"
# Real-world PDFs added to the bundled corpus: one good report and every kind of bad file.
REAL_WORLD_PDFS = {
    "fake-pdf": "not-a-pdf.pdf",
    "encrypted-pdf": "password-example.pdf",
    "truncated-pdf": "truncated.pdf",
    "empty-pdf": "empty.pdf",
    "scanned-pdf": "issue-203-decimalize.pdf",
    "pageless-pdf": "issue-297-example.pdf",
    "nics-report": "nics-background-checks-2015-11.pdf",
}


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The bundled corpus, real-world PDFs (one good, six bad) and a missing file."""
    root = tmp_path_factory.mktemp("built")
    extra = [{"id": "missing-report", "file": "does-not-exist.pdf", "title": "Missing"}]
    for document_id, name in REAL_WORLD_PDFS.items():
        shutil.copy(PDF_FIXTURES / name, root / name)
        extra.append({"id": document_id, "file": str(root / name), "title": name})
    manifest = write_manifest(root / "sources.yaml", [*bundled_entries(), *extra])
    env = pipeline_env(root, manifest)
    result = run_pipeline(env)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltWarehouse(
        root=root,
        manifest=manifest,
        published=Path(env["WAREHOUSE_PATH"]),
        env=env,
        first_run=result,
    )


@pytest.fixture(scope="session")
def corpus_dev_warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The development corpus (../shared/corpus-dev) built once by the run command, as
    `make evaluate` builds it; skipped where the corpus is not beside the project."""
    if CORPUS_DEV_MANIFEST is None:
        pytest.skip("../shared/corpus-dev is not here")
    root = tmp_path_factory.mktemp("corpus-dev")
    env = pipeline_env(root, CORPUS_DEV_MANIFEST)
    result = run_pipeline(env)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltWarehouse(
        root=root,
        manifest=CORPUS_DEV_MANIFEST,
        published=Path(env["WAREHOUSE_PATH"]),
        env=env,
        first_run=result,
    )
