"""The three plans and their limits: the one place they are defined.

Prices live in Stripe; settings name the Stripe price id of each paid plan, which is how
a subscription's price is turned back into a plan.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mi_core.settings import Settings


class PlanName(enum.StrEnum):
    FREE = "free"
    PRO = "pro"
    BUSINESS = "business"


@dataclass(frozen=True)
class Plan:
    name: PlanName
    title: str
    # None means unlimited.
    products_per_month: int | None
    uploads_per_day: int | None
    export: bool
    rank: int

    @property
    def paid(self) -> bool:
        return self.name != PlanName.FREE


PLANS: dict[PlanName, Plan] = {
    PlanName.FREE: Plan(PlanName.FREE, "Free", 100, 3, export=False, rank=0),
    PlanName.PRO: Plan(PlanName.PRO, "Pro", 2_000, 10, export=True, rank=1),
    PlanName.BUSINESS: Plan(PlanName.BUSINESS, "Business", None, None, export=True, rank=2),
}
PAID_PLANS: tuple[PlanName, ...] = (PlanName.PRO, PlanName.BUSINESS)


def plan_named(name: str | None) -> Plan:
    """The plan of that name; unknown or missing names are the free plan."""
    try:
        return PLANS[PlanName(name)] if name else PLANS[PlanName.FREE]
    except ValueError:
        return PLANS[PlanName.FREE]


def price_id(settings: Settings, plan: PlanName) -> str | None:
    """The Stripe price id of a paid plan (None for free or when not configured)."""
    return {
        PlanName.PRO: settings.stripe_price_pro,
        PlanName.BUSINESS: settings.stripe_price_business,
    }.get(plan)


def plan_for_price(settings: Settings, price: str | None) -> PlanName | None:
    """The paid plan sold at this Stripe price, or None for a price we do not sell."""
    for plan in PAID_PLANS:
        if price and price_id(settings, plan) == price:
            return plan
    return None


def limit_text(limit: int | None, unit: str) -> str:
    return f"unlimited {unit}" if limit is None else f"{limit:,} {unit}"
