"""The dbt project and its manifest, prepared once rather than in every process.

dagster-dbt copies `target/partial_parse.msgpack` into each invocation's own target
directory, so a build skips dbt's full parse (seconds) as long as that file was written
for the same project files and the same connection profile. `prepare_manifest` keeps
it so: it re-parses only when a project file changed or the profile is different.
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
_PARSE_STAMP = DBT_PROJECT_DIR / "target" / "mi_parse_stamp.json"

mercari_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_subprocess_env() -> dict[str, str]:
    return {**os.environ, **get_settings().dbt_env(), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}


def _parse_stamp() -> dict[str, object]:
    """What a parse depends on: the project's files and the connection profile."""
    files = sorted(
        p
        for p in DBT_PROJECT_DIR.rglob("*")
        if p.suffix in _PROJECT_SUFFIXES and not {"target", "logs"} & set(p.parts)
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return {"files": digest.hexdigest(), "profile": get_settings().dbt_env()}


def prepare_manifest() -> Path:
    """Run `dbt parse` when needed; concurrent processes wait for the first one."""
    manifest = mercari_dbt_project.manifest_path
    stamp = _parse_stamp()
    with fasteners.InterProcessLock(str(DBT_PROJECT_DIR / "target.lock")):
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
