"""Keeping the upload queue moving, and telling operators when it does not.

- Stuck uploads: processing longer than `MI_STUCK_PROCESSING_MINUTES`, or pending with no
  run for longer than `MI_STUCK_PENDING_MINUTES`, are put back in the queue once (a new run
  generation, so the pending-uploads sensor launches a fresh run), and failed with a
  reason the seller can read the next time.
- Waiting uploads: when an upload has been pending longer than
  `MI_UPLOAD_WAIT_ALERT_MINUTES`, the operators are mailed once for the episode; the
  episode ends when no upload waits that long any more (`operator_alerts`).
- Queue position: a seller's uploads run one at a time, so a pending upload waits for
  those of the same seller ahead of it; the estimate comes from recent run durations.
"""

from __future__ import annotations

import statistics
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, text

from mi_core import upload_status
from mi_core.emails import deliver
from mi_core.settings import Settings

STUCK_REASON = (
    "Processing did not finish in time, twice. Nothing of this report was kept half-done: "
    "upload it again, and if it happens again, contact us (we have been alerted)."
)
WAIT_ALERT = "uploads_waiting"


# --- stuck uploads ---


@dataclass(frozen=True)
class StuckUpload:
    upload_id: uuid.UUID
    status: str
    requeues: int
    dagster_run_id: str | None


_STUCK = text(
    "select id, status, requeues, dagster_run_id from uploads"
    " where (status = 'processing' and coalesce(started_at, created_at)"
    "        < now() - make_interval(secs => :processing))"
    "    or (status = 'pending' and dagster_run_id is null"
    "        and coalesce(started_at, created_at) < now() - make_interval(secs => :pending))"
    " order by created_at"
)


def stuck_uploads(engine: Engine, settings: Settings) -> list[StuckUpload]:
    params = {
        "processing": settings.stuck_processing_minutes * 60,
        "pending": settings.stuck_pending_minutes * 60,
    }
    with engine.connect() as conn:
        return [StuckUpload(*row) for row in conn.execute(_STUCK, params)]


@dataclass(frozen=True)
class StuckOutcome:
    requeued: list[uuid.UUID]
    failed: list[uuid.UUID]


def requeue_or_fail(engine: Engine, stuck: list[StuckUpload]) -> StuckOutcome:
    """Re-queue each stuck upload once; one stuck again after that is failed."""
    requeued, failed = [], []
    for upload in stuck:
        if upload.requeues == 0:
            with engine.begin() as conn:
                # started_at of a pending upload is when it was re-queued: the pending
                # threshold counts from there (created_at, the seller's upload time, stays).
                conn.execute(
                    text(
                        "update uploads set status = 'pending', stage = 'queued',"
                        " dagster_run_id = null, started_at = now(), error = null,"
                        " run_generation = run_generation + 1,"
                        " requeues = requeues + 1 where id = :id and status = :status"
                    ),
                    {"id": upload.upload_id, "status": upload.status},
                )
            requeued.append(upload.upload_id)
        else:
            upload_status.mark_failed(engine, upload.upload_id, STUCK_REASON)
            failed.append(upload.upload_id)
    return StuckOutcome(requeued, failed)


# --- the operators' alert on waiting uploads ---


@dataclass(frozen=True)
class WaitState:
    waiting: int
    oldest_since: datetime | None
    alert_open: bool

    @property
    def needs_action(self) -> bool:
        """An episode to open (uploads wait, nobody was told) or to close."""
        return bool(self.waiting) != self.alert_open


def wait_state(engine: Engine, settings: Settings) -> WaitState:
    with engine.connect() as conn:
        waiting, oldest = conn.execute(
            text(
                "select count(*), min(created_at) from uploads where status = 'pending'"
                " and created_at < now() - make_interval(secs => :secs)"
            ),
            {"secs": settings.upload_wait_alert_minutes * 60},
        ).one()
        open_alert = conn.execute(
            text("select 1 from operator_alerts where name = :name"), {"name": WAIT_ALERT}
        ).first()
    return WaitState(int(waiting), oldest, open_alert is not None)


