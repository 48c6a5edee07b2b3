"""The survey behind a survey report: its facts, questions, segments and figures, and claim links.

:func:`extract_survey_structure` reads a document's blocks (see :mod:`extract.blocks`) and the
claims extracted from them and returns five frames (:class:`SurveyStructure`), each validated by
its schema below, each with ``document_id`` on every row. It works from block types and the
wording of the survey-report genre only -- never from positions, page numbers or document ids --
so the PDF, HTML and text renditions of a report give the same result.

Figures (``FIGURES_SCHEMA``: document_id, figure_ref, title, block_id, page_number)
    One row per ``caption`` block starting ``Figure|Fig.|Exhibit|Chart|Graph|Table <n>``, the
    reference normalized to "Figure 5" / "Exhibit 7". A figure *spans* the blocks after its
    caption up to its last ``source_note`` before the next caption, the first paragraph of running
    prose or ``max_figure_blocks`` blocks; without a source note, the question and table blocks
    right after the caption. Title: the caption text after the number ("FIGURE 5: PRIMARY GEN AI
    USE CASES"), else the first chart title line ("Organizations' regular use of ..., % of
    respondents"; a title split over two blocks is rejoined, title lines merged into one block
    are split before a capitalized word where both sides end in a population), else the first
    short line. Chart template placeholders ("Web <2025>", "<survey> Exhibit <3> of <12>") are
    skipped. A paragraph running on into "Source: ..." (a title line or footnote merged with the
    note, as PDF layouts give) is read as that paragraph followed by a source note of the same
    block id.

Questions (``QUESTIONS_SCHEMA``)
    * Source notes citing a survey and question codes: "2024 GenAI survey, Q13 by Q14 top 5,
      Sample Size = 287, Valid Cases = ..., Total Mentions = ..., DKNS responses excluded ...,
      Q14 answered by organizations who adopted GenAI in Q7". A note may hold several references.
      Each gives the code, ``segmented_by_code`` ("Q13 by Q14", "Q19, by Q7"), ``base_n`` (a
      range "206 to 138" / "15-115" gives ``base_n`` = largest, ``base_n_min`` = smallest),
      ``valid_cases``, ``total_mentions``, ``dont_know_excluded`` ("DKNS ... excluded") and the
      population after "answered by" ("... in Q7" dropped; "Q14 answered by X" applies to Q14).
      Codes a note only mentions (segmenting, filtering) are questions too.
    * ``question`` blocks of a figure -- and its paragraphs ending in "?" -- before a source note
      are that note's questions, in order. The answer instruction gives ``response_format``:
      "(select one)" single; "(select all that apply)", "(check all that apply)", "(select up
      to 3)" multiple; "(one response per row)" per_row; else null. Text after "segmented by" is
      the segmenting question's text; when a block ends "segmented by:" the next block is.
    * A survey-design table (a column of codes or ranges "Q7 - Q16") gives every question of each
      range its ``topic`` (the category column) and who answers it: "Orgs who adopted GenAI
      (N=297)", per code in "(N=297 for Q17, All respondents (N=316) for Q18)" and "Orgs who use
      GenAI for inference (N=193) Q35, Q36, Q38, or who train models (N=113), Q37, Q39"
      ("who train models" takes the first population's head noun: "Orgs who train models").
    * A figure numbering no question gives one question per chart title line with a population
      ("..., % of developer respondents (n = 312)" -> base_population "developer respondents",
      base_n 312); a figure that only cites a survey gives one question titled by the figure.
    * Keys: ``f"{survey_key}:{code}"``, else ``f"{survey_key}:{figure slug}"`` ("exhibit-8",
      "exhibit-8-2" for a second chart). A code in several figures is one question:
      ``figure_ref`` is the first figure showing it, ``figure_refs`` lists all;
      ``segmented_by_code`` is the first segmentation, ``segmented_by_codes`` lists all; sample
      size, valid cases, total mentions and the don't-know flag come together from the first
      reference stating a sample size. ``base_population`` prefers the design table's wording,
      then the note's, then the chart's; ``base_n`` prefers the figure's sample size (the n behind
      the printed percentages), then the chart's n, then the design table's N. ``block_id`` is the
      question text's block, else the caption, else the note, else the design table.
      ``question_text`` is null where the report prints no wording.

Survey (``SURVEYS_SCHEMA``; key ``f"{document_id}:survey"``)
    Facts come from sentences of paragraphs, list items, headings, captions and source notes.
    Candidates are scored -- exact numbers over "more than 700", sentences naming the survey,
    methodology/demographics sections and source notes, "total of"/"completed"/"covering" -- and
    the best wins, ties to the most frequent value. Respondents: "A total of 316 respondents
    completed the survey", "survey of 316 professionals", "703 participants", "covering 703
    respondents" (not "Label: 391 respondents" list items). Countries: "across 41 countries".
    Question count: "comprised 46 questions", "a 30-question survey". Fieldwork: a date range in a
    sentence about the survey or in a source note -- "Dec 9, 2024–Jan 24, 2025" gives 2024-12-09 to
    2025-01-24, "from August through September 2024" gives 2024-08 to 2024-09; day precision wins.
    Method: "web survey", "online survey", "telephone survey", .... Publisher: "X (and its
    partners) conducted a ... survey", "a survey that X conducted", "survey ... by X, Y, and Z".
    Name: the survey most source-note references cite, else "Source: X Survey", else "the X
    survey". Margin of error: every "(+/-|±) v% at a c% confidence level" pair of a sentence on the
    margin of error is listed in ``margin_of_error_note``; ``margin_of_error_pct`` and
    ``confidence_level_pct`` hold the pair at ``preferred_confidence_pct`` (95) if quoted, else the
    first. ``evidence_block_id``: the block the respondent count (else another fact) came from.
    A "survey_report" presents one survey when any fact, coded note or design table is found, else
    none; an "article" none (its figures are still listed); with no document type, a survey needs
    a respondent count plus a survey name, coded notes or a design table.

Segments (``SEGMENTS_SCHEMA``; key ``f"{survey_key}:{dimension}:{label}"`` slugged)
    * Count lists: "Geographies:" then "United States: 150", "Decision-makers: 391 respondents",
      "Advanced industries (includes ...): 52" (the parenthesis is the definition; an item broken
      over blocks is rejoined), in methodology/demographic sections or in runs of two or more.
    * Footnotes listing n: "Advanced industries (including semiconductors), n = 52; technology,
      media, and telecommunications, n = 260; ..." (a list naming no dimension is skipped).
    * Tables: header cells of a table after "Segmented by <dimension>:"; label/count tables in
      methodology/demographic sections.
    * Phrases: "organizations who have very high or high GenAI adoption (42%, higher GenAI
      adopters)" (label and definition), "organizations with higher open source adoption (defined
      as ...)".
    * Chart populations with n: "% of developer respondents (n = 312)" -> "Developers"; when a
      listed segment of the same dimension has that n it becomes that segment's alias instead.
    ``dimension``: generic cue words (adoption, open source use, experience, company size,
    organization type, industry, region/country names, role/job titles) read from the list header
    or "segmented by" text, the word carrying the footnote marker in the chart title ("by region
    and industry,¹"), the majority of labels, then the nearest preceding sentences; else the
    header text itself. A comparative label gets a short alias ("higher GenAI adopters" ->
    "higher adopters"); "X are Y." sentences give missing definitions. Segments merge by
    (dimension, label), list > table > footnote > phrase > population. ``respondents`` is the n
    where printed; a dimension listed completely sums to the survey's respondents.

Claim links (``CLAIM_LINKS_SCHEMA``)
    Every claim of a document presenting a survey gets its ``survey_key``. ``question_key``: a
    claim in a figure's blocks gets the question of its block (question text, note, chart title)
    or else the figure's first question (basis "figure_block"); a claim naming "Figure N" /
    "Exhibit N" -- in its text, else in its block -- gets that figure's first question (basis
    "figure_reference"). ``segment_key``: segment labels and aliases matched case-insensitively
    on whole words (plural "s" optional; generic labels such as "Other" never match); the
    segment named right after the claim's value ("(52%, lower adopters)") wins, then the nearest
    named before it, then one named shortly after it; a sentence naming three or more segments
    of one dimension is a listing and links none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from extract.genre import sentence_spans

# ---------------------------------------------------------------------------------------------
# Settings, result and schemas
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveySettings:
    """Tunable limits of the survey-structure extractor. Defaults are what the pipeline uses."""

    # A figure's blocks end at most this many blocks after its caption, and before the first
    # paragraph of running prose (at least this long and of two or more sentences).
    max_figure_blocks: int = 15
    min_prose_chars: int = 250
    # The margin of error kept when a report quotes it at several confidence levels.
    preferred_confidence_pct: float = 95.0
    # Section names (lower case substrings) where methodology and demographic facts are stated.
    methodology_cues: tuple[str, ...] = (
        "methodology",
        "method",
        "about the survey",
        "about this survey",
        "about the research",
        "about this research",
        "about the study",
        "demographic",
        "respondent",
        "sample",
        "appendix",
    )
    # Segment labels never matched against claims (they would match everywhere).
    generic_segment_labels: tuple[str, ...] = (
        "other",
        "others",
        "all",
        "total",
        "none",
        "n/a",
        "respondents",
        "all respondents",
    )
    # Longest text of a question block or paragraph read as question text.
    max_question_chars: int = 600


RESPONSE_FORMATS = ("single", "multiple", "per_row")
SEGMENT_SOURCES = ("list", "table", "footnote", "phrase", "population")
_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
_FIGURE_REF_PATTERN = r"^(Figure|Exhibit|Chart|Graph|Table) \d+[a-z]?$"
_CODE_PATTERN = r"^Q\d{1,3}[a-z]?$"

SURVEYS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(str),
        "survey_key": pa.Column(str, unique=True),
        "survey_name": pa.Column(str, nullable=True),
        "publisher": pa.Column(str, nullable=True),
        "method": pa.Column(str, nullable=True),
        "fieldwork_start": pa.Column(str, pa.Check.str_matches(_DATE_PATTERN), nullable=True),
        "fieldwork_end": pa.Column(str, pa.Check.str_matches(_DATE_PATTERN), nullable=True),
        "respondents": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "countries": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "question_count": pa.Column("Int64", pa.Check.ge(1), nullable=True),
        "margin_of_error_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "confidence_level_pct": pa.Column(float, pa.Check.in_range(0, 100), nullable=True),
        "margin_of_error_note": pa.Column(str, nullable=True),
        "evidence_block_id": pa.Column(str),
    },
    checks=[
        pa.Check(
            lambda df: (
                (df["fieldwork_start"].isna() | df["fieldwork_end"].isna())
                | (df["fieldwork_start"].fillna("") <= df["fieldwork_end"].fillna(""))
            ),
            name="fieldwork_start_not_after_end",
        )
    ],
    strict=True,
    coerce=True,
    name="surveys",
)

QUESTIONS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(str),
        "survey_key": pa.Column(str),
        "question_key": pa.Column(str, unique=True),
        "question_code": pa.Column(str, pa.Check.str_matches(_CODE_PATTERN), nullable=True),
        "question_text": pa.Column(str, nullable=True),
        "response_format": pa.Column(str, pa.Check.isin(RESPONSE_FORMATS), nullable=True),
        "topic": pa.Column(str, nullable=True),
        "base_population": pa.Column(str, nullable=True),
        "base_n": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "base_n_min": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "valid_cases": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "total_mentions": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "dont_know_excluded": pa.Column(bool),
        "segmented_by_code": pa.Column(str, pa.Check.str_matches(_CODE_PATTERN), nullable=True),
        "segmented_by_codes": pa.Column(str, nullable=True),
        "figure_ref": pa.Column(str, pa.Check.str_matches(_FIGURE_REF_PATTERN), nullable=True),
        "figure_refs": pa.Column(str, nullable=True),
        "block_id": pa.Column(str),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
    },
    checks=[
        pa.Check(
            lambda df: (
                ~df.dropna(subset=["question_code"])
                .duplicated(["survey_key", "question_code"])
                .any()
            ),
            name="question_code_unique_per_survey",
        ),
        pa.Check(
            lambda df: (
                df["base_n_min"].isna() | df["base_n"].isna() | (df["base_n_min"] <= df["base_n"])
            ),
            name="base_n_min_not_above_base_n",
        ),
    ],
    strict=True,
    coerce=True,
    name="survey_questions",
)

SEGMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(str),
        "survey_key": pa.Column(str),
        "segment_key": pa.Column(str, unique=True),
        "dimension": pa.Column(str, pa.Check.str_length(min_value=1)),
        "segment_label": pa.Column(str, pa.Check.str_length(min_value=1)),
        "definition": pa.Column(str, nullable=True),
        "respondents": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "aliases": pa.Column(str, nullable=True),
        "source_kind": pa.Column(str, pa.Check.isin(SEGMENT_SOURCES)),
        "block_id": pa.Column(str),
    },
    strict=True,
    coerce=True,
    name="survey_segments",
)

FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "document_id": pa.Column(str),
        "figure_ref": pa.Column(str, pa.Check.str_matches(_FIGURE_REF_PATTERN)),
        "title": pa.Column(str, nullable=True),
        "block_id": pa.Column(str, unique=True),
        "page_number": pa.Column("Int64", pa.Check.ge(1), nullable=True),
    },
    strict=True,
    coerce=True,
    name="survey_figures",
)

CLAIM_LINKS_SCHEMA = pa.DataFrameSchema(
    {
        "claim_id": pa.Column(str, unique=True),
        "document_id": pa.Column(str),
        "survey_key": pa.Column(str),
        "question_key": pa.Column(str, nullable=True),
        "question_link_basis": pa.Column(
            str, pa.Check.isin(("figure_block", "figure_reference")), nullable=True
        ),
        "segment_key": pa.Column(str, nullable=True),
    },
    strict=True,
    coerce=True,
    name="survey_claim_links",
)


@dataclass(frozen=True)
class SurveyStructure:
    """The five frames :func:`extract_survey_structure` returns, each validated by its schema."""

    surveys: pd.DataFrame
    questions: pd.DataFrame
    segments: pd.DataFrame
    figures: pd.DataFrame
    claim_links: pd.DataFrame


# ---------------------------------------------------------------------------------------------
# Shared patterns
# ---------------------------------------------------------------------------------------------

_CODE = r"Q\d{1,3}[a-z]?"
_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_CAPTION_REF_RE = re.compile(
    r"^\s*(?P<kind>figure|fig\.|exhibit|chart|graph|table)\s+<?(?P<num>\d+[a-z]?)>?", re.I
)
_TEXT_FIGURE_REF_RE = re.compile(
    r"\b(?P<kind>Figure|Fig\.|Exhibit|Chart|Graph)\s+(?P<num>\d+[a-z]?)\b"
)
_PLACEHOLDER_RE = re.compile(r"<[^<>]{1,60}>")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
_TRAILING_MARKER_RE = re.compile(r"(?<=[A-Za-z])\d{1,2}$")
_EMPHASIS_RE = re.compile(r"\*{1,2}|_{2}")
_BULLET_RE = re.compile(r"^[\s•·▪◦●*–—-]+")

_FORMAT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("per_row", re.compile(r"\(\s*one (?:response|answer) per (?:row|line|item)\s*\)", re.I)),
    (
        "multiple",
        re.compile(
            r"\(\s*(?:select|check|choose|mark|pick)\s+(?:all|any|up to|as many|one or more|"
            r"multiple|\d+|two|three|four|five)\b[^)]*\)",
            re.I,
        ),
    ),
    ("single", re.compile(r"\(\s*(?:select|check|choose|mark|pick)\s+(?:one|only one)\s*\)", re.I)),
)
_SEGMENTATION_SPLIT_RE = re.compile(
    r"\s*\b(?P<kind>segmented|filtered|broken down|split|cross-tabulated)\s+(?:by|for)\b\s*:?\s*",
    re.I,
)

_POPULATION_NOUNS = (
    r"organi[sz]ations|respondents|companies|enterprises|firms|developers|users|people|"
    r"businesses|teams|orgs|participants"
)
_LABEL_NOUNS = (
    r"adopters|users|organi[sz]ations|respondents|developers|companies|enterprises|firms|"
    r"leaders|contributors|teams|businesses|orgs|professionals|engineers|decision-makers"
)

# Dimension cue words, most specific first.
_DIMENSION_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "open source usage",
        re.compile(
            r"\bopen[- ]source\b(?:\s+\w+){0,2}\s+(?:usage|use|adoption|users?|reliance)\b"
            r"|\b(?:usage|use|adoption) of open[- ]source\b",
            re.I,
        ),
    ),
    ("adoption level", re.compile(r"\badopt(?:ion|ers?|ed|ing|s)?\b", re.I)),
    (
        "experience",
        re.compile(r"\bexperience[ds]?\b|\btenure\b|\byears of\b|\bseniority\b", re.I),
    ),
    (
        "company size",
        re.compile(
            r"\b(?:company|organi[sz]ation|firm|business|org) size\b|\bemployees\b|\bheadcount\b"
            r"|\brevenue\b|\bsize of (?:the )?(?:company|organi[sz]ation)\b",
            re.I,
        ),
    ),
    (
        "organization type",
        re.compile(
            r"\b(?:organi[sz]ation|company|org) types?\b|\btypes? of (?:organi[sz]ation|company)"
            r"|\bcross-industry\b|\bindustry-specific\b|\bvendors?\b|\bnon-?profits?\b",
            re.I,
        ),
    ),
    (
        "industry",
        re.compile(
            r"\bindustr(?:y|ies)\b|\bsectors?\b|\bverticals?\b|\bservices\b|"
            r"\btelecommunications\b|\bhealthcare\b|\bmanufacturing\b|\bretail\b|\benergy\b|"
            r"\bfinancial\b|\bconsumer\b|\bpharmaceuticals?\b|\binsurance\b|\bbanking\b",
            re.I,
        ),
    ),
    (
        "region",
        re.compile(
            r"\bgeograph|\bregions?\b|\bcountr(?:y|ies)\b|\bcontinents?\b|\blocations?\b|"
            r"\b(?:united states|united kingdom|u\.s\.|u\.k\.|usa|india|france|brazil|germany|"
            r"china|japan|canada|europe|asia|asia-pacific|africa|americas?|apac|emea|latam|"
            r"north america|latin america|south america|middle east|australia|spain|italy|"
            r"mexico|singapore|korea|netherlands|rest of (?:the )?world)\b",
            re.I,
        ),
    ),
    (
        "role",
        re.compile(
            r"\broles?\b|\bjob\b|\btitles?\b|\barchetypes?\b|\bpositions?\b|\bdecision[- ]makers?"
            r"|\bdevelopers?\b|\bengineers?\b|\bexecutives?\b|\btechnologists?\b|\bmanagers?\b"
            r"|\barchitects?\b|\bleaders?\b|\bpractitioners?\b",
            re.I,
        ),
    ),
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
_FULL_RANGE_RE = re.compile(
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y1>{_YEAR})?{_DASH}"
    rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y2>{_YEAR})",
    re.I,
)
_MONTH_RANGE_RE = re.compile(
    rf"(?:\b(?:from|between)\s+)?(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?{_DASH}"
    rf"(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR})",
    re.I,
)
_FIELDWORK_CUE_RE = re.compile(
    r"\bsurvey|\bfielded\b|\bfieldwork\b|\bconducted\b|\bran\b|\bcollected\b|\binterviewed\b"
    r"|\bpolled\b|\bresponses\b",
    re.I,
)

_PEOPLE_RE = re.compile(
    rf"(?P<q>more than|over|nearly|almost|about|approximately|around|roughly|some|~)?\s*"
    rf"(?<![\d.,])(?P<n>{_NUM})\+?\s+(?:(?!percent\b|of\b|per\b|in\b|at\b)[\w/-]+\s+){{0,3}}?"
    r"(?P<noun>respondents|participants|professionals|developers|technologists|leaders|"
    r"executives|decision-makers|organi[sz]ations|companies|people|individuals|engineers|"
    r"practitioners|IT professionals)\b",
    re.I,
)
_STRONG_PEOPLE_RE = re.compile(
    r"\btotal of\b|\bcompleted\b|\bcovering\b|\bparticipated\b|\bresponded\b|\btook part\b"
    r"|\bsurvey (?:of|among|with)\b",
    re.I,
)
_COUNTRIES_RE = re.compile(
    rf"(?:across|in|from|covering|spanning|of)\s+(?P<q>more than\s+|over\s+)?(?P<n>{_NUM})\s+"
    r"countries\b",
    re.I,
)
_QUESTION_COUNT_RE = re.compile(
    rf"(?:comprised|consisted of|contained|included|includes|had|has|with|of)\s+"
    rf"(?P<n>{_NUM})\s+(?:survey\s+)?questions\b|(?P<n2>{_NUM})-question\s+(?:survey|questionnaire)",
    re.I,
)
_METHOD_RE = re.compile(
    r"\b(?P<m>web|online|internet|telephone|phone|mail|postal|e-?mail|in-person|face-to-face|"
    r"mobile|panel|mixed-mode|paper|computer-assisted)[- ](?:based\s+)?survey\b",
    re.I,
)
_MOE_SENTENCE_RE = re.compile(r"margin of (?:sampling )?error", re.I)
_MOE_VALUE_RE = re.compile(
    r"(?:\+/-|±|\+-|plus or minus|\bof|\bis|\bwas|\bat|\bbe)\s*(?P<v>\d+(?:\.\d+)?)\s*"
    r"(?:%|percent(?:age points?)?|points?)",
    re.I,
)
_CONFIDENCE_RE = re.compile(
    r"(?P<c>\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:level of\s+)?confidence"
    r"|confidence (?:level|interval) of\s+(?P<c2>\d+(?:\.\d+)?)\s*(?:%|percent)",
    re.I,
)
_NAME = r"(?:the\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|&|of|for|de|and(?=\s+[A-Z])))*"
_NAME_LIST = rf"{_NAME}(?:\s*,\s*(?:and\s+)?{_NAME}|\s+and\s+{_NAME})*"
_PUBLISHER_RES = (
    re.compile(
        rf"(?P<pub>{_NAME})\s+(?:and its partners\s+|and partners\s+)?conducted\s+(?:a|an|the|this)"
        r"\s+(?:[\w-]+\s+){0,2}survey"
    ),
    re.compile(
        rf"\bsurvey,?\s+(?:that|which)\s+(?P<pub>{_NAME})\s+(?:and its partners\s+)?conducted"
    ),
    re.compile(
        rf"\bsurvey\b[^.;]{{0,160}}?\b(?:conducted|commissioned|fielded|run|carried out)?\s*"
        rf"\bby\s+(?P<pub>{_NAME_LIST})"
    ),
)
_SOURCE_NAME_RE = re.compile(r"^\s*sources?\s*:\s*(?P<name>[^,;:]*?\bsurvey)\b", re.I)
_REF_START_RE = re.compile(
    rf"(?P<name>(?:\b{_YEAR}\s+)?(?:[A-Z0-9][\w&'’.-]*\s+){{0,6}}[Ss]urvey)\s*,\s*(?={_CODE}\b)"
)
_REF_CODE_RE = re.compile(
    rf"^\s*(?P<code>{_CODE})\b(?:\s+top\s+\d+)?(?:\s*,?\s*by\s+(?P<by>{_CODE})\b)?", re.I
)
_SAMPLE_RE = re.compile(
    rf"sample size\s*=\s*(?P<a>{_NUM})(?:\s*(?:to|-|–|—)\s*(?P<b>{_NUM}))?", re.I
)
_VALID_RE = re.compile(rf"valid cases\s*=\s*(?P<n>{_NUM})", re.I)
_MENTIONS_RE = re.compile(rf"total mentions\s*=\s*(?P<n>{_NUM})", re.I)
_DK_RE = re.compile(r"\b(?:DKNS|DK|don[’']?t know|not sure)\b[^,;]{0,60}?\bexclu", re.I)
_ANSWERED_BY_RE = re.compile(
    rf"(?:(?P<who>{_CODE})\s+)?answered by\s+(?P<pop>[^,;]+?)"
    rf"(?:\s+in\s+{_CODE}(?:\s*(?:,|or|and)\s*{_CODE})*)?\s*(?=,|;|$)",
    re.I,
)
_CODE_RANGE_CELL_RE = re.compile(
    rf"^\s*(?P<a>{_CODE})(?:\s*(?:-|–|—|to)\s*(?P<b>{_CODE}))?\s*$", re.I
)
_TABLE_N_RE = re.compile(rf"\(\s*N\s*=\s*(?P<n>{_NUM})", re.I)
_CODE_TOKEN_RE = re.compile(rf"\b{_CODE}\b")
_POP_TITLE_RE = re.compile(
    rf"(?:^|,\s*|\s)(?:%|percent|share)\s+of\s+(?P<pop>[^,()]+?)\s*"
    rf"(?:\(\s*n\s*=\s*(?P<n>{_NUM})\s*\))?\s*$",
    re.I,
)
_COUNT_ITEM_RE = re.compile(
    rf"^(?P<label>[A-Za-z][^:()]{{0,80}}?)\s*(?:\((?P<def>[^()]*)\))?\s*:\s*(?P<n>{_NUM})"
    r"(?:\s+(?:respondents|participants|people|organi[sz]ations|companies|responses))?\s*\.?$"
)
_LIST_HEADER_RE = re.compile(r"^(?P<head>[A-Z][^:\d]{1,80}):$")
_N_LIST_ITEM_RE = re.compile(
    rf"^\s*(?P<label>.+?)\s*(?:,\s*|\(\s*)n\s*=\s*(?P<n>{_NUM})\s*\)?\s*[.;,]?\s*$", re.I
)
_N_EQUALS_RE = re.compile(r"\bn\s*=\s*\d", re.I)
# "... (n = 312) Source: X Survey, ..." -- a source note run on after other text.
_EMBEDDED_NOTE_RE = re.compile(r"(?<=\S)\s+(?=Sources?\s*:\s*\S)")
# Where a chart title line may end and the next begin, in title lines merged into one block.
_TITLE_BREAK_RE = re.compile(r"(?<=\S)\s+(?=[A-Z][a-z])")
_FOOTNOTE_MARKER_RE = re.compile(rf"^\s*(?P<m>\d{{1,2}}|[{_SUPERSCRIPTS}])(?=[A-Z])")
_SEGMENTED_BY_LINE_RE = re.compile(
    r"^(?:segmented|broken down|split|grouped)\s+by\s+(?P<dim>[^:]{2,60}?)\s*:?\s*$", re.I
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
_LEADING_STOPWORDS_RE = re.compile(
    r"^(?:(?:and|the|of|among|for|that|these|those|specifically|while|whereas|but|by|in|"
    r"with|to|from|between|than|both|all)\s+)+",
    re.I,
)
_DEFINITION_SENTENCE_RE = (
    r"^(?:the\s+)?{label}s?\s+(?:are|is|were|was|include|includes)\s+(?P<d>.+)$"
)


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    pos: int
    block_id: str
    block_type: str
    text: str
    section: str
    page: int | None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text.replace(",", ""))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _EMPHASIS_RE.sub("", text)).strip()


def _strip_markers(text: str) -> str:
    """Drop footnote markers: superscripts anywhere, a digit glued to the last word."""
    return _TRAILING_MARKER_RE.sub("", _SUPERSCRIPT_RE.sub("", text)).strip()


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def _is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER_RE.search(text))


def _normalize_ref(kind: str, num: str) -> str:
    kind = kind.lower().rstrip(".")
    name = {"fig": "Figure", "figure": "Figure"}.get(kind, kind.capitalize())
    return f"{name} {num.lower()}"


def _dimension_of(text: str) -> str | None:
    for dimension, pattern in _DIMENSION_CUES:
        if pattern.search(text):
            return dimension
    return None


def _majority_dimension(labels: Sequence[str]) -> str | None:
    if not labels:
        return None
    votes = Counter(d for d in (_dimension_of(label) for label in labels) if d is not None)
    if not votes:
        return None
    dimension, count = votes.most_common(1)[0]
    return dimension if count * 2 > len(labels) else None


def _response_format(text: str) -> str | None:
    for name, pattern in _FORMAT_RULES:
        if pattern.search(text):
            return name
    return None


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _is_methodology(section: str, settings: SurveySettings) -> bool:
    lowered = section.lower()
    return any(cue in lowered for cue in settings.methodology_cues)


def _split_outside_parens(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


@dataclass
class _TitleLine:
    pos: int
    text: str  # as printed (footnote markers kept)
    population: str | None
    n: int | None


@dataclass
class _Figure:
    ref: str
    caption: _Block
    start: int
    end: int  # inclusive
    title: str | None
    title_lines: list[_TitleLine]
    cites_survey: bool
    question_keys: list[str] = field(default_factory=list)

    def contains(self, pos: int) -> bool:
        return self.start <= pos <= self.end


def _is_title_like(block: _Block) -> bool:
    text = block.text.strip()
    return (
        block.block_type in ("heading", "paragraph")
        and len(text) > 0
        and (len(text) <= 220 or max(map(len, _split_title_lines(_clean(text)))) <= 220)
        and not _is_placeholder(text)
        and not text.endswith((".", "!", ":"))
        and not re.fullmatch(r"[\d\s.,%]+", text)
    )


def _population(text: str) -> tuple[str | None, int | None]:
    match = _POP_TITLE_RE.search(_strip_markers(text))
    if not match:
        return None, None
    return match.group("pop").strip(), _int(match.group("n"))


def _is_prose(block: _Block, settings: SurveySettings) -> bool:
    return (
        block.block_type in ("paragraph", "list_item")
        and len(block.text) >= settings.min_prose_chars
        and len(_sentences(block.text)) >= 2
    )


def _figures(rows: Sequence[_Block], settings: SurveySettings) -> list[_Figure]:
    captions = [
        b for b in rows if b.block_type == "caption" and _CAPTION_REF_RE.match(_clean(b.text))
    ]
    figures: list[_Figure] = []
    for index, caption in enumerate(captions):
        next_caption = captions[index + 1].pos if index + 1 < len(captions) else len(rows)
        window_end = min(next_caption, caption.pos + 1 + settings.max_figure_blocks)
        window = []
        for block in rows[caption.pos + 1 : window_end]:
            if _is_prose(block, settings):
                break
            window.append(block)
        notes = [b.pos for b in window if b.block_type == "source_note"]
        if notes:
            end = notes[-1]
        else:
            end = caption.pos
            for block in window:
                if block.block_type not in ("question", "table"):
                    break
                end = block.pos
        match = _CAPTION_REF_RE.match(_clean(caption.text))
        assert match is not None
        ref = _normalize_ref(match.group("kind"), match.group("num"))
        rest = _clean(caption.text)[match.end() :].strip(" :.-–—|")
        rest = re.sub(r"^of\s+<?\d+>?\s*", "", rest).strip(" :.-–—|")
        span = rows[caption.pos + 1 : end + 1]
        title_lines = _title_lines(span)
        caption_population, caption_n = _population(rest) if rest else (None, None)
        if caption_population is not None:
            title_lines.insert(0, _TitleLine(caption.pos, rest, caption_population, caption_n))
        title = rest or None
        if title is None and title_lines:
            title = _strip_markers(title_lines[0].text)
        if title is None:
            first = next((b for b in span if _is_title_like(b)), None)
            title = _strip_markers(first.text) if first else None
        cites = any(
            b.block_type == "source_note" and re.search(r"\bsurvey\b", b.text, re.I) for b in span
        )
        figures.append(_Figure(ref, caption, caption.pos, end, title or None, title_lines, cites))
    return figures


def _split_title_lines(text: str) -> list[str]:
    """Title lines merged into one block ("..., % of respondents (n = 312) Experience with ...,
    % of respondents"): split before a capitalized word where both sides are population titles."""
    for match in _TITLE_BREAK_RE.finditer(text):
        head, tail = text[: match.start()], text[match.end() :]
        if _population(head)[0] is None or ("%" not in tail and "percent" not in tail.lower()):
            continue
        rest = _split_title_lines(tail)
        if all(_population(part)[0] is not None for part in rest):
            return [head, *rest]
    return [text]


def _title_lines(span: Sequence[_Block]) -> list[_TitleLine]:
    """Chart title lines with a population ("..., % of respondents"), split titles rejoined."""
    lines: list[_TitleLine] = []
    previous: _Block | None = None
    for block in span:
        if block.block_type == "source_note":
            break
        if not _is_title_like(block):
            previous = None
            continue
        population, n = _population(block.text)
        if population is None:
            previous = block
            continue
        parts = _split_title_lines(_clean(block.text))
        if previous is not None and _population(previous.text)[0] is None:
            parts[0] = f"{_clean(previous.text)} {parts[0]}"
        for part in parts:
            population, n = _population(part)
            lines.append(_TitleLine(block.pos, part, population, n))
        previous = block
    return lines


# ---------------------------------------------------------------------------------------------
# Source-note references and questions
# ---------------------------------------------------------------------------------------------


@dataclass
class _Ref:
    survey_name: str
    code: str
    by_code: str | None
    sample_n: int | None
    sample_min: int | None
    valid_cases: int | None
    total_mentions: int | None
    dk_excluded: bool
    population: str | None
    code_populations: dict[str, str]
    mentioned_codes: list[str]


def _parse_refs(note: str) -> list[_Ref]:
    text = _clean(note)
    starts = list(_REF_START_RE.finditer(text))
    refs: list[_Ref] = []
    for index, match in enumerate(starts):
        body_end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        body = text[match.end() : body_end]
        head = _REF_CODE_RE.match(body)
        if not head:
            continue
        code = head.group("code").upper()
        sample = _SAMPLE_RE.search(body)
        sample_n = sample_min = None
        if sample:
            values = [_int(sample.group("a")), _int(sample.group("b"))]
            numbers = [v for v in values if v is not None]
            sample_n, sample_min = max(numbers), min(numbers)
        valid = _VALID_RE.search(body)
        mentions = _MENTIONS_RE.search(body)
        population = None
        code_populations: dict[str, str] = {}
        for answered in _ANSWERED_BY_RE.finditer(body):
            pop = answered.group("pop").strip()
            who = answered.group("who")
            if who and who.upper() != code:
                code_populations.setdefault(who.upper(), pop)
            elif population is None:
                population = pop
        by = head.group("by")
        refs.append(
            _Ref(
                survey_name=match.group("name").strip(),
                code=code,
                by_code=by.upper() if by else None,
                sample_n=sample_n,
                sample_min=sample_min,
                valid_cases=_int(valid.group("n")) if valid else None,
                total_mentions=_int(mentions.group("n")) if mentions else None,
                dk_excluded=bool(_DK_RE.search(body)),
                population=population,
                code_populations=code_populations,
                mentioned_codes=[c.upper() for c in _CODE_TOKEN_RE.findall(body)],
            )
        )
    return refs


@dataclass
class _Question:
    key: str
    code: str | None
    order: int
    block_id: str
    page: int | None
    block_rank: int  # 3 question text, 2 caption, 1 source note, 0 design table
    text: str | None = None
    response_format: str | None = None
    topic: str | None = None
    note_population: str | None = None
    design_population: str | None = None
    design_n: int | None = None
    sample_n: int | None = None
    sample_min: int | None = None
    valid_cases: int | None = None
    total_mentions: int | None = None
    dk_excluded: bool = False
    has_sample: bool = False
    title_population: str | None = None
    title_n: int | None = None
    segmented_by: list[str] = field(default_factory=list)
    figure_refs: list[str] = field(default_factory=list)

    def place(self, block: _Block, rank: int) -> None:
        if rank > self.block_rank:
            self.block_id, self.page, self.block_rank = block.block_id, block.page, rank

    def add_figure(self, ref: str | None) -> None:
        if ref and ref not in self.figure_refs:
            self.figure_refs.append(ref)


class _Questions:
    """Questions of one survey, by code (unique) or figure-derived key, in order of appearance."""

    def __init__(self, survey_key: str) -> None:
        self.survey_key = survey_key
        self.items: dict[str, _Question] = {}

    def coded(self, code: str, block: _Block, rank: int) -> _Question:
        key = f"{self.survey_key}:{code}"
        question = self.items.get(key)
        if question is None:
            question = _Question(key, code, len(self.items), block.block_id, block.page, rank)
            self.items[key] = question
        else:
            question.place(block, rank)
        return question

    def uncoded(self, figure: _Figure | None, block: _Block, rank: int) -> _Question:
        base = _slug(figure.ref) if figure else f"q-{_slug(' '.join(block.text.split()[:6]))}"
        key, suffix = f"{self.survey_key}:{base}", 2
        while key in self.items:
            key, suffix = f"{self.survey_key}:{base}-{suffix}", suffix + 1
        question = _Question(key, None, len(self.items), block.block_id, block.page, rank)
        self.items[key] = question
        return question


def _set_text(question: _Question, text: str) -> None:
    if question.text is None and text:
        question.text = text
    if question.response_format is None:
        question.response_format = _response_format(text)


def _apply_ref(question: _Question, ref: _Ref) -> None:
    if ref.by_code and ref.by_code not in question.segmented_by:
        question.segmented_by.append(ref.by_code)
    if question.note_population is None and ref.population:
        question.note_population = ref.population
    if not question.has_sample and ref.sample_n is not None:
        question.has_sample = True
        question.sample_n, question.sample_min = ref.sample_n, ref.sample_min
        question.valid_cases, question.total_mentions = ref.valid_cases, ref.total_mentions
        question.dk_excluded = ref.dk_excluded


def _is_question_block(block: _Block, figure: _Figure | None, settings: SurveySettings) -> bool:
    if len(block.text) > settings.max_question_chars:
        return False
    if block.block_type == "question":
        return True
    return (
        figure is not None and block.block_type == "paragraph" and _clean(block.text).endswith("?")
    )


def _split_segmentation(text: str) -> tuple[str, str | None, str]:
    """Main question text, the kind of the trailing segmentation and the segmenting text."""
    match = _SEGMENTATION_SPLIT_RE.search(text)
    if not match:
        return text, None, ""
    return text[: match.start()].strip(), match.group("kind").lower(), text[match.end() :].strip()


def _questions_from_notes(
    rows: Sequence[_Block],
    figures: Sequence[_Figure],
    questions: _Questions,
    settings: SurveySettings,
) -> tuple[list[_Ref], dict[str, str]]:
    """Walk the document: pair question blocks with the source notes that number them."""
    figure_at: dict[int, _Figure] = {}
    for each in figures:
        for pos in range(each.start, each.end + 1):
            figure_at[pos] = each
    block_question: dict[str, str] = {}
    all_refs: list[_Ref] = []
    pending: list[_Block] = []

    def flush_uncoded() -> None:
        for waiting in pending:
            owner = figure_at.get(waiting.pos)
            if owner is None:
                continue
            question = questions.uncoded(owner, waiting, 3)
            _set_text(question, _split_segmentation(_clean(waiting.text))[0])
            question.add_figure(owner.ref)
            owner.question_keys.append(question.key)
            block_question[waiting.block_id] = question.key
        pending.clear()

    for block in rows:
        figure = figure_at.get(block.pos)
        if block.block_type == "caption":
            flush_uncoded()
            continue
        if _is_question_block(block, figure, settings):
            pending.append(block)
            continue
        if block.block_type != "source_note":
            continue
        refs = _parse_refs(block.text)
        if not refs:
            flush_uncoded()
            continue
        all_refs.extend(refs)
        fig_ref = figure.ref if figure else None
        ref_questions = []
        for ref in refs:
            anchor = figure.caption if figure is not None else block
            question = questions.coded(ref.code, anchor, 2 if figure is not None else 1)
            question.add_figure(fig_ref)
            _apply_ref(question, ref)
            ref_questions.append(question)
            if figure is not None and question.key not in figure.question_keys:
                figure.question_keys.append(question.key)
        block_question[block.block_id] = ref_questions[0].key
        _assign_question_blocks(pending, refs, ref_questions, questions, fig_ref, block_question)
        pending.clear()
        # Codes the note only mentions (segmenting questions, filters) are questions too.
        for ref in refs:
            for code, population in ref.code_populations.items():
                question = questions.coded(code, block, 1)
                if question.note_population is None:
                    question.note_population = population
            for mentioned in [ref.by_code, *ref.mentioned_codes]:
                if mentioned:
                    questions.coded(mentioned, block, 1)
    flush_uncoded()
    return all_refs, block_question


def _assign_question_blocks(
    pending: Sequence[_Block],
    refs: Sequence[_Ref],
    ref_questions: Sequence[_Question],
    questions: _Questions,
    fig_ref: str | None,
    block_question: dict[str, str],
) -> None:
    next_ref = 0
    awaiting: str | None = None  # a code whose text is the next block ("segmented by:")
    skip_next = False
    for block in pending:
        text = _clean(block.text)
        if awaiting is not None or skip_next:
            if awaiting is not None:
                question = questions.coded(awaiting, block, 3)
                _set_text(question, text)
                question.add_figure(fig_ref)
                block_question[block.block_id] = question.key
            awaiting, skip_next = None, False
            continue
        if next_ref >= len(refs):
            # More question blocks than codes: read as more text of the last question.
            if ref_questions:
                block_question[block.block_id] = ref_questions[-1].key
            continue
        ref, question = refs[next_ref], ref_questions[next_ref]
        next_ref += 1
        main, kind, rest = _split_segmentation(text)
        question.place(block, 3)
        _set_text(question, main)
        block_question[block.block_id] = question.key
        if kind == "segmented":
            if ref.by_code and rest:
                segmenting = questions.coded(ref.by_code, block, 1)
                _set_text(segmenting, rest)
                segmenting.add_figure(fig_ref)
            elif ref.by_code:
                awaiting = ref.by_code
            else:
                skip_next = not rest


def _questions_from_design_tables(rows: Sequence[_Block], questions: _Questions) -> list[str]:
    """Question ranges of survey-design tables; returns the block ids of those tables."""
    tables: list[str] = []
    for block in rows:
        if block.block_type != "table":
            continue
        table = [[_clean(c) for c in line.split("\t")] for line in block.text.split("\n")]
        if len(table) < 3:
            continue
        width = max(len(r) for r in table)
        table = [r + [""] * (width - len(r)) for r in table]
        header, body = table[0], table[1:]
        code_col = next(
            (
                c
                for c in range(width)
                if sum(bool(_CODE_RANGE_CELL_RE.match(r[c])) for r in body) >= 2
            ),
            None,
        )
        if code_col is None:
            continue
        others = [c for c in range(width) if c != code_col]
        topic_col = next(
            (
                c
                for c in others
                if re.search(r"categor|topic|section|theme|subject|area", header[c], re.I)
            ),
            others[0] if others else None,
        )
        who_col = next(
            (
                c
                for c in others
                if re.search(r"\bwho\b|answer|base|population|asked|respond", header[c], re.I)
            ),
            next(
                (
                    c
                    for c in others
                    if c != topic_col and any(_TABLE_N_RE.search(r[c]) for r in body)
                ),
                None,
            ),
        )
        tables.append(block.block_id)
        for line in body:
            match = _CODE_RANGE_CELL_RE.match(line[code_col])
            if not match:
                continue
            codes = _expand_range(match.group("a"), match.group("b"))
            topic = line[topic_col] if topic_col is not None and line[topic_col] else None
            default, per_code = (
                _parse_who(line[who_col]) if who_col is not None else ((None, None), {})
            )
            for code in codes:
                question = questions.coded(code, block, 0)
                if question.topic is None:
                    question.topic = topic
                population, n = per_code.get(code, default)
                if question.design_population is None and population:
                    question.design_population, question.design_n = population, n
    return tables


def _expand_range(first: str, last: str | None) -> list[str]:
    a = int(re.sub(r"\D", "", first))
    if last is None:
        return [first.upper()]
    b = int(re.sub(r"\D", "", last))
    if b < a or b - a > 500:
        return [first.upper(), last.upper()]
    return [f"Q{i}" for i in range(a, b + 1)]


def _parse_who(
    cell: str,
) -> tuple[tuple[str | None, int | None], dict[str, tuple[str, int | None]]]:
    """Who answers a range: the default (population, N) and per-code overrides."""
    matches = list(_TABLE_N_RE.finditer(cell))
    if not matches:
        text = cell.strip()
        return ((text or None), None), {}
    default: tuple[str | None, int | None] = (None, None)
    per_code: dict[str, tuple[str, int | None]] = {}
    head_noun: str | None = None
    previous_end = 0
    for index, match in enumerate(matches):
        before = cell[previous_end : match.start()]
        population = re.split(r"[,)]", before)[-1]
        population = _CODE_TOKEN_RE.sub("", population)
        population = re.sub(r"^\s*(?:or|and|for)\s+", "", population).strip(" ,()")
        if head_noun is None:
            head = re.match(r"^(.+?)\s+(?:who|that|which|with)\b", population)
            head_noun = head.group(1) if head else None
        elif head_noun and re.match(r"^(?:who|that|which|with)\b", population):
            population = f"{head_noun} {population}"
        n = _int(match.group("n"))
        after_end = matches[index + 1].start() if index + 1 < len(matches) else len(cell)
        after = cell[match.end() : after_end]
        # Codes stop where the next population's words begin.
        codes = _codes_before_words(after)
        if codes:
            for code in codes:
                per_code.setdefault(code, (population, n))
        elif default == (None, None):
            default = (population or None, n)
        previous_end = match.end()
    return default, per_code


def _codes_before_words(text: str) -> list[str]:
    """Question codes at the start of ``text`` ("for Q17", ") Q35, Q36, Q38, or ...")."""
    codes: list[str] = []
    for token in re.findall(r"[\w-]+", text):
        if re.fullmatch(_CODE, token, re.I):
            codes.append(token.upper())
        elif token.lower() in ("for", "and", "or", "in"):
            continue
        elif codes or token.isalpha():
            break
    return codes


def _uncoded_figure_questions(
    rows: Sequence[_Block], figures: Sequence[_Figure], questions: _Questions
) -> None:
    for figure in figures:
        if figure.question_keys:
            continue
        if figure.title_lines:
            for line in figure.title_lines:
                question = questions.uncoded(figure, rows[line.pos], 3)
                question.text = _strip_markers(line.text)
                question.title_population, question.title_n = line.population, line.n
                question.add_figure(figure.ref)
                figure.question_keys.append(question.key)
        elif figure.cites_survey:
            question = questions.uncoded(figure, figure.caption, 2)
            question.text = figure.title
            question.add_figure(figure.ref)
            figure.question_keys.append(question.key)


def _question_rows(
    document_id: str, survey_key: str, questions: _Questions
) -> list[dict[str, object]]:
    ordered: list[tuple[tuple[int, int], dict[str, object]]] = []
    for question in questions.items.values():
        population = (
            question.design_population or question.note_population or question.title_population
        )
        if question.has_sample:
            base_n, base_min = question.sample_n, question.sample_min
        elif question.title_n is not None:
            base_n, base_min = question.title_n, question.title_n
        else:
            base_n, base_min = question.design_n, question.design_n
        order = (0, _code_number(question.code)) if question.code else (1, question.order)
        ordered.append(
            (
                order,
                {
                    "document_id": document_id,
                    "survey_key": survey_key,
                    "question_key": question.key,
                    "question_code": question.code,
                    "question_text": question.text or None,
                    "response_format": question.response_format,
                    "topic": question.topic,
                    "base_population": population,
                    "base_n": base_n,
                    "base_n_min": base_min,
                    "valid_cases": question.valid_cases,
                    "total_mentions": question.total_mentions,
                    "dont_know_excluded": question.dk_excluded,
                    "segmented_by_code": question.segmented_by[0]
                    if question.segmented_by
                    else None,
                    "segmented_by_codes": "; ".join(question.segmented_by) or None,
                    "figure_ref": question.figure_refs[0] if question.figure_refs else None,
                    "figure_refs": "; ".join(question.figure_refs) or None,
                    "block_id": question.block_id,
                    "page_number": question.page,
                },
            )
        )
    ordered.sort(key=lambda item: item[0])
    return [row for _, row in ordered]


def _code_number(code: str) -> int:
    return int(re.sub(r"\D", "", code) or 0)


# ---------------------------------------------------------------------------------------------
# Survey facts
# ---------------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    value: object
    score: float
    block: _Block


def _best(candidates: Sequence[_Candidate]) -> _Candidate | None:
    if not candidates:
        return None
    counts = Counter(repr(c.value) for c in candidates)
    return max(
        candidates,
        key=lambda c: (c.score, counts[repr(c.value)], -c.block.pos),
    )


def _fact_blocks(rows: Sequence[_Block]) -> Iterable[_Block]:
    return (
        b
        for b in rows
        if b.block_type in ("paragraph", "list_item", "source_note", "caption", "heading")
    )


def _survey_facts(
    rows: Sequence[_Block], refs: Sequence[_Ref], settings: SurveySettings
) -> dict[str, object]:
    people: list[_Candidate] = []
    countries: list[_Candidate] = []
    question_counts: list[_Candidate] = []
    methods: list[_Candidate] = []
    publishers: list[_Candidate] = []
    names: list[_Candidate] = []
    fieldwork: list[_Candidate] = []
    margins: list[tuple[_Block, list[tuple[float, float | None]]]] = []

    for block in _fact_blocks(rows):
        text = _clean(block.text)
        method_bonus = 1.0 if _is_methodology(block.section, settings) else 0.0
        is_note = block.block_type == "source_note"
        name_match = _SOURCE_NAME_RE.match(text) if is_note else None
        if name_match:
            names.append(_Candidate(name_match.group("name").strip(), 2, block))
        for sentence in _sentences(text):
            mentions_survey = bool(re.search(r"\bsurvey", sentence, re.I))
            context = method_bonus + (1.0 if is_note and mentions_survey else 0.0)
            if mentions_survey or context:
                for match in _PEOPLE_RE.finditer(sentence):
                    if match.start("n") > 0 and sentence[: match.start("n")].rstrip().endswith(":"):
                        continue
                    exact = not match.group("q")
                    score = 1 + 2 * exact + context + mentions_survey
                    score += 1 if _STRONG_PEOPLE_RE.search(sentence) else 0
                    people.append(_Candidate(_int(match.group("n")), score, block))
                for match in _COUNTRIES_RE.finditer(sentence):
                    score = 1 + 2 * (not match.group("q")) + context + mentions_survey
                    countries.append(_Candidate(_int(match.group("n")), score, block))
            if mentions_survey:
                for match in _QUESTION_COUNT_RE.finditer(sentence):
                    value = _int(match.group("n") or match.group("n2"))
                    question_counts.append(_Candidate(value, 1 + context, block))
                for match in _METHOD_RE.finditer(sentence):
                    method = f"{match.group('m').lower()} survey"
                    methods.append(_Candidate(method, 1 + context, block))
                if not is_note:
                    for pattern in _PUBLISHER_RES:
                        found = pattern.search(sentence)
                        if found and _plausible_publisher(found.group("pub")):
                            publishers.append(
                                _Candidate(_tidy_publisher(found.group("pub")), 1 + context, block)
                            )
                            break
                    name = re.search(
                        rf"\b(?i:the|our)\s+(?P<name>(?:{_YEAR}\s+)?(?:[A-Z][\w&'’.-]*\s+){{1,6}}"
                        r"[Ss]urvey)\b",
                        sentence,
                    )
                    if name:
                        names.append(_Candidate(name.group("name"), 0.5 + context, block))
            if mentions_survey or is_note or _FIELDWORK_CUE_RE.search(sentence):
                for dates, precision in _date_ranges(sentence):
                    score = precision + context + (1 if mentions_survey else 0)
                    fieldwork.append(_Candidate(dates, score, block))
            if _MOE_SENTENCE_RE.search(sentence):
                pairs = _margins(sentence)
                if pairs:
                    margins.append((block, pairs))

    ref_names = Counter(ref.survey_name for ref in refs)
    facts: dict[str, object] = {}
    best_people = _best(people)
    facts["respondents"] = best_people.value if best_people else None
    best_countries = _best(countries)
    facts["countries"] = best_countries.value if best_countries else None
    best_count = _best(question_counts)
    facts["question_count"] = best_count.value if best_count else None
    best_method = _best(methods)
    facts["method"] = best_method.value if best_method else None
    best_publisher = _best(publishers)
    facts["publisher"] = best_publisher.value if best_publisher else None
    if ref_names:
        facts["survey_name"] = ref_names.most_common(1)[0][0]
    else:
        best_name = _best(names)
        facts["survey_name"] = best_name.value if best_name else None
    best_fieldwork = _best(fieldwork)
    if best_fieldwork is not None and isinstance(best_fieldwork.value, tuple):
        facts["fieldwork_start"], facts["fieldwork_end"] = best_fieldwork.value
    else:
        facts["fieldwork_start"], facts["fieldwork_end"] = None, None
    facts.update(_choose_margin(margins, settings))
    evidence = next(
        (c.block for c in (best_people, best_count, best_fieldwork, best_countries) if c), None
    )
    facts["evidence_block"] = evidence
    return facts


def _plausible_publisher(name: str) -> bool:
    first = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return not (
        re.match(rf"^(?:{_CODE}|{_MONTH})\b", first)
        or first.lower() in ("the", "survey")
        or len(first) < 3
    )


def _tidy_publisher(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.")


def _month(text: str) -> int:
    return _MONTHS[text.lower()[:3]]


def _date_ranges(sentence: str) -> list[tuple[tuple[str, str], float]]:
    found: list[tuple[tuple[str, str], float]] = []
    for match in _FULL_RANGE_RE.finditer(sentence):
        y2 = int(match.group("y2"))
        m1, m2 = _month(match.group("m1")), _month(match.group("m2"))
        y1 = int(match.group("y1")) if match.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        start = f"{y1:04d}-{m1:02d}-{int(match.group('d1')):02d}"
        end = f"{y2:04d}-{m2:02d}-{int(match.group('d2')):02d}"
        if start <= end:
            found.append(((start, end), 3.0))
    if found:
        return found
    for match in _MONTH_RANGE_RE.finditer(sentence):
        y2 = int(match.group("y2"))
        m1, m2 = _month(match.group("m1")), _month(match.group("m2"))
        y1 = int(match.group("y1")) if match.group("y1") else (y2 if m1 <= m2 else y2 - 1)
        start, end = f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}"
        if start <= end:
            found.append(((start, end), 2.0))
    return found


def _margins(sentence: str) -> list[tuple[float, float | None]]:
    """(margin, confidence) pairs: each margin with the confidence level quoted after it."""
    level_matches = list(_CONFIDENCE_RE.finditer(sentence))
    levels = [(m.start(), float(m.group("c") or m.group("c2"))) for m in level_matches]
    values = [
        (m.start("v"), float(m.group("v")))
        for m in _MOE_VALUE_RE.finditer(sentence)
        if not any(c.start() <= m.start("v") < c.end() for c in level_matches)
    ]
    pairs: list[tuple[float, float | None]] = []
    for index, (pos, value) in enumerate(values):
        limit = values[index + 1][0] if index + 1 < len(values) else len(sentence)
        after = [c for p, c in levels if pos < p < limit]
        before = [c for p, c in levels if p < pos]
        level = after[0] if after else (before[-1] if before and len(values) == 1 else None)
        pairs.append((value, level))
    return pairs


def _choose_margin(
    margins: Sequence[tuple[_Block, list[tuple[float, float | None]]]], settings: SurveySettings
) -> dict[str, object]:
    if not margins:
        return {
            "margin_of_error_pct": None,
            "confidence_level_pct": None,
            "margin_of_error_note": None,
        }
    pairs = [pair for _, block_pairs in margins for pair in block_pairs]
    unique = list(dict.fromkeys(pairs))
    chosen = next(
        (
            p
            for p in unique
            if p[1] is not None and abs(p[1] - settings.preferred_confidence_pct) < 1e-9
        ),
        unique[0],
    )
    note = "; ".join(
        f"±{v:g}%" + (f" at {c:g}% confidence" if c is not None else "") for v, c in unique
    )
    return {
        "margin_of_error_pct": chosen[0],
        "confidence_level_pct": chosen[1],
        "margin_of_error_note": note,
    }


# ---------------------------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------------------------


@dataclass
class _Segment:
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
    items: list[tuple[_Block, str, str | None, int]] = field(default_factory=list)
    methodology: bool = False


def _label_and_definition(label: str) -> tuple[str, str | None]:
    label = _strip_markers(_BULLET_RE.sub("", label)).strip(" ,;:")
    match = re.match(r"^(?P<l>[^()]+?)\s*\((?P<d>[^()]*)\)\s*$", label)
    if match:
        return match.group("l").strip(), match.group("d").strip() or None
    return label, None


def _list_segments(rows: Sequence[_Block], settings: SurveySettings) -> list[_Segment]:
    groups: list[_Group] = [_Group()]
    index = 0
    while index < len(rows):
        block = rows[index]
        if block.block_type not in ("list_item", "paragraph"):
            groups.append(_Group())
            index += 1
            continue
        text = _clean(_BULLET_RE.sub("", block.text))
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
            text = f"{text} {_clean(rows[last].text)}"
            match = _COUNT_ITEM_RE.match(text)
        group = groups[-1]
        if match:
            label, definition = match.group("label").strip(), match.group("def")
            group.items.append(
                (
                    block,
                    label,
                    definition.strip() if definition else None,
                    _int(match.group("n")) or 0,
                )
            )
            group.methodology = group.methodology or _is_methodology(block.section, settings)
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

    segments: list[_Segment] = []
    for group in groups:
        if not group.items or (len(group.items) < 2 and not group.methodology):
            continue
        labels = [label for _, label, _, _ in group.items]
        dimension = (_dimension_of(group.header) if group.header else None) or _majority_dimension(
            labels
        )
        if dimension is None:
            for sentence in reversed(group.context):
                dimension = _dimension_of(sentence)
                if dimension:
                    break
        if dimension is None and group.header:
            dimension = group.header.lower()
        if dimension is None:
            continue
        for block, label, definition, n in group.items:
            segments.append(
                _Segment(dimension, _capitalize(label), definition, n, "list", block.block_id)
            )
    return segments


def _continues_item(block: _Block) -> bool:
    text = block.text.strip()
    return (
        block.block_type == "paragraph"
        and bool(text)
        and (text[0].islower() or text[0] == "(" or bool(re.fullmatch(_NUM, text)))
    )


def _footnote_segments(rows: Sequence[_Block], figures: Sequence[_Figure]) -> list[_Segment]:
    segments: list[_Segment] = []
    for block in rows:
        if block.block_type == "table" or len(_N_EQUALS_RE.findall(block.text)) < 2:
            continue
        text = _clean(block.text)
        marker = _FOOTNOTE_MARKER_RE.match(text)
        parts = _split_outside_parens(text, ";")
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
                items.append((label, definition, _int(match.group("n")) or 0))
        if len(items) < 2:
            continue
        dimension = None
        figure = next((f for f in figures if f.contains(block.pos)), None)
        if marker and figure is not None:
            dimension = _marker_dimension(marker.group("m"), figure, rows)
        dimension = dimension or _majority_dimension([label for label, _, _ in items])
        if dimension is None:
            continue
        for label, definition, n in items:
            segments.append(
                _Segment(dimension, _capitalize(label), definition, n, "footnote", block.block_id)
            )
    return segments


def _marker_dimension(marker: str, figure: _Figure, rows: Sequence[_Block]) -> str | None:
    digit = marker if marker.isdigit() else str(_SUPERSCRIPTS.index(marker))
    superscript = "".join(_SUPERSCRIPTS[int(d)] for d in digit)
    pattern = re.compile(
        rf"(?P<w>[A-Za-z][\w-]*)[,;]?\s*(?:{superscript}|(?<=[A-Za-z]){digit}(?!\d))"
    )
    texts = [line.text for line in figure.title_lines] or [
        rows[p].text for p in range(figure.start, figure.end + 1) if _is_title_like(rows[p])
    ]
    for text in texts:
        match = pattern.search(text)
        if match:
            return _dimension_of(match.group("w"))
    return None


def _table_segments(
    rows: Sequence[_Block], settings: SurveySettings, design: set[str]
) -> list[_Segment]:
    segments: list[_Segment] = []
    for index, block in enumerate(rows):
        if block.block_type == "table" or len(block.text) > 120:
            continue
        match = _SEGMENTED_BY_LINE_RE.match(_clean(block.text))
        if not match:
            continue
        table = next((b for b in rows[index + 1 : index + 3] if b.block_type == "table"), None)
        if table is None:
            continue
        header = [_clean(c) for c in table.text.split("\n")[0].split("\t")]
        labels = [c for c in header if c and not re.fullmatch(r"[\d\s.,%#-]*", c)]
        dim_text = match.group("dim").strip()
        dimension = _dimension_of(dim_text) or dim_text.lower()
        for label in labels:
            segments.append(
                _Segment(dimension, _capitalize(label), None, None, "table", table.block_id)
            )
    for block in rows:
        if (
            block.block_type != "table"
            or block.block_id in design
            or not _is_methodology(block.section, settings)
        ):
            continue
        lines = [[_clean(c) for c in line.split("\t")] for line in block.text.split("\n")]
        header, body = lines[0], lines[1:]
        items = []
        for line in body:
            counts = [c for c in line[1:] if re.fullmatch(_NUM, c)]
            if line and line[0] and counts:
                items.append((line[0], _int(counts[0]) or 0))
        if len(items) < 2:
            continue
        dimension = _dimension_of(" ".join(header)) or _majority_dimension(
            [label for label, _ in items]
        )
        if dimension is None and header and header[0]:
            dimension = header[0].lower()
        if dimension is None:
            continue
        for raw, n in items:
            label, definition = _label_and_definition(raw)
            segments.append(
                _Segment(dimension, _capitalize(label), definition, n, "table", block.block_id)
            )
    return segments


def _phrase_segments(rows: Sequence[_Block]) -> list[_Segment]:
    segments: list[_Segment] = []
    for block in rows:
        if block.block_type not in ("paragraph", "list_item", "caption", "question", "source_note"):
            continue
        if "(" not in block.text:
            continue
        text = _clean(block.text)
        labelled = any(
            _LABEL_END_RE.search(inner) for inner in re.findall(r"\(([^()]{3,80})\)", text)
        )
        for match in _SHARE_LABEL_RE.finditer(text) if labelled else ():
            label = _LEADING_STOPWORDS_RE.sub("", match.group("label").strip())
            definition = _LEADING_STOPWORDS_RE.sub("", match.group("def").strip())
            dimension = _dimension_of(label) or _dimension_of(definition)
            if dimension and not re.search(r"\d", label):
                segments.append(
                    _Segment(
                        dimension, _capitalize(label), definition, None, "phrase", block.block_id
                    )
                )
        for match in _DEFINED_AS_RE.finditer(text) if "defined as" in text.lower() else ():
            label = _LEADING_STOPWORDS_RE.sub("", match.group("label").strip())
            definition = f"defined as {match.group('def').strip()}"
            dimension = _dimension_of(label)
            if dimension and len(label.split()) >= 2:
                segments.append(
                    _Segment(
                        dimension, _capitalize(label), definition, None, "phrase", block.block_id
                    )
                )
    return segments


def _population_segments(questions: _Questions, figures: Sequence[_Figure]) -> list[_Segment]:
    """Chart populations with an n that name a subgroup ("developer respondents (n = 312)")."""
    caption_block = {f.ref: f.caption.block_id for f in figures}
    segments: list[_Segment] = []
    for question in questions.items.values():
        population, n = question.title_population, question.title_n
        if not population or n is None:
            continue
        if re.fullmatch(r"(?:all\s+)?respondents", population, re.I):
            continue
        dimension = _dimension_of(population)
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
            _Segment(
                dimension,
                _capitalize(label),
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


def _merge_segments(segments: Sequence[_Segment]) -> list[_Segment]:
    priority = {name: rank for rank, name in enumerate(SEGMENT_SOURCES)}
    merged: dict[tuple[str, str], _Segment] = {}
    deferred: list[_Segment] = []
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


def _add_definitions(segments: Sequence[_Segment], rows: Sequence[_Block]) -> None:
    pending = [s for s in segments if s.definition is None]
    if not pending:
        return
    sentences = [
        sentence
        for block in rows
        if block.block_type in ("paragraph", "list_item")
        for sentence in _sentences(_clean(block.text))
        if len(sentence) < 300
    ]
    for segment in pending:
        for name in [segment.label, *segment.aliases]:
            singular = re.escape(name[:-1] if name.lower().endswith("s") else name)
            pattern = re.compile(_DEFINITION_SENTENCE_RE.format(label=singular), re.I)
            found = next((m for m in map(pattern.match, sentences) if m), None)
            if found:
                segment.definition = found.group(0).rstrip(".")
                break


def _segment_rows(
    document_id: str, survey_key: str, segments: Sequence[_Segment]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for segment in segments:
        key = f"{survey_key}:{_slug(segment.dimension)}:{_slug(segment.label)}"
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


# ---------------------------------------------------------------------------------------------
# Claim links
# ---------------------------------------------------------------------------------------------


_CLAIM_COLUMNS = ("claim_id", "document_id", "block_id", "claim_text")
# A segment named this close after a claim's value ("47% of higher adopters") is its subject.
_SEGMENT_AFTER_VALUE_CHARS = 40


def _claim_links(
    claims: pd.DataFrame,
    survey_key: str,
    rows: Sequence[_Block],
    figures: Sequence[_Figure],
    block_question: dict[str, str],
    segments: Sequence[dict[str, object]],
    settings: SurveySettings,
) -> list[dict[str, object]]:
    if claims.empty:
        return []
    by_block = {b.block_id: b for b in rows}
    figure_question: dict[str, str] = {}
    for figure in figures:
        if figure.question_keys:
            figure_question.setdefault(figure.ref, figure.question_keys[0])
    in_figure: dict[str, str] = {}
    for figure in figures:
        if not figure.question_keys:
            continue
        for pos in range(figure.start, figure.end + 1):
            block_id = rows[pos].block_id
            in_figure[block_id] = block_question.get(block_id, figure.question_keys[0])
        for line in figure.title_lines:
            index = figure.title_lines.index(line)
            if index < len(figure.question_keys):
                in_figure[rows[line.pos].block_id] = figure.question_keys[index]
    matchers = _segment_matchers(segments, settings)
    links = []
    for claim in claims.itertuples(index=False):
        question_key, basis = None, None
        block_id = str(claim.block_id)
        if block_id in in_figure:
            question_key, basis = in_figure[block_id], "figure_block"
        else:
            refs = [
                _normalize_ref(m.group("kind"), m.group("num"))
                for m in _TEXT_FIGURE_REF_RE.finditer(str(claim.claim_text))
            ]
            block = by_block.get(block_id)
            if not refs and block is not None:
                refs = [
                    _normalize_ref(m.group("kind"), m.group("num"))
                    for m in _TEXT_FIGURE_REF_RE.finditer(block.text)
                ]
            for ref in refs:
                if ref in figure_question:
                    question_key, basis = figure_question[ref], "figure_reference"
                    break
        value_text = getattr(claim, "value_text", None)
        segment_key = _claim_segment(
            str(claim.claim_text), value_text if isinstance(value_text, str) else None, matchers
        )
        links.append(
            {
                "claim_id": claim.claim_id,
                "document_id": claim.document_id,
                "survey_key": survey_key,
                "question_key": question_key,
                "question_link_basis": basis,
                "segment_key": segment_key,
            }
        )
    return links


@dataclass(frozen=True)
class _Matcher:
    segment_key: str
    dimension: str
    pattern: re.Pattern[str]


def _claim_segment(text: str, value_text: str | None, matchers: Sequence[_Matcher]) -> str | None:
    """The segment a claim is about, judged by where segments are named around its value.

    A mention right after the value ("(52%, lower adopters)") wins, then the nearest mention
    before it ("higher adopters ... (47%)"), then one shortly after it ("47% of higher
    adopters"). Without a located value the first mention counts. Overlapping mentions keep the
    longest; a sentence naming three or more segments of one dimension is a listing ("a focus on
    Brazil, France, India, ...") and links to none of them.
    """
    found: list[tuple[int, int, _Matcher]] = []
    for matcher in matchers:
        for match in matcher.pattern.finditer(text):
            found.append((match.start(), match.end(), matcher))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, _Matcher]] = []
    for start, end, matcher in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, matcher))
    per_dimension = Counter(
        dimension for dimension, _ in {(m.dimension, m.segment_key) for _, _, m in kept}
    )
    kept = [k for k in kept if per_dimension[k[2].dimension] < 3]
    if not kept:
        return None
    anchor = text.find(value_text) if value_text else -1
    if anchor < 0 or not value_text:
        return kept[0][2].segment_key
    value_end = anchor + len(value_text)
    for start, _, matcher in kept:
        if start >= value_end and re.fullmatch(r"[\s,;:]*", text[value_end:start]):
            return matcher.segment_key
    before = [k for k in kept if k[1] <= anchor]
    if before:
        return before[-1][2].segment_key
    after = [k for k in kept if value_end <= k[0] <= value_end + _SEGMENT_AFTER_VALUE_CHARS]
    return after[0][2].segment_key if after else None


