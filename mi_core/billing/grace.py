"""The grace period after failed payments: when it runs out the seller is on free and is
told once by email (run by the webhooks and by the scheduled billing housekeeping job)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from mi_core.billing.plans import PLANS, PlanName, limit_text, plan_named
from mi_core.billing.usage import DUNNING_STATUSES, grace_until, plan_state, utc_now
from mi_core.emails import send_email_now
from mi_core.models import BillingAccount, User
from mi_core.settings import Settings


@dataclass
class Downgrade:
    email: str
    plan_title: str
    failed_since: datetime


def downgrade_if_grace_over(
    session: Session, settings: Settings, account: BillingAccount, now: datetime
) -> Downgrade | None:
    """Record that the grace period of a failing subscription ended; the email to send.

    The plan itself already follows from the stored state (mi_core.billing.usage); this
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


def expired_grace_periods(engine: Engine, settings: Settings) -> int:
    """How many failing subscriptions have outlived the grace period and are not yet ended."""
    now = utc_now()
    with Session(engine) as session:
        accounts = session.scalars(
            select(BillingAccount).where(
                BillingAccount.payment_failed_at.is_not(None),
                BillingAccount.downgraded_at.is_(None),
                BillingAccount.subscription_status.in_(DUNNING_STATUSES),
            )
        ).all()
        return sum(
            1 for a in accounts if (end := grace_until(a, settings)) is not None and now >= end
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
