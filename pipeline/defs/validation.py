"""Validation: Great Expectations suites from ``expectations/`` run as blocking asset checks.

pandera already guards every frame before it is written (see ``extract``); these suites look at
the tables as stored, across documents. A failing blocking check stops dbt and publication in
the same run, so the published warehouse keeps its previous version.
"""

import dagster as dg

from pipeline.lib.gx_validation import SuiteOutcome, validate_frame
from pipeline.lib.paths import EXPECTATIONS_DIR
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import RAW_SCHEMA, read_table

# Suites on raw tables: (suite file stem, raw table, id columns shown for offending rows)
RAW_SUITES = {"raw_claims": ("claims", ["claim_id", "document_id"])}


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


def _raw_suite_check(suite: str, table: str, id_columns: list[str]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey([RAW_SCHEMA, table]),
        name=f"ge_{suite}",
        blocking=True,
        pool=DUCKDB_POOL,
        description=f"Great Expectations suite expectations/{suite}.json on raw.{table}.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        paths = warehouse.paths
        frame = read_table(paths.work, RAW_SCHEMA, table)
        outcome = validate_frame(
            EXPECTATIONS_DIR / f"{suite}.json",
            frame,
            data_docs_dir=paths.data_docs_dir,
            id_columns=id_columns,
        )
        return check_result(outcome)

    return _check


raw_suite_checks = [
    _raw_suite_check(suite, table, id_columns) for suite, (table, id_columns) in RAW_SUITES.items()
]
