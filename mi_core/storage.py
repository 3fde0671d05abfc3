"""Where uploaded report files live: the one definition of the storage layout.

`uploads.stored_path` is relative (`<seller id>/<upload id>.csv`) under
`MI_DATA_DIR/uploads`, so a seller's files are one directory to erase.
"""

from __future__ import annotations

import uuid
from pathlib import Path


def uploads_root(data_dir: Path | str) -> Path:
    return Path(data_dir) / "uploads"


def stored_path_for(seller_id: uuid.UUID, upload_id: uuid.UUID) -> str:
    return f"{seller_id}/{upload_id}.csv"


def upload_file(data_dir: Path | str, stored_path: str) -> Path:
    return uploads_root(data_dir) / stored_path


def seller_directory(data_dir: Path | str, seller_id: uuid.UUID) -> Path:
    return uploads_root(data_dir) / str(seller_id)
