"""Shared steps of the cost tests: run the marts refresh a cost change queued."""

from __future__ import annotations

import uuid

from mi_core.pipeline import TENANT_TAG
from tests.pipeline_helpers import definitions, sensor, warehouse_sensor_context


def refresh_marts(instance, settings, seller_id: uuid.UUID) -> None:
    """What production does after a cost change: the sensor asks for one marts-only run
    tagged with the seller, and that run rebuilds the seller's marts."""
    from orchestration.partitions import seller_partitions

    instance.add_dynamic_partitions(seller_partitions.name, [str(seller_id)])
    requests = [
        r
        for r in sensor("marts_refresh_sensor")(warehouse_sensor_context(instance, settings))
        if r.partition_key == str(seller_id)
    ]
    assert len(requests) == 1, "a cost change must queue exactly one marts refresh"
    assert requests[0].tags[TENANT_TAG] == str(seller_id)
    job = definitions().resolve_job_def("refresh_marts")
    result = job.execute_in_process(
        instance=instance, partition_key=requests[0].partition_key, tags=requests[0].tags
    )
    assert result.success


def queued_refreshes(engine, seller_id: uuid.UUID) -> int:
    from tests.pipeline_helpers import scalar

    return scalar(
        engine,
        "select count(*) from raw.mart_refresh_queue where tenant_id = :t and upload_id is null",
        t=seller_id,
    )
