"""Survey structure: each genre pattern on small inputs, then facts of the bundled corpus."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.blocks import Block, Table, blocks_frame
from extract.pdf import read_pdf
from extract.surveys import (
    CLAIM_LINKS_SCHEMA,
    FIGURES_SCHEMA,
    QUESTIONS_SCHEMA,
    SEGMENTS_SCHEMA,
    SURVEYS_SCHEMA,
    SurveySettings,
    SurveyStructure,
    extract_survey_structure,
)
from extract.text import read_text

CORPUS = Path(__file__).resolve().parents[2] / "sources" / "corpus"
RENDERED = Path(__file__).resolve().parents[2] / "sources" / "rendered"
CLAIM_COLUMNS = [
    "claim_id",
    "document_id",
    "block_id",
    "page_number",
    "section",
    "claim_text",
    "char_start",
    "char_end",
    "value",
    "value_low",
    "value_high",
    "value_text",
    "unit",
    "qualifier",
    "subject",
    "claim_kind",
    "cited_source",
    "quality_flags",
]
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s?(?:%|percent\b)|\b\d[\d,]*\b")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def no_claims() -> pd.DataFrame:
    return pd.DataFrame(columns=CLAIM_COLUMNS)


def make_claims(blocks: pd.DataFrame) -> pd.DataFrame:
    """One claim per number in each sentence: enough of a claims frame to link."""
    rows = []
    for block in blocks.itertuples():
        for sentence in _SENTENCE.finditer(block.text):
            text = sentence.group().strip()
            for number in _NUMBER.finditer(text):
                rows.append(
                    {
                        "claim_id": f"{block.block_id}:{sentence.start()}:{number.start()}",
                        "document_id": block.document_id,
                        "block_id": block.block_id,
                        "page_number": block.page_number,
                        "section": block.section_path or None,
                        "claim_text": text,
                        "char_start": block.char_start + sentence.start(),
                        "char_end": block.char_start + sentence.end(),
                        "value": None,
                        "value_low": None,
                        "value_high": None,
                        "value_text": number.group(),
                        "unit": "percent" if number.group().endswith("%") else "count",
                        "qualifier": None,
                        "subject": None,
                        "claim_kind": None,
                        "cited_source": None,
                        "quality_flags": None,
                    }
                )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def run(
    blocks: Sequence[Block],
    document_type: str | None = "survey_report",
    claims: bool = False,
    survey_settings: SurveySettings | None = None,
) -> SurveyStructure:
    frame = blocks_frame("doc", blocks)
    claim_frame = make_claims(frame) if claims else no_claims()
    if survey_settings is None:
        return extract_survey_structure(frame, claim_frame, document_type)
    return extract_survey_structure(frame, claim_frame, document_type, survey_settings)


def question(structure: SurveyStructure, key_suffix: str) -> pd.Series:
    rows = structure.questions[structure.questions["question_key"] == f"doc:survey:{key_suffix}"]
    assert len(rows) == 1, structure.questions["question_key"].tolist()
    return rows.iloc[0]


def segment(structure: SurveyStructure, label: str) -> pd.Series:
    rows = structure.segments[structure.segments["segment_label"].str.lower() == label.lower()]
    assert len(rows) == 1, structure.segments["segment_label"].tolist()
    return rows.iloc[0]


def table_block(rows: list[list[str]], section: tuple[str, ...] = ()) -> Block:
    table = Table(rows=tuple(tuple(r) for r in rows))
    return Block("table", table.text, section_path=section, table=table)


METHOD = ("Methodology",)


# ---------------------------------------------------------------------------------------------
# Figures and coded questions
# ---------------------------------------------------------------------------------------------


def test_caption_question_and_source_note_make_a_coded_question() -> None:
    result = run(
        [
            Block("caption", "FIGURE 2: HOW ORGANIZATIONS ADOPT WIDGETS"),
            Block("question", "To what extent has your organization adopted widgets? (select one)"),
            Block("source_note", "2024 Widget survey, Q7, Sample Size = 316"),
        ]
    )
    assert result.figures[["figure_ref", "title"]].values.tolist() == [
        ["Figure 2", "HOW ORGANIZATIONS ADOPT WIDGETS"]
    ]
    q7 = question(result, "Q7")
    assert q7["question_code"] == "Q7"
    assert q7["question_text"].startswith("To what extent")
    assert q7["response_format"] == "single"
    assert q7["base_n"] == 316
    assert q7["figure_ref"] == "Figure 2"
    assert q7["block_id"] == "doc:b00001"
    assert not q7["dont_know_excluded"]
    assert result.surveys["survey_name"].tolist() == ["2024 Widget survey"]
    assert result.surveys["survey_key"].tolist() == ["doc:survey"]


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        ("(select one)", "single"),
        ("(select all that apply)", "multiple"),
        ("(check all that apply)", "multiple"),
        ("(select up to three)", "multiple"),
        ("(one response per row)", "per_row"),
        ("", None),
    ],
)
def test_answer_instruction_gives_response_format(instruction: str, expected: str | None) -> None:
    result = run(
        [
            Block("caption", "FIGURE 1: THINGS"),
            Block("question", f"Which things do you use? {instruction}".strip()),
            Block("source_note", "2024 Widget survey, Q3, Sample Size = 100"),
        ]
    )
    found = question(result, "Q3")["response_format"]
    assert (None if pd.isna(found) else found) == expected


def test_segmented_by_next_block_and_note_details() -> None:
    result = run(
        [
            Block("caption", "FIGURE 6: USE CASES SEGMENTED BY LEVEL OF ADOPTION"),
            Block("question", "What is your primary use case? (select one) segmented by:"),
            Block("question", "What is the current stage of your use case? (select one)"),
            Block(
                "source_note",
                "2024 Widget survey, Q13 by Q14 top 5, Sample Size = 287, DKNS responses "
                "excluded from the analysis, Q14 answered by organizations who adopted widgets "
                "in Q7",
            ),
        ]
    )
    q13, q14 = question(result, "Q13"), question(result, "Q14")
    assert q13["segmented_by_code"] == "Q14"
    assert q13["base_n"] == 287
    assert q13["dont_know_excluded"]
    assert q13["question_text"] == "What is your primary use case? (select one)"
    assert q14["question_text"].startswith("What is the current stage")
    assert q14["base_population"] == "organizations who adopted widgets"
    assert q14["figure_ref"] == "Figure 6"
    # Q7, only mentioned, is a question of the survey too.
    assert "Q7" in set(result.questions["question_code"])


def test_inline_segmenting_question_and_answered_by() -> None:
    result = run(
        [
            Block("caption", "FIGURE 5: USE CASES SEGMENTED BY INTEGRATION"),
            Block(
                "question",
                "What's your primary use case? (select one) segmented by **How is your use case "
                "integrated into your business?** (select one)",
            ),
            Block(
                "source_note",
                "2024 Widget survey, Q19, by Q15, Sample Size = 255 (DKNS excluded), answered by "
                "organizations who adopted widgets in Q7",
            ),
        ]
    )
    q19, q15 = question(result, "Q19"), question(result, "Q15")
    assert q19["segmented_by_code"] == "Q15"
    assert q19["base_population"] == "organizations who adopted widgets"
    assert q19["dont_know_excluded"]
    assert (
        q15["question_text"] == "How is your use case integrated into your business? (select one)"
    )
    assert q15["response_format"] == "single"


def test_two_references_in_one_note_and_sample_size_range() -> None:
    result = run(
        [
            Block("caption", "FIGURE 2: TOP TECHNIQUES"),
            Block(
                "question", "How much have techniques improved performance? (one response per row)"
            ),
            Block(
                "source_note",
                "2024 Widget survey, Q33, Sample Size = 297, Valid Cases = 297, Total Mentions = "
                "1,905, answered by organizations who adopted widgets in Q7 2024 Widget survey, "
                'Q34, Sample size = 206 to 138, sorted by the sum of "Exceptional"',
            ),
        ]
    )
    q33, q34 = question(result, "Q33"), question(result, "Q34")
    assert (q33["base_n"], q33["valid_cases"], q33["total_mentions"]) == (297, 297, 1905)
    assert q33["response_format"] == "per_row"
    assert (q34["base_n"], q34["base_n_min"]) == (206, 138)
    assert q34["figure_ref"] == "Figure 2"
    assert pd.isna(q34["question_text"])


def test_same_code_in_two_figures_is_one_question() -> None:
    result = run(
        [
            Block("caption", "FIGURE 4: PRIMARY USE CASES"),
            Block("question", "What's your primary use case? (select one)"),
            Block("source_note", "2024 Widget survey, Q13, Sample Size = 297"),
            Block("caption", "FIGURE 6: PRIMARY USE CASES BY STAGE"),
            Block("question", "What's your primary use case? (select one) segmented by:"),
            Block("question", "What stage is it at? (select one)"),
            Block("source_note", "2024 Widget survey, Q13 by Q14, Sample Size = 287"),
        ]
    )
    q13 = question(result, "Q13")
    assert q13["figure_ref"] == "Figure 4"
    assert q13["figure_refs"] == "Figure 4; Figure 6"
    assert q13["base_n"] == 297  # from the first figure that states a sample size
    assert q13["segmented_by_code"] == "Q14"
    assert result.questions["question_code"].dropna().is_unique


def test_question_paragraph_without_instruction_inside_a_figure() -> None:
    result = run(
        [
            Block("caption", "FIGURE 24: PRIORITIES"),
            Block("paragraph", "What would be your top three priorities for next year?"),
            Block(
                "source_note", "2024 Widget survey, Q30, Sample size = 15-115, optional question"
            ),
        ]
    )
    q30 = question(result, "Q30")
    assert q30["question_text"] == "What would be your top three priorities for next year?"
    assert (q30["base_n"], q30["base_n_min"]) == (115, 15)


def test_survey_design_table_covers_every_question_in_its_ranges() -> None:
    design = table_block(
        [
            ["Questions", "Question categories", "Who answers the questions"],
            ["Q1 - Q3", "Demographics", "All respondents (N=316)"],
            ["Q4 - Q6", "Investment", "Orgs who adopted widgets (N=297)"],
            [
                "Q7 - Q8",
                "Concerns",
                "Orgs who adopted widgets (N=297 for Q7, All respondents (N=316) for Q8)",
            ],
            [
                "Q9 - Q11",
                "Infrastructure",
                "Orgs who use widgets for inference (N=193) Q9, Q10, or who train models "
                "(N=113), Q11",
            ],
        ],
        METHOD,
    )
    result = run(
        [
            Block(
                "paragraph", "The 2024 Widget survey comprised 11 questions.", section_path=METHOD
            ),
            Block("caption", "FIGURE 27: SURVEY DESIGN", section_path=METHOD),
            design,
            Block("caption", "FIGURE 3: ADOPTION"),
            Block("question", "Has your organization adopted widgets? (select one)"),
            Block("source_note", "2024 Widget survey, Q4, Sample Size = 280"),
        ]
    )
    codes = result.questions["question_code"].tolist()
    assert codes == [f"Q{i}" for i in range(1, 12)]
    assert result.surveys["question_count"].tolist() == [11]
    q2 = question(result, "Q2")
    assert (q2["topic"], q2["base_population"], q2["base_n"]) == (
        "Demographics",
        "All respondents",
        316,
    )
    assert pd.isna(q2["figure_ref"])
    q4 = question(result, "Q4")
    assert (q4["topic"], q4["base_population"], q4["base_n"]) == (
        "Investment",
        "Orgs who adopted widgets",
        280,  # the figure's sample size wins over the design table's N
    )
    assert question(result, "Q7")[["base_population", "base_n"]].tolist() == [
        "Orgs who adopted widgets",
        297,
    ]
    assert question(result, "Q8")[["base_population", "base_n"]].tolist() == [
        "All respondents",
        316,
    ]
    assert question(result, "Q10")[["base_population", "base_n"]].tolist() == [
        "Orgs who use widgets for inference",
        193,
    ]
    assert question(result, "Q11")[["base_population", "base_n"]].tolist() == [
        "Orgs who train models",
        113,
    ]
    # The design table is a figure but shows no question.
    assert "Figure 27" in set(result.figures["figure_ref"])
    assert "Figure 27" not in set(result.questions["figure_ref"].dropna())


# ---------------------------------------------------------------------------------------------
# Exhibits without question codes
# ---------------------------------------------------------------------------------------------

MCK_NOTE = (
    "Source: Acme Open Source AI Survey, 703 participants with experience in working with AI "
    "tech systems, Dec 9, 2024–Jan 24, 2025"
)


def test_exhibit_title_line_with_population_becomes_a_question() -> None:
    result = run(
        [
            Block("caption", "Exhibit 7"),
            Block("heading", "Web <2025>"),
            Block("paragraph", "<Widget survey> Exhibit <7> of <12>"),
            Block(
                "paragraph",
                "Regular use of open source AI models, by level of experience, % of developer "
                "respondents (n = 312)",
            ),
            Block("source_note", MCK_NOTE),
            Block("paragraph", "The more experienced the developer, the more they use it."),
        ]
    )
    figure = result.figures.iloc[0]
    assert figure["figure_ref"] == "Exhibit 7"
    assert figure["title"].startswith("Regular use of open source AI models")
    q = question(result, "exhibit-7")
    assert pd.isna(q["question_code"])
    assert (q["base_population"], q["base_n"]) == ("developer respondents", 312)
    assert q["figure_ref"] == "Exhibit 7"
    assert q["block_id"] == "doc:b00003"
    survey = result.surveys.iloc[0]
    assert survey["survey_name"] == "Acme Open Source AI Survey"
    assert survey["respondents"] == 703
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2024-12-09", "2025-01-24")


def test_exhibit_with_split_title_and_two_charts() -> None:
    result = run(
        [
            Block("caption", "Exhibit 10"),
            Block("heading", "Stated preference of leadership for open source vs proprietary"),
            Block("paragraph", "AI technologies, % of respondents"),
            Block(
                "heading", "Reasons for preference, % of respondents selecting as top 3 response"
            ),
            Block("source_note", MCK_NOTE),
        ]
    )
    first, second = question(result, "exhibit-10"), question(result, "exhibit-10-2")
    assert first["question_text"] == (
        "Stated preference of leadership for open source vs proprietary AI technologies, "
        "% of respondents"
    )
    assert first["base_population"] == "respondents"
    assert second["base_population"] == "respondents selecting as top 3 response"


def test_title_lines_and_footnote_merged_with_the_source_note() -> None:
    # PDF layouts may run chart titles, footnotes and the source note into one paragraph.
    result = run(
        [
            Block("caption", "Exhibit 3"),
            Block("paragraph", "Use of AI models, by industry,¹ % of respondents"),
            Block(
                "paragraph",
                "1Advanced industries (including semiconductors), n = 52; technology, n = 260; "
                "other, n = 34. " + MCK_NOTE,
            ),
            Block("caption", "Exhibit 8"),
            Block(
                "paragraph",
                "Importance of AI tools to job satisfaction, % of developer respondents (n = 312) "
                "Experience with AI tools valued in field, % of developer respondents (n = 312) "
                + MCK_NOTE,
            ),
            Block("caption", "Exhibit 10"),
            Block(
                "paragraph",
                "Stated preference of leadership for open source vs proprietary AI technologies, "
                "% of respondents Reasons for preference, % of respondents selecting as top 3 "
                "response " + MCK_NOTE,
            ),
        ]
    )
    assert question(result, "exhibit-3")["question_text"] == (
        "Use of AI models, by industry, % of respondents"
    )
    first, second = question(result, "exhibit-8"), question(result, "exhibit-8-2")
    assert first["question_text"] == (
        "Importance of AI tools to job satisfaction, % of developer respondents (n = 312)"
    )
    assert second["question_text"].startswith("Experience with AI tools valued in field")
    assert (second["base_population"], second["base_n"]) == ("developer respondents", 312)
    assert question(result, "exhibit-10")["base_population"] == "respondents"
    assert question(result, "exhibit-10-2")["question_text"].startswith("Reasons for preference")
    assert segment(result, "Advanced industries")["respondents"] == 52
    assert result.surveys.iloc[0]["survey_name"] == "Acme Open Source AI Survey"


def test_exhibit_citing_another_source_shows_no_question() -> None:
    result = run(
        [
            Block("caption", "Exhibit 1"),
            Block("heading", "Illustrative AI tech stack"),
            Block("source_note", "Source: Public AI: Making AI work for everyone, Sept 30, 2024"),
            Block("caption", "Exhibit 2"),
            Block("paragraph", "Use of widgets, by stack area, % of respondents"),
            Block("source_note", MCK_NOTE),
        ]
    )
    assert result.figures["title"].tolist()[0] == "Illustrative AI tech stack"
    assert result.questions["figure_ref"].tolist() == ["Exhibit 2"]


def test_caption_holding_its_population_title() -> None:
    result = run(
        [
            Block("caption", "Exhibit 3: Use of widgets, by region, % of respondents (n = 500)"),
            Block("source_note", MCK_NOTE),
        ]
    )
    q = question(result, "exhibit-3")
    assert (q["base_population"], q["base_n"]) == ("respondents", 500)


# ---------------------------------------------------------------------------------------------
# Survey facts
# ---------------------------------------------------------------------------------------------


def methodology_blocks(margin_sentence: str) -> list[Block]:
    return [
        Block("heading", "About the survey", section_path=METHOD, heading_level=1),
        Block(
            "paragraph",
            "Acme Research and its partners conducted a web survey from August through "
            "September 2024, which provided the empirical basis for this study.",
            section_path=METHOD,
        ),
        Block("paragraph", "The 2024 Acme survey comprised 46 questions.", section_path=METHOD),
        Block(
            "paragraph",
            f"A total of 316 respondents completed the survey. {margin_sentence}",
            section_path=METHOD,
        ),
    ]


def test_methodology_facts() -> None:
    result = run(
        methodology_blocks(
            "The margin of error for this sample size was +/- 4.7% at a 90% confidence level "
            "and +/- 5.5% at a 95% confidence level."
        )
    )
    survey = result.surveys.iloc[0]
    assert survey["publisher"] == "Acme Research"
    assert survey["method"] == "web survey"
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2024-08", "2024-09")
    assert survey["respondents"] == 316
    assert survey["question_count"] == 46
    assert (survey["margin_of_error_pct"], survey["confidence_level_pct"]) == (5.5, 95.0)
    assert survey["margin_of_error_note"] == "±4.7% at 90% confidence; ±5.5% at 95% confidence"
    assert survey["survey_name"] == "2024 Acme survey"
    assert survey["evidence_block_id"] == "doc:b00003"


def test_margin_at_the_only_confidence_level_and_a_chosen_one() -> None:
    only_90 = run(methodology_blocks("The margin of error was ±3.1% at a 90% confidence level."))
    assert only_90.surveys[["margin_of_error_pct", "confidence_level_pct"]].values.tolist() == [
        [3.1, 90.0]
    ]
    both = methodology_blocks(
        "The margin of error was +/- 4.7% at a 90% confidence level and +/- 5.5% at a 95% "
        "confidence level."
    )
    chosen = run(both, survey_settings=SurveySettings(preferred_confidence_pct=90.0))
    assert chosen.surveys["margin_of_error_pct"].tolist() == [4.7]
    no_level = run(methodology_blocks("The margin of error is 3 percentage points."))
    assert no_level.surveys["margin_of_error_pct"].tolist() == [3.0]
    assert no_level.surveys["confidence_level_pct"].isna().all()


def test_survey_sentence_with_publishers_countries_and_approximate_count() -> None:
    text = (
        "A new survey of more than 700 technology leaders and senior developers across 41 "
        "countries by Acme, the Widget Foundation, and the Patrick J. Doe Foundation provides "
        "the largest analysis of open source AI."
    )
    approximate = run([Block("paragraph", text)])
    survey = approximate.surveys.iloc[0]
    assert survey["respondents"] == 700
    assert survey["countries"] == 41
    assert survey["publisher"] == "Acme, the Widget Foundation, and the Patrick J. Doe Foundation"
    exact = run(
        [
            Block("paragraph", text),
            Block(
                "paragraph",
                "Our survey ran from December 2024 to January 2025, covering 703 respondents in "
                "41 countries.",
                section_path=("Respondent demographics",),
            ),
        ]
    )
    survey = exact.surveys.iloc[0]
    assert survey["respondents"] == 703
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2024-12", "2025-01")


def test_day_precision_fieldwork_wins_over_months() -> None:
    result = run(
        [
            Block("paragraph", "Our survey ran from December 2024 to January 2025."),
            Block("source_note", MCK_NOTE),
        ]
    )
    assert result.surveys[["fieldwork_start", "fieldwork_end"]].values.tolist() == [
        ["2024-12-09", "2025-01-24"]
    ]


def test_articles_present_no_survey_but_keep_figures() -> None:
    blocks = [
        *methodology_blocks("The margin of error was ±3% at a 95% confidence level."),
        Block("caption", "Figure 1: Adoption"),
        Block("question", "Do you use widgets? (select one)"),
        Block("source_note", "2024 Acme survey, Q7, Sample Size = 316"),
    ]
    result = run(blocks, document_type="article", claims=True)
    assert result.surveys.empty and result.questions.empty and result.segments.empty
    assert result.claim_links.empty
    assert result.figures["figure_ref"].tolist() == ["Figure 1"]
    assert list(result.surveys.columns) == list(SURVEYS_SCHEMA.columns)


def test_report_without_survey_evidence_presents_none() -> None:
    result = run([Block("paragraph", "Open source models are popular, and 40% of them are big.")])
    assert result.surveys.empty and result.questions.empty


def test_unknown_document_type_decides_from_the_text() -> None:
    with_survey = run(
        [
            Block("caption", "FIGURE 1: ADOPTION"),
            Block("question", "Do you use widgets? (select one)"),
            Block("source_note", "2024 Acme survey, Q7, Sample Size = 316"),
            Block("paragraph", "A total of 316 respondents completed the survey."),
        ],
        document_type=None,
    )
    assert len(with_survey.surveys) == 1
    citing_only = run(
        [Block("paragraph", "A survey of 1,000 developers found that 40% use widgets.")],
        document_type=None,
    )
    assert citing_only.surveys.empty


# ---------------------------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------------------------

DEMO = ("Respondent demographics",)


def demographic_blocks() -> list[Block]:
    return [
        Block("paragraph", "Our survey covered 703 respondents.", section_path=DEMO),
        Block("list_item", "Geographies:", section_path=DEMO),
        Block("list_item", "• United States: 400", section_path=DEMO),
        Block("list_item", "• India: 115", section_path=DEMO),
        Block("list_item", "• Other: 188", section_path=DEMO),
        Block("list_item", "Industries:", section_path=DEMO),
        Block("list_item", "• Advanced industries (includes", section_path=DEMO),
        Block("paragraph", "advanced electronics; semiconductors): 52", section_path=DEMO),
        Block("list_item", "• Technology, media, and", section_path=DEMO),
        Block("paragraph", "telecommunications (includes media; technology):", section_path=DEMO),
        Block("paragraph", "651", section_path=DEMO),
        Block(
            "paragraph",
            "We categorize respondents into two archetypes. See the respondent job titles below.",
            section_path=DEMO,
        ),
        Block("list_item", "Decision-makers: 391 respondents", section_path=DEMO),
        Block("list_item", "Technologists: 312", section_path=DEMO),
        Block(
            "paragraph",
            "Decision-makers are executives, vice president–level and above.",
            section_path=DEMO,
        ),
    ]


def test_demographic_lists_give_segments_with_n() -> None:
    result = run(demographic_blocks())
    segments = result.segments
    by_dimension = segments.groupby("dimension")["respondents"].sum().to_dict()
    assert by_dimension == {"region": 703, "industry": 703, "role": 703}
    advanced = segment(result, "Advanced industries")
    assert advanced["definition"] == "includes advanced electronics; semiconductors"
    assert advanced["respondents"] == 52
    tmt = segment(result, "Technology, media, and telecommunications")
    assert (tmt["dimension"], tmt["respondents"]) == ("industry", 651)
    decision = segment(result, "Decision-makers")
    assert (
        decision["definition"] == "Decision-makers are executives, vice president–level and above"
    )
    assert set(segments["source_kind"]) == {"list"}


def test_footnote_n_list_gives_industry_segments() -> None:
    result = run(
        [
            Block("caption", "Exhibit 3"),
            Block(
                "paragraph",
                "Regular use of open source AI models, by region and industry,¹ % of respondents",
            ),
            Block(
                "paragraph",
                "1Advanced industries (including semiconductors), n = 52; technology, media, and "
                "telecommunications, n = 260; public sector, n = 59; other, n = 34.",
            ),
            Block("source_note", MCK_NOTE),
        ]
    )
    advanced = segment(result, "Advanced industries")
    assert (advanced["dimension"], advanced["respondents"]) == ("industry", 52)
    assert advanced["definition"] == "including semiconductors"
    assert segment(result, "Technology, media, and telecommunications")["respondents"] == 260
    assert set(result.segments["source_kind"]) == {"footnote"}


def test_footnote_of_rows_without_a_dimension_is_not_a_segment() -> None:
    result = run(
        [
            Block("caption", "Exhibit 9"),
            Block(
                "paragraph", "Preference for open source tools, % of respondents familiar with AI1"
            ),
            Block("paragraph", "1Tools, n = 633; models, n = 679; data, n = 624."),
            Block("source_note", MCK_NOTE),
        ]
    )
    assert result.segments.empty


def test_segmentation_phrases() -> None:
    result = run(
        [
            Block(
                "paragraph",
                "Figure 1 shows that 94% of organizations are involved with widgets and can be "
                "segmented into two categories: organizations who have very high or high widget "
                "adoption (42%, higher widget adopters) and organizations who have slight or "
                "moderate widget adoption (52%, lower widget adopters).",
            ),
            Block(
                "paragraph",
                "Specifically, organizations with higher open source adoption (defined as those "
                "whose infrastructure is more than 50% open source) host on premises.",
            ),
            Block(
                "paragraph",
                "More experienced developers (defined as those who have contributed to six or "
                "more AI systems in production) are more comfortable.",
            ),
            Block("caption", "FIGURE 1: ADOPTION"),
            Block("question", "Do you use widgets? (select one)"),
            Block("source_note", "2024 Acme survey, Q7, Sample Size = 316"),
        ]
    )
    higher = segment(result, "Higher widget adopters")
    assert higher["dimension"] == "adoption level"
    assert higher["definition"] == "organizations who have very high or high widget adoption"
    assert higher["aliases"] == "Higher adopters"
    assert segment(result, "Lower widget adopters")["dimension"] == "adoption level"
    open_source = segment(result, "Organizations with higher open source adoption")
    assert open_source["dimension"] == "open source usage"
    assert open_source["definition"].startswith("defined as those whose infrastructure")
    assert segment(result, "More experienced developers")["dimension"] == "experience"


def test_segmented_by_line_and_table_header() -> None:
    result = run(
        [
            Block("caption", "FIGURE 18: FACTORS"),
            Block("question", "What matters most? (select all that apply)"),
            Block("source_note", "2024 Acme survey, Q17, Sample Size = 295"),
            Block("paragraph", "Segmented by organization type:"),
            table_block(
                [
                    ["", "Cross-industry IT organizations", "Industry-specific organizations"],
                    ["1", "Accuracy (60%)", "Security (61%)"],
                ]
            ),
            Block("source_note", "2024 Acme survey, Q17 by Q4, Sample Size = 271"),
        ]
    )
    labels = result.segments.set_index("segment_label")["dimension"].to_dict()
    assert labels == {
        "Cross-industry IT organizations": "organization type",
        "Industry-specific organizations": "organization type",
    }
    assert question(result, "Q17")["segmented_by_code"] == "Q4"


def test_chart_population_becomes_an_alias_of_the_listed_segment() -> None:
    result = run(
        [
            Block("caption", "Exhibit 8"),
            Block(
                "paragraph",
                "Importance of tools to job satisfaction, % of developer respondents (n = 312)",
            ),
            Block("source_note", MCK_NOTE),
            *demographic_blocks(),
            Block("paragraph", "Developers are senior developers or equivalent roles."),
        ]
    )
    technologists = segment(result, "Technologists")
    assert technologists["aliases"] == "Developers"
    assert technologists["definition"] == "Developers are senior developers or equivalent roles"
    assert "Developers" not in set(result.segments["segment_label"])


def test_chart_population_without_a_twin_is_its_own_segment() -> None:
    result = run(
        [
            Block("caption", "Exhibit 8"),
            Block("paragraph", "Job satisfaction, % of developer respondents (n = 312)"),
            Block("source_note", MCK_NOTE),
        ]
    )
    developers = segment(result, "Developers")
    assert (developers["dimension"], developers["respondents"]) == ("role", 312)
    assert developers["source_kind"] == "population"


# ---------------------------------------------------------------------------------------------
# Claim links
# ---------------------------------------------------------------------------------------------


def linked_blocks() -> list[Block]:
    return [
        Block("paragraph", "Figure 2 shows that 61% of organizations use widgets daily."),
        Block(
            "paragraph",
            "Higher adopters of widgets rely more on open source (47%) compared to lower "
            "adopters (35%).",
        ),
        Block("paragraph", "In India, 70% of respondents worry about compliance."),
        Block("paragraph", "We focused on India, Brazil and France, where 80% use widgets."),
        Block("caption", "FIGURE 2: WIDGET USE"),
        Block("question", "How often do you use widgets? (select one)"),
        Block("source_note", "2024 Acme survey, Q9, Sample Size = 316"),
        Block("question", "Which widgets do you use? (select all that apply)"),
        Block("source_note", "2024 Acme survey, Q10, Sample Size = 300"),
        Block(
            "paragraph",
            "Organizations who have very high or high widget adoption (42%, higher widget "
            "adopters) differ from organizations who have slight widget adoption (52%, lower "
            "widget adopters).",
        ),
        Block("list_item", "Geographies:", section_path=DEMO),
        Block("list_item", "India: 115", section_path=DEMO),
        Block("list_item", "Brazil: 73", section_path=DEMO),
        Block("list_item", "France: 84", section_path=DEMO),
        Block("paragraph", "Nothing about 5 figures here."),
    ]


def test_claim_links() -> None:
    result = run(linked_blocks(), claims=True)
    claims = make_claims(blocks_frame("doc", linked_blocks()))
    links = claims.merge(result.claim_links, on=["claim_id", "document_id"])
    assert len(links) == len(claims)
    assert (links["survey_key"] == "doc:survey").all()

    def link(value: str, block: int) -> pd.Series:
        rows = links[(links["value_text"] == value) & (links["block_id"] == f"doc:b{block:05d}")]
        assert len(rows) == 1
        return rows.iloc[0]

    figure_reference = link("61%", 0)
    assert figure_reference["question_key"] == "doc:survey:Q9"  # the figure's first question
    assert figure_reference["question_link_basis"] == "figure_reference"
    in_note = link("300", 8)
    assert in_note["question_key"] == "doc:survey:Q10"
    assert in_note["question_link_basis"] == "figure_block"
    assert link("47%", 1)["segment_key"] == "doc:survey:adoption-level:higher-widget-adopters"
    assert link("35%", 1)["segment_key"] == "doc:survey:adoption-level:lower-widget-adopters"
    assert link("42%", 9)["segment_key"] == "doc:survey:adoption-level:higher-widget-adopters"
    assert link("52%", 9)["segment_key"] == "doc:survey:adoption-level:lower-widget-adopters"
    assert link("70%", 2)["segment_key"] == "doc:survey:region:india"
    assert pd.isna(link("80%", 3)["segment_key"])  # a listing of three regions
    unlinked = link("5", 14)
    assert pd.isna(unlinked["question_key"]) and pd.isna(unlinked["segment_key"])


def discussed_blocks() -> list[Block]:
    def block(kind: str, text: str, section: str = "Tech stacks") -> Block:
        return Block(kind, text, section_path=("Widget Survey 2024 Results", section))

    return [
        block("paragraph", "We surveyed 5,000 widget users (select all that apply)."),
        block("heading", "Tech stacks"),
        block("paragraph", "Databases are common: 91% of 2,000 users use at least one database."),
        block("caption", "Chart of databases respondents use with widgets"),
        block("paragraph", "Redis was the most common cache (57%)."),
        block("caption", "Chart of caches respondents use with widgets"),
        block("paragraph", "Respondents were split on this (45%)."),
        block("caption", "Chart of queues respondents use with widgets"),
        block("heading", "Closing", "Closing"),
        block("paragraph", "Thanks: caches came up in 12% of comments.", "Closing"),
    ]


def test_running_text_discusses_the_exhibit_beside_it() -> None:
    blocks = discussed_blocks()
    result = run(blocks, claims=True)
    claims = make_claims(blocks_frame("doc", blocks))
    links = claims.merge(result.claim_links, on=["claim_id", "document_id"])
    questions = result.questions.set_index("question_key")["question_text"]

    def question(value: str) -> str | None:
        row = links[links["value_text"] == value].iloc[0]
        if pd.isna(row["question_key"]):
            return None
        assert row["question_link_basis"] == "discussed_exhibit"
        return str(questions[row["question_key"]])

    # the chart before and the chart after: the one sharing a word the other lacks
    assert question("91%") == "Chart of databases respondents use with widgets"
    assert question("2,000") is None  # a count beside a chart is the sample's, not an answer
    assert question("57%") == "Chart of caches respondents use with widgets"
    # words every chart shares ("respondents", "widgets") decide nothing; a heading ends the
    # reach of an exhibit
    assert question("45%") is None
    assert question("12%") is None


def test_each_clause_discusses_its_own_exhibit_and_a_heading_the_one_it_titles() -> None:
    def block(kind: str, text: str, section: str) -> Block:
        return Block(kind, text, section_path=("Widget Survey 2024 Results", section))

    blocks = [
        block("caption", "Chart of databases respondents use with widgets", "Storage"),
        block(
            "paragraph",
            "While 70% use PostgreSQL as their database, only 20% deploy on Kubernetes clusters.",
            "Storage",
        ),
        block("caption", "Chart of Kubernetes clusters respondents deploy on", "Storage"),
        block("source_note", "Source: widget survey, 45% of answers from clusters.", "Storage"),
        block("heading", "Cloud: 64% run production databases in the cloud", "Cloud"),
        block("caption", "Chart of cloud providers respondents use with widgets", "Cloud"),
    ]
    result = run(blocks, claims=True)
    claims = make_claims(blocks_frame("doc", blocks))
    links = claims.merge(result.claim_links, on=["claim_id", "document_id"])
    questions = result.questions.set_index("question_key")["question_text"]

    def question(value: str) -> str | None:
        key = links[links["value_text"] == value].iloc[0]["question_key"]
        return None if pd.isna(key) else str(questions[key])

    assert question("70%") == "Chart of databases respondents use with widgets"
    assert question("20%") == "Chart of Kubernetes clusters respondents deploy on"
    assert question("45%") is None  # a source note discusses nothing
    # a heading titles what follows it, never the section before
    assert question("64%") == "Chart of cloud providers respondents use with widgets"


def test_claims_frame_must_name_its_columns() -> None:
    frame = blocks_frame("doc", [Block("source_note", "2024 Acme survey, Q7, Sample Size = 316")])
    with pytest.raises(ValueError, match="claim_text"):
        extract_survey_structure(
            frame, pd.DataFrame({"claim_id": ["x"], "block_id": ["doc:b00000"]}), "survey_report"
        )


# ---------------------------------------------------------------------------------------------
# Contracts
# ---------------------------------------------------------------------------------------------


def test_empty_inputs_give_empty_valid_frames() -> None:
    empty_blocks = blocks_frame("doc", [])
    result = extract_survey_structure(empty_blocks, no_claims(), "survey_report")
    for frame, schema in zip(
        (result.surveys, result.questions, result.segments, result.figures, result.claim_links),
        (SURVEYS_SCHEMA, QUESTIONS_SCHEMA, SEGMENTS_SCHEMA, FIGURES_SCHEMA, CLAIM_LINKS_SCHEMA),
        strict=True,
    ):
        assert frame.empty
        assert list(frame.columns) == list(schema.columns)


def test_pure_and_deterministic() -> None:
    frame = blocks_frame("doc", linked_blocks())
    claims = make_claims(frame)
    before_blocks, before_claims = frame.copy(), claims.copy()
    first = extract_survey_structure(frame, claims, "survey_report")
    second = extract_survey_structure(frame, claims, "survey_report")
    pd.testing.assert_frame_equal(frame, before_blocks)
    pd.testing.assert_frame_equal(claims, before_claims)
    for a, b in zip(
        (first.surveys, first.questions, first.segments, first.figures, first.claim_links),
        (second.surveys, second.questions, second.segments, second.figures, second.claim_links),
        strict=True,
    ):
        pd.testing.assert_frame_equal(a, b)


def test_several_documents_in_one_frame() -> None:
    one = blocks_frame("one", linked_blocks())
    two = blocks_frame("two", demographic_blocks())
    both = pd.concat([one, two], ignore_index=True)
    result = extract_survey_structure(both, make_claims(both), "survey_report")
    assert result.surveys["survey_key"].tolist() == ["one:survey", "two:survey"]
    assert set(result.segments["document_id"]) == {"one", "two"}
    assert set(result.claim_links["document_id"]) == {"one", "two"}


_WORDS = st.sampled_from(
    [
        "Figure 3",
        "Exhibit 2",
        "survey",
        "Q7",
        "by",
        "Sample Size = 12",
        "(select one)",
        "n = 5;",
        "respondents",
        "India: 4",
        "Source:",
        "2024",
        "% of",
        "(defined as",
        "higher adopters",
        "Dec 9, 2024–Jan 2, 2025",
        "+/- 3%",
        "margin of error",
        "organizations who",
        "segmented by",
        "Q1 - Q3",
        "\t",
        ":",
        "?",
        "¹",
    ]
)
_BLOCK = st.builds(
    lambda kind, words: Block(kind, " ".join(words)),
    st.sampled_from(["paragraph", "list_item", "caption", "question", "source_note", "heading"]),
    st.lists(_WORDS, min_size=1, max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, max_size=12), st.sampled_from(["survey_report", "article", None]))
def test_any_genre_soup_gives_valid_consistent_frames(
    blocks: list[Block], document_type: str | None
) -> None:
    frame = blocks_frame("doc", blocks)
    result = extract_survey_structure(frame, make_claims(frame), document_type)
    assert result.questions["question_code"].dropna().is_unique
    refs = set(result.figures["figure_ref"])
    assert set(result.questions["figure_ref"].dropna()) <= refs
    assert set(result.claim_links["question_key"].dropna()) <= set(result.questions["question_key"])
    assert set(result.claim_links["segment_key"].dropna()) <= set(result.segments["segment_key"])
    assert len(result.surveys) <= 1
    if document_type == "article":
        assert result.surveys.empty and result.claim_links.empty


# ---------------------------------------------------------------------------------------------
# The bundled corpus
# ---------------------------------------------------------------------------------------------


def corpus_inputs() -> list[tuple[pd.DataFrame, pd.DataFrame, str | None]]:
    manifest = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
    inputs = []
    for document in manifest["documents"]:
        parsed = read_text((CORPUS / document["file"]).read_bytes())
        blocks = blocks_frame(document["id"], parsed.blocks)
        inputs.append((blocks, make_claims(blocks), document.get("document_type")))
    return inputs


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[pd.DataFrame, pd.DataFrame, SurveyStructure]]:
    result = {}
    for blocks, claims, document_type in corpus_inputs():
        structure = extract_survey_structure(blocks, claims, document_type)
        result[str(blocks["document_id"].iloc[0])] = (blocks, claims, structure)
    return result


def test_corpus_runs_fast() -> None:
    inputs = corpus_inputs()
    start = time.perf_counter()
    for blocks, claims, document_type in inputs:
        extract_survey_structure(blocks, claims, document_type)
    assert time.perf_counter() - start < 2.5


def test_corpus_articles_present_no_survey(corpus) -> None:
    for document_id in ("axis-osai-trends-2025", "sylt-osai-2026"):
        structure = corpus[document_id][2]
        assert structure.surveys.empty
        assert structure.questions.empty
        assert structure.segments.empty
        assert structure.claim_links.empty


def test_corpus_every_question_resolves_and_every_claim_links(corpus) -> None:
    for document_id in ("lf-genai-2024", "mckinsey-osai-2025"):
        blocks, claims, structure = corpus[document_id]
        assert len(structure.surveys) == 1
        refs = set(structure.figures["figure_ref"])
        assert set(structure.questions["figure_ref"].dropna()) <= refs
        for listed in structure.questions["figure_refs"].dropna():
            assert set(listed.split("; ")) <= refs
        assert set(structure.questions["block_id"]) <= set(blocks["block_id"])
        assert set(structure.claim_links["claim_id"]) == set(claims["claim_id"])
        assert structure.claim_links["question_key"].notna().sum() > 20
        assert structure.claim_links["segment_key"].notna().sum() > 5


def test_corpus_linux_foundation_survey(corpus) -> None:
    _, _, structure = corpus["lf-genai-2024"]
    survey = structure.surveys.iloc[0]
    assert survey["survey_name"] == "2024 GenAI survey"
    assert survey["publisher"] == "Linux Foundation Research"
    assert survey["method"] == "web survey"
    assert survey["respondents"] == 316
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2024-08", "2024-09")
    assert survey["question_count"] == 46
    assert (survey["margin_of_error_pct"], survey["confidence_level_pct"]) == (5.5, 95.0)
    assert "4.7% at 90% confidence" in survey["margin_of_error_note"]
    figures = structure.figures
    assert figures["figure_ref"].tolist() == [f"Figure {i}" for i in range(1, 29)]


def test_corpus_linux_foundation_questions(corpus) -> None:
    _, _, structure = corpus["lf-genai-2024"]
    questions = structure.questions.set_index("question_code")
    assert questions.index.tolist() == [f"Q{i}" for i in range(1, 47)]
    assert questions["topic"].notna().all()
    assert questions.loc["Q2", "topic"] == "Demographics"
    assert questions.loc["Q2", ["base_population", "base_n"]].tolist() == ["All respondents", 316]
    assert questions.loc["Q8", ["topic", "base_population", "base_n"]].tolist() == [
        "Importance and investment in GenAI in your org",
        "Orgs who adopted GenAI",
        297,
    ]
    assert questions.loc["Q18", "base_population"] == "All respondents"
    assert questions.loc["Q37", "base_population"] == "Orgs who train models"
    q13 = questions.loc["Q13"]
    assert q13["figure_ref"] == "Figure 4"
    assert set(q13["segmented_by_codes"].split("; ")) == {"Q14", "Q15"}
    assert questions.loc["Q7", "response_format"] == "single"
    assert questions.loc["Q32", "response_format"] == "multiple"
    assert questions.loc["Q28", "response_format"] == "per_row"
    assert questions.loc["Q19", "dont_know_excluded"]
    assert questions.loc["Q34", ["base_n", "base_n_min"]].tolist() == [206, 138]
    assert questions.loc["Q23", ["valid_cases", "total_mentions"]].tolist() == [297, 1286]


def test_corpus_linux_foundation_segments(corpus) -> None:
    _, _, structure = corpus["lf-genai-2024"]
    segments = structure.segments.set_index("segment_label")
    assert segments.loc["Higher GenAI adopters", "dimension"] == "adoption level"
    assert "high or high GenAI adoption" in segments.loc["Higher GenAI adopters", "definition"]
    assert segments.loc["Organizations with higher open source adoption", "dimension"] == (
        "open source usage"
    )
    assert segments.loc["Cross-industry IT organizations", "dimension"] == "organization type"


def test_corpus_mckinsey_survey(corpus) -> None:
    _, _, structure = corpus["mckinsey-osai-2025"]
    survey = structure.surveys.iloc[0]
    assert survey["survey_name"] == "McKinsey Open Source AI Survey"
    assert survey["respondents"] == 703
    assert survey["countries"] == 41
    assert (survey["fieldwork_start"], survey["fieldwork_end"]) == ("2024-12-09", "2025-01-24")
    assert survey["publisher"].startswith("McKinsey, the Mozilla Foundation")
    assert pd.isna(survey["margin_of_error_pct"])
    assert structure.figures["figure_ref"].tolist() == [f"Exhibit {i}" for i in range(1, 13)]


def test_corpus_mckinsey_questions(corpus) -> None:
    _, _, structure = corpus["mckinsey-osai-2025"]
    questions = structure.questions
    assert questions["question_code"].isna().all()
    developer = questions[questions["base_population"] == "developer respondents"]
    assert sorted(developer["figure_ref"]) == ["Exhibit 7", "Exhibit 8", "Exhibit 8"]
    assert (developer["base_n"] == 312).all()
    # Exhibit 1 illustrates another publication's tech stack: no survey question.
    assert "Exhibit 1" not in set(questions["figure_ref"])


def test_corpus_mckinsey_segments(corpus) -> None:
    _, claims, structure = corpus["mckinsey-osai-2025"]
    segments = structure.segments
    listed = segments[segments["source_kind"] == "list"]
    sums = listed.groupby("dimension")["respondents"].sum().to_dict()
    assert sums == {"region": 703, "industry": 703, "role": 703}
    industry = segments[segments["dimension"] == "industry"].set_index("segment_label")
    assert len(industry) == 8
    assert industry.loc["Advanced industries", "respondents"] == 52
    assert industry.loc["Technology, media, and telecommunications", "respondents"] == 260
    assert segments.set_index("segment_label").loc["India", "respondents"] == 115
    technologists = segments.set_index("segment_label").loc["Technologists"]
    assert technologists["respondents"] == 312 and technologists["aliases"] == "Developers"
    links = claims.merge(structure.claim_links, on=["claim_id", "document_id"])
    india = links[links["claim_text"].str.startswith("In India, 70 percent")]
    assert set(india["segment_key"]) == {"mckinsey-osai-2025:survey:region:india"}


def test_corpus_mckinsey_pdf_and_text_give_the_same_questions(corpus) -> None:
    _, _, from_text = corpus["mckinsey-osai-2025"]
    parsed = read_pdf((RENDERED / "mckinsey-osai-2025.pdf").read_bytes())
    blocks = blocks_frame("mckinsey-osai-2025", parsed.blocks)
    from_pdf = extract_survey_structure(blocks, make_claims(blocks), "survey_report")
    columns = ["figure_ref", "question_text", "base_population", "base_n"]
    text_questions = from_text.questions[columns].reset_index(drop=True)
    pdf_questions = from_pdf.questions[columns].reset_index(drop=True)
    assert len(text_questions) == 13
    pd.testing.assert_frame_equal(pdf_questions, text_questions)
    developer = pdf_questions[pdf_questions["base_n"] == 312]
    assert developer["figure_ref"].tolist() == ["Exhibit 7", "Exhibit 8", "Exhibit 8"]
    assert (developer["base_population"] == "developer respondents").all()
    assert from_pdf.figures["figure_ref"].tolist() == from_text.figures["figure_ref"].tolist()
