{{ config(meta={'dagster': {'ref': {'name': 'dim_questions'}}}) }}
-- A question code names one question of a survey.
select survey_id, question_code, count(*) as questions
from {{ ref('dim_questions') }}
where question_code is not null
group by 1, 2
having count(*) > 1
