"""Start-up recovery: runs left behind by a dead process, their pool slots, and stale files.

A run killed with ``kill -9`` (or by the OOM killer, or a power cut) never records its end: it
stays STARTED on the instance, and the step that was in the ``duckdb`` pool keeps its slot. The
pool's limit is 1, so every later run waits for that slot forever. Marking such a run failed does
not help: Dagster frees a run's slots from the process that runs it, and the daemon frees those
of finished runs only when ``run_monitoring.free_slots_after_run_end_seconds`` is set. So
:func:`recover`, called when ``python -m pipeline.run`` starts (and, for runs only, by the
documents sensor), does it:

1. **Which runs are dead.** A run is judged only when the processes behind it are known:

   - runs of ``pipeline.run`` carry tags naming their owner: host, pid and process start time,
     and a token that the owner also puts in its environment (:data:`OWNER_ENV`), so every
     process it starts inherits it (step processes, the forkserver, dbt). Such a run is dead
     when it belongs to this host, its owner is gone (no process with that pid and start time)
     and no process of this host carries its token. When the owner is gone but processes with
     its token still run (step processes, the executor's forkserver or dbt outlive a killed
     parent), recovery gives them ``WAREHOUSE_RECOVERY_WAIT`` seconds (5) to finish, then stops
     them (SIGTERM, then SIGKILL): they can no longer report to anyone, and a step process of a
     killed parent never exits by itself (it blocks writing its events to the dead parent).
     What they did not commit is rolled back (DuckDB) or left incomplete (store entries);
   - other runs (launched by ``make dev``: the UI, sensors, schedules) are judged by the
     processes their events name: the run worker (``RUN_START``, "Started process for run")
     and the step processes. A pid counts as alive when a process with that pid exists and
     started before the event. This is done only on an instance whose storage is the local
     SQLite of ``DAGSTER_HOME`` (one host; Dagster does not support sharing it), and never for
     QUEUED or SUSPENDED runs (no process runs them yet) or runs without a known process.

   A live run is never touched: a concurrent ``make run`` or ``make dev`` keeps its runs.
2. **Dead runs are marked failed** (``instance.report_run_failed``) **and their concurrency
   slots freed** (``instance.event_log_storage.free_concurrency_slots_for_run``: claimed slots
   released and pending steps removed). Slots still claimed by runs that are already finished
   (e.g. marked failed in the UI) or deleted are freed too.
3. **Stale files are removed** when no run of the instance is in progress any more: publication
   staging files (``.<warehouse>.<token>.tmp``, its ``.wal``, ``.parquet.<token>.tmp/``), store
   entries without their ``_entry.json`` and temporary files inside entries, half-written state
   files in ``.work/`` and temporary files of the fetch cache. Only files older than the start of
   recovery are removed, so a run started meanwhile keeps its own. (A store on object storage
   is listed only after an extraction run crashed: listing it costs a request per document.)

The DuckDB files themselves need nothing: a transaction that did not commit is rolled back by
DuckDB when the file is next opened.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    import dagster as dg

    from pipeline.lib.paths import WarehousePaths

OWNER_ENV = "WAREHOUSE_RUN_OWNER"
"""Environment variable holding the owner token; every process a run starts inherits it."""
OWNER_TAG = "warehouse/owner"
OWNER_HOST_TAG = "warehouse/owner_host"
OWNER_PID_TAG = "warehouse/owner_pid"
OWNER_STARTED_TAG = "warehouse/owner_started"
WAIT_ENV = "WAREHOUSE_RECOVERY_WAIT"
DEFAULT_WAIT_SECONDS = 5.0
_STOP_GRACE_SECONDS = 5.0
_POLL_SECONDS = 0.25
# A process's start time (psutil) and an event's timestamp come from different clocks' rounding.
_CLOCK_SLACK = 1.0

_token: str | None = None


def owner_tags() -> dict[str, str]:
    """Tags for a run this process executes, naming it as the owner; sets :data:`OWNER_ENV` for
    every process started from now on (call it before the first run starts any process)."""
    global _token
    if _token is None:
        _token = uuid.uuid4().hex
        os.environ[OWNER_ENV] = _token
    return {
        OWNER_TAG: _token,
        OWNER_HOST_TAG: socket.gethostname(),
        OWNER_PID_TAG: str(os.getpid()),
        OWNER_STARTED_TAG: f"{psutil.Process().create_time():.3f}",
    }


def wait_seconds_from_env() -> float:
    value = os.environ.get(WAIT_ENV)
    return float(value) if value else DEFAULT_WAIT_SECONDS


# ----------------------------------------------------------------------------- processes


def _alive(pid: int, *, started_by: float | None = None, started_at: float | None = None) -> bool:
    """Whether process ``pid`` runs (not a zombie) and is the one meant: it started no later than
    ``started_by`` (it emitted an event then), or at ``started_at`` (its recorded start time)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        created = process.create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess, ValueError):
        return False
    if started_at is not None and abs(created - started_at) > _CLOCK_SLACK:
        return False
    return not (started_by is not None and created > started_by + _CLOCK_SLACK)


