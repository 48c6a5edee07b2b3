-- Respondents by geography, industry and role (here the McKinsey survey), with n and coverage.
select dimension, segment_label, respondents,
       round(100.0 * respondents / sum(respondents) over (partition by dimension), 1) as pct_of_dimension,
       definition
from marts.dim_segments
where survey_id = 'mckinsey-osai-2025:survey'
  and dimension in ('region', 'industry', 'role')
order by dimension, respondents desc nulls last;
