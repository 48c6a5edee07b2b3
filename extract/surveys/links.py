"""Claim links: which survey, question and segment each claim of a survey report is about.

Every claim of a document presenting a survey gets its ``survey_key``. ``question_key``: a claim
in a figure's blocks gets the question of its block (question text, note, chart title) or else
the figure's first question (basis "figure_block"); a claim in the question or the answers of an
exhibit (:mod:`~extract.surveys.exhibits`: a chart, a table, a run of values) gets that question
(basis "question_block"); a claim naming "Figure N" / "Exhibit N" -- in its text, else in its
block -- gets that figure's first question (basis "figure_reference"); a share in running text
(a paragraph, a list item, a table or chart no exhibit took, or a heading, which looks forward
only) outside the methodology discusses the exhibit printed beside it: the nearest exhibit
before or after its block (within ``SurveySettings.discussed_exhibit_max_blocks``, no heading
between) whose question and answers share more words with the clause holding the value (else
its sentence, else its paragraph) than the other does, counting only words not common to the
report's questions; a tie links none (basis "discussed_exhibit"). A count there is the sample's
or a base, not an answer: it is not linked so.
``segment_key``: segment labels and aliases matched case-insensitively on whole words (plural "s"
optional; ``SurveySettings.generic_segment_labels`` such as "Other" never match); the segment
named right after the claim's value ("(52%, lower adopters)") wins, then the nearest named before
it, then one named shortly after it (within ``SurveySettings.segment_after_value_chars``); a
sentence naming three or more segments of one dimension is a listing and links none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from extract.genre import content_stems
from extract.settings import SurveySettings
from extract.surveys.figures import Figure
from extract.surveys.reading import TextBlock, is_methodology, normalize_ref
from extract.vocabulary import FIGURE_WORDS

# Running text refers to a figure by its word, capitalized ("see Exhibit 7"); "Table 3" in
# running text is not read as a reference to a figure.
_TEXT_FIGURE_WORDS = "|".join(word.capitalize() for word in FIGURE_WORDS if word != "table")
_TEXT_FIGURE_REF_RE = re.compile(rf"\b(?P<kind>{_TEXT_FIGURE_WORDS})\s+(?P<num>\d+[a-z]?)\b")

# How a claim's question was found (raw.claim_links.question_link_basis; see the docstring).
QUESTION_LINK_BASES = ("figure_block", "question_block", "figure_reference", "discussed_exhibit")
# The columns of the claims frame the links read.
CLAIM_COLUMNS = ("claim_id", "document_id", "block_id", "claim_text")


def claim_links(
    claims: pd.DataFrame,
    survey_key: str,
    rows: Sequence[TextBlock],
    figures: Sequence[Figure],
    block_question: dict[str, str],
    segments: Sequence[dict[str, object]],
    settings: SurveySettings,
    exhibit_question: dict[str, str] | None = None,
) -> list[dict[str, object]]:
    if claims.empty:
        return []
    by_block = {b.block_id: b for b in rows}
    figure_question: dict[str, str] = {}
    for figure in figures:
        if figure.question_keys:
            figure_question.setdefault(figure.ref, figure.question_keys[0])
    in_figure: dict[str, str] = {}
    for figure in figures:
        if not figure.question_keys:
            continue
        for pos in range(figure.start, figure.end + 1):
            block_id = rows[pos].block_id
            in_figure[block_id] = block_question.get(block_id, figure.question_keys[0])
        for line in figure.title_lines:
            index = figure.title_lines.index(line)
            if index < len(figure.question_keys):
                in_figure[rows[line.pos].block_id] = figure.question_keys[index]
    discussed = _DiscussedExhibits(rows, {**(exhibit_question or {}), **in_figure}, settings)
    matchers = _segment_matchers(segments, settings)
    links = []
    for claim in claims.itertuples(index=False):
        question_key, basis = None, None
        block_id = str(claim.block_id)
        if block_id in in_figure:
            question_key, basis = in_figure[block_id], "figure_block"
        elif exhibit_question and block_id in exhibit_question:
            question_key, basis = exhibit_question[block_id], "question_block"
        else:
            refs = [
                normalize_ref(m.group("kind"), m.group("num"))
                for m in _TEXT_FIGURE_REF_RE.finditer(str(claim.claim_text))
            ]
            block = by_block.get(block_id)
            if not refs and block is not None:
                refs = [
                    normalize_ref(m.group("kind"), m.group("num"))
                    for m in _TEXT_FIGURE_REF_RE.finditer(block.text)
                ]
            for ref in refs:
                if ref in figure_question:
                    question_key, basis = figure_question[ref], "figure_reference"
                    break
            if question_key is None and getattr(claim, "unit", None) == "percent":
                value_text = getattr(claim, "value_text", None)
                question_key = discussed.question(
                    block_id,
                    str(claim.claim_text),
                    value_text if isinstance(value_text, str) else None,
                )
                basis = "discussed_exhibit" if question_key else None
        value_text = getattr(claim, "value_text", None)
        segment_key = _claim_segment(
            str(claim.claim_text),
            value_text if isinstance(value_text, str) else None,
            matchers,
            settings,
        )
        links.append(
            {
                "claim_id": claim.claim_id,
                "document_id": claim.document_id,
                "survey_key": survey_key,
                "question_key": question_key,
                "question_link_basis": basis,
                "segment_key": segment_key,
            }
        )
    return links


# The blocks whose shares may discuss an exhibit beside them (a source note or a quote does not).
_DISCUSSING_BLOCKS = ("paragraph", "list_item", "heading", "table", "chart")
# Where a sentence's clauses part: "While 70% use X as their database, only 20% deploy on Y".
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+(?:while|whereas|but)\s+", re.IGNORECASE)


class _DiscussedExhibits:
    """The exhibit a share in running text discusses: one printed beside its block."""

    def __init__(
        self, rows: Sequence[TextBlock], block_question: dict[str, str], settings: SurveySettings
    ) -> None:
        self.rows = rows
        self.settings = settings
        # a block split in parts (a paragraph and the source note run on after it) is one
        self.parts: dict[str, list[TextBlock]] = {}
        for row in rows:
            self.parts.setdefault(row.block_id, []).append(row)
        self.block_stems: dict[str, set[str]] = {}
        self.question_at = {
            b.pos: block_question[b.block_id] for b in rows if b.block_id in block_question
        }
        words: dict[str, set[str]] = {}
        for pos, key in self.question_at.items():
            words.setdefault(key, set()).update(content_stems(rows[pos].text))
        frequency = Counter(stem for stems in words.values() for stem in stems)
        common = max(1.0, settings.discussed_word_max_question_share * len(words))
        self.words = {
            key: {stem for stem in stems if frequency[stem] <= common}
            for key, stems in words.items()
        }

    def _nearest(self, pos: int, step: int) -> str | None:
        for _ in range(self.settings.discussed_exhibit_max_blocks + 1):
            pos += step
            if not 0 <= pos < len(self.rows):
                return None
            if pos in self.question_at:
                return self.question_at[pos]
            if self.rows[pos].block_type == "heading":
                return None
        return None

    def question(self, block_id: str, sentence: str, value_text: str | None) -> str | None:
        """The clause around the value decides between the exhibits beside its block, else its
        sentence, else its paragraph ("this meant Azure (37%)" shares no word with either).
        Only a share in a paragraph, a list item or a heading (which looks forward, to the
        exhibit it titles) outside the methodology counts: a count there is the sample's."""
        parts = self.parts.get(block_id)
        if not parts or parts[0].block_type not in _DISCUSSING_BLOCKS:
            return None
        first, last = parts[0], parts[-1]
        if first.pos in self.question_at or is_methodology(first.section, self.settings):
            return None
        after = self._nearest(last.pos, 1)
        before = None if first.block_type == "heading" else self._nearest(first.pos, -1)
        keys = {key for key in (before, after) if key is not None}
        if not keys:
            return None
        if block_id not in self.block_stems:
            self.block_stems[block_id] = content_stems(" ".join(p.text for p in parts))
        for stems in (
            content_stems(_clause(sentence, value_text)),
            content_stems(sentence),
            self.block_stems[block_id],
        ):
            shared = {key: len(stems & self.words[key]) for key in keys}
            best = max(shared.values())
            if best:
                chosen = [key for key, count in shared.items() if count == best]
                return chosen[0] if len(chosen) == 1 else None
        return None


