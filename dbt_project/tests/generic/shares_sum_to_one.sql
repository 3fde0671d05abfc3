{#-
    A share column (e.g. share_of_orders) must sum to 1 within each group (e.g. tenant),
    within `tolerance` (shares are rounded). Groups whose shares are all null (nothing to
    share, e.g. a tenant with no completed orders) are skipped.
    Usage (column level):
      - shares_sum_to_one:
          arguments:
            group_by_columns: [tenant_id]
            tolerance: 0.0001
-#}
{% test shares_sum_to_one(model, column_name, group_by_columns, tolerance=0.0001) %}

    {%- set group_csv = group_by_columns | join(', ') %}

    select
        {{ group_csv }},
        sum({{ column_name }}) as total_share
    from {{ model }}
    group by {{ group_csv }}
    having
        count({{ column_name }}) > 0
        and abs(sum({{ column_name }}) - 1) > {{ tolerance }}

{% endtest %}
