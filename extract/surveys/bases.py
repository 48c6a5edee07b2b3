"""Bases: how many answered a question, as reports print it, and the filter lines of a topline.

Base conventions (:func:`base_of`), each giving the base n:

* "59 out of 59 answered" (the first number; ``vocabulary.BASE_ANSWER_VERBS``);
* "Answered: 80 Skipped: 0";
* "Base: all respondents (n = 1,024)", "Base: 312";
* "n = 312", "(n=312)", "[N=752]", "N = 1,503";
* "Sample Size = 287", "Sample size: 287";
* "(total responses=9849, single answer)", "Total respondents: 900";
* "Total (52)" (a table's header); "Total 100.0% 515" (a Total row printed as a line).

Filter lines (:func:`filter_line`): an interviewer instruction that introduces the next
question, "ASK ALL:", "ASK FORM 1 ONLY [N=751]:", "ASK IF GAVE RESPONSE IN Q.66 [N=1,444]:",
"BASED ON TOTAL:" -- who is asked and their n. "ALL" / "TOTAL" name the whole sample; a split
sample ("FORM 1", "half sample A", ``vocabulary.SPLIT_SAMPLE_WORDS``) is a segment of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.settings import SurveySettings
from extract.surveys.reading import NUM, clean, to_int
from extract.vocabulary import BASE_ANSWER_VERBS, FILTER_LINE_OPENERS, SPLIT_SAMPLE_WORDS

_BASE_RES = (
    re.compile(
        rf"(?P<n>{NUM})\s+(?:out\s+)?of\s+(?:the\s+)?(?:{NUM})\s+(?:\w+\s+)?(?:{'|'.join(BASE_ANSWER_VERBS)})\b",
        re.I,
    ),
    re.compile(rf"\banswered\s*:\s*(?P<n>{NUM})\b", re.I),
    re.compile(rf"\bbase\s*[:=][^()\d]{{0,80}}?\(\s*n\s*=\s*(?P<n>{NUM})\s*\)", re.I),
    re.compile(rf"\bbase\s*[:=]\s*(?P<n>{NUM})\b", re.I),
    re.compile(rf"(?:^|[\s(\[,;])n\s*=\s*(?P<n>{NUM})\b", re.I),
    re.compile(rf"\bsample size\s*[:=]\s*(?P<n>{NUM})\b", re.I),
    re.compile(rf"\btotal (?:responses|respondents)\s*[:=]\s*(?P<n>{NUM})\b", re.I),
    re.compile(rf"\btotal\s*\(\s*(?:n\s*=\s*)?(?P<n>{NUM})\s*\)", re.I),
    re.compile(rf"^total\s*:?\s+(?:100(?:[.,]0+)?\s?%\s+)?(?P<n>{NUM})$", re.I),
)
_FILTER_RE = re.compile(
    rf"^(?:{'|'.join(FILTER_LINE_OPENERS)})\b\s*(?P<who>[^\[\]:]*?)\s*"
    rf"(?:\[\s*N\s*=\s*(?P<n>{NUM})\s*\])?\s*:\s*\d{{0,2}}$",
    re.I,
)
_WHOLE_SAMPLE_RE = re.compile(r"^(?:all|total|all respondents|everyone)$", re.I)
_SPLIT_RE = re.compile(rf"\b(?:{'|'.join(SPLIT_SAMPLE_WORDS)})\s+[A-Z0-9]{{1,2}}\b", re.I)
_ONLY_RE = re.compile(r"\s+only\b", re.I)


def base_of(text: str) -> int | None:
    """The base n a text states by any base convention, or None."""
    text = clean(text)
    for pattern in _BASE_RES:
        match = pattern.search(text)
        if match:
            return to_int(match.group("n"))
    return None


def is_base_line(text: str, settings: SurveySettings) -> bool:
    """A line of its own that states a base ("55 out of 59 answered", "Base: 312")."""
    return len(text) <= settings.max_line_chars and base_of(text) is not None


@dataclass(frozen=True)
class Filter:
    """An interviewer instruction: who is asked ("FORM 1 ONLY", "ALL") and their n."""

    who: str
    n: int | None

    @property
    def whole_sample(self) -> bool:
        return bool(_WHOLE_SAMPLE_RE.match(self.who.strip()))

    @property
    def split_sample(self) -> str | None:
        """The subsample a split-sample filter names, as a label ("Form 2 (March 21-25)")."""
        if not _SPLIT_RE.search(self.who) or re.match(r"^if\b", self.who.strip(), re.I):
            return None
        label = " ".join(_ONLY_RE.sub("", self.who).split())
        if label.isupper():  # printed in capitals, as instructions are: "Form 2 (March 21-25)"
            label = re.sub(r"[A-Za-z]+", lambda word: word.group().capitalize(), label)
        return label


def filter_line(text: str) -> Filter | None:
    match = _FILTER_RE.match(clean(text))
    if not match:
        return None
    return Filter(match.group("who"), to_int(match.group("n")))
