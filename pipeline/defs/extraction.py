"""Extraction: documents → the extraction store (in parallel) → the ``raw`` tables (one short step).

One graph-backed multi-asset, partitioned by document (dynamic partitions ``documents``), run
for any set of documents in ONE run (``BackfillPolicy.single_run``):

    plan ──► extract_shard_0 ──┐
         ├─► extract_shard_1 ──┼─► load   (pool ``duckdb``: the only step that opens DuckDB)
         └─► …  (unchanged) ───┘

- ``plan`` reads the manifest once, keeps the run's documents, and sends every new or changed
  one to a shard (largest files first, each to the least loaded shard); unchanged documents (a
  complete store entry for their content and extractor version) go straight to ``load``.
- ``extract_shard_<i>`` extracts its documents one by one into the store (Parquet). They hold
  no pool, so they run at once: one process each under the multiprocess executor, one task each
  on a Dask cluster. A document that fails is kept as a failed row; one that crashes its
  extractor is reported and does not stop its shard.
- ``load`` replaces the rows of those documents in every ``raw`` table from their store
  entries, in one transaction, and reports each document on its partition: a materialization
  of every ``raw/<table>`` partition it (re)loaded, with row counts and status, and a
  ``document_extracted`` check evaluation (status, error, ``re_extracted``).

Each raw asset key is ``raw/<table>``, the name dbt uses in ``source('raw', '<table>')``, so the
lineage from a document to the marts joins without glue. The number of shards is fixed when the
definitions load (``EXTRACTION_SHARDS``, default the number of workers; see
``pipeline.lib.executors`` for why not one dynamic step per document).
"""

import os
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import dagster as dg

from extract import EXTRACTOR_VERSION, SourceDocument, extract_document, load_manifest
from pipeline.lib.catalog import OWNERS, column_schema, layer_tags, table_counts
from pipeline.lib.executors import shards
from pipeline.lib.partitions import documents_partitions
from pipeline.lib.raw_tables import RAW_TABLES, frames_of
from pipeline.lib.refresh import is_loaded, loaded_versions
from pipeline.lib.resources import DUCKDB_POOL, SourcesResource, WarehouseResource
from pipeline.lib.store import ExtractionStore, StoreEntry
from pipeline.lib.warehouse import RAW_SCHEMA, connect, load_entries, sql_type

if TYPE_CHECKING:  # what define_asset_job returns; Dagster exports no name for it
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )

EXTRACTION_GROUP = "extraction"
EXTRACTED_CHECK = "document_extracted"
FORCE_TAG = "warehouse/force"
"""Run tag that re-extracts every document of the run: set it on a backfill ("Materialize all",
Add tag ``warehouse/force=true``), where run config cannot reach only the extraction run."""
DOCUMENTS_KEY = dg.AssetKey(["raw", "documents"])
SHARDS = shards()


class ExtractionConfig(dg.Config):
    force: bool = False
    """Extract even when the content and the extractor version are unchanged (or tag the run
    ``warehouse/force=true``)."""


@dataclass(frozen=True)
class Extracted:
    """What a shard reports for one document (small: the frames are in the store)."""

    document_id: str
    entry: StoreEntry | None
    seconds: float
    error: str | None = None
    """Set when the extractor itself crashed or the store could not be written."""


def _assign(sources: list[SourceDocument], count: int) -> list[list[SourceDocument]]:
    """Largest first, each to the least loaded shard (by file size): shards finish together."""

    def size(source: SourceDocument) -> int:
        try:
            return source.path.stat().st_size if source.path else 0
        except OSError:
            return 0

    loads = [0] * count
    assigned: list[list[SourceDocument]] = [[] for _ in range(count)]
    for source in sorted(sources, key=size, reverse=True):
        target = loads.index(min(loads))
        assigned[target].append(source)
        loads[target] += size(source) + 1
    return assigned


@dg.op(
    out={
        **{
            f"shard_{i}": dg.Out(list, description=f"Documents for shard {i}")
            for i in range(SHARDS)
        },
        "unchanged": dg.Out(list, description="Store entries of the unchanged documents"),
    },
    description="Decide, per document of the run, whether to extract it or only (re)load it.",
)
def plan(
    context: dg.OpExecutionContext,
    config: ExtractionConfig,
    sources: SourcesResource,
    warehouse: WarehouseResource,
):
    manifest = load_manifest(sources.manifest_path)
    by_id = {source.document_id: source for source in manifest.documents}
    store = ExtractionStore(warehouse.paths.store_uri)
    run_documents = list(context.partition_keys)
    missing = [document_id for document_id in run_documents if document_id not in by_id]
    if missing:
        context.log.warning(
            f"not in the manifest {manifest.path} (the documents sensor removes stale "
            f"partitions): {', '.join(missing)}"
        )
    to_extract, unchanged = [], []
    force = config.force or context.run.tags.get(FORCE_TAG, "").lower() in ("true", "1")
    for document_id in run_documents:
        if document_id not in by_id:
            continue
        entry = None if force else store.current_entry(by_id[document_id])
        if entry is None:
            to_extract.append(by_id[document_id])
        else:
            unchanged.append(entry)
    context.log.info(
        f"{len(to_extract)} to extract over {SHARDS} shards, {len(unchanged)} unchanged "
        f"(not re-extracted{', forced' if force else ''}); store {store.uri}"
    )
    for index, assigned in enumerate(_assign(to_extract, SHARDS)):
        yield dg.Output(assigned, f"shard_{index}", metadata={"documents": len(assigned)})
    yield dg.Output(unchanged, "unchanged", metadata={"documents": len(unchanged)})


