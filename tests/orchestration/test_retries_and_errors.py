"""Retries and error reporting: a transient failure (the database connection lost) is
retried by the assets' retry policy and the upload completes; a bad file fails at once
with the seller-readable reason; a step that keeps failing reaches Sentry (a local
recorder) from the run and from the portal, scrubbed of titles, emails, file names and
buyer names."""

from __future__ import annotations

import itertools

import pytest
from dagster import DagsterEventType
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from orchestration.resources import CategoriserResource
from tests.fakes.sentry_server import sentry_server
from tests.pipeline_helpers import register, run_upload, upload_row
from tests.portal_helpers import BASE_URL

SECRET_TITLE = "Reserved for Jennifer Smith Rae Dunn mug"
SECRET_EMAIL = "jennifer.smith@example.com"
SECRET_FILE = "jennifers-sales-2024.csv"
_calls = itertools.count()


class FlakyCategoriser(CategoriserResource):
    """Loses the database connection on its first use, as PostgreSQL restarting would."""

    def build(self, engine: Engine):
        if next(_calls) == 0:
            raise OperationalError("select 1", {}, Exception("server closed the connection"))
        return super().build(engine)


class BrokenCategoriser(CategoriserResource):
    """Fails every time, with seller data in the message (as a careless library might)."""

    def build(self, engine: Engine):
        raise RuntimeError(f"cannot categorise '{SECRET_TITLE}' of {SECRET_EMAIL} in {SECRET_FILE}")


def _event_types(instance, run_id: str) -> list[DagsterEventType]:
    return [
        e.dagster_event.event_type for e in instance.all_logs(run_id) if e.dagster_event is not None
    ]


def test_a_transient_failure_is_retried_and_the_upload_completes(
    settings, engine, instance, seller, sample_report
):
    upload_id = register(settings, seller, sample_report)
    result = run_upload(instance, seller, upload_id, resources={"categoriser": FlakyCategoriser()})
    assert result.success
    events = _event_types(instance, result.run_id)
    assert events.count(DagsterEventType.STEP_UP_FOR_RETRY) == 1
    assert DagsterEventType.STEP_FAILURE not in events
    assert upload_row(engine, upload_id).error is None


def test_a_bad_file_fails_at_once_with_the_reason(settings, engine, instance, seller, tmp_path):
    bad_file = tmp_path / "not-a-report.csv"
    bad_file.write_text('"Order","Price"\n"1","2.00"\n', encoding="utf-8")
    upload_id = register(settings, seller, bad_file)
    result = run_upload(instance, seller, upload_id, raise_on_error=False)
    assert not result.success
    events = _event_types(instance, result.run_id)
    assert DagsterEventType.STEP_UP_FOR_RETRY not in events
    assert events.count(DagsterEventType.STEP_FAILURE) == 1
    upload = upload_row(engine, upload_id)
    assert upload.status == "failed"
    assert "not-a-report.csv" in upload.error and "header" in upload.error


def _assert_scrubbed(event: dict) -> None:
    text = str(event)
    for secret in ("Jennifer", "Smith", SECRET_EMAIL, SECRET_FILE, "Rae Dunn"):
        assert secret not in text, secret


def test_a_failing_step_reaches_sentry_scrubbed(
    settings, engine, instance, seller, sample_report, monkeypatch
):
    import sentry_sdk

    with sentry_server() as recorder:
        from mi_core.settings import get_settings

        # The run's failure hook reads get_settings(): after an earlier test cleared its
        # cache that is not the session fixture's object any more.
        monkeypatch.setattr(get_settings(), "sentry_dsn", recorder.dsn)
        try:
            upload_id = register(settings, seller, sample_report)
            result = run_upload(
                instance,
                seller,
                upload_id,
                raise_on_error=False,
                resources={"categoriser": BrokenCategoriser()},
            )
            assert not result.success
            sentry_sdk.flush(timeout=5)
            events = [e for e in recorder.events() if e.get("exception")]
        finally:
            sentry_sdk.init(dsn=None)
    assert len(events) == 1, events
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["tags"]["dagster.step"] == "categorised_sales"
    assert event["tags"]["mi/upload_id"] == str(upload_id)
    assert "cannot categorise" in event["exception"]["values"][-1]["value"]
    _assert_scrubbed(event)


@pytest.fixture
def failing_route():
    from portal.main import app

    def boom() -> None:
        raise ValueError(f"{SECRET_EMAIL} uploaded {SECRET_FILE}: '{SECRET_TITLE}' is odd")

    app.add_api_route("/__sentry_test_boom", boom, methods=["GET"])
    try:
        yield app
    finally:
        app.router.routes = [
            r for r in app.router.routes if getattr(r, "path", "") != "/__sentry_test_boom"
        ]


def test_a_portal_error_reaches_sentry_scrubbed(settings, failing_route):
    import sentry_sdk

    from mi_core.error_reporting import init_error_reporting

    with sentry_server() as recorder:
        try:
            assert init_error_reporting(recorder.dsn, "portal", "test")
            with TestClient(failing_route, base_url=BASE_URL, raise_server_exceptions=False) as c:
                response = c.get(
                    "/__sentry_test_boom",
                    headers={"Authorization": "Bearer secret-token", "Cookie": "mi_session=abc"},
                )
            assert response.status_code == 500
            sentry_sdk.flush(timeout=5)
            events = recorder.events()
        finally:
            sentry_sdk.init(dsn=None)
    assert events, "no event reached the recorder"
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    _assert_scrubbed(event)
    text = str(event)
    assert "secret-token" not in text and "mi_session" not in text
