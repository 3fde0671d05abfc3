"""dbt marts, built by dagster-dbt after each upload is loaded.

Marts are incremental by tenant: the loader queues the seller in
raw.mart_refresh_queue, and a build recomputes only the queued sellers. Builds are
serialised by an advisory lock so that one build claims, builds and clears a
consistent set of queued sellers; a build that fails leaves its claims for the next.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import AssetExecutionContext
from dagster_dbt import DbtCliResource, dbt_assets
from sqlalchemy import Engine, text

from orchestration import upload_status
from orchestration.dbt_project import mercari_dbt_project, prepare_manifest
from orchestration.partitions import UPLOAD_TAG, seller_partitions
from orchestration.resources import WarehouseResource
from portal.models import UploadStage

# Any constant works; it only has to be the same in every process.
_MART_BUILD_LOCK_KEY = 7_311_402


@contextmanager
def mart_build_lock(engine: Engine) -> Iterator[None]:
    with engine.connect() as conn:
        conn.execute(text("select pg_advisory_lock(:key)"), {"key": _MART_BUILD_LOCK_KEY})
        # The lock belongs to the session, not the transaction: don't sit idle in one.
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("select pg_advisory_unlock(:key)"), {"key": _MART_BUILD_LOCK_KEY})
            conn.commit()


def deletions_awaiting_refresh(engine: Engine) -> list[tuple[uuid.UUID, int]]:
    """Sellers with an unclaimed whole-seller refresh (queued when an upload was deleted;
    no upload run follows it), each with its newest queue entry id."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select tenant_id, max(id) from raw.mart_refresh_queue"
                " where upload_id is null and not claimed group by tenant_id order by 2"
            )
        )
        return [(tenant_id, newest) for tenant_id, newest in rows]


def claim_refresh_queue(engine: Engine) -> int:
    with engine.begin() as conn:
        return conn.execute(text("update raw.mart_refresh_queue set claimed = true")).rowcount


def clear_claimed(engine: Engine) -> None:
    """Done with the claimed sellers: their marts changed, so is their marts version (the
    portal's cached dashboard answers for the old version are no longer used)."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "with cleared as ("
                "  delete from raw.mart_refresh_queue where claimed returning tenant_id"
                ") update users set marts_version = marts_version + 1"
                " where id in (select tenant_id from cleared)"
            )
        )


@dbt_assets(
    manifest=prepare_manifest(),
    project=mercari_dbt_project,
    partitions_def=seller_partitions,
    name="mercari_marts",
)
def mercari_marts(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    engine = warehouse.engine()
    upload_tag = context.run.tags.get(UPLOAD_TAG)
    if upload_tag:  # not in refresh_marts runs, which follow a deletion
        upload_status.set_stage(engine, uuid.UUID(upload_tag), UploadStage.BUILDING_DASHBOARDS)
    with mart_build_lock(engine):
        claimed = claim_refresh_queue(engine)
        context.log.info(f"Refreshing marts for {claimed} queued upload(s).")
        yield from dbt.cli(["build"], context=context).stream()
        clear_claimed(engine)
