"""The dbt project's unit tests (fixtures in each model's .yml), run for real.

Pipeline builds leave them out (they test the SQL, not the data, and cost most of a
build's time); here they run once against the test warehouse.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.pipeline_helpers import register, run_upload


def test_every_dbt_unit_test_passes(settings, instance, seller, tmp_path):
    from mi_core.sales_report import write_report
    from orchestration.dbt_project import DBT_EXECUTABLE, dbt_subprocess_env, dbt_vars

    # Unit tests read the columns of their models' parents: the marts must exist.
    report = write_report(tmp_path / "sales.csv", 30, seed=11)
    assert run_upload(instance, seller, register(settings, seller, report)).success

    target = tmp_path / "dbt-target"
    result = subprocess.run(
        [DBT_EXECUTABLE, "test", "--select", "test_type:unit", "--vars", dbt_vars()],
        cwd=settings.dbt_project_dir,
        env={**dbt_subprocess_env(), "DBT_TARGET_PATH": str(target)},
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert result.returncode == 0, result.stdout[-4000:]
    results = json.loads(Path(target, "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 20
    assert {r["status"] for r in unit_tests} == {"pass"}
