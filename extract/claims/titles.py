"""Titles: what a table or chart is about, from the blocks printed before it.

A table or chart block's *title* is the nearest block before it, on its page (or, without
pages, in its section), that reads as a title, looking back at most
``ClaimSettings.title_lookback`` blocks and never past another table or chart:

* the nearest question (a block with a "?" outside square brackets, or opening with a question
  code such as "Q.33", or a ``question`` block) or caption, whatever its length: what a figure
  shows;
* else a numbered caption ("Table 5: ...") up to twice as far back (a table's header lines
  printed as paragraphs may stand between);
* else the nearest title-like heading (a heading of one word only when no title-like paragraph
  stands nearer), else the nearest title-like paragraph;
* a title-like paragraph: short (``ClaimSettings.max_title_words`` words or fewer), two or more
  words with letters, not ending a sentence with "." (a question mark is fine), not ending on a
  word that needs a continuation ("…, and"), not a lead-in ending in ":" ("ASK ALL:"), not a
  base line ("59 out of 59 answered", "n = 312", "Answered: 80 Skipped: 0").

A question printed in a table's first row (a cell ending in "?" or of more than
``max_title_words`` / 2 words, with the code cell before it: "Q.1 | All in all, are you ...?")
is the table's own title and wins over the blocks before it.

A title "X CONTINUED" (a table continued on the next page) stands for the earlier title that
starts with X; a line of instructions alone ending in "?" ("[INSERT OTHER OPTION]?") is no
question, the question is before it. A table opening a page with no title before it there
takes a caption or question left at the foot of the page before, after that page's last table;
without one, a table or chart with no title on its page that opens the page continues the last
table or chart of the page before: it takes that one's title; so
does one printed after another on the same page with nothing that reads as a title between them
(a chart in two parts, the next item of a battery of questions after "ASK FORM 2 ONLY
[N=752]:"). A table continued on the next page, under "X CONTINUED", or after lead-ins only
(short instructions ending in ":" or in brackets) is a part of the one before
(``GridTitles.continues``): it may take its column heads and row group
(:mod:`~extract.claims.tables`).

A follow-up question that only points back at the question before it ("Why not?", "If so,
how?", "How will it be paid for?": at most ``ClaimSettings.follow_up_max_words`` words, none that
says what is asked, or one beside a pronoun standing for an earlier subject) is titled with that
question before it: the nearest earlier question of the document that is no follow-up itself
("Have you ever contributed to a package registry? Why not?").

A value in a short block with too few words of its own to be read ("2.0 Average rating" under
"How long have you been a member of the community?") is read under the title found the same way
(:func:`block_title`).

The title is cleaned for reading: instructions in square brackets ("[READ]", "[IF DK ENTER AS DK]";
the words read out of "[RANDOMIZE: too fast, too slow]" are kept) and answer instructions
("SELECT ALL THAT APPLY", "(please specify)") are dropped, a figure label ("Figure 3:") is dropped,
a long title is cut to its first sentence (keeping a leading question code such as "Q.20") and to
``max_title_words`` words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.genre import CAPTION_RE, normalize_space
from extract.settings import ClaimSettings
from extract.vocabulary import (
    ANAPHORIC_PRONOUNS,
    ANSWER_INSTRUCTION_VERBS,
    BASE_LINE_CUES,
    DANGLING_WORDS,
    FUNCTION_WORDS,
    NEGATION_WORDS,
    READ_OUT_INSTRUCTIONS,
)

_GRID_TYPES = ("table", "chart")
# Words that say nothing of what a question asks (see is_follow_up).
_NOT_OWN_WORDS = FUNCTION_WORDS | NEGATION_WORDS | ANAPHORIC_PRONOUNS
_STRONG_TYPES = ("question", "caption", "heading")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_INNER_BRACKETS = re.compile(r"\[[^\[\]]*\]")
# The instruction in capitals, the words read out in lower case: "[RANDOMIZE: too fast]".
_READ_OUT = re.compile(
    rf"\[(?:{'|'.join(w.upper() for w in READ_OUT_INSTRUCTIONS)})\b[A-Z ,;]*:\s*([a-z][^\[\]]*)\]"
)
_ANSWER_INSTRUCTIONS = re.compile(
    rf"\(?\b(?:{'|'.join(ANSWER_INSTRUCTION_VERBS)})\s+(?:all|one|up to \w+|the \w+)\b"
    r"[^.?!)]*(?:[.!)]|$)|\(please specify\)|\(one response per row\)",
    re.IGNORECASE,
)
_CONTINUED = re.compile(r"^(?P<head>.+?)\s+(?:continued|cont(?:'|’)?d)\b\W*", re.IGNORECASE)
_BASE_LINE = re.compile(rf"\b(?:{'|'.join(BASE_LINE_CUES)})", re.IGNORECASE)
_CODE = re.compile(r"^(?:[A-Z]{1,3}\s?\.?\s?\d+[A-Za-z0-9_.]*\.?)\s+")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]”\"’])[.?!](?=\s+[\"“(]?[A-Z])")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def clean_title(text: str, settings: ClaimSettings) -> str | None:
    """A title as a reader needs it (see the module docstring); None when nothing is left."""
    text = drop_brackets(_READ_OUT.sub(r"\1", text))
    text = _ANSWER_INSTRUCTIONS.sub(" ", text)
    text = CAPTION_RE.sub("", normalize_space(text)).strip(" :.-–—")
    text = normalize_space(text)
    code = _CODE.match(text)
    head = code.group() if code else ""
    body = text[len(head) :]
    first = _SENTENCE_END.split(body, maxsplit=1)
    if len(first) > 1 and len(first[0].split()) >= 4:
        end = len(first[0])
        body = body[: end + 1]
    question = body.find("?")
    if 0 <= question < len(body) - 1 and len(body[:question].split()) >= 4:
        body = body[: question + 1]
    words = (head + body).split()
    if len(words) > settings.max_title_words:
        words = words[: settings.max_title_words]
        while words and words[-1].lower().strip(",;") in DANGLING_WORDS:
            words.pop()
    title = " ".join(words).strip(" ,;:")
    return title if _LETTERS.search(title) else None


def drop_brackets(text: str) -> str:
    """Text without its square-bracketed instructions, nested ones too ("[IF DK: the [ITEM]]")."""
    previous = None
    while previous != text:
        previous, text = text, _INNER_BRACKETS.sub(" ", text)
    return _BRACKETS.sub(" ", text)


def _is_base_line(text: str) -> bool:
    return len(text.split()) <= 8 and bool(re.search(r"\d", text)) and bool(_BASE_LINE.search(text))


def _title_like(text: str, settings: ClaimSettings, min_words: int = 2) -> bool:
    stripped = text.strip()
    words = stripped.split()
    if not words or len(words) > settings.max_title_words * 2:
        return False
    if len(_LETTERS.findall(stripped)) < min_words or _is_base_line(stripped):
        return False
    if stripped.endswith("?"):
        return True
    if stripped.endswith((".", ":", ",", ";", "!")) or len(words) > settings.max_title_words:
        return False
    return words[-1].lower() not in DANGLING_WORDS


def _is_question(text: str) -> bool:
    """A question as printed: a "?" outside square-bracketed instructions, or a question code
    ("Q.33 As I read ...")."""
    bare = drop_brackets(text)
    return "?" in bare or bool(re.match(r"^Q\s?\.?\s?\d+[A-Za-z0-9]*\.?\s+[A-Z]", bare))


def is_follow_up(text: str, settings: ClaimSettings) -> bool:
    """A question that only points back at the one before (see the module docstring)."""
    bare = drop_brackets(text).strip()
    if not bare.endswith("?"):
        return False
    words = [word.lower() for word in re.findall(r"[^\W\d_]+", bare)]
    if not words or len(words) > settings.follow_up_max_words:
        return False
    own = [word for word in words if word not in _NOT_OWN_WORDS]
    points_back = any(word in ANAPHORIC_PRONOUNS for word in words)
    return not own or (len(own) == 1 and points_back)


def _with_antecedent(blocks: list[dict], index: int, title: str, settings: ClaimSettings) -> str:
    """A follow-up title with the question it follows up before it; any other title as it is."""
    if not is_follow_up(title, settings):
        return title
    document_id = blocks[index]["document_id"]
    for j in range(index - 1, -1, -1):
        other = blocks[j]
        if other["document_id"] != document_id:
            break
        text = other["text"].strip()
        if other["block_type"] in _GRID_TYPES or not _is_question(text):
            continue
        antecedent = clean_title(text, settings)
        if antecedent and not is_follow_up(antecedent, settings):
            return f"{antecedent} {title}"
    return title


def _same_place(block: dict, other: dict) -> bool:
    if block["document_id"] != other["document_id"]:
        return False
    if block["page_number"] is not None or other["page_number"] is not None:
        return block["page_number"] == other["page_number"]
    return True


def _grid_before(blocks: list[dict], index: int, settings: ClaimSettings) -> int | None:
    """The table or chart shortly before this one on its page with no title-like block between
    (only lead-ins such as "ASK FORM 2 ONLY [N=752]:" or "(VOL.)"): this one continues it."""
    block = blocks[index]
    for j in range(index - 1, max(-1, index - 1 - settings.title_lookback), -1):
        other = blocks[j]
        if not _same_place(block, other):
            return None
        if other["block_type"] in _GRID_TYPES:
            return j
        text = other["text"].strip()
        if _is_question(text) or other["block_type"] in ("question", "caption", "heading"):
            return None
        if _title_like(text, settings):
            return None
    return None


def _find_title(blocks: list[dict], index: int, settings: ClaimSettings) -> str | None:
    block = blocks[index]
    heading: str | None = None
    one_word: str | None = None
    paragraph: str | None = None
    for j in range(index - 1, max(-1, index - 1 - 2 * settings.title_lookback), -1):
        other = blocks[j]
        if not _same_place(block, other) or other["block_type"] in _GRID_TYPES:
            break
        text = other["text"].strip()
        if index - j > settings.title_lookback:
            # Farther back only a numbered caption counts: a table's header lines printed as
            # paragraphs may stand between it and its "Table 5: ..." caption.
            if CAPTION_RE.match(text):
                return text
            continue
        if _CONTINUED.match(text):
            return text
        if _is_question(text) or other["block_type"] in ("question", "caption"):
            # an instruction alone ("[INSERT OTHER OPTION]?") ends a question, it is none
            if len(_LETTERS.findall(drop_brackets(text))) >= 2:
                return text
            continue
        if other["block_type"] == "heading":
            # A heading may state what follows as a sentence ("I would recommend it."); a
            # heading of one word ("Adoption") titles the table when it is the nearest heading
            # and no title-like paragraph stands nearer.
            if heading is None and _title_like(text.rstrip("."), settings):
                heading = text
            elif (
                heading is None
                and one_word is None
                and paragraph is None
                and _title_like(text.rstrip("."), settings, min_words=1)
            ):
                one_word = text
        elif (
            paragraph is None and other["block_type"] == "paragraph" and _title_like(text, settings)
        ):
            paragraph = text
    return one_word or heading or paragraph


def _in_table_title(block: dict, settings: ClaimSettings) -> str | None:
    """A question printed in the table's first row, with the code printed before it."""
    first = block["text"].split("\n", 1)[0].split("\t")
    cells = [cell.strip() for cell in first if cell.strip()]
    for position, cell in enumerate(cells):
        long = len(cell.split()) > settings.max_title_words // 2
        if (cell.endswith("?") or long) and len(_LETTERS.findall(cell)) >= 2:
            return " ".join(cells[: position + 1])
    if cells and _CONTINUED.match(cells[0]):
        return cells[0]
    return None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text.lower())


