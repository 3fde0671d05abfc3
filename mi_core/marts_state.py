"""Which version of the dbt models built the marts, so a deploy that changes them is
followed by one full rebuild.

The marts are incremental per seller and fail on a schema change (`on_schema_change:
fail`): after an upgrade that adds a column or changes a metric, rebuilding only the
queued sellers would fail, or would leave every other seller's rows computed by the old
SQL. The first build after such a change therefore runs with `--full-refresh`; later
builds are incremental again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, text


def models_fingerprint(manifest: Mapping[str, Any], project_vars: str = "") -> str:
    """A digest of what the rows of the marts depend on: every model's SQL (dbt's own
    checksum) and configured columns, every seed's contents (the fee rules: a sale's fee
    check is only recomputed with its item) and the project vars (e.g. the low-confidence
    threshold). Tests and docs are left out: they change no row."""
    digest = hashlib.sha256(project_vars.encode())
    models = (
        node
        for node in manifest.get("nodes", {}).values()
        if node.get("resource_type") in ("model", "seed")
    )
    for node in sorted(models, key=lambda node: node["unique_id"]):
        digest.update(node["unique_id"].encode())
        digest.update(node["checksum"]["checksum"].encode())
        digest.update(",".join(sorted(node.get("columns", {}))).encode())
    return digest.hexdigest()


def built_fingerprint(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.scalar(text("select models_fingerprint from raw.marts_build_state"))


def needs_full_refresh(engine: Engine, fingerprint: str) -> bool:
    """True before the first build and after the models changed."""
    return built_fingerprint(engine) != fingerprint


def record_build(engine: Engine, fingerprint: str) -> None:
    """The marts were (re)built by the models of `fingerprint`."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into raw.marts_build_state (id, models_fingerprint, built_at)"
                " values (1, :fingerprint, now()) on conflict (id) do update"
                " set models_fingerprint = excluded.models_fingerprint, built_at = now()"
            ),
            {"fingerprint": fingerprint},
        )
