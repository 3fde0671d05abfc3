{{
    config(
        pre_hook="{{ delete_refresh_scope('month', key_column='month') }}",
        indexes=[
            {'columns': ['tenant_id', 'month'], 'unique': true},
        ]
    )
}}

{#-
    Money metrics count COMPLETED orders only (a cancelled order earns nothing), so that
    net_proceeds ~= gross_sales - seller_shipping_fees - total_fees.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('month', key_column='sale_month') }}

),

monthly as (

    select
        tenant_id,
        sale_month as month,

        count(*) filter (where is_completed) as orders,
        count(*) filter (where is_cancelled) as cancelled_orders,

        coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
        coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds,
        avg(item_price) filter (where is_completed) as average_price,

        coalesce(sum(seller_shipping_fee) filter (where is_completed), 0)
            as seller_shipping_fees,
        coalesce(sum(mercari_selling_fee) filter (where is_completed), 0)
            as mercari_selling_fees,
        coalesce(sum(seller_payment_processing_fee) filter (where is_completed), 0)
            as payment_processing_fees,
        coalesce(sum(shipping_adjustment_fee) filter (where is_completed), 0)
            as shipping_adjustment_fees,
        coalesce(sum(penalty_fee) filter (where is_completed), 0) as penalty_fees,
        coalesce(sum(total_seller_fees) filter (where is_completed), 0) as total_fees,

        avg(days_to_complete) filter (where is_completed) as avg_days_to_complete,

        coalesce(sum(buyer_sales_tax) filter (where is_completed), 0) as buyer_sales_tax,
        coalesce(sum(buyer_shipping_fee) filter (where is_completed), 0)
            as buyer_shipping_fees,
        coalesce(sum(buyer_service_fee) filter (where is_completed), 0)
            as buyer_service_fees,
        coalesce(sum(buyer_protection_fee) filter (where is_completed), 0)
            as buyer_protection_fees,
        coalesce(sum(buyer_payment_processing_fee) filter (where is_completed), 0)
            as buyer_payment_processing_fees,

        ----------  cost of goods and profit (macros/cost_of_goods.sql)
{{ cost_of_goods_sums() }}

    from sales

    group by 1, 2

),

final as (

    select
        tenant_id::uuid as tenant_id,
        month::date as month,

        orders::integer as orders,
        cancelled_orders::integer as cancelled_orders,
        round(
            cancelled_orders::numeric / nullif(orders + cancelled_orders, 0), 6
        )::numeric(9, 6) as cancellation_rate,

        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,
        round(average_price, 2)::numeric(14, 2) as average_price,

        seller_shipping_fees::numeric(14, 2) as seller_shipping_fees,
        mercari_selling_fees::numeric(14, 2) as mercari_selling_fees,
        payment_processing_fees::numeric(14, 2) as payment_processing_fees,
        shipping_adjustment_fees::numeric(14, 2) as shipping_adjustment_fees,
        penalty_fees::numeric(14, 2) as penalty_fees,
        total_fees::numeric(14, 2) as total_fees,
        round(total_fees / nullif(gross_sales, 0), 6)::numeric(9, 6) as fee_share_of_gross,

        round(avg_days_to_complete, 2)::numeric(8, 2) as avg_days_to_complete,

        buyer_sales_tax::numeric(14, 2) as buyer_sales_tax,
        buyer_shipping_fees::numeric(14, 2) as buyer_shipping_fees,
        buyer_service_fees::numeric(14, 2) as buyer_service_fees,
        buyer_protection_fees::numeric(14, 2) as buyer_protection_fees,
        buyer_payment_processing_fees::numeric(14, 2) as buyer_payment_processing_fees,

{{ cost_of_goods_columns() }},
{{ profit_ratios() }}

    from monthly

)

select * from final