def _continued(title: str, earlier: list[str]) -> str:
    match = _CONTINUED.match(title)
    if not match:
        return title
    head = _compact(match.group("head"))
    for candidate in reversed(earlier):
        compact = _compact(candidate)
        if not _CONTINUED.match(candidate) and re.search(
            rf"(?:^|[^\w.]){re.escape(head)}", compact
        ):
            return candidate
    return title


_LEAD_IN = re.compile(r"^(?:[^.!?]*:\d{0,2}|[\[(][^\])]*[\])])$")


def _is_lead_in(text: str, settings: ClaimSettings) -> bool:
    """An instruction between two parts of a table ("ASK FORM 2 ONLY [N=752]:", "(VOL.)"), or
    a questionnaire's note in capitals on a gap in its numbering ("NO ITEM d.")."""
    text = text.strip()
    if len(text.split()) > settings.max_title_words:
        return False
    letters = re.findall(r"[^\W\d_]", text)
    capitals = sum(letter.isupper() for letter in letters)
    return bool(_LEAD_IN.match(text)) or (len(letters) >= 4 and capitals >= 0.8 * len(letters))


def _opens_page(blocks: list[dict], index: int) -> bool:
    block = blocks[index]
    previous = blocks[index - 1] if index else None
    return (
        block["page_number"] is not None
        and previous is not None
        and previous["document_id"] == block["document_id"]
        and previous["page_number"] != block["page_number"]
    )


