-- Resolve what a claim says it comes from to a document of the warehouse: the citation must
-- name a distinctive word of the document's publisher and, where it states a year, the year the
-- document was published. Anything else stays unresolved (cited_document_id null).
-- A citation of the claim's own document ("Our comprehensive analysis of ...", "we found", the
-- document's own publisher) is not an external source: cites_itself marks it.
with

claims as (

    select * from {{ ref('stg_raw__claims') }}

),

documents as (

    select * from {{ ref('stg_raw__documents') }}
    where extraction_status != 'failed'

),

publisher_words as (

    select
        document_id,
        year(published_on) as published_year,
        unnest(list_filter(
            string_split_regex(lower(coalesce(publisher, '')), '[^a-z0-9]+'),
            lambda w: length(w) >= 4
                and w not in ('foundation', 'company', 'research', 'institute', 'group', 'inc')
        )) as publisher_word

    from documents

),

candidates as (

    select
        claims.claim_id,
        publisher_words.document_id as cited_document_id,
        count(*) as words_matched

    from claims
    inner join publisher_words
        on claims.cited_source is not null
        and claims.document_id != publisher_words.document_id
        and regexp_matches(lower(claims.cited_source), '\b' || publisher_words.publisher_word || '\b')
        and (
            regexp_extract(claims.cited_source, '\b(19|20)\d{2}\b') = ''
            or regexp_extract(claims.cited_source, '\b(19|20)\d{2}\b')
                = cast(publisher_words.published_year as varchar)
        )
    group by 1, 2

),

best_candidate as (

    select claim_id, cited_document_id
    from candidates
    qualify row_number() over (
        partition by claim_id order by words_matched desc, cited_document_id
    ) = 1

),

-- Self-citation: the citation speaks in the first person (the authors' own analysis, survey or
-- findings) or names the claim's own publisher.
self_citations as (

    select distinct claims.claim_id

    from claims
    left join publisher_words
        on claims.document_id = publisher_words.document_id
        and regexp_matches(lower(claims.cited_source), '\b' || publisher_words.publisher_word || '\b')
    where claims.cited_source is not null
        and (
            regexp_matches(lower(claims.cited_source), '\b(our|ours|we|us)\b')
            or publisher_words.document_id is not null
        )

),

final as (

    select
        claims.*,
        best_candidate.cited_document_id,
        self_citations.claim_id is not null as cites_itself

    from claims
    left join best_candidate using (claim_id)
    left join self_citations using (claim_id)

)

select * from final
