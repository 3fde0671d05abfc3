"""Sensors that connect the durable `uploads` table to Dagster runs, built by
`build_sensors(settings)` (intervals come from settings, read when the definitions load).

`pending_uploads_sensor` launches one run of a seller's partition for the seller's
oldest pending upload (the run key is that upload's id, so an upload is launched once
however often it is seen); the run claims every pending upload of the seller when it
starts, so a seller with a run queued but not yet started gets none: that run will take
the new uploads too. If Dagster is down when an upload arrives, the row simply waits as
pending. `marts_refresh_sensor` rebuilds a seller's marts after a change that no
upload run follows: an upload deleted, costs of goods, business expenses or category
corrections changed.
A run marks its uploads completed or failed itself; the run-status sensors are the
safety net that writes the outcome of a run that died (or was cancelled) back to every
upload it left unfinished.
"""

import uuid

from dagster import (
    DagsterInstance,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    RunsFilter,
    RunStatusSensorContext,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    run_failure_sensor,
    run_status_sensor,
    sensor,
)

from mi_core import upload_status
from mi_core.pipeline import (
    NOT_YET_CLAIMING_RUN_STATUSES,
    PROCESS_UPLOAD_JOB,
    TENANT_TAG,
    UPLOAD_TAG,
)
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


NOT_YET_CLAIMING = [DagsterRunStatus(status) for status in NOT_YET_CLAIMING_RUN_STATUSES]


def sellers_with_unstarted_runs(instance: DagsterInstance) -> set[str]:
    """Sellers with a process_upload run that will still claim their pending uploads."""
    runs = instance.get_runs(
        filters=RunsFilter(job_name=PROCESS_UPLOAD_JOB, statuses=NOT_YET_CLAIMING)
    )
    return {run.tags[TENANT_TAG] for run in runs if TENANT_TAG in run.tags}


def runs_to_launch(
    pending: list[upload_status.PendingUpload], covered_sellers: set[str]
) -> list[upload_status.PendingUpload]:
    """One run per seller, for the oldest pending upload (`pending` is oldest first), and
    none for a seller whose unstarted run will claim the uploads anyway."""
    chosen: dict[str, upload_status.PendingUpload] = {}
    for upload in pending:
        seller = str(upload.seller_id)
        if seller not in covered_sellers:
            chosen.setdefault(seller, upload)
    return list(chosen.values())


def build_sensors(settings: Settings) -> list[SensorDefinition]:
    interval = settings.upload_sensor_interval_seconds
    return [
        pending_uploads_sensor(interval, settings.upload_fast_path_grace_seconds),
        marts_refresh_sensor(interval),
        *upload_outcome_sensors(interval),
    ]


def pending_uploads_sensor(interval: int, fast_path_grace: float) -> SensorDefinition:
    @sensor(
        name="pending_uploads_sensor",
        job=process_upload_job,
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description=(
            "Launches one run per seller with pending uploads (the run claims them all),"
            " unless a queued run of the seller will claim them."
        ),
    )
    def _sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> SensorResult:
        pending = upload_status.pending_uploads(warehouse.engine(), grace_seconds=fast_path_grace)
        known = set(context.instance.get_dynamic_partitions(seller_partitions.name))
        new_sellers = sorted({str(p.seller_id) for p in pending} - known)
        launch = (
            runs_to_launch(pending, sellers_with_unstarted_runs(context.instance))
            if pending
            else []
        )
        return SensorResult(
            run_requests=[upload_run_request(p) for p in launch],
            dynamic_partitions_requests=(
                [seller_partitions.build_add_request(new_sellers)] if new_sellers else []
            ),
        )

    return _sensor


def marts_refresh_sensor(interval: int) -> SensorDefinition:
    @sensor(
        name="marts_refresh_sensor",
        job=refresh_marts_job,
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description=(
            "Rebuilds a seller's marts after a change no upload run follows: an upload "
            "deleted (its rows leave), costs of goods, business expenses or category "
            "corrections changed."
        ),
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
    """The safety net: write the outcome of a process_upload run that ended to every upload
    it left unfinished (a run marks its uploads itself when its last step ends)."""

    def unfinished(context: RunStatusSensorContext, warehouse: WarehouseResource):
        run = context.dagster_run
        return upload_status.unfinished_of_run(warehouse.engine(), run.run_id, _upload_of(run.tags))

    @run_status_sensor(
        name="upload_completed_sensor",
        run_status=DagsterRunStatus.SUCCESS,
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks a successful run's uploads completed, if the run did not.",
    )
    def completed(context: RunStatusSensorContext, warehouse: WarehouseResource):
        left = [
            upload_id
            for upload_id in unfinished(context, warehouse)
            # A pending upload the run never claimed waits for the next run.
            if upload_status.is_processing(warehouse.engine(), upload_id)
        ]
        if left:
            upload_status.mark_all_completed(warehouse.engine(), left)

    @run_failure_sensor(
        name="upload_failed_sensor",
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks a failed run's unfinished uploads failed, with the reason.",
    )
    def failed(context: RunFailureSensorContext, warehouse: WarehouseResource):
        message = failure_message(context)
        for upload_id in unfinished(context, warehouse):
            upload_status.mark_failed(warehouse.engine(), upload_id, message)

    @run_status_sensor(
        name="upload_canceled_sensor",
        run_status=DagsterRunStatus.CANCELED,
        monitored_jobs=[process_upload_job],
        minimum_interval_seconds=interval,
        default_status=DefaultSensorStatus.RUNNING,
        description="Marks a cancelled run's unfinished uploads failed.",
    )
    def canceled(context: RunStatusSensorContext, warehouse: WarehouseResource):
        for upload_id in unfinished(context, warehouse):
            upload_status.mark_failed(
                warehouse.engine(), upload_id, "Processing was cancelled by an operator."
            )

    return [completed, failed, canceled]
