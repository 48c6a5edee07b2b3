"""Survey structure of development-corpus reports (../shared/corpus-dev), read directly.

Facts a reader finds in each report -- the figures the hand key holds -- for the reports that
are quick to read (markup and short decks); every report is scored end to end in
tests/e2e/test_corpus_dev.py. Skipped where the corpus is not beside the project.
"""

from __future__ import annotations

import pandas as pd
import pytest

from extract.documents import DocumentExtraction, extract_document
from extract.manifest import load_manifest
from tests.conftest import CORPUS_DEV_MANIFEST

QUICK = (
    "cncf-ambassador-midyear-survey-2023",
    "eclipse-iot-commercial-adoption-2019",
    "pew-political-survey-2019-03-methodology",
    "go-developer-survey-2023-h2-results",
    "state-of-haskell-survey-2022-results",
    "kaiyuanshe-coss-2023-questionnaire-zh",
)


@pytest.fixture(scope="module")
def reports() -> dict[str, DocumentExtraction]:
    if CORPUS_DEV_MANIFEST is None:
        pytest.skip("../shared/corpus-dev is not here")
    manifest = load_manifest(CORPUS_DEV_MANIFEST)
    return {
        source.document_id: extract_document(source)
        for source in manifest.documents
        if source.document_id in QUICK
    }


def facts(reports: dict[str, DocumentExtraction], document_id: str) -> dict[str, object]:
    surveys = reports[document_id].survey.surveys
    assert len(surveys) == 1, document_id
    return {k: (None if pd.isna(v) else v) for k, v in surveys.iloc[0].items()}


def test_respondents_out_of_invited_and_open_close_lines(reports) -> None:
    survey = facts(reports, "cncf-ambassador-midyear-survey-2023")
    assert survey["respondents"] == 80
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2023-08-01", "2023-09-05")


def test_slide_deck_questions_titles_and_demographic_charts(reports) -> None:
    structure = reports["eclipse-iot-commercial-adoption-2019"].survey
    survey = facts(reports, "eclipse-iot-commercial-adoption-2019")
    assert survey["respondents"] == 366
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2019-10-07", "2019-12-02")
    texts = set(structure.questions["question_text"])
    assert "Planned spend on IoT solutions within the next fiscal year" in texts
    assert "What best describes your role?" in texts
    roles = structure.segments[structure.segments["dimension"] == "role"]
    assert {"Developer", "Architect", "IT Manager"} <= set(roles["segment_label"])
    assert roles["respondents"].isna().all()  # shares only: no n is computed


def test_methodology_report(reports) -> None:
    survey = facts(reports, "pew-political-survey-2019-03-methodology")
    assert survey["respondents"] == 1503
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2019-03-20", "2019-03-25")
    assert (survey["margin_of_error_pct"], survey["confidence_level_pct"]) == (2.93, 95.0)
    segments = reports["pew-political-survey-2019-03-methodology"].survey.segments
    counts = segments.set_index("segment_label")["respondents"].to_dict()
    assert counts["cell phone"] == 1203 and counts["dual users"] == 679


def test_blog_post_facts_and_prose_breakdowns(reports) -> None:
    survey = facts(reports, "go-developer-survey-2023-h2-results")
    assert survey["respondents"] == 4005
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2023-07", "2023-08")
    assert (survey["margin_of_error_pct"], survey["confidence_level_pct"]) == (None, 95.0)
    segments = reports["go-developer-survey-2023-h2-results"].survey.segments
    assert "less than one year of Go experience" in set(segments["segment_label"])


def test_html_bar_charts_of_a_results_page(reports) -> None:
    survey = facts(reports, "state-of-haskell-survey-2022-results")
    assert survey["respondents"] == 1038  # the responses-by-year table at the survey's year
    assert survey["fieldwork_start"] is None  # the submission dates are answers, not fieldwork
    structure = reports["state-of-haskell-survey-2022-results"].survey
    questions = structure.questions.set_index("question_text")
    assert questions.loc["Do you use Haskell?", "response_format"] == "single"
    countries = structure.segments[structure.segments["dimension"] == "region"]
    assert countries.set_index("segment_label").loc["United States", "respondents"] == 266


def test_chinese_report_labelled_facts_and_chart_titles(reports) -> None:
    survey = facts(reports, "kaiyuanshe-coss-2023-questionnaire-zh")
    assert (survey["respondents"], survey["question_count"]) == (875, 43)
    assert survey["fieldwork_start"] is None  # "2023 年末" names no month
    questions = reports["kaiyuanshe-coss-2023-questionnaire-zh"].survey.questions
    assert {"年龄", "性别", "开源社区的角色"} <= set(questions["question_text"])


def test_no_survey_report_is_partial(reports) -> None:
    for document_id, extraction in reports.items():
        assert extraction.status == "ok", (document_id, extraction.document["extraction_warnings"])
