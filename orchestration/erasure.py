"""Erasing what Dagster holds of a deleted seller, or of one deleted upload.

The portal records an erasure request (mi_core.erasure); the `erase_sellers` job carries
it out here, with the instance it runs on:

- every run of the seller (tagged mi/tenant, or run on the seller's partition), or of the
  upload (tagged mi/upload_id): its record and event log (materialisation and check
  metadata included) through `DagsterInstance.delete_run`, and its compute logs;
- two copies `delete_run` leaves in the event log's index: the last materialisation cached
  per asset, and the asset check executions; and the cached partition status of every
  asset (it lists partition keys, i.e. seller ids);
- files the IO manager stored for the seller's partition ($DAGSTER_HOME/storage/<asset>/
  <seller>): no asset stores any now, but earlier versions pickled whole reports there;
- for a seller, their dynamic partition.

A request waits while a run of the seller is still in progress (it would write again).
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as db
from dagster import AssetKey, DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.storage.event_log.schema import AssetCheckExecutionsTable, AssetKeyTable
from dagster._core.storage.event_log.sql_event_log import SqlEventLogStorage
from dagster._serdes import serialize_value

from mi_core.erasure import PendingErasure
from mi_core.pipeline import PARTITION_TAG, SELLER_PARTITIONS, TENANT_TAG, UPLOAD_TAG

# A run in any other state may still write events, logs or files.
FINISHED_STATUSES = frozenset(
    {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
)


@dataclass(frozen=True)
class ErasureOutcome:
    runs: int
    files: int


def _seller_filters(tenant_id: uuid.UUID) -> list[RunsFilter]:
    return [
        RunsFilter(tags={TENANT_TAG: str(tenant_id)}),
        RunsFilter(tags={PARTITION_TAG: str(tenant_id)}),
    ]


def runs_to_erase(instance: DagsterInstance, request: PendingErasure) -> list[str]:
    """Ids of the runs that processed the seller (or only the upload) of the request."""
    filters = (
        [RunsFilter(tags={UPLOAD_TAG: str(request.upload_id)})]
        if request.upload_id is not None
        else _seller_filters(request.tenant_id)
    )
    run_ids: dict[str, None] = {}
    for runs_filter in filters:
        run_ids.update(dict.fromkeys(instance.get_run_ids(filters=runs_filter)))
    return list(run_ids)


def seller_is_busy(instance: DagsterInstance, tenant_id: uuid.UUID) -> bool:
    """Whether a run of the seller has not finished yet."""
    unfinished = [s for s in DagsterRunStatus if s not in FINISHED_STATUSES]
    return any(
        instance.get_runs_count(RunsFilter(tags=f.tags, statuses=unfinished))
        for f in _seller_filters(tenant_id)
    )


def erase_request(instance: DagsterInstance, request: PendingErasure) -> ErasureOutcome | None:
    """Carry out one request; None (nothing done) while a run of the seller is in progress."""
    if seller_is_busy(instance, request.tenant_id):
        return None
    run_ids = runs_to_erase(instance, request)
    for run_id in run_ids:
        # Compute logs are keyed [run_id, "compute_logs", ...] (build_log_key_for_run).
        instance.compute_log_manager.delete_logs(prefix=[run_id])
        instance.delete_run(run_id)
    forget_runs_in_asset_index(instance, run_ids)
    files = erase_partition_files(instance, str(request.tenant_id))
    if request.upload_id is None and instance.has_dynamic_partition(
        SELLER_PARTITIONS, str(request.tenant_id)
    ):
        instance.delete_dynamic_partition(SELLER_PARTITIONS, str(request.tenant_id))
    # The cached partition status names partitions (sellers); it is rebuilt when next read.
    instance.wipe_asset_cached_status(list(instance.get_asset_keys()))
    return ErasureOutcome(runs=len(run_ids), files=files)


def erase_partition_files(instance: DagsterInstance, partition_key: str) -> int:
    """Delete the IO manager's files of one partition of every asset; returns how many.

    The default IO manager stores an asset's output at <storage>/<asset key path>/<partition>.
    """
    storage = Path(instance.storage_directory())
    erased = 0
    for asset_key in instance.get_asset_keys():
        path = storage.joinpath(*asset_key.path, partition_key)
        if path.is_file():
            path.unlink()
            erased += 1
    return erased


def forget_runs_in_asset_index(instance: DagsterInstance, run_ids: list[str]) -> None:
    """Remove the copies of deleted runs' events that `delete_run` leaves behind.

    Dagster keeps, per asset, its last materialisation event (metadata included) and every
    asset check execution (with its evaluation) in the index tables, which `delete_events`
    does not touch. There is no public API for either, so this uses the SQL event log's
    tables (SQLite and PostgreSQL storages alike); another storage is left as it is.
    """
    storage = instance.event_log_storage
    if not run_ids or not isinstance(storage, SqlEventLogStorage):
        return
    erased = set(run_ids)
    with storage.index_connection() as conn:
        if storage.has_table(AssetCheckExecutionsTable.name):
            conn.execute(
                AssetCheckExecutionsTable.delete().where(
                    AssetCheckExecutionsTable.c.run_id.in_(run_ids)
                )
            )
        rows = conn.execute(
            db.select(
                AssetKeyTable.c.asset_key,
                AssetKeyTable.c.last_run_id,
                AssetKeyTable.c.last_materialization,
            )
        ).all()
    stale = [
        key
        for key, last_run_id, last_materialization in rows
        if last_run_id in erased
        or (last_materialization and any(run_id in last_materialization for run_id in erased))
    ]
    for key in stale:
        # The newest materialisation still in the event log (the deleted runs' are gone).
        records = instance.fetch_materializations(AssetKey.from_db_string(key), limit=1).records
        latest = records[0] if records else None
        with storage.index_connection() as conn:
            conn.execute(
                AssetKeyTable.update()
                .where(AssetKeyTable.c.asset_key == key)
                .values(
                    last_materialization=serialize_value(latest) if latest else None,
                    last_run_id=latest.run_id if latest else None,
                )
            )
