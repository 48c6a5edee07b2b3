"""The survey structure of documents: figures, then (for a survey report) questions, facts,
segments and claim links, gathered over documents and validated once.

A "survey_report" presents one survey when any fact (respondents, fieldwork, countries,
question count, margin of error), coded note, design table, question or exhibit
(:mod:`~extract.surveys.exhibits`) is found, else none (the document is then partial:
:data:`NO_SURVEY_WARNING`); an "article" none (its figures are still listed); with no document
type, a survey needs a respondent count plus a survey name, coded notes or a design table. No
question base or segment n exceeds the survey's respondents (a count above them is left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from extract.settings import SurveySettings
from extract.surveys.breakdowns import breakdown_segments
from extract.surveys.design import questions_from_design_tables
from extract.surveys.exhibits import find_exhibits
from extract.surveys.facts import survey_facts
from extract.surveys.figures import Figure, find_figures
from extract.surveys.links import CLAIM_COLUMNS, claim_links
from extract.surveys.notes import NoteRef
from extract.surveys.questions import (
    Questions,
    question_rows,
    questions_from_exhibits,
    questions_from_notes,
    uncoded_figure_questions,
)
from extract.surveys.reading import TextBlock, read_blocks
from extract.surveys.schemas import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
    SurveyStructure,
)
from extract.surveys.segments import segment_rows
from extract.validation import validate

DEFAULT_SETTINGS = SurveySettings()
NO_SURVEY_WARNING = (
    "no survey could be read from this survey report: no respondent count, fieldwork dates, "
    "question or figure of answers was found"
)
"""The warning a survey report gets when it presents no survey (extract.documents makes the
document partial with it)."""


def _frame(rows: Sequence[dict[str, object]], schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Rows validated by ``schema``."""
    return validate(schema, pd.DataFrame(list(rows), columns=list(schema.columns)))


def _has_survey(
    document_type: str | None,
    facts: dict[str, object],
    refs: Sequence[NoteRef],
    design: Sequence[str],
    asks: bool,
) -> bool:
    if document_type == "article":
        return False
    structural = bool(refs) or bool(design) or facts.get("survey_name") is not None
    if document_type == "survey_report":
        stated = any(facts.get(name) is not None for name in _STATED_FACTS)
        return structural or stated or asks
    return facts.get("respondents") is not None and structural


# Facts that, read from a survey report, show it presents a survey.
_STATED_FACTS = (
    "respondents",
    "fieldwork_start",
    "countries",
    "question_count",
    "margin_of_error_pct",
)


# Counts no part of a sample can exceed, each with the counts read with it: a question's base
# (and the smallest of its range), a segment's n.
_PART_COUNTS = {"base_n": ("base_n", "base_n_min"), "respondents": ("respondents",)}


def _within_sample(
    rows: list[dict[str, object]], respondents: int | None
) -> list[dict[str, object]]:
    """No question or segment counts more people than the survey: a count above the
    respondents was misread (or the respondents were) and is left out rather than published."""
    if respondents is None:
        return rows
    for row in rows:
        for name, together in _PART_COUNTS.items():
            value = row.get(name)
            if isinstance(value, int) and value > respondents:
                row.update(dict.fromkeys(together))
    return rows


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _read_already(
    rows: Sequence[TextBlock],
    figures: Sequence[Figure],
    block_question: dict[str, str],
    design: Sequence[str],
) -> set[int]:
    """Positions of blocks the figure, note and design-table rules have read."""
    taken = {pos for f in figures if f.question_keys for pos in range(f.start, f.end + 1)}
    done = set(block_question) | set(design)
    return taken | {b.pos for b in rows if b.block_id in done}


@dataclass
class _Rows:
    """Row dicts of the five frames, gathered over documents and validated once at the end."""

    surveys: list[dict[str, object]] = field(default_factory=list)
    questions: list[dict[str, object]] = field(default_factory=list)
    segments: list[dict[str, object]] = field(default_factory=list)
    figures: list[dict[str, object]] = field(default_factory=list)
    claim_links: list[dict[str, object]] = field(default_factory=list)


