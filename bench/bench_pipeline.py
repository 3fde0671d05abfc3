"""Figures for the foundation, printed (run with `make bench` or `.venv/bin/python bench/...`).

1. The real 755-row sample: every money column against its Totals row; completed/cancelled.
2. Through the real daemon (sensor → queue → run → run-status sensor), in a throw-away
   embedded PostgreSQL: upload registered → run started, each step's time, registered →
   marts ready, and the run worker's peak memory, for the sample and a generated
   100,000-row report.
3. Upload 1 of a new seller against upload 200 of a seller with 199 uploads already in
   the warehouse (run time, the median of --repeats uploads on each side).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_SAMPLE = REPO_ROOT.parent / "shared" / "data" / "mercari_sales_report_sample.csv"

from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-")
os.environ.update(
    {
        "MI_ENVIRONMENT": "development",
        "MI_DATA_DIR": str(WORK_DIR),
        "MI_DATABASE_NAME": "mi_bench",
    }
)
os.environ.pop("DATABASE_URL", None)


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def reconcile_sample(sample: Path) -> None:
    from mi_core.sales_report import parse_report
    from mi_core.sales_report.columns import FIELD_BY_COLUMN

    section(f"Reconciliation of {sample.name}")
    started = time.perf_counter()
    report = parse_report(sample)
    elapsed = time.perf_counter() - started
    print(
        f"rows {report.data_row_count}  completed {report.completed}  "
        f"cancelled {report.cancelled}  quarantined {report.quarantined_row_count}  "
        f"parsed in {elapsed * 1000:.0f} ms"
    )
    for column, field in FIELD_BY_COLUMN.items():
        if field not in report.totals:
            continue
        file_total = report.file_totals[field] if report.file_totals else None
        verdict = "ok" if file_total == report.totals[field] else "DIFFERS"
        print(
            f"  {column:<42} computed {report.totals[field]:>10}  "
            f"Totals row {file_total!s:>10}  {verdict}"
        )
    print(f"reconciled: {report.reconciled}")


class PeakMemory:
    """Samples the memory of Dagster run workers and their children (dbt's fork).

    dagster.yaml's WarmProcessRunLauncher runs each in a fork of its forkserver (a child
    with the forkserver's command line); a run the code server starts (the default
    launcher, or the warm one's fallback) is a `multiprocessing` spawned child of
    `dagster api grpc`. The run worker forks again for dbt (MI_DBT_INVOCATION=fork).
    Forks share pages, so resident sizes cannot be added up: `peak_bytes` is the
    proportional set size of the worker and its children together (each shared page
    divided among the processes sharing it, the forkserver included), and `peak_rss` the
    largest resident size of one of them (shared pages counted whole: what one process
    can touch, the figure this bench printed before the dbt fork).
    """

    def __init__(self) -> None:
        self.peak_bytes = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        import psutil

        from orchestration.run_launcher import FORKSERVER_COMMAND_LINE as _FORKSERVER

        while not self._stop.is_set():
            for process in psutil.process_iter(["cmdline"]):
                cmdline = " ".join(process.info["cmdline"] or [])
                if "spawn_main" not in cmdline and _FORKSERVER not in cmdline:
                    continue
                try:
                    parent = " ".join(process.parent().cmdline())
                    spawned = "spawn_main" in cmdline and "dagster api grpc" in parent
                    forked = _FORKSERVER in cmdline and _FORKSERVER in parent
                    if not (spawned or forked):
                        continue
                    tree = [process, *process.children(recursive=True)]
                    usage = [p.memory_full_info() for p in tree]
                except psutil.Error:
                    continue
                self.peak_bytes = max(self.peak_bytes, sum(u.pss for u in usage))
                self.peak_rss = max(self.peak_rss, *(u.rss for u in usage))
            time.sleep(0.2)


RUN_END_TIMEOUT_SECONDS = 120


def process_through_daemon(settings, seller, path: Path, label: str) -> float:
    """Register `path` for `seller`, wait for the daemon to finish it; print the timings."""
    from dagster import DagsterInstance

    from mi_core.db import get_engine, session_scope
    from mi_core.models import Upload, User
    from mi_core.uploads import register_upload_file
    from portal.run_launcher import start_upload_run

    with session_scope() as session:
        upload_id = register_upload_file(session, settings, session.get(User, seller), path).id
    # What `mi upload` and the portal do: submit at once; the sensor is the fallback.
    start_upload_run(settings, get_engine(), upload_id, seller)
    with PeakMemory() as memory:
        while True:
            with session_scope() as session:
                upload = session.get(Upload, upload_id)
                if upload.status in ("completed", "failed"):
                    session.expunge(upload)
                    break
            time.sleep(0.25)
    if upload.status != "completed":
        raise SystemExit(f"{label}: upload failed: {upload.error}")
    registered = upload.created_at.timestamp()
    with DagsterInstance.get() as instance:
        # The run's last step marks the upload completed, a moment before the run ends.
        deadline = time.monotonic() + RUN_END_TIMEOUT_SECONDS
        while (record := instance.get_run_record_by_id(upload.dagster_run_id)).end_time is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"{label}: the run did not end {RUN_END_TIMEOUT_SECONDS} s after")
            time.sleep(0.25)
        steps = instance.get_run_step_stats(upload.dagster_run_id)
    run_started = record.start_time
    total = upload.completed_at.timestamp() - registered
    print(f"{label}: {upload.processed_items} rows")
    print(f"  registered → run started   {run_started - registered:6.1f} s")
    for step in steps:
        print(f"  step {step.step_key:<28} {step.end_time - step.start_time:6.1f} s")
    print(f"  run                        {record.end_time - run_started:6.1f} s")
    print(f"  registered → marts ready   {total:6.1f} s")
    print(
        f"  run worker peak memory     {memory.peak_bytes / 2**20:6.0f} MiB"
        f" (PSS with its dbt fork; largest RSS {memory.peak_rss / 2**20:.0f} MiB)"
    )
    return record.end_time - run_started


def preload_uploads(settings, seller, count: int, rows: int) -> None:
    """Put `count` earlier uploads of `seller` straight into the warehouse (the loader only)."""
    from mi_core.db import get_engine, session_scope
    from mi_core.loading import load_report
    from mi_core.models import User
    from mi_core.sales_report import generate_report, parse_report
    from mi_core.uploads import register_upload

    engine = get_engine()
    for index in range(count):
        content = generate_report(rows, seed=10_000 + index)
        with session_scope() as session:
            upload = register_upload(
                session,
                settings,
                session.get(User, seller),
                io.BytesIO(content),
                f"earlier-{index}.csv",
            )
            # Never pending: the sensor must not pick these up; the loader stands in for a run.
            upload.status = "completed"
            upload_id = upload.id
        load_report(engine, upload_id, seller, parse_report(content, source_name="earlier.csv"))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--large-rows", type=int, default=100_000)
    parser.add_argument("--earlier-uploads", type=int, default=199)
    parser.add_argument(
        "--repeats", type=int, default=3, help="uploads timed on each side of the ratio"
    )
    args = parser.parse_args()

    from mi_cli.stack import Stack, prepare_dagster_home, wait_for_http
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    if args.sample.exists():
        reconcile_sample(args.sample)
    settings = get_settings()
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    # As `mi serve` does: Dagster's definitions only read the manifest.
    prepare_manifest()
    prepare_dagster_home(settings)
    stack = Stack(settings)
    stack.start(
        "dagster-daemon",
        [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", "workspace.yaml"],
    )
    stack.start(
        "dagster-webserver",
        [
            str(Path(sys.executable).with_name("dagster-webserver")),
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
        section("Through the daemon")
        seller = new_seller("bench-a@example.test")
        if args.sample.exists():
            # The first run also pays for the code server's start-up; measure it apart.
            process_through_daemon(settings, seller, args.sample, "warm-up (sample)")
            process_through_daemon(settings, seller, args.sample, "sample report (755 rows)")
        large = write_report(WORK_DIR / "large.csv", args.large_rows, seed=42)
        process_through_daemon(
            settings, seller, large, f"generated report ({args.large_rows} rows)"
        )

        section(f"Upload 1 vs upload {args.earlier_uploads + 1} of a seller")
        # One upload's run time varies by a second or more on a 2-core machine: each side
        # is the median of --repeats uploads (new sellers; uploads 200, 201, ...).
        firsts = [
            process_through_daemon(
                settings,
                new_seller(f"bench-b{index}@example.test"),
                write_report(WORK_DIR / f"small-{index}.csv", 755, seed=3 + 100 * index),
                f"upload 1 of new seller {index + 1}",
            )
            for index in range(args.repeats)
        ]
        busy = new_seller("bench-c@example.test")
        started = time.perf_counter()
        preload_uploads(settings, busy, args.earlier_uploads - 1, 755)
        print(
            f"(preloaded {args.earlier_uploads - 1} uploads in "
            f"{time.perf_counter() - started:.0f} s)"
        )
        process_through_daemon(
            settings,
            busy,
            write_report(WORK_DIR / "e.csv", 755, seed=4),
            f"upload {args.earlier_uploads} (builds the preloaded marts)",
        )
        lasts = [
            process_through_daemon(
                settings,
                busy,
                write_report(WORK_DIR / f"f-{index}.csv", 755, seed=5 + 100 * index),
                f"upload {args.earlier_uploads + 1 + index}",
            )
            for index in range(args.repeats)
        ]
        first, last = statistics.median(firsts), statistics.median(lasts)
        print(
            f"run time, median of {args.repeats}: upload 1 {first:.1f} s"
            f" ({', '.join(f'{t:.1f}' for t in firsts)}),"
            f" upload {args.earlier_uploads + 1}+ {last:.1f} s"
            f" ({', '.join(f'{t:.1f}' for t in lasts)})"
        )
        print(f"run time ratio upload {args.earlier_uploads + 1} / upload 1: {last / first:.2f}")
    finally:
        stack.stop()
        stop_embedded_postgres(settings.pgdata_dir)


if __name__ == "__main__":
    main()
