with

questions as (

    select * from {{ ref('stg_raw__questions') }}

),

final as (

    select
        questions.question_id,
        questions.survey_id,
        questions.question_code,
        questions.question_text,
        questions.response_format,
        questions.topic,
        questions.base_population,
        questions.base_n,
        questions.base_n_min,
        questions.valid_cases,
        questions.total_mentions,
        questions.dont_know_excluded,
        segmenting.question_id as segmented_by_question_id,
        questions.segmented_by_codes,
        questions.figure_ref,
        questions.figure_refs,
        questions.page_number

    from questions
    left join questions as segmenting
        on questions.survey_id = segmenting.survey_id
        and questions.segmented_by_code = segmenting.question_code

)

select * from final
