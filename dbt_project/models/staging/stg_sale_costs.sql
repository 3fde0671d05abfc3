with

source as (

    select * from {{ source('app', 'sale_costs') }}

),

renamed as (

    select
        seller_id::uuid as tenant_id,
        item_id::text as item_id,
        cost::numeric(12, 2) as cost

    from source

)

select * from renamed
