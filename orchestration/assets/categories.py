"""Categorisation of each upload of the run's batch, and the seller's title clusters
(once per run, over all of the seller's titles).

Thin bodies: the work is in `mi_core.categorising`, tested without Dagster. Both read
the loaded rows from the warehouse (the uploads the run claimed): no title passes
through Dagster's IO manager or metadata.
"""

import dataclasses
import uuid

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    MaterializeResult,
    MetadataValue,
    asset,
)

from mi_core import upload_status
from mi_core.categorisation.llm import UsageReport
from mi_core.categorising import (
    CATEGORY_COLUMNS,
    CategorySummary,
    categorise_rows,
    cluster_seller,
    loaded_rows,
    store_categories,
    summarise_categories,
    usage_of,
)
from mi_core.corrections import seller_categories
from mi_core.models import UploadStage
from mi_core.pipeline import UPLOAD_TAG
from orchestration.assets import ASSET_OWNERS, TRANSIENT_RETRIES, bind_run_context, timed
from orchestration.assets.ingest import LOADED_SALES, batch_of
from orchestration.partitions import seller_partitions
from orchestration.resources import CategoriserResource, WarehouseResource

# Above these shares the categoriser is probably missing a whole product line.
UNCATEGORISED_WARN_SHARE = 0.10
LOW_CONFIDENCE_WARN_SHARE = 0.50
# An LLM answering less than this share of what it was asked is failing.
LLM_FALLBACK_WARN_SHARE = 0.10
# The counts of a UsageReport that add up over a batch's uploads.
_USAGE_COUNTS = (
    "requests",
    "retries",
    "prompt_tokens",
    "completion_tokens",
    "offline_titles",
    "cached_titles",
    "llm_titles",
    "fallback_titles",
)


@asset(
    partitions_def=seller_partitions,
    group_name="categorisation",
    deps=[LOADED_SALES],
    description=(
        "Every loaded sale of the upload in (department, subcategory) with a confidence:"
        " offline, or OpenAI for the titles the offline model is unsure of (shared cache)."
    ),
    owners=ASSET_OWNERS,
    retry_policy=TRANSIENT_RETRIES,
    check_specs=[
        AssetCheckSpec("uncategorised_share", asset="categorised_sales"),
        AssetCheckSpec("confidence_distribution", asset="categorised_sales"),
        AssetCheckSpec("cache_share", asset="categorised_sales"),
    ],
)
def categorised_sales(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    categoriser: CategoriserResource,
) -> MaterializeResult:
    bind_run_context(context)
    engine = warehouse.engine()
    batch = [stored.upload_id for stored in batch_of(context, engine)]
    upload_status.set_stage_of_all(engine, batch, UploadStage.CATEGORISING)
    tenant_id = uuid.UUID(context.partition_key)
    per_upload, frames, usages = [], [], []
    with timed() as step:
        # The seller's corrections come before any model (and survive every re-processing).
        corrections = seller_categories(engine, context.partition_key)
        for upload_id in batch:
            # A categoriser per upload: its usage (requests, tokens, cost) is the upload's.
            active = categoriser.build(engine)
            categories = categorise_rows(loaded_rows(engine, upload_id), active, corrections)
            usage = usage_of(active)
            store_categories(engine, upload_id, tenant_id, categories, usage)
            frames.append(categories)
            usages.append(usage)
            per_upload.append({"upload_id": str(upload_id), "titles": len(categories)})
    categories = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CATEGORY_COLUMNS)
    )
    summary = summarise_categories(categories)
    usage = combined_usage([u for u in usages if u is not None])
    return MaterializeResult(
        metadata={
            "upload_id": context.run.tags.get(UPLOAD_TAG, ""),
            "uploads": len(batch),
            "per_upload": MetadataValue.json(per_upload),
            "titles": summary.titles,
            "seller_corrected": int((categories["source"] == "seller").sum()),
            "categoriser": "openai" if usage else "offline",
            # Where each row's category came from (offline, cache, llm, fallback …).
            "source_mix": MetadataValue.json(
                {str(k): int(v) for k, v in categories["source"].value_counts().items()}
            ),
            "llm_requests": usage.requests if usage else 0,
            "prompt_tokens": usage.prompt_tokens if usage else 0,
            "completion_tokens": usage.completion_tokens if usage else 0,
            "estimated_cost_usd": usage.estimated_cost_usd if usage else 0.0,
            "duration_seconds": step["seconds"],
        },
        check_results=category_checks(summary, usage),
    )


def combined_usage(usages: list) -> UsageReport | None:
    """The batch's LLM usage: the sum of its uploads'."""
    if not usages:
        return None
    totals = {name: sum(getattr(u, name) for u in usages) for name in _USAGE_COUNTS}
    return dataclasses.replace(usages[0], **totals)


def category_checks(summary: CategorySummary, usage) -> list[AssetCheckResult]:
    llm_titles = (usage.llm_titles + usage.fallback_titles) if usage else 0
    fallback_share = usage.fallback_titles / llm_titles if llm_titles else 0.0
    return [
        AssetCheckResult(
            check_name="uncategorised_share",
            passed=summary.uncategorised_share <= UNCATEGORISED_WARN_SHARE,
            severity=AssetCheckSeverity.WARN,
            metadata={"share": summary.uncategorised_share},
        ),
        AssetCheckResult(
            check_name="confidence_distribution",
            passed=summary.low_confidence_share <= LOW_CONFIDENCE_WARN_SHARE,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "median": summary.median_confidence,
                "low_confidence_share": summary.low_confidence_share,
                "histogram": MetadataValue.json(summary.confidence_histogram),
            },
        ),
        AssetCheckResult(
            check_name="cache_share",
            passed=fallback_share <= LLM_FALLBACK_WARN_SHARE,
            severity=AssetCheckSeverity.WARN,
            metadata={"cache_share": summary.cache_share, "llm_fallback_share": fallback_share},
        ),
    ]


@asset(
    partitions_def=seller_partitions,
    group_name="categorisation",
    deps=[LOADED_SALES],
    description="The seller's product lines: all their titles clustered (scikit-learn).",
    owners=ASSET_OWNERS,
    retry_policy=TRANSIENT_RETRIES,
)
def title_clusters(context: AssetExecutionContext, warehouse: WarehouseResource):
    bind_run_context(context)
    engine = warehouse.engine()
    batch = [stored.upload_id for stored in batch_of(context, engine)]
    if not batch:
        # An earlier run processed the seller's uploads (and clustered them): nothing new.
        return MaterializeResult(metadata={"uploads": 0, "clusters": "unchanged"})
    upload_status.set_stage_of_all(engine, batch, UploadStage.CLUSTERING)
    with timed() as step:
        # Once per run: all of the seller's titles, the batch's new ones included.
        clusters = cluster_seller(engine, context.partition_key)
    # Sizes and revenue only: cluster names are made of the seller's titles, and those
    # stay in the warehouse (raw.title_clusters), out of Dagster's event log.
    return MaterializeResult(
        metadata={
            "uploads": len(batch),
            "clusters": len(clusters),
            "duration_seconds": step["seconds"],
            "largest": MetadataValue.md(
                clusters.head(10)[["cluster_id", "size", "revenue"]].to_markdown(index=False)
            ),
        }
    )
