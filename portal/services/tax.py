"""The tax-year summary of a seller, read from the marts: Form 1099-K figures against the
federal threshold of the year, the Schedule C lines, and the rows behind every line.

The lines are defined once, in dbt (marts.fct_sale_tax_lines per sale, summed by
marts.fct_seller_tax_years; expenses in marts.fct_seller_expenses); the rules and their
sources are in mi_core/tax.py. Nothing here computes a line from raw rows.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, text

from mi_core.tax import (
    NOT_TAX_ADVICE,
    STATE_THRESHOLDS_NOTE,
    TAX_LINES,
    YEAR_RULE,
    YEAR_RULE_TEXT,
    TaxLine,
    federal_threshold,
)

NOT_IN_REPORT = "not in this report"
_CENT = Decimal("0.01")

_YEAR_SQL = text(
    "select * from marts.fct_seller_tax_years where tenant_id = :tenant and tax_year = :year"
)
_YEARS_SQL = text(
    "select tax_year from marts.fct_seller_tax_years where tenant_id = :tenant order by 1 desc"
)

# The drill-down columns of each line over the per-sale rows, and the column that is the
# sale's share of the line (the rows sum to the line).
_SALE_COLUMNS = ("item_id", "item_title", "sold_date", "completed_date")
_SALE_COMPONENTS: dict[str, tuple[str, ...]] = {
    "form_1099k_gross": ("item_price", "buyer_shipping_fee", "buyer_sales_tax"),
    "sales_tax_remitted": ("buyer_sales_tax",),
    "gross_receipts": ("item_price", "buyer_shipping_fee"),
    "returns": (),
    "cost_of_goods": ("cost_source",),
    "fees": ("mercari_selling_fee", "seller_payment_processing_fee", "penalty_fee"),
    "shipping": ("seller_shipping_fee", "shipping_adjustment_fee", "buyer_shipping_fee"),
    "profit": ("gross_receipts", "fees", "shipping", "cost_of_goods"),
}
_SALE_AMOUNT = {"profit": "sale_profit"}
_EXPENSE_COLUMNS = ("expense_id", "expense_date", "category", "note")


class UnknownLineError(KeyError):
    pass


@dataclass
class LineFigure:
    key: str
    label: str
    amount: Decimal | None
    explanation: str
    notes: list[str] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        return {
            "line": self.key,
            "label": self.label,
            "amount": money(self.amount),
            "shown_as": money(self.amount) if self.amount is not None else NOT_IN_REPORT,
            "explanation": self.explanation,
            "notes": self.notes,
        }


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(Decimal(value).quantize(_CENT))


def line_definition(key: str) -> TaxLine:
    for line in TAX_LINES:
        if line.key == key:
            return line
    raise UnknownLineError(key)


def years(engine: Engine, tenant_id: uuid.UUID) -> list[int]:
    with engine.connect() as conn:
        return [row.tax_year for row in conn.execute(_YEARS_SQL, {"tenant": tenant_id})]


def _year_row(engine: Engine, tenant_id: uuid.UUID, year: int) -> dict[str, Any]:
    with engine.connect() as conn:
        row = conn.execute(_YEAR_SQL, {"tenant": tenant_id, "year": year}).mappings().first()
    if row is not None:
        return dict(row)
    zero = Decimal("0.00")
    return {
        "transactions": 0,
        **dict.fromkeys(
            ("form_1099k_gross", "sales_tax_remitted", "gross_receipts", "fees", "shipping"),
            zero,
        ),
        **{"other_expenses": zero, "profit": zero, "returns": None, "cost_of_goods": None},
        **{"sales_with_cost": 0, "sales_without_cost": 0, "expenses": 0},
        "sales_without_penalty_fee": 0,
    }


def _line_notes(key: str, row: dict[str, Any]) -> list[str]:
    notes = []
    missing_penalty = row["sales_without_penalty_fee"]
    if key in ("fees", "profit") and missing_penalty:
        notes.append(
            f"Penalty Fee: {NOT_IN_REPORT} for {missing_penalty} of {row['transactions']} "
            "sales (the 2022 report layout has no such column)."
        )
    if key in ("returns", "profit"):
        notes.append(
            f"Refunds on completed sales: {NOT_IN_REPORT} (Mercari's sales report has no "
            "refund column); subtract any refunds you gave yourself."
        )
    if key in ("cost_of_goods", "profit") and row["sales_without_cost"]:
        notes.append(
            f"Cost unknown for {row['sales_without_cost']} of {row['transactions']} sales: "
            "their cost is not subtracted, so the profit is too high until you add it."
        )
    return notes


def summary(engine: Engine, tenant_id: uuid.UUID, year: int) -> dict[str, Any]:
    """GET /api/tax/{year}: the 1099-K figures, the threshold and the Schedule C lines."""
    row = _year_row(engine, tenant_id, year)
    threshold = federal_threshold(year)
    gross = Decimal(row["form_1099k_gross"])
    lines = [
        LineFigure(
            line.key, line.label, row[line.key], line.explanation, _line_notes(line.key, row)
        )
        for line in TAX_LINES
    ]
    return {
        "year": year,
        "year_rule": YEAR_RULE,
        "year_rule_text": YEAR_RULE_TEXT,
        "form_1099k_gross": money(gross),
        "transactions": row["transactions"],
        "threshold": {
            "amount": money(threshold.amount),
            "transactions": threshold.transactions,
            "source": threshold.source,
        },
        "likely_1099k": threshold.reached(gross, row["transactions"]),
        "state_thresholds_note": STATE_THRESHOLDS_NOTE,
        # The Schedule C view, one field per line (money as decimal strings; null where
        # the reports cannot tell, as for returns).
        **{line.key: money(line.amount) for line in lines[1:]},
        "sales_with_cost": row["sales_with_cost"],
        "sales_without_cost": row["sales_without_cost"],
        "sales_without_penalty_fee": row["sales_without_penalty_fee"],
        "expenses": row["expenses"],
        "lines": [line.public() for line in lines],
        "disclaimer": NOT_TAX_ADVICE,
    }


# --- the rows behind a line ---


@dataclass
class LineRows:
    line: TaxLine
    header: list[str]
    rows: list[list[Any]]
    total: Decimal | None


def line_rows(engine: Engine, tenant_id: uuid.UUID, year: int, key: str) -> LineRows:
    """The rows behind one line; their `amount` column sums to the line."""
    line = line_definition(key)
    params = {"tenant": tenant_id, "year": year}
    sales: list[list[Any]] = []
    header = ["source", *_SALE_COLUMNS, *_SALE_COMPONENTS.get(key, ()), "amount"]
    with engine.connect() as conn:
        if line.rows_from == "sales" and key != "returns":
            sales = _sale_rows(conn, key, params)
        expenses = _expense_rows(conn, params) if key in ("other_expenses", "profit") else []
    if key == "other_expenses":
        header = ["source", *_EXPENSE_COLUMNS, "amount"]
    rows = sales + expenses
    if key == "profit":
        # An expense is a row of the profit too, subtracted; its columns fill the
        # sale columns' places (id, title ← note, dates ← date).
        rows = sales + [[r[0], r[1], r[4], r[2], r[2], *[None] * 4, -r[-1]] for r in expenses]
    if key == "returns":
        return LineRows(line, header, [], None)
    total = sum((Decimal(r[-1]) for r in rows if r[-1] is not None), Decimal("0.00"))
    if key == "cost_of_goods" and not rows:
        total = None
    return LineRows(line, header, rows, total)


def _sale_rows(conn: Any, key: str, params: dict[str, Any]) -> list[list[Any]]:
    amount = _SALE_AMOUNT.get(key, key)
    columns = [*_SALE_COLUMNS, *_SALE_COMPONENTS[key], amount]
    known_only = f" and {amount} is not null" if key in ("cost_of_goods",) else ""
    sql = text(
        f"select {', '.join(columns)} from marts.fct_sale_tax_lines"  # column names are ours
        f" where tenant_id = :tenant and tax_year = :year{known_only}"
        " order by completed_date, item_id"
    )
    result = conn.execute(sql, params)
    rows = [["sale", *row] for row in result]
    if key == "profit":
        # A sale of unknown cost still adds its receipts less fees and shipping.
        for row in rows:
            if row[-1] is None:
                row[-1] = row[-5] - row[-4] - row[-3]
    return rows


def _expense_rows(conn: Any, params: dict[str, Any]) -> list[list[Any]]:
    sql = text(
        "select expense_id, expense_date, category, note, amount from marts.fct_seller_expenses"
        " where tenant_id = :tenant and tax_year = :year order by expense_date, expense_id"
    )
    return [["expense", *row] for row in conn.execute(sql, params)]


# --- CSV ---

FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text cells come from the seller's report: none may become a spreadsheet formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    if isinstance(value, Decimal):
        return str(value.quantize(_CENT))
    return "" if value is None else value


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def line_csv(rows: LineRows, year: int) -> str:
    lines = [
        [f"{rows.line.label}, tax year {year}"],
        [NOT_TAX_ADVICE],
        [YEAR_RULE_TEXT],
        rows.header,
        *rows.rows,
    ]
    total = money(rows.total) if rows.total is not None else NOT_IN_REPORT
    lines.append(["total", *[""] * (len(rows.header) - 2), total])
    return _csv(lines)


def summary_csv(data: dict[str, Any]) -> str:
    threshold = data["threshold"]
    lines: list[list[Any]] = [
        [f"Tax year {data['year']}"],
        [data["disclaimer"]],
        [data["year_rule_text"]],
        ["figure", "amount", "notes"],
        ["Form 1099-K gross payments", data["form_1099k_gross"], ""],
        ["Transactions", data["transactions"], ""],
        ["Federal threshold: amount", threshold["amount"], threshold["source"]],
        ["Federal threshold: transactions", threshold["transactions"] or "any number", ""],
        ["Likely to get a 1099-K", "yes" if data["likely_1099k"] else "no",
         data["state_thresholds_note"]],
    ]  # fmt: skip
    for line in data["lines"]:
        lines.append([line["label"], line["shown_as"], " ".join(line["notes"])])
    return _csv(lines)
