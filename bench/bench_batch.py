"""Figures for issue 16 (many uploads of one seller, a burst) and #14's burst, printed.

Through the real daemon and webserver (the portal's fast path submits each run; the
sensor is the fallback), in a throw-away embedded PostgreSQL, mails to a local SMTP
server (aiosmtpd):

1. One upload of a seller against 20 uploads of another seller registered back to back:
   registered → every upload completed, and the ratio (target ≤ 2×).
2. A burst of 100 uploads from 10 sellers, registered round-robin as fast as possible:
   total time (target ≤ 5 min), uploads lost, per-seller order kept (no upload completes
   before an earlier one of its seller), the per-seller run limit (from Dagster's run
   records: no two runs of a seller overlap), upload → run start p50/p95, and mails sent
   for completed uploads = uploads completed.

The machine may be shared: the times are upper bounds; the ratio of part 1 is measured
in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-batch-")
os.environ.update(
    {
        "MI_ENVIRONMENT": "development",
        "MI_DATA_DIR": str(WORK_DIR),
        "MI_DATABASE_NAME": "mi_bench_batch",
    }
)
os.environ.pop("DATABASE_URL", None)

FINAL = ("completed", "failed")


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def new_seller(email: str) -> uuid.UUID:
    """A seller on Business (a comp), so plan limits never cut a benchmark short."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.settings import get_settings
    from mi_core.uploads import create_seller

    with session_scope() as session:
        seller_id = create_seller(session, email).id
        grant_plan_override(
            session, get_settings(), seller_id, PlanName.BUSINESS, until=None, granted_by="bench"
        )
        return seller_id


def submit(settings, seller_id: uuid.UUID, path: Path) -> uuid.UUID:
    """What the portal does: register the upload, then submit (or join) a run at once."""
    from mi_core.db import get_engine, session_scope
    from mi_core.models import User
    from mi_core.uploads import register_upload_file
    from portal.run_launcher import start_upload_run

    with session_scope() as session:
        upload_id = register_upload_file(session, settings, session.get(User, seller_id), path).id
    start_upload_run(settings, get_engine(), upload_id, seller_id)
    return upload_id


def uploads_of(upload_ids: list[uuid.UUID]) -> list:
    from sqlalchemy import select

    from mi_core.db import get_engine
    from mi_core.models import Upload

    with get_engine().connect() as conn:
        return list(conn.execute(select(Upload).where(Upload.id.in_(upload_ids))))


def wait_for(upload_ids: list[uuid.UUID], timeout: float) -> list:
    deadline = time.monotonic() + timeout
    while True:
        rows = uploads_of(upload_ids)
        if all(row.status in FINAL for row in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.5)


def span_seconds(rows: list) -> float:
    """First registered → last completed."""
    first = min(row.created_at for row in rows)
    last = max(row.completed_at for row in rows if row.completed_at is not None)
    return (last - first).total_seconds()


def one_against_twenty(settings, reports: list[Path]) -> None:
    section("1 upload vs 20 uploads of one seller")
    single = new_seller("bench-single@example.test")
    rows = wait_for([submit(settings, single, reports[0])], 900)
    one = span_seconds(rows)
    print(f"1 upload:   registered → completed  {one:6.1f} s  ({rows[0].status})")
    many = new_seller("bench-twenty@example.test")
    upload_ids = [submit(settings, many, path) for path in reports[:20]]
    rows = wait_for(upload_ids, 1800)
    twenty = span_seconds(rows)
    completed = sum(row.status == "completed" for row in rows)
    runs = len({row.dagster_run_id for row in rows})
    print(
        f"20 uploads: first registered → last completed  {twenty:6.1f} s"
        f"  ({completed}/20 completed, in {runs} run(s))"
    )
    print(f"ratio 20 / 1: {twenty / one:.2f}  (target ≤ 2)")


def runs_of_sellers(instance, seller_ids: list[uuid.UUID]) -> dict[str, list]:
    from dagster import RunsFilter

    from mi_core.pipeline import PROCESS_UPLOAD_JOB, TENANT_TAG

    return {
        str(seller): instance.get_run_records(
            filters=RunsFilter(job_name=PROCESS_UPLOAD_JOB, tags={TENANT_TAG: str(seller)})
        )
        for seller in seller_ids
    }


