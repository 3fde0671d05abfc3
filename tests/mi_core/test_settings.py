"""Settings: one class, placeholder secrets refused outside development."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from mi_core.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


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


def test_unconfigured_settings_are_production_and_refuse_the_placeholder_secret():
    with pytest.raises(ValidationError, match="MI_SECRET_KEY must be set to a real secret"):
        make()
    configured = make(MI_SECRET_KEY="a-real-secret-value", DATABASE_URL="postgresql://x/y")
    assert configured.environment == "production"
    assert not configured.is_development


def test_mi_serve_defaults_to_development_only_when_unset(tmp_path):
    from mi_cli.stack import default_to_development

    unset: dict[str, str] = {}
    assert default_to_development(unset, env_file=None) == "development"
    # Written where the settings and the child processes read it.
    assert unset == {"MI_ENVIRONMENT": "development"}
    explicit = {"MI_ENVIRONMENT": "production"}
    assert default_to_development(explicit, env_file=None) == "production"
    assert explicit == {"MI_ENVIRONMENT": "production"}
    dotenv = tmp_path / ".env"
    dotenv.write_text("MI_ENVIRONMENT=test\n")
    from_file: dict[str, str] = {}
    assert default_to_development(from_file, env_file=dotenv) == "test"
    assert from_file == {}


def test_mi_serve_hands_development_to_its_children(monkeypatch, tmp_path):
    from mi_cli.stack import default_to_development

    monkeypatch.chdir(tmp_path)  # no .env here
    default_to_development()
    settings = Settings(_env_file=None, MI_DATA_DIR=str(tmp_path))
    assert settings.is_development
    assert settings.process_env()["MI_ENVIRONMENT"] == "development"


def _mi_with_nothing_configured(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "mi_cli.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_that_need_no_secrets_run_with_nothing_configured(tmp_path):
    """Production by default must not break `mi check`, `mi demo-report`, or offline
    `mi categorize`: they need neither secrets nor a database."""
    report = tmp_path / "report.csv"
    result = _mi_with_nothing_configured(tmp_path, "demo-report", str(report), "--rows", "20")
    assert result.returncode == 0, result.stderr
    result = _mi_with_nothing_configured(tmp_path, "check", str(report))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == 20
    titles = tmp_path / "titles.csv"
    titles.write_text("title\nNike running shoes size 10\n")
    output = tmp_path / "categorised.csv"
    result = _mi_with_nothing_configured(tmp_path, "categorize", str(titles), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert "department" in output.read_text().splitlines()[0]


def test_commands_that_need_the_database_say_what_production_lacks(tmp_path):
    result = _mi_with_nothing_configured(tmp_path, "db", "upgrade")
    assert result.returncode == 1
    assert "MI_SECRET_KEY must be set to a real secret in production" in result.stderr
    assert "Traceback" not in result.stderr


def test_mi_serve_with_nothing_configured_runs_the_stack_in_development(monkeypatch, tmp_path):
    """`make run` from a fresh clone: no MI_ENVIRONMENT, no secret, no database URL."""
    from typer.testing import CliRunner

    import mi_cli.stack
    from mi_cli.cli import app
    from mi_core.settings import get_settings

    captured = {}

    def run_stack(settings: Settings, seed_demo: bool = True) -> int:
        captured["settings"] = settings
        return 0

    monkeypatch.setattr(mi_cli.stack, "run_stack", run_stack)
    monkeypatch.setenv("MI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no .env here
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--no-demo"])
    finally:
        # The session's own settings are read again once the environment is restored.
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    settings = captured["settings"]
    assert settings.is_development and settings.uses_embedded_postgres
    assert settings.process_env()["MI_ENVIRONMENT"] == "development"