def _document_structure(
    document_id: str,
    blocks: pd.DataFrame,
    claims: pd.DataFrame,
    document_type: str | None,
    settings: SurveySettings,
    out: _Rows,
) -> None:
    rows = read_blocks(blocks)
    figures = find_figures(rows, settings)
    out.figures.extend(
        {
            "document_id": document_id,
            "figure_ref": f.ref,
            "title": f.title,
            "block_id": f.caption.block_id,
            "page_number": f.caption.page,
        }
        for f in figures
    )
    if document_type == "article":
        return

    survey_key = f"{document_id}:survey"
    questions = Questions(survey_key)
    refs, block_question = questions_from_notes(rows, figures, questions, settings)
    design = questions_from_design_tables(rows, questions)
    uncoded_figure_questions(rows, figures, questions, settings)
    exhibits = find_exhibits(rows, settings, _read_already(rows, figures, block_question, design))
    facts = survey_facts(rows, refs, settings)
    asks = bool(exhibits) or bool(questions.items)
    if not _has_survey(document_type, facts, refs, design, asks):
        return
    exhibit_question = questions_from_exhibits(exhibits, questions)

    evidence = facts.pop("evidence_block")
    if isinstance(evidence, TextBlock):
        evidence_id = evidence.block_id
    else:
        first = next(iter(questions.items.values()), None)
        evidence_id = first.block_id if first else rows[0].block_id
    out.surveys.append(
        {
            "document_id": document_id,
            "survey_key": survey_key,
            **facts,
            "evidence_block_id": evidence_id,
        }
    )
    respondents = _int_or_none(facts.get("respondents"))
    out.questions.extend(
        _within_sample(question_rows(document_id, survey_key, questions), respondents)
    )
    breakdowns = breakdown_segments(rows, exhibits, respondents, settings)
    segments = segment_rows(
        document_id, survey_key, rows, figures, questions, design, settings, breakdowns
    )
    out.segments.extend(_within_sample(segments, respondents))
    if not claims.empty:
        doc_claims = claims[claims["document_id"] == document_id]
        out.claim_links.extend(
            claim_links(
                doc_claims,
                survey_key,
                rows,
                figures,
                block_question,
                segments,
                settings,
                exhibit_question,
            )
        )


def extract_survey_structure(
    blocks: pd.DataFrame,
    claims: pd.DataFrame,
    document_type: str | None,
    settings: SurveySettings = DEFAULT_SETTINGS,
) -> SurveyStructure:
    """The survey a document presents, its questions, segments, figures and claim links.

    ``blocks`` is a blocks frame (``extract.blocks.BLOCKS_SCHEMA``) of one or more documents;
    ``claims`` holds at least ``claim_id``, ``document_id``, ``block_id`` and ``claim_text``
    (it may be empty). ``document_type`` is the manifest's ("survey_report" or "article"), or
    None to decide from the text. Pure: the same input always gives the same frames.
    """
    if not claims.empty:
        missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
        if missing:
            raise ValueError(f"claims frame lacks columns {missing}")
    out = _Rows()
    if not blocks.empty:
        for document_id in dict.fromkeys(blocks["document_id"]):
            _document_structure(
                str(document_id),
                blocks[blocks["document_id"] == document_id],
                claims,
                document_type,
                settings,
                out,
            )
    return SurveyStructure(
        surveys=_frame(out.surveys, SURVEYS_SCHEMA),
        questions=_frame(out.questions, QUESTIONS_SCHEMA),
        segments=_frame(out.segments, SEGMENTS_SCHEMA),
        figures=_frame(out.figures, FIGURES_SCHEMA),
        claim_links=_frame(out.claim_links, CLAIM_LINKS_SCHEMA),
    )
