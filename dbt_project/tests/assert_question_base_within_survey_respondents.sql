{{ config(meta={'dagster': {'ref': {'name': 'dim_questions'}}}) }}
-- A question cannot have been answered by more people than took the survey.
select questions.question_id, questions.base_n, surveys.respondents
from {{ ref('dim_questions') }} as questions
inner join {{ ref('dim_surveys') }} as surveys using (survey_id)
where questions.base_n > surveys.respondents
