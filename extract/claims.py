"""Quantitative claims in blocks: every number a document states, with what it measures.

:func:`extract_claims` reads the blocks frame (see :mod:`extract.blocks`) and returns one row per
stated quantity, validated by :data:`CLAIMS_SCHEMA`. It works on patterns of the genre (survey
reports and articles that quote them), never on a particular document.

Units of text
    A claim's ``claim_text`` is the sentence, list item, caption or table row that holds the
    number, exactly as it stands in the block (so ``normalized_text[char_start:char_end] ==
    claim_text``). Paragraphs, list items, captions, quotes and source notes are split into
    sentences; a table row (one line of the block, cells joined by tabs) is one unit. Headings
    (titles that restate the text below them) and survey questions (``question`` blocks: "in the
    next 12 months" is not a finding) are not read.

Numbers
    Parsing is :func:`extract.quantities.find_quantities`: its module docstring lists what counts
    as a quantity and what does not (years, dates, references, versions, names, footnote markers,
    list numbering, bare numbers). Values are normalized (``"$5.6 million"`` → 5600000,
    ``"three-quarters"`` → 75, ``"one in five"`` → 20, ``"2 hours"`` → 7200 seconds, percentages
    as 0–100). Ranges fill ``value_low``/``value_high`` and leave ``value`` null.

Changes
    "from 44% to 67%" after a verb of change gives *two* claims, one per number, with qualifier
    ``from`` (the earlier value) and ``to`` (the later one): each stated number stays a row that
    can be checked on its own. A lone "down from X" is qualified ``from``. Signed differences
    ("+12%", "-3%") keep the magnitude as ``value`` with qualifier ``plus``/``minus``.

Qualifier
    The hedge as written, in lower case: "more than", "over", "nearly", "about", "roughly",
    "approximately", "almost", "at least", "up to", "under", "less than", "below", "above", "an
    average of", ...; "sub-" is ``under``, a trailing "+" is ``more than``, "+/-" is ``plus or
    minus``; plus the change markers above.

Subject
    A short phrase (at most ``ClaimSettings.max_subject_words`` words) taken from the grammar
    around the number, first rule that yields a phrase wins: a table row's label and column
    header; a label before a colon ("Training cost: $5.6 million"); the noun phrase before a
    bracketed number ("cost efficiency (46%)"); the counted noun ("316 respondents"); what follows
    "N% of" ("organizations using GenAI"); what a verb of change acts on ("User retention … rose
    14%", "cut redundant data movement by 41%"); the noun phrase after the number ("a 55%
    reduction in per-image inference cost"); the subject of "X is 17%"; else the phrase after
    "of"/"for"/"with"/"among", else the start of the clause, else the subject of the number
    before it in the sentence. A number joined to the next by "and" ("63% and 50% adoption
    rates") shares its subject; both ends of a change share one. Never the whole sentence.

Claim kinds (:data:`CLAIM_KINDS`), decided by cues in the clause around the number (survey
and forecast cues: in the sentence), first match wins
    ``cost``             money amounts (or lost money amounts)
    ``survey_finding``   a share or count of respondents, participants, the surveyed, or
                         organizations; a percent followed by "report", "say", "cite", "expect"…
    ``forecast``         will, projected, expected to, predict, by <year>
    ``benchmark``        scores, seconds, milliseconds; benchmark, ELO, leaderboard, latency,
                         throughput, accuracy, outperform
    ``cost``             cost, cheaper, price, spend, savings, fees, budget
    ``adoption``         adopt, use, deploy, downloads, rely, implement
    ``market_statistic`` market, share, revenue, ships, vendors, companies, industry, growth
    ``other``            none of these; but a percentage in a survey report (a document that
                         mentions respondents/surveys/participants at least
                         ``ClaimSettings.survey_document_min_mentions`` times) is a
                         ``survey_finding``

Cited source
    What the text says the number comes from, as written: "according to …" (not to one of the
    document's own figures), "a study by …", "X's survey of …", "data from X shows", "our survey
    finds", "based on a survey of …"; else a "Source:" note in the same block; for table rows,
    captions and list items, a source note among the next blocks (up to
    ``ClaimSettings.source_note_lookahead``), cut before its sample-size details. Else null.

Quality flags (:data:`extract.quantities.FLAGS`), comma-separated in ``quality_flags``
    ``lost_currency_digits``, ``lost_leading_digits``, ``percent_over_100``, ``split_number``
    (value left null: damaged numbers are kept, never repaired) and ``percent_change_over_100``
    (value kept).

Identity
    ``claim_id`` hashes document id, claim text, value text and the occurrence index of that
    value text in the claim text: stable across runs and independent of where the block sits. A
    sentence repeated word for word in a document gives one claim (its first occurrence).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from extract.genre import sentence_spans
from extract.quantities import (
    FLAGS,
    FUNCTION_WORDS,
    UNITS,
    Quantity,
    find_quantities,
    word_set,
)

__all__ = [
    "CLAIMS_SCHEMA",
    "CLAIM_KINDS",
    "FLAGS",
    "UNITS",
    "ClaimSettings",
    "extract_claims",
    "sentence_spans",
]

CLAIM_KINDS = (
    "survey_finding",
    "market_statistic",
    "cost",
    "benchmark",
    "forecast",
    "adoption",
    "other",
)


def _flags_known(flags: pd.Series) -> pd.Series:
    return flags.isna() | flags.map(
        lambda text: isinstance(text, str) and all(name in FLAGS for name in text.split(","))
    )


def _range_ordered(df: pd.DataFrame) -> pd.Series:
    both = df["value_low"].notna() & df["value_high"].notna()
    return ~both | (df["value_low"] <= df["value_high"])


def _null_value_explained(df: pd.DataFrame) -> pd.Series:
    is_range = df["value_low"].notna() | df["value_high"].notna()
    return df["value"].notna() | df["quality_flags"].notna() | is_range


def _percent_in_range(df: pd.DataFrame) -> pd.Series:
    in_range = df["value"].between(0, 100)
    return (df["unit"] != "percent") | df["value"].isna() | in_range | df["quality_flags"].notna()


CLAIMS_SCHEMA = pa.DataFrameSchema(
    {
        "claim_id": pa.Column(str, unique=True),
        "document_id": pa.Column(str),
        "block_id": pa.Column(str),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "section": pa.Column(str, nullable=True),
        "claim_text": pa.Column(str, pa.Check.str_length(min_value=1)),
        "char_start": pa.Column("int64", pa.Check.ge(0)),
        "char_end": pa.Column("int64"),
        "value": pa.Column(float, nullable=True),
        "value_low": pa.Column(float, nullable=True),
        "value_high": pa.Column(float, nullable=True),
        "value_text": pa.Column(str),
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "qualifier": pa.Column(str, nullable=True),
        "subject": pa.Column(str, nullable=True),
        "claim_kind": pa.Column(str, pa.Check.isin(CLAIM_KINDS), nullable=True),
        "cited_source": pa.Column(str, nullable=True),
        "quality_flags": pa.Column(
            str, pa.Check(_flags_known, name="known_quality_flags"), nullable=True
        ),
    },
    checks=[
        pa.Check(lambda df: df["char_end"] > df["char_start"], name="char_end_after_start"),
        pa.Check(_range_ordered, name="value_low_not_above_value_high"),
        pa.Check(_null_value_explained, name="null_value_is_flagged_or_range"),
        pa.Check(_percent_in_range, name="percent_within_0_100_unless_flagged"),
    ],
    strict=True,
    coerce=True,
    name="claims",
)


@dataclass(frozen=True)
class ClaimSettings:
    """How claims are read. Defaults are what the pipeline uses."""

    # Block types whose text is read for claims (headings and survey questions are not).
    block_types: tuple[str, ...] = (
        "paragraph",
        "list_item",
        "caption",
        "quote",
        "source_note",
        "table",
    )
    # Longest subject phrase, in words.
    max_subject_words: int = 8
    # How many following blocks may hold the source note of a table, caption or list item.
    source_note_lookahead: int = 3
    # Longest cited source kept, in characters (a longer one is cut at a word boundary).
    max_source_chars: int = 160
    # A document that mentions respondents/surveys/participants at least this often is a survey
    # report: its percentages with no other cue are survey findings.
    survey_document_min_mentions: int = 10


def _row_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip() and not re.fullmatch(r"[\s\t|:-]*", line):
            left = len(line) - len(line.lstrip())
            spans.append((offset + left, offset + len(line.rstrip())))
        offset += len(line) + 1
    return spans


# --------------------------------------------------------------------------- subject

_BOUNDARY = re.compile(r"[,;:()\[\]—–.!?\"“”\t\n{}]| - ")
_FORWARD_STOP = word_set(
    """while whereas compared but although though because due according respectively versus
    vs when where after before since until unless whether thereby rather being following
    annually monthly daily weekly yearly later earlier ago late early mid year-over-year
    year-on-year yoy y/y"""
)
_FORWARD_STOP_NARROW = _FORWARD_STOP | word_set("which whom whose")
_BACKWARD_STOP = word_set(
    """including include includes included with than to by as such like compared while but
    are is were was be been have has had cite cited cites report reports reported say says
    said show shows showed indicate indicates indicated see sees about at among from that
    which who whom whose rank ranks ranked followed emerged can could will would may might
    must should do does did after before yet so then once when if because since although
    though whereas why how what where there"""
)
_LEADING_DROP = word_set(
    """the a an its their our his her these those this that most many some all any each
    every both only just also now currently still either neither on in at for to of with by
    from into and or but"""
)
_QUANTIFIER_PREFIX = re.compile(
    r"^(?:(?:more|less|fewer)\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+|roughly\s+|"
    r"just\s+|only\s+|some\s+)?(?:(?:a|an|one|two|three|four|five|the)[\s-]+)?"
    r"(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?|majority|minority|"
    r"portion|proportion|percentage)(?:\s+of(?:\s+(?:the|all))?\s*|$)",
    re.IGNORECASE,
)
_AUXILIARIES = re.compile(
    r"(?<!\bthat )(?<!\bwho )(?<!\bwhich )\b(?:are|is|were|was|have been|has been|had been|"
    r"will be)\s+(?=\w+(?:ing|ed)\b)"
)
_ADVERBS = re.compile(r"\b(?:now|currently|also|already|still|actually|indeed|today)\s+")
_LEADING_AUXILIARY = re.compile(
    r"^(?:are|is|were|was|have|has|had|will|would|can|could)\s+(?:also\s+|now\s+|still\s+|"
    r"currently\s+|already\s+)?(?!(?:not|no)\b)",
    re.IGNORECASE,
)
_SUBORDINATORS = word_set(
    "when while if as although though because since after before once whereas and but so"
)
_TRANSITIVE_CHANGE = re.compile(
    r"\b(?:cut|cuts|cutting|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|boost(?:s|ed|ing)?|"
    r"increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|improv(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|"
    r"shrink(?:s|ing)?|shrank|slash(?:es|ed|ing)?|accelerat(?:e|es|ed|ing)|speed(?:s|ing)? up)"
    r"\s+(?P<object>[^,;:()]{2,80}?)\s+(?:by|from)\s+(?:up to\s+|about\s+|roughly\s+|"
    r"nearly\s+|over\s+|more than\s+|almost\s+|as much as\s+)?$",
    re.IGNORECASE,
)
_INTRANSITIVE_CHANGE = re.compile(
    r"\b(?:rose|rises|rise|fell|falls|fall|dropped|drops|drop|grew|grows|grow|increased|"
    r"decreased|declined|declines|narrowed|widened|jumped|climbed|slipped|shrank|shrunk|"
    r"improved|surged|soared|plunged|doubled|halved|went|gained|tumbled|slid|sank)"
    r"(?:\s+(?:by|to|from|about|roughly|nearly|over|under|below|above|more than|less than|"
    r"some|almost|just|only|down from|up from))*\s+$",
    re.IGNORECASE,
)
_VERBS = word_set(
    """is are was were be been has have had will would can could may might shall should must
    do does did sits sit stands stand stood holds hold held shows show reaches reach reached
    hits hit scores score achieves achieve achieved remains remain accounts account represents
    represent makes make uses use reports report reported says say said finds find found
    reveals reveal revealed delivers deliver receive receives exceeds exceed surpasses surpass
    outperforms outperform leads lead led trails trail ships ship command commands recorded
    records processed processes contributed contributes released releases published publishes
    offers offer provides provide provided cite cites cited consider considers believe believes
    expect expects agree agrees prefer prefers see sees saw indicate indicates indicated
    comprised comprises included includes totaled totalled came come demonstrates
    demonstrate signals signal suggests suggest means mean proves prove highlights reflects
    reflect requires require allows allow enables enable helps help took take takes spend
    spends spent need needs get gets got run runs ran"""
)
_SPELLED_NUMBER = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen"
)
# Verbs that end a noun phrase read forward ("the consortium demonstrates …").
_CLAUSE_VERBS = word_set(
    """demonstrates signals suggests means proves highlights reflects requires allows enables
    helps shows reveals indicates fits runs sits stands holds remains makes offers provides
    leads trails accounts represents"""
)
_COMPARISON_QUALIFIERS = (
    "above",
    "over",
    "below",
    "under",
    "exceeding",
    "exceeds",
    "exceed",
    "more than",
    "less than",
    "fewer than",
    "beyond",
    "upwards of",
)


def _clean_phrase(words: list[str], max_words: int) -> str | None:
    """Trim a word list to a subject phrase: no determiners, hedges or dangling words."""
    words = [w.strip("*_") for w in words if w.strip("*_")]
    words = [w for w in words if re.search(r"[^\W_]", w)]
    while words and words[0].lower() in _LEADING_DROP:
        words = words[1:]
    phrase = _QUANTIFIER_PREFIX.sub("", " ".join(words))
    phrase = _ADVERBS.sub("", _AUXILIARIES.sub("", phrase))
    words = phrase.split()
    while words and words[0].lower() in _LEADING_DROP:
        words = words[1:]
    words = words[:max_words]
    while words and words[-1].lower() in FUNCTION_WORDS:
        words = words[:-1]
    if not words or not any(re.search(r"[^\W\d_]", w) for w in words):
        return None
    return " ".join(words)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\s]+", text)


def _starts_number(token: str, previous: str | None) -> bool:
    """A token that opens another number (not one inside a name such as 'Fortune 500')."""
    if not re.match(r"[$€£+]?\.?\d", token):
        return False
    return not (previous and previous[:1].isupper() and previous.lower() not in FUNCTION_WORDS)


def _ends_noun_phrase(word: str, previous: str | None) -> bool:
    """Does ``word`` (a past tense after a noun: 'stacks dropped') end the noun phrase before it?"""
    if previous is None or "-" in word or len(word) <= 4 or not word.endswith("ed"):
        return False
    before = previous.strip("*_").lower()
    return before.endswith("s") and not before.endswith("ss") and before not in FUNCTION_WORDS


def _phrase_forward(
    text: str, max_words: int, stops: frozenset[str] = _FORWARD_STOP, verbs_end: bool = False
) -> str | None:
    """Words from the start of ``text`` up to a boundary."""
    segment = _BOUNDARY.split(text, maxsplit=1)[0]
    words: list[str] = []
    tokens = _tokens(segment)
    for i, word in enumerate(tokens):
        bare = word.strip("*_").lower()
        previous = tokens[i - 1] if i else None
        if bare in stops or _starts_number(word, previous):
            break
        if i and (_ends_noun_phrase(bare, previous) or (verbs_end and bare in _CLAUSE_VERBS)):
            break
        if (
            bare in ("and", "or")
            and i + 1 < len(tokens)
            and (tokens[i + 1].lower() in _VERBS or _starts_number(tokens[i + 1], None))
        ):
            break
        words.append(word)
        if len(words) >= max_words + 4:
            break
    return _clean_phrase(words, max_words)


def _phrase_backward(
    text: str, max_words: int, extra_stops: frozenset[str] = frozenset()
) -> str | None:
    """Words at the end of ``text`` back to a boundary or a connecting word."""
    parts = _BOUNDARY.split(text)
    tokens = [t for t in _tokens(parts[-1] if parts else "") if t.strip("*_")]
    words: list[str] = []
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i]
        bare = word.strip("*_").lower()
        if bare in _BACKWARD_STOP or bare in extra_stops:
            break
        if bare in ("and", "or") and i == 0:  # the start of a list item: "…, and X (12%)"
            break
        if _starts_number(word, tokens[i - 1] if i else None):
            break
        words.insert(0, word)
        if len(words) >= max_words:
            break
    return _clean_phrase(words, max_words)


def _clause_subject(text: str, max_words: int) -> str | None:
    """The words that open the clause, up to its verb: its grammatical subject, roughly."""
    clause = re.split(r"[;:,—–]\s", text)[-1] if text.strip() else ""
    tokens = _tokens(clause)
    while tokens and tokens[0].strip("*_,.").lower() in _SUBORDINATORS:
        tokens = tokens[1:]
    words = []
    for i, word in enumerate(tokens):
        bare = word.strip("*_,.").lower()
        past = bare.endswith("ed") and "-" not in bare and len(bare) > 4
        if bare in _VERBS or past or _starts_number(word, tokens[i - 1] if i else None):
            break
        words.append(word)
        if len(words) >= max_words:
            break
    if all(w.strip("*_,.").lower() in FUNCTION_WORDS for w in words):
        return None
    return _clean_phrase(words, max_words)


def _label_before(before: str, n: int) -> str | None:
    """'Training cost: ' → 'Training cost' (a short noun label right before the value)."""
    label = re.match(r"^\s*([^:;.!?]{2,60}?)\s*:\s*$", before)
    if not label or len(label.group(1).split()) > 6:
        return None
    if any(w.lower() in _VERBS or w.lower() == "follows" for w in label.group(1).split()):
        return None
    return _clean_phrase(label.group(1).split(), n)


def _subject(
    text: str, q: Quantity, settings: ClaimSettings, previous: str | None = None
) -> str | None:
    """A short phrase saying what the quantity in ``text`` measures (see module docstring)."""
    n = settings.max_subject_words
    before = text[max(0, q.span_start - 240) : q.span_start]
    after = text[q.tail_end : q.tail_end + 240]
    before_stripped = before.rstrip().rstrip("*_ ")

    label = _label_before(before, n) if q.span_start <= 80 else None
    if label:
        extra = re.match(r"\s+(for|of|in)\s+(.*)", after)
        if extra:
            tail = _phrase_forward(extra.group(2), n)
            if tail:
                return _clean_phrase(f"{label} {extra.group(1)} {tail}".split(), n)
        return label

    if before_stripped.endswith("("):
        phrase = _phrase_backward(before_stripped[:-1].rstrip(), min(n, 6))
        if phrase:
            return phrase
        closing = re.match(r"\s*\)\s+of\s+(?:the\s+)?(.*)", after, re.DOTALL)
        if closing:
            phrase = _phrase_forward(closing.group(1), n)
            if phrase:
                return phrase

    at = re.search(r",\s*at\s+(?:an?\s+)?$", before)
    if at:
        phrase = _phrase_backward(before[: at.start()], min(n, 6))
        if phrase:
            return phrase

    if q.unit == "count" and q.noun:
        noun = q.noun
        of = re.match(r"\s+of\s+(.*)", after, re.DOTALL)
        if of:
            rest = _phrase_forward(of.group(1), 3)
            if rest:
                noun = f"{noun} of {rest}"
        return _clean_phrase(noun.split(), n)

    qualifier = (q.qualifier or "").lower()
    written_sub = text[q.span_start : q.start].lower().startswith("sub")
    if (
        qualifier in _COMPARISON_QUALIFIERS
        and q.unit not in ("percent", "count", "usd")
        and not written_sub
    ):
        phrase = _phrase_backward(before, min(n, 5), frozenset({"in", "on", "for", "of"}))
        if phrase:
            return phrase

    if q.unit == "usd":
        money = re.match(r"\s+(?:in|for|of)\s+(.*)", after, re.DOTALL)
        if money:
            phrase = _phrase_forward(money.group(1), n)
            if phrase:
                return phrase

    of = re.match(r"\s*\)?\s+of\s+(?:the\s+)?(.*)", after, re.DOTALL)
    if (
        of
        and q.unit in ("percent", "count", "multiple", "points")
        and not re.match(r"time\b|cases\b", of.group(1))
    ):
        phrase = _phrase_forward(of.group(1), n)
        if phrase:
            return phrase

    transitive = _TRANSITIVE_CHANGE.search(before)
    if transitive:
        phrase = _phrase_forward(transitive.group("object"), n)
        if phrase:
            return phrase

    intransitive = _INTRANSITIVE_CHANGE.search(before)
    if intransitive:
        phrase = _phrase_backward(before[: intransitive.start()], n)
        if phrase:
            return phrase

    following = re.match(r"\s+(?:as (?:many|much)\s+)?(.*)", after, re.DOTALL)
    if following:
        rest = _LEADING_AUXILIARY.sub("", following.group(1))
        first = (rest.split() or [""])[0].strip("*_").lower()
        acceptable = (
            first
            and re.match(r"[^\W\d_]", first)
            and (first not in FUNCTION_WORDS or first in ("more", "less", "fewer"))
            and not (q.unit == "usd" and first.endswith("ing"))
            and not re.fullmatch(_SPELLED_NUMBER, first)
        )
        if acceptable:
            phrase = _phrase_forward(rest, min(n, 6), _FORWARD_STOP_NARROW, verbs_end=True)
            if phrase:
                return phrase

    acting = re.search(r"([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)\s+([a-z]+ing)\s+$", before)
    if acting and q.unit in ("tokens", "parameters", "flops", "bytes", "seconds", "milliseconds"):
        phrase = _clean_phrase(f"{acting.group(1)} {acting.group(2)}".split(), n)
        if phrase:
            return phrase

    of_before = re.search(r"\bof\s+(?:an?\s+)?$", before)
    if of_before and q.unit != "score":
        phrase = _phrase_backward(before[: of_before.start()], min(n, 5))
        if phrase:
            return phrase

    prepositional = re.match(r"\s+(?:of|for|with|among)\s+(.*)", after, re.DOTALL)
    if prepositional and not re.match(r"(?:the\s+)?(?:time|cases)\b", prepositional.group(1)):
        phrase = _phrase_forward(prepositional.group(1), n)
        if phrase:
            return phrase

    copula = re.search(
        r"\b(?:(?:is|are|was|were)(?:\s+(?:up|down))?|stands at|stood at|stand at|remains at|"
        r"remained at|reached|hit|totaled|totalled|sits at|sat at)\s+"
        r"(?:just\s+|only\s+|still\s+|now\s+|by\s+)?$",
        before,
    )
    if copula:
        phrase = _phrase_backward(before[: copula.start()], n)
        if phrase:
            return phrase

    comma = re.search(r",\s*$", before)
    if comma:
        phrase = _phrase_backward(before[: comma.start()], min(n, 6))
        if phrase and not (len(phrase.split()) == 1 and phrase.lower().endswith("ly")):
            return phrase

    return _clause_subject(before, n) or previous


# --------------------------------------------------------------------------- kind

_FORECAST = re.compile(
    r"\b(?:will|projected|projection|expected to|forecasts?|forecasted|predicts?|predicted|"
    r"predictions?|anticipated?|by 20\d\d|outlook|going to)\b",
    re.IGNORECASE,
)
_KIND_CUES = (
    (
        "benchmark",
        re.compile(
            r"\b(?:benchmarks?|elo|leaderboards?|latency|throughput|accuracy|scores?|scored|"
            r"outperform\w*|percentile|perplexity|evaluations?|arena|tokens per second|flops|"
            r"utilization|faster|slower)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cost",
        re.compile(
            r"\b(?:costs?|cheaper|price[sd]?|pricing|spend(?:ing)?|spent|savings?|sav(?:e|es|ed)|"
            r"budgets?|fees?|expensive|dollars?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "adoption",
        re.compile(
            r"\b(?:adopt\w*|use[sd]?|using|usage|users?|deploy\w*|downloads?|downloaded|"
            r"rel(?:y|ies|ying)|implement\w*|uptake)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "market_statistic",
        re.compile(
            r"\b(?:markets?|share|revenues?|shipments?|ships|vendors?|companies|enterprises|"
            r"industry|industries|growth|investors?|funding|valuation|customers|firms)\b",
            re.IGNORECASE,
        ),
    ),
)
_SURVEY_UNITS = ("percent", "count", "multiple", "points")
_STRONG_SURVEY = re.compile(
    r"\b(?:respondents?|surveyed|surveys?|participants?|interviewees|polled)\b", re.IGNORECASE
)
_SURVEY_IDIOM = re.compile(
    r"^\s*\)?\s*(?:of\s+(?:the\s+)?[\w\s-]{0,40}?\s+)?(?:report(?:s|ed)?|say|says|said|cite[sd]?|"
    r"believe[sd]?|agree[sd]?|expect(?:s|ed)?|indicate[sd]?|consider(?:s|ed)?|feel|felt|"
    r"view(?:s|ed)?|prefer(?:s|red)?|plan(?:s|ned)?|predict(?:s|ed)?|forecast|anticipat\w+|"
    r"express(?:es|ed)?)\b",
    re.IGNORECASE,
)


def _clause_around(text: str, q: Quantity) -> str:
    left = max(
        (text.rfind(mark, 0, q.span_start) for mark in (",", ";", ":", "—", "(")), default=-1
    )
    rights = [i for i in (text.find(mark, q.end) for mark in (",", ";", "—", ")")) if i >= 0]
    return text[left + 1 : min(rights) if rights else len(text)]


def _claim_kind(text: str, q: Quantity, subject: str | None) -> str:
    """The claim's kind from cues in its clause (then its sentence): see module docstring."""
    if q.unit == "usd":
        return "cost"
    clause = f"{_clause_around(text, q)} {subject or ''}"
    if q.unit in _SURVEY_UNITS and (
        _STRONG_SURVEY.search(text)
        or re.search(r"\borgani[sz]ations\b", clause, re.IGNORECASE)
        or (q.unit == "percent" and _SURVEY_IDIOM.match(text[q.tail_end :]))
    ):
        return "survey_finding"
    if _FORECAST.search(text):
        return "forecast"
    if q.unit in ("score", "seconds", "milliseconds"):
        return "benchmark"
    for kind, pattern in _KIND_CUES:
        if pattern.search(clause):
            return kind
    return "other"


