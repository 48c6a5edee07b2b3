"""Subject: a short phrase saying what a number measures, taken from the grammar around it.

At most ``ClaimSettings.max_subject_words`` words; the first rule that yields a phrase wins: a
table row's label and column header; a label before a colon ("Training cost: $5.6 million"); the
whole label of a block that is only a label and its bracketed number ("Native Integration with
Kubernetes (57%)", up to ``max_label_words`` words); the noun phrase before a bracketed
number ("cost efficiency (46%)"), with the head of the list it is an
item of ("languages being employed included Python (18%)" → "languages being employed: Python");
the counted noun ("316
respondents"); what follows "N% of" ("organizations using GenAI"); what a verb of change acts on
("User retention … rose 14%", "cut redundant data movement by 41%"); the noun phrase after the
number ("a 55% reduction in per-image inference cost"); the subject of "X is 17%"; else the
phrase after "of"/"for"/"with"/"among", else the start of the clause, else what a participle
or "with" before it speaks of ("DeepSeek R1, trained for just $5.6 million"), else the subject of
the number before it in the sentence. A number joined to the next by "and" ("63% and 50% adoption
rates") shares its subject; both ends of a change share one. Values paired by "respectively"
(or "分别") with the items of a list take one item each, in order ("Python, Java, and Go were
used by 40%, 30% and 20%, respectively"; "large and small firms … 12% and 4%": "large firms"),
or, with no list in their sentence, the subjects of as many values in the sentence before; a
value the run changed from takes them all. Never the whole sentence.

A share or count of a population says what it measures by its predicate: a subject that is
only a population noun or a quantifier ("respondents", "the majority") is extended by the verb
phrase that follows the number or the population, up to ``ClaimSettings.max_predicate_words``
words and the end of the clause, without the verb of answering ("86% of respondents reported
that they have established a digital twin" → "respondents have established a digital twin";
"The majority (74.3%) recognized the existence of a crisis" → "recognized the existence of a
crisis"; after a verb of answering the answer may open with a number: "25 percent say 60 to 80
percent of their apps run on Java"); a share "chosen by 24% of respondents" measures what was
chosen; a share closing its clause as a preposition's object measures the clause ("Ansible
was the tool of choice for about ⅕ of engineers"); a population behind a quantifier ("a
sizable share of members") is read with its predicate too. A count left without
its noun by ellipsis takes the noun of the count before it ("300
respondents …, and 1,203 were interviewed …": :mod:`~extract.claims.quantities`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.claims.cjk import cjk_subject
from extract.claims.context import CJK_CHAR
from extract.claims.quantities import Quantity
from extract.settings import ClaimSettings
from extract.vocabulary import (
    ANSWER_VERBS,
    CHANGE_VERBS,
    CLAUSE_VERBS,
    COMPARISON_QUALIFIERS,
    COPULAS,
    FUNCTION_WORDS,
    HEDGES,
    INTRANSITIVE_CHANGE_VERBS,
    OPINION_VERBS,
    POPULATION_NOUNS,
    QUANTIFIER_SUBJECTS,
    RANKING_ADVERBS,
    RANKING_WORDS,
    RESPONDENT_NOUNS,
    SIZE_WORDS,
    STATISTIC_WORDS,
    SUBJECT_BACKWARD_STOPS,
    SUBJECT_FORWARD_STOPS,
    SUBJECT_FORWARD_STOPS_NARROW,
    SUBJECT_LEADING_DROPS,
    SUBJECT_NUMBER_WORDS,
    SUBORDINATORS,
    TRANSITIVE_CHANGE_VERBS,
    VAGUE_NOUNS,
    VERBS,
)

# A full stop ends a phrase before a space or at the end, never inside "Node.js" or after the
# initial of "Ph.D." / "U.S.".
_BOUNDARY = re.compile(r"[,;:()\[\]—–!?\"“”\t\n{}]| - |(?<!\.[A-Za-z])\.(?=\s|$)")
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
_TRANSITIVE_CHANGE = re.compile(
    rf"\b(?:{'|'.join(TRANSITIVE_CHANGE_VERBS)})"
    r"\s+(?P<object>[^,;:()]{2,80}?)\s+(?:by|from)\s+(?:up to\s+|about\s+|roughly\s+|"
    r"nearly\s+|over\s+|more than\s+|almost\s+|as much as\s+)?$",
    re.IGNORECASE,
)
_INTRANSITIVE_CHANGE = re.compile(
    rf"\b(?:{'|'.join(INTRANSITIVE_CHANGE_VERBS)})"
    r"(?:\s+(?:by|to|from|about|roughly|nearly|over|under|below|above|more than|less than|"
    r"some|almost|just|only|down from|up from))*\s+$",
    re.IGNORECASE,
)


_POPULATION = rf"(?:{'|'.join((*RESPONDENT_NOUNS, *POPULATION_NOUNS))}|adults|them|those)"
_POPULATION_END = re.compile(rf"(?:^|\s){_POPULATION}$", re.IGNORECASE)
_OF_POPULATION = re.compile(
    rf"^\s*!*\s*\)?\s*(?:of\s+(?:the\s+|all\s+|these\s+|those\s+|our\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?{_POPULATION}\b(?:\s*\([^)]*\))?)?",
    re.IGNORECASE,
)
_ANSWER = re.compile(
    rf"^\s*,?\s*(?:also\s+|now\s+|further\s+)?(?:{'|'.join(ANSWER_VERBS)})\s+"
    r"(?:that\s+)?(?:(?:they|it|he|she|we)\s+)?",
    re.IGNORECASE,
)
_POPULATION_ANSWER = re.compile(
    rf"^((?:[\w-]+\s+){{0,2}}?{_POPULATION})\s+(?:{'|'.join(ANSWER_VERBS)})\b", re.IGNORECASE
)
_VIEW_OF_POPULATION = re.compile(
    rf"\b{_POPULATION}\s+(?:(?:also|still|now|generally|often)\s+)?"
    rf"(?:{'|'.join((*ANSWER_VERBS, *OPINION_VERBS))})\s+(?:that\s+)?"
    r"(?:(?:they|it|he|she|we)\s+)?(?:(?:either|both)\s+)?",
    re.IGNORECASE,
)
# A superlative predicate closing a text: "… was clearly the most common", "… is the top choice".
_RANKING_PREDICATE = re.compile(
    rf"\s+(?:{'|'.join(COPULAS)})\s+(?:(?:{'|'.join(RANKING_ADVERBS)})\s+)?the\s+"
    rf"(?:{'|'.join(RANKING_WORDS)})\b(?:\s+[\w-]+(?P<category>(?:\s+[\w-]+){{1,3}})?)?\s*$",
    re.IGNORECASE,
)
# A list that ends a text: "JSON, CSV, and XML files".
_LISTED = re.compile(
    r"(?:^|[.;:!?]\s+)((?:[^,;:.!?()]{1,40},\s+){1,6}(?:and|or)\s+[^,;:.!?()]{1,40})$"
)
_RELATIVE = re.compile(r"^\s*(?:who|that|which)\s+", re.IGNORECASE)
# Function words a predicate may start with (a verb's auxiliary, a negation, an answer's clause).
_PREDICATE_START = frozenset(
    (
        *("are", "is", "were", "was", "have", "has", "had", "do", "does", "did", "would"),
        *("will", "can", "could", "not", "no", "also", "still", "currently", "already"),
        *("the", "their", "a", "an", "its"),
    )
)


def _in_cjk(text: str) -> bool:
    """Is the sentence CJK text (as many CJK characters as Latin words: a CJK character reads
    about as much as a word, so "PostgreSQL 是最常见的（40%）" is Chinese with a product name)?"""
    cjk = len(CJK_CHAR.findall(text))
    return cjk > 0 and cjk >= len(re.findall(r"[A-Za-z]+", text))


_ANSWER_FIRST = re.compile(rf"^(?:{'|'.join(ANSWER_VERBS)})\b", re.IGNORECASE)


# A clause joined to the one before it: "and a majority", "while most", "but a third".
_COORDINATED = re.compile(r"\s*(?:and|but|while|whereas|or|yet)\s", re.IGNORECASE)


def _says_no_more_than_how_many(words: list[str]) -> bool:
    """Are the (lower-case) words only quantifiers and function words ("a majority of the")?"""
    return all(w in QUANTIFIER_SUBJECTS or w in FUNCTION_WORDS for w in words)


def _only_quantifier(phrase: str) -> bool:
    """Is the phrase a quantifier with function words only ("and a majority", "nearly half")?"""
    words = [w.lower().strip(".,") for w in phrase.split()]
    return any(w in QUANTIFIER_SUBJECTS for w in words) and _says_no_more_than_how_many(words)


def _needs_predicate(subject: str | None) -> bool:
    if not subject or _ANSWER_FIRST.match(subject):
        return True
    words = [w.lower().strip(".,") for w in subject.split()]
    if _says_no_more_than_how_many(words):
        return True
    # "a sizable share of members": a population behind its quantifier
    while words and (words[0] in QUANTIFIER_SUBJECTS or words[0] in FUNCTION_WORDS):
        words = words[1:]
    if not words or len(words) > 3:
        return False
    # "almost every member": the singular of a population noun too
    return any(_POPULATION_END.search(" ".join(words) + plural) for plural in ("", "s"))


# A share closing its clause as the object of a preposition: "Ansible was the tool of choice
# for about ⅕ of engineers" measures the clause before it.
_OBJECT_SHARE = re.compile(
    r"\b(?:for|from|among)\s+(?:(?:only|just|about|roughly|nearly|almost|around|over|some|"
    r"a\s+mere)\s+)*$",
    re.IGNORECASE,
)


def _clause_before(text: str, q: Quantity, settings: ClaimSettings) -> str | None:
    """The clause a share closes as a preposition's object, when a population follows it."""
    if q.role != "value":
        return None  # "rose from 12% of respondents to 20%": a change, not a clause's object
    before = text[max(0, q.span_start - 240) : q.span_start]
    share = _OBJECT_SHARE.search(before)
    after = text[q.tail_end : q.tail_end + 80]
    if not share or not _OF_POPULATION.match(after).group().strip():  # type: ignore[union-attr]
        return None
    clause = re.split(r"[.;:!?,]\s", before[: share.start()])[-1].split()
    while clause and clause[0].lower().strip(",") in (*SUBORDINATORS, "and", "but", "yet"):
        clause = clause[1:]
    if len(clause) < 3 or len(clause) > settings.max_subject_words + 4:
        return None
    return _clean_phrase(clause, settings.max_subject_words + 4)


