"""Keeping the `uploads` table true while Dagster processes an upload."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, Engine, func, insert, select, text, update

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


# --- batches: a run processes every pending upload of its seller (issue 16) ---


@dataclass(frozen=True)
class BatchUpload:
    upload_id: uuid.UUID
    seller_id: uuid.UUID
    filename: str
    stored_path: str
    size_bytes: int
    sha256: str


_CLAIM_BATCH = text(
    "with batch as ("
    "  select id from uploads"
    "  where seller_id = :seller"
    "    and (status = 'pending' or (cast(:parent as text) is not null"
    "         and dagster_run_id = cast(:parent as text)))"
    "  for update skip locked"
    ") update uploads u set status = 'processing', stage = 'validating',"
    "  stage_started_at = now(), dagster_run_id = :run, started_at = now(),"
    "  completed_at = null, error = null"
    " from batch where u.id = batch.id"
    " returning u.id, u.created_at"
)


def claim_batch(
    engine: Engine, seller_id: uuid.UUID, run_id: str, *, parent_run_id: str | None = None
) -> list[uuid.UUID]:
    """Claim, in one transaction, every pending upload of the seller for the run; upload
    order (oldest first). A re-execution (`parent_run_id`) also takes back what the parent
    run had claimed, so an operator's re-run processes the same uploads again.

    Row locks (skip locked) keep two runs of a seller that start together from claiming
    the same upload; an upload already claimed by an earlier run is not claimed again.
    """
    with engine.begin() as conn:
        rows = conn.execute(
            _CLAIM_BATCH, {"seller": seller_id, "run": run_id, "parent": parent_run_id}
        ).all()
    return [upload_id for upload_id, _ in sorted(rows, key=lambda row: (row[1], str(row[0])))]


def batch_of_run(engine: Engine, run_id: str) -> list[BatchUpload]:
    """The uploads the run claimed that are still being processed (a failed one is not),
    in upload order."""
    query = (
        select(
            Upload.id,
            Upload.seller_id,
            Upload.filename,
            Upload.stored_path,
            Upload.size_bytes,
            Upload.sha256,
        )
        .where(Upload.dagster_run_id == run_id, Upload.status == UploadStatus.PROCESSING)
        .order_by(Upload.created_at, Upload.id)
    )
    with engine.connect() as conn:
        return [BatchUpload(*row) for row in conn.execute(query)]


def set_stage_of_all(engine: Engine, upload_ids: list[uuid.UUID], stage: UploadStage) -> None:
    """The batch enters a stage together (each upload's previous stage timed), one transaction."""
    with engine.begin() as conn:
        for upload_id in upload_ids:
            _finish_stage(conn, upload_id)
        conn.execute(
            update(Upload)
            .where(Upload.id.in_(upload_ids))
            .values(stage=stage, stage_started_at=func.now())
        )


def mark_all_completed(engine: Engine, upload_ids: list[uuid.UUID]) -> None:
    """Every upload of the batch done, each with its mail queued, in one transaction."""
    with engine.begin() as conn:
        for upload_id in upload_ids:
            _finish_stage(conn, upload_id)
            enqueue(conn, NotificationKind.UPLOAD_COMPLETED, upload_id)
        conn.execute(
            update(Upload)
            .where(Upload.id.in_(upload_ids))
            .values(
                status=UploadStatus.COMPLETED,
                stage=UploadStage.DONE,
                stage_started_at=func.now(),
                completed_at=func.now(),
            )
        )


def unfinished_of_run(
    engine: Engine, run_id: str, trigger_upload_id: uuid.UUID | None
) -> list[uuid.UUID]:
    """What a run that ended left unfinished: the uploads it claimed (or was recorded on)
    that are not completed or failed, and its triggering upload if no run ever claimed it
    (the run died before its first step). The run-status sensors' safety net."""
    claimed = (Upload.dagster_run_id == run_id) & Upload.status.in_(
        [UploadStatus.PENDING, UploadStatus.PROCESSING]
    )
    condition = claimed
    if trigger_upload_id is not None:
        never_claimed = (
            (Upload.id == trigger_upload_id)
            & (Upload.status == UploadStatus.PENDING)
            & Upload.dagster_run_id.is_(None)
        )
        condition = claimed | never_claimed
    query = select(Upload.id).where(condition).order_by(Upload.created_at, Upload.id)
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def is_processing(engine: Engine, upload_id: uuid.UUID) -> bool:
    with engine.connect() as conn:
        status = conn.execute(select(Upload.status).where(Upload.id == upload_id)).scalar()
    return status == UploadStatus.PROCESSING
