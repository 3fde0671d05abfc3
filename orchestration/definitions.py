"""The single Dagster entry point (see workspace.yaml), loaded lazily: importing this
module reads no setting, parses no dbt project and changes no environment variable.

The dbt manifest must exist before the definitions load: `mi serve`, the test session
and the image build prepare it (`orchestration.dbt_project.prepare_manifest`).
"""

from dagster import DefaultScheduleStatus, Definitions, ScheduleDefinition, definitions
from dagster_dbt import DbtCliResource

from mi_core.settings import get_settings
from orchestration.assets.categories import categorised_sales, title_clusters
from orchestration.assets.ingest import ingestion_assets
from orchestration.assets.marts import build_mart_assets
from orchestration.dbt_project import DBT_EXECUTABLE, mercari_dbt_project
from orchestration.jobs import (
    billing_housekeeping_job,
    erase_sellers_job,
    process_upload_job,
    refresh_marts_job,
)
from orchestration.resources import (
    default_categoriser,
    default_upload_storage,
    default_warehouse,
)
from orchestration.sensors import build_sensors

# Every minute: a grace period ends, or a new month frees waiting rows, within a minute.
billing_housekeeping_schedule = ScheduleDefinition(
    name="billing_housekeeping_schedule",
    job=billing_housekeeping_job,
    cron_schedule="* * * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
)

# Every minute: Dagster's copies of a deleted account or upload go within a minute or two
# (a request waits while a run of the seller is still in progress).
erase_sellers_schedule = ScheduleDefinition(
    name="erase_sellers_schedule",
    job=erase_sellers_job,
    cron_schedule="* * * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
)


@definitions
def defs() -> Definitions:
    settings = get_settings()
    project = mercari_dbt_project()
    return Definitions(
        assets=[
            *ingestion_assets,
            categorised_sales,
            title_clusters,
            build_mart_assets(project),
        ],
        jobs=[process_upload_job, refresh_marts_job, billing_housekeeping_job, erase_sellers_job],
        schedules=[billing_housekeeping_schedule, erase_sellers_schedule],
        sensors=build_sensors(settings),
        resources={
            "warehouse": default_warehouse(),
            "upload_storage": default_upload_storage(),
            "categoriser": default_categoriser(settings),
            "dbt": DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE),
        },
    )
