"""Build the warehouse from the command line: ``python -m pipeline.run`` (what ``make run`` does).

It runs the same Dagster jobs the UI shows, on the instance in ``$DAGSTER_HOME``, so every run
appears in ``make dev`` afterwards:

0. recover from runs killed earlier: runs left unfinished by processes that no longer run are
   marked failed and their ``duckdb`` pool slots freed, and stale files of interrupted runs are
   removed (``pipeline.lib.recovery``); a manifest that would empty or sharply shrink the
   warehouse is refused before anything is removed (``pipeline.lib.guards``, ``--allow-shrink``);
1. sync the ``documents`` partitions with the manifest (documents that left it are removed);
2. decide from the extraction store which documents are new or changed (no complete store
   entry for their content hash and the extractor version); the others are not extracted again;
3. ONE ``extract_documents`` run over those documents: shards extract them in parallel into
   the store (``--workers`` processes, default one per core, or a Dask cluster; see
   ``pipeline.lib.executors``), then one step loads them into the raw tables;
4. ``build_warehouse`` for what changed: the raw Great Expectations suites whose table changed
   (blocking), ``dbt build`` of the models downstream of changed raw tables, and publication,
   which happens only if every blocking check passed. When no raw table changed and the
   published file is the one the last build wrote, nothing runs at all.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time


def _say(message: str) -> None:
    print(f"[warehouse] {message}", flush=True)


class _Progress:
    """Prints progress from the instance's event log while a run goes on (its steps may run in
    other processes): documents extracted of the run's total, dbt models built of the total."""

    def __init__(self, instance, started_after: float, total_documents: int = 0):
        import threading

        self.instance = instance
        # The build redirects sys.stdout to its log: progress goes to the terminal it started on.
        self.out = sys.stdout
        self.started_after = started_after
        self.total = total_documents
        self.done = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=10)

    def _watch(self) -> None:
        import dagster as dg

        run_id, cursor = None, None
        while not self.stop.wait(1.0):
            try:
                if run_id is None:
                    runs = self.instance.get_runs(limit=1)
                    if runs and runs[0].status != dg.DagsterRunStatus.NOT_STARTED:
                        record = self.instance.get_run_record_by_id(runs[0].run_id)
                        if record and record.create_timestamp.timestamp() >= self.started_after:
                            run_id = runs[0].run_id
                    continue
                connection = self.instance.get_records_for_run(run_id, cursor=cursor)
                cursor = connection.cursor
                for record in connection.records:
                    self._show(record.event_log_entry.user_message or "")
            except Exception:  # progress is best effort; the run's own result decides
                continue

    def _show(self, message: str) -> None:
        if message.startswith("extracted ") and self.total:
            self.done += 1
            line = f"  extracted {self.done}/{self.total}: {message.removeprefix('extracted ')}"
        elif message.startswith("dbt progress: "):
            line = f"  dbt: {message.removeprefix('dbt progress: ')}"
        else:
            return
        print(f"[warehouse] {line}", file=self.out, flush=True)


def _failed_steps(result) -> list[str]:
    import dagster as dg

    failures = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                failures.append(
                    f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
                )
        elif event.event_type_value == "STEP_FAILURE":
            failures.append(
                f"step {event.step_key}: {_error_text(event.event_specific_data.error)}"
            )
    if not failures and not result.success:
        # A run that failed outside its steps (e.g. its executor could not start them).
        for event in result.all_events:
            error = getattr(event.event_specific_data, "error", None)
            if event.event_type_value == "PIPELINE_FAILURE" and error is not None:
                failures.append(f"run: {error.message.strip()}")
    return failures


def _error_text(error) -> str:
    """What went wrong in a step: the op's own exception, not Dagster's wrapper around it."""
    while error.cause is not None and error.cls_name == "DagsterExecutionStepExecutionError":
        error = error.cause
    text = error.message.strip()
    qualified, _, rest = text.partition(": ")
    if error.cls_name and qualified.endswith(error.cls_name) and rest:
        text = f"{error.cls_name}: {rest}"  # no module path
    return text


