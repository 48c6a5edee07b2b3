-- The primary claims (of survey reports) each other claim is compared with: only candidates that
-- can match, never all pairs.
--   cited claim     the primary claims of the cited document and of the other reports of its
--                   survey (same publisher and year), in the same unit: any value, since a
--                   different value for the same thing there is a mismatch;
--   uncited claim   primary claims in the same unit whose value interval overlaps the claim's
--                   (found through value buckets: ranges of 25% on a log scale) and that share a
--                   word with it (nothing else can be a strong match of what is measured).
-- Claims that cite a source the warehouse does not hold are not compared.
-- For each pair: whether the values agree (the intervals of int_claim_values overlap; touching
-- ends, as 72.5 for "72%" and "73%", do not count); how similar the words are (weighted Jaccard
-- over int_claim_word_weights: shared weight over the weight of both word lists; 0 when either
-- claim has fewer than 3 words, 2 within the cited document); whether the primary claim's most
-- distinctive subject word (its rarest, used by at most 1 claim in 20) is among the claim's words;
-- whether it counts the survey's participants against the cited survey's respondents; and, for
-- a claim in another script (a translation), how many of the numbers around it stand around the
-- primary claim too.
{% set min_words = 3 %}
{% set min_words_cited = 2 %}
{% set key_word_share = 20 %}
with

claims as (

    select * from {{ ref('int_claims_cited') }}

),

claim_values as (

    select * from {{ ref('int_claim_values') }}

),

word_weights as (

    select * from {{ ref('int_claim_word_weights') }}

),

names as (

    select * from {{ ref('int_document_names') }}

),

valued as (

    select
        claim_values.*,
        names.document_type,
        names.script,
        -- value buckets: the interval's ranges of 25% on a log scale (all values up to 1 in one)
        range(
            {{ value_bucket('claim_values.value_from') }},
            {{ value_bucket('claim_values.value_to') }} + 1
        ) as buckets

    from claim_values
    inner join names using (document_id)

),

primary_values as (

    select * from valued
    where document_type = 'survey_report'

),

secondary_values as (

    select valued.*, claims.cited_document_id, claims.survey_finding
    from valued
    inner join claims using (claim_id)
    where valued.document_type is distinct from 'survey_report'
        and not claims.cites_unheld

),

-- The cited document and the other reports of the same survey: same publisher, same year.
compared_documents as (

    select cited.document_id as cited_document_id, other.document_id as compared_document_id
    from names as cited
    inner join names as other
        on other.document_id = cited.document_id
        or (
            other.document_type = 'survey_report'
            and other.published_year = cited.published_year
            and len(list_intersect(other.publisher_names, cited.publisher_names)) > 0
        )

),

cited_pairs as (

    select
        secondary.claim_id,
        primary_values.claim_id as primary_claim_id,
        true as in_cited_document

    from secondary_values as secondary
    inner join compared_documents
        on compared_documents.cited_document_id = secondary.cited_document_id
    inner join primary_values
        on primary_values.document_id = compared_documents.compared_document_id
        and primary_values.unit = secondary.unit

),

uncited_pairs as (

    select distinct
        secondary.claim_id,
        primary_buckets.claim_id as primary_claim_id,
        false as in_cited_document

    from (
        select claim_id, unit, unnest(buckets) as bucket
        from secondary_values
        where cited_document_id is null
    ) as secondary
    inner join (
        select claim_id, unit, unnest(buckets) as bucket from primary_values
    ) as primary_buckets using (unit, bucket)

),

pairs as (

    select * from cited_pairs
    union all
    select * from uncited_pairs

),

claim_word_lists as (

    select
        claim_id,
        list(word) as words,
        any_value(claim_weight) as claim_weight,
        any_value(claim_word_count) as claim_word_count,
        -- the most distinctive word of its subject (the rarest), when it is distinctive at all:
        -- used by at most 1 claim in {{ key_word_share }}
        list(word order by idf desc, word) filter (
            where in_subject and idf >= ln({{ key_word_share }})
        )[1] as key_word

    from word_weights
    group by claim_id

),

shared_words as (

    select
        pairs.claim_id,
        pairs.primary_claim_id,
        sum(least(secondary_words.weight, primary_words.weight)) as shared_weight,
        list(secondary_words.word order by least(secondary_words.weight, primary_words.weight) desc)
            as shared

    from pairs
    inner join word_weights as secondary_words
        on secondary_words.claim_id = pairs.claim_id
    inner join word_weights as primary_words
        on primary_words.claim_id = pairs.primary_claim_id
        and primary_words.word = secondary_words.word
    group by 1, 2

),

compared as (

    select
        pairs.claim_id,
        pairs.primary_claim_id,
        primary_values.document_id as primary_document_id,
        pairs.in_cited_document,
        secondary.script != primary_values.script as other_script,
        secondary.value_from < primary_values.value_to
            and primary_values.value_from < secondary.value_to as same_value,
        case
            when least(
                coalesce(secondary_words.claim_word_count, 0),
                coalesce(primary_words.claim_word_count, 0)
            ) < case when pairs.in_cited_document then {{ min_words_cited }} else {{ min_words }} end
                then 0.0
            else coalesce(shared_words.shared_weight, 0.0) / nullif(
                secondary_words.claim_weight + primary_words.claim_weight
                    - coalesce(shared_words.shared_weight, 0.0),
                0.0
            )
        end as similarity,
        coalesce(shared_words.shared, []) as shared_words,
        -- a count of the survey's participants against the cited survey's respondents
        pairs.in_cited_document and secondary.survey_finding and secondary.unit = 'count'
            and primary_values.states_sample_size as sample_size,
        coalesce(list_contains(secondary_words.words, primary_words.key_word), false)
            as key_word_shared,
        primary_words.key_word as primary_key_word,
        len(list_intersect(secondary.neighbour_values, primary_values.neighbour_values))
            as neighbours_shared,
        abs(
            secondary.number_position / secondary.numbers_in_document
            - primary_values.number_position / primary_values.numbers_in_document
        ) as position_gap

    from pairs
    inner join secondary_values as secondary on secondary.claim_id = pairs.claim_id
    inner join primary_values on primary_values.claim_id = pairs.primary_claim_id
    left join shared_words
        on shared_words.claim_id = pairs.claim_id
        and shared_words.primary_claim_id = pairs.primary_claim_id
    left join claim_word_lists as secondary_words on secondary_words.claim_id = pairs.claim_id
    left join claim_word_lists as primary_words
        on primary_words.claim_id = pairs.primary_claim_id

),

final as (

    select * from compared
    -- an uncited claim can only be backed by the same value in shared words
    where in_cited_document or (same_value and len(shared_words) > 0)

)

select * from final
