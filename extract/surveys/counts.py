"""Counts a report states about its survey: respondents, countries and questions.

Respondents, by convention (each a candidate; see :mod:`~extract.surveys.facts` for the
scores that decide between them):

* **a count of people** -- "A total of 316 respondents completed the survey", "366 individuals
  participated", "obtained telephone interviews with a representative sample of 1,503 adults",
  "resulting in 4,005 responses", "682 interviews", "completed surveys"
  (``vocabulary.RESPONDENT_NOUNS``) -- in a sentence about the survey or its fieldwork, a
  methodology section or a source note; not a "Label: 391 respondents" list item (a segment),
  not a count of invitees or of a list ("a list of 1,061 researchers", "out of 155",
  ``NOT_RESPONDENT_CUES``), and a count in parentheses after the total is a subsample;
* **"X out of Y responded"** (``RESPONSE_VERBS``): X;
* **a labelled count** -- "Sample size: 875", "Total responses = 9849", "样本量：875"
  (``RESPONDENT_COUNT_LABELS``), "Base: all respondents (n = 1,024)", "N=1,503" in a block
  naming the survey; beside a question (a source note citing its code, an answer instruction:
  "Q7, Sample Size = 287", "(total responses=9849, single answer)") it is that question's base;
* **a line of its own** -- "59 responses";
* **tables** -- a response-status table's "Complete" row (``COMPLETION_LABELS``), a table of
  responses by year at the survey's year (the year of the report's title), a methodology
  section's table total.

Countries: "across 41 countries", "from 75 countries and regions", "from ten different
countries" (number words read by number-parser). Questions: "comprised 46 questions", "a
30-question survey", "consisting of 31 items", "25 core questions", "问题数量：43".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from number_parser import parse_number

from extract.surveys.reading import (
    CODE,
    NUM,
    NUMBER_WORD,
    YEAR,
    Candidate,
    TextBlock,
    to_int,
)
from extract.surveys.tables import grids
from extract.vocabulary import (
    ANSWER_FORMATS,
    COMPLETION_LABELS,
    NOT_RESPONDENT_CUES,
    QUESTION_COUNT_LABELS,
    QUESTION_NOUNS,
    RESPONDENT_COUNT_CUES,
    RESPONDENT_COUNT_HEDGES,
    RESPONDENT_COUNT_LABELS,
    RESPONDENT_NOUNS,
    RESPONSE_VERBS,
)

_PEOPLE_RE = re.compile(
    rf"(?P<q>{'|'.join(RESPONDENT_COUNT_HEDGES)})?\s*"
    rf"(?<![\w.,])(?P<n>{NUM})\+?\s+(?:(?!percent\b|of\b|per\b|in\b|at\b)[\w/-]+\s+){{0,3}}?"
    rf"(?P<noun>{'|'.join(RESPONDENT_NOUNS)})\b",
    re.I,
)
_OUT_OF_RE = re.compile(
    rf"(?P<n>{NUM})\s+(?:out\s+)?of\s+(?:the\s+)?(?:{NUM})\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:{'|'.join(RESPONSE_VERBS)})\b",
    re.I,
)
_LABELLED_RE = re.compile(
    rf"(?:^|[\s,;(（])(?:{'|'.join(RESPONDENT_COUNT_LABELS)})\s*[:：=]\s*(?P<n>{NUM})\b", re.I
)
_QUESTION_CONTEXT_RE = re.compile(
    rf"\b{CODE}\b|{'|'.join(term for _, terms in ANSWER_FORMATS for term in terms)}", re.I
)
_BASE_ALL_RE = re.compile(
    rf"\bbase\s*[:=]\s*all (?:respondents|participants)\s*\(\s*n\s*=\s*(?P<n>{NUM})\s*\)", re.I
)
_N_EQUALS_RE = re.compile(rf"(?:^|[\s(\[,;])N\s*=\s*(?P<n>{NUM})\b")
_ALONE_RE = re.compile(
    rf"^\s*(?P<n>{NUM})\s+(?:responses|respondents|participants|completed surveys)\s*\.?\s*$",
    re.I,
)
_STRONG_RE = re.compile("|".join(RESPONDENT_COUNT_CUES), re.I)
_NOT_RESPONDENTS_RE = re.compile(rf"(?:{'|'.join(NOT_RESPONDENT_CUES)})[^.;]{{0,25}}$", re.I)
_COUNTRIES_RE = re.compile(
    rf"(?:across|in|from|covering|spanning|of)\s+(?P<q>more than\s+|over\s+)?"
    rf"(?P<n>{NUM}|{NUMBER_WORD})\s+(?:different\s+|distinct\s+|separate\s+)?countries\b",
    re.I,
)
_QUESTION_COUNT_RE = re.compile(
    rf"(?:comprised|compris(?:es|ing)|consist(?:ed|s|ing)? of|contain(?:ed|s|ing)?|included|"
    rf"includes|had|has|with|of)\s+(?P<n>{NUM})\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{'|'.join(QUESTION_NOUNS)})\b"
    rf"|(?P<n2>{NUM})-(?:question|item)\s+(?:survey|questionnaire)",
    re.I,
)
_QUESTION_LABEL_RE = re.compile(
    rf"(?:^|[\s,;(（])(?:{'|'.join(QUESTION_COUNT_LABELS)})\s*[:：=]\s*(?P<n>{NUM})\b", re.I
)
_COMPLETION_RE = re.compile(rf"^(?:{'|'.join(COMPLETION_LABELS)})$", re.I)
_YEAR_RE = re.compile(rf"^{YEAR}$")


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: does it (or its block) speak of the survey, is it in a
    methodology section or a source note."""

    mentions_survey: bool
    block_mentions_survey: bool
    methodology: bool
    note: bool

    @property
    def bonus(self) -> float:
        return (
            float(self.methodology)
            + float(self.note and self.mentions_survey)
            + float(self.mentions_survey)
            + 0.5 * float(self.block_mentions_survey and not self.mentions_survey)
        )

    @property
    def about_survey(self) -> bool:
        return self.mentions_survey or self.block_mentions_survey or self.methodology


