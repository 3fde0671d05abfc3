"""Checkout, Billing Portal and webhooks against a local fake of Stripe's API, with
webhooks signed for real."""

from __future__ import annotations

import socket
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tests.billing_helpers import (
    PRICE_BUSINESS,
    PRICE_PRO,
    WEBHOOK_SECRET,
    billing_settings,
    checkout_completed_object,
    customer_of,
    invoice_object,
    link_customer,
    now_ts,
    post_event,
    post_payload,
    stored_events,
    subscription_event_object,
    usage,
)
from tests.fakes.stripe_server import event_payload, signature_header, stripe_server
from tests.pipeline_helpers import execute
from tests.portal_helpers import login, portal_client


@pytest.fixture
def fake():
    with stripe_server() as server:
        yield server


@pytest.fixture
def client(settings, fake, smtp):
    with portal_client(billing_settings(settings, fake), smtp) as test_client:
        yield test_client


def subscribed(fake, engine, seller, price=PRICE_PRO, status="active", **kwargs) -> tuple:
    """A seller whose customer is known and whose subscription Stripe holds."""
    customer = fake.new_id("cus")
    fake.customers[customer] = {"id": customer}
    link_customer(engine, seller.id, customer)
    subscription = fake.new_id("sub")
    fake.put_subscription(subscription, customer=customer, price=price, status=status, **kwargs)
    return customer, subscription


# --- checkout and portal ---


def test_checkout_creates_the_customer_once_and_sends_the_right_parameters(
    client, fake, engine, free_seller
):
    headers = login(client, free_seller.email)

    first = client.post("/api/billing/checkout", json={"plan": "pro"}, headers=headers)
    second = client.post("/api/billing/checkout", json={"plan": "business"}, headers=headers)

    assert first.status_code == 200, first.text
    assert first.json()["url"].startswith("https://checkout.stripe.test/")
    assert second.status_code == 200, second.text
    customers = fake.requests_to("/v1/customers", "POST")
    assert len(customers) == 1, "the customer is created once and remembered"
    assert customers[0].params["email"] == free_seller.email
    assert customers[0].params["metadata[seller_id]"] == str(free_seller.id)
    assert customers[0].idempotency_key
    customer_id = customer_of(engine, free_seller.id)
    assert customer_id in fake.customers

    pro, business = fake.requests_to("/v1/checkout/sessions", "POST")
    for request, price, plan in ((pro, PRICE_PRO, "pro"), (business, PRICE_BUSINESS, "business")):
        assert request.params["mode"] == "subscription"
        assert request.params["customer"] == customer_id
        assert request.params["client_reference_id"] == str(free_seller.id)
        assert request.params["metadata[seller_id]"] == str(free_seller.id)
        assert request.params["subscription_data[metadata][seller_id]"] == str(free_seller.id)
        assert request.params["line_items[0][price]"] == price
        assert request.params["line_items[0][quantity]"] == "1"
        assert request.params["success_url"].endswith("/billing?checkout=success")
        assert request.idempotency_key and plan in request.idempotency_key
    assert pro.idempotency_key != business.idempotency_key
    # Starting checkout changes nothing: the plan follows Stripe's confirmation only.
    assert usage(client, free_seller)["plan"] == "free"


def test_a_double_click_gets_the_same_checkout_page(client, fake, free_seller):
    headers = login(client, free_seller.email)
    urls = {
        client.post("/api/billing/checkout", json={"plan": "pro"}, headers=headers).json()["url"]
        for _ in range(2)
    }
    assert len(urls) == 1
    assert len(fake.checkout_sessions) == 1


def test_checkout_refuses_free_unknown_plans_and_existing_subscribers(
    client, fake, engine, free_seller
):
    headers = login(client, free_seller.email)
    assert (
        client.post("/api/billing/checkout", json={"plan": "free"}, headers=headers).status_code
        == 422
    )
    assert (
        client.post("/api/billing/checkout", json={"plan": "gold"}, headers=headers).status_code
        == 422
    )
    _customer, subscription = subscribed(fake, engine, free_seller)
    post_event(
        client, "customer.subscription.created", subscription_event_object(fake, subscription)
    )

    again = client.post("/api/billing/checkout", json={"plan": "business"}, headers=headers)

    assert again.status_code == 409
    assert "Manage billing" in again.json()["detail"]


