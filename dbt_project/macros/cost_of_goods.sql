{#-
    Cost-of-goods figures of the marts, the same everywhere (over COMPLETED orders):
      sales_with_cost / sales_without_cost : completed sales whose cost is known / unknown
      cost_known_gross                     : item price of the sales with a cost
      cost_of_goods, profit                : sums over the sales with a cost; NULL when no
                                             sale of the row has one (never a zero that
                                             would read as "free")
    Profit, margin (profit / cost_known_gross) and ROI (profit / cost_of_goods) are over the
    sales that have a cost only, so that an unknown cost never counts as zero; the
    portal says "cost unknown for N sales (X % of gross)" from sales_without_cost and
    gross_sales - cost_known_gross. `relation` qualifies fct_sales' columns in a join.
-#}
{% macro cost_of_goods_sums(relation='') -%}
    {%- set r = relation ~ '.' if relation else '' -%}
        count(*) filter (where {{ r }}is_completed and {{ r }}cost_of_goods is not null)
            as sales_with_cost,
        count(*) filter (where {{ r }}is_completed and {{ r }}cost_of_goods is null)
            as sales_without_cost,
        coalesce(
            sum({{ r }}item_price) filter (where {{ r }}is_completed and {{ r }}cost_of_goods is not null),
            0
        ) as cost_known_gross,
        sum({{ r }}cost_of_goods) filter (where {{ r }}is_completed) as cost_of_goods,
        sum({{ r }}profit) filter (where {{ r }}is_completed) as profit
{%- endmacro %}


{#- The typed output columns of cost_of_goods_sums, for a mart's final select. -#}
{% macro cost_of_goods_columns() -%}
        sales_with_cost::integer as sales_with_cost,
        sales_without_cost::integer as sales_without_cost,
        cost_known_gross::numeric(14, 2) as cost_known_gross,
        cost_of_goods::numeric(14, 2) as cost_of_goods,
        profit::numeric(14, 2) as profit
{%- endmacro %}


{#- Margin and ROI of the sales with a cost (non-additive: not in the daily marts). -#}
{% macro profit_ratios() -%}
        round(profit / nullif(cost_known_gross, 0), 6)::numeric(14, 6) as margin,
        round(profit / nullif(cost_of_goods, 0), 6)::numeric(14, 6) as roi
{%- endmacro %}
