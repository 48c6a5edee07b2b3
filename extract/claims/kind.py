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

CLAIM_KINDS = (
    "survey_finding",
    "market_statistic",
    "cost",
    "benchmark",
    "forecast",
    "adoption",
    "other",
)

_FORECAST = re.compile(
    r"\b(?:will|projected|projection|expected to|forecasts?|forecasted|predicts?|predicted|"
    r"predictions?|anticipated?|by 20\d\d|outlook|going to)\b",
    re.IGNORECASE,
)
_KIND_CUES = (
    (
        "benchmark",
        re.compile(
            r"\b(?:benchmarks?|elo|leaderboards?|latency|throughput|accuracy|scores?|scored|"
            r"outperform\w*|percentile|perplexity|evaluations?|arena|tokens per second|flops|"
            r"utilization|faster|slower)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cost",
        re.compile(
            r"\b(?:costs?|cheaper|price[sd]?|pricing|spend(?:ing)?|spent|savings?|sav(?:e|es|ed)|"
            r"budgets?|fees?|expensive|dollars?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "adoption",
        re.compile(
            r"\b(?:adopt\w*|use[sd]?|using|usage|users?|deploy\w*|downloads?|downloaded|"
            r"rel(?:y|ies|ying)|implement\w*|uptake)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "market_statistic",
        re.compile(
            r"\b(?:markets?|share|revenues?|shipments?|ships|vendors?|companies|enterprises|"
            r"industry|industries|growth|investors?|funding|valuation|customers|firms)\b",
            re.IGNORECASE,
        ),
    ),
)
_SURVEY_UNITS = ("percent", "count", "multiple", "points")
_STRONG_SURVEY = re.compile(
    r"\b(?:respondents?|surveyed|surveys?|participants?|interviewees|polled)\b", re.IGNORECASE
)
_SURVEY_IDIOM = re.compile(
    r"^\s*\)?\s*(?:of\s+(?:the\s+)?[\w\s-]{0,40}?\s+)?(?:report(?:s|ed)?|say|says|said|cite[sd]?|"
    r"believe[sd]?|agree[sd]?|expect(?:s|ed)?|indicate[sd]?|consider(?:s|ed)?|feel|felt|"
    r"view(?:s|ed)?|prefer(?:s|red)?|plan(?:s|ned)?|predict(?:s|ed)?|forecast|anticipat\w+|"
    r"express(?:es|ed)?)\b",
    re.IGNORECASE,
)


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


_SURVEY_MENTION = re.compile(
    r"\b(?:respondents?|surveyed|survey|participants|interviewees)\b", re.IGNORECASE
)


def is_survey_document(records: list[dict], settings: ClaimSettings) -> bool:
    mentions = sum(len(_SURVEY_MENTION.findall(block["text"])) for block in records)
    return mentions >= settings.survey_document_min_mentions