def test_billing_portal_needs_a_customer_and_opens_for_it(client, fake, engine, free_seller):
    headers = login(client, free_seller.email)
    assert client.post("/api/billing/portal", headers=headers).status_code == 409
    customer, _ = subscribed(fake, engine, free_seller)

    response = client.post("/api/billing/portal", headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["url"].startswith("https://billing.stripe.test/")
    (request,) = fake.requests_to("/v1/billing_portal/sessions")
    assert request.params["customer"] == customer
    assert request.params["return_url"].endswith("/billing")


def test_billing_endpoints_answer_503_when_stripe_is_not_configured(settings, free_seller):
    with portal_client(settings) as client:
        headers = login(client, free_seller.email)
        checkout = client.post("/api/billing/checkout", json={"plan": "pro"}, headers=headers)
        portal = client.post("/api/billing/portal", headers=headers)
        webhook = post_payload(client, b"{}", "t=1,v1=00")
        usage_response = client.get("/api/billing/usage", headers=headers)

    for response in (checkout, portal, webhook):
        assert response.status_code == 503
        assert "Stripe is not configured" in response.json()["detail"]
    assert "STRIPE_SECRET_KEY" in checkout.json()["detail"]
    assert usage_response.status_code == 200
    assert usage_response.json()["plan"] == "free"


# --- webhooks ---


def test_checkout_completed_applies_the_subscription_stripe_holds(
    client, fake, engine, free_seller
):
    headers = login(client, free_seller.email)
    client.post("/api/billing/checkout", json={"plan": "pro"}, headers=headers)
    customer = customer_of(engine, free_seller.id)
    subscription = fake.new_id("sub")
    period_end = now_ts(30 * 86400)
    fake.put_subscription(subscription, customer=customer, price=PRICE_PRO, period_end=period_end)

    response = post_event(
        client,
        "checkout.session.completed",
        checkout_completed_object(customer, subscription, free_seller.id),
    )

    assert response.status_code == 200, response.text
    assert response.json()["duplicate"] is False
    state = usage(client, free_seller)
    assert state["plan"] == "pro"
    assert state["plan_source"] == "subscription"
    assert (state["products_limit"], state["uploads_limit"], state["export_enabled"]) == (
        2000,
        10,
        True,
    )
    assert datetime.fromisoformat(state["renews_at"]) == datetime.fromtimestamp(period_end, UTC)
    assert fake.requests_to(f"/v1/subscriptions/{subscription}", "GET")


def test_a_replayed_event_changes_nothing(client, fake, engine, free_seller):
    customer, subscription = subscribed(fake, engine, free_seller)
    event_id = f"evt_{uuid.uuid4().hex}"
    obj = subscription_event_object(fake, subscription)
    first = post_event(client, "customer.subscription.created", obj, event_id=event_id)
    fetches = len(fake.requests_to(f"/v1/subscriptions/{subscription}"))
    # Stripe now holds another state; the redelivered (old) event must not apply anything.
    fake.put_subscription(subscription, customer=customer, price=PRICE_BUSINESS)

    replayed = post_event(client, "customer.subscription.created", obj, event_id=event_id)

    assert first.status_code == replayed.status_code == 200
    assert replayed.json()["duplicate"] is True
    assert len(fake.requests_to(f"/v1/subscriptions/{subscription}")) == fetches
    assert len(stored_events(engine, event_id)) == 1
    assert usage(client, free_seller)["plan"] == "pro"


def test_out_of_order_events_leave_the_latest_state(client, fake, engine, free_seller):
    customer, subscription = subscribed(fake, engine, free_seller, price=PRICE_BUSINESS)
    created = {**subscription_event_object(fake, subscription), "status": "incomplete"}
    created["items"] = {"data": [{"price": {"id": PRICE_PRO}}]}
    updated = subscription_event_object(fake, subscription)

    # The update (newer) arrives first, the creation (older, pro, incomplete) after it.
    post_event(client, "customer.subscription.updated", updated, created=now_ts())
    late = post_event(client, "customer.subscription.created", created, created=now_ts(-60))

    assert late.status_code == 200
    assert usage(client, free_seller)["plan"] == "business"

    # Cancelled at Stripe: the deletion arrives, then a stale "updated" saying active.
    fake.put_subscription(subscription, customer=customer, price=PRICE_BUSINESS, status="canceled")
    post_event(
        client, "customer.subscription.deleted", subscription_event_object(fake, subscription)
    )
    post_event(client, "customer.subscription.updated", updated, created=now_ts(-30))
    assert usage(client, free_seller)["plan"] == "free"


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("forged", "signature"),
        ("tampered", "signature"),
        ("stale", "signature"),
        ("missing", "missing"),
    ],
)
def test_bad_signatures_are_refused_with_no_side_effect(
    client, fake, engine, free_seller, case, expected
):
    _customer, subscription = subscribed(fake, engine, free_seller)
    event_id = f"evt_{uuid.uuid4().hex}"
    payload = event_payload(
        "customer.subscription.updated",
        subscription_event_object(fake, subscription),
        event_id=event_id,
    )
    signature = {
        "forged": signature_header(payload, "whsec_someone_else"),
        "tampered": signature_header(payload.replace(b"active", b"trialing"), WEBHOOK_SECRET),
        "stale": signature_header(payload, WEBHOOK_SECRET, now_ts(-3600)),
        "missing": None,
    }[case]

    response = post_payload(client, payload, signature)

    assert response.status_code == 400
    assert expected in response.json()["detail"].lower()
    assert stored_events(engine, event_id) == []
    assert not fake.requests_to(f"/v1/subscriptions/{subscription}")
    assert usage(client, free_seller)["plan"] == "free"


