{#-
    Mercari's seller fees by their dated rules. The rules themselves live in ONE place, the
    Python table mi_core.sales_report.fees.FEE_RULES; the seed seeds/mercari_fee_rules.csv
    is written from it (`write_fee_rules_csv`, a test keeps the two equal) and published
    with its derived columns as the mart dim_fee_regimes. These macros only apply a rule's
    columns to a sale; they hold no rate, date or label of their own.

    A rule applies by SOLD DATE, from valid_from (null: since Mercari US began) to
    valid_to (null: still in force). Fee bases and rounding use the seed's words:
      * base 'item price' or 'item price + buyer shipping fee';
      * rounding 'half up' (to the cent, round() on non-negative numerics) or 'down'
        (truncated to the cent).
-#}

{#- Join condition: the regime `regime` (a dim_fee_regimes alias) of the day `sold_date`. -#}
{% macro fee_regime_of(sold_date, regime='regimes') -%}
    ({{ regime }}.valid_from is null or {{ sold_date }} >= {{ regime }}.valid_from)
    and ({{ regime }}.valid_to is null or {{ sold_date }} <= {{ regime }}.valid_to)
{%- endmacro %}


{#- The amount a rule's base names: the item price, or the item price + buyer shipping. -#}
{% macro _fee_base(base_column, price, buyer_shipping) -%}
    (case when {{ base_column }} = 'item price + buyer shipping fee'
        then {{ price }} + {{ buyer_shipping }} else {{ price }} end)
{%- endmacro %}


{#- `rate` of `amount`, to the cent as the rule's rounding says. -#}
{% macro _fee_percent(amount, rate, rounding) -%}
    (case when {{ rounding }} = 'down' then trunc({{ amount }} * {{ rate }}, 2)
        else round({{ amount }} * {{ rate }}, 2) end)
{%- endmacro %}


{#-
    The selling fee (dollars) a rule implies for a sale. `rule` prefixes the rule's columns
    (e.g. 'regimes.' for the rule of the sold date, 'regimes.previous_' for the one before).
-#}
{% macro expected_selling_fee(rule, price='item_price', buyer_shipping='buyer_shipping_fee') -%}
    {{ _fee_percent(
        _fee_base(rule ~ 'selling_fee_base', price, buyer_shipping),
        rule ~ 'selling_fee_rate',
        rule ~ 'rounding'
    ) }}
{%- endmacro %}


{#- The seller payment processing fee a rule implies: rate of its base + the fixed part. -#}
{% macro expected_processing_fee(rule, price='item_price', buyer_shipping='buyer_shipping_fee') -%}
    (case when {{ rule }}processing_fee_rate = 0 and {{ rule }}processing_fee_fixed = 0 then 0
        else {{ _fee_percent(
            _fee_base(rule ~ 'processing_fee_base', price, buyer_shipping),
            rule ~ 'processing_fee_rate',
            rule ~ 'rounding'
        ) }} + {{ rule }}processing_fee_fixed end)
{%- endmacro %}
