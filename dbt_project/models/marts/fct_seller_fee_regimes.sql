{{
    config(
        pre_hook="{{ delete_refresh_scope('tenant') }}",
        indexes=[
            {'columns': ['tenant_id', 'regime_number'], 'unique': true},
        ]
    )
}}

{#-
    Per tenant and Mercari fee regime (the rule of the sales' SOLD DATE, dim_fee_regimes):
    what the fees cost the seller and how many sales the fee check could not explain
    (fct_sale_fee_checks). Completed orders only; only regimes the seller sold under.
    Incremental per tenant (a tenant has a handful of rows; see macros/refresh_scope.sql).
-#}

with

fee_checks as (

    select * from {{ ref('fct_sale_fee_checks') }}

    where {{ refresh_scope('tenant') }}

),

regimes as (

    select * from {{ ref('dim_fee_regimes') }}

),

by_regime as (

    select
        tenant_id,
        regime_number,

        count(*) as orders,
        coalesce(sum(item_price), 0) as gross_sales,
        coalesce(sum(mercari_selling_fee), 0) as mercari_selling_fees,
        coalesce(sum(seller_payment_processing_fee), 0) as payment_processing_fees,
        coalesce(sum(shipping_adjustment_fee), 0) as shipping_adjustment_fees,
        coalesce(sum(penalty_fee), 0) as penalty_fees,
        coalesce(sum(total_seller_fees), 0) as total_fees,
        coalesce(sum(expected_selling_fee), 0) as expected_selling_fees,
        coalesce(sum(expected_processing_fee), 0) as expected_processing_fees,

        count(fee_check) as checked_sales,
        count(*) filter (where fee_check = 'matches') as matching_sales,
        count(*) filter (where fee_check = 'earlier rule') as earlier_rule_sales,
        count(*) filter (where fee_check = 'differs') as differing_sales,
        coalesce(sum(fee_difference) filter (where fee_check = 'differs'), 0)
            as fee_difference,
        coalesce(
            sum(abs(selling_fee_difference) + abs(processing_fee_difference))
                filter (where fee_check = 'differs'),
            0
        ) as differing_fee_amount

    from fee_checks

    group by 1, 2

),

final as (

    select
        by_regime.tenant_id::uuid as tenant_id,
        by_regime.regime_number::integer as regime_number,
        regimes.fee_regime::text as fee_regime,
        regimes.valid_from::date as valid_from,
        regimes.valid_to::date as valid_to,

        by_regime.orders::integer as orders,
        by_regime.gross_sales::numeric(14, 2) as gross_sales,
        by_regime.mercari_selling_fees::numeric(14, 2) as mercari_selling_fees,
        by_regime.payment_processing_fees::numeric(14, 2) as payment_processing_fees,
        by_regime.shipping_adjustment_fees::numeric(14, 2) as shipping_adjustment_fees,
        by_regime.penalty_fees::numeric(14, 2) as penalty_fees,
        by_regime.total_fees::numeric(14, 2) as total_fees,
        round(by_regime.total_fees / nullif(by_regime.gross_sales, 0), 6)::numeric(9, 6)
            as effective_fee_rate,
        by_regime.expected_selling_fees::numeric(14, 2) as expected_selling_fees,
        by_regime.expected_processing_fees::numeric(14, 2) as expected_processing_fees,

        by_regime.checked_sales::integer as checked_sales,
        by_regime.matching_sales::integer as matching_sales,
        by_regime.earlier_rule_sales::integer as earlier_rule_sales,
        by_regime.differing_sales::integer as differing_sales,
        round(by_regime.differing_sales::numeric / nullif(by_regime.checked_sales, 0), 6)::numeric(9, 6)
            as differing_share,
        by_regime.fee_difference::numeric(14, 2) as fee_difference,
        by_regime.differing_fee_amount::numeric(14, 2) as differing_fee_amount

    from by_regime

    inner join regimes
        on regimes.regime_number = by_regime.regime_number

)

select * from final
