"""Margin of error and confidence level.

* Every "(+/-|±) v% (percentage points) at a c% confidence level" pair of a sentence on the
  margin of (sampling) error is listed in ``margin_of_error_note``; ``margin_of_error_pct`` and
  ``confidence_level_pct`` hold the pair at ``SurveySettings.preferred_confidence_pct`` (95) if
  quoted, else the first ("± 2.93 percentage points", "+/- 3.75 percentage points").
* A confidence level stated elsewhere ("the half-width of the 95% confidence interval", "error
  bars showing the 95% confidence interval") is the level of a margin quoted without one, and
  the survey's confidence level when no margin is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.settings import SurveySettings
from extract.surveys.reading import TextBlock

_MOE_SENTENCE_RE = re.compile(r"margin of (?:sampling )?error", re.I)
_MOE_VALUE_RE = re.compile(
    r"(?:\+/-|±|\+-|plus or minus|\bof|\bis|\bwas|\bat|\bbe)\s*(?P<v>\d+(?:\.\d+)?)\s*"
    r"(?:%|percent(?:age points?)?|points?)",
    re.I,
)
_CONFIDENCE_RE = re.compile(
    r"(?P<c>\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:level of\s+)?confidence"
    r"|confidence (?:level|interval) of\s+(?P<c2>\d+(?:\.\d+)?)\s*(?:%|percent)",
    re.I,
)

_CONFIDENCE_CUE_RE = re.compile(r"confidence (?:interval|level)|level of confidence", re.I)

Pair = tuple[float, float | None]


def margins(sentence: str) -> list[Pair]:
    """(margin, confidence) pairs of a sentence on the margin of error: each margin with the
    confidence level quoted after it."""
    if not _MOE_SENTENCE_RE.search(sentence):
        return []
    level_matches = list(_CONFIDENCE_RE.finditer(sentence))
    levels = [(m.start(), float(m.group("c") or m.group("c2"))) for m in level_matches]
    values = [
        (m.start("v"), float(m.group("v")))
        for m in _MOE_VALUE_RE.finditer(sentence)
        if not any(c.start() <= m.start("v") < c.end() for c in level_matches)
    ]
    pairs: list[Pair] = []
    for index, (pos, value) in enumerate(values):
        limit = values[index + 1][0] if index + 1 < len(values) else len(sentence)
        after = [c for p, c in levels if pos < p < limit]
        before = [c for p, c in levels if p < pos]
        level = after[0] if after else (before[-1] if before and len(values) == 1 else None)
        pairs.append((value, level))
    return pairs


def confidence_levels(sentence: str) -> list[float]:
    """Confidence levels a sentence states ("the 95% confidence interval")."""
    if not _CONFIDENCE_CUE_RE.search(sentence):
        return []
    return [float(m.group("c") or m.group("c2")) for m in _CONFIDENCE_RE.finditer(sentence)]


def choose_margin(
    found: Sequence[tuple[TextBlock, list[Pair]]],
    levels: Sequence[float],
    settings: SurveySettings,
) -> dict[str, object]:
    pairs = list(dict.fromkeys(pair for _, block_pairs in found for pair in block_pairs))
    level = (
        settings.preferred_confidence_pct
        if settings.preferred_confidence_pct in levels
        else (levels[0] if levels else None)
    )
    if not pairs:
        return {
            "margin_of_error_pct": None,
            "confidence_level_pct": level,
            "margin_of_error_note": None,
        }
    pairs = [(value, c if c is not None else level) for value, c in pairs]
    pairs = list(dict.fromkeys(pairs))
    chosen = next(
        (
            p
            for p in pairs
            if p[1] is not None and abs(p[1] - settings.preferred_confidence_pct) < 1e-9
        ),
        pairs[0],
    )
    note = "; ".join(
        f"±{v:g}%" + (f" at {c:g}% confidence" if c is not None else "") for v, c in pairs
    )
    return {
        "margin_of_error_pct": chosen[0],
        "confidence_level_pct": chosen[1],
        "margin_of_error_note": note,
    }
