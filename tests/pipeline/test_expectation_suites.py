"""The warehouse's Great Expectations suites, run the way the Dagster asset checks run them.

One small working database is built once per module (raw tables written through the extractor's
own frame builders or pandera schemas and ``replace_document_rows``; the marts, including the
survey dimensions, rendered from their dbt model SQL). Every suite must pass on it. Then, per
suite, a copy gets several independent breakages (one SQL statement each): exactly their
expectations must fail, each naming its offending row in ``unexpected_rows``. No Dagster
import: the suite's meta.query, its table and the id columns are resolved as
``pipeline/defs/validation.py`` does (one GX validation per case keeps the module fast).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from extract.blocks import Block, Table, blocks_frame, table_cells_frame
from extract.claims import CLAIMS_SCHEMA, UNPUBLISHED_VALUES_SCHEMA
from extract.documents import DOCUMENTS_SCHEMA
from extract.links import LINKS_SCHEMA
from extract.surveys import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
)
from pipeline.lib.gx_validation import (
    FailedExpectation,
    SuiteOutcome,
    load_suite,
    validate_stored_table,
)
from pipeline.lib.raw_tables import RAW_TABLES
from pipeline.lib.warehouse import connect, ensure_raw_table, replace_document_rows

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
MODELS_DIR = PROJECT_ROOT / "dbt_project" / "models"
VALIDATION_PY = PROJECT_ROOT / "pipeline" / "defs" / "validation.py"
SUITES = [
    "raw_documents",
    "raw_blocks",
    "raw_claims",
    "raw_figures",
    "raw_table_cells",
    "raw_surveys",
    "raw_questions",
    "raw_segments",
    "raw_claim_links",
    "raw_links",
    "raw_unpublished_values",
    "marts_dim_documents",
    "marts_fct_claims",
    "marts_dim_surveys",
    "marts_dim_questions",
    "marts_dim_segments",
]
MARTS = ("dim_documents", "fct_claims", "dim_surveys", "dim_questions", "dim_segments")
# Rows a suite's valid case must check at least: a document presents at most one survey.
MIN_ROWS = {"raw_surveys": 2, "marts_dim_surveys": 2}


def run_suite(database: Path, suite: str) -> tuple[SuiteOutcome, pd.DataFrame]:
    """What the asset check ``ge_<suite>`` does (pipeline/defs/validation.py), minus Data Docs;
    also returns the frame that was validated."""
    return validate_stored_table(EXPECTATIONS_DIR / f"{suite}.json", database)


# ----------------------------------------------------------------------------- the database

_EXTRACTED_AT = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def _document(document_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": document_id,
        "title": f"Title of {document_id}",
        "publisher": "Example Research",
        "authors": None,
        "published_on": "2024-11",
        "document_type": "survey_report",
        "source_format": "pdf",
        "source_uri": f"sources/rendered/{document_id}",
        "source_url": None,
        "sha256": hashlib.sha256(document_id.encode()).hexdigest(),
        "byte_size": 2048,
        "page_count": None,
        "word_count": 40,
        "block_count": 0,
        "table_count": 0,
        "claim_count": 0,
        "extraction_status": "ok",
        "failure_reason": None,
        "extraction_error": None,
        "extraction_warnings": None,
        "extractor_version": "0.1.0",
        "extracted_at": _EXTRACTED_AT,
    }
    row.update(values)
    return row


_SURVEY_TABLE = Table(rows=(("Region", "Share"), ("EU", "30%")))
BLOCKS = {
    "survey-a": [
        Block("heading", "Key findings", ("Key findings",), 1, (72, 72, 300, 90), 1),
        Block(
            "paragraph",
            "45% of respondents use open models, and so do 30% of firms.",
            ("Key findings",),
            1,
            page_breaks=((37, 2),),  # rejoined across a page break
            damage=("missing_spaces",),
        ),
        Block("table", _SURVEY_TABLE.text, ("Key findings",), 2, table=_SURVEY_TABLE),
    ],
    "article-b": [
        Block("heading", "Open source AI in 2025", heading_level=1),
        Block("paragraph", "According to Example Research (2024), 45% of firms use open models."),
    ],
    "notes-c": [Block("list_item", "Usage grew 2.5x in a year.")],
    "broken-d": [],
}
DOCUMENTS = [
    _document("survey-a", page_count=2, block_count=3, table_count=1, claim_count=12),
    _document(
        "article-b",
        document_type="article",
        source_format="html",
        source_url="https://example.org/articles/open-models-2025",
        published_on="2025",
        block_count=2,
        claim_count=6,
    ),
    _document(
        "notes-c",
        document_type=None,
        source_format="text",
        published_on="2025-03-14",
        block_count=1,
        claim_count=2,
        extraction_status="partial",
        extraction_warnings="invalid utf-8 bytes were replaced",
    ),
    _document(
        "broken-d",
        source_format=None,
        sha256=None,
        byte_size=None,
        word_count=None,
        extraction_status="failed",
        failure_reason="corrupt",
        extraction_error="the PDF is damaged and cannot be parsed: no startxref",
    ),
]


def _claim(n: int, document_id: str, **values: object) -> dict[str, object]:
    block = 1 if document_id != "notes-c" else 0
    row: dict[str, object] = {
        "claim_id": f"c{n:02d}",
        "document_id": document_id,
        "block_id": f"{document_id}:b{block:05d}",
        "page_number": 1 if document_id == "survey-a" else None,
        "section": "Key findings",
        "claim_text": f"{n + 10}% of respondents use open models.",
        "char_start": 0,
        "char_end": 30,
        "value": float(n + 10),
        "value_low": None,
        "value_high": None,
        "value_text": f"{n + 10}%",
        "unit": "percent",
        "qualifier": None,
        "subject": "respondents",
        "claim_kind": "survey_finding",
        "cited_source": None,
        "cited_document_id": None,
        "verification_status": "primary" if document_id == "survey-a" else "unsupported",
        "verified_by_claim_id": None,
        "verification_note": "stated by the survey report itself"
        if document_id == "survey-a"
        else "no survey report of the warehouse states this about the same thing",
        "quality_flags": None,
        "period": None,
        "respondents_count": None,
    }
    row.update(values)
    return row


CLAIMS = [
    _claim(1, "survey-a", value=45.0, value_text="45%"),
    _claim(2, "survey-a", value=None, value_low=30.0, value_high=40.0, value_text="30-40%"),
    _claim(3, "survey-a", unit="count", value=1200.0, value_text="1,200", page_number=2),
    _claim(4, "survey-a", unit="usd", value=1.5e6, value_text="$1.5 million"),
    _claim(
        5,
        "survey-a",
        value=140.0,
        value_text="140%",
        qualifier="plus",
        quality_flags="percent_change_over_100",
    ),
    _claim(
        6,
        "survey-a",
        unit="usd",
        value=None,
        value_text=".8 million",
        quality_flags="lost_currency_digits",
    ),
    _claim(7, "survey-a", period="Mar 20-25, 2019", respondents_count=312),
    *[_claim(n, "survey-a") for n in range(8, 13)],
    _claim(
        13,
        "article-b",
        value=45.0,
        value_text="45%",
        claim_kind="adoption",
        cited_source="Example Research (2024)",
        cited_document_id="survey-a",
        verification_status="corroborated",
        verified_by_claim_id="c01",
    ),
    _claim(
        14,
        "article-b",
        value=33.0,
        value_text="33%",
        verification_status="mismatch",
        verified_by_claim_id="c02",
    ),
    _claim(
        15,
        "article-b",
        value=20.0,
        value_text="20%",
        cited_source="Gartner 2023",
        verification_status="not_in_corpus",
    ),
    *[_claim(n, "article-b", unit="count", value=5.0, value_text="5") for n in range(16, 19)],
    _claim(19, "notes-c", unit="multiple", value=2.5, value_text="2.5x", claim_kind=None),
    _claim(20, "notes-c", unit="multiple", value=3.0, value_text="3x", char_start=5, char_end=9),
]


# Survey structure (extract/surveys/): survey-a presents a fully described survey; notes-c one
# with no fieldwork, margin or confidence level (the "when set" cases).
def _survey(document_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": document_id,
        "survey_key": f"{document_id}:survey",
        "survey_name": None,
        "publisher": None,
        "method": None,
        "fieldwork_start": None,
        "fieldwork_end": None,
        "respondents": None,
        "countries": None,
        "question_count": None,
        "margin_of_error_pct": None,
        "confidence_level_pct": None,
        "margin_of_error_note": None,
        "evidence_block_id": f"{document_id}:b00000",
    }
    row.update(values)
    return row


SURVEYS = [
    _survey(
        "survey-a",
        survey_name="Example Open Models Survey 2024",
        publisher="Example Research",
        method="web survey",
        fieldwork_start="2024-08",  # a month: dim_surveys widens it to 2024-08-01
        fieldwork_end="2024-09-15",
        respondents=1200,
        countries=12,
        question_count=30,
        margin_of_error_pct=2.8,
        confidence_level_pct=95.0,
        margin_of_error_note="+/-2.8% at a 95% confidence level; +/-3.7% at 99%",
        evidence_block_id="survey-a:b00001",
    ),
    _survey("notes-c", respondents=150),
]


def _question(survey: str, slug: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": survey,
        "survey_key": f"{survey}:survey",
        "question_key": f"{survey}:survey:{slug}",
        "question_code": slug if slug.startswith("Q") else None,
        "question_text": None,
        "response_format": None,
        "topic": None,
        "base_population": None,
        "base_n": None,
        "base_n_min": None,
        "valid_cases": None,
        "total_mentions": None,
        "dont_know_excluded": False,
        "segmented_by_code": None,
        "segmented_by_codes": None,
        "figure_ref": None,
        "figure_refs": None,
        "block_id": f"{survey}:b00001",
        "page_number": None,
    }
    row.update(values)
    return row


QUESTIONS = [
    _question(
        "survey-a",
        "Q1",
        question_text="Does your organization use open models?",
        response_format="single",
        base_population="All respondents",
        base_n=1200,  # = the survey's respondents, the largest base allowed
        figure_ref="Figure 1",
        figure_refs="Figure 1",
        page_number=1,
    ),
    _question(
        "survey-a",
        "Q2",
        question_text="Which open models do you use? (select all that apply)",
        response_format="multiple",
        topic="Adoption",
        base_n=800,
        base_n_min=600,
        valid_cases=790,
        total_mentions=1900,
        dont_know_excluded=True,
        segmented_by_code="Q1",
        segmented_by_codes="Q1",
        figure_ref="Figure 2",
        figure_refs="Figure 2; Table 1",
        page_number=1,
    ),
    _question(
        "survey-a",
        "Q3",
        response_format="per_row",
        base_n=0,
        figure_ref="Table 1",
        block_id="survey-a:b00002",
        page_number=2,
    ),
    _question("survey-a", "exhibit-2", base_n=312, figure_ref="Figure 2"),  # no code
    _question("survey-a", "exhibit-2-2", figure_ref="Figure 2"),  # a second uncoded chart
    _question("notes-c", "Q1", base_n=150, block_id="notes-c:b00000"),  # Q1 again, other survey
]

FIGURES = [
    {
        "document_id": document_id,
        "figure_ref": figure_ref,
        "title": None,
        "block_id": f"{document_id}:b{n:05d}",
        "page_number": page,
    }
    for document_id, figure_ref, n, page in [
        ("survey-a", "Figure 1", 0, 1),
        ("survey-a", "Figure 2", 1, 1),
        ("survey-a", "Table 1", 2, 2),
        ("article-b", "Figure 3", 1, None),  # not a figure of survey-a
    ]
]


def _segment(survey: str, dimension: str, label: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": survey,
        "survey_key": f"{survey}:survey",
        "segment_key": f"{survey}:survey:{dimension}:{label.lower().replace(' ', '-')}",
        "dimension": dimension,
        "segment_label": label,
        "definition": None,
        "respondents": None,
        "aliases": None,
        "source_kind": "list",
        "block_id": f"{survey}:b00001",
    }
    row.update(values)
    return row


SEGMENTS = [
    _segment("survey-a", "region", "Europe", respondents=700),
    _segment("survey-a", "region", "North America", respondents=500),
    _segment("survey-a", "industry", "Technology", respondents=1200, source_kind="footnote"),
    _segment(
        "survey-a",
        "adoption",
        "higher adopters",
        definition="organizations with very high or high adoption",
        aliases="higher",
        source_kind="phrase",
    ),
    _segment(
        "notes-c",
        "role",
        "Developers",
        respondents=150,
        source_kind="population",
        block_id="notes-c:b00000",  # notes-c has one block
    ),
]


def _link(claim: str, document_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "claim_id": claim,
        "document_id": document_id,
        "survey_key": f"{document_id}:survey",
        "question_key": None,
        "question_link_basis": None,
        "segment_key": None,
    }
    row.update(values)
    return row


CLAIM_LINKS = [
    _link(
        "c01",
        "survey-a",
        question_key="survey-a:survey:Q1",
        question_link_basis="figure_block",
        segment_key="survey-a:survey:region:europe",
    ),
    _link("c02", "survey-a", question_key="survey-a:survey:Q2", question_link_basis="figure_block"),
    _link(
        "c03",
        "survey-a",
        question_key="survey-a:survey:Q3",
        question_link_basis="figure_reference",
    ),
    _link("c04", "survey-a", segment_key="survey-a:survey:adoption:higher-adopters"),
    *[_link(f"c{n:02d}", "survey-a") for n in range(5, 13)],
    _link("c19", "notes-c", segment_key="notes-c:survey:role:developers"),
    _link("c20", "notes-c", question_key="notes-c:survey:Q1", question_link_basis="figure_block"),
]


def _web_link(n: int, document_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "document_id": document_id,
        "link_id": f"{document_id}:l{n:05d}",
        "block_id": f"{document_id}:b00001",
        "seq": n,
        "link_kind": "markup",
        "anchor_text": "Example Research",
        "href": "https://example.org/reports/open-models-2024.pdf",
        "char_start": 40 + 2 * n,  # within the block ("Open source AI in 2025" is 22 + 2)
        "char_end": 41 + 2 * n,
    }
    row.update(values)
    return row


def _unpublished(n: int, document_id: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "value_id": f"v{n:02d}",
        "document_id": document_id,
        "block_id": f"{document_id}:b00001",
        "block_type": "paragraph",
        "page_number": 1 if document_id == "survey-a" else None,
        "section": None,
        "text": "2.5% 16.25% 37.5%",
        "value_text": "2.5%",
        "value": 2.5,
        "unit": "percent",
        "char_start": 50 + n,  # within the block
        "char_end": 52 + n,
        "x0": None,
        "top": None,
        "x1": None,
        "bottom": None,
        "reason": "no_subject",
    }
    row.update(values)
    return row


# Values not published (extract/claims/publish.py): one per reason seen in the valid case.
UNPUBLISHED = [
    _unpublished(1, "survey-a", x0=72.0, top=100.0, x1=300.0, bottom=120.0),
    _unpublished(2, "survey-a", reason="table_total", unit="count", value=515.0),
    _unpublished(3, "survey-a", reason="axis_ticks", value=None),
    _unpublished(4, "article-b", reason="scale_definition", unit="score", value=9.0),
    _unpublished(5, "article-b", reason="no_context", unit="count", value=48.0),
]

# Hyperlinks (extract/links.py): article-b links to the report, survey-a prints a URL.
LINKS = [
    *[_web_link(n, "article-b") for n in range(4)],
    _web_link(
        0,
        "survey-a",
        link_kind="printed",
        anchor_text="https://example.org/data",
        href="https://example.org/data",
        block_id="survey-a:b00001",
        char_start=15,
        char_end=30,
    ),
]


def _model_sql(model: str, relations: dict[str, str]) -> str:
    """A dbt model's SQL with ``source('raw', t)`` as ``raw.t`` and ``ref(m)`` as ``relations[m]``
    (default ``staging.m``)."""
    sql = next(MODELS_DIR.rglob(f"{model}.sql")).read_text(encoding="utf-8")

    def relation(match: re.Match[str]) -> str:
        if match.group(1):
            return f"raw.{match.group(1)}"
        return relations.get(match.group(2), f"staging.{match.group(2)}")

    return re.sub(r"\{\{\s*(?:source\('raw',\s*'(\w+)'\)|ref\('(\w+)'\))\s*\}\}", relation, sql)


_CLAIM_CASTS = ", ".join(
    f"cast({column} as {sql_type}) as {column}"
    for column, sql_type in {
        "page_number": "integer",
        "char_start": "integer",
        "char_end": "integer",
        "value": "double",
        "value_low": "double",
        "value_high": "double",
        "qualifier": "varchar",
        "claim_kind": "varchar",
        "cited_source": "varchar",
        "cited_document_id": "varchar",
        "verified_by_claim_id": "varchar",
        "verification_note": "varchar",
        "quality_flags": "varchar",
        "period": "varchar",
        "respondents_count": "integer",
    }.items()
)


def _build_database(path: Path) -> None:
    """Raw tables as the extraction asset writes them; marts from their dbt model SQL."""
    documents = DOCUMENTS_SCHEMA.validate(pd.DataFrame(DOCUMENTS))
    tables = {
        "claims": CLAIMS_SCHEMA.validate(pd.DataFrame(CLAIMS)[list(CLAIMS_SCHEMA.columns)]),
        "surveys": SURVEYS_SCHEMA.validate(pd.DataFrame(SURVEYS)),
        "questions": QUESTIONS_SCHEMA.validate(pd.DataFrame(QUESTIONS)),
        "segments": SEGMENTS_SCHEMA.validate(pd.DataFrame(SEGMENTS)),
        "figures": FIGURES_SCHEMA.validate(pd.DataFrame(FIGURES)),
        "claim_links": CLAIM_LINKS_SCHEMA.validate(pd.DataFrame(CLAIM_LINKS)),
        "links": LINKS_SCHEMA.validate(pd.DataFrame(LINKS)),
        "unpublished_values": UNPUBLISHED_VALUES_SCHEMA.validate(pd.DataFrame(UNPUBLISHED)),
    }
    with connect(path) as connection:
        for table, raw_table in RAW_TABLES.items():  # every raw table exists
            ensure_raw_table(connection, table, raw_table.schema)
        for document_id, blocks in BLOCKS.items():
            frames = {
                "documents": documents[documents["document_id"] == document_id],
                "blocks": blocks_frame(document_id, blocks),
                "table_cells": table_cells_frame(document_id, blocks),
                **{
                    table: frame[frame["document_id"] == document_id]
                    for table, frame in tables.items()
                },
            }
            for table, frame in frames.items():
                replace_document_rows(
                    connection, table, RAW_TABLES[table].schema, document_id, frame
                )

        for schema in ("staging", "intermediate", "marts"):
            connection.execute(f"create schema {schema}")
        # int_claims_verified (claims with their verdicts) is given rows instead of being built.
        connection.register("claim_rows", pd.DataFrame(CLAIMS))
        connection.execute(
            "create table intermediate.int_claims_verified as"
            f" select * replace ({_CLAIM_CASTS}) from claim_rows"
        )
        connection.unregister("claim_rows")
        relations = {"int_claims_verified": "intermediate.int_claims_verified"}
        for mart in MARTS:
            sql = _model_sql(mart, relations)
            for staging_model in sorted(set(re.findall(r"staging\.(stg_\w+)", sql))):
                connection.execute(
                    f"create or replace view staging.{staging_model} as "
                    + _model_sql(staging_model, {})
                )
            connection.execute(f"create table marts.{mart} as {sql}")


@pytest.fixture(scope="module")
def valid_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    _build_database(path)
    return path


def _broken_copy(valid_database: Path, tmp_path: Path, sql: str) -> Path:
    path = tmp_path / valid_database.name
    shutil.copy(valid_database, path)
    with connect(path) as connection:
        connection.execute(sql)
    return path


def _failed(outcome: SuiteOutcome) -> set[tuple[str, str | None]]:
    return {(f.expectation, _key_column(f)) for f in outcome.failures}


def _key_column(failure: FailedExpectation) -> str | None:
    for key in ("column", "column_A"):
        if isinstance(failure.kwargs.get(key), str):
            return str(failure.kwargs[key])
    column_list = failure.kwargs.get("column_list")
    return ",".join(map(str, column_list)) if isinstance(column_list, list) else None


# ----------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("suite", SUITES)
def test_suite_loads_completely_and_documents_every_expectation(suite: str) -> None:
    path = EXPECTATIONS_DIR / f"{suite}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    loaded = load_suite(path)

    assert loaded.name == suite
    assert len(loaded.expectations) == len(raw["expectations"])
    assert loaded.notes
    assert all(expectation.notes for expectation in loaded.expectations)
    schema, _, table = suite.partition("_")
    assert raw["meta"]["table"] == f"{schema}.{table}"  # what validation.py's suite_target says


@pytest.mark.parametrize("suite", SUITES)
def test_valid_warehouse_passes(valid_database: Path, suite: str) -> None:
    outcome, frame = run_suite(valid_database, suite)

    assert outcome.success, _failed(outcome)
    suite_file = json.loads((EXPECTATIONS_DIR / f"{suite}.json").read_text(encoding="utf-8"))
    assert outcome.evaluated == outcome.successful == len(suite_file["expectations"])
    assert len(frame) >= MIN_ROWS.get(suite, 4)  # rows to check, not a vacuous pass


@dataclass(frozen=True)
class Breakage:
    """One broken rule: the SQL that breaks it, the expectation that must catch it, and the
    value that must appear in ``id_column`` of that failure's unexpected_rows."""

    sql: str
    expectation: str
    column: str
    id_column: str
    bad_id: str


