"""Frozen settings for every extractor. Defaults are what the pipeline uses."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from extract.vocabulary import GENERIC_SEGMENT_LABELS, METHODOLOGY_SECTION_CUES

EXTRACTOR_VERSION = "0.7.28"
"""Bump when extraction output changes, so that unchanged documents are extracted again."""

ALLOW_PRIVATE_URLS_ENV = "SOURCES_ALLOW_PRIVATE_URLS"
"""Set to 1 (true, yes, on) to fetch URLs on loopback, link-local or private addresses."""


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class PdfSettings:
    """How PDF pages are read (see extract.pdf): one field per rule of layout, grouped by stage.

    Lengths are in points; a "ratio" is a multiple of the font size unless its comment says
    otherwise; a "share" is a fraction between 0 and 1.
    """

    password: str | None = None

    # Characters and words (extract.pdf.characters)
    # Overprinted copies of a character (fake bold) lie within this many points of each other.
    dedupe_tolerance: float = 1.0
    # ... or within this share of the font size, if larger (no two real letters stand closer).
    dedupe_size_ratio: float = 0.15

    # Damage of the text layer (extract.pdf.damage)
    # A word of at least this many characters, each printed twice in a row, is doubled glyphs.
    doubled_min_chars: int = 6
    # A font maps glyphs to wrong letters when this share of its words are not English words ...
    glyph_mapping_min_unknown_share: float = 0.3
    # ... and one letter changed for another makes English words of this share of those ...
    glyph_mapping_min_explained_share: float = 0.4
    # ... counting at least this many words (and fonts with fewer words are not judged).
    glyph_mapping_min_words: int = 5
    # A gap wider than this share of the font size separates two words.
    word_gap_ratio: float = 0.15
    # Characters whose tops differ by at most this many points can belong to one word.
    word_y_tolerance: float = 3
    # A lone "o" or unmapped glyph followed by a gap this wide (a tab) is a bullet.
    bullet_gap_ratio: float = 0.8

    # Running headers and footers (extract.pdf.furniture)
    # Lines repeated at the same place on at least this share of pages are running heads/feet.
    running_line_min_share: float = 0.5
    # Text within this many points of the top or bottom edge may be a running header or footer.
    margin_band: float = 72.0
    # A header line is cut into fragments (left, centre, right) at gaps this wide.
    fragment_gap_ratio: float = 2.0
    # The same fragment on two pages stands within this many points of the same place.
    running_position_tolerance: float = 4.0
    # A margin line of more fragments than this is text, not a running head.
    max_running_fragments: int = 3

    # Tables (extract.pdf.tables, .ruled, .unruled)
    # A filled rectangle at most this many points thick is a drawn rule, never a bar.
    ruling_max_width: float = 2.0
    # Bars of one chart differ in length by more than this share (table shading does not).
    bar_min_length_spread: float = 0.05
    # A ruled grid covering this share of the page area or more is a frame, not a table.
    ruled_max_page_share: float = 0.8
    # A table line is cut into cells at gaps wider than this ratio of the font size ...
    segment_gap_ratio: float = 0.8
    # ... and than this many times the page's median gap between words.
    segment_gap_word_gaps: float = 2.5
    # Column heads printed close together ("satisfied DK/Ref" over two columns) are cut apart at
    # a gap wider than this many times the page's median word gap whose two sides stand over
    # different column slots; a title spanning the columns has even gaps and stays whole.
    head_gap_word_gaps: float = 1.5
    # Heads printed apart from their table (extract.pdf.heads): at most this many words over one
    # value column ...
    max_head_words: int = 4
    # ... and at most this many lead-in lines over the labels between the heads and the table;
    max_head_lead_ins: int = 2
    # a line starting more than this many font sizes left of the table is not its heads.
    head_left_tolerance_ratio: float = 1.0
    # A column whose body cells are numbers in this share of them is a column of values.
    numeric_column_share: float = 0.6
    # A column of cells of this many words or fewer is a column of short cells (tables have one).
    max_short_cell_words: int = 3
    # An unruled table has at least this many rows (and column slots this many segment starts).
    min_unruled_rows: int = 3
    # At most this many leading rows are header rows.
    max_header_rows: int = 3
    # Cells of more words than this on average are running text, not a table.
    max_mean_cell_words: int = 30
    # A line continues the row above unless the pitch above it exceeds this many times the pitch
    # of wrapped lines ...
    row_pitch_ratio: float = 1.3
    # ... taken as the table's smallest pitch, but at least this ratio of the font size.
    wrapped_pitch_min: float = 0.8
    # Column slots: segment starts within this ratio of the font size of each other.
    slot_tolerance: float = 0.25
    # A column whose long lines (4 words or more) end at the same x in this share is justified
    # text, not a column of cells.
    justified_share: float = 0.6
    # Lines further apart than this ratio of the font size end a run of table lines.
    run_gap_ratio: float = 2.0
    # A column where this share of the cells below the first start in lower case is running text.
    lower_case_cells_share: float = 0.25

    # Charts printed as text (extract.pdf.charts)
    # A chart has at least this many value labels paired with category labels.
    chart_min_values: int = 2
    # Words closer than this ratio of the font size form one run (a value label, a label line).
    chart_run_gap_ratio: float = 0.9
    # Label lines stacked closer than this ratio of the font size are one wrapped label.
    chart_label_leading_ratio: float = 0.45
    # A category label has at most this many words and spans at most this share of the page.
    chart_max_label_words: int = 14
    chart_max_label_width_share: float = 0.45
    # A label under or over its value lies within this ratio of the font size of it.
    chart_max_label_gap_ratio: float = 3.0
    # Costs of the layouts, per font size of gap: the label at the base of the value's bar, a
    # value's own row read back to its label (bar charts: the bar between them makes the gap
    # long), the row read forward (legend-like lists), a leader line's ends, a label off the
    # value's centre, a label above the value.
    chart_bar_weight: float = 0.2
    chart_row_weight: float = 0.25
    chart_after_weight: float = 0.5
    chart_leader_weight: float = 0.1
    chart_off_centre_weight: float = 0.3
    chart_above_penalty: float = 0.2
    # Labels are assigned at the least total cost; a value leaves its cheapest label to another
    # value only for a label costing at most this much more.
    chart_reassign_margin: float = 0.25
    # A pie's slice covers less than this share of the page (a slide's background is none), and
    # more than this many filled shapes around the slices are no pie (a map, a shaded grid).
    chart_max_slice_page_share: float = 0.25
    chart_max_pie_shapes: int = 64
    # A legend key (small square) lies within this ratio of the font size before its label ...
    chart_legend_gap_ratio: float = 1.5
    # ... and its colour matches a bar's within this much per channel (0-1 scale).
    chart_colour_tolerance: float = 0.02
    # Numbers within this ratio of the font size beside and above or below a value make it a
    # cell of a table.
    chart_grid_gap_ratio: float = 8.0
    # Pairs within this ratio of the font size of each other belong to one chart.
    chart_join_gap_ratio: float = 6.0

    # Reading order (extract.pdf.order)
    # A gutter between columns is at least this many points wide ...
    min_gutter: float = 4.0
    # ... and at least this ratio of the font size.
    min_gutter_size_ratio: float = 0.6
    # Lines may cross a gutter (titles, captions across columns) up to this share of the lines.
    max_blocker_share: float = 0.15
    # Each side of a gutter is a text block at least this share of the region's width.
    min_side_width_ratio: float = 0.12
    # How deep the recursive cut goes at most (text placed far off the page must not recurse on).
    max_cut_depth: int = 40
    # Without a gutter, a region is cut at its widest horizontal gap if it is this ratio of the
    # font size.
    min_cut_gap_ratio: float = 0.5
    # A region of evenly spaced lines is running text, not cut line by line, when this share of
    # its lines start at one x and two run to the column's right edge with this many words at
    # least, one of them without a sentence end (it wraps).
    running_text_left_share: float = 0.75
    running_text_min_words: int = 5

    # Paragraphs (extract.pdf.paragraphs)
    # A new paragraph starts at a line pitch over this ratio of the font size ...
    paragraph_gap_size_ratio: float = 1.45
    # ... and over this many times the column's median line pitch.
    paragraph_gap_pitch_ratio: float = 1.3
    # Words split over lines with a trailing hyphen are joined.
    join_hyphenated: bool = True

    # Headings and block types (extract.pdf.blocks)
    # A paragraph set this many times larger than the body text may be a heading ...
    heading_size_ratio: float = 1.12
    # ... when it has at most this many lines ...
    max_heading_lines: int = 4
    # ... and at most this many words.
    max_heading_words_large: int = 30
    # Text under this share of the body size right under a table is its source note.
    small_print_ratio: float = 0.88


@dataclass(frozen=True)
class HtmlSettings:
    """How HTML pages are read (see extract.html)."""

    # A container whose text is mostly link text is navigation, not content.
    max_link_density: float = 0.5
    # A block of text needs this many non-space characters to count as running text.
    min_paragraph_chars: int = 40
    # A <main> or <article> is trusted as the content when it holds this share of the running text.
    semantic_min_share: float = 0.3
    # An <article> inside the chosen <main> replaces it when it holds this share of its text.
    article_share_of_main: float = 0.7
    # An element holding this share of the running text is never dropped as boilerplate.
    keep_share: float = 0.5
    # Widgets (share bars, counters) have fewer text characters than this per element.
    min_chars_per_tag: float = 10.0
    # Drop boilerplate inside the content container (link lists, widgets). Off for a page made
    # from Markdown, whose every part was written as content (extract.markdown).
    drop_boilerplate: bool = True
    # A bar chart in markup: whole numbers are the counts of its shares when each count over its
    # share lies within this share of the median count over share.
    chart_count_tolerance: float = 0.15


@dataclass(frozen=True)
class ClaimSettings:
    """How claims are read (see extract.claims). Defaults are what the pipeline uses."""

    # Block types whose text is read for claims (survey questions are not: "in the next 12
    # months" is no finding).
    block_types: tuple[str, ...] = (
        "paragraph",
        "list_item",
        "caption",
        "quote",
        "source_note",
        "heading",
        "table",
        "chart",
    )
    # Tables and charts (extract.claims.titles, .tables): a title is looked for this many blocks
    # back at most, and is cut to this many words.
    title_lookback: int = 8
    max_title_words: int = 20
    # A question of at most this many words that only points back ("Why not?", "If so, how?")
    # is a follow-up, titled with the question before it.
    follow_up_max_words: int = 8
    # At most this many leading rows of a table are header rows.
    max_header_rows: int = 4
    # A table cell of this many words or more is running text, read like a paragraph; a cell of
    # at most this many words with a share or an amount is a value cell ("Cost (52%)").
    prose_cell_min_words: int = 10
    max_mixed_cell_words: int = 5
    # A table is a percentage distribution when its rows (or columns) sum to 100 within this
    # many points ...
    distribution_tolerance: float = 2.0
    # ... in at least this share of its rows.
    distribution_min_share: float = 0.6
    # Longest subject phrase, in words ...
    max_subject_words: int = 8
    # A label read before a bracketed number or a comma has at most this many words.
    max_label_words: int = 6
    # ... and longest predicate a population's share is extended by (extract.claims.subject).
    max_predicate_words: int = 7
    # ... and longest answer a bracketed share closes ("respondents felt that <answer> (43%)").
    max_answer_words: int = 14
    # Longest subject of a number in CJK text, in characters (extract.claims.cjk).
    max_cjk_subject_chars: int = 24
    # A claim's text holds at least this many words beside its number, or one fewer when its
    # subject has two words or more (extract.claims.publish).
    min_context_words: int = 3
    # How many following blocks may hold the source note of a table, caption or list item.
    source_note_lookahead: int = 3
    # Longest cited source kept, in characters (a longer one is cut at a word boundary).
    max_source_chars: int = 160
    # A document that mentions respondents/surveys/participants at least this often is a survey
    # report: its percentages with no other cue are survey findings.
    survey_document_min_mentions: int = 10
    # How many characters before a number its hedge, currency and reference patterns read: the
    # longest of them fits ("an average of", "approximately", "Exhibit <").
    context_chars: int = 48
    # A number above this is not a figure a report states (an overflow, a hash, an ID).
    max_value: float = 1e30


@dataclass(frozen=True)
class SurveySettings:
    """Tunable limits of the survey-structure extractor (see extract.surveys). Defaults are what
    the pipeline uses."""

    # A figure's blocks end at most this many blocks after its caption, and before the first
    # paragraph of running prose (at least this long and of two or more sentences).
    max_figure_blocks: int = 15
    min_prose_chars: int = 250
    # The margin of error kept when a report quotes it at several confidence levels.
    preferred_confidence_pct: float = 95.0
    # Section names (lower case substrings) where methodology and demographic facts are stated.
    methodology_cues: tuple[str, ...] = METHODOLOGY_SECTION_CUES
    # Segment labels never matched against claims (they would match everywhere).
    generic_segment_labels: tuple[str, ...] = GENERIC_SEGMENT_LABELS
    # Longest text of a question block or paragraph read as question text.
    max_question_chars: int = 600
    # A segment named this many characters or fewer after a claim's value ("47% of higher
    # adopters") is its subject.
    segment_after_value_chars: int = 40
    # A claim of running text discusses the question of an exhibit at most this many blocks
    # before or after it (no heading between), when its sentence shares a word with the
    # exhibit that is not common to the report's questions (in at most this share of them).
    discussed_exhibit_max_blocks: int = 3
    discussed_word_max_question_share: float = 0.25

    # Exhibits (extract.surveys.exhibits). A line of its own is at most this long: a base line
    # ("55 out of 59 answered"), a filter line ("ASK FORM 1 ONLY [N=751]:"), a bare value of a
    # run ("20%"); an answer instruction line ("Optional. Single select.") and an open question's
    # ("Optional. Free response ...") at most these.
    max_line_chars: int = 120
    max_instruction_chars: int = 60
    max_open_instruction_chars: int = 100
    # A question runs on after its last "?" by at most this many characters (an instruction)
    # and is at most this many sentences long up to it.
    max_question_tail_chars: int = 80
    max_question_sentences: int = 3
    # A chart title is at most this long and at most this many blocks before its answers.
    max_title_chars: int = 200
    title_lookback_blocks: int = 3
    # A run of bare values is read over at most this many blocks.
    max_value_run_blocks: int = 600
    # Survey facts (extract.surveys.facts): the first blocks of a report are its cover.
    cover_blocks: int = 3
    # Breakdowns (extract.surveys.breakdowns): a header naming a dimension ("Regions") has at
    # most this many words, a segment label at most this many characters; counts adding up to
    # the respondents within this share make a complete dimension; this many characters of its
    # sentence are read before a group named in prose.
    max_dimension_header_words: int = 4
    max_segment_label_chars: int = 120
    complete_dimension_tolerance: float = 0.01
    breakdown_context_chars: int = 120


@dataclass(frozen=True)
class FetchSettings:
    """How URLs in a manifest are fetched."""

    # Wall-clock limit for the whole request: resolving, connecting, redirects, headers and body.
    timeout_seconds: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    user_agent: str = "survey-claims-warehouse"
    # Loopback, link-local, private, shared and reserved addresses are refused unless this is set
    # (default: the environment variable SOURCES_ALLOW_PRIVATE_URLS, read when settings are made).
    allow_private_addresses: bool = field(default_factory=lambda: _env_flag(ALLOW_PRIVATE_URLS_ENV))


@dataclass(frozen=True)
class ExtractionSettings:
    """Everything extract_document needs."""

    max_file_bytes: int = 200 * 1024 * 1024
    # PDFs: the page count and the characters of each page are counted (pypdfium2) before parsing.
    max_pages: int = 2000
    max_page_chars: int = 100_000
    # HTML pages over this size are refused before they are parsed.
    max_html_bytes: int = 10 * 1024 * 1024
    # Parsing, claims and survey structure run in a child process (Linux) with these limits; a
    # document over them fails alone (too_slow / too_large). None lifts a limit; with both None
    # the document is extracted in the calling process.
    max_seconds: float | None = 600.0
    max_memory_bytes: int | None = 2 * 1024 * 1024 * 1024
    pdf: PdfSettings = field(default_factory=PdfSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
