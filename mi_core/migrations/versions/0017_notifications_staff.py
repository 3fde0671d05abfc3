"""Seller notifications (an outbox the send job drains), the opt-out, stuck-upload
re-queues and operator alert episodes.

Revision ID: 0017
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("upload_emails", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.add_column(
        "uploads", sa.Column("requeues", sa.Integer(), server_default="0", nullable=False)
    )
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column(
            "seller_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "upload_id", sa.Uuid(), sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("generation", sa.Integer(), server_default="0", nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("upload_id", "kind", "generation", name="uq_notification_outbox_once"),
        sa.CheckConstraint(
            "status in ('pending', 'sent', 'skipped', 'failed')",
            name="ck_notification_outbox_status",
        ),
    )
    op.create_index(
        "ix_notification_outbox_pending",
        "notification_outbox",
        ["id"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_notification_outbox_seller_id", "notification_outbox", ["seller_id"])
    op.create_table(
        "operator_alerts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("operator_alerts")
    op.drop_index("ix_notification_outbox_seller_id", table_name="notification_outbox")
    op.drop_index("ix_notification_outbox_pending", table_name="notification_outbox")
    op.drop_table("notification_outbox")
    op.drop_column("uploads", "requeues")
    op.drop_column("users", "upload_emails")
