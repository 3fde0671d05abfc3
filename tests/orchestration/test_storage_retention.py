"""Storage that does not grow without bound: dbt's per-build directories live under
MI_DATA_DIR and only the newest few stay; the dagster_retention job prunes old runs'
compute logs, IO-manager files and step-level events, keeping run records and the asset
history; the dagster_compaction job drops at once what a successful run's other records
keep."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterEventType, DagsterInstance, FilesystemIOManager

from mi_core.settings import PROJECT_ROOT
from tests.pipeline_helpers import definitions, register, run_upload

DBT_SOURCE_TARGET = PROJECT_ROOT / "dbt_project" / "target"


def _entries(path: Path) -> set[str]:
    return {p.name for p in path.iterdir()} if path.is_dir() else set()


@pytest.fixture(scope="module")
def disk_instance(tmp_path_factory):
    """A persistent Dagster instance (SQLite storages, local compute logs)."""
    home = tmp_path_factory.mktemp("dagster_home")
    with DagsterInstance.local_temp(tempdir=str(home)) as instance:
        yield instance


@pytest.fixture(scope="module")
def processed(database, disk_instance, sample_facts_path):
    """One real upload processed on the disk instance, with stale dbt build directories
    (older than any build) left beforehand; returns (upload run id, source target before)."""
    from mi_core.db import session_scope
    from mi_core.dbt_invocations import new_invocation_dir
    from mi_core.uploads import create_seller

    settings = database
    with session_scope() as session:
        seller = create_seller(session, f"retention-{os.getpid()}@example.test")
        session.expunge(seller)
    for age in range(settings.dbt_keep_invocations + 2):
        stale = new_invocation_dir(settings, f"stale{age}00")
        os.utime(stale, (1_000_000 + age, 1_000_000 + age))
    before = _entries(DBT_SOURCE_TARGET)
    upload_id = register(settings, seller, sample_facts_path)
    result = run_upload(disk_instance, seller, upload_id)
    assert result.success
    return result.run_id, before


@pytest.fixture(scope="module")
def sample_facts_path():
    from tests.sample import sample

    return sample().path


def test_prune_invocations_keeps_only_the_newest(settings, tmp_path):
    from mi_core.dbt_invocations import new_invocation_dir, prune_invocations

    local = settings.model_copy(update={"data_dir": tmp_path})
    made = []
    for age in range(5):
        path = new_invocation_dir(local, f"run{age}abcdef")
        (path / "manifest.json").write_text("{}")
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
        made.append(path)
    assert prune_invocations(local, keep=2) == 3
    assert sorted(p.name for p in local.dbt_invocations_dir.iterdir()) == sorted(
        p.name for p in made[-2:]
    )
    assert prune_invocations(local, keep=0) == 2
    assert list(local.dbt_invocations_dir.iterdir()) == []


def test_dbt_runtime_files_stay_under_the_data_dir(settings, processed, disk_instance):
    """A pipeline's dbt build writes nothing into the source tree; after it only the newest
    MI_DBT_KEEP_INVOCATIONS build directories remain under MI_DATA_DIR, its own among them."""
    upload_run, source_before = processed
    assert Path(settings.dbt_target_path).is_relative_to(settings.data_dir)
    builds = sorted(
        (p for p in settings.dbt_invocations_dir.iterdir() if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    assert len(builds) == settings.dbt_keep_invocations
    assert builds[-1].name.startswith(upload_run[:8])
    assert (builds[-1] / "run_results.json").exists()
    assert _entries(DBT_SOURCE_TARGET) == source_before
    # The upload's assets hand ids through the database: Dagster's IO manager stores
    # nothing for a process_upload run.
    storage = Path(disk_instance.storage_directory()) / upload_run
    stored = [p for p in storage.rglob("*") if p.is_file() and "compute_logs" not in p.parts]
    assert stored == []


def _check_history(instance, check_keys):
    return {
        key: [
            (r.run_id, r.status, r.evaluation.passed if r.evaluation else None)
            for r in instance.event_log_storage.get_asset_check_execution_history(key, limit=50)
        ]
        for key in check_keys
    }


def test_compaction_drops_only_what_other_records_keep(settings, processed, disk_instance):
    """A successful upload run loses, within a minute, the events whose content another
    record keeps; its run, steps, logs, materialisations and check history stay alike."""
    from dagster import AssetCheckKey, build_schedule_context

    from orchestration.resources import WarehouseResource
    from orchestration.retention import (
        REDUNDANT_EVENT_TYPES,
        compact_successful_runs,
        runs_to_compact,
    )

    upload_run, _ = processed
    before = disk_instance.all_logs(upload_run)
    redundant = [e for e in before if e.dagster_event_type in REDUNDANT_EVENT_TYPES]
    planned_checks = [
        e.dagster_event.event_specific_data
        for e in before
        if e.dagster_event_type == DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED
    ]
    # dbt's tests are asset checks: the upload's run plans and outputs many.
    assert len(planned_checks) > 10
    assert any(e.dagster_event_type == DagsterEventType.STEP_OUTPUT for e in before)
    checks = {AssetCheckKey(c.asset_key, c.check_name) for c in planned_checks}
    history = _check_history(disk_instance, checks)
    assert all(runs and runs[0][0] == upload_run for runs in history.values())
    marts = AssetKey(["marts", "fct_sales"])
    materialised = disk_instance.fetch_materializations(marts, limit=100).records

    schedule = definitions().get_schedule_def("dagster_compaction_schedule")
    warehouse = WarehouseResource(database_url=settings.resolved_database_url())

    def tick():
        with build_schedule_context(
            instance=disk_instance, resources={"warehouse": warehouse}
        ) as context:
            return schedule.evaluate_tick(context)

    assert upload_run in runs_to_compact(disk_instance)
    assert len(tick().run_requests) == 1
    outcome = compact_successful_runs(disk_instance)
    assert outcome.runs >= 1 and outcome.events >= len(redundant)

    after = disk_instance.all_logs(upload_run)
    assert [e for e in after if e.dagster_event_type in REDUNDANT_EVENT_TYPES] == []
    kept = [e for e in before if e.dagster_event_type not in REDUNDANT_EVENT_TYPES]
    assert [(e.dagster_event_type, e.timestamp) for e in after] == [
        (e.dagster_event_type, e.timestamp) for e in kept
    ]
    assert _check_history(disk_instance, checks) == history
    after_materialised = disk_instance.fetch_materializations(marts, limit=100).records
    assert [r.storage_id for r in after_materialised] == [r.storage_id for r in materialised]
    # Each run is compacted once; an idle minute launches nothing.
    assert runs_to_compact(disk_instance) == []
    assert compact_successful_runs(disk_instance).runs == 0
    assert tick().run_requests == []


def test_retention_prunes_old_runs_but_keeps_records_and_asset_history(processed, disk_instance):
    from orchestration.retention import KEPT_EVENT_TYPES, prune_old_runs

    upload_run, _ = processed
    # An op job: its outputs are pickled by the IO manager under storage/<run_id>.
    storage_dir = disk_instance.storage_directory()
    ops_run = (
        definitions()
        .resolve_job_def("billing_housekeeping")
        .execute_in_process(
            instance=disk_instance,
            # execute_in_process keeps outputs in memory unless told otherwise; a deployed
            # run uses the filesystem IO manager like this.
            resources={"io_manager": FilesystemIOManager(base_dir=storage_dir)},
        )
    )
    io_files = Path(disk_instance.storage_directory()) / ops_run.run_id
    assert any(p.is_file() and "compute_logs" not in p.parts for p in io_files.rglob("*"))
    events_before = len(disk_instance.all_logs(upload_run))
    categorised = AssetKey("categorised_sales")
    materialised = disk_instance.fetch_materializations(categorised, limit=100).records

    # Nothing is old yet.
    assert prune_old_runs(disk_instance, 30).runs == 0
    assert len(disk_instance.all_logs(upload_run)) == events_before

    later = datetime.now(UTC) + timedelta(days=31)
    outcome = prune_old_runs(disk_instance, 30, now=later)
    assert outcome.runs == 2 and outcome.events > 0 and outcome.files > 0
    assert not io_files.exists()
    kept = disk_instance.all_logs(upload_run)
    assert 0 < len(kept) < events_before
    assert all(
        e.dagster_event and e.dagster_event.event_type_value in KEPT_EVENT_TYPES for e in kept
    )
    assert any(e.dagster_event.event_type == DagsterEventType.RUN_SUCCESS for e in kept)
    # The run records and the asset history stay.
    assert disk_instance.get_run_by_id(upload_run) is not None
    assert disk_instance.get_run_by_id(ops_run.run_id) is not None
    after = disk_instance.fetch_materializations(categorised, limit=100).records
    assert len(after) == len(materialised) > 0
    # Each run is visited once: the cursor remembers where pruning stopped.
    assert prune_old_runs(disk_instance, 30, now=later).runs == 0


def test_retention_is_a_daily_scheduled_job(settings):
    defs = definitions()
    schedule = defs.get_schedule_def("dagster_retention_schedule")
    assert schedule.job_name == "dagster_retention"
    job = defs.resolve_job_def("dagster_retention")
    assert all(node.definition.retry_policy is not None for node in job.graph.node_dict.values())


def test_compaction_vacuums_a_postgres_event_log(settings, engine):
    """On PostgreSQL storage (as deployed), the space of compacted events is made reusable
    at once: the event log is vacuumed, not left to grow until autovacuum's threshold."""
    import time

    from sqlalchemy import text

    from orchestration.retention import reclaim_event_log_space

    last_vacuum = (
        "select coalesce(vacuum_count, 0) from pg_stat_user_tables"
        " where schemaname = 'dagster' and relname = 'event_logs'"
    )
    overrides = {"storage": {"postgres": {"postgres_url": settings.dagster_postgres_url()}}}
    with DagsterInstance.local_temp(overrides=overrides) as instance:
        with engine.connect() as conn:
            before = conn.scalar(text(last_vacuum))
        assert before is not None  # Dagster created its event log in schema dagster
        assert reclaim_event_log_space(instance) is True
    # The statistics are reported by the vacuuming backend when it finishes.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            if conn.scalar(text(last_vacuum)) > before:
                break
        time.sleep(0.5)
    else:
        raise AssertionError("dagster.event_logs was not vacuumed")


def test_a_sqlite_event_log_is_left_alone(disk_instance):
    from orchestration.retention import reclaim_event_log_space

    assert reclaim_event_log_space(disk_instance) is False
