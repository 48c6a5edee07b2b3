-- For questions shown in a figure and segmented (a cross-tabulation "Qx by Qy"), their claims
-- per segment: what share of each segment said what, and on how many respondents.
select questions.figure_ref, questions.question_code, questions.question_text,
       questions.base_n, segments.dimension, segments.segment_label,
       claims.value, claims.unit, claims.claim_text
from marts.fct_claims as claims
inner join marts.dim_questions as questions using (question_id)
left join marts.dim_segments as segments using (segment_id)
where questions.segmented_by_question_id is not null or claims.segment_id is not null
order by questions.figure_ref, segments.segment_label nulls last, claims.value desc;
