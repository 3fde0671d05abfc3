"""Erasure beyond the warehouse: after an account or an upload is deleted through the API,
the erase_sellers job leaves nothing of it in Dagster's storage (run records, event logs,
compute logs, IO-manager files, the seller's partition), on an instance kept on disk the
way a deployment keeps it; and no step stores a report in Dagster's storage at all."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, FilesystemIOManager

from mi_core.pipeline import SELLER_PARTITIONS, TENANT_TAG, UPLOAD_TAG
from tests.pipeline_helpers import definitions, run_upload, scalar
from tests.portal_helpers import create_seller, login, portal_client, upload_file

# As deployed: the default IO manager pickles outputs under $DAGSTER_HOME/storage (an
# in-process run would otherwise keep them in memory).
ON_DISK = {"io_manager": FilesystemIOManager()}


@pytest.fixture
def disk_instance(tmp_path):
    """A persistent Dagster instance (SQLite storages, local compute logs) in tmp_path."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    with DagsterInstance.local_temp(tempdir=str(home)) as instance:
        yield instance


def distinctive_report(tmp_path: Path, marker: str, rows: int = 12) -> tuple[Path, list[str]]:
    """A generated report whose first five sales have titles found nowhere else."""
    from mi_core.sales_report import write_report

    path = write_report(tmp_path / f"{marker}.csv", rows, seed=21)
    lines = path.read_bytes().split(b"\n")
    titles = [f"{marker} Quillfeather heirloom teapot no{n}" for n in range(5)]
    for line_index, title in enumerate(titles, start=1):
        fields = lines[line_index].split(b'","')
        fields[4] = title.encode()
        lines[line_index] = b'","'.join(fields)
    path.write_bytes(b"\n".join(lines))
    return path, titles


