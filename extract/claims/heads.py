"""What stands before a number: a currency, a sign or a hedge, or what rules the number out.

The hedge is kept as written, in lower case ("more than", "nearly", "up to", "an average of",
...); "sub-" is ``under``, "+/-" is ``plus or minus``. A number after a reference word ("Figure
3", "Exhibit <1>", "page 4", "Level 2", "top 5"), a month ("Dec 9"), a hyphen or slash glued to a
name ("GPT-4", "3.5/3.7"), a word or bracket it is glued to as a footnote marker
("publications1", "OSI),2") or a time of day ("10:30") is not a quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.claims.context import window
from extract.genre import normalize_space
from extract.settings import ClaimSettings
from extract.vocabulary import HEDGES, MONTH_FORMS, REFERENCE_WORDS

_MONTHS = "|".join(MONTH_FORMS)

_CURRENCY_BEFORE = re.compile(r"(US\s?\$|\$|USD\s?|€|£|EUR\s?|GBP\s?)\s?$")
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(]))(?:(\+/-|±)\s?|(\+|-|−|–))$")
_SUB_BEFORE = re.compile(r"\bsub-$", re.IGNORECASE)
_HEDGE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\t\"“]))({'|'.join(HEDGES)})\s+(?:an?\s+)?$", re.IGNORECASE
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
# A day of a date: "9th of December", "9 Dec".
DATE_AFTER_RE = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(rf"\b(?:{'|'.join(REFERENCE_WORDS)})\s*<?\s*$", re.IGNORECASE)
_NAME_GLUE_BEFORE = re.compile(r"[^\W\d_]-$|[\d.] ?[-–]$|[\w)\]]/$")
_FOOTNOTE_BEFORE = re.compile(r"(?:[^\W\d_\u3040-\u30ff\u3400-\u9fff]|[)\]”’\"])[.,;:”’\"]?$")
_TIME_OF_DAY = re.compile(r"\d:$")


@dataclass
class Head:
    """What precedes a core: currency, sign, hedge, and whether it rules the number out."""

    currency: str | None = None
    qualifier: str | None = None
    start: int = 0
    skip: str | None = None


def read_head(text: str, start: int, core: str, settings: ClaimSettings) -> Head:
    """Read what precedes the core ``core`` that starts at ``start``."""
    head = Head(start=start)
    before = window(text, start, settings.context_chars)
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
        head.qualifier = normalize_space(hedge.group(1).lower())
        head.start = cut + hedge.start()
    return head
