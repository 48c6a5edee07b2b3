"""Claims from blocks: the units of text a block is read in, one row per stated quantity.

Units of text
    Every block is read (``ClaimSettings.block_types``): paragraphs, list items, captions,
    quotes, source notes and headings (slide titles and callouts state findings: "84% Say Julia
    Is One of My Favorite Languages") are split into sentences, and a sentence's ``claim_text``
    is the sentence exactly as it stands in the block (``normalized_text[char_start:char_end] ==
    claim_text``). In a heading a count is a claim only when it counts respondents or a
    population ("1,805 developers"; not "5 Key Takeaways"). Survey questions (``question``
    blocks: "in the next 12 months" is not a finding) are not read. Tables and charts are read
    cell by cell (:mod:`~extract.claims.tables`): a cell's ``claim_text`` is its row, cells
    separated by spaces, after the table's title and ": " ("Future plans for deploying IoT
    solutions: Deploying IoT solutions today 39%"), and ``char_start``/``char_end`` delimit the
    row in the normalized text (a cell of running text: its sentence, as for a paragraph).

Page
    A claim's page is the page of the part of its block it stands in: a paragraph rejoined
    across a page break keeps the page of each part (``page_breaks`` of the blocks frame).

Damage
    A number read from a block whose text layer the reader marked damaged (``damage`` of the
    blocks frame: doubled glyphs, glyphs mapped to wrong characters) is kept with ``value`` null
    and a flag; so is a number inside a run of doubled glyphs ("116633 ((7755..11%%))"), found
    whatever the reader said (:func:`extract.claims.flags.doubled_runs`).

Publication
    A quantity with a subject that says what it measures is a claim; the others go to the
    unpublished values with the reason (:mod:`~extract.claims.publish`).
    :func:`extract_claim_values` returns both frames, :func:`extract_claims` the claims.

Identity
    ``claim_id`` hashes document id, claim text, value text and the occurrence index of that
    value text in the claim text: stable across runs and independent of where the block sits. A
    sentence repeated word for word in a document gives one claim (its first occurrence).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pandas as pd
import pandera.pandas as pa

from extract.blocks import page_at, parse_page_breaks
from extract.claims.citation import following_note, inline_source, note_source
from extract.claims.cjk import sentence_spans_cjk
from extract.claims.flags import FLAGS, block_damage_flags, doubled_runs
from extract.claims.kind import CLAIM_KINDS, claim_kind, is_survey_document
from extract.claims.publish import (
    UNPUBLISHED_VALUES_SCHEMA,
    axis_ticks,
    back_matter,
    enough_context,
    has_meaning,
    is_base_line,
    is_scale_definition,
    is_threshold,
    value_id,
)
from extract.claims.quantities import DEFAULT_SETTINGS, Quantity, find_quantities
from extract.claims.subject import subjects_of
from extract.claims.tables import Carry, CellClaim, grid_claims, is_period, period_text
from extract.claims.titles import block_title, grid_titles
from extract.claims.units import UNITS
from extract.frame_types import TEXT
from extract.genre import sentence_spans
from extract.settings import ClaimSettings
from extract.validation import validate
from extract.vocabulary import POPULATION_NOUNS, RESPONDENT_NOUNS, STATISTIC_WORDS


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
        "claim_id": pa.Column(TEXT, unique=True),
        "document_id": pa.Column(TEXT),
        "block_id": pa.Column(TEXT),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "section": pa.Column(TEXT, nullable=True),
        "claim_text": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
        "value": pa.Column(float, nullable=True),
        "value_low": pa.Column(float, nullable=True),
        "value_high": pa.Column(float, nullable=True),
        "value_text": pa.Column(TEXT),
        "unit": pa.Column(TEXT, pa.Check.isin(UNITS)),
        "qualifier": pa.Column(TEXT, nullable=True),
        "subject": pa.Column(TEXT, nullable=True),
        "claim_kind": pa.Column(TEXT, pa.Check.isin(CLAIM_KINDS), nullable=True),
        "cited_source": pa.Column(TEXT, nullable=True),
        "quality_flags": pa.Column(
            TEXT, pa.Check(_flags_known, name="known_quality_flags"), nullable=True
        ),
        "period": pa.Column(TEXT, nullable=True),
        "respondents_count": pa.Column("Int64", pa.Check.ge(0), nullable=True),
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


_GRID_TYPES = ("table", "chart")
_POPULATION = re.compile(
    rf"\b(?:{'|'.join((*RESPONDENT_NOUNS, *POPULATION_NOUNS))})\b", re.IGNORECASE
)
_HEADING_UNITS = ("percent", "usd", "multiple", "points", "score")


@dataclass(frozen=True)
class ClaimValues:
    """Every value of a document: the claims, and the values not published with the reason."""

    claims: pd.DataFrame
    unpublished: pd.DataFrame


@dataclass
class _Found:
    """One quantity with everything the claim or unpublished row needs."""

    quantity: Quantity  # offsets into ``read_text``
    read_text: str  # the unit of text the quantity was read in (sentence, cell)
    read_start: int  # where read_text starts in the block text
    claim_text: str
    text_start: int  # claim_text's span in the block text (a row: the row)
    text_end: int
    subject: str | None
    kind_text: str  # the text the kind is judged by (offsets of quantity refer to read_text)
    occurrence_text: str  # claim_text up to the value, for the occurrence index
    period: str | None = None
    respondents_count: int | None = None
    reason: str | None = None
    grid: bool = False


def _claim_id(document_id: str, claim_text: str, value_text: str, occurrence: int) -> str:
    key = "\x1f".join((document_id, claim_text, value_text, str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _prose_found(block: dict, settings: ClaimSettings) -> Iterator[_Found]:
    text: str = block["text"]
    heading = block["block_type"] == "heading"
    earlier: list[str | None] = []  # the subjects of the sentence before, for "respectively"
    for start, end in sentence_spans_cjk(text, sentence_spans(text)):
        unit_text = text[start:end]
        quantities = find_quantities(unit_text, settings)
        if heading:
            quantities = [q for q in quantities if _heading_quantity(unit_text, q)]
        if not quantities:
            continue
        subjects = subjects_of(
            unit_text, quantities, None, block["block_type"], settings, earlier=earlier
        )
        earlier = subjects
        ticks = axis_ticks(unit_text, quantities)
        for q, subject in zip(quantities, subjects, strict=True):
            reason = None
            if ticks:
                reason = "axis_ticks"
            elif is_scale_definition(unit_text, q):
                reason = "scale_definition"
            elif is_threshold(unit_text, q):
                reason = "threshold"
            yield _Found(
                quantity=q,
                read_text=unit_text,
                read_start=start,
                claim_text=unit_text,
                text_start=start,
                text_end=end,
                subject=subject,
                kind_text=unit_text,
                occurrence_text=unit_text[: q.start],
                reason=reason,
            )


def _heading_quantity(text: str, q: Quantity) -> bool:
    """A heading states a finding with a share, money, a multiple, points or a score, or a count
    of respondents or a population; "5 Key Takeaways" is no finding."""
    if q.unit in _HEADING_UNITS:
        return True
    return q.unit == "count" and bool(q.noun) and bool(_POPULATION.search(q.noun or ""))


def _grid_found(
    block: dict, title: str | None, carried: Carry | None, settings: ClaimSettings
) -> tuple[list[_Found], Carry]:
    text: str = block["text"]
    prefix = f"{title}: " if title else ""
    reading = grid_claims(text, block["block_type"], title, settings, carried)
    return [_cell_found(cell, text, prefix) for cell in reading.claims], reading.carry


def _cell_found(cell: CellClaim, text: str, prefix: str) -> _Found:
    q = cell.quantity
    if cell.prose:
        end = cell.unit_start + len(cell.unit_text)
        return _Found(
            quantity=q,
            read_text=cell.unit_text,
            read_start=cell.unit_start,
            claim_text=cell.unit_text,
            text_start=cell.unit_start,
            text_end=end,
            subject=cell.subject,
            kind_text=cell.unit_text,
            occurrence_text=cell.unit_text[: q.start],
            reason=cell.reason,
            grid=True,
        )
    row = cell.row
    row_text = " ".join(c.text for c in row.cells if c.text)
    before_value = text[row.start : cell.unit_start + q.start]
    return _Found(
        quantity=q,
        read_text=cell.unit_text,
        read_start=cell.unit_start,
        claim_text=prefix + row_text,
        text_start=row.start,
        text_end=row.end,
        subject=cell.subject,
        kind_text=cell.unit_text,
        occurrence_text=prefix + before_value,
        period=cell.period,
        respondents_count=cell.respondents_count,
        reason=cell.reason,
        grid=True,
    )


def _with_damage(found: _Found, block_flags: tuple[str, ...]) -> _Found:
    """Flags of the block's damage and of doubled glyphs around the number; value left null."""
    q = found.quantity
    flags = list(block_flags)
    for run_start, run_end in doubled_runs(found.read_text):
        if run_start < q.end and q.start < run_end:
            flags.append("doubled_glyphs")
    if not flags:
        return found
    nulls = any(FLAGS_NULL_VALUE.get(flag, False) for flag in flags)
    merged = tuple(dict.fromkeys((*q.flags, *flags)))
    if nulls:
        q = replace(q, value=None, low=None, high=None, flags=merged)
    else:
        q = replace(q, flags=merged)
    return replace(found, quantity=q)


