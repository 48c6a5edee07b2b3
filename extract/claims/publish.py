"""What is published: a number with what it measures. Everything else is kept, with the reason.

A quantity becomes a claim (``raw.claims``, then ``marts.fct_claims``) only when its subject holds
at least one content word: a word of two letters or more that is not a function word (so a
subject is never a bare number, "%" or "the"). A quantity that cannot be given a meaning is not
dropped: it goes to the table of unpublished values (:data:`UNPUBLISHED_VALUES_SCHEMA`, raw table
``unpublished_values``) with its place (document, block, page, the block's box and the value's
character offsets) and one reason of :data:`UNPUBLISHED_REASONS`.

Scale definitions
    A number that defines an answer scale is no finding: "(rating of 9 or 10)", "on a scale of
    1 to 5", "from 1 (strongly disagree) to 5 (strongly agree)", "1 = not at all", "top-2-box"
    (:data:`extract.vocabulary.SCALE_DEFINITION_CUES`, read in the clause around the number).

Context
    A claim's text (or its subject) holds at least ``ClaimSettings.min_context_words`` words
    beside the number, or one fewer when its subject has two words or more ("Training cost:
    $5.6 million"; CJK text counts a word per two characters): "48 papers" alone, a label left
    over from a figure, says too little to be read (``no_context``). A short line that states a
    question's base ("55 out of 59 answered", "n = 312") is no finding (``base_line``).

Thresholds
    A count that bounds a group or an answer category ("companies with more than 1,000
    employees", "(>1,000 employees)", "最多的前 10 个主题") is no finding (``threshold``).

Axis ticks
    Three or more numbers of one unit in a unit of text with no word beside them, evenly spaced
    ("0% 20% 40% 60%"), are the ticks of a chart's axis.
"""

from __future__ import annotations

import hashlib
import itertools
import re

import pandas as pd
import pandera.pandas as pa

from extract.blocks import SECTION_SEPARATOR
from extract.claims.quantities import Quantity
from extract.claims.units import UNITS
from extract.frame_types import TEXT
from extract.settings import ClaimSettings
from extract.validation import validate
from extract.vocabulary import (
    ACKNOWLEDGMENT_HEADINGS,
    BASE_LINE_CUES,
    FUNCTION_WORDS,
    REFERENCE_LIST_HEADINGS,
    SCALE_DEFINITION_CUES,
)

UNPUBLISHED_REASONS: dict[str, str] = {
    "no_subject": "no word beside the number says what it measures",
    "no_category": (
        "a table or chart value with neither a row label nor a column header (only a period, "
        "or a chart value whose category the reader could not pair)"
    ),
    "no_unit": "a bare number in a table that does not say what its numbers are",
    "table_total": "a Total row: the base of the question, not a finding",
    "scale_definition": "a number that defines an answer scale ('rating of 9 or 10')",
    "axis_ticks": "evenly spaced numbers with no word beside them: the ticks of a chart's axis",
    "base_line": "a question's base line ('55 out of 59 answered', 'n = 312'), not a finding",
    "threshold": (
        "a bound that defines a group or an answer category ('companies with more than 1,000 "
        "employees', '最多的前 10 个主题'), not a finding"
    ),
    "reference_list": (
        "a number in the document's list of references (a cited work's title, volume or "
        "pages), not a finding of the document"
    ),
    "acknowledgments": (
        "a number in the document's acknowledgments or funding note (a grant or award "
        "number), not a finding"
    ),
    "no_context": (
        "fewer words beside the number than a reader needs to tell what it measures (a figure's "
        "loose labels: '48 papers')"
    ),
}
"""Why a value is not published, by name."""

