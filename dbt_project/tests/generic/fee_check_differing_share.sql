{#-
    The share of checked sales whose fees no rule explains, per row (seller x regime) of
    a fee-regime mart that has any: meant as a WARN (severity: warn), so that the build
    reports how many sellers/regimes differ without failing. The failing rows carry
    differing_share and differing_fee_amount (see them with `dbt test --store-failures`).
    Usage (model level):
      - fee_check_differing_share:
          config:
            severity: warn
-#}
{% test fee_check_differing_share(model) %}

    select
        tenant_id,
        regime_number,
        fee_regime,
        checked_sales,
        differing_sales,
        differing_share,
        differing_fee_amount
    from {{ model }}
    where differing_sales > 0

{% endtest %}
