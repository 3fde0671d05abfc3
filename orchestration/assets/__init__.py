"""The assets, by domain: ingestion (ingest.py), categorisation (categories.py) and the dbt
marts (marts.py). What they share for operators (owners, retries) is here."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import AssetExecutionContext, Backoff, Jitter, RetryPolicy

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


def bind_run_context(context: AssetExecutionContext) -> None:
    """Every log line of this step names its run, seller and upload (mi_core.logging_config)."""
    tags = context.run.tags
    set_context(
        run_id=context.run.run_id,
        tenant_id=tags.get(TENANT_TAG) or context.partition_key,
        upload_id=tags.get(UPLOAD_TAG),
    )
