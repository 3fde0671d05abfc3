"""Per-upload categorisation and per-seller title clusters.

Thin bodies: the work is in `mi_core.categorising`, tested without Dagster.
"""

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
    loaded_rows_only,
    store_categories,
    summarise_categories,
    usage_of,
)
from mi_core.models import UploadStage
from orchestration.assets.ingest import ValidatedReport, loaded_sales, upload_id_of
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
    deps=[loaded_sales],
    description=(
        "Every loaded sale of the upload in (department, subcategory) with a confidence."
    ),
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
    validated_sales: ValidatedReport,
) -> MaterializeResult:
    engine = warehouse.engine()
    upload_status.set_stage(engine, validated_sales.upload_id, UploadStage.CATEGORISING)
    active = categoriser.build(engine)
    rows = loaded_rows_only(engine, validated_sales.upload_id, validated_sales.report.rows)
    categories = categorise_rows(rows, active)
    usage = usage_of(active)
    store_categories(
        engine, validated_sales.upload_id, validated_sales.tenant_id, categories, usage
    )
    summary = summarise_categories(categories)
    return MaterializeResult(
        metadata={
            "upload_id": str(validated_sales.upload_id),
            "titles": summary.titles,
            "categoriser": "openai" if usage else "offline",
            "llm_requests": usage.requests if usage else 0,
            "estimated_cost_usd": usage.estimated_cost_usd if usage else 0.0,
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
    deps=[loaded_sales],
    description="The seller's product lines: all their titles clustered (scikit-learn).",
)
def title_clusters(context: AssetExecutionContext, warehouse: WarehouseResource):
    engine = warehouse.engine()
    upload_status.set_stage(engine, upload_id_of(context), UploadStage.CLUSTERING)
    clusters = cluster_seller(engine, context.partition_key)
    return MaterializeResult(
        metadata={
            "clusters": len(clusters),
            "largest": MetadataValue.md(
                clusters.head(10)[["name", "size", "revenue"]].to_markdown(index=False)
            ),
        }
    )
