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

    -- One index probe per sale in scope. A plain left join let PostgreSQL scan every
    -- seller's categories (the view's correction join keeps it from reaching the key
    -- index): 1.4 s per upload at 1M sales, growing with the warehouse. `offset 0` keeps
    -- the lateral subquery unflattened, so its key conditions reach the index.
    left join lateral (
        select * from categories
        where categories.upload_id = sales.upload_id
            and categories.row_number = sales.row_number
        offset 0
    ) as categories on true

),

sale_costs as (

    select * from {{ ref('stg_sale_costs') }}

),

title_costs as (

    select * from {{ ref('stg_title_costs') }}

),

product_group_costs as (

    select * from {{ ref('stg_product_group_costs') }}

),

subcategory_costs as (

    select * from {{ ref('stg_subcategory_costs') }}

),

department_cost_shares as (

    select * from {{ ref('stg_department_cost_shares') }}

),

{#-
    One cost of goods per completed sale, the most specific the seller gave:
    sale (item id) > title > product group > subcategory > department share of the price.
    A product group and a subcategory are the same level in the issue; the group wins
    because it is the seller's own, narrower grouping. Cancelled orders sold nothing, so
    they have no cost. No cost known -> NULL (never zero): profit is then unknown too.
-#}
sales_with_costs as (

    select
        sales_with_categories.*,
        case
            when not sales_with_categories.is_completed then null
            when sale_costs.cost is not null then sale_costs.cost
            when title_costs.cost is not null then title_costs.cost
            when product_group_costs.cost is not null then product_group_costs.cost
            when subcategory_costs.cost is not null then subcategory_costs.cost
            when department_cost_shares.cost_share is not null
                then round(sales_with_categories.item_price * department_cost_shares.cost_share, 2)
        end as cost_of_goods,
        case
            when not sales_with_categories.is_completed then null
            when sale_costs.cost is not null then 'sale'
            when title_costs.cost is not null then 'title'
            when product_group_costs.cost is not null then 'product_group'
            when subcategory_costs.cost is not null then 'subcategory'
            when department_cost_shares.cost_share is not null
                and sales_with_categories.item_price is not null then 'department_default'
        end as cost_source

    from sales_with_categories

    left join sale_costs
        on sale_costs.tenant_id = sales_with_categories.tenant_id
        and sale_costs.item_id = sales_with_categories.item_id

    left join title_costs
        on title_costs.tenant_id = sales_with_categories.tenant_id
        and title_costs.item_title = sales_with_categories.item_title

    left join product_group_costs
        on product_group_costs.tenant_id = sales_with_categories.tenant_id
        and product_group_costs.item_title = sales_with_categories.item_title

    left join subcategory_costs
        on subcategory_costs.tenant_id = sales_with_categories.tenant_id
        and subcategory_costs.department = sales_with_categories.department
        and subcategory_costs.subcategory = sales_with_categories.subcategory

    left join department_cost_shares
        on department_cost_shares.tenant_id = sales_with_categories.tenant_id
        and department_cost_shares.department = sales_with_categories.department

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

        cost_of_goods::numeric(12, 2) as cost_of_goods,
        cost_source::text as cost_source,
        (net_seller_proceeds - cost_of_goods)::numeric(12, 2) as profit,

        times_uploaded::integer as times_uploaded,
        upload_created_at::timestamptz as upload_created_at,
        loaded_at::timestamptz as loaded_at

    from sales_with_costs

)

select * from final
