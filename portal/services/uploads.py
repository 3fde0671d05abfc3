"""A seller's uploads: register (then start the run right after the answer), list, read,
delete."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO

from fastapi import BackgroundTasks
from sqlalchemy import select
from sqlalchemy.orm import Session

from mi_core.billing.usage import current_plan, waiting_notice
from mi_core.db import get_engine
from mi_core.loading import unload_upload
from mi_core.models import QuarantinedRow, Upload, UploadStatus, User
from mi_core.operations import queue_place, wait_text
from mi_core.preliminary import preliminary_figures, public_figures
from mi_core.sales_report import LAYOUT_BY_NAME
from mi_core.settings import Settings
from mi_core.uploads import check_report_header, register_upload
from portal.run_launcher import start_upload_run


class UploadNotFoundError(LookupError):
    """No such upload for this seller (someone else's id looks exactly like a missing one)."""


class UploadBusyError(RuntimeError):
    """The upload is being processed and cannot be deleted now."""


@dataclass(frozen=True)
class QuarantinedRowView:
    row: int
    column: str | None
    reason: str


def own_upload(session: Session, user: User, upload_id: uuid.UUID) -> Upload:
    upload = session.scalar(
        select(Upload).where(Upload.id == upload_id, Upload.seller_id == user.id)
    )
    if upload is None:
        raise UploadNotFoundError(upload_id)
    return upload


def create(
    session: Session,
    settings: Settings,
    user: User,
    stream: BinaryIO,
    filename: str,
    tasks: BackgroundTasks,
) -> Upload:
    """Store the report and commit; then ask Dagster to start its run (the fast path).

    The run is started after the answer has been sent: asking the Dagster webserver takes
    three GraphQL calls, seconds when it is busy, which the seller would otherwise wait
    for before seeing the upload accepted (issue 16's load test: 9.9 s median).

    Raises UploadTooLargeError, UploadLimitReachedError or ReportError for refused files,
    which leave nothing behind.
    """
    upload = register_upload(
        session,
        settings,
        user,
        stream,
        filename,
        max_bytes=settings.upload_max_bytes,
        check=lambda path: check_report_header(path, filename),
        summarise=lambda path, size: preliminary_figures(
            path, filename, size, settings.preliminary_max_bytes
        ),
    )
    session.commit()
    tasks.add_task(start_upload_run, settings, get_engine(), upload.id, user.id)
    return upload


def columns(upload: Upload) -> dict[str, Any]:
    return {column.key: getattr(upload, column.key) for column in Upload.__table__.columns}


def history(session: Session, user: User) -> list[dict[str, Any]]:
    """The seller's uploads, newest first."""
    uploads = session.scalars(
        select(Upload).where(Upload.seller_id == user.id).order_by(Upload.created_at.desc())
    )
    return [{**columns(upload), "rows": upload.total_items} for upload in uploads]


def progress(
    session: Session, settings: Settings, user: User, upload_id: uuid.UUID
) -> dict[str, Any]:
    """One upload's state, with what the seller should know about it (`notice`)."""
    upload = own_upload(session, user, upload_id)
    reconciliation = upload.reconciliation or {}
    preliminary, preliminary_note = public_figures(upload.preliminary)
    return {
        **columns(upload),
        "quarantined": upload.quarantined_items,
        "notice": _notice(session, settings, upload),
        "differences": reconciliation.get("differences") or {},
        "layout": upload.report_layout,
        "absent_columns": _absent_columns(upload.report_layout),
        "unknown_columns": upload.unknown_columns or [],
        "preliminary": preliminary,
        "preliminary_note": preliminary_note,
        **_queue(session, upload),
    }


def _queue(session: Session, upload: Upload) -> dict[str, Any]:
    """Where a pending upload stands in the seller's queue, and about when it is ready."""
    place = queue_place(session.connection(), upload.id)
    if place is None:
        return {"queue_position": None, "estimated_seconds": None, "queue_text": None}
    return {
        "queue_position": place.position,
        "estimated_seconds": place.estimated_seconds,
        "queue_text": wait_text(place),
    }


def _absent_columns(layout_name: str | None) -> list[str]:
    layout = LAYOUT_BY_NAME.get(layout_name) if layout_name else None
    return list(layout.absent_columns) if layout else []


def _notice(session: Session, settings: Settings, upload: Upload) -> str | None:
    """The one thing most worth acting on, if any."""
    if upload.waiting_rows:
        plan = current_plan(session, upload.seller_id, settings)
        return waiting_notice(upload.waiting_rows, plan)
    if upload.total_items is None:  # not validated yet
        return None
    if upload.total_items == 0:
        return (
            "This file has no sales rows: download the sales report again from Mercari "
            "(Account › Sales report), choosing the dates of your sales, and upload it."
        )
    if upload.processed_items == 0 and upload.quarantined_items:
        return (
            "Every row of this file was quarantined, so nothing reached your dashboard: see "
            "the reasons below, fix the file (or download it again) and upload it again."
        )
    if upload.reconciled is False:
        if not upload.reconciliation or not upload.reconciliation.get("differences"):
            return (
                "This file has no Totals row, so its numbers could not be checked against "
                "Mercari's own sums. They were loaded as they are."
            )
        columns_off = ", ".join(sorted(upload.reconciliation["differences"]))
        return (
            f"The rows of this file do not add up to its Totals row ({columns_off}): it may "
            "have been edited by hand. Differences are listed below; the rows were loaded as "
            "they are."
        )
    return None


def quarantined_rows(
    session: Session, user: User, upload_id: uuid.UUID
) -> list[QuarantinedRowView]:
    upload = own_upload(session, user, upload_id)
    rows = session.scalars(
        select(QuarantinedRow)
        .where(QuarantinedRow.upload_id == upload.id)
        .order_by(QuarantinedRow.row_number, QuarantinedRow.id)
    )
    return [QuarantinedRowView(r.row_number, r.column_name, r.reason) for r in rows]


def delete(session: Session, settings: Settings, user: User, upload_id: uuid.UUID) -> None:
    """Remove the file, its rows (the seller's marts are then rebuilt) and the record."""
    upload = own_upload(session, user, upload_id)
    if upload.status == UploadStatus.PROCESSING:
        # The running load would write rows for a record that no longer exists.
        raise UploadBusyError("This upload is being processed; delete it when it is done.")
    unload_upload(get_engine(), upload.id, user.id)
    stored_path = upload.stored_path
    session.delete(upload)
    session.commit()
    settings.upload_storage().delete(stored_path)
