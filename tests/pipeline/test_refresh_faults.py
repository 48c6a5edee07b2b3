"""The documents sensor and the daily schedule with a bad manifest entry and an emptied manifest."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest
from dagster._core.instance.ref import InstanceRef

from pipeline.defs.automation import daily_refresh_schedule, documents_sensor
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.resources import SourcesResource, WarehouseResource
from tests.conftest import PROJECT_ROOT, write_manifest

VALID = ["report-0", "report-1"]


@pytest.fixture
def setup(tmp_path):
    entries: list[dict] = []
    for document_id in VALID:
        (tmp_path / f"{document_id}.txt").write_text("42% of respondents agree.\n")
        entries.append({"id": document_id, "file": f"{document_id}.txt"})
    entries[0]["tags"] = {"a": 1}  # dropped with a warning
    entries.append({"id": "both", "file": "report-0.txt", "url": "https://example.org/a"})
    manifest = write_manifest(tmp_path / "sources.yaml", entries)
    resources = {
        "sources": SourcesResource(manifest_path=str(manifest)),
        "warehouse": WarehouseResource(
            published_path=str(tmp_path / "warehouse" / "warehouse.duckdb")
        ),
    }
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        yield manifest, resources, instance


def test_the_sensor_refreshes_the_valid_documents_and_the_bad_entry_fails_alone(setup, capfd):
    _, resources, instance = setup
    result = documents_sensor(dg.build_sensor_context(instance=instance, resources=resources))

    assert isinstance(result, dg.SensorResult)
    (added,) = result.dynamic_partitions_requests
    assert list(added.partition_keys) == [*VALID, "both"]
    (request,) = result.run_requests
    # one run over every document: the bad entry is extracted as one failed row
    assert request.tags["dagster/asset_partition_range_start"] == "report-0"
    assert request.tags["dagster/asset_partition_range_end"] == "both"
    logged = capfd.readouterr().err  # the sensor's log (the tick's log in the UI)
    assert "extra key 'tags' holds a dict" in logged
    assert "invalid entry, fails alone as both: manifest sources.yaml, entry 3" in logged


def test_the_schedule_refreshes_the_valid_documents_too(setup):
    _, resources, instance = setup
    instance.add_dynamic_partitions(documents_partitions.name, [*VALID, "both"])
    result = daily_refresh_schedule(
        dg.build_schedule_context(instance=instance, resources=resources)
    )
    (request,) = result if isinstance(result, list) else [result]
    assert isinstance(request, dg.RunRequest)
    assert request.tags["dagster/asset_partition_range_start"] == "report-0"
    assert request.tags["dagster/asset_partition_range_end"] == "both"


def test_an_emptied_manifest_removes_no_partition(setup):
    manifest, resources, instance = setup
    instance.add_dynamic_partitions(documents_partitions.name, [*VALID, "both"])
    manifest.write_text("documents: []\n", encoding="utf-8")
    for evaluate in (
        lambda: documents_sensor(dg.build_sensor_context(instance=instance, resources=resources)),
        lambda: daily_refresh_schedule(
            dg.build_schedule_context(instance=instance, resources=resources)
        ),
    ):
        result = evaluate()
        assert isinstance(result, dg.SkipReason)
        assert "refresh refused: the manifest lists 0 documents" in result.skip_message
        assert "--allow-shrink" in result.skip_message
    assert instance.get_dynamic_partitions(documents_partitions.name) == [*VALID, "both"]
