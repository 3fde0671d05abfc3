with

business_expenses as (

    select * from {{ source('app', 'business_expenses') }}

),

final as (

    select
        id as expense_id,
        tenant_id,
        expense_date,
        extract(year from expense_date)::integer as tax_year,
        amount,
        category,
        note,
        created_at

    from business_expenses

)

select * from final
