"""The marts step of one upload: dbt in a subprocess, in the run worker, or in a fork of it.

Side by side in one process and one throw-away embedded PostgreSQL: generated reports
(2,500 rows by default) go through the real process_upload job (execute_in_process,
the same assets, checks and dbt build a daemon run executes), alternating the
MI_DBT_INVOCATION values of --modes (subprocess, in_process, fork), after one warm-up
upload that builds the marts in full. Prints each upload's steps, the dbt step split into
dbt's start-up (step start → dbt's first node) and dbt's own work, and the medians per
mode. The rest of an upload's timeline (queue, run start) is bench_dashboard_latency.py's.
`--threads 2,4` compares dbt's thread counts (MI_DBT_THREADS) in the run worker instead;
`--instance postgres` keeps Dagster's storage in PostgreSQL (as the daemon's runs do)
rather than in memory, so the run pays for writing its events.
Timings on a shared machine are upper bounds; compare the columns, not the absolutes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Importing it sets up MI_DATA_DIR and the bench database first.
from bench_pipeline import WORK_DIR, new_seller


def dbt_resource(invocation: str):
    from orchestration.dbt_project import DBT_EXECUTABLE, mercari_dbt_project
    from orchestration.dbt_resource import MercariDbtResource

    return MercariDbtResource(
        project_dir=mercari_dbt_project(), dbt_executable=DBT_EXECUTABLE, invocation=invocation
    )


def first_node_started(invocations_dir: Path, since: float) -> float | None:
    """When dbt began its first node, from the newest build's dbt.log (epoch seconds)."""
    from datetime import datetime

    logs = [p / "dbt.log" for p in invocations_dir.iterdir() if (p / "dbt.log").exists()]
    logs = [p for p in logs if p.stat().st_mtime >= since]
    if not logs:
        return None
    for line in max(logs, key=lambda p: p.stat().st_mtime).open():
        if '"NodeStart"' in line:
            stamp = json.loads(line)["info"]["ts"]
            return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    return None


@lru_cache
def definitions():
    from orchestration.definitions import defs

    return defs()


def run_upload(instance, seller, upload_id, invocation: str):
    """The process_upload job in this process, as the sensor would request it."""
    from mi_core.upload_status import PendingUpload
    from orchestration.partitions import seller_partitions
    from orchestration.sensors import upload_run_request

    request = upload_run_request(PendingUpload(upload_id, seller.id))
    instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
    return (
        definitions()
        .resolve_job_def("process_upload")
        .execute_in_process(
            instance=instance,
            partition_key=request.partition_key,
            tags=request.tags,
            resources={"dbt": dbt_resource(invocation)},
        )
    )


def timed_upload(
    instance, settings, seller, path: Path, invocation: str, threads: int | None = None
) -> dict[str, float]:
    from dagster import DagsterEventType

    from mi_core.db import session_scope
    from mi_core.models import User
    from mi_core.uploads import register_upload_file

    with session_scope() as session:
        account = session.get(User, seller)
        upload_id = register_upload_file(session, settings, account, path).id
        session.expunge(account)
    if threads is not None:
        os.environ["MI_DBT_THREADS"] = str(threads)
    started = time.time()
    result = run_upload(instance, account, upload_id, invocation)
    wall = time.time() - started
    if not result.success:
        raise SystemExit(f"{invocation}: the upload's run failed")
    timeline = {"run (in process)": wall}
    marts_start = None
    for step in instance.get_run_step_stats(result.run_id):
        timeline[f"step {step.step_key}"] = step.end_time - step.start_time
        if step.step_key == "mercari_marts":
            marts_start, marts_end = step.start_time, step.end_time
    node = first_node_started(settings.dbt_invocations_dir, started)
    if marts_start and node:
        timeline["  dbt start-up (step start → 1st node)"] = node - marts_start
        timeline["  dbt nodes (1st node → step end)"] = marts_end - node
    checks = [
        e for e in result.all_events if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    timeline["asset checks (count)"] = len(checks)
    return timeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2_500)
    parser.add_argument("--rounds", type=int, default=2, help="uploads per mode, alternating")
    parser.add_argument(
        "--threads",
        help="compare dbt thread counts in the run worker instead, e.g. 2,4 (MI_DBT_THREADS)",
    )
    parser.add_argument(
        "--modes",
        default="subprocess,in_process,fork",
        help="the ways of invoking dbt compared (MI_DBT_INVOCATION values)",
    )
    parser.add_argument(
        "--instance",
        choices=("ephemeral", "postgres"),
        default="ephemeral",
        help="Dagster's storage: in memory, or PostgreSQL as a daemon run writes its events",
    )
    args = parser.parse_args()

    from dagster import DagsterInstance

    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    settings = get_settings()
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    prepare_manifest()
    # Column label → (MI_DBT_INVOCATION, MI_DBT_THREADS or None for the setting's).
    if args.threads:
        modes = {f"{n} threads": ("in_process", int(n)) for n in args.threads.split(",")}
    else:
        modes = {mode: (mode, None) for mode in args.modes.split(",")}
    columns: dict[str, list[dict[str, float]]] = {mode: [] for mode in modes}
    try:
        if args.instance == "postgres":
            from mi_cli.stack import prepare_dagster_home

            prepare_dagster_home(settings)
        opened = DagsterInstance.get if args.instance == "postgres" else DagsterInstance.ephemeral
        with opened() as instance:
            seller = new_seller("dbt-invocation@example.test")
            warm = write_report(WORK_DIR / "warm.csv", args.rows, seed=1)
            timed_upload(instance, settings, seller, warm, "in_process")
            for index in range(args.rounds):
                for mode in modes:
                    report = write_report(
                        WORK_DIR / f"{mode}-{index}.csv", args.rows, seed=100 + index
                    )
                    invocation, threads = modes[mode]
                    timeline = timed_upload(instance, settings, seller, report, invocation, threads)
                    columns[mode].append(timeline)
                    print(f"{mode} round {index + 1}: {timeline}", flush=True)
    finally:
        stop_embedded_postgres(settings.pgdata_dir)
    print(f"\n== The marts step of a {args.rows:,}-row upload, median seconds per mode")
    keys = list(columns[next(iter(modes))][0])
    print(f"{'':<42}" + "".join(f"{mode:>14}" for mode in modes))
    for key in keys:
        values = [[t[key] for t in columns[mode] if key in t] for mode in modes]
        cells = [f"{statistics.median(v):>14.1f}" if v else f"{'-':>14}" for v in values]
        print(f"{key:<42}" + "".join(cells))


if __name__ == "__main__":
    main()
