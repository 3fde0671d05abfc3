"""Housekeeping schedules that run a job only in a minute with work (issue 14): an
operator sees a run when there was something to do, and an idle minute only a skipped
tick. Every such schedule (billing, erasure, Dagster's compaction, mails, the upload watch) is
built here.
"""

from collections.abc import Callable

from dagster import (
    DagsterRunStatus,
    DefaultScheduleStatus,
    JobDefinition,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    schedule,
)

from orchestration.resources import WarehouseResource

WorkCheck = Callable[[ScheduleEvaluationContext, WarehouseResource], RunRequest | SkipReason]

_UNFINISHED = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]


def when_there_is_work(
    *, name: str, job: JobDefinition, description: str, while_running: str | None = None
) -> Callable[[WorkCheck], ScheduleDefinition]:
    """Decorate `check(context, warehouse)`, which answers a RunRequest (with tags that say what
    waits) or a SkipReason, into a schedule of `job` that asks it every minute.

    With `while_running` (the skip reason), a minute with work still launches nothing
    while a run of the job is unfinished: one retrying with backoff (an SMTP server
    away) must not be joined by one a minute, filling the run queue's slots.
    """

    def decorate(check: WorkCheck) -> ScheduleDefinition:
        @schedule(
            name=name,
            job=job,
            cron_schedule="* * * * *",
            execution_timezone="UTC",
            default_status=DefaultScheduleStatus.RUNNING,
            description=description,
        )
        def every_minute(
            context: ScheduleEvaluationContext, warehouse: WarehouseResource
        ) -> RunRequest | SkipReason:
            answer = check(context, warehouse)
            if isinstance(answer, RunRequest) and while_running and _unfinished(context, job):
                return SkipReason(while_running)
            return answer

        return every_minute

    return decorate


def _unfinished(context: ScheduleEvaluationContext, job: JobDefinition) -> bool:
    runs = context.instance.get_runs(
        filters=RunsFilter(job_name=job.name, statuses=_UNFINISHED), limit=1
    )
    return bool(runs)
