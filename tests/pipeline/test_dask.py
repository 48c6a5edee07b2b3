"""The same definitions on a Dask cluster (dagster-dask's executor), store on shared storage."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, pipeline_env, run_pipeline
from tests.pipeline.test_parallel_run import small_corpus

distributed = pytest.importorskip("distributed")


def test_extraction_runs_on_a_two_worker_dask_cluster(tmp_path, monkeypatch):
    manifest = small_corpus(tmp_path, 4)
    env = pipeline_env(tmp_path, manifest)
    env.update(
        {
            "DAGSTER_EXECUTOR": "dask",
            # The store and the instance are on storage every worker sees (here: this disk).
            "EXTRACTION_STORE": str(tmp_path / "shared" / "store"),
        }
    )
    # Workers load the same definitions, so they get the same environment.
    for name in ("DAGSTER_HOME", "SOURCES_MANIFEST", "WAREHOUSE_PATH", "EXTRACTION_STORE"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.setenv("PYTHONPATH", str(PROJECT_ROOT))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        env["DASK_SCHEDULER_ADDRESS"] = cluster.scheduler_address
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
        result = run_pipeline(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "extract: 5 new or changed, 0 unchanged (not re-extracted)" in result.stdout
    assert "dask executor" in result.stdout
    assert "documents: 4 ok, 0 partial, 1 failed" in result.stdout

    published = tmp_path / "warehouse" / "warehouse.duckdb"
    with duckdb.connect(str(published), read_only=True) as connection:
        statuses = dict(
            connection.execute(
                "select document_id, extraction_status from marts.dim_documents"
            ).fetchall()
        )
        claims = connection.execute(
            "select count(distinct document_id) from marts.fct_claims"
        ).fetchone()[0]
    assert statuses == {
        "report-0": "ok",
        "report-1": "ok",
        "report-2": "ok",
        "report-3": "ok",
        "broken": "failed",
    }
    assert claims == 4
    assert sorted(p.name for p in (tmp_path / "shared" / "store").iterdir()) == sorted(statuses)

    # The extraction steps ran in the cluster's worker processes.
    import dagster as dg

    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    with dg.DagsterInstance.get() as instance:
        (run,) = instance.get_runs(dg.RunsFilter(job_name="extract_documents"))
        step_pids = {
            record.event_log_entry.dagster_event.pid
            for record in instance.get_records_for_run(run.run_id).records
            if record.event_log_entry.dagster_event
            and record.event_log_entry.dagster_event.event_type_value == "STEP_START"
        }
    assert step_pids and step_pids <= worker_pids
