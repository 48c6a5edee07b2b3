"""Claim kinds: what sort of statement a number makes, from cue words around it.

:data:`CLAIM_KINDS`, decided by cues in the clause around the number (survey and forecast cues:
in the sentence), first match wins:

    ``cost``             money amounts (or lost money amounts)
    ``survey_finding``   a share or count of respondents, participants, the surveyed, or
                         organizations; a percent followed by "report", "say", "cite", "expect"…
    ``forecast``         will, projected, expected to, predict, by <year>
    ``benchmark``        scores, seconds, milliseconds; benchmark, ELO, leaderboard, latency,
                         throughput, accuracy, outperform
    ``cost``             cost, cheaper, price, spend, savings, fees, budget
    ``adoption``         adopt, use, deploy, downloads, rely, implement
    ``market_statistic`` market, share, revenue, ships, vendors, companies, industry, growth
    ``other``            none of these; but a percentage in a survey report (a document that
                         mentions respondents/surveys/participants at least
                         ``ClaimSettings.survey_document_min_mentions`` times) is a
                         ``survey_finding``
"""

from __future__ import annotations

import re

from extract.claims.quantities import Quantity
from extract.settings import ClaimSettings
from extract.vocabulary import (
    FORECAST_CUES,
    KIND_CUES,
    SURVEY_IDIOM_VERBS,
    SURVEY_MENTIONS,
    SURVEY_POPULATION_CUES,
)

CLAIM_KINDS = (
    "survey_finding",
    "market_statistic",
    "cost",
    "benchmark",
    "forecast",
    "adoption",
    "other",
)

_FORECAST = re.compile(rf"\b(?:{'|'.join(FORECAST_CUES)})\b", re.IGNORECASE)
_KIND_CUES = tuple(
    (kind, re.compile(rf"\b(?:{'|'.join(cues)})\b", re.IGNORECASE)) for kind, cues in KIND_CUES
)
_SURVEY_UNITS = ("percent", "count", "multiple", "points")
_STRONG_SURVEY = re.compile(rf"\b(?:{'|'.join(SURVEY_POPULATION_CUES)})\b", re.IGNORECASE)
_SURVEY_IDIOM = re.compile(
    r"^\s*\)?\s*(?:of\s+(?:the\s+)?[\w\s-]{0,40}?\s+)?"
    rf"(?:{'|'.join(SURVEY_IDIOM_VERBS)})\b",
    re.IGNORECASE,
)
_SURVEY_MENTION = re.compile(rf"\b(?:{'|'.join(SURVEY_MENTIONS)})\b", re.IGNORECASE)


def _clause_around(text: str, q: Quantity) -> str:
    left = max(
        (text.rfind(mark, 0, q.span_start) for mark in (",", ";", ":", "—", "(")), default=-1
    )
    rights = [i for i in (text.find(mark, q.end) for mark in (",", ";", "—", ")")) if i >= 0]
    return text[left + 1 : min(rights) if rights else len(text)]


def claim_kind(text: str, q: Quantity, subject: str | None, survey_document: bool) -> str:
    """The claim's kind from cues in its clause (then its sentence): see module docstring.

    ``survey_document``: whether the document is a survey report (:func:`is_survey_document`).
    """
    kind = _cue_kind(text, q, subject)
    if kind == "other" and survey_document and q.unit == "percent":
        return "survey_finding"
    return kind


def _cue_kind(text: str, q: Quantity, subject: str | None) -> str:
    if q.unit == "usd":
        return "cost"
    clause = f"{_clause_around(text, q)} {subject or ''}"
    if q.unit in _SURVEY_UNITS and (
        _STRONG_SURVEY.search(text)
        or re.search(r"\borgani[sz]ations\b", clause, re.IGNORECASE)
        or (q.unit == "percent" and _SURVEY_IDIOM.match(text[q.tail_end :]))
    ):
        return "survey_finding"
    if _FORECAST.search(text):
        return "forecast"
    if q.unit in ("score", "seconds", "milliseconds"):
        return "benchmark"
    for kind, pattern in _KIND_CUES:
        if pattern.search(clause):
            return kind
    return "other"


def is_survey_document(records: list[dict], settings: ClaimSettings) -> bool:
    mentions = sum(len(_SURVEY_MENTION.findall(block["text"])) for block in records)
    return mentions >= settings.survey_document_min_mentions
