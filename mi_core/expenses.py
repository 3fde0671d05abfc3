"""A seller's business expenses (Schedule C "other expenses"): validate, store, import.

Every change is stored together with a marts refresh of the seller (same transaction), so
the tax marts follow; the portal never writes marts. A CSV import is applied whole or not
at all: one bad cell refuses the file, with every problem named by file, row and column.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mi_core import refresh_queue
from mi_core.models import EXPENSE_CATEGORIES, BusinessExpense

CSV_COLUMNS: tuple[str, ...] = ("date", "amount", "category", "note")
CSV_TEMPLATE = (
    "date,amount,category,note\n"
    "2025-01-15,24.99,supplies,Poly mailers\n"
    "2025-02-03,12.50,mileage,Post office trips\n"
)
MAX_AMOUNT = Decimal("9999999999.99")  # numeric(12, 2)
MAX_NOTE = 500
MAX_IMPORT_ROWS = 10_000


class ExpenseError(ValueError):
    """A value that cannot be an expense; `column` names the field at fault."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int  # spreadsheet row number, header = 1
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


class ExpenseImportError(ValueError):
    """A CSV that was refused; nothing of it was stored."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:10]))
        self.problems = problems


@dataclass(frozen=True)
class NewExpense:
    expense_date: date
    amount: Decimal
    category: str
    note: str


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ExpenseError("date", f"{value.strip()[:20]!r} is not a date (YYYY-MM-DD)") from None


def parse_amount(value: str) -> Decimal:
    text = value.strip().replace("$", "").replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ExpenseError("amount", f"{value.strip()[:20]!r} is not an amount") from None
    if not amount.is_finite() or amount <= 0:
        raise ExpenseError("amount", "must be more than 0")
    # Before quantize(), which cannot represent a huge exponent such as 1e400.
    if amount > MAX_AMOUNT:
        raise ExpenseError("amount", "is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise ExpenseError("amount", "has more than 2 decimals")
    return amount


def parse_category(value: str) -> str:
    category = value.strip().lower()
    if category not in EXPENSE_CATEGORIES:
        raise ExpenseError("category", f"must be one of {', '.join(EXPENSE_CATEGORIES)}")
    return category


def parse_note(value: str | None) -> str:
    note = (value or "").strip()
    if len(note) > MAX_NOTE:
        raise ExpenseError("note", f"is longer than {MAX_NOTE} characters")
    if "\x00" in note:
        raise ExpenseError("note", "contains a NUL character")
    return note


def new_expense(expense_date: str, amount: str, category: str, note: str | None) -> NewExpense:
    """Validate one expense as typed (strings); raises ExpenseError naming the field."""
    return NewExpense(
        parse_date(expense_date), parse_amount(amount), parse_category(category), parse_note(note)
    )


def list_expenses(session: Session, tenant_id: uuid.UUID) -> list[BusinessExpense]:
    query = (
        select(BusinessExpense)
        .where(BusinessExpense.tenant_id == tenant_id)
        .order_by(BusinessExpense.expense_date.desc(), BusinessExpense.id.desc())
    )
    return list(session.scalars(query))


def add_expenses(
    session: Session, tenant_id: uuid.UUID, expenses: list[NewExpense]
) -> list[BusinessExpense]:
    """Store the expenses and queue the seller's marts refresh; the caller commits."""
    rows = [
        BusinessExpense(
            tenant_id=tenant_id,
            expense_date=e.expense_date,
            amount=e.amount,
            category=e.category,
            note=e.note,
        )
        for e in expenses
    ]
    session.add_all(rows)
    session.flush()
    refresh_queue.enqueue(session.connection(), tenant_id, None)
    return rows


def delete_expense(session: Session, tenant_id: uuid.UUID, expense_id: int) -> bool:
    """Delete one of the seller's expenses (False when they have none with that id)."""
    deleted = session.execute(
        delete(BusinessExpense).where(
            BusinessExpense.id == expense_id, BusinessExpense.tenant_id == tenant_id
        )
    ).rowcount
    if deleted:
        refresh_queue.enqueue(session.connection(), tenant_id, None)
    return bool(deleted)


def parse_csv(content: bytes, file_name: str) -> list[NewExpense]:
    """Every row of an expenses CSV, or ExpenseImportError listing every bad cell."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExpenseImportError([ImportProblem(file_name, 1, None, "is not UTF-8 text")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader, file_name)
    except csv.Error as err:  # e.g. a cell longer than the csv module's field limit
        problem = ImportProblem(file_name, reader.line_num or 1, None, f"unreadable CSV: {err}")
        raise ExpenseImportError([problem]) from None


def _parse_rows(reader, file_name: str) -> list[NewExpense]:
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [c for c in ("date", "amount", "category") if c not in header]
    if missing:
        reason = f"the header lacks {', '.join(missing)} (expected {','.join(CSV_COLUMNS)})"
        raise ExpenseImportError([ImportProblem(file_name, 1, None, reason)])
    index = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    expenses: list[NewExpense] = []
    problems: list[ImportProblem] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(expenses) + len(problems) >= MAX_IMPORT_ROWS:
            reason = f"more than {MAX_IMPORT_ROWS} rows"
            raise ExpenseImportError([ImportProblem(file_name, row_number, None, reason)])
        expense, row_problems = _parse_row(cells, index, file_name, row_number)
        problems.extend(row_problems)
        if expense is not None:
            expenses.append(expense)
    if problems:
        raise ExpenseImportError(problems)
    if not expenses:
        raise ExpenseImportError([ImportProblem(file_name, 2, None, "has no expense rows")])
    return expenses


def _parse_row(
    cells: list[str], index: dict[str, int], file_name: str, row_number: int
) -> tuple[NewExpense | None, list[ImportProblem]]:
    def cell(name: str) -> str:
        position = index.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    parsers = {"date": parse_date, "amount": parse_amount, "category": parse_category}
    values: dict[str, object] = {}
    problems: list[ImportProblem] = []
    for name, parser in [*parsers.items(), ("note", parse_note)]:
        try:
            values[name] = parser(cell(name))
        except ExpenseError as err:
            problems.append(ImportProblem(file_name, row_number, err.column, err.reason))
    if problems:
        return None, problems
    return NewExpense(values["date"], values["amount"], values["category"], values["note"]), []  # type: ignore[arg-type]