def _predicate(text: str, q: Quantity, settings: ClaimSettings) -> str | None:
    """The verb phrase after the number (and the population it counts), answer verbs dropped."""
    rest = text[q.tail_end : q.tail_end + 240]
    rest = rest[_OF_POPULATION.match(rest).end() :]  # type: ignore[union-attr]
    rest = _RELATIVE.sub(" ", rest, count=1)
    answered = _ANSWER.match(rest)
    if answered:
        rest = " " + rest[answered.end() :]
    # after an answer verb the answer may open with a number ("25 percent say 60 to 80 percent
    # of their applications are written in Java")
    first = re.match(r"\s*([^\W\d_][\w'’-]*|\d)", rest)
    if not first or rest[: first.start(1)].strip():
        return None
    word = first.group(1).lower()
    if word[0].isdigit() and not answered:
        return None
    if word in FUNCTION_WORDS and word not in _PREDICATE_START and not answered:
        return None  # after "said (that)" any clause is the answer
    clause = re.split(
        r"[,;:()\[\]—–!?\"“”]|(?<!\d)\.|\.(?!\d)|\s-\s|\b(?:while|whereas|but|compared)\b", rest
    )[0]
    words = clause.split()[: settings.max_predicate_words]
    while words and words[-1].lower() in FUNCTION_WORDS:
        words.pop()
    if not words or (_starts_number(words[0], None) and not answered):
        return None
    content = [
        w for w in words if re.search(r"[^\W\d_]{2,}", w) and w.lower() not in FUNCTION_WORDS
    ]
    if len(content) < 2 and _starts_number(words[0], None):
        return None  # "said 0": a bare answer says nothing of what is measured
    return " ".join(words)


