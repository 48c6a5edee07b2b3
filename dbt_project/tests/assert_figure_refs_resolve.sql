{{ config(meta={'dagster': {'ref': {'name': 'stg_raw__questions'}}}) }}
-- Every figure a question is shown in is a caption of the same report.
select questions.question_id, questions.figure_ref
from {{ ref('stg_raw__questions') }} as questions
left join {{ ref('stg_raw__figures') }} as figures
    on questions.document_id = figures.document_id
    and questions.figure_ref = figures.figure_ref
where questions.figure_ref is not null
    and figures.figure_id is null
