"""Column vocabulary of the Mercari US "Sales Report" CSV export.

The header names are reproduced exactly as Mercari writes them (including the
inconsistent capitalisation of "Charged To Seller" vs "Charged to Buyer"),
because header matching and error messages refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass

REPORT_COLUMNS: tuple[str, ...] = (
    "Item Id",
    "Sold Date",
    "Canceled Date",
    "Completed Date",
    "Item Title",
    "Order Status",
    "Shipped to State",
    "Shipped from State",
    "Item Price",
    "Buyer Shipping Fee",
    "Seller Shipping Fee",
    "Mercari Selling Fee",
    "Payment Processing Fee Charged To Seller",
    "Shipping Adjustment Fee",
    "Penalty Fee",
    "Net Seller Proceeds",
    "Sales Tax Charged to Buyer",
    "Merchant Fees Charged to Buyer",
    "Service Fee Charged to Buyer",
    "Buyer Protection Charged to Buyer",
    "Payment Processing Fee Charged to Buyer",
)

FIELD_BY_COLUMN: dict[str, str] = {
    "Item Id": "item_id",
    "Sold Date": "sold_date",
    "Canceled Date": "canceled_date",
    "Completed Date": "completed_date",
    "Item Title": "item_title",
    "Order Status": "order_status",
    "Shipped to State": "shipped_to_state",
    "Shipped from State": "shipped_from_state",
    "Item Price": "item_price",
    "Buyer Shipping Fee": "buyer_shipping_fee",
    "Seller Shipping Fee": "seller_shipping_fee",
    "Mercari Selling Fee": "mercari_selling_fee",
    "Payment Processing Fee Charged To Seller": "payment_processing_fee_charged_to_seller",
    "Shipping Adjustment Fee": "shipping_adjustment_fee",
    "Penalty Fee": "penalty_fee",
    "Net Seller Proceeds": "net_seller_proceeds",
    "Sales Tax Charged to Buyer": "sales_tax_charged_to_buyer",
    "Merchant Fees Charged to Buyer": "merchant_fees_charged_to_buyer",
    "Service Fee Charged to Buyer": "service_fee_charged_to_buyer",
    "Buyer Protection Charged to Buyer": "buyer_protection_charged_to_buyer",
    "Payment Processing Fee Charged to Buyer": "payment_processing_fee_charged_to_buyer",
}

COLUMN_BY_FIELD: dict[str, str] = {field: column for column, field in FIELD_BY_COLUMN.items()}

# Everything from "Item Price" to the end of the row is money, in report order.
MONEY_FIELDS: tuple[str, ...] = tuple(FIELD_BY_COLUMN[c] for c in REPORT_COLUMNS[8:])
MONEY_COLUMNS: tuple[str, ...] = REPORT_COLUMNS[8:]

DATE_FIELDS: tuple[str, ...] = ("sold_date", "canceled_date", "completed_date")

# The seller-side deductions that, subtracted from Item Price, give Net Seller
# Proceeds on a completed order (verified on every completed row of the real
# sample). Buyer-side columns never affect what the seller receives.
SELLER_DEDUCTION_FIELDS: tuple[str, ...] = (
    "seller_shipping_fee",
    "mercari_selling_fee",
    "payment_processing_fee_charged_to_seller",
    "shipping_adjustment_fee",
    "penalty_fee",
)


# Column name of the int64 cents column in the validated frame.
def cents_column(field: str) -> str:
    """Name of the validated-frame column holding `field` in integer cents."""
    return f"{field}_cents"


COMPLETED = "Completed"
CANCELLED = "Cancelled"
ORDER_STATUSES: tuple[str, ...] = (COMPLETED, CANCELLED)

# The natural key: an Item Id alone repeats when a cancelled order is resold.
NATURAL_KEY: tuple[str, ...] = ("item_id", "sold_date", "order_status")


# --- report layouts ------------------------------------------------------------------------
#
# Which columns a report has depends on when it was GENERATED, not on when the sales
# happened: a report downloaded in 2022 has 17 columns for every sale in it, one
# downloaded today has the 21 of REPORT_COLUMNS. Columns are read by name; the names
# above (REPORT_COLUMNS) are the canonical ones, a layout may spell one differently.


@dataclass(frozen=True)
class ReportLayout:
    """One generation of Mercari's export: its name and its header, in file order."""

    name: str
    columns: tuple[str, ...]  # as that layout writes them
    description: str

    def canonical(self, column: str) -> str:
        """REPORT_COLUMNS name of one of this layout's columns."""
        return CANONICAL_BY_ALIAS.get(column, column)

    @property
    def canonical_columns(self) -> frozenset[str]:
        return frozenset(self.canonical(c) for c in self.columns)

    @property
    def absent_columns(self) -> tuple[str, ...]:
        """REPORT_COLUMNS this layout does not have (stored NULL: "not in this report")."""
        return tuple(c for c in REPORT_COLUMNS if c not in self.canonical_columns)


# Other names of a canonical column, in the layouts that use them.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "Payment Processing Fee Charged To Seller": ("Payment Processing Fee",),
}
CANONICAL_BY_ALIAS: dict[str, str] = {
    alias: column for column, aliases in COLUMN_ALIASES.items() for alias in aliases
}

LAYOUT_2022 = ReportLayout(
    name="2022",
    columns=(
        *REPORT_COLUMNS[:12],
        "Payment Processing Fee",
        "Shipping Adjustment Fee",
        "Net Seller Proceeds",
        "Sales Tax Charged to Buyer",
        "Merchant Fees Charged to Buyer",
    ),
    description="17 columns: no Penalty Fee and no buyer-side fee columns",
)
LAYOUT_2024 = ReportLayout(
    name="2024",
    columns=REPORT_COLUMNS,
    description="21 columns: Penalty Fee and the three buyer-side fee columns (current)",
)
LAYOUTS: tuple[ReportLayout, ...] = (LAYOUT_2022, LAYOUT_2024)
LAYOUT_BY_NAME: dict[str, ReportLayout] = {layout.name: layout for layout in LAYOUTS}
CURRENT_LAYOUT = LAYOUT_2024

# Columns every layout has: a header without one of them is not a sales report.
CORE_COLUMNS: tuple[str, ...] = tuple(
    c for c in REPORT_COLUMNS if all(c in layout.canonical_columns for layout in LAYOUTS)
)
# What the seller is shown for a column their report lacks: absent, never an invented 0.
NOT_IN_REPORT = "not in this report"

# Columns only some layouts have: absent from a file, they are NULL, never zero.
OPTIONAL_COLUMNS: tuple[str, ...] = tuple(c for c in REPORT_COLUMNS if c not in CORE_COLUMNS)
