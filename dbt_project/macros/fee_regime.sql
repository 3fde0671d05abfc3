{#-
    Mercari US fee rules by calendar year — the single place where fee-regime labels live.
    Each regime covers years [first_year, last_year] (none = open ended).
      * up to 2023: 10% selling fee charged to the seller; since mid-2022 also a payment
        processing fee charged to the seller.
      * 2024: Mercari removed the seller selling fee; buyers are charged service /
        protection / processing fees instead.
      * 2025 onwards: a seller selling fee was reinstated.
-#}
{% macro fee_regimes() -%}
    {{ return([
        {'first_year': none, 'last_year': 2023,
         'label': 'pre-2024: 10% selling fee (+ payment processing from mid-2022)'},
        {'first_year': 2024, 'last_year': 2024,
         'label': '2024: no seller selling fee'},
        {'first_year': 2025, 'last_year': none,
         'label': '2025+: selling fee reinstated'},
    ]) }}
{%- endmacro %}


{#- SQL case expression mapping an integer year expression to its fee-regime label. -#}
{% macro fee_regime_label(year_expression) -%}
    case
    {%- for regime in fee_regimes() %}
        when
            {%- if regime.first_year is not none %} {{ year_expression }} >= {{ regime.first_year }}{% else %} true{% endif %}
            and
            {%- if regime.last_year is not none %} {{ year_expression }} <= {{ regime.last_year }}{% else %} true{% endif %}
        then '{{ regime.label }}'
    {%- endfor %}
    end
{%- endmacro %}


{#- Accepted values for data tests on fee_regime columns. -#}
{% macro fee_regime_labels() -%}
    {%- set labels = [] -%}
    {%- for regime in fee_regimes() -%}
        {%- do labels.append(regime.label) -%}
    {%- endfor -%}
    {{ return(labels) }}
{%- endmacro %}
