"""A document's blocks as the survey extractor reads them, and the text helpers every part uses.

Blocks are read in order (``seq``), each with its type, text, section path and page. A paragraph
running on into "Source: ..." (a title line or footnote merged with the note, as PDF layouts
give) is read as that paragraph followed by a source note of the same block id. Markdown
emphasis and footnote markers (superscripts, a digit glued to the last word) are dropped where
text is compared.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from extract.genre import normalize_space, sentence_spans
from extract.settings import SurveySettings
from extract.vocabulary import CARDINAL_WORDS, DEMOGRAPHIC_SECTION_CUES, SECOND_PERSON

# A question code as printed ("Q7", "Q14b", "Q.44", "QS2", "Q12_3", "Q.10F1", "Q.F2"), a count
# ("1,312"), a year of fieldwork.
CODE = r"Q(?:[A-Z]?(?:\.\s?)?\d{1,3}[a-z]?(?:_\d{1,3})?(?:[A-Z]\d{1,2})?|\.[A-Z]{1,2}\d{1,2})"
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
YEAR = r"(?:19|20)\d{2}"
CODE_TOKEN_RE = re.compile(rf"\b{CODE}\b")
# A number in words ("ten", "twenty-five"; read by number-parser).
NUMBER_WORD = rf"(?:{'|'.join(CARDINAL_WORDS)})(?:[- ](?:{'|'.join(CARDINAL_WORDS)}))?"
# A text that addresses the respondent ("you", "your", "您").
SECOND_PERSON_RE = re.compile("|".join(SECOND_PERSON), re.I)
# A question code opening a block, after at most a short lead-in ("Next, Q.44 If you were ...",
# "Question 5: How ..."), followed by the wording (never a year: "Q1 2024" is a quarter).
_LEADING_CODE_RE = re.compile(
    rf"^(?:[^\n]{{0,50}}?[,…:.!?]\s+)?(?P<code>{CODE}|Question\s+\d{{1,3}}[a-z]?)\b[.:)]?\s+"
    r"(?!(?:19|20)\d{2}\b|continued\b|-|–)(?P<rest>[\[A-Z\"“‘].*)$",
    re.S | re.I,
)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPTS}]+")
_TRAILING_MARKER_RE = re.compile(r"(?<=[A-Za-z])\d{1,2}$")
_DEMOGRAPHIC_RE = re.compile("|".join(re.escape(cue) for cue in DEMOGRAPHIC_SECTION_CUES), re.I)
_EMPHASIS_RE = re.compile(r"\*{1,2}|_{2}")
# "... (n = 312) Source: X Survey, ..." -- a source note run on after other text.
_EMBEDDED_NOTE_RE = re.compile(r"(?<=\S)\s+(?=Sources?\s*:\s*\S)")


@dataclass(frozen=True)
class TextBlock:
    """One block (or the part of one) in reading order; ``pos`` is its index in the list."""

    pos: int
    block_id: str
    block_type: str
    text: str
    section: str
    page: int | None


@dataclass
class Candidate:
    """A value a block states for a fact, scored by how surely it is the survey's."""

    value: object
    score: float
    block: TextBlock


def best(candidates: Sequence[Candidate]) -> Candidate | None:
    """The highest score wins; ties go to the value stated most often, then to the earliest."""
    if not candidates:
        return None
    counts = Counter(repr(c.value) for c in candidates)
    return max(candidates, key=lambda c: (c.score, counts[repr(c.value)], -c.block.pos))


def read_blocks(blocks: pd.DataFrame) -> list[TextBlock]:
    """The blocks of one document (a blocks frame), in order, embedded source notes split off."""
    ordered = blocks.sort_values("seq") if "seq" in blocks.columns else blocks
    result: list[TextBlock] = []
    for block in ordered.itertuples(index=False):
        page = block.page_number
        section = str(block.section_path) if isinstance(block.section_path, str) else ""
        for block_type, text in _split_embedded_note(str(block.block_type), str(block.text)):
            result.append(
                TextBlock(
                    pos=len(result),
                    block_id=str(block.block_id),
                    block_type=block_type,
                    text=text,
                    section=section,
                    page=None if pd.isna(page) else int(page),
                )
            )
    return result


def _split_embedded_note(block_type: str, text: str) -> list[tuple[str, str]]:
    """A paragraph running on into "Source: ..." (a chart title or footnote merged with the
    figure's source note) is read as the paragraph, then a source note."""
    if block_type != "paragraph":
        return [(block_type, text)]
    match = _EMBEDDED_NOTE_RE.search(text)
    if not match:
        return [(block_type, text)]
    return [(block_type, text[: match.start()].strip()), ("source_note", text[match.start() :])]


def leading_code(text: str) -> tuple[str, str] | None:
    """The question code a block opens with, as printed (inner spaces dropped: "Q. 44" is
    "Q.44"), and the wording after it; None when the block opens with no code."""
    match = _LEADING_CODE_RE.match(text)
    if not match or not match.group("code").startswith("Q"):  # codes are printed in capitals
        return None
    code = match.group("code")
    code = " ".join(code.split()) if code.startswith("Question") else "".join(code.split())
    return code, match.group("rest").strip()


def to_int(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text.replace(",", ""))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@functools.lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """Text as compared: Markdown emphasis dropped, whitespace normalized (cached: every rule
    reads the same blocks)."""
    return normalize_space(_EMPHASIS_RE.sub("", text))


def strip_markers(text: str) -> str:
    """Drop footnote markers: superscripts anywhere, a digit glued to the last word."""
    return _TRAILING_MARKER_RE.sub("", _SUPERSCRIPT_RE.sub("", text)).strip()


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def normalize_ref(kind: str, num: str) -> str:
    """ "Fig." 5 -> "Figure 5", "EXHIBIT" 7 -> "Exhibit 7"."""
    kind = kind.lower().rstrip(".")
    name = {"fig": "Figure", "figure": "Figure"}.get(kind, kind.capitalize())
    return f"{name} {num.lower()}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def is_methodology(section: str, settings: SurveySettings) -> bool:
    """Is a section path one where methodology and demographic facts are stated?"""
    lowered = section.lower()
    return any(cue in lowered for cue in settings.methodology_cues)


def is_demographic(section: str) -> bool:
    """Is a section path one that describes the respondents ("Demographics", "About the
    respondents")? Every question in it is a breakdown of the sample."""
    return bool(_DEMOGRAPHIC_RE.search(section))


def split_outside_parens(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` where it stands outside parentheses; empty parts dropped."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]
