"""Index raw rows by (tenant, item) so a mart refresh reads only the upload's items.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_raw_sales_report_rows_tenant_id_item_id",
        "sales_report_rows",
        ["tenant_id", "item_id"],
        schema="raw",
    )


def downgrade() -> None:
    op.drop_index("ix_raw_sales_report_rows_tenant_id_item_id", "sales_report_rows", schema="raw")
