"""The Dagster definitions load, and their structure is what the UI and dbt lineage rely on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.defs.extraction import EXTRACT_DOCUMENTS_JOB
from pipeline.lib.raw_tables import RAW_TABLES
from pipeline.lib.resources import DUCKDB_POOL
from pipeline.run import extraction_job


@pytest.fixture(scope="module")
def repository():
    return defs.get_repository_def()


def test_raw_asset_keys_are_the_dbt_source_names(repository):
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    for table in RAW_TABLES:
        assert f"raw/{table}" in keys
    # dbt staging models depend on exactly these keys: lineage joins without glue
    graph = repository.asset_graph
    staging = dg.AssetKey(["staging", "stg_raw__claims"])
    assert graph.get(staging).parent_keys == {dg.AssetKey(["raw", "claims"])}


def test_every_step_that_touches_duckdb_is_in_the_single_writer_pool(repository):
    for assets_def in repository.assets_defs_by_key.values():
        if not assets_def.is_executable:
            continue
        for spec in assets_def.specs:
            if spec.group_name in {"staging", "intermediate", "marts", "publish"}:
                assert assets_def.op.pool == DUCKDB_POOL, spec.key


def test_extraction_runs_outside_the_pool_and_only_its_load_step_is_in_it(repository):
    """Shards extract in parallel into the store; one short step writes DuckDB."""
    extraction = repository.assets_defs_by_key[dg.AssetKey(["raw", "documents"])]
    ops = {op.name: op for op in extraction.node_def.iterate_op_defs()}
    assert ops["load"].pool == DUCKDB_POOL
    shards = [name for name in ops if name.startswith("extract_shard_")]
    assert shards
    for name in [*shards, "plan"]:
        assert ops[name].pool is None, name
    assert extraction.backfill_policy == dg.BackfillPolicy.single_run()


def test_marts_and_publication_are_visible(repository):
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    for mart in ("dim_documents", "dim_surveys", "dim_questions", "dim_segments", "fct_claims"):
        assert f"marts/{mart}" in keys
    assert "warehouse/published" in keys


def test_checks_schedule_sensor_and_jobs_are_defined(repository):
    check_keys = {key.to_user_string() for key in repository.asset_graph.asset_check_keys}
    assert "raw/claims:ge_raw_claims" in check_keys
    assert "raw/documents:document_extracted" in check_keys
    # dbt tests appear as checks on the models they test
    assert any(key.startswith("marts/fct_claims:") for key in check_keys)
    assert repository.has_schedule_def("daily_refresh_schedule")
    assert repository.has_sensor_def("documents_sensor")
    assert repository.has_job("extract_documents")
    assert repository.has_job("build_warehouse")


def test_ge_check_is_blocking(repository):
    for checks_def in repository.asset_checks_defs_by_key.values():
        for spec in checks_def.check_specs:
            if spec.name.startswith("ge_"):
                assert spec.blocking, spec.key


def test_the_run_commands_extraction_job_is_the_code_locations_without_dbt_or_gx() -> None:
    """pipeline.run extracts with a job built from the extraction's definitions alone: the same
    job as the UI's, and its processes never import dbt or Great Expectations."""
    light, full = extraction_job(), defs.resolve_job_def(EXTRACT_DOCUMENTS_JOB)
    assert light.name == full.name
    assert light.asset_layer.selected_asset_keys == full.asset_layer.selected_asset_keys
    assert (
        light.asset_layer.asset_graph.asset_check_keys
        == full.asset_layer.asset_graph.asset_check_keys
    )
    assert light.partitions_def == full.partitions_def
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pipeline.run import extraction_job; extraction_job(); "
            "print(sorted(m for m in ('dagster_dbt', 'dbt', 'great_expectations') "
            "if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert imported.stdout.strip() == "[]"