def test_an_unknown_customer_is_stored_and_acknowledged(client, fake, engine):
    subscription = fake.new_id("sub")
    fake.put_subscription(subscription, customer="cus_not_ours", price=PRICE_PRO)
    event_id = f"evt_{uuid.uuid4().hex}"

    response = post_event(
        client,
        "customer.subscription.created",
        subscription_event_object(fake, subscription),
        event_id=event_id,
    )

    assert response.status_code == 200
    ((_, kind, outcome, seller_id, customer_id),) = stored_events(engine, event_id)
    assert (kind, seller_id, customer_id) == ("customer.subscription.created", None, "cus_not_ours")
    assert "unknown customer" in outcome
    with engine.connect() as conn:
        assert not conn.execute(
            text("select 1 from billing_accounts where stripe_customer_id = 'cus_not_ours'")
        ).first()


def test_a_seller_deleted_meanwhile_is_no_crash(client, fake, engine, free_seller):
    customer, subscription = subscribed(fake, engine, free_seller)
    assert client.delete("/users/me", headers=login(client, free_seller.email)).status_code == 204
    event_id = f"evt_{uuid.uuid4().hex}"

    response = post_event(
        client,
        "invoice.paid",
        invoice_object(customer, subscription, "paid"),
        event_id=event_id,
    )

    assert response.status_code == 200
    ((_, _, outcome, seller_id, customer_id),) = stored_events(engine, event_id)
    assert seller_id is None and customer_id == customer
    assert "unknown customer" in outcome


def test_events_billing_does_not_use_are_stored_and_acknowledged(client, engine):
    event_id = f"evt_{uuid.uuid4().hex}"
    response = post_event(client, "charge.refunded", {"id": "ch_1"}, event_id=event_id)
    assert response.status_code == 200
    ((_, _, outcome, _, _),) = stored_events(engine, event_id)
    assert outcome.startswith("ignored")


def test_failed_payments_downgrade_to_free_after_the_grace_period_with_an_email(
    settings, fake, smtp, engine, free_seller
):
    customer, subscription = subscribed(fake, engine, free_seller)
    with portal_client(billing_settings(settings, fake, billing_grace_days=3), smtp) as client:
        post_event(
            client, "customer.subscription.created", subscription_event_object(fake, subscription)
        )
        fake.put_subscription(subscription, customer=customer, price=PRICE_PRO, status="past_due")
        failed = post_event(
            client, "invoice.payment_failed", invoice_object(customer, subscription, "open")
        )
        assert failed.status_code == 200, failed.text
        during_grace = usage(client, free_seller)
        assert smtp.messages_to(free_seller.email) == []

        # Four days later Stripe retries and fails again: the 3-day grace period is over.
        execute(
            engine,
            (
                "update billing_accounts set payment_failed_at = payment_failed_at"
                " - interval '4 days' where seller_id = :s"
            ),
            s=free_seller.id,
        )
        post_event(client, "invoice.payment_failed", invoice_object(customer, subscription, "open"))
        after_grace = usage(client, free_seller)
        # A further retry sends no second email.
        post_event(client, "invoice.payment_failed", invoice_object(customer, subscription, "open"))

        assert during_grace["plan"] == "pro"
        assert during_grace["payment_grace_until"] is not None
        assert after_grace["plan"] == "free"
        assert after_grace["export_enabled"] is False
        (mail,) = smtp.messages_to(free_seller.email)
        assert "free plan" in mail.get_content()
        assert "/billing" in mail.get_content()

        # The seller fixes the card: the invoice is paid, the plan comes back.
        fake.put_subscription(subscription, customer=customer, price=PRICE_PRO, status="active")
        post_event(client, "invoice.paid", invoice_object(customer, subscription, "paid"))
        assert usage(client, free_seller)["plan"] == "pro"


