"""Automation: the jobs, a sensor for new or changed documents, and a daily refresh schedule.

The sensor and the schedule request ONE extraction run over the partitions of the documents whose
content or extractor version changed (a partition range; unchanged documents inside it are not
extracted again, only reported); dbt and publication follow through their eager automation
conditions (evaluated by the automation sensor under the Dagster daemon).
"""

import dagster as dg

from extract import ManifestError, load_manifest
from pipeline.defs.validation import raw_suite_checks
from pipeline.lib.build_state import digest
from pipeline.lib.guards import HOW_TO_ALLOW, ShrinkLimits, ShrinkRefused, shrink_problems
from pipeline.lib.partitions import documents_partitions, partition_range_tags
from pipeline.lib.recovery import describe, recover_runs
from pipeline.lib.refresh import plan_refresh
from pipeline.lib.resources import SourcesResource, WarehouseResource
from pipeline.lib.store import ExtractionStore

extract_documents_job = dg.define_asset_job(
    "extract_documents",
    # The suites validate whole tables, so they run once per build, not once per document.
    selection=dg.AssetSelection.groups("extraction") - dg.AssetSelection.checks(*raw_suite_checks),
    partitions_def=documents_partitions,
    description=(
        "Extract documents (one partition each, any number per run) into the extraction store "
        "in parallel, then load them into the raw tables."
    ),
)

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
    default_status=dg.DefaultSensorStatus.STOPPED,
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
    cron_schedule="0 5 * * *",
    job=extract_documents_job,
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Daily refresh: re-read the sources, extract what changed (URLs are re-fetched).",
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
    return runs or dg.SkipReason(f"nothing to refresh ({summary})")
