"""`mi analyst create NAME` / `mi analyst revoke NAME`: a login in mi_analyst with a
generated password and a connection string that works; names checked, identifiers quoted,
and revoke never drops a role that is not an analyst's."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import errors
from typer.testing import CliRunner

from mi_cli.cli import app
from mi_core.analysts import MART_READER_ROLES, AnalystError, connection_url, validate_name


def mi(*args: str):
    return CliRunner().invoke(app, list(args))


def _role(settings, name: str) -> tuple | None:
    with psycopg.connect(settings.resolved_database_url()) as conn:
        return conn.execute(
            "select rolcanlogin, rolpassword is not null,"
            " pg_has_role(rolname, 'mi_analyst', 'member'), rolsuper, rolcreaterole"
            " from pg_authid where rolname = %s",
            (name,),
        ).fetchone()


@pytest.fixture
def name():
    return f"analyst_{uuid.uuid4().hex[:10]}"


def test_create_prints_a_connection_string_that_reads_the_marts_only(settings, name):
    result = mi("analyst", "create", name)

    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith(f"postgresql://{name}:")
    assert _role(settings, name) == (True, True, True, False, False)
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("select current_user").fetchone()[0] == name
        assert conn.execute("show default_transaction_read_only").fetchone()[0] == "on"
        assert conn.execute("select has_schema_privilege('marts', 'usage')").fetchone()[0]
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("select * from public.users limit 1")
    assert name in mi("analyst", "list").stdout.split()

    assert mi("analyst", "revoke", name).exit_code == 0
    assert _role(settings, name) is None
    assert name not in mi("analyst", "list").stdout.split()


def test_each_login_gets_its_own_password(settings, name):
    first = mi("analyst", "create", name)
    second = mi("analyst", "create", f"{name}_2")
    try:
        passwords = {r.stdout.split("@")[0].rsplit(":", 1)[1] for r in (first, second)}
        assert len(passwords) == 2 and all(len(p) >= 32 for p in passwords)
    finally:
        mi("analyst", "revoke", name)
        mi("analyst", "revoke", f"{name}_2")


def test_a_name_taken_already_is_refused(settings, name):
    assert mi("analyst", "create", name).exit_code == 0
    try:
        again = mi("analyst", "create", name)
        assert again.exit_code == 1
        assert "exists already" in again.stderr
    finally:
        mi("analyst", "revoke", name)


@pytest.mark.parametrize(
    "bad",
    ['x"; drop role postgres; --', "Ada", "1ada", "ada-lovelace", "", "a" * 64, "pg_ada", "mi_x"],
)
def test_names_that_are_not_plain_identifiers_are_refused(settings, bad):
    result = mi("analyst", "create", bad)

    assert result.exit_code == 1
    assert repr(bad) in result.stderr
    with pytest.raises(AnalystError):
        validate_name(bad)
    assert _role(settings, "postgres") is not None


@pytest.mark.parametrize("other", ["postgres", "mi_analyst", "mi_metabase", "nobody_here"])
def test_revoke_touches_only_analysts(settings, other):
    result = mi("analyst", "revoke", other)

    assert result.exit_code == 1
    with psycopg.connect(settings.resolved_database_url()) as conn:
        kept = conn.execute("select 1 from pg_roles where rolname = %s", (other,)).fetchone()
    assert (kept is not None) == (other != "nobody_here")


def test_the_connection_string_keeps_server_database_and_socket():
    server = "postgresql://app:secret@db.internal:6432/mi?sslmode=require&application_name=x"
    assert connection_url(server, "ada", "p-w_d") == (
        "postgresql://ada:p-w_d@db.internal:6432/mi?sslmode=require"
    )
    # The embedded server of development: a unix socket, no TCP port.
    assert connection_url("postgresql://postgres@/mi?host=/srv/.mi/pgdata", "ada", "pw") == (
        "postgresql://ada:pw@/mi?host=/srv/.mi/pgdata"
    )
    assert connection_url("postgresql://app@[::1]:5432/mi", "ada", "pw") == (
        "postgresql://ada:pw@[::1]:5432/mi"
    )


def test_the_migration_runs_again_in_another_database_of_the_cluster(settings):
    """Roles are global to the cluster: a second database (another test session, another
    deployment on the same server) migrates over the roles that exist, and down and up."""
    from alembic import command

    from mi_core.db import alembic_config
    from mi_core.settings import Settings

    database = f"mi_roles_{uuid.uuid4().hex[:8]}"
    admin = settings.resolved_database_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'create database "{database}"')
    parts = urlsplit(admin)
    url = parts._replace(path=f"/{database}").geturl()
    try:
        other = Settings(DATABASE_URL=url, MI_ENVIRONMENT="test")
        config = alembic_config(other)
        command.upgrade(config, "head")
        command.downgrade(config, "-1")
        command.upgrade(config, "head")
        with psycopg.connect(url) as conn:
            granted = conn.execute(
                "select has_schema_privilege(r, 'marts', 'usage') from unnest(%s::text[]) r",
                (list(MART_READER_ROLES),),
            ).fetchall()
        assert granted == [(True,)] * len(MART_READER_ROLES)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database "{database}" with (force)')
