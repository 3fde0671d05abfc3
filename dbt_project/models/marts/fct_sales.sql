{{
    config(
        pre_hook="{{ delete_refresh_scope('item', key_column='item_id') }}",
        indexes=[
            {'columns': ['sale_key'], 'unique': true},
            {'columns': ['tenant_id']},
            {'columns': ['tenant_id', 'item_id']},
            {'columns': ['tenant_id', 'sale_month']},
            {'columns': ['tenant_id', 'sold_date']},
        ]
    )
}}

{#-
    Incremental per (tenant_id, item_id) (see macros/refresh_scope.sql): in incremental runs
    the pre-hook deletes the sales of the items in the claimed uploads (every sale of
    tenants queued without an upload) and this select re-inserts them, deduplicated over
    all of the tenant's uploads. Indexes: (tenant_id, item_id) for that delete,
    (tenant_id, sale_month) / (tenant_id, sold_date) / (tenant_id) for the scoped reads of
    fct_seller_monthly / the fct_seller_daily* marts / the per-tenant marts and the scoped
    tests.
-#}

with

sales as (

    select * from {{ ref('int_sales_deduplicated') }}

    where {{ refresh_scope('item', key_column='item_id') }}

),

categories as (

    select * from {{ ref('int_sale_categories') }}

),

sales_with_categories as (

    select
        sales.*,
        -- Rows loaded before categorisation existed have no category yet.
        coalesce(categories.department, 'Uncategorised') as department,
        categories.subcategory,
        coalesce(categories.category_confidence, 0) as category_confidence,
        categories.category_source,
        -- The one definition of "low confidence" (var low_confidence_below, see
        -- dbt_project.yml); an uncategorised sale (confidence 0) is low confidence.
        coalesce(categories.category_confidence, 0)
            < {{ var('low_confidence_below') }} as is_low_confidence

    from sales

    left join categories
        on categories.upload_id = sales.upload_id
        and categories.row_number = sales.row_number

),

final as (

    select
        sale_key::text as sale_key,
        tenant_id::uuid as tenant_id,
        upload_id::uuid as upload_id,
        row_number::integer as row_number,
        item_id::text as item_id,
        item_title::text as item_title,
        order_status::text as order_status,
        is_completed::boolean as is_completed,
        is_cancelled::boolean as is_cancelled,
        shipped_to_state::text as shipped_to_state,
        shipped_from_state::text as shipped_from_state,

        sold_date::date as sold_date,
        cancelled_date::date as cancelled_date,
        completed_date::date as completed_date,
        days_to_complete::integer as days_to_complete,
        sale_month::date as sale_month,
        sale_year::integer as sale_year,

        item_price::numeric(12, 2) as item_price,
        seller_shipping_fee::numeric(12, 2) as seller_shipping_fee,
        mercari_selling_fee::numeric(12, 2) as mercari_selling_fee,
        seller_payment_processing_fee::numeric(12, 2) as seller_payment_processing_fee,
        shipping_adjustment_fee::numeric(12, 2) as shipping_adjustment_fee,
        penalty_fee::numeric(12, 2) as penalty_fee,
        total_seller_fees::numeric(14, 2) as total_seller_fees,
        net_seller_proceeds::numeric(12, 2) as net_seller_proceeds,

        buyer_shipping_fee::numeric(12, 2) as buyer_shipping_fee,
        buyer_sales_tax::numeric(12, 2) as buyer_sales_tax,
        buyer_merchant_fees::numeric(12, 2) as buyer_merchant_fees,
        buyer_service_fee::numeric(12, 2) as buyer_service_fee,
        buyer_protection_fee::numeric(12, 2) as buyer_protection_fee,
        buyer_payment_processing_fee::numeric(12, 2) as buyer_payment_processing_fee,

        department::text as department,
        subcategory::text as subcategory,
        category_confidence::numeric(5, 4) as category_confidence,
        category_source::text as category_source,
        is_low_confidence::boolean as is_low_confidence,

        times_uploaded::integer as times_uploaded,
        upload_created_at::timestamptz as upload_created_at,
        loaded_at::timestamptz as loaded_at

    from sales_with_categories

)

select * from final