UNPUBLISHED_VALUES_SCHEMA = pa.DataFrameSchema(
    {
        "value_id": pa.Column(TEXT, unique=True),
        "document_id": pa.Column(TEXT),
        "block_id": pa.Column(TEXT),
        "block_type": pa.Column(TEXT),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "section": pa.Column(TEXT, nullable=True),
        "text": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "value_text": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(TEXT, pa.Check.isin(UNITS)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
        "x0": pa.Column(float, nullable=True),
        "top": pa.Column(float, nullable=True),
        "x1": pa.Column(float, nullable=True),
        "bottom": pa.Column(float, nullable=True),
        "reason": pa.Column(TEXT, pa.Check.isin(list(UNPUBLISHED_REASONS))),
    },
    checks=[pa.Check(lambda df: df["char_end"] > df["char_start"], name="char_end_after_start")],
    strict=True,
    coerce=True,
    name="unpublished_values",
)

_CONTENT_WORD = re.compile(r"[^\W\d_]{2,}|[\u3400-\u9fff]")
_SCALE = re.compile(rf"(?:{'|'.join(SCALE_DEFINITION_CUES)})", re.IGNORECASE)
_CLAUSE_MARKS = re.compile(r"[.;!?]\s")


_BASE_LINE = re.compile(rf"(?:{'|'.join(BASE_LINE_CUES)})", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")


def context_words(text: str, value_text: str) -> int:
    """Words beside the number in the claim's text (tokens with a letter); CJK text, whose
    words are not spaced, counts one word per two characters."""
    rest = text.replace(value_text, " ", 1) if value_text else text
    words = [w for w in rest.split() if _LETTER.search(w) and not _CJK.search(w)]
    return len(words) + len(_CJK.findall(rest)) // 2


def enough_context(
    text: str, value_text: str, subject: str | None, settings: ClaimSettings
) -> bool:
    """Words enough to read the number: ``min_context_words`` beside it or in its subject (a
    table cell's subject holds its row and column: "Security (Cross-industry IT)"), or one fewer
    beside it when the subject has two words or more ("Training cost: $5.6 million")."""
    words = context_words(text, value_text)
    subject_words = len(_CONTENT_WORD.findall(subject or ""))
    if max(words, subject_words) >= settings.min_context_words:
        return True
    return words >= settings.min_context_words - 1 and subject_words >= 2


def is_base_line(text: str) -> bool:
    """A short line stating a question's base: "55 out of 59 answered", "n = 312"."""
    return len(text.split()) <= 8 and bool(_BASE_LINE.search(text))


_THRESHOLD_BEFORE = re.compile(
    r"(?:\b(?:with|having)\s+(?:more than|over|less than|fewer than|at least|under|above"
    r"|up to|[<>≥≤])\s*|[(（]\s*[<>≥≤]\s*|(?:超过|至少|不足|少于|大于|小于|多于|前)\s*)$",
    re.IGNORECASE,
)


def is_threshold(text: str, quantity: Quantity) -> bool:
    """A count that bounds a group rather than states a finding: "companies with more than 1,000
    employees", "(>1,000 employees)", "拥有超过 1000 名员工的公司", "最多的前 10 个主题"."""
    if quantity.unit != "count":
        return False
    before = text[max(0, quantity.start - 40) : quantity.start]
    if not _THRESHOLD_BEFORE.search(before):
        return False
    if _CJK.search(before[-3:] or ""):
        # in CJK text a bound modifies the noun after it ("…名员工的公司"), or is a top-N
        return before.rstrip().endswith("前") or "的" in text[quantity.end : quantity.tail_end + 2]
    return True


# A heading's numbering or lettering before its words ("7 References", "VII. REFERENCES", "A.").
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])?[.)]?\s+|[\s.:]+$")
_BACK_MATTER = {
    **dict.fromkeys(REFERENCE_LIST_HEADINGS, "reference_list"),
    **dict.fromkeys(ACKNOWLEDGMENT_HEADINGS, "acknowledgments"),
}


def back_matter(section_path: str | None) -> str | None:
    """Is a block in the document's back matter, and which: "reference_list" under a heading
    such as "References", "7 Bibliography", "参考文献"; "acknowledgments" under
    "Acknowledgments" or "Funding". None elsewhere."""
    if not section_path:
        return None
    heading = section_path.rsplit(SECTION_SEPARATOR, 1)[-1]
    return _BACK_MATTER.get(_HEADING_NUMBER.sub("", heading).casefold())


def has_meaning(subject: str | None) -> bool:
    """Does the subject hold a word that says what is measured (not only function words)?"""
    if not subject:
        return False
    words = _CONTENT_WORD.findall(subject)
    return any(word.lower() not in FUNCTION_WORDS for word in words)


def is_scale_definition(text: str, quantity: Quantity) -> bool:
    """Is the number part of an answer scale's definition (see the module docstring)?"""
    left = max(0, quantity.span_start - 60)
    right = min(len(text), quantity.tail_end + 60)
    window = text[left:right]
    for match in _SCALE.finditer(window):
        if match.start() + left <= quantity.start < match.end() + left + 2:
            return True
        # "(rating of 9 or 10)": both numbers of the definition.
        if match.start() + left <= quantity.start <= match.end() + left + 8 and re.match(
            r"\s*(?:or|to|-|–)\s*$", text[match.end() + left : quantity.start]
        ):
            return True
    return False


def axis_ticks(text: str, quantities: list[Quantity]) -> bool:
    """Evenly spaced numbers of one unit and nothing else in the text: an axis."""
    if len(quantities) < 3 or len({q.unit for q in quantities}) != 1:
        return False
    values = [q.value for q in quantities]
    if any(v is None for v in values):
        return False
    rest = text
    for q in reversed(quantities):
        rest = rest[: q.span_start] + rest[q.tail_end :]
    if re.search(r"[^\W\d_]", rest):
        return False
    steps = {round(b - a, 6) for a, b in itertools.pairwise(values)}  # type: ignore[operator]
    return len(steps) == 1 and next(iter(steps)) != 0


def value_id(document_id: str, block_id: str, start: int, value_text: str) -> str:
    key = "\x1f".join((document_id, block_id, str(start), value_text))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def empty_unpublished_frame() -> pd.DataFrame:
    frame = pd.DataFrame(columns=list(UNPUBLISHED_VALUES_SCHEMA.columns))
    return validate(UNPUBLISHED_VALUES_SCHEMA, frame)
