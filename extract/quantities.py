"""Quantities in running text: where a number is, what it is worth, in which unit, how hedged.

:func:`find_quantities` reads one sentence (or table row) and returns the :class:`Quantity`
objects it states, with offsets into that text. It is the number-parsing half of
:mod:`extract.claims`; the other half (subjects, kinds, sources) lives there.

How a number becomes a quantity (all rules are patterns of English prose, none of a document):

* A *core* is a digit number ("84", "1,312", "5.6", ".8"), a power of ten ("10^25"), a
  spelled-out cardinal ("Sixty", "Fifty-one"; turned into digits by ``number-parser``), a
  fraction word ("half", "a third", "three-quarters") or a ratio ("one in five", "1 in 10").
* What follows the core gives its unit: ``%``/"percent", "percentage points", "x"/"times
  more", seconds and milliseconds (minutes and hours are converted to seconds), tokens,
  parameters, FLOPs, bytes, points, a scale ("million", "bn", "M", "k") and, failing those, a
  plural noun ("316 respondents", "12 million images") which makes it a count.
* What precedes it gives a currency (``$`` → usd), a sign, or a hedge ("more than", "nearly",
  "up to", a trailing ``+``, "sub-"), kept as written in lower case.
* A core is *not* a quantity when it is a year (1900–2100 with no unit that makes it an
  amount), a day of a date ("Dec 9"), a reference ("Figure 3", "Exhibit <1> of <12>", "Q7",
  "page 4", "Level 2", "top 5"), a version or a name ("Llama 3", "GPT-4", "Gemma-2", "v1",
  "Gaudi 3 clusters", "Fortune 500 companies": a number right after a capitalised name), a
  footnote marker (glued to a word or to punctuation: "publications1", "OSI),2"), a time of day,
  a duration in days, months or years (a time frame, not a measurement), or a bare number
  with no unit or noun. Spelled-out numbers make a count only at the start of a sentence (where
  style spells them), from one hundred up, or with a scale word.
* Model sizes glued into a name ("Llama-3-70B", "BLOOM-176B") are names; a free-standing
  size before "model(s)" ("a 405B model") or stated in words ("405-billion-parameter") is a
  parameter count.
* "N-M unit", "N to M unit" and "between N and M unit" are ranges (``low``/``high``).
  "from N to M" after a verb of change ("fell", "grew", "cut") is a change: two quantities,
  qualified "from" and "to".
* A fraction restated by a percent in brackets ("more than half of respondents (52%)") yields
  only the percent.

Damaged numbers are kept with ``value`` None and a flag (see :data:`FLAGS`); nothing is
repaired by guesswork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from number_parser import parse_number

FLAGS: dict[str, str] = {
    "lost_currency_digits": (
        "a money amount whose currency sign and leading digits were lost in extraction "
        "(a scale word after a number that starts with '.', or a large amount in a money "
        "context without a currency sign); value left null"
    ),
    "lost_leading_digits": "a number starting with '.' before a scale word; value left null",
    "percent_over_100": "a share stated above 100 percent; value left null",
    "percent_change_over_100": "a percent change above 100 (possible, but checked); value kept",
    "split_number": "digits separated by extraction ('1 312', '4 .5%'); value left null",
}
"""Quality flags a quantity can carry, by name."""

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


@dataclass(frozen=True)
class Quantity:
    """One stated quantity; ``start``/``end`` delimit ``value_text`` in the scanned text."""

    start: int
    end: int
    value_text: str
    unit: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    flags: tuple[str, ...] = ()
    # Where the qualifier begins (== start without one) and where the unit or noun ends.
    span_start: int = 0
    tail_end: int = 0
    noun: str | None = None
    kind: str = "digits"  # digits, words, fraction, ratio, sci
    role: str = "value"  # value, range, change_from, change_to


# --------------------------------------------------------------------------- vocabulary


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


_UNITS_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_NUMBER_WORD = rf"(?:{_UNITS_WORDS}|hundred|thousand)"
_SPELLED = rf"\b(?:{_UNITS_WORDS})(?:(?:-|\s+)(?:{_NUMBER_WORD})\b)*\b"
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
_FRACTION = (
    r"\b(?:(?P<fnum>a|an|one|two|three|four|five|six|seven|eight|nine)(?:-|\s+))?"
    r"(?P<fden>" + "|".join(sorted(_DENOMINATORS, key=len, reverse=True)) + r")\b"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCI = r"10\s?\^\s?\{?\d{1,3}\}?|10[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+(?:\.\d+)?[eE]\+?\d{1,3}(?![\w])"
_RATIO = rf"\b(?P<ra>\d+|{_UNITS_WORDS})\s+(?:in|out\s+of)\s+(?P<rb>\d+|{_UNITS_WORDS}|hundred)\b"

_CORE_ALTERNATIVES = (
    rf"(?P<fraction>{_FRACTION})"
    rf"|(?P<twice>\btwice(?=\s+(?:as|the)\b))"
    rf"|(?<![\w.,^])(?P<sci>{_SCI})"
    rf"|(?<![\w,])(?P<digits>{_DIGITS})"
    rf"|(?P<words>{_SPELLED})"
)
_CORE = re.compile(rf"(?P<ratio>{_RATIO})|{_CORE_ALTERNATIVES}", re.IGNORECASE)
_CORE_NO_RATIO = re.compile(_CORE_ALTERNATIVES, re.IGNORECASE)

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

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
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)

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
_DOLLARS = re.compile(r"\s+(?:US\s+)?(?:dollars|USD)\b")
_MODEL_NOUN = re.compile(r"(?:\s+|-)(?:models?|checkpoints?|LLMs?|variants?|versions?)\b")

_CURRENCY_BEFORE = re.compile(r"(US\s?\$|\$|USD\s?|€|£|EUR\s?|GBP\s?)\s?$")
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(?:(\+/-|±)\s?|(\+|-|−|–))$")
_SUB_BEFORE = re.compile(r"\bsub-$", re.IGNORECASE)
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=[\s(\t\"“]))(more than|less than|fewer than|greater than|at least|at most|"
    r"up to|nearly|almost|about|around|roughly|approximately|approx\.|just over|just under|"
    r"over|under|above|below|close to|upwards of|as many as|as much as|as few as|"
    r"an estimated|estimated|some|exceeding|exceeds?|surpass(?:es|ing)?|averaging|"
    r"an average of|on average|average of|in excess of)\s+(?:an?\s+)?$",
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(
    r"\b(?:figures?|fig\.|exhibits?|tables?|charts?|graphs?|pages?|p\.|pp\.|sections?|"
    r"chapters?|appendix|appendices|steps?|levels?|phases?|tiers?|versions?|releases?|"
    r"v\.|no\.|nos\.|numbers?|items?|questions?|footnotes?|notes?|slides?|rank(?:ed)?|top|"
    r"series|gen|generation|round|wave|part|volume|vol\.|issue|#)\s*<?\s*$",
    re.IGNORECASE,
)
_NAME_GLUE_BEFORE = re.compile(r"[^\W\d_]-$|[\d.] ?[-–]$|[\w)\]]/$")
_FOOTNOTE_BEFORE = re.compile(r"(?:[^\W\d_]|[)\]”’\"])[.,;:”’\"]?$")
_TIME_OF_DAY = re.compile(r"\d:$")
_CHANGE_VERBS = word_set(
    """rose rise rises rising risen fell fall falls falling fallen dropped drop drops dropping
    grew grow grows growing grown increased increase increases increasing decreased decrease
    decreases decreasing declined decline declines declining narrowed narrow narrows narrowing
    widened widen widens jumped jump jumps climbed climb climbs slipped slip shrank shrink
    shrunk went go goes moved move moves improved improve improves cut cuts cutting reduced
    reduce reduces reducing lowered lower lowers lowering raised raise boosted boost shifted
    shift changed change expanded expand surged surge soared soar plunged plunge doubled
    halved down up tumbled slid sank gained gain lost"""
)
# Words that may open a sentence or stand before a number without making it a name.
FUNCTION_WORDS = word_set(
    """a an the and or but nor so yet of in on at to by for from with within without into onto
    upon over under above below about around across after before behind beside besides between
    beyond during except inside outside near past since through throughout toward towards until
    up down off out among amid against along despite via per than as like unlike only just
    nearly almost roughly approximately some all any each every another both either neither
    these those this that its their our his her my your more less fewer most least many much
    several when while where if though although because once today now still even also then
    here there already recently currently overall total exactly precisely estimated average
    approx just fully nearly half is are was were be been being has have had will would can
    could may might must should do does did it they we he she you i who which what whose whom
    how why respectively just another other such same own"""
)
_NOUN_STOP = FUNCTION_WORDS | word_set(
    """this its his hers ours yours theirs is was has does as us yes plus less across versus
    thus always perhaps whereas towards afterwards besides unless various previous serious
    famous numerous news means series species"""
)
_IRREGULAR_PLURALS = word_set("people staff personnel children men women employees")
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
    if lower in _IRREGULAR_PLURALS:
        return True
    if re.fullmatch(r"[A-Z]{2,}s", word):  # GPUs, LLMs, APIs
        return True
    if not word[:1].islower() or lower in _NOUN_STOP or len(lower) < 3:
        return False
    if not lower.endswith("s") or lower.endswith(("ss", "us", "is", "'s", "’s")):
        return False
    return lower.isascii() and bool(re.fullmatch(r"[a-z][a-z-]*", lower))


def _count_noun(text: str, pos: int) -> tuple[str, int] | None:
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


_WINDOW = 48  # characters before a number that its head patterns may read
_MAX_VALUE = 1e30  # anything larger is not a figure a report states


@lru_cache(maxsize=4096)
def _spelled_value(text: str) -> float | None:
    try:
        value = parse_number(text.lower())
    except (ValueError, KeyError, IndexError, TypeError):  # pragma: no cover - library quirks
        return None
    return float(value) if isinstance(value, int | float) else None


def _digits_value(text: str) -> float | None:
    value = float(text.replace(",", ""))
    return value if value <= _MAX_VALUE else None


def _sci_value(text: str) -> float | None:
    compact = text.replace(" ", "").replace("{", "").replace("}", "")
    try:
        if "^" in compact:
            base, exponent = compact.split("^", 1)
            value = float(base) ** int(exponent) if int(exponent) <= 30 else None
        elif compact[:2] == "10" and any(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" for ch in compact):
            exponent = int(compact[2:].translate(_SUPERSCRIPTS))
            value = 10.0**exponent if exponent <= 30 else None
        else:
            value = float(compact)
    except (ValueError, OverflowError):
        return None
    return value if value is not None and value <= _MAX_VALUE else None


def _is_year(core: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", core)) and 1900 <= int(core) <= 2100


def _window(text: str, end: int, size: int = _WINDOW) -> str:
    """The ``size`` characters before ``end``; a NUL stands for any text cut off before them.

    Every pattern read from the text before a number is anchored at the number, so it never
    needs more; the NUL keeps '^' and look-behinds from matching at the cut.
    """
    start = max(0, end - size)
    return ("\x00" if start else "") + text[start:end]


def _previous_word(text: str, pos: int) -> str | None:
    match = re.search(r"([^\W\d_][\w'’.&-]*)[ \u00a0]+$", _window(text, pos))
    return match.group(1) if match else None


def _after_capitalised_name(text: str, pos: int) -> bool:
    """Is the number at ``pos`` right after a capitalised word that is not a common word?"""
    word = _previous_word(text, pos)
    if not word or not (word[0].isupper() or re.fullmatch(r"[A-Z0-9-]+", word)):
        return False
    return word.lower().rstrip(".") not in FUNCTION_WORDS


def _sentence_initial(text: str, pos: int) -> bool:
    return not re.search(r"[^\W_]", text[:pos].replace("“", "").replace('"', ""))


def _money_context(text: str, start: int, end: int) -> bool:
    window_before = " ".join(re.findall(r"[\w$]+", _window(text, start, 120))[-8:]).lower()
    window_after = " ".join(re.findall(r"[\w$]+", text[end : end + 100])[:6]).lower()
    window = f"{window_before} {window_after}"
    return bool(
        re.search(
            r"\b(?:costs?|costing|spend(?:ing|s)?|spent|fees?|sav(?:e|es|ed|ing|ings)|budgets?|"
            r"revenues?|funding|funded|invest(?:ed|ing|ment|ments)?|price[sd]?|pricing|paid|pay|"
            r"payments?|worth|valuation|valued|raised|salar(?:y|ies)|expenses?|dollars?|"
            r"usd|profits?|losses|income|sales|bills?|grants?|capital|cheaper|expensive)\b",
            window,
        )
    )


def _change_verb_before(text: str, pos: int, words: int = 8) -> bool:
    clause = re.split(r"[.;:!?]", _window(text, pos, 160))[-1]
    tokens = re.findall(r"[a-z]+", clause.lower())[-words:]
    return any(token in _CHANGE_VERBS for token in tokens)


@dataclass
class _Tail:
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


def _read_tail(text: str, pos: int) -> _Tail:
    """Parse scale and unit after the core that ends at ``pos``."""
    tail = _Tail(end=pos, value_end=pos)
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
    elif re.match(r"[^\W\d_]", rest):
        tail.unknown_glue = True
        return tail
    if _PLUS.match(rest):
        tail.plus, pos = True, pos + 1
        rest = text[pos:]
    if tail.scale == 1.0 and tail.unit is None:
        scale = _SCALE_WORD.match(rest)
        if scale:
            tail.scale = _SCALES[scale.group(1).lower()]
            pos += scale.end()
            rest = text[pos:]
            if _PLUS.match(rest):
                tail.plus, pos = True, pos + 1
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
    if tail.unit == "percent" and _PLUS.match(rest):  # "40%+"
        tail.plus, pos = True, pos + 1
    tail.end = tail.value_end = origin + pos
    return tail


@dataclass
class _Head:
    """What precedes a core: currency, sign, hedge, and whether it rules the number out."""

    currency: str | None = None
    qualifier: str | None = None
    start: int = 0
    skip: str | None = None


def _read_head(text: str, start: int, core: str) -> _Head:
    head = _Head(start=start)
    before = _window(text, start)
    cut = start - len(before)  # offset of before[0] in text
    if _TIME_OF_DAY.search(before):
        head.skip = "time"
        return head
    if before.endswith("<") and text[start + len(core) : start + len(core) + 1] == ">":
        head.skip = "reference"
        return head
    if _SUB_BEFORE.search(before):
        head.qualifier, head.start = "under", start - 4
        return head
    currency = _CURRENCY_BEFORE.search(before)
    if currency:
        head.currency = "usd" if "$" in currency.group(1) or "USD" in currency.group(1) else "other"
        head.start = cut + currency.start()
        before = before[: currency.start()]
    if not currency and _NAME_GLUE_BEFORE.search(before):
        head.skip = "name"
        return head
    if not currency and before and _FOOTNOTE_BEFORE.search(before) and core[:1] != ".":
        head.skip = "footnote"
        return head
    sign = _SIGN_BEFORE.search(before)
    if sign:
        symbol = sign.group(1) or sign.group(2)
        head.qualifier = {"+/-": "plus or minus", "±": "plus or minus", "+": "plus"}.get(
            symbol, "minus"
        )
        head.start = cut + sign.start()
        return head
    if _REFERENCE_BEFORE.search(before):
        head.skip = "reference"
        return head
    if _DATE_BEFORE.search(before):
        head.skip = "date"
        return head
    hedge = _HEDGE_BEFORE.search(before)
    if hedge:
        head.qualifier = re.sub(r"\s+", " ", hedge.group(1).lower())
        head.start = cut + hedge.start()
    return head


def _fraction_quantity(match: re.Match[str], text: str) -> Quantity | None:
    numerator_word = (match.group("fnum") or "").lower()
    denominator_word = match.group("fden").lower()
    end = match.end()
    after = text[end : end + 20]
    if denominator_word in ("half", "halves"):
        before = _window(text, match.start()).lower()
        if re.search(r"\b(?:first|second|the|latter|other|and a|one and)\s+$", before):
            return None
        if not re.match(r"\s+(?:of|the)\b", after):
            return None
        numerator = 1.0 if numerator_word in ("", "a", "an", "one") else None
    else:
        if not numerator_word or not re.match(r"\s+of\b", after):
            return None
        numerator = 1.0 if numerator_word in ("a", "an", "one") else _spelled_value(numerator_word)
    if numerator is None:
        return None
    denominator = _DENOMINATORS[denominator_word]
    if numerator >= denominator:
        return None
    value = round(100.0 * numerator / denominator, 2)
    head = _read_head(text, match.start(), match.group())
    return Quantity(
        start=match.start(),
        end=end,
        value_text=match.group(),
        unit="percent",
        value=value,
        qualifier=head.qualifier,
        span_start=head.start,
        tail_end=end,
        kind="fraction",
    )


def _ratio_quantity(match: re.Match[str], text: str) -> Quantity | None:
    def number(token: str) -> float | None:
        return float(token) if token.isdigit() else _spelled_value(token)

    a, b = number(match.group("ra")), number(match.group("rb"))
    if a is None or b is None or b == 0 or a >= b or b > 1000 or _is_year(match.group("rb")):
        return None
    if not re.match(r"\s*(?:[,;:)]|\s[a-zA-Z]+)", text[match.end() : match.end() + 40]):
        return None
    if match.group("ra").isdigit() and _read_head(text, match.start(), match.group("ra")).skip:
        return None
    head = _read_head(text, match.start(), match.group())
    if head.skip:
        return None
    return Quantity(
        start=match.start(),
        end=match.end(),
        value_text=match.group(),
        unit="percent",
        value=round(100.0 * a / b, 2),
        qualifier=head.qualifier,
        span_start=head.start,
        tail_end=match.end(),
        kind="ratio",
    )


@dataclass
class _Number:
    """A parsed core with its surroundings, before ranges and changes are resolved."""

    start: int
    end: int
    raw: str
    kind: str
    value: float | None
    head: _Head
    tail: _Tail
    leading_dot: bool = False


def _parse_number(match: re.Match[str], text: str) -> _Number | None:
    kind = next(k for k in ("sci", "digits", "words") if match.group(k))
    raw = match.group(kind)
    start, end = match.start(kind), match.end(kind)
    if kind == "digits":
        value: float | None = _digits_value(raw)
    elif kind == "sci":
        value = _sci_value(raw)
    else:
        value = _spelled_value(raw)
    if value is None:
        return None
    head = _read_head(text, start, raw)
    tail = _read_tail(text, end)
    return _Number(start, end, raw, kind, value, head, tail, leading_dot=raw.startswith("."))


def _unit_of(number: _Number, text: str) -> tuple[str | None, str | None, int]:
    """Unit, counted noun and end of the noun for a parsed number (None: not a quantity)."""
    tail, head = number.tail, number.head
    if head.currency == "usd" or tail.unit == "usd":
        return "usd", None, tail.end
    if head.currency == "other":
        return "other", None, tail.end
    if tail.unit:
        return tail.unit, None, tail.end
    if tail.timeframe:
        return None, None, tail.end
    if re.search(
        r"\b(?:elo|score|rating|scored|scores|index)\s+(?:of\s+)?(?:an?\s+)?$",
        _window(text, number.start).lower(),
    ):
        return "score", None, tail.end
    noun = _count_noun(text, tail.end)
    if noun:
        return "count", noun[0], noun[1]
    if tail.scale > 1 and not tail.glued_scale:  # "surpassed 1 million", unless money
        return _damaged_money(number, text) or "count", None, tail.end
    return None, None, tail.end


def _excluded(number: _Number, unit: str | None, text: str) -> bool:
    """Rules that make a parsed number something other than a quantity."""
    if number.head.skip or number.tail.unknown_glue or unit is None:
        return True
    if number.kind == "digits" and _DATE_AFTER.match(text[number.end : number.end + 30]):
        return True
    if (
        number.kind == "digits"
        and _is_year(number.raw)
        and unit not in ("percent", "usd", "multiple")
        and number.tail.scale == 1.0
    ):
        return True
    if unit in ("count", "parameters", "score") and _after_capitalised_name(text, number.start):
        return number.head.qualifier is None and number.head.currency is None
    if number.kind == "words" and unit == "count":
        spelled_count_ok = (
            _sentence_initial(text, number.start)
            or (number.value or 0) >= 100
            or number.tail.scale > 1
        )
        return not spelled_count_ok
    # "12-month", "3-bit": a count glued to a word by a hyphen is an adjective, not a count.
    after = text[number.tail.value_end : number.tail.value_end + 4]
    return unit == "count" and bool(re.match(r"\s*[-–]\s*[^\W\d_]", after))


def _build(
    number: _Number,
    unit: str,
    text: str,
    *,
    noun: str | None,
    tail_end: int,
    role: str = "value",
    qualifier: str | None = None,
    scale: float | None = None,
) -> Quantity:
    """The quantity a parsed number states, with its damage flags."""
    tail = number.tail
    value_end = tail.value_end
    span_value_start = number.head.start if number.head.currency else number.start
    value_text = text[span_value_start:value_end].rstrip()
    flags: list[str] = []
    value = number.value
    multiplier = (scale if scale is not None else tail.scale) * tail.multiplier
    if value is not None:
        value = value * multiplier
    if number.leading_dot and tail.scale > 1 and not number.head.currency:
        flags.append(
            "lost_currency_digits"
            if unit in ("usd", "count") and noun is None
            else "lost_leading_digits"
        )
        if unit == "count" and noun is None:
            unit = "usd"
        value = None
    elif unit == "usd" and not number.head.currency and tail.unit != "usd":
        flags.append("lost_currency_digits")
        value = None
    if unit == "percent" and value is not None and value > 100:
        if _percent_is_change(text, number.start, value_end):
            flags.append("percent_change_over_100")
        else:
            flags.append("percent_over_100")
            value = None
    hedge = qualifier or number.head.qualifier
    if tail.plus and hedge is None:
        hedge = "more than"
    if value is not None:
        value = float(round(value, 6)) if abs(value) < 1e15 else float(value)
    return Quantity(
        start=span_value_start,
        end=span_value_start + len(value_text),
        value_text=value_text,
        unit=unit,
        value=value,
        qualifier=hedge,
        flags=tuple(flags),
        span_start=min(number.head.start, span_value_start),
        tail_end=tail_end,
        noun=noun,
        kind=number.kind,
        role=role,
    )


def _percent_is_change(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start].lower()
    after = text[end : end + 30].lower()
    return bool(
        re.search(
            r"\b(?:increase|grow|grew|rise|rose|jump|surge|up|growth|higher|more|boost)"
            r"\w*\s+(?:by\s+|of\s+)?(?:an?\s+)?$",
            before,
        )
        or re.match(
            r"\s+(?:increase|growth|rise|jump|more|higher|faster|larger|greater|"
            r"improvement|gain|boost|uplift)",
            after,
        )
    )


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*|\s+to\s+")
_BETWEEN = re.compile(r"\bbetween\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:[$€£]\s?)?$", re.IGNORECASE)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity stated in ``text`` (a sentence or a table row), in order."""
    quantities: list[Quantity] = []
    consumed = 0
    last_skipped_name_end = -10
    matches = list(_CORE.finditer(text))
    index = 0
    while index < len(matches):
        match = matches[index]
        index += 1
        if match.start() < consumed:
            continue
        if match.group("ratio"):
            ratio = _ratio_quantity(match, text)
            if ratio:
                quantities.append(ratio)
                consumed = match.end()
                continue
            # Not a ratio: read its first number alone.
            inner = _CORE_NO_RATIO.match(text, match.start())
            if inner is None:
                continue
            match = inner
        if match.group("fraction"):
            fraction = _fraction_quantity(match, text)
            if fraction:
                quantities.append(fraction)
                consumed = match.end()
            continue
        if match.group("twice"):
            head = _read_head(text, match.start(), match.group())
            quantities.append(
                Quantity(
                    match.start(),
                    match.end(),
                    match.group(),
                    "multiple",
                    2.0,
                    qualifier=head.qualifier,
                    span_start=head.start,
                    tail_end=match.end(),
                    kind="words",
                )
            )
            consumed = match.end()
            continue
        number = _parse_number(match, text)
        if number is None:
            continue
        # A number joined to a version or name just skipped ("Llama 3 and 4", "3.5/3.7").
        if (
            0 <= number.start - last_skipped_name_end <= 8
            and re.fullmatch(r"\s+(?:and|or|&)\s+|/", text[last_skipped_name_end : number.start])
            and number.tail.unit is None
            and number.head.currency is None
        ):
            last_skipped_name_end = number.tail.end
            consumed = number.tail.end
            continue
        result = _resolve(number, text, matches, index)
        if result is None:
            if number.head.skip in ("name", "reference") or _after_capitalised_name(
                text, number.start
            ):
                last_skipped_name_end = number.tail.end
            consumed = max(consumed, number.end)
            continue
        produced, consumed_to, skip_matches = result
        quantities.extend(produced)
        consumed = max(consumed, consumed_to)
        index += skip_matches
    quantities = _mark_change_ends(text, quantities)
    return _drop_restated_fractions(text, _mark_split_numbers(text, quantities))


