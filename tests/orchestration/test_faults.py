"""Fault injection: the pipeline and the billing webhook under the faults a production
install meets. Real PostgreSQL, real Dagster runs, real dbt; everything on loopback.

- a run killed (SIGKILL) in the middle of its load transaction leaves nothing half
  written, and re-running it gives the marts a clean run gives;
- the same upload processed twice gives identical marts;
- an upload registered while Dagster is down waits, and is processed when it returns;
- PostgreSQL restarting under a run: the run retries or fails, and the upload says so;
- a Stripe webhook while the database is down gets a 5xx (Stripe retries it) and stores
  nothing; the replay after the restart is applied once.

The restarts happen on a second embedded PostgreSQL started for this module alone (the
session's database is shared by the whole suite and is never restarted).

"Identical marts" is compared as a digest per table: the row count and an md5 of the
rows, over every table and view in `raw` and `marts` keyed by the seller, leaving out
the columns that differ between any two runs by construction (uuids such as the tenant
and upload ids, timestamps, serial ids, and the `*_key` surrogate keys hashed from them).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from mi_core.upload_status import mark_completed
from tests.pipeline_helpers import (
    definitions,
    register,
    run_upload,
    scalar,
    sensor,
    upload_row,
    warehouse_sensor_context,
)
from tests.portal_helpers import create_seller, login, portal_client, upload_file

# Real pipeline runs (about 30 s each when quiet) outlast the suite's 600 s per test
# on a loaded machine.
pytestmark = pytest.mark.timeout(1800)

# Columns that differ between two runs of the same report by construction.
_RUN_SPECIFIC_TYPES = ("uuid", "timestamp with time zone", "timestamp without time zone")
# Bookkeeping of runs (a re-run queues once more), not data the seller sees.
_BOOKKEEPING = {("raw", "mart_refresh_queue")}
_DEADLINE_SECONDS = 300


def _digest_tables(conn) -> list[tuple[str, str, list[str]]]:
    """(schema, table, compared columns) of every raw/marts table or view keyed by tenant."""
    rows = conn.execute(
        text(
            "select c.table_schema, c.table_name,"
            " array_agg(c.column_name::text order by c.ordinal_position)"
            "   filter (where c.data_type <> all(:skip) and c.column_name not like '%%\\_key'"
            "   and coalesce(c.column_default, '') not like 'nextval%%') as compared"
            " from information_schema.columns c"
            " where c.table_schema in ('raw', 'marts')"
            " group by 1, 2"
            " having bool_or(c.column_name = 'tenant_id')"
            " order by 1, 2"
        ),
        {"skip": list(_RUN_SPECIFIC_TYPES)},
    ).all()
    return [(s, t, cols) for s, t, cols in rows if (s, t) not in _BOOKKEEPING]


def tenant_digest(engine: Engine, tenant_id: uuid.UUID) -> dict[str, tuple[int, str]]:
    """(rows, md5 of the sorted rows) of the seller's rows in every raw and marts table."""
    found = {}
    with engine.connect() as conn:
        tables = _digest_tables(conn)
        for schema, table, columns in tables:
            row = "row(" + ", ".join(f't."{c}"' for c in columns) + ")::text"
            query = text(
                f"select count(*), md5(coalesce(string_agg({row}, E'\\n' order by {row}), ''))"
                f' from "{schema}"."{table}" t where t.tenant_id = :t'
            )
            found[f"{schema}.{table}"] = tuple(conn.execute(query, {"t": tenant_id}).one())
    # Not an empty comparison: the sales and the marts built from them are there.
    assert found["raw.sales_report_rows"][0] > 0 and found["marts.fct_sales"][0] > 0, found
    return found


def upload_outcome(engine: Engine, upload_id: uuid.UUID) -> tuple:
    """What the seller reads about the upload (its counts and reconciliation)."""
    upload = upload_row(engine, upload_id)
    quarantined = scalar(
        engine, "select count(*) from quarantined_rows where upload_id = :u", u=upload_id
    )
    return (
        upload.total_items,
        upload.processed_items,
        upload.quarantined_items,
        upload.reconciled,
        quarantined,
    )


def process_in_process(instance, engine, seller, upload_id, *, rerun_of=None) -> None:
    """The upload's run (or an operator's re-execution of `rerun_of`, the run that had
    claimed it), and the outcome the run-status sensor writes after a success."""
    assert run_upload(instance, seller, upload_id, rerun_of=rerun_of).success
    mark_completed(engine, upload_id)


