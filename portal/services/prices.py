"""Each plan's monthly price, for the landing and billing pages and the admin's MRR.

With Stripe configured (secret key and the plans' price ids), the amounts are Stripe's
Price objects, read through the billing client and kept for `MI_PRICE_CACHE_SECONDS`
(pages never wait on Stripe once per view). Without Stripe, or when Stripe cannot be
reached, they come from settings (`MI_PRICE_PRO_USD`, `MI_PRICE_BUSINESS_USD`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import stripe

from mi_core.billing.plans import PAID_PLANS, PLANS, PlanName, limit_text, price_id
from mi_core.settings import Settings
from portal.billing.stripe_api import stripe_client

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanPrice:
    plan: str
    amount: Decimal
    currency: str
    interval: str
    source: str  # "stripe" or "settings"

    @property
    def label(self) -> str:
        symbol = "$" if self.currency == "usd" else f"{self.currency.upper()} "
        return f"{symbol}{self.amount:,.2f} / {self.interval}"


_lock = threading.Lock()
_cache: dict[tuple, tuple[float, dict[str, PlanPrice]]] = {}


def _from_settings(settings: Settings) -> dict[str, PlanPrice]:
    amounts = {PlanName.PRO: settings.price_pro_usd, PlanName.BUSINESS: settings.price_business_usd}
    prices = {
        plan.value: PlanPrice(plan.value, Decimal(amounts[plan]), "usd", "month", "settings")
        for plan in PAID_PLANS
    }
    return {"free": PlanPrice("free", Decimal("0.00"), "usd", "month", "settings"), **prices}


def _stripe_configured(settings: Settings) -> bool:
    return bool(settings.stripe_secret_key) and all(price_id(settings, p) for p in PAID_PLANS)


def _from_stripe(settings: Settings) -> dict[str, PlanPrice]:
    client = stripe_client(settings)
    prices = {"free": PlanPrice("free", Decimal("0.00"), "usd", "month", "stripe")}
    for plan in PAID_PLANS:
        price = client.v1.prices.retrieve(price_id(settings, plan) or "")
        recurring = price.recurring
        prices[plan.value] = PlanPrice(
            plan=plan.value,
            amount=(Decimal(price.unit_amount or 0) / 100).quantize(Decimal("0.01")),
            currency=price.currency,
            interval=recurring.interval if recurring else "month",
            source="stripe",
        )
    return prices


def plan_prices(settings: Settings) -> dict[str, PlanPrice]:
    """Price of every plan by name (free: 0)."""
    if not _stripe_configured(settings):
        return _from_settings(settings)
    key = (settings.stripe_api_base, settings.stripe_price_pro, settings.stripe_price_business)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] > now:
            return cached[1]
    try:
        prices = _from_stripe(settings)
    except stripe.StripeError:
        log.warning("Stripe prices could not be read; showing the prices from settings")
        return _from_settings(settings)
    with _lock:
        _cache[key] = (now + settings.price_cache_seconds, prices)
    return prices


def monthly_amounts(settings: Settings) -> dict[str, Decimal]:
    """Per plan, what one subscription brings in a month (for MRR)."""
    amounts = {}
    for name, price in plan_prices(settings).items():
        per_month = price.amount / 12 if price.interval == "year" else price.amount
        amounts[name] = per_month
    return amounts


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def plan_cards(settings: Settings, current: str | None = None) -> list[dict[str, Any]]:
    """The three plans with their limits and monthly price (landing and billing pages)."""
    rank = PLANS[current].rank if current in PLANS else 0
    prices = plan_prices(settings)
    return [
        {
            "name": plan.name.value,
            "title": plan.title,
            "price": prices[plan.name.value].label if plan.paid else "Free",
            "products": limit_text(plan.products_per_month, "products a month"),
            "uploads": limit_text(plan.uploads_per_day, "uploads a day"),
            "export": plan.export,
            "current": plan.name.value == current,
            "upgrade": plan.name in PAID_PLANS and plan.rank > rank,
        }
        for plan in PLANS.values()
    ]