def test_the_periodic_check_ends_grace_periods_without_a_new_event(
    settings, fake, smtp, engine, free_seller
):
    from mi_core.billing.grace import downgrade_expired_grace

    customer, subscription = subscribed(fake, engine, free_seller, status="past_due")
    configured = billing_settings(
        settings, fake, billing_grace_days=1, smtp_host=smtp.host, smtp_port=smtp.port
    )
    with portal_client(configured, smtp) as client:
        post_event(client, "invoice.payment_failed", invoice_object(customer, subscription, "open"))
        assert downgrade_expired_grace(engine, configured) == 0
        execute(
            engine,
            (
                "update billing_accounts set payment_failed_at = now() - interval '2 days'"
                " where seller_id = :s"
            ),
            s=free_seller.id,
        )
        assert downgrade_expired_grace(engine, configured) == 1
        assert downgrade_expired_grace(engine, configured) == 0
        assert usage(client, free_seller)["plan"] == "free"
    assert len(smtp.messages_to(free_seller.email)) == 1


@pytest.mark.parametrize("name", ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_placeholder_stripe_secrets_are_refused_outside_development(name):
    from pydantic import ValidationError

    from mi_core.settings import Settings

    base = {"MI_SECRET_KEY": "a-real-secret-value", "DATABASE_URL": "postgresql://x/y"}
    with pytest.raises(ValidationError, match=name):
        Settings(_env_file=None, MI_ENVIRONMENT="production", **base, **{name: "changeme"})
    assert Settings(_env_file=None, MI_ENVIRONMENT="development", **{name: "changeme"})
    configured = Settings(_env_file=None, MI_ENVIRONMENT="production", **base, **{name: "sk_x1"})
    assert configured.environment == "production"


def test_the_webhook_needs_no_csrf_token_even_with_cookies(client, engine):
    event_id = f"evt_{uuid.uuid4().hex}"
    client.cookies.set("csrftoken", "stale-token-from-a-browser")
    client.cookies.set("mi_session", "whatever")
    response = post_event(client, "charge.refunded", {"id": "ch_2"}, event_id=event_id)
    client.cookies.clear()
    assert response.status_code == 200, response.text
    assert stored_events(engine, event_id)


# --- account deletion ---


def subscribed_by_webhook(client, fake, engine, seller) -> str:
    _customer, subscription = subscribed(fake, engine, seller)
    applied = post_event(
        client, "customer.subscription.created", subscription_event_object(fake, subscription)
    )
    assert applied.status_code == 200, applied.text
    assert usage(client, seller)["plan"] == "pro"
    return subscription


def seller_exists(engine, seller) -> bool:
    with engine.connect() as conn:
        query = text("select count(*) from users where id = :id")
        return conn.execute(query, {"id": seller.id}).scalar_one() == 1


def test_deleting_the_account_cancels_the_subscription_first(client, fake, engine, free_seller):
    subscription = subscribed_by_webhook(client, fake, engine, free_seller)

    response = client.delete("/users/me", headers=login(client, free_seller.email))

    assert response.status_code == 204, response.text
    cancels = fake.requests_to(f"/v1/subscriptions/{subscription}", "DELETE")
    assert len(cancels) == 1
    assert cancels[0].headers.get("idempotency-key") == f"mi-cancel-{subscription}"
    assert fake.subscriptions[subscription]["status"] == "canceled"
    assert not seller_exists(engine, free_seller)


def test_an_account_whose_subscription_cannot_be_cancelled_is_kept(
    settings, fake, engine, free_seller
):
    with portal_client(billing_settings(settings, fake)) as client:
        subscribed_by_webhook(client, fake, engine, free_seller)
    with socket.socket() as closed:  # a port nobody listens on: Stripe unreachable
        closed.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}"
    offline = billing_settings(settings, fake, stripe_api_base=unreachable)
    with portal_client(offline) as offline_client:
        response = offline_client.delete(
            "/users/me", headers=login(offline_client, free_seller.email)
        )

    assert response.status_code == 502
    assert "could not be cancelled" in response.json()["detail"]
    assert seller_exists(engine, free_seller)


def test_a_subscription_stripe_no_longer_has_does_not_block_deletion(
    client, fake, engine, free_seller
):
    subscription = subscribed_by_webhook(client, fake, engine, free_seller)
    del fake.subscriptions[subscription]  # Stripe answers 404 resource_missing

    response = client.delete("/users/me", headers=login(client, free_seller.email))

    assert response.status_code == 204, response.text
    assert not seller_exists(engine, free_seller)


def test_a_seller_without_a_subscription_is_deleted_without_calling_stripe(
    client, fake, engine, free_seller
):
    response = client.delete("/users/me", headers=login(client, free_seller.email))

    assert response.status_code == 204
    assert not [r for r in fake.requests if r.method == "DELETE"]
    assert not seller_exists(engine, free_seller)
