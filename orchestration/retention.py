"""Retention of Dagster's run storage: what a run leaves grows with every run, so runs
older than `MI_DAGSTER_RETENTION_DAYS` are pruned by the scheduled `dagster_retention` job.

Pruned, per old finished run:
- its compute logs (stdout/stderr captured per step), through the compute log manager;
- the files the IO manager stored for it ($DAGSTER_HOME/storage/<run_id>: op outputs);
- its step-level events (log messages, step start/output, engine events), the bulk of the
  event log.

Kept: the run record (status, tags, times: the run history stays browsable), the run's
lifecycle events, materialisations, observations and asset check results (the asset
history and the partitions' status), and step failures (why a run failed).

A cursor in the instance's key-value store remembers up to when runs were pruned, so
each run is visited once.

Sooner, within minutes (`compact_successful_runs`, the dagster_compaction job): a
successful upload or marts run (hundreds of events, one per dbt model and test) drops the
events whose content is kept elsewhere (REDUNDANT_EVENT_TYPES): what stays shows the same
run, its steps, logs, materialisations and check results in the UI (issue 14). The event
log is then vacuumed, so that the next runs' events reuse the space the deleted ones took:
PostgreSQL's autovacuum waits for a fifth of the table to be dead, and until then the table
grows by what was deleted too.
"""

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as db
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.storage.event_log.schema import SqlEventLogStorageTable
from dagster._core.storage.event_log.sql_event_log import SqlEventLogStorage

from mi_core.pipeline import PROCESS_UPLOAD_JOB, REFRESH_MARTS_JOB

RETENTION_CURSOR = "mi/retention_pruned_until"
FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]
# Events that say what a run did and produced; everything else is step-level detail.
KEPT_EVENT_TYPES = frozenset(
    t.value
    for t in (
        DagsterEventType.RUN_ENQUEUED,
        DagsterEventType.RUN_STARTING,
        DagsterEventType.RUN_START,
        DagsterEventType.RUN_SUCCESS,
        DagsterEventType.RUN_FAILURE,
        DagsterEventType.RUN_CANCELING,
        DagsterEventType.RUN_CANCELED,
        DagsterEventType.STEP_FAILURE,
        DagsterEventType.ASSET_MATERIALIZATION,
        DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
        DagsterEventType.ASSET_OBSERVATION,
        DagsterEventType.ASSET_CHECK_EVALUATION,
        DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
    )
)
# What a SUCCESSFUL run no longer needs, because another record says it (issue 14).
REDUNDANT_EVENT_TYPES = frozenset(
    t.value
    for t in (
        # "Yielded output": its metadata is on the materialisation or check evaluation that
        # follows it (dbt's duration, unique_id, status), which stays.
        DagsterEventType.STEP_OUTPUT,
        # The IO manager's bookkeeping of an output it stored or an input it loaded.
        DagsterEventType.HANDLED_OUTPUT,
        DagsterEventType.LOADED_INPUT,
        # A hook (the failure hooks) that had nothing to do.
        DagsterEventType.HOOK_SKIPPED,
        # Only creates the check's execution row (dagster.asset_check_executions), which the
        # evaluation then completes with its own copy of the result: the check history
        # reads that row.
        DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED,
    )
)
# The jobs whose runs are compacted: they build the assets (one event per dbt model and
# test); the housekeeping jobs' runs are small, and pruned with the others after the
# retention.
COMPACTED_JOBS = (PROCESS_UPLOAD_JOB, REFRESH_MARTS_JOB)
COMPACTION_CURSOR = "mi/compacted_until/"
BATCH = 200


@dataclass(frozen=True)
class RetentionOutcome:
    runs: int
    events: int
    files: int


