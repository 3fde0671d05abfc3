"""The login Metabase reads the warehouse with: a LOGIN role in the read-only group role
`mi_metabase` (created by the migrations, granted the marts by them and by dbt).

`mi metabase warehouse-login` makes the role of MI_METABASE_WAREHOUSE_URL exist with that
URL's password and be a member of `mi_metabase` (and of nothing else we grant), through
the application's connection (DATABASE_URL, a role with CREATEROLE). Running it again
changes nothing. The group role itself is never created here: without the migrations it
is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

from mi_core.metabase.client import MetabaseError
from mi_core.settings import Settings

GROUP_ROLE = "mi_metabase"


@dataclass(frozen=True)
class WarehouseLogin:
    name: str
    action: Literal["created", "updated", "found"]


def _login_of(settings: Settings) -> tuple[str, str]:
    if not settings.metabase_warehouse_url:
        raise MetabaseError("MI_METABASE_WAREHOUSE_URL is not set: Metabase reads as DATABASE_URL")
    parts = urlsplit(settings.metabase_warehouse_url)
    if not parts.username or not parts.password:
        raise MetabaseError("MI_METABASE_WAREHOUSE_URL must name a user and its password")
    return unquote(parts.username), unquote(parts.password)


def _password_works(settings: Settings) -> bool:
    try:
        with psycopg.connect(settings.metabase_warehouse_url, connect_timeout=5):
            return True
    except psycopg.OperationalError:
        return False


def ensure_warehouse_login(settings: Settings) -> WarehouseLogin:
    name, password = _login_of(settings)
    app_url = settings.resolved_database_url()
    if urlsplit(app_url).username == name:
        raise MetabaseError(f"{name} is the application's role; Metabase needs a login of its own")
    with psycopg.connect(app_url, autocommit=True) as conn:
        if (
            conn.execute("select 1 from pg_roles where rolname = %s", (GROUP_ROLE,)).fetchone()
            is None
        ):
            raise MetabaseError(f"the role {GROUP_ROLE} does not exist: run `mi db upgrade` first")
        role = sql.Identifier(name)
        existing = conn.execute(
            """select r.rolcanlogin, exists (
                   select from pg_auth_members m join pg_roles g on g.oid = m.roleid
                   where m.member = r.oid and g.rolname = %s)
               from pg_roles r where r.rolname = %s""",
            (GROUP_ROLE, name),
        ).fetchone()
        if existing is None:
            conn.execute(
                sql.SQL("create role {} login password {} in role {}").format(
                    role, sql.Literal(password), sql.Identifier(GROUP_ROLE)
                )
            )
            return WarehouseLogin(name, "created")
        can_login, is_member = existing
        if can_login and is_member and _password_works(settings):
            return WarehouseLogin(name, "found")
        conn.execute(sql.SQL("alter role {} login password {}").format(role, sql.Literal(password)))
        conn.execute(sql.SQL("grant {} to {}").format(sql.Identifier(GROUP_ROLE), role))
        return WarehouseLogin(name, "updated")
