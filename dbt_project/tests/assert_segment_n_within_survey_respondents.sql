{{ config(meta={'dagster': {'ref': {'name': 'dim_segments'}}}) }}
-- No segment is larger than its survey. Where a report lists a dimension completely (every
-- segment with its n, from a list, table or footnote), the n add up to the respondents (±1%).
with

segments as (

    select * from {{ ref('dim_segments') }}

),

surveys as (

    select * from {{ ref('dim_surveys') }}

),

too_large as (

    select segments.survey_id, segments.dimension, segments.segment_label,
           segments.respondents as n, surveys.respondents
    from segments
    inner join surveys using (survey_id)
    where segments.respondents > surveys.respondents

),

complete_dimensions as (

    select survey_id, dimension, sum(respondents) as n
    from segments
    group by 1, 2
    having count(*) >= 2
        and count(respondents) = count(*)
        and bool_and(source_kind in ('list', 'table', 'footnote'))

),

wrong_totals as (

    select complete_dimensions.survey_id, complete_dimensions.dimension,
           'all segments' as segment_label, complete_dimensions.n, surveys.respondents
    from complete_dimensions
    inner join surveys using (survey_id)
    where abs(complete_dimensions.n - surveys.respondents) > 0.01 * surveys.respondents

)

select * from too_large
union all
select * from wrong_totals