def alert_on_waiting_uploads(engine: Engine, settings: Settings) -> str:
    """Open the episode and mail the operators once, or close it; what happened, in words.

    The mail is sent inside the transaction that records the episode: a refused delivery
    rolls it back, so the next try mails again.
    """
    state = wait_state(engine, settings)
    if not state.waiting:
        with engine.begin() as conn:
            closed = conn.execute(
                text("delete from operator_alerts where name = :name"), {"name": WAIT_ALERT}
            ).rowcount
        return "episode closed" if closed else "nothing waits"
    recipients = settings.operator_email_list
    detail = (
        f"{state.waiting} upload(s) pending for more than "
        f"{settings.upload_wait_alert_minutes:g} minutes (oldest since "
        f"{state.oldest_since:%Y-%m-%d %H:%M} UTC)."
    )
    with engine.begin() as conn:
        opened = conn.execute(
            text(
                "insert into operator_alerts (name, raised_at, detail) values (:name, now(), :d)"
                " on conflict (name) do nothing"
            ),
            {"name": WAIT_ALERT, "d": detail},
        ).rowcount
        if opened and recipients:
            deliver(settings, _wait_alert_message(settings, recipients, detail))
    return "alert sent" if opened else "already alerted"


def _wait_alert_message(settings: Settings, recipients: list[str], detail: str):
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(recipients)
    message["Subject"] = "Mercari Intelligence: uploads are waiting"
    message.set_content(
        f"{detail}\n\nCheck the Dagster daemon and the run queue: "
        f"{settings.dagster_ui_base_url}/runs\nThe admin view: "
        f"{settings.public_url.rstrip('/')}/admin\n\nYou are mailed once until the queue "
        "drains.\n"
    )
    return message


# --- queue position ---


@dataclass(frozen=True)
class QueuePlace:
    # In runs: 1 when the upload goes in its seller's next run, 2 while a run of theirs is
    # still processing. A run takes every pending upload of its seller (claim_batch), so
    # pending uploads ahead of this one go in the same run, not in runs of their own.
    position: int
    # None until some upload has completed (no durations to go by).
    estimated_seconds: float | None


def recent_run_seconds(conn: Connection, limit: int = 50) -> list[float]:
    rows = conn.execute(
        text(
            "select extract(epoch from completed_at - started_at) from uploads"
            " where status = 'completed' and started_at is not null"
            " and completed_at > started_at order by completed_at desc limit :limit"
        ),
        {"limit": limit},
    )
    return [float(seconds) for (seconds,) in rows]


def queue_place(conn: Connection, upload_id: uuid.UUID) -> QueuePlace | None:
    """Where a pending upload stands in its seller's queue (None if it is not pending)."""
    row = conn.execute(
        text(
            "select u.status, exists (select 1 from uploads a where a.seller_id = u.seller_id"
            "   and a.id <> u.id and a.status = 'processing') as run_ahead"
            " from uploads u where u.id = :id"
        ),
        {"id": upload_id},
    ).first()
    if row is None or row.status != "pending":
        return None
    position = 2 if row.run_ahead else 1
    durations = recent_run_seconds(conn)
    typical = statistics.median(durations) if durations else None
    estimate = None if typical is None else round(typical * position, 1)
    return QueuePlace(position=position, estimated_seconds=estimate)


def wait_text(place: QueuePlace) -> str:
    """For the upload page: 'Next in line, about 25 s' / '3rd in line, about 2 min'."""
    ordinal = "Next" if place.position == 1 else f"Number {place.position}"
    if place.estimated_seconds is None:
        return f"{ordinal} in line."
    seconds = place.estimated_seconds
    about = f"{seconds:.0f} s" if seconds < 90 else f"{int(seconds // 60)} min"
    return f"{ordinal} in line, ready in about {about}."
