{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'department', 'subcategory'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant, department and subcategory: what sells. Money metrics count completed
    orders; shares are within the tenant. Low-confidence sales are counted so that a
    seller can review them. Incremental per tenant (shares need the tenant's totals).
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('tenant') }}

),

by_category as (

    select
        tenant_id,
        department,
        coalesce(subcategory, '') as subcategory,

        count(*) filter (where is_completed) as orders,
        count(*) filter (where is_cancelled) as cancelled_orders,
        coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
        coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds,
        avg(item_price) filter (where is_completed) as average_price,
        avg(category_confidence) as average_confidence,
        count(*) filter (where is_low_confidence) as low_confidence_sales,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums() }}

    from sales

    group by 1, 2, 3

),

with_tenant_totals as (

    select
        by_category.*,
        sum(by_category.orders) over (partition by by_category.tenant_id) as tenant_orders,
        sum(by_category.gross_sales) over (partition by by_category.tenant_id)
            as tenant_gross_sales

    from by_category

),

final as (

    select
        tenant_id::uuid as tenant_id,
        department::text as department,
        subcategory::text as subcategory,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,
        round(average_price, 2)::numeric(14, 2) as average_price,
        round(orders::numeric / nullif(tenant_orders, 0), 6)::numeric(9, 6) as share_of_orders,
        round(gross_sales / nullif(tenant_gross_sales, 0), 6)::numeric(9, 6) as share_of_gross,
        round(average_confidence, 4)::numeric(5, 4) as average_confidence,
        low_confidence_sales::integer as low_confidence_sales,

{{ cost_of_goods_columns() }},
{{ profit_ratios() }}

    from with_tenant_totals

)

select * from final
