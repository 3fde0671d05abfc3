"""Registering uploads: the durable first step of every report's journey.

An upload is a stored file plus a `pending` row in `uploads`; the Dagster sensor
turns pending rows into runs, so nothing is lost if Dagster is down when a file
arrives.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from pathlib import Path
from typing import BinaryIO

from fastapi_users.password import PasswordHelper
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Upload, UploadStage, UploadStatus, User
from portal.settings import Settings

_COPY_CHUNK_BYTES = 1024 * 1024


class UnknownSellerError(LookupError):
    pass


def find_seller(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_seller(session: Session, email: str, password: str | None = None) -> User:
    """Create a verified seller; without a password the account must reset one to log in."""
    hashed = PasswordHelper().hash(password or secrets.token_urlsafe(32))
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


def stored_upload_path(settings: Settings, upload: Upload) -> Path:
    return settings.uploads_dir / upload.stored_path


def register_upload(
    session: Session,
    settings: Settings,
    seller: User,
    stream: BinaryIO,
    filename: str,
) -> Upload:
    """Store the file and record a pending upload; the caller's transaction commits both."""
    upload_id = uuid.uuid4()
    relative_path = Path(str(seller.id)) / f"{upload_id}.csv"
    destination = settings.uploads_dir / relative_path
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_suffix(".partial")
    digest = hashlib.sha256()
    size = 0
    with partial.open("wb") as out:
        while chunk := stream.read(_COPY_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    # Rename last so a stored file is always complete.
    partial.replace(destination)
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
    )
    session.add(upload)
    try:
        session.flush()
    except Exception:
        destination.unlink(missing_ok=True)
        raise
    return upload


def register_upload_file(session: Session, settings: Settings, seller: User, path: Path) -> Upload:
    with path.open("rb") as stream:
        return register_upload(session, settings, seller, stream, path.name)
