"""Registering uploads: the durable first step of every report's journey.

An upload is a stored file plus a `pending` row in `uploads`; the Dagster sensor
turns pending rows into runs, so nothing is lost if Dagster is down when a file
arrives.
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from pwdlib import PasswordHash
from sqlalchemy import select
from sqlalchemy.orm import Session

from mi_core.billing.usage import reserve_daily_upload
from mi_core.models import Upload, UploadStage, UploadStatus, User
from mi_core.sales_report import parse_report
from mi_core.settings import Settings
from mi_core.storage import stored_path_for

_COPY_CHUNK_BYTES = 1024 * 1024
# Enough of a report to hold its header and a few rows, read to reject wrong files at once.
_HEADER_PROBE_BYTES = 64 * 1024


class UploadTooLargeError(ValueError):
    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"The file is larger than the upload limit of {_size_text(limit_bytes)}.")
        self.limit_bytes = limit_bytes


def _size_text(size: int) -> str:
    mib = 1024 * 1024
    return f"{size // mib} MB" if size >= mib else f"{size} bytes"


def check_report_header(path: Path, filename: str) -> None:
    """Raise ReportError if the file's start cannot be read as a Mercari sales report.

    Only the first lines are parsed (cut at a line end so no character or record is
    split), so the check costs the same for any file size.
    """
    with path.open("rb") as stream:
        probe = stream.read(_HEADER_PROBE_BYTES)
        if stream.read(1) and b"\n" in probe:
            probe = probe[: probe.rindex(b"\n") + 1]
    parse_report(probe, source_name=Path(filename).name)


def find_seller(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_seller(session: Session, email: str, password: str | None = None) -> User:
    """Create a verified seller; without a password the account must reset one to log in."""
    hashed = PasswordHash.recommended().hash(password or secrets.token_urlsafe(32))
    seller = User(
        email=email.strip().lower(),
        hashed_password=hashed,
        is_active=True,
        is_superuser=False,
        is_verified=True,
    )
    session.add(seller)
    session.flush()
    return seller


def register_upload(
    session: Session,
    settings: Settings,
    seller: User,
    stream: BinaryIO,
    filename: str,
    *,
    max_bytes: int | None = None,
    check: Callable[[Path], None] | None = None,
    summarise: Callable[[Path, int], dict | None] | None = None,
) -> Upload:
    """Store the file and record a pending upload; the caller's transaction commits both.

    With `max_bytes`, a larger file raises UploadTooLargeError; `check` is called on the
    complete file before it is kept (e.g. `check_report_header`). Either way a refused
    file leaves nothing behind. `summarise(path, size)`, called after `check`, gives the
    upload's preliminary figures (mi_core.preliminary), stored with it.

    Every entry point comes through here, so the plan's daily upload limit is enforced
    here, before anything is stored: UploadLimitReachedError when it is used up (the
    count is part of the caller's transaction and serialised per seller).
    """
    reserve_daily_upload(session, settings, seller.id)
    upload_id = uuid.uuid4()
    relative_path = stored_path_for(seller.id, upload_id)
    storage = settings.upload_storage()
    settings.incoming_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=settings.incoming_dir, suffix=".partial")
    partial = Path(name)
    digest = hashlib.sha256()
    try:
        with open(handle, "wb") as out:
            size = _copy(stream, out, digest, max_bytes)
        if check is not None:
            check(partial)
        preliminary = summarise(partial, size) if summarise is not None else None
        # Stored last, complete: a rename on disk, one PUT to object storage.
        storage.save(relative_path, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    upload = Upload(
        id=upload_id,
        seller_id=seller.id,
        filename=Path(filename).name[:255],
        stored_path=str(relative_path),
        size_bytes=size,
        sha256=digest.hexdigest(),
        status=UploadStatus.PENDING,
        stage=UploadStage.QUEUED,
        processed_items=0,
        quarantined_items=0,
        preliminary=preliminary,
    )
    session.add(upload)
    try:
        session.flush()
    except Exception:
        storage.delete(relative_path)
        raise
    return upload


def _copy(stream: BinaryIO, out: BinaryIO, digest: hashlib._Hash, max_bytes: int | None) -> int:
    """Copy in fixed-size chunks (constant memory), stopping as soon as the limit is passed."""
    size = 0
    while chunk := stream.read(_COPY_CHUNK_BYTES):
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise UploadTooLargeError(max_bytes)
        digest.update(chunk)
        out.write(chunk)
    return size


def register_upload_file(session: Session, settings: Settings, seller: User, path: Path) -> Upload:
    with path.open("rb") as stream:
        return register_upload(session, settings, seller, stream, path.name)
