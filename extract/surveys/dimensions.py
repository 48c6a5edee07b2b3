"""Dimensions: what a segmentation is by (adoption, experience, company size, industry, ...).

A dimension is named by generic cue words (adoption, open source use, experience, company size,
organization type, industry, region and country names, role and job titles), tried most
specific first, in a list header, "segmented by" text, a population or the labels themselves;
a list of labels takes the dimension of the majority of its labels.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extract.vocabulary import DIMENSION_CUES, PROFILE_CUES

# Dimension cue words, most specific first.
_DIMENSION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (dimension, re.compile("|".join(cues), re.I)) for dimension, cues in DIMENSION_CUES
)
_PROFILE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (dimension, re.compile("|".join(cues), re.I)) for dimension, cues in PROFILE_CUES
)


def _first(cues: Sequence[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    return next((dimension for dimension, pattern in cues if pattern.search(text)), None)


def dimension_of(text: str) -> str | None:
    """The dimension the first cue found in ``text`` names, or None."""
    return _first(_DIMENSION_CUES, text)


def profile_dimension_of(text: str) -> str | None:
    """The profile dimension a question or header asks about ("What best describes your
    role?", "Regions"), or None."""
    return _first(_PROFILE_CUES, text)


def majority_dimension(labels: Sequence[str]) -> str | None:
    """The dimension more than half of ``labels`` name, or None."""
    if not labels:
        return None
    votes = Counter(d for d in (dimension_of(label) for label in labels) if d is not None)
    if not votes:
        return None
    dimension, count = votes.most_common(1)[0]
    return dimension if count * 2 > len(labels) else None
