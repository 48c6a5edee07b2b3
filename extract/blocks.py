"""The reader-independent model of a document: blocks of text and tables with provenance.

Every reader (text, HTML, PDF) returns a :class:`ParsedDocument`. :func:`blocks_frame` and
:func:`table_cells_frame` turn it into the DataFrames the warehouse stores, with character
offsets into the document's *normalized text*: the block texts joined by a blank line
(:data:`BLOCK_SEPARATOR`). So ``normalized_text[char_start:char_end] == text`` for every block,
whichever format the document came in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
import pandera.pandas as pa

from extract.frame_types import TEXT
from extract.validation import validate

BlockType = Literal[
    "heading",
    "paragraph",
    "list_item",
    "caption",
    "question",
    "source_note",
    "quote",
    "table",
    "chart",
]
BLOCK_TYPES: tuple[str, ...] = BlockType.__args__  # type: ignore[attr-defined]
BLOCK_SEPARATOR = "\n\n"
SECTION_SEPARATOR = " > "

BBox = tuple[float, float, float, float]

BLOCK_DAMAGE: dict[str, str] = {
    "doubled_glyphs": "every glyph printed two or more times ('116633 ((7755..11%%))')",
    "missing_spaces": "inter-word spaces lost ('Java7.EnterpriseITorganizationsare')",
    "glyph_mapping": "glyphs mapped to the wrong characters ('Sostware' for 'Software')",
}
"""Kinds of text-layer damage a reader may mark on a block (``Block.damage``). Numbers read from a
damaged block are kept with ``value`` null and a quality flag (extract.claims.flags); the reader
repairs what it can and marks what it could not."""


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts. The first ``header_row_count`` rows are headers."""

    rows: tuple[tuple[str, ...], ...]
    header_row_count: int = 1
    cell_bboxes: tuple[tuple[BBox | None, ...], ...] | None = None

    @property
    def text(self) -> str:
        """The table as tab-separated lines, the form claims are extracted from."""
        return "\n".join("\t".join(cell for cell in row) for row in self.rows)


@dataclass(frozen=True)
class Block:
    """One unit of reading order: a heading, paragraph, list item, caption, quote or table."""

    block_type: BlockType
    text: str
    section_path: tuple[str, ...] = ()
    page_number: int | None = None
    bbox: BBox | None = None
    heading_level: int | None = None
    table: Table | None = None
    # A paragraph rejoined across a page break keeps the page of each part: (offset into
    # ``text``, page number) where a part on another page begins (extract.genre).
    page_breaks: tuple[tuple[int, int], ...] = ()
    # Damage the reader found in the block's text layer and could not repair (BLOCK_DAMAGE).
    damage: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A hyperlink as the reader found it: its anchor text at ``start:end`` of the text of block
    ``block_index`` (offsets into that block's text), and its target as written."""

    block_index: int
    start: int
    end: int
    text: str
    href: str


@dataclass(frozen=True)
class ParsedDocument:
    """What a reader returns: blocks in reading order, and the page count where there are pages.

    ``links`` are the hyperlinks of the document's markup (HTML, Markdown); URLs printed in the
    text are found for every format by :func:`extract.links.links_frame`.
    """

    blocks: tuple[Block, ...]
    page_count: int | None = None
    warnings: tuple[str, ...] = field(default=())
    links: tuple[Link, ...] = field(default=())

    @property
    def normalized_text(self) -> str:
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)

    @property
    def word_count(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)


def page_breaks_text(breaks: Sequence[tuple[int, int]]) -> str | None:
    """``page_breaks`` as stored in the blocks frame: "offset:page" pairs separated by ";"."""
    return ";".join(f"{offset}:{page}" for offset, page in breaks) or None


def parse_page_breaks(text: object) -> list[tuple[int, int]]:
    """The ``page_breaks`` column of a blocks frame row back as (offset, page) pairs."""
    if not isinstance(text, str) or not text:
        return []
    pairs = (part.split(":", 1) for part in text.split(";") if ":" in part)
    return [(int(offset), int(page)) for offset, page in pairs]


def page_at(page_number: int | None, breaks: Sequence[tuple[int, int]], offset: int) -> int | None:
    """The page of the character at ``offset`` of a block that starts on ``page_number``."""
    page = page_number
    for start, later_page in breaks:
        if offset >= start:
            page = later_page
    return page


