{{
    config(
        materialized='table'
    )
}}

{#-
    Mercari's fee rules (regimes), one row each, as the seed mercari_fee_rules holds them
    (written from mi_core.sales_report.fees.FEE_RULES, the one place the rules live), with
    what the fee check needs next to each: its number in date order, the previous rule's
    parameters and the last day on which a sale may still carry them (the "earlier rule"
    grace, var fee_grace_days). Six rows, rebuilt whole by every build (not tenant data).
-#}

with

rules as (

    select * from {{ ref('mercari_fee_rules') }}

),

numbered as (

    select
        rules.*,
        row_number() over (order by rules.valid_from nulls first) as regime_number

    from rules

),

with_previous as (

    select
        numbered.*,
        lag(numbered.label) over by_date as previous_fee_regime,
        lag(numbered.selling_fee_rate) over by_date as previous_selling_fee_rate,
        lag(numbered.selling_fee_base) over by_date as previous_selling_fee_base,
        lag(numbered.processing_fee_rate) over by_date as previous_processing_fee_rate,
        lag(numbered.processing_fee_fixed) over by_date as previous_processing_fee_fixed,
        lag(numbered.processing_fee_base) over by_date as previous_processing_fee_base,
        lag(numbered.rounding) over by_date as previous_rounding

    from numbered

    window by_date as (order by numbered.regime_number)

),

final as (

    select
        regime_number::integer as regime_number,
        label::text as fee_regime,
        valid_from::date as valid_from,
        valid_to::date as valid_to,

        selling_fee_rate::numeric(6, 4) as selling_fee_rate,
        selling_fee_base::text as selling_fee_base,
        processing_fee_rate::numeric(6, 4) as processing_fee_rate,
        processing_fee_fixed::numeric(6, 2) as processing_fee_fixed,
        processing_fee_base::text as processing_fee_base,
        rounding::text as rounding,
        coalesce(buyer_side, '')::text as buyer_side,
        source::text as source,

        -- A sale sold from valid_from to this day that matches the previous rule counts
        -- as "earlier rule"; null for the first rule (nothing before it).
        (case when valid_from is not null and previous_fee_regime is not null
            then valid_from + {{ var('fee_grace_days') }} - 1 end)::date
            as earlier_rule_until,
        previous_fee_regime::text as previous_fee_regime,
        previous_selling_fee_rate::numeric(6, 4) as previous_selling_fee_rate,
        previous_selling_fee_base::text as previous_selling_fee_base,
        previous_processing_fee_rate::numeric(6, 4) as previous_processing_fee_rate,
        previous_processing_fee_fixed::numeric(6, 2) as previous_processing_fee_fixed,
        previous_processing_fee_base::text as previous_processing_fee_base,
        previous_rounding::text as previous_rounding

    from with_previous

)

select * from final