def extract_to_store(source: SourceDocument, store: ExtractionStore, cache_dir) -> Extracted:
    """Extract one document into the store; never raises for a document's own fault."""
    started = time.perf_counter()
    try:
        extraction = extract_document(source, cache_dir=cache_dir)
        entry = store.write(source.document_id, frames_of(extraction))
    except Exception as exc:  # the extractor or the store failed: report it, go on
        return Extracted(
            source.document_id, None, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
        )
    return Extracted(source.document_id, entry, time.perf_counter() - started)


def _shard_op(index: int) -> dg.OpDefinition:
    @dg.op(
        name=f"extract_shard_{index}",
        description=(
            "Extract this shard's documents into the extraction store (no DuckDB, no pool: "
            "shards run at once)."
        ),
    )
    def _extract_shard(
        context: dg.OpExecutionContext, documents: list, warehouse: WarehouseResource
    ) -> list:
        store = ExtractionStore(warehouse.paths.store_uri)
        results = []
        for source in documents:
            result = extract_to_store(source, store, warehouse.paths.fetch_cache_dir)
            status = result.entry.status if result.entry else "not written"
            detail = result.error or (result.entry.error if result.entry else None)
            log = context.log.info if status in ("ok", "partial") else context.log.warning
            log(
                f"extracted {source.document_id}: {status} in {result.seconds:.1f}s"
                + (f" ({detail})" if detail else "")
            )
            results.append(result)
        context.log.info(f"{len(results)} documents extracted by process {os.getpid()}")
        return results

    return _extract_shard


extract_shards = [_shard_op(index) for index in range(SHARDS)]


def _check_output_name() -> str:
    return f"{'__'.join(DOCUMENTS_KEY.path)}_{EXTRACTED_CHECK}"


@dg.op(
    pool=DUCKDB_POOL,
    # One named input per shard, not a fan-in list: Dask's executor runs each step with the
    # plan's initial state, in which a fan-in input silently drops every upstream output.
    ins={
        "unchanged": dg.In(list),
        **{f"shard_{index}": dg.In(list) for index in range(SHARDS)},
    },
    out={
        **{table: dg.Out(dg.Nothing, is_required=False) for table in RAW_TABLES},
        "check": dg.Out(dg.Nothing, is_required=False),
    },
    description=(
        "Load the run's documents from the store into the raw tables (one transaction) and "
        "report each document on its partition."
    ),
)
def load(
    context: dg.AssetExecutionContext,
    unchanged: list,
    warehouse: WarehouseResource,
    **shard_results: list,
):
    paths = warehouse.paths
    store = ExtractionStore(paths.store_uri)
    results: list[Extracted] = [result for shard in shard_results.values() for result in shard]
    loaded = loaded_versions(paths.work)
    # Unchanged documents are loaded only if the raw tables do not hold their entry already.
    stale = [entry for entry in unchanged if not is_loaded(entry, loaded.get(entry.document_id))]
    # An extraction that gave back the entry the tables hold (a missing file, failing the same
    # way again) changes nothing.
    fresh = [
        result.entry
        for result in results
        if result.entry and not is_loaded(result.entry, loaded.get(result.document_id))
    ]
    entries = fresh + stale
    if entries:
        with connect(paths.work) as connection:
            rows = load_entries(connection, store, entries)
        context.log.info(
            f"loaded {len(entries)} documents ({len(fresh)} extracted, {len(stale)} from the "
            f"store) into the raw tables: "
            + ", ".join(f"{table} {count}" for table, count in rows.items())
        )

    # In a backfill every targeted partition must be reported, or it waits for them forever.
    in_backfill = context.run.tags.get("dagster/backfill") is not None
    reported = {entry.document_id for entry in entries}
    to_report = [(entry, entry not in stale) for entry in entries]
    if in_backfill:
        to_report += [(entry, False) for entry in unchanged if entry.document_id not in reported]
    # Whole-table row counts (what the catalog shows for the table), once per load.
    totals = table_counts(paths.work, RAW_SCHEMA) if to_report else {}
    for entry, re_extracted in to_report:
        yield from _materializations(entry, re_extracted=re_extracted, totals=totals)

    for result in results:
        entry = result.entry
        status = entry.status if entry else "not written"
        error = result.error or (entry.error if entry else None) or ""
        yield _evaluation(
            result.document_id,
            passed=entry is not None and status != "failed",
            metadata={
                "document_id": result.document_id,
                "status": status,
                "error": error,
                "re_extracted": True,
                "seconds": round(result.seconds, 2),
                "extractor_version": entry.extractor_version if entry else EXTRACTOR_VERSION,
                "store_entry": entry.directory if entry else "",
            },
        )
    for entry in unchanged:
        yield _evaluation(
            entry.document_id,
            passed=entry.status != "failed",
            metadata={
                "document_id": entry.document_id,
                "status": entry.status,
                "error": entry.error or "",
                "re_extracted": False,
                "extractor_version": entry.extractor_version,
                "store_entry": entry.directory,
            },
        )


