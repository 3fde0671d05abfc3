"""A bench's throw-away MI_DATA_DIR (its embedded PostgreSQL's data among it, 100–300 MB):
removed when the bench exits, after the bench has stopped its database, unless
MI_BENCH_KEEP=1 asks to keep it for a look at what the runs left."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def throwaway_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.environ.get("MI_BENCH_KEEP") != "1":
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    else:
        atexit.register(print, f"kept {path} (MI_BENCH_KEEP=1)")
    return path
