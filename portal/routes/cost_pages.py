"""The /costs page: costs of goods per product group, subcategory, department share,
title and sale, the cost CSV import and its template. Plain forms (CSRF token first);
every change goes through portal.services.costs, which queues the marts refresh."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, UploadFile, status
from fastapi.responses import RedirectResponse

from portal.deps import PageUser, SessionDep
from portal.routes.costs import import_result, read_cost_file
from portal.services import costs as service
from portal.templating import render

router = APIRouter(include_in_schema=False)

SAVED = ("success", "Saved. Your dashboard shows it once your numbers are rebuilt (a minute).")
NOTICES = {"saved": SAVED, "cleared": ("success", "Cost removed.")}

FormText = Annotated[str, Form()]


def _page(request, session, user, flashes=(), code=status.HTTP_200_OK, **extra) -> Response:
    context = {**service.page(session, user), "flashes": list(flashes), **extra}
    return render(request, "costs.html", context, code)


def _done(cleared: bool = False) -> RedirectResponse:
    notice = "cleared" if cleared else "saved"
    return RedirectResponse(f"/costs?notice={notice}", status_code=status.HTTP_303_SEE_OTHER)


def _refused(request, session, user, message: str) -> Response:
    return _page(request, session, user, [("error", message)], status.HTTP_400_BAD_REQUEST)


@router.get("/costs")
def costs_page(request: Request, user: PageUser, session: SessionDep) -> Response:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    return _page(request, session, user, [notice] if notice else [])


@router.post("/costs/product-group")
def product_group_cost(
    request: Request, user: PageUser, session: SessionDep, cluster_id: Annotated[int, Form()],
    cost: FormText = "",
) -> Response:  # fmt: skip
    """An empty cost clears the group's cost."""
    try:
        if not cost.strip():
            return _done(service.clear_cost(session, user, "product_group", cluster_id))
        service.set_cost(session, user, "product_group", cluster_id, value=cost)
    except (service.CostError, service.UnknownProductGroup) as err:
        return _refused(request, session, user, f"Product group: {err}.")
    return _done()


@router.post("/costs/subcategory")
def subcategory_cost(
    request: Request, user: PageUser, session: SessionDep, department: FormText,
    subcategory: FormText, cost: FormText = "",
) -> Response:  # fmt: skip
    try:
        if not cost.strip():
            return _done(service.clear_cost(session, user, "subcategory", department, subcategory))
        service.set_cost(session, user, "subcategory", department, subcategory, value=cost)
    except service.CostError as err:
        return _refused(request, session, user, f"{department} › {subcategory}: {err}.")
    return _done()


@router.post("/costs/department")
def department_share(
    request: Request, user: PageUser, session: SessionDep, department: FormText,
    percent: FormText = "",
) -> Response:  # fmt: skip
    try:
        if not percent.strip():
            return _done(service.clear_cost(session, user, "department_default", department))
        service.set_cost(session, user, "department_default", department, value=percent)
    except service.CostError as err:
        return _refused(request, session, user, f"{department}: {err}.")
    return _done()


@router.post("/costs/title")
def title_cost(
    request: Request, user: PageUser, session: SessionDep, title: FormText, cost: FormText
) -> Response:
    try:
        service.set_cost(session, user, "title", title, value=cost)
    except service.CostError as err:
        return _refused(request, session, user, f"Title: {err}.")
    return _done()


@router.post("/costs/title/delete")
def delete_title_cost(user: PageUser, session: SessionDep, normalised_title: FormText) -> Response:
    return _done(service.clear_cost(session, user, "title", normalised_title))


@router.post("/costs/sale")
def sale_cost(
    request: Request, user: PageUser, session: SessionDep, item_id: FormText, cost: FormText
) -> Response:
    try:
        service.set_cost(session, user, "sale", item_id, value=cost)
    except service.CostError as err:
        return _refused(request, session, user, f"Sale {item_id}: {err}.")
    return _done()


@router.post("/costs/sale/delete")
def delete_sale_cost(user: PageUser, session: SessionDep, item_id: FormText) -> Response:
    return _done(service.clear_cost(session, user, "sale", item_id))


@router.post("/costs/import")
def import_costs(
    request: Request, user: PageUser, session: SessionDep, file: UploadFile
) -> Response:
    filename = file.filename or "costs.csv"
    try:
        result = service.import_costs(session, user, read_cost_file(file), filename)
    except service.CostFileError as err:
        return _refused(request, session, user, str(err))
    answer = import_result(result)
    if not answer.applied:
        message = (f"Nothing was imported: {len(answer.refused)} row(s) of {filename} cannot be"
                   " stored. Fix them and import the file again.")  # fmt: skip
        return _page(
            request, session, user, [("error", message)], status.HTTP_422_UNPROCESSABLE_CONTENT,
            cost_import=answer,
        )  # fmt: skip
    message = f"Imported {answer.matched + answer.unmatched} cost(s) from {filename}."
    return _page(request, session, user, [("success", message)], cost_import=answer)
