"""Numbers in Chinese and Japanese text: the forms the Latin-script rules do not read, and what
they measure.

CJK text has no spaces between words, so a number glued to a character is not a footnote marker
or a name (those rules are for Latin script), and what follows a number in CJK script is read by
the rules here:

Values
    * ``N分之M`` ("四分之三", "三分之一"): a share of M/N, in percent;
    * ``N成`` ("近 6 成", "三成"): N tenths, in percent (not in words such as 成为, 成本);
    * ``N倍`` ("两倍"): a multiple;
    * a count with a measure word (份, 名, 位, 个, 家, 种, 项, 款, 所, 人): "4,005 份回应", "六种"
      (the measure word and the characters after it are the counted noun; "一个", "one", is an
      article, not a count);
    * CJK numerals (一 … 十, 两, 百, 千, 万) where a digit could stand.
    Hedges written before a number ("近", "约", "超过", "不足", "至少") are its qualifier.

Units of text
    Sentences end at "。", "！" and "？" (no space follows them).

Subject
    The clause around the number, between CJK (or Latin) punctuation: for "X（N%）" the clause
    before the bracket ("Linux（63%）" → "Linux"); otherwise the clause with the number taken out
    and the words that only link it trimmed ("21岁以下的受访者比例为25.71%" → "21岁以下的受访者比
    例"). A comparison with another period ("较去年的8.42%") measures what the number
    before it measures. A clause that says nothing else ("占比达 72.23%") takes the clause
    before it ("受访者主要分布在互联网 IT 电子 通信行业"), or the subject of the number before
    it. At most ``ClaimSettings.max_cjk_subject_chars`` characters, those nearest the number.
"""

from __future__ import annotations

import itertools
import re

from extract.claims.quantities import Quantity
from extract.settings import ClaimSettings

CJK_CHAR = re.compile(r"[\u3400-\u9fff\u3040-\u30ff]")
_NUMERALS = {
    "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9, "十": 10,
}  # fmt: skip
_NUMERAL = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})"
_FRACTION = re.compile(rf"(?P<den>{_NUMERAL})\s*分之\s*(?P<num>{_NUMERAL})")
_TENTHS = re.compile(rf"(?P<n>{_NUMERAL})\s*成(?![为本员功立长熟果绩])")
_TIMES = re.compile(rf"(?P<n>{_NUMERAL})\s*倍")
_MEASURE = re.compile(
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|[二两三四五六七八九十百千万]{1,4})\s*"
    r"(?P<noun>[份名位个家种项款所人][\u3400-\u9fff]{0,4})"
)
_HEDGES = (
    ("nearly", r"(?:将近|接近|近)"),
    ("about", r"(?:大约|大概|约)"),
    ("more than", r"(?:超过|逾|多于|大于|高于)"),
    ("less than", r"(?:不足|不到|少于|小于|低于)"),
    ("at least", r"至少"),
)
_HEDGE_BEFORE = tuple((name, re.compile(rf"{pattern}\s*$")) for name, pattern in _HEDGES)
_SENTENCE_END = re.compile(r"[。！？]+[”」』）)]*")
_DELIMITERS = "，。；：！？、（）()【】「」“”《》—…,;:!?"
_DELIMITER = re.compile(rf"[{re.escape(_DELIMITERS)}]")
_LINK_CHARS = "的有为是占达到约近及和与以而在也都仅只分别比例比较占比"
_COMPARISON = re.compile(r"^\s*(?:较|比|相比|相较|同比)")
_LEADING = re.compile(
    r"^(?:其中|而且|而|并且|并|但|还有|仍有|另有|只有|仅有|仅|只|还|共|总共|他们在|他们|我们|有|在|的|和|与|以及|及"
    r"|或者|或是|或(?![许多])|比如|例如|譬如|诸如)+"
)
_QUANTIFIERS = re.compile(r"^(?:绝大多数|大多数|多数|少数|一半|近一半|半数|大部分|部分)$")
_NOT_CONTENT = set("上升下降增加减少到从年月日")
_TRAILING = re.compile(
    r"(?:分别为|分别|占比达到|占比达|占比为|占比|达到|为|是|占|达|的|有|约|近|超过)+$"
)


