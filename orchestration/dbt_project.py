"""The dbt project and its manifest, behind a cached loader: nothing is read at import.

dagster-dbt copies `<target>/partial_parse.msgpack` into each invocation's own target
directory, so a build skips dbt's full parse (seconds) as long as that file was written
for the same project files and the same connection profile. Each profile (the product,
the tests, a benchmark) gets its own target directory so they never invalidate each
other's parse. `prepare_manifest` (run explicitly by `mi serve`, the test session and the
image build) re-parses only when a project file changed; loading the definitions only
reads the manifest it left.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import fasteners
from dagster_dbt import DbtProject

from mi_core.marts_state import models_fingerprint
from mi_core.settings import Settings, get_settings

DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))
_PROJECT_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}


@lru_cache
def mercari_dbt_project() -> DbtProject:
    settings = get_settings()
    return DbtProject(
        project_dir=settings.dbt_project_dir,
        profiles_dir=settings.dbt_project_dir,
        target_path=settings.dbt_target_path,
    )


@lru_cache
def manifest_models_fingerprint() -> str:
    """The fingerprint of the prepared manifest's models and seeds and of the vars the
    builds pass (read once per process)."""
    manifest = json.loads(mercari_dbt_project().manifest_path.read_text())
    return models_fingerprint(manifest, dbt_vars())


def dbt_subprocess_env(settings: Settings | None = None) -> dict[str, str]:
    return {**os.environ, **(settings or get_settings()).dbt_process_env()}


def dbt_vars(settings: Settings | None = None) -> str:
    """The project vars every dbt invocation gets (`--vars`), from the settings.

    The parse and the builds must pass the same vars: dbt re-parses the whole project
    when the vars differ from those its partial parse was written with.
    """
    settings = settings or get_settings()
    return json.dumps({"low_confidence_below": settings.low_confidence_below}, sort_keys=True)


def _parse_stamp(project_dir: Path) -> dict[str, object]:
    """What a parse depends on: the project's files (the profile picks the directory)."""
    files = sorted(
        p
        for p in project_dir.rglob("*")
        if p.suffix in _PROJECT_SUFFIXES and not {"target", "logs"} & set(p.parts)
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(project_dir)).encode())
        digest.update(path.read_bytes())
    return {"files": digest.hexdigest(), "vars": dbt_vars()}


def prepare_manifest() -> Path:
    """Run `dbt parse` when needed; concurrent processes wait for the first one."""
    project = mercari_dbt_project()
    project_dir = Path(project.project_dir)
    manifest = project.manifest_path
    stamp_file = project_dir / project.target_path / "mi_parse_stamp.json"
    stamp = _parse_stamp(project_dir)
    stamp_file.parent.mkdir(parents=True, exist_ok=True)
    with fasteners.InterProcessLock(str(stamp_file.with_name("parse.lock"))):
        current = json.loads(stamp_file.read_text()) if stamp_file.exists() else None
        if not manifest.exists() or current != stamp:
            subprocess.run(
                [DBT_EXECUTABLE, "parse", "--quiet", "--vars", dbt_vars()],
                cwd=project_dir,
                env=dbt_subprocess_env(),
                check=True,
            )
            stamp_file.write_text(json.dumps(stamp))
    return manifest


def generate_docs(settings: Settings | None = None) -> Path:
    """`dbt docs generate --static` into MI_DATA_DIR/dbt_docs; returns the one-page site.

    The catalog (column types) is read from the database, so marts not built yet appear
    with their descriptions only. The prepared parse is copied in first, so the docs run
    does not parse the project again.
    """
    settings = settings or get_settings()
    project_dir = settings.dbt_project_dir
    prepare_manifest()
    docs_dir = settings.dbt_docs_dir
    docs_dir.mkdir(parents=True, exist_ok=True)
    parsed = project_dir / settings.dbt_target_path / "partial_parse.msgpack"
    if parsed.exists():
        shutil.copyfile(parsed, docs_dir / parsed.name)
    subprocess.run(
        [DBT_EXECUTABLE, "docs", "generate", "--static", "--quiet", "--vars", dbt_vars(settings)],
        cwd=project_dir,
        env={**dbt_subprocess_env(settings), "DBT_TARGET_PATH": str(docs_dir)},
        check=True,
    )
    return settings.dbt_docs_index
