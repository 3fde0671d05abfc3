{#-
    Incremental refresh scope — the single place where scope logic lives.

    The orchestrator enqueues raw.mart_refresh_queue rows, marks ALL queue rows
    claimed = true right before `dbt build` (builds are serialised by an advisory lock) and
    deletes the claimed rows after a successful build. A claimed queue row means:
      * upload_id set  -> "this upload's rows were (re)loaded": only sales whose
                          (tenant_id, item_id) occur in that upload's raw rows can change;
      * upload_id null -> "recompute this whole tenant" (e.g. an upload was deleted: its rows
                          are gone, so its keys are unknown).

    Grains (parameter `grain`), each a predicate on a tenant column plus a key column:
      'tenant' : claimed tenants (key_column unused)                    -> fct_seller_states
      'item'   : (tenant, item_id) of the claimed uploads' raw rows     -> fct_sales,
                                                                           fct_sale_fee_checks
      'day'    : (tenant, sold_date) of those rows                      -> fct_seller_daily,
                                                                           fct_seller_daily_states,
                                                                           fct_seller_daily_titles,
                                                                           fct_seller_daily_clusters
      'month'  : (tenant, month of sold_date) of those rows             -> fct_seller_monthly
      'year'   : (tenant, calendar year of sold_date) of those rows     -> fct_seller_fee_years
    plus, for 'item' / 'day' / 'month' / 'year', every tenant with a claimed upload_id-null
    row. ('tenant' also serves fct_seller_states / _categories / _clusters,
    dim_title_clusters, fct_seller_fee_regimes.)

    Why the predicate looks the way it does:
      * Every sub-select is uncorrelated and wrapped in `= any(array(select ...))`, so
        Postgres turns it into an InitPlan parameter: the predicate is a plain restriction
        on the view's columns that can be pushed down through the staging/intermediate
        views (the dedup window is partitioned by tenant_id, item_id, sold_date,
        order_status, so a (tenant_id, item_id) restriction goes below it) to an index scan
        of raw.sales_report_rows (tenant_id, item_id) / of fct_sales. An
        `in (select ...)` semi-join cannot be pushed below the window function.
      * `tenant = any(T) and key = any(K)` (T, K = tenants / keys of the claimed uploads)
        is what the index is searched with; the separate top-level conjunct
        `(tenant, key) in (select <pairs of the claimed uploads>)` (a hashed sub-plan, not
        pushed down, applied above the dedup window — harmless because a window partition
        never spans two (tenant, item) pairs) then keeps exactly the touched pairs (T x K
        can be larger when uploads of several tenants are claimed at once).
      * `tenant between <lowest> and <highest> of T` is redundant, but lowers the
        planner's row estimate for the `tenant = any(<unknown array>)` branches (a range
        between two unknown parameters is estimated at 0.5 %, `= any(...)` on a column
        with few distinct values at nearly the whole table), so that both branches are
        planned as index scans (BitmapOr) rather than a sequential scan of the table.
        With no upload_id-null row claimed the first branch's array is empty and its index
        scan returns at once. Not added to the upload branch at the 'item' grain: item_id is
        selective enough, and the extra bound made the planner prefer the (tenant_id) index
        over (tenant_id, item_id), i.e. read the whole tenant.
      * The claimed uploads' rows are found through the loader's unique constraint
        (upload_id, item_id, sold_date, order_status) on raw.sales_report_rows.
-#}