FLAGS_NULL_VALUE = {"doubled_glyphs": True, "glyph_mapping": True, "missing_spaces": False}


def _block_found(
    records: list[dict],
    index: int,
    title: str | None,
    carried: Carry | None,
    settings: ClaimSettings,
) -> tuple[list[_Found], Carry | None]:
    """A block's values (damage flagged), and what a table continuing it takes from it."""
    block = records[index]
    flags = block_damage_flags(block.get("damage"))
    carry = None
    if block["block_type"] in _GRID_TYPES:
        found, carry = _grid_found(block, title, carried, settings)
        dated = _period_above(records, index)
        if dated:
            found = [item if item.period else replace(item, period=dated) for item in found]
    else:
        found = list(_prose_found(block, settings))
    section = back_matter(block["section_path"])
    if section:  # a cited work's or a grant's numbers, never the document's findings
        found = [replace(item, reason=section) for item in found]
    return [_with_damage(item, flags) for item in found], carry


def _period_above(records: list[dict], index: int) -> str | None:
    """The date printed on a line of its own right above a table, as a one-column trend prints
    its column's head ("Jan 2010" over "26 | Too slow"): the period of its values."""
    if index == 0:
        return None
    above, block = records[index - 1], records[index]
    if above["document_id"] != block["document_id"] or above["block_type"] != "paragraph":
        return None
    if above["page_number"] != block["page_number"] or not is_period(above["text"].strip()):
        return None
    return period_text(above["text"].strip())


