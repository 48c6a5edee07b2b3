"""Claims from blocks: the units of text a block is read in, one row per stated quantity.

Units of text
    A claim's ``claim_text`` is the sentence, list item, caption or table row that holds the
    number, exactly as it stands in the block (so ``normalized_text[char_start:char_end] ==
    claim_text``). Paragraphs, list items, captions, quotes and source notes are split into
    sentences; a table row (one line of the block, cells joined by tabs) is one unit. Headings
    (titles that restate the text below them) and survey questions (``question`` blocks: "in the
    next 12 months" is not a finding) are not read (``ClaimSettings.block_types``).

Identity
    ``claim_id`` hashes document id, claim text, value text and the occurrence index of that
    value text in the claim text: stable across runs and independent of where the block sits. A
    sentence repeated word for word in a document gives one claim (its first occurrence).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pandas as pd
import pandera.pandas as pa

from extract.claims.citation import following_note, inline_source, note_source
from extract.claims.flags import FLAGS
from extract.claims.kind import CLAIM_KINDS, claim_kind, is_survey_document
from extract.claims.quantities import DEFAULT_SETTINGS, find_quantities
from extract.claims.subject import subjects_of
from extract.claims.units import UNITS
from extract.genre import sentence_spans
from extract.settings import ClaimSettings


def _flags_known(flags: pd.Series) -> pd.Series:
    return flags.isna() | flags.map(
        lambda text: isinstance(text, str) and all(name in FLAGS for name in text.split(","))
    )


def _range_ordered(df: pd.DataFrame) -> pd.Series:
    both = df["value_low"].notna() & df["value_high"].notna()
    return ~both | (df["value_low"] <= df["value_high"])


def _null_value_explained(df: pd.DataFrame) -> pd.Series:
    is_range = df["value_low"].notna() | df["value_high"].notna()
    return df["value"].notna() | df["quality_flags"].notna() | is_range


def _percent_in_range(df: pd.DataFrame) -> pd.Series:
    in_range = df["value"].between(0, 100)
    return (df["unit"] != "percent") | df["value"].isna() | in_range | df["quality_flags"].notna()


CLAIMS_SCHEMA = pa.DataFrameSchema(
    {
        "claim_id": pa.Column(str, unique=True),
        "document_id": pa.Column(str),
        "block_id": pa.Column(str),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "section": pa.Column(str, nullable=True),
        "claim_text": pa.Column(str, pa.Check.str_length(min_value=1)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
        "value": pa.Column(float, nullable=True),
        "value_low": pa.Column(float, nullable=True),
        "value_high": pa.Column(float, nullable=True),
        "value_text": pa.Column(str),
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "qualifier": pa.Column(str, nullable=True),
        "subject": pa.Column(str, nullable=True),
        "claim_kind": pa.Column(str, pa.Check.isin(CLAIM_KINDS), nullable=True),
        "cited_source": pa.Column(str, nullable=True),
        "quality_flags": pa.Column(
            str, pa.Check(_flags_known, name="known_quality_flags"), nullable=True
        ),
    },
    checks=[
        pa.Check(lambda df: df["char_end"] > df["char_start"], name="char_end_after_start"),
        pa.Check(_range_ordered, name="value_low_not_above_value_high"),
        pa.Check(_null_value_explained, name="null_value_is_flagged_or_range"),
        pa.Check(_percent_in_range, name="percent_within_0_100_unless_flagged"),
    ],
    strict=True,
    coerce=True,
    name="claims",
)


def _row_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not re.fullmatch(r"[\s\t|:-]*", line):
            left = len(line) - len(line.lstrip())
            spans.append((offset + left, offset + len(line.rstrip())))
        offset += len(line) + 1
    return spans


def _units_of_text(block_type: str, text: str) -> list[tuple[int, int]]:
    return _row_spans(text) if block_type in ("table", "chart") else sentence_spans(text)


def _claim_id(document_id: str, claim_text: str, value_text: str, occurrence: int) -> str:
    key = "\x1f".join((document_id, claim_text, value_text, str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _block_claims(
    blocks: list[dict], index: int, settings: ClaimSettings, survey_document: bool
) -> Iterator[dict]:
    block = blocks[index]
    text: str = block["text"]
    block_type: str = block["block_type"]
    header: list[str] | None = None
    # A table's first row names its columns; a chart has a header row only for its series
    # (it starts with an empty cell).
    if block_type == "table" or (block_type == "chart" and text.startswith("\t")):
        header = text.split("\n", 1)[0].split("\t")
    block_note: str | None = None
    if block_type == "source_note" or re.search(r"\b[Ss]ources?\s*:", text):
        block_note = note_source(text, settings)
    next_note: str | bool | None = False  # computed on first need
    section = block["section_path"] or None
    for start, end in _units_of_text(block_type, text):
        unit_text = text[start:end]
        quantities = find_quantities(unit_text, settings)
        if not quantities:
            continue
        inline = inline_source(unit_text, settings)
        subjects = subjects_of(
            unit_text, quantities, header if start > 0 else None, block_type, settings
        )
        for q, subject in zip(quantities, subjects, strict=True):
            source = inline or block_note
            if source is None and block_type in ("table", "chart", "caption", "list_item"):
                if next_note is False:
                    next_note = following_note(blocks, index, settings)
                source = next_note or None
            kind = claim_kind(unit_text, q, subject, survey_document)
            occurrence = unit_text[: q.start].count(q.value_text)
            yield {
                "claim_id": _claim_id(block["document_id"], unit_text, q.value_text, occurrence),
                "document_id": block["document_id"],
                "block_id": block["block_id"],
                "page_number": block["page_number"],
                "section": section,
                "claim_text": unit_text,
                "char_start": block["char_start"] + start,
                "char_end": block["char_start"] + end,
                "value": q.value,
                "value_low": q.low,
                "value_high": q.high,
                "value_text": q.value_text,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "subject": subject,
                "claim_kind": kind,
                "cited_source": source,
                "quality_flags": ",".join(q.flags) or None,
            }


def extract_claims(
    blocks: pd.DataFrame, settings: ClaimSettings = DEFAULT_SETTINGS
) -> pd.DataFrame:
    """Every quantitative claim in ``blocks`` (a frame of BLOCKS_SCHEMA), as CLAIMS_SCHEMA rows."""
    records = blocks.to_dict("records") if len(blocks) else []
    for record in records:
        if pd.isna(record.get("page_number")):
            record["page_number"] = None
    rows: list[dict] = []
    surveys = {
        document_id: is_survey_document(
            [r for r in records if r["document_id"] == document_id], settings
        )
        for document_id in dict.fromkeys(r["document_id"] for r in records)
    }
    for index, block in enumerate(records):
        if block["block_type"] not in settings.block_types or not block["text"]:
            continue
        rows.extend(_block_claims(records, index, settings, surveys[block["document_id"]]))
    frame = pd.DataFrame(rows, columns=list(CLAIMS_SCHEMA.columns))
    frame = frame.drop_duplicates("claim_id", keep="first").reset_index(drop=True)
    return CLAIMS_SCHEMA.validate(frame, lazy=True)
