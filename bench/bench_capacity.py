"""Capacity figures for "Running beyond one machine" in the README, printed.

Through the real daemon (sensor → queue → run), in a throw-away embedded PostgreSQL:
1. run time per report size (one seller per size, so each run builds only its own marts);
2. uploads per hour per run worker, from the run time of a typical (755-row) report;
3. database size per million sales: `pg_total_relation_size` of every table in the raw and
   marts schemas after the runs, divided by the sales loaded; stored file bytes per sale.

Run: `.venv/bin/python bench/bench_capacity.py [--sizes 755,10000,100000]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pipeline
from bench_pipeline import WORK_DIR, new_seller, process_through_daemon, section

_TABLE_SIZES = """
select n.nspname, coalesce(sum(pg_total_relation_size(c.oid)), 0)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'm') and n.nspname in ('raw', 'marts')
group by n.nspname order by 1
"""


def database_sizes(engine) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as conn:
        return {schema: int(size) for schema, size in conn.execute(text(_TABLE_SIZES))}


def loaded_sales(engine) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:
        return int(conn.execute(text("select count(*) from raw.sales_report_rows")).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="755,10000,100000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    from mi_cli.stack import Stack, prepare_dagster_home, wait_for_http
    from mi_core.db import get_engine, stop_embedded_postgres, upgrade_database
    from mi_core.sales_report import write_report
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    settings = get_settings()
    upgrade_database(settings)
    bench_pipeline.os.environ.update(settings.process_env())
    prepare_manifest()
    prepare_dagster_home(settings)
    stack = Stack(settings)
    executable = Path(sys.executable)
    stack.start(
        "dagster-daemon",
        [str(executable.with_name("dagster-daemon")), "run", "-w", "workspace.yaml"],
    )
    stack.start(
        "dagster-webserver",
        [
            str(executable.with_name("dagster-webserver")),
            *("-w", "workspace.yaml", "-h", settings.portal_host),
            *("-p", str(settings.dagster_port)),
        ],
    )
    wait_for_http(f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack)
    try:
        section("Run time per report size")
        warm = write_report(WORK_DIR / "warm.csv", 755, seed=1)
        process_through_daemon(settings, new_seller("warm@example.test"), warm, "warm-up")
        run_seconds: dict[int, float] = {}
        file_bytes = 0
        for size in sizes:
            report = write_report(WORK_DIR / f"r{size}.csv", size, seed=size)
            file_bytes += report.stat().st_size
            seller = new_seller(f"size-{size}@example.test")
            run_seconds[size] = process_through_daemon(settings, seller, report, f"{size} rows")

        section("Summary")
        for size, seconds in run_seconds.items():
            print(f"{size:>8} rows: run {seconds:6.1f} s  ({size / seconds:8.0f} rows/s)")
        typical = run_seconds.get(755) or next(iter(run_seconds.values()))
        print(f"uploads per hour per run worker (755-row report): {3600 / typical:.0f}")
        engine = get_engine()
        sales = loaded_sales(engine)
        sizes_by_schema = database_sizes(engine)
        total = sum(sizes_by_schema.values())
        print(f"sales loaded: {sales}")
        for schema, size in sizes_by_schema.items():
            per_million = size / sales * 1e6 / 2**30
            print(f"  {schema:<6} {size / 2**20:8.1f} MiB  ({per_million:.2f} GiB per million)")
        print(f"database (raw + marts) per million sales: {total / sales * 1e6 / 2**30:.2f} GiB")
        measured_rows = sum(sizes)
        print(f"stored report bytes per sale: {file_bytes / measured_rows:.0f} B")
    finally:
        stack.stop()
        stop_embedded_postgres(settings.pgdata_dir)


if __name__ == "__main__":
    main()
