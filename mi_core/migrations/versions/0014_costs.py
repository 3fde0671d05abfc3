"""Costs of goods at five levels (sale, title, product group, subcategory, department
share) and the seller titles normalised for the title costs.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def _seller(primary_key: bool = True, **kwargs) -> sa.Column:
    return sa.Column(
        "seller_id",
        sa.Uuid(),
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
        **kwargs,
    )


def _updated_at() -> sa.Column:
    return sa.Column(
        "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    )


def _cost() -> sa.Column:
    return sa.Column("cost", sa.Numeric(12, 2), nullable=False)


def upgrade() -> None:
    op.create_table(
        "sale_costs",
        _seller(),
        sa.Column("item_id", sa.Text(), primary_key=True),
        _cost(),
        _updated_at(),
        sa.CheckConstraint("cost >= 0", name="ck_sale_costs_cost"),
    )
    op.create_table(
        "title_costs",
        _seller(),
        sa.Column("normalised_title", sa.Text(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        _cost(),
        _updated_at(),
        sa.CheckConstraint("cost >= 0", name="ck_title_costs_cost"),
    )
    op.create_table(
        "product_group_costs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _seller(primary_key=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        _cost(),
        _updated_at(),
        sa.CheckConstraint("cost >= 0", name="ck_product_group_costs_cost"),
        sa.UniqueConstraint("seller_id", "cluster_id", "fitted_at"),
    )
    op.create_index("ix_product_group_costs_seller_id", "product_group_costs", ["seller_id"])
    op.create_table(
        "product_group_cost_titles",
        _seller(),
        sa.Column("item_title", sa.Text(), primary_key=True),
        sa.Column(
            "product_group_cost_id",
            sa.Integer(),
            sa.ForeignKey("product_group_costs.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_product_group_cost_titles_product_group_cost_id",
        "product_group_cost_titles",
        ["product_group_cost_id"],
    )
    op.create_table(
        "subcategory_costs",
        _seller(),
        sa.Column("department", sa.Text(), primary_key=True),
        sa.Column("subcategory", sa.Text(), primary_key=True),
        _cost(),
        _updated_at(),
        sa.CheckConstraint("cost >= 0", name="ck_subcategory_costs_cost"),
    )
    op.create_table(
        "department_cost_shares",
        _seller(),
        sa.Column("department", sa.Text(), primary_key=True),
        sa.Column("share", sa.Numeric(5, 4), nullable=False),
        _updated_at(),
        sa.CheckConstraint("share >= 0 and share <= 1", name="ck_department_cost_shares_share"),
    )
    op.create_table(
        "normalised_titles",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("normalised_title", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "item_title"),
        schema="raw",
    )
    op.create_index(
        "ix_raw_normalised_titles_tenant_id_normalised_title",
        "normalised_titles",
        ["tenant_id", "normalised_title"],
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("normalised_titles", schema="raw")
    for table in (
        "department_cost_shares",
        "subcategory_costs",
        "product_group_cost_titles",
        "product_group_costs",
        "title_costs",
        "sale_costs",
    ):
        op.drop_table(table)
