"""dbt in a fork of the run worker (MI_DBT_INVOCATION=fork, the default) or in a thread of
it (in_process) against dagster-dbt's subprocess: the same materialisations, the same
asset checks, its files under MI_DATA_DIR, pruned; a fork's build stops on SIGINT."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess

import pytest
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from tests.pipeline_helpers import definitions, register, run_upload


def dbt_resource(invocation: str):
    from orchestration.dbt_project import DBT_EXECUTABLE, mercari_dbt_project
    from orchestration.dbt_resource import MercariDbtResource

    return MercariDbtResource(
        project_dir=mercari_dbt_project(), dbt_executable=DBT_EXECUTABLE, invocation=invocation
    )


def marts_outcome(result) -> tuple[set[str], dict[str, bool]]:
    """The dbt models materialised and every dbt test's check (passed or not) of a run."""
    materialised = {
        event.asset_key.to_user_string()
        for event in result.get_asset_materialization_events()
        if event.step_key == "mercari_marts"
    }
    checks = {
        f"{check.asset_key.to_user_string()}:{check.check_name}": check.passed
        for check in result.get_asset_check_evaluations()
    }
    return materialised, checks


def test_the_product_runs_dbt_in_a_fork_of_the_run_worker_by_default(settings):
    assert settings.dbt_invocation == "fork"
    assert definitions().resources["dbt"].invocation == "fork"


# Three whole pipeline runs, the first of the session's builds in full: more than the
# suite's 600 s on a machine as shared as the helpers' (about a minute when it is not).
@pytest.mark.timeout(1800)
def test_builds_in_the_run_worker_yield_what_the_subprocess_yields(
    settings, engine, instance, seller, sample_report
):
    outcomes = {}
    for invocation in ("subprocess", "in_process", "fork"):
        result = run_upload(
            instance,
            seller,
            register(settings, seller, sample_report),
            resources={"dbt": dbt_resource(invocation)},
        )
        assert result.success, invocation
        outcomes[invocation] = marts_outcome(result)

    assert outcomes["in_process"] == outcomes["subprocess"]
    assert outcomes["fork"] == outcomes["subprocess"]
    materialised, checks = outcomes["fork"]
    assert any(key.endswith("fct_sales") for key in materialised)
    # Every check of the runs, each with the same outcome (the sample uploaded again by
    # one seller fails one of them in every way of running dbt).
    assert len(checks) > 20


def test_in_process_build_keeps_its_files_under_the_data_dir_and_prunes_them(
    settings, engine, instance, seller, sample_report, monkeypatch
):
    from mi_core.settings import get_settings

    # The build reads get_settings(): one kept build, so two uploads fill the window.
    monkeypatch.setattr(get_settings(), "dbt_keep_invocations", 1)
    project_logs = settings.dbt_project_dir / "logs"
    # A developer's own dbt commands may have left a log there: it must not change.
    logs_before = project_log_files(project_logs)
    for _ in range(2):
        assert run_upload(instance, seller, register(settings, seller, sample_report)).success

    invocations = [p for p in settings.dbt_invocations_dir.iterdir() if p.is_dir()]
    assert len(invocations) == 1
    newest = max(invocations, key=lambda p: p.stat().st_mtime)
    assert newest.is_relative_to(settings.data_dir)
    # dbt's artefacts and its log went into the build's own directory, not the project.
    assert (newest / "run_results.json").exists()
    assert (newest / "dbt.log").exists()
    assert project_log_files(project_logs) == logs_before


def project_log_files(directory) -> dict[str, tuple[int, int]]:
    """Each file under `directory` with its size and modification time."""
    if not directory.exists():
        return {}
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in directory.rglob("*")
        if path.is_file()
    }


@pytest.mark.parametrize("invocation", ["in_process", "fork"])
def test_a_failing_build_in_the_run_worker_raises_with_dbts_error(settings, invocation):
    with pytest.raises(DagsterDbtCliRuntimeError, match="exit code `2`"):
        dbt_resource(invocation).cli(["build", "--vars", "{not yaml"]).wait()


def test_a_forked_build_stops_on_sigint_as_a_dbt_process_does(settings, tmp_path):
    """What dagster-dbt sends when the run is cancelled: the build stops where it is,
    failed, instead of running on to its last node."""
    invocation = dbt_resource("fork").cli(["build"], raise_on_error=False, target_path=tmp_path)
    process = invocation.process
    for line in process.stdout:
        if json.loads(line)["info"]["name"] == "LogStartLine":  # "1 of N START ..."
            break
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 2
    # dbt recorded the nodes it had run when it was interrupted: a few of the project's.
    ran = json.loads((tmp_path / "run_results.json").read_text())["results"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    buildable = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed", "test", "snapshot")
    ]
    assert len(ran) < len(buildable) / 2
    with pytest.raises(ProcessLookupError):  # reaped: no process left behind
        os.kill(process.pid, 0)


def test_the_dbt_version_is_read_without_a_process():
    printed = subprocess.run(
        [dbt_resource("in_process").dbt_executable, "--version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = re.search(r"installed: (\d+\.\d+\.\d+)", printed).group(1)
    assert str(dbt_resource("in_process")._cli_version) == installed
