"""Settings: one class, placeholder secrets refused outside development."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mi_core.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """The test session's own settings must not leak into the cases built here."""
    for name in ("DATABASE_URL", "MI_ENVIRONMENT", "MI_SECRET_KEY", "MI_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)


def make(**env) -> Settings:
    return Settings(_env_file=None, **env)


def test_development_accepts_the_placeholder_secret():
    assert make(MI_ENVIRONMENT="development").is_development


@pytest.mark.parametrize("environment", ["test", "production"])
def test_placeholder_secrets_are_refused_outside_development(environment):
    with pytest.raises(ValidationError, match="MI_SECRET_KEY"):
        make(MI_ENVIRONMENT=environment, MI_SECRET_KEY="changeme", DATABASE_URL="postgresql://x/y")


def test_production_requires_a_real_database():
    with pytest.raises(ValidationError, match="DATABASE_URL"):
        make(MI_ENVIRONMENT="production", MI_SECRET_KEY="a-real-secret-value")


def test_embedded_database_url_uses_the_socket_in_the_data_dir(tmp_path):
    settings = make(MI_ENVIRONMENT="development", MI_DATA_DIR=str(tmp_path))
    assert settings.uses_embedded_postgres
    assert settings.resolved_database_url() == (
        f"postgresql://postgres@/mercari_intelligence?host={tmp_path / 'pgdata'}"
    )
    assert settings.dbt_env()["MI_DBT_HOST"] == str(tmp_path / "pgdata")


def test_a_real_server_url_feeds_dbt_and_dagster():
    settings = make(
        MI_ENVIRONMENT="production",
        MI_SECRET_KEY="a-real-secret-value",
        DATABASE_URL="postgresql://mi:pw@db.internal:6543/warehouse",
    )
    assert settings.dbt_env() == {
        "MI_DBT_HOST": "db.internal",
        "MI_DBT_PORT": "6543",
        "MI_DBT_USER": "mi",
        "MI_DBT_PASSWORD": "pw",
        "MI_DBT_DBNAME": "warehouse",
    }
    assert settings.dagster_postgres_url().endswith("?options=-csearch_path%3Ddagster")
    assert settings.sqlalchemy_url().startswith("postgresql+psycopg://mi:pw@db.internal")
