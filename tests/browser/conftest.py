"""Browser tests: the real portal served by uvicorn on a free port, driven by Debian's
Chromium through Playwright; mails go to a local fake SMTP server."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from mi_core.settings import Settings
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


def settings_env(base: Settings, patched: Settings) -> dict[str, str]:
    """The environment variables that turn `base` (what the test process's environment
    gives) into `patched`, by each field's alias: how a served portal is configured."""
    env: dict[str, str] = {}
    for name, field in type(patched).model_fields.items():
        value = getattr(patched, name)
        if value == getattr(base, name):
            continue
        if value is None:
            raise ValueError(f"{name}: an environment variable cannot unset a default")
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list | tuple | dict):
            value = json.dumps(value)
        env[field.alias or name.upper()] = str(value)
    return env


@pytest.fixture(scope="package")
def portal(database: Settings) -> Iterator[Portal]:
    """The portal as `mi serve` starts it (its command, uvicorn with one worker, in a
    process of its own under `Stack`), its settings pointed at the fake SMTP and Stripe
    servers and at its own address (for the links in mails).

    A process, not a thread of the test runner: in production the portal shares its
    process with no Dagster run, dbt or Playwright, and a crash of its event loop's C code
    (a segfault killed a CI run of the whole suite once, with the server in a thread)
    fails these tests with the portal's output instead of ending every test.
    """
    from mi_cli.stack import Stack, portal_command, portal_metrics_env, wait_for_http

    port = _free_port()
    # `localhost` (not 127.0.0.1): browsers treat it as a secure context, so the `Secure`
    # session cookie of non-development settings is kept over plain http.
    url = f"http://localhost:{port}"
    with smtp_server() as smtp, stripe_server() as stripe:
        patched = billing_settings(
            database,
            stripe,
            smtp_host=smtp.host,
            smtp_port=smtp.port,
            public_url=url,
            portal_host="127.0.0.1",
            portal_port=port,
            portal_workers=1,
        )
        stack = Stack(patched)
        log = patched.data_dir / "logs" / "portal.log"
        try:
            stack.start(
                "portal",
                portal_command(patched),
                extra_env={**settings_env(database, patched), **portal_metrics_env(patched)},
            )
            try:
                wait_for_http(f"{url}/health", stack, timeout=60)
            except RuntimeError as error:
                pytest.fail(f"{error}:\n{log.read_text()}")
            yield Portal(url, smtp, stripe)
            if stack.exited():
                pytest.fail(f"the portal exited during the tests:\n{log.read_text()}")
        finally:
            stack.stop()


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
