"""Operations: the queue position of a pending upload, stuck uploads re-queued once then
failed (the real watch_uploads job), the operators' waiting-uploads alert (once per
episode) and Dagster's own run-failure email sensor (to a STARTTLS + login SMTP server)."""

from __future__ import annotations

import uuid

import pytest
from pydantic import SecretStr

from mi_core import operations
from tests.fakes.smtp_server import smtp_server, tls_smtp_server
from tests.pipeline_helpers import definitions, execute, register, run_upload, scalar, upload_row

# Far beyond anything another test leaves behind in the shared database.
LONG_MINUTES = 10_000


def insert_upload(engine, seller_id, status, minutes_ago, **extra) -> uuid.UUID:
    upload_id = uuid.uuid4()
    execute(
        engine,
        "insert into uploads (id, seller_id, filename, stored_path, size_bytes, sha256, status,"
        " stage, processed_items, quarantined_items, waiting_rows, run_generation, requeues,"
        " created_at, started_at, dagster_run_id) values (:id, :s, 'r.csv', 'x', 1, 'x',"
        " :status, 'queued', 0, 0, 0, 0, :requeues,"
        " now() - make_interval(secs => :ago * 60), :started, :run)",
        id=upload_id,
        s=seller_id,
        status=status,
        ago=float(minutes_ago),
        requeues=extra.get("requeues", 0),
        started=extra.get("started"),
        run=extra.get("run"),
    )
    return upload_id


# --- queue position ---


def test_a_pending_upload_shows_its_place_in_the_sellers_queue_and_an_estimate(settings, engine):
    from tests.portal_helpers import create_seller, login, portal_client

    seller = create_seller()
    running = insert_upload(engine, seller.id, "processing", 1, run="r1")
    second = insert_upload(engine, seller.id, "pending", 0.5)
    third = insert_upload(engine, seller.id, "pending", 0.2)
    # Recent runs of 40 s each (completed "in the future", so they are the most recent).
    history = create_seller()
    execute(
        engine,
        "insert into uploads (id, seller_id, filename, stored_path, size_bytes, sha256, status,"
        " stage, processed_items, quarantined_items, waiting_rows, run_generation, started_at,"
        " completed_at) select gen_random_uuid(), :s, 'h.csv', 'x', 1, 'x', 'completed',"
        " 'done', 0, 0, 0, 0, now() + interval '1 hour', now() + interval '1 hour 40 seconds'"
        " from generate_series(1, 50)",
        s=history.id,
    )
    try:
        with portal_client(settings) as client:
            headers = login(client, seller.email)
            shown = {
                upload: client.get(f"/api/uploads/{upload}", headers=headers).json()
                for upload in (running, second, third)
            }
            page = client.get(f"/uploads/{third}", headers=headers)
    finally:
        execute(engine, "delete from uploads where seller_id = :s", s=history.id)
    assert shown[running]["queue_position"] is None
    # Both pending uploads go in the seller's next run, after the one processing.
    assert (shown[second]["queue_position"], shown[second]["estimated_seconds"]) == (2, 80.0)
    assert (shown[third]["queue_position"], shown[third]["estimated_seconds"]) == (2, 80.0)
    assert shown[third]["queue_text"] == "Number 2 in line, ready in about 80 s."
    assert "Number 2 in line" in page.text


def test_pending_uploads_with_no_run_ahead_all_go_in_the_next_run(settings, engine, seller):
    first = insert_upload(engine, seller.id, "pending", 0.5)
    second = insert_upload(engine, seller.id, "pending", 0.2)
    with engine.connect() as conn:
        assert [operations.queue_place(conn, u).position for u in (first, second)] == [1, 1]


def test_another_sellers_queue_does_not_count(settings, engine, seller):
    from tests.portal_helpers import create_seller

    other = create_seller()
    insert_upload(engine, other.id, "processing", 1, run="r")
    mine = insert_upload(engine, seller.id, "pending", 0.1)
    with engine.connect() as conn:
        assert operations.queue_place(conn, mine).position == 1


# --- stuck uploads ---


