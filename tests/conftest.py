"""Test session set-up: a real PostgreSQL (embedded unless MI_TEST_DATABASE_URL is set),
migrated once, and the environment every product process would see."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from tests.sample import SampleFacts
from tests.sample import sample as sample_facts

# The environment must be complete before any product module reads its settings.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="mi-test-"))
_PGDATA = _SESSION_DIR / "pgdata"
_EXTERNAL_URL = os.environ.get("MI_TEST_DATABASE_URL")
os.environ.update(
    {
        "MI_ENVIRONMENT": "test",
        "MI_SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "MI_DATA_DIR": str(_SESSION_DIR / "data"),
        "DATABASE_URL": _EXTERNAL_URL or f"postgresql://postgres@/mi_test?host={_PGDATA}",
        "DAGSTER_HOME": str(_SESSION_DIR / "dagster_home"),
        # Most tests run no Dagster webserver, so the sensor takes uploads at once; the
        # fast path and the grace period are tested on their own.
        "MI_UPLOAD_FAST_PATH_GRACE": "0",
        "MI_DAGSTER_PORT": "1",
    }
)


def _create_test_database() -> None:
    import psycopg

    from mi_core.db import start_embedded_postgres

    start_embedded_postgres(_PGDATA)
    admin_url = f"postgresql://postgres@/postgres?host={_PGDATA}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("drop database if exists mi_test")
        conn.execute("create database mi_test")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "no_database: the module's tests are pure (no PostgreSQL is started for them)"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _database_unless_pure(request: pytest.FixtureRequest) -> None:
    """Every test gets the session's database, except those marked `no_database`: running
    only pure tests (the parser's, say) starts no PostgreSQL."""
    if request.node.get_closest_marker("no_database") is None:
        request.getfixturevalue("database")


@pytest.fixture(scope="session")
def database():
    """A migrated database for the whole session; embedded servers are removed afterwards."""
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.settings import get_settings

    if not _EXTERNAL_URL:
        _create_test_database()
    from orchestration.dbt_project import prepare_manifest

    settings = get_settings()
    os.environ.update(settings.process_env())
    upgrade_database(settings)
    # As `mi serve` and the image build do: the definitions only read the manifest.
    prepare_manifest()
    yield settings
    from mi_core.db import get_engine

    get_engine.cache_clear()
    if not _EXTERNAL_URL:
        stop_embedded_postgres(_PGDATA)


@pytest.fixture
def settings(database):
    return database


@pytest.fixture
def engine(database):
    from mi_core.db import get_engine

    return get_engine()


@pytest.fixture
def sample() -> SampleFacts:
    """The report the tests process and its facts (tests/sample.py)."""
    return sample_facts()


@pytest.fixture
def sample_report(sample: SampleFacts) -> Path:
    """The real 755-row Mercari report (read from shared data, never bundled), or the
    committed demo report where it is missing (never on CI)."""
    return sample.path


@pytest.fixture
def seller(engine):
    """A fresh seller (tenant) per test, so tests never see each other's rows."""
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller

    with session_scope(engine) as session:
        account = create_seller(session, f"seller-{uuid.uuid4().hex[:12]}@example.test")
        session.expunge(account)
    return account


@pytest.fixture(scope="module")
def instance():
    """An ephemeral Dagster instance for the module's in-process pipeline runs."""
    from dagster import DagsterInstance

    with DagsterInstance.ephemeral() as dagster_instance:
        yield dagster_instance


@pytest.fixture
def free_seller(database):
    """A seller on the free plan (no override), for the plan-limit tests."""
    from tests.portal_helpers import create_seller

    return create_seller(plan=None)


@pytest.fixture(scope="module")
def smtp():
    """A local SMTP server capturing the portal's mails (tests read them per recipient)."""
    from tests.fakes.smtp_server import smtp_server

    with smtp_server() as server:
        yield server
