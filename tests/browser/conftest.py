"""Browser tests: the real portal served by uvicorn on a free port, driven by Debian's
Chromium through Playwright; mails go to a local fake SMTP server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.billing_helpers import billing_settings
from tests.fakes.smtp_server import CapturingHandler, smtp_server
from tests.fakes.stripe_server import FakeStripe, stripe_server

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Portal:
    url: str
    smtp: CapturingHandler
    stripe: FakeStripe


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="package")
def portal(database) -> Iterator[Portal]:
    """The app under uvicorn in a background thread, its settings pointed at the fake SMTP
    and Stripe servers and at its own address (for the links in mails).

    Package scope: once the browser tests are done the server stops, and its lifespan
    closes the pooled asyncpg connections, which belong to its event loop (later tests'
    TestClients run their own loops).
    """
    import uvicorn

    from mi_core.settings import get_settings
    from portal.main import app

    port = _free_port()
    # `localhost` (not 127.0.0.1): browsers treat it as a secure context, so the `Secure`
    # session cookie of non-development settings is kept over plain http.
    url = f"http://localhost:{port}"
    with smtp_server() as smtp, stripe_server() as stripe:
        patched = billing_settings(
            database, stripe, smtp_host=smtp.host, smtp_port=smtp.port, public_url=url
        )
        app.dependency_overrides[get_settings] = lambda: patched
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, name="portal-under-test", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        try:
            yield Portal(url, smtp, stripe)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
            app.dependency_overrides.pop(get_settings, None)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, portal):
    """A fresh browser profile (no cookies) per test."""
    ctx = browser.new_context(base_url=portal.url, accept_downloads=True)
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def screenshot(page, name: str) -> None:
    """Saved as a test artefact (test-artifacts/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