@pytest.fixture
def ops_env(monkeypatch, smtp):
    """The settings the Dagster ops read (get_settings), for one test."""
    from mi_core.settings import get_settings

    monkeypatch.setenv("MI_STUCK_PROCESSING_MINUTES", str(LONG_MINUTES))
    monkeypatch.setenv("MI_STUCK_PENDING_MINUTES", str(LONG_MINUTES))
    monkeypatch.setenv("MI_UPLOAD_WAIT_ALERT_MINUTES", str(LONG_MINUTES * 2))
    monkeypatch.setenv("MI_SMTP_HOST", smtp.host)
    monkeypatch.setenv("MI_SMTP_PORT", str(smtp.port))
    get_settings.cache_clear()
    yield get_settings()
    monkeypatch.undo()
    get_settings.cache_clear()


def run_watch_job():
    from dagster import DagsterInstance

    job = definitions().resolve_job_def("watch_uploads")
    with DagsterInstance.ephemeral() as instance:
        assert job.execute_in_process(instance=instance).success


def test_a_stuck_upload_is_requeued_once_then_failed_with_a_reason(ops_env, engine, seller):
    stuck = insert_upload(
        engine, seller.id, "processing", LONG_MINUTES + 60, run="lost-run", started=None
    )
    forgotten = insert_upload(engine, seller.id, "pending", LONG_MINUTES + 5)
    fresh = insert_upload(engine, seller.id, "pending", 1)
    uploaded_at = upload_row(engine, stuck).created_at

    run_watch_job()

    first = upload_row(engine, stuck)
    # The seller's upload time stays as it was.
    assert first.created_at == uploaded_at
    assert (first.status, first.requeues, first.run_generation) == ("pending", 1, 1)
    assert first.dagster_run_id is None
    assert upload_row(engine, forgotten).requeues == 1
    assert upload_row(engine, fresh).requeues == 0
    # Re-queued a moment ago: not stuck again until the threshold passes anew.
    from mi_core.settings import get_settings

    assert forgotten not in {u.upload_id for u in operations.stuck_uploads(engine, get_settings())}
    # The pending-uploads sensor would now launch it under a new run key.
    from mi_core.upload_status import pending_uploads

    assert {p.upload_id: p.run_key for p in pending_uploads(engine)}[stuck] == f"{stuck}:1"

    # Stuck again: failed, with a reason the seller can read, and mailed about it.
    execute(
        engine,
        "update uploads set status = 'processing', dagster_run_id = 'again',"
        " started_at = now() - make_interval(mins => :m) where id = :id",
        id=stuck,
        m=LONG_MINUTES + 1,
    )
    run_watch_job()
    failed = upload_row(engine, stuck)
    assert failed.status == "failed" and failed.error == operations.STUCK_REASON
    assert (
        scalar(
            engine,
            "select count(*) from notification_outbox"
            " where upload_id = :u and kind = 'upload_failed'",
            u=stuck,
        )
        == 1
    )
    # `forgotten` still waits (re-queued, not stuck again): it would raise the waiting
    # alert of the tests below.
    execute(engine, "delete from uploads where seller_id = :s", s=seller.id)


def test_the_watch_schedule_skips_when_nothing_is_stuck_or_waiting(ops_env, engine, seller):
    from dagster import build_schedule_context, instance_for_test

    from orchestration.resources import WarehouseResource

    schedule = definitions().get_schedule_def("watch_uploads_schedule")
    warehouse = WarehouseResource(database_url=ops_env.resolved_database_url())
    job = definitions().resolve_job_def("watch_uploads")
    assert all(node.definition.retry_policy is not None for node in job.graph.node_dict.values())

    def tick():
        with (
            instance_for_test() as instance,
            build_schedule_context(
                instance=instance, resources={"warehouse": warehouse}
            ) as context,
        ):
            return schedule.evaluate_tick(context)

    execute(engine, "delete from operator_alerts")
    assert tick().run_requests == []
    stuck = insert_upload(engine, seller.id, "pending", LONG_MINUTES + 1)
    assert len(tick().run_requests) == 1
    execute(engine, "delete from uploads where id = :id", id=stuck)


# --- the operators' alert on waiting uploads ---


