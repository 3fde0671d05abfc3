"""One log format for the portal and Dagster runs: JSON lines carrying the request id, the
tenant and the upload, and never a password, a token, a title or a buyer's name.

A seller uploads through the real portal a report whose titles name a buyer ("Reserved
for Jennifer Smith"), the real pipeline processes it, and every line logged meanwhile
(the portal's and the run's, Python's and Dagster's) is read back.
"""

from __future__ import annotations

import json
import logging

from mi_core.logging_config import configure_logging, redact
from tests.pipeline_helpers import run_upload, scalar
from tests.portal_helpers import PASSWORD, create_seller, login, portal_client, upload_file

BUYER = "Jennifer Smith"
TITLES = [f"Reserved for {BUYER}", f"Bundle for {BUYER} Rae Dunn mugs"]


def _report_with_buyer_names(tmp_path):
    from mi_core.sales_report import write_report

    path = write_report(tmp_path / "reserved-report.csv", 20, seed=11)
    lines = path.read_bytes().split(b"\n")
    for line_number, title in zip((3, 5), TITLES, strict=True):
        fields = lines[line_number].split(b'","')
        fields[4] = title.encode()
        lines[line_number] = b'","'.join(fields)
    path.write_bytes(b"\n".join(lines))
    return path


def test_redact_removes_secrets_and_buyer_names():
    line = redact(
        "GET /verify?token=abc.def password=hunter2 Authorization: Bearer eyJ.x.y"
        " from ann@example.com: Reserved for Jennifer Smith, 2 mugs"
    )
    for secret in ("abc.def", "hunter2", "eyJ.x.y", "ann@example.com", "Jennifer"):
        assert secret not in line
    assert "2 mugs" in line


def test_portal_and_run_logs_are_json_with_ids_and_no_seller_data(
    settings, engine, instance, tmp_path, capsys
):
    configure_logging("test")  # the handler writes to the stream capsys captures
    logging.getLogger("portal.test").info("a line from the test itself, password=hunter2")
    seller = create_seller()
    report = _report_with_buyer_names(tmp_path)
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        response = upload_file(client, headers, report)
        assert response.status_code == 202, response.text
        upload_id = response.json()["id"]
        assert client.get(f"/api/uploads/{upload_id}", headers=headers).status_code == 200
        request_id = client.get("/api/uploads", headers=headers).headers["x-request-id"]
    import uuid

    result = run_upload(instance, seller, uuid.UUID(upload_id))
    assert result.success
    # The seller keeps the titles; the logs never see them.
    stored = scalar(
        engine,
        "select count(*) from raw.sales_report_rows where upload_id = :u and item_title like :t",
        u=upload_id,
        t=f"%{BUYER}%",
    )
    assert stored == 2

    output = capsys.readouterr()
    lines = [line for line in (output.err + output.out).splitlines() if line.strip()]
    # Log lines are JSON objects; what else reaches stderr (Python's warnings, say) is
    # not a log line, but is searched for the secrets all the same.
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert not [line for line in lines if " - dagster - " in line], "Dagster's text format"
    dagster_messages = [
        f"{entry.user_message} {entry.dagster_event}" for entry in instance.all_logs(result.run_id)
    ]
    everything = "\n".join(lines + dagster_messages)
    for secret in (BUYER, "Jennifer", *TITLES, PASSWORD, "hunter2", seller.email, report.name):
        assert secret not in everything, secret

    access = [r for r in records if r.get("logger") == "portal.access"]
    assert any(r.get("request_id") == request_id for r in access)
    assert any(r.get("route") == "/api/uploads/{upload_id}" for r in access)
    assert any(r.get("tenant_id") == str(seller.id) for r in access)
    run_lines = [r for r in records if r.get("run_id") == result.run_id]
    assert run_lines, "the run logged nothing in JSON"
    step_lines = [r for r in run_lines if r.get("step_key")]
    assert step_lines and all(r.get("upload_id") == upload_id for r in step_lines)
    assert all(r.get("tenant_id") == str(seller.id) for r in step_lines)
