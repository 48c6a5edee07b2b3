"""Exhibits: a question or chart title with the blocks that report its answers, in any layout.

A survey report shows each question the same way whatever its publisher: the question (or a
chart title), perhaps an answer instruction and a base, then the answers as a chart, a table
or a run of bare values. The document is walked once, in reading order:

* **A question** opens an exhibit: a block opening with a question code ("Q7 ...", "Q.44 ...",
  "Next, Q.10F1 ...", "Question 5: ..."; a table whose first cell is a code and whose row holds
  the wording), or a block whose text up to its last "?" is at most three sentences and runs on
  by at most a short instruction ("... SELECT ALL THAT APPLY.", "... Please mention the tools.").
  Research questions ("RQ1: ...?", ``vocabulary.NOT_SURVEY_QUESTION_PREFIXES``) and questions
  quoted in prose are not survey questions. A question without a code is kept only with
  evidence: answers, a base or an instruction after it, the reader's ``question`` block type,
  or a paragraph that is the question alone and asks "you" (not a heading: "Why does it
  matter?" titles a section; not a list item: a table of contents repeats the questions).
* **A chart shown only as an image** opens an exhibit titled by its description: a caption
  that says what a chart shows (an image's alt text, "Chart of the tools respondents use at work",
  :func:`extract.genre.describes_chart`) is a question whose answers a reader cannot see; the
  chart or table after it, if any, is its answers.
* **An answer instruction line** ("Optional. Single select.", :mod:`~extract.surveys.answers`)
  gives the response format; after a heading or short paragraph that is not a question yet
  ("I would recommend Haskell to others."), it makes that block a question.
* **A base line** ("55 out of 59 answered", "Answered: 80 Skipped: 0", "Base: ... (n = 312)",
  :mod:`~extract.surveys.bases`) gives the open question's base; **a filter line** ("ASK FORM 1
  ONLY [N=751]:") gives the next question's (and names a split sample, see
  :mod:`~extract.surveys.breakdowns`); "ASK ALL:" clears it.
* **Answers**: a ``chart`` block, a ``table`` block with shares or counts, or a run of bare
  values (:mod:`~extract.surveys.tables`). They belong to the open question while it has none;
  after that, a title-like block between the last answers and these (on the same page, at most
  three blocks before them) titles a new exhibit ("Planned spend on IoT solutions" over its
  chart), else they continue the open one (a chart continued on the next page). A table whose
  header names a count column ("Location | Count") is titled by that header; a table of images
  (header cells over empty cells) titles one exhibit per header cell.
* The Total row of the answers (or "Total (52)") is the base when no base line is printed.

Blocks inside a figure that already has questions (source notes, survey-design tables: see
:mod:`~extract.surveys.questions`) are left to those rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.genre import describes_chart
from extract.settings import SurveySettings
from extract.surveys.answers import is_instruction_line, response_format
from extract.surveys.bases import Filter, base_of, filter_line, is_base_line
from extract.surveys.reading import (
    SECOND_PERSON_RE,
    TextBlock,
    clean,
    is_demographic,
    is_methodology,
    leading_code,
    sentences,
    strip_markers,
)
from extract.surveys.tables import Category, cell_value, grids, is_run_token, value_run
from extract.vocabulary import DANGLING_WORDS, NOT_SURVEY_QUESTION_PREFIXES, SECOND_PERSON

_NOT_SURVEY_QUESTION_RE = re.compile(rf"^(?:{'|'.join(NOT_SURVEY_QUESTION_PREFIXES)})", re.I)
_BULLET_RE = re.compile(r"^\s*(?:[-•*–—▪●◦]|\d{1,2}[.)])\s+")
_ASKS_RE = re.compile(rf"\?|\[|\bplease\b|{'|'.join(SECOND_PERSON)}", re.I)
_CONTINUED_RE = re.compile(r"\bcontinued\b|\(cont(?:'d|\.)?\)", re.I)
_QUOTES = "\"“”‘’'"
_BRACKETED_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)")


@dataclass
class Exhibit:
    """A question or chart title and what the report prints about its answers."""

    block: TextBlock
    text: str
    code: str | None
    is_title: bool  # a chart or table title, not the question's wording
    response_format: str | None = None
    base_n: int | None = None
    asked: Filter | None = None
    data: list[TextBlock] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    total: int | None = None
    evidence: bool = False
    last_pos: int = 0
    question_key: str | None = None

    def add_answers(self, blocks: Sequence[TextBlock], categories: Sequence[Category]) -> None:
        self.data.extend(blocks)
        self.categories.extend(categories)
        self.evidence = True
        self.last_pos = blocks[-1].pos


def _strip_bullet(text: str) -> str:
    return _BULLET_RE.sub("", text)


def question_wording(block: TextBlock, settings: SurveySettings) -> tuple[str | None, str] | None:
    """(code, wording) when ``block`` is a question, else None."""
    if block.block_type not in ("heading", "paragraph", "list_item", "question", "caption"):
        return None
    text = _strip_bullet(clean(block.text))
    if _NOT_SURVEY_QUESTION_RE.match(text):
        return None
    coded = leading_code(text)
    if coded and (_ASKS_RE.search(coded[1]) or block.block_type == "question"):
        # A question asks ("?", "you", "Please tell me") or instructs the interviewer
        # ("[READ]"); "Q4 Revenue grew." is a quarter.
        code, rest = coded
        return code, _first_question(rest) or rest[: settings.max_question_chars]
    if len(text) > settings.max_question_chars or "?" not in text:
        return None
    head = text[: text.rindex("?") + 1]
    tail = text[len(head) :]
    if (
        len(_BRACKETED_RE.sub(" ", head).split()) < 3
        or len(tail) > settings.max_question_tail_chars
        or len(sentences(head)) > settings.max_question_sentences
        or any(q in tail[:2] for q in _QUOTES)
    ):
        return None
    return None, text


def _first_question(text: str) -> str | None:
    """A coded question's wording up to its first "?", when that is near its start."""
    mark = text.find("?")
    return text[: mark + 1] if 0 < mark < 400 else None


