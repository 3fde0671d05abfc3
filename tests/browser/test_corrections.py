"""A seller changes a sale's category on the sales page in real Chromium; once the
seller's marts-only Dagster run has rebuilt the marts, the dashboard's department chart
shows the new department with the sale's money; undo takes it away again.

The expected figures are queried from the marts here, never taken from the code under
test.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from urllib.parse import quote_plus

from playwright.sync_api import expect
from sqlalchemy import text

from mi_core.categorisation import load_taxonomy
from tests.browser.conftest import screenshot
from tests.browser.test_seller_journey import dollars, log_in
from tests.pipeline_helpers import refresh_marts, register
from tests.portal_helpers import create_seller, process
from tests.sample import sample


def _one(engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).mappings().one()


def _department_row(page, department: str, subcategory: str):
    page.locator("#chart-categories details summary").click()
    return (
        page.locator("#chart-categories table tbody tr")
        .filter(has=page.locator("td", has_text=re.compile(rf"^{re.escape(department)}$")))
        .filter(has=page.locator("td", has_text=re.compile(rf"^{re.escape(subcategory)}$")))
    )


def test_a_correction_on_the_sales_page_changes_the_department_chart(
    page, settings, engine, instance
):
    # Processed without the API's TestClient: it would replace the served app's settings.
    seller = create_seller()
    process(instance, seller, register(settings, seller, sample().path))
    sale = _one(
        engine,
        "select item_title, count(*) as sales from marts.fct_sales"
        " where tenant_id = :t and is_completed and item_title !~* '(reserved|bundle|hold)'"
        " group by 1 order by 2 desc, 1 limit 1",
        t=seller.id,
    )
    span = _one(
        engine,
        "select min(sold_date) as first, max(sold_date) as last from marts.fct_sales"
        " where tenant_id = :t",
        t=seller.id,
    )
    present = {
        r
        for (r,) in engine.connect().execute(
            text("select distinct department from marts.fct_sales where tenant_id = :t"),
            {"t": seller.id},
        )
    }
    # A department the seller has no sales in, so the chart can only show it by the change.
    department, subcategory = next((d, s) for d, s in load_taxonomy().pairs if d not in present)
    dashboard = f"/dashboard?start={span['first']}&end={span['last']}"

    log_in(page, seller.email)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    page.goto(dashboard)
    expect(_department_row(page, department, subcategory)).to_have_count(0)

    page.goto(f"/sales?q={quote_plus(sale['item_title'])}")
    exact = re.compile(rf"^{re.escape(sale['item_title'])}$")
    rows = page.locator("#sales-table tbody tr[data-sale-key]")
    row = rows.filter(has=page.locator(".sale-title", has_text=exact)).first
    expect(row).to_be_visible()
    row.locator(".change-category").click()
    page.select_option("#correction-form-department", department)
    # Names such as "Accessories" occur in several departments: pick the department's own.
    option = page.locator(
        f'#correction-form-subcategory optgroup[data-department="{department}"] option',
        has_text=re.compile(rf"^{re.escape(subcategory)}$"),
    )
    page.select_option("#correction-form-subcategory", element=option.element_handle())
    page.click("#correction-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/sales\?.*notice=corrected"))
    expect(page.locator(".notice.success")).to_contain_text("Your category is saved")
    expect(page.locator("#corrections tbody tr")).to_have_count(1)
    screenshot(page, "sales-correction")

    refresh_marts(instance, settings, seller.id)
    gross = _one(
        engine,
        "select sum(item_price) as gross, count(*) as orders from marts.fct_sales"
        " where tenant_id = :t and department = :d and is_completed",
        t=seller.id,
        d=department,
    )
    assert gross["orders"] == sale["sales"]

    page.goto(dashboard)
    changed = _department_row(page, department, subcategory)
    expect(changed).to_have_count(1)
    expect(changed.locator("td").nth(4)).to_have_text(dollars(Decimal(gross["gross"])))
    # The bars show the 20 largest categories by gross: the new one is a bar if it is one.
    figure = json.loads(page.locator('script.figure[data-target="plot-categories"]').inner_text())
    larger = _one(
        engine,
        "select count(*) as n from marts.fct_seller_categories where tenant_id = :t"
        " and gross_sales > :g",
        t=seller.id,
        g=gross["gross"],
    )["n"]
    bars = figure["data"][0]["y"]
    assert (f"{department} › {subcategory}" in bars) == (larger < 20)
    screenshot(page, "dashboard-after-correction")

    # Undo, from the dashboard's list of corrections.
    page.locator("#corrections .undo-correction").click()
    expect(page).to_have_url(re.compile(r"/dashboard\?.*notice=undone"))
    refresh_marts(instance, settings, seller.id)
    page.goto(dashboard)
    expect(_department_row(page, department, subcategory)).to_have_count(0)
