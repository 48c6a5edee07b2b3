"""What a catalog user sees on every asset: owners, tags, column schemas, code references.

One place for the values the definitions share, so the UI, the dbt translator and the tests agree.
"""

from __future__ import annotations

from datetime import timedelta

import dagster as dg
import pandera.pandas as pa

OWNERS = ["team:data-engineering"]
"""Who answers for the warehouse: every asset (Python and dbt) names this team."""

DOMAIN_TAGS = {"domain": "survey-claims"}

REFRESH_CRON = "0 5 * * *"
"""The daily refresh schedule (UTC)."""

PUBLISHED_FRESHNESS = dg.FreshnessPolicy.cron(
    # The daily refresh starts at 05:00 UTC; the published file is expected by 06:00 UTC. A day
    # with nothing to refresh counts too: the schedule then records that the file is current.
    deadline_cron="0 6 * * *",
    lower_bound_delta=timedelta(hours=1),
    timezone="UTC",
)


def layer_tags(layer: str) -> dict[str, str]:
    return {**DOMAIN_TAGS, "layer": layer}


def column_schema(schema: pa.DataFrameSchema, sql_type) -> dg.TableSchema:
    """A Dagster column schema from a pandera schema: names, DuckDB types, nullability."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=name,
                type=sql_type(column.dtype),
                description=column.description,
                constraints=dg.TableColumnConstraints(
                    nullable=bool(column.nullable), unique=bool(column.unique)
                ),
            )
            for name, column in schema.columns.items()
        ]
    )


def table_counts(database, schema: str) -> dict[str, int]:
    """Rows per table of a schema (whole tables, every document)."""
    from pipeline.lib.warehouse import connect

    if not database.exists():
        return {}
    with connect(database, read_only=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? ORDER BY 1",
                [schema],
            ).fetchall()
        ]
        return {
            table: connection.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0]
            for table in tables
        }