def extraction_job():
    """The extraction job, reconstructable in every worker process (multiprocess, Dask).

    It comes from definitions that hold only the extraction (and its resources), so the
    processes that run it -- this one until the build, the fork server, the shards -- never
    import dbt or Great Expectations: about 100 MiB less each. Its runs, assets and checks are
    the code location's own (same job name, asset keys and partitions)."""
    import dagster as dg

    from pipeline.defs.extraction import (
        EXTRACT_DOCUMENTS_JOB,
        extract_document_asset,
        extract_documents_job_definition,
    )
    from pipeline.lib.executors import executor_from_env
    from pipeline.lib.resources import warehouse_resources

    defs = dg.Definitions(
        assets=[extract_document_asset],
        jobs=[extract_documents_job_definition()],
        resources=warehouse_resources(),
        executor=executor_from_env(preload_modules=["pipeline.defs.extraction"]),
    )
    return defs.resolve_job_def(EXTRACT_DOCUMENTS_JOB)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="re-extract every document")
    parser.add_argument(
        "--workers",
        type=int,
        help="extraction processes at once (default: EXTRACTION_WORKERS, else one per core)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="print Dagster's and dbt's own logs as well"
    )
    parser.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even an empty or sharply shrunk warehouse (see pipeline.lib.guards)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.workers is not None:
        if args.workers < 1:
            _say("error: --workers must be at least 1")
            return 2
        # Read when the definitions load, here and in every worker process.
        os.environ["EXTRACTION_WORKERS"] = str(args.workers)
    if args.allow_shrink:
        os.environ["WAREHOUSE_ALLOW_SHRINK"] = "1"  # read by publication, in this process
    # Dagster's opt-in (dagster-io/dagster#29288): a run over many document partitions records
    # one planned event per raw table, not one per table and document (~20 ms each on SQLite,
    # 0.2 s per document before any step starts). Its cost on SQLite: the UI shows this run's
    # raw partitions neither in progress nor, if the run fails, failed (the command reports a
    # failed run itself; the `document_extracted` check is planned per document and shows both).
    # Set the variable to false to keep Dagster's default (README, "One run for many documents").
    os.environ.setdefault("DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS", "true")

    import dagster as dg

    from extract import ManifestError, load_manifest
    from pipeline.lib.build_state import (
        BUILT_FILE,
        dbt_project_checksum,
        file_signature,
        read_json,
    )
    from pipeline.lib.executors import executor_kind, workers
    from pipeline.lib.guards import HOW_TO_ALLOW, ShrinkLimits, shrink_problems
    from pipeline.lib.partitions import documents_partitions, partition_range_tags
    from pipeline.lib.paths import manifest_path, warehouse_paths
    from pipeline.lib.raw_tables import RAW_TABLES
    from pipeline.lib.recovery import describe, owner_tags, recover
    from pipeline.lib.refresh import loaded_versions, plan_refresh
    from pipeline.lib.store import ExtractionStore
    from pipeline.lib.warehouse import (
        RAW_SCHEMA,
        connect,
        delete_documents,
        read_table,
        table_fingerprints,
    )

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
    for warning in manifest.warnings:
        _say(f"  warning: {warning}")
    for invalid in manifest.invalid:
        _say(f"  invalid entry, fails alone as {invalid.document_id}: {invalid.problem}")

    instance = dg.DagsterInstance.get()
    # Before any run of ours: runs left by dead processes, their pool slots, stale files.
    tags = owner_tags()
    recovery = recover(instance, paths, say=_say)
    for line in describe(recovery):
        _say(line)
    if recovery.blocked:
        _say("stopped: processes of a crashed run could not be stopped; they may write DuckDB:")
        for state in recovery.blocked:
            _say(f"  run {state.run_id[:8]}: pids {', '.join(map(str, state.pids))}")
        _say("run again once they have exited")
        return 1
    store = ExtractionStore(paths.store_uri)
    known = instance.get_dynamic_partitions(documents_partitions.name)
    known_set = set(known)
    new = [doc for doc in manifest.document_ids if doc not in known_set]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    plan = plan_refresh(manifest, store, paths.work, force=args.force)
    # An emptied or truncated manifest must not empty the warehouse: refuse before removing.
    problems = shrink_problems(
        {"documents": len(loaded_versions(paths.work))},
        {"documents": len(manifest.documents)},
        ShrinkLimits.from_env(),
    )
    if plan.removed and problems:
        _say("publication stopped; the previous warehouse (if any) is unchanged:")
        for problem in problems:
            _say(f"  the manifest lists {len(manifest.documents)} documents: {problem}")
        _say(f"  nothing was removed; {HOW_TO_ALLOW}")
        return 1
    in_manifest = set(manifest.document_ids)
    for document_id in sorted((known_set - in_manifest) | set(plan.removed)):
        if document_id in known_set:
            instance.delete_dynamic_partition(documents_partitions.name, document_id)
    if plan.removed:
        with connect(paths.work) as connection:
            delete_documents(connection, list(RAW_TABLES), list(plan.removed))
        for document_id in plan.removed:
            store.delete_document(document_id)
        _say(f"removed {len(plan.removed)} documents no longer in the manifest")

    _say(
        f"extract: {len(plan.to_extract)} new or changed, "
        f"{len(plan.unchanged)} unchanged (not re-extracted)"
    )
    if plan.to_load:
        _say(f"  {len(plan.to_load)} unchanged documents are loaded again from the store")
    if plan.to_run:
        ordered = [doc for doc in known if doc in in_manifest] + new
        extract_started = time.monotonic()
        with (
            _Progress(instance, time.time() - 1, len(plan.to_extract)),
            dg.execute_job(
                dg.reconstructable(extraction_job),
                instance=instance,
                run_config={
                    "ops": {
                        "extract_documents_graph": {
                            "ops": {"plan": {"config": {"force": args.force}}}
                        }
                    },
                    "loggers": console,
                },
                tags={**partition_range_tags(ordered, plan.to_run), **tags},
                raise_on_error=False,
            ) as result,
        ):
            extract_failures = [] if result.success else _failed_steps(result)
        _say(
            f"  extraction run: {executor_kind()} executor, {workers()} workers, "
            f"{time.monotonic() - extract_started:.0f}s"
        )
        sources = {source.document_id: source for source in manifest.documents}
        for document_id in plan.to_extract:
            entry = _entry_after_run(store, sources[document_id])
            status = entry.status if entry else "not written"
            detail = f" — {entry.error}" if entry and entry.status == "failed" else ""
            if entry is None and extract_failures:
                detail += f" (run failed: {'; '.join(extract_failures)})"
            _say(f"  {document_id}: {status}{detail}")
        if extract_failures:
            _say("publication stopped; the previous warehouse (if any) is unchanged:")
            for failure in extract_failures:
                _say(f"  {failure}")
            _say("documents extracted before the failure are kept in the store")
            return 1

    # Build only what changed: raw tables whose content differs from the last published build.
    built = read_json(paths.state_dir / BUILT_FILE)
    raw_now = table_fingerprints(paths.work, RAW_SCHEMA)
    changed = sorted(
        table
        for table in set(raw_now) | set(built.get("raw", {}))
        if raw_now.get(table) != built.get("raw", {}).get(table)
    )
    from pipeline.lib.dbt import dbt_project  # dbt is imported only now, after extraction

    project_changed = built.get("dbt_project") != dbt_project_checksum(dbt_project.manifest_path)
    published_current = paths.published.exists() and built.get("published") == file_signature(
        paths.published
    )
    if not changed and not project_changed and published_current:
        _say("build: nothing changed (raw tables, dbt project and published file are current)")
    else:
        # The whole code location (dbt, the suites) is imported only now, after extraction.
        from pipeline.definitions import defs
        from pipeline.defs.automation import build_warehouse_job

        selection, check_selection, reason = _build_selection(
            defs, None if project_changed or not built else changed
        )
        _say(f"build: raw checks, dbt build, publish ({reason})")
        build_log = paths.work.parent / "build.log"
        build_log.parent.mkdir(parents=True, exist_ok=True)
        job = defs.resolve_job_def(build_warehouse_job.name).get_subset(
            asset_selection=selection, asset_check_selection=check_selection
        )
        # dagster-dbt echoes dbt's own output to stdout: keep it in the log unless --verbose.
        with (
            open(build_log, "w", encoding="utf-8") as log,
            _Progress(instance, time.time() - 1),
            contextlib.redirect_stdout(sys.stdout if args.verbose else log),
        ):
            build = job.execute_in_process(
                instance=instance,
                run_config={"loggers": console},
                raise_on_error=False,
                tags=tags,
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
        _say(f"  failed {row.document_id} ({row.failure_reason}): {row.extraction_error}")
    with connect(paths.published, read_only=True) as connection:
        marts = connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY table_name"
        ).fetchall()
        for (table,) in marts:
            rows = connection.execute(f'SELECT count(*) FROM marts."{table}"').fetchone()[0]
            _say(f"  marts.{table}: {rows} rows")
        _say_unpublished(connection)
    _say(f"published {paths.published} (+ Parquet in {paths.parquet_dir})")
    _say(f"Data Docs: {paths.data_docs_dir / 'index.html'}")
    _say(f"done in {time.monotonic() - started:.0f}s")
    return 0


