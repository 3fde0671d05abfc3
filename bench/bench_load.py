"""Load test of the whole portal (issue 16): locust, headless, over loopback, bounded in
time and in users.

In a throw-away embedded PostgreSQL, started with the processes `mi serve` starts (the
portal under uvicorn with MI_PORTAL_WORKERS workers, the Dagster webserver and daemon):

1. seeds 55 sellers on the Business plan. The first seller's sample report goes through
   the real pipeline (daemon → run: parse, load, categorise, cluster, dbt); its raw rows
   (sales, categories, product groups, normalised titles) are then copied to 49 more
   sellers under their own tenant and upload ids, and one dbt build makes every seller's
   marts from them (real mart data per tenant). The last 5 sellers start empty;
2. runs locust (bench/locustfile.py): every seller signs in through the login page (the
   sign-in storm is reported apart), then for `--duration` (default 5 min) 50 sellers
   signed in with cookies browse the dashboard page, the sales page, the uploads page and the
   JSON dashboard endpoints with a 5 s think time, while 5 sellers upload the sample
   through `POST /api/uploads` (cookie + CSRF header, as the upload page does) and poll
   its status until the pipeline has finished it;
3. prints per endpoint: requests, failures, p50/p95/max (ms); the error count (5xx
   separately); the RSS of every process group before and after.

    .venv/bin/python bench/bench_load.py [--duration 300] [--browsers 50] [--uploaders 5]
        [--workers N] [--no-dagster]

The machine's other work counts too: on a shared machine the figures are upper bounds.
Run locust niced (`--locust-nice 10`, the default), the server at normal priority.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DEFAULT_SAMPLE = REPO_ROOT.parent / "shared" / "data" / "mercari_sales_report_sample.csv"


SIGNIN_BOUND_SECONDS = 600


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


from bench.workdir import throwaway_dir  # noqa: E402 (after the path set-up)

WORK_DIR = throwaway_dir("mi-bench-load-")
os.environ.update(
    {
        "MI_ENVIRONMENT": "development",
        "MI_DATA_DIR": str(WORK_DIR),
        "MI_DATABASE_NAME": "mi_bench_load",
        # Ports nobody listens on yet (other benches may run on the machine).
        "MI_PORTAL_PORT": str(free_port()),
        "MI_DAGSTER_PORT": str(free_port()),
        # 55 sellers sign in at once from one address.
        "MI_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
        "MI_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000",
    }
)
os.environ.pop("DATABASE_URL", None)

PASSWORD = "bench-password-123"
# Copied from the processed seller to the others, tenant and upload ids replaced.
COPIED_TABLES = (
    "sales_report_rows",
    "sale_categories",
    "title_clusters",
    "title_cluster_members",
    "normalised_titles",
)


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)


def new_seller(settings, email: str) -> uuid.UUID:
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller

    with session_scope() as session:
        seller = create_seller(session, email, PASSWORD)
        seller.is_verified = True
        grant_plan_override(
            session, settings, seller.id, PlanName.BUSINESS, until=None, granted_by="bench"
        )
        return seller.id


def process_first_seller(settings, seller_id: uuid.UUID, sample: Path) -> uuid.UUID:
    """The sample through the real daemon; returns the completed upload's id."""
    from mi_core.db import get_engine, session_scope
    from mi_core.models import Upload, User
    from mi_core.uploads import register_upload_file
    from portal.run_launcher import start_upload_run

    with session_scope() as session:
        upload_id = register_upload_file(session, settings, session.get(User, seller_id), sample).id
    start_upload_run(settings, get_engine(), upload_id, seller_id)
    deadline = time.monotonic() + 1800  # a busy shared machine takes its time
    while time.monotonic() < deadline:
        with session_scope() as session:
            upload = session.get(Upload, upload_id)
            if upload.status in ("completed", "failed"):
                if upload.status == "failed":
                    raise SystemExit(f"the first seller's upload failed: {upload.error}")
                return upload_id
        time.sleep(1)
    raise SystemExit("the first seller's upload did not finish within 30 minutes")


def copy_seller(settings, source: uuid.UUID, source_upload: uuid.UUID, target: uuid.UUID) -> None:
    """The source seller's raw rows as the target's own (a completed upload of theirs)."""
    from sqlalchemy import insert, literal, select

    from mi_core.db import session_scope
    from mi_core.models import Base, Upload

    with session_scope() as session:
        original = session.get(Upload, source_upload)
        upload = Upload(
            seller_id=target,
            **{
                c.key: getattr(original, c.key)
                for c in Upload.__table__.columns
                if c.key not in ("id", "seller_id", "dagster_run_id", "created_at", "updated_at")
            },
        )
        session.add(upload)
        session.flush()
        for name in COPIED_TABLES:
            table = Base.metadata.tables[f"raw.{name}"]
            replaced = {"tenant_id": literal(target), "upload_id": literal(upload.id)}
            columns = [
                replaced[c.name].label(c.name) if c.name in replaced else c for c in table.columns
            ]
            session.execute(
                insert(table).from_select(
                    [c.name for c in table.columns],
                    select(*columns).where(table.c.tenant_id == source),
                )
            )