_CHOSEN_BY = re.compile(
    rf"\b([a-z]+(?:ed|en))\s+by\s+(?:(?:only|just|a mere|{'|'.join(HEDGES)})\s+)*$"
)
# What may stand between the thing chosen and its participle: "JSON and CSV are also all used by".
_BEFORE_PARTICIPLE = re.compile(
    r"(?:\s+(?:are|is|were|was|be|been|being|also|all|both|each|mostly|often|still|now|"
    r"currently|widely|commonly|most|frequently))+\s*$",
    re.IGNORECASE,
)


def _with_predicate(
    text: str, q: Quantity, subject: str | None, settings: ClaimSettings
) -> str | None:
    if q.unit not in ("percent", "count"):
        return subject
    chosen = _CHOSEN_BY.search(text[max(0, q.span_start - 160) : q.span_start])
    # ... but "backed by over 200 member companies" counts the companies
    counted = q.unit == "count" and bool(q.noun)
    if chosen and not counted and (not subject or _POPULATION_END.search(subject.lower())):
        # "community forums, chosen by only 24% of respondents": what was chosen
        before = text[max(0, q.span_start - 160) : q.span_start][: chosen.start()]
        before = _BEFORE_PARTICIPLE.sub("", before.rstrip(" ,"))
        listed = _LISTED.search(before)  # "JSON, CSV, and XML files are used by"
        if listed and len(listed.group(1).split()) <= settings.max_answer_words:
            phrase = _clean_phrase(listed.group(1).split(), settings.max_answer_words)
        else:
            phrase = _phrase_backward(before, settings.max_subject_words)
        if phrase:
            return f"{phrase} {chosen.group(1)}"
    if not subject or _POPULATION_END.search(subject.lower()):
        closed = _clause_before(text, q, settings)
        if closed:  # "Ansible was the tool of choice for about ⅕ of engineers"
            return closed
    answered = _POPULATION_ANSWER.match(subject or "")
    if answered:  # "respondents said the Go services they work": the population, then its answer
        subject = answered.group(1)
    if not _needs_predicate(subject):
        return subject
    predicate = _predicate(text, q, settings)
    if not predicate:
        return subject
    if predicate.split()[0].lower() in ("the", "their", "a", "an", "its"):
        return predicate  # "… said the Go services they work on use …": a clause of its own
    if (
        subject
        and not _ANSWER_FIRST.match(subject)
        and not _says_no_more_than_how_many([w.lower() for w in subject.split()])
    ):
        return f"{subject} {predicate}"
    return predicate  # "84% Say Julia Is One of …": what they say


