"""The single Dagster entry point (see workspace.yaml)."""

import os

from dagster import Definitions
from dagster_dbt import DbtCliResource

from orchestration.assets.categories import categorised_sales, title_clusters
from orchestration.assets.ingest import loaded_sales, sales_report_file, validated_sales
from orchestration.assets.marts import mercari_marts
from orchestration.dbt_project import DBT_EXECUTABLE, dbt_environment, mercari_dbt_project
from orchestration.jobs import process_upload_job, refresh_marts_job
from orchestration.resources import (
    default_categoriser,
    default_upload_storage,
    default_warehouse,
)
from orchestration.sensors import (
    billing_sensor,
    deleted_uploads_sensor,
    pending_uploads_sensor,
    upload_canceled_sensor,
    upload_completed_sensor,
    upload_failed_sensor,
)

# dbt runs as a subprocess that inherits this environment; its profiles.yml reads these.
os.environ.update(dbt_environment())

defs = Definitions(
    assets=[
        sales_report_file,
        validated_sales,
        loaded_sales,
        categorised_sales,
        title_clusters,
        mercari_marts,
    ],
    jobs=[process_upload_job, refresh_marts_job],
    sensors=[
        pending_uploads_sensor,
        deleted_uploads_sensor,
        upload_completed_sensor,
        upload_failed_sensor,
        upload_canceled_sensor,
        billing_sensor,
    ],
    resources={
        "warehouse": default_warehouse(),
        "upload_storage": default_upload_storage(),
        "categoriser": default_categoriser(),
        "dbt": DbtCliResource(project_dir=mercari_dbt_project, dbt_executable=DBT_EXECUTABLE),
    },
)
