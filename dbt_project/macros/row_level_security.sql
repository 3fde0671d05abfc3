{#-
    Row-level security on a tenant-keyed mart: post-hook of every mart (dbt_project.yml),
    so a table that dbt creates again (first build, --full-refresh) gets it back, and an
    incremental build finds it in place and changes nothing.

      * mi_tenant_reader sees only the rows of the tenant its session names:
            set mi.tenant_id = '<seller uuid>';
        without the setting (or with it empty) it sees no row;
      * mi_analyst and mi_metabase read across tenants deliberately, through a policy of
        their own (not BYPASSRLS: that role attribute is not inherited by member logins,
        and granting it needs a superuser);
      * the table's owner, the application role that dbt and the portal use, is not
        subject to row-level security (it is not FORCEd), so builds and the portal's
        queries are unaffected.

    The policies only filter SELECT: the roles have no other privilege on the marts.
    A mart without a tenant_id column (dim_fee_regimes, reference data) is left alone.
    Everything is created only when missing (one DO block), so an incremental build takes
    no ACCESS EXCLUSIVE lock on a mart for it.
-#}
{% macro enable_tenant_row_level_security() -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list -%}
    {%- if 'tenant_id' in columns -%}
    do $rls$
    declare
        mart regclass := '{{ this.include(database=false) }}'::regclass;
    begin
        if not (select relrowsecurity from pg_class where oid = mart) then
            execute format('alter table %s enable row level security', mart);
        end if;
        if not exists (
            select from pg_policies
            where schemaname = '{{ this.schema }}' and tablename = '{{ this.identifier }}'
                and policyname = 'tenant_reader_own_tenant'
        ) then
            execute format(
                'create policy tenant_reader_own_tenant on %s for select to mi_tenant_reader'
                ' using (tenant_id = nullif(current_setting(%L, true), %L)::uuid)',
                mart, 'mi.tenant_id', ''
            );
        end if;
        if not exists (
            select from pg_policies
            where schemaname = '{{ this.schema }}' and tablename = '{{ this.identifier }}'
                and policyname = 'analysts_all_tenants'
        ) then
            execute format(
                'create policy analysts_all_tenants on %s for select'
                ' to mi_analyst, mi_metabase using (true)',
                mart
            );
        end if;
    end
    $rls$
    {%- endif -%}
{%- endmacro %}
