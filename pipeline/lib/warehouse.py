"""DuckDB operations: raw tables replaced per document, and atomic publication.

DuckDB allows one writer per file, so every function that writes is called from a Dagster step
in the ``duckdb`` pool (limit 1).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pandera.pandas as pa

from pipeline.lib.guards import ShrinkLimits, check_publication, mart_counts
from pipeline.lib.paths import WarehousePaths

if TYPE_CHECKING:
    from pipeline.lib.store import ExtractionStore, StoreEntry

RAW_SCHEMA = "raw"
MARTS_SCHEMA = "marts"
# BI tools embed older DuckDB versions; DuckDB 2.0 writes a newer format unless told otherwise.
PUBLISHED_STORAGE_VERSION = "v1.4.0"

_SQL_TYPES = {
    "str": "VARCHAR",
    "string": "VARCHAR",
    "object": "VARCHAR",
    "int64": "BIGINT",
    "Int64": "BIGINT",
    "float64": "DOUBLE",
    "Float64": "DOUBLE",
    "bool": "BOOLEAN",
    "boolean": "BOOLEAN",
    "datetime64[us, UTC]": "TIMESTAMPTZ",
    "datetime64[ns, UTC]": "TIMESTAMPTZ",
}


def sql_type(dtype: object) -> str:
    name = str(dtype)
    if name.startswith("string"):  # pandas 3 strings: "string[pyarrow]", "string[python]"
        return "VARCHAR"
    if name not in _SQL_TYPES:
        raise ValueError(f"no DuckDB type for pandera dtype {name!r}")
    return _SQL_TYPES[name]


def table_ddl(table: str, schema: pa.DataFrameSchema) -> str:
    columns = ",\n  ".join(
        f'"{name}" {sql_type(column.dtype)}' for name, column in schema.columns.items()
    )
    return f'CREATE TABLE {RAW_SCHEMA}."{table}" (\n  {columns}\n)'


@contextlib.contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only)
    try:
        yield connection
    finally:
        connection.close()


def ensure_raw_table(
    connection: duckdb.DuckDBPyConnection, table: str, schema: pa.DataFrameSchema
) -> None:
    """Create the raw table from its pandera schema; recreate it if its columns changed."""
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    existing = connection.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall()
    wanted = list(schema.columns)
    if existing and [name for (name,) in existing] == wanted:
        return
    if existing:
        # A new extractor version changed the table: its rows are re-extracted anyway.
        connection.execute(f'DROP TABLE {RAW_SCHEMA}."{table}"')
    connection.execute(table_ddl(table, schema))


def replace_document_rows(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    schema: pa.DataFrameSchema,
    document_id: str,
    frame: pd.DataFrame,
) -> None:
    """Replace one document's rows of a raw table (in the caller's transaction)."""
    ensure_raw_table(connection, table, schema)
    connection.execute(f'DELETE FROM {RAW_SCHEMA}."{table}" WHERE document_id = ?', [document_id])
    if len(frame):
        connection.register("incoming_rows", frame)
        try:
            connection.execute(
                f'INSERT INTO {RAW_SCHEMA}."{table}" BY NAME SELECT * FROM incoming_rows'
            )
        finally:
            connection.unregister("incoming_rows")


def delete_documents(
    connection: duckdb.DuckDBPyConnection, tables: list[str], document_ids: list[str]
) -> None:
    """Remove documents that left the manifest from every raw table."""
    for table in tables:
        if _table_exists(connection, RAW_SCHEMA, table):
            connection.execute(
                f'DELETE FROM {RAW_SCHEMA}."{table}" WHERE document_id IN '
                f"(SELECT unnest(?::VARCHAR[]))",
                [document_ids],
            )


def _table_exists(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def read_table(path: Path, schema: str, table: str) -> pd.DataFrame:
    """A whole table as a DataFrame (empty if the table does not exist yet)."""
    if not path.exists():
        return pd.DataFrame()
    with connect(path, read_only=True) as connection:
        if not _table_exists(connection, schema, table):
            return pd.DataFrame()
        return connection.execute(f'SELECT * FROM {schema}."{table}"').df()


@dataclass(frozen=True)
class Fingerprint:
    sha256: str | None
    extractor_version: str
    extraction_status: str


def stored_fingerprints(path: Path) -> dict[str, Fingerprint]:
    """What each document was last extracted from: content hash and extractor version."""
    documents = read_table(path, RAW_SCHEMA, "documents")
    if documents.empty:
        return {}
    return {
        row.document_id: Fingerprint(
            None if pd.isna(row.sha256) else row.sha256,
            row.extractor_version,
            row.extraction_status,
        )
        for row in documents.itertuples()
    }


@dataclass(frozen=True)
class Publication:
    path: Path
    tables: dict[str, int]
    parquet_files: list[Path]


def staged_publication_files(paths: WarehousePaths) -> list[Path]:
    """Staging files of publications (a run killed while publishing leaves them behind)."""
    if not paths.directory.is_dir():
        return []
    return sorted(
        {
            *paths.directory.glob(f".{paths.published.name}.*.tmp"),
            *paths.directory.glob(f".{paths.published.name}.*.tmp.wal"),
            *paths.directory.glob(".parquet.*.tmp"),
        }
    )


def publish(paths: WarehousePaths, limits: ShrinkLimits | None = None) -> Publication:
    """Copy the working database to the published path atomically, plus Parquet of the marts.

    The copy is written beside the target and renamed over it, so readers see the old file or
    the new one, never a half-written one, and a reader holding the old file open (read-only)
    neither blocks this nor is disturbed by it. The copy uses the 1.4 storage format.

    An empty or sharply shrunk warehouse is refused (``PublicationRefused``, see
    ``pipeline.lib.guards``; ``limits`` default to the environment's) before it is copied.
    """
    paths.directory.mkdir(parents=True, exist_ok=True)
    try:
        published_counts = mart_counts(paths.published)
    except duckdb.Error:  # an unreadable published file is replaced, not compared
        published_counts = {}
    token = uuid.uuid4().hex[:8]
    staged_db = paths.directory / f".{paths.published.name}.{token}.tmp"
    staged_parquet = paths.directory / f".parquet.{token}.tmp"
    staged_parquet.mkdir()
    try:
        with connect(Path(":memory:")) as connection:
            connection.execute(f"ATTACH '{paths.work}' AS work_db (READ_ONLY)")
            check_publication(
                mart_counts(paths.work, catalog="work_db", connection=connection),
                published_counts,
                limits,
            )
            connection.execute(
                f"ATTACH '{staged_db}' AS published_db "
                f"(STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')"
            )
            connection.execute("COPY FROM DATABASE work_db TO published_db")
            marts = [
                name
                for (name,) in connection.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_catalog = 'published_db' AND table_schema = ? "
                    "AND table_type = 'BASE TABLE' ORDER BY table_name",
                    [MARTS_SCHEMA],
                ).fetchall()
            ]
            counts = {}
            for name in marts:
                counts[name] = connection.execute(
                    f'SELECT count(*) FROM published_db.{MARTS_SCHEMA}."{name}"'
                ).fetchone()[0]
                target = staged_parquet / f"{name}.parquet"
                connection.execute(
                    f"COPY published_db.{MARTS_SCHEMA}.\"{name}\" TO '{target}' (FORMAT parquet)"
                )
            connection.execute("DETACH published_db")
        _fsync(staged_db)
        paths.parquet_dir.mkdir(parents=True, exist_ok=True)
        parquet_files = []
        for staged in sorted(staged_parquet.iterdir()):
            final = paths.parquet_dir / staged.name
            os.replace(staged, final)
            parquet_files.append(final)
        os.replace(staged_db, paths.published)
        return Publication(paths.published, counts, parquet_files)
    finally:
        staged_db.unlink(missing_ok=True)
        shutil.rmtree(staged_parquet, ignore_errors=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def load_entries(
    connection: duckdb.DuckDBPyConnection, store: ExtractionStore, entries: list[StoreEntry]
) -> dict[str, int]:
    """Replace the documents' rows of every raw table with their store entries (one transaction).

    The Parquet files are scanned as one Arrow dataset per table, so memory stays flat however
    many documents are loaded. Returns the rows loaded per table.
    """
    import pyarrow.dataset as ds

    from pipeline.lib.raw_tables import RAW_TABLES
    from pipeline.lib.store import arrow_schema

    loaded: dict[str, int] = {}
    document_ids = [entry.document_id for entry in entries]
    connection.begin()
    try:
        for table, raw_table in RAW_TABLES.items():
            ensure_raw_table(connection, table, raw_table.schema)
            connection.execute(
                f'DELETE FROM {RAW_SCHEMA}."{table}" WHERE document_id IN '
                f"(SELECT unnest(?::VARCHAR[]))",
                [document_ids],
            )
            files = [entry.table_path(table) for entry in entries if entry.rows.get(table)]
            loaded[table] = sum(entry.rows.get(table, 0) for entry in entries)
            if not files:
                continue
            dataset = ds.dataset(
                files, schema=arrow_schema(table), format="parquet", filesystem=store.fs
            )
            connection.register("incoming_rows", dataset)
            try:
                connection.execute(
                    f'INSERT INTO {RAW_SCHEMA}."{table}" BY NAME SELECT * FROM incoming_rows'
                )
            finally:
                connection.unregister("incoming_rows")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    return loaded


def table_fingerprints(path: Path, schema: str) -> dict[str, str]:
    """A content fingerprint per table of a schema: row count and an order-free sum of row hashes.

    Cheap enough to compute on every run (one scan per table), it tells which tables changed
    since the last validation or build without keeping copies of them.
    """
    if not path.exists():
        return {}
    with connect(path, read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name",
                [schema],
            ).fetchall()
        ]
        fingerprints = {}
        for table in tables:
            count, total = connection.execute(
                f'SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {schema}."{table}" t'
            ).fetchone()
            fingerprints[table] = f"{count}:{total}"
        return fingerprints
