"""Warehouse growth (issue #16): does a seller's dashboard and upload stay fast when the
warehouse holds 10,000 sellers and 10 million sales?

In a throw-away embedded PostgreSQL, with the real Dagster daemon + webserver and the real
portal (uvicorn, its own process):

1. Near-empty baseline: a few sellers, each with the sample report processed through the
   real pipeline. For one signed-in seller: p95 of every dashboard API endpoint and of the
   dashboard page; one upload's end-to-end time (registered → marts ready) of the sample
   for a new seller, through the daemon.
2. Growth: one template seller's generated report goes through the real pipeline (parse,
   load, categorise, cluster), then its rows are replicated set-based in SQL into
   `--sellers` sellers and `--sales` sales (users, uploads, raw sales rows, their
   categories and title clusters, as the pipeline writes them; seller sizes log-normal,
   each seller's dates shifted), then ANALYZE and the real `dbt build --full-refresh`.
   Prints how long each took and the tables' and indexes' sizes.
3. The same measurements again, and the ratios (targets: dashboard p95 ≤ 1.5×, upload
   ≤ 1.3×).

Every dashboard request asks for a `start` date no earlier request used (before the
seller's first sale, so the answer is the same), so the portal's per-seller answer cache
never answers it: the figures are the database's, not the cache's.

    nice -n 10 .venv/bin/python bench/bench_warehouse_growth.py [--sellers 10000]
        [--sales 10000000] [--rounds 10] [--uploads 2]

Quick check: `--sellers 100 --sales 100000`. The machine's other load makes every time an
upper bound; the ratios come from the same run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pipeline
from bench_pipeline import DEFAULT_SAMPLE, REPO_ROOT, process_through_daemon, section

os.environ.update(
    {
        # Ports of their own: other benches may run Dagster and a portal on the defaults
        # (a webserver that cannot bind would leave this bench talking to another's).
        "MI_DAGSTER_PORT": os.environ.get("MI_DAGSTER_PORT", "3766"),
        "MI_PORTAL_PORT": os.environ.get("MI_PORTAL_PORT", "8766"),
        # A loaded machine makes the code server answer slowly: Dagster's 60 s gRPC
        # timeout failed whole runs at dequeue (the bench's processes only).
        "DAGSTER_GRPC_TIMEOUT_SECONDS": os.environ.get("DAGSTER_GRPC_TIMEOUT_SECONDS", "600"),
        # One address signs many sellers in.
        "MI_LOGIN_ATTEMPTS_PER_MINUTE": "1000",
        "MI_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE": "1000",
    }
)

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
    "low-confidence",
    "departments",
]
PORTAL_PORT = int(os.environ["MI_PORTAL_PORT"])
# Start dates no request has used yet (all before any generated sale: same answer).
_fresh_starts = (date(2000, 1, 1) + timedelta(days=n) for n in itertools.count())


# --- sellers and uploads through the real pipeline ---


def signed_up_seller(email: str):
    """A seller with a password (to sign in), on Business so plan limits never interfere."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.settings import get_settings
    from mi_core.uploads import create_seller

    with session_scope() as session:
        seller = create_seller(session, email, PASSWORD)
        grant_plan_override(
            session, get_settings(), seller.id, PlanName.BUSINESS, until=None, granted_by="bench"
        )
        return seller.id


def timed_upload(settings, seller, path: Path, label: str) -> float:
    """Registered → marts ready of one upload through the daemon, in seconds."""
    from mi_core.db import session_scope
    from mi_core.models import Upload

    started = time.time()
    process_through_daemon(settings, seller, path, label)
    with session_scope() as session:
        newest = (
            session.query(Upload)
            .filter(Upload.seller_id == seller)
            .order_by(Upload.created_at.desc())
            .first()
        )
        return (newest.completed_at.timestamp() - newest.created_at.timestamp()) or (
            time.time() - started
        )


