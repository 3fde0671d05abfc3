"""Analysts' logins: PostgreSQL LOGIN roles that are members of the group role mi_analyst.

The group roles are created by migration 0018; what they may read is granted there and by
dbt (`+grants` and the row-level-security post-hook of the marts, dbt_project.yml):

  * mi_analyst       - SELECT on every table of schema `marts`, across tenants; nothing else;
  * mi_metabase      - the same, for Metabase's warehouse connection;
  * mi_tenant_reader - SELECT on the marts, but row-level security shows only the rows of
                       the tenant named by the session setting `mi.tenant_id`.

Member logins are what people and services connect with; the group roles cannot log in.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql

ANALYST_ROLE = "mi_analyst"
METABASE_ROLE = "mi_metabase"
TENANT_READER_ROLE = "mi_tenant_reader"
MART_READER_ROLES = (ANALYST_ROLE, METABASE_ROLE, TENANT_READER_ROLE)
# The session setting that names the tenant a mi_tenant_reader session sees.
TENANT_SETTING = "mi.tenant_id"

# Lower-case unquoted identifiers only, so the name is typed the same way in psql and in a
# connection string; PostgreSQL truncates names beyond 63 bytes.
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_RESERVED_PREFIXES = ("pg_", "mi_")


class AnalystError(ValueError):
    """A name that cannot be an analyst's login, or a login that is not an analyst's."""


@dataclass(frozen=True)
class AnalystLogin:
    name: str
    password: str
    connection_url: str


def validate_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise AnalystError(
            f"{name!r}: an analyst's name is 1-63 characters of a-z, 0-9 and _, "
            "not starting with a digit"
        )
    if name.startswith(_RESERVED_PREFIXES):
        raise AnalystError(f"{name!r}: names starting with pg_ or mi_ are reserved")
    return name


def create_analyst(database_url: str, name: str) -> AnalystLogin:
    """Create the LOGIN role `name` in mi_analyst with a generated password."""
    validate_name(name)
    password = secrets.token_urlsafe(24)
    role = sql.Identifier(name)
    with psycopg.connect(database_url, autocommit=True) as conn, conn.transaction():
        if _role_exists(conn, name):
            raise AnalystError(f"{name!r}: a role of that name exists already")
        conn.execute(
            sql.SQL("create role {} login password {} in role {}").format(
                role, sql.Literal(password), sql.Identifier(ANALYST_ROLE)
            )
        )
        # Long-running ad-hoc queries must not hold locks that stall the marts' rebuilds.
        conn.execute(sql.SQL("alter role {} set statement_timeout = '5min'").format(role))
        conn.execute(sql.SQL("alter role {} set default_transaction_read_only = on").format(role))
    return AnalystLogin(name, password, connection_url(database_url, name, password))


def revoke_analyst(database_url: str, name: str) -> None:
    """Drop an analyst's login (only a member of mi_analyst: never another role)."""
    validate_name(name)
    role = sql.Identifier(name)
    with psycopg.connect(database_url, autocommit=True) as conn, conn.transaction():
        if not _is_analyst(conn, name):
            raise AnalystError(f"{name!r}: no such analyst")
        # Whatever the analyst created (temporary objects aside, nothing: they cannot
        # create) goes to the application role; then their privileges are dropped.
        conn.execute(sql.SQL("reassign owned by {} to current_user").format(role))
        conn.execute(sql.SQL("drop owned by {}").format(role))
        conn.execute(sql.SQL("drop role {}").format(role))


def list_analysts(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "select member.rolname from pg_auth_members m"
            " join pg_roles grp on grp.oid = m.roleid"
            " join pg_roles member on member.oid = m.member"
            " where grp.rolname = %s order by 1",
            (ANALYST_ROLE,),
        ).fetchall()
    return [row[0] for row in rows]


def connection_url(database_url: str, name: str, password: str) -> str:
    """The application's server and database, with the analyst's credentials.

    The embedded PostgreSQL of development listens on a unix socket only (no TCP port):
    its URL keeps the `host=<socket directory>` parameter, which psql and psycopg take.
    """
    parts = urlsplit(database_url)
    credentials = f"{quote(name, safe='')}:{quote(password, safe='')}"
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and pair.split("=", 1)[0] in {"host", "port", "sslmode", "sslrootcert"}
    )
    return f"postgresql://{credentials}@{host}{port}{parts.path}" + (f"?{query}" if query else "")


def _role_exists(conn: psycopg.Connection, name: str) -> bool:
    return conn.execute("select 1 from pg_roles where rolname = %s", (name,)).fetchone() is not None


def _is_analyst(conn: psycopg.Connection, name: str) -> bool:
    return (
        conn.execute(
            "select 1 from pg_auth_members m"
            " join pg_roles grp on grp.oid = m.roleid"
            " join pg_roles member on member.oid = m.member"
            " where grp.rolname = %s and member.rolname = %s",
            (ANALYST_ROLE, name),
        ).fetchone()
        is not None
    )
