"""Remember which version of the dbt models built the marts (mi_core.marts_state): the
first build after a deploy that changed them is a full refresh.

Revision ID: 0019
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marts_build_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("models_fingerprint", sa.Text(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_marts_build_state_one_row"),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("marts_build_state", schema="raw")
