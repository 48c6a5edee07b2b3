"""The run command's extraction: one run, parallel shards, a short load; a no-change refresh.

Small text documents keep this quick; ``tests/e2e`` runs the bundled corpus end to end.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import pipeline_env, run_pipeline, write_manifest

REPORT = (
    "Findings\n\nA total of {n} respondents completed the survey.\n\n"
    "{p}% of organizations have adopted GenAI, up from {q}% a year earlier.\n"
)


def small_corpus(root: Path, count: int) -> Path:
    entries = []
    for index in range(count):
        name = f"report-{index}.txt"
        (root / name).write_text(
            REPORT.format(n=100 + index, p=50 + index, q=20 + index), encoding="utf-8"
        )
        entries.append({"id": f"report-{index}", "file": name, "document_type": "survey_report"})
    (root / "broken.pdf").write_bytes(b"this is not a pdf")
    entries.append({"id": "broken", "file": "broken.pdf"})
    return write_manifest(root / "sources.yaml", entries)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _runs(env: dict[str, str], job_name: str) -> list[dg.DagsterRun]:
    os.environ["DAGSTER_HOME"], previous = env["DAGSTER_HOME"], os.environ.get("DAGSTER_HOME")
    try:
        with dg.DagsterInstance.get() as instance:
            return list(instance.get_runs(dg.RunsFilter(job_name=job_name)))
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous


def _check_evaluations(env: dict[str, str]) -> dict[str, dict]:
    os.environ["DAGSTER_HOME"], previous = env["DAGSTER_HOME"], os.environ.get("DAGSTER_HOME")
    try:
        with dg.DagsterInstance.get() as instance:
            records = instance.event_log_storage.get_asset_check_execution_history(
                dg.AssetCheckKey(dg.AssetKey(["raw", "documents"]), "document_extracted"),
                limit=100,
            )
            latest: dict[str, dict] = {}
            for record in sorted(records, key=lambda r: r.id):
                evaluation = record.event.dagster_event.event_specific_data
                latest[evaluation.partition] = {
                    "passed": evaluation.passed,
                    **{k: v.value for k, v in evaluation.metadata.items()},
                }
            return latest
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous


@pytest.fixture(scope="module")
def parallel_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    manifest = small_corpus(root, 4)
    env = pipeline_env(root, manifest)
    first = run_pipeline(env, "--workers", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    return root, env, first


def test_one_run_extracts_every_document_in_parallel_shards(parallel_run):
    root, env, first = parallel_run
    assert "extract: 5 new or changed, 0 unchanged (not re-extracted)" in first.stdout
    assert "multiprocess executor, 2 workers" in first.stdout
    assert "documents: 4 ok, 0 partial, 1 failed" in first.stdout
    (run,) = _runs(env, "extract_documents")  # one run, not one per document
    assert run.tags["dagster/asset_partition_range_start"] == "report-0"
    assert run.tags["dagster/asset_partition_range_end"] == "broken"
    store = root / "warehouse" / ".store"
    assert sorted(p.name for p in store.iterdir()) == [
        "broken",
        "report-0",
        "report-1",
        "report-2",
        "report-3",
    ]
    published = root / "warehouse" / "warehouse.duckdb"
    with duckdb.connect(str(published), read_only=True) as connection:
        claims = connection.execute(
            "select count(distinct document_id) from marts.fct_claims"
        ).fetchone()[0]
    assert claims == 4


def test_each_document_shows_on_its_partition_and_a_bad_one_fails_alone(parallel_run):
    _, env, _ = parallel_run
    evaluations = _check_evaluations(env)
    assert set(evaluations) == {"broken", "report-0", "report-1", "report-2", "report-3"}
    assert evaluations["report-2"]["passed"] and evaluations["report-2"]["status"] == "ok"
    broken = evaluations["broken"]
    assert not broken["passed"] and broken["status"] == "failed"
    assert "PDF" in broken["error"] and broken["document_id"] == "broken"
    assert broken["re_extracted"] is True


def test_a_refresh_with_nothing_changed_does_nothing(parallel_run):
    root, env, _ = parallel_run
    published = root / "warehouse" / "warehouse.duckdb"
    docs_index = root / "warehouse" / "data_docs" / "index.html"
    before = (_digest(published), published.stat().st_mtime_ns, docs_index.stat().st_mtime_ns)
    runs_before = len(_runs(env, "extract_documents")) + len(_runs(env, "build_warehouse"))

    again = run_pipeline(env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "extract: 0 new or changed, 5 unchanged (not re-extracted)" in again.stdout
    assert "build: nothing changed" in again.stdout
    assert "documents: 4 ok, 0 partial, 1 failed" in again.stdout
    after = (_digest(published), published.stat().st_mtime_ns, docs_index.stat().st_mtime_ns)
    assert after == before  # not republished, no suite and no Data Docs rebuilt
    assert len(_runs(env, "extract_documents")) + len(_runs(env, "build_warehouse")) == (
        runs_before
    )


def test_one_changed_document_is_the_only_one_extracted_and_rebuilt(parallel_run):
    root, env, _ = parallel_run
    (root / "report-1.txt").write_text(REPORT.format(n=999, p=77, q=11), encoding="utf-8")
    result = run_pipeline(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "extract: 1 new or changed, 4 unchanged (not re-extracted)" in result.stdout
    assert "report-1: ok" in result.stdout
    assert "build: raw checks, dbt build, publish (changed raw tables:" in result.stdout
    with duckdb.connect(str(root / "warehouse" / "warehouse.duckdb"), read_only=True) as con:
        values = {
            v
            for (v,) in con.execute(
                "select value from marts.fct_claims where document_id = 'report-1'"
            ).fetchall()
        }
    assert 77.0 in values