# Per suite, breakages that touch different rows and rules, so that all of them can be applied
# to one copy of the database and each must still be reported by its own expectation.
BREAKAGES: dict[str, list[Breakage]] = {
    "raw_documents": [
        Breakage(
            "insert into raw.documents select * from raw.documents where document_id = 'survey-a'",
            "expect_column_values_to_be_unique",
            "document_id",
            "document_id",
            "survey-a",
        ),
        Breakage(
            "update raw.documents set extraction_error = null where document_id = 'broken-d'",
            "expect_column_values_to_not_be_null",
            "extraction_error",
            "document_id",
            "broken-d",
        ),
        Breakage(
            "update raw.documents set sha256 = upper(sha256) where document_id = 'article-b'",
            "expect_column_values_to_match_regex",
            "sha256",
            "document_id",
            "article-b",
        ),
        Breakage(
            "update raw.documents set page_count = 0 where document_id = 'article-b'",
            "expect_column_values_to_be_between",
            "page_count",
            "document_id",
            "article-b",
        ),
        Breakage(
            "update raw.documents set extraction_status = 'ok' where document_id = 'notes-c'",
            "expect_column_values_to_be_null",
            "extraction_warnings",
            "document_id",
            "notes-c",
        ),
        Breakage(
            "update raw.documents set extractor_version = null where document_id = 'broken-d'",
            "expect_column_values_to_not_be_null",
            "extractor_version",
            "document_id",
            "broken-d",
        ),
    ],
    "raw_blocks": [
        Breakage(
            "update raw.blocks set block_id = 'survey-a:b00000' where block_id = 'notes-c:b00000'",
            "expect_column_values_to_be_unique",
            "block_id",
            "document_id",
            "notes-c",
        ),
        Breakage(
            "insert into raw.blocks (document_id, block_id, seq, block_type, section_path, text,"
            " char_start, char_end) values ('ghost', 'ghost:b00000', 0, 'quote', '', 'Hi.', 0, 3)",
            "expect_column_values_to_be_in_set",
            "document_found",
            "block_id",
            "ghost:b00000",
        ),
        Breakage(
            "update raw.blocks set char_end = char_start where block_id = 'survey-a:b00002'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "char_end",
            "block_id",
            "survey-a:b00002",
        ),
        Breakage(
            "delete from raw.blocks where document_id = 'article-b';"
            " update raw.documents set block_count = 0 where document_id = 'article-b'",
            "expect_column_values_to_be_between",
            "document_block_count",
            "document_id",
            "article-b",
        ),
        Breakage(
            "delete from raw.blocks where block_id = 'survey-a:b00001'",
            "expect_column_pair_values_to_be_equal",
            "document_block_count",
            "document_id",
            "survey-a",
        ),
        Breakage(
            "update raw.blocks set damage = 'smudged' where block_id = 'survey-a:b00000'",
            "expect_column_values_to_match_regex",
            "damage",
            "block_id",
            "survey-a:b00000",
        ),
        Breakage(
            "update raw.blocks set page_breaks = 'page 2' where block_id = 'survey-a:b00002'",
            "expect_column_values_to_match_regex",
            "page_breaks",
            "block_id",
            "survey-a:b00002",
        ),
    ],
    "raw_unpublished_values": [
        Breakage(
            "update raw.unpublished_values set value_id = 'v01' where value_id = 'v02'",
            "expect_column_values_to_be_unique",
            "value_id",
            "value_id",
            "v01",
        ),
        Breakage(
            "update raw.unpublished_values set reason = 'boring' where value_id = 'v03'",
            "expect_column_values_to_be_in_set",
            "reason",
            "value_id",
            "v03",
        ),
        Breakage(
            "update raw.unpublished_values set block_id = 'article-b:b00099'"
            " where value_id = 'v04'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "value_id",
            "v04",
        ),
        Breakage(
            "update raw.unpublished_values set char_end = char_start where value_id = 'v05'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "char_end",
            "value_id",
            "v05",
        ),
    ],
    "raw_table_cells": [
        Breakage(
            "update raw.table_cells set col_index = 0 where row_index = 1 and col_index = 1",
            "expect_compound_columns_to_be_unique",
            "table_id,row_index,col_index",
            "table_id",
            "survey-a:t00000",
        ),
        Breakage(
            "update raw.table_cells set block_id = 'survey-a:b00099'"
            " where row_index = 0 and col_index = 0",
            "expect_column_values_to_be_in_set",
            "block_found",
            "block_id",
            "survey-a:b00099",
        ),
        Breakage(
            "update raw.table_cells set row_index = -1 where row_index = 0 and col_index = 1",
            "expect_column_values_to_be_between",
            "row_index",
            "block_id",
            "survey-a:b00002",
        ),
        Breakage(
            "update raw.table_cells set document_id = 'ghost-doc' where row_index = 1",
            "expect_column_values_to_be_in_set",
            "document_found",
            "document_id",
            "ghost-doc",
        ),
        Breakage(  # the table's cells now come from three blocks
            "update raw.table_cells set block_id = 'survey-a:b00000' where row_index = 1",
            "expect_column_values_to_be_between",
            "table_block_count",
            "table_id",
            "survey-a:t00000",
        ),
    ],
    "raw_claims": [
        Breakage(
            "update raw.claims set claim_id = 'c08' where claim_id = 'c07'",
            "expect_column_values_to_be_unique",
            "claim_id",
            "claim_id",
            "c08",
        ),
        Breakage(  # a claim of a document the warehouse does not hold
            "update raw.claims set document_id = 'ghost-doc' where claim_id = 'c15'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "claim_id",
            "c15",
        ),
        Breakage(  # a block of another document
            "update raw.claims set block_id = 'survey-a:b00001' where claim_id = 'c16'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "claim_id",
            "c16",
        ),
        Breakage(
            "update raw.claims set value = 140 where claim_id = 'c10'",
            "expect_column_values_to_be_between",
            "value",
            "claim_id",
            "c10",
        ),
    ],
    "raw_figures": [
        Breakage(
            "update raw.figures set page_number = 0 where figure_ref = 'Figure 2'",
            "expect_column_values_to_be_between",
            "page_number",
            "block_id",
            "survey-a:b00001",
        ),
        Breakage(
            "update raw.figures set figure_ref = 'Figure 2' where figure_ref = 'Table 1'",
            "expect_compound_columns_to_be_unique",
            "document_id,figure_ref",
            "block_id",
            "survey-a:b00002",
        ),
        Breakage(
            "update raw.figures set document_id = 'ghost-doc' where figure_ref = 'Figure 3'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "document_id",
            "ghost-doc",
        ),
        Breakage(
            "update raw.figures set block_id = 'survey-a:b00099' where figure_ref = 'Figure 1'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "block_id",
            "survey-a:b00099",
        ),
        Breakage(
            "insert into raw.figures by name select 'notes-c' as document_id,"
            " 'Diagram 4' as figure_ref, 'notes-c:b00000' as block_id",
            "expect_column_values_to_match_regex",
            "figure_ref",
            "figure_ref",
            "Diagram 4",
        ),
        Breakage(  # a second figure captioned by the same block
            "insert into raw.figures by name select 'notes-c' as document_id,"
            " 'Figure 5' as figure_ref, 'notes-c:b00000' as block_id",
            "expect_column_values_to_be_unique",
            "block_id",
            "figure_ref",
            "Figure 5",
        ),
    ],
    "raw_surveys": [
        Breakage(
            "insert into raw.surveys select * from raw.surveys where survey_key = 'notes-c:survey'",
            "expect_column_values_to_be_unique",
            "survey_key",
            "survey_key",
            "notes-c:survey",
        ),
        Breakage(
            "update raw.surveys set respondents = 0 where survey_key = 'notes-c:survey'",
            "expect_column_values_to_be_between",
            "respondents",
            "survey_key",
            "notes-c:survey",
        ),
        Breakage(
            "update raw.surveys set margin_of_error_pct = 25 where survey_key = 'survey-a:survey'",
            "expect_column_values_to_be_between",
            "margin_of_error_pct",
            "survey_key",
            "survey-a:survey",
        ),
        Breakage(
            "update raw.surveys set confidence_level_pct = 99.95"
            " where survey_key = 'survey-a:survey'",
            "expect_column_values_to_be_between",
            "confidence_level_pct",
            "survey_key",
            "survey-a:survey",
        ),
        Breakage(
            "insert into raw.surveys by name select 'article-b' as document_id,"
            " 'article-b:survey' as survey_key, '2025-03' as fieldwork_start,"
            " '2025-02-28' as fieldwork_end, 'article-b:b00000' as evidence_block_id",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "fieldwork_end",
            "survey_key",
            "article-b:survey",
        ),
        Breakage(
            "update raw.surveys set fieldwork_end = 'Sept 2024'"
            " where survey_key = 'notes-c:survey'",
            "expect_column_values_to_match_regex",
            "fieldwork_end",
            "survey_key",
            "notes-c:survey",
        ),
        Breakage(
            "insert into raw.surveys by name select 'ghost' as document_id,"
            " 'ghost:survey' as survey_key, 'ghost:b00000' as evidence_block_id",
            "expect_column_values_to_be_in_set",
            "document_found",
            "survey_key",
            "ghost:survey",
        ),
        Breakage(  # a block of another document
            "update raw.surveys set evidence_block_id = 'survey-a:b00000'"
            " where survey_key = 'article-b:survey'",
            "expect_column_values_to_be_in_set",
            "evidence_block_found",
            "survey_key",
            "article-b:survey",
        ),
    ],
    "raw_questions": [
        Breakage(
            "update raw.questions set question_key = 'survey-a:survey:Q1'"
            " where question_key = 'survey-a:survey:exhibit-2-2'",
            "expect_column_values_to_be_unique",
            "question_key",
            "question_key",
            "survey-a:survey:Q1",
        ),
        Breakage(
            "update raw.questions set question_code = 'Q2'"
            " where question_key = 'survey-a:survey:Q3'",
            "expect_compound_columns_to_be_unique",
            "survey_key,question_code",
            "question_key",
            "survey-a:survey:Q3",
        ),
        Breakage(
            "update raw.questions set response_format = 'ranking'"
            " where question_key = 'survey-a:survey:Q1'",
            "expect_column_values_to_be_in_set",
            "response_format",
            "question_key",
            "survey-a:survey:Q1",
        ),
        Breakage(
            "update raw.questions set base_n = -5 where question_key = 'survey-a:survey:exhibit-2'",
            "expect_column_values_to_be_between",
            "base_n",
            "question_key",
            "survey-a:survey:exhibit-2",
        ),
        Breakage(  # one more than the survey's 150 respondents
            "update raw.questions set base_n = 151 where question_key = 'notes-c:survey:Q1'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "survey_respondents",
            "question_key",
            "notes-c:survey:Q1",
        ),
        Breakage(
            "update raw.questions set base_n_min = 900 where question_key = 'survey-a:survey:Q2'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "base_n",
            "question_key",
            "survey-a:survey:Q2",
        ),
        Breakage(  # Figure 3 is a figure of article-b, not of survey-a
            "update raw.questions set figure_ref = 'Figure 3'"
            " where question_key = 'survey-a:survey:Q2'",
            "expect_column_values_to_be_in_set",
            "figure_found",
            "question_key",
            "survey-a:survey:Q2",
        ),
        Breakage(
            "insert into raw.questions by name select 'article-b' as document_id,"
            " 'ghost:survey' as survey_key, 'ghost:survey:Q1' as question_key,"
            " false as dont_know_excluded, 'article-b:b00000' as block_id",
            "expect_column_values_to_be_in_set",
            "survey_found",
            "question_key",
            "ghost:survey:Q1",
        ),
        Breakage(
            "update raw.questions set document_id = 'ghost-doc'"
            " where question_key = 'notes-c:survey:Q1'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "question_key",
            "notes-c:survey:Q1",
        ),
        Breakage(  # a block of another document
            "update raw.questions set block_id = 'article-b:b00001'"
            " where question_key = 'survey-a:survey:exhibit-2'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "question_key",
            "survey-a:survey:exhibit-2",
        ),
    ],
    "raw_segments": [
        Breakage(
            "update raw.segments set segment_key = 'survey-a:survey:region:europe'"
            " where segment_key = 'survey-a:survey:region:north-america'",
            "expect_column_values_to_be_unique",
            "segment_key",
            "segment_key",
            "survey-a:survey:region:europe",
        ),
        Breakage(
            "update raw.segments set dimension = null"
            " where segment_key = 'survey-a:survey:industry:technology'",
            "expect_column_values_to_not_be_null",
            "dimension",
            "segment_key",
            "survey-a:survey:industry:technology",
        ),
        Breakage(  # one more than the survey's 150 respondents
            "update raw.segments set respondents = 151"
            " where segment_key = 'notes-c:survey:role:developers'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "survey_respondents",
            "segment_key",
            "notes-c:survey:role:developers",
        ),
        Breakage(
            "update raw.segments set source_kind = 'guess'"
            " where segment_key = 'survey-a:survey:adoption:higher-adopters'",
            "expect_column_values_to_be_in_set",
            "source_kind",
            "segment_key",
            "survey-a:survey:adoption:higher-adopters",
        ),
        Breakage(
            "insert into raw.segments by name select 'article-b' as document_id,"
            " 'ghost:survey' as survey_key, 'ghost:survey:role:cios' as segment_key,"
            " 'role' as dimension, 'CIOs' as segment_label, 'list' as source_kind,"
            " 'article-b:b00000' as block_id",
            "expect_column_values_to_be_in_set",
            "survey_found",
            "segment_key",
            "ghost:survey:role:cios",
        ),
        Breakage(
            "update raw.segments set document_id = 'ghost-doc'"
            " where segment_key = 'survey-a:survey:region:europe'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "segment_key",
            "survey-a:survey:region:europe",
        ),
        Breakage(  # a block of another document
            "update raw.segments set block_id = 'notes-c:b00000'"
            " where segment_key = 'survey-a:survey:adoption:higher-adopters'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "segment_key",
            "survey-a:survey:adoption:higher-adopters",
        ),
    ],
    "raw_links": [
        Breakage(
            "update raw.links set link_id = 'article-b:l00000' where link_id = 'article-b:l00001'",
            "expect_column_values_to_be_unique",
            "link_id",
            "link_id",
            "article-b:l00000",
        ),
        Breakage(
            "update raw.links set block_id = 'article-b:b00099' where link_id = 'article-b:l00002'",
            "expect_column_values_to_be_in_set",
            "block_found",
            "link_id",
            "article-b:l00002",
        ),
        Breakage(
            "update raw.links set char_end = 500 where link_id = 'article-b:l00003'",
            "expect_column_values_to_be_in_set",
            "within_block",
            "link_id",
            "article-b:l00003",
        ),
        Breakage(
            "update raw.links set href = '#results' where link_id = 'survey-a:l00000'",
            "expect_column_values_to_not_match_regex",
            "href",
            "link_id",
            "survey-a:l00000",
        ),
        Breakage(
            "insert into raw.links select * replace ('ghost:l00000' as link_id, 9 as seq,"
            " 'email' as link_kind) from raw.links where link_id = 'survey-a:l00000'",
            "expect_column_values_to_be_in_set",
            "link_kind",
            "link_id",
            "ghost:l00000",
        ),
        Breakage(
            "update raw.links set document_id = 'ghost-doc' where link_id = 'article-b:l00000'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "link_id",
            "article-b:l00000",
        ),
    ],
    "raw_claim_links": [
        Breakage(
            "update raw.claim_links set claim_id = 'c99' where claim_id = 'c05'",
            "expect_column_values_to_be_in_set",
            "claim_found",
            "claim_id",
            "c99",
        ),
        Breakage(
            "update raw.claim_links set claim_id = 'c07' where claim_id = 'c06'",
            "expect_column_values_to_be_unique",
            "claim_id",
            "claim_id",
            "c07",
        ),
        Breakage(
            "update raw.claim_links set survey_key = 'ghost:survey' where claim_id = 'c08'",
            "expect_column_values_to_be_in_set",
            "survey_found",
            "claim_id",
            "c08",
        ),
        Breakage(  # a question of notes-c's survey, not of survey-a's
            "update raw.claim_links set question_key = 'notes-c:survey:Q1' where claim_id = 'c02'",
            "expect_column_values_to_be_in_set",
            "question_found",
            "claim_id",
            "c02",
        ),
        Breakage(
            "update raw.claim_links set segment_key = 'survey-a:survey:region:asia'"
            " where claim_id = 'c04'",
            "expect_column_values_to_be_in_set",
            "segment_found",
            "claim_id",
            "c04",
        ),
        Breakage(
            "update raw.claim_links set question_link_basis = null where claim_id = 'c03'",
            "expect_column_values_to_not_be_null",
            "question_link_basis",
            "claim_id",
            "c03",
        ),
        Breakage(
            "update raw.claim_links set question_link_basis = 'figure_block'"
            " where claim_id = 'c09'",
            "expect_column_values_to_be_null",
            "question_link_basis",
            "claim_id",
            "c09",
        ),
        Breakage(
            "update raw.claim_links set question_key = 'survey-a:survey:Q1',"
            " question_link_basis = 'guess' where claim_id = 'c10'",
            "expect_column_values_to_be_in_set",
            "question_link_basis",
            "claim_id",
            "c10",
        ),
        Breakage(
            "update raw.claim_links set document_id = 'ghost-doc' where claim_id = 'c11'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "claim_id",
            "c11",
        ),
    ],
    "marts_dim_documents": [
        Breakage(
            "insert into marts.dim_documents select * from marts.dim_documents"
            " where document_id = 'notes-c'",
            "expect_column_values_to_be_unique",
            "document_id",
            "document_id",
            "notes-c",
        ),
        Breakage(
            "update marts.dim_documents set extraction_error = null where document_id = 'broken-d'",
            "expect_column_values_to_not_be_null",
            "extraction_error",
            "document_id",
            "broken-d",
        ),
        Breakage(
            "update marts.dim_documents set source_format = 'docx' where document_id = 'article-b'",
            "expect_column_values_to_be_in_set",
            "source_format",
            "document_id",
            "article-b",
        ),
    ],
    "marts_fct_claims": [
        Breakage(
            "update marts.fct_claims set claim_id = 'c10' where claim_id = 'c09'",
            "expect_column_values_to_be_unique",
            "claim_id",
            "claim_id",
            "c10",
        ),
        Breakage(
            "update marts.fct_claims set document_id = 'ghost' where claim_id = 'c16'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "document_id",
            "ghost",
        ),
        Breakage(
            "update marts.fct_claims set cited_document_id = 'ghost' where claim_id = 'c13'",
            "expect_column_values_to_be_in_set",
            "cited_document_found",
            "cited_document_id",
            "ghost",
        ),
        Breakage(
            "update marts.fct_claims set verified_by_claim_id = 'c99' where claim_id = 'c14'",
            "expect_column_values_to_be_in_set",
            "verified_by_claim_found",
            "verified_by_claim_id",
            "c99",
        ),
        Breakage(
            "update marts.fct_claims set verified_by_claim_id = 'c01' where claim_id = 'c12'",
            "expect_column_values_to_be_null",
            "verified_by_claim_id",
            "claim_id",
            "c12",
        ),
        Breakage(
            "update marts.fct_claims set value = 140 where claim_id = 'c07'",
            "expect_column_values_to_be_between",
            "value",
            "claim_id",
            "c07",
        ),
        Breakage(
            "update marts.fct_claims set value = null where claim_id = 'c17'",
            "expect_column_values_to_not_be_null",
            "quality_flags",
            "claim_id",
            "c17",
        ),
        Breakage(
            "update marts.fct_claims set block_id = null where claim_id = 'c19'",
            "expect_column_values_to_not_be_null",
            "block_id",
            "claim_id",
            "c19",
        ),
        Breakage(
            "update marts.fct_claims set char_end = char_start where claim_id = 'c20'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "char_end",
            "claim_id",
            "c20",
        ),
        Breakage(
            "update marts.fct_claims set subject = null where claim_id = 'c08'",
            "expect_column_values_to_not_be_null",
            "subject",
            "claim_id",
            "c08",
        ),
        Breakage(
            "update marts.fct_claims set subject = '45%' where claim_id = 'c10'",
            "expect_column_values_to_match_regex",
            "subject",
            "claim_id",
            "c10",
        ),
        Breakage(
            "update marts.fct_claims set respondents_count = -3 where claim_id = 'c11'",
            "expect_column_values_to_be_between",
            "respondents_count",
            "claim_id",
            "c11",
        ),
        Breakage(  # a third flagged claim of 20: 85% unflagged, under the 90% required
            "update marts.fct_claims set quality_flags = 'split_number' where claim_id = 'c18'",
            "expect_column_values_to_be_null",
            "quality_flags",
            "claim_id",
            "c18",
        ),
    ],
    "marts_dim_surveys": [
        Breakage(
            "insert into marts.dim_surveys select * from marts.dim_surveys"
            " where survey_id = 'notes-c:survey'",
            "expect_column_values_to_be_unique",
            "survey_id",
            "survey_id",
            "notes-c:survey",
        ),
        Breakage(
            "update marts.dim_surveys set respondents = 0 where survey_id = 'notes-c:survey'",
            "expect_column_values_to_be_between",
            "respondents",
            "survey_id",
            "notes-c:survey",
        ),
        Breakage(
            "update marts.dim_surveys set margin_of_error_pct = 21"
            " where survey_id = 'survey-a:survey'",
            "expect_column_values_to_be_between",
            "margin_of_error_pct",
            "survey_id",
            "survey-a:survey",
        ),
        Breakage(
            "update marts.dim_surveys set confidence_level_pct = 75"
            " where survey_id = 'survey-a:survey'",
            "expect_column_values_to_be_between",
            "confidence_level_pct",
            "survey_id",
            "survey-a:survey",
        ),
        Breakage(
            "update marts.dim_surveys set fieldwork_start = date '2025-02-01',"
            " fieldwork_end = date '2025-01-31' where survey_id = 'notes-c:survey'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "fieldwork_end",
            "survey_id",
            "notes-c:survey",
        ),
        Breakage(
            "update marts.dim_surveys set document_id = 'ghost'"
            " where survey_id = 'survey-a:survey'",
            "expect_column_values_to_be_in_set",
            "document_found",
            "survey_id",
            "survey-a:survey",
        ),
    ],
    "marts_dim_questions": [
        Breakage(
            "insert into marts.dim_questions select * from marts.dim_questions"
            " where question_id = 'survey-a:survey:exhibit-2'",
            "expect_column_values_to_be_unique",
            "question_id",
            "question_id",
            "survey-a:survey:exhibit-2",
        ),
        Breakage(
            "update marts.dim_questions set question_code = 'Q3'"
            " where question_id = 'survey-a:survey:exhibit-2-2'",
            "expect_compound_columns_to_be_unique",
            "survey_id,question_code",
            "question_id",
            "survey-a:survey:exhibit-2-2",
        ),
        Breakage(  # a question of notes-c's survey, not of survey-a's
            "update marts.dim_questions set segmented_by_question_id = 'notes-c:survey:Q1'"
            " where question_id = 'survey-a:survey:Q2'",
            "expect_column_values_to_be_in_set",
            "segmented_by_question_found",
            "question_id",
            "survey-a:survey:Q2",
        ),
        Breakage(
            "update marts.dim_questions set survey_id = 'ghost:survey'"
            " where question_id = 'notes-c:survey:Q1'",
            "expect_column_values_to_be_in_set",
            "survey_found",
            "question_id",
            "notes-c:survey:Q1",
        ),
        Breakage(  # one more than the survey's 1,200 respondents
            "update marts.dim_questions set base_n = 1201 where question_id = 'survey-a:survey:Q1'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "survey_respondents",
            "question_id",
            "survey-a:survey:Q1",
        ),
        Breakage(
            "update marts.dim_questions set response_format = 'ranking'"
            " where question_id = 'survey-a:survey:Q3'",
            "expect_column_values_to_be_in_set",
            "response_format",
            "question_id",
            "survey-a:survey:Q3",
        ),
    ],
    "marts_dim_segments": [
        Breakage(
            "insert into marts.dim_segments select * from marts.dim_segments"
            " where segment_id = 'survey-a:survey:region:europe'",
            "expect_column_values_to_be_unique",
            "segment_id",
            "segment_id",
            "survey-a:survey:region:europe",
        ),
        Breakage(
            "update marts.dim_segments set dimension = null"
            " where segment_id = 'survey-a:survey:industry:technology'",
            "expect_column_values_to_not_be_null",
            "dimension",
            "segment_id",
            "survey-a:survey:industry:technology",
        ),
        Breakage(  # more than the survey's 1,200 respondents
            "update marts.dim_segments set respondents = 1300"
            " where segment_id = 'survey-a:survey:region:north-america'",
            "expect_column_pair_values_a_to_be_greater_than_b",
            "survey_respondents",
            "segment_id",
            "survey-a:survey:region:north-america",
        ),
        Breakage(
            "update marts.dim_segments set survey_id = 'ghost:survey'"
            " where segment_id = 'notes-c:survey:role:developers'",
            "expect_column_values_to_be_in_set",
            "survey_found",
            "segment_id",
            "notes-c:survey:role:developers",
        ),
        Breakage(
            "update marts.dim_segments set source_kind = 'guess'"
            " where segment_id = 'survey-a:survey:adoption:higher-adopters'",
            "expect_column_values_to_be_in_set",
            "source_kind",
            "segment_id",
            "survey-a:survey:adoption:higher-adopters",
        ),
    ],
}


@pytest.mark.parametrize("suite", SUITES)
def test_broken_rows_fail_naming_the_expectation_and_the_row(
    valid_database: Path, tmp_path: Path, suite: str
) -> None:
    breakages = BREAKAGES[suite]
    database = _broken_copy(valid_database, tmp_path, ";\n".join(b.sql for b in breakages))

    outcome, _ = run_suite(database, suite)

    assert not outcome.success
    failures = {(f.expectation, _key_column(f)): f for f in outcome.failures}
    assert set(failures) == {(b.expectation, b.column) for b in breakages}
    for breakage in breakages:
        failure = failures[(breakage.expectation, breakage.column)]
        assert failure.unexpected_count is not None and failure.unexpected_count >= 1
        offending = set(failure.unexpected_rows[breakage.id_column])
        assert breakage.bad_id in offending, (breakage, failure.unexpected_rows)
