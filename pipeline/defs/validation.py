"""Validation: Great Expectations suites from ``expectations/`` run as blocking asset checks.

pandera already guards every frame before it is written (see ``extract``); these suites look at
the tables as stored, across documents. A failing blocking check stops dbt and publication in
the same run, so the published warehouse keeps its previous version.
"""

from pathlib import Path

import dagster as dg

from pipeline.lib.gx_validation import SuiteOutcome, suite_table, validate_stored_table
from pipeline.lib.paths import EXPECTATIONS_DIR
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource


def suite_target(suite_path: Path) -> dg.AssetKey:
    return dg.AssetKey(list(suite_table(suite_path)))


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    """A Dagster check result that shows which expectation failed on which rows."""
    metadata: dict[str, object] = {
        "suite": outcome.suite_name,
        "expectations_evaluated": outcome.evaluated,
        "expectations_failed": len(outcome.failures),
    }
    if outcome.data_docs_index is not None:
        metadata["data_docs"] = dg.MetadataValue.url(outcome.data_docs_index.as_uri())
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


def _suite_check(suite_path: Path) -> dg.AssetChecksDefinition:
    asset_key = suite_target(suite_path)
    schema, table = asset_key.path

    @dg.asset_check(
        asset=asset_key,
        name=f"ge_{suite_path.stem}",
        blocking=True,
        pool=DUCKDB_POOL,
        description=f"Great Expectations suite expectations/{suite_path.name} on {schema}.{table}.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        paths = warehouse.paths
        outcome, _ = validate_stored_table(
            suite_path, paths.work, data_docs_dir=paths.data_docs_dir
        )
        return check_result(outcome)

    return _check


suite_checks = [_suite_check(path) for path in sorted(EXPECTATIONS_DIR.glob("*.json"))]
raw_suite_checks = [
    check for check in suite_checks if next(iter(check.check_keys)).asset_key.path[0] == "raw"
]
