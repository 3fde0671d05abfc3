"""Categorising and clustering a seller's sales, and storing the results.

Pure functions over frames plus the two writes; the Dagster assets in
`orchestration.assets.categories` only call these.
"""

from __future__ import annotations

import pickle
import uuid
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from orchestration.categorisation import (
    UNCATEGORISED,
    Categoriser,
    OpenAICategoriser,
    UsageReport,
    load_taxonomy,
)
from orchestration.categorisation.clustering import ClusterModel, assign_clusters, fit_clusters

CATEGORY_COLUMNS = ["row_number", "department", "subcategory", "confidence", "source", "reason"]
LOW_CONFIDENCE = 0.5
# Re-cluster a seller from scratch once their new titles exceed this share of the titles
# the model was fitted on; below it new titles join existing clusters.
REFIT_SHARE = 0.25


@dataclass(frozen=True)
class CategorySummary:
    titles: int
    uncategorised_share: float
    low_confidence_share: float
    median_confidence: float
    cache_share: float
    confidence_histogram: dict[str, int]


def categorise_rows(rows: pd.DataFrame, categoriser: Categoriser) -> pd.DataFrame:
    """One category per report row (`row_number`, `item_title` in; CATEGORY_COLUMNS out)."""
    results = categoriser.categorise(rows["item_title"].fillna("").astype(str).tolist())
    return pd.DataFrame(
        {
            "row_number": rows["row_number"].to_numpy(),
            "department": [r.department for r in results],
            "subcategory": [r.subcategory for r in results],
            "confidence": [float(r.confidence) for r in results],
            "source": [r.source for r in results],
            "reason": [r.reason for r in results],
        },
        columns=CATEGORY_COLUMNS,
    )


def summarise_categories(categories: pd.DataFrame) -> CategorySummary:
    count = len(categories)
    if count == 0:
        return CategorySummary(0, 0.0, 0.0, 0.0, 0.0, {})
    bands = pd.cut(categories["confidence"], bins=[0, 0.2, 0.4, 0.6, 0.8, 1.0], include_lowest=True)
    histogram = {str(band): int(n) for band, n in bands.value_counts(sort=False).items()}
    return CategorySummary(
        titles=count,
        uncategorised_share=float((categories["department"] == UNCATEGORISED).mean()),
        low_confidence_share=float((categories["confidence"] < LOW_CONFIDENCE).mean()),
        median_confidence=float(categories["confidence"].median()),
        cache_share=float((categories["source"] == "cache").mean()),
        confidence_histogram=histogram,
    )


def usage_of(categoriser: Categoriser) -> UsageReport | None:
    return categoriser.usage if isinstance(categoriser, OpenAICategoriser) else None


def store_categories(
    engine: Engine,
    upload_id: uuid.UUID,
    tenant_id: uuid.UUID,
    categories: pd.DataFrame,
    usage: UsageReport | None,
) -> None:
    """Replace this upload's categories and usage record in one transaction."""
    version = load_taxonomy().version
    records = [
        (
            upload_id,
            int(r.row_number),
            tenant_id,
            r.department,
            r.subcategory,
            r.confidence,
            r.source,
            r.reason,
            version,
        )
        for r in categories.itertuples(index=False)
    ]
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("delete from raw.sale_categories where upload_id = %s", (upload_id,))
        with cursor.copy(
            "copy raw.sale_categories (upload_id, row_number, tenant_id, department,"
            " subcategory, confidence, source, reason, taxonomy_version) from stdin"
        ) as copy:
            for record in records:
                copy.write_row(record)
        cursor.execute("delete from categorisation_usage where upload_id = %s", (upload_id,))
        cursor.execute(
            "insert into categorisation_usage (upload_id, categoriser, model, titles,"
            " distinct_titles, requests, prompt_tokens, completion_tokens, cached_titles,"
            " llm_titles, fallback_titles, estimated_cost_usd)"
            " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                upload_id,
                "openai" if usage else "offline",
                usage.model if usage else None,
                len(categories),
                int(categories["row_number"].nunique()),
                usage.requests if usage else 0,
                usage.prompt_tokens if usage else 0,
                usage.completion_tokens if usage else 0,
                usage.cached_titles if usage else 0,
                usage.llm_titles if usage else 0,
                usage.fallback_titles if usage else 0,
                round(usage.estimated_cost_usd, 6) if usage else 0,
            ),
        )


