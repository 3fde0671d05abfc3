"""Plan prices on the landing and billing pages (Stripe's Price objects, cached, or
settings), and the landing page's read-only look at the demo seller's dashboard."""

from __future__ import annotations

import pytest

from portal.services import prices
from tests.billing_helpers import PRICE_BUSINESS, PRICE_PRO, billing_settings
from tests.fakes.stripe_server import stripe_server
from tests.pipeline_helpers import scalar
from tests.portal_helpers import (
    create_seller,
    login,
    portal_client,
    seller_with_processed_sample,
)


@pytest.fixture(autouse=True)
def _fresh_price_cache():
    prices.clear_cache()
    yield
    prices.clear_cache()


def shown_prices(page: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'data-plan-price="(\w+)"><strong>([^<]+)</strong>', page))


def test_without_stripe_the_prices_come_from_settings(settings):
    with portal_client(settings, price_pro_usd="12.00", price_business_usd="39.00") as client:
        landing = client.get("/")
        seller = create_seller()
        billing = client.get("/billing", headers=login(client, seller.email))
    expected = {"free": "Free", "pro": "$12.00 / month", "business": "$39.00 / month"}
    assert shown_prices(landing.text) == expected
    assert shown_prices(billing.text) == expected


def test_with_stripe_the_prices_are_its_price_objects_read_once(settings):
    with stripe_server() as fake:
        fake.put_price(PRICE_PRO, 1500)
        fake.put_price(PRICE_BUSINESS, 4900)
        with portal_client(billing_settings(settings, fake)) as client:
            first = client.get("/")
            second = client.get("/")
        assert shown_prices(first.text) == {
            "free": "Free",
            "pro": "$15.00 / month",
            "business": "$49.00 / month",
        }
        assert shown_prices(second.text) == shown_prices(first.text)
        # Cached: one read of each price however many pages are shown.
        assert len(fake.requests_to(f"/v1/prices/{PRICE_PRO}", "GET")) == 1
        assert len(fake.requests_to(f"/v1/prices/{PRICE_BUSINESS}", "GET")) == 1


def test_when_stripe_cannot_answer_the_settings_prices_are_shown(settings):
    with stripe_server() as fake:
        # No price objects: Stripe answers 404 for both.
        configured = billing_settings(settings, fake, price_pro_usd="11.00")
        with portal_client(configured) as client:
            page = client.get("/")
    assert shown_prices(page.text)["pro"] == "$11.00 / month"


# --- the demo dashboard ---


@pytest.fixture(scope="module")
def demo(database):
    seller, _ = seller_with_processed_sample(database)
    return seller


def test_anyone_can_look_at_the_demo_sellers_dashboard_read_only(settings, engine, demo):
    demo_settings = {"public_demo": True, "demo_seller_email": demo.email}
    uploads_before = scalar(engine, "select count(*) from uploads where seller_id = :s", s=demo.id)
    with portal_client(settings, **demo_settings) as client:
        own = client.get("/api/dashboard/summary", headers=login(client, demo.email)).json()
        client.cookies.clear()
        landing = client.get("/")
        page = client.get("/demo")
        refused = client.post("/demo")
    assert 'href="/demo"' in landing.text
    assert page.status_code == 200
    assert 'id="demo-banner"' in page.text
    # The demo seller's own figures, as their dashboard shows them.
    assert f"${float(own['gross_sales']):,.2f}" in page.text
    # Read-only: no exports, period links and filters stay on /demo.
    assert "/api/exports" not in page.text
    assert 'action="/demo"' in page.text and 'href="/dashboard?' not in page.text
    # No write route: the CSRF check refuses a cookie-carrying post first, else 405.
    assert refused.status_code in (403, 405)
    uploads_after = scalar(engine, "select count(*) from uploads where seller_id = :s", s=demo.id)
    assert uploads_after == uploads_before


def test_a_period_link_of_the_demo_dashboard_keeps_to_the_demo(settings, demo):
    import re

    with portal_client(settings, public_demo=True, demo_seller_email=demo.email) as client:
        page = client.get("/demo")
        link = re.search(r'href="(/demo\?start=[^"]+)"', page.text)
        assert link, "no period link on the demo dashboard"
        again = client.get(link.group(1).replace("&amp;", "&"))
    assert again.status_code == 200 and 'id="demo-banner"' in again.text


def test_the_demo_is_off_unless_switched_on(settings, demo):
    with portal_client(settings, public_demo=False, demo_seller_email=demo.email) as client:
        assert client.get("/demo").status_code == 404
        assert 'href="/demo"' not in client.get("/").text
    # Default: on in development only.
    assert settings.model_copy(update={"public_demo": None}).public_demo_enabled is False
