"""A seller's own categories: set one for a title or a product group, list, undo."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from fastapi import APIRouter, HTTPException, Response, status

from portal.deps import CurrentUser
from portal.schemas import CorrectionPublic, CorrectionRequest, errors
from portal.services import corrections as service

router = APIRouter(prefix="/categories/corrections", tags=["categories"], responses=errors(401))


def public(correction: service.Correction) -> CorrectionPublic:
    return CorrectionPublic.model_validate(asdict(correction))


@router.put("", responses=errors(400, 404, 422))
def put_correction(user: CurrentUser, body: CorrectionRequest) -> CorrectionPublic:
    """Set (department, subcategory) for every sale whose title normalises like `title`, or
    for every item of product group `group_id`. Applies to later uploads and re-processing
    too; the marts follow after the seller's marts-only refresh (a Dagster run)."""
    try:
        correction = service.correct(
            user,
            title=body.title,
            group_id=body.group_id,
            department=body.department,
            subcategory=body.subcategory,
        )
    except service.CorrectionNotFoundError as err:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(err)) from err
    except service.CorrectionError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from err
    return public(correction)


@router.get("")
def list_corrections(user: CurrentUser) -> list[CorrectionPublic]:
    """The seller's corrections, newest first."""
    return [public(c) for c in service.list_of(user)]


@router.delete("/{correction_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
def delete_correction(user: CurrentUser, correction_id: uuid.UUID) -> Response:
    """Undo a correction: the model's category (or an older correction) shows again after
    the marts-only refresh. Another seller's id is not found."""
    try:
        service.undo(user, correction_id)
    except service.CorrectionNotFoundError as err:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(err)) from err
    return Response(status_code=status.HTTP_204_NO_CONTENT)
