"""The /costs page in real Chromium: a seller sets a product group's cost, the marts-only
run it queued rebuilds their marts, and the dashboard's profit KPI shows the new profit
(computed here with SQL over fct_sales) instead of "unknown"."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_seller_journey import dollars, log_in
from tests.cost_helpers import refresh_marts
from tests.pipeline_helpers import scalar
from tests.portal_helpers import create_seller, process
from tests.sample import sample


def test_a_product_group_cost_set_on_the_page_changes_the_profit_kpi(
    page, database, engine, instance
):
    # Processed without the API's TestClient: it would replace the served app's settings.
    from tests.pipeline_helpers import register

    seller = create_seller()
    process(instance, seller, register(database, seller, sample().path))
    log_in(page, seller.email)
    expect(page).to_have_url(re.compile(r"/dashboard"))
    page.locator('[data-period="All time"]').click()
    profit = page.locator('[data-kpi="profit"] .value')
    expect(profit).to_have_text("–")  # no cost yet: profit unknown, not gross proceeds
    expect(page.locator("#cost-unknown")).to_contain_text("Cost unknown for")

    page.click("nav >> text=Costs")
    expect(page.locator("h1")).to_have_text("Costs of goods")
    group = page.locator("#group-costs tbody tr").first
    cluster_id = int(group.get_attribute("data-cluster-id"))
    group.locator("input[name=cost]").fill("$3.50")
    group.locator("button[type=submit]").click()
    expect(page.locator(".notice.success")).to_contain_text("Saved")
    expect(
        page.locator(f'#group-costs tr[data-cluster-id="{cluster_id}"] input[name=cost]')
    ).to_have_value("3.50")
    screenshot(page, "costs")

    refresh_marts(instance, database, seller.id)
    expected = scalar(
        engine,
        "select sum(net_seller_proceeds - cost_of_goods) from marts.fct_sales"
        " where tenant_id = :t and is_completed and cost_source = 'product_group'",
        t=seller.id,
    )
    assert expected is not None
    page.goto("/dashboard")
    page.locator('[data-period="All time"]').click()
    expect(profit).to_have_text(dollars(expected))
    expect(page.locator("#profit-groups [data-ranking=best] tbody tr").first).to_be_visible()
    screenshot(page, "dashboard-profit")
