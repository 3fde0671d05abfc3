"""The sensor that turns pending uploads into runs, evaluated against real storage."""

from __future__ import annotations

from dagster import DagsterInstance

from mi_core.upload_status import mark_processing
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from tests.pipeline_helpers import register, sensor, warehouse_sensor_context


def evaluate(instance, settings):
    return sensor("pending_uploads_sensor")(warehouse_sensor_context(instance, settings))


def test_pending_uploads_become_tagged_run_requests(settings, engine, seller, sample_report):
    upload_id = register(settings, seller, sample_report)
    with DagsterInstance.ephemeral() as instance:
        result = evaluate(instance, settings)

    requests = {r.run_key: r for r in result.run_requests}
    request = requests[str(upload_id)]
    assert request.partition_key == str(seller.id)
    assert request.tags[TENANT_TAG] == str(seller.id)
    assert request.tags[UPLOAD_TAG] == str(upload_id)
    added = {key for r in result.dynamic_partitions_requests for key in r.partition_keys}
    assert str(seller.id) in added
    mark_processing(engine, upload_id, "test-run")


def test_known_sellers_are_not_added_again_and_started_uploads_are_skipped(
    settings, engine, seller, sample_report
):
    first = register(settings, seller, sample_report)
    second = register(settings, seller, sample_report)
    mark_processing(engine, first, "already-running")
    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
        result = evaluate(instance, settings)

    keys = {r.run_key for r in result.run_requests}
    assert str(second) in keys
    assert str(first) not in keys
    added = {key for r in result.dynamic_partitions_requests for key in r.partition_keys}
    assert str(seller.id) not in added
    mark_processing(engine, second, "test-run")


def test_the_sensor_leaves_fresh_and_submitted_uploads_to_the_fast_path(
    settings, engine, seller, sample_report
):
    from sqlalchemy import text

    from mi_core.upload_status import pending_uploads

    fresh = register(settings, seller, sample_report)
    submitted = register(settings, seller, sample_report)
    with engine.begin() as conn:
        conn.execute(
            text("update uploads set dagster_run_id = 'fast-path-run' where id = :id"),
            {"id": submitted},
        )

    within_grace = {p.upload_id for p in pending_uploads(engine, grace_seconds=3600)}
    after_grace = {p.upload_id for p in pending_uploads(engine, grace_seconds=0)}

    assert fresh not in within_grace
    assert fresh in after_grace
    assert submitted not in after_grace
    mark_processing(engine, fresh, "test-run")
    mark_processing(engine, submitted, "test-run")


def test_billing_housekeeping_is_a_scheduled_job_with_retries(settings, engine, instance):
    """Housekeeping runs as a job (run history, retries), on a schedule, not in a sensor."""
    from tests.pipeline_helpers import definitions

    defs = definitions()
    schedule = defs.get_schedule_def("billing_housekeeping_schedule")
    assert schedule.job_name == "billing_housekeeping"
    job = defs.resolve_job_def("billing_housekeeping")
    assert all(node.definition.retry_policy is not None for node in job.graph.node_dict.values())
    result = job.execute_in_process(instance=instance)
    assert result.success
    assert result.output_for_node("end_expired_grace_periods") >= 0
    assert result.output_for_node("release_waiting_rows") >= 0