def _segment_matchers(
    segments: Sequence[dict[str, object]], settings: SurveySettings
) -> list[_Matcher]:
    generic = {label.lower() for label in settings.generic_segment_labels}
    matchers = []
    for row in segments:
        names = [str(row["segment_label"])]
        aliases = row["aliases"]
        if isinstance(aliases, str):
            names += [a.strip() for a in aliases.split(";") if a.strip()]
        for name in names:
            if name.lower() in generic or len(name) < 3:
                continue
            stem = name[:-1] if name.lower().endswith("s") and len(name) > 4 else name
            pattern = re.compile(rf"(?<![\w-]){re.escape(stem)}s?(?![\w-])", re.I)
            matchers.append(_Matcher(str(row["segment_key"]), str(row["dimension"]), pattern))
    return matchers


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


_EMPTY_FRAMES: dict[str, pd.DataFrame] = {}


def _frame(rows: Sequence[dict[str, object]], schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Rows validated by ``schema``; empty frames are validated once and then copied."""
    if not rows:
        name = str(schema.name)
        if name not in _EMPTY_FRAMES:
            empty = pd.DataFrame(columns=list(schema.columns))
            _EMPTY_FRAMES[name] = schema.validate(empty, lazy=True)
        return _EMPTY_FRAMES[name].copy()
    frame = pd.DataFrame(list(rows), columns=list(schema.columns))
    return schema.validate(frame, lazy=True)


def _split_embedded_note(block_type: str, text: str) -> list[tuple[str, str]]:
    """A paragraph running on into "Source: ..." (a chart title or footnote merged with the
    figure's source note) is read as the paragraph, then a source note."""
    if block_type != "paragraph":
        return [(block_type, text)]
    match = _EMBEDDED_NOTE_RE.search(text)
    if not match:
        return [(block_type, text)]
    return [(block_type, text[: match.start()].strip()), ("source_note", text[match.start() :])]


def _rows(blocks: pd.DataFrame) -> list[_Block]:
    ordered = blocks.sort_values("seq") if "seq" in blocks.columns else blocks
    result: list[_Block] = []
    for block in ordered.itertuples(index=False):
        page = block.page_number
        section = str(block.section_path) if isinstance(block.section_path, str) else ""
        for block_type, text in _split_embedded_note(str(block.block_type), str(block.text)):
            result.append(
                _Block(
                    pos=len(result),
                    block_id=str(block.block_id),
                    block_type=block_type,
                    text=text,
                    section=section,
                    page=None if pd.isna(page) else int(page),
                )
            )
    return result


def _has_survey(
    document_type: str | None, facts: dict[str, object], refs: Sequence[_Ref], design: Sequence[str]
) -> bool:
    if document_type == "article":
        return False
    structural = bool(refs) or bool(design) or facts.get("survey_name") is not None
    if document_type == "survey_report":
        return structural or facts.get("respondents") is not None
    return facts.get("respondents") is not None and structural


@dataclass
class _Rows:
    """Row dicts of the five frames, gathered over documents and validated once at the end."""

    surveys: list[dict[str, object]] = field(default_factory=list)
    questions: list[dict[str, object]] = field(default_factory=list)
    segments: list[dict[str, object]] = field(default_factory=list)
    figures: list[dict[str, object]] = field(default_factory=list)
    claim_links: list[dict[str, object]] = field(default_factory=list)


def _document_structure(
    document_id: str,
    blocks: pd.DataFrame,
    claims: pd.DataFrame,
    document_type: str | None,
    settings: SurveySettings,
    out: _Rows,
) -> None:
    rows = _rows(blocks)
    figures = _figures(rows, settings)
    out.figures.extend(
        {
            "document_id": document_id,
            "figure_ref": f.ref,
            "title": f.title,
            "block_id": f.caption.block_id,
            "page_number": f.caption.page,
        }
        for f in figures
    )
    if document_type == "article":
        return

    survey_key = f"{document_id}:survey"
    questions = _Questions(survey_key)
    refs, block_question = _questions_from_notes(rows, figures, questions, settings)
    design = _questions_from_design_tables(rows, questions)
    facts = _survey_facts(rows, refs, settings)
    if not _has_survey(document_type, facts, refs, design):
        return
    _uncoded_figure_questions(rows, figures, questions)

    evidence = facts.pop("evidence_block")
    if isinstance(evidence, _Block):
        evidence_id = evidence.block_id
    else:
        first = next(iter(questions.items.values()), None)
        evidence_id = first.block_id if first else rows[0].block_id
    out.surveys.append(
        {
            "document_id": document_id,
            "survey_key": survey_key,
            **facts,
            "evidence_block_id": evidence_id,
        }
    )
    out.questions.extend(_question_rows(document_id, survey_key, questions))
    segment_list = _merge_segments(
        _list_segments(rows, settings)
        + _table_segments(rows, settings, set(design))
        + _footnote_segments(rows, figures)
        + _phrase_segments(rows)
        + _population_segments(questions, figures)
    )
    _add_definitions(segment_list, rows)
    segment_rows = _segment_rows(document_id, survey_key, segment_list)
    out.segments.extend(segment_rows)
    if not claims.empty:
        doc_claims = claims[claims["document_id"] == document_id]
        out.claim_links.extend(
            _claim_links(
                doc_claims, survey_key, rows, figures, block_question, segment_rows, settings
            )
        )


def extract_survey_structure(
    blocks: pd.DataFrame,
    claims: pd.DataFrame,
    document_type: str | None,
    settings: SurveySettings = SurveySettings(),
) -> SurveyStructure:
    """The survey a document presents, its questions, segments, figures and claim links.

    ``blocks`` is a blocks frame (``extract.blocks.BLOCKS_SCHEMA``) of one or more documents;
    ``claims`` holds at least ``claim_id``, ``document_id``, ``block_id`` and ``claim_text``
    (it may be empty). ``document_type`` is the manifest's ("survey_report" or "article"), or
    None to decide from the text. Pure: the same input always gives the same frames.
    """
    if not claims.empty:
        missing = [c for c in _CLAIM_COLUMNS if c not in claims.columns]
        if missing:
            raise ValueError(f"claims frame lacks columns {missing}")
    out = _Rows()
    if not blocks.empty:
        for document_id in dict.fromkeys(blocks["document_id"]):
            _document_structure(
                str(document_id),
                blocks[blocks["document_id"] == document_id],
                claims,
                document_type,
                settings,
                out,
            )
    return SurveyStructure(
        surveys=_frame(out.surveys, SURVEYS_SCHEMA),
        questions=_frame(out.questions, QUESTIONS_SCHEMA),
        segments=_frame(out.segments, SEGMENTS_SCHEMA),
        figures=_frame(out.figures, FIGURES_SCHEMA),
        claim_links=_frame(out.claim_links, CLAIM_LINKS_SCHEMA),
    )