def _number(text: str) -> int | None:
    if re.fullmatch(NUM, text):
        return to_int(text)
    value = parse_number(text.replace("-", " "))
    return int(value) if isinstance(value, (int, float)) else None


def respondents(sentence: str, block: TextBlock, context: Context) -> list[Candidate]:
    """Respondent counts a sentence (or table row) states."""
    found: list[Candidate] = []
    strong = 1.0 if _STRONG_RE.search(sentence) else 0.0
    for match in _OUT_OF_RE.finditer(sentence):
        found.append(Candidate(to_int(match.group("n")), 5 + context.bonus, block))
    # A labelled count beside a question (a note citing its code, an answer instruction) is
    # that question's base, not the sample.
    beside_question = context.note or bool(_QUESTION_CONTEXT_RE.search(sentence))
    for match in _LABELLED_RE.finditer(sentence) if not beside_question else ():
        found.append(Candidate(to_int(match.group("n")), 5 + context.bonus, block))
    for match in _BASE_ALL_RE.finditer(sentence):
        found.append(Candidate(to_int(match.group("n")), 4 + context.bonus, block))
    if (context.block_mentions_survey or context.mentions_survey) and not beside_question:
        for match in _N_EQUALS_RE.finditer(sentence):
            found.append(Candidate(to_int(match.group("n")), 4 + context.bonus, block))
    alone = _ALONE_RE.match(sentence)
    if alone:
        found.append(Candidate(to_int(alone.group("n")), 5 + context.bonus, block))
    if not (context.about_survey or context.note or strong):
        return found
    first_end = None
    for match in _PEOPLE_RE.finditer(sentence):
        before = sentence[: match.start("n")]
        if before.rstrip().endswith(":") or _NOT_RESPONDENTS_RE.search(before):
            continue
        if alone or any(match.start() < m.end() for m in _OUT_OF_RE.finditer(sentence)):
            continue
        score = 1 + 2 * (not match.group("q")) + context.bonus + strong
        if first_end is not None and before.count("(") > before.count(")"):
            score -= 3  # a subsample in parentheses after the total
        first_end = first_end if first_end is not None else match.end()
        found.append(Candidate(to_int(match.group("n")), score, block))
    return found


def table_respondents(
    block: TextBlock, methodology: bool, survey_year: str | None
) -> list[Candidate]:
    """Respondent counts a table states: a status table's Complete row, a table of responses by
    year at the survey's year, a methodology table's Total row."""
    found: list[Candidate] = []
    for grid in grids(block):
        labels = [c.label for c in grid.categories]
        for category in grid.categories:
            if category.count is None:
                continue
            if _COMPLETION_RE.match(category.label) or (
                survey_year
                and category.label == survey_year
                and all(_YEAR_RE.match(label) for label in labels)
                and len(labels) >= 2
            ):
                found.append(Candidate(category.count, 4 + methodology, block))
        if methodology and grid.total is not None:
            found.append(Candidate(grid.total, 3, block))
    return found


def countries(sentence: str, block: TextBlock, context: Context) -> list[Candidate]:
    found = []
    for match in _COUNTRIES_RE.finditer(sentence):
        value = _number(match.group("n").lower())
        if value:
            score = 1 + 2 * (not match.group("q")) + context.bonus
            found.append(Candidate(value, score, block))
    return found


def question_counts(sentence: str, block: TextBlock, context: Context) -> list[Candidate]:
    found = [
        Candidate(to_int(m.group("n")), 3 + context.bonus, block)
        for m in _QUESTION_LABEL_RE.finditer(sentence)
    ]
    if context.mentions_survey:
        for match in _QUESTION_COUNT_RE.finditer(sentence):
            value = to_int(match.group("n") or match.group("n2"))
            found.append(Candidate(value, 1 + context.bonus, block))
    return found


def survey_year(rows: Sequence[TextBlock]) -> str | None:
    """The year in the report's title (its first heading)."""
    title = next((b for b in rows if b.block_type == "heading"), None)
    match = re.search(YEAR, title.text) if title is not None else None
    return match.group(0) if match else None
