"""Disk growth per upload beyond the stored file (target: ≤ 1 MB per upload).

Through the real daemon (as `mi serve` runs it) in a throw-away embedded PostgreSQL: one
warm-up upload, then N uploads of the same report by one seller; prints what grew per
upload in files (MI_DATA_DIR without the database and the stored uploads, plus the source
tree's dbt_project/target and logs), in Dagster's storage in PostgreSQL (schema dagster:
runs, event logs), and, apart, in the product's own tables (the sales rows: data, not
leftovers); then the tables and MI_DATA_DIR folders that grew most. Each measurement
waits for the dagster_compaction schedule to have compacted the finished runs (it runs
within a minute of each in a deployment).

    .venv/bin/python bench/bench_disk_growth.py [--uploads 5] [--report PATH]
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_SAMPLE = REPO_ROOT.parent / "shared" / "data" / "mercari_sales_report_sample.csv"

from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-disk-")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


ENVIRONMENT = {
    # Its own Dagster webserver, never one already running on the machine.
    "MI_DAGSTER_PORT": str(_free_port()),
    "MI_ENVIRONMENT": "development",
    "MI_DATA_DIR": str(WORK_DIR),
    "MI_DATABASE_NAME": "mi_bench_disk",
}

MB = 1024 * 1024


def tree_bytes(path: Path, skip: tuple[Path, ...] = ()) -> int:
    if not path.exists():
        return 0
    total = 0
    for item in path.rglob("*"):
        if item.is_file() and not any(item.is_relative_to(s) for s in skip):
            total += item.stat().st_size
    return total


def database_bytes(engine) -> tuple[int, int]:
    """(Dagster's schema, everything else) in bytes, tables with indexes and TOAST."""
    from sqlalchemy import text

    query = text(
        "select coalesce(sum(pg_total_relation_size(c.oid)) filter (where n.nspname = 'dagster'),"
        " 0), coalesce(sum(pg_total_relation_size(c.oid)) filter (where n.nspname <> 'dagster'),"
        " 0) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')"
    )
    with engine.connect() as conn:
        dagster, product = conn.execute(query).one()
    return int(dagster), int(product)


def relation_bytes(engine) -> dict[str, int]:
    """Each table's size (with its indexes and TOAST), to name what grows."""
    from sqlalchemy import text

    query = text(
        "select n.nspname || '.' || c.relname, pg_total_relation_size(c.oid)"
        " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')"
    )
    with engine.connect() as conn:
        return {name: int(size) for name, size in conn.execute(query)}


def file_bytes_by_folder(settings) -> dict[str, int]:
    """MI_DATA_DIR's files per top-level folder (pgdata and uploads apart), to name what grows."""
    sizes: dict[str, int] = {}
    skip = (settings.pgdata_dir, settings.uploads_dir)
    for item in settings.data_dir.rglob("*"):
        if item.is_file() and not any(item.is_relative_to(s) for s in skip):
            top = item.relative_to(settings.data_dir).parts[0]
            sizes[top] = sizes.get(top, 0) + item.stat().st_size
    return sizes


def print_growers(title: str, before: dict[str, int], after: dict[str, int], uploads: int) -> None:
    grown = {k: (after.get(k, 0) - before.get(k, 0)) / uploads for k in after.keys() | before}
    print(f"\n  {title} (per upload, the largest):")
    for name, size in sorted(grown.items(), key=lambda item: -item[1])[:12]:
        if size:
            print(f"    {name:<60} {size / 1024:9.1f} KB")


def wait_for_compaction(timeout: float = 300) -> None:
    """Measure as the deployment stands a minute after a run: the dagster_compaction
    schedule (every minute with work) has dropped the finished runs' redundant events."""
    import time

    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    from mi_core.pipeline import DAGSTER_COMPACTION_JOB
    from orchestration.retention import runs_to_compact

    unfinished = [DagsterRunStatus.QUEUED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
    deadline = time.monotonic() + timeout
    with DagsterInstance.get() as instance:
        while time.monotonic() < deadline:
            compacting = instance.get_runs(
                RunsFilter(job_name=DAGSTER_COMPACTION_JOB, statuses=unfinished), limit=1
            )
            if not runs_to_compact(instance, limit=1) and not compacting:
                return
            time.sleep(2)
    print(f"  (compaction still pending after {timeout:.0f} s: measured as it stands)")


def measure(settings, engine) -> dict[str, int]:
    source = tree_bytes(REPO_ROOT / "dbt_project" / "target") + tree_bytes(
        REPO_ROOT / "dbt_project" / "logs"
    )
    builds = settings.dbt_invocations_dir
    files = tree_bytes(settings.data_dir, skip=(settings.pgdata_dir, settings.uploads_dir, builds))
    dagster_db, product_db = database_bytes(engine)
    return {
        "files under MI_DATA_DIR (not pgdata, uploads, dbt builds)": files,
        f"dbt build directories (newest {settings.dbt_keep_invocations} kept)": tree_bytes(builds),
        "source tree (dbt_project/target, logs)": source,
        "Dagster storage in PostgreSQL": dagster_db,
        "stored upload files": tree_bytes(settings.uploads_dir),
        "product tables (rows, marts: data)": product_db,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--report", type=Path, default=DEFAULT_SAMPLE)
    args = parser.parse_args()

    from bench.bench_pipeline import new_seller, process_through_daemon

    # bench_pipeline sets its own environment when imported: this benchmark's wins.
    os.environ.update(ENVIRONMENT)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DBT_TARGET_PATH", None)
    from mi_cli.stack import Stack, prepare_dagster_home, wait_for_http
    from mi_core.db import get_engine, stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    settings = get_settings()
    report = args.report if args.report.exists() else write_report(WORK_DIR / "r.csv", 755)
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    prepare_manifest()
    prepare_dagster_home(settings)
    stack = Stack(settings)
    binaries = Path(sys.executable).parent
    stack.start("dagster-daemon", [str(binaries / "dagster-daemon"), "run", "-w", "workspace.yaml"])
    stack.start(
        "dagster-webserver",
        [
            str(binaries / "dagster-webserver"),
            "-w",
            "workspace.yaml",
            "-h",
            settings.portal_host,
            "-p",
            str(settings.dagster_port),
        ],
    )
    wait_for_http(f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack)
    engine = get_engine()
    try:
        seller = new_seller("bench-disk@example.test")
        process_through_daemon(settings, seller, report, "warm-up")
        wait_for_compaction()
        before = measure(settings, engine)
        relations_before, folders_before = relation_bytes(engine), file_bytes_by_folder(settings)
        for index in range(args.uploads):
            process_through_daemon(settings, seller, report, f"upload {index + 1}")
        wait_for_compaction()
        after = measure(settings, engine)
        relations_after, folders_after = relation_bytes(engine), file_bytes_by_folder(settings)
    finally:
        stack.stop()
        stop_embedded_postgres(settings.pgdata_dir)

    print(f"\n== Disk growth per upload, mean of {args.uploads} ({report.stat().st_size} B report)")
    for name in before:
        grown = (after[name] - before[name]) / args.uploads
        print(f"  {name:<52} {grown / MB:8.3f} MB/upload")
    beyond = sum(
        after[n] - before[n]
        for n in (
            "files under MI_DATA_DIR (not pgdata, uploads, dbt builds)",
            "source tree (dbt_project/target, logs)",
            "Dagster storage in PostgreSQL",
        )
    )
    print(f"  beyond the stored file (target ≤ 1 MB): {beyond / args.uploads / MB:.3f} MB/upload")
    tick_table = "dagster.job_ticks"
    ticks = relations_after.get(tick_table, 0) - relations_before.get(tick_table, 0)
    print(
        f"  of which sensor/schedule tick history: {ticks / args.uploads / MB:.3f} MB/upload"
        " (grows with time, not uploads: dagster.yaml purges ticks after a day)"
    )
    print_growers("tables (with indexes, TOAST)", relations_before, relations_after, args.uploads)
    print_growers("MI_DATA_DIR folders", folders_before, folders_after, args.uploads)
    builds = [p for p in settings.dbt_invocations_dir.iterdir() if p.is_dir()]
    kept = tree_bytes(settings.dbt_invocations_dir)
    print(
        f"  dbt build directories: {len(builds)} kept, {kept / MB:.1f} MB in all (bounded by"
        " MI_DBT_KEEP_INVOCATIONS, not per upload: they grow only until the newest few)"
    )


if __name__ == "__main__":
    main()
