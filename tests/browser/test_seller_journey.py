"""A seller's whole journey in real headless Chromium: register, confirm the email from
the mail's link, log in, upload the real sample report through the page, watch its
progress reach 100% while the pipeline runs, read KPIs equal to the marts, export.

The numbers the test expects are queried from `marts.fct_sales` here and formatted here,
never taken from the code under test.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.browser.conftest import screenshot
from tests.portal_helpers import PASSWORD, new_email

UPLOAD_URL = re.compile(r"/uploads/([0-9a-f-]{36})$")


def dollars(value: Decimal) -> str:
    return f"${value:,.2f}"


def wait_for_mail(smtp, email: str, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if messages := smtp.messages_to(email):
            return messages[-1].get_content()
        time.sleep(0.1)
    pytest.fail(f"no mail reached {email}")


def mart_figures(engine, tenant_id: uuid.UUID) -> dict:
    sql = """select
        count(*) as sales,
        count(*) filter (where is_completed) as orders,
        count(*) filter (where is_cancelled) as cancelled,
        sum(item_price) filter (where is_completed) as gross,
        sum(net_seller_proceeds) filter (where is_completed) as net,
        sum(total_seller_fees) filter (where is_completed) as fees
    from marts.fct_sales where tenant_id = :tenant"""
    with engine.connect() as conn:
        return dict(conn.execute(text(sql), {"tenant": tenant_id}).mappings().one())


def seller_id(engine, email: str) -> uuid.UUID:
    with engine.connect() as conn:
        return conn.execute(text("select id from users where email = :e"), {"e": email}).scalar()


def grant_business_plan(settings, tenant_id: uuid.UUID) -> None:
    """What an operator's comp does (`mi seller plan`): no monthly limit, exports included."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope

    with session_scope() as session:
        grant_plan_override(
            session, settings, tenant_id, PlanName.BUSINESS, until=None, granted_by="browser test"
        )


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#username", email)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_register_verify_upload_watch_progress_dashboard_export(
    page, portal, engine, settings, sample_report, tmp_path
):
    from dagster import DagsterInstance

    from tests.portal_helpers import process

    email = new_email()

    # Register.
    page.goto("/register")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/login\?notice=registered$"))

    # The verification mail links to the portal's own page, which confirms the address.
    link = re.search(r"(\S+/verify\?token=\S+)", wait_for_mail(portal.smtp, email)).group(1)
    assert link.startswith(f"{portal.url}/verify?token=")
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/login\?notice=verified$"))
    expect(page.locator(".notice.success")).to_contain_text("email address is confirmed")
    tenant = seller_id(engine, email)
    with engine.connect() as conn:
        assert conn.execute(text("select is_verified from users where id = :i"), {"i": tenant})
    grant_business_plan(settings, tenant)

    # Log in.
    page.fill("#username", email)
    page.fill("#password", PASSWORD)
    screenshot(page, "login")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.locator("main")).to_contain_text("No sales yet")

    # Upload the real report through the page.
    page.goto("/uploads")
    screenshot(page, "uploads")
    page.set_input_files("#file-input", str(sample_report))
    expect(page).to_have_url(UPLOAD_URL)
    upload_id = uuid.UUID(UPLOAD_URL.search(page.url).group(1))
    expect(page.locator("#upload-state")).to_have_text("pending")

    # The pipeline runs here while the page polls the API by itself.
    from mi_core.db import session_scope
    from mi_core.models import User

    with session_scope() as session:
        seller = session.get(User, tenant)
        session.expunge(seller)
    with DagsterInstance.ephemeral() as instance:
        process(instance, seller, upload_id)
    percent = page.locator("#progress-percent")
    expect(percent).to_have_text("100%", timeout=30_000)
    expect(page.locator("#progress-bar")).to_have_attribute("aria-valuenow", "100")
    expect(page.locator("#upload-state")).to_have_text("completed")
    expect(page.locator("#upload-done")).to_be_visible()
    screenshot(page, "upload-progress")

    # The dashboard shows what the mart holds for this seller.
    figures = mart_figures(engine, tenant)
    assert figures["sales"] > 0
    page.goto("/dashboard")
    # The default is the last 12 months; all of the sample is one click away.
    expect(page.locator("#period-line")).to_contain_text("compared with the 12 months before")
    page.locator('[data-period="All time"]').click()
    expect(page.locator('[data-period="All time"]')).to_have_attribute("aria-current", "true")

    def kpi(name: str):
        return page.locator(f'[data-kpi="{name}"] .value')

    expect(kpi("gross_sales")).to_have_text(dollars(figures["gross"]))
    expect(kpi("net_proceeds")).to_have_text(dollars(figures["net"]))
    expect(kpi("fees")).to_have_text(dollars(figures["fees"]))
    expect(kpi("orders")).to_have_text(f"{figures['orders']:,}")
    expect(kpi("cancelled_orders")).to_have_text(f"{figures['cancelled']:,}")
    # Charts are drawn by the Plotly bundle the portal serves itself (no internet).
    expect(page.locator("#plot-monthly .main-svg").first).to_be_visible()
    expect(page.locator("#plot-states .main-svg").first).to_be_visible()
    screenshot(page, "dashboard")
    # Every chart has its numbers as a table: the state with the highest sales comes first.
    with engine.connect() as conn:
        top_state = conn.execute(
            text(
                "select shipped_to_state, sum(item_price) filter (where is_completed) as gross"
                " from marts.fct_sales where tenant_id = :t"
                " group by 1 order by 2 desc nulls last, 1 limit 1"
            ),
            {"t": tenant},
        ).one()
    page.locator("#chart-states details summary").click()
    first_row = page.locator("#chart-states table tbody tr").first.locator("td")
    expect(first_row.nth(0)).to_have_text(top_state.shipped_to_state)
    expect(first_row.nth(3)).to_have_text(dollars(top_state.gross))

    # Export: the CSV holds every sale of the seller.
    with page.expect_download() as download_info:
        page.click("#export-csv")
    download = download_info.value
    assert download.suggested_filename == "mercari-sales.csv"
    saved = tmp_path / "export.csv"
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert len(rows) == figures["sales"]
    with engine.connect() as conn:
        priciest = conn.execute(
            text(
                "select item_id, item_price, department from marts.fct_sales"
                " where tenant_id = :t order by item_price desc, item_id limit 1"
            ),
            {"t": tenant},
        ).one()
    exported = [row for row in rows if row["Item Id"] == priciest.item_id]
    assert exported, priciest.item_id
    assert Decimal(exported[0]["Item Price"]) == priciest.item_price
    assert exported[0]["Department"] == priciest.department

    # The account page shows the confirmed address.
    page.goto("/account")
    expect(page.locator("#account-email")).to_have_text(email)
    expect(page.locator("main")).to_contain_text("confirmed")
    screenshot(page, "account")
