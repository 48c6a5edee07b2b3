with

source as (

    select * from {{ source('raw', 'table_cells') }}

),

final as (

    select
        table_id || ':r' || row_index || 'c' || col_index as cell_id,
        table_id,
        block_id,
        document_id,
        cast(page_number as integer) as page_number,
        cast(row_index as integer) as row_index,
        cast(col_index as integer) as col_index,
        is_header,
        text as cell_text,
        x0,
        top,
        x1,
        bottom

    from source

)

select * from final
