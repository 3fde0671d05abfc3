"""Sensors that connect the durable `uploads` table to Dagster runs.

`pending_uploads_sensor` turns every pending upload into a run of its seller's
partition (the run key is the upload id, so an upload is launched once however
often it is seen). If Dagster is down when an upload arrives, the row simply waits
as pending. `deleted_uploads_sensor` rebuilds a seller's marts after an upload was
deleted. The run-status sensors write each run's outcome back to `uploads`.
"""

import uuid

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    RunStatusSensorContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    run_failure_sensor,
    run_status_sensor,
    sensor,
)

from orchestration import upload_status
from orchestration.assets.marts import deletions_awaiting_refresh
from orchestration.jobs import process_upload_job, refresh_marts_job
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from orchestration.resources import WarehouseResource
from portal.settings import get_settings

SENSOR_INTERVAL = get_settings().upload_sensor_interval_seconds
FAST_PATH_GRACE = get_settings().upload_fast_path_grace_seconds
BILLING_INTERVAL = 60


def upload_run_request(pending: upload_status.PendingUpload) -> RunRequest:
    return RunRequest(
        run_key=pending.run_key,
        partition_key=str(pending.seller_id),
        tags={TENANT_TAG: str(pending.seller_id), UPLOAD_TAG: str(pending.upload_id)},
    )


@sensor(
    job=process_upload_job,
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description="Launches a run for every upload registered as pending.",
)
def pending_uploads_sensor(
    context: SensorEvaluationContext, warehouse: WarehouseResource
) -> SensorResult:
    pending = upload_status.pending_uploads(warehouse.engine(), grace_seconds=FAST_PATH_GRACE)
    known = set(context.instance.get_dynamic_partitions(seller_partitions.name))
    new_sellers = sorted({str(p.seller_id) for p in pending} - known)
    return SensorResult(
        run_requests=[upload_run_request(p) for p in pending],
        dynamic_partitions_requests=(
            [seller_partitions.build_add_request(new_sellers)] if new_sellers else []
        ),
    )


@sensor(
    job=refresh_marts_job,
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description="Rebuilds a seller's marts after an upload was deleted, so its rows leave them.",
)
def deleted_uploads_sensor(
    context: SensorEvaluationContext, warehouse: WarehouseResource
) -> list[RunRequest]:
    # One run per newest queue entry: a later deletion asks again, a repeat does not.
    return [
        RunRequest(
            run_key=f"refresh:{tenant_id}:{newest}",
            partition_key=str(tenant_id),
            tags={TENANT_TAG: str(tenant_id)},
        )
        for tenant_id, newest in deletions_awaiting_refresh(warehouse.engine())
    ]


def _upload_of(run_tags: dict[str, str]) -> uuid.UUID | None:
    tag = run_tags.get(UPLOAD_TAG)
    return uuid.UUID(tag) if tag else None


@run_status_sensor(
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[process_upload_job],
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description="Marks an upload completed when its run succeeds.",
)
def upload_completed_sensor(context: RunStatusSensorContext, warehouse: WarehouseResource):
    upload_id = _upload_of(context.dagster_run.tags)
    if upload_id:
        upload_status.mark_completed(warehouse.engine(), upload_id)


@run_failure_sensor(
    monitored_jobs=[process_upload_job],
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description="Marks an upload failed, with the reason, when its run fails.",
)
def upload_failed_sensor(context: RunFailureSensorContext, warehouse: WarehouseResource):
    upload_id = _upload_of(context.dagster_run.tags)
    if upload_id:
        upload_status.mark_failed(warehouse.engine(), upload_id, failure_message(context))


def failure_message(context: RunFailureSensorContext) -> str:
    for event in context.get_step_failure_events():
        error = event.step_failure_data.error
        if error is not None:
            return f"Processing failed at step {event.step_key}: {error.message.strip()}"
    return context.failure_event.message or "Processing failed."


@run_status_sensor(
    run_status=DagsterRunStatus.CANCELED,
    monitored_jobs=[process_upload_job],
    minimum_interval_seconds=SENSOR_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description="Marks an upload failed when an operator cancels its run.",
)
def upload_canceled_sensor(context: RunStatusSensorContext, warehouse: WarehouseResource):
    upload_id = _upload_of(context.dagster_run.tags)
    if upload_id:
        upload_status.mark_failed(
            warehouse.engine(), upload_id, "Processing was cancelled by an operator."
        )


@sensor(
    minimum_interval_seconds=BILLING_INTERVAL,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Billing housekeeping: ends grace periods of failed payments (the seller is emailed) "
        "and re-submits uploads whose waiting rows now fit the allowance (e.g. a new month)."
    ),
)
def billing_sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> SkipReason:
    from sqlalchemy.orm import Session

    from portal.billing.usage import release_all_waiting_uploads
    from portal.billing.webhooks import downgrade_expired_grace

    engine = warehouse.engine()
    settings = get_settings()
    downgraded = downgrade_expired_grace(engine, settings)
    with Session(engine) as session:
        released = release_all_waiting_uploads(session, settings)
        session.commit()
    # Released uploads are pending again: pending_uploads_sensor starts their runs.
    return SkipReason(f"{downgraded} plans downgraded, {len(released)} uploads released")
