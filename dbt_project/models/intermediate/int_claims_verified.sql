-- verification_status (SPEC): primary | corroborated | mismatch | not_in_corpus | unsupported.
-- A claim of a survey report is primary. A claim that cites a source outside the warehouse is
-- not_in_corpus. Any other claim with a value is compared with the primary claims of the report
-- it cites (or, with no citation, of every survey report): the same value (allowing for rounding
-- and hedges) about the same thing -> corroborated; the same value about something else in the
-- cited report, or a different value about the same thing -> mismatch; else unsupported.
-- "The same thing" is scored by similarity of the words that say what each number measures.
-- A corroboration is overturned when the backing report attaches the claim's most distinctive
-- subject word to a different value and to none of its claims of this value (misattribution
-- -> mismatch against the claim with the other value).

{# How claims are compared (measured with tests/dbt/test_claims_audit.py):
    context_tokens  words either side of the number that count as its context
    min_words       fewer content words than this and a claim is not compared by its words
    same_thing      weighted Jaccard from which two claims of the same value say the same thing
                    (in the bundled corpus, the articles' restatements of report numbers score
                    0.25-0.45; values that coincide by chance 0.11 at most)
    same_thing_strict  the same, to hold a different value against a claim: within one report,
                    claims about different segments of a question reach 0.5-1.0, so only a very
                    close wording counts #}
{% set context_tokens = 4 %}
{% set min_words = 3 %}
{% set same_thing = 0.20 %}
{% set same_thing_strict = 0.60 %}

with

claims as (

    select * from {{ ref('int_claims_cited') }}

),

documents as (

    select document_id, document_type from {{ ref('stg_raw__documents') }}

),

claims_typed as (

    select
        claims.*,
        documents.document_type,
        -- a citation counts only when it is not the document citing itself
        claims.cited_source is not null and not claims.cites_itself as cites_a_source

    from claims
    inner join documents using (document_id)

),

-- Context: what a number measures is said by its subject and by the words around it, not by the whole
-- sentence (which may state other numbers about other things): subject words weigh 1, words
-- within a few tokens of the number weigh 0.5.
claim_words as (

    select claim_id, word, max(place_weight) as place_weight
    from (
        select claim_id, {{ content_words('subject') }} as word, 1.0 as place_weight
        from claims_typed
        union all
        select
            claim_id,
            {{ content_words(words_around('claim_text', 'value_text', context_tokens)) }} as word,
            0.5 as place_weight
        from claims_typed
    )
    group by claim_id, word

),

-- Rare words count: words frequent across the claims ("open", "source", "respondents", "models") say
-- little about what a number measures, so each word also weighs its inverse document frequency
-- over all claims: ln(claims / claims using the word).
word_idf as (

    select
        word,
        ln((select count(distinct claim_id) from claim_words) / count(*)) as idf

    from claim_words
    group by word

),

weighted_words as (

    select claim_words.claim_id, claim_words.word, claim_words.place_weight * word_idf.idf as weight
    from claim_words
    inner join word_idf using (word)

),

claim_weights as (

    select claim_id, sum(weight) as total_weight, count(*) as word_count
    from weighted_words
    group by claim_id

),

-- Rounding and hedges: a stated number stands for an interval. A plain number allows for rounding: half a
-- unit of its last written digit ("73%" = 72.5..73.5, "$5.6 million" = 5.55..5.65 million). A
-- hedge opens the interval on its side by a slack of 5% of the value (at least 2 points for a
-- percentage): "more than 75%" = 75..78.75, "nearly 80%" = 76..80; "about" opens both sides. A
-- fraction or ratio in words ("three-quarters", "one in five") is a round figure, read as "about".
stated_values as (

    select
        claim_id,
        unit,
        value,
        value_text,
        case
            when qualifier in ('more than', 'over', 'above', 'at least', 'exceed', 'exceeding')
                then 'at_least'
            when qualifier in ('nearly', 'almost', 'under', 'below', 'less than', 'up to')
                then 'at_most'
            when qualifier in ('about', 'roughly', 'approximately', 'around', 'some')
                or regexp_matches(
                    lower(value_text), '\b(half|halves|thirds?|quarters?|fifths?|tenths?|in)\b'
                )
                then 'about'
            else 'exact'
        end as hedge,
        -- the first number as written ("5.6" in "$5.6 million") and its decimals ("6")
        try_cast(
            replace(regexp_extract(value_text, '\d[\d,]*(\.\d+)?'), ',', '') as double
        ) as written_number,
        regexp_extract(value_text, '\d[\d,]*\.(\d+)', 1) as written_decimals

    from claims_typed
    where value is not null

),

value_precision as (

    select
        *,
        case
            when coalesce(written_number, 0) = 0 then 0.5
            else 0.5 * power(10, -length(written_decimals)) * abs(value / written_number)
        end as rounding

    from stated_values

),

value_slack as (

    select
        *,
        greatest(
            rounding,
            0.05 * abs(value),
            case when unit = 'percent' then 2.0 else 0.0 end
        ) as slack

    from value_precision

),

-- Two values agree when their intervals overlap (touching ends, as 72.5 for "72%" and "73%",
-- do not count).
value_intervals as (

    select
        claim_id,
        case
            when hedge = 'at_least' then value
            when hedge in ('at_most', 'about') then value - slack
            else value - rounding
        end as value_from,
        case
            when hedge = 'at_most' then value
            when hedge in ('at_least', 'about') then value + slack
            else value + rounding
        end as value_to

    from value_slack

),

primary_claims as (

    select claims_typed.*, value_intervals.value_from, value_intervals.value_to
    from claims_typed
    inner join value_intervals using (claim_id)
    where claims_typed.document_type = 'survey_report'

),

secondary_claims as (

    select claims_typed.*, value_intervals.value_from, value_intervals.value_to
    from claims_typed
    inner join value_intervals using (claim_id)
    where claims_typed.document_type is distinct from 'survey_report'

),

-- Like with like: a claim is compared only with primary claims of the same unit; one that cites a
-- report of the warehouse only with that report's claims.
candidate_pairs as (

    select
        secondary.claim_id,
        primary_claims.claim_id as primary_claim_id,
        secondary.value_from < primary_claims.value_to
            and primary_claims.value_from < secondary.value_to as same_value,
        secondary.cited_document_id is not null as in_cited_document

    from secondary_claims as secondary
    inner join primary_claims
        on secondary.unit = primary_claims.unit
        and (
            secondary.cited_document_id is null
            or secondary.cited_document_id = primary_claims.document_id
        )

),

shared_words as (

    select
        candidate_pairs.claim_id,
        candidate_pairs.primary_claim_id,
        sum(least(secondary_words.weight, primary_words.weight)) as shared_weight

    from candidate_pairs
    inner join weighted_words as secondary_words
        on secondary_words.claim_id = candidate_pairs.claim_id
    inner join weighted_words as primary_words
        on primary_words.claim_id = candidate_pairs.primary_claim_id
        and primary_words.word = secondary_words.word
    group by 1, 2

),

-- Short word lists: similarity is a weighted Jaccard score (shared weight over the weight of both word
-- lists together), so a short list ("Security 32%") no longer scores 1.0 against every claim
-- that mentions its one word; and a claim with fewer than {{ min_words }} content words is not
-- scored at all.
comparisons as (

    select
        candidate_pairs.*,
        case
            when secondary_weights.word_count < {{ min_words }}
                or primary_weights.word_count < {{ min_words }} then 0.0
            else coalesce(shared_words.shared_weight, 0.0) / nullif(
                secondary_weights.total_weight + primary_weights.total_weight
                    - coalesce(shared_words.shared_weight, 0.0),
                0.0
            )
        end as similarity

    from candidate_pairs
    left join shared_words using (claim_id, primary_claim_id)
    inner join claim_weights as secondary_weights
        on secondary_weights.claim_id = candidate_pairs.claim_id
    inner join claim_weights as primary_weights
        on primary_weights.claim_id = candidate_pairs.primary_claim_id

),

verdicts as (

    select
        claim_id,
        primary_claim_id,
        case
            -- the same value, said about the same thing
            when same_value and similarity >= {{ same_thing }} then 'corroborated'
            -- the report the claim cites states this value, about something else
            when same_value and in_cited_document then 'mismatch'
            -- a report states a different value in (nearly) the same words
            when not same_value and similarity >= {{ same_thing_strict }} then 'mismatch'
        end as verdict,
        similarity

    from comparisons

),

-- A primary claim that backs the number wins over one that contradicts it; then the most similar.
best_verdict as (

    select claim_id, primary_claim_id, verdict
    from verdicts
    where verdict is not null
    qualify row_number() over (
        partition by claim_id
        order by (verdict = 'corroborated') desc, similarity desc, primary_claim_id
    ) = 1

),

-- Misattribution: a number is about what the words nearest it say. A claim can share enough words
-- with a primary claim of the same value (corroborated above) and still restate it about another
-- property. The property a claim measures is named most distinctly by its rarest subject word
-- among the words the report uses around its numbers (a word the report never uses cannot tell
-- which of its numbers is meant). When, in the report that backs the claim, that word is the
-- subject of a DIFFERENT value (what the report says that number measures) and stands around
-- none of the claims of the claim's value, the report attaches the property to the other value:
-- the claim is a mismatch, against the primary claim with the other value. (Only the other
-- value's subject counts, not every word near it: reporting verbs and framing words near a
-- number, "cite", "cost savings", do not say what it measures.)
subject_words as (

    select claim_id, {{ content_words('subject') }} as word
    from claims_typed

),

report_words as (

    select distinct primary_claims.document_id, claim_words.word
    from primary_claims
    inner join claim_words using (claim_id)

),

key_words as (

    select
        best_verdict.claim_id,
        backing.document_id,
        subject_words.word

    from best_verdict
    inner join primary_claims as backing
        on backing.claim_id = best_verdict.primary_claim_id
    inner join subject_words
        on subject_words.claim_id = best_verdict.claim_id
    inner join report_words
        on report_words.document_id = backing.document_id
        and report_words.word = subject_words.word
    inner join word_idf
        on word_idf.word = subject_words.word
    where best_verdict.verdict = 'corroborated'
    qualify rank() over (partition by best_verdict.claim_id order by word_idf.idf desc) = 1

),

misattributions as (

    select key_words.claim_id, comparisons.primary_claim_id
    from key_words
    inner join comparisons
        on comparisons.claim_id = key_words.claim_id
        and not comparisons.same_value
    inner join primary_claims as other
        on other.claim_id = comparisons.primary_claim_id
        and other.document_id = key_words.document_id
    inner join subject_words as other_words
        on other_words.claim_id = comparisons.primary_claim_id
        and other_words.word = key_words.word
    where not exists (
        select 1
        from comparisons as same
        inner join primary_claims as same_primary
            on same_primary.claim_id = same.primary_claim_id
            and same_primary.document_id = key_words.document_id
        inner join claim_words as same_words
            on same_words.claim_id = same.primary_claim_id
            and same_words.word = key_words.word
        where same.claim_id = key_words.claim_id
            and same.same_value
    )
    qualify row_number() over (
        partition by key_words.claim_id
        order by comparisons.similarity desc, comparisons.primary_claim_id
    ) = 1

),

settled_verdict as (

    select
        best_verdict.claim_id,
        coalesce(misattributions.primary_claim_id, best_verdict.primary_claim_id)
            as primary_claim_id,
        case
            when misattributions.claim_id is not null then 'mismatch'
            else best_verdict.verdict
        end as verdict

    from best_verdict
    left join misattributions using (claim_id)

),

final as (

    select
        claims_typed.* exclude (document_type, cites_itself, cites_a_source),
        case
            when claims_typed.document_type = 'survey_report' then 'primary'
            -- Self-citation: "Our analysis of ..." is no source, so only an external citation
            -- that resolves to no document makes a claim not_in_corpus; a self-cited claim is
            -- compared with the reports like an uncited one
            when claims_typed.cites_a_source
                and claims_typed.cited_document_id is null then 'not_in_corpus'
            when best_verdict.verdict is not null then best_verdict.verdict
            else 'unsupported'
        end as verification_status,
        case
            when claims_typed.document_type = 'survey_report' then null
            when claims_typed.cites_a_source
                and claims_typed.cited_document_id is null then null
            else best_verdict.primary_claim_id
        end as verified_by_claim_id

    from claims_typed
    left join settled_verdict as best_verdict using (claim_id)

)

select * from final
