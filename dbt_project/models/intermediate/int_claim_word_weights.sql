-- How much each word of a claim says: its place weight (int_claim_words) times its inverse
-- document frequency over all claims, ln(claims / claims using the word). Words frequent across
-- the claims ("open", "source", "respondents") say little about what a number measures; rare ones
-- say a lot. One row per claim and word, with the claim's total weight and word count.
with

claim_words as (

    select * from {{ ref('int_claim_words') }}

),

word_idf as (

    select
        word,
        ln((select count(distinct claim_id) from claim_words) / count(*)) as idf

    from claim_words
    group by word

),

weighted as (

    select
        claim_words.claim_id,
        claim_words.word,
        claim_words.in_subject,
        word_idf.idf,
        claim_words.place_weight * word_idf.idf as weight

    from claim_words
    inner join word_idf using (word)

),

final as (

    select
        *,
        sum(weight) over (partition by claim_id) as claim_weight,
        count(*) over (partition by claim_id) as claim_word_count

    from weighted

)

select * from final