def _wordy(text: str) -> bool:
    """Text of words: at most one number, most tokens words, not all in brackets ("(VOL.)")."""
    tokens = _BRACKETED_RE.sub(" ", text).split()
    words = [t for t in tokens if re.search(r"[^\W\d_]{2,}", t)]
    numbers = [t for t in text.split() if re.fullmatch(r"[\d.,:%+-]+", t)]
    return bool(words) and len(numbers) <= 1 and len(words) >= 0.6 * len(tokens)


def _is_title_like(block: TextBlock, settings: SurveySettings) -> bool:
    text = strip_markers(clean(block.text))
    words = text.split()
    return (
        block.block_type in ("heading", "paragraph", "caption")
        and 2 < len(text) <= settings.max_title_chars
        and _wordy(text)
        and not text.endswith((".", ":", ";", ","))
        and bool(words)
        and words[-1].lower() not in DANGLING_WORDS
        and any(c.isalpha() for c in text)
        and cell_value(text).empty
        and not _CONTINUED_RE.search(text)
        and filter_line(text) is None
        and not is_base_line(text, settings)
        and not is_instruction_line(text, settings)
    )


def _is_standalone(block: TextBlock, text: str) -> bool:
    """A block that is the question and nothing else: a heading or short paragraph."""
    return block.block_type in ("heading", "paragraph", "question") and len(sentences(text)) <= 2


def _accepted(exhibit: Exhibit) -> bool:
    if exhibit.code or exhibit.is_title or exhibit.evidence:
        return True
    return exhibit.block.block_type == "question" or (
        exhibit.block.block_type != "heading"  # "Why does it matter?" titles a section
        and _is_standalone(exhibit.block, exhibit.text)
        and exhibit.text.rstrip().endswith("?")
        and bool(SECOND_PERSON_RE.search(exhibit.text))  # a survey asks its respondents
    )


