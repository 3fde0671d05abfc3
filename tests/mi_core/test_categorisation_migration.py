"""Migration 0012: stored categories follow the taxonomy's renamed subcategories."""

from __future__ import annotations

import uuid
from importlib import import_module

import sqlalchemy as sa
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext

from mi_core.categorisation import load_taxonomy

migration = import_module("mi_core.migrations.versions.0012_taxonomy_v_next")


def run(engine, step) -> None:
    with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        step()


def test_renamed_subcategory_is_moved_everywhere_and_marts_are_queued(engine):
    tenant, upload, key = uuid.uuid4(), uuid.uuid4(), f"test-{uuid.uuid4()}"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "insert into raw.sale_categories (upload_id, row_number, tenant_id, department,"
                " subcategory, confidence, source, taxonomy_version) values"
                " (:u, 2, :t, 'Beauty', 'Tools & Brushes', 0.9, 'offline', '2026.11-1'),"
                " (:u, 3, :t, 'Home', 'Bath', 0.9, 'offline', '2026.11-1')"
            ),
            {"u": upload, "t": tenant},
        )
        conn.execute(
            sa.text(
                "insert into categorisation_cache (cache_key, normalised_title,"
                " taxonomy_version, model, department, subcategory, confidence) values"
                " (:k, 'brush set', '2026.11-1', 'm', 'Beauty', 'Tools & Brushes', 0.9)"
            ),
            {"k": key},
        )
    try:
        run(engine, migration.upgrade)
        with engine.connect() as conn:
            stored = conn.execute(
                sa.text(
                    "select row_number, department, subcategory from raw.sale_categories"
                    " where upload_id = :u order by row_number"
                ),
                {"u": upload},
            ).all()
            cached = conn.execute(
                sa.text("select subcategory from categorisation_cache where cache_key = :k"),
                {"k": key},
            ).scalar_one()
            queued = conn.execute(
                sa.text("select count(*) from raw.mart_refresh_queue where tenant_id = :t"),
                {"t": tenant},
            ).scalar_one()
        assert [tuple(r) for r in stored] == [
            (2, "Beauty", "Tools & Accessories"),
            (3, "Home", "Bath"),
        ]
        assert cached == "Tools & Accessories" and queued == 1
        taxonomy = load_taxonomy()
        assert all(taxonomy.is_valid(d, s) for _, d, s in stored)
        run(engine, migration.downgrade)  # and back
        with engine.connect() as conn:
            back = conn.execute(
                sa.text(
                    "select subcategory from raw.sale_categories"
                    " where upload_id = :u and row_number = 2"
                ),
                {"u": upload},
            ).scalar_one()
        assert back == "Tools & Brushes"
    finally:
        with engine.begin() as conn:
            conn.execute(
                sa.text("delete from raw.sale_categories where upload_id = :u"), {"u": upload}
            )
            conn.execute(
                sa.text("delete from categorisation_cache where cache_key = :k"), {"k": key}
            )
            conn.execute(
                sa.text("delete from raw.mart_refresh_queue where tenant_id = :t"), {"t": tenant}
            )
