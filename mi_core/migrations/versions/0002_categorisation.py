"""Categorisation: the shared LLM cache, per-row categories, usage, seller title clusters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Shared by all sellers: a title is paid for once per taxonomy version and model.
    op.create_table(
        "categorisation_cache",
        sa.Column("cache_key", sa.Text(), primary_key=True),
        sa.Column("normalised_title", sa.Text(), nullable=False),
        sa.Column("taxonomy_version", sa.Text(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("subcategory", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_table(
        "categorisation_usage",
        sa.Column(
            "upload_id",
            sa.Uuid(),
            sa.ForeignKey("uploads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("categoriser", sa.Text(), nullable=False),
        sa.Column("model", sa.Text()),
        sa.Column("titles", sa.Integer(), nullable=False),
        sa.Column("distinct_titles", sa.Integer(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cached_titles", sa.Integer(), nullable=False),
        sa.Column("llm_titles", sa.Integer(), nullable=False),
        sa.Column("fallback_titles", sa.Integer(), nullable=False),
        sa.Column("estimated_cost_usd", sa.Numeric(12, 6), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_table(
        "sale_categories",
        sa.Column("upload_id", sa.Uuid(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("department", sa.Text(), nullable=False),
        sa.Column("subcategory", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("taxonomy_version", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("upload_id", "row_number"),
        sa.CheckConstraint("confidence between 0 and 1", name="ck_sale_categories_confidence"),
        sa.CheckConstraint(
            "source in ('offline', 'llm', 'cache')", name="ck_sale_categories_source"
        ),
        schema="raw",
    )
    op.create_table(
        "title_clusters",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Numeric(14, 2), nullable=False),
        sa.Column("typical_price", sa.Numeric(12, 2)),
        sa.Column(
            "computed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("tenant_id", "cluster_id"),
        schema="raw",
    )
    op.create_table(
        "title_cluster_members",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("item_title", sa.Text(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "item_title"),
        schema="raw",
    )


def downgrade() -> None:
    op.drop_table("title_cluster_members", schema="raw")
    op.drop_table("title_clusters", schema="raw")
    op.drop_table("sale_categories", schema="raw")
    op.drop_table("categorisation_usage")
    op.drop_table("categorisation_cache")
