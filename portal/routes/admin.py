"""The admin view, staff only (`mi staff grant EMAIL`): the page at /admin and its JSON
under /api/admin/. Every route depends on `StaffUser`, which answers 404 to sellers and to
anonymous visitors alike (tests/portal/test_admin.py checks every such route of the app)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from portal.deps import SessionDep, SettingsDep, StaffUser
from portal.services import admin as service
from portal.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin_page(
    request: Request, staff: StaffUser, session: SessionDep, settings: SettingsDep
) -> Response:
    context = {
        "sellers": service.sellers(session, settings),
        "uploads": service.uploads(session, settings),
        "failures": service.failures(session, settings),
        "categorisation": service.categorisation(session),
        "analytics": service.product_analytics(session, settings),
    }
    return render(request, "admin.html", context)


@router.get("/api/admin/sellers")
def admin_sellers(staff: StaffUser, session: SessionDep, settings: SettingsDep) -> list[Any]:
    return service.sellers(session, settings)


@router.get("/api/admin/uploads")
def admin_uploads(staff: StaffUser, session: SessionDep, settings: SettingsDep) -> list[Any]:
    return service.uploads(session, settings)


@router.get("/api/admin/failures")
def admin_failures(staff: StaffUser, session: SessionDep, settings: SettingsDep) -> list[Any]:
    """Failed uploads of the last 7 days."""
    return service.failures(session, settings)


@router.get("/api/admin/categorisation")
def admin_categorisation(staff: StaffUser, session: SessionDep) -> dict[str, Any]:
    """Categorisation requests, tokens and estimated cost this month."""
    return service.categorisation(session)


@router.get("/api/admin/analytics")
def admin_analytics(staff: StaffUser, session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    return service.product_analytics(session, settings)
