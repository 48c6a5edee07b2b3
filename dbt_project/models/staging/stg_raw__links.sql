with

source as (

    select * from {{ source('raw', 'links') }}

),

final as (

    select
        link_id,
        document_id,
        block_id,
        cast(seq as integer) as link_seq,
        link_kind,
        anchor_text,
        href,
        cast(char_start as integer) as char_start,
        cast(char_end as integer) as char_end

    from source

)

select * from final
