"""Stripe webhooks: the only way a seller's subscription state changes.

- The signature is verified with Stripe's own `Webhook.construct_event` and
  `STRIPE_WEBHOOK_SECRET` (missing, forged or stale signatures: nothing happens).
- Every verified event is stored by id in the transaction that applies it: a redelivered
  event finds its id and changes nothing; an event whose processing fails is not stored,
  so Stripe's retry processes it again.
- State comes from the subscription object itself, fetched from the API when the event
  arrives (under a lock on the seller's billing row), never from the order in which events
  arrive: an old `customer.subscription.created` delivered after an `updated` re-reads the
  same current subscription and leaves the same state.
- Events for a customer we do not know (another system's, or a seller deleted meanwhile)
  are stored with that outcome and acknowledged.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import stripe
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mi_core.billing.grace import Downgrade, downgrade_if_grace_over, send_downgrade_email
from mi_core.billing.plans import plan_for_price
from mi_core.billing.usage import (
    DUNNING_STATUSES,
    LIVE_STATUSES,
    release_waiting_uploads,
    utc_now,
)
from mi_core.models import BillingAccount, StripeEvent, User
from mi_core.settings import Settings
from portal.billing.stripe_api import require_settings, stripe_client

log = logging.getLogger(__name__)

SUBSCRIPTION_EVENTS = frozenset(
    {
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
    }
)
INVOICE_EVENTS = frozenset({"invoice.paid", "invoice.payment_failed"})
CHECKOUT_COMPLETED = "checkout.session.completed"

Json = dict[str, Any]


class WebhookSignatureError(ValueError):
    """The request is not a genuine, fresh Stripe event (answered with 400)."""


@dataclass
class WebhookResult:
    event_id: str
    event_type: str
    outcome: str
    duplicate: bool = False
    released_uploads: list[uuid.UUID] = field(default_factory=list)


# --- verification ---


def verify_event(settings: Settings, payload: bytes, signature: str | None) -> Json:
    """The event, if the payload carries a valid, fresh signature of our webhook secret."""
    require_settings(settings, "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
    assert settings.stripe_webhook_secret is not None
    if not signature:
        raise WebhookSignatureError("The Stripe-Signature header is missing.")
    try:
        stripe.Webhook.construct_event(
            payload, signature, settings.stripe_webhook_secret.get_secret_value()
        )
    except stripe.SignatureVerificationError as err:
        raise WebhookSignatureError(f"Invalid Stripe signature: {err.user_message}") from None
    except ValueError:
        raise WebhookSignatureError("The payload is not a Stripe event.") from None
    event = json.loads(payload)
    if not isinstance(event, dict) or not {"id", "type", "created", "data"} <= event.keys():
        raise WebhookSignatureError("The payload is not a Stripe event.")
    return event


# --- the handler ---


def handle_webhook(
    session: Session, settings: Settings, payload: bytes, signature: str | None
) -> WebhookResult:
    """Verify, store and apply one event; commits the session."""
    event = verify_event(settings, payload, signature)
    created = datetime.fromtimestamp(int(event["created"]), UTC)
    stored = session.execute(
        insert(StripeEvent)
        .values(
            id=event["id"],
            type=event["type"],
            created=created,
            payload=event,
            outcome="received",
        )
        .on_conflict_do_nothing(index_elements=[StripeEvent.id])
        .returning(StripeEvent.id)
    ).scalar()
    if stored is None:
        session.rollback()
        return WebhookResult(event["id"], event["type"], "already processed", duplicate=True)

    applied = _apply_event(session, settings, event, created)
    session.execute(
        update(StripeEvent)
        .where(StripeEvent.id == event["id"])
        .values(outcome=applied.outcome, customer_id=applied.customer_id, seller_id=applied.seller)
    )
    session.commit()
    for downgrade in applied.downgrades:
        send_downgrade_email(settings, downgrade)
    return WebhookResult(
        event["id"], event["type"], applied.outcome, released_uploads=applied.released
    )


@dataclass
class _Applied:
    outcome: str
    customer_id: str | None = None
    seller: uuid.UUID | None = None
    released: list[uuid.UUID] = field(default_factory=list)
    downgrades: list[Downgrade] = field(default_factory=list)


def _apply_event(session: Session, settings: Settings, event: Json, created: datetime) -> _Applied:
    kind: str = event["type"]
    obj: Json = event["data"]["object"]
    if kind == CHECKOUT_COMPLETED:
        subscription_id = _id_of(obj.get("subscription"))
    elif kind in SUBSCRIPTION_EVENTS:
        subscription_id = _id_of(obj.get("id"))
    elif kind in INVOICE_EVENTS:
        subscription_id = invoice_subscription_id(obj)
    else:
        return _Applied("ignored: not an event billing acts on")
    customer_id = _id_of(obj.get("customer"))
    account = _locked_account(session, customer_id)
    if account is None and kind == CHECKOUT_COMPLETED:
        account = _link_customer(session, customer_id, obj.get("client_reference_id"))
    if account is None:
        return _Applied(
            "ignored: unknown customer (not ours, or the seller was deleted)", customer_id
        )
    applied = _Applied("no subscription in the event", customer_id, account.seller_id)
    if subscription_id is None:
        return applied

    subscription = fetch_subscription(
        settings, subscription_id, obj if kind in SUBSCRIPTION_EVENTS else None
    )
    applied.outcome = apply_subscription(account, subscription, settings, created)
    session.flush()
    downgrade = downgrade_if_grace_over(session, settings, account, utc_now())
    if downgrade is not None:
        applied.downgrades.append(downgrade)
    applied.released = release_waiting_uploads(session, settings, account.seller_id)
    return applied


def _id_of(value: Any) -> str | None:
    """Stripe fields hold an id, or the object itself when expanded."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def invoice_subscription_id(invoice: Json) -> str | None:
    """The invoice's subscription: `parent.subscription_details` (API 2025-03 on), or the
    older top-level `subscription`."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id_of(details.get("subscription")) or _id_of(invoice.get("subscription"))


def _locked_account(session: Session, customer_id: str | None) -> BillingAccount | None:
    if customer_id is None:
        return None
    return session.scalars(
        select(BillingAccount)
        .where(BillingAccount.stripe_customer_id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _link_customer(
    session: Session, customer_id: str | None, reference: Any
) -> BillingAccount | None:
    """A completed checkout whose customer we have not stored (e.g. its creation answer was
    lost): tie it to the seller our server named in client_reference_id, if that seller
    exists and has no other customer."""
    try:
        seller_id = uuid.UUID(str(reference))
    except ValueError:
        return None
    if customer_id is None or session.get(User, seller_id) is None:
        return None
    session.execute(insert(BillingAccount).values(seller_id=seller_id).on_conflict_do_nothing())
    account = session.scalars(
        select(BillingAccount)
        .where(BillingAccount.seller_id == seller_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if account.stripe_customer_id not in (None, customer_id):
        return None
    account.stripe_customer_id = customer_id
    return account


def fetch_subscription(settings: Settings, subscription_id: str, snapshot: Json | None) -> Json:
    """The subscription as Stripe holds it now; the event's own copy if Stripe no longer
    has it. Other API errors propagate: the event is not stored and Stripe retries."""
    try:
        return stripe_client(settings).v1.subscriptions.retrieve(subscription_id).to_dict()
    except stripe.InvalidRequestError as err:
        if snapshot is not None and err.http_status == 404:
            return snapshot
        raise


def subscription_price(subscription: Json) -> str | None:
    items = (subscription.get("items") or {}).get("data") or []
    for item in items:
        price = item.get("price")
        if _id_of(price):
            return _id_of(price)
    return None


def subscription_period_end(subscription: Json) -> datetime | None:
    """The period end: on the items since API 2025-03, on the subscription before."""
    items = (subscription.get("items") or {}).get("data") or []
    ends = [item["current_period_end"] for item in items if item.get("current_period_end")]
    end = max(ends) if ends else subscription.get("current_period_end")
    return datetime.fromtimestamp(int(end), UTC) if end else None


def apply_subscription(
    account: BillingAccount, subscription: Json, settings: Settings, event_time: datetime
) -> str:
    """Store what the subscription says; returns a line for the event's outcome."""
    status = subscription.get("status")
    if (
        account.subscription_id not in (None, subscription.get("id"))
        and account.subscription_status in LIVE_STATUSES
        and status not in LIVE_STATUSES
    ):
        return f"ignored: {subscription.get('id')} is {status}; {account.subscription_id} is live"
    price = subscription_price(subscription)
    plan = plan_for_price(settings, price)
    account.subscription_id = subscription.get("id")
    account.subscription_status = status
    account.subscription_price_id = price
    account.subscription_plan = plan.value if plan else None
    account.current_period_end = subscription_period_end(subscription)
    account.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    if status in DUNNING_STATUSES:
        # The grace period runs from the first failure we heard of.
        first = account.payment_failed_at
        account.payment_failed_at = min(first, event_time) if first else event_time
    else:
        account.payment_failed_at = None
        account.downgraded_at = None
    return f"subscription {account.subscription_id}: {status}, plan {plan or f'? (price {price})'}"
