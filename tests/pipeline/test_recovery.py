"""Start-up recovery (pipeline.lib.recovery): which runs are dead, their pool slots, stale files.

Runs are made on a real SQLite instance (the project's dagster.yaml: pool limit 1) with the tags
and events the run command and Dagster's launchers write; the processes behind them are real
processes started and stopped here.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import psutil
import pytest
from dagster._core.instance.ref import InstanceRef
from dagster._core.remote_origin import (
    RegisteredCodeLocationOrigin,
    RemoteJobOrigin,
    RemoteRepositoryOrigin,
)
from dagster._core.test_utils import create_run_for_test

from pipeline.lib.paths import WarehousePaths
from pipeline.lib.recovery import (
    OWNER_ENV,
    OWNER_HOST_TAG,
    OWNER_PID_TAG,
    OWNER_STARTED_TAG,
    OWNER_TAG,
    describe,
    recover,
    recover_runs,
)
from pipeline.lib.store import ENTRY_MARKER, ExtractionStore
from tests.conftest import PROJECT_ROOT

POOL = "duckdb"


@pytest.fixture
def instance(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        yield instance


def _sleeper(seconds: float = 60, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", f"import time; time.sleep({seconds})"],
        env={**os.environ, **(env or {})},
    )


def _owner_tags(process: subprocess.Popen, token: str = "token-1") -> dict[str, str]:
    """The tags pipeline.run puts on its runs, naming ``process`` as their owner."""
    return {
        OWNER_TAG: token,
        OWNER_HOST_TAG: socket.gethostname(),
        OWNER_PID_TAG: str(process.pid),
        OWNER_STARTED_TAG: f"{psutil.Process(process.pid).create_time():.3f}",
    }


def _stop(process: subprocess.Popen) -> None:
    process.kill()
    process.wait()


def _run_holding_the_pool(instance, tags=None, status=dg.DagsterRunStatus.STARTED):
    run = create_run_for_test(instance, job_name="build_warehouse", status=status, tags=tags)
    # what a step of the pool does (dagster's InstanceConcurrencyContext.claim)
    instance.event_log_storage.initialize_concurrency_limit_to_default(POOL)
    claim = instance.event_log_storage.claim_concurrency_slot(POOL, run.run_id, "dbt_models")
    assert claim.is_claimed
    return run


def _pool(instance):
    return instance.event_log_storage.get_concurrency_info(POOL)


def test_a_run_whose_owner_was_killed_is_failed_and_frees_the_pool(instance):
    owner = _sleeper()
    run = _run_holding_the_pool(instance, _owner_tags(owner))
    _stop(owner)  # kill -9 of `make run`: nothing records the end of the run

    recovery = recover_runs(instance)

    assert [state.run_id for state in recovery.failed] == [run.run_id]
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    assert recovery.slots_freed == {run.run_id: 1}
    assert _pool(instance).claimed_slots == []
    # the next step of the next run gets the slot at once
    assert instance.event_log_storage.claim_concurrency_slot(POOL, "next-run", "load").is_claimed
    (line,) = describe(recovery)
    assert f"run {run.run_id[:8]} (build_warehouse) was left STARTED by process" in line
    assert "marked failed, 1 pool slot freed" in line


def test_a_live_run_is_never_touched(instance):
    owner = _sleeper()
    try:
        run = _run_holding_the_pool(instance, _owner_tags(owner))
        recovery = recover_runs(instance)
        assert recovery.failed == [] and recovery.slots_freed == {}
        assert [(state.run_id, state.verdict) for state in recovery.left] == [(run.run_id, "alive")]
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED
        assert len(_pool(instance).claimed_slots) == 1
        assert "is in progress; steps in the duckdb pool wait for it" in describe(recovery)[0]
    finally:
        _stop(owner)


def test_a_reused_pid_does_not_keep_a_dead_run_alive(instance):
    live = _sleeper()
    try:
        tags = _owner_tags(live)
        tags[OWNER_STARTED_TAG] = str(float(tags[OWNER_STARTED_TAG]) - 3600)  # another process
        run = _run_holding_the_pool(instance, tags)
        assert [state.run_id for state in recover_runs(instance).failed] == [run.run_id]
    finally:
        _stop(live)


def test_a_run_of_another_host_is_not_judged(instance):
    owner = _sleeper()
    tags = {**_owner_tags(owner), OWNER_HOST_TAG: "another-host"}
    _stop(owner)
    run = _run_holding_the_pool(instance, tags)
    recovery = recover_runs(instance)
    assert recovery.failed == []
    assert recovery.left[0].verdict == "unknown"
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED


def test_processes_a_killed_owner_started_are_waited_for(instance):
    """A step process (or dbt) outlives its killed parent and finishes its step."""
    owner = _sleeper()
    run = _run_holding_the_pool(instance, _owner_tags(owner, token="orphans"))
    _stop(owner)
    orphan = _sleeper(2.0, env={OWNER_ENV: "orphans"})
    try:
        blocked = recover_runs(instance, wait_seconds=0)
        assert [state.pids for state in blocked.blocked] == [(orphan.pid,)]
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED

        said: list[str] = []
        started = time.monotonic()
        recovery = recover_runs(instance, wait_seconds=30, say=said.append)
        assert time.monotonic() - started >= 0.5  # it waited for the orphan to exit
        assert [state.run_id for state in recovery.failed] == [run.run_id]
        assert recovery.blocked == []
        assert "waiting up to 30s for the processes it started to finish" in said[0]
    finally:
        _stop(orphan)


def test_processes_a_killed_owner_left_stuck_are_stopped(instance):
    """A step process of a killed parent never exits (it blocks writing events to it)."""
    owner = _sleeper()
    run = _run_holding_the_pool(instance, _owner_tags(owner, token="stuck"))
    _stop(owner)
    stuck = _sleeper(600, env={OWNER_ENV: "stuck"})
    try:
        recovery = recover_runs(instance, wait_seconds=0.5, stop_orphans=True)
        assert recovery.stopped == {run.run_id: (stuck.pid,)}
        assert stuck.wait(timeout=10) is not None  # stopped
        assert [state.run_id for state in recovery.failed] == [run.run_id]
        assert recovery.slots_freed == {run.run_id: 1}
        assert (
            f"stopped 1 processes left running by crashed run {run.run_id[:8]}"
            in (describe(recovery)[0])
        )
    finally:
        _stop(stuck)


def test_runs_launched_by_dagster_are_judged_by_their_worker_processes(instance):
    """Runs of `make dev` (no owner tags): the pids of their RUN_START and step events."""
    worker = _sleeper()
    run = create_run_for_test(instance, job_name="extract_documents")
    instance.report_dagster_event(
        dg.DagsterEvent(
            event_type_value=dg.DagsterEventType.RUN_START.value,
            job_name=run.job_name,
            pid=worker.pid,
        ),
        run_id=run.run_id,
    )
    origin = RemoteJobOrigin(
        RemoteRepositoryOrigin(RegisteredCodeLocationOrigin("survey_claims_warehouse"), "repo"),
        "extract_documents",
    )
    queued = create_run_for_test(instance, job_name="extract_documents", remote_job_origin=origin)
    instance.report_dagster_event(
        dg.DagsterEvent(
            event_type_value=dg.DagsterEventType.RUN_ENQUEUED.value, job_name=queued.job_name
        ),
        run_id=queued.run_id,
    )
    assert instance.get_run_by_id(queued.run_id).status == dg.DagsterRunStatus.QUEUED
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED

    alive = recover_runs(instance)
    assert alive.failed == []
    assert {state.run_id: state.verdict for state in alive.left} == {
        run.run_id: "alive",
        queued.run_id: "unknown",  # nothing runs a queued run yet: the daemon's to start
    }

    _stop(worker)
    dead = recover_runs(instance)
    assert [state.run_id for state in dead.failed] == [run.run_id]
    assert instance.get_run_by_id(queued.run_id).status == dg.DagsterRunStatus.QUEUED


def test_slots_still_held_by_finished_runs_are_freed(instance):
    """Marking a run failed (e.g. in the UI) does not free its slot; recovery does."""
    run = _run_holding_the_pool(instance, status=dg.DagsterRunStatus.FAILURE)
    recovery = recover_runs(instance)
    assert recovery.failed == [] and recovery.slots_freed == {run.run_id: 1}
    assert _pool(instance).claimed_slots == []
    assert "still held by finished run" in describe(recovery)[0]


def _stale_layout(root: Path) -> tuple[WarehousePaths, list[Path], list[Path]]:
    """Leftovers of a killed run, and files that must stay."""
    paths = WarehousePaths(root / "warehouse" / "warehouse.duckdb")
    store = root / "warehouse" / ".store"
    complete = store / "doc-a" / "abc-0.5.0"
    incomplete = store / "doc-b" / "def-0.5.0"
    for directory in (complete, incomplete, paths.state_dir, paths.fetch_cache_dir):
        directory.mkdir(parents=True, exist_ok=True)
    (complete / ENTRY_MARKER).write_text("{}")
    (complete / "blocks.parquet").write_bytes(b"x")
    (incomplete / "blocks.parquet").write_bytes(b"x")  # no marker: a write that never finished
    keep = [
        paths.published,
        paths.work,
        paths.work.with_name(paths.work.name + ".wal"),  # DuckDB replays it: never removed
        complete / ENTRY_MARKER,
        complete / "blocks.parquet",
        paths.state_dir / "built.json",
        paths.fetch_cache_dir / ("0" * 64),
    ]
    stale = [
        paths.directory / ".warehouse.duckdb.1a2b3c4d.tmp",
        paths.directory / ".warehouse.duckdb.1a2b3c4d.tmp.wal",
        paths.directory / ".parquet.1a2b3c4d.tmp",
        complete / "claims.parquet.5e6f.tmp",
        incomplete,
        paths.state_dir / ".built.json.4242.tmp",
        paths.fetch_cache_dir / ".index.json.x8y7z6",
    ]
    for path in keep + stale:
        if path.suffix == ".tmp" and path.name.startswith(".parquet"):
            path.mkdir()
            (path / "fct_claims.parquet").write_bytes(b"x")
        elif not path.exists():
            path.write_bytes(b"x")
    old = time.time() - 60
    for path in stale:
        os.utime(path, (old, old))
    for path in [*incomplete.iterdir(), incomplete.parent]:
        os.utime(path, (old, old))
    return paths, keep, stale


def test_stale_files_are_removed_once_no_run_is_in_progress(instance, tmp_path):
    paths, keep, stale = _stale_layout(tmp_path)
    owner = _sleeper()
    try:
        run = create_run_for_test(
            instance,
            job_name="extract_documents",
            status=dg.DagsterRunStatus.STARTED,
            tags=_owner_tags(owner),
        )
        skipped = recover(instance, paths, wait_seconds=0)
        assert skipped.removed_files == []
        assert skipped.cleanup_skipped and run.run_id[:8] in skipped.cleanup_skipped
        assert all(path.exists() for path in stale)
    finally:
        _stop(owner)

    recovery = recover(instance, paths, wait_seconds=0)
    assert [state.run_id for state in recovery.failed] == [run.run_id]
    assert not [path for path in stale if path.exists()]
    assert all(path.exists() for path in keep)
    assert (tmp_path / "warehouse" / ".store" / "doc-b").exists() is False  # left empty: gone


def test_files_newer_than_recovery_are_kept(instance, tmp_path):
    """A run started meanwhile (e.g. by the sensor) keeps the files it is writing."""
    paths, _, stale = _stale_layout(tmp_path)
    future = time.time() + 60
    for path in stale:
        os.utime(path, (future, future))
    for path in (stale[4]).iterdir():
        os.utime(path, (future, future))
    recover(instance, paths, wait_seconds=0)
    assert all(path.exists() for path in stale)


def test_an_entry_read_from_a_moved_store_points_at_its_new_place(tmp_path):
    store_dir = tmp_path / "store" / "doc-a" / "abc-0.5.0"
    store_dir.mkdir(parents=True)
    (store_dir / ENTRY_MARKER).write_text(
        '{"document_id": "doc-a", "key": "abc-0.5.0", "directory": "/elsewhere/doc-a/abc-0.5.0",'
        ' "sha256": "abc", "extractor_version": "0.5.0", "extracted_at": "2026-01-01T00:00:00",'
        ' "status": "ok", "error": null, "rows": {"blocks": 1}}'
    )
    entry = ExtractionStore(tmp_path / "store").entry("doc-a", "abc-0.5.0")
    assert entry is not None and entry.directory == str(store_dir)
