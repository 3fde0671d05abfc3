"""Many uploads of one seller in one run (issue 16), for real: the run claims every pending
upload of its seller, processes each in upload order, builds the marts once and marks
each upload itself; the result equals processing the same files one by one."""

from __future__ import annotations

import uuid

import pytest
from dagster import DagsterInstance, DagsterRun, DagsterRunStatus

from mi_core.pipeline import PARENT_RUN_TAG, TENANT_TAG, UPLOAD_TAG, UPLOADS_TAG
from mi_core.sales_report import write_report
from tests.pipeline_helpers import (
    register,
    run_upload,
    scalar,
    sensor,
    upload_row,
    warehouse_sensor_context,
)

# Four real runs with dbt builds in the first test: on a shared, loaded machine that takes
# longer than the suite's default limit.
pytestmark = pytest.mark.timeout(1800)

# Generated reports of different sizes; seeds 21 and 22 overlap nothing of each other.
REPORTS = ((40, 21), (25, 22), (60, 23))


def reports(tmp_path) -> list:
    return [
        write_report(tmp_path / f"report-{seed}.csv", rows, seed=seed) for rows, seed in REPORTS
    ]


def new_seller(engine):
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller

    with session_scope(engine) as session:
        account = create_seller(session, f"batch-{uuid.uuid4().hex[:12]}@example.test")
        session.expunge(account)
    return account


def marts_of(engine, seller) -> dict:
    """The seller's marts without the seller's id: comparable between two sellers."""
    from sqlalchemy import text

    queries = {
        "monthly": "select month, orders, cancelled_orders, gross_sales, net_proceeds,"
        " total_fees from marts.fct_seller_monthly where tenant_id = :t order by month",
        "sales": "select item_id, item_price, net_seller_proceeds, department, subcategory"
        " from marts.fct_sales where tenant_id = :t order by 1, 2, 3, 4, 5",
        "categories": "select department, subcategory, orders, gross_sales"
        " from marts.fct_seller_categories where tenant_id = :t order by 1, 2",
        "states": "select shipped_to_state, orders from marts.fct_seller_states"
        " where tenant_id = :t order by 1",
    }
    with engine.connect() as conn:
        return {
            name: [tuple(row) for row in conn.execute(text(sql), {"t": seller.id})]
            for name, sql in queries.items()
        }


def outbox(engine, upload_id) -> list[str]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return list(
            conn.execute(
                text("select kind from notification_outbox where upload_id = :u order by id"),
                {"u": upload_id},
            ).scalars()
        )


def test_pending_uploads_run_in_one_run_with_the_marts_of_one_by_one(
    settings, engine, instance, tmp_path
):
    files = reports(tmp_path)
    one_by_one = new_seller(engine)
    for path in files:
        run_upload(instance, one_by_one, register(settings, one_by_one, path))
    batched = new_seller(engine)
    uploads = [register(settings, batched, path) for path in files]

    result = run_upload(instance, batched, uploads[0])

    assert result.success
    rows = [upload_row(engine, upload_id) for upload_id in uploads]
    assert [u.status for u in rows] == ["completed"] * 3
    assert {u.dagster_run_id for u in rows} == {result.run_id}
    assert [u.processed_items for u in rows] == [n for n, _ in REPORTS]
    assert all(u.stage == "done" and u.completed_at is not None for u in rows)
    # The run keeps its trigger's tag and names every upload it covered, in upload order.
    tags = instance.get_run_by_id(result.run_id).tags
    assert tags[UPLOAD_TAG] == str(uploads[0])
    assert tags[UPLOADS_TAG] == ",".join(str(u) for u in uploads)
    [validated] = [
        m
        for m in result.asset_materializations_for_node("ingest_sales_report")
        if m.asset_key.path == ["validated_sales"]
    ]
    per_upload = validated.metadata["per_upload_json"].value
    assert [(p["upload_id"], p["rows"], p["quarantined"]) for p in per_upload] == [
        (str(u), n, 0) for u, (n, _) in zip(uploads, REPORTS, strict=True)
    ]
    assert all(p["reconciled"] is True for p in per_upload)
    # The marts were built once, and equal those built upload by upload.
    dbt_steps = [
        s for s in instance.get_run_step_stats(result.run_id) if s.step_key == "mercari_marts"
    ]
    assert len(dbt_steps) == 1
    assert marts_of(engine, batched) == marts_of(engine, one_by_one)
    assert marts_of(engine, batched)["sales"]
    # Each upload's own mail, usage and category records.
    for upload_id in uploads:
        assert outbox(engine, upload_id) == ["upload_completed"]
        assert (
            scalar(
                engine, "select titles from categorisation_usage where upload_id = :u", u=upload_id
            )
            == upload_row(engine, upload_id).processed_items
        )


