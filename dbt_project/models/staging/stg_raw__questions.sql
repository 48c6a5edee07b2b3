with

source as (

    select * from {{ source('raw', 'questions') }}

),

final as (

    select
        question_key as question_id,
        survey_key as survey_id,
        document_id,
        question_code,
        question_text,
        response_format,
        topic,
        base_population,
        cast(base_n as integer) as base_n,
        cast(base_n_min as integer) as base_n_min,
        cast(valid_cases as integer) as valid_cases,
        cast(total_mentions as integer) as total_mentions,
        dont_know_excluded,
        segmented_by_code,
        segmented_by_codes,
        figure_ref,
        figure_refs,
        block_id,
        cast(page_number as integer) as page_number

    from source

)

select * from final
