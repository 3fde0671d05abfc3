"""Shared pieces of the billing tests: settings pointed at the fake Stripe server, signed
webhook posts, and direct looks at the billing tables."""

from __future__ import annotations

import time
import uuid

from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine, text

from mi_core.settings import Settings
from tests.fakes.stripe_server import FakeStripe, event_payload, signature_header
from tests.pipeline_helpers import execute

PRICE_PRO = "price_pro_monthly_test"
PRICE_BUSINESS = "price_business_monthly_test"
WEBHOOK_SECRET = "whsec_test_" + uuid.uuid4().hex
WEBHOOK = "/api/billing/webhook"


def billing_settings(settings: Settings, fake: FakeStripe, **overrides: object) -> Settings:
    return settings.model_copy(
        update={
            "stripe_secret_key": SecretStr("sk_test_" + uuid.uuid4().hex),
            "stripe_webhook_secret": SecretStr(WEBHOOK_SECRET),
            "stripe_price_pro": PRICE_PRO,
            "stripe_price_business": PRICE_BUSINESS,
            "stripe_api_base": fake.base_url,
            **overrides,
        }
    )


def post_event(
    client: TestClient,
    event_type: str,
    obj: dict,
    *,
    event_id: str | None = None,
    created: int | None = None,
    secret: str = WEBHOOK_SECRET,
    signed_at: int | None = None,
):
    """Post a Stripe event signed for real (`t=…,v1=HMAC-SHA256(secret, "{t}.{payload}")`)."""
    payload = event_payload(event_type, obj, event_id=event_id, created=created)
    return post_payload(client, payload, signature_header(payload, secret, signed_at))


def post_payload(client: TestClient, payload: bytes, signature: str | None):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return client.post(WEBHOOK, content=payload, headers=headers)


def subscription_event_object(fake: FakeStripe, subscription_id: str) -> dict:
    return dict(fake.subscriptions[subscription_id])


def checkout_completed_object(customer: str, subscription: str, seller_id: uuid.UUID) -> dict:
    return {
        "id": f"cs_{uuid.uuid4().hex[:10]}",
        "object": "checkout.session",
        "mode": "subscription",
        "customer": customer,
        "subscription": subscription,
        "client_reference_id": str(seller_id),
        "status": "complete",
    }


def invoice_object(customer: str, subscription: str, status: str) -> dict:
    """An invoice as API 2025-03+ shapes it (subscription under parent)."""
    return {
        "id": f"in_{uuid.uuid4().hex[:10]}",
        "object": "invoice",
        "customer": customer,
        "status": status,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription},
        },
    }


def customer_of(engine: Engine, seller_id: uuid.UUID) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            text("select stripe_customer_id from billing_accounts where seller_id = :s"),
            {"s": seller_id},
        ).scalar()


def link_customer(engine: Engine, seller_id: uuid.UUID, customer: str) -> None:
    """The state start_checkout leaves: the seller's Stripe customer remembered."""
    execute(
        engine,
        (
            "insert into billing_accounts (seller_id, stripe_customer_id) values (:s, :c)"
            " on conflict (seller_id)"
            " do update set stripe_customer_id = excluded.stripe_customer_id"
        ),
        s=seller_id,
        c=customer,
    )


def stored_events(engine: Engine, event_id: str) -> list:
    with engine.connect() as conn:
        return conn.execute(
            text(
                "select id, type, outcome, seller_id, customer_id from stripe_events where id = :i"
            ),
            {"i": event_id},
        ).all()


def now_ts(offset_seconds: int = 0) -> int:
    return int(time.time()) + offset_seconds


def usage(client: TestClient, seller) -> dict:
    """The seller's `GET /api/billing/usage` answer."""
    from tests.portal_helpers import login

    response = client.get("/api/billing/usage", headers=login(client, seller.email))
    assert response.status_code == 200, response.text
    return response.json()