def build_marts() -> None:
    """One dbt build of every seller's marts (what a marts run does, for all at once)."""
    from mi_core.settings import get_settings
    from orchestration.dbt_project import DBT_EXECUTABLE, dbt_subprocess_env, dbt_vars

    subprocess.run(
        [
            DBT_EXECUTABLE,
            "build",
            "--quiet",
            "--exclude",
            "resource_type:test",
            "--vars",
            dbt_vars(),
        ],
        cwd=get_settings().dbt_project_dir,
        env=dbt_subprocess_env(),
        check=True,
    )


def process_groups(stack, pgdata: Path) -> dict[str, list[int]]:
    """The pids of each process group: a started process and its children (uvicorn's
    workers, the daemon's code server and run workers), PostgreSQL's postmaster and
    backends."""
    import psutil

    groups: dict[str, list[int]] = {}
    for name, process in stack.processes.items():
        try:
            parent = psutil.Process(process.pid)
            groups[name] = [parent.pid] + [c.pid for c in parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            groups[name] = []
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    parent = psutil.Process(postmaster)
    groups["postgresql"] = [postmaster] + [c.pid for c in parent.children(recursive=True)]
    return groups


def memory_table(stack, pgdata: Path) -> dict[str, list[tuple[str, int, float]]]:
    """(pid, name, RSS MiB) of each process, by group."""
    import psutil

    table: dict[str, list[tuple[str, int, float]]] = {}
    for group, pids in process_groups(stack, pgdata).items():
        rows = []
        for pid in pids:
            try:
                process = psutil.Process(pid)
                label = " ".join(process.cmdline()[1:3])[-50:] or process.name()
                rows.append((label, pid, process.memory_info().rss / 2**20))
            except psutil.NoSuchProcess:
                continue
        table[group] = rows
    return table


def print_memory(title: str, table: dict[str, list[tuple[str, int, float]]]) -> None:
    section(f"Memory (RSS) {title}")
    for group, rows in table.items():
        total = sum(rss for _, _, rss in rows)
        print(f"{group}: {len(rows)} processes, {total:.0f} MiB in all")
        for label, pid, rss in sorted(rows, key=lambda row: -row[2])[:8]:
            print(f"    pid {pid:>7} {rss:8.1f} MiB  {label}")


def run_locust(args, base_url: str, accounts: Path, csv_prefix: Path) -> int:
    locust = str(Path(sys.executable).with_name("locust"))
    users = args.browsers + args.uploaders
    command = [
        "nice",
        "-n",
        str(args.locust_nice),
        locust,
        "-f",
        str(REPO_ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        base_url,
        "-u",
        str(users),
        "-r",
        str(max(1, users // 10)),
        # The locustfile stops the run `duration` seconds after the last sign-in; this is
        # only the bound should the sign-ins never finish.
        "-t",
        f"{args.duration + SIGNIN_BOUND_SECONDS}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "MI_LOAD_ACCOUNTS": str(accounts),
        "MI_LOAD_SAMPLE": str(args.sample),
        "MI_LOAD_BROWSERS": str(args.browsers),
        "MI_LOAD_UPLOADERS": str(args.uploaders),
        "MI_LOAD_THINK_SECONDS": str(args.think),
        "MI_LOAD_MEASURE_SECONDS": str(args.duration),
        "MI_LOAD_SIGNIN_STATS": str(signin_stats_path(csv_prefix)),
    }
    return subprocess.run(command, env=env, cwd=REPO_ROOT).returncode


def signin_stats_path(csv_prefix: Path) -> Path:
    return Path(f"{csv_prefix}_signin.json")


def print_signin(csv_prefix: Path) -> None:
    section("Sign-in of every seller, before the measured window (ms)")
    path = signin_stats_path(csv_prefix)
    if not path.exists():
        print("not every seller signed in: the measured window never opened")
        return
    for method, entry in json.loads(path.read_text()).items():
        print(
            f"{method} /login: {entry['requests']} requests, {entry['failures']} failed, "
            f"p50 {entry['p50']:.0f}, p95 {entry['p95']:.0f}, max {entry['max']:.0f}"
        )


def print_stats(csv_prefix: Path) -> None:
    print_signin(csv_prefix)
    section("Per endpoint, measured window (ms; upper bounds on a shared machine)")
    with Path(f"{csv_prefix}_stats.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    print(
        f"{'endpoint':<44} {'requests':>8} {'failed':>6} {'p50':>6} {'p95':>6} "
        f"{'p99':>6} {'max':>7} {'req/s':>6}"
    )
    for row in rows:
        name = f"{row['Type']} {row['Name']}".strip() if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name[:44]:<44} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):>7.0f} {float(row['Requests/s']):>6.1f}"
        )
    failures_path = Path(f"{csv_prefix}_failures.csv")
    failures = list(csv.DictReader(failures_path.open())) if failures_path.exists() else []
    total = sum(int(row["Occurrences"]) for row in failures)
    server = sum(
        int(row["Occurrences"])
        for row in failures
        if " 5" in row["Error"][:40] or "HTTPError('5" in row["Error"] or "status 5" in row["Error"]
    )
    section("Errors")
    print(f"failed requests: {total} (server errors, 5xx: {server})")
    for row in failures:
        print(f"    {row['Occurrences']:>5} x {row['Method']} {row['Name']}: {row['Error'][:120]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--browsers", type=int, default=50)
    parser.add_argument("--uploaders", type=int, default=5)
    parser.add_argument("--think", type=float, default=5.0, help="seconds between pages")
    parser.add_argument("--workers", type=int, help="uvicorn workers (MI_PORTAL_WORKERS)")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument(
        "--no-dagster",
        action="store_true",
        help="no webserver/daemon: uploads stay pending (and seeding skips "
        "the pipeline: seller 0 is loaded by the loader only)",
    )
    parser.add_argument("--locust-nice", type=int, default=10)
    args = parser.parse_args()
    if args.workers:
        os.environ["MI_PORTAL_WORKERS"] = str(args.workers)

    from mi_cli.stack import (
        Stack,
        portal_command,
        portal_metrics_env,
        prepare_dagster_home,
        wait_for_http,
    )
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from mi_core.settings import get_settings
    from orchestration.dbt_project import prepare_manifest

    # `kill`/`timeout` stop the bench as cleanly as Ctrl-C: every process it started ends.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    settings = get_settings()
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    prepare_manifest()
    prepare_dagster_home(settings)
    stack = Stack(settings)
    executable = Path(sys.executable)
    base_url = f"http://{settings.portal_host}:{settings.portal_port}"
    try:
        if not args.no_dagster:
            stack.start(
                "dagster-daemon",
                [str(executable.with_name("dagster-daemon")), "run", "-w", "workspace.yaml"],
            )
            stack.start(
                "dagster-webserver",
                [
                    str(executable.with_name("dagster-webserver")),
                    "-w",
                    "workspace.yaml",
                    "-h",
                    settings.portal_host,
                    "-p",
                    str(settings.dagster_port),
                ],
            )
            wait_for_http(
                f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack
            )
        stack.start("portal", portal_command(settings), portal_metrics_env(settings))
        wait_for_http(f"{base_url}/health", stack)
        if stack.exited() is not None:
            raise SystemExit(f"{stack.exited()} exited at start (see {WORK_DIR}/logs)")

        section(f"Seeding {args.browsers} browsing + {args.uploaders} uploading sellers")
        started = time.perf_counter()
        run = uuid.uuid4().hex[:6]
        browsers = [f"browse-{i:03d}-{run}@example.com" for i in range(args.browsers)]
        uploaders = [f"upload-{i:03d}-{run}@example.com" for i in range(args.uploaders)]
        ids = [new_seller(settings, email) for email in browsers]
        for email in uploaders:
            new_seller(settings, email)
        if args.no_dagster:
            first_upload = load_without_pipeline(settings, ids[0], args.sample)
        else:
            first_upload = process_first_seller(settings, ids[0], args.sample)
        print(f"seller 0 processed in {time.perf_counter() - started:.0f} s", flush=True)
        for seller_id in ids[1:]:
            copy_seller(settings, ids[0], first_upload, seller_id)
        build_marts()
        print(f"{len(ids)} sellers' marts ready in {time.perf_counter() - started:.0f} s")
        accounts = WORK_DIR / "accounts.json"
        accounts.write_text(
            json.dumps({"browsers": browsers, "uploaders": uploaders, "password": PASSWORD})
        )
        print(
            f"portal workers: {settings.portal_workers}, DB pool: {settings.db_pool_size}"
            f"+{settings.db_max_overflow} a worker",
            flush=True,
        )

        before = memory_table(stack, settings.pgdata_dir)
        section(f"locust: {args.duration} s, {args.browsers}+{args.uploaders} users")
        code = run_locust(args, base_url, accounts, WORK_DIR / "locust")
        after = memory_table(stack, settings.pgdata_dir)
        print_memory("before the load", before)
        print_memory("after the load", after)
        print_stats(WORK_DIR / "locust")
        print(f"\nlocust exit code: {code}; its CSV files: {WORK_DIR}/locust_*.csv")
    finally:
        stack.stop()
        stop_embedded_postgres(settings.pgdata_dir)


def load_without_pipeline(settings, seller_id: uuid.UUID, sample: Path) -> uuid.UUID:
    """--no-dagster: the sample loaded by the loader alone (no categories, no groups)."""
    from mi_core.db import get_engine, session_scope
    from mi_core.loading import load_report
    from mi_core.models import User
    from mi_core.sales_report import parse_report
    from mi_core.uploads import register_upload_file

    with session_scope() as session:
        upload = register_upload_file(session, settings, session.get(User, seller_id), sample)
        upload.status = "completed"
        upload_id = upload.id
    load_report(get_engine(), upload_id, seller_id, parse_report(sample, source_name=sample.name))
    return upload_id


if __name__ == "__main__":
    main()
