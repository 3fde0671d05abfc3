{#-
    Per-tenant incremental refresh.

    The orchestrator enqueues a tenant in raw.mart_refresh_queue after each upload (or after
    deleting a tenant's data), marks ALL queue rows claimed = true right before `dbt build`
    (builds are serialised by an advisory lock) and deletes the claimed rows after a
    successful build.

    refresh_scope(tenant_column) renders a boolean SQL predicate:
      * incremental run  -> <tenant_column> = any(array(<claimed tenant ids>))
      * first build / --full-refresh / non-incremental model -> true (every tenant)

    `= any(array(select ...))` is used on purpose instead of `in (select ...)`: Postgres
    turns the uncorrelated array sub-select into an InitPlan parameter, so the predicate is
    a plain restriction that can be pushed down through the staging/intermediate views
    (including the dedup window, which is partitioned by tenant_id) to the raw table scan.
    An `in (select ...)` semi-join cannot be pushed below the window function, which would
    make every incremental run re-deduplicate the whole warehouse.
-#}
{% macro refresh_scope(tenant_column='tenant_id') -%}
    {#- source() is called unconditionally so that dbt records the dependency at parse time
        (is_incremental() is always false while parsing). -#}
    {%- set refresh_queue = source('raw', 'mart_refresh_queue') -%}
    {%- if is_incremental() -%}
        {{ tenant_column }} = any(array(
            select refresh_queue.tenant_id
            from {{ refresh_queue }} as refresh_queue
            where refresh_queue.claimed
        ))
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}


{#-
    Pre-hook of every mart (configured in dbt_project.yml). In incremental runs it deletes
    the existing rows of the tenants being refreshed; the model's select then appends the
    recomputed rows for exactly the same scope. The delete does not depend on the new rows,
    so a tenant whose raw data disappeared ends with zero rows.
    dbt-postgres runs pre-hooks inside the model's transaction (after BEGIN, before the
    insert, COMMIT after it), so readers never see a tenant half-refreshed.
    Renders nothing on first build / --full-refresh (the table is created from scratch).
-#}
{% macro delete_refresh_scope(tenant_column='tenant_id') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ refresh_scope(tenant_column) }}
    {%- endif -%}
{%- endmacro %}
