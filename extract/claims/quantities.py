"""Quantities in running text: where a number is, what it is worth, in which unit, how hedged.

:func:`find_quantities` reads one sentence (or table row) and returns the :class:`Quantity`
objects it states, with offsets into that text. It is the number-parsing half of
:mod:`extract.claims`; what follows a number is read by :mod:`~extract.claims.units`, what
precedes it by :mod:`~extract.claims.heads`, damage by :mod:`~extract.claims.flags`.

How a number becomes a quantity (all rules are patterns of English prose, none of a document):

* A *core* is a digit number ("84", "1,312", "5.6", ".8"), a power of ten ("10^25"), a
  spelled-out cardinal ("Sixty", "Fifty-one"; turned into digits by ``number-parser``), a
  fraction word ("half", "a third", "three-quarters") or a ratio ("one in five", "1 in 10").
  A value above ``ClaimSettings.max_value`` is not a figure a report states.
* What follows the core gives its unit (:mod:`~extract.claims.units`); what precedes it gives a
  currency (``$`` -> usd), a sign, or a hedge (:mod:`~extract.claims.heads`).
* A core is *not* a quantity when it is a year (1900-2100 with no unit that makes it an
  amount), a day of a date ("Dec 9"), a reference ("Figure 3", "Exhibit <1> of <12>", "Q7",
  "page 4", "Level 2", "top 5"), a version or a name ("Llama 3", "GPT-4", "Gemma-2", "v1",
  "Gaudi 3 clusters", "Fortune 500 companies": a number right after a capitalised name), a
  footnote marker (glued to a word or to punctuation: "publications1", "OSI),2"), a time of day,
  a duration in days, months or years (a time frame, not a measurement), or a bare number
  with no unit or noun. Spelled-out numbers make a count only at the start of a sentence (where
  style spells them), from ten up ("ten different countries"), or with a scale word.
* Model sizes glued into a name ("Llama-3-70B", "BLOOM-176B") are names; a free-standing
  size before "model(s)" ("a 405B model") or stated in words ("405-billion-parameter") is a
  parameter count.
* "N-M unit", "N to M unit" and "between N and M unit" are ranges (``low``/``high``).
  "from N to M" after a verb of change ("fell", "grew", "cut") is a change: two quantities,
  qualified "from" and "to".
* A fraction restated by a percent in brackets ("more than half of respondents (52%)") yields
  only the percent.
* A bare number followed by a verb stands for a count of the noun counted before it in the
  sentence ("300 respondents … and 1,203 were interviewed on a cell phone").
* In CJK text the forms of :mod:`~extract.claims.cjk` are read too ("四分之三", "近 6 成", "4,005
  份回应").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from number_parser import parse_number

from extract.claims.context import (
    CJK_CHAR,
    after_capitalised_name,
    is_year,
    sentence_initial,
    window,
)
from extract.claims.flags import damaged_money, range_damage, split_number_start, value_damage
from extract.claims.heads import DATE_AFTER_RE, Head, read_head
from extract.claims.units import Tail, count_noun, read_tail
from extract.settings import ClaimSettings
from extract.vocabulary import (
    CARDINAL_WORDS,
    CHANGE_VERBS,
    DIGIT_WORDS,
    FRACTION_DENOMINATORS,
    SCORE_CUES,
)

DEFAULT_SETTINGS = ClaimSettings()


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

    @classmethod
    def at(cls, start: int, value_text: str, unit: str, **fields: Any) -> Quantity:
        """The quantity whose ``value_text`` stands at ``start`` in the scanned text."""
        end = start + len(value_text)
        return cls(start=start, end=end, value_text=value_text, unit=unit, **fields)


_UNITS_WORDS = "|".join(CARDINAL_WORDS)
_NUMBER_WORD = rf"(?:{_UNITS_WORDS}|hundred|thousand)"
_SPELLED = rf"\b(?:{_UNITS_WORDS})(?:(?:-|\s+)(?:{_NUMBER_WORD})\b)*\b"
_FRACTION = (
    rf"\b(?:(?P<fnum>{'|'.join(('a', 'an', *DIGIT_WORDS))})(?:-|\s+))?"
    r"(?P<fden>" + "|".join(sorted(FRACTION_DENOMINATORS, key=len, reverse=True)) + r")\b"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCI = r"10\s?\^\s?\{?\d{1,3}\}?|10[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d+(?:\.\d+)?[eE]\+?\d{1,3}(?![\w])"
_RATIO = rf"\b(?P<ra>\d+|{_UNITS_WORDS})\s+(?:in|out\s+of)\s+(?P<rb>\d+|{_UNITS_WORDS}|hundred)\b"

# A word character other than a CJK one: a number glued to it is part of a word ("GPT4"); CJK
# text glues numbers to its characters ("比例为25.71%").
_LATIN_WORD = r"[^\W\u3040-\u30ff\u3400-\u9fff]"
_VULGAR = {
    "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
    "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
    "⅞": 7 / 8, "⅒": 1 / 10,
}  # fmt: skip
_CORE_ALTERNATIVES = (
    rf"(?P<vulgar>(?<![\d/])[{''.join(_VULGAR)}](?![\d/]))"
    rf"|(?P<fraction>{_FRACTION})"
    rf"|(?P<twice>\btwice(?=\s+(?:as|the)\b))"
    rf"|(?<![.,^])(?<!{_LATIN_WORD})(?P<sci>{_SCI})"
    rf"|(?<!,)(?<!{_LATIN_WORD})(?P<digits>{_DIGITS})"
    rf"|(?P<words>{_SPELLED})"
)
_CORE = re.compile(rf"(?P<ratio>{_RATIO})|{_CORE_ALTERNATIVES}", re.IGNORECASE)
_CORE_NO_RATIO = re.compile(_CORE_ALTERNATIVES, re.IGNORECASE)

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@lru_cache(maxsize=4096)
def _spelled_value(text: str) -> float | None:
    try:
        value = parse_number(text.lower())
    except (ValueError, KeyError, IndexError, TypeError):  # pragma: no cover - library quirks
        return None
    return float(value) if isinstance(value, int | float) else None


def _digits_value(text: str, settings: ClaimSettings) -> float | None:
    value = float(text.replace(",", ""))
    return value if value <= settings.max_value else None


def _sci_value(text: str, settings: ClaimSettings) -> float | None:
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
    return value if value is not None and value <= settings.max_value else None


def _change_verb_before(text: str, pos: int, words: int = 8) -> bool:
    clause = re.split(r"[.;:!?]", window(text, pos, 160))[-1]
    tokens = re.findall(r"[a-z]+", clause.lower())[-words:]
    return any(token in CHANGE_VERBS for token in tokens)


def _fraction_quantity(match: re.Match[str], text: str, settings: ClaimSettings) -> Quantity | None:
    numerator_word = (match.group("fnum") or "").lower()
    denominator_word = match.group("fden").lower()
    end = match.end()
    after = text[end : end + 20]
    if denominator_word in ("half", "halves"):
        before = window(text, match.start(), settings.context_chars).lower()
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
    denominator = FRACTION_DENOMINATORS[denominator_word]
    if numerator >= denominator:
        return None
    value = round(100.0 * numerator / denominator, 2)
    head = read_head(text, match.start(), match.group(), settings)
    return Quantity.at(
        match.start(),
        match.group(),
        "percent",
        value=value,
        qualifier=head.qualifier,
        span_start=head.start,
        tail_end=end,
        kind="fraction",
    )


def _vulgar_quantity(match: re.Match[str], text: str, settings: ClaimSettings) -> Quantity | None:
    """ "about ¼ of respondents", "nearly ⅔ (63%)": a share written as one fraction character,
    before "of" or a bracketed restatement."""
    after = text[match.end() : match.end() + 20]
    if not re.match(r"\s*(?:of\b|\()", after):
        return None
    head = read_head(text, match.start(), match.group(), settings)
    return Quantity.at(
        match.start(),
        match.group(),
        "percent",
        value=round(100.0 * _VULGAR[match.group()], 2),
        qualifier=head.qualifier,
        span_start=head.start,
        tail_end=match.end(),
        kind="fraction",
    )


def _ratio_quantity(match: re.Match[str], text: str, settings: ClaimSettings) -> Quantity | None:
    def number(token: str) -> float | None:
        return float(token) if token.isdigit() else _spelled_value(token)

    a, b = number(match.group("ra")), number(match.group("rb"))
    if a is None or b is None or b == 0 or a >= b or b > 1000 or is_year(match.group("rb")):
        return None
    if not re.match(r"\s*(?:[,;:)]|\s[a-zA-Z]+)", text[match.end() : match.end() + 40]):
        return None
    if (
        match.group("ra").isdigit()
        and read_head(text, match.start(), match.group("ra"), settings).skip
    ):
        return None
    head = read_head(text, match.start(), match.group(), settings)
    if head.skip:
        return None
    return Quantity.at(
        match.start(),
        match.group(),
        "percent",
        value=round(100.0 * a / b, 2),
        qualifier=head.qualifier,
        span_start=head.start,
        tail_end=match.end(),
        kind="ratio",
    )


@dataclass
class Number:
    """A parsed core with its surroundings, before ranges and changes are resolved."""

    start: int
    end: int
    raw: str
    kind: str
    value: float | None
    head: Head
    tail: Tail
    leading_dot: bool = False


def _parse_number(match: re.Match[str], text: str, settings: ClaimSettings) -> Number | None:
    kind = next(k for k in ("sci", "digits", "words") if match.group(k))
    raw = match.group(kind)
    start, end = match.start(kind), match.end(kind)
    if kind == "digits":
        value: float | None = _digits_value(raw, settings)
    elif kind == "sci":
        value = _sci_value(raw, settings)
    else:
        value = _spelled_value(raw)
    if value is None:
        return None
    head = read_head(text, start, raw, settings)
    tail = read_tail(text, end)
    return Number(start, end, raw, kind, value, head, tail, leading_dot=raw.startswith("."))


def _unit_of(
    number: Number, text: str, settings: ClaimSettings
) -> tuple[str | None, str | None, int]:
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
        rf"\b(?:{'|'.join(SCORE_CUES)})\s+(?:of\s+)?(?:an?\s+)?$",
        window(text, number.start, settings.context_chars).lower(),
    ):
        return "score", None, tail.end
    noun = count_noun(text, tail.end)
    if noun:
        return "count", noun[0], noun[1]
    if tail.scale > 1 and not tail.glued_scale:  # "surpassed 1 million", unless money
        return damaged_money(number, text) or "count", None, tail.end
    return None, None, tail.end


def _excluded(number: Number, unit: str | None, text: str, settings: ClaimSettings) -> bool:
    """Rules that make a parsed number something other than a quantity."""
    if number.head.skip or number.tail.unknown_glue or unit is None:
        return True
    if number.kind == "digits" and DATE_AFTER_RE.match(text[number.end : number.end + 30]):
        return True
    if (
        number.kind == "digits"
        and is_year(number.raw)
        and unit not in ("percent", "usd", "multiple")
        and number.tail.scale == 1.0
    ):
        return True
    if unit in ("count", "parameters", "score") and after_capitalised_name(
        text, number.start, settings
    ):
        return number.head.qualifier is None and number.head.currency is None
    if number.kind == "words" and unit == "count":
        spelled_count_ok = (
            sentence_initial(text, number.start)
            or (number.value or 0) >= 10
            or number.tail.scale > 1
        )
        return not spelled_count_ok
    # "12-month", "3-bit": a count glued to a word by a hyphen is an adjective, not a count.
    after = text[number.tail.value_end : number.tail.value_end + 4]
    return unit == "count" and bool(re.match(r"\s*[-–]\s*[^\W\d_]", after))


def _build(
    number: Number,
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
    value = number.value
    multiplier = (scale if scale is not None else tail.scale) * tail.multiplier
    if value is not None:
        value = value * multiplier
    unit, value, flags = value_damage(number, unit, noun, value, text)
    hedge = _hedge(qualifier or number.head.qualifier, tail.plus)
    if value is not None:
        value = float(round(value, 6)) if abs(value) < 1e15 else float(value)
    return Quantity.at(
        span_value_start,
        value_text,
        unit,
        value=value,
        qualifier=hedge,
        flags=tuple(flags),
        span_start=min(number.head.start, span_value_start),
        tail_end=tail_end,
        noun=noun,
        kind=number.kind,
        role=role,
    )


def _hedge(qualifier: str | None, plus: bool) -> str | None:
    """The qualifier as written; without one, a trailing "+" ("500+") is "more than"."""
    return "more than" if plus and qualifier is None else qualifier


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to)\s*|\s+to\s+")
_BETWEEN = re.compile(r"\bbetween\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:[$€£]\s?)?$", re.IGNORECASE)


def find_quantities(text: str, settings: ClaimSettings = DEFAULT_SETTINGS) -> list[Quantity]:
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
            ratio = _ratio_quantity(match, text, settings)
            if ratio:
                quantities.append(ratio)
                consumed = match.end()
                continue
            # Not a ratio: read its first number alone.
            inner = _CORE_NO_RATIO.match(text, match.start())
            if inner is None:
                continue
            match = inner
        if match.group("vulgar"):
            vulgar = _vulgar_quantity(match, text, settings)
            if vulgar:
                quantities.append(vulgar)
                consumed = match.end()
            continue
        if match.group("fraction"):
            fraction = _fraction_quantity(match, text, settings)
            if fraction:
                quantities.append(fraction)
                consumed = match.end()
            continue
        if match.group("twice"):
            head = read_head(text, match.start(), match.group(), settings)
            quantities.append(
                Quantity.at(
                    match.start(),
                    match.group(),
                    "multiple",
                    value=2.0,
                    qualifier=head.qualifier,
                    span_start=head.start,
                    tail_end=match.end(),
                    kind="words",
                )
            )
            consumed = match.end()
            continue
        number = _parse_number(match, text, settings)
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
        result = _resolve(number, text, matches, index, settings)
        if result is None:
            elided = _elided_count(number, text, quantities)
            if elided is not None:
                quantities.append(elided)
                consumed = max(consumed, number.end)
                continue
            if number.head.skip in ("name", "reference") or after_capitalised_name(
                text, number.start, settings
            ):
                last_skipped_name_end = number.tail.end
            consumed = max(consumed, number.end)
            continue
        produced, consumed_to, skip_matches = result
        quantities.extend(produced)
        consumed = max(consumed, consumed_to)
        index += skip_matches
    quantities = _mark_change_ends(text, quantities)
    quantities = _drop_restated_fractions(text, _mark_split_numbers(text, quantities))
    if CJK_CHAR.search(text):
        from extract.claims.cjk import cjk_quantities

        quantities = cjk_quantities(text, quantities)
    return quantities


_ELIDED_VERB = re.compile(
    r"\s+(?:were|are|was|is|had|have|said|say|did|do|reported|used|use|came|come)\b"
)


def _elided_count(number: Number, text: str, found: list[Quantity]) -> Quantity | None:
    """A bare number that stands for a count of the noun counted just before it ("300
    respondents were interviewed on a landline and 1,203 were interviewed on a cell phone")."""
    previous = next((q for q in reversed(found) if q.unit == "count" and q.noun), None)
    if (
        previous is None
        or number.kind != "digits"
        or number.head.skip
        or number.tail.unit
        or number.tail.unknown_glue
        or is_year(number.raw)
        or not _ELIDED_VERB.match(text, number.tail.end)
        or re.search(r"[.!?]\s", text[previous.end : number.start])
    ):
        return None
    return _build(number, "count", text, noun=previous.noun, tail_end=number.tail.end)


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
            and re.search(r"\bto\s+$", window(text, quantity.span_start, 12))
        ):
            quantity = replace(quantity, qualifier="to", role="change_to")
        result.append(quantity)
    return result