def files_under(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def file_traces(roots: list[Path], needles: list[str]) -> list[str]:
    encoded = [n.encode() for n in needles]
    return [
        f"{path}: {n!r}" for path in files_under(*roots) for n in encoded if n in path.read_bytes()
    ]


def dagster_traces(instance: DagsterInstance, needles: list[str]) -> list[str]:
    """Where any needle is in Dagster's keeping: the files of its home (IO-manager pickles,
    compute logs, the SQLite run and event storages), then what its APIs return (runs,
    event logs, materialisations, the seller partitions)."""
    found = file_traces([Path(instance.root_directory)], needles)
    runs = instance.get_runs()
    stored = [repr(run) for run in runs]
    stored += [repr(entry) for run in runs for entry in instance.all_logs(run.run_id)]
    for key in instance.get_asset_keys():
        stored.append(repr(instance.get_latest_materialization_event(key)))
        records = instance.fetch_materializations(key, limit=1000).records
        stored += [repr(record) for record in records]
    stored += instance.get_dynamic_partitions(SELLER_PARTITIONS)
    return found + [f"Dagster storage: {n!r}" for n in needles for s in stored if n in s]


def traces(instance: DagsterInstance, settings, needles: list[str]) -> list[str]:
    """Dagster's keeping and the product's data directory (uploaded files)."""
    return file_traces([Path(settings.data_dir)], needles) + dagster_traces(instance, needles)


def erase(instance: DagsterInstance):
    result = definitions().resolve_job_def("erase_sellers").execute_in_process(instance=instance)
    assert result.success
    return result


def upload_runs(instance: DagsterInstance) -> list[str]:
    """The uploads of the instance's process_upload runs."""
    return [r.tags[UPLOAD_TAG] for r in instance.get_runs() if r.job_name == "process_upload"]


def upload_through_api(client, headers, path: Path) -> uuid.UUID:
    response = upload_file(client, headers, path)
    assert response.status_code == 202, response.text
    return uuid.UUID(response.json()["id"])


def test_no_step_keeps_a_report_in_dagsters_storage(settings, disk_instance, tmp_path):
    """Titles stay in the warehouse: IO-manager files, compute logs and the event log hold
    none, even while the seller still exists."""
    seller = create_seller()
    path, titles = distinctive_report(tmp_path, f"Keep{uuid.uuid4().hex[:8]}")
    with portal_client(settings) as client:
        upload_id = upload_through_api(client, login(client, seller.email), path)

    assert run_upload(disk_instance, seller, upload_id, resources=ON_DISK).success

    assert dagster_traces(disk_instance, [str(upload_id)]), "the search finds nothing at all"
    assert dagster_traces(disk_instance, titles) == []


def test_deleting_the_account_erases_it_from_dagster(settings, engine, disk_instance, tmp_path):
    seller, other = create_seller(), create_seller()
    marker = f"Gone{uuid.uuid4().hex[:8]}"
    path, titles = distinctive_report(tmp_path, marker)
    other_path, _ = distinctive_report(tmp_path, f"Kept{uuid.uuid4().hex[:8]}")
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        upload_id = upload_through_api(client, headers, path)
        other_upload = upload_through_api(client, login(client, other.email), other_path)
        assert run_upload(disk_instance, seller, upload_id, resources=ON_DISK).success
        assert run_upload(disk_instance, other, other_upload, resources=ON_DISK).success
        needles = [str(seller.id), str(upload_id), *titles]
        assert traces(disk_instance, settings, needles)  # the runs hold the seller's ids

        assert client.delete("/users/me", headers=headers).status_code == 204

    erase(disk_instance)

    assert traces(disk_instance, settings, needles) == []
    assert str(seller.id) not in disk_instance.get_dynamic_partitions(SELLER_PARTITIONS)
    requests = "select count(*) from erasure_requests where tenant_id = :t"
    assert scalar(engine, requests, t=seller.id) == 0
    # The other seller keeps their run and partition.
    assert upload_runs(disk_instance) == [str(other_upload)]
    assert str(other.id) in disk_instance.get_dynamic_partitions(SELLER_PARTITIONS)


def test_deleting_an_upload_erases_its_runs(settings, engine, disk_instance, tmp_path):
    from mi_core.upload_status import mark_completed

    seller = create_seller()
    deleted_path, deleted_titles = distinctive_report(tmp_path, f"Del{uuid.uuid4().hex[:8]}")
    kept_path, _ = distinctive_report(tmp_path, f"Kept{uuid.uuid4().hex[:8]}", rows=15)
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        deleted = upload_through_api(client, headers, deleted_path)
        assert run_upload(disk_instance, seller, deleted, resources=ON_DISK).success
        mark_completed(engine, deleted)
        kept = upload_through_api(client, headers, kept_path)
        assert run_upload(disk_instance, seller, kept, resources=ON_DISK).success
        mark_completed(engine, kept)
        assert traces(disk_instance, settings, [str(deleted)])

        assert client.delete(f"/api/uploads/{deleted}", headers=headers).status_code == 204

    erase(disk_instance)

    assert traces(disk_instance, settings, [str(deleted), *deleted_titles]) == []
    # The seller, their partition and their other upload's run stay.
    assert upload_runs(disk_instance) == [str(kept)]
    assert str(seller.id) in disk_instance.get_dynamic_partitions(SELLER_PARTITIONS)
    requests = "select count(*) from erasure_requests where upload_id = :u"
    assert scalar(engine, requests, u=deleted) == 0


def test_a_request_waits_while_a_run_of_the_seller_is_in_progress(settings, engine, instance):
    from mi_core.db import session_scope
    from mi_core.erasure import erase_seller, pending_erasures

    seller = create_seller()
    running = DagsterRun(
        job_name="process_upload",
        run_id=str(uuid.uuid4()),
        status=DagsterRunStatus.STARTED,
        tags={TENANT_TAG: str(seller.id)},
    )
    instance.add_run(running)
    with session_scope(engine) as session:
        erase_seller(session, settings, seller.id)

    erase(instance)

    waiting = [p for p in pending_erasures(engine) if p.tenant_id == seller.id]
    assert len(waiting) == 1 and waiting[0].upload_id is None
    assert instance.get_run_by_id(running.run_id) is not None

    instance.report_run_failed(running)  # the run ends
    erase(instance)

    assert [p for p in pending_erasures(engine) if p.tenant_id == seller.id] == []
    assert instance.get_run_by_id(running.run_id) is None


def test_erasure_is_a_scheduled_job_with_retries():
    """Housekeeping on a schedule (run history, retries), not a side effect in a sensor."""
    defs = definitions()
    schedule = defs.get_schedule_def("erase_sellers_schedule")
    assert (schedule.job_name, schedule.cron_schedule) == ("erase_sellers", "* * * * *")
    job = defs.resolve_job_def("erase_sellers")
    assert all(node.definition.retry_policy is not None for node in job.graph.node_dict.values())


def test_the_erasure_schedule_launches_a_run_only_when_there_is_work(settings, engine):
    """An idle minute launches no run (each run is a process: a run a minute would keep a
    small machine busy); a request is taken on the next tick."""
    import uuid

    from dagster import RunRequest, build_schedule_context

    from orchestration.resources import WarehouseResource
    from tests.pipeline_helpers import execute

    schedule = definitions().get_schedule_def("erase_sellers_schedule")
    warehouse = WarehouseResource(database_url=settings.resolved_database_url())

    def tick():
        with build_schedule_context(resources={"warehouse": warehouse}) as context:
            return schedule.evaluate_tick(context)

    execute(engine, "delete from erasure_requests")
    assert tick().run_requests == []
    tenant = uuid.uuid4()
    execute(engine, "insert into erasure_requests (tenant_id) values (:t)", t=tenant)
    requests = tick().run_requests
    execute(engine, "delete from erasure_requests where tenant_id = :t", t=tenant)
    assert len(requests) == 1 and isinstance(requests[0], RunRequest)
