-- Every question of one survey (here the Linux Foundation GenAI survey) with its topic and base.
select question_code, topic, base_population, base_n, response_format, figure_ref,
       question_text
from marts.dim_questions
where survey_id = 'lf-genai-2024:survey'
order by try_cast(regexp_extract(question_code, '\d+') as integer) nulls last, question_id;
