"""Fieldwork: when a survey was in the field, from the date formats reports print.

Ranges, most precise first:

* one month, two days: "June 4-26, 2024", "MARCH 20-25, 2019", "Sep 10-15, 2019",
  "20-25 March 2019";
* two dates: "From October 7 to December 2, 2019", "Dec 9, 2024–Jan 24, 2025",
  "Nov 29-Dec 4, 2017", "between October 2023 and February 2024", "from August through
  September 2024", "between mid-July -- mid-August 2023" (a qualified month, "mid-August",
  "late September", is read at month precision);
* one month: "over a two week period in March 2018", "In August 2023, ... conducted";
* an open and a close line: "Survey Open - August 1, 2023" ... "Survey Close - September 5,
  2023" (``vocabulary.FIELDWORK_OPEN_WORDS`` / ``FIELDWORK_CLOSE_WORDS``).

Each end is parsed by dateparser (``dateparser.parse`` on the end as printed, English month
names and abbreviations); a first end without a year takes the second's (the year before when
the months wrap round). A range that prints no year at all is not read -- no year is invented
("began in mid-August and was open until July 31st"). A date is returned as "YYYY-MM-DD", or
"YYYY-MM" where only the month is printed.
"""

from __future__ import annotations

import re
from datetime import datetime

import dateparser

from extract.surveys.reading import YEAR
from extract.vocabulary import (
    FIELDWORK_CLOSE_WORDS,
    FIELDWORK_OPEN_WORDS,
    MONTH_FORMS,
    MONTH_QUALIFIERS,
)

_MONTH = rf"(?:{'|'.join(MONTH_FORMS)})\.?"
_QUALIFIER = rf"(?:(?:{'|'.join(MONTH_QUALIFIERS)})(?:\s+of)?[- ]\s*)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_END = (
    rf"(?:{_QUALIFIER}?{_MONTH}(?:\s+{_DAY}\b)?(?:,?\s+{YEAR})?"
    rf"|{_DAY}\s+{_MONTH}(?:,?\s+{YEAR})?)"
)
_TO = r"\s*(?:-|–|—|--|to|through|thru|until|till|and)\s*"
_DAY_RANGE_RES = (
    re.compile(
        rf"\b(?P<m>{_MONTH})\s+(?P<d1>{_DAY})\s*(?:-|–|—|to)\s*(?P<d2>{_DAY}),?\s+(?P<y>{YEAR})",
        re.I,
    ),
    re.compile(
        rf"\b(?P<d1>{_DAY})\s*(?:-|–|—|to)\s*(?P<d2>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{YEAR})",
        re.I,
    ),
)
_RANGE_RE = re.compile(rf"\b(?P<a>{_END}){_TO}(?P<b>{_END})", re.I)
_ONE_MONTH_RE = re.compile(
    rf"\b(?:in|during|over|throughout)\s+(?:the\s+month\s+of\s+)?(?P<m>{_MONTH})\s+(?P<y>{YEAR})",
    re.I,
)
_OPEN_RE = re.compile(rf"\b(?:{'|'.join(FIELDWORK_OPEN_WORDS)})\b", re.I)
_CLOSE_RE = re.compile(rf"\b(?:{'|'.join(FIELDWORK_CLOSE_WORDS)})\b", re.I)
_ONE_DATE_RE = re.compile(rf"\b(?P<a>{_QUALIFIER}?{_MONTH}\s+{_DAY},?\s+{YEAR})", re.I)
_HAS_YEAR_RE = re.compile(YEAR)
_QUALIFIED_RE = re.compile(rf"^{_QUALIFIER}", re.I)
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]}

# How sure a range is: two days beat two months beat one month.
DAY_PRECISION, MONTH_PRECISION, ONE_MONTH = 3.0, 2.0, 1.5

Range = tuple[str, str]


def _parse(end: str, year: str | None) -> tuple[datetime, bool] | None:
    """An end of a range as a date and whether it names a day (a qualified month does not)."""
    qualified = bool(_QUALIFIED_RE.match(end))
    end = _QUALIFIED_RE.sub("", end).strip()
    has_day = not qualified and bool(
        re.search(r"\d{1,2}(?:st|nd|rd|th)?(?!\d)", re.sub(YEAR, "", end))
    )
    text = end if _HAS_YEAR_RE.search(end) or year is None else f"{end} {year}"
    if not _HAS_YEAR_RE.search(text):
        return None
    parsed = dateparser.parse(text, languages=["en"], settings=_SETTINGS)
    return (parsed, has_day) if parsed is not None else None


def _iso(date: datetime, day: bool) -> str:
    return date.strftime("%Y-%m-%d" if day else "%Y-%m")


def _ordered(start: str, end: str) -> Range | None:
    return (start, end) if start <= end else None


def date_ranges(sentence: str) -> list[tuple[Range, float]]:
    """Date ranges a sentence prints, each with its precision (higher is more precise)."""
    found: list[tuple[Range, float]] = []
    for pattern in _DAY_RANGE_RES:
        for match in pattern.finditer(sentence):
            month, year = match.group("m"), match.group("y")
            a = _parse(f"{month} {match.group('d1')} {year}", None)
            b = _parse(f"{month} {match.group('d2')} {year}", None)
            if a and b:
                pair = _ordered(_iso(a[0], True), _iso(b[0], True))
                if pair:
                    found.append((pair, DAY_PRECISION))
    if found:
        return found
    for match in _RANGE_RE.finditer(sentence):
        second = _parse(match.group("b"), None)
        if second is None:
            continue
        first = _parse(match.group("a"), str(second[0].year))
        if first is None:
            continue
        start, end = first[0], second[0]
        if not _HAS_YEAR_RE.search(match.group("a")) and start.month > end.month:
            start = start.replace(year=start.year - 1)
        day = first[1] and second[1]
        pair = _ordered(_iso(start, day), _iso(end, day))
        if pair:
            found.append((pair, DAY_PRECISION if day else MONTH_PRECISION))
    if found:
        return found
    for match in _ONE_MONTH_RE.finditer(sentence):
        month = _parse(f"{match.group('m')} {match.group('y')}", None)
        if month:
            found.append(((_iso(month[0], False),) * 2, ONE_MONTH))
    return found


def open_close_dates(sentence: str) -> tuple[str | None, str | None]:
    """A fieldwork opening or closing date a line prints ("Survey Open - August 1, 2023")."""
    date = _ONE_DATE_RE.search(sentence)
    if date is None:
        return None, None
    parsed = _parse(date.group("a"), None)
    if parsed is None:
        return None, None
    before = sentence[: date.start()]
    iso = _iso(*parsed)
    if _OPEN_RE.search(before):
        return iso, None
    if _CLOSE_RE.search(before):
        return None, iso
    return None, None
