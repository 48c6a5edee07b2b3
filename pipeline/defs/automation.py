"""Automation: the jobs, a sensor for new or changed documents, and a daily refresh schedule.

The sensor and the schedule only request extraction runs for documents whose content or
extractor version changed; dbt and publication follow through their eager automation
conditions (evaluated by the automation sensor under the Dagster daemon).
"""

import dagster as dg

from extract import ManifestError, load_manifest
from pipeline.defs.validation import raw_suite_checks
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.refresh import plan_refresh
from pipeline.lib.resources import SourcesResource, WarehouseResource

extract_documents_job = dg.define_asset_job(
    "extract_documents",
    # The suites validate whole tables, so they run once per build, not once per document.
    selection=dg.AssetSelection.groups("extraction") - dg.AssetSelection.checks(*raw_suite_checks),
    partitions_def=documents_partitions,
    description="Extract one document (a partition) into the raw tables.",
)

build_warehouse_job = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.checks(*raw_suite_checks)
    | dg.AssetSelection.groups("staging", "intermediate", "marts", "publish"),
    description="Check the raw tables, run dbt build, publish if every blocking check passed.",
)


def _refresh_requests(
    context: dg.SensorEvaluationContext | dg.ScheduleEvaluationContext,
    sources: SourcesResource,
    warehouse: WarehouseResource,
) -> tuple[list[dg.RunRequest], list, str]:
    manifest = load_manifest(sources.manifest_path)
    plan = plan_refresh(manifest, warehouse.paths.work)
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    partition_requests: list = []
    new = [doc for doc in manifest.document_ids if doc not in known]
    if new:
        partition_requests.append(documents_partitions.build_add_request(new))
    stale = sorted(known - set(manifest.document_ids))
    if stale:
        partition_requests.append(documents_partitions.build_delete_request(stale))
    runs = [
        dg.RunRequest(
            run_key=plan.run_key(manifest, document_id),
            partition_key=document_id,
            job_name=extract_documents_job.name,
        )
        for document_id in plan.to_extract
    ]
    summary = (
        f"{len(plan.to_extract)} to extract, {len(plan.unchanged)} unchanged, "
        f"{len(new)} new partitions, {len(stale)} removed"
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
    runs, _, summary = _refresh_requests(context, sources, warehouse)
    # A schedule cannot add partitions: new documents are the documents sensor's to add.
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    runs = [run for run in runs if run.partition_key in known]
    return runs or dg.SkipReason(f"nothing to refresh ({summary})")
