{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['expense_id'], 'unique': true},
            {'columns': ['tenant_id', 'tax_year']},
        ]
    )
}}

{#-
    One row per business expense of a seller (Schedule C "other expenses"), with its tax
    year (the calendar year of its date). The portal reads expenses for the tax page from
    here, never from the table it writes. Incremental per tenant: an expense change queues
    a whole-seller refresh (mi_core/expenses.py).
-#}

with

expenses as (

    select * from {{ ref('stg_business_expenses') }}

    where {{ refresh_scope('tenant') }}

),

final as (

    select
        expense_id::integer as expense_id,
        tenant_id::uuid as tenant_id,
        expense_date::date as expense_date,
        tax_year::integer as tax_year,
        amount::numeric(12, 2) as amount,
        category::text as category,
        note::text as note

    from expenses

)

select * from final
