"""The usage and billing page: this month's usage against the plan, the plans, and the
buttons that send the seller to Stripe Checkout or the Stripe Billing Portal.

The plan itself only changes when Stripe's webhook confirms it (portal/billing); these
routes only redirect. Both buttons are CSRF-protected form posts.
"""

from __future__ import annotations

import logging
from typing import Annotated

import stripe
from fastapi import APIRouter, Form, Request, Response, status

from mi_core.billing.usage import seller_usage
from mi_core.models import User
from mi_core.settings import Settings
from portal.billing.checkout import BillingConflictError, open_billing_portal, start_checkout
from portal.billing.stripe_api import BillingNotConfiguredError
from portal.deps import PageUser, SessionDep, SettingsDep
from portal.routes.pages import redirect
from portal.services.prices import plan_cards
from portal.templating import render

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

CHECKOUT_NOTICES = {
    "success": (
        "success",
        "Thank you! Your payment went through; your plan changes as soon as Stripe confirms "
        "it (usually within a few seconds — reload this page).",
    ),
    "cancelled": ("info", "Checkout was cancelled; nothing was charged."),
}
STRIPE_UNREACHABLE = "Stripe could not be reached or refused the request; please try again."


def _page(
    request: Request,
    session: SessionDep,
    settings: Settings,
    user: User,
    flashes: list[tuple[str, str]],
    status_code: int = status.HTTP_200_OK,
) -> Response:
    usage = seller_usage(session, user, settings)
    context = {"usage": usage, "plans": plan_cards(settings, usage.plan), "flashes": flashes}
    return render(request, "billing.html", context, status_code)


def _refusal(err: Exception) -> tuple[int, str]:
    if isinstance(err, BillingNotConfiguredError):
        return status.HTTP_503_SERVICE_UNAVAILABLE, str(err)
    if isinstance(err, BillingConflictError):
        return status.HTTP_409_CONFLICT, str(err)
    log.warning("Stripe request failed: %s", err)
    return status.HTTP_502_BAD_GATEWAY, STRIPE_UNREACHABLE


@router.get("/billing")
def billing_page(
    request: Request, user: PageUser, session: SessionDep, settings: SettingsDep
) -> Response:
    notice = CHECKOUT_NOTICES.get(request.query_params.get("checkout", ""))
    return _page(request, session, settings, user, [notice] if notice else [])


@router.post("/billing/checkout")
def billing_checkout(
    request: Request,
    user: PageUser,
    session: SessionDep,
    settings: SettingsDep,
    plan: Annotated[str, Form()],
) -> Response:
    try:
        return redirect(start_checkout(session, settings, user, plan))
    except (BillingNotConfiguredError, BillingConflictError, stripe.StripeError) as err:
        code, message = _refusal(err)
        return _page(request, session, settings, user, [("error", message)], code)


@router.post("/billing/portal")
def billing_portal(
    request: Request, user: PageUser, session: SessionDep, settings: SettingsDep
) -> Response:
    try:
        return redirect(open_billing_portal(session, settings, user))
    except (BillingNotConfiguredError, BillingConflictError, stripe.StripeError) as err:
        code, message = _refusal(err)
        return _page(request, session, settings, user, [("error", message)], code)