def _clean_phrase(words: list[str], max_words: int) -> str | None:
    """Trim a word list to a subject phrase: no determiners, hedges or dangling words."""
    words = [w.strip("*_") for w in words if w.strip("*_")]
    words = [w for w in words if re.search(r"[^\W_]", w)]
    while words and words[0].lower() in SUBJECT_LEADING_DROPS:
        words = words[1:]
    phrase = _QUANTIFIER_PREFIX.sub("", " ".join(words))
    phrase = _ADVERBS.sub("", _AUXILIARIES.sub("", phrase))
    words = phrase.split()
    while words and words[0].lower() in SUBJECT_LEADING_DROPS:
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


def _is_past_tense(word: str) -> bool:
    """A past tense or participle ("reported", "shipped"), not a compound ("self-hosted")."""
    return word.endswith("ed") and "-" not in word and len(word) > 4


def _ends_noun_phrase(word: str, previous: str | None) -> bool:
    """Does ``word`` (a past tense after a noun: 'stacks dropped') end the noun phrase before it?"""
    if previous is None or "-" in word or len(word) <= 4 or not word.endswith("ed"):
        return False
    before = previous.strip("*_").lower()
    return before.endswith("s") and not before.endswith("ss") and before not in FUNCTION_WORDS


def _phrase_forward(
    text: str,
    max_words: int,
    stops: frozenset[str] = SUBJECT_FORWARD_STOPS,
    verbs_end: bool = False,
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
        if i and (_ends_noun_phrase(bare, previous) or (verbs_end and bare in CLAUSE_VERBS)):
            break
        if (
            bare in ("and", "or")
            and i + 1 < len(tokens)
            and (tokens[i + 1].lower() in VERBS or _starts_number(tokens[i + 1], None))
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
        if bare in SUBJECT_BACKWARD_STOPS or bare in extra_stops:
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
    while tokens and tokens[0].strip("*_,.").lower() in SUBORDINATORS:
        tokens = tokens[1:]
    words = []
    for i, word in enumerate(tokens):
        bare = word.strip("*_,.").lower()
        past = _is_past_tense(bare)
        if bare in VERBS or past or _starts_number(word, tokens[i - 1] if i else None):
            break
        words.append(word)
        if len(words) >= max_words:
            break
    if all(w.strip("*_,.").lower() in FUNCTION_WORDS for w in words):
        return None
    return _clean_phrase(words, max_words)


_LIST_INTRODUCER = re.compile(
    r"\b(?:included|includes|include|including|such as|like|were|are|was|is)\s+|:\s+",
    re.IGNORECASE,
)


def _with_list_head(before: str, item: str, n: int, label_words: int) -> str:
    """An item of a list of bracketed shares ("languages being employed included Python (18%),
    C# (9%)") is read with the list's head: "languages being employed: Python"."""
    if len(item.split()) > 4:
        return item
    heads = list(_LIST_INTRODUCER.finditer(before))
    if not heads:
        return item
    last = heads[-1]
    listed = before[last.end() :]
    if re.search(r"[;!?]|\.(?=\s|$)", listed) or len(listed.split()) > 40:
        return item
    head = _phrase_backward(before[: last.start()].rstrip(" ,"), label_words)
    if not head or head.lower() == item.lower():
        return item
    # one word heads a list only as the noun an example list names ("frameworks such as X")
    exemplified = re.match(r"such as|like|including", last.group(0).strip(), re.IGNORECASE)
    lone = head.lower()
    if len(head.split()) < 2 and not (
        exemplified
        and lone not in FUNCTION_WORDS
        and lone not in QUANTIFIER_SUBJECTS
        and lone not in VAGUE_NOUNS
        and not _POPULATION_END.search(lone)
    ):
        return item
    return f"{head}: {item}"


def _last_sentence(before: str) -> str:
    """The text after the last sentence end or colon: the sentence a number is read in."""
    return re.split(r"[.;!?]\s+|:\s", before)[-1]


_BRACKETED_NUMBER = r"\(\s*[^()]{0,15}?\d[^()]{0,15}\)"
_AFTER_LISTED_ITEM = re.compile(
    rf"{_BRACKETED_NUMBER}\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)", re.IGNORECASE
)
_NEXT_LISTED_ITEM = re.compile(rf"\)\s*,\s*[^().;!?]{{1,160}}?{_BRACKETED_NUMBER}")
# Narrower than _LIST_INTRODUCER: a first item needs a word that opens a list ("were", "is"
# open a clause as often).
_FIRST_ITEM_INTRODUCER = re.compile(
    r"\b(?:included|includes|include|including|such as|like|namely)\s+|:\s+", re.IGNORECASE
)
_ITEM_CONNECTIVE = re.compile(
    r"^(?:followed\s+(?:\w+\s+){0,3}?by|then|while|whereas)\s+",
    re.IGNORECASE,
)
_SHARE_INSIDE = re.compile(r"\d\s*(?:%|percent\b)", re.IGNORECASE)


def _list_item(before: str, after: str, max_words: int) -> str | None:
    """A whole item of a list of bracketed numbers, from the list's separator or its
    introducer to the bracket: "issues cited include knowing which types to check for (28%),
    and the ease with which errors can be ignored (19%)" → "ease with which errors can be
    ignored", where the last words before the bracket would say only "ignored"."""
    sentence = _last_sentence(before)
    earlier = list(_AFTER_LISTED_ITEM.finditer(sentence))
    if earlier:
        item = sentence[earlier[-1].end() :]
    else:
        heads = list(_FIRST_ITEM_INTRODUCER.finditer(sentence))
        if not heads or not _NEXT_LISTED_ITEM.match(after):
            return None  # not an item of a list: one bracketed number in its sentence
        item = sentence[heads[-1].end() :]
    item = _ITEM_CONNECTIVE.sub("", item.strip())  # "…, followed by X (12%)": X
    words = item.split()
    if not 2 <= len(words) <= max_words or _BOUNDARY.search(item) or _SHARE_INSIDE.search(item):
        return None
    return _clean_phrase(words, max_words)


def _view_before(before: str, max_words: int) -> str | None:
    """The view a bracketed share closes, after its population's verb: "respondents felt that
    the tool needs too much setup code (43%)" → "tool needs too much setup code"."""
    sentence = _last_sentence(before)
    views = list(_VIEW_OF_POPULATION.finditer(sentence))
    if not views:
        return None
    view = sentence[views[-1].end() :].strip(" ,")
    words = view.split()
    if not 2 <= len(words) <= max_words or re.search(r"[()\[\]]|\d", view):
        return None  # another number or bracket inside: a list of shares, not one view
    return _clean_phrase(words, max_words)


def _label_before(before: str, n: int) -> str | None:
    """'Training cost: ' → 'Training cost' (a short noun label right before the value)."""
    label = re.match(r"^\s*([^:;.!?]{2,60}?)\s*:\s*$", before)
    if not label or len(label.group(1).split()) > 6:
        return None
    if any(w.lower() in VERBS or w.lower() == "follows" for w in label.group(1).split()):
        return None
    return _clean_phrase(label.group(1).split(), n)


def _subject(
    text: str, q: Quantity, settings: ClaimSettings, previous: str | None = None
) -> str | None:
    """A short phrase saying what the quantity in ``text`` measures (see module docstring)."""
    n = settings.max_subject_words
    label_words = min(n, settings.max_label_words)
    before = text[max(0, q.span_start - 240) : q.span_start]
    after = text[q.tail_end : q.tail_end + 240]
    before_stripped = before.rstrip().rstrip("*_ ")

    scale = re.match(r"\s+((?:average|mean)\s+(?:rating|score)s?)\b", after, re.IGNORECASE)
    if q.unit == "score" and scale:
        return scale.group(1)  # "2.0 Average rating"

    label = _label_before(before, n) if q.span_start <= 80 else None
    if label:
        extra = re.match(r"\s+(for|of|in)\s+(.*)", after)
        if extra:
            tail = _phrase_forward(extra.group(2), n)
            if tail:
                return _clean_phrase(f"{label} {extra.group(1)} {tail}".split(), n)
        return label

    closing = re.match(r"([^()]{0,40})\)", after)
    bracketed = closing is not None and not re.search(
        r"\b(?:were|are|was|is|have|has|had)\b", closing.group(1)
    )
    if before_stripped.endswith("(") and bracketed:  # "X (N%)", not "(300 respondents were …)"
        label = before_stripped[:-1].strip()
        rest = after[closing.end() :].strip() if closing else "x"
        if (
            not rest.strip(".")
            and not _BOUNDARY.search(label)
            and len(label.split()) <= label_words
        ):
            # a block that is only "<label> (N%)" (a heading, a list item): the whole label
            whole = _clean_phrase(label.split(), n)
            if whole:
                return whole
        lead = _BOUNDARY.split(label)[-1]
        if _COORDINATED.match(lead) and _only_quantifier(lead):
            # "…, while a minority (12%) said they deploy daily": a share in a clause of its
            # own measures its own predicate, not the phrase of the clause before
            return None
        ranked = _RANKING_PREDICATE.search(before_stripped[:-1])
        if ranked:  # "Kafka was clearly the most common (41%)": what is ranked, not the rank
            phrase = _phrase_backward(before_stripped[: ranked.start()], label_words)
            category = (ranked.group("category") or "").strip()
            if phrase and category:  # "Rust is the most loved systems language (62%)"
                return f"{category}: {phrase}"
            if phrase:
                return phrase
        view = _view_before(before_stripped[:-1], settings.max_answer_words)
        if view:
            return view
        phrase = _list_item(
            before_stripped[:-1], after, settings.max_answer_words
        ) or _phrase_backward(before_stripped[:-1].rstrip(), label_words)
        if phrase:
            return _with_list_head(before_stripped[:-1], phrase, n, label_words)
        closing = re.match(r"\s*\)\s+of\s+(?:the\s+)?(.*)", after, re.DOTALL)
        if closing:
            phrase = _phrase_forward(closing.group(1), n)
            if phrase:
                return phrase

    # "…, at 15%"; "followed by security at 15%"
    at = re.search(r",\s*at\s+(?:an?\s+)?$", before) or re.search(
        r"(?<=\bfollowed by )[^,;()]{1,60}?(?P<at>\s+at\s+(?:an?\s+)?)$", before
    )
    if at:
        end = at.start("at") if at.groupdict() else at.start()
        phrase = _phrase_backward(before[:end], label_words)
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
        qualifier in COMPARISON_QUALIFIERS
        and q.unit not in ("percent", "count", "usd")
        and not written_sub
    ):
        phrase = _phrase_backward(before, min(n, 5), frozenset({"in", "on", "for", "of"}))
        if phrase:
            return phrase

    if q.unit == "usd":
        # "an incentive of $10 for taking part": the incentive; but "a total of $5
        # million in funding": the funding
        priced = re.search(r"([^\W\d_]+)\s+of\s+$", before)
        if priced and priced.group(1).lower() not in (*QUANTIFIER_SUBJECTS, *STATISTIC_WORDS):
            phrase = _phrase_backward(before[: priced.end(1)], min(n, 5))
            if phrase:
                return phrase
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
            and first not in SUBJECT_NUMBER_WORDS
        )
        if acceptable:
            phrase = _phrase_forward(
                rest, label_words, SUBJECT_FORWARD_STOPS_NARROW, verbs_end=True
            )
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
        phrase = _phrase_backward(before[: comma.start()], label_words)
        if phrase and not (len(phrase.split()) == 1 and phrase.lower().endswith("ly")):
            return phrase

    found = _clause_subject(before, n) or _acted_on(before, n)
    if found:
        return found
    lead = _BOUNDARY.split(before)[-1]
    coordinated = _COORDINATED.match(lead)
    if (
        q.unit in ("percent", "count")
        and coordinated
        and _says_no_more_than_how_many(lead[coordinated.end() :].lower().split())
    ):
        # "…, while only 12% ruled it out": a share (or count) opening a clause of its own
        # measures its own predicate (read by _with_predicate), not the clause before's subject
        return None
    return previous


