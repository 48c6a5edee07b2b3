with

source as (

    select * from {{ source('raw', 'claim_links') }}

),

final as (

    select
        claim_id,
        document_id,
        survey_key as survey_id,
        question_key as question_id,
        question_link_basis,
        segment_key as segment_id

    from source

)

select * from final
