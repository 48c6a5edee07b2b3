"""Questions: the survey questions a report shows, numbered by source notes or by figures.

* Source notes citing question codes (:mod:`~extract.surveys.notes`) give coded questions.
  ``question`` blocks of a figure -- and its paragraphs ending in "?" -- before a source note are
  that note's questions, in order (at most ``SurveySettings.max_question_chars`` long). The answer
  instruction gives ``response_format``: "(select one)" single; "(select all that apply)", "(check
  all that apply)", "(select up to 3)" multiple; "(one response per row)" per_row; else null. Text
  after "segmented by" is the segmenting question's text; when a block ends "segmented by:" the
  next block is.
* A survey-design table gives topics and bases (:mod:`~extract.surveys.design`).
* A figure numbering no question gives one question per chart title line with a population
  ("..., % of developer respondents (n = 312)" -> base_population "developer respondents",
  base_n 312); a figure that only cites a survey gives one question titled by the figure.
* Keys: ``f"{survey_key}:{code}"``, else ``f"{survey_key}:{figure slug}"`` ("exhibit-8",
  "exhibit-8-2" for a second chart). A code in several figures is one question: ``figure_ref`` is
  the first figure showing it, ``figure_refs`` lists all; ``segmented_by_code`` is the first
  segmentation, ``segmented_by_codes`` lists all; sample size, valid cases, total mentions and the
  don't-know flag come together from the first reference stating a sample size.
  ``base_population`` prefers the design table's wording, then the note's, then the chart's;
  ``base_n`` prefers the figure's sample size (the n behind the printed percentages), then the
  chart's n, then the design table's N. ``block_id`` is the question text's block, else the
  caption, else the note, else the design table. ``question_text`` is null where the report prints
  no wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.blocks import SECTION_SEPARATOR
from extract.settings import SurveySettings
from extract.surveys.answers import response_format
from extract.surveys.exhibits import Exhibit
from extract.surveys.figures import Figure, cites_other_source, figure_base
from extract.surveys.notes import NoteRef, parse_refs
from extract.surveys.reading import (
    TextBlock,
    clean,
    is_methodology,
    slug,
    strip_markers,
)
from extract.vocabulary import (
    SEGMENTATION_WORDS,
)

_SEGMENTATION_SPLIT_RE = re.compile(
    rf"\s*\b(?P<kind>{'|'.join(SEGMENTATION_WORDS)})\s+(?:by|for)\b\s*:?\s*",
    re.I,
)


@dataclass
class Question:
    """One question as it is pieced together from notes, figures and design tables."""

    key: str
    code: str | None
    order: int
    block_id: str
    page: int | None
    block_rank: int  # 3 question text, 2 caption, 1 source note, 0 design table
    text: str | None = None
    response_format: str | None = None
    topic: str | None = None
    note_population: str | None = None
    design_population: str | None = None
    design_n: int | None = None
    sample_n: int | None = None
    sample_min: int | None = None
    valid_cases: int | None = None
    total_mentions: int | None = None
    dk_excluded: bool = False
    has_sample: bool = False
    title_population: str | None = None
    title_n: int | None = None
    exhibit_n: int | None = None  # the base printed at the question (exhibits)
    has_answers: bool = False
    segmented_by: list[str] = field(default_factory=list)
    figure_refs: list[str] = field(default_factory=list)

    def place(self, block: TextBlock, rank: int) -> None:
        if rank > self.block_rank:
            self.block_id, self.page, self.block_rank = block.block_id, block.page, rank

    def add_figure(self, ref: str | None) -> None:
        if ref and ref not in self.figure_refs:
            self.figure_refs.append(ref)


class Questions:
    """Questions of one survey, by code (unique) or figure-derived key, in order of appearance."""

    def __init__(self, survey_key: str) -> None:
        self.survey_key = survey_key
        self.items: dict[str, Question] = {}

    def coded(self, code: str, block: TextBlock, rank: int) -> Question:
        key = f"{self.survey_key}:{code}"
        question = self.items.get(key)
        if question is None:
            question = Question(key, code, len(self.items), block.block_id, block.page, rank)
            self.items[key] = question
        else:
            question.place(block, rank)
        return question

    def uncoded(self, figure: Figure | None, block: TextBlock, rank: int) -> Question:
        base = slug(figure.ref) if figure else f"q-{slug(' '.join(block.text.split()[:6]))}"
        key, suffix = f"{self.survey_key}:{base}", 2
        while key in self.items:
            key, suffix = f"{self.survey_key}:{base}-{suffix}", suffix + 1
        question = Question(key, None, len(self.items), block.block_id, block.page, rank)
        self.items[key] = question
        return question


def _set_text(question: Question, text: str) -> None:
    if question.text is None and text:
        question.text = text
    if question.response_format is None:
        question.response_format = response_format(text)


def _apply_ref(question: Question, ref: NoteRef) -> None:
    if ref.by_code and ref.by_code not in question.segmented_by:
        question.segmented_by.append(ref.by_code)
    if question.note_population is None and ref.population:
        question.note_population = ref.population
    if not question.has_sample and ref.sample_n is not None:
        question.has_sample = True
        question.sample_n, question.sample_min = ref.sample_n, ref.sample_min
        question.valid_cases, question.total_mentions = ref.valid_cases, ref.total_mentions
        question.dk_excluded = ref.dk_excluded


def _is_question_block(block: TextBlock, figure: Figure | None, settings: SurveySettings) -> bool:
    if len(block.text) > settings.max_question_chars:
        return False
    if block.block_type == "question":
        return True
    return (
        figure is not None and block.block_type == "paragraph" and clean(block.text).endswith("?")
    )


def _split_segmentation(text: str) -> tuple[str, str | None, str]:
    """Main question text, the kind of the trailing segmentation and the segmenting text."""
    match = _SEGMENTATION_SPLIT_RE.search(text)
    if not match:
        return text, None, ""
    return text[: match.start()].strip(), match.group("kind").lower(), text[match.end() :].strip()


def questions_from_notes(
    rows: Sequence[TextBlock],
    figures: Sequence[Figure],
    questions: Questions,
    settings: SurveySettings,
) -> tuple[list[NoteRef], dict[str, str]]:
    """Walk the document: pair question blocks with the source notes that number them."""
    figure_at: dict[int, Figure] = {}
    for each in figures:
        for pos in range(each.start, each.end + 1):
            figure_at[pos] = each
    block_question: dict[str, str] = {}
    all_refs: list[NoteRef] = []
    pending: list[TextBlock] = []

    def flush_uncoded() -> None:
        for waiting in pending:
            owner = figure_at.get(waiting.pos)
            if owner is None:
                continue
            question = questions.uncoded(owner, waiting, 3)
            _set_text(question, _split_segmentation(clean(waiting.text))[0])
            question.add_figure(owner.ref)
            owner.question_keys.append(question.key)
            block_question[waiting.block_id] = question.key
        pending.clear()

    for block in rows:
        figure = figure_at.get(block.pos)
        if block.block_type == "caption":
            flush_uncoded()
            continue
        if _is_question_block(block, figure, settings):
            pending.append(block)
            continue
        if block.block_type != "source_note":
            continue
        refs = parse_refs(block.text)
        if not refs:
            flush_uncoded()
            continue
        all_refs.extend(refs)
        fig_ref = figure.ref if figure else None
        ref_questions = []
        for ref in refs:
            anchor = figure.caption if figure is not None else block
            question = questions.coded(ref.code, anchor, 2 if figure is not None else 1)
            question.add_figure(fig_ref)
            _apply_ref(question, ref)
            ref_questions.append(question)
            if figure is not None and question.key not in figure.question_keys:
                figure.question_keys.append(question.key)
        block_question[block.block_id] = ref_questions[0].key
        _assign_question_blocks(pending, refs, ref_questions, questions, fig_ref, block_question)
        pending.clear()
        # Codes the note only mentions (segmenting questions, filters) are questions too.
        for ref in refs:
            for code, population in ref.code_populations.items():
                question = questions.coded(code, block, 1)
                if question.note_population is None:
                    question.note_population = population
            for mentioned in [ref.by_code, *ref.mentioned_codes]:
                if mentioned:
                    questions.coded(mentioned, block, 1)
    flush_uncoded()
    return all_refs, block_question


def _assign_question_blocks(
    pending: Sequence[TextBlock],
    refs: Sequence[NoteRef],
    ref_questions: Sequence[Question],
    questions: Questions,
    fig_ref: str | None,
    block_question: dict[str, str],
) -> None:
    next_ref = 0
    awaiting: str | None = None  # a code whose text is the next block ("segmented by:")
    skip_next = False
    for block in pending:
        text = clean(block.text)
        if awaiting is not None or skip_next:
            if awaiting is not None:
                question = questions.coded(awaiting, block, 3)
                _set_text(question, text)
                question.add_figure(fig_ref)
                block_question[block.block_id] = question.key
            awaiting, skip_next = None, False
            continue
        if next_ref >= len(refs):
            # More question blocks than codes: read as more text of the last question.
            if ref_questions:
                block_question[block.block_id] = ref_questions[-1].key
            continue
        ref, question = refs[next_ref], ref_questions[next_ref]
        next_ref += 1
        main, kind, rest = _split_segmentation(text)
        question.place(block, 3)
        _set_text(question, main)
        block_question[block.block_id] = question.key
        if kind == "segmented":
            if ref.by_code and rest:
                segmenting = questions.coded(ref.by_code, block, 1)
                _set_text(segmenting, rest)
                segmenting.add_figure(fig_ref)
            elif ref.by_code:
                awaiting = ref.by_code
            else:
                skip_next = not rest


def uncoded_figure_questions(
    rows: Sequence[TextBlock],
    figures: Sequence[Figure],
    questions: Questions,
    settings: SurveySettings,
) -> None:
    for figure in figures:
        if figure.question_keys:
            continue
        if figure.title_lines:
            for line in figure.title_lines:
                question = questions.uncoded(figure, rows[line.pos], 3)
                question.text = strip_markers(line.text)
                question.title_population, question.title_n = line.population, line.n
                question.add_figure(figure.ref)
                figure.question_keys.append(question.key)
        elif figure.cites_survey or (
            figure.title
            and not cites_other_source(rows, figure)
            and not is_methodology(figure.caption.section, settings)
        ):
            question = questions.uncoded(figure, figure.caption, 2)
            question.text = figure.title
            question.add_figure(figure.ref)
            figure.question_keys.append(question.key)
            question.exhibit_n = figure_base(rows, figure, settings)


def questions_from_exhibits(exhibits: Sequence[Exhibit], questions: Questions) -> dict[str, str]:
    """Questions of the exhibits (:mod:`~extract.surveys.exhibits`): a coded one joins the
    question of its code; an uncoded one repeating the wording of one without answers (a table
    of contents before the results) is that question. Returns the question of each block of
    an exhibit (its question and its answers)."""
    block_question: dict[str, str] = {}
    by_text: dict[str, Question] = {}
    for exhibit in exhibits:
        if exhibit.code:
            question = questions.coded(exhibit.code, exhibit.block, 3)
        else:
            same = by_text.get(_text_key(exhibit.text))
            if same is not None and (not same.has_answers or not exhibit.data):
                question = same
            else:
                question = questions.uncoded(None, exhibit.block, 3)
            by_text.setdefault(_text_key(exhibit.text), question)
        if exhibit.data and not question.has_answers:
            question.place(exhibit.block, 4)
        _set_text(question, exhibit.text)
        question.response_format = question.response_format or exhibit.response_format
        base = exhibit.base_n if exhibit.base_n is not None else exhibit.total
        if question.exhibit_n is None:
            question.exhibit_n = base
        if exhibit.asked is not None and not exhibit.asked.whole_sample:
            question.note_population = question.note_population or exhibit.asked.who
        question.topic = question.topic or _topic(exhibit.block.section, exhibit.text)
        question.has_answers = question.has_answers or bool(exhibit.data)
        exhibit.question_key = question.key
        for block in [exhibit.block, *exhibit.data]:
            block_question.setdefault(block.block_id, question.key)
    return block_question


def _text_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _topic(section: str, text: str) -> str | None:
    """The section a question sits in: the deepest heading that is not the question itself."""
    own = _text_key(text)
    for part in reversed(section.split(SECTION_SEPARATOR)):
        key = _text_key(part)
        if key and key != own and not own.startswith(key) and re.search(r"[^\W\d]", part):
            return part.strip()
    return None


def question_rows(
    document_id: str, survey_key: str, questions: Questions
) -> list[dict[str, object]]:
    ordered: list[tuple[tuple[int, int], dict[str, object]]] = []
    for question in questions.items.values():
        population = (
            question.design_population or question.note_population or question.title_population
        )
        if question.has_sample:
            base_n, base_min = question.sample_n, question.sample_min
        elif question.exhibit_n is not None:
            base_n, base_min = question.exhibit_n, question.exhibit_n
        elif question.title_n is not None:
            base_n, base_min = question.title_n, question.title_n
        else:
            base_n, base_min = question.design_n, question.design_n
        order = (0, _code_number(question.code)) if question.code else (1, question.order)
        ordered.append(
            (
                order,
                {
                    "document_id": document_id,
                    "survey_key": survey_key,
                    "question_key": question.key,
                    "question_code": question.code,
                    "question_text": question.text or None,
                    "response_format": question.response_format,
                    "topic": question.topic,
                    "base_population": population,
                    "base_n": base_n,
                    "base_n_min": base_min,
                    "valid_cases": question.valid_cases,
                    "total_mentions": question.total_mentions,
                    "dont_know_excluded": question.dk_excluded,
                    "segmented_by_code": question.segmented_by[0]
                    if question.segmented_by
                    else None,
                    "segmented_by_codes": "; ".join(question.segmented_by) or None,
                    "figure_ref": question.figure_refs[0] if question.figure_refs else None,
                    "figure_refs": "; ".join(question.figure_refs) or None,
                    "block_id": question.block_id,
                    "page_number": question.page,
                },
            )
        )
    ordered.sort(key=lambda item: item[0])
    return [row for _, row in ordered]


def _code_number(code: str) -> int:
    return int(re.sub(r"\D", "", code) or 0)
