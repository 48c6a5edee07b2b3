"""The unattended path, with Dagster's own testing APIs and no person in the loop:

a new or changed file in the manifest → ``documents_sensor`` (``build_sensor_context``) → the
extraction run it requests → the automation conditions (``evaluate_automation_conditions``) →
one run of the raw suites, dbt and publication → the published warehouse holds the document.
"""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest
from dagster_dbt import DbtCliResource

from pipeline.definitions import defs
from pipeline.defs.automation import (
    daily_refresh_schedule,
    documents_sensor,
    warehouse_automation_sensor,
)
from pipeline.lib.dbt import dbt_executable, dbt_project
from pipeline.lib.resources import SourcesResource, WarehouseResource
from tests.conftest import PROJECT_ROOT, write_manifest
from tests.pipeline.test_parallel_run import REPORT

PUBLISHED = dg.AssetKey(["warehouse", "published"])


def _defs_for(manifest, published) -> dg.Definitions:
    """The product's definitions with this test's warehouse and manifest, steps in process."""
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        jobs=defs.jobs,
        sensors=defs.sensors,
        schedules=defs.schedules,
        resources={
            "warehouse": WarehouseResource(published_path=str(published)),
            "sources": SourcesResource(manifest_path=str(manifest)),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        },
        executor=dg.in_process_executor,
    )


