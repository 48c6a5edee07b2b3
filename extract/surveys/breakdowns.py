"""Breakdowns: the segments a report describes its sample by, from its questions and tables.

* **Profile questions**: the answers of a question about the respondents themselves are
  segments of the sample -- a question in a demographic section (``vocabulary.
  DEMOGRAPHIC_SECTION_CUES``: "Demographics", "Firmographics", "About the respondents"), a
  question asking "you" about a profile dimension ("What best describes your role?", "How many
  employees work in your organization?", ``vocabulary.PROFILE_CUES``), or a chart or table titled by
  one ("Regions", "Location | Count"), or under a section header that names one ("Industries"),
  or a table of counts in a methodology section whose labels name a dimension ("United States",
  "India": :func:`~extract.surveys.dimensions.majority_dimension`).
  Each answer with a label is a segment; its n is the count printed beside it ("35% / 21
  resp.", a Respondents column, a bare-value run), never a share times the respondents; an
  answer nobody chose (n = 0) is none. Source ``question``; a table of counts that adds up to
  the survey's respondents is a complete dimension: source ``table``.
* **Split samples**: a filter line naming a questionnaire form with its n ("ASK FORM 1 ONLY
  [N=751]:") is a segment (source ``sample``).
* **Sample composition**: the counts in the sentence that states the respondents ("1,503
  adults (300 respondents were interviewed on a landline telephone and 1,203 were interviewed
  on a cell phone; 32 respondents were landline-only, ...)") (source ``sample``).
* **Cross-tab columns**: header cells with an n ("Developers (n=312)", source ``crosstab``).
* **Groups named in prose** (source ``phrase``, no n): experience bands ("respondents with less
  than one year of Go experience", "w/ 3 -- 4 years of experience", "10+ years of
  experience"), organization sizes ("smaller organizations with < 100 employees", "large
  organizations (>1,000 employees)", "midsize businesses", ``vocabulary.SIZE_WORDS`` and
  ``ORGANIZATION_NOUNS``), and the groups a sample description lists ("a broad spectrum of
  roles, including senior & strategic leadership, technical specialists, and research
  positions").

The dimension is the header's own: the profile dimension a cue of the section header, table
title or question names (:mod:`~extract.surveys.dimensions`), else that header as printed,
lower case -- never a list of one report's labels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.blocks import SECTION_SEPARATOR
from extract.settings import SurveySettings
from extract.surveys.bases import filter_line
from extract.surveys.dimensions import majority_dimension, profile_dimension_of
from extract.surveys.exhibits import Exhibit
from extract.surveys.reading import (
    NUM,
    NUMBER_WORD,
    SECOND_PERSON_RE,
    TextBlock,
    capitalize,
    clean,
    is_demographic,
    is_methodology,
    sentences,
    to_int,
)
from extract.surveys.segments import Segment
from extract.surveys.tables import Category, is_total_label
from extract.vocabulary import (
    GENERIC_SEGMENT_LABELS,
    ORGANIZATION_NOUNS,
    POPULATION_NOUNS,
    RESPONDENT_NOUNS,
    SIZE_WORDS,
)

_GENERIC = {label.lower() for label in GENERIC_SEGMENT_LABELS} - {"other", "others", "none"}
_CROSSTAB_RE = re.compile(
    rf"^(?P<label>[^()]{{2,60}}?)\s*[(\[]\s*n\s*=\s*(?P<n>{NUM})\s*[)\]]$", re.I
)
_COMPOSITION_RE = re.compile(
    rf"(?P<n>{NUM})\s+(?:(?:{'|'.join(RESPONDENT_NOUNS)})\s+)?(?:were|was)\s+"
    r"(?:(?:interviewed|reached|surveyed|sampled|recruited)\s+(?:on|by|via|through|from|in)\s+"
    r"(?:an?\s+|the\s+)?)?(?P<label>[\w][\w /-]{1,40}?)\s*(?=[,;)]|\band\b|$)",
    re.I,
)
_AMOUNT = rf"(?:{NUM}|{NUMBER_WORD})"
_EXPERIENCE_RE = re.compile(
    rf"(?<![\w-])(?:(?:less|more|fewer) than\s+|over\s+|under\s+|up to\s+|at least\s+)?"
    rf"{_AMOUNT}(?:\s*(?:--|-|–|—|to)\s*{_AMOUNT})?\+?\s+(?:or more\s+)?years?\s+of\s+"
    r"(?:[\w-]+\s+)?experience\b",
    re.I,
)
_SIZE_RE = re.compile(
    rf"\b(?:{'|'.join(SIZE_WORDS)})\s+(?:{'|'.join(ORGANIZATION_NOUNS)})\b"
    rf"(?:\s+with\s+[<>]?\s*{NUM}\+?\s+employees\b|\s*\(\s*[<>]?\s*{NUM}\+?\s+employees\s*\))?",
    re.I,
)
# Groups are named in sentences about people ("respondents with ...", "developer w/ ...").
_PEOPLE_RE = re.compile(rf"\b(?:{'|'.join(POPULATION_NOUNS)}|those)\b|\bw/", re.I)
_SHARE_AFTER_RE = re.compile(r"\s*\(\s*\d{1,3}(?:\.\d+)?\s?%")
_PEOPLE_IN_RE = re.compile(
    rf"\b(?:{'|'.join(POPULATION_NOUNS)}|those)\s+(?:\w+\s+)?(?:at|from|in|of|for)\s+$", re.I
)
_GROUPS_LISTED_RE = re.compile(
    r"\b(?:spectrum|range|variety|mix|diversity|array)\s+of\s+(?P<dim>[\w ]{3,30}?)\s*,?\s+"
    r"(?:including|such as|like|from)\s+(?P<list>[^.;()]{3,300})",
    re.I,
)


def _header_dimension(header: str, settings: SurveySettings) -> str | None:
    """The dimension a short header names ("Regions", "Sector", "Employees")."""
    if not header or len(header.split()) > settings.max_dimension_header_words:
        return None
    return profile_dimension_of(header)


def _dimension(exhibit: Exhibit, settings: SurveySettings) -> str | None:
    """The dimension of a profile question's answers, or None when it is not one."""
    section = exhibit.block.section
    parts = [p.strip() for p in section.split(SECTION_SEPARATOR) if p.strip()]
    own = clean(exhibit.text).lower()
    header = next((p for p in reversed(parts) if p.lower() != own), "")
    named = _header_dimension(exhibit.text, settings) if exhibit.is_title else None
    named = named or _header_dimension(header, settings)
    if named:
        return named
    asks = SECOND_PERSON_RE.search(exhibit.text) and profile_dimension_of(exhibit.text)
    if asks:
        return asks
    if is_demographic(section):
        return profile_dimension_of(exhibit.text) or _header_text(exhibit.text)
    if is_methodology(section, settings) and all(c.count is not None for c in exhibit.categories):
        # A table of counts describing the sample: its labels name the dimension ("India").
        return majority_dimension([c.label for c in exhibit.categories])
    return None


