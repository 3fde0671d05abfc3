"""The pipeline's contract as plain names, shared by the portal (which starts runs through
Dagster's GraphQL API) and the orchestration (which defines them), so neither imports the
other and the portal never loads Dagster."""

from __future__ import annotations

# As named in workspace.yaml; a single Definitions object is Dagster's "__repository__".
CODE_LOCATION = "mercari_intelligence"
REPOSITORY = "__repository__"

# One dynamic partition per seller (see orchestration/partitions.py for why).
SELLER_PARTITIONS = "sellers"

PROCESS_UPLOAD_JOB = "process_upload"
REFRESH_MARTS_JOB = "refresh_marts"
DAGSTER_RETENTION_JOB = "dagster_retention"
# Drops the events a successful upload or marts run no longer needs (issue 14).
DAGSTER_COMPACTION_JOB = "dagster_compaction"
BILLING_HOUSEKEEPING_JOB = "billing_housekeeping"
# Erases Dagster's copies of deleted sellers and uploads (requests from mi_core.erasure).
ERASE_SELLERS_JOB = "erase_sellers"
SEND_NOTIFICATIONS_JOB = "send_notifications"
WATCH_UPLOADS_JOB = "watch_uploads"

# Run tags: the seller (also the partition) and the upload that triggered the run.
TENANT_TAG = "mi/tenant"
UPLOAD_TAG = "mi/upload_id"
# Added by the run when it starts: every upload it claimed (comma-separated, upload order).
UPLOADS_TAG = "mi/upload_ids"
# Dagster's own tag on a re-execution, naming the run it re-executes.
PARENT_RUN_TAG = "dagster/parent_run_id"
# Statuses (Dagster's names) of a process_upload run that has not claimed its seller's
# uploads yet (the claim is its first step): a new upload joins such a run.
NOT_YET_CLAIMING_RUN_STATUSES = ("QUEUED", "NOT_STARTED", "STARTING")
PARTITION_TAG = "dagster/partition"

# Every run's config: the jobs' `console` logger (orchestration/logging.py: JSON lines, the
# product's one format) at INFO. A job's loggers are used only when its run config names
# them, and a run launched with a config of its own (the portal's, through GraphQL) does
# not get the job's default: without this, such runs logged in Dagster's text format at
# DEBUG, each event a second time in the daemon's log and in the step's compute log.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
