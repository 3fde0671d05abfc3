"""The seller's business expenses (JSON API over portal.services.expenses)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response, UploadFile, status
from fastapi.responses import JSONResponse

from portal.deps import CurrentUser, SessionDep
from portal.schemas import (
    ExpenseCreate,
    ExpenseImported,
    ExpenseImportRefused,
    ExpensePublic,
    errors,
)
from portal.services import expenses as service

router = APIRouter(prefix="/expenses", tags=["expenses"], responses=errors(401))

ExpenseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_REFUSED = {422: {"model": ExpenseImportRefused, "description": "Nothing was stored."}}


@router.get("")
def list_expenses(user: CurrentUser, session: SessionDep) -> list[ExpensePublic]:
    return [ExpensePublic.model_validate(e) for e in service.listed(session, user)]


@router.post("", status_code=status.HTTP_201_CREATED, responses=errors(422))
def create_expense(body: ExpenseCreate, user: CurrentUser, session: SessionDep) -> ExpensePublic:
    """Add one expense; the tax marts are rebuilt in the background (a marts-only run)."""
    try:
        expense = service.add(session, user, body.date, body.amount, body.category, body.note)
    except service.ExpenseError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    return ExpensePublic.model_validate(expense)


@router.delete("/{expense_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
def delete_expense(expense_id: ExpenseId, user: CurrentUser, session: SessionDep) -> Response:
    if not service.delete(session, user, expense_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Expense not found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/template.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def expenses_template() -> Response:
    """A CSV to fill in: columns date, amount, category, note."""
    return Response(
        service.CSV_TEMPLATE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="expenses-template.csv"'},
    )


@router.post("/import", status_code=status.HTTP_201_CREATED, responses={**errors(422), **_REFUSED})
def import_expenses(file: UploadFile, user: CurrentUser, session: SessionDep) -> ExpenseImported:
    """A CSV with columns date, amount, category, note: every row stored, or none."""
    name = file.filename or "expenses.csv"
    try:
        imported = service.import_csv(session, user, file.file.read(), name)
    except service.ExpenseImportError as err:
        refused = ExpenseImportRefused(
            detail=f"Nothing was imported. {err}",
            problems=[vars(problem) for problem in err.problems],
        )
        return JSONResponse(refused.model_dump(), status_code=422)  # type: ignore[return-value]
    return ExpenseImported(imported=imported)
