"""The upload page in real Chromium: the report's headline figures appear at once,
labelled preliminary, and are marked final when the dashboard is ready (issue 16)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_seller_journey import log_in
from tests.portal_helpers import create_seller
from tests.sample import sample

UPLOAD_URL = re.compile(r"/uploads/[0-9a-f-]{36}$")


def test_figures_show_at_once_as_preliminary_then_final(page, database, sample_report):
    from dagster import DagsterInstance

    from tests.portal_helpers import process

    facts = sample()
    seller = create_seller()
    log_in(page, seller.email)
    page.goto("/uploads")
    page.set_input_files("#file-input", str(sample_report))
    expect(page).to_have_url(UPLOAD_URL)

    # Before any run: the page (as rendered, then by its polling) shows the file's figures.
    expect(page.locator("#upload-state")).to_have_text("pending")
    label = page.locator("#figures-label")
    expect(label).to_have_text("Preliminary — from your file; the dashboard is being built")
    expect(page.locator("#figure-orders")).to_have_text(f"{facts.completed:,}")
    expect(page.locator("#figure-cancelled")).to_have_text(f"{facts.cancelled:,}")
    net = facts.total("Net Seller Proceeds")
    expect(page.locator("#figure-net")).to_have_text(f"${net:,.2f}")
    expect(page.locator("#figure-reconciled")).to_have_text("adds up")
    screenshot(page, "upload-preliminary-figures")

    upload_id = uuid.UUID(page.url.rsplit("/", 1)[1])
    with DagsterInstance.ephemeral() as instance:
        process(instance, seller, upload_id)

    expect(page.locator("#upload-state")).to_have_text("completed", timeout=30_000)
    expect(label).to_contain_text("Final — your dashboard is ready")
    expect(page.locator("#headline-figures")).to_have_class("final")
    expect(page.locator("#figure-orders")).to_have_text(f"{facts.completed:,}")
    # Written by the polling script now, as the server wrote it.
    expect(page.locator("#figure-net")).to_have_text(f"${net:,.2f}")
