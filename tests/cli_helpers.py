"""Running the `mi` console script as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MI = str(Path(sys.executable).with_name("mi"))


def run_mi(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MI, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )
