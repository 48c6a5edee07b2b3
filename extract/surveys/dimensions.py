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

# Dimension cue words, most specific first.
_DIMENSION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "open source usage",
        re.compile(
            r"\bopen[- ]source\b(?:\s+\w+){0,2}\s+(?:usage|use|adoption|users?|reliance)\b"
            r"|\b(?:usage|use|adoption) of open[- ]source\b",
            re.I,
        ),
    ),
    ("adoption level", re.compile(r"\badopt(?:ion|ers?|ed|ing|s)?\b", re.I)),
    (
        "experience",
        re.compile(r"\bexperience[ds]?\b|\btenure\b|\byears of\b|\bseniority\b", re.I),
    ),
    (
        "company size",
        re.compile(
            r"\b(?:company|organi[sz]ation|firm|business|org) size\b|\bemployees\b|\bheadcount\b"
            r"|\brevenue\b|\bsize of (?:the )?(?:company|organi[sz]ation)\b",
            re.I,
        ),
    ),
    (
        "organization type",
        re.compile(
            r"\b(?:organi[sz]ation|company|org) types?\b|\btypes? of (?:organi[sz]ation|company)"
            r"|\bcross-industry\b|\bindustry-specific\b|\bvendors?\b|\bnon-?profits?\b",
            re.I,
        ),
    ),
    (
        "industry",
        re.compile(
            r"\bindustr(?:y|ies)\b|\bsectors?\b|\bverticals?\b|\bservices\b|"
            r"\btelecommunications\b|\bhealthcare\b|\bmanufacturing\b|\bretail\b|\benergy\b|"
            r"\bfinancial\b|\bconsumer\b|\bpharmaceuticals?\b|\binsurance\b|\bbanking\b",
            re.I,
        ),
    ),
    (
        "region",
        re.compile(
            r"\bgeograph|\bregions?\b|\bcountr(?:y|ies)\b|\bcontinents?\b|\blocations?\b|"
            r"\b(?:united states|united kingdom|u\.s\.|u\.k\.|usa|india|france|brazil|germany|"
            r"china|japan|canada|europe|asia|asia-pacific|africa|americas?|apac|emea|latam|"
            r"north america|latin america|south america|middle east|australia|spain|italy|"
            r"mexico|singapore|korea|netherlands|rest of (?:the )?world)\b",
            re.I,
        ),
    ),
    (
        "role",
        re.compile(
            r"\broles?\b|\bjob\b|\btitles?\b|\barchetypes?\b|\bpositions?\b|\bdecision[- ]makers?"
            r"|\bdevelopers?\b|\bengineers?\b|\bexecutives?\b|\btechnologists?\b|\bmanagers?\b"
            r"|\barchitects?\b|\bleaders?\b|\bpractitioners?\b",
            re.I,
        ),
    ),
)


def dimension_of(text: str) -> str | None:
    """The dimension the first cue found in ``text`` names, or None."""
    for dimension, pattern in _DIMENSION_CUES:
        if pattern.search(text):
            return dimension
    return None


def majority_dimension(labels: Sequence[str]) -> str | None:
    """The dimension more than half of ``labels`` name, or None."""
    if not labels:
        return None
    votes = Counter(d for d in (dimension_of(label) for label in labels) if d is not None)
    if not votes:
        return None
    dimension, count = votes.most_common(1)[0]
    return dimension if count * 2 > len(labels) else None
