with

source as (

    select * from {{ source('raw', 'blocks') }}

),

final as (

    select
        block_id,
        document_id,
        cast(seq as integer) as block_seq,
        block_type,
        cast(heading_level as integer) as heading_level,
        nullif(section_path, '') as section_path,
        cast(page_number as integer) as page_number,
        text as block_text,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        x0,
        top,
        x1,
        bottom,
        page_breaks,
        damage

    from source

)

select * from final
