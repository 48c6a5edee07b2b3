"""Extraction: one partition per document, written to the ``raw`` schema of the working database.

Each raw asset key is ``raw/<table>``, the name dbt uses in ``source('raw', '<table>')``, so the
lineage from a document to the marts joins without glue.
"""

import dagster as dg
import pandas as pd

from extract import EXTRACTOR_VERSION, extract_document, load_manifest
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.paths import PROJECT_ROOT
from pipeline.lib.raw_tables import RAW_TABLES, frames_of
from pipeline.lib.refresh import is_unchanged
from pipeline.lib.resources import DUCKDB_POOL, SourcesResource, WarehouseResource
from pipeline.lib.warehouse import connect, replace_document_rows, stored_fingerprints

EXTRACTED_CHECK = "document_extracted"


class ExtractionConfig(dg.Config):
    force: bool = False
    """Extract even when the content and the extractor version are unchanged."""


def _preview(frame: pd.DataFrame, columns: list[str], rows: int = 10) -> dg.MetadataValue:
    return dg.MetadataValue.md(frame[columns].head(rows).to_markdown(index=False))


@dg.multi_asset(
    name="extract_document",
    specs=[
        dg.AssetSpec(
            ["raw", table],
            description=RAW_TABLES[table].description,
            group_name="extraction",
            kinds={"python", "duckdb"},
            skippable=True,
            metadata={"dagster/table_name": f"raw.{table}"},
        )
        for table in RAW_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(
            EXTRACTED_CHECK,
            asset=["raw", "documents"],
            description="The document could be read (a failed one is kept with its error).",
        )
    ],
    partitions_def=documents_partitions,
    pool=DUCKDB_POOL,
    code_version=EXTRACTOR_VERSION,
)
def extract_document_asset(
    context: dg.AssetExecutionContext,
    config: ExtractionConfig,
    sources: SourcesResource,
    warehouse: WarehouseResource,
):
    """Read one document, validate every frame with its pandera schema, replace its raw rows."""
    document_id = context.partition_key
    manifest = load_manifest(sources.manifest_path)
    try:
        source = manifest.get(document_id)
    except KeyError as exc:
        raise dg.Failure(
            description=f"{exc.args[0]}; the documents sensor removes stale partitions.",
        ) from exc
    paths = warehouse.paths
    stored = stored_fingerprints(paths.work).get(document_id)
    if not config.force and is_unchanged(source, stored):
        context.log.info(
            f"{document_id}: unchanged since its last extraction "
            f"(sha256 {stored.sha256[:12]}…, extractor {EXTRACTOR_VERSION}); not re-extracted"
        )
        yield dg.AssetCheckResult(
            check_name=EXTRACTED_CHECK,
            asset_key=["raw", "documents"],
            passed=stored.extraction_status != "failed",
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"status": stored.extraction_status, "re_extracted": False},
        )
        return

    extraction = extract_document(source, cache_dir=paths.fetch_cache_dir)
    frames = frames_of(extraction)
    with connect(paths.work) as connection:
        connection.begin()
        for table, frame in frames.items():
            replace_document_rows(connection, table, RAW_TABLES[table].schema, document_id, frame)
        connection.commit()

    status = extraction.status
    log = context.log.warning if status == "failed" else context.log.info
    log(f"{document_id}: {status}" + (f" ({extraction.error})" if extraction.error else ""))
    for table, frame in frames.items():
        metadata: dict[str, object] = {
            "dagster/row_count": len(frame),
            "document_id": document_id,
            "extraction_status": status,
            "re_extracted": True,
        }
        if table == "documents" and extraction.error:
            metadata["extraction_error"] = extraction.error
        if table == "claims" and len(frame):
            metadata["preview"] = _preview(frame, ["value_text", "unit", "claim_text"])
        if extraction.contract_failures is not None and table == "documents":
            metadata["contract_failures"] = dg.MetadataValue.md(
                extraction.contract_failures.head(50).to_markdown(index=False)
            )
        yield dg.MaterializeResult(asset_key=["raw", table], metadata=metadata)
    yield dg.AssetCheckResult(
        check_name=EXTRACTED_CHECK,
        asset_key=["raw", "documents"],
        passed=status != "failed",
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "status": status,
            "error": extraction.error or "",
            "source": source.source_uri.replace(str(PROJECT_ROOT) + "/", ""),
        },
    )
