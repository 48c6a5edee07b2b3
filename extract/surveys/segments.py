"""Segments: the respondent groups a report breaks its results down by.

* Count lists: "Geographies:" then "United States: 150", "Decision-makers: 391 respondents",
  "Advanced industries (includes ...): 52" (the parenthesis is the definition; an item broken
  over blocks is rejoined), in methodology/demographic sections or in runs of two or more.
* Footnotes listing n: "Advanced industries (including semiconductors), n = 52; technology,
  media, and telecommunications, n = 260; ..." (a list naming no dimension is skipped).
* Tables: header cells of a table after "Segmented by <dimension>:" (tables of counts and the
  answers of profile questions: :mod:`~extract.surveys.breakdowns`).
* Phrases: "organizations who have very high or high GenAI adoption (42%, higher GenAI
  adopters)" (label and definition), "organizations with higher open source adoption (defined
  as ...)".
* Chart populations with n: "% of developer respondents (n = 312)" -> "Developers"; when a
  listed segment of the same dimension has that n it becomes that segment's alias instead.

``dimension`` (:mod:`~extract.surveys.dimensions`): read from the list header or "segmented by"
text, the word carrying the footnote marker in the chart title ("by region and industry,¹"), the
majority of labels, then the nearest preceding sentences; else the header text itself. A
comparative label gets a short alias ("higher GenAI adopters" -> "higher adopters"); "X are Y."
sentences give missing definitions. Segments merge by (dimension, label), list > table >
footnote > phrase > population. ``respondents`` is the n where printed; a dimension listed
completely sums to the survey's respondents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.settings import SurveySettings
from extract.surveys.dimensions import dimension_of, majority_dimension
from extract.surveys.figures import Figure, is_title_like
from extract.surveys.questions import Questions
from extract.surveys.reading import (
    NUM,
    SUPERSCRIPTS,
    TextBlock,
    capitalize,
    clean,
    is_methodology,
    sentences,
    slug,
    split_outside_parens,
    strip_markers,
    to_int,
)
from extract.surveys.schemas import SEGMENT_SOURCES
from extract.vocabulary import (
    COUNT_ITEM_NOUNS,
    LABEL_LEADING_WORDS,
    POPULATION_NOUNS,
    SEGMENT_LABEL_NOUNS,
    SEGMENT_TABLE_WORDS,
)

_POPULATION_NOUNS = "|".join(POPULATION_NOUNS)
_LABEL_NOUNS = "|".join(SEGMENT_LABEL_NOUNS)
_BULLET_RE = re.compile(r"^[\s•·▪◦●*–—-]+")
_COUNT_ITEM_RE = re.compile(
    rf"^(?P<label>[A-Za-z][^:()]{{0,80}}?)\s*(?:\((?P<def>[^()]*)\))?\s*:\s*(?P<n>{NUM})"
    rf"(?:\s+(?:{'|'.join(COUNT_ITEM_NOUNS)}))?\s*\.?$"
)
_LIST_HEADER_RE = re.compile(r"^(?P<head>[A-Z][^:\d]{1,80}):$")
_N_LIST_ITEM_RE = re.compile(
    rf"^\s*(?P<label>.+?)\s*(?:,\s*|\(\s*)n\s*=\s*(?P<n>{NUM})\s*\)?\s*[.;,]?\s*$", re.I
)
_N_EQUALS_RE = re.compile(r"\bn\s*=\s*\d", re.I)
_FOOTNOTE_MARKER_RE = re.compile(rf"^\s*(?P<m>\d{{1,2}}|[{SUPERSCRIPTS}])(?=[A-Z])")
_SEGMENTED_BY_LINE_RE = re.compile(
    rf"^(?:{'|'.join(SEGMENT_TABLE_WORDS)})\s+by\s+(?P<dim>[^:]{{2,60}}?)\s*:?\s*$", re.I
)
_SHARE_LABEL_RE = re.compile(
    rf"(?P<def>\b(?:{_POPULATION_NOUNS}|those)\b\s+(?:who|that|with|whose)\b[^():;.,]{{3,150}}?)"
    rf"\s*\(\s*(?:(?P<share>\d+(?:\.\d+)?)\s*%\s*,\s*)?"
    rf"(?P<label>[A-Za-z][A-Za-z -]{{1,60}}?\b(?:{_LABEL_NOUNS}))\s*\)",
    re.I,
)
_DEFINED_AS_RE = re.compile(
    rf"(?P<label>(?:[A-Za-z][\w-]*\s+){{0,3}}(?:{_LABEL_NOUNS})"
    r"(?:\s+(?:with|who|that|whose)\s+[^,();.]{3,60}?)?)"
    r"\s*\(\s*defined as\s+(?P<def>[^()]{3,200})\)",
    re.I,
)
_LABEL_END_RE = re.compile(rf"\b(?:{_LABEL_NOUNS})\s*$", re.I)
_LEADING_STOPWORDS_RE = re.compile(rf"^(?:(?:{'|'.join(LABEL_LEADING_WORDS)})\s+)+", re.I)
_DEFINITION_SENTENCE_RE = (
    r"^(?:the\s+)?{label}s?\s+(?:are|is|were|was|include|includes)\s+(?P<d>.+)$"
)


def segment_rows(
    document_id: str,
    survey_key: str,
    rows: Sequence[TextBlock],
    figures: Sequence[Figure],
    questions: Questions,
    design: Sequence[str],
    settings: SurveySettings,
    breakdowns: Sequence[Segment] = (),
) -> list[dict[str, object]]:
    """The segments of a survey, from every source, merged, as SEGMENTS_SCHEMA rows.

    ``design`` holds the block ids of the survey-design tables (they list questions, not
    segments); ``breakdowns`` the segments read from questions and tables
    (:mod:`~extract.surveys.breakdowns`).
    """
    segments = _merge_segments(
        list(breakdowns)
        + _list_segments(rows, settings)
        + _table_segments(rows, settings, set(design))
        + _footnote_segments(rows, figures)
        + _phrase_segments(rows)
        + _population_segments(questions, figures)
    )
    _add_definitions(segments, rows)
    return _segment_rows(document_id, survey_key, segments)


@dataclass
class Segment:
    dimension: str
    label: str
    definition: str | None
    respondents: int | None
    source: str
    block_id: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class _Group:
    header: str | None = None
    context: list[str] = field(default_factory=list)
    items: list[tuple[TextBlock, str, str | None, int]] = field(default_factory=list)
    methodology: bool = False


def _label_and_definition(label: str) -> tuple[str, str | None]:
    label = strip_markers(_BULLET_RE.sub("", label)).strip(" ,;:")
    match = re.match(r"^(?P<l>[^()]+?)\s*\((?P<d>[^()]*)\)\s*$", label)
    if match:
        return match.group("l").strip(), match.group("d").strip() or None
    return label, None


def _list_segments(rows: Sequence[TextBlock], settings: SurveySettings) -> list[Segment]:
    groups: list[_Group] = [_Group()]
    index = 0
    while index < len(rows):
        block = rows[index]
        if block.block_type not in ("list_item", "paragraph"):
            groups.append(_Group())
            index += 1
            continue
        text = clean(_BULLET_RE.sub("", block.text))
        match = _COUNT_ITEM_RE.match(text)
        last = index
        while (
            match is None
            and block.block_type == "list_item"
            and last + 1 < len(rows)
            and last - index < 3
            and _continues_item(rows[last + 1])
        ):
            last += 1
            text = f"{text} {clean(rows[last].text)}"
            match = _COUNT_ITEM_RE.match(text)
        group = groups[-1]
        if match:
            label, definition = match.group("label").strip(), match.group("def")
            group.items.append(
                (
                    block,
                    label,
                    definition.strip() if definition else None,
                    to_int(match.group("n")) or 0,
                )
            )
            group.methodology = group.methodology or is_methodology(block.section, settings)
            index = last + 1
            continue
        header = _LIST_HEADER_RE.match(text) if len(text) < 90 else None
        if header:
            groups.append(_Group(header=header.group("head").strip()))
        elif group.items:
            groups.append(_Group(context=[text]))
        else:
            group.context.append(text)
        index += 1

    segments: list[Segment] = []
    for group in groups:
        if not group.items or (len(group.items) < 2 and not group.methodology):
            continue
        labels = [label for _, label, _, _ in group.items]
        dimension = (dimension_of(group.header) if group.header else None) or majority_dimension(
            labels
        )
        if dimension is None:
            for sentence in reversed(group.context):
                dimension = dimension_of(sentence)
                if dimension:
                    break
        if dimension is None and group.header:
            dimension = group.header.lower()
        if dimension is None:
            continue
        for block, label, definition, n in group.items:
            segments.append(
                Segment(dimension, capitalize(label), definition, n, "list", block.block_id)
            )
    return segments


def _continues_item(block: TextBlock) -> bool:
    text = block.text.strip()
    return (
        block.block_type == "paragraph"
        and bool(text)
        and (text[0].islower() or text[0] == "(" or bool(re.fullmatch(NUM, text)))
    )


def _footnote_segments(rows: Sequence[TextBlock], figures: Sequence[Figure]) -> list[Segment]:
    segments: list[Segment] = []
    for block in rows:
        if block.block_type == "table" or len(_N_EQUALS_RE.findall(block.text)) < 2:
            continue
        text = clean(block.text)
        marker = _FOOTNOTE_MARKER_RE.match(text)
        parts = split_outside_parens(text, ";")
        if len(parts) < 2:
            parts = [p + ")" for p in re.split(r"\)\s*[,;]\s*", text)]
        items: list[tuple[str, str | None, int]] = []
        for number, part in enumerate(parts):
            if number == 0 and marker:
                part = part[marker.end() :]
            match = _N_LIST_ITEM_RE.match(part)
            if not match:
                continue
            label, definition = _label_and_definition(match.group("label"))
            if label:
                items.append((label, definition, to_int(match.group("n")) or 0))
        if len(items) < 2:
            continue
        dimension = None
        figure = next((f for f in figures if f.contains(block.pos)), None)
        if marker and figure is not None:
            dimension = _marker_dimension(marker.group("m"), figure, rows)
        dimension = dimension or majority_dimension([label for label, _, _ in items])
        if dimension is None:
            continue
        for label, definition, n in items:
            segments.append(
                Segment(dimension, capitalize(label), definition, n, "footnote", block.block_id)
            )
    return segments


def _marker_dimension(marker: str, figure: Figure, rows: Sequence[TextBlock]) -> str | None:
    digit = marker if marker.isdigit() else str(SUPERSCRIPTS.index(marker))
    superscript = "".join(SUPERSCRIPTS[int(d)] for d in digit)
    pattern = re.compile(
        rf"(?P<w>[A-Za-z][\w-]*)[,;]?\s*(?:{superscript}|(?<=[A-Za-z]){digit}(?!\d))"
    )
    texts = [line.text for line in figure.title_lines] or [
        rows[p].text for p in range(figure.start, figure.end + 1) if is_title_like(rows[p])
    ]
    for text in texts:
        match = pattern.search(text)
        if match:
            return dimension_of(match.group("w"))
    return None


def _table_segments(
    rows: Sequence[TextBlock], settings: SurveySettings, design: set[str]
) -> list[Segment]:
    segments: list[Segment] = []
    for index, block in enumerate(rows):
        if block.block_type == "table" or len(block.text) > 120:
            continue
        match = _SEGMENTED_BY_LINE_RE.match(clean(block.text))
        if not match:
            continue
        table = next((b for b in rows[index + 1 : index + 3] if b.block_type == "table"), None)
        if table is None:
            continue
        header = [clean(c) for c in table.text.split("\n")[0].split("\t")]
        labels = [c for c in header if c and not re.fullmatch(r"[\d\s.,%#-]*", c)]
        dim_text = match.group("dim").strip()
        dimension = dimension_of(dim_text) or dim_text.lower()
        for label in labels:
            segments.append(
                Segment(dimension, capitalize(label), None, None, "table", table.block_id)
            )
    return segments


def _phrase_segments(rows: Sequence[TextBlock]) -> list[Segment]:
    segments: list[Segment] = []
    for block in rows:
        if block.block_type not in ("paragraph", "list_item", "caption", "question", "source_note"):
            continue
        if "(" not in block.text:
            continue
        text = clean(block.text)
        labelled = any(
            _LABEL_END_RE.search(inner) for inner in re.findall(r"\(([^()]{3,80})\)", text)
        )
        for match in _SHARE_LABEL_RE.finditer(text) if labelled else ():
            label = _LEADING_STOPWORDS_RE.sub("", match.group("label").strip())
            definition = _LEADING_STOPWORDS_RE.sub("", match.group("def").strip())
            dimension = dimension_of(label) or dimension_of(definition)
            if dimension and not re.search(r"\d", label):
                segments.append(
                    Segment(
                        dimension, capitalize(label), definition, None, "phrase", block.block_id
                    )
                )
        for match in _DEFINED_AS_RE.finditer(text) if "defined as" in text.lower() else ():
            label = _LEADING_STOPWORDS_RE.sub("", match.group("label").strip())
            definition = f"defined as {match.group('def').strip()}"
            dimension = dimension_of(label)
            if dimension and len(label.split()) >= 2:
                segments.append(
                    Segment(
                        dimension, capitalize(label), definition, None, "phrase", block.block_id
                    )
                )
    return segments


def _population_segments(questions: Questions, figures: Sequence[Figure]) -> list[Segment]:
    """Chart populations with an n that name a subgroup ("developer respondents (n = 312)")."""
    caption_block = {f.ref: f.caption.block_id for f in figures}
    segments: list[Segment] = []
    for question in questions.items.values():
        population, n = question.title_population, question.title_n
        if not population or n is None:
            continue
        if re.fullmatch(r"(?:all\s+)?respondents", population, re.I):
            continue
        dimension = dimension_of(population)
        if dimension is None:
            continue
        head = re.fullmatch(r"(?P<mod>[\w-]+(?:\s+[\w-]+)?)\s+respondents", population, re.I)
        label = population
        if head:
            modifier = head.group("mod")
            label = modifier if modifier.endswith("s") else f"{modifier}s"
        block_id = (
            caption_block.get(question.figure_refs[0], question.block_id)
            if question.figure_refs
            else question.block_id
        )
        segments.append(
            Segment(
                dimension,
                capitalize(label),
                f"% of {population} (n = {n})",
                n,
                "population",
                block_id,
            )
        )
    return segments


def _alias(label: str) -> str | None:
    """ "higher GenAI adopters" -> "higher adopters": a comparative and the head noun."""
    words = label.split()
    if len(words) < 3 or not re.fullmatch(_LABEL_NOUNS, words[-1], re.I):
        return None
    first = words[0].lower()
    if not first.endswith("er") or first in ("more", "other", "under", "over", "fewer"):
        return None
    return f"{words[0]} {words[-1]}"


def _merge_segments(segments: Sequence[Segment]) -> list[Segment]:
    priority = {name: rank for rank, name in enumerate(SEGMENT_SOURCES)}
    merged: dict[tuple[str, str], Segment] = {}
    deferred: list[Segment] = []
    for segment in sorted(segments, key=lambda s: priority[s.source]):
        if segment.source == "population":
            deferred.append(segment)
            continue
        key = (segment.dimension, segment.label.lower())
        existing = merged.get(key)
        if existing is None:
            merged[key] = segment
            continue
        existing.definition = existing.definition or segment.definition
        if existing.respondents is None:
            existing.respondents = segment.respondents
    for segment in deferred:
        key = (segment.dimension, segment.label.lower())
        if key in merged:
            continue
        twin = next(
            (
                s
                for s in merged.values()
                if s.dimension == segment.dimension
                and s.respondents is not None
                and s.respondents == segment.respondents
            ),
            None,
        )
        if twin is not None:
            if segment.label.lower() not in (a.lower() for a in twin.aliases):
                twin.aliases.append(segment.label)
        else:
            merged[key] = segment
    ordered = sorted(merged.values(), key=lambda s: priority[s.source])
    for segment in ordered:
        alias = _alias(segment.label)
        if alias and alias.lower() not in (a.lower() for a in segment.aliases):
            segment.aliases.append(alias)
    return ordered


def _add_definitions(segments: Sequence[Segment], rows: Sequence[TextBlock]) -> None:
    pending = [s for s in segments if s.definition is None]
    if not pending:
        return
    candidates = [
        sentence
        for block in rows
        if block.block_type in ("paragraph", "list_item")
        for sentence in sentences(clean(block.text))
        if len(sentence) < 300
    ]
    for segment in pending:
        for name in [segment.label, *segment.aliases]:
            singular = re.escape(name[:-1] if name.lower().endswith("s") else name)
            pattern = re.compile(_DEFINITION_SENTENCE_RE.format(label=singular), re.I)
            found = next((m for m in map(pattern.match, candidates) if m), None)
            if found:
                segment.definition = found.group(0).rstrip(".")
                break


def _segment_rows(
    document_id: str, survey_key: str, segments: Sequence[Segment]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for segment in segments:
        key = f"{survey_key}:{slug(segment.dimension)}:{slug(segment.label)}"
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "document_id": document_id,
                "survey_key": survey_key,
                "segment_key": key,
                "dimension": segment.dimension,
                "segment_label": segment.label,
                "definition": segment.definition,
                "respondents": segment.respondents,
                "aliases": "; ".join(segment.aliases) or None,
                "source_kind": segment.source,
                "block_id": segment.block_id,
            }
        )
    return rows
