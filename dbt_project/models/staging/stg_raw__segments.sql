with

source as (

    select * from {{ source('raw', 'segments') }}

),

final as (

    select
        segment_key as segment_id,
        survey_key as survey_id,
        document_id,
        dimension,
        segment_label,
        definition,
        cast(respondents as integer) as respondents,
        aliases,
        source_kind,
        block_id

    from source

)

select * from final