def upload_times(settings, sample: Path, phase: str, count: int) -> list[float]:
    """The sample uploaded by `count` new sellers, one after the other."""
    return [
        timed_upload(
            settings,
            signed_up_seller(f"probe-{phase}-{n}@example.test"),
            sample,
            f"{phase}: sample upload of a new seller ({n + 1}/{count})",
        )
        for n in range(count)
    ]


# --- the portal, over real HTTP ---


def start_portal(settings) -> subprocess.Popen:
    import httpx

    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    process = subprocess.Popen(
        [uvicorn, "portal.main:app", "--host", "127.0.0.1", "--port", str(PORTAL_PORT),
         "--workers", "1", "--log-level", "warning", "--no-access-log"],
        cwd=REPO_ROOT,
        env={**os.environ, **settings.process_env()},
    )  # fmt: skip
    # Generous: on a loaded machine importing the portal alone can take a minute.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the portal exited at start")
        try:
            if httpx.get(f"http://127.0.0.1:{PORTAL_PORT}/health").status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("the portal did not answer /health within 600 s")


def api_client(email: str):
    import httpx

    client = httpx.Client(base_url=f"http://127.0.0.1:{PORTAL_PORT}", timeout=120)
    response = client.post("/auth/jwt/login", data={"username": email, "password": PASSWORD})
    response.raise_for_status()
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return client


def page_client(email: str):
    """A browser-like client: the session cookie from the login form (CSRF token included)."""
    import httpx

    client = httpx.Client(base_url=f"http://127.0.0.1:{PORTAL_PORT}", timeout=120)
    client.get("/login").raise_for_status()
    form = {"csrftoken": client.cookies["csrftoken"], "username": email, "password": PASSWORD}
    signed_in = client.post("/login", data={**form, "next": "/dashboard"})
    if not (signed_in.is_success or signed_in.is_redirect):
        signed_in.raise_for_status()
    if client.get("/dashboard", follow_redirects=False).status_code != 200:
        raise SystemExit(f"{email} could not open the dashboard page")
    return client