def _header_text(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip(" ?:.")).lower()


def _usable(category: Category, settings: SurveySettings) -> bool:
    label = category.label.strip()
    return (
        bool(label)
        and len(label) <= settings.max_segment_label_chars
        and not label.endswith("?")
        and not is_total_label(label)
        and label.lower() not in _GENERIC
        and category.count != 0
    )


def profile_segments(
    exhibits: Sequence[Exhibit], respondents: int | None, settings: SurveySettings
) -> list[Segment]:
    profiles = [
        (exhibit, dimension)
        for exhibit in exhibits
        if exhibit.categories and (dimension := _dimension(exhibit, settings)) is not None
    ]
    # Two questions of one dimension ("years coding", "years coding professionally") are two
    # breakdowns: each is named by its own header.
    questions_of: dict[str, set[str]] = {}
    for exhibit, dimension in profiles:
        questions_of.setdefault(dimension, set()).add(exhibit.question_key or exhibit.text)
    segments: list[Segment] = []
    for exhibit, named in profiles:
        dimension = named if len(questions_of[named]) == 1 else _header_text(exhibit.text)
        answers = [c for c in exhibit.categories if _usable(c, settings)]
        counts = [c.count for c in answers]
        complete = (
            respondents is not None
            and len(answers) >= 2
            and all(n is not None for n in counts)
            and abs(sum(n for n in counts if n is not None) - respondents)
            <= settings.complete_dimension_tolerance * respondents
        )
        for answer in answers:
            segments.append(
                Segment(
                    dimension,
                    capitalize(answer.label),
                    None,
                    answer.count,
                    "table" if complete else "question",
                    exhibit.block.block_id,
                )
            )
    return segments