class Unattended:
    """Ticks the sensor and the automation sensor, and runs what they request, as the daemon."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.manifest = tmp_path / "sources.yaml"
        self.published = tmp_path / "warehouse" / "warehouse.duckdb"
        self.entries: list[dict] = []
        # persistent: a schedule's context needs an instance it can reopen from its ref
        home = tmp_path / "dagster_home"
        home.mkdir(exist_ok=True)
        shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
        self.instance = dg.DagsterInstance.local_temp(str(home))
        self.defs = _defs_for(self.manifest, self.published)
        self.resources = {
            "warehouse": WarehouseResource(published_path=str(self.published)),
            "sources": SourcesResource(manifest_path=str(self.manifest)),
        }
        self.cursor = None

    def write(self, document_id: str, n: int, p: int) -> None:
        (self.root / f"{document_id}.txt").write_text(
            REPORT.format(n=n, p=p, q=p - 10), encoding="utf-8"
        )
        if document_id not in {entry["id"] for entry in self.entries}:
            self.entries.append(
                {"id": document_id, "file": f"{document_id}.txt", "document_type": "survey_report"}
            )
        write_manifest(self.manifest, self.entries)

    def sensor_tick(self):
        context = dg.build_sensor_context(instance=self.instance, resources=self.resources)
        result = documents_sensor(context)
        if isinstance(result, dg.SkipReason):
            return result, []
        for request in result.dynamic_partitions_requests or []:
            if isinstance(request, dg.AddDynamicPartitionsRequest):
                self.instance.add_dynamic_partitions(
                    request.partitions_def_name, list(request.partition_keys)
                )
            else:
                for key in request.partition_keys:
                    self.instance.delete_dynamic_partition(request.partitions_def_name, key)
        runs = []
        for request in result.run_requests or []:
            job = self.defs.resolve_job_def(request.job_name)
            run = job.execute_in_process(instance=self.instance, tags=request.tags)
            assert run.success
            runs.append(run)
        return result, runs

    def automation_tick(self):
        """One evaluation of the automation conditions, then one run of what they requested."""
        result = dg.evaluate_automation_conditions(
            defs=self.defs, instance=self.instance, cursor=self.cursor
        )
        self.cursor = result.cursor
        requested = [r for r in result.results if r.true_subset.size]
        assets = {r.key for r in requested if isinstance(r.key, dg.AssetKey)}
        checks = {r.key for r in requested if isinstance(r.key, dg.AssetCheckKey)}
        if not assets and not checks:
            return assets, checks, None
        job = self.defs.resolve_implicit_job_def_def_for_assets(list(assets)).get_subset(
            asset_selection=assets, asset_check_selection=checks
        )
        run = job.execute_in_process(instance=self.instance, raise_on_error=False)
        return assets, checks, run

    def published_claims(self, document_id: str) -> set[float]:
        with duckdb.connect(str(self.published), read_only=True) as connection:
            return {
                value
                for (value,) in connection.execute(
                    "select value from marts.fct_claims where document_id = ?", [document_id]
                ).fetchall()
            }


@pytest.fixture(scope="module")
def unattended(tmp_path_factory):
    return Unattended(tmp_path_factory.mktemp("unattended"))


def test_the_automation_the_product_needs_is_declared():
    repository = defs.get_repository_def()
    sensors = {sensor.name: sensor for sensor in repository.sensor_defs}
    assert isinstance(
        sensors["warehouse_automation_sensor"], dg.AutomationConditionSensorDefinition
    )
    assert sensors["warehouse_automation_sensor"] is warehouse_automation_sensor
    assert "documents_sensor" in sensors
    assert repository.has_schedule_def(daily_refresh_schedule.name)
    graph = repository.asset_graph
    for key in (PUBLISHED, dg.AssetKey(["marts", "fct_claims"])):
        assert graph.get(key).automation_condition is not None, key
    raw_suite = dg.AssetCheckKey(dg.AssetKey(["raw", "claims"]), "ge_raw_claims")
    assert graph.get(raw_suite).automation_condition is not None


def test_a_new_document_is_published_without_a_person(unattended: Unattended):
    # The automation sensor is on before any document arrives: its first tick requests nothing.
    assert unattended.automation_tick() == (set(), set(), None)
    unattended.write("report-a", 120, 61)
    unattended.write("report-b", 130, 72)
    _sensor, runs = unattended.sensor_tick()
    assert len(runs) == 1  # one extraction run for both new documents
    assert set(unattended.instance.get_dynamic_partitions("documents")) == {
        "report-a",
        "report-b",
    }

    assets, checks, run = unattended.automation_tick()
    # the raw suites (once, not per document), every dbt model and publication: one run
    assert PUBLISHED in assets
    assert dg.AssetKey(["marts", "fct_claims"]) in assets
    assert {check.name for check in checks if check.asset_key.path[0] == "raw"} >= {
        "ge_raw_claims",
        "ge_raw_documents",
    }
    assert run is not None and run.success, run and run.all_events
    suite_runs = [e for e in run.get_asset_check_evaluations() if e.check_name == "ge_raw_claims"]
    assert len(suite_runs) == 1
    assert unattended.published_claims("report-b") >= {72.0}

    # Nothing more to do: the next ticks request nothing.
    assert isinstance(unattended.sensor_tick()[0], dg.SkipReason)
    assets, checks, run = unattended.automation_tick()
    assert (assets, checks, run) == (set(), set(), None)


def test_a_changed_and_a_new_file_reach_the_published_warehouse(unattended: Unattended):
    unattended.write("report-a", 999, 44)  # changed
    unattended.write("report-c", 150, 83)  # new
    _, runs = unattended.sensor_tick()
    assert len(runs) == 1
    assets, _, run = unattended.automation_tick()
    assert PUBLISHED in assets and run.success
    assert 44.0 in unattended.published_claims("report-a")
    assert 61.0 not in unattended.published_claims("report-a")
    assert 83.0 in unattended.published_claims("report-c")


def test_a_failing_blocking_suite_stops_publication(unattended: Unattended):
    before = unattended.published.stat().st_mtime_ns
    work = unattended.published.parent / ".work" / unattended.published.name
    with duckdb.connect(str(work)) as connection:
        connection.execute(
            "insert into raw.claims by name select * replace "
            "('injected-bad-claim' as claim_id, 140.0 as value, null as quality_flags) "
            "from raw.claims where unit = 'percent' and document_id = 'report-a' limit 1"
        )
    # the daemon ticks while nothing happens (a build's own update is handled on such a tick)
    assert unattended.automation_tick()[0] == set()
    # a changed document triggers the refresh; the injected row makes ge_raw_claims fail
    unattended.write("report-b", 131, 73)
    sensor, runs = unattended.sensor_tick()
    assert len(runs) == 1, sensor
    assets, _checks, run = unattended.automation_tick()
    assert PUBLISHED in assets and not run.success
    failed = {e.check_name for e in run.get_asset_check_evaluations() if not e.passed}
    assert "ge_raw_claims" in failed
    assert unattended.published.stat().st_mtime_ns == before
    # and it is not published on a later tick either
    assets, _, _ = unattended.automation_tick()
    assert PUBLISHED not in assets


def test_publication_asks_the_raw_suites_itself(unattended: Unattended):
    """A build run without the raw checks (the second run of a "Materialize all" backfill,
    which Dagster gives no checks of the partitioned raw tables) does not publish past a
    failing raw suite either: the bad row injected above is still in raw.claims."""
    before = unattended.published.stat().st_mtime_ns
    job = unattended.defs.resolve_implicit_job_def_def_for_assets([PUBLISHED]).get_subset(
        asset_selection={PUBLISHED}, asset_check_selection=set()
    )
    run = job.execute_in_process(instance=unattended.instance, raise_on_error=False)
    assert not run.success
    (failure,) = [e for e in run.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "ge_raw_claims" in failure.event_specific_data.user_failure_data.description
    assert unattended.published.stat().st_mtime_ns == before


def test_the_schedule_records_a_current_warehouse_on_a_quiet_day(tmp_path):
    """Nothing to refresh and the published file is the last build's: a reported
    materialization keeps the freshness policy honest without rebuilding anything."""
    quiet = Unattended(tmp_path)
    quiet.automation_tick()  # the automation sensor is on before the first document arrives
    quiet.write("report-a", 120, 61)
    quiet.sensor_tick()
    quiet.automation_tick()
    context = dg.build_schedule_context(instance=quiet.instance, resources=quiet.resources)
    result = daily_refresh_schedule(context)
    assert isinstance(result, dg.SkipReason)
    event = quiet.instance.get_latest_materialization_event(PUBLISHED)
    assert event.run_id == ""  # reported by the schedule, not a run
    assert event.asset_materialization.metadata["republished"].value is False
