with

segments as (

    select * from {{ ref('stg_raw__segments') }}

),

final as (

    select
        segment_id,
        survey_id,
        dimension,
        segment_label,
        definition,
        respondents,
        aliases,
        source_kind

    from segments

)

select * from final
