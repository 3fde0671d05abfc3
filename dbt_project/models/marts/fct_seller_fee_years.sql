{{
    config(
        indexes=[
            {'columns': ['tenant_id', 'year'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and calendar year of sold_date: what Mercari's fees cost the seller, and
    under which fee rules (labels in macros/fee_regime.sql). Completed orders only.
-#}

with

sales as (

    select * from {{ ref('fct_sales') }}

    where {{ refresh_scope('tenant_id') }}

),

yearly as (

    select
        tenant_id,
        sale_year as year,

        count(*) filter (where is_completed) as orders,
        coalesce(sum(item_price) filter (where is_completed), 0) as gross_sales,
        coalesce(sum(net_seller_proceeds) filter (where is_completed), 0) as net_proceeds,
        coalesce(sum(mercari_selling_fee) filter (where is_completed), 0)
            as mercari_selling_fees,
        coalesce(sum(seller_payment_processing_fee) filter (where is_completed), 0)
            as payment_processing_fees,
        coalesce(sum(shipping_adjustment_fee) filter (where is_completed), 0)
            as shipping_adjustment_fees,
        coalesce(sum(penalty_fee) filter (where is_completed), 0) as penalty_fees,
        coalesce(sum(total_seller_fees) filter (where is_completed), 0) as total_fees,
        coalesce(sum(seller_shipping_fee) filter (where is_completed), 0)
            as seller_shipping_fees,
        coalesce(sum(buyer_service_fee) filter (where is_completed), 0)
            as buyer_service_fees,
        coalesce(sum(buyer_protection_fee) filter (where is_completed), 0)
            as buyer_protection_fees,
        coalesce(sum(buyer_payment_processing_fee) filter (where is_completed), 0)
            as buyer_payment_processing_fees

    from sales

    group by 1, 2

),

final as (

    select
        tenant_id::uuid as tenant_id,
        year::integer as year,
        ({{ fee_regime_label('year') }})::text as fee_regime,

        orders::integer as orders,
        gross_sales::numeric(14, 2) as gross_sales,
        net_proceeds::numeric(14, 2) as net_proceeds,
        mercari_selling_fees::numeric(14, 2) as mercari_selling_fees,
        payment_processing_fees::numeric(14, 2) as payment_processing_fees,
        shipping_adjustment_fees::numeric(14, 2) as shipping_adjustment_fees,
        penalty_fees::numeric(14, 2) as penalty_fees,
        total_fees::numeric(14, 2) as total_fees,
        round(total_fees / nullif(gross_sales, 0), 6)::numeric(9, 6) as effective_fee_rate,
        seller_shipping_fees::numeric(14, 2) as seller_shipping_fees,
        buyer_service_fees::numeric(14, 2) as buyer_service_fees,
        buyer_protection_fees::numeric(14, 2) as buyer_protection_fees,
        buyer_payment_processing_fees::numeric(14, 2) as buyer_payment_processing_fees

    from yearly

)

select * from final
