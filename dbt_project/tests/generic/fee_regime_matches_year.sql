{#-
    The fee-regime label column must equal the label that macros/fee_regime.sql assigns to
    the row's year (also rejects null / unknown labels).
    Usage (column level):
      - fee_regime_matches_year:
          arguments:
            year_column: year
-#}
{% test fee_regime_matches_year(model, column_name, year_column) %}

    select *
    from {{ model }}
    where {{ column_name }} is distinct from ({{ fee_regime_label(year_column) }})

{% endtest %}
