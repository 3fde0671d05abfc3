"""The fast path from a stored upload to its Dagster run.

Right after an upload is committed, ask the Dagster webserver to start its run, so the
seller does not wait for the next sensor tick (Dagster's sensor loop runs every 5 s).
This is only an accelerator: if Dagster cannot be reached, the upload stays pending and
`pending_uploads_sensor` launches it after a short grace period. Launching twice would
be harmless (a re-run replaces exactly the upload's rows), and recording the run id on
the upload keeps the sensor from doing so.
"""

from __future__ import annotations

import logging
import uuid

import httpx
from dagster_graphql import DagsterGraphQLClient, DagsterGraphQLClientError
from sqlalchemy import Engine, update

from orchestration.jobs import process_upload_job
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from portal.models import Upload, UploadStatus
from portal.settings import Settings

log = logging.getLogger(__name__)

# As named in workspace.yaml; a single Definitions object is Dagster's "__repository__".
CODE_LOCATION = "mercari_intelligence"
REPOSITORY = "__repository__"
_TIMEOUT_SECONDS = 10

_ADD_PARTITION = """
mutation AddSeller($selector: RepositorySelector!, $name: String!, $key: String!) {
  addDynamicPartition(repositorySelector: $selector, partitionsDefName: $name,
                      partitionKey: $key) {
    __typename
  }
}
"""
_PARTITION_ADDED = {"AddDynamicPartitionSuccess", "DuplicateDynamicPartitionError"}


def start_upload_run(
    settings: Settings, engine: Engine, upload_id: uuid.UUID, seller_id: uuid.UUID
) -> str | None:
    """Submit the upload's run; returns its id, or None when the sensor must do it."""
    try:
        _add_seller_partition(settings, seller_id)
        client = DagsterGraphQLClient(
            settings.dagster_host, port_number=settings.dagster_port, timeout=_TIMEOUT_SECONDS
        )
        run_id = client.submit_job_execution(
            process_upload_job.name,
            repository_location_name=CODE_LOCATION,
            repository_name=REPOSITORY,
            tags={
                "dagster/partition": str(seller_id),
                TENANT_TAG: str(seller_id),
                UPLOAD_TAG: str(upload_id),
            },
        )
    except (httpx.HTTPError, DagsterGraphQLClientError, RuntimeError, OSError) as err:
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


def _add_seller_partition(settings: Settings, seller_id: uuid.UUID) -> None:
    response = httpx.post(
        f"http://{settings.dagster_host}:{settings.dagster_port}/graphql",
        json={
            "query": _ADD_PARTITION,
            "variables": {
                "selector": {
                    "repositoryLocationName": CODE_LOCATION,
                    "repositoryName": REPOSITORY,
                },
                "name": seller_partitions.name,
                "key": str(seller_id),
            },
        },
        timeout=_TIMEOUT_SECONDS,
    )
    response.raise_for_status()
    outcome = response.json()["data"]["addDynamicPartition"]["__typename"]
    if outcome not in _PARTITION_ADDED:
        raise RuntimeError(f"adding the seller's partition failed: {outcome}")
