"""Per-upload categorisation and per-seller title clusters.

Thin bodies: the work is in `mi_core.categorising`, tested without Dagster. Both read
the loaded rows from the warehouse (the run's upload tag says which): no title passes
through Dagster's IO manager or metadata.
"""

import uuid

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
from mi_core.categorising import (
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
from orchestration.assets import ASSET_OWNERS, TRANSIENT_RETRIES, bind_run_context, timed
from orchestration.assets.ingest import LOADED_SALES, upload_id_of
from orchestration.partitions import seller_partitions
from orchestration.resources import CategoriserResource, WarehouseResource

# Above these shares the categoriser is probably missing a whole product line.
UNCATEGORISED_WARN_SHARE = 0.10
LOW_CONFIDENCE_WARN_SHARE = 0.50
# An LLM answering less than this share of what it was asked is failing.
LLM_FALLBACK_WARN_SHARE = 0.10


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
    upload_id = upload_id_of(context)
    upload_status.set_stage(engine, upload_id, UploadStage.CATEGORISING)
    with timed() as step:
        active = categoriser.build(engine)
        # The seller's corrections come before any model (and survive every re-processing).
        corrections = seller_categories(engine, context.partition_key)
        categories = categorise_rows(loaded_rows(engine, upload_id), active, corrections)
        usage = usage_of(active)
        store_categories(engine, upload_id, uuid.UUID(context.partition_key), categories, usage)
    summary = summarise_categories(categories)
    return MaterializeResult(
        metadata={
            "upload_id": str(upload_id),
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
    upload_status.set_stage(engine, upload_id_of(context), UploadStage.CLUSTERING)
    with timed() as step:
        clusters = cluster_seller(engine, context.partition_key)
    # Sizes and revenue only: cluster names are made of the seller's titles, and those
    # stay in the warehouse (raw.title_clusters), out of Dagster's event log.
    return MaterializeResult(
        metadata={
            "clusters": len(clusters),
            "duration_seconds": step["seconds"],
            "largest": MetadataValue.md(
                clusters.head(10)[["cluster_id", "size", "revenue"]].to_markdown(index=False)
            ),
        }
    )
