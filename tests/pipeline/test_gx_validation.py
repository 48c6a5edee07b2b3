"""Tests for pipeline.lib.gx_validation and the raw_claims suite (no Dagster involved)."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pipeline.lib.gx_validation import (
    FailedExpectation,
    SuiteOutcome,
    load_suite,
    validate_frame,
)

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
RAW_CLAIMS = EXPECTATIONS_DIR / "raw_claims.json"
ID_COLUMNS = ("claim_id", "document_id")

_DTYPES = {
    "claim_id": "str",
    "document_id": "str",
    "block_id": "str",
    "page_number": "Int64",
    "section": "str",
    "claim_text": "str",
    "char_start": "int64",
    "char_end": "int64",
    "value": "float64",
    "value_low": "float64",
    "value_high": "float64",
    "value_text": "str",
    "unit": "str",
    "qualifier": "str",
    "subject": "str",
    "claim_kind": "str",
    "cited_source": "str",
    "quality_flags": "str",
    "period": "str",
    "respondents_count": "Int64",
    # added by the suite's meta.query (referential integrity)
    "document_found": "bool",
    "block_found": "bool",
}


def _claim(n: int, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "claim_id": f"c{n}",
        "document_id": "doc-1",
        "block_id": f"b{n}",
        "page_number": n + 1,
        "section": "Findings",
        "claim_text": f"{40 + n}% of respondents use open source models.",
        "char_start": 10 * n,
        "char_end": 10 * n + 8,
        "value": 40.0 + n,
        "value_low": None,
        "value_high": None,
        "value_text": f"{40 + n}%",
        "unit": "percent",
        "qualifier": None,
        "subject": "respondents",
        "claim_kind": "share",
        "cited_source": None,
        "quality_flags": None,
        "period": None,
        "respondents_count": None,
        "document_found": True,
        "block_found": True,
    }
    row.update(overrides)
    return row


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype(_DTYPES)


def valid_rows() -> list[dict[str, object]]:
    """Eight claims that satisfy the suite, including one flagged out-of-range percent."""
    return [
        _claim(0),
        _claim(1, page_number=None, section=None),
        _claim(2, unit="usd", value=None, value_low=1.5e6, value_high=2.0e6, value_text="$1.5-2M"),
        _claim(3, unit="count", value=1200.0, value_text="1,200", period="2019"),
        _claim(
            4, value_low=30.0, value_high=30.0, value=30.0, value_text="30%", respondents_count=9
        ),
        _claim(5, char_start=0, char_end=1),
        _claim(6, value=140.0, value_text="140%", quality_flags="percent_out_of_range"),
        _claim(7, unit="tokens", value=8.0e9, value_text="8B tokens"),
    ]


def _failed(outcome: SuiteOutcome) -> set[tuple[str, str | None]]:
    return {(f.expectation, _key_column(f)) for f in outcome.failures}


def _key_column(failure: FailedExpectation) -> str | None:
    column_a = failure.kwargs.get("column_A")
    return failure.column or (column_a if isinstance(column_a, str) else None)


def _only_failure(outcome: SuiteOutcome) -> FailedExpectation:
    assert not outcome.success
    assert len(outcome.failures) == 1, _failed(outcome)
    return outcome.failures[0]


def test_suite_file_loads_completely_and_documents_every_expectation() -> None:
    raw = json.loads(RAW_CLAIMS.read_text(encoding="utf-8"))
    suite = load_suite(RAW_CLAIMS)

    assert suite.name == "raw_claims"
    assert len(suite.expectations) == len(raw["expectations"])
    assert suite.notes
    assert all(expectation.notes for expectation in suite.expectations)


def test_load_suite_rejects_an_invalid_expectation(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "name": "broken",
                "expectations": [{"type": "expect_column_values_to_be_unique", "kwargs": {}}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="expectation #0"):
        load_suite(broken)


def test_valid_claims_pass(capfd: pytest.CaptureFixture[str]) -> None:
    outcome = validate_frame(RAW_CLAIMS, _frame(valid_rows()), id_columns=ID_COLUMNS)

    assert outcome.success, _failed(outcome)
    assert outcome.suite_name == "raw_claims"
    assert outcome.evaluated == outcome.successful == len(load_suite(RAW_CLAIMS).expectations)
    assert outcome.failures == ()
    assert outcome.data_docs_index is None
    assert "Calculating Metrics" not in capfd.readouterr().err  # no tqdm progress bar


def _duplicate_claim_id(rows: list[dict[str, object]]) -> str:
    rows[3]["claim_id"] = "c1"
    return "c1"


def _unknown_unit(rows: list[dict[str, object]]) -> str:
    rows[3]["unit"] = "furlongs"
    return "c3"


def _unflagged_percent_over_100(rows: list[dict[str, object]]) -> str:
    rows[0]["value"] = 140.0
    return "c0"


def _char_end_before_start(rows: list[dict[str, object]]) -> str:
    rows[5]["char_start"], rows[5]["char_end"] = 50, 20
    return "c5"


def _claim_of_no_document(rows: list[dict[str, object]]) -> str:
    # what the suite's meta.query says of a claim whose document_id is not in raw.documents
    rows[2]["document_id"], rows[2]["document_found"] = "no-such-document", False
    return "c2"


def _no_subject(rows: list[dict[str, object]]) -> str:
    rows[1]["subject"] = None
    return "c1"


def _bare_number_subject(rows: list[dict[str, object]]) -> str:
    rows[2]["subject"] = "1.5-2"
    return "c2"


def _negative_count(rows: list[dict[str, object]]) -> str:
    rows[4]["respondents_count"] = -1
    return "c4"


@pytest.mark.parametrize(
    ("breakage", "expectation", "column"),
    [
        (_duplicate_claim_id, "expect_column_values_to_be_unique", "claim_id"),
        (_no_subject, "expect_column_values_to_not_be_null", "subject"),
        (_bare_number_subject, "expect_column_values_to_match_regex", "subject"),
        (_negative_count, "expect_column_values_to_be_between", "respondents_count"),
        (_unknown_unit, "expect_column_values_to_be_in_set", "unit"),
        (_unflagged_percent_over_100, "expect_column_values_to_be_between", "value"),
        (_char_end_before_start, "expect_column_pair_values_a_to_be_greater_than_b", "char_end"),
        (_claim_of_no_document, "expect_column_values_to_be_in_set", "document_found"),
    ],
)
def test_one_broken_rule_fails_with_the_offending_claim(
    breakage: Callable[[list[dict[str, object]]], str], expectation: str, column: str
) -> None:
    rows = valid_rows()
    bad_claim_id = breakage(rows)
    frame = _frame(rows)
    frame.index = frame.index + 100  # unexpected_rows keeps the caller's index labels

    failure = _only_failure(validate_frame(RAW_CLAIMS, frame, id_columns=ID_COLUMNS))

    assert (failure.expectation, _key_column(failure)) == (expectation, column)
    assert failure.unexpected_count is not None and failure.unexpected_count >= 1
    assert failure.unexpected_examples
    assert bad_claim_id in set(failure.unexpected_rows["claim_id"])
    assert list(failure.unexpected_rows.columns[:2]) == list(ID_COLUMNS)
    rows_by_label = frame.loc[failure.unexpected_rows.index, "claim_id"]
    assert list(rows_by_label) == list(failure.unexpected_rows["claim_id"])
    json.dumps(failure.kwargs)
    json.dumps(failure.unexpected_examples)


def test_percent_rule_reports_value_and_condition_columns() -> None:
    rows = valid_rows()
    _unflagged_percent_over_100(rows)

    failure = _only_failure(validate_frame(RAW_CLAIMS, _frame(rows), id_columns=["claim_id"]))

    assert failure.unexpected_examples == [140.0]
    assert list(failure.unexpected_rows.columns) == ["claim_id", "value", "unit", "quality_flags"]
    assert failure.kwargs["row_condition"] == {
        "type": "and",
        "conditions": [
            {
                "type": "comparison",
                "column": {"name": "unit"},
                "operator": "==",
                "parameter": "percent",
            },
            {"type": "nullity", "column": {"name": "quality_flags"}, "is_null": True},
        ],
    }


def test_too_many_flagged_rows_fail() -> None:
    rows = valid_rows()[:5]  # c0..c4, none flagged
    rows[0]["quality_flags"] = "ambiguous_unit"
    rows[1]["quality_flags"] = "ambiguous_unit,no_subject"  # 2 of 5 rows = 40%

    failure = _only_failure(validate_frame(RAW_CLAIMS, _frame(rows), id_columns=ID_COLUMNS))

    assert failure.expectation == "expect_column_values_to_be_null"
    assert failure.column == "quality_flags"
    assert failure.kwargs["mostly"] == 0.75
    assert failure.unexpected_count == 2
    assert set(failure.unexpected_rows["claim_id"]) == {"c0", "c1"}


def test_unexpected_rows_empty_without_id_columns() -> None:
    rows = valid_rows()
    _unknown_unit(rows)

    failure = _only_failure(validate_frame(RAW_CLAIMS, _frame(rows)))

    assert failure.unexpected_examples == ["furlongs"]
    assert failure.unexpected_rows.empty


def test_missing_column_fails_the_column_set() -> None:
    frame = _frame(valid_rows()).drop(columns=["cited_source"]).assign(extra=1)

    outcome = validate_frame(RAW_CLAIMS, frame, id_columns=ID_COLUMNS)

    assert _failed(outcome) == {("expect_table_columns_to_match_set", None)}


def _write_suite(path: Path, name: str) -> Path:
    suite = {
        "name": name,
        "notes": "Second suite for the shared Data Docs test.",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "document_id"}}
        ],
    }
    path.write_text(json.dumps(suite), encoding="utf-8")
    return path


def test_data_docs_keep_the_latest_result_of_every_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    caplog.set_level(logging.ERROR, logger="great_expectations")
    docs = tmp_path / "data_docs"
    other = _write_suite(tmp_path / "raw_documents.json", "raw_documents")
    rows = valid_rows()
    _unknown_unit(rows)

    first = validate_frame(RAW_CLAIMS, _frame(rows), data_docs_dir=docs, id_columns=ID_COLUMNS)
    second = validate_frame(other, _frame(valid_rows()), data_docs_dir=docs)
    again = validate_frame(RAW_CLAIMS, _frame(valid_rows()), data_docs_dir=docs)

    index = docs / "index.html"
    assert first.data_docs_index == second.data_docs_index == again.data_docs_index == index
    html = index.read_text(encoding="utf-8")
    # the suite list is in the page itself (no script draws it), with each suite's status
    assert 'href="suites/raw_claims.html"' in html and 'href="suites/raw_documents.html"' in html
    assert html.count("&#10003; passed") == 2  # raw_claims passes again: only the latest counts
    assert again.data_docs_page == docs / "suites" / "raw_claims.html"
    for page in [html, *(p.read_text(encoding="utf-8") for p in docs.rglob("*.html"))]:
        # offline: nothing loaded from elsewhere
        assert "<script" not in page and "<link" not in page and 'href="http' not in page
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_data_docs_show_a_failure_at_a_glance(tmp_path: Path) -> None:
    docs = tmp_path / "data_docs"
    rows = valid_rows()
    _unknown_unit(rows)
    outcome = validate_frame(RAW_CLAIMS, _frame(rows), data_docs_dir=docs, id_columns=ID_COLUMNS)
    assert not outcome.success
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "&#10007; FAILED" in index and "expect_column_values_to_be_in_set (unit)" in index
    page = outcome.data_docs_page.read_text(encoding="utf-8")
    failed_section = page.split("<h2>Every expectation")[0]
    assert "Failed expectations (" in failed_section
    assert "expect_column_values_to_be_in_set (unit)" in failed_section
