"""The layers hold at run time too: what a process loads when it imports a room.

(The import contracts in pyproject.toml check the source; these check what really ends up
in `sys.modules`, including what third-party packages pull in.)
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.sample import REPO_ROOT

_LOADED = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
roots = {name.split('.')[0] for name in sys.modules}
print(json.dumps(sorted(roots & {'dagster', 'dagster_dbt', 'fastapi', 'orchestration', 'portal'})))
"""


def loaded_roots(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, module],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_importing_the_portal_loads_no_dagster():
    assert loaded_roots("portal.main") == ["fastapi", "portal"]


def test_the_core_loads_neither_fastapi_nor_dagster():
    for module in (
        "mi_core.models",
        "mi_core.uploads",
        "mi_core.loading",
        "mi_core.billing.grace",
        "mi_core.erasure",
        "mi_core.categorising",
    ):
        assert loaded_roots(module) == [], module


def test_importing_the_definitions_reads_no_settings_and_parses_nothing(tmp_path):
    """Nothing happens at import: no settings read (an invalid environment does not
    matter until the definitions are loaded), no dbt parse, no environment change."""
    # (pandera sets two variables of its own on import; ours are the MI_/DBT_/DAGSTER_ ones)
    probe = (
        "import os, sys;"
        "ours = lambda: {k: v for k, v in os.environ.items()"
        " if k.startswith(('MI_', 'DBT_', 'DAGSTER_'))};"
        "before = ours();"
        "import orchestration.definitions as d;"
        "assert ours() == before, 'environment changed';"
        "from mi_core.settings import get_settings;"
        "assert get_settings.cache_info().currsize == 0, 'settings read at import';"
        "print('ok')"
    )
    env = {"PATH": "/usr/bin:/bin", "MI_ENVIRONMENT": "production", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
