"""Automation: the jobs and the three things an unattended refresh needs, all declared here.

- ``documents_sensor`` (every minute): adds a partition per new manifest entry, removes those of
  entries that left, and requests ONE ``extract_documents`` run over the documents whose content
  or extractor version changed (a partition range; unchanged documents inside it are reported,
  not extracted again).
- ``daily_refresh_schedule`` (05:00 UTC): the same request, for changes the sensor cannot see
  (URLs are re-fetched). When nothing changed and the published file is the last build's, it
  records that the warehouse is current (a reported materialization of ``warehouse/published``),
  so the freshness policy of the published file holds on quiet days too.
- ``warehouse_automation_sensor``: evaluates the automation conditions. After an extraction run
  it requests, in one run, the raw Great Expectations suites of the updated tables, the dbt
  models downstream of them and publication; a failing blocking check stops what depends on it.

All three are stopped by default: turn them on in the UI (Automation), or start ``make dev``
with ``WAREHOUSE_AUTOMATION=on`` for an unattended refresh; the daemon (``make dev`` starts it)
runs them.
"""

import os

import dagster as dg

from extract import ManifestError, load_manifest
from pipeline.defs.extraction import extract_documents_job_definition
from pipeline.defs.validation import raw_suite_checks
from pipeline.lib.build_state import (
    BUILT_FILE,
    dbt_project_checksum,
    digest,
    file_signature,
    read_json,
)
from pipeline.lib.catalog import REFRESH_CRON
from pipeline.lib.dbt import dbt_project
from pipeline.lib.guards import HOW_TO_ALLOW, ShrinkLimits, ShrinkRefused, shrink_problems
from pipeline.lib.partitions import documents_partitions, partition_range_tags
from pipeline.lib.recovery import describe, recover_runs
from pipeline.lib.refresh import plan_refresh
from pipeline.lib.resources import SourcesResource, WarehouseResource
from pipeline.lib.store import ExtractionStore
from pipeline.lib.warehouse import RAW_SCHEMA, table_fingerprints

AUTOMATION_ENV = "WAREHOUSE_AUTOMATION"
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


def _automation_on() -> bool:
    return (os.environ.get(AUTOMATION_ENV) or "").lower() in ("on", "1", "true", "yes")


SENSOR_STATUS = (
    dg.DefaultSensorStatus.RUNNING if _automation_on() else dg.DefaultSensorStatus.STOPPED
)
SCHEDULE_STATUS = (
    dg.DefaultScheduleStatus.RUNNING if _automation_on() else dg.DefaultScheduleStatus.STOPPED
)

# The suites validate whole tables, so they run once per build, not once per document.
extract_documents_job = extract_documents_job_definition(excluded_checks=raw_suite_checks)

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.checks(*raw_suite_checks)
    | dg.AssetSelection.groups("staging", "intermediate", "marts", "publish"),
    description="Check the raw tables, run dbt build, publish if every blocking check passed.",
    # Every step is in the `duckdb` pool (one at a time): no process per step.
    executor_def=dg.in_process_executor,
)


def _refresh_requests(
    context: dg.SensorEvaluationContext | dg.ScheduleEvaluationContext,
    sources: SourcesResource,
    warehouse: WarehouseResource,
) -> tuple[list[dg.RunRequest], list, str]:
    manifest = load_manifest(sources.manifest_path)
    for warning in manifest.warnings:
        context.log.warning(f"manifest {manifest.path.name}: {warning}")
    for invalid in manifest.invalid:
        context.log.warning(
            f"invalid entry, fails alone as {invalid.document_id}: {invalid.problem}"
        )
    # Runs left by dead processes would hold the duckdb pool: the requested run would wait forever.
    try:
        for line in describe(recover_runs(context.instance)):
            context.log.info(line)
    except Exception as exc:  # recovery must never stop the refresh itself
        context.log.warning(f"recovery of stale runs failed: {type(exc).__name__}: {exc}")
    paths = warehouse.paths
    plan = plan_refresh(manifest, ExtractionStore(paths.store_uri), paths.work)
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    partition_requests: list = []
    new = [doc for doc in manifest.document_ids if doc not in known]
    if new:
        partition_requests.append(documents_partitions.build_add_request(new))
    stale = sorted(known - set(manifest.document_ids))
    problems = shrink_problems(
        {"documents": len(known)}, {"documents": len(manifest.documents)}, ShrinkLimits.from_env()
    )
    if stale and problems:
        raise ShrinkRefused(
            f"the manifest lists {len(manifest.documents)} documents: {'; '.join(problems)}; "
            f"nothing is removed ({HOW_TO_ALLOW})"
        )
    if stale:
        partition_requests.append(documents_partitions.build_delete_request(stale))
    ordered = [doc for doc in context.instance.get_dynamic_partitions(documents_partitions.name)]
    ordered += [doc for doc in new if doc not in known]
    runs = []
    if plan.to_run:
        versions = {
            doc: plan.entries[doc].key if doc in plan.entries else None for doc in plan.to_run
        }
        runs.append(
            dg.RunRequest(
                # Same documents at the same versions: the same request, not a second run.
                run_key=f"extract:{digest(sorted(versions.items()))}",
                job_name=extract_documents_job.name,
                tags=partition_range_tags(ordered, plan.to_run),
            )
        )
    summary = (
        f"{len(plan.to_extract)} to extract, {len(plan.to_load)} to load, "
        f"{len(plan.unchanged)} unchanged, {len(new)} new partitions, {len(stale)} removed"
    )
    return runs, partition_requests, summary


