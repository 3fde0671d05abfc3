{{
    config(
        pre_hook="{{ delete_refresh_scope('year', key_column='year') }}",
        indexes=[
            {'columns': ['tenant_id', 'year'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and calendar year of sold_date: what Mercari's fees cost the seller, and
    which fee rules were in force during the year (dim_fee_regimes: a rule applies by
    sold date, so a year may see two; per rule see fct_seller_fee_regimes). Completed
    orders only.
    Rolled up from fct_seller_monthly (every metric is a sum of completed orders, so the
    sum of a year's months is exact): refreshing a (tenant, year) reads at most 12 monthly
    rows instead of all of the year's sales.
-#}

with

monthly as (

    select
        *,
        extract(year from month)::integer as sale_year

    from {{ ref('fct_seller_monthly') }}

    where {{ refresh_scope('year', key_column='extract(year from month)::integer') }}

),

yearly as (

    select
        tenant_id,
        sale_year as year,

        sum(orders) as orders,
        sum(gross_sales) as gross_sales,
        sum(net_proceeds) as net_proceeds,
        sum(mercari_selling_fees) as mercari_selling_fees,
        sum(payment_processing_fees) as payment_processing_fees,
        sum(shipping_adjustment_fees) as shipping_adjustment_fees,
        sum(penalty_fees) as penalty_fees,
        sum(total_fees) as total_fees,
        sum(seller_shipping_fees) as seller_shipping_fees,
        sum(buyer_service_fees) as buyer_service_fees,
        sum(buyer_protection_fees) as buyer_protection_fees,
        sum(buyer_payment_processing_fees) as buyer_payment_processing_fees

    from monthly

    group by 1, 2

),

regimes as (

    select * from {{ ref('dim_fee_regimes') }}

),

years as (

    select distinct year from yearly

),

year_regimes as (

    -- The rules whose dates overlap the calendar year, in date order.
    select
        years.year,
        string_agg(regimes.fee_regime, ' → ' order by regimes.regime_number) as fee_regime

    from years

    inner join regimes
        on (regimes.valid_from is null or regimes.valid_from <= make_date(years.year, 12, 31))
        and (regimes.valid_to is null or regimes.valid_to >= make_date(years.year, 1, 1))

    group by 1

),

final as (

    select
        yearly.tenant_id::uuid as tenant_id,
        yearly.year::integer as year,
        year_regimes.fee_regime::text as fee_regime,

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

    left join year_regimes
        on year_regimes.year = yearly.year

)

select * from final
