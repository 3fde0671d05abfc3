"""The `mi` command-line contract, run as a real console script."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli_helpers import run_mi


def test_check_prints_the_summary_of_the_real_sample(sample):
    result = run_mi("check", str(sample.path))

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["rows"], summary["completed"], summary["cancelled"]) == (
        sample.rows,
        sample.completed,
        sample.cancelled,
    )
    assert summary["quarantined"] == []
    assert summary["reconciled"] is True
    assert summary["differences"] == {}
    assert summary["totals"] == sample.totals


def test_check_reports_quarantined_rows_and_still_exits_0(tmp_path):
    from mi_core.sales_report import generate_report

    lines = generate_report(10, seed=3).split(b"\n")
    fields = lines[4].split(b'","')
    fields[8] = b"twelve dollars"  # Item Price of the sale on line 5
    lines[4] = b'","'.join(fields)
    path = tmp_path / "report.csv"
    path.write_bytes(b"\n".join(lines))

    result = run_mi("check", str(path))

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["rows"] == 10
    assert {"row": 5, "column": "Item Price"}.items() <= summary["quarantined"][0].items()
    assert summary["reconciled"] is False
    assert "Item Price" in summary["differences"]


def _xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "empty"),
        ("latin1.csv", '"Item Id","Café"\n'.encode("latin-1"), "UTF-8"),
        ("wrong.csv", b'"Order","Price"\n"1","2.00"\n', "header"),
        ("book.xlsx", None, "Excel"),
    ],
)
def test_check_refuses_unreadable_files_with_one_line(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is None:
        _xlsx(path)
    else:
        path.write_bytes(content)

    result = run_mi("check", str(path))

    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert name in message and expected in message


def test_check_of_a_missing_file_exits_2(tmp_path):
    result = run_mi("check", str(tmp_path / "nope.csv"))
    assert result.returncode == 2
    assert "nope.csv" in result.stderr


def test_upload_registers_a_pending_upload_for_an_existing_seller(engine, seller, sample_report):
    result = run_mi("upload", str(sample_report), "--seller", seller.email)

    assert result.returncode == 0, result.stderr
    upload_id = uuid.UUID(result.stdout.strip())
    with engine.begin() as conn:
        row = conn.execute(
            text("select seller_id, status, filename, size_bytes from uploads where id = :id"),
            {"id": upload_id},
        ).one()
        # Keep the daemon test from processing this upload.
        conn.execute(text("delete from uploads where id = :id"), {"id": upload_id})
    assert row.seller_id == seller.id
    assert row.status == "pending"
    assert row.filename == sample_report.name
    assert row.size_bytes == sample_report.stat().st_size


def test_upload_creates_the_seller_in_development_only(engine, sample_report):
    email = f"new-{uuid.uuid4().hex[:8]}@example.test"

    refused = run_mi("upload", str(sample_report), "--seller", email)
    created = run_mi(
        "upload", str(sample_report), "--seller", email, env={"MI_ENVIRONMENT": "development"}
    )

    assert refused.returncode == 1
    assert "no such seller" in refused.stderr
    assert created.returncode == 0, created.stderr
    with engine.begin() as conn:
        owner = conn.execute(
            text(
                "select u.email from uploads up join users u on u.id = up.seller_id"
                " where up.id = :id"
            ),
            {"id": uuid.UUID(created.stdout.strip())},
        ).scalar()
        conn.execute(text("delete from users where email = :e"), {"e": email})
    assert owner == email
