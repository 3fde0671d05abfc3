"""The jobs: one processes a seller's pending uploads (the seller's partition of every
asset); one rebuilds a seller's marts alone, after an upload was deleted; one does the
billing housekeeping; one erases what Dagster holds of deleted sellers and uploads."""

from dagster import (
    AssetSelection,
    Backoff,
    OpExecutionContext,
    RetryPolicy,
    define_asset_job,
    in_process_executor,
    job,
    op,
)
from sqlalchemy.orm import Session

from mi_core.billing.grace import downgrade_expired_grace
from mi_core.billing.usage import release_all_waiting_uploads
from mi_core.erasure import erasure_done, pending_erasures
from mi_core.pipeline import (
    BILLING_HOUSEKEEPING_JOB,
    DAGSTER_COMPACTION_JOB,
    DAGSTER_RETENTION_JOB,
    ERASE_SELLERS_JOB,
    PROCESS_UPLOAD_JOB,
    REFRESH_MARTS_JOB,
    RUN_CONFIG,
)
from mi_core.settings import get_settings
from orchestration.assets.marts import MARTS_GROUP
from orchestration.erasure import erase_request
from orchestration.hooks import report_failure_to_sentry
from orchestration.partitions import seller_partitions
from orchestration.resources import WarehouseResource
from orchestration.retention import compact_successful_runs, prune_old_runs

# In-process: a run is one small, sequential chain of steps, and a process per step
# would cost more start-up time than the work itself.
_AFTER_INGESTION = AssetSelection.groups("ingestion").downstream()
process_upload_job = define_asset_job(
    name=PROCESS_UPLOAD_JOB,
    # The whole marts group, not only what is downstream of ingestion: the dbt models
    # over tables the portal writes (costs, expenses, category corrections) have no
    # asset upstream and feed fct_sales and the tax marts.
    selection=_AFTER_INGESTION | AssetSelection.groups(MARTS_GROUP),
    partitions_def=seller_partitions,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    hooks={report_failure_to_sentry},
    description=(
        "Validate and load every pending upload of a seller (claimed when the run starts, in"
        " upload order), then cluster and build the marts once."
    ),
)

refresh_marts_job = define_asset_job(
    name=REFRESH_MARTS_JOB,
    selection=AssetSelection.groups(MARTS_GROUP),
    partitions_def=seller_partitions,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    hooks={report_failure_to_sentry},
    description=(
        "Rebuild a seller's marts alone: after an upload was deleted (its rows leave them), "
        "a cost, business-expense or category-correction change."
    ),
)

# Database hiccups and an SMTP server that is briefly away are worth a few more tries.
_HOUSEKEEPING_RETRIES = RetryPolicy(max_retries=3, delay=10, backoff=Backoff.EXPONENTIAL)


@op(retry_policy=_HOUSEKEEPING_RETRIES)
def end_expired_grace_periods(context: OpExecutionContext, warehouse: WarehouseResource) -> int:
    """Sellers whose failed payment outlived the grace period go to free, emailed once."""
    downgraded = downgrade_expired_grace(warehouse.engine(), get_settings())
    context.log.info(f"{downgraded} plan(s) downgraded after the grace period.")
    return downgraded


@op(retry_policy=_HOUSEKEEPING_RETRIES)
def release_waiting_rows(context: OpExecutionContext, warehouse: WarehouseResource) -> int:
    """Uploads whose waiting rows now fit the allowance (a new month) are pending again;
    pending_uploads_sensor starts their runs."""
    with Session(warehouse.engine()) as session:
        released = release_all_waiting_uploads(session, get_settings())
        session.commit()
    context.log.info(f"{len(released)} upload(s) released.")
    return len(released)


@job(
    name=BILLING_HOUSEKEEPING_JOB,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    description=(
        "Billing housekeeping: ends grace periods of failed payments (the seller is emailed) "
        "and re-submits uploads whose waiting rows now fit the allowance (e.g. a new month)."
    ),
)
def billing_housekeeping_job():
    end_expired_grace_periods()
    release_waiting_rows()


@op(retry_policy=_HOUSEKEEPING_RETRIES)
def erase_requested_data(context: OpExecutionContext, warehouse: WarehouseResource) -> int:
    """Carry out the erasure requests of deleted accounts and uploads, oldest first.

    Logs counts only: this run's own log must not name whom it erased.
    """
    engine = warehouse.engine()
    done = waiting = runs = 0
    for request in pending_erasures(engine):
        outcome = erase_request(context.instance, request)
        if outcome is None:
            waiting += 1
            continue
        erasure_done(engine, request.request_id)
        done += 1
        runs += outcome.runs
    context.log.info(
        f"{done} erasure request(s) carried out ({runs} run(s) erased); {waiting} wait for"
        " a run in progress."
    )
    return done


@job(
    name=ERASE_SELLERS_JOB,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    description=(
        "Erases what Dagster holds of deleted sellers and uploads: their runs, event logs,"
        " compute logs, IO-manager files and the seller's partition."
    ),
)
def erase_sellers_job():
    erase_requested_data()


@op(retry_policy=_HOUSEKEEPING_RETRIES)
def prune_old_run_storage(context: OpExecutionContext) -> None:
    """Compute logs, IO-manager files and step-level events of runs older than the retention.

    Returns nothing, so this job leaves no IO-manager file of its own.
    """
    days = get_settings().dagster_retention_days
    outcome = prune_old_runs(context.instance, days)
    context.log.info(
        f"Pruned {outcome.runs} run(s) older than {days:g} day(s): {outcome.events} event(s),"
        f" {outcome.files} IO-manager file(s)."
    )


@job(
    name=DAGSTER_RETENTION_JOB,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    description=(
        "Keeps Dagster's storage bounded: prunes compute logs, IO-manager files and step-level"
        " events of runs older than MI_DAGSTER_RETENTION_DAYS; run records, materialisations"
        " and check results stay."
    ),
)
def dagster_retention_job():
    prune_old_run_storage()


@op(retry_policy=_HOUSEKEEPING_RETRIES)
def compact_finished_runs(context: OpExecutionContext) -> None:
    """The events successful upload and marts runs no longer need (REDUNDANT_EVENT_TYPES).

    Returns nothing, so this job leaves no IO-manager file of its own.
    """
    outcome = compact_successful_runs(context.instance)
    context.log.info(f"Compacted {outcome.runs} run(s): {outcome.events} redundant event(s).")


@job(
    name=DAGSTER_COMPACTION_JOB,
    executor_def=in_process_executor,
    config=RUN_CONFIG,
    description=(
        "Keeps Dagster's event log lean: drops the events of successful upload and marts runs"
        " whose content another record keeps (step outputs, planned checks, skipped hooks);"
        " runs, steps, logs, materialisations and check results stay."
    ),
)
def dagster_compaction_job():
    compact_finished_runs()
