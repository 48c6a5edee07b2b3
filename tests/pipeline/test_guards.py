"""Publication guards (pipeline.lib.guards): an empty or sharply shrunk warehouse is refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipeline.lib.guards import (
    ALLOW_ENV,
    CLAIM_LOSS_ENV,
    DOCUMENT_LOSS_ENV,
    PublicationRefused,
    ShrinkLimits,
    shrink_problems,
)
from pipeline.lib.paths import WarehousePaths
from pipeline.lib.warehouse import publish, staged_publication_files


def test_limits_come_from_the_environment(monkeypatch):
    assert ShrinkLimits.from_env() == ShrinkLimits(0.5, 0.5, allow=False)
    monkeypatch.setenv(DOCUMENT_LOSS_ENV, "0.2")
    monkeypatch.setenv(CLAIM_LOSS_ENV, "0.9")
    monkeypatch.setenv(ALLOW_ENV, "1")
    assert ShrinkLimits.from_env() == ShrinkLimits(0.2, 0.9, allow=True)
    monkeypatch.setenv(CLAIM_LOSS_ENV, "90%")
    with pytest.raises(ValueError):
        ShrinkLimits.from_env()


@pytest.mark.parametrize(
    ("before", "after", "refused"),
    [
        ({"documents": 4, "claims": 100}, {"documents": 0, "claims": 0}, True),
        ({}, {"documents": 0, "claims": 0}, True),  # never an empty first publication either
        ({"documents": 4, "claims": 100}, {"documents": 2, "claims": 50}, False),  # 50%: allowed
        ({"documents": 4, "claims": 100}, {"documents": 1, "claims": 90}, True),  # 75% fewer
        ({"documents": 4, "claims": 100}, {"documents": 4, "claims": 40}, True),  # claims: 60%
        ({"documents": 4, "claims": 0}, {"documents": 5, "claims": 0}, False),
        ({}, {"documents": 3, "claims": 0}, False),  # first build of failed documents only
        ({"documents": 4, "claims": 100}, {"documents": 9, "claims": 300}, False),
    ],
)
def test_what_is_refused(before, after, refused):
    problems = shrink_problems(before, after, ShrinkLimits())
    assert bool(problems) == refused, problems
    assert shrink_problems(before, after, ShrinkLimits(allow=True)) == []


def _warehouse(path: Path, documents: int, claims: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema marts")
        connection.execute(
            f"create table marts.dim_documents as select 'd' || i as document_id "
            f"from range({documents}) t(i)"
        )
        connection.execute(
            f"create table marts.fct_claims as select 'c' || i as claim_id "
            f"from range({claims}) t(i)"
        )


def test_publication_refuses_an_emptied_warehouse_and_keeps_the_previous_one(tmp_path):
    paths = WarehousePaths(tmp_path / "warehouse" / "warehouse.duckdb")
    _warehouse(paths.work, documents=4, claims=12)
    publish(paths, ShrinkLimits())
    digest = hashlib.sha256(paths.published.read_bytes()).hexdigest()

    paths.work.unlink()
    _warehouse(paths.work, documents=0, claims=0)
    with pytest.raises(PublicationRefused) as refused:
        publish(paths, ShrinkLimits())
    message = str(refused.value)
    assert "the warehouse would have no document (it has 4)" in message
    assert "claims would drop from 12 to 0 (100% fewer; the limit is 50%)" in message
    assert "--allow-shrink" in message and ALLOW_ENV in message
    assert hashlib.sha256(paths.published.read_bytes()).hexdigest() == digest
    assert staged_publication_files(paths) == []  # nothing left behind

    publication = publish(paths, ShrinkLimits(allow=True))
    assert publication.tables == {"dim_documents": 0, "fct_claims": 0}
