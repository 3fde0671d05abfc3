"""Reports of every layout: money columns a layout lacks are NULL, unknown columns are kept
with each row, and the upload records its layout.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The columns a 2022-layout report may lack (and any later layout could drop).
_MONEY_FIELDS = (
    "item_price",
    "buyer_shipping_fee",
    "seller_shipping_fee",
    "mercari_selling_fee",
    "payment_processing_fee_charged_to_seller",
    "shipping_adjustment_fee",
    "penalty_fee",
    "net_seller_proceeds",
    "sales_tax_charged_to_buyer",
    "merchant_fees_charged_to_buyer",
    "service_fee_charged_to_buyer",
    "buyer_protection_charged_to_buyer",
    "payment_processing_fee_charged_to_buyer",
)


def upgrade() -> None:
    for field in _MONEY_FIELDS:
        op.alter_column("sales_report_rows", field, nullable=True, schema="raw")
    op.add_column("sales_report_rows", sa.Column("extra", postgresql.JSONB()), schema="raw")
    op.add_column("uploads", sa.Column("report_layout", sa.String(16)))
    op.add_column("uploads", sa.Column("unknown_columns", postgresql.JSONB()))


def downgrade() -> None:
    op.drop_column("uploads", "unknown_columns")
    op.drop_column("uploads", "report_layout")
    op.drop_column("sales_report_rows", "extra", schema="raw")
    for field in _MONEY_FIELDS:
        op.execute(f"update raw.sales_report_rows set {field} = 0 where {field} is null")
        op.alter_column("sales_report_rows", field, nullable=False, schema="raw")
