"""Index the categories of raw rows by tenant, for the per-seller reads at 10M sales.

The data tests of an upload's build read only the rebuilt sellers' rows
(`test_refresh_scope`, dbt_project/macros/refresh_scope.sql): the tests of
stg_sale_categories and int_sale_categories read raw.sale_categories by tenant_id, which
had no index: each was a sequential scan of every seller's categories (10M rows at
10,000 sellers). Erasing a seller deletes by tenant_id too.

Revision ID: 0024
Revises: 0020
Create Date: 2026-12-01
"""

from alembic import op

revision = "0024"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_raw_sale_categories_tenant_id", "sale_categories", ["tenant_id"], schema="raw"
    )


def downgrade() -> None:
    op.drop_index("ix_raw_sale_categories_tenant_id", "sale_categories", schema="raw")
