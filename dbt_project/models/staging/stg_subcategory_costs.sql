with

source as (

    select * from {{ source('app', 'subcategory_costs') }}

),

renamed as (

    select
        seller_id::uuid as tenant_id,
        department::text as department,
        subcategory::text as subcategory,
        cost::numeric(12, 2) as cost

    from source

)

select * from renamed
