"""Seller emails about uploads: written to the outbox with the outcome, sent by the
`send_notifications` job (a real Dagster run) to a local SMTP server (aiosmtpd)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from mi_core import notifications
from mi_core.upload_status import mark_completed, mark_failed
from tests.fakes.smtp_server import smtp_server
from tests.pipeline_helpers import (
    definitions,
    execute,
    register,
    run_upload,
    scalar,
    upload_row,
)


@pytest.fixture
def mail_settings(settings, smtp):
    return settings.model_copy(update={"smtp_host": smtp.host, "smtp_port": smtp.port})


@pytest.fixture(autouse=True)
def _only_this_tests_mails(engine):
    """The outbox is shared by the session: earlier tests' mails are not this test's."""
    execute(engine, "update notification_outbox set status = 'skipped' where status = 'pending'")


def outbox(engine, upload_id) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        from sqlalchemy import text

        rows = conn.execute(
            text("select kind, status from notification_outbox where upload_id = :u order by id"),
            {"u": upload_id},
        )
        return [tuple(row) for row in rows]


def parts(message) -> tuple[str, str]:
    text_part = message.get_body(preferencelist=("plain",)).get_content()
    html_part = message.get_body(preferencelist=("html",)).get_content()
    return text_part, html_part


def completed_figures(path, row_numbers: set[int]) -> tuple[int, Decimal, Decimal]:
    """Orders, gross and net of the given report rows, read straight from the CSV."""
    orders, gross, net = 0, Decimal(0), Decimal(0)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line_number, row in enumerate(csv.DictReader(handle), start=2):
            if line_number in row_numbers and row["Order Status"] == "Completed":
                orders += 1
                gross += Decimal(row["Item Price"])
                net += Decimal(row["Net Seller Proceeds"])
    return orders, gross, net


def test_a_processed_report_mails_its_figures_and_its_waiting_rows_once(
    settings, mail_settings, smtp, engine, instance, free_seller, sample_report
):
    upload_id = register(settings, free_seller, sample_report, plan=None)
    assert run_upload(instance, free_seller, upload_id).success
    mark_completed(engine, upload_id)
    # The run-status sensor may write the same outcome twice: one mail.
    mark_completed(engine, upload_id)
    assert outbox(engine, upload_id) == [
        ("rows_waiting", "pending"),
        ("upload_completed", "pending"),
    ]
    assert smtp.messages_to(free_seller.email) == []

    result = notifications.send_pending(engine, mail_settings)

    assert (result.sent, result.deferred) == (2, 0)
    waiting_mail, ready_mail = smtp.messages_to(free_seller.email)
    assert ready_mail["Subject"] == "Your sales report is ready"
    text_body, html_body = parts(ready_mail)
    with engine.connect() as conn:
        from sqlalchemy import text

        loaded = {
            n
            for (n,) in conn.execute(
                text("select row_number from raw.sales_report_rows where upload_id = :u"),
                {"u": upload_id},
            )
        }
    assert len(loaded) == 100  # the free plan's month
    orders, gross, net = completed_figures(sample_report, loaded)
    assert orders > 0
    for body in (text_body, html_body):
        assert f"{orders:,}" in body
        assert f"${gross:,.2f}" in body and f"${net:,.2f}" in body
        assert f"/uploads/{upload_id}" in body
    upload = upload_row(engine, upload_id)
    assert ("matches the report's Totals row" in text_body) is bool(upload.reconciled)

    assert waiting_mail["Subject"] == "Some rows of your report wait for your plan"
    waiting_text, waiting_html = parts(waiting_mail)
    assert f"{upload.waiting_rows:,} rows" in waiting_text and "/billing" in waiting_html
    assert upload.waiting_rows > 0
    # Sent rows are not sent again.
    assert notifications.send_pending(engine, mail_settings).sent == 0
    assert len(smtp.messages_to(free_seller.email)) == 2


def test_a_failed_upload_mails_the_reason_and_what_to_do(
    settings, mail_settings, smtp, engine, instance, seller, tmp_path
):
    bad_file = tmp_path / "not-a-report.csv"
    bad_file.write_text('"Order","Price"\n"1","2.00"\n', encoding="utf-8")
    upload_id = register(settings, seller, bad_file)
    assert not run_upload(instance, seller, upload_id, raise_on_error=False).success
    error = upload_row(engine, upload_id).error
    assert error

    notifications.send_pending(engine, mail_settings)

    (mail,) = smtp.messages_to(seller.email)
    text_body, html_body = parts(mail)
    assert error.splitlines()[0] in text_body
    assert "What to do" in text_body and "upload it again" in text_body
    assert "What to do" in html_body
    # The HTML part escapes what the report's name or the error carry.
    assert "<script" not in html_body


def test_a_seller_who_opted_out_gets_no_upload_mail(
    settings, mail_settings, smtp, engine, seller, sample_report
):
    upload_id = register(settings, seller, sample_report)
    execute(engine, "update users set upload_emails = false where id = :s", s=seller.id)
    mark_failed(engine, upload_id, "Processing failed at step x: boom")

    result = notifications.send_pending(engine, mail_settings)

    assert (result.sent, result.skipped) == (0, 1)
    assert smtp.messages_to(seller.email) == []
    assert outbox(engine, upload_id) == [("upload_failed", "skipped")]


def test_a_refused_delivery_is_kept_and_retried_until_it_goes_through(
    settings, engine, seller, sample_report
):
    upload_id = register(settings, seller, sample_report)
    mark_failed(engine, upload_id, "Processing failed at step x: boom")
    with smtp_server() as server:
        address = {"smtp_host": server.host, "smtp_port": server.port}
    # The server is gone now: the delivery is refused.
    away = settings.model_copy(update=address)
    with pytest.raises(notifications.DeliveryDeferredError):
        notifications.send_pending(engine, away)
    assert outbox(engine, upload_id) == [("upload_failed", "pending")]
    assert (
        scalar(engine, "select attempts from notification_outbox where upload_id = :u", u=upload_id)
        == 1
    )

    with smtp_server() as back:
        notifications.send_pending(
            engine, settings.model_copy(update={"smtp_host": back.host, "smtp_port": back.port})
        )
        assert len(back.messages_to(seller.email)) == 1
    assert outbox(engine, upload_id) == [("upload_failed", "sent")]


def test_a_delivery_refused_too_often_is_given_up(settings, engine, seller, sample_report):
    upload_id = register(settings, seller, sample_report)
    mark_failed(engine, upload_id, "boom")
    with smtp_server() as server:
        away = settings.model_copy(
            update={
                "smtp_host": server.host,
                "smtp_port": server.port,
                "notification_max_attempts": 2,
            }
        )
    with pytest.raises(notifications.DeliveryDeferredError):
        notifications.send_pending(engine, away)
    # The second refusal reaches the limit: given up, and the job does not fail for it.
    assert notifications.send_pending(engine, away).failed == 1
    assert outbox(engine, upload_id) == [("upload_failed", "failed")]


def test_the_send_job_is_a_scheduled_dagster_job_with_retries_that_skips_idle_minutes(
    settings, smtp, engine, seller, sample_report, monkeypatch
):
    from dagster import (
        DagsterInstance,
        DagsterRun,
        DagsterRunStatus,
        RunRequest,
        build_schedule_context,
        instance_for_test,
    )

    from mi_core.settings import get_settings
    from orchestration.resources import WarehouseResource

    defs = definitions()
    schedule = defs.get_schedule_def("send_notifications_schedule")
    assert (schedule.job_name, schedule.cron_schedule) == ("send_notifications", "* * * * *")
    job = defs.resolve_job_def("send_notifications")
    assert all(node.definition.retry_policy is not None for node in job.graph.node_dict.values())
    warehouse = WarehouseResource(database_url=settings.resolved_database_url())

    def tick(instance):
        with build_schedule_context(
            instance=instance, resources={"warehouse": warehouse}
        ) as context:
            return schedule.evaluate_tick(context)

    # A schedule with resources needs an instance that can be re-opened from its ref.
    with instance_for_test() as instance:
        assert tick(instance).run_requests == []
        upload_id = register(settings, seller, sample_report)
        mark_failed(engine, upload_id, "boom")
        (request,) = tick(instance).run_requests
        assert isinstance(request, RunRequest)
        # While a run is still sending (e.g. retrying), no second one joins it.
        instance.add_run(DagsterRun(job_name="send_notifications", status=DagsterRunStatus.STARTED))
        assert tick(instance).run_requests == []

    monkeypatch.setenv("MI_SMTP_HOST", smtp.host)
    monkeypatch.setenv("MI_SMTP_PORT", str(smtp.port))
    get_settings.cache_clear()
    try:
        with DagsterInstance.ephemeral() as instance:
            assert job.execute_in_process(instance=instance, tags=request.tags).success
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert len(smtp.messages_to(seller.email)) == 1
    with instance_for_test() as instance:
        assert tick(instance).run_requests == []


def test_the_account_page_turns_upload_emails_off_and_on(settings, engine):
    from tests.portal_helpers import PASSWORD, create_seller, page_login, portal_client

    account = create_seller()
    with portal_client(settings) as client:
        page_login(client, account.email, PASSWORD)
        page = client.get("/account")
        assert 'id="upload_emails"' in page.text and "checked" in page.text
        token = client.cookies["csrftoken"]
        off = client.post(
            "/account/notifications", data={"csrftoken": token}, follow_redirects=False
        )
        assert off.status_code == 303
        assert (
            scalar(engine, "select upload_emails from users where id = :s", s=account.id) is False
        )
        client.post("/account/notifications", data={"csrftoken": token, "upload_emails": "on"})
        assert scalar(engine, "select upload_emails from users where id = :s", s=account.id) is True
        # Without the CSRF token nothing changes.
        refused = client.post("/account/notifications", data={})
        assert refused.status_code == 403
