"""Survey structure by convention of the genre: one small synthetic report per convention.

Facts stated in any block and phrasing, questions from every convention (codes, wording above
answers, instructions, bases), segments from breakdowns, and a survey report without a survey.
No document of any corpus is named here: each input is the convention itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extract.blocks import Block, Table, blocks_frame
from extract.documents import extract_document
from extract.manifest import load_manifest
from extract.surveys import NO_SURVEY_WARNING, SurveyStructure, extract_survey_structure
from extract.surveys.dates import date_ranges
from extract.surveys.reading import TextBlock, leading_code
from extract.surveys.tables import value_run
from tests.conftest import write_manifest


def run(blocks: list[Block], document_type: str | None = "survey_report") -> SurveyStructure:
    frame = blocks_frame("doc", blocks)
    return extract_survey_structure(frame, pd.DataFrame(), document_type)


def survey(blocks: list[Block]) -> pd.Series:
    result = run(blocks)
    assert len(result.surveys) == 1
    return result.surveys.iloc[0]


def chart(rows: list[list[str]], section: tuple[str, ...] = ()) -> Block:
    table = Table(rows=tuple(tuple(r) for r in rows), header_row_count=0)
    return Block("chart", table.text, section_path=section, table=table)


def table(rows: list[list[str]], section: tuple[str, ...] = ()) -> Block:
    table = Table(rows=tuple(tuple(r) for r in rows))
    return Block("table", table.text, section_path=section, table=table)


def by_text(result: SurveyStructure, start: str) -> pd.Series:
    rows = result.questions[result.questions["question_text"].fillna("").str.startswith(start)]
    assert len(rows) == 1, result.questions["question_text"].tolist()
    return rows.iloc[0]


def labels(result: SurveyStructure) -> dict[str, object]:
    segments = result.segments.set_index("segment_label")["respondents"]
    return {label: (None if pd.isna(n) else int(n)) for label, n in segments.items()}


# ---------------------------------------------------------------------------------------------
# Survey facts, from any block
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "respondents"),
    [
        ("We conducted 682 interviews online June 4-26, 2024", 682),
        (
            "From October 7 to December 2, 2019, 366 individuals participated in an online survey.",
            366,
        ),
        ("80 out of 155 Ambassadors responded (51.6%)", 80),
        ("Total responses = 9849", 9849),
        ("Sample size: 875", 875),
        ("样本量 ：875", 875),
        ("Base: all respondents (n = 1,024)", 1024),
        ("59 responses", 59),
        ("The survey drew 1,200 completed surveys.", 1200),
        ("We recruited participants via a public post, resulting in 4,005 responses.", 4005),
    ],
)
def test_respondents_in_any_phrasing(text: str, respondents: int) -> None:
    assert (
        survey([Block("heading", "2024 Widget Survey"), Block("paragraph", text)])["respondents"]
        == respondents
    )


def test_a_slide_title_states_the_survey() -> None:
    facts = survey([Block("heading", "We conducted 682 interviews online June 4-26, 2024")])
    assert facts["respondents"] == 682
    assert (facts["fieldwork_start"], facts["fieldwork_end"]) == ("2024-06-04", "2024-06-26")


def test_the_total_not_a_subsample_not_the_invited() -> None:
    facts = survey(
        [
            Block(
                "paragraph",
                "From a list of 1,061 researchers, we received 101 responses to the survey.",
            ),
            Block(
                "paragraph",
                "The survey obtained telephone interviews with a sample of 1,503 adults (300 "
                "respondents were interviewed on a landline telephone and 1,203 were "
                "interviewed on a cell phone).",
                section_path=("Methodology",),
            ),
        ]
    )
    assert facts["respondents"] == 1503


def test_a_count_beside_a_question_is_its_base_not_the_sample() -> None:
    result = run(
        [
            Block("paragraph", "A total of 316 respondents completed the survey."),
            Block("source_note", "2024 Widget survey, Q7, Sample Size = 297"),
            Block("paragraph", "Which tools do you use? (total responses=9849, single answer)"),
        ]
    )
    assert result.surveys["respondents"].tolist() == [316]


def test_status_table_and_responses_by_year() -> None:
    status = survey([table([["", "Percent", "Respondents"], ["Complete", "100.0%", "515"]])])
    assert status["respondents"] == 515
    yearly = survey(
        [
            Block("heading", "2022 State of Widgets Survey Results"),
            table([["Year", "Responses"], ["2022", "1038"], ["2021", "1152"]]),
        ]
    )
    assert yearly["respondents"] == 1038


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From October 7 to December 2, 2019", ("2019-10-07", "2019-12-02")),
        ("June 4-26, 2024", ("2024-06-04", "2024-06-26")),
        ("Sep 10-15, 2019", ("2019-09-10", "2019-09-15")),
        ("20-25 March 2019", ("2019-03-20", "2019-03-25")),
        ("Dec 9, 2024–Jan 24, 2025", ("2024-12-09", "2025-01-24")),
        ("Nov 29-Dec 4, 2017", ("2017-11-29", "2017-12-04")),
        ("between October 2023 and February 2024", ("2023-10", "2024-02")),
        ("between mid-July -- mid-August 2023", ("2023-07", "2023-08")),
        ("from August through September 2024", ("2024-08", "2024-09")),
        ("over a two week period in March 2018", ("2018-03", "2018-03")),
    ],
)
def test_fieldwork_date_formats(text: str, expected: tuple[str, str]) -> None:
    assert date_ranges(text)[0][0] == expected


def test_no_year_is_invented() -> None:
    assert date_ranges("The survey began in mid-August and was open until July 31st.") == []
    facts = survey(
        [
            Block("paragraph", "We received a total of 50 responses."),
            Block("paragraph", "The survey began in mid-August and was open until July 31st."),
        ]
    )
    assert pd.isna(facts["fieldwork_start"]) and pd.isna(facts["fieldwork_end"])


def test_open_and_close_lines() -> None:
    facts = survey(
        [
            table(
                [
                    ["Survey Open -", "August 1, 2023"],
                    ["Survey Close -", "September 5, 2023"],
                    ["80 out of 155 members", "responded (51.6%)"],
                ]
            )
        ]
    )
    assert (facts["fieldwork_start"], facts["fieldwork_end"]) == ("2023-08-01", "2023-09-05")
    assert facts["respondents"] == 80


def test_a_reference_gives_no_fieldwork() -> None:
    facts = survey(
        [
            Block("paragraph", "Interviews were conducted from March 20-25, 2019."),
            Block(
                "source_note",
                "2 Blumberg SJ. Estimates from the National Health Interview Survey, "
                "January–June 2018. Available from: https://www.cdc.gov/nchs/nhis.htm.",
            ),
        ]
    )
    assert (facts["fieldwork_start"], facts["fieldwork_end"]) == ("2019-03-20", "2019-03-25")


def test_margin_of_error_and_a_confidence_level_stated_apart() -> None:
    facts = survey(
        [
            Block("paragraph", "The survey reached 1,503 adults."),
            Block(
                "paragraph",
                "The margin of sampling error for the full sample is ± 2.93 percentage points.",
            ),
            Block("paragraph", "It is the half-width of the 95% confidence interval."),
        ]
    )
    assert (facts["margin_of_error_pct"], facts["confidence_level_pct"]) == (2.93, 95.0)
    plus_minus = survey(
        [Block("paragraph", "The margin of error is +/- 3.75 percentage points at 90% confidence.")]
    )
    assert (plus_minus["margin_of_error_pct"], plus_minus["confidence_level_pct"]) == (3.75, 90.0)


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("The survey drew 2,000 respondents from 75 countries and regions.", 75),
        ("Respondents came from ten different countries.", 10),
    ],
)
def test_countries(text: str, countries: int) -> None:
    assert survey([Block("paragraph", text)])["countries"] == countries


@pytest.mark.parametrize(
    "text",
    [
        "The final questionnaire, consisting of 31 items, was piloted.",
        "The entire survey consisted of 31 core questions.",
        "问题数量 ：31",
    ],
)
def test_question_count(text: str) -> None:
    assert survey([Block("list_item", text)])["question_count"] == 31


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Q7 Which tools do you use?", "Q7"),
        ("Q.44 If you were making up the budget, would you increase spending?", "Q.44"),
        ("Q. 44 Would you say so?", "Q.44"),
        ("QS2 What is your role?", "QS2"),
        ("Q12_3 How satisfied are you with support?", "Q12_3"),
        ("Next, Q.10F1 Do you approve or disapprove [READ]?", "Q.10F1"),
        ("Question 5: How old are you?", "Question 5"),
    ],
)
def test_question_codes_as_printed(text: str, code: str) -> None:
    result = run([Block("paragraph", text)])
    assert result.questions["question_code"].tolist() == [code]


@pytest.mark.parametrize("text", ["Q4 Revenue grew 20%.", "Q1 2024 results", "Q. 44 CONTINUED…"])
def test_quarters_and_continuations_are_no_codes(text: str) -> None:
    assert leading_code(text) is None or run([Block("paragraph", text)]).questions.empty


def test_question_above_a_chart_with_its_base_line() -> None:
    result = run(
        [
            Block("paragraph", "Which roles in the community do you most strongly identify with?"),
            Block("paragraph", "57 out of 59 answered"),
            chart([["User", "68% / 39 resp."], ["Developer", "35% / 20 resp."]]),
        ]
    )
    question = by_text(result, "Which roles")
    assert question["base_n"] == 57
    assert labels(result) == {"User": 39, "Developer": 20}  # a profile question: its answers


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        ("Optional. Single select.", "single"),
        ("Optional. Multi select.", "multiple"),
        ("SELECT ALL THAT APPLY.", "multiple"),
        ("(check all that apply)", "multiple"),
        ("multiple choice", "multiple"),
        ("(one response per row)", "per_row"),
    ],
)
def test_instruction_lines(instruction: str, expected: str) -> None:
    result = run(
        [
            Block("heading", "I would recommend widgets to others."),
            Block("paragraph", instruction),
            Block("paragraph", "Agree"),
        ]
    )
    assert by_text(result, "I would recommend")["response_format"] == expected


def test_instruction_in_the_question_and_an_open_question() -> None:
    result = run(
        [
            Block("heading", "What do you use? (total responses=9849, single answer)"),
            chart([["Tools", "40%"], ["Libraries", "60%"]]),
            Block("heading", "If you could change one thing, what would it be?"),
            Block("paragraph", "Optional. Free response answers were collected."),
        ]
    )
    used = by_text(result, "What do you use?")
    assert (used["response_format"], used["base_n"]) == ("single", 9849)
    assert pd.isna(by_text(result, "If you could change")["response_format"])


def test_total_row_is_the_base_and_topic_is_the_section() -> None:
    section = ("Results", "Tooling")
    result = run(
        [
            Block("paragraph", "Which editors do you use?", section_path=section),
            table(
                [
                    ["", "Percent", "Respondents"],
                    ["Vim", "40.0%", "200"],
                    ["Emacs", "60.0%", "300"],
                    ["Total", "100.0%", "500"],
                ],
                section,
            ),
        ]
    )
    question = by_text(result, "Which editors")
    assert (question["base_n"], question["topic"]) == (500, "Tooling")
    assert result.segments.empty  # editors say nothing about who the respondents are


@pytest.mark.parametrize(
    "base_line", ["Base: all respondents (n = 412)", "n = 412", "Answered: 412 Skipped: 3"]
)
def test_base_conventions(base_line: str) -> None:
    result = run(
        [
            Block("paragraph", "How often do you deploy?"),
            Block("paragraph", base_line),
            chart([["Daily", "40%"], ["Weekly", "60%"]]),
        ]
    )
    assert by_text(result, "How often")["base_n"] == 412


def test_filter_lines_give_the_next_question_its_base_and_a_split_sample() -> None:
    result = run(
        [
            Block("paragraph", "ASK ALL:"),
            Block("paragraph", "Q.1 All in all, are you satisfied with the way things are going?"),
            Block("paragraph", "ASK FORM 1 ONLY [N=751]:"),
            Block("paragraph", "Q.2F1 Do you approve or disapprove of the job they are doing?"),
        ]
    )
    questions = result.questions.set_index("question_code")
    assert pd.isna(questions.loc["Q.1", "base_n"])
    assert questions.loc["Q.2F1", "base_n"] == 751
    assert labels(result) == {"Form 1": 751}


def test_chart_titles_and_tables_of_images() -> None:
    result = run(
        [
            Block("paragraph", "Planned spend on widgets within the next fiscal year"),
            chart([["< $100K", "30%"], ["Don't know", "70%"]]),
            table([["年龄", "性别"], ["", ""]]),
        ]
    )
    assert set(result.questions["question_text"]) == {
        "Planned spend on widgets within the next fiscal year",
        "年龄",
        "性别",
    }


def test_a_chart_shown_only_as_an_image_is_a_question() -> None:
    result = run(
        [
            Block("heading", "Developer environments"),
            Block("paragraph", "Most respondents develop on Linux and deploy to containers."),
            Block("caption", "Chart of operating systems respondents use at work"),
            Block("paragraph", "Editors were as varied as ever, as the next chart shows."),
            Block("caption", "Bar chart showing the editors respondents prefer"),
            chart([["Editor A", "46%"], ["Editor B", "33%"]]),
            Block("caption", "Photo of the survey team"),
        ]
    )
    assert result.questions["question_text"].tolist() == [
        "Chart of operating systems respondents use at work",
        "Bar chart showing the editors respondents prefer",
    ]


def test_a_run_of_bare_values_is_a_chart() -> None:
    rows = [
        TextBlock(i, f"b{i}", "paragraph", text, "", None)
        for i, text in enumerate(["20%", "206", "Yes", "80%", "824", "No"])
    ]
    categories, used = value_run(rows)
    assert used == 6
    assert [(c.label, c.share, c.count) for c in categories] == [
        ("Yes", 20.0, 206),
        ("No", 80.0, 824),
    ]


def test_research_questions_and_rhetorical_headings_are_not_survey_questions() -> None:
    result = run(
        [
            Block("paragraph", "A total of 316 respondents completed the survey."),
            Block("list_item", "RQ1: Do researchers agree with the definitions?"),
            Block("heading", "Why does it matter?"),
            Block("paragraph", "Because it does, as this long paragraph of prose explains."),
        ]
    )
    assert result.questions.empty


def test_a_table_of_contents_repeats_the_question_it_lists() -> None:
    result = run(
        [
            Block("list_item", "Do you use widgets?"),
            Block("heading", "Do you use widgets?"),
            Block("paragraph", "Optional. Single select."),
        ]
    )
    assert result.questions["question_text"].tolist() == ["Do you use widgets?"]


# ---------------------------------------------------------------------------------------------
# Segments from breakdowns
# ---------------------------------------------------------------------------------------------


def test_demographic_section_chart_by_its_header() -> None:
    result = run(
        [
            Block("paragraph", "A total of 366 individuals participated in the survey."),
            Block("heading", "Regions", section_path=("Demographics", "Regions")),
            chart([["North America", "15%"], ["Europe", "85%"]], ("Demographics", "Regions")),
        ]
    )
    segments = result.segments.set_index("segment_label")
    assert segments["dimension"].to_dict() == {"North America": "region", "Europe": "region"}
    assert segments["respondents"].isna().all()  # a share is printed, no count: n stays null


def test_profile_question_asking_you() -> None:
    result = run(
        [
            Block("paragraph", "How many employees work in your organization?"),
            chart([["Less than 100", "58%"], ["100-500", "42%"]]),
            Block("paragraph", "What is your organization's preferred pricing model for services?"),
            chart([["Per device", "21%"], ["Hybrid", "79%"]]),
        ]
    )
    dimensions = result.segments.set_index("segment_label")["dimension"].to_dict()
    assert dimensions == {"Less than 100": "company size", "100-500": "company size"}


def test_count_table_adding_up_to_the_respondents_is_complete() -> None:
    result = run(
        [
            Block("paragraph", "We received a total of 50 responses."),
            table(
                [["Location Count", ""], ["United Kingdom 33", ""], ["Global 17", ""]],
                ("Methodology",),
            ),
            table([["Sector", "Count"], ["Energy", "30"], ["Water", "15"]], ("Methodology",)),
        ]
    )
    segments = result.segments.set_index("segment_label")
    assert segments.loc["United Kingdom", ["dimension", "respondents", "source_kind"]].tolist() == [
        "region",
        33,
        "table",
    ]
    # 30 + 15 is not the 50 respondents: a breakdown, not known to be complete
    assert segments.loc["Energy", ["dimension", "source_kind"]].tolist() == ["industry", "question"]
    assert set(result.questions["question_text"]) == {"Location", "Sector"}


def test_two_questions_of_one_dimension_keep_their_headers() -> None:
    blocks = []
    for wording in (
        "How many years have you been coding?",
        "How many years have you been coding professionally?",
    ):
        blocks += [
            Block("heading", wording, section_path=("Demographics",)),
            Block("paragraph", "Optional. Single select."),
            chart([["0 to 4 years", "10% / 5 resp."], ["5 to 9 years", "90% / 45 resp."]]),
        ]
    result = run(blocks)
    assert sorted(set(result.segments["dimension"])) == [
        "how many years have you been coding",
        "how many years have you been coding professionally",
    ]


def test_sample_composition_and_crosstab_columns() -> None:
    result = run(
        [
            Block(
                "paragraph",
                "The survey obtained interviews with a sample of 1,503 adults (300 respondents "
                "were interviewed on a landline telephone and 1,203 were interviewed on a cell "
                "phone; 32 respondents were landline-only, 679 were dual users and 792 were "
                "cell-only).",
            ),
            table([["", "Developers (n=312)", "Executives (n=391)"], ["Use AI", "60%", "70%"]]),
        ]
    )
    assert labels(result) == {
        "landline telephone": 300,
        "cell phone": 1203,
        "landline-only": 32,
        "dual users": 679,
        "cell-only": 792,
        "Developers": 312,
        "Executives": 391,
    }


def test_groups_named_in_prose() -> None:
    result = run(
        [
            Block(
                "paragraph",
                "We received a total of 50 responses, representing a broad spectrum of roles, "
                "including senior leadership, technical specialists, and research positions.",
            ),
            Block(
                "paragraph",
                "Among respondents with less than one year of experience, 82% were satisfied; "
                "smaller organizations with < 100 employees were happier. We see differences "
                "based on organization size, with larger organizations more likely to agree. "
                "The approach is attractive for both large and small organizations.",
            ),
            Block("quote", '"It works." --- Professional developer w/ 3 -- 4 years of experience'),
        ]
    )
    dimensions = result.segments.set_index("segment_label")["dimension"].to_dict()
    assert dimensions == {
        "senior leadership": "role",
        "technical specialists": "role",
        "research positions": "role",
        "less than one year of experience": "experience",
        "smaller organizations with < 100 employees": "company size",
        "larger organizations": "company size",
        "3 -- 4 years of experience": "experience",
    }


def test_no_count_above_the_respondents() -> None:
    result = run(
        [
            Block("paragraph", "A total of 100 respondents completed the survey."),
            Block("paragraph", "Which roles do you hold?"),
            Block("paragraph", "250 out of 300 answered"),
            chart([["Developer", "60% / 150 resp."], ["Manager", "40% / 40 resp."]]),
        ]
    )
    assert pd.isna(by_text(result, "Which roles")["base_n"])
    assert labels(result) == {"Developer": None, "Manager": 40}


# ---------------------------------------------------------------------------------------------
# A survey report without a survey
# ---------------------------------------------------------------------------------------------


def test_no_survey_is_said() -> None:
    result = run([Block("paragraph", "Open source is everywhere, and growing.")])
    assert result.surveys.empty


def test_a_survey_report_without_a_survey_is_partial(tmp_path: Path) -> None:
    (tmp_path / "empty-report.txt").write_text("Open source is everywhere.\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text(
        "A total of 120 respondents completed the survey.\n", encoding="utf-8"
    )
    manifest = load_manifest(
        write_manifest(
            tmp_path / "sources.yaml",
            [
                {
                    "id": "empty-report",
                    "file": "empty-report.txt",
                    "document_type": "survey_report",
                },
                {"id": "report", "file": "report.txt", "document_type": "survey_report"},
                {"id": "article", "file": "empty-report.txt", "document_type": "article"},
            ],
        )
    )
    rows = {
        source.document_id: extract_document(source).document.iloc[0]
        for source in manifest.documents
    }
    assert rows["empty-report"]["extraction_status"] == "partial"
    assert rows["empty-report"]["extraction_warnings"] == NO_SURVEY_WARNING
    assert rows["report"]["extraction_status"] == "ok"
    assert rows["article"]["extraction_status"] == "ok"  # an article presents no survey
