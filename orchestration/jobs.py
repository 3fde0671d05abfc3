"""The jobs: one processes an upload (its seller's partition of every asset); the other
rebuilds a seller's marts alone, after an upload was deleted."""

from dagster import AssetSelection, define_asset_job, in_process_executor

from orchestration.assets.marts import mercari_marts
from orchestration.partitions import seller_partitions

# In-process: a run is one small, sequential chain of steps, and a process per step
# would cost more start-up time than the work itself.
process_upload_job = define_asset_job(
    name="process_upload",
    selection=AssetSelection.groups("ingestion").downstream(),
    partitions_def=seller_partitions,
    executor_def=in_process_executor,
    description="Validate, load and build the marts for one uploaded sales report.",
)

refresh_marts_job = define_asset_job(
    name="refresh_marts",
    selection=AssetSelection.assets(mercari_marts),
    partitions_def=seller_partitions,
    executor_def=in_process_executor,
    description="Rebuild a seller's marts after an upload was deleted (its rows leave them).",
)
