"""The survey behind a survey report: its facts, questions, segments and figures, and claim links.

:func:`extract_survey_structure` reads a document's blocks (see :mod:`extract.blocks`) and the
claims extracted from them and returns five frames (:class:`SurveyStructure`), each validated by
its schema (:mod:`~extract.surveys.schemas`), each with ``document_id`` on every row. It works
from block types and the wording of the survey-report genre only -- never from positions, page
numbers or document ids -- so the PDF, HTML and text renditions of a report give the same
result. Each concern has its module, which documents its rules:

* :mod:`~extract.surveys.reading` -- blocks as the extractor reads them, shared text helpers;
* :mod:`~extract.surveys.figures` -- figures, the blocks they span, their titles;
* :mod:`~extract.surveys.notes` -- source notes citing a survey and question codes;
* :mod:`~extract.surveys.questions` -- questions (with :mod:`~extract.surveys.design`, the
  survey-design tables);
* :mod:`~extract.surveys.facts` -- the survey's facts (respondents, fieldwork, margin of error...);
* :mod:`~extract.surveys.segments` -- respondent segments (with
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
