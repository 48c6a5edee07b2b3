with

surveys as (

    select * from {{ ref('stg_raw__surveys') }}

),

final as (

    select
        survey_id,
        document_id,
        survey_name,
        publisher,
        method,
        fieldwork_start,
        fieldwork_end,
        respondents,
        countries,
        question_count,
        margin_of_error_pct,
        confidence_level_pct,
        margin_of_error_note

    from surveys

)

select * from final
