"""Source notes that cite a survey and its question codes.

"2024 GenAI survey, Q13 by Q14 top 5, Sample Size = 287, Valid Cases = ..., Total Mentions =
..., DKNS responses excluded ..., Q14 answered by organizations who adopted GenAI in Q7". A note
may hold several references. Each gives the code, the segmenting code ("Q13 by Q14", "Q19, by
Q7"), the sample size (a range "206 to 138" / "15-115" gives the largest and the smallest), valid
cases, total mentions, whether don't-know answers were excluded ("DKNS ... excluded") and the
population after "answered by" ("... in Q7" dropped; "Q14 answered by X" applies to Q14). The
codes a note only mentions (segmenting, filtering) are kept too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.surveys.reading import CODE, CODE_TOKEN_RE, NUM, YEAR, clean, to_int

_REF_START_RE = re.compile(
    rf"(?P<name>(?:\b{YEAR}\s+)?(?:[A-Z0-9][\w&'’.-]*\s+){{0,6}}[Ss]urvey)\s*,\s*(?={CODE}\b)"
)
_REF_CODE_RE = re.compile(
    rf"^\s*(?P<code>{CODE})\b(?:\s+top\s+\d+)?(?:\s*,?\s*by\s+(?P<by>{CODE})\b)?", re.I
)
_SAMPLE_RE = re.compile(rf"sample size\s*=\s*(?P<a>{NUM})(?:\s*(?:to|-|–|—)\s*(?P<b>{NUM}))?", re.I)
_VALID_RE = re.compile(rf"valid cases\s*=\s*(?P<n>{NUM})", re.I)
_MENTIONS_RE = re.compile(rf"total mentions\s*=\s*(?P<n>{NUM})", re.I)
_DK_RE = re.compile(r"\b(?:DKNS|DK|don[’']?t know|not sure)\b[^,;]{0,60}?\bexclu", re.I)
_ANSWERED_BY_RE = re.compile(
    rf"(?:(?P<who>{CODE})\s+)?answered by\s+(?P<pop>[^,;]+?)"
    rf"(?:\s+in\s+{CODE}(?:\s*(?:,|or|and)\s*{CODE})*)?\s*(?=,|;|$)",
    re.I,
)


@dataclass
class NoteRef:
    """One reference of a source note to a survey question."""

    survey_name: str
    code: str
    by_code: str | None
    sample_n: int | None
    sample_min: int | None
    valid_cases: int | None
    total_mentions: int | None
    dk_excluded: bool
    population: str | None
    code_populations: dict[str, str]
    mentioned_codes: list[str]


def parse_refs(note: str) -> list[NoteRef]:
    """The question references of a source note, in order (none when it cites no code)."""
    text = clean(note)
    starts = list(_REF_START_RE.finditer(text))
    refs: list[NoteRef] = []
    for index, match in enumerate(starts):
        body_end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : body_end]
        head = _REF_CODE_RE.match(body)
        if not head:
            continue
        code = head.group("code").upper()
        sample = _SAMPLE_RE.search(body)
        sample_n = sample_min = None
        if sample:
            values = [to_int(sample.group("a")), to_int(sample.group("b"))]
            numbers = [v for v in values if v is not None]
            sample_n, sample_min = max(numbers), min(numbers)
        valid = _VALID_RE.search(body)
        mentions = _MENTIONS_RE.search(body)
        population = None
        code_populations: dict[str, str] = {}
        for answered in _ANSWERED_BY_RE.finditer(body):
            pop = answered.group("pop").strip()
            who = answered.group("who")
            if who and who.upper() != code:
                code_populations.setdefault(who.upper(), pop)
            elif population is None:
                population = pop
        by = head.group("by")
        refs.append(
            NoteRef(
                survey_name=match.group("name").strip(),
                code=code,
                by_code=by.upper() if by else None,
                sample_n=sample_n,
                sample_min=sample_min,
                valid_cases=to_int(valid.group("n")) if valid else None,
                total_mentions=to_int(mentions.group("n")) if mentions else None,
                dk_excluded=bool(_DK_RE.search(body)),
                population=population,
                code_populations=code_populations,
                mentioned_codes=[c.upper() for c in CODE_TOKEN_RE.findall(body)],
            )
        )
    return refs
