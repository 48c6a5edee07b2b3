-- What a whole page restates, read from its title and its links:
--   rendition_of   a translation: the page links to a document of the warehouse written in
--                  another script (a translation's "original" header). Every number of the page
--                  restates that document.
--   page survey    the survey the page reports on: the one its title names (a document of the
--                  warehouse, an edition it does not hold, or a survey it names that the
--                  warehouse lacks: "the 2021 Jakarta EE Developer Survey"), else the survey
--                  report the page links to most. A claim that speaks of "the survey" or its respondents, or
--                  cites "this/our survey", is a finding of the page survey.
with

citations as (

    select * from {{ ref('int_citations') }}

),

names as (

    select * from {{ ref('int_document_names') }}

),

links_to_documents as (

    select
        citations.document_id,
        citations.cited_document_id,
        citations.mention_text,
        citations.href,
        citations.char_start,
        cited.document_type as cited_type,
        cited.script != citing.script as other_script

    from citations
    inner join names as citing on citing.document_id = citations.document_id
    inner join names as cited on cited.document_id = citations.cited_document_id
    where citations.mention_kind = 'link' and citations.resolution = 'document'

),

renditions as (

    select document_id, cited_document_id as rendition_of_document_id,
        mention_text as rendition_link_text, href as rendition_link_href
    from links_to_documents
    where other_script
    qualify row_number() over (partition by document_id order by char_start, cited_document_id) = 1

),

titled as (

    select
        document_id,
        case when resolution = 'document' then cited_document_id end as page_survey_document_id,
        resolution = 'not_held' or (resolution = 'unresolved' and {{ names_a_survey('mention_text') }})
            as page_survey_not_held,
        mention_text as page_survey_named,
        nearest_document_id
    from citations
    where mention_kind = 'title' and (resolution != 'unresolved' or {{ names_a_survey('mention_text') }})

),

most_linked as (

    select
        document_id,
        cited_document_id as page_survey_document_id,
        any_value(mention_text) as page_survey_named,
        count(*) as links
    from links_to_documents
    where cited_type = 'survey_report'
    group by document_id, cited_document_id
    qualify row_number() over (
        partition by document_id order by count(*) desc, min(char_start), cited_document_id
    ) = 1

),

final as (

    select
        names.document_id,
        renditions.rendition_of_document_id,
        renditions.rendition_link_text,
        renditions.rendition_link_href,
        case when titled.document_id is not null then 'title'
            when most_linked.document_id is not null then 'link' end as page_survey_basis,
        case when titled.document_id is not null then titled.page_survey_document_id
            else most_linked.page_survey_document_id end as page_survey_document_id,
        coalesce(titled.page_survey_not_held, false) as page_survey_not_held,
        coalesce(titled.page_survey_named, most_linked.page_survey_named) as page_survey_named,
        titled.nearest_document_id as page_survey_nearest_document_id

    from names
    left join renditions using (document_id)
    left join titled using (document_id)
    left join most_linked using (document_id)

)

select * from final
