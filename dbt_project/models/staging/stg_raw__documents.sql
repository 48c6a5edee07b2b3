with

source as (

    select * from {{ source('raw', 'documents') }}

),

final as (

    select
        document_id,
        title,
        publisher,
        authors,
        -- published_on is given as YYYY, YYYY-MM or YYYY-MM-DD: keep the precision beside the date
        case length(published_on)
            when 4 then cast(published_on || '-01-01' as date)
            when 7 then cast(published_on || '-01' as date)
            else try_cast(published_on as date)
        end as published_on,
        case length(published_on)
            when 4 then 'year'
            when 7 then 'month'
            when 10 then 'day'
        end as published_on_precision,
        document_type,
        source_format,
        source_uri,
        source_url,
        sha256,
        byte_size,
        cast(page_count as integer) as page_count,
        cast(word_count as integer) as word_count,
        cast(block_count as integer) as block_count,
        cast(table_count as integer) as table_count,
        cast(claim_count as integer) as claim_count,
        extracted_at as ingested_at,
        extractor_version,
        extraction_status,
        failure_reason,
        extraction_error,
        extraction_warnings

    from source

)

select * from final
