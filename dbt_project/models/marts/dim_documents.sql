with

documents as (

    select * from {{ ref('stg_raw__documents') }}

),

final as (

    select
        document_id,
        title,
        publisher,
        authors,
        published_on,
        published_on_precision,
        document_type,
        source_format,
        source_uri,
        source_url,
        sha256,
        page_count,
        word_count,
        claim_count,
        ingested_at,
        extractor_version,
        extraction_status,
        failure_reason,
        extraction_error,
        extraction_warnings

    from documents

)

select * from final
