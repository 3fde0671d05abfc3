"""`mi serve`: start every process of the product and stop them all on Ctrl-C.

Order matters: the database and its migrations first, then the dbt manifest (parsed
once here so that Dagster's processes don't each re-parse it), then Dagster's
webserver and daemon and the portal, then the demo seller.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path

import httpx
import psutil

from mi_core.settings import ENV_FILE, PROJECT_ROOT, Settings, configured_value

DEMO_PASSWORD = "demo-password-123"
DEMO_REPORT = Path(__file__).resolve().parent / "demo_data" / "mercari_sales_report_demo.csv"
_STOP_GRACE_SECONDS = 15
_MB = 1024 * 1024


def default_to_development(
    environ: MutableMapping[str, str] | None = None, env_file: str | Path | None = ENV_FILE
) -> str:
    """The environment `mi serve` runs in: MI_ENVIRONMENT (from the environment or `.env`)
    when set, otherwise development, written into `environ` so the settings read next and
    every child process (via `Settings.process_env`) see it.

    Settings default to production; `mi serve` is the one development entry point (the
    README's `make run`), which works from a fresh clone with nothing configured.
    """
    environ = os.environ if environ is None else environ
    explicit = configured_value("MI_ENVIRONMENT", environ, env_file)
    if explicit is not None:
        return explicit
    environ["MI_ENVIRONMENT"] = "development"
    return "development"


@dataclass
class Stack:
    settings: Settings
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _log_copiers: list[threading.Thread] = field(default_factory=list)

    def start(self, name: str, args: list[str], extra_env: dict[str, str] | None = None) -> None:
        process = subprocess.Popen(
            args,
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.settings.process_env(), **(extra_env or {})},
            # Through us into a rotating file (not straight into an appended one), so the
            # logs stay bounded however long the stack runs.
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Own process group: Ctrl-C reaches us once, and we stop children in order.
            start_new_session=True,
        )
        self.processes[name] = process
        copier = threading.Thread(
            target=copy_lines,
            args=(process.stdout, self._log_file(name)),
            name=f"log-{name}",
            daemon=True,
        )
        copier.start()
        self._log_copiers.append(copier)

    def _log_file(self, name: str) -> RotatingFileHandler:
        log_path = self.settings.data_dir / "logs" / f"{name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_path,
            maxBytes=int(self.settings.log_file_max_mb * _MB),
            backupCount=self.settings.log_file_backups,
            encoding="utf-8",
        )
        handler.setFormatter(logging.Formatter("%(message)s"))
        return handler

    def exited(self) -> str | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None

    def stop(self) -> None:
        # Found first: once their parents are gone they are nobody's children.
        descendants = [d for p in self.processes.values() for d in descendants_of(p.pid)]
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_GRACE_SECONDS
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        end_processes(descendants)
        # The last lines (why a process stopped) reach the files before we exit.
        for copier in self._log_copiers:
            copier.join(timeout=5)


def descendants_of(pid: int) -> list[psutil.Process]:
    with contextlib.suppress(psutil.NoSuchProcess):
        return psutil.Process(pid).children(recursive=True)
    return []


def end_processes(processes: list[psutil.Process]) -> None:
    """Terminate what is still running of these, then kill what outlives the grace.

    The daemon's code server (`dagster api grpc`) runs in a session of its own, so
    stopping the daemon's process group leaves it behind (~320 MiB each, and its
    heartbeat did not end it); so would a run worker still running."""
    alive = [p for p in processes if p.is_running()]
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, still_alive = psutil.wait_procs(alive, timeout=_STOP_GRACE_SECONDS)
    for process in still_alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def copy_lines(stream, handler: RotatingFileHandler) -> None:
    """Write each line a process prints to its log file until the process closes it."""
    try:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            handler.handle(logging.makeLogRecord({"msg": line, "args": None}))
    finally:
        stream.close()
        handler.close()


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def prepare_dagster_home(settings: Settings) -> None:
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "dagster.yaml", settings.dagster_home / "dagster.yaml")


def wait_for_http(url: str, stack: Stack, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (name := stack.exited()) is not None:
            raise RuntimeError(f"{name} exited during start-up; see .mi/logs/{name}.log")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def seed_demo_seller(settings: Settings) -> str | None:
    """Create the demo seller with its sample report once; returns the upload id if new."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import get_engine, session_scope
    from mi_core.models import PlanOverride, Upload
    from mi_core.uploads import create_seller, find_seller, register_upload_file
    from portal.run_launcher import start_upload_run

    with session_scope() as session:
        seller = find_seller(session, settings.demo_seller_email)
        if seller is None:
            seller = create_seller(session, settings.demo_seller_email, DEMO_PASSWORD)
        has_override = session.query(PlanOverride).filter_by(seller_id=seller.id).count()
        if settings.is_development and not has_override:
            # A comp onto Business, so the whole demo report is processed (the free plan
            # would hold back all but 100 rows) and every feature can be tried.
            grant_plan_override(
                session,
                settings,
                seller.id,
                PlanName.BUSINESS,
                until=None,
                granted_by="mi serve (demo seller)",
            )
        if session.query(Upload).filter(Upload.seller_id == seller.id).count():
            return None
        upload_id = register_upload_file(session, settings, seller, DEMO_REPORT).id
        seller_id = seller.id
    start_upload_run(settings, get_engine(), upload_id, seller_id)
    return str(upload_id)