{#- SQL expression deriving the grain key from a raw.sales_report_rows row aliased `r`. -#}
{% macro _refresh_scope_raw_key(grain) -%}
    {%- if grain == 'item' -%} r.item_id
    {%- elif grain == 'day' -%} r.sold_date
    {%- elif grain == 'month' -%} date_trunc('month', r.sold_date)::date
    {%- elif grain == 'year' -%} extract(year from r.sold_date)::integer
    {%- else -%} {{ exceptions.raise_compiler_error("refresh scope: unknown grain '" ~ grain ~ "' (expected tenant, item, day, month or year)") }}
    {%- endif -%}
{%- endmacro %}


{#-
    The scope predicate itself (no is_incremental() logic): true for the rows of the
    claimed scope at the given grain.
-#}
{% macro refresh_scope_predicate(grain='tenant', tenant_column='tenant_id', key_column=none) -%}
    {#- source() is called unconditionally so that dbt records the dependencies at parse
        time (is_incremental() is always false while parsing). -#}
    {%- set refresh_queue = source('raw', 'mart_refresh_queue') -%}
    {%- if grain == 'tenant' -%}
        {{ tenant_column }} = any(array(
            select refresh_queue.tenant_id
            from {{ refresh_queue }} as refresh_queue
            where refresh_queue.claimed
        ))
    {%- else -%}
        {%- if key_column is none -%}
            {{ exceptions.raise_compiler_error("refresh scope: grain '" ~ grain ~ "' needs key_column") }}
        {%- endif -%}
        {%- set raw_rows = source('raw', 'sales_report_rows') -%}
        {%- set raw_key = _refresh_scope_raw_key(grain) -%}
        {#- When the claimed uploads hold many rows in all (one big upload, or many
            uploads batched into one build), their sellers are refreshed whole: a key array
            of tens of thousands of items is searched linearly wherever Postgres applies it
            as a filter rather than an index condition (quadratic: 100k items took
            minutes), and so many rows touch most of their sellers' sales anyway. -#}
        {%- set max_keys = var('refresh_scope_max_keys', 2000) -%}
        {%- set large_uploads -%}
            select refresh_queue.upload_id
            from {{ refresh_queue }} as refresh_queue
            where refresh_queue.claimed
                and refresh_queue.upload_id is not null
                and (
                    select count(*) from (
                        select 1 from {{ raw_rows }} as counted
                        where counted.upload_id = any(array(
                            select claimed.upload_id
                            from {{ refresh_queue }} as claimed
                            where claimed.claimed and claimed.upload_id is not null
                        ))
                        limit {{ max_keys + 1 }}
                    ) as claimed_rows
                ) > {{ max_keys }}
        {%- endset -%}
        {%- set whole_tenants -%}
            select refresh_queue.tenant_id
            from {{ refresh_queue }} as refresh_queue
            where refresh_queue.claimed
                and (
                    refresh_queue.upload_id is null
                    or refresh_queue.upload_id = any(array({{ large_uploads }}))
                )
        {%- endset -%}
        {%- set upload_rows -%}
            from {{ raw_rows }} as r
            where r.upload_id = any(array(
                select refresh_queue.upload_id
                from {{ refresh_queue }} as refresh_queue
                where refresh_queue.claimed and refresh_queue.upload_id is not null
                    and refresh_queue.upload_id <> all(array({{ large_uploads }}))
            ))
        {%- endset -%}
        {#- sorted over the array (not `select r.tenant_id ... order by ... limit 1`, which
            the planner may answer by walking the tenant_id index through the tenant) -#}
        {%- set upload_tenants_sorted -%}
            select t from unnest(array(select r.tenant_id {{ upload_rows }})) as t order by 1
        {%- endset -%}
        {%- set whole_tenant_branch -%}
            (
                {{ tenant_column }} = any(array({{ whole_tenants }}))
                and {{ tenant_column }} between
                    ({{ whole_tenants }} order by 1 limit 1)
                    and ({{ whole_tenants }} order by 1 desc limit 1)
            )
        {%- endset -%}
        ((
            {{ whole_tenant_branch }}
            or (
                {{ tenant_column }} = any(array(select distinct r.tenant_id {{ upload_rows }}))
                {%- if grain != 'item' %}
                and {{ tenant_column }} between
                    ({{ upload_tenants_sorted }} limit 1)
                    and ({{ upload_tenants_sorted }} desc limit 1)
                {%- endif %}
                and {{ key_column }} = any(array(select distinct {{ raw_key }} {{ upload_rows }}))
            )
        )
        and (
            {{ whole_tenant_branch }}
            or ({{ tenant_column }}, {{ key_column }}) in (
                select r.tenant_id, {{ raw_key }} {{ upload_rows }}
            )
        ))
    {%- endif -%}
{%- endmacro %}


{#-
    Filter for a mart's select:
      * incremental run -> refresh_scope_predicate(grain, ...)
      * first build / --full-refresh / non-incremental model -> true (everything)
    key_column names the grain key in the model's INPUT (e.g. fct_sales.sale_month).
-#}
{% macro refresh_scope(grain='tenant', tenant_column='tenant_id', key_column=none) -%}
    {%- if is_incremental() -%}
        {{ refresh_scope_predicate(grain, tenant_column, key_column) }}
    {%- else -%}
        {#- still render the predicate's source() calls for the parse-time dependencies -#}
        {%- do refresh_scope_predicate(grain, tenant_column, key_column) -%}
        true
    {%- endif -%}
{%- endmacro %}


{#-
    Pre-hook of every mart (configured in the model's config block, next to the select's
    refresh_scope with the same grain). In incremental runs it deletes the existing rows of
    the scope from {{ this }}; the model's select then appends the recomputed rows for
    exactly the same scope. The delete does not depend on the new rows, so a scope whose
    raw data disappeared ends with zero rows.
    key_column names the grain key in the MART (e.g. fct_seller_monthly.month).
    dbt-postgres runs pre-hooks inside the model's transaction (after BEGIN, before the
    insert, COMMIT after it), so readers never see a scope half-refreshed.
    Renders nothing on first build / --full-refresh (the table is created from scratch).
-#}
{% macro delete_refresh_scope(grain='tenant', tenant_column='tenant_id', key_column=none) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ refresh_scope_predicate(grain, tenant_column, key_column) }}
    {%- endif -%}
{%- endmacro %}


{#-
    `where` config of the marts' data tests, e.g.
        config:
          where: "{{ test_refresh_scope('month', key_column='month') }}"
    * pipeline build (the queue has claimed rows): only the refreshed scope is checked;
    * plain `dbt build` with no claimed rows (analyst / CI full run): every row is checked.
    Logically this is
        not exists (claimed queue rows) or <refresh_scope_predicate>
    but written so that the planner can use an index for every branch (a bare
    `not exists (...) or ...` is not indexable and makes every test scan the whole table):
      * `tenant between $lo and $hi`, where $lo / $hi are the lowest / highest uuid when no
        row is claimed and NULL (no row matches, the index scan stops at once) otherwise;
      * `tenant is null and not exists (...)` so that a full run still sees null tenants.
    Rendered when the test is compiled (see get_where_subquery below); the SQL reads the
    queue when the test runs.
-#}
{% macro test_refresh_scope(grain='tenant', tenant_column='tenant_id', key_column=none) -%}
    {%- set refresh_queue = source('raw', 'mart_refresh_queue') -%}
    {%- set nothing_claimed -%}
        not exists (select 1 from {{ refresh_queue }} as refresh_queue where refresh_queue.claimed)
    {%- endset -%}
    (
        {{ refresh_scope_predicate(grain, tenant_column, key_column) }}
        or {{ tenant_column }} between
            (select '00000000-0000-0000-0000-000000000000'::uuid where {{ nothing_claimed }})
            and (select 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid where {{ nothing_claimed }})
        or ({{ tenant_column }} is null and {{ nothing_claimed }})
    )
{%- endmacro %}


{#-
    Override of dbt's get_where_subquery (wraps the `model` of every generic test with its
    `where` config): identical to dbt's default except that the `where` text is rendered
    with Jinja when the test is compiled. dbt renders test configs at PARSE time, where
    project macros are not available, so the marts' tests write
        where: "{% raw %}{{ test_refresh_scope('month', key_column='month') }}{% endraw %}"
    (parse time leaves `{{ test_refresh_scope(...) }}` as text; it is rendered here).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- if '{{' in where or '{%' in where -%}
            {%- set where = render(where) -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
