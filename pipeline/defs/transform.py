"""Transform and publish: dbt builds staging → intermediate → marts, then publication.

dbt tests run inside ``dbt build`` and appear in Dagster as asset checks; a failing test fails
the build step, so publication does not happen and the previous warehouse stays in place.

dbt runs with one thread per core (``DBT_THREADS`` to change it) and builds only the models the
run selected: ``python -m pipeline.run`` selects those downstream of raw tables that changed, the
UI's eager automation those whose parents were updated. Its profile is the one ``make prepare``
parsed with (same ``DBT_DUCKDB_PATH``), so dbt's partial parsing holds between the two.
Publication records what it published (``pipeline.lib.build_state``): a refresh with nothing
changed does nothing.
"""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipeline.lib.build_state import (
    BUILT_FILE,
    dbt_project_checksum,
    file_signature,
    write_json,
)
from pipeline.lib.dbt import dbt_project, dbt_threads
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import RAW_SCHEMA, publish, table_fingerprints

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
    yield from dbt.cli(["build", "--threads", str(dbt_threads())], context=context).stream()


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
    paths = warehouse.paths
    raw = table_fingerprints(paths.work, RAW_SCHEMA)
    publication = publish(paths)
    context.log.info(f"published {publication.path}")
    write_json(
        paths.state_dir / BUILT_FILE,
        {
            "raw": raw,
            "dbt_project": dbt_project_checksum(dbt_project.manifest_path),
            "published": file_signature(publication.path),
        },
    )
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(publication.path)),
            "parquet_dir": dg.MetadataValue.path(str(warehouse.paths.parquet_dir)),
            "rows_per_mart": dg.MetadataValue.json(publication.tables),
        }
    )
