"""Figures: captions numbering a figure, the blocks each figure spans, and its title lines.

One row per ``caption`` block starting ``Figure|Fig.|Exhibit|Chart|Graph|Table <n>``, the
reference normalized to "Figure 5" / "Exhibit 7". A figure *spans* the blocks after its caption
up to its last ``source_note`` before the next caption, the first paragraph of running prose
(``SurveySettings.min_prose_chars`` long and of two sentences or more) or
``SurveySettings.max_figure_blocks`` blocks; without a source note, the question and table blocks
right after the caption.

A figure in a survey report's results shows answers: the blocks after its caption (a table is
captioned above), else those before it (a figure captioned below, in papers); the base it prints
("Total (52)") is its question's. A figure whose source note cites another work shows none.

Title: the caption text after the number ("FIGURE 5: PRIMARY GEN AI USE CASES"), else the first
chart title line ("Organizations' regular use of ..., % of respondents"; a title split over two
blocks is rejoined, title lines merged into one block are split before a capitalized word where
both sides end in a population), else the first short line. Chart template placeholders ("Web
<2025>", "<survey> Exhibit <3> of <12>") are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.settings import SurveySettings
from extract.surveys.bases import base_of
from extract.surveys.reading import (
    NUM,
    TextBlock,
    clean,
    normalize_ref,
    sentences,
    strip_markers,
    to_int,
)
from extract.vocabulary import FIGURE_WORDS

_CAPTION_REF_RE = re.compile(
    rf"^\s*(?P<kind>{'|'.join(FIGURE_WORDS)})\s+<?(?P<num>\d+[a-z]?)>?", re.I
)
_PLACEHOLDER_RE = re.compile(r"<[^<>]{1,60}>")
_SHARE_RE = re.compile(r"\d(?:[.,]\d+)?\s?%")
_SOURCE_RE = re.compile(r"^\s*sources?\s*:", re.I)

_POP_TITLE_RE = re.compile(
    rf"(?:^|,\s*|\s)(?:%|percent|share)\s+of\s+(?P<pop>[^,()]+?)\s*"
    rf"(?:\(\s*n\s*=\s*(?P<n>{NUM})\s*\))?\s*$",
    re.I,
)

# Where a chart title line may end and the next begin, in title lines merged into one block.
_TITLE_BREAK_RE = re.compile(r"(?<=\S)\s+(?=[A-Z][a-z])")


@dataclass
class TitleLine:
    """A chart title line; ``population`` and ``n`` from "..., % of X (n = 312)"."""

    pos: int
    text: str  # as printed (footnote markers kept)
    population: str | None
    n: int | None


@dataclass
class Figure:
    """A numbered figure: its caption and the blocks it spans (positions ``start``..``end``);
    ``question_keys`` are filled as its questions are found."""

    ref: str
    caption: TextBlock
    start: int
    end: int  # inclusive
    title: str | None
    title_lines: list[TitleLine]
    cites_survey: bool
    question_keys: list[str] = field(default_factory=list)

    def contains(self, pos: int) -> bool:
        return self.start <= pos <= self.end


def is_title_like(block: TextBlock) -> bool:
    text = block.text.strip()
    return (
        block.block_type in ("heading", "paragraph")
        and len(text) > 0
        and (len(text) <= 220 or max(map(len, _split_title_lines(clean(text)))) <= 220)
        and not _is_placeholder(text)
        and not text.endswith((".", "!", ":"))
        and not re.fullmatch(r"[\d\s.,%]+", text)
    )


def _is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER_RE.search(text))


def _population(text: str) -> tuple[str | None, int | None]:
    match = _POP_TITLE_RE.search(strip_markers(text))
    if not match:
        return None, None
    return match.group("pop").strip(), to_int(match.group("n"))


def _is_prose(block: TextBlock, settings: SurveySettings) -> bool:
    return (
        block.block_type in ("paragraph", "list_item")
        and len(block.text) >= settings.min_prose_chars
        and len(sentences(block.text)) >= 2
    )


def find_figures(rows: Sequence[TextBlock], settings: SurveySettings) -> list[Figure]:
    """Every numbered figure of a document, in order."""
    captions = [
        b for b in rows if b.block_type == "caption" and _CAPTION_REF_RE.match(clean(b.text))
    ]
    figures: list[Figure] = []
    for index, caption in enumerate(captions):
        next_caption = captions[index + 1].pos if index + 1 < len(captions) else len(rows)
        window_end = min(next_caption, caption.pos + 1 + settings.max_figure_blocks)
        window = []
        for block in rows[caption.pos + 1 : window_end]:
            if _is_prose(block, settings):
                break
            window.append(block)
        notes = [b.pos for b in window if b.block_type == "source_note"]
        if notes:
            end = notes[-1]
        else:
            end = caption.pos
            for block in window:
                if block.block_type not in ("question", "table"):
                    break
                end = block.pos
        match = _CAPTION_REF_RE.match(clean(caption.text))
        assert match is not None
        ref = normalize_ref(match.group("kind"), match.group("num"))
        rest = clean(caption.text)[match.end() :].strip(" :.-–—|")
        rest = re.sub(r"^of\s+<?\d+>?\s*", "", rest).strip(" :.-–—|")
        span = rows[caption.pos + 1 : end + 1]
        title_lines = _title_lines(span)
        caption_population, caption_n = _population(rest) if rest else (None, None)
        if caption_population is not None:
            title_lines.insert(0, TitleLine(caption.pos, rest, caption_population, caption_n))
        title = rest or None
        if title is None and title_lines:
            title = strip_markers(title_lines[0].text)
        if title is None:
            first = next((b for b in span if is_title_like(b)), None)
            title = strip_markers(first.text) if first else None
        cites = any(
            b.block_type == "source_note" and re.search(r"\bsurvey\b", b.text, re.I) for b in span
        )
        figures.append(Figure(ref, caption, caption.pos, end, title or None, title_lines, cites))
    return figures


def _split_title_lines(text: str) -> list[str]:
    """Title lines merged into one block ("..., % of respondents (n = 312) Experience with ...,
    % of respondents"): split before a capitalized word where both sides are population titles."""
    for match in _TITLE_BREAK_RE.finditer(text):
        head, tail = text[: match.start()], text[match.end() :]
        if _population(head)[0] is None or ("%" not in tail and "percent" not in tail.lower()):
            continue
        rest = _split_title_lines(tail)
        if all(_population(part)[0] is not None for part in rest):
            return [head, *rest]
    return [text]


def _title_lines(span: Sequence[TextBlock]) -> list[TitleLine]:
    """Chart title lines with a population ("..., % of respondents"), split titles rejoined."""
    lines: list[TitleLine] = []
    previous: TextBlock | None = None
    for block in span:
        if block.block_type == "source_note":
            break
        if not is_title_like(block):
            previous = None
            continue
        population, n = _population(block.text)
        if population is None:
            previous = block
            continue
        parts = _split_title_lines(clean(block.text))
        if previous is not None and _population(previous.text)[0] is None:
            parts[0] = f"{clean(previous.text)} {parts[0]}"
        for part in parts:
            population, n = _population(part)
            lines.append(TitleLine(block.pos, part, population, n))
        previous = block
    return lines


def cites_other_source(rows: Sequence[TextBlock], figure: Figure) -> bool:
    """A figure whose source note cites something ("Source: ..."), not this survey."""
    return not figure.cites_survey and any(
        b.block_type == "source_note" and _SOURCE_RE.match(b.text)
        for b in rows[figure.start : figure.end + 1]
    )


def shown_blocks(
    rows: Sequence[TextBlock], figure: Figure, settings: SurveySettings
) -> list[TextBlock]:
    """The blocks a figure shows: those after its caption up to running prose (a table is
    captioned above), else, when they show no answers, those right before it (a figure
    captioned below)."""
    limit = settings.max_figure_blocks
    after: list[TextBlock] = []
    for block in rows[figure.caption.pos + 1 : figure.caption.pos + 1 + limit]:
        if block.block_type == "caption" or _is_prose(block, settings):
            break
        after.append(block)
    if any(b.block_type == "chart" or _SHARE_RE.search(b.text) for b in after):
        return after
    before: list[TextBlock] = []
    for block in reversed(rows[max(0, figure.caption.pos - limit) : figure.caption.pos]):
        if block.block_type == "caption" or _is_prose(block, settings):
            break
        before.append(block)
    return before[::-1]


def figure_base(rows: Sequence[TextBlock], figure: Figure, settings: SurveySettings) -> int | None:
    """The base a figure prints ("Total (52)", "n = 312"), or None."""
    texts = (clean(b.text) for b in shown_blocks(rows, figure, settings) if len(b.text) <= 200)
    return next((n for n in map(base_of, texts) if n is not None), None)
