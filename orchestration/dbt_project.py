"""The dbt project and its manifest, prepared once rather than in every process.

dagster-dbt copies `<target>/partial_parse.msgpack` into each invocation's own target
directory, so a build skips dbt's full parse (seconds) as long as that file was written
for the same project files and the same connection profile. Each profile (the product,
the tests, a benchmark) gets its own target directory so they never invalidate each
other's parse, and `prepare_manifest` re-parses only when a project file changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import fasteners
from dagster_dbt import DbtProject

from portal.settings import get_settings

DBT_PROJECT_DIR = get_settings().dbt_project_dir
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
_PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


def _profile_target_path() -> str:
    profile = json.dumps(get_settings().dbt_env(), sort_keys=True).encode()
    return f"target/{hashlib.sha256(profile).hexdigest()[:12]}"


DBT_TARGET_PATH = _profile_target_path()
_PARSE_STAMP = DBT_PROJECT_DIR / DBT_TARGET_PATH / "mi_parse_stamp.json"

mercari_dbt_project = DbtProject(
    project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=DBT_TARGET_PATH
)


def dbt_environment() -> dict[str, str]:
    """What dbt needs in its environment: the connection and this profile's target."""
    return {
        **get_settings().dbt_env(),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_TARGET_PATH": DBT_TARGET_PATH,
    }


def dbt_subprocess_env() -> dict[str, str]:
    return {**os.environ, **dbt_environment()}


def _parse_stamp() -> dict[str, object]:
    """What a parse depends on: the project's files (the profile picks the directory)."""
    files = sorted(
        p
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.suffix in _PROJECT_SUFFIXES and not {"target", "logs"} & set(p.parts)
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return {"files": digest.hexdigest()}


def prepare_manifest() -> Path:
    """Run `dbt parse` when needed; concurrent processes wait for the first one."""
    manifest = mercari_dbt_project.manifest_path
    stamp = _parse_stamp()
    _PARSE_STAMP.parent.mkdir(parents=True, exist_ok=True)
    with fasteners.InterProcessLock(str(_PARSE_STAMP.with_name("parse.lock"))):
        current = json.loads(_PARSE_STAMP.read_text()) if _PARSE_STAMP.exists() else None
        if not manifest.exists() or current != stamp:
            subprocess.run(
                [DBT_EXECUTABLE, "parse", "--quiet"],
                cwd=DBT_PROJECT_DIR,
                env=dbt_subprocess_env(),
                check=True,
            )
            _PARSE_STAMP.write_text(json.dumps(stamp))
    return manifest
