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

from tests.conftest import REPO_ROOT
from tests.pipeline_helpers import register, scalar, upload_row

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


@pytest.fixture
def daemon(settings, tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    log = tmp_path / "daemon.log"
    env = {**os.environ, **settings.process_env(), "DAGSTER_HOME": str(home)}
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
    yield process, log
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def test_daemon_processes_uploads_and_reports_failures(
    settings, engine, seller, sample_report, daemon, tmp_path
):
    process, log = daemon
    good = register(settings, seller, sample_report)

    upload = wait_for_final_status(engine, good, process, log)

    assert upload.status == "completed", upload.error
    assert upload.stage == "done"
    assert upload.dagster_run_id
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
