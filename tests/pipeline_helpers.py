"""Shared steps for pipeline tests: register an upload and run its Dagster job for real."""

from __future__ import annotations

import uuid
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult
from sqlalchemy import Engine, text

from mi_core.models import Upload, User


def give_plan(seller_id: uuid.UUID, plan: str = "business") -> None:
    """Comp the seller onto a plan, as `mi seller plan` does, unless they already have one.

    Tests that are not about plan limits give their sellers Business, so a report of any
    size is processed in full however many uploads the test makes.
    """
    from mi_core.billing.overrides import grant_plan_override
    from mi_core.billing.plans import PlanName
    from mi_core.db import session_scope
    from mi_core.models import PlanOverride
    from mi_core.settings import get_settings

    with session_scope() as session:
        if session.query(PlanOverride).filter_by(seller_id=seller_id).count():
            return
        grant_plan_override(
            session, get_settings(), seller_id, PlanName(plan), until=None, granted_by="tests"
        )


def register(settings, seller: User, path: Path, *, plan: str | None = "business") -> uuid.UUID:
    """Register an upload; the seller gets `plan` first (None: keep the seller's plan)."""
    from mi_core.db import session_scope
    from mi_core.uploads import register_upload_file

    if plan is not None:
        give_plan(seller.id, plan)
    with session_scope() as session:
        account = session.get(User, seller.id)
        return register_upload_file(session, settings, account, path).id


def run_upload(
    instance: DagsterInstance,
    seller: User,
    upload_id: uuid.UUID,
    *,
    raise_on_error: bool = True,
    resources: dict | None = None,
    rerun_of: str | None = None,
) -> ExecuteInProcessResult:
    """Execute the process_upload job in-process, as the sensor would launch it.

    `resources` replaces some of the job's resources (e.g. a categoriser pointed at a fake).
    `rerun_of` makes it an operator's re-execution of that run (Dagster's parent-run tag):
    it takes back the uploads the earlier run had claimed, even finished ones.
    """
    from mi_core.pipeline import PARENT_RUN_TAG
    from mi_core.upload_status import PendingUpload
    from orchestration.partitions import seller_partitions
    from orchestration.sensors import upload_run_request

    request = upload_run_request(PendingUpload(upload_id, seller.id))
    instance.add_dynamic_partitions(seller_partitions.name, [str(seller.id)])
    job = definitions().resolve_job_def("process_upload")
    return job.execute_in_process(
        instance=instance,
        partition_key=request.partition_key,
        tags={**request.tags, PARENT_RUN_TAG: rerun_of} if rerun_of else request.tags,
        raise_on_error=raise_on_error,
        resources=resources,
    )


def upload_row(engine: Engine, upload_id: uuid.UUID) -> Upload:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        upload = session.get(Upload, upload_id)
        session.expunge(upload)
        return upload


def scalar(engine: Engine, sql: str, **params):
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def execute(engine: Engine, sql: str, **params) -> None:
    """One statement in its own committed transaction (tests setting up a state)."""
    with engine.begin() as conn:
        conn.execute(text(sql), params)


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@lru_cache
def definitions():
    """The product's Dagster definitions, loaded once per test session."""
    from orchestration.definitions import defs

    return defs()


def sensor(name: str):
    return definitions().get_sensor_def(name)


def warehouse_sensor_context(instance: DagsterInstance, settings):
    """A sensor evaluation context whose warehouse is the tests' database."""
    from dagster import build_sensor_context

    from orchestration.resources import WarehouseResource

    warehouse = WarehouseResource(database_url=settings.resolved_database_url())
    return build_sensor_context(instance=instance, resources={"warehouse": warehouse})


def refresh_marts(instance, settings, tenant_id: uuid.UUID) -> None:
    """What the daemon does after a correction: the sensor asks for one marts-only run of
    the seller (tagged with them), and the run rebuilds their marts."""
    from mi_core.pipeline import TENANT_TAG

    requests = [
        r
        for r in sensor("marts_refresh_sensor")(warehouse_sensor_context(instance, settings))
        if r.partition_key == str(tenant_id)
    ]
    assert len(requests) == 1, requests
    assert requests[0].tags[TENANT_TAG] == str(tenant_id)
    from orchestration.partitions import seller_partitions

    # The seller's partition exists in the daemon's instance; a test's may be a fresh one.
    instance.add_dynamic_partitions(seller_partitions.name, [str(tenant_id)])
    job = definitions().resolve_job_def("refresh_marts")
    result = job.execute_in_process(
        instance=instance, partition_key=requests[0].partition_key, tags=requests[0].tags
    )
    assert result.success
