"""The mart refresh queue (`raw.mart_refresh_queue`): which sellers' marts need rebuilding.

The loader queues an upload in the transaction that loads its rows; deleting an upload
queues a whole-seller refresh. A dbt build (serialised by an advisory lock) claims the
queue, rebuilds exactly the claimed scope and clears it; a failed build leaves its claims
for the next one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

from mi_core.models import UploadStage, UploadStatus

# Any constant works; it only has to be the same in every process.
_MART_BUILD_LOCK_KEY = 7_311_402


def enqueue(conn: Connection, tenant_id: uuid.UUID, upload_id: uuid.UUID | None) -> None:
    """Queue a refresh in the caller's transaction; no upload id means the whole seller."""
    conn.execute(
        text("insert into raw.mart_refresh_queue (tenant_id, upload_id) values (:t, :u)"),
        {"t": tenant_id, "u": upload_id},
    )


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
    """Sellers with an unclaimed whole-seller refresh that no upload run will build
    (queued when an upload was deleted, costs, expenses or corrections changed), each
    with its newest queue entry id.

    A seller with an upload being processed is left out: that run's build claims the
    entry (the run itself may have queued it, when it regrouped the seller's titles).
    """
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select queued.tenant_id, max(queued.id) from raw.mart_refresh_queue as queued"
                " where queued.upload_id is null and not queued.claimed"
                " and not exists (select 1 from uploads where uploads.seller_id ="
                "  queued.tenant_id and uploads.status = :processing)"
                " group by queued.tenant_id order by 2"
            ),
            {"processing": UploadStatus.PROCESSING},
        )
        return [(tenant_id, newest) for tenant_id, newest in rows]


# Stages of an upload whose run has loaded its rows but not yet categorised and grouped
# them: its marts are not ready to be built.
_STAGES_BEFORE_MARTS = tuple(
    stage
    for stage in UploadStage
    if stage not in (UploadStage.BUILDING_DASHBOARDS, UploadStage.DONE)
)


def claim_refresh_queue(engine: Engine) -> int:
    """Claim the queue for this build: every seller's entries, except those of uploads
    still being processed before their marts step.

    Runs of several sellers go on at once, and a build claims for every seller (one build
    serves all who are ready). An upload's rows are queued when they are loaded, before
    its run categorises and groups them: a build of another seller in between would build
    them uncategorised and clear the entry, and the upload's own build would then find
    nothing to do. Such entries wait for that build, which claims them after the upload
    entered the marts stage.
    """
    with engine.begin() as conn:
        return conn.execute(
            text(
                "update raw.mart_refresh_queue as queued set claimed = true"
                " where not exists (select 1 from uploads"
                "  where uploads.id = queued.upload_id and uploads.status = :processing"
                "  and uploads.stage = any(:stages))"
            ),
            {"processing": UploadStatus.PROCESSING, "stages": list(_STAGES_BEFORE_MARTS)},
        ).rowcount


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
