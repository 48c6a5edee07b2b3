"""Where a run's steps execute: the default executor runs a run of DuckDB writers only in its own
process, and forks a process per step otherwise (pipeline.lib.executors)."""

from __future__ import annotations

import dagster as dg

from pipeline.lib.executors import executor_from_env
from pipeline.lib.resources import DUCKDB_POOL


@dg.asset(pool=DUCKDB_POOL)
def writes_duckdb() -> int:
    return 1


@dg.asset
def parses_a_document() -> int:
    return 2


def _defs() -> dg.Definitions:
    return dg.Definitions(
        assets=[writes_duckdb, parses_a_document],
        jobs=[
            dg.define_asset_job("duckdb_only", selection=["writes_duckdb"]),
            dg.define_asset_job("mixed", selection=["writes_duckdb", "parses_a_document"]),
        ],
        executor=executor_from_env(),
    )


def duckdb_only_job() -> dg.JobDefinition:
    return _defs().resolve_job_def("duckdb_only")


def mixed_job() -> dg.JobDefinition:
    return _defs().resolve_job_def("mixed")


def _engine_messages(job_fn) -> list[str]:
    with (
        dg.instance_for_test() as instance,
        dg.execute_job(dg.reconstructable(job_fn), instance=instance) as result,
    ):
        assert result.success
        return [
            event.message or ""
            for event in result.all_events
            if event.event_type_value == "ENGINE_EVENT"
        ]


def test_a_run_of_duckdb_writers_only_runs_in_its_own_process() -> None:
    messages = _engine_messages(duckdb_only_job)
    assert any("Executing steps in process" in m for m in messages), messages


def test_a_run_with_steps_that_can_run_at_once_forks_a_process_per_step() -> None:
    messages = _engine_messages(mixed_job)
    assert any("multiprocess executor" in m for m in messages), messages