def dashboard_latencies(email: str, rounds: int) -> dict[str, list[float]]:
    """Seconds per request, by endpoint (and "page"), one request at a time, all uncached."""
    samples: dict[str, list[float]] = {name: [] for name in [*ENDPOINTS, "page"]}
    # Signed in already, so open: httpx refuses `with` on a client that has been used.
    with closing(api_client(email)) as api, closing(page_client(email)) as browser:
        for _ in range(rounds):
            for endpoint in ENDPOINTS:
                start = next(_fresh_starts).isoformat()
                began = time.perf_counter()
                response = api.get(f"/api/dashboard/{endpoint}", params={"start": start})
                samples[endpoint].append(time.perf_counter() - began)
                response.raise_for_status()
            began = time.perf_counter()
            response = browser.get("/dashboard", params={"start": next(_fresh_starts)})
            samples["page"].append(time.perf_counter() - began)
            response.raise_for_status()
    return samples


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def print_latencies(samples: dict[str, list[float]]) -> None:
    print(f"  {'endpoint':<16} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in samples.items():
        print(f"  {name:<16} {len(values):>4} {statistics.median(values) * 1e3:8.1f} "
              f"{p95(values) * 1e3:8.1f}")  # fmt: skip
    api = [value for name, values in samples.items() if name != "page" for value in values]
    print(f"  {'ALL API':<16} {len(api):>4} {statistics.median(api) * 1e3:8.1f} "
          f"{p95(api) * 1e3:8.1f}")  # fmt: skip


# --- growth, set-based in SQL ---

_PLAN = """
create unlogged table raw.bench_plan (
    seller_no integer primary key, tenant_id uuid not null, upload_id uuid not null,
    n_rows integer not null, day_shift integer not null
)
"""

# One row per (seller, copy of the template): a seller larger than the template gets
# several copies, each with its own item ids and dates 28 days apart.
_EXPANDED = """
from raw.bench_plan as p
cross join lateral generate_series(0, (p.n_rows - 1) / {template_rows}) as k(copy)
join raw.bench_template as t
    on t.ordinal <= least({template_rows}, p.n_rows - k.copy * {template_rows})
"""


def seller_sizes(sellers: int, sales: int, seed: int = 16) -> list[int]:
    """Log-normal sales per seller (a few big ones, many small), summing to `sales`."""
    import numpy as np

    weights = np.random.default_rng(seed).lognormal(mean=0.0, sigma=1.1, size=sellers)
    sizes = np.maximum(1, np.floor(weights / weights.sum() * sales)).astype(int)
    sizes[np.argmax(sizes)] += sales - int(sizes.sum())
    # Largest first: grown-0 is the biggest seller.
    return sorted(sizes.tolist(), reverse=True)


def _copy_columns(conn, table: str, overrides: dict[str, str], source_alias: str) -> str:
    """`insert into table (cols) select <override or alias.col>` for every column."""
    from sqlalchemy import text

    schema, name = table.split(".") if "." in table else ("public", table)
    columns = conn.execute(
        text(
            "select column_name from information_schema.columns"
            " where table_schema = :schema and table_name = :name order by ordinal_position"
        ),
        {"schema": schema, "name": name},
    ).scalars()
    columns = list(columns)
    selected = [overrides.get(column, f"{source_alias}.{column}") for column in columns]
    return f"insert into {table} ({', '.join(columns)}) select {', '.join(selected)}"


def template_seller(settings, engine, rows: int):
    """A seller with a generated report as the pipeline's steps write it: loaded, then
    categorised (offline) and clustered by the functions the Dagster assets call."""
    import io

    from mi_core.categorisation.offline import OfflineCategoriser
    from mi_core.categorising import (
        categorise_rows,
        cluster_seller,
        loaded_rows,
        store_categories,
    )
    from mi_core.db import session_scope
    from mi_core.loading import load_report
    from mi_core.models import User
    from mi_core.sales_report import generate_report, parse_report
    from mi_core.uploads import register_upload

    seller = signed_up_seller("template@example.test")
    content = generate_report(rows, seed=16)
    with session_scope() as session:
        upload = register_upload(
            session, settings, session.get(User, seller), io.BytesIO(content), "template.csv"
        )
        # Never pending: no run picks it up; the steps' functions stand in for one.
        upload.status = "completed"
        upload_id = upload.id
    load_report(engine, upload_id, seller, parse_report(content, source_name="template.csv"))
    categories = categorise_rows(loaded_rows(engine, upload_id), OfflineCategoriser())
    store_categories(engine, upload_id, seller, categories, None)
    cluster_seller(engine, seller)
    return seller


def grow_warehouse(engine, template_seller, sellers: int, sales: int) -> None:
    """Replicate the template seller's pipeline output into `sellers` sellers / `sales`."""
    from sqlalchemy import text

    sizes = seller_sizes(sellers, sales)
    steps: list[tuple[str, str, dict]] = []
    with engine.connect() as conn:
        template_upload = conn.scalar(
            text("select id from uploads where seller_id = :s order by created_at desc limit 1"),
            {"s": template_seller},
        )
        template_rows = conn.scalar(
            text("select count(*) from raw.sales_report_rows where upload_id = :u"),
            {"u": template_upload},
        )
        expanded = _EXPANDED.format(template_rows=template_rows)
        row_number = f"t.row_number + k.copy * {template_rows + 10}"
        shift = "p.day_shift - 28 * k.copy"
        users = _copy_columns(
            conn,
            "users",
            {
                "id": "p.tenant_id",
                "email": "'grown-' || p.seller_no || '@example.test'",
                "created_at": "now() - make_interval(days => 30 - p.day_shift)",
                "marts_version": "1",
            },
            "u",
        )
        uploads = _copy_columns(
            conn,
            "uploads",
            {
                "id": "p.upload_id",
                "seller_id": "p.tenant_id",
                "total_items": "p.n_rows",
                "processed_items": "p.n_rows",
                "dagster_run_id": "null",
                "created_at": "now() - make_interval(days => 0 - p.day_shift)",
            },
            "u",
        )
        rows = _copy_columns(
            conn,
            "raw.sales_report_rows",
            {
                "upload_id": "p.upload_id",
                "tenant_id": "p.tenant_id",
                "row_number": row_number,
                "item_id": "t.item_id || 'g' || k.copy",
                "sold_date": f"t.sold_date + {shift}",
                "canceled_date": f"t.canceled_date + {shift}",
                "completed_date": f"t.completed_date + {shift}",
                "loaded_at": "now()",
            },
            "t",
        )
        categories = _copy_columns(
            conn,
            "raw.sale_categories",
            {"upload_id": "p.upload_id", "tenant_id": "p.tenant_id", "row_number": row_number},
            "c",
        )
        clusters = _copy_columns(conn, "raw.title_clusters", {"tenant_id": "p.tenant_id"}, "c")
    params = {"template_seller": template_seller, "template_upload": template_upload}
    steps = [
        ("plan", _PLAN, {}),
        (
            "template",
            "create unlogged table raw.bench_template as select"
            " row_number() over (order by row_number) as ordinal, r.*"
            " from raw.sales_report_rows r where upload_id = :template_upload",
            params,
        ),
        ("template index", "create index on raw.bench_template (ordinal)", {}),
        (
            f"{sellers} users",
            f"{users} from raw.bench_plan p join users u on u.id = :template_seller",
            params,
        ),
        (
            f"{sellers} uploads",
            f"{uploads} from raw.bench_plan p join uploads u on u.id = :template_upload",
            params,
        ),
        (f"{sales} raw sales rows", f"{rows} {expanded}", {}),
        (
            f"{sales} sale categories",
            f"{categories} {expanded} join raw.sale_categories c"
            " on c.upload_id = :template_upload and c.row_number = t.row_number",
            params,
        ),
        (
            "title clusters",
            f"{clusters} from raw.bench_plan p join raw.title_clusters c"
            " on c.tenant_id = :template_seller",
            params,
        ),
        (
            "title cluster members (each seller's titles)",
            "insert into raw.title_cluster_members (tenant_id, item_title, cluster_id)"
            " select distinct p.tenant_id, t.item_title, m.cluster_id"
            f" {expanded} join raw.title_cluster_members m"
            " on m.tenant_id = :template_seller and m.item_title = t.item_title",
            params,
        ),
        ("drop helpers", "drop table raw.bench_template, raw.bench_plan", {}),
    ]
    import numpy as np

    rng = np.random.default_rng(7)
    plan_rows = [
        (number, *_uuid_pair(), size, -int(rng.integers(0, 365)))
        for number, size in enumerate(sizes)
    ]
    print(
        f"sellers {sellers}, sales {sum(sizes)}; per seller: median {int(np.median(sizes))}, "
        f"max {max(sizes)}, min {min(sizes)}; template: {template_rows} rows"
    )
    total = time.perf_counter()
    with engine.begin() as conn:
        for label, sql, step_params in steps:
            began = time.perf_counter()
            conn.execute(text(sql), step_params)
            if label == "plan":
                cursor = conn.connection.driver_connection.cursor()
                with cursor.copy(
                    "copy raw.bench_plan (seller_no, tenant_id, upload_id, n_rows, day_shift)"
                    " from stdin"
                ) as copy:
                    for row in plan_rows:
                        copy.write_row(row)
            print(f"  {label:<46} {time.perf_counter() - began:8.1f} s", flush=True)
    print(f"  {'generated (one transaction)':<46} {time.perf_counter() - total:8.1f} s")
    began = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("analyze"))
    print(f"  {'analyze':<46} {time.perf_counter() - began:8.1f} s", flush=True)


