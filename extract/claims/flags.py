"""Damaged numbers: what extraction broke in a number, named by a quality flag.

Damaged numbers are kept with ``value`` None and a flag (see :data:`FLAGS`); nothing is repaired
by guesswork. A number that starts with "." before a scale word lost its leading digits (and, in
a money context or as a bare amount, its currency sign: ".8 million"); a large amount in a money
context without a currency sign lost its sign; a share above 100 percent cannot be one (unless
it is a change: "a 150% increase" keeps its value, flagged); digits separated by extraction
("1 312 respondents", "4 .5%") are a split number.

A damaged text layer: a number in a block the reader marked damaged (``Block.damage``: every
glyph doubled, glyphs mapped to wrong characters) is flagged by the damage's name, and with
doubled or wrongly mapped glyphs its value is left null; a block that only lost its inter-word
spaces keeps its values, flagged. Whatever the reader says, a run of doubled glyphs
("116633 ((7755..11%%))": at least three doubled characters, two of them different, one a
digit) is found in the text itself (:func:`doubled_runs`) and its numbers are flagged the same.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extract.claims.context import is_year, window
from extract.vocabulary import GROWTH_CUES_AFTER, GROWTH_CUES_BEFORE, MONEY_CUES

if TYPE_CHECKING:
    from extract.claims.quantities import Number, Quantity

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
    "doubled_glyphs": (
        "read from text whose glyphs are printed twice or more ('116633 ((7755..11%%))'); "
        "value left null"
    ),
    "glyph_mapping": (
        "read from text whose glyphs map to wrong characters ('Sostware'); value left null"
    ),
    "missing_spaces": "read from text that lost its inter-word spaces; value kept",
}
"""Quality flags a quantity can carry, by name."""

_DOUBLED = re.compile(r"(?:([^\s])\1)(?:([^\s])\2){2,}")
_READER_DAMAGE_FLAGS = ("doubled_glyphs", "glyph_mapping", "missing_spaces")


def block_damage_flags(damage: object) -> tuple[str, ...]:
    """The quality flags a block's ``damage`` (comma-separated kinds) puts on its numbers."""
    if not isinstance(damage, str) or not damage:
        return ()
    return tuple(kind for kind in damage.split(",") if kind in _READER_DAMAGE_FLAGS)


def doubled_runs(text: str) -> list[tuple[int, int]]:
    """Runs of doubled glyphs ("116633", "((7755..11%%))"): at least three doubled characters,
    two of them different, one of them a digit."""
    runs = []
    for match in _DOUBLED.finditer(text):
        run = match.group()
        singles = run[::2]
        if len(set(singles)) >= 2 and any(ch.isdigit() for ch in singles):
            runs.append((match.start(), match.end()))
    return runs


_SPLIT_BEFORE = re.compile(r"(?<![\d,.])(\d{1,3})\s+$|(?<![\d,.])(\d{1,3})\s+[.,]$")
_MONEY_CUES = re.compile(rf"\b(?:{'|'.join(MONEY_CUES)})\b")
_GROWTH_BEFORE = re.compile(
    rf"\b(?:{'|'.join(GROWTH_CUES_BEFORE)})\w*\s+(?:by\s+|of\s+)?(?:an?\s+)?$"
)
_GROWTH_AFTER = re.compile(rf"\s+(?:{'|'.join(GROWTH_CUES_AFTER)})")


def value_damage(
    number: Number, unit: str, noun: str | None, value: float | None, text: str
) -> tuple[str, float | None, list[str]]:
    """The unit and value of a parsed number once its damage is judged, and its flags."""
    flags: list[str] = []
    tail = number.tail
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
        if _percent_is_change(text, number.start, tail.value_end):
            flags.append("percent_change_over_100")
        else:
            flags.append("percent_over_100")
            value = None
    return unit, value, flags


def range_damage(
    first: Number, second: Number, unit: str, low: float | None, high: float | None
) -> tuple[float | None, float | None, list[str]]:
    """The ends of a range once its damage is judged, and its flags."""
    flags: list[str] = []
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
    return low, high, flags


def damaged_money(number: Number, text: str) -> str | None:
    """'usd' for an amount that lost its currency sign: '.8 million', or 40,000 in 'fees'."""
    if number.kind != "digits" or number.head.currency is not None:
        return None
    if number.leading_dot and number.tail.scale > 1:
        return "usd"
    big = number.tail.scale > 1 or (number.value or 0) >= 1000
    year = is_year(number.raw) and number.tail.scale == 1
    if big and not year and _money_context(text, number.start, number.tail.end):
        return "usd"
    return None


def split_number_start(text: str, quantity: Quantity) -> int | None:
    """Where a number really starts when extraction split its digits apart ("1 312
    respondents", "4 .5%"); None when it is whole."""
    core = re.match(r"[$€£]?\s?([.,]?\d[\d,.]*)", quantity.value_text)
    before = window(text, quantity.start, 12)
    cut = quantity.start - len(before)
    split = _SPLIT_BEFORE.search(before) if core and quantity.role == "value" else None
    if split and quantity.kind == "digits" and quantity.value_text[:1] not in "$€£":
        digits = core.group(1)
        three = re.fullmatch(r"\d{3}", digits.replace(",", "")) and split.group(1)
        leading_zero = digits[:1] == "0" and len(digits) > 1
        dotted = split.group(2) is not None or digits[:1] in ".,"
        if three or leading_zero or dotted:
            return cut + split.start()
    return None


def _money_context(text: str, start: int, end: int) -> bool:
    window_before = " ".join(re.findall(r"[\w$]+", window(text, start, 120))[-8:]).lower()
    window_after = " ".join(re.findall(r"[\w$]+", text[end : end + 100])[:6]).lower()
    around = f"{window_before} {window_after}"
    return bool(_MONEY_CUES.search(around))


def _percent_is_change(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start].lower()
    after = text[end : end + 30].lower()
    return bool(_GROWTH_BEFORE.search(before) or _GROWTH_AFTER.match(after))