def split_sample_segments(rows: Sequence[TextBlock], settings: SurveySettings) -> list[Segment]:
    segments: list[Segment] = []
    for block in rows:
        asked = filter_line(block.text) if len(block.text) <= settings.max_line_chars else None
        label = asked.split_sample if asked is not None else None
        if label and asked is not None and asked.n is not None:
            segments.append(Segment("split sample", label, None, asked.n, "sample", block.block_id))
    return segments


def composition_segments(rows: Sequence[TextBlock], respondents: int | None) -> list[Segment]:
    """Subsamples counted in the sentence that states the respondents."""
    if respondents is None:
        return []
    total = f"{respondents:,}"
    segments: list[Segment] = []
    for block in rows:
        if block.block_type not in ("paragraph", "list_item") or total not in block.text:
            continue
        for sentence in sentences(clean(block.text)):
            start = sentence.find(total)
            if start < 0:
                continue
            for match in _COMPOSITION_RE.finditer(sentence, start + len(total)):
                n = to_int(match.group("n"))
                if n is None or n >= respondents:
                    continue
                label = match.group("label").strip()
                segments.append(Segment("sample", label, None, n, "sample", block.block_id))
    return segments


def crosstab_segments(rows: Sequence[TextBlock]) -> list[Segment]:
    """Columns of a table headed with their n ("Developers (n=312)")."""
    segments: list[Segment] = []
    for block in rows:
        if block.block_type not in ("table", "chart"):
            continue
        header = [clean(c) for c in block.text.split("\n", 1)[0].split("\t")]
        found = [m for m in map(_CROSSTAB_RE.match, header) if m]
        found = [m for m in found if not is_total_label(m.group("label").strip())]
        if len(found) < 2:
            continue
        labels = [m.group("label").strip() for m in found]
        dimension = majority_dimension(labels) or "cross-tabulation"
        for match, label in zip(found, labels, strict=True):
            n = to_int(match.group("n"))
            segments.append(Segment(dimension, label, None, n, "crosstab", block.block_id))
    return segments


def _names_a_group(text: str, match: re.Match[str], context_chars: int) -> bool:
    """An organization size names a group of respondents when it states its employees, its
    share follows it ("midsize businesses (25%)"), people are placed in it ("developers at
    larger organizations"), or the sentence breaks results down by size ("differences based on
    organization size, with larger organizations ..."); "for both large and small
    organizations" names none."""
    before = text[max(0, match.start() - context_chars) : match.start()].rsplit(". ", 1)[-1]
    return (
        "employees" in match.group(0).lower()
        or bool(_SHARE_AFTER_RE.match(text, match.end()))
        or bool(_PEOPLE_IN_RE.search(before[-40:]))
        or profile_dimension_of(before) == "company size"  # "differences based on organization
        # size, with larger organizations more likely to ..."
    )


def phrase_segments(rows: Sequence[TextBlock], settings: SurveySettings) -> list[Segment]:
    """Experience bands, organization sizes and listed groups named in running text."""
    segments: list[Segment] = []
    for block in rows:
        if block.block_type not in ("paragraph", "list_item", "quote", "caption"):
            continue
        text = clean(block.text)
        for match in _EXPERIENCE_RE.finditer(text) if _PEOPLE_RE.search(text) else ():
            label = " ".join(match.group(0).split())
            segments.append(Segment("experience", label, None, None, "phrase", block.block_id))
        for match in _SIZE_RE.finditer(text):
            if _names_a_group(text, match, settings.breakdown_context_chars):
                label = " ".join(match.group(0).split())
                segments.append(
                    Segment("company size", label, None, None, "phrase", block.block_id)
                )
        for match in _GROUPS_LISTED_RE.finditer(text):
            dimension = profile_dimension_of(match.group("dim"))
            if dimension is None:
                continue
            for item in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group("list")):
                item = item.strip()
                if 1 <= len(item.split()) <= 6:
                    segments.append(Segment(dimension, item, None, None, "phrase", block.block_id))
    return segments


def breakdown_segments(
    rows: Sequence[TextBlock],
    exhibits: Sequence[Exhibit],
    respondents: int | None,
    settings: SurveySettings,
) -> list[Segment]:
    return (
        profile_segments(exhibits, respondents, settings)
        + split_sample_segments(rows, settings)
        + composition_segments(rows, respondents)
        + crosstab_segments(rows)
        + phrase_segments(rows, settings)
    )
