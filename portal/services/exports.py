"""Exports of a seller's enriched sales: the original report columns plus category and
cluster, as CSV (streamed) or Excel, and the monthly figures as CSV.

Every text cell comes from a seller's report (titles, states) and is opened in a
spreadsheet, so none may become a formula (CSV/formula injection, OWASP): in CSV a text
cell starting with `=`, `+`, `-`, `@`, `|`, a tab or a carriage return gets a leading `'`;
in Excel every text cell is an explicit string cell. Numbers, dates and empty cells are
written as they are (a negative fee stays the number -3.50).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from mi_core.billing.usage import current_plan
from mi_core.db import get_engine
from mi_core.models import User
from mi_core.sales_report import MONEY_COLUMNS, NOT_IN_REPORT, REPORT_COLUMNS
from mi_core.settings import get_settings

# fct_sales column for each report column, in the report's order.
SALES_COLUMN_SOURCES: dict[str, str] = {
    "Item Id": "item_id",
    "Sold Date": "sold_date",
    "Canceled Date": "cancelled_date",
    "Completed Date": "completed_date",
    "Item Title": "item_title",
    "Order Status": "order_status",
    "Shipped to State": "shipped_to_state",
    "Shipped from State": "shipped_from_state",
    "Item Price": "item_price",
    "Buyer Shipping Fee": "buyer_shipping_fee",
    "Seller Shipping Fee": "seller_shipping_fee",
    "Mercari Selling Fee": "mercari_selling_fee",
    "Payment Processing Fee Charged To Seller": "seller_payment_processing_fee",
    "Shipping Adjustment Fee": "shipping_adjustment_fee",
    "Penalty Fee": "penalty_fee",
    "Net Seller Proceeds": "net_seller_proceeds",
    "Sales Tax Charged to Buyer": "buyer_sales_tax",
    "Merchant Fees Charged to Buyer": "buyer_merchant_fees",
    "Service Fee Charged to Buyer": "buyer_service_fee",
    "Buyer Protection Charged to Buyer": "buyer_protection_fee",
    "Payment Processing Fee Charged to Buyer": "buyer_payment_processing_fee",
}
assert tuple(SALES_COLUMN_SOURCES) == REPORT_COLUMNS, "export columns must follow the report"

ENRICHED_COLUMNS: dict[str, str] = {
    "Department": "s.department",
    "Subcategory": "s.subcategory",
    "Category Confidence": "s.category_confidence",
    # 'seller' where the seller's own correction set the category.
    "Category Source": "s.category_source",
    "Cluster": "c.cluster_name",
    # Empty where no cost is known (and for cancelled orders): never an invented zero.
    "Cost of Goods": "s.cost_of_goods",
    "Cost Source": "s.cost_source",
    "Profit": "s.profit",
}
SALES_HEADER: tuple[str, ...] = (*REPORT_COLUMNS, *ENRICHED_COLUMNS)

MONTHLY_COLUMNS: tuple[str, ...] = (
    "month",
    "orders",
    "cancelled_orders",
    "cancellation_rate",
    "gross_sales",
    "net_proceeds",
    "average_price",
    "total_fees",
    "fee_share_of_gross",
    "avg_days_to_complete",
    "sales_with_cost",
    "sales_without_cost",
    "cost_of_goods",
    "profit",
    "margin",
    "roi",
)

_STREAM_BATCH_ROWS = 1000

# What makes a spreadsheet read a cell as a formula (or, for `|`, a DDE call).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "\t", "\r")


EXPORT_REFUSED = (
    "Exports are not included in the Free plan. Upgrade to Pro or Business (Billing) to "
    "download your sales as CSV or Excel."
)


def export_allowed(user: User) -> bool:
    """Whether the seller's plan includes exports: the plan decides, here and nowhere else."""
    with Session(get_engine()) as session:
        return current_plan(session, user.id, get_settings()).export


def _sales_query() -> str:
    selected = [f"s.{column}" for column in SALES_COLUMN_SOURCES.values()]
    selected += list(ENRICHED_COLUMNS.values())
    return f"""select {", ".join(selected)}
        from marts.fct_sales s
        left join marts.dim_title_clusters c
            on c.tenant_id = s.tenant_id and c.item_title = s.item_title
        where s.tenant_id = :tenant
        order by s.sold_date, s.item_id, s.order_status"""


# Positions of the money columns: NULL there means the sale's report lacks the column.
_MONEY_POSITIONS = frozenset(REPORT_COLUMNS.index(column) for column in MONEY_COLUMNS)


def _with_absent_money(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A money cell the report did not have says so ("not in this report"), never 0 or
    a blank that reads as "nothing charged"."""
    return tuple(
        NOT_IN_REPORT if value is None and position in _MONEY_POSITIONS else value
        for position, value in enumerate(row)
    )


def sales_rows(engine: Engine, tenant_id: uuid.UUID) -> Iterator[tuple[Any, ...]]:
    """The seller's sales, read with a server-side cursor so memory stays flat."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=_STREAM_BATCH_ROWS).execute(
            text(_sales_query()), {"tenant": tenant_id}
        )
        for row in result:
            yield _with_absent_money(tuple(row))


def monthly_rows(engine: Engine, tenant_id: uuid.UUID) -> Iterator[tuple[Any, ...]]:
    with engine.connect() as conn:
        result = conn.execute(
            text(
                f"select {', '.join(MONTHLY_COLUMNS)} from marts.fct_seller_monthly"
                " where tenant_id = :tenant order by month"
            ),
            {"tenant": tenant_id},
        )
        yield from (tuple(row) for row in result)


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: text that a spreadsheet would run as a formula is quoted
    with `'` (shown, never evaluated); numbers and dates are left alone."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_chunks(header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """CSV text in chunks of rows; None becomes an empty cell, decimals keep their digits,
    text cells are neutralised (`csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row])
        if count % _STREAM_BATCH_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    chunk = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return chunk


def sales_workbook(rows: Iterable[tuple[Any, ...]]) -> bytes:
    """An .xlsx of the sales; write-only mode keeps openpyxl from holding cell objects."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sales")
    sheet.append([_xlsx_cell(sheet, name) for name in SALES_HEADER])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Text as an explicit string cell: openpyxl would store `=...` as a live formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
