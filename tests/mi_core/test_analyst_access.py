"""The read-only doors to the marts, proven on the real server: every grant and every denial
of mi_analyst, mi_metabase and mi_tenant_reader (through LOGIN members, as people and
Metabase connect), row-level security by tenant, and that dbt's incremental builds keep
both in place."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors, sql

from mi_core.analysts import (
    ANALYST_ROLE,
    METABASE_ROLE,
    TENANT_READER_ROLE,
    connection_url,
)
from mi_core.settings import PROJECT_ROOT
from tests.pipeline_helpers import definitions

# Tables no reader role may touch, whatever else changes (accounts and billing above all).
_PRIVATE_TABLES = (
    "public.users",
    "public.access_tokens",
    "public.uploads",
    "public.billing_accounts",
    "public.plan_overrides",
    "public.stripe_events",
    "public.product_usage",
    "public.alembic_version",
    "raw.sales_report_rows",
    "raw.mart_refresh_queue",
    "staging.stg_sales_report_rows",
    "staging.int_sales_deduplicated",
)
_OTHER_TENANT = uuid.UUID("00000000-0000-4000-8000-00000000beef")


@pytest.fixture(scope="module")
def seller(database):
    """One seller with the real sample processed (through the API and the pipeline)."""
    from tests.portal_helpers import seller_with_processed_sample

    return seller_with_processed_sample(database)[0]


@pytest.fixture(scope="module")
def owner(database) -> Iterator[psycopg.Connection]:
    """The application role (the migrations' and dbt's), which owns every table."""
    with psycopg.connect(database.resolved_database_url(), autocommit=True) as conn:
        yield conn


@pytest.fixture(scope="module")
def member_url(database, owner):
    """A LOGIN member of a group role, as `mi analyst create` makes them; dropped afterwards."""
    created: list[str] = []

    def make(group: str) -> str:
        name = f"test_{group}_{uuid.uuid4().hex[:8]}"
        password = secrets.token_urlsafe(16)
        owner.execute(
            sql.SQL("create role {} login password {} in role {}").format(
                sql.Identifier(name), sql.Literal(password), sql.Identifier(group)
            )
        )
        created.append(name)
        return connection_url(database.resolved_database_url(), name, password)

    yield make
    for name in created:
        owner.execute(sql.SQL("drop owned by {}").format(sql.Identifier(name)))
        owner.execute(sql.SQL("drop role {}").format(sql.Identifier(name)))


def _marts(owner: psycopg.Connection) -> list[tuple[str, bool]]:
    """Every mart table and whether it is keyed by tenant."""
    rows = owner.execute(
        "select t.table_name, exists ("
        "  select from information_schema.columns c where c.table_schema = t.table_schema"
        "  and c.table_name = t.table_name and c.column_name = 'tenant_id')"
        " from information_schema.tables t where t.table_schema = 'marts' order by 1"
    ).fetchall()
    return [(name, keyed) for name, keyed in rows]


def _private_relations(owner: psycopg.Connection) -> list[str]:
    """Every table and view outside `marts` (Dagster's storage included)."""
    rows = owner.execute(
        "select format('%I.%I', n.nspname, c.relname) from pg_class c"
        " join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'v', 'p', 'm')"
        " and n.nspname in ('public', 'raw', 'staging', 'dagster') order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def _count(conn: psycopg.Connection, table: str, where: str = "true", *params) -> int:
    return conn.execute(f"select count(*) from marts.{table} where {where}", params).fetchone()[0]


def _name_tenant(conn: psycopg.Connection, tenant_id: uuid.UUID) -> None:
    """`SET mi.tenant_id = '<uuid>'` (SET takes no bind parameters)."""
    conn.execute("select set_config('mi.tenant_id', %s, false)", (str(tenant_id),))


def _denied(conn: psycopg.Connection, statement: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(statement)
    except errors.InsufficientPrivilege:
        return True
    return False


def test_the_marts_exist_and_are_tenant_keyed(owner, seller):
    marts = dict(_marts(owner))
    models = {path.stem for path in (PROJECT_ROOT / "dbt_project/models/marts").glob("*.sql")}
    assert set(marts) == models
    assert [name for name, keyed in marts.items() if not keyed] == ["dim_fee_regimes"]
    assert {"users", "uploads"} <= {
        relation.split(".")[1] for relation in _private_relations(owner)
    }


@pytest.mark.parametrize("group", [ANALYST_ROLE, METABASE_ROLE])
def test_cross_tenant_readers_read_every_mart_across_tenants(owner, member_url, seller, group):
    with psycopg.connect(member_url(group), autocommit=True) as conn:
        for table, _ in _marts(owner):
            assert _count(conn, table) == _count(owner, table), table
        assert _count(conn, "fct_sales", "tenant_id = %s", seller.id) > 0


@pytest.mark.parametrize("group", [ANALYST_ROLE, METABASE_ROLE, TENANT_READER_ROLE])
def test_readers_are_denied_everything_outside_the_marts(owner, member_url, seller, group):
    private = _private_relations(owner)
    assert set(_PRIVATE_TABLES) <= set(private)
    with psycopg.connect(member_url(group), autocommit=True) as conn:
        allowed = [r for r in private if not _denied(conn, f"select * from {r} limit 1")]
        assert allowed == []
        assert _denied(conn, "create table public.smuggled (x int)")
        assert _denied(conn, "create table marts.smuggled (x int)")


@pytest.mark.parametrize("group", [ANALYST_ROLE, METABASE_ROLE, TENANT_READER_ROLE])
def test_readers_cannot_change_a_mart(owner, member_url, seller, group):
    with psycopg.connect(member_url(group), autocommit=True) as conn:
        _name_tenant(conn, seller.id)
        for table, _ in _marts(owner):
            for statement in (
                f"update marts.{table} set {_first_column(owner, table)} = null",
                f"delete from marts.{table}",
                f"insert into marts.{table} default values",
                f"truncate marts.{table}",
                f"alter table marts.{table} disable row level security",
                f"drop table marts.{table}",
            ):
                # ALTER and DROP are refused as "must be owner": insufficient privilege too.
                assert _denied(conn, statement), statement
    assert _count(owner, "fct_sales", "tenant_id = %s", seller.id) > 0


def _first_column(owner: psycopg.Connection, table: str) -> str:
    return owner.execute(
        "select column_name from information_schema.columns where table_schema = 'marts'"
        " and table_name = %s order by ordinal_position limit 1",
        (table,),
    ).fetchone()[0]


def test_the_metabase_questions_run_as_mi_metabase(member_url, seller):
    """Metabase reads the warehouse with a login of mi_metabase: every question of the
    embedded dashboard must work with its grants."""
    from mi_core.metabase import QUESTIONS

    with psycopg.connect(member_url(METABASE_ROLE)) as conn:
        for question in QUESTIONS:
            # The seller's uuid in place of Metabase's variable (no bind parameters, so
            # the question's own % signs stay as they are).
            bound = question.sql.replace("{{tenant_id}}", f"'{seller.id}'")
            assert conn.execute(bound).fetchall(), question.name


@pytest.fixture
def other_tenant_row(owner, seller):
    """A second tenant's row in a mart, so that the tenant filter has something to hide."""
    owner.execute(
        "insert into marts.fct_seller_states (tenant_id, shipped_to_state, orders,"
        " cancelled_orders, gross_sales, net_proceeds) values (%s, 'ZZ', 1, 0, 1, 1)",
        (_OTHER_TENANT,),
    )
    yield _OTHER_TENANT
    owner.execute("delete from marts.fct_seller_states where tenant_id = %s", (_OTHER_TENANT,))


def test_a_tenant_reader_sees_only_the_tenant_its_session_names(
    owner, member_url, seller, other_tenant_row
):
    keyed = [table for table, is_keyed in _marts(owner) if is_keyed]
    with psycopg.connect(member_url(TENANT_READER_ROLE), autocommit=True) as conn:
        # No tenant named: no row at all, from any tenant-keyed mart.
        for table in keyed:
            assert _count(conn, table) == 0, table
        _name_tenant(conn, seller.id)
        for table in keyed:
            mine = _count(owner, table, "tenant_id = %s", seller.id)
            assert _count(conn, table) == mine, table
        assert _count(conn, "fct_sales") > 0
        assert _count(conn, "fct_seller_states", "tenant_id = %s", other_tenant_row) == 0
        _name_tenant(conn, other_tenant_row)
        assert _count(conn, "fct_seller_states") == 1
        assert _count(conn, "fct_sales") == 0
        # Emptied again (RESET leaves '' behind): nothing.
        conn.execute("reset mi.tenant_id")
        assert _count(conn, "fct_seller_states") == 0
        # The fee rules are reference data, the same for every seller.
        assert _count(conn, "dim_fee_regimes") == _count(owner, "dim_fee_regimes") > 0


def test_the_owner_is_not_filtered(owner, seller, other_tenant_row):
    assert _count(owner, "fct_seller_states", "tenant_id = %s", other_tenant_row) == 1
    assert _count(owner, "fct_seller_states", "tenant_id = %s", seller.id) > 0


def test_every_tenant_keyed_mart_has_row_level_security(owner, seller):
    keyed = [table for table, is_keyed in _marts(owner) if is_keyed]
    secured = owner.execute(
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = 'marts' and c.relrowsecurity and not c.relforcerowsecurity"
    ).fetchall()
    assert sorted(row[0] for row in secured) == keyed


def test_an_incremental_build_puts_grants_and_policies_back(owner, seller, instance, settings):
    """Revoke a grant and drop a policy by hand; the seller's next (incremental) mart
    refresh restores both."""
    from mi_core.db import get_engine
    from mi_core.pipeline import TENANT_TAG
    from mi_core.refresh_queue import enqueue

    owner.execute(f"revoke select on marts.fct_seller_monthly from {ANALYST_ROLE}")
    owner.execute("drop policy tenant_reader_own_tenant on marts.fct_seller_daily")
    owner.execute("alter table marts.fct_seller_states disable row level security")
    from orchestration.partitions import seller_partitions

    with get_engine().begin() as conn:
        enqueue(conn, seller.id, None)
    instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
    result = (
        definitions()
        .resolve_job_def("refresh_marts")
        .execute_in_process(
            instance=instance,
            partition_key=str(seller.id),
            tags={TENANT_TAG: str(seller.id)},
        )
    )

    assert result.success
    assert owner.execute(
        "select has_table_privilege(%s, 'marts.fct_seller_monthly', 'select')", (ANALYST_ROLE,)
    ).fetchone()[0]
    assert (
        owner.execute(
            "select count(*) from pg_policies where schemaname = 'marts'"
            " and tablename = 'fct_seller_daily'"
        ).fetchone()[0]
        == 2
    )
    assert owner.execute(
        "select relrowsecurity from pg_class where oid = 'marts.fct_seller_states'::regclass"
    ).fetchone()[0]
