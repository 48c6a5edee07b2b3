"""Tables and charts read cell by cell: titles, labels, periods, shares with counts, totals."""

from __future__ import annotations

import pandas as pd

from extract.blocks import Block, Table, blocks_frame
from extract.claims import extract_claim_values
from extract.claims.tables import is_period, period_text
from extract.claims.titles import clean_title, is_follow_up
from extract.settings import ClaimSettings


def values(*blocks: Block) -> tuple[pd.DataFrame, pd.DataFrame]:
    found = extract_claim_values(blocks_frame("doc", list(blocks)))
    return found.claims, found.unpublished


def chart(rows: list[tuple[str, ...]], page: int | None = None, header: int = 0) -> Block:
    table = Table(rows=tuple(rows), header_row_count=header)
    return Block("chart", table.text, page_number=page, table=table)


def table(text: str, page: int | None = None) -> Block:
    return Block("table", text, page_number=page)


def by_value(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("value_text")


def test_chart_value_takes_its_category_and_the_question_it_stands_under() -> None:
    claims, _ = values(
        Block("paragraph", "Future plans for deploying IoT solutions", page_number=4),
        chart([("Deploying IoT solutions today", "39%"), ("Don’t know", "29%")], page=4),
    )
    row = by_value(claims).loc["39%"]
    assert (
        row["subject"] == "Future plans for deploying IoT solutions: Deploying IoT solutions today"
    )
    assert row["claim_text"] == (
        "Future plans for deploying IoT solutions: Deploying IoT solutions today 39%"
    )
    assert row["page_number"] == 4 and row["value"] == 39.0


def test_the_nearest_question_wins_over_a_heading_and_prose_in_between() -> None:
    claims, _ = values(
        Block("paragraph", "What are your plans for open source IoT solutions?", page_number=8),
        Block("heading", "60% of companies are factoring", page_number=8, heading_level=5),
        Block(
            "paragraph", "open source into their plans. This clearly means a lot.", page_number=8
        ),
        chart([("Don’t know", "26%"), ("A mix of proprietary and open source", "37%")], page=8),
    )
    assert by_value(claims).loc["26%", "subject"] == (
        "What are your plans for open source IoT solutions?: Don’t know"
    )


def test_series_are_column_headers_and_axis_ticks_never_claims() -> None:
    claims, unpublished = values(
        Block("heading", "How important are these components?", heading_level=3),
        chart([("", "High Importance", "Low Importance"), ("Sensors", "51%", "13%")], header=1),
        Block("paragraph", "0% 20% 40% 60%"),
    )
    assert by_value(claims).loc["13%", "subject"] == (
        "How important are these components?: Sensors (Low Importance)"
    )
    assert set(unpublished["reason"]) == {"axis_ticks"}
    assert "0%" not in set(claims["value_text"])


def test_a_share_with_its_count_is_one_claim() -> None:
    claims, _ = values(
        Block("paragraph", "Which country do you live in?"),
        chart([("United States", "35% / 21 resp."), ("Chile", "13% / 8 resp.")]),
        Block("paragraph", "Which reasons did you give?"),
        table("Reason\tAnswers\nTime\t20 (38.5%)\nMoney\t4 ( 7.7%)"),
    )
    found = by_value(claims)
    assert found.loc["35%", "respondents_count"] == 21
    assert found.loc["38.5%", "respondents_count"] == 20
    assert found.loc["7.7%", "respondents_count"] == 4
    assert not claims["unit"].eq("count").any()


def test_the_two_sides_of_a_diverging_bar_are_named_by_their_sign() -> None:
    claims, _ = values(
        Block("paragraph", "Which features would you like to be enabled by default?"),
        chart([("Feature A", "+1% (+9)", "-8% (-83)"), ("Feature B", "+40% (+411)", "-2% (-23)")]),
        Block("paragraph", "Which editors do you use?"),
        chart([("Editor A", "12%", "3%")]),
    )
    found = by_value(claims)
    question = "Which features would you like to be enabled by default?"
    assert found.loc["8%", "subject"] == f"{question}: Feature A (minus)"
    assert found.loc["1%", "subject"] == f"{question}: Feature A (plus)"
    assert found.loc["8%", "value"] == 8.0 and found.loc["8%", "respondents_count"] == 83
    # unsigned values side by side name no side
    assert found.loc["3%", "subject"] == "Which editors do you use?: Editor A"


def test_percent_and_respondents_columns_pair_and_the_total_row_is_a_base() -> None:
    claims, unpublished = values(
        Block("paragraph", "For how long have you used simulation tools?"),
        table(
            "\tPercent\tRespondents\nLess than 1 year.\t10.0%\t51\n"
            "Between 1 and 5 years.\t61.2%\t312\nTotal\t100.0%\t510"
        ),
    )
    row = by_value(claims).loc["61.2%"]
    assert row["subject"] == (
        "For how long have you used simulation tools?: Between 1 and 5 years."
    )
    assert row["respondents_count"] == 312
    assert set(claims["value_text"]) == {"10.0%", "61.2%"}  # labels' numbers are no claims
    total = unpublished.set_index("value_text").loc["100.0%"]
    assert total["reason"] == "table_total"


def test_trend_table_bare_numbers_are_percentages_with_the_period_of_their_row() -> None:
    claims, _ = values(
        table(
            "Q.1\t\t\t\tAll in all, are you satisfied with the way things are going today?\t\t\t\n"
            "\tSatisfied\tDissatisfied\tDK/Ref\t\tSatisfied\tDissatisfied\tDK/Ref\n"
            "Mar 20-25, 2019\t31\t63\t6\tJun 28-Jul 9, 2012\t31\t64\t5\n"
            "Sep 10-15, 20091\t30\t64\t7\tGallup: Late Feb, 1991\t66\t31\t3"
        ),
    )
    assert claims["unit"].eq("percent").all()
    first = claims[(claims["value_text"] == "31") & (claims["period"] == "Mar 20-25, 2019")]
    assert first["subject"].tolist() == [
        "Q.1 All in all, are you satisfied with the way things are going today?: Satisfied"
    ]
    periods = set(claims["period"])
    assert {"Jun 28-Jul 9, 2012", "Sep 10-15, 2009", "Late Feb, 1991"} <= periods
    gallup = claims[claims["period"] == "Late Feb, 1991"]
    assert gallup["subject"].str.contains("Gallup").all()


def test_a_continued_table_takes_the_title_it_continues() -> None:
    claims, _ = values(
        Block(
            "paragraph",
            "Q.2 Do you approve of the way the mayor is handling the job?",
            page_number=2,
        ),
        table("\tApprove\tDisapprove\tDK/Ref\nMar 20-25, 2019\t40\t55\t5", page=2),
        Block("heading", "Q.2 CONTINUED…", page_number=3),
        table("\tApprove\tDisapprove\tDK/Ref\nFeb 7-12, 2017\t39\t56\t6", page=3),
    )
    late = claims[claims["period"] == "Feb 7-12, 2017"]
    assert late["subject"].str.startswith("Q.2 Do you approve of the way the mayor").all()


def test_a_continued_table_without_heads_takes_the_heads_and_group_of_the_part_before() -> None:
    claims, _ = values(
        Block(
            "paragraph", "Q.44 Would you increase or decrease spending on [ITEM]?", page_number=5
        ),
        table(
            "\tIncrease\tDecrease\t(VOL.)\n\tspending\tspending\tDK/Ref\n"
            "a. Veterans benefits\t\t\t\nMar 20-25, 2019\t72\t25\t3\nApr 5-11, 2017\t75\t23\t2",
            page=5,
        ),
        Block("heading", "Q.44 CONTINUED…", page_number=6),
        Block("paragraph", "ASK FORM 2 ONLY [N=703]:", page_number=6),
        # no heads of its own; its first row is an item, like the rows below it
        table(
            "b. Military defense\t\t\t\nMar 20-25, 2019\t40\t57\t3\n"
            "c. Medicare\t\t\t\nMar 20-25, 2019\t55\t42\t3",
            page=6,
        ),
        Block("paragraph", "Q.10 Do you approve of the job they are doing?", page_number=6),
        table("\tApprove\tDisapprove\na. Congress\t\t\nMar 20-25, 2019\t31\t69", page=6),
        # the item's rows continue on the next page, under the heads printed again
        table("Q.10 CONTINUED…\tApprove\tDisapprove\nApril, 2001\t45\t55", page=7),
    )
    found = by_value(claims)
    assert found.loc["40", "subject"].endswith(": b. Military defense (Increase spending)")
    assert found.loc["42", "subject"].endswith(": c. Medicare (Decrease spending)")
    medicare = claims[claims["subject"].str.contains("Medicare")]
    assert set(medicare["value_text"]) == {"55", "42", "3"}
    assert not medicare["subject"].str.contains("Veterans|Military").any()
    assert found.loc["45", "subject"].endswith(": a. Congress (Approve)")
    assert found.loc["45", "period"] == "April, 2001"


def test_a_note_in_capitals_on_a_numbering_gap_does_not_end_a_table() -> None:
    claims, _ = values(
        Block(
            "paragraph", "Q.44 Would you increase or decrease spending on [ITEM]?", page_number=5
        ),
        table(
            "\tIncrease\tDecrease\t(VOL.)\n\tspending\tspending\tDK/Ref\n"
            "a. Veterans benefits\t\t\t\nMar 20-25, 2019\t72\t25\t3",
            page=5,
        ),
        Block("paragraph", "NO ITEM b.", page_number=5),
        table(
            "c. Medicare\t\t\t\nMar 20-25, 2019\t55\t42\t3\nd. Roads\t\t\t\nMay, 1990\t54\t45\t1", 5
        ),
    )
    found = by_value(claims)
    assert found.loc["42", "subject"].endswith(": c. Medicare (Decrease spending)")
    assert found.loc["54", "subject"].endswith(": d. Roads (Increase spending)")


def test_a_date_printed_above_a_one_column_trend_is_its_period() -> None:
    claims, _ = values(
        Block(
            "paragraph", "Do you think the mayor is too cautious, or about right?", page_number=3
        ),
        Block("paragraph", "Jan 6-10 2010", page_number=3),
        table("26\tToo cautious\n66\tAbout right\n8\tDon’t know", page=3),
    )
    assert set(claims["period"]) == {"Jan 6-10 2010"}


def test_a_follow_up_question_is_titled_with_the_question_it_follows_up() -> None:
    claims, _ = values(
        Block("paragraph", "Have you ever contributed to a package registry?", page_number=2),
        table("\tPercent\tRespondents\nYes\t64.0%\t320\nNo\t36.0%\t180", page=2),
        Block("paragraph", "Why not?", page_number=3),
        table("\tPercent\tRespondents\nNo time\t70.0%\t126\nOther\t30.0%\t54", page=3),
        Block("paragraph", "What kind of registry would your team want?", page_number=4),
        chart([("A hosted mirror", "41%"), ("None", "12%")], page=4),
        Block("paragraph", "How should it be funded?", page_number=5),
        chart([("Donations", "45%"), ("Membership fees", "30%")], page=5),
    )
    rows = by_value(claims)
    assert rows.loc["70.0%", "subject"] == (
        "Have you ever contributed to a package registry? Why not?: No time"
    )
    assert rows.loc["45%", "subject"] == (
        "What kind of registry would your team want? How should it be funded?: Donations"
    )
    # a question of its own is no follow-up, however short
    assert rows.loc["64.0%", "subject"] == "Have you ever contributed to a package registry?: Yes"
    settings = ClaimSettings()
    assert is_follow_up("If so, how?", settings)
    assert is_follow_up("Why or why not?", settings)
    assert not is_follow_up("What is your age?", settings)
    assert not is_follow_up("Would you like to continue?", settings)
    assert not is_follow_up("What form should this new entity take?", settings)


def test_a_numbered_caption_titles_its_table_across_header_lines() -> None:
    header_lines = ["ID Category", "C1 Tooling", "C2 Funding", "C3 Training", "Examples Total (40)"]
    long_cells = [
        f"e.g., {topic} were mentioned by several participants in their answers."
        for topic in ("build tools", "grants", "courses", "mentoring")
    ]
    claims, _ = values(
        Block("caption", "Table 4: Factors that help teams adopt testing.", page_number=7),
        *(Block("paragraph", line, page_number=7) for line in header_lines + long_cells),
        chart([("C4 Mentoring", "6 (15.0%)"), ("C5 Time", "4 (10.0%)")], page=7),
    )
    assert by_value(claims).loc["15.0%", "subject"] == (
        "Factors that help teams adopt testing: C4 Mentoring"
    )


def _region_counts(*before: Block) -> pd.DataFrame:
    """Claims of a count table by region on page 2, under the blocks given before it."""
    grid = Table(rows=(("Region", "Count"), ("Europe", "31"), ("Asia", "9")), header_row_count=1)
    claims, _ = values(*before, Block("table", grid.text, page_number=2, table=grid))
    return by_value(claims)


def test_a_one_word_section_heading_titles_the_table_under_it() -> None:
    row = _region_counts(
        Block("heading", "Respondents", page_number=2, heading_level=3),
        Block("paragraph", "Most respondents work in Europe, some in Asia.", page_number=2),
    ).loc["9"]
    assert (row["subject"], row["unit"], row["value"]) == (
        "Respondents: Region: Asia",
        "count",
        9.0,
    )


def test_a_title_like_paragraph_nearer_the_table_wins_over_a_one_word_heading() -> None:
    claims = _region_counts(
        Block("heading", "Methods", page_number=2, heading_level=3),
        Block("paragraph", "Respondents by region", page_number=2),
    )
    assert claims.loc["9", "subject"] == "Respondents by region: Region: Asia"


def test_a_caption_left_at_the_foot_of_a_page_titles_the_table_opening_the_next() -> None:
    grid = Table(
        rows=(("Group", "Number of cases (n)"), ("Panel", "1,204"), ("Fresh", "987")),
        header_row_count=1,
    )
    claims, _ = values(
        Block("caption", "Table 1. Response by mode", page_number=5),
        table("Mode\tShare\nWeb\t61%\nPhone\t39%", page=5),
        Block("caption", "Table 2. Cases by sample group", page_number=5),
        Block("table", grid.text, page_number=6, table=grid),
    )
    row = by_value(claims).loc["1,204"]
    assert (row["subject"], row["unit"]) == ("Cases by sample group: Group: Panel", "count")


def test_a_caption_followed_by_prose_does_not_title_the_next_page_table() -> None:
    claims, _ = values(
        Block("caption", "Table 2. Interview modes used", page_number=5),
        table("Mode\tShare\nOnline survey form\t61%\nTelephone interview\t39%", page=5),
        Block("caption", "Figure 3. Teams by region", page_number=5),
        Block("paragraph", "Most teams work from Europe, as the figure shows.", page_number=5),
        table("Mode\tShare\nPaper form by mail\t12%\nKiosk in a library\t3%", page=6),
    )
    assert by_value(claims).loc["12%", "subject"] == (
        "Interview modes used: Mode: Paper form by mail"
    )


def test_a_question_title_keeps_the_words_read_out() -> None:
    read_out = clean_title(
        "Q.34 Do you think the mayor is [RANDOMIZE: too impulsive, too cautious], or about right?",
        ClaimSettings(),
    )
    assert read_out == "Q.34 Do you think the mayor is too impulsive, too cautious, or about right?"
    # an instruction with no words read out is dropped
    assert "READ" not in clean_title("Q.60 Would you say it is [READ; RANDOMIZE]?", ClaimSettings())


def test_what_is_not_a_continued_part_keeps_its_own_heads_items_and_units() -> None:
    claims, unpublished = values(
        Block("paragraph", "Q.5 Do you favor federal funding for [ITEM]?", page_number=3),
        table("\tFavor\tOppose\na. Basic research\t\t\nMar 2019\t70\t30\nMar 2017\t68\t32", 3),
        Block("paragraph", "ASK FORM 2 ONLY [N=703]:", page_number=3),
        # a part with its own item printed over its labels: not the item before
        table("b. Space exploration\t\t\nMar 2019\t55\t45\nMar 2017\t50\t50", 3),
        Block("paragraph", "Table 4. Satisfaction with services", page_number=4),
        # a caption in the first row, then the heads: the heads stay heads
        table("Percent of respondents\t\t\n\tSatisfied\tDissatisfied\nAge\t\t\n18-29\t61\t39", 4),
        Block("paragraph", "Employees by region", page_number=5),
        table("Region\t%\tChange\nNorth\t40\t+2\nSouth\t60\t-2", 5),
        Block(
            "paragraph", "Headcount grew in every region, as the next table shows.", page_number=5
        ),
        # another table after running text: not a part of the one before, not in percent
        table("North\t1200\t300\nSouth\t800\t100", 5),
    )
    found = by_value(claims)
    assert not found.loc[["55", "45"], "subject"].str.contains("Basic research").any()
    assert found.loc["55", "subject"].endswith("b. Space exploration: Favor")
    assert found.loc["61", "subject"].endswith("Age 18-29 (Satisfied)")
    assert "1200" not in found.index
    assert set(unpublished[unpublished["value_text"] == "1200"]["reason"]) == {"no_unit"}


def test_a_question_ends_with_an_instruction_on_a_line_of_its_own() -> None:
    claims, _ = values(
        Block(
            "paragraph",
            "Q.69 Should churches [RANDOMIZE: keep out; express views] – or should they",
        ),
        Block("paragraph", "[INSERT OTHER OPTION]?"),
        table("\tShould keep out\tShould express views\tDK/Ref\nMar 20-25, 2019\t57\t39\t4"),
    )
    assert by_value(claims).loc["39", "subject"].startswith("Q.69 Should churches")


def test_group_rows_label_the_rows_below_and_header_years_are_periods() -> None:
    claims, _ = values(
        Block("paragraph", "Q.10 Do you approve of the job they are doing?"),
        table(
            "\tApprove\tDisapprove\tDK/Ref\na. Republican leaders\t\t\t\n"
            "Mar 20-25, 2019\t31\t63\t6\nb. Democratic leaders\t\t\t\nMar 20-25, 2019\t33\t59\t8"
        ),
        Block("paragraph", "Q.47 Are they keeping their promises?"),
        table("Mar 20-25\t\tMay 12-18\n2019\t\t2015\n40\tYes\t23\n60\tNo\t77"),
    )
    found = by_value(claims)
    assert found.loc["31", "subject"].endswith(": a. Republican leaders (Approve)")
    assert found.loc["33", "subject"].endswith(": b. Democratic leaders (Approve)")
    assert found.loc["23", "period"] == "May 12-18 2015"
    assert found.loc["23", "subject"].endswith(": Yes")


def test_count_headers_make_counts_and_values_without_a_column_are_not_published() -> None:
    claims, unpublished = values(
        Block("heading", "Survey responses", heading_level=2),
        table("Year\tResponses\n2022\t1038\n2021\t1152"),
        Block("paragraph", "Q.5 How much do you trust them?"),
        table("Mar 20-25, 2019\t40\t46\t14"),
    )
    found = by_value(claims)
    assert found.loc["1038", "unit"] == "count"
    assert found.loc["1038", "period"] == "2022"
    assert set(unpublished["reason"]) == {"no_category"}  # three columns, no header


def test_a_head_ending_in_a_count_word_makes_counts_and_stays_in_the_subject() -> None:
    claims, unpublished = values(
        Block("caption", "Table 2. Design Effect and Effective Sample Size"),
        table(
            "Weight variable\tNumber of cases (n)\tDesign effect\tEffective n\n"
            "FULL\t1,503\t1.34\t1,119"
        ),
    )
    found = by_value(claims)
    assert found.loc["1,119", "unit"] == "count"
    assert found.loc["1,119", "subject"].endswith("FULL (Effective n)")
    assert found.loc["1,503", "unit"] == "count"
    # a measure without a unit is kept out, with its reason
    assert unpublished.set_index("value_text").loc["1.34", "reason"] == "no_unit"


def test_a_share_head_makes_only_its_own_column_percentages() -> None:
    claims, unpublished = values(
        Block("caption", "Table 4. Age of respondents"),
        table("Group\tMean age\tPercent\nWomen\t41\t52\nMen\t39\t48"),
    )
    assert by_value(claims).loc["52", "unit"] == "percent"
    assert set(unpublished["value_text"]) == {"41", "39"}
    assert set(unpublished["reason"]) == {"no_unit"}


def test_prose_in_table_cells_is_read_as_sentences() -> None:
    claims, _ = values(
        table(
            ">\tIoT is real and adoption is growing. Just under 40% are deploying IoT solutions "
            "today and another 22% plan to start deploying IoT within the next 2 years."
        )
    )
    assert set(claims["value_text"]) == {"40%", "22%"}
    assert claims["claim_text"].str.startswith("Just under 40%").any()


def test_periods_and_titles_are_read_as_printed() -> None:
    assert is_period("Late December, 2007") and is_period("2022") and is_period("Q3 2024")
    assert is_period("Gallup: Late Feb, 1991") and not is_period("Between 1 and 5 years.")
    assert period_text("December, 19943") == "December, 1994"
    settings = ClaimSettings()
    title = clean_title(
        "Q.2 Do you approve of the way he is handling his job? [IF DK ENTER AS DK. "
        "IF DEPENDS PROBE: Overall do you approve of the [ITEM]?]",
        settings,
    )
    assert title == "Q.2 Do you approve of the way he is handling his job?"
    assert clean_title("WHICH LANGUAGES DO YOU USE? SELECT ALL THAT APPLY.", settings) == (
        "WHICH LANGUAGES DO YOU USE?"
    )
