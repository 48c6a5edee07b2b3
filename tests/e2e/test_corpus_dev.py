"""The development corpus end to end: survey structure, claims and verification scored against
its hand key.

The warehouse is built once per session by the run command (``corpus_dev_warehouse`` in
tests/conftest.py, as ``make evaluate`` builds it) and scored with tests/e2e/corpus_dev_key.py.
The thresholds sit a little below the figures measured when the extractor last changed (README,
"Survey structure"), so that a regression fails here. Skipped where ../shared/corpus-dev is not
beside the project.
"""

from __future__ import annotations

import pytest

from tests.e2e.corpus_dev_key import (
    RANDOM_AUDITS,
    Warehouse,
    load_keys,
    random_audit,
    score,
    total,
)

# Measured on the survey reports of the key (survey facts 45/45, questions 293/314, base n
# 78/84, segments 299/368, segment n 229/234); each threshold a little below.
THRESHOLDS = {
    "survey": 0.95,
    "questions": 0.90,
    "base_n": 0.90,
    "segments": 0.78,
    "segment_n": 0.95,
}


# Claims and verification, measured the same way (README, "Claims" and "Claims and their
# verification"): key claims found 738/927 (extractor 0.7.27), usable claims 5,252/5,271,
# non-claims kept out 178/197 over all documents; article statuses 160/162 and backing
# documents 145/145.
CLAIM_THRESHOLDS = {
    ("claims", None): 0.77,
    ("usable", None): 0.97,
    ("non_claims", None): 0.85,
    ("statuses", "article"): 0.95,
    ("backing", "article"): 0.95,
}


@pytest.fixture(scope="module")
def scores(corpus_dev_warehouse):
    return score(Warehouse.read(corpus_dev_warehouse.published), load_keys())


@pytest.mark.parametrize("measure", sorted(THRESHOLDS))
def test_survey_structure_of_the_survey_reports(scores, measure: str) -> None:
    tally = total(scores, measure, "survey_report")
    assert tally.share is not None and tally.share >= THRESHOLDS[measure], (
        measure,
        tally.cell(),
        tally.misses[:20],
    )


@pytest.mark.parametrize(("measure", "document_type"), sorted(CLAIM_THRESHOLDS, key=str))
def test_claims_and_their_verification(scores, measure: str, document_type: str | None) -> None:
    tally = total(scores, measure, document_type)
    threshold = CLAIM_THRESHOLDS[(measure, document_type)]
    assert tally.share is not None and tally.share >= threshold, (
        measure,
        tally.cell(),
        tally.misses[:20],
    )


@pytest.mark.parametrize("audit", RANDOM_AUDITS, ids=lambda path: path.stem)
def test_the_claims_a_hand_audit_found_usable_stay_as_they_were(
    corpus_dev_warehouse, audit
) -> None:
    """Rows the reviewer judged usable that change are unjudged: more than a tenth of them
    changing needs a new audit."""
    tally = random_audit(Warehouse.read(corpus_dev_warehouse.published), audit)
    assert tally.judged >= 90
    assert tally.usable_unchanged >= 0.9 * tally.usable, tally.line()


def test_every_survey_report_presents_a_survey(corpus_dev_warehouse) -> None:
    partial = corpus_dev_warehouse.query(
        "select document_id, extraction_warnings from marts.dim_documents "
        "where document_type = 'survey_report' and extraction_status = 'partial'"
    )
    assert partial == []
    missing = corpus_dev_warehouse.query(
        "select document_id from marts.dim_documents left join marts.dim_surveys "
        "using (document_id) where document_type = 'survey_report' and survey_id is null"
    )
    assert missing == []


def test_articles_present_no_survey(corpus_dev_warehouse) -> None:
    rows = corpus_dev_warehouse.query(
        "select count(*) from marts.dim_surveys inner join marts.dim_documents "
        "using (document_id) where document_type = 'article'"
    )
    assert rows == [(0,)]


def test_facts_of_the_reports(corpus_dev_warehouse) -> None:
    facts = {
        document_id: rest
        for document_id, *rest in corpus_dev_warehouse.query(
            "select document_id, respondents, cast(fieldwork_start as varchar), "
            "cast(fieldwork_end as varchar), margin_of_error_pct, confidence_level_pct "
            "from marts.dim_surveys"
        )
    }
    assert facts["pew-political-survey-2019-03-methodology"] == [
        1503,
        "2019-03-20",
        "2019-03-25",
        2.93,
        95.0,
    ]
    assert facts["cncf-ambassador-midyear-survey-2023"][:3] == [80, "2023-08-01", "2023-09-05"]
    assert facts["state-of-haskell-survey-2022-results"][:3] == [1038, None, None]
