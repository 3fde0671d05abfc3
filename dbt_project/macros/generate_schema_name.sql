{#-
    Use custom schema names as-is: `+schema: marts` builds into `marts`, not
    `<target_schema>_marts`. Models without a custom schema go to the target schema
    (`analytics`).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
