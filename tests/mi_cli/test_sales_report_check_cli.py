"""`mi check` on reports in both layouts and on touched files: `layout`, `fees`, and the
one-line refusal (exit 2), run as the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mi_core.sales_report import REPORT_COLUMNS
from mi_core.sales_report.fees import FEE_RULES
from tests.sales_report_files import sample_bytes, to_2022_layout, with_line_endings

MI = str(Path(sys.executable).with_name("mi"))
REGIME_KEYS = {"label", "from", "to", "sales", "selling_fee", "processing_fee", "effective_rate"}


def check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MI, "check", str(path)], capture_output=True, text=True, env=dict(os.environ), timeout=120
    )


def summary_of(path: Path) -> dict:
    result = check(path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "mercari_sales_report_sample.csv"
    path.write_bytes(sample_bytes())
    return path


def test_check_of_the_current_layout_adds_layout_and_fees(sample_file: Path) -> None:
    summary = summary_of(sample_file)
    assert summary["layout"] == "2024"
    assert (summary["rows"], summary["reconciled"]) == (755, True)
    assert list(summary["totals"]) == list(REPORT_COLUMNS[8:])
    fees = summary["fees"]
    assert set(fees) == {"regimes", "differing", "differing_rows"}
    assert [set(r) for r in fees["regimes"]] == [REGIME_KEYS] * len(FEE_RULES)
    assert fees["regimes"][1]["from"] == "2020-10-08"
    assert fees["regimes"][1]["effective_rate"] == "0.1357"
    assert fees["differing"] == 3
    assert fees["differing_rows"][0] == {
        "row": 4,
        "column": "Mercari Selling Fee",
        "expected": "2.00",
        "charged": "0.00",
    }


def test_check_of_the_2022_layout(sample_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "sales_2022.csv"
    path.write_bytes(to_2022_layout(sample_file.read_bytes()))
    summary = summary_of(path)
    assert summary["layout"] == "2022"
    assert (summary["rows"], summary["completed"], summary["cancelled"]) == (755, 597, 158)
    assert summary["reconciled"] is True and summary["quarantined"] == []
    assert len(summary["totals"]) == 9
    assert "Penalty Fee" not in summary["totals"]
    assert summary["totals"]["Payment Processing Fee"] == "873.37"
    assert summary["fees"]["differing"] == 3


def test_check_of_mixed_line_endings(sample_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(with_line_endings(sample_file.read_bytes(), (b"\r\n", b"\n", b"\r")))
    summary = summary_of(path)
    assert (summary["rows"], summary["reconciled"], summary["quarantined"]) == (755, True, [])


def test_check_of_a_5_mb_cell_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    header = '"' + '","'.join(REPORT_COLUMNS) + '"'
    path.write_text(header + '\n"m1","2021-03-01","' + "x" * (5 * 1024 * 1024) + '"')
    result = check(path)
    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith('huge.csv: row 2, column 3 ("Canceled Date"): a cell of')
