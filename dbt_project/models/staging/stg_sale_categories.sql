with

source as (

    select * from {{ source('raw', 'sale_categories') }}

),

renamed as (

    select
        upload_id::uuid as upload_id,
        row_number::integer as row_number,
        tenant_id::uuid as tenant_id,
        department::text as department,
        nullif(subcategory, '')::text as subcategory,
        confidence::numeric(5, 4) as category_confidence,
        source::text as category_source,
        reason::text as category_reason

    from source

)

select * from renamed
