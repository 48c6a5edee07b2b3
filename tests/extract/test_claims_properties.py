"""Property tests: claim extraction never raises and its offsets always hold.

Validating a frame costs tens of milliseconds, so the tests through ``extract_claims`` draw
few, many-block documents; the parser underneath is exercised on many more inputs directly.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.blocks import BLOCK_SEPARATOR, Block, blocks_frame
from extract.claims import CLAIMS_SCHEMA, UNITS, extract_claims, find_quantities, sentence_spans

# Number soup: the characters and words the parser reacts to, in any order.
_SOUP_WORDS = [
    "%",
    "$",
    ".",
    ",",
    "-",
    "–",
    "+",
    "x",
    "k",
    "M",
    "B",
    " ",
    "\t",
    "(",
    ")",
    "<",
    ">",
    "percent",
    "million",
    "billion",
    "times more",
    "of respondents",
    "from",
    "to",
    "between",
    "and",
    "half",
    "three-quarters",
    "one in five",
    "sub-",
    "10^",
    "FLOPs",
    "tokens",
    "parameters",
    "seconds",
    "ELO of",
    "Q3",
    "Figure",
    "Llama",
    "GPT-",
    "2024",
    "Dec",
    "according to",
    "Source:",
    "fell",
    "grew",
    "respondents",
    "Fortune",
    "ms",
    "TB",
    "/",
    "Sixty",
    "twice as",
    "\n",
    "e.g.",
    "U.S.",
    "“",
    "”",
    "*",
    "?",
    "!",
]
soup = st.lists(
    st.one_of(
        st.sampled_from(_SOUP_WORDS),
        st.integers(min_value=0, max_value=10**40).map(str),
        st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.2f}"),
        st.text(alphabet="0123456789.,%$ ^", min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=40,
).map(" ".join)
any_text = st.text(min_size=1, max_size=300)
block_text = st.one_of(soup, any_text, st.tuples(soup, any_text).map(" ".join))
block_types = st.sampled_from(
    ["paragraph", "list_item", "caption", "quote", "source_note", "table", "heading", "question"]
)
documents = st.lists(st.tuples(block_types, block_text), min_size=1, max_size=12)

_FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_MANY = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _frame(parts: list[tuple[str, str]]):
    return blocks_frame("doc", [Block(kind, text) for kind, text in parts])  # type: ignore[arg-type]


@_FEW
@given(documents)
def test_extract_claims_never_raises_and_offsets_hold(parts: list[tuple[str, str]]) -> None:
    blocks = _frame(parts)
    found = extract_claims(blocks)
    CLAIMS_SCHEMA.validate(found)
    normalized = BLOCK_SEPARATOR.join(text for _, text in parts)
    by_id = blocks.set_index("block_id")
    for row in found.itertuples():
        block = by_id.loc[row.block_id]
        start = row.char_start - block["char_start"]
        end = row.char_end - block["char_start"]
        assert 0 <= start < end <= len(block["text"])
        span = normalized[row.char_start : row.char_end]
        assert block["text"][start:end] == span
        if span != row.claim_text:
            # a table row (cells separated by spaces) or a short callout, after its title
            assert " ".join(row.claim_text.split()).endswith(" ".join(span.split()))
        assert row.value_text in row.claim_text
        assert isinstance(row.subject, str) and row.subject.strip()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(soup, min_size=1, max_size=6).map(". ".join))
def test_claim_ids_do_not_depend_on_position(text: str) -> None:
    alone = extract_claims(_frame([("paragraph", text)]))
    shifted = extract_claims(_frame([("paragraph", "Preface."), ("paragraph", text)]))
    assert alone["claim_id"].tolist() == shifted["claim_id"].tolist()


@_MANY
@given(st.one_of(soup, any_text))
def test_parser_spans_hold(text: str) -> None:
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        assert sentence and sentence == sentence.strip()
        for quantity in find_quantities(sentence):
            assert sentence[quantity.start : quantity.end] == quantity.value_text
            assert quantity.value_text
            assert 0 <= quantity.span_start <= quantity.start < quantity.end <= len(sentence)
            assert quantity.unit in UNITS
            if quantity.low is not None and quantity.high is not None:
                assert quantity.low <= quantity.high