def prune_old_runs(
    instance: DagsterInstance, retention_days: float, now: datetime | None = None
) -> RetentionOutcome:
    """Prune every finished run created before now - retention_days (and after the cursor)."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    stored = instance.run_storage.get_cursor_values({RETENTION_CURSOR}).get(RETENTION_CURSOR)
    since = datetime.fromisoformat(stored) if stored else None
    runs = events = files = 0
    for run_id in _run_ids_between(instance, since, cutoff):
        # The IO manager's files first: the compute logs of a local instance live in the
        # same run directory, and deleting them removes it.
        files += _delete_run_files(instance, run_id)
        events += prune_run(instance, run_id)
        runs += 1
    # Runs still unfinished at the cutoff are few; they are caught by erasure or a
    # later manual prune rather than holding the cursor back forever.
    instance.run_storage.set_cursor_values({RETENTION_CURSOR: cutoff.isoformat()})
    return RetentionOutcome(runs=runs, events=events, files=files)


def _run_ids_between(
    instance: DagsterInstance, since: datetime | None, until: datetime
) -> list[str]:
    run_ids: list[str] = []
    cursor = None
    while True:
        batch = instance.get_run_ids(
            filters=RunsFilter(statuses=FINISHED, created_after=since, created_before=until),
            cursor=cursor,
            limit=BATCH,
        )
        run_ids.extend(batch)
        if len(batch) < BATCH:
            return run_ids
        cursor = batch[-1]


def prune_run(instance: DagsterInstance, run_id: str) -> int:
    """Delete one run's compute logs and step-level events; returns how many events went."""
    # Compute logs are keyed [run_id, "compute_logs", ...] (build_log_key_for_run).
    instance.compute_log_manager.delete_logs(prefix=[run_id])
    event_type = SqlEventLogStorageTable.c.dagster_event_type
    return _delete_events(
        instance,
        run_id,
        db.or_(event_type.is_(None), event_type.not_in(sorted(KEPT_EVENT_TYPES))),
    )


def _delete_events(instance: DagsterInstance, run_id: str, which) -> int:
    storage = instance.event_log_storage
    if not isinstance(storage, SqlEventLogStorage):
        return 0
    # No public API deletes part of a run's events: this uses the SQL event log's table
    # (SQLite and PostgreSQL storages alike), as orchestration/erasure.py does.
    table = SqlEventLogStorageTable
    with storage.run_connection(run_id) as conn:
        result = conn.execute(table.delete().where(table.c.run_id == run_id, which))
    return result.rowcount or 0


# --- compaction of successful runs, within minutes ---


def runs_to_compact(instance: DagsterInstance, limit: int | None = None) -> list[str]:
    """Successful runs of COMPACTED_JOBS that finished after their job's cursor, oldest first."""
    run_ids: list[str] = []
    for job_name in COMPACTED_JOBS:
        run_ids.extend(r.dagster_run.run_id for r in _uncompacted(instance, job_name, limit))
    return run_ids[:limit] if limit is not None else run_ids


def compact_successful_runs(instance: DagsterInstance) -> RetentionOutcome:
    """Drop the REDUNDANT_EVENT_TYPES of every successful run not compacted yet."""
    runs = events = 0
    for job_name in COMPACTED_JOBS:
        while records := _uncompacted(instance, job_name, BATCH):
            for record in records:
                events += _delete_events(
                    instance,
                    record.dagster_run.run_id,
                    SqlEventLogStorageTable.c.dagster_event_type.in_(sorted(REDUNDANT_EVENT_TYPES)),
                )
                runs += 1
            # A finished run's record is not updated again: its update time is a cursor.
            newest = records[-1].update_timestamp.isoformat()
            instance.run_storage.set_cursor_values({COMPACTION_CURSOR + job_name: newest})
    if events:
        reclaim_event_log_space(instance)
    return RetentionOutcome(runs=runs, events=events, files=0)


def reclaim_event_log_space(instance: DagsterInstance) -> bool:
    """VACUUM the event log (PostgreSQL storage): its deleted rows' space becomes reusable
    at once. Plain VACUUM takes no lock that stops runs reading or writing events."""
    storage = instance.event_log_storage
    if not isinstance(storage, SqlEventLogStorage):
        return False
    # The storage's own connection (its search_path names Dagster's schema), as
    # _delete_events uses; a SQLite storage has nothing to gain here.
    with storage.index_connection() as conn:
        if conn.dialect.name != "postgresql":
            return False
        # VACUUM cannot run inside a transaction block.
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(db.text(f"VACUUM {SqlEventLogStorageTable.name}"))
    return True


def _uncompacted(instance: DagsterInstance, job_name: str, limit: int | None):
    stored = instance.run_storage.get_cursor_values({COMPACTION_CURSOR + job_name})
    since = stored.get(COMPACTION_CURSOR + job_name)
    return instance.get_run_records(
        filters=RunsFilter(
            job_name=job_name,
            statuses=[DagsterRunStatus.SUCCESS],
            updated_after=datetime.fromisoformat(since) if since else None,
        ),
        limit=limit,
        order_by="update_timestamp",
        ascending=True,
    )


def _delete_run_files(instance: DagsterInstance, run_id: str) -> int:
    """The IO manager keeps op outputs under <storage>/<run_id>/<step>; returns how many
    files went (compute logs, also kept there by a local instance, are not counted)."""
    path = Path(instance.storage_directory()) / run_id
    if not path.is_dir():
        return 0
    count = sum(1 for p in path.rglob("*") if p.is_file() and "compute_logs" not in p.parts)
    shutil.rmtree(path, ignore_errors=True)
    return count
