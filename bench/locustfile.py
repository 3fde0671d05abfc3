"""The sellers of bench/bench_load.py (run by it; it passes the accounts in the environment).

* `BrowsingSeller` (MI_LOAD_BROWSERS of them): signs in through the login page (cookie
  session, CSRF token from the page), then every MI_LOAD_THINK_SECONDS opens one of: the
  dashboard page (now and then a year of it), the sales page, the uploads page, or the
  dashboard as the JSON API serves it (summary and every widget, one after the other).
* `UploadingSeller` (MI_LOAD_UPLOADERS): uploads the sample report through
  `POST /api/uploads` (cookie + `x-csrftoken`, as the upload page's `fetch` does), polls
  `GET /api/uploads/{id}` every 2 s until the pipeline has finished it, opens its
  upload page, thinks, and uploads again.

Every request is named by its route, so locust's statistics are per endpoint.

The measured window opens when the last seller has signed in: 55 sign-ins at once are a
login storm (each hashes a password, slow by design) that no browsing seller meets, so
their figures are written apart (MI_LOAD_SIGNIN_STATS), the statistics are reset, and the
run stops MI_LOAD_MEASURE_SECONDS later.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path

import gevent
from locust import HttpUser, between, task

ACCOUNTS = json.loads(Path(os.environ["MI_LOAD_ACCOUNTS"]).read_text())
SAMPLE = Path(os.environ["MI_LOAD_SAMPLE"])
THINK = float(os.environ.get("MI_LOAD_THINK_SECONDS", "5"))
WIDGETS = [
    "summary",
    "monthly",
    "states",
    "categories",
    "clusters",
    "weekdays",
    "seasons",
    "best-sellers",
    "fees",
    "fee-months",
    "departments",
    "low-confidence",
]
_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
MEASURE_SECONDS = float(os.environ.get("MI_LOAD_MEASURE_SECONDS", "300"))
SIGNIN_STATS = os.environ.get("MI_LOAD_SIGNIN_STATS")
POLL_SECONDS = 2
UPLOAD_TIMEOUT_SECONDS = 900


class _Accounts:
    """Hands each simulated user its own seller (locust starts users in greenlets)."""

    def __init__(self, emails: list[str]) -> None:
        self._next = itertools.cycle(emails)
        self._lock = threading.Lock()

    def take(self) -> str:
        with self._lock:
            return next(self._next)


_browsers = _Accounts(ACCOUNTS["browsers"])
_uploaders = _Accounts(ACCOUNTS["uploaders"])
_signed_in = itertools.count(1)


def _open_measured_window(environment) -> None:
    """Keep the sign-in figures, reset the statistics, stop after MEASURE_SECONDS."""
    if SIGNIN_STATS:
        entries = {method: environment.stats.get("/login", method) for method in ("GET", "POST")}
        Path(SIGNIN_STATS).write_text(
            json.dumps(
                {
                    method: {
                        "requests": entry.num_requests,
                        "failures": entry.num_failures,
                        "p50": entry.get_response_time_percentile(0.5),
                        "p95": entry.get_response_time_percentile(0.95),
                        "max": entry.max_response_time,
                    }
                    for method, entry in entries.items()
                }
            )
        )
    environment.runner.stats.reset_all()
    gevent.spawn_later(MEASURE_SECONDS, environment.runner.quit)


class _SignedIn(HttpUser):
    abstract = True
    wait_time = between(THINK * 0.5, THINK * 1.5)  # mean THINK
    accounts: _Accounts
    csrf = ""

    def on_start(self) -> None:
        self.email = self.accounts.take()
        page = self.client.get("/login", name="/login")
        token = _TOKEN.search(page.text)
        form = {
            "username": self.email,
            "password": ACCOUNTS["password"],
            "csrftoken": token.group(1) if token else "",
        }
        with self.client.post(
            "/login", data=form, name="/login", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 303:
                response.failure(f"login answered {response.status_code}")
        self.csrf = self.client.cookies.get("csrftoken", "")
        everyone = len(ACCOUNTS["browsers"]) + len(ACCOUNTS["uploaders"])
        if next(_signed_in) == everyone:
            _open_measured_window(self.environment)


class BrowsingSeller(_SignedIn):
    fixed_count = int(os.environ.get("MI_LOAD_BROWSERS", "50"))
    accounts = _browsers

    @task(4)
    def dashboard_page(self) -> None:
        if random.random() < 0.25:
            self.client.get("/dashboard?start=2024-01-01&end=2024-12-31", name="/dashboard?year")
        else:
            self.client.get("/dashboard", name="/dashboard")

    @task(2)
    def sales_page(self) -> None:
        self.client.get("/sales", name="/sales")

    @task(1)
    def uploads_page(self) -> None:
        self.client.get("/uploads", name="/uploads")

    @task(2)
    def dashboard_api(self) -> None:
        for widget in WIDGETS:
            self.client.get(f"/api/dashboard/{widget}", name=f"/api/dashboard/{widget}")


class UploadingSeller(_SignedIn):
    fixed_count = int(os.environ.get("MI_LOAD_UPLOADERS", "5"))
    accounts = _uploaders

    @task
    def upload_and_wait(self) -> None:
        with SAMPLE.open("rb") as stream:
            response = self.client.post(
                "/api/uploads",
                files={"file": (SAMPLE.name, stream, "text/csv")},
                headers={"x-csrftoken": self.csrf},
                name="/api/uploads",
            )
        if response.status_code != 202:
            return
        upload_id = response.json()["id"]
        deadline = time.monotonic() + UPLOAD_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            status = self.client.get(f"/api/uploads/{upload_id}", name="/api/uploads/{id}")
            if status.status_code != 200 or status.json()["status"] in ("completed", "failed"):
                break
        self.client.get(f"/uploads/{upload_id}", name="/uploads/{id}")
