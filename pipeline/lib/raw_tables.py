"""The tables of the ``raw`` schema: one per extractor output, each with its pandera schema."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from extract import (
    BLOCKS_SCHEMA,
    CLAIMS_SCHEMA,
    DOCUMENTS_SCHEMA,
    LINKS_SCHEMA,
    TABLE_CELLS_SCHEMA,
    UNPUBLISHED_VALUES_SCHEMA,
    DocumentExtraction,
)
from extract.surveys import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
)


@dataclass(frozen=True)
class RawTable:
    name: str
    schema: pa.DataFrameSchema
    description: str


RAW_TABLES: dict[str, RawTable] = {
    table.name: table
    for table in (
        RawTable(
            "documents",
            DOCUMENTS_SCHEMA,
            "One row per ingested document: metadata, content hash, extraction status.",
        ),
        RawTable(
            "blocks",
            BLOCKS_SCHEMA,
            "Text blocks in reading order with page, section path, type and char offsets.",
        ),
        RawTable(
            "table_cells",
            TABLE_CELLS_SCHEMA,
            "Cells of every table found, with row and column index and a header flag.",
        ),
        RawTable(
            "claims",
            CLAIMS_SCHEMA,
            "Quantitative statements in the blocks: value, unit, sentence and provenance.",
        ),
        RawTable(
            "surveys",
            SURVEYS_SCHEMA,
            "The survey a report presents: respondents, fieldwork, countries, margin of error.",
        ),
        RawTable(
            "questions",
            QUESTIONS_SCHEMA,
            "Survey questions and exhibits: code, text, response format, topic and base.",
        ),
        RawTable(
            "segments",
            SEGMENTS_SCHEMA,
            "Respondent segments a report uses: dimension, label, definition and n.",
        ),
        RawTable("figures", FIGURES_SCHEMA, "Figure and exhibit captions, one row per caption."),
        RawTable(
            "claim_links",
            CLAIM_LINKS_SCHEMA,
            "Which survey, question and segment each claim of a report is about.",
        ),
        RawTable(
            "links",
            LINKS_SCHEMA,
            "Hyperlinks in the text: anchor text, target as written, block and char offsets.",
        ),
        RawTable(
            "unpublished_values",
            UNPUBLISHED_VALUES_SCHEMA,
            "Values not published as claims (no subject, Total rows, axis ticks, ...): the "
            "reason and the place on the page.",
        ),
    )
}


def frames_of(extraction: DocumentExtraction) -> dict[str, pd.DataFrame]:
    """The extraction's frames by raw table name."""
    return {
        "documents": extraction.document,
        "blocks": extraction.blocks,
        "table_cells": extraction.table_cells,
        "claims": extraction.claims,
        "surveys": extraction.survey.surveys,
        "questions": extraction.survey.questions,
        "segments": extraction.survey.segments,
        "figures": extraction.survey.figures,
        "claim_links": extraction.survey.claim_links,
        "links": extraction.links,
        "unpublished_values": extraction.unpublished_values,
    }