def _under_title(found: _Found, records: list[dict], index: int, settings: ClaimSettings) -> _Found:
    """A value of a short prose block read under the title it stands under (its question), when
    its own words are too few or only name a statistic: "2.0 Average rating" → "<question>: 2.0
    Average rating"."""
    if found.grid or found.reason or not has_meaning(found.subject):
        return found
    if is_base_line(found.claim_text):
        return found  # "55 out of 59 answered" is the question's base, under a title or not
    statistic_only = all(
        word.lower() in STATISTIC_WORDS for word in re.findall(r"[^\W\d_]+", found.subject or "")
    )
    if not statistic_only and enough_context(
        found.claim_text, found.quantity.value_text, found.subject, settings
    ):
        return found
    title = block_title(records, index, settings)
    if not title:
        return found
    prefix = f"{title}: "
    return replace(
        found,
        claim_text=prefix + found.claim_text,
        subject=f"{title}: {found.subject}",
        occurrence_text=prefix + found.occurrence_text,
    )


def _reason(found: _Found, settings: ClaimSettings) -> str | None:
    if found.reason:
        return found.reason
    if not has_meaning(found.subject):
        return "no_subject"
    if not found.grid and is_base_line(found.claim_text):
        return "base_line"
    if not enough_context(found.claim_text, found.quantity.value_text, found.subject, settings):
        return "no_context"
    return None


