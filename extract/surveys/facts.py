"""Survey facts: how many respondents, in how many countries, when, how, by whom, with which
margin of error.

Facts come from sentences of paragraphs, list items, headings, captions and source notes.
Candidates are scored -- exact numbers over "more than 700", sentences naming the survey,
methodology/demographics sections (``SurveySettings.methodology_cues``) and source notes, "total
of"/"completed"/"covering" -- and the best wins, ties to the most frequent value.

* Respondents: "A total of 316 respondents completed the survey", "survey of 316
  professionals", "703 participants", "covering 703 respondents" (not "Label: 391 respondents"
  list items). Countries: "across 41 countries". Question count: "comprised 46 questions", "a
  30-question survey".
* Fieldwork: a date range in a sentence about the survey or in a source note -- "Dec 9,
  2024–Jan 24, 2025" gives 2024-12-09 to 2025-01-24, "from August through September 2024" gives
  2024-08 to 2024-09; day precision wins.
* Method: "web survey", "online survey", "telephone survey", .... Publisher: "X (and its
  partners) conducted a ... survey", "a survey that X conducted", "survey ... by X, Y, and Z".
  Name: the survey most source-note references cite, else "Source: X Survey", else "the X
  survey".
* Margin of error: every "(+/-|±) v% at a c% confidence level" pair of a sentence on the margin
  of error is listed in ``margin_of_error_note``; ``margin_of_error_pct`` and
  ``confidence_level_pct`` hold the pair at ``SurveySettings.preferred_confidence_pct`` (95) if
  quoted, else the first.
* ``evidence_block_id``: the block the respondent count (else another fact) came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.genre import normalize_space
from extract.settings import SurveySettings
from extract.surveys.notes import NoteRef
from extract.surveys.reading import (
    CODE,
    NUM,
    YEAR,
    TextBlock,
    clean,
    is_methodology,
    sentences,
    to_int,
)
from extract.vocabulary import (
    FIELDWORK_CUES,
    MONTH_FORMS,
    MONTH_NAMES,
    RESPONDENT_COUNT_CUES,
    RESPONDENT_COUNT_HEDGES,
    RESPONDENT_NOUNS,
    SURVEY_METHODS,
)

_SOURCE_NAME_RE = re.compile(r"^\s*sources?\s*:\s*(?P<name>[^,;:]*?\bsurvey)\b", re.I)
_MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = rf"(?:{'|'.join(form.capitalize() for form in MONTH_FORMS)})\.?"

_DASH = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
_FULL_RANGE_RE = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y1>{YEAR})?{_DASH}"
    rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y2>{YEAR})",
    re.I,
)
_MONTH_RANGE_RE = re.compile(
    rf"(?:\b(?:from|between)\s+)?(?P<m1>{_MONTH})(?:\s+(?P<y1>{YEAR}))?{_DASH}"
    rf"(?P<m2>{_MONTH})\s+(?P<y2>{YEAR})",
    re.I,
)
_FIELDWORK_CUE_RE = re.compile("|".join(FIELDWORK_CUES), re.I)

_PEOPLE_RE = re.compile(
    rf"(?P<q>{'|'.join(RESPONDENT_COUNT_HEDGES)})?\s*"
    rf"(?<![\d.,])(?P<n>{NUM})\+?\s+(?:(?!percent\b|of\b|per\b|in\b|at\b)[\w/-]+\s+){{0,3}}?"
    rf"(?P<noun>{'|'.join(RESPONDENT_NOUNS)})\b",
    re.I,
)
_STRONG_PEOPLE_RE = re.compile("|".join(RESPONDENT_COUNT_CUES), re.I)
_COUNTRIES_RE = re.compile(
    rf"(?:across|in|from|covering|spanning|of)\s+(?P<q>more than\s+|over\s+)?(?P<n>{NUM})\s+"
    r"countries\b",
    re.I,
)
_QUESTION_COUNT_RE = re.compile(
    rf"(?:comprised|consisted of|contained|included|includes|had|has|with|of)\s+"
    rf"(?P<n>{NUM})\s+(?:survey\s+)?questions\b|(?P<n2>{NUM})-question\s+(?:survey|questionnaire)",
    re.I,
)
_METHOD_RE = re.compile(
    rf"\b(?P<m>{'|'.join(SURVEY_METHODS)})[- ](?:based\s+)?survey\b",
    re.I,
)
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
_NAME = r"(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of|for|de|and(?=\s+[A-Z])))*"
_NAME_LIST = rf"{_NAME}(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})*"
_PUBLISHER_RES = (
    re.compile(
        rf"(?P<pub>{_NAME})\s+(?:and its partners\s+|and partners\s+)?conducted\s+(?:a|an|the|this)"
        r"\s+(?:[\w-]+\s+){0,2}survey"
    ),
    re.compile(
        rf"\bsurvey,?\s+(?:that|which)\s+(?P<pub>{_NAME})\s+(?:and its partners\s+)?conducted"
    ),
    re.compile(
        rf"\bsurvey\b[^.;]{{0,160}}?\b(?:conducted|commissioned|fielded|run|carried out)?\s*"
        rf"\bby\s+(?P<pub>{_NAME_LIST})"
    ),
)


@dataclass
class _Candidate:
    value: object
    score: float
    block: TextBlock


def _best(candidates: Sequence[_Candidate]) -> _Candidate | None:
    if not candidates:
        return None
    counts = Counter(repr(c.value) for c in candidates)
    return max(
        candidates,
        key=lambda c: (c.score, counts[repr(c.value)], -c.block.pos),
    )


def _fact_blocks(rows: Sequence[TextBlock]) -> Iterable[TextBlock]:
    return (
        b
        for b in rows
        if b.block_type in ("paragraph", "list_item", "source_note", "caption", "heading")
    )


def survey_facts(
    rows: Sequence[TextBlock], refs: Sequence[NoteRef], settings: SurveySettings
) -> dict[str, object]:
    people: list[_Candidate] = []
    countries: list[_Candidate] = []
    question_counts: list[_Candidate] = []
    methods: list[_Candidate] = []
    publishers: list[_Candidate] = []
    names: list[_Candidate] = []
    fieldwork: list[_Candidate] = []
    margins: list[tuple[TextBlock, list[tuple[float, float | None]]]] = []

    for block in _fact_blocks(rows):
        text = clean(block.text)
        method_bonus = 1.0 if is_methodology(block.section, settings) else 0.0
        is_note = block.block_type == "source_note"
        name_match = _SOURCE_NAME_RE.match(text) if is_note else None
        if name_match:
            names.append(_Candidate(name_match.group("name").strip(), 2, block))
        for sentence in sentences(text):
            mentions_survey = bool(re.search(r"\bsurvey", sentence, re.I))
            context = method_bonus + (1.0 if is_note and mentions_survey else 0.0)
            if mentions_survey or context:
                for match in _PEOPLE_RE.finditer(sentence):
                    if match.start("n") > 0 and sentence[: match.start("n")].rstrip().endswith(":"):
                        continue
                    exact = not match.group("q")
                    score = 1 + 2 * exact + context + mentions_survey
                    score += 1 if _STRONG_PEOPLE_RE.search(sentence) else 0
                    people.append(_Candidate(to_int(match.group("n")), score, block))
                for match in _COUNTRIES_RE.finditer(sentence):
                    score = 1 + 2 * (not match.group("q")) + context + mentions_survey
                    countries.append(_Candidate(to_int(match.group("n")), score, block))
            if mentions_survey:
                for match in _QUESTION_COUNT_RE.finditer(sentence):
                    value = to_int(match.group("n") or match.group("n2"))
                    question_counts.append(_Candidate(value, 1 + context, block))
                for match in _METHOD_RE.finditer(sentence):
                    method = f"{match.group('m').lower()} survey"
                    methods.append(_Candidate(method, 1 + context, block))
                if not is_note:
                    for pattern in _PUBLISHER_RES:
                        found = pattern.search(sentence)
                        if found and _plausible_publisher(found.group("pub")):
                            publishers.append(
                                _Candidate(_tidy_publisher(found.group("pub")), 1 + context, block)
                            )
                            break
                    name = re.search(
                        rf"\b(?i:the|our)\s+(?P<name>(?:{YEAR}\s+)?(?:[A-Z][\w&'’.-]*\s+){{1,6}}"
                        r"[Ss]urvey)\b",
                        sentence,
                    )
                    if name:
                        names.append(_Candidate(name.group("name"), 0.5 + context, block))
            if mentions_survey or is_note or _FIELDWORK_CUE_RE.search(sentence):
                for dates, precision in _date_ranges(sentence):
                    score = precision + context + (1 if mentions_survey else 0)
                    fieldwork.append(_Candidate(dates, score, block))
            if _MOE_SENTENCE_RE.search(sentence):
                pairs = _margins(sentence)
                if pairs:
                    margins.append((block, pairs))

    ref_names = Counter(ref.survey_name for ref in refs)
    facts: dict[str, object] = {}
    best_people = _best(people)
    facts["respondents"] = best_people.value if best_people else None
    best_countries = _best(countries)
    facts["countries"] = best_countries.value if best_countries else None
    best_count = _best(question_counts)
    facts["question_count"] = best_count.value if best_count else None
    best_method = _best(methods)
    facts["method"] = best_method.value if best_method else None
    best_publisher = _best(publishers)
    facts["publisher"] = best_publisher.value if best_publisher else None
    if ref_names:
        facts["survey_name"] = ref_names.most_common(1)[0][0]
    else:
        best_name = _best(names)
        facts["survey_name"] = best_name.value if best_name else None
    best_fieldwork = _best(fieldwork)
    if best_fieldwork is not None and isinstance(best_fieldwork.value, tuple):
        facts["fieldwork_start"], facts["fieldwork_end"] = best_fieldwork.value
    else:
        facts["fieldwork_start"], facts["fieldwork_end"] = None, None
    facts.update(_choose_margin(margins, settings))
    evidence = next(
        (c.block for c in (best_people, best_count, best_fieldwork, best_countries) if c), None
    )
    facts["evidence_block"] = evidence
    return facts


def _plausible_publisher(name: str) -> bool:
    first = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return not (
        re.match(rf"^(?:{CODE}|{_MONTH})\b", first)
        or first.lower() in ("the", "survey")
        or len(first) < 3
    )


def _tidy_publisher(name: str) -> str:
    return normalize_space(name).strip(" ,.")


def _month(text: str) -> int:
    return _MONTHS[text.lower()[:3]]


def _date_ranges(sentence: str) -> list[tuple[tuple[str, str], float]]:
    found: list[tuple[tuple[str, str], float]] = []
    for match in _FULL_RANGE_RE.finditer(sentence):
        y2 = int(match.group("y2"))
        m1, m2 = _month(match.group("m1")), _month(match.group("m2"))
        y1 = int(match.group("y1")) if match.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        start = f"{y1:04d}-{m1:02d}-{int(match.group('d1')):02d}"
        end = f"{y2:04d}-{m2:02d}-{int(match.group('d2')):02d}"
        if start <= end:
            found.append(((start, end), 3.0))
    if found:
        return found
    for match in _MONTH_RANGE_RE.finditer(sentence):
        y2 = int(match.group("y2"))
        m1, m2 = _month(match.group("m1")), _month(match.group("m2"))
        y1 = int(match.group("y1")) if match.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        start, end = f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}"
        if start <= end:
            found.append(((start, end), 2.0))
    return found


def _margins(sentence: str) -> list[tuple[float, float | None]]:
    """(margin, confidence) pairs: each margin with the confidence level quoted after it."""
    level_matches = list(_CONFIDENCE_RE.finditer(sentence))
    levels = [(m.start(), float(m.group("c") or m.group("c2"))) for m in level_matches]
    values = [
        (m.start("v"), float(m.group("v")))
        for m in _MOE_VALUE_RE.finditer(sentence)
        if not any(c.start() <= m.start("v") < c.end() for c in level_matches)
    ]
    pairs: list[tuple[float, float | None]] = []
    for index, (pos, value) in enumerate(values):
        limit = values[index + 1][0] if index + 1 < len(values) else len(sentence)
        after = [c for p, c in levels if pos < p < limit]
        before = [c for p, c in levels if p < pos]
        level = after[0] if after else (before[-1] if before and len(values) == 1 else None)
        pairs.append((value, level))
    return pairs


def _choose_margin(
    margins: Sequence[tuple[TextBlock, list[tuple[float, float | None]]]], settings: SurveySettings
) -> dict[str, object]:
    if not margins:
        return {
            "margin_of_error_pct": None,
            "confidence_level_pct": None,
            "margin_of_error_note": None,
        }
    pairs = [pair for _, block_pairs in margins for pair in block_pairs]
    unique = list(dict.fromkeys(pairs))
    chosen = next(
        (
            p
            for p in unique
            if p[1] is not None and abs(p[1] - settings.preferred_confidence_pct) < 1e-9
        ),
        unique[0],
    )
    note = "; ".join(
        f"±{v:g}%" + (f" at {c:g}% confidence" if c is not None else "") for v, c in unique
    )
    return {
        "margin_of_error_pct": chosen[0],
        "confidence_level_pct": chosen[1],
        "margin_of_error_note": note,
    }
