"""The warm run launcher (orchestration/run_launcher.py) with a real Dagster instance:
runs execute in forks of a process that imported their code before they were launched,
are cancelled through the run storage (the worker interrupts itself, wherever the
cancellation was asked), and a vanished worker is reported by the health check that run
monitoring uses, and cancelled at once. The daemon's own runs use it via dagster.yaml
(test_daemon_e2e.py)."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
from dagster import DagsterEventType, DagsterRunStatus, reconstructable
from dagster._core.launcher import WorkerStatus
from dagster._core.test_utils import instance_for_test

from orchestration.run_launcher import HOST_TAG, PID_TAG, WarmProcessRunLauncher
from tests.orchestration.warm_jobs import report_process_job, wait_job

TIMEOUT_SECONDS = 60


@pytest.fixture
def warm_instance(tmp_path):
    overrides = {
        "run_launcher": {
            "module": "orchestration.run_launcher",
            "class": "WarmProcessRunLauncher",
            "config": {"preload_modules": ["tests.orchestration.warm_jobs"]},
        }
    }
    with instance_for_test(overrides=overrides, temp_dir=str(tmp_path)) as instance:
        yield instance


def _launch(instance, job_def, run_config):
    run = instance.create_run_for_job(
        job_def=job_def,
        run_config=run_config,
        job_code_origin=reconstructable(job_def).get_python_origin(),
    )
    instance.launch_run(run.run_id, workspace=None)
    return run.run_id


def _wait_for(instance, run_id: str, statuses: set[DagsterRunStatus]):
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        run = instance.get_run_by_id(run_id)
        if run.status in statuses:
            return run
        time.sleep(0.2)
    pytest.fail(f"run {run_id} still {run.status} after {TIMEOUT_SECONDS} s")


def test_the_run_executes_in_a_fork_of_the_warm_process(warm_instance, tmp_path):
    assert isinstance(warm_instance.run_launcher, WarmProcessRunLauncher)
    report = tmp_path / "report.json"
    run_config = {"ops": {"report_process": {"config": {"report_path": str(report)}}}}

    run_id = _launch(warm_instance, report_process_job, run_config)
    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE})

    assert run.status == DagsterRunStatus.SUCCESS
    where = json.loads(report.read_text())
    assert where["ran_in"] == int(run.tags[PID_TAG])
    # The job's module (and what it imports) was imported before the run, in the
    # forkserver: the run worker inherited it instead of importing it again.
    assert where["marker_imported_in"] != where["ran_in"]
    assert where["marker_imported_in"] != os.getpid()
    started = [
        entry.dagster_event.message
        for entry in warm_instance.all_logs(run_id)
        if entry.dagster_event is not None
    ]
    assert f"Started process for run (pid: {where['ran_in']})." in started


def test_a_running_run_is_cancelled_through_its_process(warm_instance):
    launcher = warm_instance.run_launcher
    run_id = _launch(warm_instance, wait_job, {})
    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.STARTED})
    assert launcher.check_run_worker_health(run).status == WorkerStatus.RUNNING

    assert launcher.terminate(run_id)

    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.CANCELED, DagsterRunStatus.FAILURE})
    assert run.status == DagsterRunStatus.CANCELED
    assert not launcher.terminate(run_id)  # finished: nothing to cancel


def test_a_vanished_run_worker_is_reported_failed(warm_instance):
    launcher = warm_instance.run_launcher
    run_id = _launch(warm_instance, wait_job, {})
    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.STARTED})
    pid = int(run.tags[PID_TAG])

    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while launcher.check_run_worker_health(run).status == WorkerStatus.RUNNING:
        assert time.monotonic() < deadline, "the killed worker still looks alive"
        time.sleep(0.2)

    health = launcher.check_run_worker_health(run)
    assert health.status == WorkerStatus.FAILED
    assert "-9" in health.msg or "gone" in health.msg


def test_a_cancellation_asked_on_another_host_ends_the_run(warm_instance):
    """As in the compose stack: the webserver that asks cannot signal the daemon's run
    workers. Only the run's CANCELING status reaches the worker here."""
    launcher = warm_instance.run_launcher
    run_id = _launch(warm_instance, wait_job, {})
    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.STARTED})
    warm_instance.add_run_tags(run_id, {HOST_TAG: "the-webserver-host"})

    assert launcher.terminate(run_id)

    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.CANCELED, DagsterRunStatus.FAILURE})
    assert run.status == DagsterRunStatus.CANCELED
    # The worker ended it (its step's end recorded), long before the op's 120 s wait.
    steps = warm_instance.get_records_for_run(run_id, of_type=DagsterEventType.STEP_FAILURE)
    assert len(steps.records) == 1


def test_cancelling_a_run_whose_worker_is_gone_ends_it_at_once(warm_instance):
    launcher = warm_instance.run_launcher
    run_id = _launch(warm_instance, wait_job, {})
    run = _wait_for(warm_instance, run_id, {DagsterRunStatus.STARTED})
    os.kill(int(run.tags[PID_TAG]), signal.SIGKILL)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while launcher.check_run_worker_health(run).status == WorkerStatus.RUNNING:
        assert time.monotonic() < deadline, "the killed worker still looks alive"
        time.sleep(0.2)

    assert not launcher.terminate(run_id)

    assert warm_instance.get_run_by_id(run_id).status == DagsterRunStatus.CANCELED
