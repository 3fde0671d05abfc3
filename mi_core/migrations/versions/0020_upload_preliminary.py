"""The headline figures parsed in the upload request, shown until the dashboard is built.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("uploads", sa.Column("preliminary", JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column("uploads", "preliminary")
