"""Claim extraction: patterns of the genre, non-claims, damage, sources, subjects, corpus facts."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from extract.blocks import BLOCK_SEPARATOR, Block, blocks_frame
from extract.claims import CLAIM_KINDS, CLAIMS_SCHEMA, FLAGS, ClaimSettings, extract_claims
from extract.text import read_text

CORPUS = Path(__file__).resolve().parents[2] / "sources" / "corpus"
DOCUMENTS = {
    "lf-genai-2024": "lf-research-shaping-the-future-of-genai-2024.txt",
    "mckinsey-osai-2025": "mckinsey-open-source-technology-in-the-age-of-ai-2025.txt",
    "axis-osai-trends-2025": "axis-intelligence-open-source-ai-trends-2025.txt",
    "sylt-osai-2026": "sylt-real-state-of-open-source-ai-2026.txt",
}


# Validating a frame costs tens of milliseconds, so single-block inputs registered with case()
# are extracted together, once, each as its own document (no cross-talk between cases).
_CASES: list[tuple[str, str]] = []
_BATCH: dict[tuple[str, str], pd.DataFrame] = {}


def case(text: str, block_type: str = "paragraph") -> str:
    _CASES.append((block_type, text))
    return text


def _batch() -> dict[tuple[str, str], pd.DataFrame]:
    missing = [key for key in dict.fromkeys(_CASES) if key not in _BATCH]
    if missing:
        blocks = blocks_frame("doc", [Block(kind, text) for kind, text in missing])  # type: ignore[arg-type]
        offset = len(_BATCH)
        blocks["document_id"] = [f"case-{offset + i}" for i in range(len(missing))]
        found = extract_claims(blocks)
        by_case = {name: rows.reset_index(drop=True) for name, rows in found.groupby("document_id")}
        for i, key in enumerate(missing):
            _BATCH[key] = by_case.get(f"case-{offset + i}", found.iloc[0:0])
    return _BATCH


def claims(*texts: str, block_type: str = "paragraph") -> pd.DataFrame:
    if len(texts) == 1 and (block_type, texts[0]) in _CASES:
        return _batch()[(block_type, texts[0])]
    return extract_claims(blocks_frame("doc", [Block(block_type, text) for text in texts]))


def claim(text: str, value_text: str, block_type: str = "paragraph") -> pd.Series:
    found = claims(text, block_type=block_type)
    rows = found[found["value_text"] == value_text]
    assert len(rows) == 1, f"{value_text!r} not found once in {found['value_text'].tolist()}"
    return rows.iloc[0]


def value_texts(text: str, block_type: str = "paragraph") -> list[str]:
    return claims(text, block_type=block_type)["value_text"].tolist()


def null(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


# --------------------------------------------------------------------------- quantities

# (text, value_text, expected column values); block type "table" where the text has tabs.
QUANTITIES = [
    # percentages in all spellings
    ("84% of organizations have adopted GenAI.", "84%", {"value": 84.0, "unit": "percent"}),
    (
        "In total 84 percent of respondents agreed.",
        "84 percent",
        {"value": 84.0, "unit": "percent"},
    ),
    ("About 12.5 per cent of teams use it.", "12.5 per cent", {"value": 12.5, "unit": "percent"}),
    ("Sixty percent of respondents said so.", "Sixty percent", {"value": 60.0, "unit": "percent"}),
    ("Fifty-one percent of respondents agree.", "Fifty-one percent", {"value": 51.0}),
    ("Three-quarters of respondents expect growth.", "Three-quarters", {"value": 75.0}),
    ("A third of developers use it daily.", "A third", {"value": 33.33, "unit": "percent"}),
    ("One in five developers uses open models.", "One in five", {"value": 20.0}),
    ("Only 1 in 10 vendors publish weights.", "1 in 10", {"value": 10.0, "unit": "percent"}),
    ("66% percent of respondents believe it.", "66% percent", {"value": 66.0}),
    (
        "More than half of respondents use open models.",
        "half",
        {"value": 50.0, "unit": "percent", "qualifier": "more than"},
    ),
    # counts with a noun
    (
        "A total of 316 respondents completed the survey.",
        "316",
        {"value": 316.0, "unit": "count", "subject": "respondents completed the survey"},
    ),
    (
        "It drew over 100,000 developers to the project.",
        "100,000",
        {"value": 100000.0, "unit": "count", "qualifier": "over", "subject": "developers"},
    ),
    (
        "The sample had 703 participants in all.",
        "703",
        {"unit": "count", "subject": "participants"},
    ),
    ("Respondents came from 41 countries.", "41", {"value": 41.0, "subject": "countries"}),
    (
        "The cluster processed 12 million images daily.",
        "12 million",
        {"value": 12e6, "unit": "count", "subject": "images"},
    ),
    (
        "It has 1,000+ researchers on board.",
        "1,000+",
        {"value": 1000.0, "qualifier": "more than", "subject": "researchers"},
    ),
    (
        "They wrote 2.4 million lines of code.",
        "2.4 million",
        {"value": 2.4e6, "subject": "lines of code"},
    ),
    ("Fourteen organizations complied.", "Fourteen", {"value": 14.0, "unit": "count"}),
    ("It polled 1,200 IT decision-makers.", "1,200", {"subject": "IT decision-makers"}),
    (
        "Downloads surpassed 1 million in March.",
        "1 million",
        {"value": 1e6, "unit": "count", "subject": "Downloads"},
    ),
    # money with scale
    (
        "DeepSeek R1 was trained for just $5.6 million last year.",
        "$5.6 million",
        {"value": 5.6e6, "unit": "usd", "claim_kind": "cost"},
    ),
    ("The consortium got $50M from OpenAI.", "$50M", {"value": 5e7, "unit": "usd"}),
    (
        "Rivals spent $100M+ on training.",
        "$100M+",
        {"value": 1e8, "unit": "usd", "qualifier": "more than"},
    ),
    ("He made $15k in a month.", "$15k", {"value": 15000.0, "unit": "usd"}),
    ("It cost $1,200 per seat.", "$1,200", {"value": 1200.0, "unit": "usd"}),
    # multiples
    (
        "FlashAttention cut training costs by up to 9x.",
        "9x",
        {"value": 9.0, "unit": "multiple", "qualifier": "up to", "subject": "training costs"},
    ),
    (
        "Open models are 3.8 times cheaper than closed ones.",
        "3.8 times",
        {"value": 3.8, "unit": "multiple"},
    ),
    ("Open models receive 2.3 times more evaluations.", "2.3 times", {"value": 2.3}),
    (
        "They are three times more likely to contribute.",
        "three times",
        {"value": 3.0, "unit": "multiple"},
    ),
    (
        "About ten times as many respondents were satisfied.",
        "ten times",
        {"value": 10.0, "unit": "multiple", "qualifier": "about"},
    ),
    ("Twice as many teams use it now.", "Twice", {"value": 2.0, "unit": "multiple"}),
    # scores and points
    (
        "The top open model sits at an ELO of 1,312, only 41 points behind the leader.",
        "1,312",
        {"value": 1312.0, "unit": "score", "claim_kind": "benchmark"},
    ),
    (
        "The top open model sits at an ELO of 1,312, only 41 points behind the leader.",
        "41 points",
        {"value": 41.0, "unit": "points"},
    ),
    (
        "Open models lead by 3.2 percentage points.",
        "3.2 percentage points",
        {"value": 3.2, "unit": "points"},
    ),
    ("Closed models hold a 12-point advantage.", "12-point", {"value": 12.0, "unit": "points"}),
    # durations and latencies
    (
        "p95 latency is now 1.9 seconds for most calls.",
        "1.9 seconds",
        {"value": 1.9, "unit": "seconds"},
    ),
    (
        "Frameworks will reach sub-10-millisecond latency.",
        "10-millisecond",
        {"value": 10.0, "unit": "milliseconds", "qualifier": "under", "subject": "latency"},
    ),
    ("Issues took 2 hours each on average.", "2 hours", {"value": 7200.0, "unit": "seconds"}),
    (
        "Maintainers spend 11.2 hours per week on it.",
        "11.2 hours per week",
        {"value": 11.2, "unit": "other"},
    ),
    # tokens, parameters, FLOPs, bytes
    (
        "Models above 10^25 FLOPs must report.",
        "10^25 FLOPs",
        {"value": 1e25, "unit": "flops", "qualifier": "above", "subject": "Models"},
    ),
    (
        "Its 405-billion-parameter checkpoint was released.",
        "405-billion-parameter",
        {"value": 405e9, "unit": "parameters"},
    ),
    ("Reasoning above 128k tokens is hard.", "128k tokens", {"value": 128000.0, "unit": "tokens"}),
    (
        "Runs with 1-trillion-token context windows.",
        "1-trillion-token",
        {"value": 1e12, "unit": "tokens"},
    ),
    ("A typical 405B model is large.", "405B", {"value": 405e9, "unit": "parameters"}),
    ("It fits in 180 TB of storage.", "180 TB", {"value": 1.8e14, "unit": "bytes"}),
    # ranges
    (
        "Llama 3 comes with 8-70 billion parameters.",
        "8-70 billion parameters",
        {"value": None, "value_low": 8e9, "value_high": 70e9, "unit": "parameters"},
    ),
    (
        "Teams spend between $2 million and $3 million a year.",
        "between $2 million and $3 million",
        {"value": None, "value_low": 2e6, "value_high": 3e6, "unit": "usd"},
    ),
    (
        "Cold starts take 5 to 10 seconds.",
        "5 to 10 seconds",
        {"value_low": 5.0, "value_high": 10.0, "unit": "seconds"},
    ),
    # signed and verbal changes
    ("Code generation\tDeepSeek Coder\t+12% OS", "12%", {"value": 12.0, "qualifier": "plus"}),
    (
        "Reasoning\tLlama 3-70B\tGPT-4\t-3% Negligible",
        "3%",
        {"value": 3.0, "qualifier": "minus", "subject": "Reasoning Llama 3-70B GPT-4 Negligible"},
    ),
    (
        "Data movement fell 41% after the change.",
        "41%",
        {"value": 41.0, "subject": "Data movement"},
    ),
    # damaged numbers: kept, value null, flagged
    (
        "Training dropped below .8 million in direct cloud costs by late 2025.",
        ".8 million",
        {"value": None, "unit": "usd", "quality_flags": "lost_currency_digits"},
    ),
    (
        "It cut egress fees by roughly 40,000 annually.",
        "40,000",
        {"value": None, "unit": "usd", "quality_flags": "lost_currency_digits"},
    ),
    (
        "Teams save between .9 million and .4 million annually.",
        "between .9 million and .4 million",
        {
            "value": None,
            "value_low": None,
            "value_high": None,
            "quality_flags": "lost_currency_digits",
        },
    ),
    (
        "Some 130% of respondents agreed.",
        "130%",
        {"value": None, "quality_flags": "percent_over_100"},
    ),
    (
        "Downloads grew 250% year over year.",
        "250%",
        {"value": 250.0, "quality_flags": "percent_change_over_100"},
    ),
    (
        "It reached 1 312 respondents last year.",
        "1 312",
        {"value": None, "quality_flags": "split_number"},
    ),
    ("The share was 4 .5% overall.", "4 .5%", {"value": None, "quality_flags": "split_number"}),
]
for _text, _, _ in QUANTITIES:
    case(_text, "table" if "\t" in _text else "paragraph")


def matches(actual: object, expected: object) -> bool:
    if expected is None:
        return null(actual)
    if isinstance(expected, float):
        return not null(actual) and actual == pytest.approx(expected, rel=1e-3)
    return actual == expected


@pytest.mark.parametrize(("text", "value_text", "expected"), QUANTITIES)
def test_quantities(text: str, value_text: str, expected: dict[str, object]) -> None:
    row = claim(text, value_text, "table" if "\t" in text else "paragraph")
    for column, value in expected.items():
        assert matches(row[column], value), f"{column}: {row[column]!r} != {value!r}"


# (text, qualifier)
QUALIFIERS = [
    (case("nearly 80% of organizations"), "nearly"),
    (case("more than 70% of organizations"), "more than"),
    (case("about 40% of teams"), "about"),
    (case("at least 22% of traffic"), "at least"),
    (case("over 100,000 developers joined"), "over"),
    (case("up to 9x cheaper"), "up to"),
    (case("roughly 40% of teams"), "roughly"),
    (case("approximately 35% of the code"), "approximately"),
    (case("almost 30% of firms"), "almost"),
    (case("under 5% of models"), "under"),
    (case("less than 10% of vendors"), "less than"),
    (case("an average of 14 engineers moved"), "an average of"),
]


@pytest.mark.parametrize(("text", "qualifier"), QUALIFIERS)
def test_qualifiers_as_written(text: str, qualifier: str) -> None:
    assert claims(text)["qualifier"].tolist() == [qualifier]


# (text, block type, value texts expected in order)
VALUE_TEXTS = [
    # a fraction restated by a bracketed percent gives only the percent
    ("More than half of respondents (52%) cited transparency.", "paragraph", ["52%"]),
    (
        "Nearly three-quarters of respondents (more than 70 percent) agree.",
        "paragraph",
        ["70 percent"],
    ),
    # changes: one claim per number
    ("The engineering team grew from 9 to 23 people.", "paragraph", ["9", "23"]),
    (
        "Overall infrastructure spend fell from 1.4 million to .9 million.",
        "paragraph",
        ["1.4 million", ".9 million"],
    ),
    (
        "Adoption rose from 23 percent in 2022 to 41 percent in 2024.",
        "paragraph",
        ["23 percent", "41 percent"],
    ),
    # time frames are not measurements
    ("Over the next two years and within 30 days, little changed.", "paragraph", []),
    # list numbering and question codes in tables
    (
        "\tCross-industry IT\tIndustry-specific\n1\tAccuracy/performance (60%)\tSecurity (61%)",
        "table",
        ["60%", "61%"],
    ),
    ("Q1 - Q6\tDemographics\tAll respondents (N=316)", "table", []),
    # headings are read (a slide title states a finding); survey questions are not
    ("84% Say Julia Is One of My Favorite Languages", "heading", ["84%"]),
    ("5 Key Takeaways", "heading", []),
    ("How much will you invest in the next 12 months? (select one)", "question", []),
    # non-claims
    ("The report was published in 2024.", "paragraph", []),
    ("The survey ran from Dec 9, 2024 to January 24, 2025.", "paragraph", []),
    ("Downloads peaked in Q3 2025.", "paragraph", []),
    ("See Q7 and Q13 by Q14 for details.", "paragraph", []),
    ("Figure 3 shows the results.", "paragraph", []),
    ("Exhibit <1> of <12>", "paragraph", []),
    ("He has authored many publications1 on the topic.", "paragraph", []),
    ("1 Public AI: Making AI work for everyone, Mozilla, September 2024.", "paragraph", []),
    ("Meta released Llama 3 and GPT-4 was compared with Gemma-2.", "paragraph", []),
    ("The v1 definition and release 2.5 were discussed.", "paragraph", []),
    ("Llama 3 and 4 families are open weights models.", "paragraph", []),
    ("Intel Gaudi 3 clusters and Claude 3.5/3.7 Sonnet were used.", "paragraph", []),
    ("It ran Llama-3-70B and BLOOM-176B on the cluster.", "paragraph", []),
    ("Fortune 500 companies are adopting it.", "paragraph", []),
    ("The answer was 42.", "paragraph", []),
    ("Sample Size = 316, n = 52", "source_note", []),
    ("2026-06-08 17:07:00 0 601", "paragraph", []),
    ("At the 95th percentile and in the 1990s things differed.", "paragraph", []),
    ("The top five open models and two categories were compared.", "paragraph", []),
    ("It ranks top 5 on page 12, see section 4.", "paragraph", []),
    ("The fund made 12 grants of $5,000 each.", "paragraph", ["12", "$5,000"]),
    ("The foundation grants 40% of applicants a second round.", "paragraph", ["40%"]),
    (
        "Mozilla supports the definition put forward by the OSI,2 which includes data.",
        "paragraph",
        [],
    ),
]
for _text, _kind, _ in VALUE_TEXTS:
    case(_text, _kind)


@pytest.mark.parametrize(("text", "block_type", "expected"), VALUE_TEXTS)
def test_value_texts(text: str, block_type: str, expected: list[str]) -> None:
    assert value_texts(text, block_type) == expected


def test_changes_share_qualifiers_and_subject() -> None:
    found = claims("The rate of harmful outputs fell from 4.8% to 1.9% this year.")
    assert found["value"].tolist() == [4.8, 1.9]
    assert found["qualifier"].tolist() == ["from", "to"]
    assert found["subject"].tolist() == ["rate of harmful outputs"] * 2
    years = claims("Adoption rose from 23 percent in 2022 to 41 percent in 2024.")
    assert years["qualifier"].tolist() == ["from", "to"]
    money = claims("Overall infrastructure spend fell from 1.4 million to .9 million.")
    assert money["value"].isna().all()
    assert set(money["quality_flags"]) == {"lost_currency_digits"}


case("The rate of harmful outputs fell from 4.8% to 1.9% this year.")


def test_headings_are_read_unless_configured_otherwise() -> None:
    heading = blocks_frame(
        "doc", [Block("heading", "84% Say Julia Is One of My Favorite Languages")]
    )
    found = extract_claims(heading)
    assert found["value"].tolist() == [84.0]
    assert found["subject"].tolist() == ["Julia Is One of My Favorite Languages"]
    settings = ClaimSettings(block_types=("paragraph",))
    assert extract_claims(heading, settings).empty


# --------------------------------------------------------------------------- sources

SOURCES = [
    (
        "Open models command 67% of deployments, according to the 2025 Linux Foundation AI survey.",
        "according to the 2025 Linux Foundation AI survey",
    ),
    ("According to our survey, 71% of respondents agree.", "According to our survey"),
    ("A study by Stanford found that 40% of models leak data.", "A study by Stanford"),
    (
        "McKinsey’s survey of 700+ leaders reveals that 73% use open models.",
        "McKinsey’s survey of 700+ leaders",
    ),
    (
        "Red-teaming data from the Center for AI Safety shows 2.3 times more evaluations.",
        "Red-teaming data from the Center for AI Safety",
    ),
    ("This survey reveals that 83% of organizations agree.", "This survey"),
    (
        "Based on a survey of 316 professionals, the report shows growth.",
        "Based on a survey of 316 professionals",
    ),
    ("According to Figure 25, 82% of respondents agree.", None),
    ("Open models now hold 40% of the market.", None),
]
for _text, _ in SOURCES:
    case(_text)


@pytest.mark.parametrize(("text", "source"), SOURCES)
def test_cited_source_in_the_sentence(text: str, source: str | None) -> None:
    found = claims(text)
    assert not found.empty
    assert all(matches(value, source) for value in found["cited_source"])


def test_source_note_in_following_block() -> None:
    blocks = blocks_frame(
        "doc",
        [
            Block("caption", "Figure 4: Top benefits of open source AI"),
            Block("table", "Cost efficiency\t46%\nSecurity\t32%"),
            Block("source_note", "2024 GenAI survey, Q23, Sample Size = 297, Valid Cases = 297"),
            Block("paragraph", "Elsewhere 12% of teams disagreed."),
            Block(
                "source_note",
                "Source: McKinsey Open Source AI Survey, 703 participants with "
                "experience in working with AI tech systems, Dec 9, 2024–Jan 24, 2025",
            ),
        ],
    )
    found = extract_claims(blocks).set_index("value_text")
    assert found.loc["46%", "cited_source"] == "2024 GenAI survey, Q23"
    assert found.loc["46%", "subject"] == "Top benefits of open source AI: Cost efficiency"
    assert null(found.loc["12%", "cited_source"])  # prose is not tied to a later note
    assert found.loc["703", "cited_source"] == "McKinsey Open Source AI Survey"
    assert list(found.index) == ["46%", "32%", "12%", "703"]


# --------------------------------------------------------------------------- subjects

SUBJECTS = [
    ("Currently, 94% of organizations are using GenAI.", "94%", "organizations using GenAI"),
    (
        "Top motivations include cost (36%) and data sovereignty (34%).",
        "34%",
        "Top motivations: data sovereignty",
    ),
    ("Training cost: $5.6 million", "$5.6 million", "Training cost"),
    ("Inferencing, at 65% overall, is a primary activity.", "65%", "Inferencing"),
    (
        "It achieved a 55% reduction in per-image inference cost.",
        "55%",
        "reduction in per-image inference cost",
    ),
    (
        "User retention for the feature rose 14% in the period.",
        "14%",
        "User retention for the feature",
    ),
    ("The change cut redundant data movement by 41%.", "41%", "redundant data movement"),
    (
        "Its share of inference hardware fell to 54% after the move.",
        "54%",
        "share of inference hardware",
    ),
    (
        "Over two-thirds (67%) of respondents feel regulation is necessary.",
        "67%",
        "respondents feel regulation is necessary",
    ),
    ("Latency dropped from 1.9 seconds to 0.7 seconds.", "0.7 seconds", "Latency"),
    ("Decision-makers: 391 respondents", "391", "Decision-makers"),
    # a bracketed share closing what its population said or felt: the view, not its last words
    (
        "Many respondents also felt that the tool needs a lot of tedious setup code (43%).",
        "43%",
        "tool needs a lot of tedious setup code",
    ),
    (
        "A majority of respondents told us they either use templates or copy code from old "
        "projects when starting a new project (58%).",
        "58%",
        "use templates or copy code from old projects when starting a new project",
    ),
    # what was chosen or used by a share, a list included, past auxiliaries and adverbs
    (
        "YAML, CSV, and protocol buffers are also all used by roughly half of respondents.",
        "half",
        "YAML, CSV, and protocol buffers used",
    ),
    ("Kubernetes is used by 71% of organizations.", "71%", "Kubernetes used"),
    # ... but a count with its own noun counts that noun
    ("The foundation is supported by over 275 corporate members.", "275", "corporate members"),
    # an amount "of $N" is the noun before it, unless that noun only sums up
    (
        "Participants were offered a cash incentive of $5 for their participation.",
        "$5",
        "offered a cash incentive",
    ),
    ("The company raised a total of $5 million in funding.", "$5 million", "funding"),
    # a list after "such as" keeps its head, a comma before the introducer notwithstanding
    (
        "External motivations, such as recognition (15%) or career advancement (36%), rank low.",
        "36%",
        "External motivations: career advancement",
    ),
    # researchers, students, members … are populations: what they did is the subject
    (
        "A study found that 72% of biomedical researchers agreed that a crisis existed.",
        "72%",
        "biomedical researchers agreed that a crisis existed",
    ),
    # "respectively" pairs the values with a list's items in order; the value changed from is
    # each item's
    (
        RESPECTIVELY := "Both IoT and WebAssembly have grown, rising from 3% in 2021 to 6% and 5% "
        "in 2023, respectively.",
        "5%",
        "WebAssembly",
    ),
    (RESPECTIVELY, "6%", "IoT"),
    (RESPECTIVELY, "3%", "IoT and WebAssembly"),
    (
        "Python, Java, and Go were used by 40%, 30% and 20% of respondents, respectively.",
        "30%",
        "Java",
    ),
    ("Large and small firms reported gains of 12% and 4%, respectively.", "12%", "Large firms"),
    (
        "近年来 IoT 和 WebAssembly 的使用稳步增长，分别从 2021 年的 3% 上升到 2023 年的 6% 和 5%。",
        "5%",
        "WebAssembly",
    ),
    # only a size or a kind shares the last item's noun; a verb ends an item, a name does not
    ("Security and cost savings were cited by 40% and 30%, respectively.", "40%", "Security"),
    ("Revenue and net income rose 12% and 8%, respectively.", "8%", "net income"),
    # values paired with years, not with the items before them
    (
        "Adoption of Kubernetes and Docker was 61% and 54% in 2021 and 2023, respectively.",
        "61%",
        "Adoption of Kubernetes and Docker",
    ),
    # a sentence with its own subject borrows none from the sentence before
    (
        "We surveyed 1,200 developers and 300 managers. Adoption was 40% and 45% in 2022 and "
        "2023, respectively.",
        "45%",
        "Adoption",
    ),
    (
        "Cost is the top concern for 20% of respondents, followed by security at 15%.",
        "15%",
        "security",
    ),
    ("Others, such as Go (12%) and Rust (9%), trail.", "12%", "Go"),
    # a share closing its clause as a preposition's object measures the clause
    (
        "For infrastructure needs, Terraform was the tool of choice for about ¼ of respondents.",
        "¼",
        "Terraform was the tool of choice",
    ),
    # one word heads a list of examples; a dot inside a name ends no sentence
    (
        "It is apparent that frameworks such as Kubernetes (30%), Node.js (22%) and Jersey (19%) "
        "are gaining traction.",
        "19%",
        "frameworks: Jersey",
    ),
    # a population behind its quantifier is read with its predicate
    (
        "A significant proportion of participants (74.3%) acknowledged its existence.",
        "74.3%",
        "significant proportion of participants acknowledged its existence",
    ),
    # a singular population behind its quantifier, an exclamation in the bracket; the answer
    # keeps its possessive
    (
        "Nearly every respondent (96%!) said their software uses JSON.",
        "96%",
        "their software uses JSON",
    ),
    # no list in the sentence: the values of the sentence before are the items
    (
        "The top editors are VS Code (44%) and GoLand (31%). Both of these proportions fell "
        "from 2023 H1 (46% and 33%, respectively).",
        "33%",
        "top editors: GoLand",
    ),
    # nor there: the subject stays the sentence's own
    (
        "Both of these proportions fell from 2023 H1 (46% and 33%, respectively).",
        "33%",
        "proportions fell",
    ),
]
for _text, _, _ in SUBJECTS:
    case(_text)


@pytest.mark.parametrize(("text", "value_text", "subject"), SUBJECTS)
def test_subjects(text: str, value_text: str, subject: str) -> None:
    assert claim(text, value_text)["subject"] == subject


LONG = case(
    "Organizations with high or very high levels of GenAI adoption increasingly integrate "
    "open source tools, with 47% of their GenAI code infrastructure being open source."
)
TABLE = case("\tCross-industry IT\tIndustry-specific\n1\tCost (52%)\tPrivacy (60%)", "table")


def test_subject_is_short_and_never_the_whole_sentence() -> None:
    subject = claim(LONG, "47%")["subject"]
    assert subject and len(subject.split()) <= ClaimSettings().max_subject_words
    assert subject != LONG


def test_table_row_subject_uses_label_and_column() -> None:
    found = claims(TABLE, block_type="table").set_index("value_text")
    assert found.loc["52%", "subject"] == "Cost (Cross-industry IT)"
    assert found.loc["60%", "subject"] == "Privacy (Industry-specific)"
    assert found.loc["52%", "claim_text"] == "1 Cost (52%) Privacy (60%)"


# --------------------------------------------------------------------------- kinds

KINDS = [
    ("82% of respondents agree that AI must be open.", "survey_finding"),
    ("DeepSeek R1 was trained for $5.6 million.", "cost"),
    ("The top model sits at an ELO of 1,312 on the leaderboard.", "benchmark"),
    ("Fortune 500 adoption will exceed 85% by 2026.", "forecast"),
    ("73% of enterprise deployments now rely on open models.", "adoption"),
    ("NVIDIA holds a 71% market share in training GPUs.", "market_statistic"),
    ("The 12-point gap narrowed quickly.", "other"),
]
for _text, _ in KINDS:
    case(_text)


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_claim_kinds(text: str, kind: str) -> None:
    assert claims(text)["claim_kind"].tolist() == [kind]


# --------------------------------------------------------------------------- contract


def test_offsets_point_into_the_normalized_text() -> None:
    texts = [
        "First para. It says 84% of organizations agree.",
        "Head",
        "Then 316 respondents answered every question.",
    ]
    blocks = blocks_frame("doc", [Block("paragraph", t) for t in texts])
    normalized = BLOCK_SEPARATOR.join(texts)
    found = extract_claims(blocks)
    assert len(found) == 2
    for row in found.itertuples():
        assert normalized[row.char_start : row.char_end] == row.claim_text
    assert found["claim_text"].tolist()[0] == "It says 84% of organizations agree."


def test_claim_ids_are_stable_and_position_independent() -> None:
    text = "It says 84% of organizations agree, and 84% of teams too."
    first = claims(text)
    again = claims("An unrelated opening paragraph.", text)
    assert first["claim_id"].tolist() == again["claim_id"].tolist()
    assert first["claim_id"].is_unique and len(first) == 2


def test_repeated_sentence_gives_one_claim() -> None:
    text = "This survey reveals that 83% of organizations agree."
    assert len(claims(text, text)) == 1


def test_empty_frame_is_valid() -> None:
    empty = claims(case("No numbers here at all."))
    assert empty.empty and list(empty.columns) == list(CLAIMS_SCHEMA.columns)


def test_schema_rejects_inconsistent_rows() -> None:
    good = claims(case("It says 84% of organizations agree."))
    for column, value in (("value_low", 90.0), ("value", 140.0), ("char_end", 0)):
        bad = good.copy()
        if column == "value_low":
            bad["value_low"], bad["value_high"] = 90.0, 10.0
        else:
            bad[column] = value
        with pytest.raises(Exception):  # noqa: B017 - pandera's SchemaErrors
            CLAIMS_SCHEMA.validate(bad, lazy=True)
    unflagged_null = good.copy()
    unflagged_null["value"] = None
    with pytest.raises(Exception):  # noqa: B017
        CLAIMS_SCHEMA.validate(unflagged_null, lazy=True)


# --------------------------------------------------------------------------- corpus


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, pd.DataFrame]]:
    result = {}
    for document_id, name in DOCUMENTS.items():
        parsed = read_text((CORPUS / name).read_bytes())
        blocks = blocks_frame(document_id, parsed.blocks)
        found = extract_claims(blocks)
        types = blocks.set_index("block_id")["block_type"]
        found["block_type"] = found["block_id"].map(types)
        result[document_id] = (parsed.normalized_text, found)
    return result


def test_corpus_offsets_and_vocabularies(corpus: dict[str, tuple[str, pd.DataFrame]]) -> None:
    settings = ClaimSettings()
    for normalized, found in corpus.values():
        assert len(found) > 20
        for row in found.itertuples():
            span = normalized[row.char_start : row.char_end]
            if row.block_type in ("table", "chart") and "\t" in span:
                # a table row: its cells separated by spaces, after the table's title
                assert row.claim_text.endswith(" ".join(span.split()))
            else:
                assert span == row.claim_text
            assert row.value_text in row.claim_text
            assert row.claim_kind in CLAIM_KINDS
            flags = row.quality_flags if isinstance(row.quality_flags, str) else ""
            assert all(flag in FLAGS for flag in filter(None, flags.split(",")))
            assert isinstance(row.subject, str) and re.search(r"[^\W\d_]", row.subject)
            if row.block_type not in ("table", "chart") and ": " not in row.subject:
                limit = settings.max_subject_words + settings.max_predicate_words
                assert len(row.subject.split()) <= limit


def test_corpus_lf_headline_fact(corpus: dict[str, tuple[str, pd.DataFrame]]) -> None:
    _, found = corpus["lf-genai-2024"]
    row = found[found["claim_text"] == "Currently, 94% of organizations are using GenAI."].iloc[0]
    assert (row["value"], row["unit"], row["value_text"]) == (94.0, "percent", "94%")
    assert row["claim_kind"] == "survey_finding"
    table = found[found["claim_text"].str.endswith(": Cost efficiency 46%")].iloc[0]
    assert table["cited_source"].startswith("2024 GenAI survey")


def test_corpus_sylt_damaged_money(corpus: dict[str, tuple[str, pd.DataFrame]]) -> None:
    _, found = corpus["sylt-osai-2026"]
    row = found[found["value_text"] == ".8 million"].iloc[0]
    assert null(row["value"]) and "lost_currency_digits" in row["quality_flags"]
    share = found[found["value_text"] == "67%"].iloc[0]
    assert share["cited_source"] == "according to the 2025 Linux Foundation AI survey"
    assert not found["value_text"].isin(["2025", "2023", "3", "4", "2"]).any()


def test_corpus_mckinsey_counts_and_no_exhibit_numbers(
    corpus: dict[str, tuple[str, pd.DataFrame]],
) -> None:
    _, found = corpus["mckinsey-osai-2025"]
    participants = found[found["value_text"] == "703"]
    assert "McKinsey Open Source AI Survey" in set(participants["cited_source"])
    assert not found["claim_text"].str.contains("Exhibit <").any()
    assert (found[found["unit"] == "percent"]["value"].dropna() <= 100).all()
