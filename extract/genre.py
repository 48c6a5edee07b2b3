"""Patterns of the survey-report and article genre, shared by every reader.

These rules classify a piece of running text by its form (a figure caption, a question with its
answer instruction, a source note, a pull quote, a list item) and rebuild paragraphs that layout
broke apart. They never look at which document they are reading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

import snowballstemmer

from extract.blocks import Block, BlockType
from extract.vocabulary import (
    ANSWER_INSTRUCTION_VERBS,
    CHART_NOUNS,
    DANGLING_WORDS,
    FIGURE_WORDS,
    FUNCTION_WORDS,
    SENTENCE_ABBREVIATIONS,
)

CAPTION_RE = re.compile(
    rf"^({'|'.join(FIGURE_WORDS)})\s+<?\d+[a-z]?>?(\s*(:|\.|-|–|—|of\b)|\s*$)",
    re.IGNORECASE,
)
ANSWER_INSTRUCTION_RE = re.compile(
    rf"\(({'|'.join(ANSWER_INSTRUCTION_VERBS)})\b[^)]*\)|\(one response per row\)",
    re.IGNORECASE,
)
SOURCE_NOTE_RE = re.compile(
    r"^(sources?|notes?)\s*:|\bsample size\s*=|\bvalid cases\s*=|\btotal mentions\s*=",
    re.IGNORECASE,
)
# An image's text alternative that describes a chart: a chart noun among its first words, then
# what the chart shows ("Chart of X", "Stacked bar chart: X"); a bare "Graph" describes nothing.
_CHART_DESCRIPTION_RE = re.compile(
    rf"^(?:\S+\s+){{0,3}}?(?:{'|'.join(CHART_NOUNS)})\b\s*[:,(–—-]?\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
MIN_CHART_DESCRIPTION_WORDS = 3
LIST_MARKER_RE = re.compile(r"^\s*(?:[-•*–—▪●◦]|\d{1,2}[.)])\s+")
QUOTE_OPEN = ("“", '"', "‘")
QUOTE_CLOSE = ("”", '"', "’")
TERMINAL_PUNCTUATION = (".", "!", "?", ":", ";", "”", '"', "’", ")")
SENTENCE_MARKS = (".", "!", "?")
# Running text is never this short; headings rarely longer.
MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def is_list_item(line: str) -> bool:
    return bool(LIST_MARKER_RE.match(line))


def strip_list_marker(line: str) -> str:
    return LIST_MARKER_RE.sub("", line, count=1).strip()


def looks_like_heading(line: str) -> bool:
    """A short line in title form: no terminal punctuation, not a list item, not a number."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if is_list_item(text) or text.endswith((".", ",", ";", ":", "!")):
        return False
    if text.split()[-1].lower() in DANGLING_WORDS:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit()):
        return False
    return any(ch.isalpha() for ch in text) and not re.fullmatch(r"[\d\s.,%$<>/-]+", text)


def describes_chart(text: str) -> bool:
    """Text that says what a chart shows ("Chart of the tools respondents use at work"), as an
    image's alt text or an unnumbered caption does; numbered captions are ``CAPTION_RE``'s."""
    stripped = text.strip()
    match = _CHART_DESCRIPTION_RE.match(stripped)
    return (
        match is not None
        and not match.group("rest")[0].isdigit()
        and len(stripped.split()) >= MIN_CHART_DESCRIPTION_WORDS
    )


def classify_text(text: str) -> BlockType:
    """The block type running text has by its form alone (headings are the reader's to decide)."""
    stripped = text.strip()
    if CAPTION_RE.match(stripped):
        return "caption"
    if SOURCE_NOTE_RE.search(stripped) and len(stripped) < 600:
        return "source_note"
    if ANSWER_INSTRUCTION_RE.search(stripped) and len(stripped) < 600:
        return "question"
    if stripped.startswith(QUOTE_OPEN) and stripped.rstrip().endswith(QUOTE_CLOSE):
        return "quote"
    if is_list_item(stripped):
        return "list_item"
    return "paragraph"


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL_PUNCTUATION)


# Quoted words opening a line go on a sentence as the bare words do ('"hybrid" as their ...',
# '“most of the time” was chosen'); a whole quoted sentence ('“It works.” said one') does not.
_QUOTED = re.compile(r"""^["“‘']([^"”’']{1,80})["”’']""")


def closes_sentence(text: str) -> bool:
    """Whether the text ends a sentence, inside closing quotes or not ('… "It works."')."""
    return text.rstrip().rstrip("".join(QUOTE_CLOSE)).rstrip().endswith(SENTENCE_MARKS)


def _continues_sentence(text: str) -> bool:
    stripped = text.lstrip()
    quoted = _QUOTED.match(stripped)
    return bool(stripped) and (
        stripped[0].islower()
        or stripped[0] in ",;)("
        or (
            quoted is not None
            and quoted.group(1)[:1].islower()
            and not closes_sentence(quoted.group(1))
        )
    )


# Blocks a broken paragraph may be separated from its continuation by (figures sit between columns).
_INTERLUDE_TYPES = {"caption", "question", "source_note", "quote", "table", "chart"}
_MAX_INTERLUDE = 6