def test_a_bad_file_among_good_ones_fails_alone(settings, engine, instance, seller, tmp_path):
    first, last = reports(tmp_path)[:2]
    bad_file = tmp_path / "not-a-report.csv"
    bad_file.write_text('"Order","Price"\n"1","2.00"\n', encoding="utf-8")
    uploads = [register(settings, seller, path) for path in (first, bad_file, last)]

    result = run_upload(instance, seller, uploads[0])

    assert result.success
    good_a, bad, good_b = (upload_row(engine, upload_id) for upload_id in uploads)
    assert (good_a.status, bad.status, good_b.status) == ("completed", "failed", "completed")
    assert "not-a-report.csv" in bad.error and "header" in bad.error
    assert good_a.error is None and good_b.error is None
    assert outbox(engine, bad.id) == ["upload_failed"]
    assert outbox(engine, good_b.id) == ["upload_completed"]
    assert (
        scalar(engine, "select count(*) from raw.sales_report_rows where upload_id = :u", u=bad.id)
        == 0
    )
    assert (
        scalar(engine, "select count(*) from marts.fct_sales where tenant_id = :t", t=seller.id)
        == REPORTS[0][0] + REPORTS[1][0]
    )


def test_uploads_registered_while_the_batch_is_ingested_join_the_run(
    settings, engine, instance, seller, tmp_path, monkeypatch
):
    """A seller sending several files: those registered after the run claimed its batch
    (here, while its first upload is being loaded) are taken in by the same run."""
    from orchestration.assets import ingest

    first_path, *later_paths = reports(tmp_path)
    first = register(settings, seller, first_path)
    later: list[uuid.UUID] = []
    real_ingest_one = ingest.ingest_one

    def ingest_and_meanwhile_register(engine_, storage, stored):
        outcome = real_ingest_one(engine_, storage, stored)
        if len(later) < len(later_paths):  # one more file arrives while each is ingested
            later.append(register(settings, seller, later_paths[len(later)]))
        return outcome

    monkeypatch.setattr(ingest, "ingest_one", ingest_and_meanwhile_register)

    result = run_upload(instance, seller, first)

    assert result.success
    uploads = [first, *later]
    assert len(uploads) == 3
    rows = [upload_row(engine, upload_id) for upload_id in uploads]
    assert [(u.status, u.dagster_run_id) for u in rows] == [("completed", result.run_id)] * 3
    assert instance.get_run_by_id(result.run_id).tags[UPLOADS_TAG] == ",".join(
        str(u) for u in uploads
    )
    assert scalar(
        engine, "select count(*) from marts.fct_sales where tenant_id = :t", t=seller.id
    ) == sum(n for n, _ in REPORTS)
    assert all(outbox(engine, upload_id) == ["upload_completed"] for upload_id in uploads)


def test_another_sellers_build_leaves_an_upload_still_being_categorised_to_its_own_run(
    settings, engine, instance, seller, tmp_path, monkeypatch
):
    """Two sellers' runs side by side (the daemon runs several at once): the other
    seller's marts are built while this seller's upload is loaded but not yet categorised
    or grouped. That build must leave the upload alone; its own run builds its marts, with
    its categories and product groups, as if it had been processed alone."""
    from orchestration.assets import ingest

    mine_path, theirs_path, _ = reports(tmp_path)
    alone = new_seller(engine)
    run_upload(instance, alone, register(settings, alone, mine_path))
    other = new_seller(engine)
    mine = register(settings, seller, mine_path)
    theirs = register(settings, other, theirs_path)
    other_runs = []
    real_ingest_one = ingest.ingest_one

    def ingest_while_the_other_seller_builds(engine_, storage, stored):
        outcome = real_ingest_one(engine_, storage, stored)
        if stored.upload_id == mine and not other_runs:
            other_runs.append(run_upload(instance, other, theirs))
        return outcome

    monkeypatch.setattr(ingest, "ingest_one", ingest_while_the_other_seller_builds)

    result = run_upload(instance, seller, mine)

    assert result.success and [run.success for run in other_runs] == [True]
    assert upload_row(engine, theirs).status == "completed"
    assert upload_row(engine, mine).status == "completed"
    assert marts_of(engine, seller) == marts_of(engine, alone)
    groups = (
        "select count(*) from marts.fct_seller_daily_clusters"
        " where tenant_id = :t and cluster_id = -2"
    )
    assert scalar(engine, groups, t=seller.id) == scalar(engine, groups, t=alone.id) == 0


