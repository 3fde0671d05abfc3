"""Keeping the `uploads` table true while Dagster processes an upload."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, Engine, func, insert, select, update

from mi_core.models import Upload, UploadStage, UploadStatus, upload_stage_durations
from mi_core.notifications import NotificationKind, enqueue

# Errors shown to sellers are cut to this length; the full text stays in Dagster's logs.
_MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class PendingUpload:
    upload_id: uuid.UUID
    seller_id: uuid.UUID
    # Above 0 when the upload was re-submitted (its waiting rows released).
    run_generation: int = 0

    @property
    def run_key(self) -> str:
        """One run per submission: the upload id, plus the generation once re-submitted."""
        upload = str(self.upload_id)
        return upload if not self.run_generation else f"{upload}:{self.run_generation}"


def pending_uploads(
    engine: Engine, *, grace_seconds: float = 0, limit: int = 100
) -> list[PendingUpload]:
    """Pending uploads no run was submitted for, oldest first.

    The grace period leaves a fresh upload to the fast path (portal.run_launcher), which
    records the run it submitted; the sensor takes whatever that path did not.
    """
    query = (
        select(Upload.id, Upload.seller_id, Upload.run_generation)
        .where(
            Upload.status == UploadStatus.PENDING,
            Upload.dagster_run_id.is_(None),
            Upload.created_at < func.now() - timedelta(seconds=grace_seconds),
        )
        .order_by(Upload.created_at)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [
            PendingUpload(row.id, row.seller_id, row.run_generation) for row in conn.execute(query)
        ]


def _update(engine: Engine, upload_id: uuid.UUID, **values) -> None:
    with engine.begin() as conn:
        conn.execute(update(Upload).where(Upload.id == upload_id).values(**values))


def _finish_stage(conn: Connection, upload_id: uuid.UUID) -> None:
    """Record how long the upload's current stage took (processing stages only)."""
    row = conn.execute(
        select(Upload.stage, func.extract("epoch", func.now() - Upload.stage_started_at))
        .where(
            Upload.id == upload_id,
            Upload.status == UploadStatus.PROCESSING,
            Upload.stage_started_at.is_not(None),
        )
        .with_for_update()
    ).one_or_none()
    if row is not None:
        stage, seconds = row
        conn.execute(insert(upload_stage_durations).values(stage=stage, seconds=float(seconds)))


def _change_stage(
    engine: Engine, upload_id: uuid.UUID, notify: NotificationKind | None = None, **values
) -> None:
    """A new stage (its predecessor's duration recorded), and the seller's mail about it
    queued in the same transaction when `notify` says which."""
    with engine.begin() as conn:
        _finish_stage(conn, upload_id)
        conn.execute(
            update(Upload)
            .where(Upload.id == upload_id)
            .values(stage_started_at=func.now(), **values)
        )
        if notify is not None:
            enqueue(conn, notify, upload_id)


def mark_processing(engine: Engine, upload_id: uuid.UUID, run_id: str) -> None:
    _update(
        engine,
        upload_id,
        status=UploadStatus.PROCESSING,
        stage=UploadStage.VALIDATING,
        stage_started_at=func.now(),
        dagster_run_id=run_id,
        started_at=func.now(),
        completed_at=None,
        error=None,
    )


def set_stage(engine: Engine, upload_id: uuid.UUID, stage: UploadStage) -> None:
    _change_stage(engine, upload_id, stage=stage)


def mark_completed(engine: Engine, upload_id: uuid.UUID) -> None:
    """Record success and queue the seller's mail about it, in one transaction."""
    _change_stage(
        engine,
        upload_id,
        notify=NotificationKind.UPLOAD_COMPLETED,
        status=UploadStatus.COMPLETED,
        stage=UploadStage.DONE,
        completed_at=func.now(),
    )


def mark_failed(engine: Engine, upload_id: uuid.UUID, error: str) -> None:
    """Record a failure (the first, most specific error message wins) and queue the
    seller's mail about it, in one transaction."""
    with engine.begin() as conn:
        _finish_stage(conn, upload_id)
        conn.execute(
            update(Upload)
            .where(Upload.id == upload_id)
            .values(
                status=UploadStatus.FAILED,
                error=func.coalesce(Upload.error, error[:_MAX_ERROR_CHARS]),
                completed_at=func.now(),
            )
        )
        enqueue(conn, NotificationKind.UPLOAD_FAILED, upload_id)
