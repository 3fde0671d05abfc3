"""The login limit cannot be escaped: X-Forwarded-For counts only from a trusted proxy,
and the counts live in PostgreSQL, shared by every worker."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest

from mi_core import login_attempts
from portal.client_address import TrustedProxies, forwarded_client
from tests.pipeline_helpers import execute, scalar
from tests.portal_helpers import PASSWORD, create_seller, csrf_headers, new_email, portal_client

LIMIT_MESSAGE = "Too many login attempts. Wait a minute and try again."


def fail_login(client, email: str, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/auth/jwt/login",
        data={"username": email, "password": "not-the-password"},
        headers=headers,
    )


# --- which address counts ---


def test_forwarded_for_is_believed_only_from_a_trusted_peer():
    trusted = TrustedProxies(["10.0.0.0/8", "192.0.2.1", "testclient"])

    assert forwarded_client("198.51.100.7", ["203.0.113.9"], trusted) == "198.51.100.7"
    assert forwarded_client("testclient", ["203.0.113.9"], trusted) == "203.0.113.9"
    # The right-most hop that is no trusted proxy: what the client wrote is further left.
    chain = ["spoofed, 203.0.113.9, 10.1.2.3", "192.0.2.1"]
    assert forwarded_client("10.0.0.5", chain, trusted) == "203.0.113.9"
    # Ports and address spellings do not make new clients.
    assert forwarded_client("10.0.0.5", ["203.0.113.9:4711"], trusted) == "203.0.113.9"
    assert forwarded_client("10.0.0.5", ["[2001:DB8:0::1]:443"], trusted) == "2001:db8::1"
    assert forwarded_client("10.0.0.5", ["::ffff:203.0.113.9"], trusted) == "203.0.113.9"
    # Only proxies in the chain: the left-most; no header: the peer.
    assert forwarded_client("10.0.0.5", ["10.9.9.9, 192.0.2.1"], trusted) == "10.9.9.9"
    assert forwarded_client("10.0.0.5", [], trusted) == "10.0.0.5"
    assert forwarded_client("10.0.0.5", ["203.0.113.9"], TrustedProxies([])) == "10.0.0.5"


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(settings):
    email = create_seller().email
    with portal_client(settings, trusted_proxies="testclient") as client:
        attacker = [fail_login(client, email, f"{i}.0.0.1, 203.0.113.1") for i in range(5)]
        blocked = fail_login(client, email, "9.9.9.9, 203.0.113.1")
        other = fail_login(client, email, "203.0.113.2")

    assert [response.status_code for response in attacker] == [400] * 5
    assert blocked.status_code == 429
    assert other.status_code == 400


# --- the server `mi serve` starts ---


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mi_serve_gives_uvicorn_the_trusted_proxies(settings):
    from mi_cli.stack import portal_command

    untrusted = portal_command(settings.model_copy(update={"trusted_proxies": ""}))
    trusted = portal_command(settings.model_copy(update={"trusted_proxies": "10.0.0.1, ::1"}))

    assert untrusted[-1] == "--no-proxy-headers"
    assert "--forwarded-allow-ips" not in untrusted
    assert trusted[-2:] == ["--forwarded-allow-ips", "10.0.0.1,::1"]


@pytest.fixture
def served_portal(settings, tmp_path):
    """The portal as `mi serve` runs it, on a free port of the loopback interface."""
    from mi_cli.stack import PROJECT_ROOT, portal_command

    served = settings.model_copy(
        update={"portal_host": "127.0.0.1", "portal_port": _free_port(), "trusted_proxies": ""}
    )
    env = {**os.environ, **served.process_env()}
    env.pop("MI_TRUSTED_PROXIES", None)
    env.pop("FORWARDED_ALLOW_IPS", None)
    url = f"http://127.0.0.1:{served.portal_port}"
    log = tmp_path / "portal.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            portal_command(served), cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the portal did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(15)


def test_rotating_forwarded_for_from_loopback_does_not_reset_the_limit(served_portal):
    """uvicorn's default believes X-Forwarded-For from 127.0.0.1; `mi serve` must not."""
    email = new_email()
    with httpx.Client(base_url=served_portal, timeout=30) as client:
        statuses = [fail_login(client, email, f"198.51.100.{i}").status_code for i in range(1, 7)]
        blocked = fail_login(client, email, "198.51.100.200")

    assert statuses == [400] * 5 + [429]
    assert blocked.status_code == 429
    assert blocked.json()["detail"] == LIMIT_MESSAGE
    assert blocked.headers["Retry-After"] == "60"


# --- password spraying ---