def _uuid_pair() -> tuple[str, str]:
    import uuid

    return str(uuid.uuid4()), str(uuid.uuid4())


def full_dbt_build(with_tests: bool) -> None:
    """The real full build of every mart for every seller (`dbt build --full-refresh`)."""
    from mi_core.settings import get_settings
    from orchestration.dbt_project import DBT_EXECUTABLE, dbt_subprocess_env, dbt_vars

    exclude = [] if with_tests else ["--exclude", "resource_type:test"]
    subprocess.run(
        [DBT_EXECUTABLE, "build", "--full-refresh", *exclude, "--vars", dbt_vars()],
        cwd=get_settings().dbt_project_dir,
        env=dbt_subprocess_env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


_SIZES = """
select n.nspname || '.' || c.relname, c.reltuples::bigint,
       pg_table_size(c.oid), pg_indexes_size(c.oid)
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname in ('public', 'raw', 'marts')
  and pg_total_relation_size(c.oid) > 8 * 1024 * 1024
order by pg_total_relation_size(c.oid) desc
"""


def print_sizes(engine) -> None:
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(text(_SIZES)).all()
        database = conn.scalar(text("select pg_database_size(current_database())"))
    print(f"  {'table (over 8 MiB)':<40} {'rows':>11} {'table MiB':>10} {'indexes MiB':>12}")
    for name, tuples, table_bytes, index_bytes in rows:
        print(f"  {name:<40} {tuples:>11} {table_bytes / 2**20:10.0f} {index_bytes / 2**20:12.0f}")
    print(f"  database: {database / 2**30:.2f} GiB")


# --- the run ---


def log_slow_plans(min_ms: int) -> None:
    """auto_explain for every new session: plans of statements over `min_ms` to the log."""
    from sqlalchemy import text

    from mi_core.db import get_engine

    settings = {
        "session_preload_libraries": "auto_explain",
        "auto_explain.log_min_duration": f"{min_ms}ms",
        "auto_explain.log_analyze": "on",
        "auto_explain.log_buffers": "on",
        "auto_explain.log_nested_statements": "on",
    }
    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name, value in settings.items():
            conn.execute(text(f"alter system set {name} = '{value}'"))
        conn.execute(text("select pg_reload_conf()"))
    get_engine().dispose()


def start_dagster(settings):
    from mi_cli.stack import Stack, prepare_dagster_home, wait_for_http
    from orchestration.dbt_project import prepare_manifest

    prepare_manifest()
    prepare_dagster_home(settings)
    # On a shared, loaded machine a run worker can take minutes to start: the bench's
    # throw-away instance waits longer than production's 180 s before failing the run.
    config = settings.dagster_home / "dagster.yaml"
    config.write_text(
        config.read_text().replace("start_timeout_seconds: 180", "start_timeout_seconds: 1800")
    )
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
    try:
        wait_for_http(
            f"http://{settings.portal_host}:{settings.dagster_port}/server_info", stack, 900
        )
    except BaseException:
        stack.stop()
        raise
    return stack


def measure(settings, sample: Path, email: str, phase: str, rounds: int, uploads: int):
    section(f"{phase}: dashboard of {email} ({rounds} rounds, uncached)")
    latencies = dashboard_latencies(email, rounds)
    print_latencies(latencies)
    section(f"{phase}: one upload end to end (through the daemon)")
    times = upload_times(settings, sample, phase, uploads)
    print(f"  registered → marts ready: {', '.join(f'{t:.1f}' for t in times)} s")
    return latencies, times


def print_ratios(before, after) -> None:
    (latencies_before, uploads_before), (latencies_after, uploads_after) = before, after
    section("Ratios (grown / near-empty; targets: dashboard p95 ≤ 1.5, upload ≤ 1.3)")
    worst = 0.0
    for name in latencies_before:
        ratio = p95(latencies_after[name]) / p95(latencies_before[name])
        worst = max(worst, ratio)
        print(f"  p95 {name:<16} {ratio:5.2f}")

    def every_api(latencies):
        return [v for name, values in latencies.items() if name != "page" for v in values]

    api_ratio = p95(every_api(latencies_after)) / p95(every_api(latencies_before))
    print(f"  p95 {'ALL API':<16} {api_ratio:5.2f}")
    upload = statistics.median(uploads_after) / statistics.median(uploads_before)
    print(f"  worst endpoint/page p95 ratio {worst:.2f}")
    print(f"  upload (median) {upload:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--sellers", type=int, default=10_000)
    parser.add_argument("--sales", type=int, default=10_000_000)
    parser.add_argument("--baseline-sellers", type=int, default=3)
    parser.add_argument("--template-rows", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=10, help="dashboard loads per phase")
    parser.add_argument("--uploads", type=int, default=2, help="timed uploads per phase")
    parser.add_argument("--with-tests", action="store_true", help="dbt build runs the tests")
    parser.add_argument(
        "--skip-baseline", action="store_true", help="only the grown warehouse's figures"
    )
    parser.add_argument(
        "--explain-ms",
        type=int,
        help="after the measurements, one more dashboard load and upload with the plan"
        " (EXPLAIN ANALYZE, auto_explain) of every statement slower than this in the server"
        " log, to find what needs an index (the measured figures are not instrumented)",
    )
    args = parser.parse_args()
    if not args.sample.exists():
        raise SystemExit(f"{args.sample}: the sample report is needed")

    from mi_core.db import get_engine, stop_embedded_postgres, upgrade_database
    from mi_core.settings import get_settings

    settings = get_settings()
    upgrade_database(settings)
    bench_pipeline.os.environ.update(settings.process_env())
    stack = start_dagster(settings)
    portal = None
    engine = get_engine()
    try:
        portal = start_portal(settings)
        emails = [f"baseline-{n}@example.test" for n in range(args.baseline_sellers)]
        section(f"Near-empty warehouse: {len(emails)} sellers with the sample")
        for email in emails:
            process_through_daemon(settings, signed_up_seller(email), args.sample, email)
        # (The first upload after start-up paid for the code server's warm-up.)
        before = None
        if not args.skip_baseline:
            before = measure(
                settings, args.sample, emails[0], "near-empty", args.rounds, args.uploads
            )

        section(f"Growth to {args.sellers} sellers / {args.sales} sales")
        began = time.perf_counter()
        template = template_seller(settings, engine, args.template_rows)
        print(f"template seller ({args.template_rows} rows): {time.perf_counter() - began:.0f} s")
        began = time.perf_counter()
        grow_warehouse(engine, template, args.sellers, args.sales)
        generated = time.perf_counter() - began
        print(f"generation {generated:.0f} s", flush=True)
        began = time.perf_counter()
        full_dbt_build(args.with_tests)
        built = time.perf_counter() - began
        print(f"dbt build --full-refresh {built:.0f} s"
              f"{' (with tests)' if args.with_tests else ' (models only)'}")  # fmt: skip
        print_sizes(engine)

        after = measure(settings, args.sample, emails[0], "grown", args.rounds, args.uploads)
        section("grown: dashboard of the largest generated seller (for reference)")
        print_latencies(dashboard_latencies("grown-0@example.test", max(2, args.rounds // 3)))
        if before is not None:
            print_ratios(before, after)
        if args.explain_ms is not None:
            section(f"Plans of statements over {args.explain_ms} ms (grown warehouse)")
            log_slow_plans(args.explain_ms)
            portal.terminate()
            portal.wait(timeout=60)
            portal = start_portal(settings)  # new connections load auto_explain
            dashboard_latencies(emails[0], 1)
            upload_times(settings, args.sample, "explained", 1)
            print(f"plans in the server log: {settings.pgdata_dir / 'log'}")
    finally:
        if portal is not None:
            portal.terminate()
            portal.wait(timeout=60)
        stack.stop()
        stop_embedded_postgres(settings.pgdata_dir)


if __name__ == "__main__":
    main()
