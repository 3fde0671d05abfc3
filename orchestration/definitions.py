"""The single Dagster entry point (see workspace.yaml), loaded lazily: importing this
module reads no setting, parses no dbt project and changes no environment variable.

The dbt manifest must exist before the definitions load: `mi serve`, the test session
and the image build prepare it (`orchestration.dbt_project.prepare_manifest`).
"""

from dagster import (
    DefaultScheduleStatus,
    Definitions,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    definitions,
)
from sqlalchemy.orm import Session

from mi_core.billing.grace import expired_grace_periods
from mi_core.billing.usage import releasable_sellers
from mi_core.erasure import pending_erasures
from mi_core.logging_config import configure_logging
from mi_core.settings import get_settings
from orchestration.assets.categories import categorised_sales, title_clusters
from orchestration.assets.ingest import ingestion_assets
from orchestration.assets.marts import build_mart_assets
from orchestration.dbt_project import DBT_EXECUTABLE, mercari_dbt_project
from orchestration.dbt_resource import MercariDbtResource
from orchestration.jobs import (
    billing_housekeeping_job,
    dagster_compaction_job,
    dagster_retention_job,
    erase_sellers_job,
    process_upload_job,
    refresh_marts_job,
)
from orchestration.logging import json_console_logger
from orchestration.operations import (
    operations_jobs,
    operations_schedules,
    run_failure_email_sensor,
)
from orchestration.resources import (
    WarehouseResource,
    default_categoriser,
    default_upload_storage,
    default_warehouse,
)
from orchestration.retention import BATCH, runs_to_compact
from orchestration.schedules import when_there_is_work
from orchestration.sensors import build_sensors


@when_there_is_work(
    name="billing_housekeeping_schedule",
    job=billing_housekeeping_job,
    description=(
        "Every minute, when there is work: a grace period that ended, or waiting rows a new "
        "month or plan now admits. An idle minute launches no run."
    ),
)
def billing_housekeeping_schedule(
    context: ScheduleEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    engine, settings = warehouse.engine(), get_settings()
    with Session(engine) as session:
        releasable = len(releasable_sellers(session, settings))
    expired = expired_grace_periods(engine, settings)
    if not (releasable or expired):
        return SkipReason("No grace period ended and no waiting rows fit the allowance.")
    return RunRequest(tags={"mi/releasable_sellers": str(releasable), "mi/expired": str(expired)})


@when_there_is_work(
    name="erase_sellers_schedule",
    job=erase_sellers_job,
    description=(
        "Every minute, when an account or upload was deleted: Dagster's copies go within a "
        "minute or two (a request waits while a run of the seller is still in progress)."
    ),
)
def erase_sellers_schedule(
    context: ScheduleEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    pending = len(pending_erasures(warehouse.engine()))
    if not pending:
        return SkipReason("No erasure requested.")
    return RunRequest(tags={"mi/erasure_requests": str(pending)})


@when_there_is_work(
    name="dagster_compaction_schedule",
    job=dagster_compaction_job,
    description=(
        "Every minute, when an upload or marts run succeeded since the last compaction: drops"
        " the events of it that another record keeps (orchestration/retention.py)."
    ),
    while_running="The previous compaction is still at work.",
)
def dagster_compaction_schedule(
    context: ScheduleEvaluationContext, warehouse: WarehouseResource
) -> RunRequest | SkipReason:
    waiting = len(runs_to_compact(context.instance, limit=BATCH))
    if not waiting:
        return SkipReason("No successful upload or marts run to compact.")
    return RunRequest(tags={"mi/runs_to_compact": str(waiting)})


dagster_retention_schedule = ScheduleDefinition(
    name="dagster_retention_schedule",
    job=dagster_retention_job,
    cron_schedule="17 3 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Daily: prunes Dagster's storage of runs older than MI_DAGSTER_RETENTION_DAYS.",
)


@definitions
def defs() -> Definitions:
    settings = get_settings()
    configure_logging("dagster")
    project = mercari_dbt_project()
    return Definitions(
        assets=[
            *ingestion_assets,
            categorised_sales,
            title_clusters,
            build_mart_assets(project),
        ],
        jobs=[
            process_upload_job,
            refresh_marts_job,
            billing_housekeeping_job,
            erase_sellers_job,
            *operations_jobs,
            dagster_retention_job,
            dagster_compaction_job,
        ],
        schedules=[
            billing_housekeeping_schedule,
            erase_sellers_schedule,
            dagster_retention_schedule,
            dagster_compaction_schedule,
            *operations_schedules,
        ],
        sensors=[*build_sensors(settings), *run_failure_email_sensor(settings)],
        # Replaces Dagster's coloured console logger in every job: one format everywhere.
        loggers={"console": json_console_logger},
        resources={
            "warehouse": default_warehouse(),
            "upload_storage": default_upload_storage(settings),
            "categoriser": default_categoriser(settings),
            "dbt": MercariDbtResource(
                project_dir=project,
                dbt_executable=DBT_EXECUTABLE,
                invocation=settings.dbt_invocation,
            ),
        },
    )
