"""The sales page (every sale with its category and product group, searchable and
filterable) and the correction forms of the sales page and the dashboard.

The forms post to page routes (CSRF token in the form, portal/csrf.py) that store the
correction through the same service as PUT /api/categories/corrections, then come back to
the page they were sent from with a notice.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request, Response, status

from portal.deps import PageUser
from portal.routes.pages import redirect, safe_next
from portal.services import corrections as corrections_service
from portal.services import sales as service
from portal.services.corrections import CorrectionError, CorrectionNotFoundError
from portal.templating import render

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
CORRECTION_NOTICES = {
    "corrected": (
        "success",
        "Your category is saved. Your dashboard and exports follow in a moment, once your "
        "figures are rebuilt.",
    ),
    "undone": ("info", "The correction is undone; the figures are rebuilt in a moment."),
}


def correction_notices(request: Request) -> list[tuple[str, str]]:
    notice = CORRECTION_NOTICES.get(request.query_params.get("notice", ""))
    return [notice] if notice else []


def _with_notice(target: str, notice: str) -> str:
    base, _, fragment = target.partition("#")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}notice={notice}" + (f"#{fragment}" if fragment else "")


def _clean(value: str | None) -> str | None:
    return value if value and "\x00" not in value else None


@router.get("/sales")
def sales_page(
    request: Request,
    user: PageUser,
    q: str | None = None,
    department: str | None = None,
    subcategory: str | None = None,
    source: str | None = None,
    page: int = 1,
    edit: str | None = None,
) -> Response:
    filters = service.SalesFilters(
        _clean(q), _clean(department), _clean(subcategory), _clean(source), max(page, 1), PER_PAGE
    )
    # Marts only, so cached per marts version like the dashboard's answers.
    result = service.cached_sales_page(user, filters)
    query = {k: v for k, v in (("q", q), ("department", department),
             ("subcategory", subcategory), ("source", source)) if v}  # fmt: skip
    here = "/sales" + (f"?{urlencode({**query, 'page': result['page']})}")
    context: dict[str, Any] = {
        "flashes": correction_notices(request),
        "result": result,
        "filters": filters,
        "choices": service.cached_filter_choices(user),
        "taxonomy": service.taxonomy_choices(),
        "corrections": corrections_service.list_of(user),
        "edit": edit,
        "here": here,
        "page_link": lambda n: "/sales?" + urlencode({**query, "page": n}),
        "edit_link": lambda key: here + "&" + urlencode({"edit": key}) + "#edit",
    }
    return render(request, "sales.html", context)


@router.get("/sales/correct")
def correction_page(
    request: Request,
    user: PageUser,
    title: str | None = None,
    group_id: int | None = None,
    group_name: str | None = None,
    department: str | None = None,
    subcategory: str | None = None,
    next: str | None = None,
) -> Response:
    """The correction form for one title or product group (linked from the dashboard)."""
    context = {
        "target": {"title": _clean(title), "group_id": group_id, "group_name": _clean(group_name)},
        "current": {"department": _clean(department), "subcategory": _clean(subcategory)},
        "taxonomy": service.taxonomy_choices(),
        "next": safe_next(next),
    }
    if context["target"]["title"] is None and group_id is None:
        return redirect("/sales")
    return render(request, "correct.html", context)


@router.post("/sales/corrections")
def post_correction(
    request: Request,
    user: PageUser,
    department: Annotated[str, Form(max_length=200)],
    subcategory: Annotated[str, Form(max_length=200)],
    title: Annotated[str | None, Form(max_length=1000)] = None,
    group_id: Annotated[int | None, Form()] = None,
    applies_to: Annotated[str, Form()] = "title",
    next: Annotated[str, Form()] = "/sales",
) -> Response:
    target = safe_next(next, "/sales")
    by_group = group_id is not None and (applies_to == "group" or not title)
    try:
        corrections_service.correct(
            user,
            title=None if by_group else title,
            group_id=group_id if by_group else None,
            department=department,
            subcategory=subcategory,
        )
    except (CorrectionError, CorrectionNotFoundError) as err:
        context = {
            "flashes": [("error", f"Not saved: {err}.")],
            "target": {"title": title, "group_id": group_id, "group_name": None},
            "current": {"department": department, "subcategory": subcategory},
            "taxonomy": service.taxonomy_choices(),
            "next": target,
        }
        return render(request, "correct.html", context, status.HTTP_422_UNPROCESSABLE_CONTENT)
    return redirect(_with_notice(target, "corrected"))


@router.post("/sales/corrections/{correction_id}/undo")
def undo_correction(
    request: Request,
    user: PageUser,
    correction_id: uuid.UUID,
    next: Annotated[str, Form()] = "/sales",
) -> Response:
    try:
        corrections_service.undo(user, correction_id)
    except corrections_service.CorrectionNotFoundError:
        return render(request, "not_found.html", {}, status.HTTP_404_NOT_FOUND)
    return redirect(_with_notice(safe_next(next, "/sales"), "undone"))
