"""Operations jobs, schedules and alerts (issue 14): the sellers' upload mails, stuck
uploads, the waiting-uploads alert and Dagster's own run-failure email sensor.

Each job runs from a schedule that skips an idle minute (orchestration.schedules), so
an operator sees a run only when there was work; each op has a retry policy with backoff.
"""

from dagster import (
    Backoff,
    DefaultSensorStatus,
    OpExecutionContext,
    RetryPolicy,
    RunRequest,
    ScheduleEvaluationContext,
    SensorDefinition,
    SkipReason,
    in_process_executor,
    job,
    make_email_on_run_failure_sensor,
    op,
)

from mi_core import notifications, operations
from mi_core.pipeline import RUN_CONFIG, SEND_NOTIFICATIONS_JOB, WATCH_UPLOADS_JOB
from mi_core.settings import Settings, get_settings
from orchestration.resources import WarehouseResource
from orchestration.schedules import when_there_is_work

# An SMTP server that is briefly away, a database hiccup: worth a few more tries soon.
_RETRIES = RetryPolicy(max_retries=3, delay=15, backoff=Backoff.EXPONENTIAL)


@op(retry_policy=_RETRIES)
def send_upload_emails(context: OpExecutionContext, warehouse: WarehouseResource) -> int:
    """Mail what the outbox holds; a refused delivery fails the op, which is retried."""
    result = notifications.send_pending(warehouse.engine(), get_settings())
    context.log.info(
        f"{result.sent} mail(s) sent, {result.skipped} skipped (opted out), "
        f"{result.failed} given up."
    )
    return result.sent


@job(
    config=RUN_CONFIG,
    name=SEND_NOTIFICATIONS_JOB,
    executor_def=in_process_executor,
    description="Mails sellers about their uploads (completed, failed, rows waiting).",
)
def send_notifications_job():
    send_upload_emails()


@op(retry_policy=_RETRIES)
def requeue_stuck_uploads(context: OpExecutionContext, warehouse: WarehouseResource) -> int:
    """Uploads stuck processing, or pending with no run, go back in the queue once; the
    second time they are failed with a reason the seller can read."""
    engine = warehouse.engine()
    outcome = operations.requeue_or_fail(engine, operations.stuck_uploads(engine, get_settings()))
    context.log.info(f"{len(outcome.requeued)} re-queued, {len(outcome.failed)} failed.")
    return len(outcome.requeued) + len(outcome.failed)


@op(retry_policy=_RETRIES)
def alert_on_waiting_uploads(context: OpExecutionContext, warehouse: WarehouseResource) -> str:
    """Mail the operators once when uploads wait longer than the threshold."""
    outcome = operations.alert_on_waiting_uploads(warehouse.engine(), get_settings())
    context.log.info(outcome)
    return outcome


@job(
    config=RUN_CONFIG,
    name=WATCH_UPLOADS_JOB,
    executor_def=in_process_executor,
    description=(
        "Watches the upload queue: re-queues stuck uploads once, then fails them with a "
        "reason; alerts the operators (once per episode) when uploads wait too long."
    ),
)
def watch_uploads_job():
    requeue_stuck_uploads()
    alert_on_waiting_uploads()


@when_there_is_work(
    name="send_notifications_schedule",
    job=send_notifications_job,
    description="Every minute, when the outbox holds mails to send.",
    while_running="The previous run is still sending.",
)
def send_notifications_schedule(
    context: ScheduleEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    pending = notifications.pending_count(warehouse.engine())
    if not pending:
        return SkipReason("No mail to send.")
    return RunRequest(tags={"mi/pending_mails": str(pending)})


@when_there_is_work(
    name="watch_uploads_schedule",
    job=watch_uploads_job,
    description=(
        "Every minute, when an upload is stuck or the waiting-uploads alert must be raised "
        "or cleared."
    ),
    while_running="The previous run is still at work.",
)
def watch_uploads_schedule(
    context: ScheduleEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    engine, settings = warehouse.engine(), get_settings()
    stuck = len(operations.stuck_uploads(engine, settings))
    state = operations.wait_state(engine, settings)
    if not (stuck or state.needs_action):
        return SkipReason("No stuck upload, and the waiting-uploads alert is as it should be.")
    return RunRequest(tags={"mi/stuck_uploads": str(stuck), "mi/waiting": str(state.waiting)})


def run_failure_email_sensor(settings: Settings) -> list[SensorDefinition]:
    """Dagster's own run-failure alerting to MI_OPERATOR_EMAILS (none when unset).

    Dagster's helper logs in to the SMTP server over SSL or STARTTLS, so it needs
    MI_SMTP_PASSWORD; without it the sensor is left out (and `mi serve` says nothing).
    """
    recipients = settings.operator_email_list
    if not recipients or settings.smtp_password is None:
        return []
    return [
        make_email_on_run_failure_sensor(
            name="email_on_run_failure",
            email_from=settings.smtp_from,
            email_password=settings.smtp_password.get_secret_value(),
            email_to=recipients,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_type=settings.smtp_security,
            smtp_user=settings.smtp_user or settings.smtp_from,
            webserver_base_url=settings.dagster_ui_base_url,
            monitor_all_code_locations=False,
            default_status=DefaultSensorStatus.RUNNING,
        )
    ]


operations_jobs = [send_notifications_job, watch_uploads_job]
operations_schedules = [send_notifications_schedule, watch_uploads_schedule]
