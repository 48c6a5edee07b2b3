with

claims as (

    select * from {{ ref('int_claims_verified') }}

),

claim_links as (

    select * from {{ ref('stg_raw__claim_links') }}

),

final as (

    select
        claims.claim_id,
        claims.document_id,
        claim_links.survey_id,
        claim_links.question_id,
        claim_links.segment_id,
        claims.block_id,
        page_number,
        section,
        claim_text,
        char_start,
        char_end,
        subject,
        value,
        value_low,
        value_high,
        value_text,
        unit,
        qualifier,
        claim_kind,
        cited_source,
        cited_document_id,
        verification_status,
        verified_by_claim_id,
        verification_note,
        quality_flags,
        period,
        respondents_count

    from claims
    left join claim_links using (claim_id)

)

select * from final
