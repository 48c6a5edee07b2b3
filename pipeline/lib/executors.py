"""Where the steps of a run execute, chosen by environment (see README, "Scaling out").

- ``DAGSTER_EXECUTOR=multiprocess`` (default): one process per step on this machine, at most
  ``EXTRACTION_WORKERS`` at a time (default: the number of cores). Steps start from a fork
  server that has already imported the definitions (the run command's extraction run: only the
  extraction's; Great Expectations only when the run has suite checks), so a step costs a fork,
  not an import. A run whose steps are all in the
  ``duckdb`` pool (one at a time anyway: the build that "Materialize all" launches after
  extraction) runs them in its own process instead.
- ``DAGSTER_EXECUTOR=dask``: dagster-dask's executor; every step is a task on the Dask cluster
  at ``DASK_SCHEDULER_ADDRESS`` (e.g. ``tcp://scheduler:8786``), or on a local cluster of
  ``EXTRACTION_WORKERS`` worker processes when no address is set. Workers need this project on
  their ``PYTHONPATH``, the same ``DAGSTER_HOME`` (a persistent instance) and the extraction
  store on storage they share (``EXTRACTION_STORE``).
- ``DAGSTER_EXECUTOR=in_process``: every step in the run's own process (debugging).

The extraction job fans out into ``EXTRACTION_SHARDS`` steps (default: ``EXTRACTION_WORKERS``),
a number fixed when the definitions load: Dask's executor submits the steps of the execution plan
as it is before the run starts, so it cannot run steps mapped over a dynamic output.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import dagster as dg

from pipeline.lib.resources import DUCKDB_POOL

EXECUTOR_ENV = "DAGSTER_EXECUTOR"
WORKERS_ENV = "EXTRACTION_WORKERS"
SHARDS_ENV = "EXTRACTION_SHARDS"
DASK_ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"
EXECUTORS = ("multiprocess", "dask", "in_process")
PRELOADED_MODULES = ("pipeline.definitions",)
# Great Expectations takes seconds to import: the fork server imports it only for a run with
# suite checks among steps it forks, not for every extraction run.
GX_MODULES = ["great_expectations", "pipeline.lib.gx_validation"]
GX_CHECK_PREFIX = "ge_"
"""Name of every Great Expectations suite check: ``ge_<suite>``."""


def _positive(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    number = int(value)
    if number < 1:
        raise ValueError(f"{name} must be a positive integer, not {value!r}")
    return number


def workers() -> int:
    """Steps that run at once (multiprocess) or worker processes of a local Dask cluster."""
    return _positive(WORKERS_ENV, os.cpu_count() or 1)


def shards() -> int:
    """Extraction steps per run: each extracts its share of the run's documents."""
    return _positive(SHARDS_ENV, workers())


def executor_kind() -> str:
    kind = os.environ.get(EXECUTOR_ENV) or "multiprocess"
    if kind not in EXECUTORS:
        raise ValueError(f"{EXECUTOR_ENV} must be one of {', '.join(EXECUTORS)}, not {kind!r}")
    return kind


def executor_from_env(
    preload_modules: Sequence[str] = PRELOADED_MODULES,
) -> dg.ExecutorDefinition:
    """The executor the environment names; the fork server of the multiprocess one imports
    ``preload_modules`` (default: the whole code location) before it forks a step."""
    kind = executor_kind()
    if kind == "in_process":
        return dg.in_process_executor
    if kind == "dask":
        from dagster_dask import dask_executor

        address = os.environ.get(DASK_ADDRESS_ENV)
        cluster = (
            {"existing": {"address": address}}
            if address
            else {"local": {"n_workers": workers(), "processes": True}}
        )
        return dg.ExecutorDefinition(
            name="dask",
            config_schema=dask_executor.config_schema,
            requirements=dg.multiple_process_executor_requirements(),
            executor_creation_fn=_create_dask_executor,
        ).configured({"cluster": cluster}, name="dask")
    return dg.ExecutorDefinition(
        name="multiprocess",
        config_schema=dg.multiprocess_executor.config_schema,
        requirements=dg.multiple_process_executor_requirements(),
        executor_creation_fn=_create_pool_aware_executor,
    ).configured(
        {
            "max_concurrent": workers(),
            "start_method": {"forkserver": {"preload_modules": list(preload_modules)}},
        },
        name="multiprocess",
    )


