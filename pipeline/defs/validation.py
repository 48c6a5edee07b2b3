"""Validation: Great Expectations suites from ``expectations/`` run as blocking asset checks.

pandera already guards every frame before it is written (see ``extract``); these suites look at
the tables as stored, across documents. A failing blocking check stops dbt and publication in
the same run, so the published warehouse keeps its previous version.

A suite runs again only when what it validates changed: its table's content fingerprint (or its
schema's, for a suite with a query) and the suite file are the same as at its last pass, it
reports that pass again without running GX or rebuilding its Data Docs page
(``pipeline.lib.build_state``).
"""

import json
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipeline.lib.build_state import VALIDATED_FILE, digest, read_json, update_json
from pipeline.lib.conditions import CHECK_CONDITION
from pipeline.lib.data_docs import docs_url
from pipeline.lib.executors import GX_CHECK_PREFIX
from pipeline.lib.gx_validation import SuiteOutcome, suite_table, validate_stored_table
from pipeline.lib.paths import EXPECTATIONS_DIR, WarehousePaths
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import table_fingerprints


def suite_target(suite_path: Path) -> dg.AssetKey:
    return dg.AssetKey(list(suite_table(suite_path)))


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    """A Dagster check result that shows which expectation failed on which rows."""
    metadata: dict[str, object] = {
        "suite": outcome.suite_name,
        "expectations_evaluated": outcome.evaluated,
        "expectations_failed": len(outcome.failures),
    }
    if outcome.data_docs_page is not None:
        # The UI opens http links, not file:// ones: `make docs` serves the pages.
        metadata["data_docs"] = dg.MetadataValue.url(docs_url(outcome.suite_name))
        metadata["data_docs_file"] = dg.MetadataValue.path(str(outcome.data_docs_page))
    for failure in outcome.failures:
        label = failure.expectation + (f" ({failure.column})" if failure.column else "")
        if not failure.unexpected_rows.empty:
            text = failure.unexpected_rows.astype(str).to_markdown(index=False)
        else:
            text = ", ".join(map(str, failure.unexpected_examples)) or str(failure.kwargs)
        metadata[f"failed: {label}"] = dg.MetadataValue.md(
            f"{failure.unexpected_count or 0} unexpected\n\n{text}"
        )
    return dg.AssetCheckResult(
        passed=outcome.success, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata
    )


_FINGERPRINTS: dict[tuple, dict[str, str]] = {}


def _schema_fingerprints(database: Path, schema: str) -> dict[str, str]:
    """Computed once per version of the file (the checks of one build share them)."""
    try:
        stat = database.stat()
    except OSError:
        return {}
    key = (str(database), schema, stat.st_size, stat.st_mtime_ns)
    if key not in _FINGERPRINTS:
        _FINGERPRINTS.clear()
        _FINGERPRINTS[key] = table_fingerprints(database, schema)
    return _FINGERPRINTS[key]


def suite_fingerprint(suite_path: Path, paths: WarehousePaths) -> str:
    """The suite file and the content of what it reads: its table, or its schema for a query."""
    schema, table = suite_table(suite_path)
    query = json.loads(suite_path.read_text(encoding="utf-8")).get("meta", {}).get("query")
    tables = _schema_fingerprints(paths.work, schema)
    content = tables if query else tables.get(table)
    return digest(suite_path.read_text(encoding="utf-8"), content)


def _suite_check(suite_path: Path) -> dg.AssetChecksDefinition:
    asset_key = suite_target(suite_path)
    schema, table = asset_key.path

    suite = json.loads(suite_path.read_text(encoding="utf-8"))

    @dg.asset_check(
        asset=asset_key,
        name=f"{GX_CHECK_PREFIX}{suite_path.stem}",
        blocking=True,
        pool=DUCKDB_POOL,
        description=(
            f"Great Expectations suite expectations/{suite_path.name} on {schema}.{table} "
            f"({len(suite.get('expectations', []))} expectations; blocking: a failure stops dbt "
            "and publication). " + str(suite.get("notes") or "")
        ).strip(),
        metadata={
            "suite_file": f"expectations/{suite_path.name}",
            "data_docs": dg.MetadataValue.url(docs_url(suite_path.stem)),
        },
        # The raw suites validate whole tables: the automation sensor runs each once after an
        # extraction run (with the dbt models it gates), not once per document; the marts'
        # suites run with their models.
        automation_condition=CHECK_CONDITION,
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        run = run_suite(suite_path, warehouse.paths)
        if run.outcome is None:
            return dg.AssetCheckResult(
                passed=True,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={
                    "suite": run.suite,
                    "validated": False,
                    "reason": "unchanged since its last pass (same table content and suite)",
                    "fingerprint": run.fingerprint,
                },
            )
        return check_result(run.outcome)

    return _check


@dataclass(frozen=True)
class SuiteRun:
    suite: str
    passed: bool
    fingerprint: str
    outcome: SuiteOutcome | None
    """None when the suite was not run again: its last pass holds (same content, same suite)."""


def run_suite(suite_path: Path, paths: WarehousePaths) -> SuiteRun:
    """Validate the suite's table unless its last pass was on the same content and suite."""
    fingerprint = suite_fingerprint(suite_path, paths)
    state_file = paths.state_dir / VALIDATED_FILE
    last = read_json(state_file).get(suite_path.stem)
    if last and last.get("passed") and last.get("fingerprint") == fingerprint:
        return SuiteRun(suite_path.stem, True, fingerprint, None)
    outcome, _ = validate_stored_table(suite_path, paths.work, data_docs_dir=paths.data_docs_dir)
    state = {"fingerprint": fingerprint, "passed": outcome.success}
    update_json(state_file, suite_path.stem, state)
    return SuiteRun(suite_path.stem, outcome.success, fingerprint, outcome)


SUITES = sorted(EXPECTATIONS_DIR.glob("*.json"))
RAW_SUITES = [path for path in SUITES if suite_table(path)[0] == "raw"]
suite_checks = [_suite_check(path) for path in SUITES]
raw_suite_checks = [
    check for path, check in zip(SUITES, suite_checks, strict=True) if path in RAW_SUITES
]


def raw_suites_not_passed(paths: WarehousePaths) -> list[SuiteRun]:
    """The raw suites that do not pass on the raw tables as they are now (run where their last
    pass is not on the same content). Publication asks this itself: a "Materialize all" backfill
    runs the build in a run of its own, and Dagster does not put the checks of the partitioned
    raw tables into it."""
    return [run for run in (run_suite(path, paths) for path in RAW_SUITES) if not run.passed]