@pytest.fixture(scope="module")
def clean_run(database, instance, sample_facts_path):
    """A seller whose sample upload went through one undisturbed run: the reference."""
    from mi_core.db import get_engine

    engine = get_engine()
    seller = create_seller()
    upload_id = register(database, seller, sample_facts_path)
    process_in_process(instance, engine, seller, upload_id)
    return seller, upload_id, tenant_digest(engine, seller.id), upload_outcome(engine, upload_id)


@pytest.fixture(scope="module")
def sample_facts_path() -> Path:
    from tests.sample import sample

    return sample().path


# --- the same upload twice ---


def test_the_same_upload_processed_twice_gives_identical_marts(instance, engine, clean_run):
    seller, upload_id, reference, outcome = clean_run
    first_run = upload_row(engine, upload_id).dagster_run_id

    # A new run finds nothing pending; processing the upload again is re-executing its run.
    process_in_process(instance, engine, seller, upload_id, rerun_of=first_run)

    assert upload_row(engine, upload_id).dagster_run_id not in (None, first_run)

    assert tenant_digest(engine, seller.id) == reference
    assert upload_outcome(engine, upload_id) == outcome


# --- a run killed mid-load ---

_CHILD_RUN = """
import sys, types, uuid
from dagster import DagsterInstance
from tests.pipeline_helpers import run_upload

seller = types.SimpleNamespace(id=uuid.UUID(sys.argv[1]))
with DagsterInstance.ephemeral() as instance:
    run_upload(instance, seller, uuid.UUID(sys.argv[2]))
"""


def _blocked_load(
    engine: Engine, child: subprocess.Popen, deadline: float
) -> tuple[int, str | None]:
    """(pid, transaction id) of the load transaction once it waits to queue the refresh,
    its last statement: by then it has written the upload's rows, uncommitted."""
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise AssertionError(f"the run ended early ({child.returncode}); see its log")
        with engine.connect() as conn:
            blocked = conn.execute(
                text(
                    "select pid, backend_xid::text from pg_stat_activity"
                    " where wait_event_type = 'Lock'"
                    " and query ilike 'insert into raw.mart_refresh_queue%'"
                )
            ).first()
        if blocked is not None:
            return blocked.pid, blocked.backend_xid
        time.sleep(0.2)
    raise AssertionError("the run never reached its load transaction")


def _wait_until_gone(engine: Engine, pid: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not scalar(engine, "select count(*) from pg_stat_activity where pid = :p", p=pid):
            return
        time.sleep(0.2)
    raise AssertionError(f"backend {pid} of the killed run is still there")


def test_a_run_killed_mid_load_leaves_nothing_and_its_rerun_equals_a_clean_run(
    database, instance, engine, clean_run, sample_facts_path, tmp_path
):
    _clean_seller, _clean_upload, reference, outcome = clean_run
    seller = create_seller()
    upload_id = register(database, seller, sample_facts_path)
    # Hold the queue table so the load transaction stops at its last statement; then the
    # run's process is killed with the rows written but not committed.
    holder = engine.connect()
    holder.execute(text("lock table raw.mart_refresh_queue in exclusive mode"))
    log = (tmp_path / "killed_run.log").open("w")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD_RUN, str(seller.id), str(upload_id)],
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        pid, xid = _blocked_load(engine, child, time.monotonic() + _DEADLINE_SECONDS)
        assert xid is not None, "the load transaction had written nothing yet"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        holder.rollback()
        holder.close()
        log.close()
        print((tmp_path / "killed_run.log").read_text()[-3000:])
    assert child.returncode == -signal.SIGKILL
    _wait_until_gone(engine, pid)

    # Nothing of the killed load is stored: no rows, no counts, no refresh queued.
    assert not scalar(
        engine, "select count(*) from raw.sales_report_rows where upload_id = :u", u=upload_id
    )
    assert not scalar(
        engine, "select count(*) from quarantined_rows where upload_id = :u", u=upload_id
    )
    assert upload_row(engine, upload_id).total_items is None
    assert not scalar(
        engine, "select count(*) from raw.mart_refresh_queue where upload_id = :u", u=upload_id
    )

    # The killed run had claimed the upload (its claim commits before the load); the
    # operator's re-execution of that run takes it back.
    killed_run = upload_row(engine, upload_id).dagster_run_id
    assert killed_run is not None
    process_in_process(instance, engine, seller, upload_id, rerun_of=killed_run)

    assert tenant_digest(engine, seller.id) == reference
    assert upload_outcome(engine, upload_id) == outcome


# --- Dagster down when the upload arrives ---


