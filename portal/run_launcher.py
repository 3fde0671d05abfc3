"""The fast path from a stored upload to its Dagster run.

Right after an upload is committed, ask the Dagster webserver to start its run, so the
seller does not wait for the next sensor tick (Dagster's sensor loop runs every 5 s).
This is only an accelerator: if Dagster cannot be reached, the upload stays pending and
`pending_uploads_sensor` launches it after a short grace period. Launching twice would
be harmless (a run claims only uploads still pending; one that finds none does nothing),
and recording the run id on the upload keeps the sensor from doing so.

A run claims every pending upload of its seller when it starts (and those registered
while it ingests), so while a run of the seller is queued but not started, no other is
submitted: that run will take this upload too (the sensor stays the fallback should it
never start).

The portal speaks Dagster's GraphQL API with the names of the core's pipeline contract
(`mi_core.pipeline`) and never imports Dagster itself.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx
from sqlalchemy import Engine, update

from mi_core.models import Upload, UploadStatus
from mi_core.pipeline import (
    CODE_LOCATION,
    NOT_YET_CLAIMING_RUN_STATUSES,
    PARTITION_TAG,
    PROCESS_UPLOAD_JOB,
    REPOSITORY,
    RUN_CONFIG,
    SELLER_PARTITIONS,
    TENANT_TAG,
    UPLOAD_TAG,
)
from mi_core.settings import Settings

log = logging.getLogger(__name__)

_TIMEOUT_SECONDS = 10
_REPOSITORY_SELECTOR = {"repositoryLocationName": CODE_LOCATION, "repositoryName": REPOSITORY}

_ADD_PARTITION = """
mutation AddSeller($selector: RepositorySelector!, $name: String!, $key: String!) {
  addDynamicPartition(repositorySelector: $selector, partitionsDefName: $name,
                      partitionKey: $key) {
    __typename
  }
}
"""
_PARTITION_ADDED = {"AddDynamicPartitionSuccess", "DuplicateDynamicPartitionError"}

_LAUNCH_RUN = """
mutation LaunchUploadRun($executionParams: ExecutionParams!) {
  launchPipelineExecution(executionParams: $executionParams) {
    __typename
    ... on LaunchPipelineRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on PipelineNotFoundError { message }
    ... on PipelineRunConflict { message }
    ... on UnauthorizedError { message }
  }
}
"""


_UNSTARTED_RUNS = """
query UnstartedSellerRuns($filter: RunsFilter!) {
  runsOrError(filter: $filter, limit: 1) {
    __typename
    ... on Runs { results { runId } }
    ... on PythonError { message }
  }
}
"""


class DagsterUnavailableError(RuntimeError):
    """Dagster answered, but not with what the fast path needs (the sensor will launch)."""


def start_upload_run(
    settings: Settings, engine: Engine, upload_id: uuid.UUID, seller_id: uuid.UUID
) -> str | None:
    """Submit the upload's run (or join the seller's run that has not started yet); returns
    its id, or None when the sensor must do it."""
    try:
        run_id = _unstarted_run_of(settings, seller_id)
        if run_id is not None:
            log.info("Upload %s joins run %s of its seller, not started yet.", upload_id, run_id)
        else:
            _add_seller_partition(settings, seller_id)
            run_id = _launch_run(settings, upload_id, seller_id)
    except (httpx.HTTPError, DagsterUnavailableError, OSError, KeyError, ValueError) as err:
        log.info(
            "Dagster not reachable for upload %s (%s); the sensor will start it.",
            upload_id,
            type(err).__name__,
        )
        return None
    with engine.begin() as conn:
        conn.execute(
            update(Upload)
            .where(Upload.id == upload_id, Upload.status == UploadStatus.PENDING)
            .values(dagster_run_id=run_id)
        )
    return run_id


def _graphql(settings: Settings, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(
        f"http://{settings.dagster_host}:{settings.dagster_port}/graphql",
        json={"query": query, "variables": variables},
        timeout=_TIMEOUT_SECONDS,
    )
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise DagsterUnavailableError(str(body["errors"])[:500])
    return body["data"]


def _unstarted_run_of(settings: Settings, seller_id: uuid.UUID) -> str | None:
    """A process_upload run of the seller that will still claim its pending uploads."""
    run_filter = {
        "pipelineName": PROCESS_UPLOAD_JOB,
        "tags": [{"key": TENANT_TAG, "value": str(seller_id)}],
        "statuses": list(NOT_YET_CLAIMING_RUN_STATUSES),
    }
    runs = _graphql(settings, _UNSTARTED_RUNS, {"filter": run_filter})["runsOrError"]
    if runs["__typename"] != "Runs":
        raise DagsterUnavailableError(f"listing runs failed: {runs.get('message', '')}")
    results = runs["results"]
    return results[0]["runId"] if results else None


def _add_seller_partition(settings: Settings, seller_id: uuid.UUID) -> None:
    data = _graphql(
        settings,
        _ADD_PARTITION,
        {"selector": _REPOSITORY_SELECTOR, "name": SELLER_PARTITIONS, "key": str(seller_id)},
    )
    outcome = data["addDynamicPartition"]["__typename"]
    if outcome not in _PARTITION_ADDED:
        raise DagsterUnavailableError(f"adding the seller's partition failed: {outcome}")


def _launch_run(settings: Settings, upload_id: uuid.UUID, seller_id: uuid.UUID) -> str:
    tags = {PARTITION_TAG: str(seller_id), TENANT_TAG: str(seller_id), UPLOAD_TAG: str(upload_id)}
    params = {
        "selector": {**_REPOSITORY_SELECTOR, "pipelineName": PROCESS_UPLOAD_JOB},
        "runConfigData": RUN_CONFIG,
        "mode": "default",
        "executionMetadata": {"tags": [{"key": k, "value": v} for k, v in tags.items()]},
    }
    result = _graphql(settings, _LAUNCH_RUN, {"executionParams": params})
    launched = result["launchPipelineExecution"]
    if launched["__typename"] not in {"LaunchRunSuccess", "LaunchPipelineRunSuccess"}:
        raise DagsterUnavailableError(
            f"launching the run failed: {launched['__typename']} {launched.get('message', '')}"
        )
    return launched["run"]["runId"]
