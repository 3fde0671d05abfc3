"""Taxonomy 2026.12-1: stored categories follow renamed subcategories.

Beauty's "Tools & Brushes" is Mercari's "Tools & Accessories" now. Every stored row that
names the old subcategory (per-sale categories and the shared LLM cache) is moved to the
new name, so nothing stored refers to a subcategory the taxonomy no longer has, and each
affected seller gets a whole-seller marts rebuild queued (the marts carry the names).
Subcategories that were only added (luggage & travel, rugs, curtains, ...) need nothing
here: rows categorised before them keep a valid older answer until they are processed
again. The map is frozen in this file on purpose: a migration must not change meaning
when taxonomy.yaml changes later.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0018"
branch_labels = None
depends_on = None

# (department, old subcategory) → (department, new subcategory)
RENAMED = {("Beauty", "Tools & Brushes"): ("Beauty", "Tools & Accessories")}
TABLES = ("raw.sale_categories", "categorisation_cache")


def upgrade() -> None:
    _apply(RENAMED)


def downgrade() -> None:
    _apply({new: old for old, new in RENAMED.items()})


def _apply(mapping: dict[tuple[str, str], tuple[str, str]]) -> None:
    conn = op.get_bind()
    for (old_dept, old_sub), (new_dept, new_sub) in mapping.items():
        params = {"od": old_dept, "os": old_sub, "nd": new_dept, "ns": new_sub}
        # Queued before the rename, while the affected sellers can still be found.
        conn.execute(
            sa.text(
                "insert into raw.mart_refresh_queue (tenant_id, upload_id)"
                " select distinct tenant_id, null::uuid from raw.sale_categories"
                " where department = :od and subcategory = :os"
            ),
            params,
        )
        for table in TABLES:
            conn.execute(
                sa.text(
                    f"update {table} set department = :nd, subcategory = :ns"
                    " where department = :od and subcategory = :os"
                ),
                params,
            )
