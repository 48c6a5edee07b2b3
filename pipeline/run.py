"""Build the warehouse from the command line: ``python -m pipeline.run`` (what ``make run`` does).

It runs the same Dagster jobs the UI shows, on the instance in ``$DAGSTER_HOME``, so every run
appears in ``make dev`` afterwards:

1. sync the ``documents`` partitions with the manifest (documents that left it are removed);
2. run ``extract_documents`` for each new or changed document (unchanged ones are skipped:
   same content hash and extractor version);
3. run ``build_warehouse``: the raw Great Expectations suites (blocking), ``dbt build`` and
   publication, which happens only if every blocking check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

import dagster as dg

from extract import ManifestError, load_manifest
from pipeline.definitions import defs
from pipeline.defs.automation import build_warehouse_job, extract_documents_job
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.paths import manifest_path, warehouse_paths
from pipeline.lib.raw_tables import RAW_TABLES
from pipeline.lib.refresh import plan_refresh
from pipeline.lib.warehouse import connect, delete_documents, read_table


def _say(message: str) -> None:
    print(f"[warehouse] {message}", flush=True)


def _failed_steps(result: dg.ExecuteInProcessResult) -> list[str]:
    failures = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                failures.append(
                    f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
                )
        elif event.event_type_value == "STEP_FAILURE":
            failures.append(f"step {event.step_key}: {event.event_specific_data.error.message}")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="re-extract every document")
    parser.add_argument(
        "--verbose", action="store_true", help="print Dagster's and dbt's own logs as well"
    )
    args = parser.parse_args(argv)
    # Every event is still recorded on the instance (and shown by `make dev`); the console
    # gets warnings and errors only, so the progress lines below stay readable.
    console = {"console": {"config": {"log_level": "DEBUG" if args.verbose else "WARNING"}}}

    started = time.monotonic()
    paths = warehouse_paths()
    try:
        manifest = load_manifest(manifest_path())
    except ManifestError as exc:
        _say(f"error: {exc}")
        return 2
    _say(f"manifest {manifest.path}: {len(manifest.documents)} documents")

    instance = dg.DagsterInstance.get()
    known = set(instance.get_dynamic_partitions(documents_partitions.name))
    new = [doc for doc in manifest.document_ids if doc not in known]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    plan = plan_refresh(manifest, paths.work)
    stale = sorted((known - set(manifest.document_ids)) | set(plan.removed))
    for document_id in stale:
        if document_id in known:
            instance.delete_dynamic_partition(documents_partitions.name, document_id)
    if plan.removed:
        with connect(paths.work) as connection:
            delete_documents(connection, list(RAW_TABLES), list(plan.removed))
        _say(f"removed {len(plan.removed)} documents no longer in the manifest")

    to_extract = manifest.document_ids if args.force else list(plan.to_extract)
    _say(
        f"extract: {len(to_extract)} new or changed, "
        f"{len(manifest.documents) - len(to_extract)} unchanged (not re-extracted)"
    )
    extract_job = defs.resolve_job_def(extract_documents_job.name)
    run_config = {
        "ops": {"extract_document": {"config": {"force": args.force}}},
        "loggers": console,
    }
    for document_id in to_extract:
        result = extract_job.execute_in_process(
            partition_key=document_id,
            instance=instance,
            run_config=run_config,
            raise_on_error=False,
        )
        documents = read_table(paths.work, "raw", "documents")
        row = documents[documents["document_id"] == document_id]
        status = row["extraction_status"].iloc[0] if len(row) else "not written"
        detail = f" — {row['extraction_error'].iloc[0]}" if status == "failed" else ""
        if not result.success:
            detail += f" (run failed: {'; '.join(_failed_steps(result))})"
        _say(f"  {document_id}: {status}{detail}")

    _say("build: raw checks, dbt build, publish")
    build_log = paths.work.parent / "build.log"
    build_log.parent.mkdir(parents=True, exist_ok=True)
    # dagster-dbt echoes dbt's own output to stdout: keep it in the log unless --verbose.
    with (
        open(build_log, "w", encoding="utf-8") as log,
        contextlib.redirect_stdout(sys.stdout if args.verbose else log),
    ):
        build = defs.resolve_job_def(build_warehouse_job.name).execute_in_process(
            instance=instance, run_config={"loggers": console}, raise_on_error=False
        )
    if not build.success:
        _say("publication stopped; the previous warehouse (if any) is unchanged:")
        for failure in _failed_steps(build):
            _say(f"  {failure}")
        _say(f"dbt's output: {build_log}")
        _say(f"Data Docs: {paths.data_docs_dir / 'index.html'}")
        return 1

    documents = read_table(paths.published, "marts", "dim_documents")
    counts = documents["extraction_status"].value_counts().to_dict()
    _say(
        "documents: "
        + ", ".join(f"{counts.get(status, 0)} {status}" for status in ("ok", "partial", "failed"))
    )
    for row in documents[documents["extraction_status"] == "failed"].itertuples():
        _say(f"  failed {row.document_id}: {row.extraction_error}")
    with connect(paths.published, read_only=True) as connection:
        marts = connection.execute(
            "SELECT table_name, estimated_size FROM duckdb_tables() "
            "WHERE schema_name = 'marts' ORDER BY table_name"
        ).fetchall()
        for table, _ in marts:
            rows = connection.execute(f'SELECT count(*) FROM marts."{table}"').fetchone()[0]
            _say(f"  marts.{table}: {rows} rows")
    _say(f"published {paths.published} (+ Parquet in {paths.parquet_dir})")
    _say(f"Data Docs: {paths.data_docs_dir / 'index.html'}")
    _say(f"done in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
