"""Account removal: the seller and everything derived from them."""

from __future__ import annotations

import stripe
from sqlalchemy.orm import Session

from mi_core.erasure import erase_seller
from mi_core.models import User
from mi_core.settings import Settings
from portal.billing.checkout import cancel_subscription
from portal.billing.stripe_api import BillingNotConfiguredError


class SubscriptionNotCancelledError(RuntimeError):
    """Stripe could not be reached to cancel the subscription: the account is kept."""


def delete_account(session: Session, settings: Settings, user: User) -> None:
    """Cancel a paid subscription first (if that fails, nothing is deleted), then erase."""
    try:
        cancel_subscription(session, settings, user)
    except (stripe.StripeError, BillingNotConfiguredError) as err:
        raise SubscriptionNotCancelledError(
            "Your subscription could not be cancelled just now, so your account was kept. "
            f"Please try again in a few minutes. ({err})"
        ) from None
    erase_seller(session, settings, user.id)
