"""The seller's sales-report uploads (JSON API over portal.services.uploads)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, BackgroundTasks, HTTPException, Response, UploadFile, status

from mi_core.billing.usage import UploadLimitReachedError
from mi_core.sales_report import ReportError
from mi_core.uploads import UploadTooLargeError
from portal.deps import CurrentUser, SessionDep, SettingsDep, VerifiedUser
from portal.schemas import (
    QuarantinedRowPublic,
    UploadAccepted,
    UploadPublic,
    UploadSummary,
    errors,
)
from portal.services import uploads as service

router = APIRouter(prefix="/uploads", tags=["uploads"], responses=errors(401))

_NOT_FOUND = "Upload not found"


@router.post("", status_code=status.HTTP_202_ACCEPTED, responses=errors(400, 403, 413, 422, 429))
def create_upload(
    file: UploadFile,
    user: VerifiedUser,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> UploadAccepted:
    """Store a Mercari sales report; the pipeline processes it in the background."""
    try:
        upload = service.create(
            session, settings, user, file.file, file.filename or "report.csv", tasks
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
    return UploadAccepted(id=upload.id, status=upload.status)


@router.get("")
def list_uploads(user: CurrentUser, session: SessionDep) -> list[UploadSummary]:
    return [UploadSummary.model_validate(row) for row in service.history(session, user)]


@router.get("/{upload_id}", responses=errors(404, 422))
def read_upload(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, upload_id: uuid.UUID
) -> UploadPublic:
    # 404, never 403: a 403 would confirm that someone else's id exists.
    try:
        return UploadPublic.model_validate(service.progress(session, settings, user, upload_id))
    except service.UploadNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _NOT_FOUND) from None


@router.get("/{upload_id}/quarantined", responses=errors(404, 422))
def read_quarantined_rows(
    user: CurrentUser, session: SessionDep, upload_id: uuid.UUID
) -> list[QuarantinedRowPublic]:
    try:
        rows = service.quarantined_rows(session, user, upload_id)
    except service.UploadNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _NOT_FOUND) from None
    return [QuarantinedRowPublic(row=r.row, column=r.column, reason=r.reason) for r in rows]


@router.delete(
    "/{upload_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404, 409, 422)
)
def delete_upload(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, upload_id: uuid.UUID
) -> Response:
    """Remove the file, its rows (the seller's marts are then rebuilt) and the record."""
    try:
        service.delete(session, settings, user, upload_id)
    except service.UploadNotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _NOT_FOUND) from None
    except service.UploadBusyError as err:
        raise HTTPException(status.HTTP_409_CONFLICT, str(err)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)
