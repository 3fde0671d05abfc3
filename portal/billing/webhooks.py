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
from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from portal.billing.plans import PLANS, PlanName, limit_text, plan_for_price, plan_named
from portal.billing.stripe_api import require_settings, stripe_client
from portal.billing.usage import (
    DUNNING_STATUSES,
    LIVE_STATUSES,
    grace_until,
    plan_state,
    release_waiting_uploads,
    utc_now,
)
from portal.emails import send_email_now
from portal.models import BillingAccount, StripeEvent, User
from portal.settings import Settings

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
class Downgrade:
    email: str
    plan_title: str
    failed_since: datetime


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


# --- the grace period after failed payments ---


def downgrade_if_grace_over(
    session: Session, settings: Settings, account: BillingAccount, now: datetime
) -> Downgrade | None:
    """Record that the grace period of a failing subscription ended; the email to send.

    The plan itself already follows from the stored state (portal.billing.usage); this
    marks the moment once, so the seller is told once.
    """
    grace_end = grace_until(account, settings)
    if (
        grace_end is None
        or now < grace_end
        or account.downgraded_at is not None
        or account.subscription_status not in DUNNING_STATUSES
    ):
        return None
    account.downgraded_at = now
    seller = session.get(User, account.seller_id)
    if seller is None or plan_state(session, account.seller_id, settings, now).source == "override":
        return None
    assert account.payment_failed_at is not None
    return Downgrade(
        seller.email, plan_named(account.subscription_plan).title, account.payment_failed_at
    )


def downgrade_expired_grace(engine: Engine, settings: Settings) -> int:
    """For the periodic sensor: end every grace period that has run out; emails sent."""
    now = utc_now()
    with Session(engine, expire_on_commit=False) as session:
        accounts = session.scalars(
            select(BillingAccount)
            .where(
                BillingAccount.payment_failed_at.is_not(None),
                BillingAccount.downgraded_at.is_(None),
                BillingAccount.subscription_status.in_(DUNNING_STATUSES),
            )
            .with_for_update(skip_locked=True)
        ).all()
        downgrades = [
            d
            for account in accounts
            if (d := downgrade_if_grace_over(session, settings, account, now)) is not None
        ]
        session.commit()
    for downgrade in downgrades:
        send_downgrade_email(settings, downgrade)
    return len(downgrades)


def send_downgrade_email(settings: Settings, downgrade: Downgrade) -> None:
    free = PLANS[PlanName.FREE]
    body = (
        f"We could not take payment for your {downgrade.plan_title} plan since "
        f"{downgrade.failed_since:%Y-%m-%d}, and the grace period of "
        f"{settings.billing_grace_days:g} days has ended.\n\n"
        "Your account is now on the free plan: "
        f"{limit_text(free.products_per_month, 'products')} a month, "
        f"{limit_text(free.uploads_per_day, 'uploads')} a day, no exports. "
        "Your data is kept.\n\n"
        "Update your payment method under Manage billing and your plan comes back as soon as "
        f"the payment goes through:\n{settings.public_url.rstrip('/')}/billing\n"
    )
    send_email_now(settings, downgrade.email, "Your plan is now Free: payment failed", body)
