-- The surveys: who ran them, on how many respondents, when, and with what margin of error.
select survey_id, survey_name, publisher, method, respondents, countries, question_count,
       fieldwork_start, fieldwork_end, margin_of_error_pct, confidence_level_pct,
       margin_of_error_note
from marts.dim_surveys
order by survey_id;
