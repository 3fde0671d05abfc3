"""Business expenses (Schedule C "other expenses"), per seller.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "business_expenses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("expense_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("amount > 0", name="ck_business_expenses_amount_positive"),
        sa.CheckConstraint(
            "category in ('supplies', 'packaging', 'mileage', 'subscriptions', 'other')",
            name="ck_business_expenses_category_known",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_business_expenses_tenant_id_expense_date",
        "business_expenses",
        ["tenant_id", "expense_date"],
    )


def downgrade() -> None:
    op.drop_index("ix_business_expenses_tenant_id_expense_date", table_name="business_expenses")
    op.drop_table("business_expenses")