def test_an_upload_made_while_dagster_is_down_is_processed_when_it_returns(
    database, instance, engine, clean_run, sample_facts_path
):
    _clean_seller, _clean_upload, reference, _outcome = clean_run
    seller = create_seller()
    # No webserver or daemon runs (MI_DAGSTER_PORT=1): the portal's launch fails.
    with portal_client(database, dagster_port=1, upload_fast_path_grace_seconds=0) as client:
        response = upload_file(client, login(client, seller.email), sample_facts_path)
    assert response.status_code == 202, response.text
    upload_id = uuid.UUID(response.json()["id"])
    waiting = upload_row(engine, upload_id)
    assert (waiting.status, waiting.dagster_run_id) == ("pending", None)

    # Dagster is back: the daemon's next tick of the sensor asks for the upload's run.
    result = sensor("pending_uploads_sensor")(warehouse_sensor_context(instance, database))
    (request,) = [r for r in result.run_requests if r.run_key and str(upload_id) in r.run_key]
    assert request.partition_key == str(seller.id)
    job = definitions().resolve_job_def("process_upload")
    instance.add_dynamic_partitions("sellers", [str(seller.id)])
    run = job.execute_in_process(
        instance=instance, partition_key=request.partition_key, tags=request.tags
    )
    assert run.success
    mark_completed(engine, upload_id)

    assert upload_row(engine, upload_id).status == "completed"
    assert tenant_digest(engine, seller.id) == reference


# --- a second PostgreSQL, restarted by the tests ---


class SparePostgres:
    """An embedded PostgreSQL of this module's own, migrated like the product's."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.url = f"postgresql://postgres@/mi_faults?host={pgdata}"

    def start(self) -> None:
        from mi_core.db import start_embedded_postgres

        start_embedded_postgres(self.pgdata)

    def stop(self) -> None:
        from mi_core.db import stop_embedded_postgres

        stop_embedded_postgres(self.pgdata)

    @contextmanager
    def down(self) -> Iterator[None]:
        self.stop()
        try:
            yield
        finally:
            self.start()


@pytest.fixture(scope="module")
def spare_postgres(database) -> Iterator[SparePostgres]:
    import shutil
    import tempfile

    import psycopg

    from mi_core.db import upgrade_database

    # Directly under /tmp, as the session's: the server's own user must reach the folder
    # (pytest's tmp_path sits below folders only root may enter).
    folder = Path(tempfile.mkdtemp(prefix="mi-faults-"))
    spare = SparePostgres(folder / "pgdata")
    spare.start()
    try:
        admin = spare.url.replace("/mi_faults?", "/postgres?")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("create database mi_faults")
        upgrade_database(database.model_copy(update={"database_url": spare.url}))
        yield spare
    finally:
        spare.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def spare_engine(spare_postgres) -> Iterator[Engine]:
    from mi_core.settings import sqlalchemy_url_for

    engine = create_engine(sqlalchemy_url_for(spare_postgres.url), pool_pre_ping=True)
    yield engine
    engine.dispose()


# --- a Stripe webhook while the database restarts ---


@contextmanager
def webhook_client(settings, engine: Engine) -> Iterator:
    """The real app on the spare database; server errors answered as a client sees them."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from mi_core.settings import get_settings
    from portal.deps import get_session
    from portal.main import app
    from tests.portal_helpers import BASE_URL

    def spare_session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as session:
            yield session

    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_session] = spare_session
    try:
        with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
            yield client
    finally:
        app.dependency_overrides.pop(get_settings, None)
        app.dependency_overrides.pop(get_session, None)


def _billing_state(engine: Engine, seller_id: uuid.UUID) -> tuple:
    with engine.connect() as conn:
        events = conn.execute(text("select count(*) from stripe_events")).scalar()
        account = conn.execute(
            text(
                "select subscription_id, subscription_status, subscription_plan"
                " from billing_accounts where seller_id = :s"
            ),
            {"s": seller_id},
        ).one()
    return events, tuple(account)