@dg.sensor(
    jobs=[extract_documents_job],
    minimum_interval_seconds=60,
    default_status=SENSOR_STATUS,
    description="Notices new or changed files in the sources manifest and extracts them.",
)
def documents_sensor(
    context: dg.SensorEvaluationContext, sources: SourcesResource, warehouse: WarehouseResource
) -> dg.SensorResult:
    try:
        runs, partition_requests, summary = _refresh_requests(context, sources, warehouse)
    except ManifestError as exc:
        return dg.SkipReason(f"manifest unusable: {exc}")
    except ShrinkRefused as exc:
        return dg.SkipReason(f"refresh refused: {exc}")
    if not runs and not partition_requests:
        return dg.SkipReason(f"nothing changed ({summary})")
    return dg.SensorResult(run_requests=runs, dynamic_partitions_requests=partition_requests)


@dg.schedule(
    cron_schedule=REFRESH_CRON,
    job=extract_documents_job,
    execution_timezone="UTC",
    default_status=SCHEDULE_STATUS,
    description=(
        "Daily refresh: re-read the sources, extract what changed (URLs are re-fetched); on a "
        "day with nothing to refresh, record that the published warehouse is current."
    ),
)
def daily_refresh_schedule(
    context: dg.ScheduleEvaluationContext, sources: SourcesResource, warehouse: WarehouseResource
):
    try:
        runs, partition_requests, summary = _refresh_requests(context, sources, warehouse)
    except ManifestError as exc:
        return dg.SkipReason(f"manifest unusable: {exc}")
    except ShrinkRefused as exc:
        return dg.SkipReason(f"refresh refused: {exc}")
    # A schedule cannot add partitions: new documents are the documents sensor's to add.
    if partition_requests:
        return dg.SkipReason(f"the manifest changed: the documents sensor adds them ({summary})")
    if runs:
        return runs
    current = warehouse_is_current(warehouse)
    if current:
        context.instance.report_runless_asset_event(
            dg.AssetMaterialization(
                asset_key=PUBLISHED_KEY,
                description="Daily refresh: nothing changed, the published warehouse is current.",
                metadata={"republished": False, "reason": current},
            )
        )
    return dg.SkipReason(f"nothing to refresh ({summary}); {current or 'not yet published'}")


def warehouse_is_current(warehouse: WarehouseResource) -> str | None:
    """Why the published file is current (no raw table, dbt project or file changed since the
    last publication), or None when a build is due."""
    paths = warehouse.paths
    built = read_json(paths.state_dir / BUILT_FILE)
    if not built or not paths.published.exists():
        return None
    if built.get("published") != file_signature(paths.published):
        return None
    if built.get("dbt_project") != dbt_project_checksum(dbt_project.manifest_path):
        return None
    if built.get("raw") != table_fingerprints(paths.work, RAW_SCHEMA):
        return None
    return "raw tables, dbt project and published file unchanged since the last publication"


warehouse_automation_sensor = dg.AutomationConditionSensorDefinition(
    "warehouse_automation_sensor",
    # Everything with an automation condition: the raw suites, the dbt models, publication.
    target=dg.AssetSelection.all(),
    default_status=SENSOR_STATUS,
    minimum_interval_seconds=30,
    description=(
        "After an extraction: the raw Great Expectations suites of the updated tables, the dbt "
        "models downstream of them and publication, in one run (blocking checks first)."
    ),
)