def _mark_change_ends(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'rose from 23 percent in 2022 to 41 percent': the number after 'to' ends the change."""
    result: list[Quantity] = []
    for quantity in quantities:
        previous = result[-1] if result else None
        if (
            previous is not None
            and previous.qualifier == "from"
            and previous.unit == quantity.unit
            and quantity.qualifier is None
            and quantity.role == "value"
            and re.search(r"\bto\s+$", _window(text, quantity.span_start, 12))
        ):
            quantity = replace(quantity, qualifier="to", role="change_to")
        result.append(quantity)
    return result


def _resolve(
    number: _Number, text: str, matches: list[re.Match[str]], index: int
) -> tuple[list[Quantity], int, int] | None:
    """Turn one parsed number into quantities, looking ahead for ranges and changes."""
    nxt = matches[index] if index < len(matches) else None
    second = (
        _parse_number(nxt, text)
        if nxt is not None
        and not nxt.group("ratio")
        and not (nxt.group("fraction") or nxt.group("twice"))
        else None
    )
    before = _window(text, number.head.start)
    cut = number.head.start - len(before)
    between = _BETWEEN.search(before)
    from_ = _FROM.search(before)
    if second is not None and not number.head.skip:
        joiner = text[number.tail.end : second.head.start if second.head.currency else second.start]
        is_and = re.fullmatch(r"\s+and\s+", joiner) is not None
        is_join = _RANGE_JOIN.fullmatch(joiner) is not None
        if is_join and second.head.skip == "name":  # "8-70": the hyphen joins a range
            second.head.skip = None
        if (is_join and not is_and) or (between and is_and):
            unit2, noun2, end2 = _unit_of(second, text)
            unit2 = unit2 or _damaged_money(second, text)
            if number.tail.unit is None and number.head.currency and unit2 is None:
                unit2 = "usd"
            own_unit, _, _ = _unit_of(number, text)
            shares_unit = number.tail.unit is None or number.tail.unit == second.tail.unit
            if (
                unit2
                and not _excluded(second, unit2, text)
                and shares_unit
                and not (number.kind == "digits" and _is_year(number.raw))
                and not (
                    _after_capitalised_name(text, number.start)
                    and not between
                    and not from_
                    and number.head.qualifier is None
                )
            ):
                if number.head.currency and not second.head.currency:
                    unit2 = "usd"
                    second.head.currency = number.head.currency
                is_change = bool(from_) and _change_verb_before(text, cut + from_.start())
                if is_change or (from_ and own_unit is not None and number.tail.unit is not None):
                    first = _build(
                        number,
                        unit2,
                        text,
                        noun=noun2,
                        tail_end=end2,
                        role="change_from",
                        qualifier="from",
                        scale=number.tail.scale if number.tail.scale > 1 else second.tail.scale,
                    )
                    last = _build(
                        second,
                        unit2,
                        text,
                        noun=noun2,
                        tail_end=end2,
                        role="change_to",
                        qualifier="to",
                    )
                    return [first, last], end2, 1
                return [_range(number, second, unit2, noun2, end2, text, bool(between))], end2, 1
    unit, noun, noun_end = _unit_of(number, text)
    if unit is None:
        unit = _damaged_money(number, text)
    if _excluded(number, unit, text):
        return None
    qualifier = None
    if from_ and _change_verb_before(text, cut + from_.start()):
        qualifier = number.head.qualifier or "from"
    quantity = _build(number, unit, text, noun=noun, tail_end=noun_end, qualifier=qualifier)
    return [quantity], noun_end, 0


def _damaged_money(number: _Number, text: str) -> str | None:
    """'usd' for an amount that lost its currency sign: '.8 million', or 40,000 in 'fees'."""
    if number.kind != "digits" or number.head.currency is not None:
        return None
    if number.leading_dot and number.tail.scale > 1:
        return "usd"
    big = number.tail.scale > 1 or (number.value or 0) >= 1000
    is_year = _is_year(number.raw) and number.tail.scale == 1
    if big and not is_year and _money_context(text, number.start, number.tail.end):
        return "usd"
    return None


def _range(
    first: _Number,
    second: _Number,
    unit: str,
    noun: str | None,
    end: int,
    text: str,
    between: bool,
) -> Quantity:
    scale = first.tail.scale if first.tail.scale > 1 else second.tail.scale
    multiplier = second.tail.multiplier
    start = first.head.start if first.head.currency else first.start
    if between:
        window = _window(text, first.head.start)
        start = first.head.start - len(window) + _BETWEEN.search(window).start()
    value_text = text[start : second.tail.value_end].rstrip()
    flags: list[str] = []
    low = first.value * scale * multiplier if first.value is not None else None
    high = second.value * second.tail.scale * multiplier if second.value is not None else None
    damaged = any(
        n.leading_dot and n.tail.scale > 1 and not n.head.currency for n in (first, second)
    )
    no_currency = not (first.head.currency or second.head.currency or second.tail.unit == "usd")
    if damaged or (unit == "usd" and no_currency):
        flags.append("lost_currency_digits")
        low = high = None
    if unit == "percent" and any(v is not None and v > 100 for v in (low, high)):
        flags.append("percent_over_100")
        low = high = None
    if low is not None and high is not None and low > high:
        low, high = high, low
    qualifier = first.head.qualifier
    if (second.tail.plus or first.tail.plus) and qualifier is None:
        qualifier = "more than"
    return Quantity(
        start=start,
        end=start + len(value_text),
        value_text=value_text,
        unit=unit,
        value=None,
        low=low,
        high=high,
        qualifier=qualifier if qualifier not in ("plus", "minus") else None,
        flags=tuple(flags),
        span_start=min(first.head.start, start),
        tail_end=end,
        noun=noun,
        kind=first.kind,
        role="range",
    )


_SPLIT_BEFORE = re.compile(r"(?<![\d,.])(\d{1,3})\s+$|(?<![\d,.])(\d{1,3})\s+[.,]$")


def _mark_split_numbers(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Digits that extraction split apart ("1 312 respondents", "4 .5%") lose their value."""
    result = []
    for quantity in quantities:
        core = re.match(r"[$€£]?\s?([.,]?\d[\d,.]*)", quantity.value_text)
        before = _window(text, quantity.start, 12)
        cut = quantity.start - len(before)
        split = _SPLIT_BEFORE.search(before) if core and quantity.role == "value" else None
        if split and quantity.kind == "digits" and quantity.value_text[:1] not in "$€£":
            digits = core.group(1)
            three = re.fullmatch(r"\d{3}", digits.replace(",", "")) and split.group(1)
            leading_zero = digits[:1] == "0" and len(digits) > 1
            dotted = split.group(2) is not None or digits[:1] in ".,"
            if three or leading_zero or dotted:
                start = cut + split.start()
                quantity = Quantity(
                    start=start,
                    end=quantity.end,
                    value_text=text[start : quantity.end],
                    unit=quantity.unit,
                    value=None,
                    qualifier=quantity.qualifier,
                    flags=(*quantity.flags, "split_number"),
                    span_start=min(start, quantity.span_start),
                    tail_end=quantity.tail_end,
                    noun=quantity.noun,
                    kind=quantity.kind,
                )
        result.append(quantity)
    return result


def _drop_restated_fractions(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'More than half of respondents (52%)': the bracketed percent states the number."""
    kept = []
    for i, quantity in enumerate(quantities):
        following = quantities[i + 1] if i + 1 < len(quantities) else None
        if (
            quantity.kind == "fraction"
            and following is not None
            and following.unit == "percent"
            and following.kind != "fraction"
            and following.span_start - quantity.end <= 60
            and re.fullmatch(r"[^\d().;]*\(\s*", text[quantity.end : following.span_start])
        ):
            continue
        kept.append(quantity)
    return kept