def test_a_webhook_while_the_database_is_down_is_retried_and_applied_once(
    database, spare_postgres, spare_engine
):
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller as create_account
    from tests.billing_helpers import PRICE_PRO, billing_settings, link_customer, post_event
    from tests.fakes.stripe_server import stripe_server

    with session_scope(spare_engine) as session:
        seller = create_account(session, f"faults-{uuid.uuid4().hex[:8]}@example.com")
        session.expunge(seller)
    with stripe_server() as fake:
        customer = fake.new_id("cus")
        fake.customers[customer] = {"id": customer}
        link_customer(spare_engine, seller.id, customer)
        subscription = fake.new_id("sub")
        obj = fake.put_subscription(subscription, customer=customer, price=PRICE_PRO)
        before = _billing_state(spare_engine, seller.id)
        event_id = f"evt_{uuid.uuid4().hex[:16]}"
        created = int(time.time())
        with webhook_client(billing_settings(database, fake), spare_engine) as client:
            with spare_postgres.down():
                during = post_event(
                    client, "customer.subscription.created", obj, event_id=event_id, created=created
                )
            spare_engine.dispose()  # what pool_pre_ping does for stale connections anyway
            assert 500 <= during.status_code < 600, during.text
            assert _billing_state(spare_engine, seller.id) == before, "half-applied"

            replay = post_event(
                client, "customer.subscription.created", obj, event_id=event_id, created=created
            )
            again = post_event(
                client, "customer.subscription.created", obj, event_id=event_id, created=created
            )
    assert replay.status_code == 200, replay.text
    assert replay.json()["duplicate"] is False
    assert again.status_code == 200 and again.json()["duplicate"] is True
    events, (stored_subscription, status, plan) = _billing_state(spare_engine, seller.id)
    assert events == before[0] + 1
    assert (stored_subscription, status, plan) == (subscription, "active", "pro")


# --- PostgreSQL restarted in the middle of a run ---

_CHILD_RUN_REPORTING = """
import json, sys, types, uuid
from dagster import DagsterInstance
from tests.pipeline_helpers import run_upload

seller = types.SimpleNamespace(id=uuid.UUID(sys.argv[1]))
with DagsterInstance.ephemeral() as instance:
    result = run_upload(instance, seller, uuid.UUID(sys.argv[2]), raise_on_error=False)
    events = [e.dagster_event for e in instance.all_logs(result.run_id) if e.dagster_event]
print(json.dumps({
    "success": result.success,
    "retried": [e.step_key for e in events if e.event_type_value == "STEP_UP_FOR_RETRY"],
    "failed": [e.step_key for e in events if e.event_type_value == "STEP_FAILURE"],
}))
"""


def _register_on(engine: Engine, settings, path: Path) -> tuple[uuid.UUID, uuid.UUID]:
    """A Business seller and their upload, registered in the given database."""
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.uploads import create_seller as create_account
    from mi_core.uploads import register_upload_file

    with session_scope(engine) as session:
        account = create_account(session, f"faults-{uuid.uuid4().hex[:8]}@example.com")
        session.flush()
        grant_plan_override(
            session, settings, account.id, PlanName("business"), until=None, granted_by="tests"
        )
        return account.id, register_upload_file(session, settings, account, path).id


def test_postgresql_restarting_mid_load_is_retried_and_the_upload_tells_the_truth(
    database, spare_postgres, spare_engine, clean_run, sample_facts_path, tmp_path
):
    import json

    from mi_core.upload_status import mark_failed

    _clean_seller, _clean_upload, reference, outcome = clean_run
    spare_settings = database.model_copy(update={"database_url": spare_postgres.url})
    seller_id, upload_id = _register_on(spare_engine, spare_settings, sample_facts_path)
    # The run's process works on the spare database; its load stops at its last statement
    # (the queue table is held) and PostgreSQL restarts under it.
    holder = spare_engine.connect()
    holder.execute(text("lock table raw.mart_refresh_queue in exclusive mode"))
    log = (tmp_path / "restarted_run.log").open("w")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD_RUN_REPORTING, str(seller_id), str(upload_id)],
        # Everything the run's process connects to (dbt and Dagster included) is the spare.
        env={**os.environ, "DATABASE_URL": spare_postgres.url, **spare_settings.dbt_env()},
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        _blocked_load(spare_engine, child, time.monotonic() + _DEADLINE_SECONDS)
        with spare_postgres.down():
            holder.invalidate()
            time.sleep(1)
        spare_engine.dispose()
        stdout, _ = child.communicate(timeout=_DEADLINE_SECONDS)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        holder.close()
        log.close()
    stderr = (tmp_path / "restarted_run.log").read_text()
    assert child.returncode == 0, stderr[-3000:]
    run = json.loads(stdout.strip().splitlines()[-1])

    # What the run-status sensors write from the run's outcome.
    if run["success"]:
        mark_completed(spare_engine, upload_id)
    else:
        mark_failed(spare_engine, upload_id, f"Processing failed at step {run['failed']}")
    assert run["retried"], f"the restart did not reach the run: {run}"
    assert run["success"], f"the retries did not bring the run through: {run}, {stderr[-2000:]}"
    upload = upload_row(spare_engine, upload_id)
    assert (upload.status, upload.stage, upload.error) == ("completed", "done", None)
    assert tenant_digest(spare_engine, seller_id) == reference
    assert upload_outcome(spare_engine, upload_id) == outcome
