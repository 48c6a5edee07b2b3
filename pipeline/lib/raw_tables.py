"""The tables of the ``raw`` schema: one per extractor output, each with its pandera schema."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from extract import (
    BLOCKS_SCHEMA,
    CLAIMS_SCHEMA,
    DOCUMENTS_SCHEMA,
    TABLE_CELLS_SCHEMA,
    DocumentExtraction,
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
    )
}


def frames_of(extraction: DocumentExtraction) -> dict[str, pd.DataFrame]:
    """The extraction's frames by raw table name."""
    return {
        "documents": extraction.document,
        "blocks": extraction.blocks,
        "table_cells": extraction.table_cells,
        "claims": extraction.claims,
    }
