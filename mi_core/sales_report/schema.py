"""The definition of a valid sales-report row, as a pandera model.

`parse_report` converts cells first (text to cents / dates) and then
validates the candidate frame against `ValidatedSalesRows` with
``lazy=True``; every failure case becomes a quarantined row. So the rules
that decide whether a row is good live here and only here.

Check names are referenced by the parser to word quarantine reasons; keep
`NET_PROCEEDS_CHECK` and `NATURAL_KEY_CHECK` in sync with the methods.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .columns import (
    CANCELLED,
    COMPLETED,
    NATURAL_KEY,
    ORDER_STATUSES,
    SELLER_DEDUCTION_FIELDS,
    cents_column,
)

NET_PROCEEDS_CHECK = "net_proceeds_rule"
NATURAL_KEY_CHECK = "natural_key_unique"

# pandera turns each failing row of a frame-wide check into one failure case
# per column, which takes minutes when 100k rows fail. The parser reads every
# failing row from the check's boolean output instead, so a few cases are
# enough for the error summary.
_FRAME_CHECK_CASES = 20


def expected_net_cents(frame: pd.DataFrame) -> pd.Series:
    """Net Seller Proceeds implied by the other columns, in cents.

    Completed: Item Price minus every seller-side deduction (buyer-side fees,
    tax and buyer shipping never reach the seller). Cancelled: 0, because
    nothing is paid out. Any other status has no rule (the status check
    already rejects it), so the reported value is echoed back.

    Only the deductions the report has count: a column its layout lacks is
    left out of the frame (or is all-NA), never read as a zero.
    """
    deductions = sum(
        frame[column]
        for column in map(cents_column, SELLER_DEDUCTION_FIELDS)
        if column in frame and frame[column].notna().any()
    )
    completed_net = frame["item_price_cents"] - deductions
    net = frame["net_seller_proceeds_cents"]
    expected = net.where(frame["order_status"] != COMPLETED, completed_net)
    return expected.where(frame["order_status"] != CANCELLED, 0)


class ValidatedSalesRows(pa.DataFrameModel):
    """One row per sale (or cancelled sale); money in integer cents."""

    row_number: Series[pa.Int64] = pa.Field(
        ge=2, unique=True, description="Spreadsheet row; header is 1"
    )
    item_id: Series[str] = pa.Field(str_length={"min_value": 1})
    sold_date: Series[pa.DateTime] = pa.Field(nullable=False)
    canceled_date: Series[pa.DateTime] = pa.Field(nullable=True)
    completed_date: Series[pa.DateTime] = pa.Field(nullable=True)
    item_title: Series[str]
    order_status: Series[str] = pa.Field(isin=list(ORDER_STATUSES))
    shipped_to_state: Series[str]
    shipped_from_state: Series[str]
    item_price_cents: Series[pa.Int64] = pa.Field(ge=0)
    buyer_shipping_fee_cents: Series[pa.Int64]
    seller_shipping_fee_cents: Series[pa.Int64]
    mercari_selling_fee_cents: Series[pa.Int64]
    payment_processing_fee_charged_to_seller_cents: Series[pa.Int64]
    shipping_adjustment_fee_cents: Series[pa.Int64]
    penalty_fee_cents: Series[pa.Int64]
    net_seller_proceeds_cents: Series[pa.Int64]
    sales_tax_charged_to_buyer_cents: Series[pa.Int64]
    merchant_fees_charged_to_buyer_cents: Series[pa.Int64]
    service_fee_charged_to_buyer_cents: Series[pa.Int64]
    buyer_protection_charged_to_buyer_cents: Series[pa.Int64]
    payment_processing_fee_charged_to_buyer_cents: Series[pa.Int64]

    class Config:
        strict = True
        ordered = True
        coerce = False  # the parser builds exact dtypes; a mismatch is a bug, not bad data

    @pa.dataframe_check(name=NET_PROCEEDS_CHECK, n_failure_cases=_FRAME_CHECK_CASES)
    def net_proceeds_rule(cls, frame: pd.DataFrame) -> Series[bool]:
        """Net Seller Proceeds equals the rule in `expected_net_cents`."""
        return frame["net_seller_proceeds_cents"] == expected_net_cents(frame)

    @pa.dataframe_check(name=NATURAL_KEY_CHECK, n_failure_cases=_FRAME_CHECK_CASES)
    def natural_key_unique(cls, frame: pd.DataFrame) -> Series[bool]:
        """(Item Id, Sold Date, Order Status) appears once; later copies fail."""
        return ~frame.duplicated(list(NATURAL_KEY), keep="first")


def schema_without(columns: list[str] | tuple[str, ...] = ()) -> pa.DataFrameSchema:
    """The model's schema minus the cents columns of absent report columns.

    A 2022-layout report's frame holds those columns all-NA ("Int64"); validate
    `report.rows.drop(columns=...)` against this schema (the parser does).
    """
    schema = ValidatedSalesRows.to_schema()
    return schema.remove_columns(list(columns)) if columns else schema
