{#-
    Fails for every row where `expression` is not true (false or null).
    Usage (model level):
      data_tests:
        - expression_is_true:
            arguments:
              expression: "net_proceeds <= gross_sales"
    Use the standard `config: where:` to restrict the rows checked.
-#}
{% test expression_is_true(model, expression) %}

    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)

{% endtest %}
