"""End to end with the real Dagster daemon and the project's dagster.yaml: an upload
registered in the database is picked up by the sensor, queued, launched, processed,
and its outcome written back by the run-status sensors — for success and failure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mi_core.settings import DAGSTER_SCHEMA
from tests.pipeline_helpers import register, scalar, upload_row
from tests.sample import REPO_ROOT

TIMEOUT_SECONDS = 300


def wait_for_final_status(engine, upload_id, daemon: subprocess.Popen, log: Path):
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        upload = upload_row(engine, upload_id)
        if upload.status in ("completed", "failed"):
            return upload
        if daemon.poll() is not None:
            pytest.fail(f"dagster-daemon exited:\n{log.read_text()[-4000:]}")
        time.sleep(1)
    pytest.fail(
        f"upload {upload_id} not processed in {TIMEOUT_SECONDS} s:\n{log.read_text()[-4000:]}"
    )


def assert_run_logged_in_json(log: Path, run_id: str) -> None:
    """The run worker writes to the daemon's output: the run's own lines are JSON, never
    Dagster's text format (its DEBUG events repeated line by line)."""
    run_lines = [line for line in log.read_text().splitlines() if run_id in line]
    assert any(line.startswith("{") for line in run_lines), "the run logged nothing in JSON"
    text_lines = [line for line in run_lines if " - dagster - " in line]
    assert not text_lines, text_lines[:3]


def assert_run_in_a_warm_worker(engine, run_id: str) -> None:
    """dagster.yaml's launcher ran it in a fork of its warm process (run_launcher.py);
    that the fork is the run worker Dagster records is test_run_launcher.py's."""
    from orchestration.run_launcher import PID_TAG

    pid = scalar(
        engine,
        f"select value from {DAGSTER_SCHEMA}.run_tags where run_id = :r and key = :k",
        r=run_id,
        k=PID_TAG,
    )
    assert pid, "the run was not started by the warm run launcher"


def _start_daemon(settings, tmp_path, **extra_env):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    log = tmp_path / "daemon.log"
    env = {**os.environ, **settings.process_env(), "DAGSTER_HOME": str(home), **extra_env}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("dagster-daemon")),
                "run",
                "-w",
                str(REPO_ROOT / "workspace.yaml"),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, log


def _stop(process: subprocess.Popen) -> None:
    from mi_cli.stack import descendants_of, end_processes

    # The daemon's code server runs in a session of its own: ended apart, as `mi serve` does.
    descendants = descendants_of(process.pid)
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
    end_processes(descendants)


@pytest.fixture
def daemon(settings, tmp_path):
    process, log = _start_daemon(settings, tmp_path)
    yield process, log
    _stop(process)


@pytest.fixture
def fast_path_daemon(settings, tmp_path):
    """A daemon whose sensor leaves uploads to the fast path for two minutes."""
    process, log = _start_daemon(settings, tmp_path, MI_UPLOAD_FAST_PATH_GRACE="120")
    yield process, log
    _stop(process)


def test_daemon_processes_uploads_and_reports_failures(
    settings, engine, seller, sample_report, daemon, tmp_path
):
    process, log = daemon
    good = register(settings, seller, sample_report)

    upload = wait_for_final_status(engine, good, process, log)

    assert upload.status == "completed", upload.error
    assert upload.stage == "done"
    assert upload.dagster_run_id
    assert_run_logged_in_json(log, upload.dagster_run_id)
    assert_run_in_a_warm_worker(engine, upload.dagster_run_id)
    assert (
        scalar(engine, "select count(*) from marts.fct_sales where tenant_id = :t", t=seller.id)
        == 755
    )

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    bad = register(settings, seller, empty)
    upload = wait_for_final_status(engine, bad, process, log)
    assert upload.status == "failed"
    assert "empty.csv" in upload.error and "empty" in upload.error


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def webserver(settings, fast_path_daemon, tmp_path):
    """The Dagster webserver on the daemon's instance, for the fast path's GraphQL calls."""
    import httpx

    port = _free_port()
    home = tmp_path / "dagster_home"
    env = {**os.environ, **settings.process_env(), "DAGSTER_HOME": str(home)}
    log = tmp_path / "webserver.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("dagster-webserver")),
                "-w",
                str(REPO_ROOT / "workspace.yaml"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/server_info", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        pytest.fail(f"dagster-webserver did not start:\n{log.read_text()[-3000:]}")
    yield settings.model_copy(update={"dagster_port": port})
    _stop(process)


def test_the_fast_path_submits_the_run_itself(
    engine, seller, sample_report, fast_path_daemon, webserver
):
    from portal.run_launcher import start_upload_run

    process, log = fast_path_daemon
    upload_id = register(webserver, seller, sample_report)

    run_id = start_upload_run(webserver, engine, upload_id, seller.id)

    assert run_id
    upload = wait_for_final_status(engine, upload_id, process, log)
    assert upload.status == "completed", upload.error
    # The sensor did not launch a second run: the upload kept the submitted run.
    assert upload.dagster_run_id == run_id
    # Launched through GraphQL with the portal's run config, which names the JSON logger.
    assert_run_logged_in_json(log, run_id)
