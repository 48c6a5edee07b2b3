"""Survey facts: how many respondents, in how many countries, when, how, by whom, with which
margin of error -- read from every block of a report.

Facts come from every sentence of paragraphs, list items, headings (slide titles: "We
conducted 682 interviews online June 4-26, 2024"), captions, quotes and source notes, and
from every row of tables and charts ("Survey Open - | August 1, 2023", "80 out of 155
Ambassadors | responded (51.6%)"). Each statement is a candidate with a score; the best wins,
ties to the value stated most often (:func:`extract.surveys.reading.best`). A candidate scores
higher when exact ("316", not "more than 700"), in a sentence naming the survey (survey, poll,
questionnaire, respondents) or its block, in a methodology section
(``SurveySettings.methodology_cues``), in a source note, or on the report's cover (its first
blocks).

* Respondents, countries, question count: :mod:`~extract.surveys.counts`.
* Fieldwork: :mod:`~extract.surveys.dates`, from sentences about the survey or its fieldwork
  (``vocabulary.FIELDWORK_CUES``), source notes, methodology sections and the cover; an open
  line and a close line give a range together. Day precision wins.
* Margin of error and confidence level: :mod:`~extract.surveys.margins`.
* Method: "web survey", "online survey", "telephone survey", .... Publisher: "X (and its
  partners) conducted a ... survey", "a survey that X conducted", "survey ... by X, Y, and Z".
  Name: the survey most source-note references cite, else "Source: X Survey", else "the X
  survey".
* ``evidence_block_id``: the block the respondent count (else another fact) came from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from extract.genre import normalize_space
from extract.settings import SurveySettings
from extract.surveys import counts, dates, margins
from extract.surveys.notes import NoteRef
from extract.surveys.reading import (
    CODE,
    YEAR,
    Candidate,
    TextBlock,
    best,
    clean,
    is_methodology,
    sentences,
)
from extract.vocabulary import FIELDWORK_CUES, MONTH_FORMS, SURVEY_METHODS

_SOURCE_NAME_RE = re.compile(r"^\s*sources?\s*:\s*(?P<name>[^,;:]*?\bsurvey)\b", re.I)
_MONTH = rf"(?:{'|'.join(form.capitalize() for form in MONTH_FORMS)})\.?"
_FIELDWORK_CUE_RE = re.compile("|".join(FIELDWORK_CUES), re.I)
_FIELDWORK_VERB_RE = re.compile(
    r"\b(?:conducted|fielded|administered|carried out|took place|was open|were collected)\b", re.I
)
# A bibliographic reference ("Blumberg SJ, ... Available from: https://...") speaks of another
# work, not of this survey.
_REFERENCE_RE = re.compile(
    r"https?://|\bdoi\b|\bavailable (?:from|at)\b|\bet al\b|\bpp?\.\s*\d", re.I
)
_SURVEY_RE = re.compile(r"\bsurvey|\bpoll\b|\bquestionnaire|\brespondents?\b", re.I)
_METHOD_RE = re.compile(
    rf"\b(?P<m>{'|'.join(SURVEY_METHODS)})[- ](?:based\s+)?survey\b",
    re.I,
)
_FACT_BLOCK_TYPES = ("paragraph", "list_item", "source_note", "caption", "heading", "quote")

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


def _units(block: TextBlock) -> Iterable[str]:
    """The sentences of a block, or the rows of a table or chart."""
    if block.block_type in ("table", "chart"):
        for line in block.text.split("\n"):
            row = " ".join(clean(cell) for cell in line.split("\t") if cell.strip())
            if row:
                yield row
    elif block.block_type in _FACT_BLOCK_TYPES:
        yield from sentences(clean(block.text))


def survey_facts(
    rows: Sequence[TextBlock], refs: Sequence[NoteRef], settings: SurveySettings
) -> dict[str, object]:
    people: list[Candidate] = []
    countries: list[Candidate] = []
    question_counts: list[Candidate] = []
    methods: list[Candidate] = []
    publishers: list[Candidate] = []
    names: list[Candidate] = []
    fieldwork: list[Candidate] = []
    opens: list[Candidate] = []
    closes: list[Candidate] = []
    found_margins: list[tuple[TextBlock, list[margins.Pair]]] = []
    levels: list[float] = []
    survey_year = counts.survey_year(rows)

    for block in rows:
        if block.block_type == "source_note" and _REFERENCE_RE.search(block.text):
            continue
        methodology = is_methodology(block.section, settings)
        is_note = block.block_type == "source_note"
        on_cover = block.pos < settings.cover_blocks and len(sentences(block.text)) < 2
        cover = 2.0 if on_cover else 0.0
        text = clean(block.text)
        block_mentions = bool(_SURVEY_RE.search(text))
        name_match = _SOURCE_NAME_RE.match(text) if is_note else None
        if name_match:
            names.append(Candidate(name_match.group("name").strip(), 2, block))
        if block.block_type in ("table", "chart"):
            people.extend(counts.table_respondents(block, methodology, survey_year))
        for sentence in _units(block):
            mentions_survey = bool(_SURVEY_RE.search(sentence))
            context = counts.Context(mentions_survey, block_mentions, methodology, is_note)
            people.extend(counts.respondents(sentence, block, context))
            if context.about_survey or is_note:
                countries.extend(counts.countries(sentence, block, context))
            question_counts.extend(counts.question_counts(sentence, block, context))
            if mentions_survey:
                _method_publisher_name(
                    sentence, block, context.bonus, is_note, methods, publishers, names
                )
            if (
                mentions_survey
                or is_note
                or cover
                or methodology
                or _FIELDWORK_CUE_RE.search(sentence)
            ):
                bonus = context.bonus + cover + bool(_FIELDWORK_VERB_RE.search(sentence))
                for pair, precision in dates.date_ranges(sentence):
                    fieldwork.append(Candidate(pair, precision + bonus, block))
                start, end = dates.open_close_dates(sentence)
                if start:
                    opens.append(Candidate(start, bonus, block))
                if end:
                    closes.append(Candidate(end, bonus, block))
            pairs = margins.margins(sentence)
            if pairs:
                found_margins.append((block, pairs))
            levels.extend(margins.confidence_levels(sentence))

    fieldwork.extend(_open_close(opens, closes))
    facts: dict[str, object] = {}
    best_people = best(people)
    facts["respondents"] = best_people.value if best_people else None
    best_countries = best(countries)
    facts["countries"] = best_countries.value if best_countries else None
    best_count = best(question_counts)
    facts["question_count"] = best_count.value if best_count else None
    best_method = best(methods)
    facts["method"] = best_method.value if best_method else None
    best_publisher = best(publishers)
    facts["publisher"] = best_publisher.value if best_publisher else None
    ref_names = Counter(ref.survey_name for ref in refs)
    if ref_names:
        facts["survey_name"] = ref_names.most_common(1)[0][0]
    else:
        best_name = best(names)
        facts["survey_name"] = best_name.value if best_name else None
    best_fieldwork = best(fieldwork)
    if best_fieldwork is not None and isinstance(best_fieldwork.value, tuple):
        facts["fieldwork_start"], facts["fieldwork_end"] = best_fieldwork.value
    else:
        facts["fieldwork_start"], facts["fieldwork_end"] = None, None
    facts.update(margins.choose_margin(found_margins, levels, settings))
    evidence = next(
        (c.block for c in (best_people, best_count, best_fieldwork, best_countries) if c), None
    )
    facts["evidence_block"] = evidence
    return facts


def _open_close(opens: Sequence[Candidate], closes: Sequence[Candidate]) -> list[Candidate]:
    """A fieldwork range from an open line and the close line after it."""
    found = []
    for start in opens:
        end = next((c for c in closes if c.block.pos >= start.block.pos), None)
        if end is not None and start.value <= end.value:  # type: ignore[operator]
            precision = (
                dates.DAY_PRECISION if len(str(start.value)) == 10 else dates.MONTH_PRECISION
            )
            found.append(
                Candidate(
                    (start.value, end.value), precision + max(start.score, end.score), start.block
                )
            )
    return found


def _method_publisher_name(
    sentence: str,
    block: TextBlock,
    bonus: float,
    is_note: bool,
    methods: list[Candidate],
    publishers: list[Candidate],
    names: list[Candidate],
) -> None:
    for match in _METHOD_RE.finditer(sentence):
        methods.append(Candidate(f"{match.group('m').lower()} survey", 1 + bonus, block))
    if is_note:
        return
    for pattern in _PUBLISHER_RES:
        found = pattern.search(sentence)
        if found and _plausible_publisher(found.group("pub")):
            publishers.append(Candidate(_tidy_publisher(found.group("pub")), 1 + bonus, block))
            break
    name = re.search(
        rf"\b(?i:the|our)\s+(?P<name>(?:{YEAR}\s+)?(?:[A-Z][\w&'’.-]*\s+){{1,6}}[Ss]urvey)\b",
        sentence,
    )
    if name:
        names.append(Candidate(name.group("name"), 0.5 + bonus, block))


def _plausible_publisher(name: str) -> bool:
    first = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return not (
        re.match(rf"^(?:{CODE}|{_MONTH})\b", first)
        or first.lower() in ("the", "survey")
        or len(first) < 3
    )


def _tidy_publisher(name: str) -> str:
    return normalize_space(name).strip(" ,.")
