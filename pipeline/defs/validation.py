"""Validation: Great Expectations suites from ``expectations/`` run as blocking asset checks.

pandera already guards every frame before it is written (see ``extract``); these suites look at
the tables as stored, across documents. A failing blocking check stops dbt and publication in
the same run, so the published warehouse keeps its previous version.
"""

import json
from pathlib import Path

import dagster as dg

from pipeline.lib.gx_validation import SuiteOutcome, validate_frame
from pipeline.lib.paths import EXPECTATIONS_DIR
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import connect, read_table


def id_columns(table: str, frame_columns: list[str]) -> list[str]:
    """The table's own key and its document, shown beside offending values to find the rows."""
    entity = table.removeprefix("dim_").removeprefix("fct_").removesuffix("s")
    return [
        column
        for column in dict.fromkeys([f"{entity}_id", "document_id"])
        if column in frame_columns
    ]


def suite_query(suite_path: Path) -> str | None:
    """A suite may validate a query over its table (``meta.query``), e.g. a join that exposes
    referential integrity as a column; by default it validates the whole table."""
    return json.loads(suite_path.read_text(encoding="utf-8")).get("meta", {}).get("query")


def suite_target(suite_path: Path) -> dg.AssetKey:
    """``expectations/<schema>_<table>.json`` validates the asset ``<schema>/<table>``."""
    schema, _, table = suite_path.stem.partition("_")
    return dg.AssetKey([schema, table])


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
        query = suite_query(suite_path)
        if query:
            with connect(paths.work, read_only=True) as connection:
                frame = connection.execute(query).df()
        else:
            frame = read_table(paths.work, schema, table)
        outcome = validate_frame(
            suite_path,
            frame,
            data_docs_dir=paths.data_docs_dir,
            id_columns=id_columns(table, list(frame.columns)),
        )
        return check_result(outcome)

    return _check


suite_checks = [_suite_check(path) for path in sorted(EXPECTATIONS_DIR.glob("*.json"))]
raw_suite_checks = [
    check for check in suite_checks if next(iter(check.check_keys)).asset_key.path[0] == "raw"
]
