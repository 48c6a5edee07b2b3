with

source as (

    select * from {{ source('raw', 'figures') }}

),

final as (

    select
        block_id as figure_id,
        document_id,
        figure_ref,
        title as figure_title,
        cast(page_number as integer) as page_number

    from source

)

select * from final