def _processes_by_token() -> dict[str, list[int]]:
    """Pids of this host's processes carrying an owner token in their environment."""
    found: dict[str, list[int]] = {}
    own = os.getpid()
    for process in psutil.process_iter(["pid", "environ", "status"]):
        if process.info["pid"] == own or process.info.get("status") == psutil.STATUS_ZOMBIE:
            continue
        token = (process.info.get("environ") or {}).get(OWNER_ENV)
        if token:
            found.setdefault(token, []).append(process.info["pid"])
    return found


# ----------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class RunState:
    """What recovery concluded about one unfinished run."""

    run_id: str
    job_name: str
    status: str
    verdict: str
    """``dead``, ``orphans`` (owner gone, processes it started still running), ``alive`` or
    ``unknown`` (not judged)."""
    owner: str
    """Who ran it, in words."""
    pids: tuple[int, ...] = ()
    """Processes still running it (alive, orphans)."""


@dataclass
class Recovery:
    failed: list[RunState] = field(default_factory=list)
    """Runs marked failed (and their slots freed)."""
    slots_freed: dict[str, int] = field(default_factory=dict)
    """Claimed pool slots freed per run id (dead runs and finished or deleted ones)."""
    left: list[RunState] = field(default_factory=list)
    """Unfinished runs left alone: alive, not judged, or their processes outlived the wait."""
    stopped: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Processes of crashed runs that were stopped, per run id."""
    holding: dict[str, int] = field(default_factory=dict)
    """Pool slots held by the runs left alone, per run id."""
    removed_files: list[str] = field(default_factory=list)
    cleanup_skipped: str | None = None

    @property
    def blocked(self) -> list[RunState]:
        """Crashed runs whose processes still run after the wait: the pool may stay taken."""
        return [state for state in self.left if state.verdict == "orphans"]


def _local_storage(instance: dg.DagsterInstance) -> bool:
    from dagster._core.storage.runs.sqlite.sqlite_run_storage import SqliteRunStorage

    return isinstance(instance.run_storage, SqliteRunStorage)


def _event_pids(instance: dg.DagsterInstance, run_id: str) -> list[tuple[int, float]]:
    """(pid, time seen) of the processes that executed a run: its run worker and step workers."""
    import dagster as dg

    events = instance.all_logs(
        run_id,
        of_type={
            dg.DagsterEventType.RUN_START,
            dg.DagsterEventType.STEP_WORKER_STARTED,
            dg.DagsterEventType.STEP_START,
            dg.DagsterEventType.ENGINE_EVENT,
        },
    )
    seen: list[tuple[int, float]] = []
    for entry in events:
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type == dg.DagsterEventType.ENGINE_EVENT:
            # The launcher's own pid is not the run's; the pid it names in metadata is.
            value = (event.engine_event_data.metadata or {}).get("pid")
            text = getattr(value, "value", value)
            if isinstance(text, str) and text.isdigit():
                seen.append((int(text), entry.timestamp))
        elif event.pid is not None:
            seen.append((event.pid, entry.timestamp))
    return seen


def _judge(
    instance: dg.DagsterInstance, run: dg.DagsterRun, tokens: dict[str, list[int]], local: bool
) -> RunState:
    import dagster as dg

    def state(verdict: str, owner: str, pids: Iterable[int] = ()) -> RunState:
        return RunState(
            run.run_id, run.job_name, run.status.value, verdict, owner, tuple(sorted(set(pids)))
        )

    tags = run.tags
    if OWNER_TAG in tags:
        host, pid = tags.get(OWNER_HOST_TAG, "?"), tags.get(OWNER_PID_TAG, "?")
        owner = f"process {pid} on {host}"
        if host != socket.gethostname() or not pid.isdigit():
            return state("unknown", owner + " (another host: not judged here)")
        started = float(tags.get(OWNER_STARTED_TAG) or 0) or None
        if _alive(int(pid), started_at=started):
            return state("alive", owner, [int(pid)])
        orphans = tokens.get(tags[OWNER_TAG], [])
        if orphans:
            return state("orphans", owner, orphans)
        return state("dead", owner)
    if run.status in (dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.SUSPENDED):
        return state("unknown", "no process yet (queued)")
    if not local:
        return state("unknown", "instance storage shared across hosts: not judged")
    seen = _event_pids(instance, run.run_id)
    if not seen:
        return state("unknown", "no process recorded yet")
    alive = [pid for pid, at in seen if _alive(pid, started_by=at)]
    worker, others = seen[0][0], {pid for pid, _ in seen} - {seen[0][0]}
    owner = f"process {worker}" + (f" and {len(others)} step processes" if others else "")
    return state("alive", owner, alive) if alive else state("dead", owner)


def _claimed_slots(instance: dg.DagsterInstance) -> dict[str, int]:
    """Claimed pool slots and pending steps per run id, over every pool."""
    storage = instance.event_log_storage
    counts: dict[str, int] = {}
    for key in storage.get_concurrency_keys():
        info = storage.get_concurrency_info(key)
        for slot in info.claimed_slots:
            counts[slot.run_id] = counts.get(slot.run_id, 0) + 1
        for step in info.pending_steps:
            counts.setdefault(step.run_id, 0)
    return counts


def _free(instance: dg.DagsterInstance, run_id: str, claimed: dict[str, int], recovery: Recovery):
    if run_id in claimed:
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        recovery.slots_freed[run_id] = claimed[run_id]


def _stop(pids: Iterable[int]) -> tuple[int, ...]:
    """SIGTERM, then SIGKILL what is left after a grace period; returns the pids signalled."""
    processes = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            process.terminate()
            processes.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    _, alive = psutil.wait_procs(processes, timeout=_STOP_GRACE_SECONDS)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            process.kill()
    psutil.wait_procs(alive, timeout=_STOP_GRACE_SECONDS)
    return tuple(process.pid for process in processes)


def recover_runs(
    instance: dg.DagsterInstance,
    *,
    wait_seconds: float = 0.0,
    stop_orphans: bool = False,
    say: Callable[[str], None] | None = None,
    recovery: Recovery | None = None,
) -> Recovery:
    """Mark the instance's runs left unfinished by dead processes failed and free their slots,
    and free slots still held by finished or deleted runs (see the module docstring).

    Processes a dead owner started that still run (orphans) get ``wait_seconds`` to finish;
    then, with ``stop_orphans``, they are stopped (they can no longer report to anyone, and a
    step process of a killed parent may never exit: it blocks writing its events to it);
    otherwise the run is left alone and reported in ``Recovery.blocked``."""
    import dagster as dg
    from dagster._core.storage.dagster_run import NOT_FINISHED_STATUSES

    recovery = recovery or Recovery()
    unfinished = list(instance.get_runs(filters=dg.RunsFilter(statuses=NOT_FINISHED_STATUSES)))
    concurrency = instance.event_log_storage.supports_global_concurrency_limits
    claimed = _claimed_slots(instance) if concurrency else {}
    local = _local_storage(instance)
    deadline = time.monotonic() + wait_seconds
    announced: set[str] = set()
    pending = unfinished
    while pending:
        tokens = _processes_by_token() if any(OWNER_TAG in r.tags for r in pending) else {}
        waiting = []
        for run in pending:
            verdict = _judge(instance, run, tokens, local)
            if verdict.verdict == "dead":
                message = (
                    f"Run left {run.status.value} by {verdict.owner}, which no longer runs "
                    f"(killed or crashed); marked failed by process {os.getpid()} "
                    "(pipeline.lib.recovery), its concurrency slots freed."
                )
                instance.report_run_failed(run, message)
                if concurrency:
                    _free(instance, run.run_id, claimed, recovery)
                recovery.failed.append(verdict)
            elif verdict.verdict == "orphans" and time.monotonic() < deadline:
                waiting.append(run)
                if say and run.run_id not in announced:
                    announced.add(run.run_id)
                    say(
                        f"recovery: run {run.run_id[:8]} ({run.job_name}) lost its owner "
                        f"({verdict.owner}); waiting up to {wait_seconds:.0f}s for the "
                        f"processes it started to finish: {', '.join(map(str, verdict.pids))}"
                    )
            elif (
                verdict.verdict == "orphans" and stop_orphans and run.run_id not in recovery.stopped
            ):
                recovery.stopped[run.run_id] = _stop(verdict.pids)
                waiting.append(run)  # judged again: now dead, unless a process resisted
            else:
                recovery.left.append(verdict)
        pending = waiting
        if pending and not any(run.run_id in recovery.stopped for run in pending):
            time.sleep(_POLL_SECONDS)
        if pending:
            pending = [
                run
                for run in (instance.get_run_by_id(r.run_id) for r in pending)
                if run is not None and run.status in NOT_FINISHED_STATUSES
            ]
    if concurrency:
        unfinished_ids = {state.run_id for state in recovery.left}
        recovery.holding = {run_id: claimed[run_id] for run_id in unfinished_ids & set(claimed)}
        for run_id in sorted(set(claimed) - unfinished_ids - set(recovery.slots_freed)):
            run = instance.get_run_by_id(run_id)
            if run is None or run.is_finished:
                _free(instance, run_id, claimed, recovery)
    return recovery


# ----------------------------------------------------------------------------- files


def stale_files(paths: WarehousePaths, *, older_than: float) -> list[Path]:
    """Local leftovers of interrupted work (see the module docstring), older than ``older_than``
    (a POSIX timestamp). The store is handled by ``ExtractionStore.remove_incomplete``."""
    from pipeline.lib.warehouse import staged_publication_files

    candidates: list[Path] = [*staged_publication_files(paths)]
    if paths.state_dir.is_dir():
        candidates += [p for p in paths.state_dir.glob(".*.tmp") if p.is_file()]
    if paths.fetch_cache_dir.is_dir():
        # The cache holds <sha256> bodies and index.json; hidden files are unfinished writes.
        candidates += [p for p in paths.fetch_cache_dir.glob(".*") if p.is_file()]
    stale = []
    for path in candidates:
        try:
            if path.lstat().st_mtime < older_than:
                stale.append(path)
        except OSError:
            continue
    return stale


def _remove(path: Path) -> None:
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def recover(
    instance: dg.DagsterInstance,
    paths: WarehousePaths,
    *,
    wait_seconds: float | None = None,
    say: Callable[[str], None] | None = None,
) -> Recovery:
    """Everything recovery does at start-up: runs and slots, then stale files."""
    import dagster as dg

    from pipeline.lib.store import ExtractionStore

    started = time.time()
    recovery = recover_runs(
        instance,
        wait_seconds=wait_seconds_from_env() if wait_seconds is None else wait_seconds,
        stop_orphans=True,
        say=say,
    )
    idle = {dg.DagsterRunStatus.QUEUED.value, dg.DagsterRunStatus.SUSPENDED.value}
    running = [state for state in recovery.left if state.status not in idle]
    if running:
        recovery.cleanup_skipped = (
            f"run {running[0].run_id[:8]} ({running[0].job_name}, {running[0].owner}) "
            "is in progress"
        )
        return recovery
    for path in stale_files(paths, older_than=started):
        _remove(path)
        recovery.removed_files.append(str(path))
    store = ExtractionStore(paths.store_uri)
    # Listing a local store is cheap; on object storage it costs a request per document, so it
    # is done only after a crash of an extraction run.
    if store.is_local or any(state.job_name == "extract_documents" for state in recovery.failed):
        recovery.removed_files += store.remove_incomplete(older_than=started)
    return recovery


def describe(recovery: Recovery) -> list[str]:
    """Progress lines for what recovery did (nothing when there was nothing to do)."""
    lines = []
    for run_id, pids in recovery.stopped.items():
        lines.append(
            f"recovery: stopped {len(pids)} processes left running by crashed run {run_id[:8]} "
            f"(pids {', '.join(map(str, pids))})"
        )
    for state in recovery.failed:
        freed = recovery.slots_freed.get(state.run_id)
        lines.append(
            f"recovery: run {state.run_id[:8]} ({state.job_name}) was left {state.status} by "
            f"{state.owner}, which no longer runs: marked failed"
            + (f", {freed} pool slot{'s' if freed != 1 else ''} freed" if freed else "")
        )
    failed = {state.run_id for state in recovery.failed}
    for run_id, count in recovery.slots_freed.items():
        if run_id not in failed and count:
            lines.append(
                f"recovery: freed {count} pool slot{'s' if count != 1 else ''} still held by "
                f"finished run {run_id[:8]}"
            )
    for state in recovery.left:
        if state.verdict == "alive":
            lines.append(
                f"note: run {state.run_id[:8]} ({state.job_name}) of {state.owner} is in "
                "progress; steps in the duckdb pool wait for it"
            )
        elif state.verdict == "unknown" and recovery.holding.get(state.run_id):
            lines.append(
                f"note: run {state.run_id[:8]} ({state.job_name}, {state.status}) holds a pool "
                f"slot and was not judged ({state.owner}); if it no longer runs, terminate it "
                "in the UI: the next run then frees its slot"
            )
    if recovery.removed_files:
        lines.append(
            f"recovery: removed {len(recovery.removed_files)} stale files of interrupted runs "
            "(publication staging, incomplete store entries, temporary files)"
        )
    return lines