_ACTED = re.compile(
    r"(?:,\s*)?\b([a-z]+(?:ed|ing)|with)\s+(?:for|with|at|by|to)?\s*"
    r"(?:just|only|merely|about|nearly|over|roughly|some|a mere)?\s*$",
    re.IGNORECASE,
)


def _acted_on(before: str, n: int) -> str | None:
    """Last resort: what a participle or "with" before the number speaks of ("DeepSeek R1,
    trained for just $5.6 million" → "DeepSeek R1 trained"; "Llama 3 with 8-70 billion
    parameters" → "Llama 3")."""
    match = _ACTED.search(before)
    if not match:
        return None
    phrase = _phrase_backward(before[: match.start()], min(n, 5))
    verb = match.group(1)
    if verb.lower() == "with":
        return phrase
    return _clean_phrase(f"{phrase or ''} {verb}".split(), n)


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


def subjects_of(
    text: str,
    quantities: list[Quantity],
    header: list[str] | None,
    block_type: str,
    settings: ClaimSettings,
    earlier: Sequence[str | None] = (),
) -> list[str | None]:
    """Subjects of the quantities of one unit of text, in order; ``earlier`` are the subjects
    of the sentence before (the items "respectively" may refer back to)."""
    if block_type in ("table", "chart"):
        return [_table_subject(text, header, q) for q in quantities]
    subjects: list[str | None] = []
    previous: str | None = None
    cjk_text = _in_cjk(text)
    for q in quantities:
        if q.role == "change_to" and previous:
            subject = previous  # "X fell from A to B": B measures what A measures
        elif cjk_text:
            subject = cjk_subject(text, q, previous, settings, quantities)
        else:
            subject = _with_predicate(text, q, _subject(text, q, settings, previous), settings)
        subjects.append(subject)
        if subject and not any(subject.startswith(other.value_text) for other in quantities):
            previous = subject  # an answer opening with a number is no subject to inherit
    # "with 63% and 50% adoption rates": a number joined to the next shares its subject.
    for i in range(len(quantities) - 2, -1, -1):
        between = text[quantities[i].tail_end : quantities[i + 1].span_start]
        if subjects[i] is None and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", between):
            subjects[i] = subjects[i + 1]
    for i, item in _respective_items(text, quantities, settings, earlier).items():
        subjects[i] = item
    return subjects