class _Walk:
    def __init__(self, rows: Sequence[TextBlock], settings: SurveySettings, skip: set[int]):
        self.rows = rows
        self.settings = settings
        self.skip = skip
        self.found: list[Exhibit] = []
        self.current: Exhibit | None = None
        self.asked: Filter | None = None

    def open(self, block: TextBlock, text: str, code: str | None, is_title: bool) -> Exhibit:
        exhibit = Exhibit(block, text, code, is_title, last_pos=block.pos)
        exhibit.response_format = response_format(text) if not is_title else None
        exhibit.base_n = base_of(text) if not is_title or "n" in text.lower() else None
        if self.asked is not None:
            exhibit.asked = self.asked
            if exhibit.base_n is None and not self.asked.whole_sample:
                exhibit.base_n = self.asked.n
            self.asked = None
        self.found.append(exhibit)
        self.current = exhibit
        return exhibit

    def title_before(self, pos: int, after: int, page: int | None) -> TextBlock | None:
        """The nearest title-like block before ``pos`` (after ``after``), on the same page."""
        lookback = self.settings.title_lookback_blocks
        for back in range(pos - 1, max(after, pos - 1 - lookback), -1):
            block = self.rows[back]
            if page is not None and block.page is not None and block.page != page:
                return None
            if _is_title_like(block, self.settings) and back not in self.skip:
                return block
        return None

    def answers(self, blocks: Sequence[TextBlock], categories: Sequence[Category]) -> None:
        first = blocks[0]
        current = self.current
        if current is not None and not current.data:
            current.add_answers(blocks, categories)
            return
        after = current.last_pos if current is not None else -1
        # After a coded question, answers continue it until the next question: a topline's
        # column headers and item labels are not titles.
        title = (
            None
            if current is not None and current.code
            else self.title_before(first.pos, after, first.page)
        )
        section = title.section if title is not None else ""
        if is_methodology(section, self.settings) and not is_demographic(section):
            title = None  # a methodology table (weights, dispositions) answers no question
        answers = bool(categories) or first.block_type == "chart"
        if title is not None and answers and (current is None or clean(title.text) != current.text):
            # A title opens an exhibit over answers (a table of bare numbers under "Contents" is
            # a table of contents).
            self.open(title, strip_markers(clean(title.text)), None, True)
        elif current is None:
            return
        assert self.current is not None
        self.current.add_answers(blocks, categories)

    def table(self, block: TextBlock) -> None:
        tables = grids(block)
        if tables and all(not any(cell for row in g.body for cell in row) for g in tables):
            for grid in tables:  # a table of images: its header cells title the charts
                for cell in (c for row in grid.header for c in row if c):
                    self.open(block, cell, None, True).evidence = True
            self.current = None
            return
        for grid in tables:
            if not grid.has_values:
                continue
            current = self.current
            if (
                grid.titled
                and grid.title
                and (current is None or (current.data and current.text != grid.title))
            ):
                self.open(block, grid.title, None, True)
            self.answers([block], grid.categories)
            if self.current is not None and grid.total is not None:
                self.current.total = self.current.total or grid.total

    def run(self, start: int) -> int:
        """Read a run of bare values at ``start``; returns how many blocks it covered."""
        end = start
        while (
            end < len(self.rows)
            and end - start < self.settings.max_value_run_blocks
            and is_run_token(self.rows[end], self.settings.max_line_chars)
            and question_wording(self.rows[end], self.settings) is None
        ):
            end += 1
        categories, used = value_run(self.rows[start:end])
        if used:
            self.answers(self.rows[start : start + used], categories)
            return used
        return end - start  # no run starts here: the rest of these blocks is not read again

    def walk(self) -> list[Exhibit]:
        index = 0
        while index < len(self.rows):
            block = self.rows[index]
            index += 1
            if block.pos in self.skip:
                continue
            text = clean(block.text)
            if block.block_type in ("table", "chart"):
                titled = _table_question(block)
                if titled is not None:
                    self.open(block, titled[1], titled[0], False)
                self.table(block)
                continue
            asked = filter_line(text) if len(text) <= self.settings.max_line_chars else None
            if asked is not None:
                self.asked = asked
                continue
            if (
                self.current is not None
                and self.current.base_n is None
                and is_base_line(text, self.settings)
            ):
                self.current.base_n = self.current.base_n or base_of(text)
                self.current.evidence = True
                continue
            if is_instruction_line(text, self.settings):
                self._instruction(block, text)
                continue
            if block.block_type == "caption" and describes_chart(text):
                self.open(block, strip_markers(text), None, True).evidence = True
                continue
            wording = question_wording(block, self.settings)
            current = self.current
            if (
                wording is not None
                and not wording[0]
                and current
                and current.code
                and not current.data
                and self.asked is None  # a filter line introduces the next question
            ):
                continue  # more of a coded question ("How about [NEXT ITEM]?")
            if wording is not None:
                self.open(block, wording[1], wording[0], False)
                continue
            if is_run_token(block, self.settings.max_line_chars) and not cell_value(text).empty:
                previous = self.rows[block.pos - 1] if block.pos > 0 else None
                start = block.pos
                if (
                    previous is not None
                    and is_run_token(previous, self.settings.max_line_chars)
                    and not is_instruction_line(previous.text, self.settings)
                    and not is_base_line(previous.text, self.settings)
                    and (self.current is None or previous.pos > self.current.block.pos)
                ):
                    start = previous.pos  # a run that opens with its first label
                used = self.run(start)
                index = max(index, start + used)
        return [e for e in self.found if _accepted(e)]

    def _instruction(self, block: TextBlock, text: str) -> None:
        previous = self.rows[block.pos - 1] if block.pos > 0 else None
        current = self.current
        if (
            previous is not None
            and (current is None or current.block.pos != previous.pos)
            and (
                previous.block_type in ("heading", "question")
                or (previous.block_type == "paragraph" and len(previous.text.split()) >= 3)
            )
            and len(previous.text) <= self.settings.max_question_chars
            and previous.pos not in self.skip
        ):
            current = self.open(previous, strip_markers(clean(previous.text)), None, False)
        if current is not None:
            current.response_format = current.response_format or response_format(text)
            current.evidence = True


def _table_question(block: TextBlock) -> tuple[str | None, str] | None:
    """A question printed as a table's first row: a code with the wording ("Q.1 | ... ?",
    "Q.19 Would you say ...?"), or a wording ending in "?"."""
    cells = [clean(c) for c in block.text.split("\n", 1)[0].split("\t") if c.strip()]
    if not cells:
        return None
    coded = leading_code(" ".join(cells[:2]))
    if coded is not None:
        return coded[0], _first_question(coded[1]) or coded[1]
    first = cells[0]
    if first.endswith("?") and len(first.split()) >= 3 and len(sentences(first)) <= 2:
        return None, first
    return None


def find_exhibits(
    rows: Sequence[TextBlock], settings: SurveySettings, skip: set[int]
) -> list[Exhibit]:
    """Every exhibit of a document, in order; blocks at positions in ``skip`` are not read."""
    return _Walk(rows, settings, skip).walk()
