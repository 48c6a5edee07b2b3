"""Where the steps of a run execute, chosen by environment (see README, "Scaling out").

- ``DAGSTER_EXECUTOR=multiprocess`` (default): one process per step on this machine, at most
  ``EXTRACTION_WORKERS`` at a time (default: the number of cores). Steps start from a fork
  server that has already imported the definitions, so a step costs a fork, not an import.
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

import dagster as dg

EXECUTOR_ENV = "DAGSTER_EXECUTOR"
WORKERS_ENV = "EXTRACTION_WORKERS"
SHARDS_ENV = "EXTRACTION_SHARDS"
DASK_ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"
EXECUTORS = ("multiprocess", "dask", "in_process")


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


def executor_from_env() -> dg.ExecutorDefinition:
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
        return dask_executor.configured({"cluster": cluster}, name="dask")
    return dg.multiprocess_executor.configured(
        {
            "max_concurrent": workers(),
            "start_method": {"forkserver": {"preload_modules": ["pipeline.definitions"]}},
        },
        name="multiprocess",
    )
