"""The seller's sales-report uploads."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Response, UploadFile, status
from sqlalchemy import select

from orchestration.loading import unload_upload
from orchestration.sales_report import ReportError
from portal.billing.usage import UploadLimitReachedError, current_plan, waiting_notice
from portal.db import get_engine
from portal.deps import CurrentUser, SessionDep, SettingsDep, VerifiedUser
from portal.models import QuarantinedRow, Upload, UploadStatus
from portal.run_launcher import start_upload_run
from portal.schemas import QuarantinedRowPublic, UploadAccepted, UploadPublic, UploadSummary
from portal.uploads import (
    UploadTooLargeError,
    check_report_header,
    register_upload,
    stored_upload_path,
)

router = APIRouter(prefix="/uploads", tags=["uploads"])


def get_own_upload(session: SessionDep, user: CurrentUser, upload_id: uuid.UUID) -> Upload:
    """The upload if it belongs to the signed-in seller; 404 otherwise (never 403, which
    would confirm that someone else's id exists)."""
    upload = session.scalar(
        select(Upload).where(Upload.id == upload_id, Upload.seller_id == user.id)
    )
    if upload is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Upload not found")
    return upload


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def create_upload(
    file: UploadFile, user: VerifiedUser, session: SessionDep, settings: SettingsDep
) -> UploadAccepted:
    """Store a Mercari sales report; the pipeline processes it in the background."""
    filename = file.filename or "report.csv"
    try:
        upload = register_upload(
            session,
            settings,
            user,
            file.file,
            filename,
            max_bytes=settings.upload_max_bytes,
            check=lambda path: check_report_header(path, filename),
        )
    except UploadTooLargeError as err:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(err)) from None
    except UploadLimitReachedError as err:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            str(err),
            headers={"Retry-After": str(err.retry_after_seconds)},
        ) from None
    except ReportError as err:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"This is not a Mercari sales report we can read. {err}",
        ) from None
    session.commit()
    start_upload_run(settings, get_engine(), upload.id, user.id)
    return UploadAccepted(id=upload.id, status=upload.status)


@router.get("")
def list_uploads(user: CurrentUser, session: SessionDep) -> list[UploadSummary]:
    uploads = session.scalars(
        select(Upload).where(Upload.seller_id == user.id).order_by(Upload.created_at.desc())
    )
    return [
        UploadSummary.model_validate({**_columns(upload), "rows": upload.total_items})
        for upload in uploads
    ]


@router.get("/{upload_id}")
def read_upload(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, upload_id: uuid.UUID
) -> UploadPublic:
    upload = get_own_upload(session, user, upload_id)
    notice = (
        waiting_notice(upload.waiting_rows, current_plan(session, user.id, settings))
        if upload.waiting_rows
        else None
    )
    return UploadPublic.model_validate(
        {**_columns(upload), "quarantined": upload.quarantined_items, "notice": notice}
    )


@router.get("/{upload_id}/quarantined")
def read_quarantined_rows(
    user: CurrentUser, session: SessionDep, upload_id: uuid.UUID
) -> list[QuarantinedRowPublic]:
    upload = get_own_upload(session, user, upload_id)
    rows = session.scalars(
        select(QuarantinedRow)
        .where(QuarantinedRow.upload_id == upload.id)
        .order_by(QuarantinedRow.row_number, QuarantinedRow.id)
    )
    return [
        QuarantinedRowPublic(row=row.row_number, column=row.column_name, reason=row.reason)
        for row in rows
    ]


@router.delete("/{upload_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_upload(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, upload_id: uuid.UUID
) -> Response:
    """Remove the file, its rows (the seller's marts are then rebuilt) and the record."""
    upload = get_own_upload(session, user, upload_id)
    if upload.status == UploadStatus.PROCESSING:
        # The running load would write rows for a record that no longer exists.
        raise HTTPException(
            status.HTTP_409_CONFLICT, "This upload is being processed; delete it when it is done."
        )
    unload_upload(get_engine(), upload.id, user.id)
    path = stored_upload_path(settings, upload)
    session.delete(upload)
    session.commit()
    path.unlink(missing_ok=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _columns(upload: Upload) -> dict[str, object]:
    return {column.key: getattr(upload, column.key) for column in Upload.__table__.columns}
