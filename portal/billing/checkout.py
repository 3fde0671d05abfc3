"""Sending a seller to Stripe: Checkout to subscribe, the Billing Portal to manage.

Nothing here changes the seller's plan: that happens when Stripe's webhook reports the
subscription (portal.billing.webhooks).
"""

from __future__ import annotations

import time

import stripe
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mi_core.billing.plans import PAID_PLANS, PLANS, PlanName, price_id
from mi_core.billing.usage import LIVE_STATUSES, billing_account
from mi_core.models import BillingAccount, User
from mi_core.settings import Settings
from portal.billing.stripe_api import require_settings, stripe_client

# A repeated click within this window gets the same Checkout Session (same idempotency
# key) instead of a new one.
_CHECKOUT_KEY_WINDOW_SECONDS = 600


class BillingConflictError(Exception):
    """The request makes no sense for the seller's billing state (answered with 409)."""


def _billing_url(settings: Settings, query: str = "") -> str:
    return f"{settings.public_url.rstrip('/')}/billing{query}"


def ensure_customer(session: Session, client: stripe.StripeClient, user: User) -> str:
    """The seller's Stripe customer id, created once and remembered.

    The account row is locked while the customer is created, so two checkouts started at
    once create one customer; the id is committed before anything else can fail.
    """
    session.execute(insert(BillingAccount).values(seller_id=user.id).on_conflict_do_nothing())
    account = session.scalars(
        select(BillingAccount)
        .where(BillingAccount.seller_id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if account.stripe_customer_id is None:
        customer = client.v1.customers.create(
            params={"email": user.email, "metadata": {"seller_id": str(user.id)}},
            options={"idempotency_key": f"mi-customer-{user.id}"},
        )
        account.stripe_customer_id = customer.id
    customer_id = account.stripe_customer_id
    session.commit()
    return customer_id


def start_checkout(session: Session, settings: Settings, user: User, plan: str) -> str:
    """A Stripe Checkout Session (subscription mode) for a paid plan; returns its URL."""
    try:
        chosen = PlanName(plan)
    except ValueError:
        chosen = PlanName.FREE
    if chosen not in PAID_PLANS:
        raise BillingConflictError(f"Choose a paid plan to subscribe to: {', '.join(PAID_PLANS)}.")
    require_settings(settings, "STRIPE_SECRET_KEY", f"STRIPE_PRICE_{chosen.upper()}")
    account = billing_account(session, user.id)
    if account is not None and account.subscription_status in LIVE_STATUSES:
        raise BillingConflictError(
            "You already have a subscription. Use “Manage billing” to change plan, update "
            "your payment method or cancel."
        )
    client = stripe_client(settings)
    customer_id = ensure_customer(session, client, user)
    window = int(time.time()) // _CHECKOUT_KEY_WINDOW_SECONDS
    metadata = {"seller_id": str(user.id), "plan": chosen.value}
    checkout = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer_id,
            "client_reference_id": str(user.id),
            "line_items": [{"price": price_id(settings, chosen), "quantity": 1}],
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "success_url": _billing_url(settings, "?checkout=success"),
            "cancel_url": _billing_url(settings, "?checkout=cancelled"),
        },
        options={"idempotency_key": f"mi-checkout-{user.id}-{chosen}-{window}"},
    )
    if not checkout.url:
        raise BillingConflictError(f"Stripe gave no page for the {PLANS[chosen].title} plan.")
    return checkout.url


def open_billing_portal(session: Session, settings: Settings, user: User) -> str:
    """A Stripe Billing Portal session (payment method, plan change, cancel); its URL."""
    require_settings(settings, "STRIPE_SECRET_KEY")
    account = billing_account(session, user.id)
    if account is None or account.stripe_customer_id is None:
        raise BillingConflictError(
            "You have no billing account yet: choose a paid plan to subscribe first."
        )
    portal = stripe_client(settings).v1.billing_portal.sessions.create(
        params={"customer": account.stripe_customer_id, "return_url": _billing_url(settings)},
        options={"idempotency_key": f"mi-portal-{user.id}-{time.time_ns()}"},
    )
    return portal.url


def cancel_subscription(session: Session, settings: Settings, user: User) -> None:
    """End the seller's Stripe subscription at once (their account is being deleted: they
    must not be charged again). Raises when Stripe cannot be reached, so that the account
    is kept and the seller can try again rather than being billed for a deleted account."""
    account = session.get(BillingAccount, user.id)
    if account is None or account.subscription_id is None:
        return
    if account.subscription_status not in LIVE_STATUSES:
        return
    client = stripe_client(settings)
    try:
        client.v1.subscriptions.cancel(
            account.subscription_id,
            options={"idempotency_key": f"mi-cancel-{account.subscription_id}"},
        )
    except stripe.InvalidRequestError as err:
        if err.code != "resource_missing":  # already gone at Stripe: nothing to cancel
            raise
