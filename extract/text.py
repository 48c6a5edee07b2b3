"""Plain-text reader: text renditions of reports and articles into blocks.

Paragraphs are separated by blank lines or, in one-paragraph-per-line text, by a line that ends
a sentence followed by one that starts a new one; hard-wrapped lines are joined. Lines of
tab-separated or pipe-separated cells form tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.blocks import Block, ParsedDocument, Table
from extract.errors import DocumentError
from extract.genre import (
    TERMINAL_PUNCTUATION,
    classify_text,
    is_list_item,
    looks_like_heading,
    normalize_space,
    rejoin_paragraphs,
    strip_list_marker,
)

HEADING_ANCHOR_RE = re.compile(r"\s*\{#[\w.-]+\}\s*$")
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
PIPE_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode UTF-8 (with or without BOM); fall back to cp1252 with a warning."""
    if b"\x00" in data[:4096]:
        raise DocumentError("not_decodable", "the file holds binary data, not text")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ("text was not UTF-8; decoded as Windows-1252",)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "not_decodable", f"the text is neither UTF-8 nor Windows-1252: {exc}"
        ) from exc


def _tab_cells(line: str) -> list[str] | None:
    if "\t" not in line:
        return None
    cells = [cell.strip() for cell in line.split("\t")]
    return cells if sum(1 for cell in cells if cell) >= 2 else None


def _pipe_cells(line: str) -> list[str] | None:
    if line.count("|") < 2:
        return None
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return cells if len(cells) >= 2 else None


# Hard-wrapped text has lines no longer than a page or terminal width.
MAX_WRAP_WIDTH = 120


def is_hard_wrapped(text: str) -> bool:
    """Lines broken at a fixed width (so a line may continue a sentence) rather than one line
    per paragraph: nine lines in ten fit in MAX_WRAP_WIDTH and many lines come close to the
    width they were wrapped at."""
    lengths = sorted(len(line.strip()) for line in text.splitlines() if line.strip())
    if len(lengths) < 5:
        return False
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near_width = sum(1 for length in lengths if 0.75 * width <= length <= width)
    return width <= MAX_WRAP_WIDTH and near_width >= 0.25 * len(lengths)


@dataclass
class _Draft:
    kind: str  # "text", "list_item", "table"
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _line_continues(draft: _Draft, line: str, hard_wrapped: bool) -> bool:
    """Is ``line`` a hard-wrapped continuation of the draft rather than a new block?"""
    previous = draft.lines[-1]
    if line[0].islower() or line[0] in "(,;)":
        return True
    if not hard_wrapped or HEADING_ANCHOR_RE.search(line):
        return False
    if previous.rstrip().endswith(TERMINAL_PUNCTUATION):
        return False
    # A lone title-like line followed by a line is a heading over its paragraph.
    return not (draft.kind == "text" and len(draft.lines) == 1 and looks_like_heading(previous))


def _drafts(group: list[str], hard_wrapped: bool) -> list[_Draft]:
    drafts: list[_Draft] = []
    for line in group:
        cells = None if PIPE_SEPARATOR_RE.match(line) else (_tab_cells(line) or _pipe_cells(line))
        if cells is not None or PIPE_SEPARATOR_RE.match(line):
            if not drafts or drafts[-1].kind != "table":
                drafts.append(_Draft("table"))
            if cells is not None:
                drafts[-1].rows.append(cells)
            continue
        stripped = line.strip()
        if is_list_item(stripped):
            drafts.append(_Draft("list_item", [strip_list_marker(stripped)]))
            continue
        current = drafts[-1] if drafts else None
        continues = current is not None and current.kind != "table"
        if continues and _line_continues(current, stripped, hard_wrapped):
            current.lines.append(stripped)
        else:
            drafts.append(_Draft("text", [stripped]))
    return drafts


def _table_block(rows: list[list[str]], section: tuple[str, ...]) -> Block:
    width = max(len(row) for row in rows)
    padded = tuple(tuple(row + [""] * (width - len(row))) for row in rows)
    table = Table(rows=padded, header_row_count=1)
    return Block("table", table.text, section_path=section, table=table)


def read_text(data: bytes) -> ParsedDocument:
    """Read a plain-text document into blocks in reading order."""
    text, warnings = decode_text(data)
    groups: list[list[str]] = [[]]
    for raw_line in text.splitlines():
        if raw_line.strip():
            groups[-1].append(raw_line.rstrip("\r\n"))
        elif groups[-1]:
            groups.append([])

    hard_wrapped = is_hard_wrapped(text)
    blocks: list[Block] = []
    section: tuple[str, ...] = ()
    for group in groups:
        drafts = _drafts(group, hard_wrapped)
        for draft in drafts:
            if draft.kind == "table":
                if len(draft.rows) >= 2:
                    blocks.append(_table_block(draft.rows, section))
                else:  # one row of cells is not a table: keep its words as running text
                    line = normalize_space(" ".join(draft.rows[0])) if draft.rows else ""
                    if line:
                        blocks.append(Block(classify_text(line), line, section_path=section))
                continue
            joined = normalize_space(" ".join(draft.lines))
            if not joined:
                continue
            if draft.kind == "list_item":
                blocks.append(Block("list_item", joined, section_path=section))
                continue
            markdown = MARKDOWN_HEADING_RE.match(joined)
            kind = classify_text(joined)
            title_like = kind == "paragraph" and len(draft.lines) == 1
            if markdown or (title_like and looks_like_heading(joined)):
                level = len(markdown.group(1)) if markdown else 1
                heading = HEADING_ANCHOR_RE.sub("", markdown.group(2) if markdown else joined)
                section = (*section[: level - 1], heading)
                blocks.append(Block("heading", heading, section_path=section, heading_level=level))
                continue
            blocks.append(Block(kind, joined, section_path=section))
    if not blocks:
        raise DocumentError("empty", "the document holds no text")
    return ParsedDocument(blocks=tuple(rejoin_paragraphs(blocks)), warnings=warnings)
