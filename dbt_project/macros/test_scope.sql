{#-
    Data tests of an incremental build test the sellers the build rebuilt, not the whole
    warehouse.

    dbt hands every generic test its model through `get_where_subquery`; this override
    (dbt's own, plus one condition) restricts a model that has a tenant_id column to the
    sellers of the claimed raw.mart_refresh_queue rows, i.e. exactly those whose rows this
    build rewrote (see macros/refresh_scope.sql). Every other seller's rows were tested by
    the build that wrote them and have not changed since. Without it an upload's build
    scanned every mart whole once per test (about 200 of them): minutes per upload at
    10 million sales (bench/bench_warehouse_growth.py). With it each test is an index scan
    of the seller's rows (every tenant-keyed mart and raw table is indexed on tenant_id
    first).

    Everything is tested, as before, in a full refresh (first build, a deploy that changed
    the models) and whenever nothing is claimed (a bare `dbt build` / `dbt test`). The
    tenant ids are inlined as literals, so the planner knows them.
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- do conditions.append('(' ~ where ~ ')') -%}
    {%- endif -%}
    {%- set tenants = claimed_tenants_to_test() -%}
    {%- if tenants and has_tenant_column(relation) -%}
        {%- do conditions.append("tenant_id in ('" ~ tenants | join("', '") ~ "')") -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ conditions | join(' and ') }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}


{#- The claimed sellers (uuid strings) of an incremental build; [] when all is tested. -#}
{% macro claimed_tenants_to_test() -%}
    {%- if not execute or flags.FULL_REFRESH -%}
        {%- do return([]) -%}
    {%- endif -%}
    {%- set claimed = run_query(
        "select distinct tenant_id::text from raw.mart_refresh_queue where claimed order by 1"
    ) -%}
    {%- do return(claimed.columns[0].values() | list) -%}
{%- endmacro %}


{% macro has_tenant_column(relation) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') -%}
    {%- do return('tenant_id' in columns | list) -%}
{%- endmacro %}
