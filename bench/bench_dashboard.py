"""Dashboard API latency with many signed-in sellers at once, over real HTTP.

In a throw-away embedded PostgreSQL: N sellers (default 50), each with a generated report
loaded into the warehouse (the loader only, no pipeline run per seller), the dbt marts
built once for all of them; the portal served by uvicorn in its own process. Each seller
signs in (bearer JWT), then, for the duration, opens the dashboard the way the page does —
the summary and every widget endpoint, up to 6 at a time like a browser — pauses for a
think time (exponential; one phase per mean: 10 s and 5 s, a person reading, then 1 s,
a stress phase), and again. Prints p50/p95/p99 per endpoint and overall, and the throughput.

    .venv/bin/python bench/bench_dashboard.py [--sellers 50] [--rows 2000] [--seconds 30]
        [--think 10 5 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-dashboard-")
os.environ.update(
    {
        "MI_ENVIRONMENT": "development",
        "MI_DATA_DIR": str(WORK_DIR),
        "MI_DATABASE_NAME": "mi_bench_dashboard",
        # The bench signs 50 sellers in at once from one address.
        "MI_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
        # In flight at once, they would count against the per-address budget.
        "MI_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000",
    }
)
os.environ.pop("DATABASE_URL", None)

PASSWORD = "bench-password-123"
ENDPOINTS = [
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
]
BROWSER_CONNECTIONS = 6
# Like a browser behind nginx (keepalive_timeout 75 s): idle connections are kept, and the
# client drops them before the server does, so no request meets a closing connection.
SERVER_KEEPALIVE_SECONDS = 75
KEEPALIVE_SECONDS = 60


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def create_sellers(settings, count: int, rows: int) -> list[str]:
    """Sellers on the Business plan, each with one generated report in the warehouse."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import get_engine, session_scope
    from mi_core.loading import load_report
    from mi_core.sales_report import generate_report, parse_report
    from mi_core.uploads import create_seller, register_upload

    engine = get_engine()
    emails = []
    for index in range(count):
        email = f"bench-{index:03d}-{uuid.uuid4().hex[:6]}@example.com"
        content = generate_report(rows, seed=1000 + index)
        with session_scope() as session:
            seller = create_seller(session, email, PASSWORD)
            seller.is_verified = True
            grant_plan_override(
                session, settings, seller.id, PlanName.BUSINESS, until=None, granted_by="bench"
            )
            upload = register_upload(session, settings, seller, io.BytesIO(content), "bench.csv")
            # Never pending: no run should pick it up; the loader stands in for one.
            upload.status = "completed"
            upload_id, seller_id = upload.id, seller.id
        load_report(engine, upload_id, seller_id, parse_report(content, source_name="bench.csv"))
        emails.append(email)
    return emails


def build_marts() -> None:
    """One dbt build for every seller at once (the first build of a fresh warehouse)."""
    from mi_core.settings import get_settings
    from orchestration.dbt_project import DBT_EXECUTABLE, dbt_subprocess_env, dbt_vars

    subprocess.run(
        [
            DBT_EXECUTABLE,
            *("build", "--quiet", "--exclude", "resource_type:test"),
            *("--vars", dbt_vars()),
        ],
        cwd=get_settings().dbt_project_dir,
        env=dbt_subprocess_env(),
        check=True,
    )


def start_portal(settings, port: int, workers: int) -> subprocess.Popen:
    import httpx

    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    process = subprocess.Popen(
        [uvicorn, "portal.main:app", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", "--no-access-log",
         "--timeout-keep-alive", str(SERVER_KEEPALIVE_SECONDS)],
        cwd=REPO_ROOT,
        env={**os.environ, **settings.process_env()},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the portal exited at start")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the portal did not answer /health within 60 s")


