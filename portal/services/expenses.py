"""A seller's business expenses, for the API and the /expenses page (rules in
mi_core/expenses.py; every change queues the seller's marts refresh in its transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from mi_core import expenses as core
from mi_core.models import BusinessExpense, User

ExpenseError = core.ExpenseError
ExpenseImportError = core.ExpenseImportError
CSV_TEMPLATE = core.CSV_TEMPLATE


def public(expense: BusinessExpense) -> dict[str, Any]:
    return {
        "id": expense.id,
        "date": expense.expense_date,
        "amount": str(expense.amount),
        "category": expense.category,
        "note": expense.note,
    }


def listed(session: Session, user: User) -> list[dict[str, Any]]:
    return [public(e) for e in core.list_expenses(session, user.id)]


def add(
    session: Session, user: User, date: str, amount: str, category: str, note: str | None
) -> dict[str, Any]:
    """Store one expense (ExpenseError names the field at fault)."""
    expense = core.new_expense(date, amount, category, note)
    (row,) = core.add_expenses(session, user.id, [expense])
    session.commit()
    return public(row)


def delete(session: Session, user: User, expense_id: int) -> bool:
    deleted = core.delete_expense(session, user.id, expense_id)
    session.commit()
    return deleted


def import_csv(session: Session, user: User, content: bytes, file_name: str) -> int:
    """All rows or none (ExpenseImportError lists every problem)."""
    expenses = core.parse_csv(content, file_name)
    core.add_expenses(session, user.id, expenses)
    session.commit()
    return len(expenses)
