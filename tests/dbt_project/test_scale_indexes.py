"""Warehouse growth (issue #16): what keeps a seller's reads per seller at 10M sales.

Every tenant-keyed mart, and every raw table the marts' refresh and their data tests
read per seller (macros/refresh_scope.sql: `refresh_scope`, `test_refresh_scope`), has an
index whose first column is tenant_id; raw.sale_categories since migration 0024 (its
tests' tenant scope was a sequential scan of every seller's categories).

Figures: bench/bench_warehouse_growth.py.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.pipeline_helpers import register, run_upload

# The first column of each index, per table of a schema.
_LEADING_COLUMNS = """
select c.relname, a.attname
from pg_index i
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
where n.nspname = :schema
"""
_TENANT_TABLES = """
select table_name from information_schema.columns
where table_schema = :schema and column_name = 'tenant_id'
  and table_name in (select table_name from information_schema.tables
                     where table_schema = :schema and table_type = 'BASE TABLE')
"""


def _tables_without_tenant_index(engine, schema: str) -> set[str]:
    with engine.connect() as conn:
        tenant_tables = set(conn.scalars(text(_TENANT_TABLES), {"schema": schema}))
        indexed = {
            table
            for table, column in conn.execute(text(_LEADING_COLUMNS), {"schema": schema})
            if column == "tenant_id"
        }
    return tenant_tables - indexed


def test_raw_tables_read_per_seller_are_indexed_by_tenant(engine):
    with engine.connect() as conn:
        index = conn.scalar(
            text(
                "select indexdef from pg_indexes where schemaname = 'raw'"
                " and indexname = 'ix_raw_sale_categories_tenant_id'"
            )
        )
    assert index is not None
    assert "(tenant_id)" in index
    # mart_refresh_queue is a handful of rows (read whole by every build).
    assert _tables_without_tenant_index(engine, "raw") == {"mart_refresh_queue"}


def test_every_tenant_keyed_mart_is_indexed_by_tenant(settings, engine, instance, seller, tmp_path):
    from mi_core.sales_report import write_report

    report = write_report(tmp_path / "sales.csv", 30, seed=16)
    assert run_upload(instance, seller, register(settings, seller, report)).success

    assert _tables_without_tenant_index(engine, "marts") == set()
