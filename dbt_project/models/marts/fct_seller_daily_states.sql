{{
    config(
        pre_hook="{{ delete_refresh_scope('day', key_column='sold_date') }}",
        indexes=[
            {'columns': ['tenant_id', 'sold_date', 'department', 'shipped_to_state'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant, sold day, department and buyer state ('UNKNOWN' when blank): the additive
    figures behind the portal's states widget for any date range. Money metrics count
    COMPLETED orders only. Incremental per (tenant, sold day), like fct_seller_daily.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('day', key_column='sold_date') }}

),

daily_states as (

    select
        tenant_id,
        sold_date,
        department,
        coalesce(shipped_to_state, 'UNKNOWN') as shipped_to_state,

        count(*) filter (where is_completed) as orders,
        count(*) filter (where is_cancelled) as cancelled_orders,
        coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
        coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums() }}

    from sales

    group by 1, 2, 3, 4

),

final as (

    select
        tenant_id::uuid as tenant_id,
        sold_date::date as sold_date,
        department::text as department,
        shipped_to_state::text as shipped_to_state,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,

{{ cost_of_goods_columns() }}

    from daily_states

)

select * from final