def _widowed_caption(blocks: list[dict], index: int, last_grid: int | None) -> str | None:
    """A caption or question left at the foot of the page before (only notes after it), after
    its last table: the title of the table that opens this page."""
    block = blocks[index]
    for j in range(index - 1, -1 if last_grid is None else last_grid, -1):
        other = blocks[j]
        if other["document_id"] != block["document_id"] or other["page_number"] != (
            block["page_number"] - 1
        ):
            return None
        text = other["text"].strip()
        if other["block_type"] in ("caption", "question") or CAPTION_RE.match(text):
            return text
        if other["block_type"] != "source_note":
            return None  # prose after it: the caption is not at the foot of the page
    return None


def block_title(blocks: list[dict], index: int, settings: ClaimSettings) -> str | None:
    """The cleaned title a short block stands under (a slide's value callout under its
    question), found like a table's."""
    raw = _find_title(blocks, index, settings)
    title = clean_title(raw, settings) if raw else None
    return _with_antecedent(blocks, index, title, settings) if title else None


@dataclass(frozen=True)
class GridTitles:
    """Every table and chart block's cleaned title, and the earlier part each continued one
    continues (by block index)."""

    titles: dict[int, str]
    continues: dict[int, int]


def grid_titles(blocks: list[dict], settings: ClaimSettings) -> GridTitles:
    """The cleaned title of every table and chart block that has one, by block index, and the
    part each continued table continues (a page-opening table, a next item after a lead-in, a
    title "X CONTINUED")."""
    titles: dict[int, str] = {}
    continues: dict[int, int] = {}
    raw_titles: list[str] = []
    last_grid: int | None = None
    for index, block in enumerate(blocks):
        if block["block_type"] not in _GRID_TYPES:
            continue
        if last_grid is not None and blocks[last_grid]["document_id"] != block["document_id"]:
            last_grid, raw_titles = None, []
        raw = _in_table_title(block, settings) or _find_title(blocks, index, settings)
        opens_page = _opens_page(blocks, index)
        if raw is None and opens_page:
            raw = _widowed_caption(blocks, index, last_grid)
        if raw is None and last_grid is not None and opens_page:
            # A table continued from the page before: no title of its own before it.
            previous_page = blocks[last_grid]["page_number"]
            if previous_page is not None and block["page_number"] == previous_page + 1:
                if last_grid in titles:
                    titles[index] = titles[last_grid]
                continues[index] = last_grid
                last_grid = index
                continue
        before = _grid_before(blocks, index, settings) if raw is None else None
        if before is not None and before in titles:
            titles[index] = titles[before]  # a chart in two parts, a table's next item
            if all(_is_lead_in(blocks[j]["text"], settings) for j in range(before + 1, index)):
                continues[index] = before
            last_grid = index
            continue
        if raw is not None:
            continued = _CONTINUED.match(raw) is not None
            raw = _continued(raw, raw_titles)
            raw_titles.append(raw)
            title = clean_title(raw, settings)
            if title:
                title = _with_antecedent(blocks, index, title, settings)
                titles[index] = title
                earlier = [j for j in titles if j < index and titles[j] == title]
                if continued and earlier:
                    continues[index] = earlier[-1]
        last_grid = index
    return GridTitles(titles, continues)
