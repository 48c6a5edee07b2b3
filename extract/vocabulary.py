"""The vocabulary of the genre: every word list the extractors read survey reports and articles by.

Data only, in one place, so that a word is added once and every extractor sees it. Two kinds of
list:

* **word sets** (``frozenset``), compared with one lower-case token at a time, written as
  whitespace-separated words;
* **terms** (``tuple``, one term per line, in the order they are tried), which the extractors
  join with ``|`` into a regular expression, matched case-insensitively unless said otherwise.
  A term may use regular-expression syntax for its inflections (``respondents?``, ``adopt\\w*``);
  where a list's words carry their own word boundaries (``\\b``), they are part of the term.

Where two lists look alike but serve different purposes, both are kept, named by purpose, and
the comment says why (merging them would change what the extractors find). Spellings of units
and scales (``extract.claims.units``) and phrase shapes ("across N countries") stay in the module
that reads them: they are grammar, not vocabulary.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, in order."""
    return tuple(text.split())


def _terms(text: str) -> tuple[str, ...]:
    """One term per non-blank line, in order."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------------------------------------
# Function words and stop lists
# ---------------------------------------------------------------------------------------------

# Words that may open a sentence or stand before a number without making it a name; a counted
# noun phrase ends at one; a subject phrase does not end on one.
FUNCTION_WORDS = frozenset(
    _words(
        """
        a an the and or but nor so yet of in on at to by for from with within without into onto
        upon over under above below about around across after before behind beside besides
        between beyond during except inside outside near past since through throughout toward
        towards until up down off out among amid against along despite via per than as like
        unlike only just nearly almost roughly approximately some all any each every another
        both either neither these those this that its their our his her my your more less fewer
        most least many much several when while where if though although because once today
        now still even also then here there already recently currently overall total exactly
        precisely estimated average approx just fully nearly half is are was were be been being
        has have had will would can could may might must should do does did it they we he she
        you i who which what whose whom how why respectively just another other such same own
        """
    )
)

# Words that end in "s" but are no plural noun, so never the noun a number counts
# ("30 percent of its ...", "3 news ..."); with the function words.
NOT_COUNTED_NOUNS = FUNCTION_WORDS | frozenset(
    _words(
        """
        this its his hers ours yours theirs is was has does as us yes plus less across versus
        thus always perhaps whereas towards afterwards besides unless various previous serious
        famous numerous news means series species
        """
    )
)

# A superlative predicate that ranks the subject of its clause ("Kafka was clearly the most
# common (41%)"): the copulas, the adverbs between, the ranking words after "the".
COPULAS = _words("is was are were remains remained became becomes")
RANKING_ADVERBS = _terms(
    """
    clearly
    easily
    by far
    still
    also
    again
    once again
    """
)
RANKING_WORDS = _words("most least top leading")

# Words of a follow-up question that only point back at the question before ("Why not?", "If
# so, how?", "How will it be paid for?"): negations and pronouns standing for an earlier subject.
NEGATION_WORDS = frozenset(_words("not no"))
ANAPHORIC_PRONOUNS = frozenset(_words("it they them this that these those"))

# Plural nouns without a final "s" that a number counts ("40 staff").
IRREGULAR_PLURALS = frozenset(_words("people staff personnel children men women employees"))

# A title does not end on a word that needs a continuation (headings, extract.genre).
DANGLING_WORDS = frozenset(
    _words(
        """
        a an and are as at by for from in into is of on or that the to with across than
        """
    )
)

# Subject phrases (extract.claims.subject). Read forward from a number, a phrase ends at these
# words; the narrow list, for the words right after a number, ends at relative pronouns too.
SUBJECT_FORWARD_STOPS = frozenset(
    _words(
        """
        while whereas compared but although though because due according respectively versus
        vs when where after before since until unless whether thereby rather being following
        annually monthly daily weekly yearly later earlier ago late early mid year-over-year
        year-on-year yoy y/y
        """
    )
)
SUBJECT_FORWARD_STOPS_NARROW = SUBJECT_FORWARD_STOPS | frozenset(_words("which whom whose"))
# Read backward from a number, a phrase ends at these words (verbs, prepositions, connectives).
SUBJECT_BACKWARD_STOPS = frozenset(
    _words(
        """
        including include includes included with than to by as such like compared while but
        are is were was be been have has had cite cited cites report reports reported say says
        said show shows showed indicate indicates indicated see sees about at among from that
        which who whom whose rank ranks ranked followed emerged can could will would may might
        must should do does did after before yet so then once when if because since although
        though whereas why how what where there
        """
    )
)
# Words dropped from the start of a subject phrase (determiners, quantifiers, prepositions).
SUBJECT_LEADING_DROPS = frozenset(
    _words(
        """
        the a an its their our his her these those this that most many some all any each
        every both only just also now currently still either neither on in at for to of with by
        from into and or but
        """
    )
)
# Words that open a subordinate clause; skipped before a clause's subject.
SUBORDINATORS = frozenset(
    _words("when while if as although though because since after before once whereas and but so")
)

# Words dropped from the start of a segment label or definition ("and the higher adopters").
LABEL_LEADING_WORDS = _words(
    """
    and the of among for that these those specifically while whereas but by in with to from
    between than both all
    """
)

# ---------------------------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------------------------

# Finite verbs: the start of a clause before one is its subject (extract.claims.subject).
VERBS = frozenset(
    _words(
        """
        is are was were be been has have had will would can could may might shall should must
        do does did sits sit stands stand stood holds hold held shows show reaches reach reached
        hits hit scores score achieves achieve achieved remains remain accounts account
        represents represent makes make uses use reports report reported says say said finds
        find found reveals reveal revealed delivers deliver receive receives exceeds exceed
        surpasses surpass outperforms outperform leads lead led trails trail ships ship command
        commands recorded records processed processes contributed contributes released releases
        published publishes offers offer provides provide provided cite cites cited consider
        considers believe believes expect expects agree agrees prefer prefers see sees saw
        indicate indicates indicated comprised comprises included includes totaled totalled came
        come demonstrates demonstrate signals signal suggests suggest means mean proves prove
        highlights reflects reflect requires require allows allow enables enable helps help took
        take takes spend spends spent need needs get gets got run runs ran
        """
    )
)
# Verbs that end a noun phrase read forward ("the consortium demonstrates …").
CLAUSE_VERBS = frozenset(
    _words(
        """
        demonstrates signals suggests means proves highlights reflects requires allows enables
        helps shows reveals indicates fits runs sits stands holds remains makes offers provides
        leads trails accounts represents
        """
    )
)
# Verbs of change: "rose from 23% to 41%" is a change (two claims), not a range. Every form.
CHANGE_VERBS = frozenset(
    _words(
        """
        rose rise rises rising risen fell fall falls falling fallen dropped drop drops dropping
        grew grow grows growing grown increased increase increases increasing decreased decrease
        decreases decreasing declined decline declines declining narrowed narrow narrows
        narrowing widened widen widens jumped jump jumps climbed climb climbs slipped slip shrank
        shrink shrunk went go goes moved move moves improved improve improves cut cuts cutting
        reduced reduce reduces reducing lowered lower lowers lowering raised raise boosted boost
        shifted shift changed change expanded expand surged surge soared soar plunged plunge
        doubled halved down up tumbled slid sank gained gain lost
        """
    )
)
# Verbs of change with an object: "cut redundant data movement by 41%" measures its object.
TRANSITIVE_CHANGE_VERBS = _terms(
    r"""
    cut
    cuts
    cutting
    reduc(?:e|es|ed|ing)
    lower(?:s|ed|ing)?
    boost(?:s|ed|ing)?
    increas(?:e|es|ed|ing)
    decreas(?:e|es|ed|ing)
    improv(?:e|es|ed|ing)
    rais(?:e|es|ed|ing)
    shrink(?:s|ing)?
    shrank
    slash(?:es|ed|ing)?
    accelerat(?:e|es|ed|ing)
    speed(?:s|ing)? up
    """
)
# Verbs of change without an object: "User retention … rose 14%" measures their subject.
INTRANSITIVE_CHANGE_VERBS = _words(
    """
    rose rises rise fell falls fall dropped drops drop grew grows grow increased decreased
    declined declines narrowed widened jumped climbed slipped shrank shrunk improved surged
    soared plunged doubled halved went gained tumbled slid sank
    """
)
# Verbs by which a cited work states a number ("a study by X finds", "X's survey shows").
REPORTING_VERBS = _terms(
    r"""
    shows?
    showed
    reveals?
    revealed
    finds?
    found
    indicates?
    indicated
    suggests?
    suggested
    reports?
    reported
    estimates?
    estimated
    notes?
    noted
    concludes?
    concluded
    confirms?
    confirmed
    provides?
    included
    includes
    recorded
    records
    highlights?
    says
    said
    states?
    """
)

# ---------------------------------------------------------------------------------------------
# Numbers in words, hedges
# ---------------------------------------------------------------------------------------------

# Cardinals spelled out, one to ninety (number-parser turns them into digits).
DIGIT_WORDS = _words("one two three four five six seven eight nine")
CARDINAL_WORDS = (
    *DIGIT_WORDS,
    *_words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"),
    *_words("twenty thirty forty fifty sixty seventy eighty ninety"),
)
# Spelled numbers that cannot open the phrase after a number (its subject: "3 of 12 …"). Not
# the cardinal words above: the teens are not in it and "dozen" is, and uniting the two lists
# would change which subjects are found.
SUBJECT_NUMBER_WORDS = (
    *_words("one two three four five six seven eight nine ten eleven twelve"),
    *_words("twenty thirty forty fifty sixty seventy eighty ninety hundred thousand dozen"),
)
# Fraction words and the denominator each stands for ("three-quarters" is 75%).
FRACTION_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
# Hedges before a number, kept as its qualifier ("more than 700"), tried in this order.
HEDGES = _terms(
    r"""
    more than
    less than
    fewer than
    greater than
    at least
    at most
    up to
    nearly
    almost
    about
    around
    roughly
    approximately
    approx\.
    just over
    just under
    over
    under
    above
    below
    close to
    upwards of
    as many as
    as much as
    as few as
    an estimated
    estimated
    some
    exceeding
    exceeds?
    surpass(?:es|ing)?
    averaging
    an average of
    on average
    average of
    in excess of
    """
)
# Hedges of a respondent count ("more than 700 respondents"): an exact count scores higher.
RESPONDENT_COUNT_HEDGES = _terms(
    """
    more than
    over
    nearly
    almost
    about
    approximately
    around
    roughly
    some
    ~
    """
)
# Qualifiers that compare a measurement with a threshold ("latency below 100 ms"): the subject
# is read backward from them.
COMPARISON_QUALIFIERS = _terms(
    """
    above
    over
    below
    under
    exceeding
    exceeds
    exceed
    more than
    less than
    fewer than
    beyond
    upwards of
    """
)

# ---------------------------------------------------------------------------------------------
# Dates and sentences
# ---------------------------------------------------------------------------------------------

MONTH_NAMES = _words(
    """
    january february march april may june july august september october november december
    """
)
"""Months in calendar order: a month's number is its index + 1, its abbreviation its first three
letters."""
# How a month may be written: its name or its abbreviation ("Sept" too), lower case.
MONTH_FORMS = _terms(
    r"""
    jan(?:uary)?
    feb(?:ruary)?
    mar(?:ch)?
    apr(?:il)?
    may
    june?
    july?
    aug(?:ust)?
    sep(?:t(?:ember)?)?
    oct(?:ober)?
    nov(?:ember)?
    dec(?:ember)?
    """
)

# A full stop after one of these (or after an initial) does not end a sentence.
SENTENCE_ABBREVIATIONS = frozenset(
    _words(
        """
        e.g i.e vs etc dr mr mrs ms prof inc ltd co corp st no nos fig figs approx al jan feb
        mar apr jun jul aug sep sept oct nov dec u.s u.k ph.d m.sc b.s b.a m.a est dept govt jr
        sr mt op cf ca vol pp p ed eds rev gen lt col sgt cpl univ assn bros
        """
    )
)

# ---------------------------------------------------------------------------------------------
# People: respondents, populations, segments
# ---------------------------------------------------------------------------------------------

# A sentence speaking of a survey's population: its shares and counts are survey findings.
SURVEY_POPULATION_CUES = _terms(
    """
    respondents?
    surveyed
    surveys?
    participants?
    interviewees
    polled
    """
)
# What a survey report mentions often (its percentages with no other cue are survey findings).
# Not the cues above: these count mentions, so "surveys", "participant" and "polled" are not in
# it; counting them would change which documents pass the threshold.
SURVEY_MENTIONS = _terms(
    """
    respondents?
    surveyed
    survey
    participants
    interviewees
    """
)
# The people a count of respondents counts ("703 participants", "316 IT professionals").
RESPONDENT_NOUNS = _terms(
    r"""
    respondents
    participants
    professionals
    developers
    technologists
    leaders
    executives
    decision-makers
    organi[sz]ations
    companies
    people
    individuals
    engineers
    practitioners
    IT professionals
    responses
    completed (?:surveys|questionnaires|responses|interviews)
    completes
    interviews
    adults
    """
)
# Nouns that may end a count-list item ("Decision-makers: 391 respondents").
COUNT_ITEM_NOUNS = _terms(
    r"""
    respondents
    participants
    people
    organi[sz]ations
    companies
    responses
    """
)
# Populations a segment phrase defines ("organizations who have very high adoption (…)").
POPULATION_NOUNS = _terms(
    r"""
    organi[sz]ations
    respondents
    companies
    enterprises
    firms
    developers
    users
    people
    businesses
    teams
    orgs
    participants
    researchers
    scientists
    students
    maintainers
    members
    employees
    """
)
# Head nouns of a segment label ("higher GenAI adopters", "decision-makers").
SEGMENT_LABEL_NOUNS = _terms(
    r"""
    adopters
    users
    organi[sz]ations
    respondents
    developers
    companies
    enterprises
    firms
    leaders
    contributors
    teams
    businesses
    orgs
    professionals
    engineers
    decision-makers
    """
)
# Sizes of an organization that name a group of respondents ("smaller organizations") ...
# Nouns too vague to head a list of examples ("others, such as Go (12%)").
VAGUE_NOUNS = frozenset(_words("others other things thing ones one stuff items aspects"))
SIZE_WORDS = _terms(
    r"""
    small(?:er)?
    large(?:r)?
    big(?:ger)?
    mid-?size(?:d)?
    medium-size(?:d)?
    """
)
# ... and the organizations they size.
ORGANIZATION_NOUNS = _terms(
    r"""
    organi[sz]ations
    companies
    enterprises
    businesses
    firms
    employers
    """
)
# Segment labels never matched against claims (they would match everywhere).
GENERIC_SEGMENT_LABELS = _terms(
    """
    other
    others
    all
    total
    none
    n/a
    respondents
    all respondents
    """
)

# ---------------------------------------------------------------------------------------------
# Figures, references and sources
# ---------------------------------------------------------------------------------------------

# Words that number a figure ("Figure 5", "Exhibit 7", "Table 2"); "fig." is "Figure".
FIGURE_WORDS = _terms(
    r"""
    figure
    fig\.
    exhibit
    chart
    graph
    table
    """
)
# Headings of a document's list of the works it cites: a number there belongs to a cited work
# (its title, volume, pages), never to the document's own findings.
REFERENCE_LIST_HEADINGS = _terms(
    r"""
    references
    bibliography
    works cited
    literature cited
    cited literature
    cited works
    参考文献
    参考资料
    """
)
# Headings of a document's acknowledgments: its numbers are grant and award numbers.
ACKNOWLEDGMENT_HEADINGS = _terms(
    r"""
    acknowledgments
    acknowledgements
    acknowledgment
    acknowledgement
    funding
    funding information
    致谢
    """
)
# Nouns that say an image is a chart when its text alternative names one ("Chart of ...",
# "Bar chart showing ..."): the image is a figure of results, its alt text the figure's title.
CHART_NOUNS = _terms(
    r"""
    charts?
    graphs?
    plots?
    diagrams?
    histograms?
    infographics?
    visuali[sz]ations?
    """
)
# Words after which a number is a reference, not a quantity ("page 4", "Level 2", "top 5").
REFERENCE_WORDS = _terms(
    r"""
    figures?
    fig\.
    exhibits?
    tables?
    charts?
    graphs?
    pages?
    p\.
    pp\.
    sections?
    chapters?
    appendix
    appendices
    steps?
    levels?
    phases?
    tiers?
    versions?
    releases?
    v\.
    no\.
    nos\.
    numbers?
    items?
    questions?
    footnotes?
    notes?
    slides?
    rank(?:ed)?
    top
    series
    gen
    generation
    round
    wave
    part
    volume
    vol\.
    issue
    #
    """
)
# Works a number is cited from when they "show" it ("a study by X finds", "X's survey shows").
CITED_WORKS = _terms(
    """
    survey
    surveys
    study
    studies
    report
    analysis
    research
    poll
    census
    audit
    review
    benchmarks
    data
    dataset
    paper
    """
)
# Works a number is "based on" ("based on a survey of …"). Not the works above: the lists
# differ ("interviews" here; "review", "paper", "dataset" there), and uniting them would change
# which sources are found.
BASIS_WORKS = _terms(
    """
    survey
    study
    analysis
    report
    research
    poll
    census
    interviews?
    data
    """
)
# Sample details a source note gives after the source it names ("…, 703 participants, n = 316,
# Dec 2024"): the source is cut before them (month names are added by the reader).
SAMPLE_DETAILS = _terms(
    r"""
    \d
    n\s*=
    sample
    valid cases
    total mentions
    base\b
    answered
    respondents\b
    """
)

# ---------------------------------------------------------------------------------------------
# Claim kinds
# ---------------------------------------------------------------------------------------------

# A forecast: the sentence looks ahead.
FORECAST_CUES = _terms(
    r"""
    will
    projected
    projection
    expected to
    forecasts?
    forecasted
    predicts?
    predicted
    predictions?
    anticipated?
    by 20\d\d
    outlook
    going to
    """
)
# Cue words of the other kinds, by kind, tried in this order.
KIND_CUES = (
    (
        "benchmark",
        _terms(
            r"""
            benchmarks?
            elo
            leaderboards?
            latency
            throughput
            accuracy
            scores?
            scored
            outperform\w*
            percentile
            perplexity
            evaluations?
            arena
            tokens per second
            flops
            utilization
            faster
            slower
            """
        ),
    ),
    (
        "cost",
        _terms(
            r"""
            costs?
            cheaper
            price[sd]?
            pricing
            spend(?:ing)?
            spent
            savings?
            sav(?:e|es|ed)
            budgets?
            fees?
            expensive
            dollars?
            """
        ),
    ),
    (
        "adoption",
        _terms(
            r"""
            adopt\w*
            use[sd]?
            using
            usage
            users?
            deploy\w*
            downloads?
            downloaded
            rel(?:y|ies|ying)
            implement\w*
            uptake
            """
        ),
    ),
    (
        "market_statistic",
        _terms(
            """
            markets?
            share
            revenues?
            shipments?
            ships
            vendors?
            companies
            enterprises
            industry
            industries
            growth
            investors?
            funding
            valuation
            customers
            firms
            """
        ),
    ),
)
# Verbs after a percent that make it what respondents say ("42% report …", "… of them expect").
SURVEY_IDIOM_VERBS = _terms(
    r"""
    report(?:s|ed)?
    say
    says
    said
    cite[sd]?
    believe[sd]?
    agree[sd]?
    expect(?:s|ed)?
    indicate[sd]?
    consider(?:s|ed)?
    feel
    felt
    view(?:s|ed)?
    prefer(?:s|red)?
    plan(?:s|ned)?
    predict(?:s|ed)?
    forecast
    anticipat\w+
    express(?:es|ed)?
    """
)
# Words of money around an amount that lost its currency sign (".8 million in fees").
MONEY_CUES = _terms(
    r"""
    costs?
    costing
    spend(?:ing|s)?
    spent
    fees?
    sav(?:e|es|ed|ing|ings)
    budgets?
    revenues?
    funding
    funded
    invest(?:ed|ing|ment|ments)?
    price[sd]?
    pricing
    paid
    pay
    payments?
    worth
    valuation
    valued
    raised
    salar(?:y|ies)
    expenses?
    dollars?
    usd
    profits?
    losses
    income
    sales
    bills?
    grants?
    capital
    cheaper
    expensive
    """
)
# A percent over 100 is a change, not a share, after these words ("grew by 150%") ...
GROWTH_CUES_BEFORE = _words("increase grow grew rise rose jump surge up growth higher more boost")
# ... or before these ("150% more", "a 300% improvement").
GROWTH_CUES_AFTER = _words(
    """
    increase growth rise jump more higher faster larger greater improvement gain boost uplift
    """
)
# Words before a number that make it a score ("an ELO of 1,250").
SCORE_CUES = _words("elo score rating scored scores index")
# A subject of these words alone names how a number sums answers up ("Average rating"), not what
# was asked: such a value is read under its question.
STATISTIC_WORDS = _words("average mean median mode overall rating ratings score scores net total")

# ---------------------------------------------------------------------------------------------
# Survey reports
# ---------------------------------------------------------------------------------------------

# Section names (lower case substrings) where methodology and demographic facts are stated.
METHODOLOGY_SECTION_CUES = _terms(
    """
    methodology
    method
    about the survey
    about this survey
    about the research
    about this research
    about the study
    demographic
    respondent
    sample
    appendix
    weighting
    design effect
    disposition
    response rate
    data collection
    fieldwork
    calling protocol
    """
)
# How a survey was fielded ("an online survey", "a web-based survey").
SURVEY_METHODS = _terms(
    """
    web
    online
    internet
    telephone
    phone
    mail
    postal
    e-?mail
    in-person
    face-to-face
    mobile
    panel
    mixed-mode
    paper
    computer-assisted
    """
)
# A sentence about fieldwork: its date range may be the survey's (with word boundaries).
FIELDWORK_CUES = _terms(
    r"""
    \bsurvey
    \bfielded\b
    \bfieldwork\b
    \bconducted\b
    \bran\b
    \bcollected\b
    \binterviewed\b
    \binterviewing\b
    \bpolled\b
    \bresponses\b
    \bresponded\b
    \bparticipated\b
    \bopen(?:ed)?\b
    \bclosed?\b
    \blaunched\b
    \bdistributed\b
    \bperiod\b
    \bquestionnaire
    \bpoll\b
    """
)
# A sentence that states the survey's sample, not a subgroup (with word boundaries).
RESPONDENT_COUNT_CUES = _terms(
    r"""
    \btotal of\b
    \bcompleted\b
    \bcovering\b
    \bparticipated\b
    \bresponded\b
    \btook part\b
    \bsurvey (?:of|among|with)\b
    \breceived\b
    \bresulting in\b
    \bcollected\b
    \bobtained\b
    \bsample of\b
    \binterviews? with\b
    \bconducted\b
    \binterviewed\b
    """
)
# Verbs of an answer instruction ("(select all that apply)") that says how many answers ...
ANSWER_CHOICE_VERBS = _words("select check choose mark pick tick")
# ... with what follows the verb for several answers, or for one.
MULTIPLE_ANSWERS = _terms(
    r"""
    all
    any
    up to
    as many
    one or more
    multiple
    \d+
    two
    three
    four
    five
    """
)
SINGLE_ANSWER = _terms(
    """
    one
    only one
    """
)
# Any answer instruction makes a block a question (extract.genre); ranking has no response
# format of its own, so it is not among the choice verbs.
ANSWER_INSTRUCTION_VERBS = (*ANSWER_CHOICE_VERBS, "rank")
# An interviewer's instruction whose bracket holds the words read out ("[RANDOMIZE: too
# fast, too slow]"): a question's title keeps those words.
READ_OUT_INSTRUCTIONS = _words("randomize rotate read")
# What a question is crossed with ("Q13 segmented by Q14", "... broken down by region") ...
SEGMENTATION_WORDS = _terms(
    """
    segmented
    filtered
    broken down
    split
    cross-tabulated
    """
)
# ... and the line that introduces a table of segments ("Segmented by region:"). Not the words
# above ("grouped" here, no "filtered" or "cross-tabulated"): uniting them would change which
# tables are read as segments.
SEGMENT_TABLE_WORDS = _terms(
    """
    segmented
    broken down
    split
    grouped
    """
)
# Column headers of a survey-design table: the topic column ...
DESIGN_TOPIC_HEADERS = _terms(
    """
    categor
    topic
    section
    theme
    subject
    area
    """
)
# ... and the column saying who answers (with word boundaries).
DESIGN_BASE_HEADERS = _terms(
    r"""
    \bwho\b
    answer
    base
    population
    asked
    respond
    """
)

# Counts a survey report labels ("Sample size: 875", "Total responses = 9849", "样本量：875"): the
# respondents. Matched as the whole label before ":" or "=" (lower case; the reader adds "N=").
RESPONDENT_COUNT_LABELS = _terms(
    r"""
    sample size
    sample
    total sample
    total responses
    total respondents
    responses
    respondents
    number of respondents
    number of responses
    number of participants
    participants
    completed surveys
    completed responses
    completes
    样本量
    样本数
    样本数量
    有效样本
    有效样本数
    有效问卷
    有效问卷数
    回收问卷
    受访者
    受访人数
    参与人数
    """
)
# ... and the number of questions ("Number of questions: 43", "问题数量：43").
QUESTION_COUNT_LABELS = _terms(
    r"""
    number of questions
    questions
    question count
    问题数量
    问题数
    题目数量
    题目数
    题量
    """
)
# What a questionnaire counts in its length ("consisting of 31 items", "25 core questions").
QUESTION_NOUNS = _terms(
    r"""
    questions
    items
    survey questions
    """
)
# Rows of a response-status table that count completed responses ("Complete 100.0% 515").
COMPLETION_LABELS = _terms(
    r"""
    complete
    completed
    completes
    completed responses
    completed surveys
    finished
    已完成
    完成
    """
)
# Words before a count that make it something other than the respondents: who was invited,
# sampled from a list, or the denominator ("out of 155", "a list of 1,061 researchers").
NOT_RESPONDENT_CUES = _terms(
    r"""
    \binvit\w*
    \bsent\b
    \bemailed\b
    \bcontacted\b
    \blist of\b
    \bpopulation of\b
    \bout of\b
    \bpool of\b
    \breached\b
    \btarget(?:ed)?\b
    \bdialed\b
    """
)
# Verbs by which "X out of Y <verb>" says how many of those asked took part (respondents) ...
RESPONSE_VERBS = _terms(
    r"""
    responded
    participated
    took part
    completed the survey
    replied
    """
)
# ... and by which it gives a question's base ("59 out of 59 answered").
BASE_ANSWER_VERBS = _terms(
    r"""
    answered
    responded
    replied
    """
)
# Spelled-out qualifiers of a month in a date range ("mid-August", "late September").
MONTH_QUALIFIERS = _words("early mid late end beginning start")

# Labels of the line that opens and closes the fieldwork ("Survey Open - August 1, 2023").
FIELDWORK_OPEN_WORDS = _terms(
    r"""
    open(?:ed|s)?
    launch(?:ed|es)?
    start(?:ed|s)?
    began
    begins
    fielded
    """
)
FIELDWORK_CLOSE_WORDS = _terms(
    r"""
    clos(?:e|ed|es)
    end(?:ed|s)?
    """
)
# A confidence level is stated by these words after the percentage ("95% confidence interval").
CONFIDENCE_WORDS = _terms(
    r"""
    confidence (?:level|interval)
    level of confidence
    confidence
    """
)
# Answer instructions other than a choice verb, by the response format they state ("Single
# select.", "(total responses=9849, single answer)", "(1=extremely unsuitable, 5=...)": one point
# of a scale); extract.surveys.answers adds the choice verbs above with MULTIPLE_ANSWERS and
# SINGLE_ANSWER ("select all that apply", "select one"). Tried per_row, multiple, single.
ANSWER_FORMATS = (
    (
        "per_row",
        _terms(
            r"""
            one (?:response|answer) per (?:row|line|item)
            per row
            matrix
            grid
            """
        ),
    ),
    (
        "multiple",
        _terms(
            r"""
            multi(?:ple)?[- ]?(?:select(?:ion)?|choice|answers?|responses?)
            multiple answers? (?:were )?(?:possible|allowed)
            more than one answer
            多选
            """
        ),
    ),
    (
        "single",
        _terms(
            r"""
            single[- ]?(?:select(?:ion)?|choice|answer|response)
            one answer only
            \d+\s*=\s*[^,;=]{2,40}[,;]\s*\d+\s*=
            单选
            """
        ),
    ),
)
# Instructions of a question answered in the respondent's own words ("Optional. Free response
# answers were collected but not analyzed."): a question, with no response format.
OPEN_ANSWER_INSTRUCTIONS = _terms(
    r"""
    free[- ]?(?:response|text|form)
    open[- ]ended
    open (?:text|answer|response)
    text (?:answer|response|field)
    in your own words
    开放
    """
)
# A line that introduces the respondents a question was asked of, in a questionnaire or
# topline ("ASK ALL:", "ASK FORM 1 ONLY [N=751]:", "BASED ON TOTAL:").
FILTER_LINE_OPENERS = _terms(
    r"""
    ask(?:ed)?
    based on
    """
)
# A filter naming a subsample the questionnaire was split into ("FORM 1", "half sample A").
SPLIT_SAMPLE_WORDS = _terms(
    r"""
    form
    half[- ]sample
    split
    version
    ballot
    """
)
# Labels of the row that totals a table (its base, not a category).
TOTAL_LABELS = _terms(
    r"""
    total
    totals
    all respondents
    all
    base
    sum
    overall
    n
    总计
    合计
    总数
    """
)
# Column headers of a count column ("Respondents", "Count", "n") and of a share column.
COUNT_HEADERS = _terms(
    r"""
    respondents
    responses
    response count
    count
    counts
    n
    number
    frequency
    freq\.?
    votes
    answers
    resp\.?
    \#
    respondent
    response
    participants
    users
    cases
    people
    人数
    数量
    频数
    """
)
SHARE_HEADERS = _terms(
    r"""
    percent
    percentage
    %
    share
    shares
    pct
    proportion
    valid percent
    占比
    百分比
    比例
    """
)
# What a count in a chart label counts ("35% / 21 resp.").
COUNT_SUFFIXES = _terms(
    r"""
    resp\.?
    responses?
    respondents?
    votes?
    answers?
    """
)
# Prefixes of a question that is the report's own research question, not a survey question
# ("RQ1: Do Software Engineering researchers agree ...?").
NOT_SURVEY_QUESTION_PREFIXES = _terms(
    r"""
    RQ\s?\d
    research questions?\b
    hypothes[ie]s\b
    H\d\b
    """
)
# Section names (lower case substrings) that describe the respondents: every question in them
# is a breakdown of the sample.
DEMOGRAPHIC_SECTION_CUES = _terms(
    """
    demographic
    firmographic
    about the respondents
    about you
    respondent profile
    profile of respondents
    who responded
    who took the survey
    sample profile
    sample composition
    about the participants
    participant profile
    受访者特征
    受访者画像
    """
)
# Words by which a question asks respondents about themselves.
SECOND_PERSON = _terms(
    r"""
    \byou\b
    \byour\b
    \byourself\b
    您
    你
    """
)

# Names of regions and countries (a segmentation by region).
REGION_NAMES = _terms(
    r"""
    united states
    united kingdom
    u\.s\.
    u\.k\.
    usa
    india
    france
    brazil
    germany
    china
    japan
    canada
    europe
    asia
    asia-pacific
    africa
    americas?
    apac
    emea
    latam
    north america
    latin america
    south america
    middle east
    australia
    spain
    italy
    mexico
    singapore
    korea
    netherlands
    rest of (?:the )?world
    """
)
# Words by which a header or a question names a dimension of the sample ("Regions", "What best
# describes your role?", "How many employees work in your organization?"), one list per
# dimension; DIMENSION_CUES and PROFILE_CUES below are made of them.
_EXPERIENCE_HEADERS = _terms(
    r"""
    \bexperience[ds]?\b
    \btenure\b
    \byears of\b
    \bseniority\b
    \bhow long\b
    \bhow many years\b
    \byears? (?:using|coding|programming|working)\b
    时长
    年限
    经验
    """
)
_COMPANY_SIZE_HEADERS = _terms(
    r"""
    \b(?:company|organi[sz]ation|firm|business|org|employer) size\b
    \bsize of (?:the |your )?(?:company|organi[sz]ation|employer)\b
    \bemployees\b
    \bheadcount\b
    \bhow (?:large|big)\b[^.?]{0,60}\b(?:company|organi[sz]ation|firm|employer)
    企业规模
    公司规模
    """
)
_ORGANIZATION_TYPE_HEADERS = _terms(
    r"""
    \b(?:organi[sz]ation|company|org|employer) types?\b
    \btypes? of (?:organi[sz]ation|company|employer|environments?|settings?)\b
    \bwork(?:place)? (?:environments?|settings?)\b
    """
)
_INDUSTRY_HEADERS = _terms(
    r"""
    \bindustr(?:y|ies)\b
    \bsectors?\b
    \bverticals?\b
    \b(?:application|business) domains?\b
    \bfield of work\b
    行业
    """
)
_REGION_HEADERS = _terms(
    r"""
    \bgeograph
    \bregions?\b
    \bcountr(?:y|ies)\b
    \bterritor(?:y|ies)\b
    \bcontinents?\b
    \blocations?\b
    \blocated\b
    \bwhere (?:do|are) you (?:live|based)\b
    地区
    城市
    国家
    """
)
_ROLE_HEADERS = _terms(
    r"""
    \broles?\b
    \bjob (?:titles?|functions?|roles?)\b
    \btitles?\b
    \barchetypes?\b
    \bpositions?\b
    \boccupations?\b
    \bwhat best describes you\b
    职业
    角色
    岗位
    """
)

# The dimension a segmentation is by, from cue words (with word boundaries), most specific
# first: the first dimension with a cue in a text is the text's. Besides the header words,
# words of the labels count ("healthcare", "India", "developers"): these cues name the
# dimension of a list of segments.
DIMENSION_CUES = (
    (
        "open source usage",
        _terms(
            r"""
            \bopen[- ]source\b(?:\s+\w+){0,2}\s+(?:usage|use|adoption|users?|reliance)\b
            \b(?:usage|use|adoption) of open[- ]source\b
            """
        ),
    ),
    ("adoption level", _terms(r"\badopt(?:ion|ers?|ed|ing|s)?\b")),
    ("experience", _EXPERIENCE_HEADERS),
    ("company size", (*_COMPANY_SIZE_HEADERS, r"\brevenue\b")),
    (
        "organization type",
        (
            *_ORGANIZATION_TYPE_HEADERS,
            *_terms(
                r"""
                \bcross-industry\b
                \bindustry-specific\b
                \bvendors?\b
                \bnon-?profits?\b
                """
            ),
        ),
    ),
    (
        "industry",
        (
            *_INDUSTRY_HEADERS,
            *_terms(
                r"""
                \bservices\b
                \btelecommunications\b
                \bhealthcare\b
                \bmanufacturing\b
                \bretail\b
                \benergy\b
                \bfinancial\b
                \bconsumer\b
                \bpharmaceuticals?\b
                \binsurance\b
                \bbanking\b
                """
            ),
        ),
    ),
    ("region", (*_REGION_HEADERS, r"\b(?:" + "|".join(REGION_NAMES) + r")\b")),
    (
        "role",
        (
            *_ROLE_HEADERS,
            *_terms(
                r"""
                \bjob\b
                \bdecision[- ]makers?
                \bdevelopers?\b
                \bengineers?\b
                \bexecutives?\b
                \btechnologists?\b
                \bmanagers?\b
                \barchitects?\b
                \bleaders?\b
                \bpractitioners?\b
                """
            ),
        ),
    ),
)
# The dimension a question or a header asks the respondents about (a profile question: its
# answers are segments of the sample), most specific first: header words only. The label words
# above ("services", "financial", "India") in a question's wording would make "What is your
# organization's preferred pricing model for ... services?" a breakdown by industry; adoption
# and open source usage are findings, not who the respondents are.
PROFILE_CUES = (
    ("company size", _COMPANY_SIZE_HEADERS),
    ("organization type", _ORGANIZATION_TYPE_HEADERS),
    ("industry", _INDUSTRY_HEADERS),
    ("region", _REGION_HEADERS),
    ("role", _ROLE_HEADERS),
    ("experience", _EXPERIENCE_HEADERS),
    (
        "age",
        _terms(r"""
            \bages?\b
            \baged\b
            \bhow old\b
            \byears old\b
            年龄
            """),
    ),
    (
        "gender",
        _terms(r"""
            \bgender\b
            \bsex\b
            性别
            """),
    ),
    (
        "education",
        _terms(
            r"""
            \beducation\w*
            \bdegrees?\b
            \bstudents?\b
            学历
            """
        ),
    ),
    (
        "employment",
        _terms(r"""
            \bemployment\b
            \bemployed\b
            \bjob status\b
            """),
    ),
    (
        "language",
        _terms(
            r"""
            \blanguages?\b[^.?]{0,40}\bspeak
            \bspeak\w*\b[^.?]{0,40}\blanguages?\b
            \bnative language\b
            \bmother tongue\b
            """
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Tables and charts read for claims (extract.claims.tables, .titles, .publish)
# ---------------------------------------------------------------------------------------------

# A short line with a number and one of these is a question's base line ("59 out of 59
# answered", "n = 312", "Answered: 80 Skipped: 0"), never a table's title.
BASE_LINE_CUES = _terms(
    r"""
    \bout\s+of\s+\d[\d,]*\s+answered\b
    \banswered\s*:\s*\d
    \bskipped\s*:\s*\d
    \bn\s*=\s*\d
    \bbase\s*:
    """
)
# A table row whose label starts with one of these is the question's base, not a finding.
TOTAL_ROW_LABELS = _terms(
    r"""
    total
    totals
    sum
    all respondents
    base
    n
    answered
    """
)
# Words of a column header that says its numbers count people or answers ("Percent |
# Respondents", "Number of respondents (n)"): bare numbers under it are counts, and beside a share
# they are the share's count (whole headers of the survey tables are COUNT_HEADERS above).
COUNT_HEADER_WORDS = _words(
    """
    respondents respondent responses response count counts n number votes answers people
    frequency freq cases participants users
    """
)
# A column header that says its numbers are shares ("Percent", "%"): bare numbers under it are
# percentages. Neither kind of header says what is measured, so neither goes into a subject.
SHARE_HEADER_WORDS = _words("percent percentage percentages % share shares pct proportion valid")
# Words of a period printed as a row or column label beside a year ("Late December, 2007",
# "Mid-January 2007", "Q3 2024", "FY2023", "Wave 2 2021"), with the month names.
PERIOD_WORDS = _words(
    """
    early mid late first second third fourth last end start beginning half quarter fiscal fy
    q1 q2 q3 q4 h1 h2 wave spring summer autumn fall winter of to and through
    """
)
# Words that make a number part of an answer scale's definition, not a finding: "(rating of 9
# or 10)", "on a scale of 1 to 5", "from 1 (strongly disagree) to 5 (strongly agree)", "1 =
# not at all", "top-2-box". Read in the clause around the number (extract.claims.publish).
SCALE_DEFINITION_CUES = _terms(
    r"""
    (?:a |an )?rating of \d+(?:\.\d+)? (?:or|to|-|–) \d+
    (?:on |using )?(?:a |an )?(?:\d+-point )?(?:likert )?scale (?:of|from) \d+
    \d+-point scale
    where \d+ (?:is|means|=)
    \d+\s*=\s*[^\W\d_]
    from \d+ \([^)]*\) to \d+
    top[- ]\d+[- ]box
    bottom[- ]\d+[- ]box
    """
)

# Verbs by which respondents answer ("86% of respondents reported that they have …"): dropped
# from the predicate a population's share is extended by (extract.claims.subject).
ANSWER_VERBS = _terms(
    r"""
    says?
    said
    saying
    reports?
    reported
    reporting
    indicated?
    indicates
    indicating
    stated?
    states
    mentioned
    noted
    told us
    claimed
    responded
    answered
    selected
    chose
    """
)
# Verbs by which respondents hold a view ("respondents felt that <view> (43%)"): with the answer
# verbs, what follows them up to a bracketed share is what the share measures.
OPINION_VERBS = _terms(
    r"""
    felt
    feel
    feels
    think
    thinks
    thought
    believe[sd]?
    agree[sd]?
    expect(?:s|ed)?
    consider(?:s|ed)?
    want(?:s|ed)?
    prefer(?:s|red)?
    """
)
# A subject that is only a quantifier or a population names no measurement by itself ("the
# majority (74.3%) recognized …", "86% of respondents reported …"): its predicate joins it.
QUANTIFIER_SUBJECTS = frozenset(
    _words(
        """
        majority minority plurality share proportion percentage fraction most many some few
        half third quarter fifth total smaller larger significant vast large small slight
        another remaining rest number
        """
    )
)
