"""GET /metrics: Prometheus figures for operators, from loopback or with the token only,
labelled by route template and bounded values, never by seller, email or title."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from mi_core import upload_status
from mi_core.models import UploadStage
from tests.fakes.smtp_server import smtp_server
from tests.pipeline_helpers import execute, register
from tests.portal_helpers import BASE_URL, create_seller, login, portal_client

TOKEN = "metrics-token-" + uuid.uuid4().hex


def samples(body: str) -> dict[tuple[str, frozenset], float]:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(body)
        for s in family.samples
    }


def value(body: str, name: str, **labels: str) -> float:
    return samples(body).get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def client(settings):
    with portal_client(settings, metrics_token=SecretStr(TOKEN)) as test_client:
        yield test_client


def scrape(client: TestClient) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def test_metrics_answer_loopback_or_the_token_only(settings, client):
    # The test client's peer is "testclient": not loopback.
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    from portal.main import app

    with TestClient(app, base_url=BASE_URL, client=("127.0.0.1", 50000)) as local:
        assert local.get("/metrics").status_code == 200
    with TestClient(app, base_url=BASE_URL, client=("10.1.2.3", 50000)) as remote:
        assert remote.get("/metrics").status_code == 404
        # A forwarded-for header from an untrusted peer is not believed.
        spoofed = remote.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})
        assert spoofed.status_code == 404


def test_request_latency_by_route_template_and_no_seller_in_labels(settings, client, sample_report):
    seller = create_seller()
    headers = login(client, seller.email)
    upload_id = register(settings, seller, sample_report)
    before = value(
        scrape(client),
        "http_request_duration_seconds_count",
        handler="/api/uploads/{upload_id}",
        method="GET",
    )
    assert client.get(f"/api/uploads/{upload_id}", headers=headers).status_code == 200
    body = scrape(client)
    after = value(
        body,
        "http_request_duration_seconds_count",
        handler="/api/uploads/{upload_id}",
        method="GET",
    )
    assert after == before + 1
    assert str(upload_id) not in body and str(seller.id) not in body
    assert seller.email not in body and sample_report.name not in body


def test_upload_and_stage_figures_come_from_the_database(settings, engine, client, sample_report):
    seller = create_seller()
    body = scrape(client)
    pending_before = value(body, "mi_uploads_pending")
    validating_before = value(
        body, "mi_upload_stage_duration_seconds_count", stage=UploadStage.VALIDATING.value
    )
    upload_id = register(settings, seller, sample_report)
    assert value(scrape(client), "mi_uploads_pending") == pending_before + 1
    upload_status.mark_processing(engine, upload_id, "run-for-metrics")
    upload_status.set_stage(engine, upload_id, UploadStage.LOADING)
    upload_status.mark_completed(engine, upload_id)
    body = scrape(client)
    assert value(body, "mi_uploads_pending") == pending_before
    assert value(body, "mi_uploads", status="completed") >= 1
    count = value(body, "mi_upload_stage_duration_seconds_count", stage="validating")
    assert count == validating_before + 1
    assert value(body, "mi_upload_stage_duration_seconds_bucket", stage="loading", le="+Inf") >= 1


def test_categorisation_webhooks_and_emails(settings, engine, client, sample_report):
    seller = create_seller()
    body = scrape(client)
    requests_before = value(body, "mi_categorisation_requests_total")
    cost_before = value(body, "mi_categorisation_cost_usd_total")
    webhooks_before = value(body, "mi_webhook_events_total", type="invoice.paid", result="applied")
    upload_id = register(settings, seller, sample_report)
    execute(
        engine,
        "insert into categorisation_usage (upload_id, categoriser, model, titles,"
        " distinct_titles, requests, prompt_tokens, completion_tokens, cached_titles,"
        " llm_titles, fallback_titles, estimated_cost_usd)"
        " values (:u, 'openai', 'gpt-4o-mini', 10, 8, 2, 1000, 200, 3, 5, 0, 0.0125)",
        u=upload_id,
    )
    execute(
        engine,
        "insert into stripe_events (id, type, created, outcome, payload)"
        " values (:id, 'invoice.paid', now(), 'subscription sub_1: active, plan pro', '{}')",
        id=f"evt_{uuid.uuid4().hex}",
    )
    body = scrape(client)
    assert value(body, "mi_categorisation_requests_total") == requests_before + 2
    assert value(body, "mi_categorisation_cost_usd_total") == pytest.approx(cost_before + 0.0125)
    assert value(body, "mi_categorisation_cache_hits_total") >= 3
    assert (
        value(body, "mi_webhook_events_total", type="invoice.paid", result="applied")
        == webhooks_before + 1
    )

    sent_before = value(body, "mi_emails_total", result="sent")
    failed_before = value(body, "mi_emails_total", result="failed")
    from mi_core.emails import send_email_now

    with smtp_server() as smtp:
        assert send_email_now(
            settings.model_copy(update={"smtp_host": smtp.host, "smtp_port": smtp.port}),
            seller.email,
            "Hello",
            "Body",
        )
    unreachable = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": 1})
    assert not send_email_now(unreachable, seller.email, "Hello", "Body")
    body = scrape(client)
    assert value(body, "mi_emails_total", result="sent") == sent_before + 1
    assert value(body, "mi_emails_total", result="failed") == failed_before + 1
    assert seller.email not in body