def wait_for_upload(upload_id: str, stack: Stack, timeout: float = 600) -> str:
    from mi_core.db import session_scope
    from mi_core.models import Upload

    deadline = time.monotonic() + timeout
    last_stage = None
    while time.monotonic() < deadline:
        with session_scope() as session:
            upload = session.get(Upload, upload_id)
            status, stage, error = upload.status, upload.stage, upload.error
        if (status, stage) != last_stage:
            print(f"  demo upload: {status} ({stage})", flush=True)
            last_stage = (status, stage)
        if status in ("completed", "failed"):
            return status if not error else f"{status}: {error}"
        if stack.exited() is not None:
            return "not finished: a process exited"
        time.sleep(1)
    return "still processing (see the Dagster UI)"


def portal_metrics_env(settings: Settings) -> dict[str, str]:
    """prometheus-client's multiprocess mode: every uvicorn worker writes its metrics to
    files in this directory and /metrics adds them up. Emptied at each start (the files
    of a previous stack's workers would otherwise be counted again)."""
    directory = settings.data_dir / "prometheus"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return {"PROMETHEUS_MULTIPROC_DIR": str(directory)}


def portal_command(settings: Settings) -> list[str]:
    """uvicorn believes X-Forwarded-* only from MI_TRUSTED_PROXIES (its default trusts
    loopback, where anything on the machine could claim any client address)."""
    trusted = settings.trusted_proxy_list
    proxies = ["--forwarded-allow-ips", ",".join(trusted)] if trusted else ["--no-proxy-headers"]
    return [
        _bin("uvicorn"),
        "portal.main:app",
        "--host",
        settings.portal_host,
        "--port",
        str(settings.portal_port),
        # The portal logs each request itself (portal/request_context.py), by route
        # template: uvicorn's line would show query strings (a mailed link's token).
        "--no-access-log",
        "--workers",
        str(settings.portal_workers),
        "--timeout-keep-alive",
        str(settings.portal_keepalive_seconds),
        *proxies,
    ]


def generate_docs_site(settings: Settings) -> bool:
    """`dbt docs generate` once the marts exist (their columns are read from the database);
    a failure is reported, not fatal: the product runs without its docs."""
    from orchestration.dbt_project import generate_docs

    print("Generating the dbt docs…", flush=True)
    try:
        generate_docs(settings)
    except subprocess.CalledProcessError as err:
        print(f"  dbt docs generate failed (exit {err.returncode}); run `mi dbt prepare --docs`")
        return False
    return True


def start_dagster(
    stack: Stack, settings: Settings, extra_env: dict[str, str] | None = None
) -> None:
    """Dagster's daemon and webserver (each loads the code location of workspace.yaml)."""
    stack.start(
        "dagster-daemon", [_bin("dagster-daemon"), "run", "-w", "workspace.yaml"], extra_env
    )
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
        extra_env,
    )


def run_stack(settings: Settings, seed_demo: bool = True) -> int:
    from mi_core.db import stop_embedded_postgres, upgrade_database
    from orchestration.dbt_project import prepare_manifest

    # `kill` (SIGTERM) stops the stack as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print("Starting the database and applying migrations…", flush=True)
    upgrade_database(settings)
    os.environ.update(settings.process_env())
    print("Preparing the dbt manifest…", flush=True)
    prepare_manifest()
    prepare_dagster_home(settings)

    stack = Stack(settings)
    portal_url = f"http://{settings.portal_host}:{settings.portal_port}"
    dagster_url = f"http://{settings.portal_host}:{settings.dagster_port}"
    try:
        start_dagster(stack, settings)
        stack.start("portal", portal_command(settings), portal_metrics_env(settings))
        wait_for_http(f"{portal_url}/health", stack)
        wait_for_http(f"{dagster_url}/server_info", stack)
        if seed_demo:
            upload_id = seed_demo_seller(settings)
            if upload_id:
                print("Processing the demo seller's sample report…", flush=True)
                print(f"  demo upload {upload_id}: {wait_for_upload(upload_id, stack)}")
        docs = generate_docs_site(settings)
        print(
            "\nMercari Intelligence is running:\n"
            f"  portal       {portal_url}   (health: {portal_url}/health)\n"
            f"  Dagster UI   {dagster_url}\n"
            f"  demo seller  {settings.demo_seller_email} / {DEMO_PASSWORD}\n"
            f"  database     {settings.resolved_database_url()}\n"
            f"  logs         {settings.data_dir / 'logs'}\n"
            f"  dbt docs     {portal_url}/admin/dbt-docs (staff), `mi docs serve`"
            f"{'' if docs else ' (not generated: see above)'}\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while (name := stack.exited()) is None:
            time.sleep(1)
        print(f"{name} exited; stopping everything (see its log).", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    finally:
        stack.stop()
        if settings.uses_embedded_postgres:
            stop_embedded_postgres(settings.pgdata_dir)
        print("Stopped.", flush=True)