def _resolve(
    number: Number,
    text: str,
    matches: list[re.Match[str]],
    index: int,
    settings: ClaimSettings,
) -> tuple[list[Quantity], int, int] | None:
    """Turn one parsed number into quantities, looking ahead for ranges and changes."""
    nxt = matches[index] if index < len(matches) else None
    second = (
        _parse_number(nxt, text, settings)
        if nxt is not None
        and not nxt.group("ratio")
        and not (nxt.group("fraction") or nxt.group("twice") or nxt.group("vulgar"))
        else None
    )
    before = window(text, number.head.start, settings.context_chars)
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
            unit2, noun2, end2 = _unit_of(second, text, settings)
            unit2 = unit2 or damaged_money(second, text)
            if number.tail.unit is None and number.head.currency and unit2 is None:
                unit2 = "usd"
            own_unit, _, _ = _unit_of(number, text, settings)
            shares_unit = number.tail.unit is None or number.tail.unit == second.tail.unit
            if (
                unit2
                and not _excluded(second, unit2, text, settings)
                and shares_unit
                and not (number.kind == "digits" and is_year(number.raw))
                and not (
                    after_capitalised_name(text, number.start, settings)
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
                found = _range(number, second, unit2, noun2, end2, text, bool(between), settings)
                return [found], end2, 1
    unit, noun, noun_end = _unit_of(number, text, settings)
    if unit is None:
        unit = damaged_money(number, text)
    if _excluded(number, unit, text, settings):
        return None
    qualifier = None
    if from_ and _change_verb_before(text, cut + from_.start()):
        qualifier = number.head.qualifier or "from"
    quantity = _build(number, unit, text, noun=noun, tail_end=noun_end, qualifier=qualifier)
    return [quantity], noun_end, 0


def _range(
    first: Number,
    second: Number,
    unit: str,
    noun: str | None,
    end: int,
    text: str,
    between: bool,
    settings: ClaimSettings,
) -> Quantity:
    scale = first.tail.scale if first.tail.scale > 1 else second.tail.scale
    multiplier = second.tail.multiplier
    start = first.head.start if first.head.currency else first.start
    if between:
        before = window(text, first.head.start, settings.context_chars)
        start = first.head.start - len(before) + _BETWEEN.search(before).start()
    value_text = text[start : second.tail.value_end].rstrip()
    low = first.value * scale * multiplier if first.value is not None else None
    high = second.value * second.tail.scale * multiplier if second.value is not None else None
    low, high, flags = range_damage(first, second, unit, low, high)
    if low is not None and high is not None and low > high:
        low, high = high, low
    qualifier = _hedge(first.head.qualifier, second.tail.plus or first.tail.plus)
    return Quantity.at(
        start,
        value_text,
        unit,
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


def _mark_split_numbers(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Digits that extraction split apart ("1 312 respondents", "4 .5%") lose their value."""
    result = []
    for quantity in quantities:
        start = split_number_start(text, quantity)
        if start is not None:
            quantity = Quantity.at(
                start,
                text[start : quantity.end],
                quantity.unit,
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