def extract_claim_values(
    blocks: pd.DataFrame, settings: ClaimSettings = DEFAULT_SETTINGS
) -> ClaimValues:
    """Every value stated in ``blocks`` (a frame of BLOCKS_SCHEMA): claims (CLAIMS_SCHEMA) and
    the values not published (UNPUBLISHED_VALUES_SCHEMA)."""
    records = blocks.to_dict("records") if len(blocks) else []
    for record in records:
        for column in ("page_number", "damage", "page_breaks", "x0", "top", "x1", "bottom"):
            if column in record and pd.isna(record[column]):
                record[column] = None
    surveys = {
        document_id: is_survey_document(
            [r for r in records if r["document_id"] == document_id], settings
        )
        for document_id in dict.fromkeys(r["document_id"] for r in records)
    }
    grids = grid_titles(records, settings)
    carries: dict[int, Carry] = {}
    claims: list[dict] = []
    unpublished: list[dict] = []
    for index, block in enumerate(records):
        if block["block_type"] not in settings.block_types or not block["text"]:
            continue
        context = _BlockContext(records, index, settings)
        continued = grids.continues.get(index)
        found_values, carry = _block_found(
            records,
            index,
            grids.titles.get(index),
            carries.get(continued) if continued is not None else None,
            settings,
        )
        if carry is not None:
            carries[index] = carry
        for found in found_values:
            found = _under_title(found, records, index, settings)
            reason = _reason(found, settings)
            if reason is None:
                claims.append(context.claim_row(found, surveys[block["document_id"]]))
            else:
                unpublished.append(context.unpublished_row(found, reason))
    claim_frame = pd.DataFrame(claims, columns=list(CLAIMS_SCHEMA.columns))
    claim_frame = claim_frame.drop_duplicates("claim_id", keep="first").reset_index(drop=True)
    rejected = pd.DataFrame(unpublished, columns=list(UNPUBLISHED_VALUES_SCHEMA.columns))
    rejected = rejected.drop_duplicates("value_id", keep="first").reset_index(drop=True)
    return ClaimValues(
        validate(CLAIMS_SCHEMA, claim_frame),
        validate(UNPUBLISHED_VALUES_SCHEMA, rejected),
    )


def extract_claims(
    blocks: pd.DataFrame, settings: ClaimSettings = DEFAULT_SETTINGS
) -> pd.DataFrame:
    """Every quantitative claim in ``blocks`` (a frame of BLOCKS_SCHEMA), as CLAIMS_SCHEMA rows."""
    return extract_claim_values(blocks, settings).claims


class _BlockContext:
    """What the rows of one block share: provenance, citations, pages."""

    def __init__(self, records: list[dict], index: int, settings: ClaimSettings) -> None:
        self.records = records
        self.index = index
        self.block = records[index]
        self.settings = settings
        text = self.block["text"]
        self.block_note: str | None = None
        if self.block["block_type"] == "source_note" or re.search(r"\b[Ss]ources?\s*:", text):
            self.block_note = note_source(text, settings)
        self._next_note: str | bool | None = False  # computed on first need
        self.breaks = parse_page_breaks(self.block.get("page_breaks"))

    def _page(self, offset: int) -> int | None:
        return page_at(self.block["page_number"], self.breaks, offset)

    def _source(self, found: _Found) -> str | None:
        source = inline_source(found.read_text, self.settings) or self.block_note
        if source is None and self.block["block_type"] in (
            *_GRID_TYPES,
            "caption",
            "list_item",
        ):
            if self._next_note is False:
                self._next_note = following_note(self.records, self.index, self.settings)
            source = self._next_note or None
        return source

    def claim_row(self, found: _Found, survey_document: bool) -> dict:
        block, q = self.block, found.quantity
        occurrence = found.occurrence_text.count(q.value_text)
        value_offset = found.read_start + q.start
        return {
            "claim_id": _claim_id(block["document_id"], found.claim_text, q.value_text, occurrence),
            "document_id": block["document_id"],
            "block_id": block["block_id"],
            "page_number": self._page(value_offset),
            "section": block["section_path"] or None,
            "claim_text": found.claim_text,
            "char_start": block["char_start"] + found.text_start,
            "char_end": block["char_start"] + found.text_end,
            "value": q.value,
            "value_low": q.low,
            "value_high": q.high,
            "value_text": q.value_text,
            "unit": q.unit,
            "qualifier": q.qualifier,
            "subject": found.subject,
            "claim_kind": claim_kind(found.kind_text, q, found.subject, survey_document),
            "cited_source": self._source(found),
            "quality_flags": ",".join(q.flags) or None,
            "period": found.period,
            "respondents_count": found.respondents_count,
        }

    def unpublished_row(self, found: _Found, reason: str) -> dict:
        block, q = self.block, found.quantity
        value_start = found.read_start + q.start
        return {
            "value_id": value_id(
                block["document_id"], block["block_id"], value_start, q.value_text
            ),
            "document_id": block["document_id"],
            "block_id": block["block_id"],
            "block_type": block["block_type"],
            "page_number": self._page(value_start),
            "section": block["section_path"] or None,
            "text": found.claim_text,
            "value_text": q.value_text,
            "value": q.value,
            "unit": q.unit,
            "char_start": block["char_start"] + value_start,
            "char_end": block["char_start"] + value_start + len(q.value_text),
            "x0": block.get("x0"),
            "top": block.get("top"),
            "x1": block.get("x1"),
            "bottom": block.get("bottom"),
            "reason": reason,
        }
