{{
    config(
        pre_hook="{{ delete_refresh_scope('item', key_column='item_id') }}",
        indexes=[
            {'columns': ['sale_key'], 'unique': true},
            {'columns': ['tenant_id']},
            {'columns': ['tenant_id', 'item_id']},
            {'columns': ['tenant_id', 'sold_date']},
        ]
    )
}}

{#-
    The fee check of each COMPLETED sale: the seller-side fees (selling fee and payment
    processing) that the rule of its SOLD DATE implies (dim_fee_regimes, from the seed
    written by mi_core.sales_report.fees.FEE_RULES), against what Mercari charged. The
    same check as the Python check_fees():
      * 'matches'      both fees equal the sold date's rule, to the cent;
      * 'earlier rule' otherwise, sold within var fee_grace_days days after a rule change
                       (up to earlier_rule_until) with both fees equal to the PREVIOUS rule
                       (the listing kept the fees of the day it was created);
      * 'differs'      neither (no rule explains the fees).
    fee_check is null when a fee, the price or a base the rule needs is not reported
    (older report layouts leave money columns empty): nothing to check.
    The differences are charged minus expected under the rule the check settled on (the
    previous rule for 'earlier rule'), so they are 0 unless the sale differs; null when
    not checked.
    Incremental per (tenant_id, item_id), like fct_sales (see macros/refresh_scope.sql).
-#}

with

sales as (

    select * from {{ ref('int_completed_sales') }}

    where {{ refresh_scope('item', key_column='item_id') }}

),

regimes as (

    select * from {{ ref('dim_fee_regimes') }}

),

sales_with_regime as (

    select
        sales.*,
        regimes.regime_number,
        regimes.fee_regime,
        regimes.earlier_rule_until,
        {{ expected_selling_fee('regimes.', 'sales.item_price', 'sales.buyer_shipping_fee') }}
            as expected_selling_fee,
        {{ expected_processing_fee('regimes.', 'sales.item_price', 'sales.buyer_shipping_fee') }}
            as expected_processing_fee,
        -- The previous rule's fees (null for the first rule: nothing before it).
        {{ expected_selling_fee('regimes.previous_', 'sales.item_price', 'sales.buyer_shipping_fee') }}
            as previous_selling_fee,
        {{ expected_processing_fee('regimes.previous_', 'sales.item_price', 'sales.buyer_shipping_fee') }}
            as previous_processing_fee

    from sales

    inner join regimes
        on {{ fee_regime_of('sales.sold_date', 'regimes') }}

),

checked as (

    select
        sales_with_regime.*,
        case
            when mercari_selling_fee is null
                or seller_payment_processing_fee is null
                or expected_selling_fee is null
                or expected_processing_fee is null
                then null
            when mercari_selling_fee = expected_selling_fee
                and seller_payment_processing_fee = expected_processing_fee
                then 'matches'
            when sold_date <= earlier_rule_until
                and mercari_selling_fee = previous_selling_fee
                and seller_payment_processing_fee = previous_processing_fee
                then 'earlier rule'
            else 'differs'
        end as fee_check

    from sales_with_regime

),

differences as (

    select
        checked.*,
        case fee_check
            when 'earlier rule' then mercari_selling_fee - previous_selling_fee
            when 'matches' then 0
            when 'differs' then mercari_selling_fee - expected_selling_fee
        end as selling_fee_difference,
        case fee_check
            when 'earlier rule' then seller_payment_processing_fee - previous_processing_fee
            when 'matches' then 0
            when 'differs' then seller_payment_processing_fee - expected_processing_fee
        end as processing_fee_difference

    from checked

),

final as (

    select
        sale_key::text as sale_key,
        tenant_id::uuid as tenant_id,
        upload_id::uuid as upload_id,
        row_number::integer as row_number,
        item_id::text as item_id,
        sold_date::date as sold_date,
        department::text as department,

        regime_number::integer as regime_number,
        fee_regime::text as fee_regime,

        item_price::numeric(12, 2) as item_price,
        buyer_shipping_fee::numeric(12, 2) as buyer_shipping_fee,
        mercari_selling_fee::numeric(12, 2) as mercari_selling_fee,
        seller_payment_processing_fee::numeric(12, 2) as seller_payment_processing_fee,
        shipping_adjustment_fee::numeric(12, 2) as shipping_adjustment_fee,
        penalty_fee::numeric(12, 2) as penalty_fee,
        total_seller_fees::numeric(14, 2) as total_seller_fees,

        expected_selling_fee::numeric(12, 2) as expected_selling_fee,
        expected_processing_fee::numeric(12, 2) as expected_processing_fee,
        fee_check::text as fee_check,
        selling_fee_difference::numeric(12, 2) as selling_fee_difference,
        processing_fee_difference::numeric(12, 2) as processing_fee_difference,
        (selling_fee_difference + processing_fee_difference)::numeric(12, 2) as fee_difference

    from differences

)

select * from final