def has_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))


def _numeral(text: str) -> float | None:
    text = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text in _NUMERALS:
        return float(_NUMERALS[text])
    if re.fullmatch(r"十[一二三四五六七八九]?", text):
        return 10.0 + _NUMERALS.get(text[1:], 0)
    match = re.fullmatch(r"([二两三四五六七八九])十([一二三四五六七八九]?)", text)
    if match:
        return 10.0 * _NUMERALS[match.group(1)] + _NUMERALS.get(match.group(2), 0)
    return None


def _count(text: str) -> float | None:
    if re.fullmatch(r"[\d,]+", text):
        return float(text.replace(",", ""))
    value = 0.0
    current = 0.0
    for char in text:
        if char in _NUMERALS and char != "十":
            current = float(_NUMERALS[char])
        elif char in "十百千万":
            scale = {"十": 10, "百": 100, "千": 1000, "万": 10000}[char]
            value += (current or 1.0) * scale
            current = 0.0
        else:
            return None
    return value + current


def sentence_spans_cjk(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans further split after "。", "！", "？" (no space follows them in CJK text)."""
    result = []
    for start, end in spans:
        piece = text[start:end]
        if not has_cjk(piece):
            result.append((start, end))
            continue
        begin = 0
        for match in _SENTENCE_END.finditer(piece):
            if match.end() < len(piece):
                result.append((start + begin, start + match.end()))
                begin = match.end()
                while begin < len(piece) and piece[begin].isspace():
                    begin += 1
        if begin < len(piece):
            result.append((start + begin, end))
    return result


def _hedge(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 4) : start]
    for name, pattern in _HEDGE_BEFORE:
        match = pattern.search(before)
        if match:
            return name, start - (len(before) - match.start())
    return None, start


def _quantity(
    text: str, match: re.Match[str], unit: str, value: float, value_end: int | None = None, **extra
) -> Quantity:
    qualifier, span_start = _hedge(text, match.start())
    return Quantity.at(
        match.start(),
        text[match.start() : value_end or match.end()],
        unit,
        value=round(value, 2),
        qualifier=qualifier,
        span_start=span_start,
        tail_end=match.end(),
        kind="words",
        **extra,
    )


def cjk_quantities(text: str, found: list[Quantity]) -> list[Quantity]:
    """The quantities ``found`` by the Latin-script rules, with CJK hedges, and the CJK forms
    they miss (see the module docstring), in order."""
    taken = [(q.span_start, q.tail_end) for q in found]

    def free(match: re.Match[str]) -> bool:
        return all(match.end() <= a or match.start() >= b for a, b in taken)

    extra: list[Quantity] = []
    for match in _FRACTION.finditer(text):
        den, num = _numeral(match.group("den")), _numeral(match.group("num"))
        if den and num is not None and num < den and free(match):
            extra.append(_quantity(text, match, "percent", 100.0 * num / den, noun=None))
    for pattern, unit, scale in ((_TENTHS, "percent", 10.0), (_TIMES, "multiple", 1.0)):
        for match in pattern.finditer(text):
            value = _numeral(match.group("n"))
            if value is not None and free(match) and not _inside(match, extra):
                extra.append(_quantity(text, match, unit, value * scale))
    for match in _MEASURE.finditer(text):
        value = _count(match.group("n"))
        if value is None or not free(match) or _inside(match, extra):
            continue
        measure_end = match.start("noun") + 1  # "4,005 份": the number and its measure word
        extra.append(
            _quantity(text, match, "count", value, value_end=measure_end, noun=match.group("noun"))
        )
    hedged = []
    for q in found:
        if q.qualifier is None and has_cjk(text[max(0, q.span_start - 3) : q.span_start]):
            qualifier, span_start = _hedge(text, q.span_start)
            if qualifier:
                q = Quantity.at(
                    q.start,
                    q.value_text,
                    q.unit,
                    value=q.value,
                    low=q.low,
                    high=q.high,
                    qualifier=qualifier,
                    flags=q.flags,
                    span_start=span_start,
                    tail_end=q.tail_end,
                    noun=q.noun,
                    kind=q.kind,
                    role=q.role,
                )
        hedged.append(q)
    return sorted([*hedged, *extra], key=lambda q: q.start)


def _inside(match: re.Match[str], quantities: list[Quantity]) -> bool:
    return any(q.span_start <= match.start() < q.tail_end for q in quantities)


def _trim(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip()
    previous = None
    while previous != clause:
        previous = clause
        clause = _TRAILING.sub("", _LEADING.sub("", clause).strip()).strip()
    return clause


def _says_something(clause: str) -> bool:
    meaningful = [
        c
        for c in clause
        if (CJK_CHAR.match(c) and c not in _LINK_CHARS and c not in _NOT_CONTENT) or c.isalpha()
    ]
    return len(meaningful) >= 2 and not _QUANTIFIERS.match(clause)


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(m.start() for m in _DELIMITER.finditer(text)), len(text)]
    spans = []
    for a, b in itertools.pairwise(bounds):
        start = a + 1 if a and _DELIMITER.match(text[a]) else a
        spans.append((start, b))
    return spans


def _limit(text: str, near_end: bool, settings: ClaimSettings) -> str:
    limit = settings.max_cjk_subject_chars
    if len(text) <= limit:
        return text
    return text[-limit:].strip() if near_end else text[:limit].strip()


def cjk_subject(
    text: str,
    q: Quantity,
    previous: str | None,
    settings: ClaimSettings,
    others: list[Quantity] = (),  # type: ignore[assignment]
) -> str | None:
    """What the number in CJK text measures (see the module docstring); ``others`` are the
    other numbers of the sentence, which bound its clause too."""
    before = text[: q.span_start].rstrip()
    if before.endswith(("（", "(")):
        opening = len(before) - 1
        start = max((m.end() for m in _DELIMITER.finditer(text, 0, opening)), default=0)
        subject = _trim(text[start:opening])
        if _says_something(subject):
            return _limit(subject, True, settings)
        if _QUANTIFIERS.match(subject):  # "大多数（52%）更进一步表示…": what the majority did
            closing = text.find("）", q.tail_end)
            closing = closing if closing >= 0 else text.find(")", q.tail_end)
            if closing >= 0:
                after = _DELIMITER.split(text[closing + 1 :], maxsplit=1)[0]
                if _says_something(_trim(after)):
                    return _limit(_trim(after), False, settings)
    clauses = _clauses(text)
    for index, (start, end) in enumerate(clauses):
        if start <= q.start < max(end, start + 1):
            for other in others:
                if other is not q and start <= other.tail_end <= q.span_start:
                    start = other.tail_end
                if other is not q and q.tail_end <= other.span_start < end:
                    end = other.span_start
            head = text[start : q.span_start]
            tail = text[q.tail_end : end]
            if q.unit == "count" and q.noun:
                tail = q.noun[1:] + tail  # "4,005 份回应": the responses, without the measure word
            clause = _trim(head + tail)
            if previous and _COMPARISON.match(head):
                return previous  # "较去年的8.42%": the same measure, another period
            if _says_something(clause):
                near_end = len(head.strip()) >= len(tail.strip())
                return _limit(clause, near_end, settings)
            if previous:
                return previous
            for earlier_start, earlier_end in reversed(clauses[:index]):
                earlier = _trim(text[earlier_start:earlier_end])
                if _says_something(earlier):
                    return _limit(earlier, True, settings)
            return None
    return previous
