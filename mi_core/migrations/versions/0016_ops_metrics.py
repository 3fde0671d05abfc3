"""Operations metrics: how long each processing stage took (for the portal's /metrics).

`uploads.stage_started_at` is when the upload entered its current stage; each stage change
records the finished stage's duration in `upload_stage_durations`. The table names no
upload or seller (operations figures only) and is kept when uploads are deleted, so the
histogram it feeds only ever grows.

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("uploads", sa.Column("stage_started_at", sa.DateTime(timezone=True)))
    op.create_table(
        "upload_stage_durations",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("seconds", sa.Double, nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_index("ix_upload_stage_durations_stage", "upload_stage_durations", ["stage"])


def downgrade() -> None:
    op.drop_index("ix_upload_stage_durations_stage", table_name="upload_stage_durations")
    op.drop_table("upload_stage_durations")
    op.drop_column("uploads", "stage_started_at")