def _clause(sentence: str, value_text: str | None) -> str:
    """The clause of the sentence holding the value (the sentence when it is not found)."""
    at = sentence.find(value_text) if value_text else -1
    if at < 0:
        return sentence
    starts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence) if m.end() <= at)]
    ends = [m.start() for m in _CLAUSE_BREAK.finditer(sentence) if m.start() >= at]
    return sentence[max(starts) : min(ends, default=len(sentence))]


@dataclass(frozen=True)
class _Matcher:
    segment_key: str
    dimension: str
    pattern: re.Pattern[str]


def _claim_segment(
    text: str, value_text: str | None, matchers: Sequence[_Matcher], settings: SurveySettings
) -> str | None:
    """The segment a claim is about, judged by where segments are named around its value.

    A mention right after the value ("(52%, lower adopters)") wins, then the nearest mention
    before it ("higher adopters ... (47%)"), then one shortly after it ("47% of higher
    adopters"). Without a located value the first mention counts. Overlapping mentions keep the
    longest; a sentence naming three or more segments of one dimension is a listing ("a focus on
    Brazil, France, India, ...") and links to none of them.
    """
    found: list[tuple[int, int, _Matcher]] = []
    for matcher in matchers:
        for match in matcher.pattern.finditer(text):
            found.append((match.start(), match.end(), matcher))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, _Matcher]] = []
    for start, end, matcher in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, matcher))
    per_dimension = Counter(
        dimension for dimension, _ in {(m.dimension, m.segment_key) for _, _, m in kept}
    )
    kept = [k for k in kept if per_dimension[k[2].dimension] < 3]
    if not kept:
        return None
    anchor = text.find(value_text) if value_text else -1
    if anchor < 0 or not value_text:
        return kept[0][2].segment_key
    value_end = anchor + len(value_text)
    for start, _, matcher in kept:
        if start >= value_end and re.fullmatch(r"[\s,;:]*", text[value_end:start]):
            return matcher.segment_key
    before = [k for k in kept if k[1] <= anchor]
    if before:
        return before[-1][2].segment_key
    after = [k for k in kept if value_end <= k[0] <= value_end + settings.segment_after_value_chars]
    return after[0][2].segment_key if after else None


def _segment_matchers(
    segments: Sequence[dict[str, object]], settings: SurveySettings
) -> list[_Matcher]:
    generic = {label.lower() for label in settings.generic_segment_labels}
    matchers = []
    for row in segments:
        names = [str(row["segment_label"])]
        aliases = row["aliases"]
        if isinstance(aliases, str):
            names += [a.strip() for a in aliases.split(";") if a.strip()]
        for name in names:
            if name.lower() in generic or len(name) < 3:
                continue
            stem = name[:-1] if name.lower().endswith("s") and len(name) > 4 else name
            pattern = re.compile(rf"(?<![\w-]){re.escape(stem)}s?(?![\w-])", re.I)
            matchers.append(_Matcher(str(row["segment_key"]), str(row["dimension"]), pattern))
    return matchers
