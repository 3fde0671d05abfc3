"""What Alembic compares: its own schemas only (dbt owns `staging` and `marts`, Dagster
its `dagster` schema)."""

from __future__ import annotations

MANAGED_SCHEMAS = {None, "public", "raw"}


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    if type_ == "schema":
        return name in MANAGED_SCHEMAS
    return True
