"""Materialize the extraction assets against a temporary warehouse, as the UI does."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from pipeline.defs.extraction import extract_document_asset
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.resources import SourcesResource, WarehouseResource
from tests.conftest import write_manifest


@pytest.fixture
def job_and_paths(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(
        "Findings\n\nA total of 120 respondents completed the survey.\n\n"
        "84% of organizations have adopted GenAI.\n",
        encoding="utf-8",
    )
    manifest = write_manifest(
        tmp_path / "sources.yaml",
        [
            {"id": "report", "file": "report.txt", "document_type": "survey_report"},
            {"id": "broken", "file": "broken.pdf"},
        ],
    )
    (tmp_path / "broken.pdf").write_bytes(b"this is not a pdf")
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    extraction = extract_document_asset
    resources = {
        "sources": SourcesResource(manifest_path=str(manifest)),
        "warehouse": WarehouseResource(published_path=str(published)),
    }
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(documents_partitions.name, ["report", "broken"])
    work = published.parent / ".work" / published.name
    return extraction, resources, instance, work


def _run(extraction, resources, instance, partition):
    return dg.materialize(
        [extraction], partition_key=partition, resources=resources, instance=instance
    )


def test_each_document_is_its_own_partition_and_a_bad_one_fails_alone(job_and_paths):
    job, resources, instance, work = job_and_paths
    good = _run(job, resources, instance, "report")
    bad = _run(job, resources, instance, "broken")
    assert good.success and bad.success  # a bad document is data, not a crashed run

    with duckdb.connect(str(work), read_only=True) as connection:
        documents = dict(
            connection.execute(
                "select document_id, extraction_status from raw.documents"
            ).fetchall()
        )
        claims = connection.execute(
            "select value, unit from raw.claims where document_id = 'report' order by value"
        ).fetchall()
    assert documents == {"report": "ok", "broken": "failed"}
    assert (84.0, "percent") in claims

    checks = {
        evaluation.asset_check_key.name: evaluation.passed
        for evaluation in bad.get_asset_check_evaluations()
    }
    assert checks == {"document_extracted": False}
    materialized = {
        event.asset_key.to_user_string() for event in good.get_asset_materialization_events()
    }
    assert {"raw/documents", "raw/blocks", "raw/claims", "raw/surveys"} <= materialized


def test_an_unchanged_document_is_not_extracted_again(job_and_paths):
    job, resources, instance, _ = job_and_paths
    _run(job, resources, instance, "report")
    again = _run(job, resources, instance, "report")
    assert again.success
    assert again.get_asset_materialization_events() == []
    (evaluation,) = again.get_asset_check_evaluations()
    assert evaluation.metadata["re_extracted"].value is False
