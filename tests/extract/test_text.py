"""The plain-text reader on small inputs of the genre's shapes."""

from __future__ import annotations

from extract.blocks import BLOCK_SEPARATOR, blocks_frame
from extract.text import read_text


def _blocks(text: str):
    return read_text(text.encode("utf-8")).blocks


def test_blank_line_paragraphs_and_headings_give_section_paths():
    blocks = _blocks(
        "Methodology\n\nWe surveyed people.\n\nAbout the survey\n\nA total of 316 respondents "
        "completed the survey.\n"
    )
    assert [(b.block_type, b.text) for b in blocks] == [
        ("heading", "Methodology"),
        ("paragraph", "We surveyed people."),
        ("heading", "About the survey"),
        ("paragraph", "A total of 316 respondents completed the survey."),
    ]
    assert blocks[-1].section_path == ("About the survey",)


def test_hard_wrapped_lines_join_into_one_paragraph():
    (block,) = _blocks(
        "More than 50 percent of respondents \nreported leveraging open source in each of the\n"
        "data, models, and tools areas.\n"
    )
    assert block.text == (
        "More than 50 percent of respondents reported leveraging open source in each of the "
        "data, models, and tools areas."
    )


def test_one_paragraph_per_line_text_splits_at_sentence_ends():
    blocks = _blocks("First point here.\nSecond point follows.\n")
    assert [b.text for b in blocks] == ["First point here.", "Second point follows."]


def test_list_items_with_dash_and_em_dash_markers_and_wrapped_continuations():
    wrapped = (
        "\t— Tools: tools that augment development and the deployment process, including\n"
        "AI orchestration, security, observability, and evaluation for the models we survey.\n"
        "\t— Models: these include the model weights as well as the code that makes them run,\n"
        "Training pipelines included, and the evaluation harness released with the weights.\n"
        "- Next item of the list that is short\n"
    )
    blocks = _blocks(wrapped)
    assert [b.block_type for b in blocks] == ["list_item", "list_item", "list_item"]
    assert blocks[0].text.endswith(
        "including AI orchestration, security, observability, and "
        "evaluation for the models we survey."
    )
    assert blocks[1].text.endswith(
        "run, Training pipelines included, and the evaluation harness released with the weights."
    )


def test_tab_separated_lines_form_a_table_with_header():
    (table,) = _blocks("Questions\tCategory\tWho\nQ1 - Q6\tDemographics\tAll (N=316)\n")
    assert table.block_type == "table"
    assert table.table.rows == (
        ("Questions", "Category", "Who"),
        ("Q1 - Q6", "Demographics", "All (N=316)"),
    )
    assert table.text == "Questions\tCategory\tWho\nQ1 - Q6\tDemographics\tAll (N=316)"


def test_pipe_table_with_separator_row():
    (table,) = _blocks("Model | Leader | Gap |\n---|---|---|\nCode | A | +12% |\n")
    assert table.table.rows == (("Model", "Leader", "Gap"), ("Code", "A", "+12%"))


def test_genre_blocks_are_classified_by_form():
    blocks = _blocks(
        "FIGURE 4: PRIMARY USE CASES\n\nWhat is your primary use case? (select one)\n\n"
        "2024 survey, Q13, Sample Size = 297\n\n“Open source is the way.”\n"
    )
    assert [b.block_type for b in blocks] == ["caption", "question", "source_note", "quote"]


def test_paragraph_broken_by_a_figure_is_rebuilt():
    blocks = _blocks(
        "Prompt engineering is the practice of optimizing inputs to deliver the\n\n"
        "FIGURE 2: TECHNIQUES\n\nmost accurate outputs from a model.\n"
    )
    assert [b.block_type for b in blocks] == ["paragraph", "caption"]
    assert blocks[0].text.endswith("to deliver the most accurate outputs from a model.")


def test_heading_anchor_markup_is_dropped():
    blocks = _blocks("The Academic Revolution {#academic-revolution}\nIt began quietly.\n")
    assert blocks[0].text == "The Academic Revolution"


def test_offsets_point_into_the_normalized_text():
    parsed = read_text(b"Intro\n\nFirst paragraph.\n\nSecond paragraph.\n")
    frame = blocks_frame("doc", parsed.blocks)
    normalized = BLOCK_SEPARATOR.join(frame["text"])
    for row in frame.itertuples():
        assert normalized[row.char_start : row.char_end] == row.text


def test_windows_1252_text_is_read_with_a_warning():
    parsed = read_text("Caf\u00e9 owners: 42% agree.".encode("cp1252"))
    assert parsed.blocks[0].text == "Café owners: 42% agree."
    assert parsed.warnings


def test_one_paragraph_per_line_text_keeps_title_lines_apart_from_list_items():
    blocks = _blocks(
        "- a short list item without a full stop\nNext Section Title\nBody sentence here.\n"
    )
    assert [b.block_type for b in blocks] == ["list_item", "heading", "paragraph"]


def test_last_line_of_a_group_can_be_a_heading():
    blocks = _blocks("A paragraph ends here.\nA Section Title {#section}\n\nIts body.\n")
    assert [(b.block_type, b.text) for b in blocks][1] == ("heading", "A Section Title")