# Words that qualify a noun shared by the items of a list ("large and small firms", "full-time
# and part-time staff", "public and private clouds").
_DISTRIBUTED = re.compile(
    rf"(?:{'|'.join(SIZE_WORDS)}|[\w-]+-time|[\w-]+-sized?|[a-z]+(?:al|ic|ive|ate|ern))",
    re.IGNORECASE,
)
# A sentence referring back to the values of the one before ("Both of these proportions").
_ANAPHORA = re.compile(r"\b(?:these|those|both|the two|the former|the latter)\b|这|两|二者")
_FROM = re.compile(r"\bfrom\s*$|从\s*$|从[^，。,]{0,10}的\s*$", re.IGNORECASE)
_TO = re.compile(r"\bto\b|到|至")
_RESPECTIVELY = re.compile(r"\brespectively\b|分别", re.IGNORECASE)
_RUN_JOINER = re.compile(r"\s*(?:,|and|,\s*and|和|、|及|与)\s*", re.IGNORECASE)
_LAST_AND = re.compile(r"(?:\s+and\s+|\s*[和与及]\s*)(?!.*(?:\s+and\s+|[和与及]))", re.DOTALL)


def _respective_items(
    text: str, quantities: list[Quantity], settings: ClaimSettings, earlier: Sequence[str | None]
) -> dict[int, str]:
    """Values paired in order with the items of a list by "respectively" ("both tablets and
    watches ... rising from 2% to 7% and 4%, respectively"; "X 和 Y …分别…7% 和 4%"):
    each value of the run takes its item; a value the run changed from takes them all. Maps
    quantity index -> subject; nothing when the list's items cannot be counted out."""
    marker = _RESPECTIVELY.search(text)
    if not marker:
        return {}
    runs: list[list[int]] = []
    for i, q in enumerate(quantities):
        joined = bool(runs) and _RUN_JOINER.fullmatch(
            text[quantities[runs[-1][-1]].tail_end : q.span_start]
        )
        if joined and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    english = marker.group(0).lower() == "respectively"
    if english:
        chosen = [r for r in runs if len(r) >= 2 and quantities[r[-1]].tail_end <= marker.start()]
        run = chosen[-1] if chosen else None
    else:
        chosen = [r for r in runs if len(r) >= 2 and quantities[r[0]].span_start >= marker.end()]
        run = chosen[0] if chosen else None
    if run is None:
        return {}
    if english and re.search(
        r"\band\b", text[quantities[run[-1]].tail_end : marker.start()], re.IGNORECASE
    ):
        return {}  # "58% and 52% in 2020 and 2022, respectively": paired with the years
    head = text[: min(quantities[run[0]].span_start, marker.start())]
    items = _listed_items(head, len(run), settings, english)
    anaphoric = bool(_ANAPHORA.search(head))
    if items is None and anaphoric and len(earlier) == len(run) and all(earlier):
        # "… Vim (38%) and Emacs (21%). Both fell from 41% and 25%, respectively"
        items = [str(subject) for subject in earlier]
    if items is None:
        return {}
    found = dict(zip(run, items, strict=True))
    before = run[0] - 1
    if before >= 0:  # "rising from 2% in 2020 to 7% and 4%": the 2% is each item's
        start = quantities[before].span_start
        between = text[quantities[before].tail_end : quantities[run[0]].span_start]
        if _FROM.search(text[max(0, start - 12) : start]) and _TO.search(between):
            found[before] = " and ".join(items) if english else "和".join(items)
    return found


