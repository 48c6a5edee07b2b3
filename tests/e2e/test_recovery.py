"""Faults the run command must survive (ISSUE 14): a run killed at any point, an emptied manifest,
a claim of no document, a bad manifest entry.

One small warehouse (text documents, a broken PDF and two invalid manifest entries) is built
once; each test works on a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml
from dagster._core.instance.ref import InstanceRef

from tests.conftest import PROJECT_ROOT, pipeline_env, run_pipeline

pytestmark = pytest.mark.e2e

REPORT = (
    "Findings\n\nA total of {n} respondents completed the survey.\n\n"
    "{p}% of organizations have adopted GenAI, up from {q}% a year earlier.\n"
)
VALID = ["report-0", "report-1", "report-2", "report-3"]


def write_corpus(root: Path) -> Path:
    """Four reports, a file that is not a PDF, and two invalid entries (one keeps its id)."""
    entries: list[object] = []
    for index, document_id in enumerate(VALID):
        (root / f"{document_id}.txt").write_text(
            REPORT.format(n=100 + index, p=50 + index, q=20 + index), encoding="utf-8"
        )
        entries.append({"id": document_id, "file": f"{document_id}.txt"})
    entries[0]["document_type"] = "survey_report"
    entries[1]["tags"] = ["a", "list"]  # an extra key that is not a scalar: dropped, a warning
    (root / "broken.pdf").write_bytes(b"this is not a pdf")
    entries.append({"id": "broken", "file": "broken.pdf"})
    entries.append({"id": "both-file-and-url", "file": "report-0.txt", "url": "https://x.org/a"})
    entries.append({"id": "Not A Slug", "file": "report-1.txt"})
    manifest = root / "sources.yaml"
    manifest.write_text(yaml.safe_dump({"documents": entries}, sort_keys=False), encoding="utf-8")
    return manifest


@dataclass(frozen=True)
class Warehouse:
    root: Path
    env: dict[str, str]
    first_run: subprocess.CompletedProcess

    @property
    def published(self) -> Path:
        return Path(self.env["WAREHOUSE_PATH"])

    @property
    def work(self) -> Path:
        return self.published.parent / ".work" / self.published.name

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return run_pipeline(self.env, *args)

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as connection:
            return connection.execute(sql).fetchall()

    def copy(self, target: Path) -> Warehouse:
        shutil.copytree(self.root, target, symlinks=True)
        return Warehouse(target, pipeline_env(target, target / "sources.yaml"), self.first_run)

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_ref(InstanceRef.from_dir(self.env["DAGSTER_HOME"]))


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("faults")
    env = pipeline_env(root, write_corpus(root))
    result = run_pipeline(env)
    assert result.returncode == 0, result.stdout + result.stderr
    return Warehouse(root, env, result)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, object]:
    """Rows of every mart and the status of every document: what a healed run must give."""
    with duckdb.connect(str(path), read_only=True) as connection:
        marts = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
        found: dict[str, object] = {
            table: connection.execute(f"select count(*) from marts.{table}").fetchone()[0]
            for (table,) in marts
        }
        found["statuses"] = dict(
            connection.execute(
                "select document_id, extraction_status from marts.dim_documents order by 1"
            ).fetchall()
        )
        found["leftover dbt relations"] = connection.execute(
            "select count(*) from duckdb_tables() where table_name like '%__dbt_%'"
        ).fetchone()[0]
    return found


# ----------------------------------------------------------------------------- finding 9


def test_a_bad_manifest_entry_fails_alone(small_warehouse: Warehouse, tmp_path):
    out = small_warehouse.first_run.stdout
    # the manifest's warnings and invalid entries are shown when it is read
    assert "warning: report-1: extra key 'tags' holds a list" in out
    assert "invalid entry, fails alone as both-file-and-url:" in out
    assert "invalid entry, fails alone as manifest-entry-7:" in out
    assert "documents: 4 ok, 0 partial, 3 failed" in out
    # the summary names each failed row with its reason
    assert (
        "failed both-file-and-url (invalid_manifest_entry): manifest sources.yaml, entry 6" in out
    )
    assert "failed manifest-entry-7 (invalid_manifest_entry): manifest sources.yaml, entry 7" in out
    assert "failed broken (not_a_pdf):" in out

    rows = {
        document_id: (status, reason)
        for document_id, status, reason in small_warehouse.query(
            "select document_id, extraction_status, failure_reason from marts.dim_documents"
        )
    }
    assert rows == {
        **{document_id: ("ok", None) for document_id in VALID},
        "broken": ("failed", "not_a_pdf"),
        "both-file-and-url": ("failed", "invalid_manifest_entry"),
        "manifest-entry-7": ("failed", "invalid_manifest_entry"),
    }
    claims = small_warehouse.query("select distinct document_id from marts.fct_claims order by 1")
    assert [document_id for (document_id,) in claims] == VALID

    # the invalid entries are not retried until they change: a refresh does nothing
    again = small_warehouse.copy(tmp_path / "copy").run()
    assert again.returncode == 0, again.stdout + again.stderr
    assert "extract: 0 new or changed, 7 unchanged (not re-extracted)" in again.stdout
    assert "build: nothing changed" in again.stdout
    assert "failed manifest-entry-7 (invalid_manifest_entry)" in again.stdout


# ----------------------------------------------------------------------------- finding 2


def test_an_emptied_manifest_does_not_empty_the_warehouse(small_warehouse: Warehouse, tmp_path):
    warehouse = small_warehouse.copy(tmp_path / "copy")
    before = _digest(warehouse.published)
    manifest = warehouse.root / "sources.yaml"
    manifest.write_text("documents: []\n", encoding="utf-8")

    refused = warehouse.run()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "publication stopped; the previous warehouse (if any) is unchanged:" in refused.stdout
    assert "the warehouse would have no document (it has 7)" in refused.stdout
    assert "--allow-shrink" in refused.stdout
    assert _digest(warehouse.published) == before
    # nothing was removed: not the raw rows, not the store, not the partitions
    with duckdb.connect(str(warehouse.work), read_only=True) as connection:
        assert connection.execute("select count(*) from raw.documents").fetchone()[0] == 7
    store = warehouse.published.parent / ".store"
    assert {p.name for p in store.iterdir()} >= set(VALID)

    # dropping 5 of 7 documents (71%) is over the limit too; 50% would pass
    entries = yaml.safe_load((small_warehouse.root / "sources.yaml").read_text())["documents"]
    manifest.write_text(yaml.safe_dump({"documents": entries[:2]}), encoding="utf-8")
    shrunk = warehouse.run()
    assert shrunk.returncode == 1, shrunk.stdout + shrunk.stderr
    assert "documents would drop from 7 to 2 (71% fewer; the limit is 50%)" in shrunk.stdout
    assert _digest(warehouse.published) == before

    # asked for explicitly, it happens
    manifest.write_text("documents: []\n", encoding="utf-8")
    allowed = warehouse.run("--allow-shrink")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "removed 7 documents no longer in the manifest" in allowed.stdout
    assert warehouse.query("select count(*) from marts.dim_documents") == [(0,)]


# ----------------------------------------------------------------------------- finding 8


def test_a_claim_of_no_document_stops_the_build_before_publication(
    small_warehouse: Warehouse, tmp_path
):
    warehouse = small_warehouse.copy(tmp_path / "copy")
    before = _digest(warehouse.published)
    with duckdb.connect(str(warehouse.work)) as connection:
        connection.execute(
            "insert into raw.claims by name select * replace ('orphan-claim' as claim_id, "
            "'no-such-document' as document_id) from raw.claims limit 1"
        )
    result = warehouse.run()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "publication stopped" in result.stdout
    assert "check ge_raw_claims on raw/claims" in result.stdout
    assert "dbt_models" not in result.stdout  # stopped before dbt
    assert _digest(warehouse.published) == before
    assert warehouse.query(
        "select count(*) from marts.fct_claims where document_id = 'no-such-document'"
    ) == [(0,)]


# ----------------------------------------------------------------------------- finding 1

# Where a run is killed: steps whose start marks the phase, and the longest wait after it.
PHASES = {
    "extraction": (("extract_documents_graph.extract_shard", "extract_documents_graph.load"), 2.5),
    "checks": (("raw__",), 3.0),
    "dbt": (("dbt_models",), 12.0),
    "publish": (("warehouse__published",), 0.5),
}
SEED = 14


def kill_plan(rng: random.Random) -> list[tuple[str, float]]:
    """Ten kills: every phase twice, two more anywhere; each after a random delay."""
    phases = [*PHASES, *PHASES, *rng.sample(list(PHASES), 2)]
    rng.shuffle(phases)
    return [(phase, round(rng.uniform(0, PHASES[phase][1]), 2)) for phase in phases]


def _started_steps(instance: dg.DagsterInstance, known: set[str]) -> list[tuple[str, str]]:
    """(run id, step key) of every step started by runs created since ``known`` was taken."""
    steps = []
    for run in instance.get_runs(limit=4):
        if run.run_id in known:
            continue
        for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START):
            steps.append((run.run_id, entry.step_key))
    return steps


def _kill_in_phase(
    warehouse: Warehouse, phase: str, delay: float, log: Path, args: list[str]
) -> dict | None:
    """Start the run command; SIGKILL it ``delay`` seconds after ``phase`` began. None when the
    run ended without reaching the phase (it had nothing to do there)."""
    prefixes, _ = PHASES[phase]
    with warehouse.instance() as instance:
        known = {run.run_id for run in instance.get_runs()}
        with open(log, "w") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.run", *args],
                cwd=PROJECT_ROOT,
                env=warehouse.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 300
        hit = None
        while hit is None and time.monotonic() < deadline:
            running = process.poll() is None
            started = _started_steps(instance, known)
            hit = next((run for run, step in started if step.startswith(prefixes)), None)
            if hit is None and not running:
                assert process.returncode == 0, log.read_text()
                return None
            time.sleep(0.05)
        assert hit, f"the run never reached {phase} in 300s (hung?):\n{log.read_text()}"
        time.sleep(delay)
        killed = process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        run = instance.get_run_by_id(hit)
        return {
            "phase": phase,
            "delay": delay,
            "args": " ".join(args),
            "run": f"{hit[:8]} {run.job_name}",
            "killed": killed,
            "left": run.status.value,
            "run_id": hit,
        }


def test_runs_killed_at_random_points_are_healed_by_the_next_run(
    small_warehouse: Warehouse, tmp_path
):
    """kill -9 of the run command in extraction, checks, dbt and publication; every next run
    marks the killed run failed, frees its pool slot, cleans up and goes on; the last one
    publishes the same warehouse."""
    warehouse = small_warehouse.copy(tmp_path / "copy")
    expected = counts(warehouse.published)
    assert expected["leftover dbt relations"] == 0
    kills: list[dict] = []
    started = time.monotonic()
    plan = kill_plan(random.Random(SEED))
    # A kill that lands after its run finished crashes nothing: the same phase is planned again
    # (at most three times over), so that ten runs are really crashed.
    retries = 3
    for index, (phase, delay) in enumerate(plan):
        # A killed build leaves work for the next run; otherwise --force makes some.
        pending = kills and kills[-1]["phase"] != "extraction" and kills[-1]["left"] == "STARTED"
        args = [] if pending and phase != "extraction" else ["--force"]
        log = tmp_path / f"run-{index}.log"
        kill = _kill_in_phase(warehouse, phase, delay, log, args)
        if kill is None:  # the killed publication had completed: nothing left to build
            retry = tmp_path / f"run-{index}-forced.log"
            kill = _kill_in_phase(warehouse, phase, delay, retry, ["--force"])
        if kills and kills[-1]["left"] == "STARTED":
            # the run after a crash heals: it marked the crashed run failed and went on
            mark = f"recovery: run {kills[-1]['run_id'][:8]}"
            assert mark in log.read_text(), log.read_text()
        kills.append(kill)
        if kill["left"] != "STARTED" and retries:
            retries -= 1
            plan.append((phase, round(delay / 2, 2)))
        # publication is atomic: whatever the kill hit, the published warehouse is whole
        assert counts(warehouse.published) == expected, kill
    healed = warehouse.run()
    report = "\n".join(
        f"{k['phase']:>10} +{k['delay']:5.2f}s {k['args']:8} {k['run']}: left {k['left']}"
        for k in kills
    )
    print(
        f"\n{report}\n{len(kills)} kills and the healing run in {time.monotonic() - started:.0f}s"
    )
    assert sum(kill["killed"] and kill["left"] == "STARTED" for kill in kills) >= 10, report

    assert healed.returncode == 0, healed.stdout + healed.stderr
    if kills[-1]["left"] == "STARTED":
        assert f"recovery: run {kills[-1]['run_id'][:8]}" in healed.stdout
    assert counts(warehouse.published) == expected
    with warehouse.instance() as instance:
        unfinished = instance.get_runs(
            filters=dg.RunsFilter(
                statuses=[
                    dg.DagsterRunStatus.NOT_STARTED,
                    dg.DagsterRunStatus.STARTING,
                    dg.DagsterRunStatus.STARTED,
                ]
            )
        )
        assert not unfinished
        pool = instance.event_log_storage.get_concurrency_info("duckdb")
        assert pool.claimed_slots == [] and pool.pending_steps == []
    directory = warehouse.published.parent
    assert not list(directory.glob(".*.tmp*")), "publication staging files left"
    entries = [entry for entry in (directory / ".store").glob("*/*") if entry.is_dir()]
    assert entries and all((entry / "_entry.json").exists() for entry in entries)
    assert not list((directory / ".store").glob("*/*/*.tmp"))
