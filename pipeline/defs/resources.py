"""Resources, declared once: the warehouse, the sources manifest and dbt; and the executor."""

import dagster as dg
from dagster_dbt import DbtCliResource

from pipeline.lib.dbt import dbt_executable, dbt_project
from pipeline.lib.executors import executor_from_env
from pipeline.lib.resources import warehouse_resources


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            **warehouse_resources(),
            "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
        },
        # Every asset job, "Materialize all" included, runs on the executor the environment
        # names (multiprocess by default); build_warehouse runs in process (see automation).
        executor=executor_from_env(),
    )
