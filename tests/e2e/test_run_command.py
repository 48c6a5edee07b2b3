"""The run command end to end, as a newcomer uses it: bundled corpus plus two bad files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import BuiltWarehouse, pipeline_env, run_pipeline

pytestmark = pytest.mark.e2e


def test_run_publishes_good_documents_and_reports_bad_ones(built_warehouse: BuiltWarehouse):
    out = built_warehouse.first_run.stdout
    assert "documents: 5 ok, 0 partial, 7 failed" in out
    assert "marts.fct_claims:" in out
    assert f"published {built_warehouse.published}" in out

    rows = dict(
        built_warehouse.query(
            "select document_id, extraction_status from marts.dim_documents order by 1"
        )
    )
    assert rows == {
        "axis-osai-trends-2025": "ok",
        "lf-genai-2024": "ok",
        "mckinsey-osai-2025": "ok",
        "sylt-osai-2026": "ok",
        "nics-report": "ok",
        "missing-report": "failed",
        "fake-pdf": "failed",
        "encrypted-pdf": "failed",
        "truncated-pdf": "failed",
        "empty-pdf": "failed",
        "scanned-pdf": "failed",
        "pageless-pdf": "failed",
    }
    failures = {
        document_id: (reason, error)
        for document_id, reason, error in built_warehouse.query(
            "select document_id, failure_reason, extraction_error from marts.dim_documents "
            "where extraction_status = 'failed'"
        )
    }
    assert failures["missing-report"] == ("missing", failures["missing-report"][1])
    assert "file not found" in failures["missing-report"][1]
    assert failures["fake-pdf"][0] == "not_a_pdf"
    assert failures["encrypted-pdf"][0] == "encrypted"
    assert "password" in failures["encrypted-pdf"][1]
    assert failures["truncated-pdf"][0] == "corrupt"
    assert failures["empty-pdf"][0] == "empty"
    assert failures["scanned-pdf"][0] == "no_text_layer"
    assert "OCR" in failures["scanned-pdf"][1]
    assert failures["pageless-pdf"][0] == "no_pages"


def test_real_world_report_table_reaches_the_warehouse(built_warehouse: BuiltWarehouse):
    cells = {
        text
        for (text,) in built_warehouse.query(
            "select cell_text from staging.stg_raw__table_cells where document_id = 'nics-report'"
        )
    }
    assert {"Alabama", "71,137", "Wyoming", "5,017"} <= cells


def test_lf_headline_claim_is_in_the_warehouse(built_warehouse: BuiltWarehouse):
    rows = built_warehouse.query(
        "select value, unit, claim_text, page_number from marts.fct_claims "
        "where document_id = 'lf-genai-2024' and value = 94 and unit = 'percent'"
    )
    assert any("94% of organizations are involved with GenAI" in text for _, _, text, _ in rows)
    assert all(page is not None and page >= 1 for *_, page in rows)


def test_every_mart_is_published_as_parquet(built_warehouse: BuiltWarehouse):
    marts = {
        name
        for (name,) in built_warehouse.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        )
    }
    assert {"dim_documents", "fct_claims"} <= marts
    parquet_dir = built_warehouse.published.parent / "parquet"
    for name in marts:
        count = duckdb.sql(f"select count(*) from '{parquet_dir / name}.parquet'").fetchall()[0][0]
        assert count == built_warehouse.query(f"select count(*) from marts.{name}")[0][0]


def test_published_file_opens_in_duckdb_1_4(built_warehouse: BuiltWarehouse):
    compat = os.environ.get("DUCKDB_1_4_PATH")
    if not compat:
        pytest.skip(
            "DUCKDB_1_4_PATH (a folder with duckdb 1.4 installed) is not set; `make test` sets it"
        )
    script = (
        "import duckdb, sys; assert duckdb.__version__.startswith('1.4'), duckdb.__version__; "
        "c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(c.execute('select count(*) from marts.fct_claims').fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(built_warehouse.published)],
        env={"PYTHONPATH": compat, "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 0


def test_second_run_re_extracts_nothing_while_a_reader_holds_the_file(
    built_warehouse: BuiltWarehouse,
):
    reader = duckdb.connect(str(built_warehouse.published), read_only=True)
    try:
        before = reader.execute("select count(*) from marts.fct_claims").fetchone()[0]
        result = built_warehouse.run()
        assert result.returncode == 0, result.stdout + result.stderr
        # the missing file is retried (it may have appeared); every other document is skipped
        assert "extract: 1 new or changed, 11 unchanged (not re-extracted)" in result.stdout
        assert reader.execute("select count(*) from marts.fct_claims").fetchone()[0] == before
    finally:
        reader.close()
    assert built_warehouse.query("select count(*) from marts.fct_claims")[0][0] == before


def test_failing_blocking_check_keeps_the_previous_warehouse(
    built_warehouse: BuiltWarehouse, tmp_path
):
    """A bad row injected into raw.claims stops publication; the published file is untouched."""
    root = tmp_path / "copy"
    shutil.copytree(built_warehouse.root, root)
    env = pipeline_env(root, built_warehouse.manifest)
    published = root / "warehouse" / "warehouse.duckdb"
    work = root / "warehouse" / ".work" / "warehouse.duckdb"
    digest = hashlib.sha256(published.read_bytes()).hexdigest()
    with duckdb.connect(str(work)) as connection:
        connection.execute(
            "insert into raw.claims by name select * replace "
            "('injected-bad-claim' as claim_id, 140.0 as value, null as quality_flags) "
            "from raw.claims where unit = 'percent' limit 1"
        )
    result = run_pipeline(env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "publication stopped" in result.stdout
    assert "check ge_raw_claims on raw/claims" in result.stdout
    assert hashlib.sha256(published.read_bytes()).hexdigest() == digest
