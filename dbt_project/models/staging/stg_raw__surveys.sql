with

source as (

    select * from {{ source('raw', 'surveys') }}

),

final as (

    select
        survey_key as survey_id,
        document_id,
        survey_name,
        publisher,
        method,
        -- fieldwork is printed as a day or a month: a month starts on its first day and ends on its last
        case length(fieldwork_start)
            when 7 then cast(fieldwork_start || '-01' as date)
            else try_cast(fieldwork_start as date)
        end as fieldwork_start,
        case length(fieldwork_end)
            when 7 then last_day(cast(fieldwork_end || '-01' as date))
            else try_cast(fieldwork_end as date)
        end as fieldwork_end,
        cast(respondents as integer) as respondents,
        cast(countries as integer) as countries,
        cast(question_count as integer) as question_count,
        margin_of_error_pct,
        confidence_level_pct,
        margin_of_error_note,
        evidence_block_id

    from source

)

select * from final
