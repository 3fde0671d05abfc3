"""`mi metabase warehouse-login` on the real PostgreSQL: Metabase's login is a member of
the read-only group role mi_metabase, created once and left alone after."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from mi_core.metabase import MetabaseError, warehouse_login
from mi_core.metabase.warehouse_login import GROUP_ROLE, ensure_warehouse_login


def login_url(settings, name: str, password: str) -> str:
    parts = urlsplit(settings.resolved_database_url())
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{name}:{password}@{host}"))


@pytest.fixture
def admin(settings):
    with psycopg.connect(settings.resolved_database_url(), autocommit=True) as conn:
        # The migrations create it (0018); roles are global, so another database of this
        # cluster may have made it already.
        conn.execute(
            f"do $$ begin if not exists (select from pg_roles where rolname = '{GROUP_ROLE}')"
            f" then create role {GROUP_ROLE} nologin; end if; end $$"
        )
        yield conn


@pytest.fixture
def login(settings, admin):
    name = f"mb_reader_{uuid.uuid4().hex[:8]}"
    yield (
        name,
        settings.model_copy(
            update={"metabase_warehouse_url": login_url(settings, name, "reader-pw-1")}
        ),
    )
    admin.execute(f"drop role if exists {name}")


def membership(admin, name: str) -> tuple[bool, list[str]]:
    can_login = admin.execute("select rolcanlogin from pg_roles where rolname = %s", (name,))
    groups = admin.execute(
        """select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid
        join pg_roles r on r.oid = m.member where r.rolname = %s order by 1""",
        (name,),
    )
    return can_login.fetchone()[0], [row[0] for row in groups]


def test_the_login_is_created_in_the_group_role_once(login, admin):
    name, settings = login

    assert ensure_warehouse_login(settings).action == "created"
    assert membership(admin, name) == (True, [GROUP_ROLE])
    with psycopg.connect(settings.metabase_warehouse_url) as conn:
        assert conn.execute("select current_user").fetchone()[0] == name

    assert ensure_warehouse_login(settings).action == "found"


def test_a_login_taken_out_of_the_group_is_put_back(login, admin):
    name, settings = login
    ensure_warehouse_login(settings)
    admin.execute(f"revoke {GROUP_ROLE} from {name}")
    admin.execute(f"alter role {name} nologin")

    assert ensure_warehouse_login(settings).action == "updated"
    assert membership(admin, name) == (True, [GROUP_ROLE])


def test_without_the_migrations_group_role_it_is_an_error(login, admin, monkeypatch):
    name, settings = login
    monkeypatch.setattr(warehouse_login, "GROUP_ROLE", f"mi_missing_{uuid.uuid4().hex[:6]}")

    with pytest.raises(MetabaseError, match="mi db upgrade"):
        ensure_warehouse_login(settings)
    assert admin.execute("select 1 from pg_roles where rolname = %s", (name,)).fetchone() is None


def test_the_application_role_is_refused(settings):
    same = settings.model_copy(update={"metabase_warehouse_url": settings.resolved_database_url()})
    parts = urlsplit(settings.resolved_database_url())
    if not parts.password:  # the embedded server's URL has no password: give it one
        same = settings.model_copy(
            update={"metabase_warehouse_url": login_url(settings, parts.username, "pw")}
        )
    with pytest.raises(MetabaseError, match="application's role"):
        ensure_warehouse_login(same)
