"""The dbt project and its manifest, prepared once rather than in every process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import fasteners
from dagster_dbt import DbtProject

from portal.settings import get_settings

DBT_PROJECT_DIR = get_settings().dbt_project_dir
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))

mercari_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_manifest(force: bool = False) -> Path:
    """Run `dbt parse` once; concurrent processes wait for the first one instead of racing."""
    manifest = mercari_dbt_project.manifest_path
    with fasteners.InterProcessLock(str(DBT_PROJECT_DIR / "target.lock")):
        if force or not manifest.exists():
            subprocess.run(
                [DBT_EXECUTABLE, "parse", "--quiet"],
                cwd=DBT_PROJECT_DIR,
                env=dbt_subprocess_env(),
                check=True,
            )
    return manifest


def dbt_subprocess_env() -> dict[str, str]:
    import os

    return {**os.environ, **get_settings().dbt_env(), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}
