"""Cited source: what the text says a number comes from, as written.

"according to …" (not to one of the document's own figures), "a study by …", "X's survey of …",
"data from X shows", "our survey finds", "based on a survey of …"; else a "Source:" note in the
same block; for table rows, captions and list items, a source note among the next blocks (up to
``ClaimSettings.source_note_lookahead``), cut before its sample-size details. Else null. A source
longer than ``ClaimSettings.max_source_chars`` is cut at a word boundary.
"""

from __future__ import annotations

import re

from extract.settings import ClaimSettings
from extract.vocabulary import (
    BASIS_WORKS,
    CITED_WORKS,
    FIGURE_WORDS,
    MONTH_NAMES,
    REPORTING_VERBS,
    SAMPLE_DETAILS,
)

_REPORTING_VERBS = "|".join(REPORTING_VERBS)
_SOURCE_PATTERNS = [
    re.compile(
        rf"\b[Aa]ccording to\s+(?!(?:{'|'.join(FIGURE_WORDS)})\b)"
        r"(?:[^,;()]|\.(?=\S))+?(?=\s*(?:[,;()]|\.(?:\s|$)|$|\s+(?:that|which)\b))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b[Bb]ased on\s+(?:an?|the|our|their|its)\s+(?:[\w-]+\s+){0,3}?"
        rf"(?:{'|'.join(BASIS_WORKS)})\b"
        r"(?:[^,;()]|\.(?=\S))*?(?=\s*(?:[,;()]|\.(?:\s|$)|$))"
    ),
    re.compile(
        r"(?:\b(?:[Aa]n?|[Tt]he|[Oo]ur|[Tt]his|[Tt]hese|[Tt]heir|[Ii]ts)\s+|"
        r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}[’']s\s+)?"
        r"(?:[\w-]+,?\s+){0,3}?"
        rf"(?:{'|'.join(CITED_WORKS)})"
        r"(?:\s+(?:by|from|of|conducted by|published by)\s+[^,;()]{1,120}?)?"
        rf"(?=,?\s+(?:{_REPORTING_VERBS})\b)"
    ),
    re.compile(r"\((?:[Ss]ource|[Ss]ources|[Dd]ata|[Vv]ia|[Pp]er)\s*:?\s+[^()]{3,150}\)"),
]
_SOURCE_NOTE_PREFIX = re.compile(r"^\s*(?:sources?|data|note)\s*:\s*", re.IGNORECASE)
_MONTH_ABBREVIATIONS = "|".join(name[:3] for name in MONTH_NAMES)
_SOURCE_NOTE_CUT = re.compile(
    rf",\s*(?={'|'.join(SAMPLE_DETAILS)}|(?:{_MONTH_ABBREVIATIONS})[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)


def _trim_source(text: str, limit: int) -> str | None:
    text = text.strip().strip(",;:").strip()
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut.rstrip(",;: ")
    return text or None


def inline_source(sentence: str, settings: ClaimSettings) -> str | None:
    for pattern in _SOURCE_PATTERNS:
        match = pattern.search(sentence)
        if match:
            return _trim_source(match.group(), settings.max_source_chars)
    return None


def note_source(note: str, settings: ClaimSettings) -> str | None:
    """The source a note names: 'Source: X, 703 participants, …' → 'X'."""
    match = re.search(r"\b[Ss]ources?\s*:\s*(.*)", note)
    text = match.group(1) if match else _SOURCE_NOTE_PREFIX.sub("", note)
    text = _SOURCE_NOTE_CUT.split(text, maxsplit=1)[0]
    return _trim_source(text, settings.max_source_chars)


def following_note(blocks: list[dict], index: int, settings: ClaimSettings) -> str | None:
    document_id = blocks[index]["document_id"]
    for block in blocks[index + 1 : index + 1 + settings.source_note_lookahead]:
        if block["document_id"] != document_id:
            return None
        if block["block_type"] == "source_note":
            return note_source(block["text"], settings)
        if block["block_type"] not in (
            "question",
            "caption",
            "heading",
            "table",
            "chart",
            "list_item",
        ):
            return None
    return None
