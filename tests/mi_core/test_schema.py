"""One schema: the migrated database is exactly the metadata in mi_core.models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mi_core.migrations.env_options import include_name
from mi_core.models import Base


def test_autogenerate_finds_no_difference_after_migrating(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "include_name": include_name,
                "compare_type": True,
                "compare_server_default": False,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
