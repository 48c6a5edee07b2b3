with

source as (

    select * from {{ source('raw', 'unpublished_values') }}

),

final as (

    select
        value_id,
        document_id,
        block_id,
        block_type,
        cast(page_number as integer) as page_number,
        section,
        text,
        value_text,
        value,
        unit,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end,
        x0,
        top,
        x1,
        bottom,
        reason

    from source

)

select * from final
