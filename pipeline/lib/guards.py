"""Publication guards: an empty or sharply shrunk warehouse is not published without being asked.

A manifest that lost its entries (``documents: []``, a bad merge, a folder that was not mounted)
would otherwise remove every document and publish an empty warehouse with exit 0. Two checks
use the same limits:

- ``python -m pipeline.run`` refuses, before it removes anything, a manifest that would leave
  the warehouse with no document or drop more than ``max_document_loss`` of its documents
  (the store and the raw tables stay as they are);
- publication (``pipeline.lib.warehouse.publish``, whatever started it: the run command, the UI,
  automation) compares the new marts with the published ones and refuses a warehouse with no
  document, or with more than ``max_document_loss`` fewer documents (``marts.dim_documents``)
  or ``max_claim_loss`` fewer claims (``marts.fct_claims``). The previous warehouse stays.

Settings (environment, read when the check runs):

- ``WAREHOUSE_ALLOW_SHRINK=1`` publishes anyway (``python -m pipeline.run --allow-shrink`` sets
  it for its run);
- ``WAREHOUSE_MAX_DOCUMENT_LOSS`` (default ``0.5``): the largest share of documents a refresh
  may remove;
- ``WAREHOUSE_MAX_CLAIM_LOSS`` (default ``0.5``): the largest share of claims it may lose.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ALLOW_ENV = "WAREHOUSE_ALLOW_SHRINK"
DOCUMENT_LOSS_ENV = "WAREHOUSE_MAX_DOCUMENT_LOSS"
CLAIM_LOSS_ENV = "WAREHOUSE_MAX_CLAIM_LOSS"
GUARDED_TABLES = {"documents": "dim_documents", "claims": "fct_claims"}
"""What is counted: noun → mart."""


class PublicationRefused(RuntimeError):
    """The new warehouse is empty or shrank more than the limits allow."""


class ShrinkRefused(ValueError):
    """A manifest would remove (nearly) every document: nothing is removed."""


def _fraction(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be a fraction between 0 and 1, not {value!r}")
    return number


@dataclass(frozen=True)
class ShrinkLimits:
    max_document_loss: float = 0.5
    max_claim_loss: float = 0.5
    allow: bool = False
    """Publish whatever the counts (``--allow-shrink``)."""

    @classmethod
    def from_env(cls) -> ShrinkLimits:
        return cls(
            max_document_loss=_fraction(DOCUMENT_LOSS_ENV, cls.max_document_loss),
            max_claim_loss=_fraction(CLAIM_LOSS_ENV, cls.max_claim_loss),
            allow=os.environ.get(ALLOW_ENV, "").strip().lower() in {"1", "true", "yes"},
        )

    def loss_limit(self, noun: str) -> float:
        return self.max_document_loss if noun == "documents" else self.max_claim_loss


HOW_TO_ALLOW = (
    f"if this is intended, run again with --allow-shrink (or {ALLOW_ENV}=1); the limits are "
    f"{DOCUMENT_LOSS_ENV} and {CLAIM_LOSS_ENV}"
)


def shrink_problems(
    before: dict[str, int], after: dict[str, int], limits: ShrinkLimits
) -> list[str]:
    """Why ``after`` may not replace ``before`` (counts per noun), or nothing."""
    if limits.allow:
        return []
    problems = []
    if "documents" in after and after["documents"] == 0:
        problems.append(
            "the warehouse would have no document"
            + (f" (it has {before['documents']})" if before.get("documents") else "")
        )
    for noun, new in after.items():
        old = before.get(noun)
        if not old or (new == 0 and noun == "documents"):
            continue
        loss = (old - new) / old
        if loss > limits.loss_limit(noun):
            problems.append(
                f"{noun} would drop from {old} to {new} ({loss:.0%} fewer; the limit is "
                f"{limits.loss_limit(noun):.0%})"
            )
    return problems


def mart_counts(database: Path, *, catalog: str | None = None, connection=None) -> dict[str, int]:
    """Rows of the guarded marts in a DuckDB file (marts that do not exist are left out)."""
    from pipeline.lib.warehouse import MARTS_SCHEMA, connect

    def count(con, prefix: str) -> dict[str, int]:
        counts = {}
        for noun, table in GUARDED_TABLES.items():
            exists = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_catalog = "
                "coalesce(?, current_database()) AND table_schema = ? AND table_name = ?",
                [catalog, MARTS_SCHEMA, table],
            ).fetchone()[0]
            if exists:
                counts[noun] = con.execute(
                    f'SELECT count(*) FROM {prefix}{MARTS_SCHEMA}."{table}"'
                ).fetchone()[0]
        return counts

    prefix = f"{catalog}." if catalog else ""
    if connection is not None:
        return count(connection, prefix)
    if not database.exists():
        return {}
    with connect(database, read_only=True) as con:
        return count(con, prefix)


def check_publication(
    new: dict[str, int], published: dict[str, int], limits: ShrinkLimits | None = None
) -> None:
    """Raise PublicationRefused when ``new`` may not replace ``published``."""
    problems = shrink_problems(published, new, limits or ShrinkLimits.from_env())
    if problems:
        raise PublicationRefused(
            "publication refused: " + "; ".join(problems) + f"; {HOW_TO_ALLOW}"
        )
