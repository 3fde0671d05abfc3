"""The portal's pages in real Chromium: sign-in walls, refusals a person can read, CSRF,
password reset by mail, and the usage & billing page with Stripe Checkout (a local fake)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.billing_helpers import PRICE_PRO
from tests.browser.conftest import screenshot
from tests.browser.test_seller_journey import log_in, wait_for_mail
from tests.portal_helpers import PASSWORD, create_seller


@pytest.fixture
def seller(database):
    return create_seller()


@pytest.mark.parametrize(
    "path", ["/dashboard", "/uploads", "/account", "/billing", f"/uploads/{uuid.uuid4()}"]
)
def test_logged_out_pages_send_to_login(page, path):
    page.goto(path)

    expect(page).to_have_url(re.compile(r"/login\?next="))
    assert page.url.endswith(path.replace("/", "%2F"))
    expect(page.locator("h1")).to_have_text("Log in")


def test_login_returns_to_the_page_asked_for_and_logout_ends_the_session(page, seller):
    page.goto("/account")
    page.fill("#username", seller.email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/account$"))

    page.click("text=Log out")

    expect(page).to_have_url(re.compile(r"/login\?notice=logged-out$"))
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_gets_one_message_for_every_account(page, seller):
    log_in(page, seller.email, "not-the-password")
    known = page.locator(".notice.error").inner_text()
    log_in(page, f"nobody-{uuid.uuid4().hex[:8]}@example.com", "not-the-password")
    unknown = page.locator(".notice.error").inner_text()

    assert known == unknown == "Incorrect email or password."


def test_wrong_file_is_refused_with_a_readable_message(page, seller, tmp_path):
    wrong = tmp_path / "shopping-list.csv"
    wrong.write_text("item,quantity\napples,3\n")
    log_in(page, seller.email)
    page.goto("/uploads")

    page.set_input_files("#file-input", str(wrong))

    error = page.locator("#upload-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("This is not a Mercari sales report we can read.")
    expect(page).to_have_url(re.compile(r"/uploads$"))
    expect(page.locator("#upload-history")).to_have_count(0)


def test_form_post_without_csrf_token_is_refused(page, seller):
    log_in(page, seller.email)
    page.goto("/account")
    # A forged form: the same fields, without the token only this site's pages carry.
    page.evaluate(
        """() => document.querySelector('form[action="/account/password"]')
            .querySelector('input[name="csrftoken"]').remove()"""
    )
    page.fill("#current_password", PASSWORD)
    page.fill("#new_password", "a-password-set-by-someone-else")
    page.fill("#new_password_confirm", "a-password-set-by-someone-else")

    with page.expect_response("**/account/password") as answer:
        page.click('form[action="/account/password"] button[type=submit]')

    assert answer.value.status == 403
    expect(page.locator("h1")).to_have_text("Request refused")
    # The same goes for the API when called with the session cookie and no token.
    status = page.evaluate(
        f"""async () => (await fetch('/api/uploads/{uuid.uuid4()}',
            {{method: 'DELETE', credentials: 'same-origin'}})).status"""
    )
    assert status == 403
    # The password did not change.
    page.context.clear_cookies()
    log_in(page, seller.email)
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def test_forgotten_password_is_reset_from_the_mailed_link(page, portal, seller):
    page.goto("/forgot-password")
    page.fill("#email", seller.email)
    page.click("button[type=submit]")
    expect(page.locator(".notice.info")).to_contain_text("If an account uses that address")

    link = re.search(r"(\S+/reset-password\?token=\S+)", wait_for_mail(portal.smtp, seller.email))
    page.goto(link.group(1))
    page.fill("#password", "a-brand-new-password")
    page.fill("#password_confirm", "a-brand-new-password")
    page.click("button[type=submit]")

    expect(page).to_have_url(re.compile(r"/login\?notice=password-reset$"))
    log_in(page, seller.email, "a-brand-new-password")
    expect(page).to_have_url(re.compile(r"/dashboard$"))


def test_billing_page_shows_usage_and_upgrades_through_stripe_checkout(page, portal):
    seller = create_seller(plan=None)
    log_in(page, seller.email)
    page.goto("/billing")

    expect(page.locator("#plan-name")).to_have_text("Free")
    expect(page.locator("#usage-products .usage-figure")).to_have_text("0 of 100")
    expect(page.locator("#plan-free")).to_contain_text("No exports")
    screenshot(page, "billing")
    # Stripe's page is out of reach in tests: the browser is answered locally instead.
    page.route(
        "https://checkout.stripe.test/**",
        lambda route: route.fulfill(content_type="text/html", body="<h1>Stripe Checkout</h1>"),
    )
    page.click("#plan-pro button")

    expect(page).to_have_url(re.compile(r"^https://checkout\.stripe\.test/c/pay/"))
    sessions = [r for r in portal.stripe.requests if r.path == "/v1/checkout/sessions"]
    assert sessions[-1].params["line_items[0][price]"] == PRICE_PRO
    assert sessions[-1].params["client_reference_id"] == str(seller.id)


def test_the_upload_page_shows_an_unreconciled_files_differences(page, seller, tmp_path):
    """A report edited by hand no longer adds up to its Totals row: once processed, the
    page (polling the API) says so and lists the column, its Totals row and the sum."""
    from dagster import DagsterInstance

    from mi_core.sales_report import write_report
    from tests.pipeline_helpers import give_plan
    from tests.portal_helpers import process

    path = write_report(tmp_path / "edited.csv", 20, seed=5)
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    totals = next(i for i, line in enumerate(lines) if line.startswith('"Totals'))
    cells = lines[totals].split('","')
    cells[8] = f"{float(cells[8]) + 1:.2f}"  # the Totals row's Item Price, edited by hand
    lines[totals] = '","'.join(cells)
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    give_plan(seller.id)

    log_in(page, seller.email)
    page.goto("/uploads")
    page.set_input_files("#file-input", str(path))
    expect(page).to_have_url(re.compile(r"/uploads/[0-9a-f-]{36}$"))
    upload_id = uuid.UUID(page.url.rsplit("/", 1)[1])
    with DagsterInstance.ephemeral() as instance:
        process(instance, seller, upload_id)

    expect(page.locator("#upload-state")).to_have_text("completed", timeout=30_000)
    expect(page.locator("#reconciled-state")).to_contain_text("do not add up")
    row = page.locator("#differences tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").first).to_have_text("Item Price")
    expect(page.locator("#upload-notice")).to_contain_text("do not add up to its Totals row")
    screenshot(page, "upload-unreconciled")