async def sign_in(client, email: str) -> dict[str, str]:
    response = await client.post("/auth/jwt/login", data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def seller_session(
    client, headers, deadline: float, think: float, samples: dict[str, list[float]]
) -> None:
    """Open the dashboard, think, repeat until the deadline."""
    connections = asyncio.Semaphore(BROWSER_CONNECTIONS)

    async def fetch(endpoint: str) -> None:
        async with connections:
            started = time.perf_counter()
            response = await client.get(f"/api/dashboard/{endpoint}", headers=headers)
            elapsed = time.perf_counter() - started
        response.raise_for_status()
        samples[endpoint].append(elapsed)

    await asyncio.sleep(random.uniform(0, think or 0.1))  # sellers do not arrive in step
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        await asyncio.gather(*(fetch(endpoint) for endpoint in ENDPOINTS))
        samples["(whole dashboard)"].append(time.perf_counter() - started)
        if think:
            pause = random.expovariate(1 / think)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.perf_counter())))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def load(base_url: str, emails: list[str], seconds: float, thinks: list[float]) -> None:
    import httpx

    limits = httpx.Limits(
        max_connections=len(emails) * BROWSER_CONNECTIONS, keepalive_expiry=KEEPALIVE_SECONDS
    )
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
        headers = await asyncio.gather(*(sign_in(client, email) for email in emails))
        # Warm up: every seller's first dashboard (connection pools, caches).
        await asyncio.gather(
            *(seller_session(client, h, time.perf_counter() + 0.01, 0, defaultdict(list))
              for h in headers)
        )  # fmt: skip
        # Baseline: one seller alone, one request at a time.
        alone: dict[str, list[float]] = defaultdict(list)
        for _ in range(5):
            for endpoint in ENDPOINTS:
                started = time.perf_counter()
                response = await client.get(f"/api/dashboard/{endpoint}", headers=headers[0])
                response.raise_for_status()
                alone[endpoint].append(time.perf_counter() - started)
        print("one seller alone, sequential requests:")
        print_table(alone, ENDPOINTS)
        for think in thinks:
            await concurrent_sellers(client, headers, seconds, think)


async def concurrent_sellers(client, headers: list, seconds: float, think: float) -> None:
    samples: dict[str, list[float]] = defaultdict(list)
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(seller_session(client, h, deadline, think, samples) for h in headers))
    elapsed = time.perf_counter() - started
    requests = sum(len(v) for k, v in samples.items() if not k.startswith("("))
    every = [x for k, v in samples.items() if not k.startswith("(") for x in v]
    print(f"\n{len(headers)} sellers at once, mean think time {think:.1f} s, {elapsed:.0f} s: "
          f"{requests} requests, {requests / elapsed:.0f} requests/s")  # fmt: skip
    print_table(samples, [*ENDPOINTS, "(whole dashboard)"])
    print_row("ALL widget requests", every)


def print_table(samples: dict[str, list[float]], names: list[str]) -> None:
    print(f"{'endpoint':<20} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name in names:
        print_row(name, samples[name])


def print_row(name: str, values: list[float]) -> None:
    p50, p95, p99 = (percentile(values, share) * 1000 for share in (0.5, 0.95, 0.99))
    print(f"{name:<20} {len(values):>6} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sellers", type=int, default=50)
    parser.add_argument("--rows", type=int, default=2000, help="report rows per seller")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[10.0, 5.0, 1.0],
        help="mean pauses between a seller's dashboard loads, one phase each (seconds)",
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.settings import get_settings

    settings = get_settings()
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    portal = None
    try:
        section(f"Setting up {args.sellers} sellers x {args.rows} rows")
        started = time.perf_counter()
        emails = create_sellers(settings, args.sellers, args.rows)
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        build_marts()
        print(f"marts built in {time.perf_counter() - started:.0f} s", flush=True)
        portal = start_portal(settings, args.port, args.workers)
        section("Dashboard API latency (real HTTP, uvicorn)")
        print(f"uvicorn workers: {args.workers}")
        asyncio.run(load(f"http://127.0.0.1:{args.port}", emails, args.seconds, args.think))
    finally:
        if portal is not None:
            portal.terminate()
            portal.wait(timeout=30)
        if settings.uses_embedded_postgres:
            stop_embedded_postgres(settings.pgdata_dir)


if __name__ == "__main__":
    main()
