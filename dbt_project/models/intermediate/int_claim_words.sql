-- The words that say what a number measures: its subject's (place weight 1) and the few words
-- around it in its sentence (0.5), not the whole sentence, which may state other numbers about
-- other things. Stemmed content words (macro content_words): Latin words of 4+ letters cut to 6,
-- CJK text as character pairs. One row per claim and word.
{% set context_tokens = 4 %}
with

claims as (

    select * from {{ ref('stg_raw__claims') }}

),

placed as (

    select claim_id, {{ content_words('subject') }} as word, 1.0 as place_weight, true as in_subject
    from claims

    union all

    select
        claim_id,
        {{ content_words(words_around('claim_text', 'value_text', context_tokens)) }} as word,
        0.5 as place_weight,
        false as in_subject
    from claims

),

final as (

    select
        claim_id,
        word,
        max(place_weight) as place_weight,
        bool_or(in_subject) as in_subject

    from placed
    group by claim_id, word

)

select * from final
