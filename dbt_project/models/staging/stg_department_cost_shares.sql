with

source as (

    select * from {{ source('app', 'department_cost_shares') }}

),

renamed as (

    select
        seller_id::uuid as tenant_id,
        department::text as department,
        share::numeric(5, 4) as cost_share

    from source

)

select * from renamed
