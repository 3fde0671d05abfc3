"""Where the time of one upload goes, from the request to the dashboard (issue #16).

Starts the real stack (daemon, webserver, their code server) in a throw-away embedded
PostgreSQL, like bench_pipeline.py, and puts generated reports (2,500 rows by default)
through it, printing a timeline for each: registered → enqueued → dequeued → run process
started → each step → dbt's start-up, models and tests (from its run_results.json) → run
finished → uploads.status completed (what the portal polls).

`--dbt-invocation subprocess,in_process` runs the same uploads under each way of invoking
dbt (MI_DBT_INVOCATION), the stack restarted in between, so both columns come from one
bench run on the same machine load. Timings on a shared machine are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Importing it sets up MI_DATA_DIR and the bench database first.
from bench_pipeline import WORK_DIR, PeakMemory, new_seller

# Dagster's event types, in the order an upload's run passes them (by name: their stored
# values are still the PIPELINE_* ones).
_RUN_EVENTS = {
    "RUN_ENQUEUED": "enqueued",
    "RUN_DEQUEUED": "dequeued",
    "RUN_STARTING": "launched",
    "RUN_START": "run started",
    "RUN_SUCCESS": "run finished",
}


def _dbt_breakdown(invocations_dir: Path, since: float) -> dict[str, float]:
    """dbt's own timings of the newest build started after `since`: seconds from the
    process start to its first node, in models (and seeds), in tests, and overall."""
    candidates = [
        p / "run_results.json"
        for p in invocations_dir.iterdir()
        if (p / "run_results.json").exists() and p.stat().st_mtime >= since
    ]
    if not candidates:
        return {}
    results = json.loads(max(candidates, key=lambda p: p.stat().st_mtime).read_text())
    by_kind: dict[str, float] = {"models": 0.0, "tests": 0.0}
    for result in results["results"]:
        kind = "tests" if result["unique_id"].startswith("test.") else "models"
        by_kind[kind] += result["execution_time"]
    return {**by_kind, "dbt elapsed": results["elapsed_time"]}


def upload_timeline(settings, seller, path: Path) -> dict[str, float]:
    """Seconds since the upload was registered at which each milestone happened."""
    from dagster import DagsterEventType, DagsterInstance

    from mi_core.db import get_engine, session_scope
    from mi_core.models import Upload, User
    from mi_core.uploads import register_upload_file
    from portal.run_launcher import start_upload_run

    with session_scope() as session:
        upload_id = register_upload_file(session, settings, session.get(User, seller), path).id
    start_upload_run(settings, get_engine(), upload_id, seller)
    with PeakMemory() as memory:
        while True:
            with session_scope() as session:
                upload = session.get(Upload, upload_id)
                if upload.status in ("completed", "failed"):
                    session.expunge(upload)
                    break
            time.sleep(0.1)
    if upload.status != "completed":
        raise SystemExit(f"upload failed: {upload.error}")
    registered = upload.created_at.timestamp()
    timeline: dict[str, float] = {}
    milestones = {DagsterEventType[name].value: label for name, label in _RUN_EVENTS.items()}
    with DagsterInstance.get() as instance:
        run_id = upload.dagster_run_id
        for record in instance.all_logs(run_id):
            event = record.dagster_event
            if event is None:
                continue
            name = event.event_type_value
            if name in milestones:
                timeline[milestones[name]] = record.timestamp - registered
            elif name == "ENGINE_EVENT" and "Started process" in (record.user_message or ""):
                timeline["run process up"] = record.timestamp - registered
        for step in instance.get_run_step_stats(run_id):
            timeline[f"step {step.step_key}"] = step.end_time - step.start_time
    timeline.update(_dbt_breakdown(settings.dbt_invocations_dir, registered))
    timeline["status completed (portal sees it)"] = upload.completed_at.timestamp() - registered
    timeline["run worker peak MiB (PSS, with dbt's fork)"] = memory.peak_bytes / 2**20
    timeline["run worker peak MiB (largest RSS)"] = memory.peak_rss / 2**20
    return timeline


def start_stack(settings, invocation: str):
    from mi_cli.stack import Stack, start_dagster, wait_for_http

    os.environ["MI_DBT_INVOCATION"] = invocation
    stack = Stack(settings)
    start_dagster(stack, settings, {"MI_DBT_INVOCATION": invocation})
    wait_for_http(f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack)
    return stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_500)
    parser.add_argument("--uploads", type=int, default=3, help="timed uploads per mode")
    parser.add_argument("--dbt-invocation", default="subprocess,in_process")
    args = parser.parse_args()

    from mi_cli.stack import prepare_dagster_home
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    # `kill` (SIGTERM) stops the stack and the database as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    settings = get_settings()
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    prepare_manifest()
    prepare_dagster_home(settings)
    modes = args.dbt_invocation.split(",")
    columns: dict[str, list[dict[str, float]]] = {}
    try:
        for mode in modes:
            stack = start_stack(settings, mode)
            try:
                seller = new_seller(f"latency-{mode}@example.test")
                # The first upload builds the marts in full and warms the code server.
                warm = write_report(WORK_DIR / f"warm-{mode}.csv", args.rows, seed=1)
                upload_timeline(settings, seller, warm)
                columns[mode] = []
                for index in range(args.uploads):
                    report = write_report(
                        WORK_DIR / f"{mode}-{index}.csv", args.rows, seed=100 + index
                    )
                    columns[mode].append(upload_timeline(settings, seller, report))
                    print(f"{mode} upload {index + 1}: {columns[mode][-1]}", flush=True)
            finally:
                stack.stop()
    finally:
        stop_embedded_postgres(settings.pgdata_dir)
    print_table(columns, args.rows)


def print_table(columns: dict[str, list[dict[str, float]]], rows: int) -> None:
    keys: list[str] = []
    for timelines in columns.values():
        for timeline in timelines:
            keys += [key for key in timeline if key not in keys]
    print(f"\n== One {rows:,}-row upload, median of each mode (s since registered unless a step)")
    print(f"{'':<40}" + "".join(f"{mode:>14}" for mode in columns))
    for key in keys:
        cells = []
        for timelines in columns.values():
            values = [t[key] for t in timelines if key in t]
            cells.append(f"{statistics.median(values):>14.1f}" if values else f"{'-':>14}")
        print(f"{key:<40}" + "".join(cells))


if __name__ == "__main__":
    main()
