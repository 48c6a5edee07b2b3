"""Extraction library: documents in (PDF, HTML, plain text), validated DataFrames out.

Pure Python, never imports dagster. Every function returns DataFrames checked by the pandera
schema that lives beside it.
"""

from extract.blocks import (
    BLOCKS_SCHEMA,
    TABLE_CELLS_SCHEMA,
    Block,
    ParsedDocument,
    Table,
    blocks_frame,
    table_cells_frame,
)
from extract.claims import (
    CLAIMS_SCHEMA,
    UNPUBLISHED_VALUES_SCHEMA,
    ClaimSettings,
    extract_claim_values,
    extract_claims,
)
from extract.documents import DOCUMENTS_SCHEMA, DocumentExtraction, detect_format, extract_document
from extract.errors import DocumentError
from extract.links import LINKS_SCHEMA
from extract.manifest import Manifest, ManifestError, SourceDocument, load_manifest
from extract.settings import EXTRACTOR_VERSION, ExtractionSettings, HtmlSettings, PdfSettings

__all__ = [
    "BLOCKS_SCHEMA",
    "CLAIMS_SCHEMA",
    "DOCUMENTS_SCHEMA",
    "EXTRACTOR_VERSION",
    "LINKS_SCHEMA",
    "TABLE_CELLS_SCHEMA",
    "UNPUBLISHED_VALUES_SCHEMA",
    "Block",
    "ClaimSettings",
    "DocumentError",
    "DocumentExtraction",
    "ExtractionSettings",
    "HtmlSettings",
    "Manifest",
    "ManifestError",
    "ParsedDocument",
    "PdfSettings",
    "SourceDocument",
    "Table",
    "blocks_frame",
    "detect_format",
    "extract_claim_values",
    "extract_claims",
    "extract_document",
    "load_manifest",
    "table_cells_frame",
]
