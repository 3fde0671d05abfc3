"""The /tax page (a year's 1099-K figures and Schedule C lines, drill-down per line) and
the /expenses page (enter, import, delete business expenses; forms carry the CSRF token)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response, UploadFile, status

from mi_core.db import get_engine
from mi_core.models import EXPENSE_CATEGORIES
from mi_core.tax import NOT_TAX_ADVICE, TAX_LINE_KEYS
from portal.deps import PageUser, SessionDep
from portal.routes.pages import redirect
from portal.services import expenses as expense_service
from portal.services import tax as service
from portal.templating import render

router = APIRouter(include_in_schema=False)

_NOTICES = {
    "added": ("success", "Expense added. The tax figures update in a few seconds."),
    "deleted": ("info", "Expense deleted. The tax figures update in a few seconds."),
    "imported": ("success", "Expenses imported. The tax figures update in a few seconds."),
}


def _shown_year(requested: str | None, available: list[int]) -> int:
    try:
        year = int(requested) if requested else None
    except ValueError:
        year = None
    if year is not None and 1990 <= year <= 2100:
        return year
    return available[0] if available else date.today().year


@router.get("/tax")
def tax_page(request: Request, user: PageUser, year: str | None = None) -> Response:
    engine = get_engine()
    available = service.years(engine, user.id)
    shown = _shown_year(year, available)
    choices = sorted({*available, shown}, reverse=True)
    summary = service.summary(engine, user.id, shown)
    return render(
        request, "tax.html", {"tax": summary, "years": choices, "not_tax_advice": NOT_TAX_ADVICE}
    )


@router.get("/tax/{year}/lines/{line}")
def tax_line_page(request: Request, user: PageUser, year: int, line: str) -> Response:
    if line not in TAX_LINE_KEYS or not 1990 <= year <= 2100:
        return render(request, "not_found.html", status_code=status.HTTP_404_NOT_FOUND)
    rows = service.line_rows(get_engine(), user.id, year, line)
    context = {"year": year, "rows": rows, "not_tax_advice": NOT_TAX_ADVICE}
    return render(request, "tax_line.html", context)


def _expenses_page(
    request: Request, session: SessionDep, user: PageUser, flashes: list, code: int = 200
) -> Response:
    context = {
        "expenses": expense_service.listed(session, user),
        "categories": EXPENSE_CATEGORIES,
        "flashes": flashes,
        "today": date.today().isoformat(),
    }
    return render(request, "expenses.html", context, status_code=code)


@router.get("/expenses")
def expenses_page(request: Request, user: PageUser, session: SessionDep) -> Response:
    notice = _NOTICES.get(request.query_params.get("notice", ""))
    return _expenses_page(request, session, user, [notice] if notice else [])


@router.post("/expenses")
def add_expense(
    request: Request,
    user: PageUser,
    session: SessionDep,
    date: Annotated[str, Form()],
    amount: Annotated[str, Form()],
    category: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    try:
        expense_service.add(session, user, date, amount, category, note)
    except expense_service.ExpenseError as err:
        return _expenses_page(request, session, user, [("error", f"{err}.")], 400)
    return redirect("/expenses?notice=added")


@router.post("/expenses/{expense_id}/delete")
def delete_expense(
    request: Request, user: PageUser, session: SessionDep, expense_id: int
) -> Response:
    if not 1 <= expense_id < 2**31 or not expense_service.delete(session, user, expense_id):
        return _expenses_page(request, session, user, [("error", "No such expense.")], 404)
    return redirect("/expenses?notice=deleted")


@router.post("/expenses/import")
def import_expenses(
    request: Request, user: PageUser, session: SessionDep, file: UploadFile
) -> Response:
    name = file.filename or "expenses.csv"
    try:
        expense_service.import_csv(session, user, file.file.read(), name)
    except expense_service.ExpenseImportError as err:
        flashes = [("error", "Nothing was imported.")]
        flashes += [("error", str(problem)) for problem in err.problems[:20]]
        return _expenses_page(request, session, user, flashes, 400)
    return redirect("/expenses?notice=imported")
