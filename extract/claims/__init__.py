"""Quantitative claims in blocks: every number a document states, with what it measures.

:func:`extract_claims` reads the blocks frame (see :mod:`extract.blocks`) and returns one row per
stated quantity that says what it measures, validated by :data:`CLAIMS_SCHEMA`;
:func:`extract_claim_values` also returns the values that are not published, with the reason
(:data:`UNPUBLISHED_VALUES_SCHEMA`). It works on patterns of the genre (survey reports and
articles that quote them), never on a particular document. Each concern has its module, which
documents its rules:

* :mod:`~extract.claims.extraction` -- units of text (sentences, table rows), pages, damage,
  claim identity, the schema and :func:`extract_claims`;
* :mod:`~extract.claims.tables` and :mod:`~extract.claims.titles` -- tables and charts read cell
  by cell, with the title they stand under (periods, shares with counts, totals);
* :mod:`~extract.claims.publish` -- what is published, and why the rest is not;
* :mod:`~extract.claims.cjk` -- numbers in Chinese and Japanese text;
* :mod:`~extract.claims.quantities` -- finding numbers and parsing their values, ranges and
  changes (:func:`find_quantities`), with :mod:`~extract.claims.heads` (currency, sign, hedge
  and what rules a number out) and :mod:`~extract.claims.context` (the text around a number);
* :mod:`~extract.claims.units` -- units, scales and counted nouns;
* :mod:`~extract.claims.flags` -- damaged numbers and their quality flags (:data:`FLAGS`);
* :mod:`~extract.claims.subject` -- what a number measures;
* :mod:`~extract.claims.kind` -- the claim's kind (:data:`CLAIM_KINDS`);
* :mod:`~extract.claims.citation` -- the source a claim cites.

Values are normalized (``"$5.6 million"`` -> 5600000, ``"three-quarters"`` -> 75, ``"one in
five"`` -> 20, ``"2 hours"`` -> 7200 seconds, percentages as 0-100). Ranges fill
``value_low``/``value_high`` and leave ``value`` null.

Changes
    "from 44% to 67%" after a verb of change gives *two* claims, one per number, with qualifier
    ``from`` (the earlier value) and ``to`` (the later one): each stated number stays a row that
    can be checked on its own. A lone "down from X" is qualified ``from``. Signed differences
    ("+12%", "-3%") keep the magnitude as ``value`` with qualifier ``plus``/``minus``.

Qualifier
    The hedge as written, in lower case: "more than", "over", "nearly", "about", "roughly",
    "approximately", "almost", "at least", "up to", "under", "less than", "below", "above", "an
    average of", ...; "sub-" is ``under``, a trailing "+" is ``more than``, "+/-" is ``plus or
    minus``; plus the change markers above.

Every threshold is a field of :class:`extract.settings.ClaimSettings`.
"""

from __future__ import annotations

from extract.claims.extraction import (
    CLAIMS_SCHEMA,
    ClaimValues,
    extract_claim_values,
    extract_claims,
)
from extract.claims.flags import FLAGS
from extract.claims.kind import CLAIM_KINDS
from extract.claims.publish import UNPUBLISHED_REASONS, UNPUBLISHED_VALUES_SCHEMA
from extract.claims.quantities import Quantity, find_quantities
from extract.claims.units import UNITS
from extract.genre import sentence_spans
from extract.settings import ClaimSettings

__all__ = [
    "CLAIMS_SCHEMA",
    "CLAIM_KINDS",
    "FLAGS",
    "UNITS",
    "UNPUBLISHED_REASONS",
    "UNPUBLISHED_VALUES_SCHEMA",
    "ClaimSettings",
    "ClaimValues",
    "Quantity",
    "extract_claim_values",
    "extract_claims",
    "find_quantities",
    "sentence_spans",
]
