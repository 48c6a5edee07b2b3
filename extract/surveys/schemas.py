"""What :func:`extract.surveys.extract_survey_structure` returns: five frames, each validated by
its pandera schema, each with ``document_id`` on every row (see each column's rule in the module
that makes it: :mod:`~extract.surveys.facts`, :mod:`~extract.surveys.questions`,
:mod:`~extract.surveys.segments`, :mod:`~extract.surveys.figures`, :mod:`~extract.surveys.links`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from extract.frame_types import TEXT
from extract.surveys.links import QUESTION_LINK_BASES
from extract.surveys.reading import CODE
from extract.vocabulary import FIGURE_WORDS

RESPONSE_FORMATS = ("single", "multiple", "per_row")
# Where a segment was read, in the order a segment read twice keeps: a count list, a table of
# counts adding up to the respondents, a split sample or the sample's composition, a cross-tab
# column, a footnote of n, the answers of a profile question, a defining phrase, a chart's
# population (see extract.surveys.segments and extract.surveys.breakdowns).
SEGMENT_SOURCES = (
    "list",
    "table",
    "sample",
    "crosstab",
    "footnote",
    "question",
    "phrase",
    "population",
)
_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
# A figure reference as normalized ("Figure 5": "Fig." is written out).
_FIGURE_KINDS = "|".join(word.capitalize() for word in FIGURE_WORDS if not word.endswith("."))
_FIGURE_REF_PATTERN = rf"^({_FIGURE_KINDS}) \d+[a-z]?$"
# A question code as printed (extract.surveys.reading.CODE, inner spaces dropped) or "Question 5".
_CODE_PATTERN = rf"^(?:{CODE}|Question \d{{1,3}}[a-z]?)$"

SURVEYS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "survey_key": pa.Column(TEXT, unique=True),
        "survey_name": pa.Column(TEXT, nullable=True),
        "publisher": pa.Column(TEXT, nullable=True),
        "method": pa.Column(TEXT, nullable=True),
        "fieldwork_start": pa.Column(TEXT, pa.Check.str_matches(_DATE_PATTERN), nullable=True),
        "fieldwork_end": pa.Column(TEXT, pa.Check.str_matches(_DATE_PATTERN), nullable=True),
        "respondents": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "countries": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "question_count": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "margin_of_error_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "confidence_level_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "margin_of_error_note": pa.Column(TEXT, nullable=True),
        "evidence_block_id": pa.Column(TEXT),
    },
    checks=[
        pa.Check(
            lambda df: (
                (df["fieldwork_start"].isna() | df["fieldwork_end"].isna())
                | (df["fieldwork_start"].fillna("") <= df["fieldwork_end"].fillna(""))
            ),
            name="fieldwork_start_not_after_end",
        )
    ],
    strict=True,
    coerce=True,
    name="surveys",
)

QUESTIONS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "survey_key": pa.Column(TEXT),
        "question_key": pa.Column(TEXT, unique=True),
        "question_code": pa.Column(TEXT, pa.Check.str_matches(_CODE_PATTERN), nullable=True),
        "question_text": pa.Column(TEXT, nullable=True),
        "response_format": pa.Column(TEXT, pa.Check.isin(RESPONSE_FORMATS), nullable=True),
        "topic": pa.Column(TEXT, nullable=True),
        "base_population": pa.Column(TEXT, nullable=True),
        "base_n": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "base_n_min": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "valid_cases": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "total_mentions": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "dont_know_excluded": pa.Column(bool),
        "segmented_by_code": pa.Column(TEXT, pa.Check.str_matches(_CODE_PATTERN), nullable=True),
        "segmented_by_codes": pa.Column(TEXT, nullable=True),
        "figure_ref": pa.Column(TEXT, pa.Check.str_matches(_FIGURE_REF_PATTERN), nullable=True),
        "figure_refs": pa.Column(TEXT, nullable=True),
        "block_id": pa.Column(TEXT),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
    },
    checks=[
        pa.Check(
            lambda df: (
                ~df.dropna(subset=["question_code"])
                .duplicated(["survey_key", "question_code"])
                .any()
            ),
            name="question_code_unique_per_survey",
        ),
        pa.Check(
            lambda df: (
                df["base_n_min"].isna() | df["base_n"].isna() | (df["base_n_min"] <= df["base_n"])
            ),
            name="base_n_min_not_above_base_n",
        ),
    ],
    strict=True,
    coerce=True,
    name="survey_questions",
)

SEGMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "survey_key": pa.Column(TEXT),
        "segment_key": pa.Column(TEXT, unique=True),
        "dimension": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "segment_label": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "definition": pa.Column(TEXT, nullable=True),
        "respondents": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "aliases": pa.Column(TEXT, nullable=True),
        "source_kind": pa.Column(TEXT, pa.Check.isin(SEGMENT_SOURCES)),
        "block_id": pa.Column(TEXT),
    },
    strict=True,
    coerce=True,
    name="survey_segments",
)

FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "figure_ref": pa.Column(TEXT, pa.Check.str_matches(_FIGURE_REF_PATTERN)),
        "title": pa.Column(TEXT, nullable=True),
        "block_id": pa.Column(TEXT, unique=True),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
    },
    strict=True,
    coerce=True,
    name="survey_figures",
)

CLAIM_LINKS_SCHEMA = pa.DataFrameSchema(
    {
        "claim_id": pa.Column(TEXT, unique=True),
        "document_id": pa.Column(TEXT),
        "survey_key": pa.Column(TEXT),
        "question_key": pa.Column(TEXT, nullable=True),
        "question_link_basis": pa.Column(
            TEXT,
            pa.Check.isin(QUESTION_LINK_BASES),
            nullable=True,
        ),
        "segment_key": pa.Column(TEXT, nullable=True),
    },
    strict=True,
    coerce=True,
    name="survey_claim_links",
)


@dataclass(frozen=True)
class SurveyStructure:
    """The five frames :func:`extract_survey_structure` returns, each validated by its schema."""

    surveys: pd.DataFrame
    questions: pd.DataFrame
    segments: pd.DataFrame
    figures: pd.DataFrame
    claim_links: pd.DataFrame
