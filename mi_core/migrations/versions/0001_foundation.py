"""Sellers, uploads, quarantined rows and the raw landing tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MONEY_FIELDS = (
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
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("hashed_password", sa.String(1024), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_superuser", sa.Boolean(), nullable=False),
        sa.Column("is_verified", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)

    op.create_table(
        "uploads",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "seller_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("total_items", sa.Integer()),
        sa.Column("processed_items", sa.Integer(), nullable=False),
        sa.Column("quarantined_items", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("reconciled", sa.Boolean()),
        sa.Column("reconciliation", postgresql.JSONB()),
        sa.Column("first_sale_date", sa.Date()),
        sa.Column("last_sale_date", sa.Date()),
        sa.Column("dagster_run_id", sa.String(64)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(
            "status in ('pending', 'processing', 'completed', 'failed')",
            name="ck_uploads_status_known",
        ),
    )
    op.create_index("ix_uploads_seller_id", "uploads", ["seller_id"])
    op.create_index("ix_uploads_status", "uploads", ["status"])

    op.create_table(
        "quarantined_rows",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "upload_id", sa.Uuid(), sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("column_name", sa.String(64)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw_values", postgresql.JSONB(), nullable=False),
    )
    op.create_index("ix_quarantined_rows_upload_id", "quarantined_rows", ["upload_id"])

    op.execute("create schema if not exists raw")
    # Dagster's own storage lives in this schema of the same database (see settings).
    op.execute("create schema if not exists dagster")
    op.create_table(
        "sales_report_rows",
        sa.Column("upload_id", sa.Uuid(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Text(), nullable=False),
        sa.Column("sold_date", sa.Date(), nullable=False),
        sa.Column("canceled_date", sa.Date()),
        sa.Column("completed_date", sa.Date()),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("order_status", sa.Text(), nullable=False),
        sa.Column("shipped_to_state", sa.Text(), nullable=False, server_default=""),
        sa.Column("shipped_from_state", sa.Text(), nullable=False, server_default=""),
        *[sa.Column(field, sa.Numeric(12, 2), nullable=False) for field in MONEY_FIELDS],
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("upload_id", "row_number"),
        sa.UniqueConstraint("upload_id", "item_id", "sold_date", "order_status"),
        schema="raw",
    )
    op.create_index(
        "ix_raw_sales_report_rows_tenant_id", "sales_report_rows", ["tenant_id"], schema="raw"
    )
    op.create_table(
        "mart_refresh_queue",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("upload_id", sa.Uuid()),
        sa.Column(
            "enqueued_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("claimed", sa.Boolean(), server_default="false", nullable=False),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("mart_refresh_queue", schema="raw")
    op.drop_table("sales_report_rows", schema="raw")
    op.drop_table("quarantined_rows")
    op.drop_table("uploads")
    op.drop_table("users")
