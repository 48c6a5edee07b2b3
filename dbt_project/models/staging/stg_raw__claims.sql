with

source as (

    select * from {{ source('raw', 'claims') }}

),

final as (

    select
        claim_id,
        document_id,
        block_id,
        cast(page_number as integer) as page_number,
        section,
        claim_text,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        value,
        value_low,
        value_high,
        value_text,
        unit,
        qualifier,
        subject,
        claim_kind,
        cited_source,
        quality_flags,
        period,
        cast(respondents_count as integer) as respondents_count

    from source

)

select * from final