def test_a_run_for_an_upload_claimed_earlier_does_nothing(
    settings, engine, instance, seller, tmp_path
):
    first, second = (register(settings, seller, path) for path in reports(tmp_path)[:2])
    earlier = run_upload(instance, seller, first)
    done = upload_row(engine, second)
    assert done.status == "completed" and done.dagster_run_id == earlier.run_id
    marts_before = marts_of(engine, seller)

    # E.g. the sensor had launched a run for the second upload before the first run began.
    later = run_upload(instance, seller, second)

    assert later.success
    after = upload_row(engine, second)
    assert (after.dagster_run_id, after.completed_at) == (earlier.run_id, done.completed_at)
    assert UPLOADS_TAG not in instance.get_run_by_id(later.run_id).tags
    # No dbt build: the marts step materialised nothing.
    assert not later.asset_materializations_for_node("mercari_marts")
    assert marts_of(engine, seller) == marts_before
    assert outbox(engine, second) == ["upload_completed"]


def test_reexecuting_a_run_processes_its_uploads_again_without_doubling(
    settings, engine, instance, seller, tmp_path
):
    from orchestration.partitions import seller_partitions
    from tests.pipeline_helpers import definitions

    uploads = [register(settings, seller, path) for path in reports(tmp_path)[:2]]
    first = run_upload(instance, seller, uploads[0])
    marts_before = marts_of(engine, seller)

    # What Dagster's "re-execute" does: the same tags, plus the parent run's id.
    tags = {**instance.get_run_by_id(first.run_id).tags, PARENT_RUN_TAG: first.run_id}
    tags.pop(UPLOADS_TAG)
    instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
    again = (
        definitions()
        .resolve_job_def("process_upload")
        .execute_in_process(instance=instance, partition_key=str(seller.id), tags=tags)
    )

    assert again.success
    for upload_id, (rows, _) in zip(uploads, REPORTS, strict=False):
        upload = upload_row(engine, upload_id)
        assert (upload.status, upload.dagster_run_id) == ("completed", again.run_id)
        assert (
            scalar(
                engine,
                "select count(*) from raw.sales_report_rows where upload_id = :u",
                u=upload_id,
            )
            == rows
        )
    assert marts_of(engine, seller) == marts_before


def _unstarted_run(instance: DagsterInstance, seller_id: uuid.UUID) -> None:
    instance.add_run(
        DagsterRun(
            job_name="process_upload",
            run_id=str(uuid.uuid4()),
            status=DagsterRunStatus.NOT_STARTED,  # not claimed yet, like a queued run
            tags={TENANT_TAG: str(seller_id)},
        )
    )


def test_the_sensor_launches_one_run_per_seller_unless_one_is_queued(
    settings, engine, seller, sample_report, tmp_path
):
    from mi_core.upload_status import mark_processing

    mine = [register(settings, seller, sample_report) for _ in range(3)]
    other = new_seller(engine)
    theirs = register(settings, other, sample_report)
    try:
        with DagsterInstance.ephemeral() as instance:
            context = warehouse_sensor_context(instance, settings)
            requests = sensor("pending_uploads_sensor")(context).run_requests
            launched = {r.tags[TENANT_TAG]: r for r in requests}
            assert launched[str(seller.id)].run_key == str(mine[0])  # the oldest
            assert launched[str(other.id)].run_key == str(theirs)
            assert sum(r.tags[TENANT_TAG] == str(seller.id) for r in requests) == 1

            _unstarted_run(instance, seller.id)
            requests = sensor("pending_uploads_sensor")(context).run_requests
            assert str(seller.id) not in {r.tags[TENANT_TAG] for r in requests}
            assert str(other.id) in {r.tags[TENANT_TAG] for r in requests}
    finally:
        for upload_id in [*mine, theirs]:
            mark_processing(engine, upload_id, "test-run")


def test_a_dead_run_leaves_no_upload_unfinished(settings, engine, seller, sample_report):
    """The run-status sensors' safety net finds every upload a run claimed and left."""
    from mi_core import upload_status

    uploads = [register(settings, seller, sample_report) for _ in range(2)]
    run_id = f"dead-{uuid.uuid4().hex[:8]}"
    assert upload_status.claim_batch(engine, seller.id, run_id) == uploads
    # A second run of the seller finds nothing left to claim.
    assert upload_status.claim_batch(engine, seller.id, "another-run") == []

    assert upload_status.unfinished_of_run(engine, run_id, uploads[0]) == uploads
    for upload_id in upload_status.unfinished_of_run(engine, run_id, uploads[0]):
        upload_status.mark_failed(engine, upload_id, "Processing failed at step x: boom")
    assert [upload_row(engine, u).status for u in uploads] == ["failed", "failed"]
    assert upload_status.unfinished_of_run(engine, run_id, uploads[0]) == []
    assert upload_status.unfinished_of_run(engine, "another-run", None) == []
