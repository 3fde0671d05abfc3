{#-
    Post-hook of every mart (dbt_project.yml): when dbt has just created the table anew
    (the first build or --full-refresh, i.e. not an incremental build), gather the
    planner's statistics at once. A freshly created table has none until autovacuum gets
    to it, and in the meantime the first uploads' incremental builds planned their
    per-seller deletes and joins over a 10M-row mart blind (issue 16: the first upload
    after a full refresh of the 10M-sale warehouse took twice as long as the next).
    An incremental build changes a seller's few rows: autovacuum's threshold is the right
    tool for those, so nothing is emitted then.
-#}
{% macro analyze_when_rebuilt() -%}
    {%- if not is_incremental() -%}
    analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