def _listed_items(
    head: str, count: int, settings: ClaimSettings, english: bool
) -> list[str] | None:
    """The last list of ``count`` items in ``head`` ("A, B and C", "A 和 B"), or None."""
    last = _LAST_AND.search(head)
    if not last:
        return None
    before, after = head[: last.start()].rstrip(" ,"), head[last.end() :]
    if english:
        words: list[str] = []
        for word in after.split():
            bare = word.strip(".,;:()").lower()
            verb = word[:1].islower() and (  # "Go" may be a name, "go" is a verb
                bare in VERBS
                or bare in CLAUSE_VERBS
                or bare in ANSWER_VERBS
                or bare in CHANGE_VERBS
                or _is_past_tense(bare)
            )
            if bare == "of" and words:  # "shortage of staff"
                words.append(word)
                continue
            if (
                not bare
                or bare in FUNCTION_WORDS
                or verb
                or _ends_noun_phrase(bare, words[-1] if words else None)
                or word[-1] in ",;:()"
            ):
                if word[-1] in ",;:()" and bare and bare not in FUNCTION_WORDS:
                    words.append(word.rstrip(",;:()"))
                break
            words.append(word)
        right = _clean_phrase(words, settings.max_label_words) if words else None
        lefts = before.split(",")
        if len(lefts) < count - 1:
            return None
        firsts = [
            _phrase_backward(part, settings.max_label_words) for part in lefts[-(count - 1) :]
        ]
    else:
        right = (after.split() or [None])[0]
        firsts = [(before.split() or [None])[-1]] if count == 2 else [None]
    items = [*firsts, right]
    if any(
        not item or re.search(r"\d", item) or (CJK_CHAR.search(item) and not english)
        for item in items
    ):
        return None  # a number in an item: not a list of things ("under 2 years and 5+ years")
    final = str(right).split()
    if english and len(final) >= 2 and _DISTRIBUTED.fullmatch(final[0]):
        # "large and small firms": a size or kind before shares the last item's noun
        items = [
            f"{item} {final[-1]}" if _DISTRIBUTED.fullmatch(str(item)) else item
            for item in items[:-1]
        ] + [right]
    return [str(item) for item in items]
