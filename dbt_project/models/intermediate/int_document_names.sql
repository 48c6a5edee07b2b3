-- How a citation can name each document of the warehouse, as a reader recognises it: by the URL
-- or file a link points at, by the words of its title (its survey's name) and the year of the
-- edition, by its publisher's whole name. Also when it appeared (a document cites only what was
-- published by then) and its script (a translation is in another one).
with

documents as (

    select * from {{ ref('stg_raw__documents') }}
    where extraction_status != 'failed'

),

blocks as (

    select * from {{ ref('stg_raw__blocks') }}

),

surveys as (

    select * from {{ ref('stg_raw__surveys') }}

),

fieldwork as (

    select
        document_id,
        list_distinct(flatten(list([year(fieldwork_start), year(fieldwork_end)]))) as fieldwork_years
    from surveys
    group by document_id

),

-- The script of the text: CJK characters against Latin letters.
scripts as (

    select
        document_id,
        sum(length(regexp_replace(
            block_text, '[^\x{3040}-\x{30ff}\x{3400}-\x{9fff}\x{ac00}-\x{d7af}]', '', 'g'
        ))) as cjk_chars,
        sum(length(regexp_replace(block_text, '[^A-Za-z]', '', 'g'))) as latin_chars

    from blocks
    group by document_id

),

named as (

    select
        documents.document_id,
        documents.document_type,
        documents.title,
        documents.publisher,
        documents.published_on,
        year(documents.published_on) as published_year,
        -- the last day of the stated period ("2025" is all of 2025)
        case documents.published_on_precision
            when 'year' then cast(year(documents.published_on) || '-12-31' as date)
            when 'month' then last_day(documents.published_on)
            else documents.published_on
        end as published_until,
        case when coalesce(scripts.cjk_chars, 0) > coalesce(scripts.latin_chars, 0)
            then 'cjk' else 'latin' end as script,
        documents.source_url,
        {{ url_key('documents.source_url') }} as url_key,
        lower(regexp_extract(documents.source_uri, '[^/\\]+$')) as file_name,
        {{ name_words('documents.title') }} as title_words,
        {{ stated_years('documents.title') }} as title_years,
        {{ publisher_names('documents.publisher') }} as publisher_names,
        list_filter(fieldwork.fieldwork_years, lambda y: y is not null) as fieldwork_years

    from documents
    left join scripts using (document_id)
    left join fieldwork using (document_id)

),

final as (

    select
        *,
        -- The years a citation may give for this edition: the year in its title; else the years
        -- of its fieldwork and of its publication; else the year it was published or the one
        -- before (a "2023 survey" is often published in 2024).
        case
            when len(title_years) > 0 then title_years
            when len(fieldwork_years) > 0
                then list_sort(list_distinct(list_append(fieldwork_years, published_year)))
            else [published_year, published_year - 1]
        end as edition_years

    from named

)

select * from final
