"""First figures: the time from an upload's POST to its preliminary figures (issue 16).

In a throw-away embedded PostgreSQL, through the real app (FastAPI TestClient, in this
process): a signed-in seller POSTs a report to /api/uploads, then GETs /api/uploads/{id};
the time printed runs from the start of the POST to the answer carrying the preliminary
figures (orders, cancellations, gross, net, fees, reconciled). No Dagster is running, so
the request's fast path finds it unreachable at once (a refused connection) and leaves the
run to the sensor; with Dagster up, submitting the run adds its GraphQL round trip.

Files: the real sample (if present), generated reports of 2,500 and 100,000 rows. A file
over MI_PRELIMINARY_MAX_BYTES gets no figures in the request (the bench says so); the
100,000-row one is then timed again with the threshold lifted, to show what it would cost.
Also printed: the largest rise of the process's resident memory during a request (the
upload's copy, parse and figures), and a report just under the threshold (the worst case
that still gets figures).

    .venv/bin/python bench/bench_first_figures.py [--repeat 3] [--sample PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_SAMPLE = REPO_ROOT.parent / "shared" / "data" / "mercari_sales_report_sample.csv"

from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-first-figures-")
os.environ.update(
    {
        "MI_ENVIRONMENT": "development",
        "MI_DATA_DIR": str(WORK_DIR),
        "MI_DATABASE_NAME": "mi_bench_first_figures",
        # Nothing listens here: the fast path's run submission fails at once.
        "MI_DAGSTER_PORT": "9",
    }
)
os.environ.pop("DATABASE_URL", None)

PASSWORD = "bench-password-123"


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RequestMemory:
    """The rise of this process's resident memory while inside the block, sampled every 5 ms."""

    def __init__(self) -> None:
        self.rise_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> RequestMemory:
        self._baseline = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            self.rise_bytes = max(self.rise_bytes, rss_bytes() - self._baseline)


def new_seller(settings) -> str:
    """A verified seller on Business (no daily upload limit in the way); their email."""
    import uuid

    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller

    email = f"bench-{uuid.uuid4().hex[:10]}@example.com"
    with session_scope() as session:
        seller = create_seller(session, email, PASSWORD)
        seller_id = seller.id
    with session_scope() as session:
        grant_plan_override(
            session, settings, seller_id, PlanName("business"), until=None, granted_by="bench"
        )
    return email


def time_to_figures(client, headers: dict[str, str], path: Path) -> tuple[float, dict]:
    """Seconds from the POST's start to the upload's answer with its figures, and that answer."""
    started = time.perf_counter()
    with path.open("rb") as stream:
        response = client.post(
            "/api/uploads", headers=headers, files={"file": (path.name, stream, "text/csv")}
        )
    response.raise_for_status()
    detail = client.get(f"/api/uploads/{response.json()['id']}", headers=headers)
    detail.raise_for_status()
    return time.perf_counter() - started, detail.json()


def measure(client, headers, label: str, path: Path, repeat: int) -> None:
    times, rises, detail = [], [], {}
    for _ in range(repeat):
        with RequestMemory() as memory:
            elapsed, detail = time_to_figures(client, headers, path)
        times.append(elapsed)
        rises.append(memory.rise_bytes)
    figures = detail["preliminary"]
    size = f"{path.stat().st_size / (1024 * 1024):.1f} MiB"
    timing = f"median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})"
    rise = max(rises) / (1024 * 1024)
    print(f"{label:<36} {size:>9}  {timing}  memory rise up to {rise:.0f} MiB")
    if figures is None:
        print(f"    no figures: {detail['preliminary_note']}")
    else:
        shown = ", ".join(f"{k} {figures[k]}" for k in figures if k != "computed_at")
        print(f"    {shown}")


def main() -> None:
    warnings.simplefilter("ignore")  # jwt key-length warnings of the development secret
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from portal.main import app

    settings = get_settings()
    upgrade_database(settings)
    files = [(f"sample ({args.sample.name})", args.sample)] if args.sample.exists() else []
    for rows in (2_500, 100_000):
        files.append((f"generated {rows:,} rows", write_report(WORK_DIR / f"r{rows}.csv", rows)))
    # The worst case that still gets figures: the largest report under the threshold.
    per_row = files[-1][1].stat().st_size / 100_000
    largest = int(settings.preliminary_max_bytes / per_row * 0.98)
    below = write_report(WORK_DIR / f"r{largest}.csv", largest)
    files.insert(-1, (f"generated {largest:,} rows (< threshold)", below))
    try:
        with TestClient(app) as client:
            response = client.post(
                "/auth/jwt/login", data={"username": new_seller(settings), "password": PASSWORD}
            )
            response.raise_for_status()
            headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
            section(
                f"POST /api/uploads -> preliminary figures, {args.repeat} runs each "
                f"(MI_PRELIMINARY_MAX_BYTES {settings.preliminary_max_bytes:,})"
            )
            for label, path in files:
                measure(client, headers, label, path, args.repeat)
            lifted = settings.model_copy(update={"preliminary_max_bytes": 1 << 30})
            app.dependency_overrides[get_settings] = lambda: lifted
            section("The 100,000-row report with the threshold lifted (what it would cost)")
            measure(client, headers, files[-1][0], files[-1][1], args.repeat)
            app.dependency_overrides.pop(get_settings, None)
    finally:
        if settings.uses_embedded_postgres:
            stop_embedded_postgres(settings.pgdata_dir)


if __name__ == "__main__":
    main()
