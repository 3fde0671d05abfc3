"""Sensors that connect the durable `uploads` table to Dagster runs, built by
`build_sensors(settings)` (intervals come from settings, read when the definitions load).

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
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    run_failure_sensor,
    run_status_sensor,
    sensor,
)

from mi_core import upload_status
from mi_core.pipeline import TENANT_TAG, UPLOAD_TAG
from mi_core.refresh_queue import deletions_awaiting_refresh
from mi_core.settings import Settings
from orchestration.jobs import process_upload_job, refresh_marts_job
from orchestration.partitions import seller_partitions
from orchestration.resources import WarehouseResource


def upload_run_request(pending: upload_status.PendingUpload) -> RunRequest:
    return RunRequest(
        run_key=pending.run_key,
        partition_key=str(pending.seller_id),
        tags={TENANT_TAG: str(pending.seller_id), UPLOAD_TAG: str(pending.upload_id)},
    )


def build_sensors(settings: Settings) -> list[SensorDefinition]:
    interval = settings.upload_sensor_interval_seconds
    return [
        pending_uploads_sensor(interval, settings.upload_fast_path_grace_seconds),
        deleted_uploads_sensor(interval),
        *upload_outcome_sensors(interval),
    ]


def pending_uploads_sensor(interval: int, fast_path_grace: float) -> SensorDefinition:
    @sensor(
        name="pending_uploads_sensor",
        job=process_upload_job,
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Launches a run for every upload registered as pending.",
    )
    def _sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> SensorResult:
        pending = upload_status.pending_uploads(warehouse.engine(), grace_seconds=fast_path_grace)
        known = set(context.instance.get_dynamic_partitions(seller_partitions.name))
        new_sellers = sorted({str(p.seller_id) for p in pending} - known)
        return SensorResult(
            run_requests=[upload_run_request(p) for p in pending],
            dynamic_partitions_requests=(
                [seller_partitions.build_add_request(new_sellers)] if new_sellers else []
            ),
        )

    return _sensor


def deleted_uploads_sensor(interval: int) -> SensorDefinition:
    @sensor(
        name="deleted_uploads_sensor",
        job=refresh_marts_job,
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Rebuilds a seller's marts after an upload was deleted, so its rows leave.",
    )
    def _sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> list[RunRequest]:
        # One run per newest queue entry: a later deletion asks again, a repeat does not.
        return [
            RunRequest(
                run_key=f"refresh:{tenant_id}:{newest}",
                partition_key=str(tenant_id),
                tags={TENANT_TAG: str(tenant_id)},
            )
            for tenant_id, newest in deletions_awaiting_refresh(warehouse.engine())
        ]

    return _sensor


def _upload_of(run_tags: dict[str, str]) -> uuid.UUID | None:
    tag = run_tags.get(UPLOAD_TAG)
    return uuid.UUID(tag) if tag else None


def failure_message(context: RunFailureSensorContext) -> str:
    for event in context.get_step_failure_events():
        error = event.step_failure_data.error
        if error is not None:
            return f"Processing failed at step {event.step_key}: {error.message.strip()}"
    return context.failure_event.message or "Processing failed."


def upload_outcome_sensors(interval: int) -> list[SensorDefinition]:
    """Write each process_upload run's outcome back to its upload."""

    @run_status_sensor(
        name="upload_completed_sensor",
        run_status=DagsterRunStatus.SUCCESS,
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks an upload completed when its run succeeds.",
    )
    def completed(context: RunStatusSensorContext, warehouse: WarehouseResource):
        upload_id = _upload_of(context.dagster_run.tags)
        if upload_id:
            upload_status.mark_completed(warehouse.engine(), upload_id)

    @run_failure_sensor(
        name="upload_failed_sensor",
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks an upload failed, with the reason, when its run fails.",
    )
    def failed(context: RunFailureSensorContext, warehouse: WarehouseResource):
        upload_id = _upload_of(context.dagster_run.tags)
        if upload_id:
            upload_status.mark_failed(warehouse.engine(), upload_id, failure_message(context))

    @run_status_sensor(
        name="upload_canceled_sensor",
        run_status=DagsterRunStatus.CANCELED,
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks an upload failed when an operator cancels its run.",
    )
    def canceled(context: RunStatusSensorContext, warehouse: WarehouseResource):
        upload_id = _upload_of(context.dagster_run.tags)
        if upload_id:
            upload_status.mark_failed(
                warehouse.engine(), upload_id, "Processing was cancelled by an operator."
            )

    return [completed, failed, canceled]