def _materializations(entry: StoreEntry, *, re_extracted: bool, totals: dict[str, int]):
    for table in RAW_TABLES:
        yield dg.AssetMaterialization(
            asset_key=["raw", table],
            partition=entry.document_id,
            metadata={
                # The table's rows (all documents) and this document's rows.
                "dagster/row_count": totals.get(table, 0),
                "dagster/partition_row_count": entry.rows.get(table, 0),
                "document_id": entry.document_id,
                "extraction_status": entry.status,
                "re_extracted": re_extracted,
                "store_entry": entry.directory,
                **(
                    {"extraction_error": entry.error}
                    if table == "documents" and entry.error
                    else {}
                ),
            },
            tags={"dagster/code_version": EXTRACTOR_VERSION},
        )


def _evaluation(document_id: str, *, passed: bool, metadata: dict) -> dg.AssetCheckEvaluation:
    return dg.AssetCheckEvaluation(
        asset_key=DOCUMENTS_KEY,
        check_name=EXTRACTED_CHECK,
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=metadata,
        partition=document_id,
    )


with warnings.catch_warnings():
    # A partitioned check spec is a preview feature: its evaluations are per document.
    warnings.simplefilter("ignore")
    _extracted_check_spec = dg.AssetCheckSpec(
        EXTRACTED_CHECK,
        asset=DOCUMENTS_KEY,
        partitions_def=documents_partitions,
        description=(
            "Per document (partition): the document could be read. A failed one is kept with "
            "its error and stays failed on its partition until an extraction of it succeeds; "
            "metadata: document_id, status, error, re_extracted, extractor_version."
        ),
    )


@dg.graph_multi_asset(
    name="extract_documents_graph",
    group_name=EXTRACTION_GROUP,
    outs={
        table: dg.AssetOut(
            key=["raw", table],
            description=RAW_TABLES[table].description,
            kinds={"python", "parquet", "duckdb"},
            is_required=False,
            metadata={
                "dagster/table_name": f"raw.{table}",
                "dagster/column_schema": column_schema(RAW_TABLES[table].schema, sql_type),
            },
            code_version=EXTRACTOR_VERSION,
            owners=OWNERS,
            tags=layer_tags("raw"),
        )
        for table in RAW_TABLES
    },
    check_specs=[_extracted_check_spec],
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def extract_document_asset():
    """Documents → Parquet store (parallel shards) → raw tables (one load step)."""
    shard_outputs = plan()
    *documents_per_shard, unchanged = shard_outputs
    extracted = [
        shard(documents)
        for shard, documents in zip(extract_shards, documents_per_shard, strict=True)
    ]
    *tables, check = load(
        unchanged=unchanged,
        **{f"shard_{index}": result for index, result in enumerate(extracted)},
    )
    return {
        **dict(zip(RAW_TABLES, tables, strict=True)),
        _check_output_name(): check,
    }


EXTRACT_DOCUMENTS_JOB = "extract_documents"


def extract_documents_job_definition(
    excluded_checks: Sequence[dg.AssetChecksDefinition] = (),
) -> "UnresolvedAssetJobDefinition":
    """The extraction job: the extraction group without ``excluded_checks``. The code location
    excludes the raw suites' checks, which target the raw tables too
    (``pipeline.defs.automation``); the run command's definitions hold no other check
    (``pipeline.run.extraction_job``)."""
    return dg.define_asset_job(
        EXTRACT_DOCUMENTS_JOB,
        selection=dg.AssetSelection.groups(EXTRACTION_GROUP)
        - dg.AssetSelection.checks(*excluded_checks),
        partitions_def=documents_partitions,
        description=(
            "Extract documents (one partition each, any number per run) into the extraction "
            "store in parallel, then load them into the raw tables."
        ),
    )