def seller_titles(engine: Engine, tenant_id: uuid.UUID) -> pd.DataFrame:
    """The seller's sales (each counted once across uploads) for clustering."""
    query = text(
        "select distinct on (item_id, sold_date, order_status)"
        " item_title as title, item_price::float as item_price,"
        " order_status = 'Completed' as is_completed"
        " from raw.sales_report_rows where tenant_id = :tenant"
        " order by item_id, sold_date, order_status, loaded_at desc"
    )
    with engine.connect() as conn:
        return pd.read_sql(query, conn, params={"tenant": tenant_id})


def cluster_seller(engine: Engine, tenant_id: uuid.UUID | str) -> pd.DataFrame:
    """Cluster the seller's titles and replace their clusters; returns the clusters.

    The fitted model is kept per seller: while the titles added since the last fit are
    few, they only join their nearest existing cluster (cost grows with the upload, not
    with the seller's history); past REFIT_SHARE new titles the seller is re-clustered.
    """
    sales = seller_titles(engine, tenant_id)
    model, known = _stored_clustering(engine, tenant_id)
    new_titles = sales["title"].nunique() - len(known)
    refit = model is None or new_titles > REFIT_SHARE * max(model.fitted_titles, 1)
    if refit:
        result, model = fit_clusters(sales)
        _store_model(engine, tenant_id, model)
        known = {}
    else:
        result = assign_clusters(sales, model, known)
    members = pd.DataFrame(
        {"item_title": sales["title"], "cluster_id": result.cluster_ids}
    ).drop_duplicates("item_title")
    new_members = members[~members["item_title"].isin(known.keys())]
    _store_clusters(engine, tenant_id, result.clusters, new_members, replace_members=refit)
    return result.clusters


def _stored_clustering(
    engine: Engine, tenant_id: uuid.UUID | str
) -> tuple[ClusterModel | None, dict[str, int]]:
    with engine.connect() as conn:
        blob = conn.execute(
            text("select model from raw.title_cluster_models where tenant_id = :t"),
            {"t": tenant_id},
        ).scalar()
        known = dict(
            conn.execute(
                text(
                    "select item_title, cluster_id from raw.title_cluster_members"
                    " where tenant_id = :t"
                ),
                {"t": tenant_id},
            ).all()
        )
    # Only this process writes these blobs (see _store_model); they are never user input.
    return (pickle.loads(blob) if blob else None), known


def _store_model(engine: Engine, tenant_id: uuid.UUID | str, model: ClusterModel) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into raw.title_cluster_models (tenant_id, model, fitted_titles)"
                " values (:t, :m, :n) on conflict (tenant_id) do update"
                " set model = excluded.model, fitted_titles = excluded.fitted_titles,"
                " fitted_at = now()"
            ),
            {"t": tenant_id, "m": pickle.dumps(model), "n": model.fitted_titles},
        )


def _store_clusters(
    engine: Engine,
    tenant_id: uuid.UUID | str,
    clusters: pd.DataFrame,
    members: pd.DataFrame,
    *,
    replace_members: bool,
) -> None:
    """Replace the seller's clusters; add `members` (after removing all old ones on a refit)."""
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("delete from raw.title_clusters where tenant_id = %s", (tenant_id,))
        if replace_members:
            cursor.execute(
                "delete from raw.title_cluster_members where tenant_id = %s", (tenant_id,)
            )
        with cursor.copy(
            "copy raw.title_clusters (tenant_id, cluster_id, name, size, revenue, typical_price)"
            " from stdin"
        ) as copy:
            for c in clusters.itertuples(index=False):
                copy.write_row(
                    (
                        tenant_id,
                        int(c.cluster_id),
                        c.name,
                        int(c.size),
                        round(float(c.revenue), 2),
                        round(float(c.typical_price), 2),
                    )
                )
        with cursor.copy(
            "copy raw.title_cluster_members (tenant_id, item_title, cluster_id) from stdin"
        ) as copy:
            for m in members.itertuples(index=False):
                copy.write_row((tenant_id, m.item_title, int(m.cluster_id)))
