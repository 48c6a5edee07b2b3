"""Transform and publish: dbt builds staging → intermediate → marts, then publication.

dbt tests run inside ``dbt build`` and appear in Dagster as asset checks; a failing test fails
the build step, so publication does not happen and the previous warehouse stays in place.
"""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipeline.lib.dbt import dbt_project
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import publish

PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """dbt models are grouped by layer (staging, intermediate, marts), as their folders are."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_group_name(dbt_resource_props)
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "transform"

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.AutomationCondition | None:
        # Rebuild after any extraction (the automation sensor evaluates this under the daemon).
        return dg.AutomationCondition.eager()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseDbtTranslator(),
    pool=DUCKDB_POOL,
)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    # dbt's profile takes the working database path from the environment (profiles.yml).
    os.environ["DBT_DUCKDB_PATH"] = str(warehouse.paths.work)
    yield from dbt.cli(["build"], context=context).stream()


@dg.asset(
    key=PUBLISHED_KEY,
    deps=[dbt_models],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool=DUCKDB_POOL,
    automation_condition=dg.AutomationCondition.eager(),
    description=(
        "The published warehouse file BI tools open read-only (DuckDB 1.4 storage format), "
        "replaced atomically after every blocking check passed, and Parquet copies of the marts."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    publication = publish(warehouse.paths)
    context.log.info(f"published {publication.path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(publication.path)),
            "parquet_dir": dg.MetadataValue.path(str(warehouse.paths.parquet_dir)),
            "rows_per_mart": dg.MetadataValue.json(publication.tables),
        }
    )
