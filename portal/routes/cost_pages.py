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


def _change(
    request: Request, session, user, level: str, key: tuple, value: str, label: str,
    *, empty_clears: bool = True,
) -> Response:  # fmt: skip
    """Set the cost at `level` for `key` (an empty value clears it where the form says so);
    a refused value shows the page again with `label: why`."""
    try:
        if empty_clears and not value.strip():
            return _done(service.clear_cost(session, user, level, *key))
        service.set_cost(session, user, level, *key, value=value)
    except (service.CostError, service.UnknownProductGroup) as err:
        return _refused(request, session, user, f"{label}: {err}.")
    return _done()


@router.post("/costs/product-group")
def product_group_cost(
    request: Request, user: PageUser, session: SessionDep, cluster_id: Annotated[int, Form()],
    cost: FormText = "",
) -> Response:  # fmt: skip
    """An empty cost clears the group's cost."""
    return _change(request, session, user, "product_group", (cluster_id,), cost, "Product group")


@router.post("/costs/subcategory")
def subcategory_cost(
    request: Request, user: PageUser, session: SessionDep, department: FormText,
    subcategory: FormText, cost: FormText = "",
) -> Response:  # fmt: skip
    key = (department, subcategory)
    return _change(request, session, user, "subcategory", key, cost, " › ".join(key))


@router.post("/costs/department")
def department_share(
    request: Request, user: PageUser, session: SessionDep, department: FormText,
    percent: FormText = "",
) -> Response:  # fmt: skip
    return _change(request, session, user, "department_default", (department,), percent, department)


@router.post("/costs/title")
def title_cost(
    request: Request, user: PageUser, session: SessionDep, title: FormText, cost: FormText
) -> Response:
    return _change(request, session, user, "title", (title,), cost, "Title", empty_clears=False)


@router.post("/costs/title/delete")
def delete_title_cost(user: PageUser, session: SessionDep, normalised_title: FormText) -> Response:
    return _done(service.clear_cost(session, user, "title", normalised_title))


@router.post("/costs/sale")
def sale_cost(
    request: Request, user: PageUser, session: SessionDep, item_id: FormText, cost: FormText
) -> Response:
    label = f"Sale {item_id}"
    return _change(request, session, user, "sale", (item_id,), cost, label, empty_clears=False)


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