def test_waiting_uploads_alert_the_operators_once_per_episode(settings, engine, seller, smtp):
    configured = settings.model_copy(
        update={
            "operator_emails": "ops@example.test, oncall@example.test",
            "upload_wait_alert_minutes": LONG_MINUTES,
            "smtp_host": smtp.host,
            "smtp_port": smtp.port,
        }
    )
    execute(engine, "delete from operator_alerts")
    assert operations.alert_on_waiting_uploads(engine, configured) == "nothing waits"
    waiting = insert_upload(engine, seller.id, "pending", LONG_MINUTES + 3)

    assert operations.alert_on_waiting_uploads(engine, configured) == "alert sent"
    assert operations.alert_on_waiting_uploads(engine, configured) == "already alerted"
    (mail,) = smtp.messages_to("ops@example.test, oncall@example.test")
    assert "1 upload(s) pending" in mail.get_content()

    execute(engine, "update uploads set status = 'completed' where id = :id", id=waiting)
    assert operations.alert_on_waiting_uploads(engine, configured) == "episode closed"
    insert_upload(engine, seller.id, "pending", LONG_MINUTES + 1)
    assert operations.alert_on_waiting_uploads(engine, configured) == "alert sent"
    assert len(smtp.messages_to("ops@example.test, oncall@example.test")) == 2
    execute(engine, "delete from uploads where seller_id = :s", s=seller.id)
    execute(engine, "delete from operator_alerts")


def test_a_refused_alert_is_not_recorded_so_the_retry_mails_again(settings, engine, seller):
    with smtp_server() as gone:
        address = {"smtp_host": gone.host, "smtp_port": gone.port}
    configured = settings.model_copy(
        update={
            "operator_emails": "ops@example.test",
            "upload_wait_alert_minutes": LONG_MINUTES,
            **address,
        }
    )
    execute(engine, "delete from operator_alerts")
    insert_upload(engine, seller.id, "pending", LONG_MINUTES + 3)
    with pytest.raises(OSError):
        operations.alert_on_waiting_uploads(engine, configured)
    assert scalar(engine, "select count(*) from operator_alerts") == 0
    execute(engine, "delete from uploads where seller_id = :s", s=seller.id)


# --- Dagster's run-failure email sensor ---


def test_dagster_mails_the_operators_when_a_run_fails(
    settings, engine, instance, seller, tmp_path, monkeypatch
):
    from dagster import build_run_status_sensor_context

    from orchestration.operations import run_failure_email_sensor

    assert run_failure_email_sensor(settings.model_copy(update={"operator_emails": ""})) == []
    with tls_smtp_server("alerts", "relay-password-1") as relay:
        monkeypatch.setenv("SSL_CERT_FILE", relay.certificate_file)
        configured = settings.model_copy(
            update={
                "operator_emails": "ops@example.test",
                "smtp_host": relay.host,
                "smtp_port": relay.port,
                "smtp_user": "alerts",
                "smtp_password": SecretStr("relay-password-1"),
                "smtp_security": "STARTTLS",
                "dagster_ui_url": "https://dagster.ops.example.test",
            }
        )
        (sensor,) = run_failure_email_sensor(configured)
        bad_file = tmp_path / "not-a-report.csv"
        bad_file.write_text('"Order","Price"\n"1","2.00"\n', encoding="utf-8")
        upload_id = register(settings, seller, bad_file)
        result = run_upload(instance, seller, upload_id, raise_on_error=False)
        assert not result.success
        context = build_run_status_sensor_context(
            sensor_name=sensor.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_failure_event(),
        ).for_run_failure()
        sensor(context)
        (mail,) = relay.messages_to("ops@example.test")
    assert relay.logins == ["alerts"]
    assert "process_upload" in mail["Subject"]
    assert result.dagster_run.run_id in mail.get_payload()
    assert "https://dagster.ops.example.test" in mail.get_payload()


def test_the_failure_sensor_is_part_of_the_definitions_when_configured(monkeypatch):
    from orchestration.definitions import defs

    monkeypatch.setenv("MI_OPERATOR_EMAILS", "ops@example.test")
    monkeypatch.setenv("MI_SMTP_PASSWORD", "relay-password-1")
    from mi_core.settings import get_settings

    get_settings.cache_clear()
    try:
        names = {s.name for s in defs().sensors}
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert "email_on_run_failure" in names