def rejoin_paragraphs(blocks: Sequence[Block]) -> list[Block]:
    """Join paragraphs that a column or page break (or an inserted figure) split mid-sentence.

    A paragraph that does not end a sentence is continued by the next paragraph that starts in
    lower case (a list item only across a page or column break), even when captions, source
    notes, quotes or tables stand between them. A part that stands on another page than the
    text before it is recorded in ``Block.page_breaks`` (where it begins in the joined text,
    and its page), so that what it says keeps its page.
    """
    result: list[Block] = list(blocks)
    i = 0
    while i < len(result):
        continuation = _continuation_index(result, i)
        if continuation is None:
            i += 1
            continue
        result[i] = _join_blocks(result[i], result[continuation])
        del result[continuation]
    return result


def _join_blocks(head: Block, tail: Block) -> Block:
    text = _join_text(head.text, tail.text)
    tail_text = tail.text.lstrip()
    tail_start = len(text) - len(tail_text)
    shift = tail_start - (len(tail.text) - len(tail_text))
    breaks = list(head.page_breaks)
    last_page = breaks[-1][1] if breaks else head.page_number
    if tail.page_number is not None and tail.page_number != last_page:
        breaks.append((tail_start, tail.page_number))
    breaks.extend((max(tail_start, offset + shift), page) for offset, page in tail.page_breaks)
    damage = tuple(dict.fromkeys((*head.damage, *tail.damage)))
    return replace(head, text=text, page_breaks=tuple(breaks), damage=damage)


def _continuation_index(blocks: Sequence[Block], i: int) -> int | None:
    """Where the paragraph (or list item) at ``i`` continues, if it was broken mid-sentence."""
    block = blocks[i]
    if block.block_type not in ("paragraph", "list_item") or _ends_sentence(block.text):
        return None
    for j in range(i + 1, min(len(blocks), i + 2 + _MAX_INTERLUDE)):
        candidate = blocks[j]
        if candidate.block_type == "paragraph":
            if block.block_type == "list_item" and not _continues_item(block, candidate):
                return None
            return j if _continues_sentence(candidate.text) else None
        if candidate.block_type not in _INTERLUDE_TYPES:
            return None
    return None


def _continues_item(item: Block, candidate: Block) -> bool:
    """A list item is continued only across a page or column break (the paragraph starts on
    another page, or higher on the page than the item) and by a word in lower case: list items
    rarely end a sentence, so a paragraph after a list is usually no continuation."""
    text = candidate.text.lstrip()
    if not text[:1].islower() or is_list_item(text):
        return False
    if item.page_number is None or candidate.page_number is None:
        return False  # no pages (HTML, Markdown): the source's own structure is kept
    if candidate.page_number != item.page_number:
        return True
    return item.bbox is not None and candidate.bbox is not None and candidate.bbox[1] < item.bbox[1]


def _join_text(head: str, tail: str) -> str:
    head = head.rstrip()
    tail = tail.lstrip()
    if head.endswith("-") and len(head) > 1 and head[-2].isalpha() and tail[:1].islower():
        return head[:-1] + tail
    return f"{head} {tail}"


# Sentences: a full stop after an abbreviation (SENTENCE_ABBREVIATIONS) or an initial does not
# end one.
# A run of sentence-ending punctuation with its closing quotes and brackets. It ends a sentence
# when the next word starts like a sentence (capital, digit, currency, bullet, dash; maybe after
# an opening quote or bracket) or when only spaces follow. The run is matched on its own and the
# context checked separately (anchored at one place), so no pattern is retried at every position
# of a long run: splitting is linear in the text (one regular expression with the context as a
# lookahead backtracked quadratically over runs of punctuation).
_TERMINAL_RUN = re.compile(r"[.!?…]+[\"”’)\]]*")
_NEXT_SENTENCE = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9$£€•–—-]")
_ONLY_SPACE_LEFT = re.compile(r"\s*$")


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # The word before the dot (``(\S+)$`` on ``text[:dot]``, where ``$`` also matches before a
    # final newline), found by scanning back from the dot rather than searching from the start.
    end = dot - 1 if dot > 0 and text[dot - 1] == "\n" else dot
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == end:
        return False
    token = text[start:end].lstrip('("“‘[').lower()
    if token in SENTENCE_ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha():  # an initial: "Vilas S. Dhar"
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


def _sentence_ends(text: str) -> list[tuple[int, int]]:
    """(start, end) of every punctuation run that ends a sentence by its context."""
    ends = []
    for run in _TERMINAL_RUN.finditer(text):
        after = run.end()
        if _NEXT_SENTENCE.match(text, after) or _ONLY_SPACE_LEFT.match(text, after):
            ends.append((run.start(), after))
    return ends


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of running text as (start, end) offsets, trimmed of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for dot, end in _sentence_ends(text):
        if _is_abbreviation(text, dot):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        left = begin
        while left < end and text[left].isspace():
            left += 1
        right = end
        while right > left and text[right - 1].isspace():
            right -= 1
        if right > left:
            trimmed.append((left, right))
    return trimmed


_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def content_stems(text: str) -> set[str]:
    """The stems of a text's words, function words left out ("databases" and "database" are one:
    two texts about one thing share stems where their wording differs)."""
    return {_stem(w) for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in FUNCTION_WORDS}