def _say_unpublished(connection) -> None:
    """Values kept out of fct_claims, per document with their reasons (raw.unpublished_values)."""
    rows = connection.execute(
        "SELECT document_id, reason, count(*) FROM raw.unpublished_values "
        "GROUP BY ALL ORDER BY document_id, count(*) DESC, reason"
    ).fetchall()
    per_document: dict[str, list[tuple[str, int]]] = {}
    for document_id, reason, count in rows:
        per_document.setdefault(document_id, []).append((reason, count))
    total = sum(count for *_, count in rows)
    _say(f"  raw.unpublished_values: {total} values not published as claims")
    for document_id, reasons in per_document.items():
        detail = ", ".join(f"{reason} {count}" for reason, count in reasons)
        _say(f"    {document_id}: {sum(c for _, c in reasons)} ({detail})")


def _entry_after_run(store, source):
    """The store entry the run wrote for a document: for its current content, or (URLs,
    unreadable files) the one entry the store keeps for it."""
    return store.current_entry(source) or store.only_entry(source.document_id)


def _build_selection(defs, changed_raw: list[str] | None):
    """Assets and checks of build_warehouse to run: everything downstream of the changed raw
    tables (all of it when ``changed_raw`` is None), and publication."""
    import dagster as dg

    from pipeline.defs.transform import PUBLISHED_KEY

    graph = defs.resolve_asset_graph()
    job_assets = {key for key in graph.get_all_asset_keys() if key.path[0] != "raw"}
    job_checks = set(graph.asset_check_keys)
    in_job_checks = {
        key for key in job_checks if key.asset_key.path[0] != "raw" or key.name.startswith("ge_")
    }
    if changed_raw is None:
        assets = job_assets
        reason = "dbt project changed or first build"
    else:
        raw_keys = [dg.AssetKey(["raw", table]) for table in changed_raw]
        downstream = (
            dg.AssetSelection.assets(*raw_keys).downstream().resolve(graph) if raw_keys else set()
        )
        assets = {key for key in downstream if key in job_assets} | {PUBLISHED_KEY}
        reason = (
            f"changed raw tables: {', '.join(changed_raw)}"
            if changed_raw
            else "published file is not the last build's"
        )
    raw_checks = {key for key in in_job_checks if key.asset_key.path[0] == "raw"}
    if changed_raw is not None and not changed_raw:
        raw_checks = set()
    checks = {key for key in in_job_checks if key.asset_key in assets} | raw_checks
    return assets, checks, reason


if __name__ == "__main__":
    sys.exit(main())