def _create_pool_aware_executor(init_context):
    from dagster._core.definitions.executor_definition import (
        _core_multiprocess_executor_creation,
    )

    config = dict(init_context.executor_config)
    with_gx = dict(config)
    start = config.get("start_method") or {}
    if "forkserver" in start:
        preload = list((start["forkserver"] or {}).get("preload_modules") or [])
        with_gx["start_method"] = {"forkserver": {"preload_modules": [*preload, *GX_MODULES]}}
    return _pool_aware_executor_class()(
        _core_multiprocess_executor_creation(config),
        _core_multiprocess_executor_creation(with_gx),
    )


def _pool_aware_executor_class():
    from dagster._core.executor.base import Executor
    from dagster._core.executor.in_process import InProcessExecutor

    class PoolAwareExecutor(Executor):
        """The multiprocess executor, except for a run whose steps can only run one at a time
        (every step in the ``duckdb`` pool of one slot: checks, dbt, publication). Such a run
        executes in its own process: a fork server started and a process forked per step would
        only add their start-up to a run that gains nothing from them."""

        def __init__(self, multiprocess, multiprocess_with_gx):
            self.multiprocess = multiprocess
            self.multiprocess_with_gx = multiprocess_with_gx
            self.in_process = InProcessExecutor(
                retries=multiprocess.retries,
                step_dependency_config=multiprocess.step_dependency_config,
            )

        @property
        def retries(self):
            return self.multiprocess.retries

        @property
        def step_dependency_config(self):
            return self.multiprocess.step_dependency_config

        def execute(self, plan_context, execution_plan):
            steps = execution_plan.get_steps_to_execute_in_topo_order()
            if all(step.pool == DUCKDB_POOL for step in steps):
                executor = self.in_process
            elif any(GX_CHECK_PREFIX in step.key for step in steps):
                executor = self.multiprocess_with_gx
            else:
                executor = self.multiprocess
            yield from executor.execute(plan_context, execution_plan)

    return PoolAwareExecutor


def _create_dask_executor(init_context):
    ((cluster_type, cluster_configuration),) = init_context.executor_config["cluster"].items()
    return _dask_executor_class()(cluster_type, cluster_configuration)


class _Opaque:
    """Hands Dagster's records to Dask as one object Dask does not look into.

    Dask (2024.12 and later) walks the tuples among a task's arguments to find nested tasks;
    a ``DagsterRun`` is a tuple and, in a run that uses pools, holds a ``RunOpConcurrency``
    record, which refuses to be iterated. dagster-dask 0.29.27 passes the run as it is, so every
    such run failed before its first step.
    """

    def __init__(self, value: object):
        self.value = value


def _execute_step_on_dask_worker(dependencies: object, payload: _Opaque):
    from dagster_dask.executor import query_on_dask_worker

    return query_on_dask_worker(dependencies, *payload.value)


def _dask_executor_class():
    import dask.distributed
    from dagster._core.errors import raise_execution_interrupts
    from dagster._utils import iterate_with_context
    from dagster_dask.executor import DaskExecutor, get_dask_resource_requirements

    class PoolSafeDaskExecutor(DaskExecutor):
        """dagster-dask's executor, with the task arguments wrapped (see ``_Opaque``)."""

        def execute(self, plan_context, execution_plan):
            if self.cluster_type == "existing":
                cluster = self.cluster_configuration["address"]
            elif self.cluster_type == "local":
                cluster = dask.distributed.LocalCluster(**self.build_dict(plan_context.job_name))
            else:  # the other cluster managers, as dagster-dask runs them
                yield from super().execute(plan_context, execution_plan)
                return
            if not plan_context.instance.is_persistent:
                raise dg.DagsterInvariantViolationError(
                    "Dask execution requires a persistent DagsterInstance (DAGSTER_HOME)"
                )
            futures: dict[str, object] = {}
            with dask.distributed.Client(cluster) as client:
                for level in execution_plan.get_steps_to_execute_by_level():
                    for step in level:
                        dependencies = [
                            futures[key]
                            for step_input in step.step_inputs
                            for key in step_input.dependency_keys
                        ]
                        payload = _Opaque(
                            (
                                plan_context.reconstructable_job,
                                plan_context.dagster_run,
                                plan_context.run_config,
                                [step.key],
                                plan_context.instance.get_ref(),
                                execution_plan.known_state,
                            )
                        )
                        futures[step.key] = client.submit(
                            _execute_step_on_dask_worker,
                            dependencies,
                            payload,
                            key=f"{plan_context.job_name}.{step.key}",
                            resources=get_dask_resource_requirements(step.tags),
                            pure=False,
                        )
                completed = dask.distributed.as_completed(list(futures.values()), with_results=True)
                for _, events in iterate_with_context(raise_execution_interrupts, completed):
                    yield from events

    return PoolSafeDaskExecutor
