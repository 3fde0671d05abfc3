"""Plans and billing: usage, Stripe Checkout and Billing Portal, and Stripe's webhook.

The webhook takes no login (Stripe calls it) and no CSRF token (it carries no cookies);
its authenticity is the signature in `Stripe-Signature`.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Annotated

import stripe
from fastapi import APIRouter, Depends, Header, HTTPException, Request, status

from mi_core.billing.usage import seller_usage
from portal.billing.checkout import BillingConflictError, open_billing_portal, start_checkout
from portal.billing.stripe_api import BillingNotConfiguredError
from portal.billing.webhooks import WebhookSignatureError, handle_webhook
from portal.deps import CurrentUser, SessionDep, SettingsDep
from portal.schemas import BillingRedirect, BillingUsage, CheckoutRequest, errors

log = logging.getLogger(__name__)

router = APIRouter(prefix="/billing", tags=["billing"])

WEBHOOK_PATH = "/api/billing/webhook"
_STRIPE_UNREACHABLE = "Stripe could not be reached or refused the request; please try again."


async def raw_body(request: Request) -> bytes:
    """The exact bytes Stripe signed (a parsed and re-serialised body would not verify)."""
    return await request.body()


def _billing_errors(err: Exception) -> HTTPException:
    if isinstance(err, BillingNotConfiguredError):
        return HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(err))
    if isinstance(err, BillingConflictError):
        return HTTPException(status.HTTP_409_CONFLICT, str(err))
    log.warning("Stripe request failed: %s", err)
    return HTTPException(status.HTTP_502_BAD_GATEWAY, _STRIPE_UNREACHABLE)


@router.get("/usage", responses=errors(401))
def read_usage(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> BillingUsage:
    """This month's products and today's uploads against the plan, and the renewal date."""
    return BillingUsage.model_validate(asdict(seller_usage(session, user, settings)))


@router.post("/checkout", responses=errors(400, 401, 409, 422, 502, 503))
def checkout(
    body: CheckoutRequest, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> BillingRedirect:
    """A Stripe Checkout page to subscribe to `plan`; the plan changes when Stripe confirms."""
    try:
        return BillingRedirect(url=start_checkout(session, settings, user, body.plan))
    except (BillingNotConfiguredError, BillingConflictError, stripe.StripeError) as err:
        raise _billing_errors(err) from None


@router.post("/portal", responses=errors(401, 409, 502, 503))
def billing_portal(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> BillingRedirect:
    """Stripe's Billing Portal: payment method, invoices, plan change, cancellation."""
    try:
        return BillingRedirect(url=open_billing_portal(session, settings, user))
    except (BillingNotConfiguredError, BillingConflictError, stripe.StripeError) as err:
        raise _billing_errors(err) from None


# No login: Stripe signs its calls (400 when the signature is wrong; 503 without a secret).
@router.post("/webhook", responses=errors(400, 422, 502, 503))
def stripe_webhook(
    payload: Annotated[bytes, Depends(raw_body)],
    session: SessionDep,
    settings: SettingsDep,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> dict[str, object]:
    """Stripe's events (signed with STRIPE_WEBHOOK_SECRET). 400 without side effect when the
    signature is missing, wrong or stale; 5xx makes Stripe retry later."""
    try:
        result = handle_webhook(session, settings, payload, stripe_signature)
    except WebhookSignatureError as err:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(err)) from None
    except (BillingNotConfiguredError, stripe.StripeError) as err:
        raise _billing_errors(err) from None
    return {
        "received": True,
        "id": result.event_id,
        "type": result.event_type,
        "duplicate": result.duplicate,
        "outcome": result.outcome,
    }
