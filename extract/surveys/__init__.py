"""The survey behind a survey report: its facts, questions, segments and figures, and claim links.

:func:`extract_survey_structure` reads a document's blocks (see :mod:`extract.blocks`) and the
claims extracted from them and returns five frames (:class:`SurveyStructure`), each validated by
its schema (:mod:`~extract.surveys.schemas`), each with ``document_id`` on every row. It works
from block types and the wording of the survey-report genre only -- never from positions, page
numbers or document ids -- so the PDF, HTML and text renditions of a report give the same
result. Every word list is in :mod:`extract.vocabulary`. Each concern has its module, which
documents its rules:

* :mod:`~extract.surveys.reading` -- blocks as the extractor reads them, shared text helpers
  (question codes, candidates for a fact);
* :mod:`~extract.surveys.tables` -- tables, charts and runs of bare values as categories with
  their shares, counts and Total row;
* :mod:`~extract.surveys.figures` -- figures, the blocks they span, their titles;
* :mod:`~extract.surveys.notes` -- source notes citing a survey and question codes;
* :mod:`~extract.surveys.answers` and :mod:`~extract.surveys.bases` -- answer instructions
  (response formats), bases and filter lines;
* :mod:`~extract.surveys.exhibits` -- a question or chart title with its instruction, base and
  answers, in any layout;
* :mod:`~extract.surveys.questions` -- questions (with :mod:`~extract.surveys.design`, the
  survey-design tables);
* :mod:`~extract.surveys.facts` -- the survey's facts (with :mod:`~extract.surveys.counts`:
  respondents, countries, questions; :mod:`~extract.surveys.dates`: fieldwork;
  :mod:`~extract.surveys.margins`: margin of error and confidence level);
* :mod:`~extract.surveys.segments` -- respondent segments (with
  :mod:`~extract.surveys.breakdowns`, the breakdowns of questions, tables and prose, and
  :mod:`~extract.surveys.dimensions`, what a segmentation is by);
* :mod:`~extract.surveys.links` -- the links from claims to survey, question and segment;
* :mod:`~extract.surveys.structure` -- all of it for each document
  (:func:`extract_survey_structure`).

Every threshold is a field of :class:`extract.settings.SurveySettings`.
"""

from __future__ import annotations

from extract.settings import SurveySettings
from extract.surveys.schemas import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    RESPONSE_FORMATS,
    SEGMENT_SOURCES,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
    SurveyStructure,
)
from extract.surveys.structure import NO_SURVEY_WARNING, extract_survey_structure

__all__ = [
    "CLAIM_LINKS_SCHEMA",
    "FIGURES_SCHEMA",
    "NO_SURVEY_WARNING",
    "QUESTIONS_SCHEMA",
    "RESPONSE_FORMATS",
    "SEGMENTS_SCHEMA",
    "SEGMENT_SOURCES",
    "SURVEYS_SCHEMA",
    "SurveySettings",
    "SurveyStructure",
    "extract_survey_structure",
]
