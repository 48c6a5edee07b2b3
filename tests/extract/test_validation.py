"""extract.validation answers exactly as pandera does: the same frames for valid output, and
pandera's own errors for invalid output (never a frame pandera would refuse)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from extract import extract_document
from extract.blocks import BLOCKS_SCHEMA, TABLE_CELLS_SCHEMA
from extract.claims import CLAIMS_SCHEMA
from extract.claims.publish import UNPUBLISHED_VALUES_SCHEMA
from extract.documents import DOCUMENTS_SCHEMA
from extract.links import LINKS_SCHEMA
from extract.manifest import SourceDocument
from extract.surveys import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
)
from extract.validation import _passing, _supported, validate

REPORT = Path(__file__).resolve().parents[2] / "sources" / "rendered" / "mckinsey-osai-2025.pdf"


@pytest.fixture(scope="module")
def frames() -> dict[str, tuple[pa.DataFrameSchema, pd.DataFrame]]:
    """Every frame of a real survey report, as plain objects (before validation)."""
    extraction = extract_document(
        SourceDocument(document_id="report", path=REPORT, url=None, document_type="survey_report")
    )
    assert extraction.status != "failed"
    survey = extraction.survey
    pairs = {
        "documents": (DOCUMENTS_SCHEMA, extraction.document),
        "blocks": (BLOCKS_SCHEMA, extraction.blocks),
        "table_cells": (TABLE_CELLS_SCHEMA, extraction.table_cells),
        "claims": (CLAIMS_SCHEMA, extraction.claims),
        "unpublished_values": (UNPUBLISHED_VALUES_SCHEMA, extraction.unpublished_values),
        "links": (LINKS_SCHEMA, extraction.links),
        "surveys": (SURVEYS_SCHEMA, survey.surveys),
        "questions": (QUESTIONS_SCHEMA, survey.questions),
        "segments": (SEGMENTS_SCHEMA, survey.segments),
        "figures": (FIGURES_SCHEMA, survey.figures),
        "claim_links": (CLAIM_LINKS_SCHEMA, survey.claim_links),
    }
    # Back to what the extractor hands the schemas: Python objects, no pandas dtypes.
    return {name: (schema, frame.astype(object)) for name, (schema, frame) in pairs.items()}


def _same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(left, right, check_exact=True)
    except AssertionError:
        return False
    return left.attrs == right.attrs and left.pandera.schema is right.pandera.schema


def test_valid_frames_come_back_as_pandera_returns_them_and_without_pandera(frames):
    for name, (schema, frame) in frames.items():
        expected = schema.validate(frame.copy(), lazy=True)
        assert _same(validate(schema, frame), expected), name
        if not frame.empty and _supported(schema):
            # answered by the fast path, not by falling back to pandera
            assert _passing(schema, frame) is not None, name


def test_the_callers_frame_is_left_as_it_was(frames):
    schema, frame = frames["claims"]
    before = frame.copy()
    validate(schema, frame)
    assert _same(frame, before)


def test_empty_frames_are_answered_as_pandera_answers_them():
    for schema in (CLAIMS_SCHEMA, BLOCKS_SCHEMA, QUESTIONS_SCHEMA, DOCUMENTS_SCHEMA):
        empty = pd.DataFrame(columns=list(schema.columns))
        first, second = validate(schema, empty), validate(schema, empty)
        assert _same(first, schema.validate(empty, lazy=True))
        assert _same(second, first) and second is not first
    named = pd.DataFrame(columns=list(CLAIMS_SCHEMA.columns), index=pd.Index([], name="row"))
    named.attrs["source"] = "test"
    assert _same(validate(CLAIMS_SCHEMA, named), CLAIMS_SCHEMA.validate(named, lazy=True))


def test_checks_that_raise_or_answer_in_another_form_are_left_to_pandera():
    raising = pa.DataFrameSchema({"n": pa.Column(str, pa.Check(lambda v: v.map(int) >= 0))})
    array = pa.DataFrameSchema(
        {"a": pa.Column(int)}, checks=[pa.Check(lambda df: df["a"].to_numpy() > 0)]
    )
    for schema, frame in (
        (raising, pd.DataFrame({"n": ["1", "x"]})),
        (array, pd.DataFrame({"a": [1, 2]})),
    ):
        with pytest.raises(pa.errors.SchemaErrors):
            validate(schema, frame)
        with pytest.raises(pa.errors.SchemaErrors):
            schema.validate(frame, lazy=True)


def test_with_validation_switched_off_pandera_decides():
    from pandera.config import config_context

    frame = pd.DataFrame({"a": ["1"]})
    schema = pa.DataFrameSchema({"a": pa.Column(int)}, coerce=True)
    with config_context(validation_enabled=False):
        assert validate(schema, frame)["a"].tolist() == ["1"]  # untouched, as pandera leaves it
    assert validate(schema, frame)["a"].tolist() == [1]


def _broken(frames, name: str, column: str, value: object) -> pd.DataFrame:
    broken = frames[name][1].copy()
    broken.loc[broken.index[0], column] = value
    return broken


@pytest.mark.parametrize(
    ("name", "column", "value", "check"),
    [
        ("claims", "claim_id", None, "not_nullable"),
        ("claims", "char_start", -5, "greater_than_or_equal_to(0)"),
        ("claims", "quality_flags", "no_such_flag", "known_quality_flags"),
        ("claims", "char_end", 0, "char_end_after_start"),
        ("blocks", "char_start", "not a number", "coerce_dtype('int64')"),
        ("questions", "base_n", -1, "greater_than_or_equal_to(0)"),
    ],
)
def test_an_invalid_frame_gets_panderas_errors(frames, name, column, value, check):
    schema, _ = frames[name]
    broken = _broken(frames, name, column, value)
    with pytest.raises(pa.errors.SchemaErrors) as failure:
        validate(schema, broken)
    assert check in set(failure.value.failure_cases["check"].astype(str))


def test_duplicate_keys_extra_and_missing_columns_are_refused(frames):
    schema, frame = frames["claims"]
    duplicated = frame.copy()
    duplicated.loc[duplicated.index[1], "claim_id"] = duplicated["claim_id"].iloc[0]
    extra = frame.assign(unexpected=1)
    missing = frame.drop(columns=["claim_text"])
    for broken in (duplicated, extra, missing):
        with pytest.raises(pa.errors.SchemaErrors):
            validate(schema, broken)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_no_random_damage_passes_the_fast_path_that_pandera_would_refuse(frames):
    """Cells replaced by values of the wrong kind, sign or vocabulary: whenever the fast path
    accepts a frame, pandera accepts it too and returns the same frame."""
    rng = random.Random(20261201)
    replacements = [None, np.nan, -1, 0, 1.5, 10**12, "", "x", "unknown", True, "2026-13-45"]
    accepted = refused = 0
    for _ in range(300):
        name = rng.choice(sorted(frames))
        schema, frame = frames[name]
        if frame.empty:
            continue
        broken = frame.copy()
        for _cell in range(rng.randint(1, 2)):
            row = broken.index[rng.randrange(len(broken))]
            broken.loc[row, rng.choice(list(broken.columns))] = rng.choice(replacements)
        fast = _passing(schema, broken)
        try:
            expected = schema.validate(broken.copy(), lazy=True)
        except pa.errors.SchemaErrors:
            assert fast is None, name
            refused += 1
            continue
        if fast is not None:
            assert _same(fast, expected), name
            accepted += 1
    assert accepted > 20 and refused > 100
