"""Upload pages: choose or drop a report, the upload history, and one upload's progress.

The pages read the same service as the JSON API (portal.services.uploads); the upload
itself and deletions go through that API with `fetch`, so the page shows the API's own
message when a file is refused.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from mi_core.models import UploadStage
from portal.deps import PageUser, SessionDep, SettingsDep
from portal.schemas import UploadPublic, UploadSummary
from portal.services import uploads as service
from portal.templating import render

router = APIRouter(include_in_schema=False)

STAGES = [stage.value for stage in UploadStage]


@router.get("/uploads")
def uploads_page(
    request: Request, user: PageUser, session: SessionDep, settings: SettingsDep
) -> Response:
    context = {
        "uploads": [UploadSummary.model_validate(r) for r in service.history(session, user)],
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
        upload = service.progress(session, settings, user, upload_id)
    except service.UploadNotFoundError:
        # Someone else's id looks exactly like one that does not exist.
        return render(request, "not_found.html", {}, status.HTTP_404_NOT_FOUND)
    context = {
        "upload": UploadPublic.model_validate(upload),
        "quarantined": service.quarantined_rows(session, user, upload_id),
        "stages": STAGES,
    }
    return render(request, "upload.html", context)
