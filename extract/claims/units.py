"""Units: what follows a number says what it counts or measures, and at which scale.

``%``/"percent", "percentage points", "x"/"times more", seconds and milliseconds (minutes and
hours are converted to seconds), tokens, parameters, FLOPs, bytes, points, a scale ("million",
"bn", "M", "k") and, failing those, a plural noun ("316 respondents", "12 million images") which
makes the number a count; "2.0 Average rating" is a score. A duration in days, months or years is
a time frame, not a measurement; "11 hours per week" is a rate (unit ``other``). A size glued to
digits and followed by "model(s)" ("a 405B model") is a parameter count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.claims.context import CJK_CHAR
from extract.vocabulary import FUNCTION_WORDS, IRREGULAR_PLURALS, NOT_COUNTED_NOUNS

UNITS = (
    "percent",
    "count",
    "usd",
    "multiple",
    "points",
    "score",
    "seconds",
    "milliseconds",
    "tokens",
    "parameters",
    "flops",
    "bytes",
    "other",
)
"""Every unit a quantity can have."""

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mm": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "t": 1e12,
    "tn": 1e12,
}
_BYTES = {
    "kb": 1e3,
    "mb": 1e6,
    "gb": 1e9,
    "tb": 1e12,
    "pb": 1e15,
    "kilobyte": 1e3,
    "megabyte": 1e6,
    "gigabyte": 1e9,
    "terabyte": 1e12,
    "petabyte": 1e15,
}

# Glued to the digits: "9x", "128k", "$50M", "70B", "180TB", "250ms".
_GLUED_SUFFIX = re.compile(r"(?:TB|GB|PB|MB|KB|ms|bn|BN|mn|tn|[kKMBTxX×])(?![^\W\d_])")
_PLUS = re.compile(r"\+(?!\d)")
_SCALE_WORD = re.compile(r"(?:\s+|-)(thousand|million|billion|trillion|bn|mn)\b", re.IGNORECASE)
_PERCENT = re.compile(
    r"\s?%(?:\s*(?:per\s?cent|percent)\b)?|(?:\s+|-)(?:per\s?cent|percent)\b(?!age)",
    re.IGNORECASE,
)
_PERCENT_POINTS = re.compile(
    r"(?:\s+|-)(?:percentage|percent)[-\s]points?\b|\s?(?:pp|p\.p\.)(?![\w])", re.IGNORECASE
)
_TIMES = re.compile(
    r"\s+times\b(?=\s+(?:more|less|fewer|as|the|over|higher|lower|larger|smaller|greater|"
    r"faster|slower|cheaper|better|worse|bigger|likelier|[a-z]+er)\b)",
    re.IGNORECASE,
)
_SPACED_X = re.compile(r"\s?[x×](?![\w])")
_MS = re.compile(r"(?:\s+|-)(?:milliseconds?|millisecond|msecs?)\b|\s?ms\b")
_SECONDS = re.compile(r"(?:\s+|-)(?:seconds?|secs?)\b|\s?s\b(?!-)")
# Not a duration when a rate: "11 hours per week".
_RATE = r"(?!\s+(?:per|a|an|each|every)\s+(?:day|week|month|year|quarter)\b)"
_MINUTES = re.compile(rf"\s+(?:minutes?|mins?)\b{_RATE}")
_TIME_RATE = re.compile(
    r"\s+(?:hours?|hrs?|minutes?|mins?)\s+(?:per|a|an|each|every)\s+(?:day|week|month|year)\b"
)
_HOURS = re.compile(rf"\s+(?:hours?|hrs?)\b{_RATE}")
_TIMEFRAME = re.compile(
    r"(?:\s+|-)(?:days?|weeks?|months?|years?|decades?|centuries|century|quarters?|"
    r"hours?|minutes?|nights?)\b",
    re.IGNORECASE,
)
_TOKENS = re.compile(r"(?:\s+|-)tokens?\b", re.IGNORECASE)
_PARAMETERS = re.compile(r"(?:\s+|-)(?:parameters?|params?)\b", re.IGNORECASE)
_FLOPS = re.compile(r"\s*(?:FLOPs|FLOPS|FLOP|flops|floating[-\s]point operations)\b")
_BYTES_UNIT = re.compile(
    r"\s?(TB|GB|PB|MB|KB)\b|\s+(terabytes?|gigabytes?|petabytes?|megabytes?|kilobytes?)\b"
)
_POINTS = re.compile(r"(?:\s+|-)points?\b", re.IGNORECASE)
# "2.0 Average rating", "4.1 average score": a mean on an answer scale.
_SCORE_AFTER = re.compile(r"(?=\s+(?:average|mean)\s+(?:rating|score)s?\b)", re.IGNORECASE)
_DOLLARS = re.compile(r"\s+(?:US\s+)?(?:dollars|USD)\b")
_MODEL_NOUN = re.compile(r"(?:\s+|-)(?:models?|checkpoints?|LLMs?|variants?|versions?)\b")

_WORD = re.compile(r"[^\W_](?:[\w'’&/.-]*[^\W_])?|[^\W_]")
_SPACES = re.compile(r"[ \u00a0]+")


def _words_after(text: str, pos: int, limit: int) -> list[re.Match[str]]:
    """Up to ``limit`` words after ``pos`` separated by single spaces (no punctuation between)."""
    words: list[re.Match[str]] = []
    i = pos
    while len(words) < limit:
        gap = _SPACES.match(text, i)
        if not gap:
            break
        match = _WORD.match(text, gap.end())
        if not match:
            break
        words.append(match)
        i = match.end()
        if i < len(text) and text[i] not in " \u00a0":
            break
    return words


def _is_plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return True
    if re.fullmatch(r"[A-Z]{2,}s", word):  # GPUs, LLMs, APIs
        return True
    if not word[:1].islower() or lower in NOT_COUNTED_NOUNS or len(lower) < 3:
        return False
    if not lower.endswith("s") or lower.endswith(("ss", "us", "is", "'s", "’s")):
        return False
    return lower.isascii() and bool(re.fullmatch(r"[a-z][a-z-]*", lower))


def count_noun(text: str, pos: int) -> tuple[str, int] | None:
    """A counted noun phrase right after ``pos``: up to three modifiers, then a plural noun."""
    words = _words_after(text, pos, 4)
    for index, match in enumerate(words):
        word = match.group()
        if _is_plural_noun(word):
            return text[words[0].start() : match.end()], match.end()
        # A function word ends the phrase; an acronym such as "IT" is a modifier, not "it".
        lower_case = word.islower() or word[:1].islower()
        if (lower_case and word.lower() in FUNCTION_WORDS) or word.endswith("ly") or index == 3:
            return None
        if re.fullmatch(r"\d[\d,.]*", word) and index == 0:
            return None
    return None


@dataclass
class Tail:
    """What follows a core: scale, unit, extra qualifier and where it all ends."""

    unit: str | None = None
    scale: float = 1.0
    end: int = 0
    value_end: int = 0  # end of the value_text (unit included, counted noun excluded)
    plus: bool = False
    noun: str | None = None
    timeframe: bool = False
    glued_scale: bool = False
    unknown_glue: bool = False
    multiplier: float = 1.0


def read_tail(text: str, pos: int) -> Tail:
    """Parse scale and unit after the core that ends at ``pos``."""
    tail = Tail(end=pos, value_end=pos)
    # Read a short window (a unit is never further away); offsets stay those of ``text``.
    origin = pos
    text = text[origin : origin + 120]
    pos = 0
    rest = text
    glued = _GLUED_SUFFIX.match(rest)
    if glued:
        suffix = glued.group()
        if suffix.lower() in _BYTES:
            tail.unit, tail.multiplier = "bytes", _BYTES[suffix.lower()]
        elif suffix == "ms":
            tail.unit = "milliseconds"
        elif suffix in ("x", "X", "×"):
            tail.unit = "multiple"
        else:
            tail.scale, tail.glued_scale = _SCALES[suffix.lower()], True
        pos += glued.end()
        rest = text[pos:]
    elif re.match(r"[^\W\d_]", rest) and not CJK_CHAR.match(rest):
        tail.unknown_glue = True
        return tail
    pos = _read_plus(tail, text, pos)
    rest = text[pos:]
    if tail.scale == 1.0 and tail.unit is None:
        scale = _SCALE_WORD.match(rest)
        if scale:
            tail.scale = _SCALES[scale.group(1).lower()]
            pos = _read_plus(tail, text, pos + scale.end())
            rest = text[pos:]
    if tail.unit is None:
        for unit, pattern, multiplier in (
            ("points", _PERCENT_POINTS, 1.0),
            ("percent", _PERCENT, 1.0),
            ("multiple", _TIMES, 1.0),
            ("milliseconds", _MS, 1.0),
            ("seconds", _SECONDS, 1.0),
            ("seconds", _MINUTES, 60.0),
            ("seconds", _HOURS, 3600.0),
            ("other", _TIME_RATE, 1.0),
            ("tokens", _TOKENS, 1.0),
            ("parameters", _PARAMETERS, 1.0),
            ("flops", _FLOPS, 1.0),
            ("points", _POINTS, 1.0),
            ("score", _SCORE_AFTER, 1.0),
            ("usd", _DOLLARS, 1.0),
        ):
            match = pattern.match(rest)
            if match:
                tail.unit, tail.multiplier = unit, multiplier
                pos += match.end()
                rest = text[pos:]
                break
        else:
            bytes_unit = _BYTES_UNIT.match(rest)
            if bytes_unit:
                key = (bytes_unit.group(1) or bytes_unit.group(2)).lower().rstrip("s")
                key = key if key in _BYTES else key[:2]
                tail.unit, tail.multiplier = "bytes", _BYTES.get(key, 1.0)
                pos += bytes_unit.end()
                rest = text[pos:]
            elif tail.glued_scale and _MODEL_NOUN.match(rest):
                tail.unit = "parameters"
            elif _SPACED_X.match(rest) and not re.match(r"\s?x\s?\d", rest):
                tail.unit = "multiple"
                pos += _SPACED_X.match(rest).end()
                rest = text[pos:]
            elif _TIMEFRAME.match(rest):
                tail.timeframe = True
    if tail.unit == "percent":  # "40%+"
        pos = _read_plus(tail, text, pos)
    tail.end = tail.value_end = origin + pos
    return tail


def _read_plus(tail: Tail, text: str, pos: int) -> int:
    """A "+" at ``pos`` ("500+ respondents", "40%+") makes the number "more than" itself: the
    position after it, else ``pos``."""
    if _PLUS.match(text[pos:]):
        tail.plus = True
        return pos + 1
    return pos
