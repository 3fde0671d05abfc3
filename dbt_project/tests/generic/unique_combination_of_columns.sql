{#-
    Fails for every combination of `combination_of_columns` that occurs more than once.
    Usage (model level):
      data_tests:
        - unique_combination_of_columns:
            arguments:
              combination_of_columns: [tenant_id, month]
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set columns_csv = combination_of_columns | join(', ') %}

    select
        {{ columns_csv }},
        count(*) as n_records
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1

{% endtest %}
