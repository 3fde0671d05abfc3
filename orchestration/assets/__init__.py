"""The assets, by domain: ingestion (ingest.py), categorisation (categories.py) and the dbt
marts (marts.py). What they share for operators (owners, retries) is here."""

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import AssetExecutionContext, Backoff, DagsterInstance, Jitter, RetryPolicy

from mi_core.logging_config import set_context
from mi_core.pipeline import TENANT_TAG, UPLOAD_TAG

# Who answers for the pipeline's assets in the Dagster UI.
ASSET_OWNERS = ["team:data-platform"]

# Transient failures (the database connection lost, OpenAI answering 429/5xx beyond the
# client's own retries) are retried with exponential backoff: 2 s, 4 s, 8 s (±jitter).
# Permanent ones (a bad file, a deleted upload) raise `Failure(allow_retries=False)` and
# fail the run at once with the seller-readable reason.
TRANSIENT_RETRIES = RetryPolicy(
    max_retries=3, delay=2, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS
)


@contextmanager
def timed() -> Iterator[dict[str, float]]:
    """Measures a step: `elapsed["seconds"]` is set when the block ends."""
    elapsed = {"seconds": 0.0}
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed["seconds"] = round(time.perf_counter() - start, 3)


# Dagster's PostgreSQL storages open a new connection for every event they write (no pool,
# so that short-lived instances hold none). A run writes hundreds (a materialisation per
# dbt model, a check evaluation per dbt test): measured, 8.5 s of a 2,500-row upload's
# 19.4 s (bench/bench_dbt_invocation.py --instance postgres against the in-memory storage).
# The run worker lives for one run, so it keeps one open, as the webserver does.
_STATEMENT_TIMEOUT_MS = 60_000
_POOL_RECYCLE_SECONDS = 3_600
_POOL_MAX_OVERFLOW = 4
_pooled_instances: weakref.WeakSet[DagsterInstance] = weakref.WeakSet()


def pool_storage_connections(instance: DagsterInstance) -> None:
    """Once per instance: its storages keep a connection open (a no-op on SQLite and
    in-memory storages)."""
    if instance in _pooled_instances:
        return
    instance.optimize_for_webserver(
        _STATEMENT_TIMEOUT_MS, _POOL_RECYCLE_SECONDS, _POOL_MAX_OVERFLOW
    )
    _pooled_instances.add(instance)


def bind_run_context(context: AssetExecutionContext) -> None:
    """Every log line of this step names its run, seller and upload (mi_core.logging_config);
    the run's event writes share a connection (pool_storage_connections)."""
    pool_storage_connections(context.instance)
    tags = context.run.tags
    set_context(
        run_id=context.run.run_id,
        tenant_id=tags.get(TENANT_TAG) or context.partition_key,
        upload_id=tags.get(UPLOAD_TAG),
    )
