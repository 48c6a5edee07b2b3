with

claims as (

    select * from {{ ref('int_claims_verified') }}

),

final as (

    select
        claim_id,
        document_id,
        cast(null as varchar) as survey_id,
        cast(null as varchar) as question_id,
        cast(null as varchar) as segment_id,
        block_id,
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
        quality_flags

    from claims

)

select * from final
