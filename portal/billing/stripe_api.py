"""The Stripe client, built from settings (`STRIPE_API_BASE` points it at another server,
e.g. the local fake in tests; unset means Stripe itself)."""

from __future__ import annotations

from stripe import StripeClient

from mi_core.billing.plans import PlanName, price_id
from mi_core.settings import Settings

_NETWORK_RETRIES = 2


class BillingNotConfiguredError(RuntimeError):
    """Stripe settings are missing: billing endpoints answer 503 with this message."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            "Payments are not available on this server yet: Stripe is not configured "
            f"(missing {', '.join(missing)}). Your current plan keeps working; please try "
            "again later or contact support."
        )
        self.missing = missing


def require_settings(settings: Settings, *names: str) -> None:
    """Raise BillingNotConfiguredError unless every named setting has a value."""
    fields = {
        "STRIPE_SECRET_KEY": settings.stripe_secret_key,
        "STRIPE_WEBHOOK_SECRET": settings.stripe_webhook_secret,
        "STRIPE_PRICE_PRO": price_id(settings, PlanName.PRO),
        "STRIPE_PRICE_BUSINESS": price_id(settings, PlanName.BUSINESS),
    }
    missing = [name for name in names if not fields[name]]
    if missing:
        raise BillingNotConfiguredError(missing)


def stripe_client(settings: Settings) -> StripeClient:
    require_settings(settings, "STRIPE_SECRET_KEY")
    assert settings.stripe_secret_key is not None
    base = {"api": settings.stripe_api_base.rstrip("/")} if settings.stripe_api_base else None
    return StripeClient(
        settings.stripe_secret_key.get_secret_value(),
        base_addresses=base,
        max_network_retries=_NETWORK_RETRIES,
    )
