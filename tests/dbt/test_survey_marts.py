"""The survey marts answer issue 4's questions, through the queries in warehouse/queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, BuiltWarehouse

QUERIES = PROJECT_ROOT / "warehouse" / "queries"

pytestmark = pytest.mark.e2e


def _query_file(built: BuiltWarehouse, name: str) -> list[tuple]:
    return built.query((QUERIES / name).read_text(encoding="utf-8"))


def test_surveys_have_respondents_fieldwork_and_margin(built_warehouse: BuiltWarehouse):
    rows = {
        row[0]: row
        for row in built_warehouse.query(
            "select document_id, respondents, countries, fieldwork_start, fieldwork_end, "
            "margin_of_error_pct, confidence_level_pct, question_count from marts.dim_surveys"
        )
    }
    assert set(rows) == {"lf-genai-2024", "mckinsey-osai-2025"}  # articles present no survey
    lf = rows["lf-genai-2024"]
    assert lf[1] == 316
    assert (lf[3], lf[4]) == (date(2024, 8, 1), date(2024, 9, 30))
    assert (lf[5], lf[6]) == (5.5, 95.0)
    assert lf[7] == 46
    mckinsey = rows["mckinsey-osai-2025"]
    assert (mckinsey[1], mckinsey[2]) == (703, 41)
    assert (mckinsey[3], mckinsey[4]) == (date(2024, 12, 9), date(2025, 1, 24))
    assert len(_query_file(built_warehouse, "surveys.sql")) == 2


def test_every_lf_question_has_its_topic_and_base(built_warehouse: BuiltWarehouse):
    rows = _query_file(built_warehouse, "survey_questions.sql")
    codes = [row[0] for row in rows]
    assert codes == [f"Q{n}" for n in range(1, 47)]
    assert all(row[1] for row in rows)  # topic from the survey-design table
    assert all(row[2] and row[3] for row in rows)  # base population and n
    by_code = {row[0]: row for row in rows}
    assert by_code["Q37"][3] == 113
    assert by_code["Q13"][4] == "single"


def test_mckinsey_respondents_by_geography_industry_and_role(built_warehouse: BuiltWarehouse):
    rows = _query_file(built_warehouse, "survey_segments.sql")
    totals: dict[str, int] = {}
    for dimension, _label, n, *_ in rows:
        totals[dimension] = totals.get(dimension, 0) + n
    assert totals == {"industry": 703, "region": 703, "role": 703}
    labels = {(row[0], row[1]): row[2] for row in rows}
    assert labels[("region", "India")] == 115
    assert labels[("role", "Decision-makers")] == 391


def test_segmented_figure_question_has_claims_per_segment(built_warehouse: BuiltWarehouse):
    rows = _query_file(built_warehouse, "segmented_question_claims.sql")
    assert rows
    segments_with_claims = {row[5] for row in rows if row[5] is not None}
    assert len(segments_with_claims) >= 2


def test_article_claims_query_shows_status_and_primary_claim(built_warehouse: BuiltWarehouse):
    rows = _query_file(built_warehouse, "article_claims.sql")
    statuses = {row[4] for row in rows}
    assert {"corroborated", "not_in_corpus", "unsupported"} <= statuses
    corroborated = [row for row in rows if row[4] == "corroborated"]
    assert all(row[6] in {"lf-genai-2024", "mckinsey-osai-2025"} for row in corroborated)


def test_queries_folder_is_documented():
    readme = (PROJECT_ROOT / "warehouse" / "README.md").read_text(encoding="utf-8")
    assert "queries/" in readme
    assert all(path.suffix == ".sql" for path in Path(QUERIES).iterdir())
