"""One directory per dbt build under MI_DATA_DIR, and a bound on how many stay.

dbt writes ~12 MB per build (manifest, run results, compiled SQL, its log). Each build
gets a directory of its own (so concurrent processes never mix artefacts), and after the
build only the newest `MI_DBT_KEEP_INVOCATIONS` remain, for debugging a recent build.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from mi_core.settings import Settings


def new_invocation_dir(settings: Settings, run_id: str) -> Path:
    """A fresh directory for one dbt build of the run (dagster-dbt fills it)."""
    path = settings.dbt_invocations_dir / f"{run_id[:8]}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def prune_invocations(settings: Settings, keep: int | None = None) -> int:
    """Delete all but the newest `keep` invocation directories; returns how many went.

    Callers hold the mart build lock, so no build is writing into an older directory.
    """
    keep = settings.dbt_keep_invocations if keep is None else keep
    root = settings.dbt_invocations_dir
    if not root.is_dir():
        return 0
    directories = sorted(
        (p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    stale = directories[keep:]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return len(stale)
