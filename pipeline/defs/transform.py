"""Transform and publish: dbt builds staging → intermediate → marts, then publication.

dbt tests run inside ``dbt build`` and appear in Dagster as asset checks; a failing test fails
the build step, so publication does not happen and the previous warehouse stays in place.

dbt runs with one thread per core (``DBT_THREADS`` to change it) and builds only the models the
run selected: ``python -m pipeline.run`` selects those downstream of raw tables that changed, the
automation sensor (``pipeline.defs.automation``) those whose parents were updated and whose
blocking checks passed. Each model's materialization carries its row count, column types and
column lineage (dagster-dbt's ``fetch_row_counts`` / ``fetch_column_metadata``, which wait for
dbt to exit on DuckDB: one writer per file); progress (models done of total) is logged as dbt
reports each node. Its profile is the one ``make prepare``
parsed with (same ``DBT_DUCKDB_PATH``), so dbt's partial parsing holds between the two.
Publication records what it published (``pipeline.lib.build_state``): a refresh with nothing
changed does nothing. Before it publishes, it asks the raw tables' suites itself (each run again
only where its last pass was on other content): a "Materialize all" backfill builds in a run of
its own, into which Dagster does not put the checks of the partitioned raw tables.
"""

import os
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)
from dagster_dbt.core.dbt_event_iterator import DbtEventIterator

from pipeline.defs.validation import raw_suites_not_passed
from pipeline.lib.build_state import (
    BUILT_FILE,
    dbt_project_checksum,
    file_signature,
    write_json,
)
from pipeline.lib.catalog import OWNERS, PUBLISHED_FRESHNESS, layer_tags
from pipeline.lib.conditions import BUILD_CONDITION, CHECK_CONDITION
from pipeline.lib.data_docs import docs_url
from pipeline.lib.dbt import dbt_project, dbt_threads
from pipeline.lib.executors import GX_CHECK_PREFIX
from pipeline.lib.resources import DUCKDB_POOL, WarehouseResource
from pipeline.lib.warehouse import RAW_SCHEMA, publish, table_fingerprints

PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])


_TEST_WORDS = {
    "unique": "is unique",
    "not_null": "is never null",
    "accepted_values": "takes only the accepted values",
    "relationships": "refers to an existing row",
}


def _test_description(test: Mapping[str, Any]) -> str:
    """What a dbt test checks, in words, when its YAML gives no description."""
    metadata = test.get("test_metadata") or {}
    kwargs = metadata.get("kwargs") or {}
    column = kwargs.get("column_name") or test.get("column_name")
    name = metadata.get("name")
    if name == "accepted_values":
        return f"`{column}` takes only the values {', '.join(map(str, kwargs.get('values', [])))}."
    if name == "relationships":
        target = str(kwargs.get("to", "")).replace("ref(", "").replace(")", "").strip("'\"")
        return f"Every `{column}` exists as `{kwargs.get('field')}` in `{target}`."
    if name in _TEST_WORDS:
        return f"`{column}` {_TEST_WORDS[name]}."
    return f"dbt test {test.get('name')} ({test.get('original_file_path')})."


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """dbt models grouped by layer (staging, intermediate, marts) as their folders are, owned by
    the data engineering team, tagged with their layer, and rebuilt by the automation sensor.
    dbt tests become checks with their YAML name and description; ``severity: error`` tests
    block what depends on them, ``severity: warn`` tests only warn."""

    def __init__(self):
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_code_references=True))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_group_name(dbt_resource_props)
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "transform"

    def get_owners(self, dbt_resource_props: Mapping[str, Any]):
        return super().get_owners(dbt_resource_props) or OWNERS

    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        layer = self.get_group_name(dbt_resource_props) or "transform"
        return {**super().get_tags(dbt_resource_props), **layer_tags(layer)}

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.AutomationCondition | None:
        return BUILD_CONDITION

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        test = manifest["nodes"][unique_id]
        description = (
            test.get("description")
            or (test.get("meta") or {}).get("description")
            or (test.get("config", {}).get("meta") or {}).get("description")
            or _test_description(test)
        )
        severity = (test.get("config", {}).get("severity") or "error").lower()
        return dg.AssetCheckSpec(
            name=spec.name,
            asset=spec.asset_key,
            description=f"{description} (dbt test, severity {severity})",
            additional_deps=spec.additional_deps,
            metadata={**spec.metadata, "severity": severity},
            blocking=spec.blocking,
            automation_condition=CHECK_CONDITION,
        )


def _with_progress(context: dg.AssetExecutionContext, events: Iterator) -> Iterator:
    """Log models done of total as dbt reports them (the run command prints these lines)."""
    total = len(context.selected_output_names)
    done = 0
    for event in events:
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            done += 1
            name = event.output_name if isinstance(event, dg.Output) else event.asset_key
            context.log.info(f"dbt progress: {done}/{total} models built ({name})")
        yield event


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
    invocation = dbt.cli(["build", "--threads", str(dbt_threads())], context=context)
    context.log.info(f"dbt progress: 0/{len(context.selected_output_names)} models built")
    events = DbtEventIterator(_with_progress(context, invocation.stream()), invocation)
    # Row counts (tables), column types and column lineage, read once dbt has exited.
    try:
        yield from events.fetch_row_counts().fetch_column_metadata()
    finally:
        _close_adapter_connections(invocation)


def _close_adapter_connections(invocation) -> None:
    """The fetch helpers read through dbt-duckdb's adapter, which keeps its DuckDB connection open
    in this process; close it, or the checks and publication that follow in the same process
    cannot open the file (DuckDB: one configuration per file per process)."""
    import gc

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    if invocation.adapter is not None:
        invocation.adapter.cleanup_connections()
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()
    # The helpers' worker threads leave cursors behind; DuckDB releases the file with the last.
    gc.collect()


@dg.asset(
    key=PUBLISHED_KEY,
    deps=[dbt_models],
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool=DUCKDB_POOL,
    automation_condition=BUILD_CONDITION,
    owners=OWNERS,
    tags=layer_tags("publish"),
    freshness_policy=PUBLISHED_FRESHNESS,
    description=(
        "The published warehouse file BI tools open read-only (DuckDB 1.4 storage format), "
        "replaced atomically after every blocking check passed, and Parquet copies of the marts."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    paths = warehouse.paths
    failed = {f"{GX_CHECK_PREFIX}{run.suite}": run.suite for run in raw_suites_not_passed(paths)}
    if failed:
        raise dg.Failure(
            description=(
                "not published: blocking Great Expectations suites fail on the raw tables: "
                + ", ".join(failed)
                + " (the previous published file is unchanged)"
            ),
            metadata={
                check: dg.MetadataValue.url(docs_url(suite)) for check, suite in failed.items()
            },
        )
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
