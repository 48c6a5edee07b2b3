-- Every claim's value as the interval a stated number stands for, and its place among the numbers
-- of its document.
--   Rounding: a plain number allows for rounding, half a unit of its last written digit ("73%" =
--   72.5..73.5, "$5.6 million" = 5.55..5.65 million).
--   Hedges: a hedge opens the interval on its side by a slack of 5% of the value (at least 2
--   points for a percentage): "more than 75%" and "1,800+" open it upwards ("more than 75%" =
--   75..78.75), "nearly 80%" and "fewer than" downwards (76..80); "about" and "on average" open
--   both sides.
--   Fractions in words ("three-quarters", "a third", "四分之三") are round figures that name the
--   nearest simple fraction: "about", with a slack of 10% of the value (at least 3 points), so
--   "nearly a third" covers 30%.
--   Ranges ("85% - 91%", no single value): from the low end to the high end, with rounding.
-- number_position orders the numbers of a document as they are read (sentence, then place in
-- it); neighbour_values are the values of the 3 numbers before and the 3 after it. A
-- translation states the same numbers in the same order, so where words cannot be compared the
-- neighbourhood tells which number of the original a number restates.
-- states_sample_size marks a count equal to the respondents of its document's survey.
with

claims as (

    select * from {{ ref('stg_raw__claims') }}
    where value is not null or (value_low is not null and value_high is not null)

),

surveys as (

    select * from {{ ref('stg_raw__surveys') }}

),

stated as (

    select
        claim_id,
        document_id,
        unit,
        coalesce(value, value_low) as value,
        value is null as is_range,
        value_low,
        value_high,
        case
            when qualifier in ('more than', 'over', 'above', 'at least', 'exceed', 'exceeding',
                               'just over', 'plus', 'upwards of', 'well over')
                then 'at_least'
            when qualifier in ('nearly', 'almost', 'under', 'below', 'less than', 'up to',
                               'just under', 'fewer than')
                then 'at_most'
            when qualifier in ('about', 'roughly', 'approximately', 'around', 'some',
                               'an average of', 'averaging', 'on average')
                then 'about'
            else 'exact'
        end as hedge,
        regexp_matches(
            lower(value_text), '\b(half|halves|thirds?|quarters?|fifths?|tenths?|in)\b|分之|一半|半数'
        ) as in_words,
        -- the first number as written ("5.6" in "$5.6 million") and its decimals ("6")
        try_cast(
            replace(regexp_extract(value_text, '\d[\d,]*(\.\d+)?'), ',', '') as double
        ) as written_number,
        regexp_extract(value_text, '\d[\d,]*\.(\d+)', 1) as written_decimals,
        char_start,
        strpos(claim_text, value_text) as place_in_sentence

    from claims

),

precision as (

    select
        *,
        case
            when coalesce(written_number, 0) = 0 then 0.5
            else 0.5 * power(10, -length(written_decimals)) * abs(value / written_number)
        end as rounding,
        case
            when in_words
                then greatest(abs(value) / 10, case when unit = 'percent' then 3.0 else 0.0 end)
            else greatest(abs(value) / 20, case when unit = 'percent' then 2.0 else 0.0 end)
        end as hedge_slack

    from stated

),

intervals as (

    select
        *,
        case
            when is_range then value_low - rounding
            when hedge = 'at_least' then value
            when hedge = 'at_most' or hedge = 'about' or in_words
                then value - greatest(rounding, hedge_slack)
            else value - rounding
        end as value_from,
        case
            when is_range then value_high + rounding
            when hedge = 'at_most' then value
            when hedge = 'at_least' or hedge = 'about' or in_words
                then value + greatest(rounding, hedge_slack)
            else value + rounding
        end as value_to

    from precision

),

placed as (

    select
        *,
        row_number() over (
            partition by document_id order by char_start, place_in_sentence, claim_id
        ) as number_position,
        count(*) over (partition by document_id) as numbers_in_document

    from intervals

),

final as (

    select
        claim_id,
        document_id,
        unit,
        value,
        is_range,
        hedge,
        in_words,
        value_from,
        value_to,
        number_position,
        numbers_in_document,
        coalesce(unit = 'count' and value in (
            select respondents from surveys where surveys.document_id = placed.document_id
        ), false) as states_sample_size,
        list_concat(
            list(round(value, 1)) over (
                partition by document_id order by number_position
                rows between 3 preceding and 1 preceding
            ),
            list(round(value, 1)) over (
                partition by document_id order by number_position
                rows between 1 following and 3 following
            )
        ) as neighbour_values

    from placed

)

select * from final