def test_spraying_many_accounts_from_one_address_is_limited(settings):
    seller = create_seller()
    with portal_client(settings, login_attempts_per_address_per_minute=8) as client:
        # Signing in to one's own account does not use up the address's budget.
        own = [
            client.post(
                "/auth/jwt/login", data={"username": seller.email, "password": PASSWORD}
            ).status_code
            for _ in range(10)
        ]
        sprayed = [fail_login(client, new_email()).status_code for _ in range(8)]
        blocked = fail_login(client, new_email())
        also_blocked = client.post(
            "/auth/jwt/login", data={"username": seller.email, "password": PASSWORD}
        )

    assert own == [200] * 10
    assert sprayed == [400] * 8
    assert blocked.status_code == 429
    assert blocked.json()["detail"] == LIMIT_MESSAGE
    assert blocked.headers["Retry-After"] == "60"
    assert also_blocked.status_code == 429


def test_the_address_budget_is_per_address(settings):
    with portal_client(
        settings, trusted_proxies="testclient", login_attempts_per_address_per_minute=3
    ) as client:
        sprayed = [fail_login(client, new_email(), "203.0.113.5").status_code for _ in range(4)]
        elsewhere = fail_login(client, new_email(), "203.0.113.6")

    assert sprayed == [400, 400, 400, 429]
    assert elsewhere.status_code == 400


def test_the_address_budget_defaults_to_30():
    from mi_core.settings import Settings

    assert Settings.model_fields["login_attempts_per_address_per_minute"].default == 30


# --- counts shared by every worker ---


def test_attempts_another_worker_recorded_count_here(settings, engine):
    email = new_email()
    with portal_client(settings) as client:
        # As another portal process records them: rows in the shared table.
        for _ in range(5):
            execute(
                engine,
                "insert into login_attempts (address, account) values ('testclient', :account)",
                account=login_attempts.account_key(email),
            )
        blocked = fail_login(client, email.upper())

    assert blocked.status_code == 429
    assert blocked.json()["detail"] == LIMIT_MESSAGE
    assert blocked.headers["Retry-After"] == "60"


def test_a_fresh_worker_still_knows_the_failures(settings, monkeypatch):
    from portal.routes import login_limit

    email = create_seller().email
    with portal_client(settings) as client:
        statuses = [fail_login(client, email).status_code for _ in range(5)]
        # Another worker: nothing in this process remembers the failures.
        monkeypatch.setattr(login_limit, "login_limiter", login_limit.LoginLimiter())
        blocked = client.post("/auth/jwt/login", data={"username": email, "password": PASSWORD})
        token = csrf_headers(client)["x-csrftoken"]
        form = client.post(
            "/login",
            data={"username": email, "password": PASSWORD, "csrftoken": token},
            follow_redirects=False,
        )

    assert statuses == [400] * 5
    assert blocked.status_code == 429
    assert form.status_code == 429
    assert LIMIT_MESSAGE in form.text
    assert form.headers["Retry-After"] == "60"


def test_a_successful_login_forgets_the_failures_of_its_address_and_email(settings, engine):
    email = create_seller().email
    with portal_client(settings) as client:
        for _ in range(4):
            fail_login(client, email)
        signed_in = client.post("/auth/jwt/login", data={"username": email, "password": PASSWORD})
        left = scalar(engine, "select count(*) from login_attempts")
        again = [fail_login(client, email).status_code for _ in range(5)]

    assert signed_in.status_code == 200
    assert left == 0
    assert again == [400] * 5


def test_concurrent_attempts_cannot_squeeze_under_the_limit(engine):
    email = new_email()

    def attempt(_: int) -> bool:
        with engine.begin() as conn:
            return login_attempts.record_attempt(
                conn, "198.51.100.1", email, per_account=5, per_address=30
            )

    with ThreadPoolExecutor(8) as pool:
        allowed = list(pool.map(attempt, range(24)))

    assert allowed.count(True) == 5


def test_attempts_older_than_the_window_are_pruned(engine):
    account = login_attempts.account_key(new_email())
    for _ in range(3):
        execute(
            engine,
            "insert into login_attempts (address, account, attempted_at)"
            " values ('198.51.100.2', :account, now() - :age)",
            account=account,
            age=login_attempts.WINDOW + timedelta(seconds=5),
        )

    with engine.begin() as conn:
        assert login_attempts.record_attempt(
            conn, "198.51.100.3", new_email(), per_account=5, per_address=30
        )
    stale = scalar(engine, "select count(*) from login_attempts where account = :a", a=account)

    assert stale == 0