# --------------------------------------------------------------------------- cited source

_REPORTING_VERBS = (
    r"shows?|showed|reveals?|revealed|finds?|found|indicates?|indicated|suggests?|suggested|"
    r"reports?|reported|estimates?|estimated|notes?|noted|concludes?|concluded|confirms?|"
    r"confirmed|provides?|included|includes|recorded|records|highlights?|says|said|states?"
)
_SOURCE_PATTERNS = [
    re.compile(
        r"\b[Aa]ccording to\s+(?!(?:figure|fig\.|exhibit|table|chart|graph)\b)"
        r"(?:[^,;()]|\.(?=\S))+?(?=\s*(?:[,;()]|\.(?:\s|$)|$|\s+(?:that|which)\b))",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b[Bb]ased on\s+(?:an?|the|our|their|its)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:survey|study|analysis|report|research|poll|census|interviews?|data)\b"
        r"(?:[^,;()]|\.(?=\S))*?(?=\s*(?:[,;()]|\.(?:\s|$)|$))"
    ),
    re.compile(
        r"(?:\b(?:[Aa]n?|[Tt]he|[Oo]ur|[Tt]his|[Tt]hese|[Tt]heir|[Ii]ts)\s+|"
        r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4}[’']s\s+)?"
        r"(?:[\w-]+,?\s+){0,3}?"
        r"(?:survey|surveys|study|studies|report|analysis|research|poll|census|audit|review|"
        r"benchmarks|data|dataset|paper)"
        r"(?:\s+(?:by|from|of|conducted by|published by)\s+[^,;()]{1,120}?)?"
        rf"(?=,?\s+(?:{_REPORTING_VERBS})\b)"
    ),
    re.compile(r"\((?:[Ss]ource|[Ss]ources|[Dd]ata|[Vv]ia|[Pp]er)\s*:?\s+[^()]{3,150}\)"),
]
_SOURCE_NOTE_PREFIX = re.compile(r"^\s*(?:sources?|data|note)\s*:\s*", re.IGNORECASE)
_SOURCE_NOTE_CUT = re.compile(
    r",\s*(?=\d|n\s*=|sample|valid cases|total mentions|base\b|answered|respondents\b|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)


def _trim_source(text: str, limit: int) -> str | None:
    text = text.strip().strip(",;:").strip()
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut.rstrip(",;: ")
    return text or None


def _inline_source(sentence: str, settings: ClaimSettings) -> str | None:
    for pattern in _SOURCE_PATTERNS:
        match = pattern.search(sentence)
        if match:
            return _trim_source(match.group(), settings.max_source_chars)
    return None


def _note_source(note: str, settings: ClaimSettings) -> str | None:
    """The source a note names: 'Source: X, 703 participants, …' → 'X'."""
    match = re.search(r"\b[Ss]ources?\s*:\s*(.*)", note)
    text = match.group(1) if match else _SOURCE_NOTE_PREFIX.sub("", note)
    text = _SOURCE_NOTE_CUT.split(text, maxsplit=1)[0]
    return _trim_source(text, settings.max_source_chars)


# --------------------------------------------------------------------------- tables


def _table_subject(row: str, header: list[str] | None, q: Quantity) -> str | None:
    cells = row.split("\t")
    offset = 0
    for index, cell in enumerate(cells):
        if offset <= q.start < offset + len(cell) + 1:
            before = cell[: q.span_start - offset].strip().rstrip("(").strip()
            label = before if re.search(r"[^\W\d_]{2,}", before) else None
            if label is None:
                label = next(
                    (
                        c.strip()
                        for i, c in enumerate(cells)
                        if i != index and re.search(r"[^\W\d_]{2,}", c)
                    ),
                    None,
                )
            column = header[index].strip() if header and index < len(header) else ""
            if (
                label
                and column
                and column.lower() != label.lower()
                and re.search(r"[^\W\d_]{2,}", column)
            ):
                return f"{label} ({column})"
            return label
        offset += len(cell) + 1
    return None


# --------------------------------------------------------------------------- assembly


def _units_of_text(block_type: str, text: str) -> list[tuple[int, int]]:
    return _row_spans(text) if block_type == "table" else sentence_spans(text)


def _claim_id(document_id: str, claim_text: str, value_text: str, occurrence: int) -> str:
    key = "\x1f".join((document_id, claim_text, value_text, str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _following_note(blocks: list[dict], index: int, settings: ClaimSettings) -> str | None:
    document_id = blocks[index]["document_id"]
    for block in blocks[index + 1 : index + 1 + settings.source_note_lookahead]:
        if block["document_id"] != document_id:
            return None
        if block["block_type"] == "source_note":
            return _note_source(block["text"], settings)
        if block["block_type"] not in ("question", "caption", "heading", "table", "list_item"):
            return None
    return None


def _block_claims(
    blocks: list[dict], index: int, settings: ClaimSettings, survey_document: bool
) -> Iterator[dict]:
    block = blocks[index]
    text: str = block["text"]
    block_type: str = block["block_type"]
    header: list[str] | None = None
    if block_type == "table":
        header = text.split("\n", 1)[0].split("\t")
    block_note: str | None = None
    if block_type == "source_note" or re.search(r"\b[Ss]ources?\s*:", text):
        block_note = _note_source(text, settings)
    following_note: str | bool | None = False  # computed on first need
    section = block["section_path"] or None
    for start, end in _units_of_text(block_type, text):
        unit_text = text[start:end]
        quantities = find_quantities(unit_text)
        if not quantities:
            continue
        inline = _inline_source(unit_text, settings)
        subjects = _subjects(
            unit_text, quantities, header if start > 0 else None, block_type, settings
        )
        for q, subject in zip(quantities, subjects, strict=True):
            source = inline or block_note
            if source is None and block_type in ("table", "caption", "list_item"):
                if following_note is False:
                    following_note = _following_note(blocks, index, settings)
                source = following_note or None
            kind = _claim_kind(unit_text, q, subject)
            if kind == "other" and survey_document and q.unit == "percent":
                kind = "survey_finding"
            occurrence = unit_text[: q.start].count(q.value_text)
            yield {
                "claim_id": _claim_id(block["document_id"], unit_text, q.value_text, occurrence),
                "document_id": block["document_id"],
                "block_id": block["block_id"],
                "page_number": block["page_number"],
                "section": section,
                "claim_text": unit_text,
                "char_start": block["char_start"] + start,
                "char_end": block["char_start"] + end,
                "value": q.value,
                "value_low": q.low,
                "value_high": q.high,
                "value_text": q.value_text,
                "unit": q.unit,
                "qualifier": q.qualifier,
                "subject": subject,
                "claim_kind": kind,
                "cited_source": source,
                "quality_flags": ",".join(q.flags) or None,
            }


def _subjects(
    text: str,
    quantities: list[Quantity],
    header: list[str] | None,
    block_type: str,
    settings: ClaimSettings,
) -> list[str | None]:
    """Subjects of the quantities of one unit of text, in order."""
    if block_type == "table":
        return [_table_subject(text, header, q) for q in quantities]
    subjects: list[str | None] = []
    previous: str | None = None
    for q in quantities:
        if q.role == "change_to" and previous:
            subject = previous  # "X fell from A to B": B measures what A measures
        else:
            subject = _subject(text, q, settings, previous)
        subjects.append(subject)
        previous = subject or previous
    # "with 63% and 50% adoption rates": a number joined to the next shares its subject.
    for i in range(len(quantities) - 2, -1, -1):
        between = text[quantities[i].tail_end : quantities[i + 1].span_start]
        if subjects[i] is None and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", between):
            subjects[i] = subjects[i + 1]
    return subjects


_SURVEY_MENTION = re.compile(
    r"\b(?:respondents?|surveyed|survey|participants|interviewees)\b", re.IGNORECASE
)


def _is_survey_document(records: list[dict], settings: ClaimSettings) -> bool:
    mentions = sum(len(_SURVEY_MENTION.findall(block["text"])) for block in records)
    return mentions >= settings.survey_document_min_mentions


def extract_claims(blocks: pd.DataFrame, settings: ClaimSettings = ClaimSettings()) -> pd.DataFrame:
    """Every quantitative claim in ``blocks`` (a frame of BLOCKS_SCHEMA), as CLAIMS_SCHEMA rows."""
    records = blocks.to_dict("records") if len(blocks) else []
    for record in records:
        if pd.isna(record.get("page_number")):
            record["page_number"] = None
    rows: list[dict] = []
    surveys = {
        document_id: _is_survey_document(
            [r for r in records if r["document_id"] == document_id], settings
        )
        for document_id in dict.fromkeys(r["document_id"] for r in records)
    }
    for index, block in enumerate(records):
        if block["block_type"] not in settings.block_types or not block["text"]:
            continue
        rows.extend(_block_claims(records, index, settings, surveys[block["document_id"]]))
    frame = pd.DataFrame(rows, columns=list(CLAIMS_SCHEMA.columns))
    frame = frame.drop_duplicates("claim_id", keep="first").reset_index(drop=True)
    return CLAIMS_SCHEMA.validate(frame, lazy=True)
