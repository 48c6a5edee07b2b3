-- Every place a document names a source — a claim's citation ("according to ..."), a link, the
-- document's own title — resolved to a document of the warehouse the way a reader resolves it:
--   1. link target: the link points at the document's URL (manifest url / original_url), or at
--      its file (same file name);
--   2. title words: the mention (for a link: its anchor text and the words of its target) holds
--      the words of a survey report's title ("Jakarta EE Developer Survey 2018", "the 2024 State
--      of Rust Survey"): all of a title of up to 4 name words, 3/4 of a longer one; a year it
--      states must be the edition's;
--   3. publisher: the mention holds the publisher's whole name ("Linux Foundation", never a word
--      of it); a year it states must be the edition's; without a year the publisher must have one
--      document published by then.
-- A mention that names a series or publisher of the warehouse with another year names an edition
-- the warehouse does not hold (resolution 'not_held'). Only documents published by the end of
-- the citing document's publication period can be cited.
with

claims as (

    select * from {{ ref('stg_raw__claims') }}
    where cited_source is not null

),

links as (

    select * from {{ ref('stg_raw__links') }}

),

names as (

    select * from {{ ref('int_document_names') }}

),

mentions as (

    select
        'citation' as mention_kind,
        claim_id as mention_id,
        document_id,
        block_id,
        char_start,
        char_end,
        cited_source as mention_text,
        cast(null as varchar) as href
    from claims

    union all

    select 'link', link_id, document_id, block_id, char_start, char_end, anchor_text, href
    from links

    union all

    select 'title', document_id, document_id, null, null, null, title, null
    from names
    where title is not null

),

mention_terms as (

    select
        mentions.*,
        citing.published_until as citing_until,
        {{ name_words(
            "mentions.mention_text || ' ' || regexp_replace(coalesce(mentions.href, ''),"
            " '([a-z])([0-9])', '\\1 \\2', 'g')"
        ) }} as words,
        {{ stated_years("mentions.mention_text || ' ' || coalesce(mentions.href, '')") }} as years,
        {{ url_key('mentions.href') }} as href_key,
        {{ names_a_study("mentions.mention_text || ' ' || coalesce(mentions.href, '')") }}
            as names_a_study

    from mentions
    inner join names as citing using (document_id)

),

by_link_target as (

    select
        mention_terms.mention_id,
        names.document_id as candidate_id,
        'link target' as resolved_by,
        1 as method_rank,
        true as edition_ok

    from mention_terms
    inner join names
        on mention_terms.href_key is not null
        and names.document_id != mention_terms.document_id
        and (
            names.url_key = mention_terms.href_key
            -- a relative link ("/documents/report.pdf") to a document published at that path
            or (mention_terms.href_key like '/%' and names.url_key like '%' || mention_terms.href_key)
            -- a link to the document's file
            or (
                names.file_name like '%.%'
                and regexp_extract(mention_terms.href_key, '[^/]+$') = names.file_name
            )
        )

),

shared_title_words as (

    select
        mention_terms.mention_id,
        names.document_id as candidate_id,
        count(*) as words_matched

    from (
        select mention_id, document_id, unnest(words) as word from mention_terms
    ) as mention_terms
    inner join (
        select document_id, unnest(title_words) as word from names
    ) as title_words using (word)
    inner join names on names.document_id = title_words.document_id
    where names.document_id != mention_terms.document_id
    group by 1, 2

),

by_title_words as (

    select
        shared_title_words.mention_id,
        shared_title_words.candidate_id,
        'title words' as resolved_by,
        2 as method_rank,
        len(mention_terms.years) = 0
            or len(list_intersect(mention_terms.years, names.edition_years)) > 0 as edition_ok

    from shared_title_words
    inner join mention_terms using (mention_id)
    inner join names on names.document_id = shared_title_words.candidate_id
    -- a survey or report is cited by its name: every word of a short title (up to 4), three
    -- quarters of a longer one
    where names.document_type = 'survey_report'
        and len(names.title_words) >= 2
        and shared_title_words.words_matched >= case
            when len(names.title_words) <= 4 then len(names.title_words)
            else 0.75 * len(names.title_words)
        end

),

by_publisher as (

    select
        mention_terms.mention_id,
        names.document_id as candidate_id,
        'publisher' as resolved_by,
        3 as method_rank,
        len(mention_terms.years) = 0
            or len(list_intersect(mention_terms.years, names.edition_years)) > 0 as edition_ok,
        len(mention_terms.years) = 0 as without_year

    from mention_terms
    inner join (
        select document_id, unnest(publisher_names) as publisher_name from names
    ) as publishers
        on publishers.document_id != mention_terms.document_id
        and contains(lower(mention_terms.mention_text), publishers.publisher_name)
        and {{ names_phrase('mention_terms.mention_text', 'publishers.publisher_name') }}
    inner join names on names.document_id = publishers.document_id
    -- a link or a title names a publisher's study only when it speaks of one
    where mention_terms.mention_kind = 'citation' or mention_terms.names_a_study
    qualify row_number() over (
        partition by mention_terms.mention_id, names.document_id order by 1
    ) = 1

),

candidates as (

    select
        mention_id, candidate_id, resolved_by, method_rank, edition_ok, false as without_year
    from by_link_target
    union all
    select mention_id, candidate_id, resolved_by, method_rank, edition_ok, false
    from by_title_words
    union all
    select mention_id, candidate_id, resolved_by, method_rank, edition_ok, without_year
    from by_publisher

),

dated as (

    select
        candidates.*,
        names.published_on,
        names.published_on is null or mention_terms.citing_until is null
            or names.published_on <= mention_terms.citing_until as published_by_then

    from candidates
    inner join mention_terms using (mention_id)
    inner join names on names.document_id = candidates.candidate_id

),

eligible as (

    select
        *,
        count(*) over (partition by mention_id, resolved_by) as same_method_candidates
    from dated
    where edition_ok and published_by_then

),

-- A publisher named without a year stands for its only document published by then.
held as (

    select mention_id, candidate_id as cited_document_id, resolved_by
    from eligible
    where not (without_year and same_method_candidates > 1)
    qualify row_number() over (
        partition by mention_id order by method_rank, published_on desc, candidate_id
    ) = 1

),

-- A series or publisher of the warehouse named with another year: that edition is not held.
other_edition as (

    select mention_id, candidate_id as nearest_document_id, resolved_by
    from dated
    where not edition_ok and method_rank in (2, 3)
    qualify row_number() over (
        partition by mention_id order by method_rank, published_on desc, candidate_id
    ) = 1

),

final as (

    select
        mention_terms.mention_kind,
        mention_terms.mention_id,
        mention_terms.document_id,
        mention_terms.block_id,
        mention_terms.char_start,
        mention_terms.char_end,
        mention_terms.mention_text,
        mention_terms.href,
        mention_terms.years as stated_years,
        case
            when held.mention_id is not null then 'document'
            when other_edition.mention_id is not null then 'not_held'
            else 'unresolved'
        end as resolution,
        held.cited_document_id,
        coalesce(held.resolved_by, other_edition.resolved_by) as resolved_by,
        other_edition.nearest_document_id

    from mention_terms
    left join held using (mention_id)
    left join other_edition using (mention_id)

)

select * from final
