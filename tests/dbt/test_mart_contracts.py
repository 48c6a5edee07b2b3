"""What a catalog and a BI tool rely on in the marts: documented, typed, keyed; exposures.

Reads dbt's manifest (``make prepare`` parses the project) and the published warehouse of the
session's end-to-end build (``tests/conftest.py``).
"""

from __future__ import annotations

import json
import re

import pytest

from pipeline.lib.dbt import dbt_project
from tests.conftest import PROJECT_ROOT, BuiltWarehouse

MARTS = ("dim_documents", "dim_surveys", "dim_questions", "dim_segments", "fct_claims")
KEYS = {
    "dim_documents": "document_id",
    "dim_surveys": "survey_id",
    "dim_questions": "question_id",
    "dim_segments": "segment_id",
    "fct_claims": "claim_id",
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


def _model(manifest: dict, name: str) -> dict:
    (node,) = [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] == name
    ]
    return node


@pytest.mark.parametrize("mart", MARTS)
def test_every_mart_column_is_typed_documented_and_the_contract_enforced(manifest, mart):
    node = _model(manifest, mart)
    assert node["config"]["contract"]["enforced"] is True
    assert node["config"]["persist_docs"] == {"relation": True, "columns": True}
    assert node["description"]
    for name, column in node["columns"].items():
        assert column.get("data_type"), (mart, name)
        assert column.get("description"), (mart, name)
    key = node["columns"][KEYS[mart]]
    assert "primary_key" in {c["type"] for c in key["constraints"]}


def test_mart_tests_have_names_descriptions_and_a_severity(manifest):
    tests = [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test"
        and n.get("attached_node", "").split(".")[-1] in MARTS
        and n.get("test_metadata")
    ]
    assert tests
    for test in tests:
        assert "__" in test["name"], test["name"]  # named in the YAML, not generated
        assert test["description"], test["name"]
        assert test["config"]["severity"].lower() in {"error", "warn"}


def test_every_shipped_query_has_an_exposure_on_the_marts_it_reads(manifest):
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    for query in sorted((PROJECT_ROOT / "warehouse" / "queries").glob("*.sql")):
        exposure = exposures.get(query.stem)
        assert exposure, f"no exposure for {query.name} in dbt_project/models/exposures.yml"
        read = set(re.findall(r"marts\.(\w+)", query.read_text(encoding="utf-8")))
        depends = {node.split(".")[-1] for node in exposure["depends_on"]["nodes"]}
        assert read == depends, (query.name, read, depends)


@pytest.mark.e2e
def test_published_marts_carry_comments_and_keys(built_warehouse: BuiltWarehouse):
    constraints = {
        (table, tuple(columns))
        for table, columns in built_warehouse.query(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
        )
    }
    assert constraints == {(mart, (key,)) for mart, key in KEYS.items()}
    tables = dict(
        built_warehouse.query(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
        )
    )
    assert all(tables[mart] for mart in MARTS), tables
    undocumented = built_warehouse.query(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'marts' and (comment is null or comment = '')"
    )
    assert undocumented == []
