"""Keep each seller's fitted title-clustering model so later uploads only assign new titles.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "title_cluster_models",
        sa.Column("tenant_id", sa.Uuid(), primary_key=True),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.Column("fitted_titles", sa.Integer(), nullable=False),
        sa.Column(
            "fitted_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("title_cluster_models", schema="raw")
