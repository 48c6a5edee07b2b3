"""Answer instructions: how many answers a question takes, in the wordings reports print.

A choice verb with what follows it (``vocabulary.ANSWER_CHOICE_VERBS`` with
``MULTIPLE_ANSWERS`` / ``SINGLE_ANSWER``) and the other wordings of ``ANSWER_FORMATS``, tried
per_row, multiple, single:
"(one response per row)", "(select all that apply)", "SELECT ALL THAT APPLY.", "check all",
"(select up to 3)", "Multi select.", "multiple choice", "(select one)", "Single select.",
"single answer", "(total responses=9849, single answer)", a rating scale printed as
"(1=extremely unsuitable, 5=extremely suitable)" (one point of the scale), "单选" / "多选".

An *instruction line* is a short block that is such an instruction and little else
("Optional. Single select."), or that opens with the instruction of an open question ("Free
response", "open-ended", ``vocabulary.OPEN_ANSWER_INSTRUCTIONS``; no response format): it tells
that the block before it is a question.
"""

from __future__ import annotations

import re

from extract.settings import SurveySettings
from extract.surveys.reading import clean
from extract.vocabulary import (
    ANSWER_CHOICE_VERBS,
    ANSWER_FORMATS,
    MULTIPLE_ANSWERS,
    OPEN_ANSWER_INSTRUCTIONS,
    SINGLE_ANSWER,
)

_CHOICE = rf"\b(?:{'|'.join(ANSWER_CHOICE_VERBS)})\s+"
_CHOICE_TERMS = {
    "multiple": rf"{_CHOICE}(?:{'|'.join(MULTIPLE_ANSWERS)})\b",
    "single": rf"{_CHOICE}(?:{'|'.join(SINGLE_ANSWER)})\b(?!\s+or\b)",
}
_FORMAT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile("|".join((*terms, _CHOICE_TERMS.get(name, "(?!)"))), re.I))
    for name, terms in ANSWER_FORMATS
)
# Words an instruction line may hold besides the instruction.
_LINE_EXTRAS_RE = re.compile(
    r"\b(?:optional|required|mandatory|question|please|only|answer|one|that appl(?:y|ies))\b"
    r"|[().:;,!\s]+",
    re.I,
)
_OPEN_ANSWER_RE = re.compile(
    rf"^(?:(?:optional|required|mandatory)\W+)?(?:{'|'.join(OPEN_ANSWER_INSTRUCTIONS)})", re.I
)


def response_format(text: str) -> str | None:
    """single, multiple or per_row when ``text`` holds an answer instruction, else None."""
    for name, pattern in _FORMAT_RULES:
        if pattern.search(text):
            return name
    return None


def is_instruction_line(text: str, settings: SurveySettings) -> bool:
    """A short block that is an answer instruction and nothing else, or that opens with the
    instruction of an open question ("Optional. Free response answers were collected ...")."""
    text = clean(text)
    if len(text) <= settings.max_open_instruction_chars and _OPEN_ANSWER_RE.match(text):
        return True
    if len(text) > settings.max_instruction_chars:
        return False
    for _, pattern in _FORMAT_RULES:
        match = pattern.search(text)
        if match:
            rest = text[: match.start()] + " " + text[match.end() :]
            return not _LINE_EXTRAS_RE.sub("", rest).strip()
    return False
