"""Plans and billing: Stripe customers and subscriptions, webhook events, manual plan
overrides, usage counters and the rows an upload holds back for the monthly limit.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _seller_column(primary_key: bool = False, **kwargs) -> sa.Column:
    return sa.Column(
        "seller_id",
        sa.Uuid(),
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        **kwargs,
    )


def _now(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.add_column(
        "uploads", sa.Column("waiting_rows", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "uploads", sa.Column("run_generation", sa.Integer(), server_default="0", nullable=False)
    )
    # The release of waiting rows looks for these few uploads only.
    op.create_index(
        "ix_uploads_waiting", "uploads", ["seller_id"], postgresql_where=sa.text("waiting_rows > 0")
    )

    op.create_table(
        "billing_accounts",
        _seller_column(primary_key=True),
        sa.Column("stripe_customer_id", sa.String(255), unique=True),
        sa.Column("subscription_id", sa.String(255)),
        sa.Column("subscription_status", sa.String(32)),
        sa.Column("subscription_price_id", sa.String(255)),
        sa.Column("subscription_plan", sa.String(16)),
        sa.Column("current_period_end", sa.DateTime(timezone=True)),
        sa.Column("cancel_at_period_end", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("payment_failed_at", sa.DateTime(timezone=True)),
        sa.Column("downgraded_at", sa.DateTime(timezone=True)),
        _now("created_at"),
        _now("updated_at"),
    )

    op.create_table(
        "plan_overrides",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _seller_column(),
        sa.Column("plan", sa.String(16), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True)),
        sa.Column("granted_by", sa.String(255), nullable=False),
        _now("granted_at"),
        sa.CheckConstraint("plan in ('free', 'pro', 'business')", name="ck_plan_overrides_plan"),
    )
    op.create_index("ix_plan_overrides_seller_id", "plan_overrides", ["seller_id"])

    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("type", sa.String(128), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        _now("received_at"),
        sa.Column("customer_id", sa.String(255)),
        sa.Column("seller_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
    )
    op.create_index("ix_stripe_events_customer_id", "stripe_events", ["customer_id"])
    op.create_index("ix_stripe_events_seller_id", "stripe_events", ["seller_id"])

    op.create_table(
        "upload_usage",
        _seller_column(primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("uploads", sa.Integer(), nullable=False),
    )

    op.create_table(
        "product_usage",
        sa.Column("upload_id", sa.Uuid(), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        _seller_column(),
        sa.Column("products", sa.Integer(), nullable=False),
    )
    op.create_index("ix_product_usage_seller_id_month", "product_usage", ["seller_id", "month"])


def downgrade() -> None:
    for table in (
        "product_usage",
        "upload_usage",
        "stripe_events",
        "plan_overrides",
        "billing_accounts",
    ):
        op.drop_table(table)
    op.drop_index("ix_uploads_waiting", table_name="uploads")
    op.drop_column("uploads", "run_generation")
    op.drop_column("uploads", "waiting_rows")