def most_overlapping(records: list) -> int:
    """The most runs of one seller that were in progress at the same moment."""
    events = []
    for record in records:
        if record.start_time is None:
            continue
        events += [(record.start_time, 1), (record.end_time or float("inf"), -1)]
    running = peak = 0
    for _, change in sorted(events, key=lambda e: (e[0], e[1])):
        running += change
        peak = max(peak, running)
    return peak


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def burst(settings, smtp, reports: list[Path], sellers: int, per_seller: int) -> None:
    from dagster import DagsterInstance
    from sqlalchemy import text

    from mi_core.db import get_engine

    section(f"Burst: {sellers * per_seller} uploads from {sellers} sellers")
    seller_ids = [new_seller(f"bench-burst-{n}@example.test") for n in range(sellers)]
    expected_rows: dict[uuid.UUID, int] = {}
    started = time.perf_counter()
    for index in range(per_seller):
        for seller in seller_ids:
            path = reports[index % len(reports)]
            expected_rows[submit(settings, seller, path)] = int(path.stem.split("-")[1])
    print(f"registered in {time.perf_counter() - started:.1f} s")
    rows = wait_for(list(expected_rows), 1800)
    completed = [row for row in rows if row.status == "completed"]
    lost = [
        row
        for row in rows
        if row.status != "completed" or row.processed_items != expected_rows[row.id]
    ]
    print(f"total: first registered → last completed  {span_seconds(rows):6.1f} s  (target ≤ 300)")
    print(f"completed {len(completed)}/{len(rows)}, lost {len(lost)}")
    for row in lost[:5]:
        print(f"  lost: {row.id} {row.status} {row.error}")
    out_of_order = 0
    for seller in seller_ids:
        mine = sorted((r for r in rows if r.seller_id == seller), key=lambda r: r.created_at)
        finished = [r.completed_at for r in mine if r.completed_at is not None]
        out_of_order += sum(a > b for a, b in itertools.pairwise(finished))
    print(f"per-seller order kept: {out_of_order == 0} ({out_of_order} out of order)")
    with DagsterInstance.get() as instance:
        records = runs_of_sellers(instance, seller_ids)
        run_starts = {
            record.dagster_run.run_id: record.start_time
            for seller_runs in records.values()
            for record in seller_runs
        }
    peak = max(most_overlapping(seller_runs) for seller_runs in records.values())
    print(
        f"runs: {sum(len(r) for r in records.values())}; most runs of one seller at once:"
        f" {peak} (limit 1)"
    )
    waits = [
        run_starts[row.dagster_run_id] - row.created_at.timestamp()
        for row in rows
        if run_starts.get(row.dagster_run_id) is not None
    ]
    print(
        f"upload → run start: p50 {percentile(waits, 0.50):.1f} s, p95 "
        f"{percentile(waits, 0.95):.1f} s (the run that processed it)"
    )
    # The send_notifications schedule mails once a minute.
    engine = get_engine()
    deadline = time.monotonic() + 300
    query = text(
        "select count(*) filter (where status = 'pending'),"
        " count(*) filter (where status = 'sent' and kind = 'upload_completed')"
        " from notification_outbox where upload_id = any(:ids)"
    )
    while True:
        with engine.connect() as conn:
            pending, sent = conn.execute(query, {"ids": list(expected_rows)}).one()
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(2)
    received = sum(len(smtp.messages_to(f"bench-burst-{n}@example.test")) for n in range(sellers))
    print(
        f"mails: {sent} 'completed' mails sent (outbox), {received} received by SMTP,"
        f" {len(completed)} uploads completed, {pending} still pending"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=755, help="rows of each generated report")
    parser.add_argument("--sellers", type=int, default=10)
    parser.add_argument("--per-seller", type=int, default=10)
    parser.add_argument("--skip-twenty", action="store_true")
    args = parser.parse_args()

    from mi_cli.stack import Stack, prepare_dagster_home, wait_for_http
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest
    from tests.fakes.smtp_server import smtp_server

    with smtp_server() as smtp:
        os.environ.update({"MI_SMTP_HOST": smtp.host, "MI_SMTP_PORT": str(smtp.port)})
        settings = get_settings()
        upgrade_database(settings)
        os.environ.update(settings.process_env())
        prepare_manifest()
        prepare_dagster_home(settings)
        stack = Stack(settings)
        stack.start("dagster-daemon", [_bin("dagster-daemon"), "run", "-w", "workspace.yaml"])
        stack.start(
            "dagster-webserver",
            [
                _bin("dagster-webserver"),
                "-w",
                "workspace.yaml",
                "-h",
                settings.portal_host,
                "-p",
                str(settings.dagster_port),
            ],
        )
        wait_for_http(f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack)
        try:
            # The name says the rows (read back to check none is lost).
            reports = [
                write_report(WORK_DIR / f"report-{args.rows}-{seed}.csv", args.rows, seed=seed)
                for seed in range(20)
            ]
            section("Warm-up (the code server starts)")
            warm = new_seller("bench-warm@example.test")
            print(wait_for([submit(settings, warm, reports[0])], 900)[0].status)
            if not args.skip_twenty:
                one_against_twenty(settings, reports)
            burst(settings, smtp, reports, args.sellers, args.per_seller)
        finally:
            stack.stop()
            stop_embedded_postgres(settings.pgdata_dir)


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


if __name__ == "__main__":
    main()
