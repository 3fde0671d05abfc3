"""Seller corrections of categories: the corrections, the normalised titles they apply
to, and on each categorised row its normalised title and (for a corrected row) the model's
own answer.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0017"
branch_labels = None
depends_on = None

_MODEL_COLUMNS = (
    ("model_department", sa.Text()),
    ("model_subcategory", sa.Text()),
    ("model_confidence", sa.Double()),
    ("model_source", sa.Text()),
)
_BACKFILL_BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "category_corrections",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "tenant_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.Text()),
        sa.Column("normalised_title", sa.Text()),
        sa.Column("group_id", sa.Integer()),
        sa.Column("group_name", sa.Text()),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("subcategory", sa.Text(), nullable=False),
        sa.Column("taxonomy_version", sa.Text(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "(title is null) <> (group_id is null)", name="ck_category_corrections_target"
        ),
    )
    op.create_index("ix_category_corrections_tenant_id", "category_corrections", ["tenant_id"])
    op.create_table(
        "category_correction_titles",
        sa.Column(
            "correction_id",
            sa.Uuid(),
            sa.ForeignKey("category_corrections.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("normalised_title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("correction_id", "normalised_title"),
    )
    op.create_index(
        "ix_category_correction_titles_tenant_title",
        "category_correction_titles",
        ["tenant_id", "normalised_title"],
    )
    op.add_column("sale_categories", sa.Column("normalised_title", sa.Text()), schema="raw")
    for name, type_ in _MODEL_COLUMNS:
        op.add_column("sale_categories", sa.Column(name, type_), schema="raw")
    op.drop_constraint("ck_sale_categories_source", "sale_categories", schema="raw")
    op.create_check_constraint(
        "ck_sale_categories_source",
        "sale_categories",
        "source in ('offline', 'llm', 'cache', 'seller')",
        schema="raw",
    )
    _backfill_normalised_titles()


def _backfill_normalised_titles() -> None:
    """Rows categorised before corrections existed get their key, so a correction finds them."""
    from mi_core.categorisation.normalise import normalise_title

    conn = op.get_bind()
    titles = conn.execute(
        sa.text(
            "select distinct r.item_title from raw.sale_categories c"
            " join raw.sales_report_rows r using (upload_id, row_number)"
        )
    ).scalars()
    pairs = [{"title": t, "key": normalise_title(t or "")} for t in titles]
    update = sa.text(
        "update raw.sale_categories c set normalised_title = :key"
        " from raw.sales_report_rows r where r.upload_id = c.upload_id"
        " and r.row_number = c.row_number and r.item_title = :title"
    )
    for start in range(0, len(pairs), _BACKFILL_BATCH):
        conn.execute(update, pairs[start : start + _BACKFILL_BATCH])


def downgrade() -> None:
    # Corrected rows go back to the model's answer kept beside them.
    op.execute(
        "update raw.sale_categories set department = model_department,"
        " subcategory = model_subcategory, confidence = model_confidence,"
        " source = model_source, reason = null where source = 'seller'"
    )
    op.drop_constraint("ck_sale_categories_source", "sale_categories", schema="raw")
    op.create_check_constraint(
        "ck_sale_categories_source",
        "sale_categories",
        "source in ('offline', 'llm', 'cache')",
        schema="raw",
    )
    for name, _ in _MODEL_COLUMNS:
        op.drop_column("sale_categories", name, schema="raw")
    op.drop_column("sale_categories", "normalised_title", schema="raw")
    op.drop_table("category_correction_titles")
    op.drop_table("category_corrections")
