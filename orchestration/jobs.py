"""The job that processes one upload: its seller's partition of every asset."""

from dagster import AssetSelection, define_asset_job, in_process_executor

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
