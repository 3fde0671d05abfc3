"""Upload pages: choose or drop a report, the upload history, and one upload's progress.

The pages read the same functions as the JSON API (portal/routes/uploads.py); the
upload itself and deletions go through that API with `fetch`, so the page shows the
API's own message when a file is refused.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Request, Response, status

from portal.deps import PageUser, SessionDep, SettingsDep
from portal.models import UploadStage
from portal.routes.uploads import list_uploads, read_quarantined_rows, read_upload
from portal.templating import render

router = APIRouter(include_in_schema=False)

STAGES = [stage.value for stage in UploadStage]


@router.get("/uploads")
def uploads_page(
    request: Request, user: PageUser, session: SessionDep, settings: SettingsDep
) -> Response:
    context = {
        "uploads": list_uploads(user, session),
        "must_verify": settings.require_verified_sellers and not user.is_verified,
        "max_megabytes": settings.upload_max_bytes // (1024 * 1024),
    }
    return render(request, "uploads.html", context)


@router.get("/uploads/{upload_id}")
def upload_page(
    request: Request,
    user: PageUser,
    session: SessionDep,
    settings: SettingsDep,
    upload_id: uuid.UUID,
) -> Response:
    try:
        upload = read_upload(user=user, session=session, settings=settings, upload_id=upload_id)
    except HTTPException:
        # Someone else's id looks exactly like one that does not exist.
        return render(request, "not_found.html", {}, status.HTTP_404_NOT_FOUND)
    context = {
        "upload": upload,
        "quarantined": read_quarantined_rows(user, session, upload_id),
        "stages": STAGES,
    }
    return render(request, "upload.html", context)