def _damage_known(values: pd.Series) -> pd.Series:
    return values.isna() | values.map(
        lambda text: isinstance(text, str) and all(k in BLOCK_DAMAGE for k in text.split(","))
    )


def block_id(document_id: str, seq: int) -> str:
    return f"{document_id}:b{seq:05d}"


def table_id(document_id: str, seq: int) -> str:
    return f"{document_id}:t{seq:05d}"


BLOCKS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "block_id": pa.Column(TEXT, unique=True),
        "seq": pa.Column("int64", pa.Check.ge(0)),
        "block_type": pa.Column(TEXT, pa.Check.isin(BLOCK_TYPES)),
        "heading_level": pa.Column("Int64", pa.Check.in_range(1, 6), nullable=True),
        "section_path": pa.Column(TEXT),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "text": pa.Column(TEXT, pa.Check.str_length(min_value=1)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
        "x0": pa.Column(float, nullable=True),
        "top": pa.Column(float, nullable=True),
        "x1": pa.Column(float, nullable=True),
        "bottom": pa.Column(float, nullable=True),
        "page_breaks": pa.Column(
            TEXT, pa.Check.str_matches(r"^\d+:\d+(;\d+:\d+)*$"), nullable=True
        ),
        "damage": pa.Column(TEXT, pa.Check(_damage_known, name="known_damage"), nullable=True),
    },
    checks=[pa.Check(lambda df: df["char_end"] > df["char_start"], name="char_end_after_start")],
    strict=True,
    coerce=True,
    name="blocks",
)

TABLE_CELLS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(TEXT),
        "table_id": pa.Column(TEXT),
        "block_id": pa.Column(TEXT),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "row_index": pa.Column("int64", pa.Check.ge(0)),
        "col_index": pa.Column("int64", pa.Check.ge(0)),
        "is_header": pa.Column(bool),
        "text": pa.Column(TEXT),
        "x0": pa.Column(float, nullable=True),
        "top": pa.Column(float, nullable=True),
        "x1": pa.Column(float, nullable=True),
        "bottom": pa.Column(float, nullable=True),
    },
    unique=["table_id", "row_index", "col_index"],
    strict=True,
    coerce=True,
    name="table_cells",
)


def _bbox_columns(bbox: BBox | None) -> dict[str, float | None]:
    x0, top, x1, bottom = bbox if bbox else (None, None, None, None)
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def blocks_frame(document_id: str, blocks: Sequence[Block]) -> pd.DataFrame:
    """Blocks with ids and offsets into the normalized text, validated by BLOCKS_SCHEMA."""
    rows = []
    offset = 0
    for seq, block in enumerate(blocks):
        rows.append(
            {
                "document_id": document_id,
                "block_id": block_id(document_id, seq),
                "seq": seq,
                "block_type": block.block_type,
                "heading_level": block.heading_level,
                "section_path": SECTION_SEPARATOR.join(block.section_path),
                "page_number": block.page_number,
                "text": block.text,
                "char_start": offset,
                "char_end": offset + len(block.text),
                **_bbox_columns(block.bbox),
                "page_breaks": page_breaks_text(block.page_breaks),
                "damage": ",".join(block.damage) or None,
            }
        )
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    frame = pd.DataFrame(rows, columns=list(BLOCKS_SCHEMA.columns))
    return validate(BLOCKS_SCHEMA, frame)


def table_cells_frame(document_id: str, blocks: Sequence[Block]) -> pd.DataFrame:
    """One row per cell of every table block, validated by TABLE_CELLS_SCHEMA."""
    rows = []
    table_seq = 0
    for seq, block in enumerate(blocks):
        if block.table is None:
            continue
        table = block.table
        for row_index, row in enumerate(table.rows):
            for col_index, cell in enumerate(row):
                cell_bbox = None
                if table.cell_bboxes is not None:
                    cell_bbox = table.cell_bboxes[row_index][col_index]
                rows.append(
                    {
                        "document_id": document_id,
                        "table_id": table_id(document_id, table_seq),
                        "block_id": block_id(document_id, seq),
                        "page_number": block.page_number,
                        "row_index": row_index,
                        "col_index": col_index,
                        "is_header": row_index < table.header_row_count,
                        "text": cell,
                        **_bbox_columns(cell_bbox),
                    }
                )
        table_seq += 1
    frame = pd.DataFrame(rows, columns=list(TABLE_CELLS_SCHEMA.columns))
    return validate(TABLE_CELLS_SCHEMA, frame)
