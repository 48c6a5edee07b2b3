-- verification_status (SPEC): primary | corroborated | mismatch | not_in_corpus | unsupported.
-- A claim of a survey report is primary. Any other claim is compared with the primary claims of
-- the document it cites (or, with no citation, of every survey report): same unit and value
-- (allowing for rounding) and similar wording -> corroborated; the same value about something
-- else in the cited report, or a different value about the same thing -> mismatch.
with

claims as (

    select * from {{ ref('int_claims_cited') }}

),

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

claims_with_words as (

    select
        claims.*,
        documents.document_type,
        {{ content_words("coalesce(claims.subject, '') || ' ' || claims.claim_text") }} as words

    from claims
    inner join documents using (document_id)

),

primary_claims as (

    select * from claims_with_words
    where document_type = 'survey_report' and value is not null

),

comparisons as (

    select
        secondary.claim_id,
        primary_claims.claim_id as primary_claim_id,
        abs(secondary.value - primary_claims.value)
            <= greatest(0.5, 0.01 * abs(primary_claims.value)) as same_value,
        {{ word_overlap('secondary.words', 'primary_claims.words') }} as similarity,
        secondary.cited_document_id is not null as in_cited_document

    from claims_with_words as secondary
    inner join primary_claims
        on secondary.document_type is distinct from 'survey_report'
        and secondary.value is not null
        and secondary.unit = primary_claims.unit
        and (
            secondary.cited_document_id is null
            or secondary.cited_document_id = primary_claims.document_id
        )

),

verdicts as (

    select
        claim_id,
        primary_claim_id,
        case
            when same_value and similarity >= 0.5 then 'corroborated'
            when same_value and in_cited_document then 'mismatch'
            when not same_value and similarity >= 0.7 then 'mismatch'
        end as verdict,
        similarity

    from comparisons

),

best_verdict as (

    select claim_id, primary_claim_id, verdict
    from verdicts
    where verdict is not null
    qualify row_number() over (
        partition by claim_id
        order by (verdict = 'corroborated') desc, similarity desc, primary_claim_id
    ) = 1

),

final as (

    select
        claims_with_words.* exclude (words, document_type),
        case
            when claims_with_words.document_type = 'survey_report' then 'primary'
            when claims_with_words.cited_source is not null
                and claims_with_words.cited_document_id is null then 'not_in_corpus'
            when best_verdict.verdict is not null then best_verdict.verdict
            else 'unsupported'
        end as verification_status,
        case
            when claims_with_words.document_type = 'survey_report' then null
            when claims_with_words.cited_source is not null
                and claims_with_words.cited_document_id is null then null
            else best_verdict.primary_claim_id
        end as verified_by_claim_id

    from claims_with_words
    left join best_verdict using (claim_id)

)

select * from final
