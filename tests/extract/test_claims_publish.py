"""What is published, and why the rest is not; damage, pages, numbers in CJK text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from extract.blocks import BLOCK_SEPARATOR, Block, blocks_frame, page_at
from extract.claims import UNPUBLISHED_REASONS, UNPUBLISHED_VALUES_SCHEMA, extract_claim_values
from extract.claims.flags import doubled_runs
from extract.claims.publish import back_matter
from extract.genre import rejoin_paragraphs


def values(*blocks: Block) -> tuple[pd.DataFrame, pd.DataFrame]:
    found = extract_claim_values(blocks_frame("doc", list(blocks)))
    return found.claims, found.unpublished


def reasons(text: str, block_type: str = "paragraph") -> dict[str, str]:
    _, unpublished = values(Block(block_type, text))  # type: ignore[arg-type]
    return dict(zip(unpublished["value_text"], unpublished["reason"], strict=True))


@pytest.mark.parametrize(
    ("text", "value_text", "reason"),
    [
        ("2.5%", "2.5%", "no_subject"),
        ("48 papers", "48", "no_context"),
        ("55 out of 59 answered", "55 out of 59", "base_line"),
        ("0% 20% 40% 60%", "40%", "axis_ticks"),
        ("The share who would recommend it (rating of 9 or 10) is high.", "9", "scale_definition"),
        ("Teams at companies with more than 1,000 employees said so.", "1,000", "threshold"),
        ("拥有超过 1000 名员工的公司更可能这样做。", "1000 名", "threshold"),
    ],
)
def test_values_without_a_meaning_are_kept_with_their_reason(
    text: str, value_text: str, reason: str
) -> None:
    assert reasons(text).get(value_text) == reason
    assert reason in UNPUBLISHED_REASONS


def test_unpublished_reasons_are_a_closed_vocabulary_shared_with_the_suite_and_dbt() -> None:
    root = Path(__file__).resolve().parents[2]
    suite = json.loads((root / "expectations" / "raw_unpublished_values.json").read_text())
    (in_set,) = [
        e
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == "reason"
    ]
    assert tuple(in_set["kwargs"]["value_set"]) == tuple(UNPUBLISHED_REASONS)
    staging = yaml.safe_load((root / "dbt_project/models/staging/_staging.yml").read_text())
    (model,) = [m for m in staging["models"] if m["name"] == "stg_raw__unpublished_values"]
    (column,) = [c for c in model["columns"] if c["name"] == "reason"]
    (accepted,) = [t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t]
    assert tuple(accepted["arguments"]["values"]) == tuple(UNPUBLISHED_REASONS)


def test_every_published_claim_says_what_it_measures() -> None:
    claims, unpublished = values(
        Block("paragraph", "84% of organizations have adopted GenAI."),
        Block("paragraph", "2.5%"),
        Block("paragraph", "Training cost: $5.6 million"),
    )
    assert claims["value_text"].tolist() == ["84%", "$5.6 million"]
    assert claims["subject"].str.contains(r"[^\W\d_]").all()
    assert unpublished["value_text"].tolist() == ["2.5%"]


def test_a_statistic_under_a_question_is_read_with_the_question_and_its_base_is_no_claim() -> None:
    question = "How well do you think the project is delivering on its mission?"
    claims, unpublished = values(
        Block("paragraph", question, page_number=46),
        Block("paragraph", "58 out of 59 answered", page_number=46),
        Block("heading", "4.1 Average rating", page_number=46),
    )
    assert claims["subject"].tolist() == [f"{question}: Average rating"]
    assert claims["value"].tolist() == [4.1]
    assert dict(zip(unpublished["value_text"], unpublished["reason"], strict=True)) == {
        "58 out of 59": "base_line"
    }


def test_numbers_in_the_list_of_references_belong_to_cited_works_not_to_findings() -> None:
    cited_work = "[3] A. Writer. 2019. 2,000 engineers on code review. Journal 41, 12 pages."
    claims, unpublished = values(
        Block("paragraph", "62% of the maintainers review every change.", ("Paper", "4 Results")),
        Block("paragraph", cited_work, ("Paper", "7 References")),
    )
    assert claims["value_text"].tolist() == ["62%"]
    cited = dict(zip(unpublished["value_text"], unpublished["reason"], strict=True))
    assert cited.get("2,000") == "reference_list"
    assert set(cited.values()) == {"reference_list"}


@pytest.mark.parametrize(
    ("section", "kind"),
    [
        ("Paper > References", "reference_list"),
        ("Paper > VII. REFERENCES", "reference_list"),
        ("Paper > 8 Bibliography:", "reference_list"),
        ("报告 > 参考文献", "reference_list"),
        ("Paper > ACKNOWLEDGMENTS", "acknowledgments"),
        ("Paper > Funding", "acknowledgments"),
        ("Paper > 2 Literature", None),
        ("Paper > Related literature", None),
        ("Paper > References to earlier surveys", None),
        ("", None),
    ],
)
def test_back_matter_is_known_by_its_heading(section: str, kind: str | None) -> None:
    assert back_matter(section) == kind


def test_a_grant_number_in_the_acknowledgments_is_no_finding_but_a_grant_amount_is() -> None:
    claims, unpublished = values(
        Block("paragraph", "Research grants ($3.4 million) funded 40% of the projects.", ("R",)),
        Block(
            "paragraph",
            "This work was supported by grant 4711/2020-3 and award 88123.",
            ("Paper", "Acknowledgments"),
        ),
    )
    assert claims["value_text"].tolist() == ["$3.4 million", "40%"]
    assert set(unpublished["reason"]) == {"acknowledgments"}


def test_unpublished_values_keep_their_place() -> None:
    blocks = [
        Block("paragraph", "Intro paragraph with no number."),
        Block("paragraph", "Labels 2.5%", page_number=4, bbox=(10.0, 20.0, 110.0, 40.0)),
    ]
    _, unpublished = values(*blocks)
    UNPUBLISHED_VALUES_SCHEMA.validate(unpublished)
    row = unpublished.iloc[0]
    normalized = BLOCK_SEPARATOR.join(block.text for block in blocks)
    assert normalized[row["char_start"] : row["char_end"]] == "2.5%"
    assert (row["page_number"], row["x0"], row["bottom"]) == (4, 10.0, 40.0)
    assert row["block_id"] == "doc:b00001" and row["block_type"] == "paragraph"


def test_a_paragraph_rejoined_across_pages_gives_each_claim_its_page() -> None:
    head = Block("paragraph", "In 2024, 52% of firms used open models, and", page_number=3)
    tail = Block("paragraph", "then 61% of them planned to expand.", page_number=4)
    (joined,) = rejoin_paragraphs([head, tail])
    assert joined.page_breaks == ((len(head.text) + 1, 4),)
    assert page_at(3, joined.page_breaks, 0) == 3
    claims, _ = values(joined)
    pages = dict(zip(claims["value_text"], claims["page_number"], strict=True))
    assert pages == {"52%": 3, "61%": 4}
    frame = blocks_frame("doc", [joined])
    assert frame.loc[0, "page_breaks"] == f"{len(head.text) + 1}:4"


def test_a_paragraph_broken_before_a_quoted_word_is_rejoined() -> None:
    head = Block("paragraph", "Most teams chose", page_number=2)
    tail = Block("paragraph", '"hybrid" as their way of working (61%).', page_number=2)
    (joined,) = rejoin_paragraphs([head, tail])
    assert joined.text == 'Most teams chose "hybrid" as their way of working (61%).'


def test_a_list_item_is_continued_only_across_a_page_break() -> None:
    item = Block(
        "list_item", "• Teams that deploy daily, and", page_number=2, bbox=(72, 600, 300, 612)
    )
    after_list = Block(
        "paragraph", "npm stays the most used registry.", page_number=2, bbox=(72, 640, 300, 652)
    )
    next_page = Block(
        "paragraph", "most of them use feature flags.", page_number=3, bbox=(72, 80, 300, 92)
    )
    assert len(rejoin_paragraphs([item, after_list])) == 2
    (joined,) = rejoin_paragraphs([item, next_page])
    assert joined.text == "• Teams that deploy daily, and most of them use feature flags."


def test_damaged_text_layers_flag_their_numbers_and_leave_no_clean_value() -> None:
    doubled = "Respondents in Europe 116633 ((7755..11%%)) answered yes."
    assert doubled_runs(doubled) == [(22, 28), (29, 43)]
    claims, _ = values(
        Block("paragraph", doubled),
        Block("paragraph", "Sostware teams: 42% of respondents use it.", damage=("glyph_mapping",)),
        Block("paragraph", "Of all teams, 17% of respondents agree.", damage=("missing_spaces",)),
    )
    for row in claims.itertuples():
        if row.quality_flags and "doubled_glyphs" in row.quality_flags:
            assert pd.isna(row.value)
    assert claims["quality_flags"].str.contains("doubled_glyphs").any()
    glyphs = claims[claims["value_text"] == "42%"].iloc[0]
    assert pd.isna(glyphs["value"]) and glyphs["quality_flags"] == "glyph_mapping"
    spaces = claims[claims["value_text"] == "17%"].iloc[0]
    assert spaces["value"] == 17.0 and spaces["quality_flags"] == "missing_spaces"
    assert doubled_runs("The 2000000 visits and 1100 users") == []


def test_a_block_that_is_only_a_label_and_its_share_keeps_the_whole_label() -> None:
    claims, _ = values(
        Block("heading", "Native Integration with Kubernetes (57%)"),
        Block("paragraph", "Languages used included Python (18%) and Go (12%)."),
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects["57%"] == "Native Integration with Kubernetes"
    assert subjects["18%"] == "Languages used: Python"


def test_a_share_opening_a_clause_of_its_own_reads_its_own_predicate() -> None:
    claims, _ = values(
        Block(
            "paragraph",
            "Another 45% liked the new editor but wanted more plugins before moving to it, "
            "while only 12% did not see any reason to switch.",
        )
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects == {"45%": "liked the new editor", "12%": "did not see any reason to switch"}


def test_an_item_of_a_list_of_shares_is_read_whole() -> None:
    claims, _ = values(
        Block(
            "paragraph",
            "Pain points that users named include finding which plugin to install first (31%), "
            "wanting to preview a page before publishing (22%), and the time it takes to "
            "rebuild a large site (17%).",
        ),
        Block("paragraph", "常见的动机，比如结识同行（40%）、学习新技能（35%）或获得报酬（12%）。"),
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects["31%"] == "finding which plugin to install first"
    assert subjects["22%"] == "wanting to preview a page before publishing"
    assert subjects["17%"] == "time it takes to rebuild a large site"
    # a list item in Chinese starts after its conjunction or "for example"
    assert subjects["40%"] == "结识同行"
    assert subjects["12%"] == "获得报酬"


def test_a_share_closing_a_superlative_measures_what_is_ranked() -> None:
    claims, _ = values(
        Block("paragraph", "Among message brokers, Kafka was clearly the most common (41%)."),
        Block("paragraph", "For storage, SQLite is the top choice (35%) of hobbyists."),
        Block("paragraph", "Rust is the most loved systems language (62%), ahead of C (20%)."),
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects["41%"] == "Kafka"
    assert subjects["35%"] == "SQLite"
    assert subjects["62%"] == "systems language: Rust"


def test_a_share_after_a_quantifier_measures_its_own_predicate_not_the_earlier_clause() -> None:
    claims, _ = values(
        Block(
            "paragraph",
            "Most teams said they deploy weekly (70%), and a minority (12%) said they deploy "
            "on every merge.",
        ),
        Block("paragraph", "Nearly half (45%) of maintainers review every change."),
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects["12%"] == "deploy on every merge"
    assert subjects["45%"] == "maintainers review every change"


def test_shares_of_a_population_are_read_with_their_predicate() -> None:
    claims, _ = values(
        Block(
            "paragraph", "86% of respondents reported that they have established a digital twin."
        ),
        Block("paragraph", "The majority (74.3%) recognized the existence of a crisis."),
        Block("paragraph", "The top pick was community forums, chosen by only 24% of respondents."),
        Block(
            "paragraph",
            "Of the sample, 300 respondents were reached by landline and 1,203 were reached by "
            "cell phone.",
        ),
        Block("paragraph", "Another 25 percent say 60 to 80 percent of their apps run on Java."),
    )
    subjects = dict(zip(claims["value_text"], claims["subject"], strict=True))
    assert subjects["25 percent"].startswith("60 to 80 percent of their apps")
    assert subjects["86%"] == "respondents have established a digital twin"
    assert subjects["74.3%"] == "recognized the existence of a crisis"
    assert subjects["24%"] == "community forums chosen"
    assert subjects["1,203"] == "respondents were reached by cell phone"


def test_numbers_in_cjk_text() -> None:
    claims, _ = values(
        Block("paragraph", "21岁以下的受访者比例为25.71%，较去年的8.42%有所上升。"),
        Block("paragraph", "有四分之三的受访者使用云服务。近 6 成运营者所在社区用户较少。"),
        Block("paragraph", "我们收到了 4,005 份回应，数据库使用两倍于去年。"),
        Block("paragraph", "在 Linux（63%）和 macOS（58%）上开发的受访者最多。"),
        # Chinese with product names in Latin letters is still read as Chinese
        Block("paragraph", "Redis 显然是最常见的（57%），其次是 etcd（10%）和 memcached（7%）。"),
    )
    found = claims.set_index("value_text")
    assert found.loc["57%", "subject"].startswith("Redis")
    assert "（" not in found.loc["57%", "subject"]
    assert found.loc["7%", "subject"] == "memcached"
    assert found.loc["25.71%", "subject"] == "21岁以下的受访者比例"
    assert found.loc["8.42%", "subject"] == "21岁以下的受访者比例"
    assert found.loc["四分之三", "value"] == 75.0
    assert (found.loc["6 成", "value"], found.loc["6 成", "qualifier"]) == (60.0, "nearly")
    assert (found.loc["4,005 份", "unit"], found.loc["4,005 份", "value"]) == ("count", 4005.0)
    assert found.loc["两倍", "unit"] == "multiple"
    assert found.loc["63%", "subject"] == "Linux"
