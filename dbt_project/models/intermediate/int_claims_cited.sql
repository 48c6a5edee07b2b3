-- What each claim cites, resolved the way a reader resolves it (int_citations: by link target,
-- title words and year, whole publisher name and year), in this order:
--   1. a translation restates its original (int_page_sources.rendition_of_document_id): every
--      number of it, citations inside it included;
--   2. the claim's own citation ("according to ...", "X's survey of ...");
--   3. a link in the claim's sentence to a document of the warehouse;
--   4. the page's survey (int_page_sources) for a finding of it: the claim's block speaks of the
--      survey or its respondents (a list item: or the paragraph that introduces the list), or the
--      claim cites "this/our survey/report" (when the page survey is in the warehouse) or a survey
--      it does not name ("the survey found"). Quotes (what someone said) are not findings of the
--      page.
-- cited_document_id is the document it cites; cites_unheld marks a named source the warehouse
-- does not hold (-> not_in_corpus); cites_itself a citation of the document itself ("our
-- analysis", its own publisher), which is no external source.
with

claims as (

    select * from {{ ref('stg_raw__claims') }}

),

blocks as (

    select * from {{ ref('stg_raw__blocks') }}

),

names as (

    select * from {{ ref('int_document_names') }}

),

citations as (

    select * from {{ ref('int_citations') }}

),

page_sources as (

    select * from {{ ref('int_page_sources') }}

),

-- A list item is introduced by the paragraph before its list ("Key findings include:").
blocks_in_context as (

    select
        blocks.*,
        last_value(case when block_type != 'list_item' then block_text end ignore nulls) over (
            partition by document_id order by block_seq
            rows between unbounded preceding and 1 preceding
        ) as preceding_text

    from blocks

),

own_citations as (

    select
        mention_id as claim_id,
        resolution,
        cited_document_id,
        resolved_by,
        nearest_document_id,
        -- "the survey", "this year's study": a survey it does not name
        len(list_filter(
            {{ name_words('mention_text') }},
            lambda w: w not in ('survey', 'surveys', 'study', 'studie', 'analysi', 'analysis',
                                'research', 'data', 'poll', 'year', 'this', 'last', 'latest',
                                'recent', 'same', 'annual', 'global', 'first', 'second', 'one',
                                'we', 'us', 'it', 'is', 'are', 'was', 'has', 'have', 'showed',
                                'show', 'found', 'find', 'finds', 'according', 'based', 'per')
        )) = 0 and len(stated_years) = 0 as unnamed
    from citations
    where mention_kind = 'citation'

),

sentence_links as (

    select
        claims.claim_id,
        citations.resolution,
        citations.cited_document_id,
        citations.nearest_document_id,
        citations.mention_text as link_text,
        citations.href

    from claims
    inner join citations
        on citations.mention_kind = 'link'
        and citations.document_id = claims.document_id
        and citations.block_id = claims.block_id
        and citations.char_start >= claims.char_start
        and citations.char_end <= claims.char_end
        and citations.resolution != 'unresolved'
    qualify row_number() over (
        partition by claims.claim_id
        order by citations.resolution = 'document' desc, citations.char_start
    ) = 1

),

claims_in_context as (

    select
        claims.*,
        names.document_type,
        names.publisher_names as own_publisher_names,
        blocks_in_context.block_type,
        blocks_in_context.block_type != 'quote' and (
            {{ refers_to_a_survey('blocks_in_context.block_text') }}
            or (
                blocks_in_context.block_type = 'list_item'
                and regexp_matches(coalesce(blocks_in_context.preceding_text, ''), '[:：]\s*$')
                and {{ refers_to_a_survey('blocks_in_context.preceding_text') }}
            )
        ) as survey_finding

    from claims
    inner join names using (document_id)
    left join blocks_in_context using (block_id)

),

resolved as (

    select
        claims_in_context.*,
        page_sources.rendition_of_document_id,
        page_sources.rendition_link_text,
        page_sources.rendition_link_href,
        page_sources.page_survey_document_id,
        page_sources.page_survey_not_held,
        page_sources.page_survey_named,
        page_sources.page_survey_basis,
        page_sources.page_survey_nearest_document_id,
        own_citations.resolution as own_resolution,
        own_citations.cited_document_id as own_document_id,
        own_citations.resolved_by as own_resolved_by,
        own_citations.nearest_document_id as own_nearest_document_id,
        coalesce(own_citations.unnamed, false) as own_unnamed,
        sentence_links.resolution as link_resolution,
        sentence_links.cited_document_id as link_document_id,
        sentence_links.nearest_document_id as link_nearest_document_id,
        sentence_links.link_text,
        sentence_links.href as link_href,
        claims_in_context.cited_source is not null
            and own_citations.resolution != 'document'
            and (
                {{ is_first_person('claims_in_context.cited_source') }}
                or len(list_filter(
                    claims_in_context.own_publisher_names,
                    lambda name: {{ names_phrase('claims_in_context.cited_source', 'name') }}
                )) > 0
            ) as self_citation,
        page_sources.page_survey_document_id is not null
            or page_sources.page_survey_not_held as has_page_survey

    from claims_in_context
    left join page_sources using (document_id)
    left join own_citations using (claim_id)
    left join sentence_links using (claim_id)

),

decided as (

    select
        *,
        case
            when rendition_of_document_id is not null then 'rendition'
            when own_resolution = 'document' then 'citation'
            when own_resolution is not null and not self_citation
                and not (own_unnamed and has_page_survey) then 'citation'
            when link_resolution is not null then 'link'
            when has_page_survey and (survey_finding or own_unnamed
                or (self_citation and page_survey_document_id is not null
                    and {{ names_a_study('cited_source') }})) then 'page_survey'
            when self_citation then 'self'
        end as citation_kind

    from resolved

),

final as (

    select
        decided.* exclude (
            own_publisher_names, block_type, rendition_link_text,
            rendition_link_href, page_survey_named, page_survey_basis,
            page_survey_nearest_document_id, own_resolved_by, own_nearest_document_id,
            own_unnamed, link_nearest_document_id, link_text, link_href, own_resolution,
            own_document_id, link_resolution, link_document_id, self_citation,
            has_page_survey, rendition_of_document_id, page_survey_document_id,
            page_survey_not_held
        ),
        case citation_kind
            when 'rendition' then rendition_of_document_id
            when 'citation' then own_document_id
            when 'link' then link_document_id
            when 'page_survey' then page_survey_document_id
        end as cited_document_id,
        coalesce(case citation_kind
            when 'citation' then own_resolution != 'document'
            when 'link' then link_resolution != 'document'
            when 'page_survey' then page_survey_document_id is null
        end, false) as cites_unheld,
        coalesce(citation_kind = 'self', false) as cites_itself,
        case citation_kind
            when 'rendition' then 'a translation of ' || rendition_of_document_id
                || ': it links to it ("' || rendition_link_text || '" -> ' || rendition_link_href
                || ') and is in another script'
            when 'citation' then 'cites "' || cited_source || '"' || case own_resolution
                when 'document' then ' = ' || own_document_id || ' (by ' || own_resolved_by || ')'
                when 'not_held' then ': an edition the warehouse does not hold (it holds '
                    || own_nearest_document_id || ', another year)'
                else ': no document of the warehouse'
            end
            when 'link' then 'links to ' || case link_resolution
                when 'document' then link_document_id
                else 'an edition the warehouse does not hold (it holds '
                    || link_nearest_document_id || ', another year)'
            end || ' in its sentence ("' || link_text || '" -> ' || link_href || ')'
            when 'page_survey' then 'a finding of the page''s survey, ' || case
                when page_survey_document_id is not null then page_survey_document_id
                    || ' (' || case page_survey_basis when 'title' then 'named in its title'
                        else 'the survey report it links to' end || ')'
                when page_survey_nearest_document_id is not null then '"' || page_survey_named
                    || '", an edition the warehouse does not hold (it holds '
                    || page_survey_nearest_document_id || ', another year)'
                else '"' || page_survey_named || '", which the warehouse does not hold'
            end
            when 'self' then 'cites itself ("' || cited_source || '")'
        end as citation_note

    from decided

)

select * from final
