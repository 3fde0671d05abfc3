{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'shipped_to_state'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and buyer state. Money metrics and orders count completed orders only;
    shares are within the tenant, over completed orders. Sales without a state are
    grouped under 'UNKNOWN'.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('tenant') }}

),

by_state as (

    select
        tenant_id,
        coalesce(shipped_to_state, 'UNKNOWN') as shipped_to_state,

        count(*) filter (where is_completed) as orders,
        count(*) filter (where is_cancelled) as cancelled_orders,
        coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
        coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds,
        avg(item_price) filter (where is_completed) as average_price,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums() }}

    from sales

    group by 1, 2

),

with_tenant_totals as (

    select
        by_state.*,
        sum(by_state.orders) over (partition by by_state.tenant_id) as tenant_orders,
        sum(by_state.gross_sales) over (partition by by_state.tenant_id) as tenant_gross_sales

    from by_state

),

final as (

    select
        tenant_id::uuid as tenant_id,
        shipped_to_state::text as shipped_to_state,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,
        round(average_price, 2)::numeric(14, 2) as average_price,

        round(orders::numeric / nullif(tenant_orders, 0), 6)::numeric(9, 6)
            as share_of_orders,
        round(gross_sales / nullif(tenant_gross_sales, 0), 6)::numeric(9, 6)
            as share_of_gross,

{{ cost_of_goods_columns() }},
{{ profit_ratios() }}

    from with_tenant_totals

)

select * from final
