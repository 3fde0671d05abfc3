"""Categorising and clustering a seller's sales, and storing the results.

Pure functions over frames plus the two writes; the Dagster assets in
`orchestration.assets.categories` only call these.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, text

from mi_core.categorisation import (
    UNCATEGORISED,
    Categoriser,
    OpenAICategoriser,
    UsageReport,
    load_taxonomy,
)
from mi_core.categorisation.clustering import (
    BUNDLE_CLUSTER_ID,
    BUNDLE_CLUSTER_NAME,
    CLUSTER_COLUMNS,
    ClusterModel,
    assign_titles,
    fit_clusters,
    is_current,
)
from mi_core.corrections import SellerCategory, categorise_with_corrections
from mi_core.refresh_queue import enqueue
from mi_core.settings import get_settings

CATEGORY_COLUMNS = ["row_number", "department", "subcategory", "confidence", "source", "reason"]
# Beside each category: its normalised title (what corrections match) and, where a seller's
# correction decided it, the offline model's own answer (see mi_core.corrections).
CORRECTION_COLUMNS = [
    "normalised_title",
    "model_department",
    "model_subcategory",
    "model_confidence",
    "model_source",
]
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


def loaded_rows(engine: Engine, upload_id: uuid.UUID) -> pd.DataFrame:
    """The upload's loaded rows (`row_number`, `item_title`), in file order, read back from
    raw.sales_report_rows: rows waiting for a higher plan's allowance are not there, so
    they are not categorised (an LLM would bill for them) until a later run admits them.

    Read from the warehouse rather than handed over by the previous step, so no copy of
    the titles is kept outside the database (Dagster's IO-manager storage keeps none).
    """
    query = text(
        "select row_number, item_title from raw.sales_report_rows"
        " where upload_id = :upload order by row_number"
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"upload": upload_id}).all()
    frame = pd.DataFrame(rows, columns=["row_number", "item_title"])
    return frame.astype({"row_number": "int64"})


def categorise_rows(
    rows: pd.DataFrame,
    categoriser: Categoriser,
    corrections: Mapping[str, SellerCategory] | None = None,
) -> pd.DataFrame:
    """One category per report row (`row_number`, `item_title` in; CATEGORY_COLUMNS and
    CORRECTION_COLUMNS out). The seller's corrections come before any model."""
    titles = rows["item_title"].fillna("").astype(str).tolist()
    decisions = categorise_with_corrections(titles, categoriser, corrections or {})
    results = [d.category for d in decisions]
    models = [d.model for d in decisions]
    return pd.DataFrame(
        {
            "row_number": rows["row_number"].to_numpy(),
            "department": [r.department for r in results],
            "subcategory": [r.subcategory for r in results],
            "confidence": [float(r.confidence) for r in results],
            "source": [r.source for r in results],
            "reason": [r.reason for r in results],
            "normalised_title": [d.normalised_title for d in decisions],
            "model_department": [m.department if m else None for m in models],
            "model_subcategory": [m.subcategory if m else None for m in models],
            "model_confidence": [float(m.confidence) if m else None for m in models],
            "model_source": [m.source if m else None for m in models],
        },
        columns=CATEGORY_COLUMNS + CORRECTION_COLUMNS,
    )


def summarise_categories(
    categories: pd.DataFrame, low_confidence_below: float | None = None
) -> CategorySummary:
    """The run's figures; low confidence is the marts' threshold (MI_LOW_CONFIDENCE_BELOW)."""
    if low_confidence_below is None:
        low_confidence_below = get_settings().low_confidence_below
    count = len(categories)
    if count == 0:
        return CategorySummary(0, 0.0, 0.0, 0.0, 0.0, {})
    bands = pd.cut(categories["confidence"], bins=[0, 0.2, 0.4, 0.6, 0.8, 1.0], include_lowest=True)
    histogram = {str(band): int(n) for band, n in bands.value_counts(sort=False).items()}
    return CategorySummary(
        titles=count,
        uncategorised_share=float((categories["department"] == UNCATEGORISED).mean()),
        low_confidence_share=float((categories["confidence"] < low_confidence_below).mean()),
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
            *(_none_if_missing(getattr(r, column, None)) for column in CORRECTION_COLUMNS),
        )
        for r in categories.itertuples(index=False)
    ]
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("delete from raw.sale_categories where upload_id = %s", (upload_id,))
        with cursor.copy(
            "copy raw.sale_categories (upload_id, row_number, tenant_id, department,"
            " subcategory, confidence, source, reason, taxonomy_version, normalised_title,"
            " model_department, model_subcategory, model_confidence, model_source) from stdin"
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


def _none_if_missing(value):
    """pandas' NaN/None of an empty cell as SQL NULL."""
    return None if value is None or (isinstance(value, float) and value != value) else value


_DEDUPLICATED_SALES = (
    "select distinct on (item_id, sold_date, order_status)"
    " item_title, item_price, order_status = 'Completed' as is_completed"
    " from raw.sales_report_rows where tenant_id = :tenant"
    " order by item_id, sold_date, order_status, loaded_at desc"
)


def seller_titles(engine: Engine, tenant_id: uuid.UUID | str) -> pd.DataFrame:
    """The seller's sales (each counted once across uploads) for clustering."""
    query = text(
        "select item_title as title, item_price::float as item_price, is_completed"
        f" from ({_DEDUPLICATED_SALES}) as sales"
    )
    with engine.connect() as conn:
        return pd.read_sql(query, conn, params={"tenant": tenant_id})


@dataclass(frozen=True)
class UngroupedTitles:
    """The seller's distinct titles no product group holds yet."""

    titles: list[str]
    # Some of them were also sold in uploads whose marts are built already (no queued
    # refresh: e.g. a run failed after loading): those marts show them ungrouped.
    in_built_marts: bool


def ungrouped_titles(engine: Engine, tenant_id: uuid.UUID | str) -> UngroupedTitles:
    query = text(
        "select r.item_title, bool_or(not exists ("
        "  select 1 from raw.mart_refresh_queue as q where q.upload_id = r.upload_id"
        " )) as in_built_marts"
        " from raw.sales_report_rows as r"
        " where r.tenant_id = :tenant and not exists ("
        "  select 1 from raw.title_cluster_members as m"
        "  where m.tenant_id = r.tenant_id and m.item_title = r.item_title)"
        " group by r.item_title"
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"tenant": tenant_id}).all()
    return UngroupedTitles([title for title, _ in rows], any(built for _, built in rows))


def cluster_seller(engine: Engine, tenant_id: uuid.UUID | str) -> pd.DataFrame:
    """Cluster the seller's titles and store the clusters; returns the clusters.

    The fitted model is kept per seller: while the titles added since the last fit are
    few, they only join their nearest existing cluster and the clusters are re-counted
    in SQL (cost grows with the upload, not with the seller's history); past
    REFIT_SHARE new titles the seller is re-clustered from scratch.

    What the marts may rebuild follows: titles that only join a group leave every other
    title's group and name as they were, so the marts by day rebuild only the upload's
    days; a refit may regroup and rename any title of the seller, so it queues a
    whole-seller refresh (as do titles joining a group that built marts already show).
    """
    model = _stored_model(engine, tenant_id)
    ungrouped = ungrouped_titles(engine, tenant_id)
    new_titles = ungrouped.titles
    # A model fitted by an earlier version of the grouping is refitted, not reused.
    stale = model is None or not is_current(model)
    if stale or len(new_titles) > REFIT_SHARE * max(model.fitted_titles, 1):
        sales = seller_titles(engine, tenant_id)
        result, model = fit_clusters(sales)
        _store_model(engine, tenant_id, model)
        members = pd.DataFrame(
            {"item_title": sales["title"], "cluster_id": result.cluster_ids}
        ).drop_duplicates("item_title")
        _store_clusters(engine, tenant_id, result.clusters, members)
        return result.clusters
    ids = assign_titles(new_titles, model)
    return _add_members(engine, tenant_id, new_titles, ids, refresh_seller=ungrouped.in_built_marts)


def _stored_model(engine: Engine, tenant_id: uuid.UUID | str) -> ClusterModel | None:
    with engine.connect() as conn:
        blob = conn.execute(
            text("select model from raw.title_cluster_models where tenant_id = :t"),
            {"t": tenant_id},
        ).scalar()
    # Only _store_model writes these blobs; they never come from a user.
    return pickle.loads(blob) if blob else None


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
    engine: Engine, tenant_id: uuid.UUID | str, clusters: pd.DataFrame, members: pd.DataFrame
) -> None:
    """Replace the seller's clusters and memberships after a fit, and queue the seller's
    marts whole (any title may have changed group)."""
    with engine.begin() as conn:
        enqueue(conn, uuid.UUID(str(tenant_id)), None)
        cursor = conn.connection.driver_connection.cursor()
        for table in ("raw.title_clusters", "raw.title_cluster_members"):
            cursor.execute(f"delete from {table} where tenant_id = %s", (tenant_id,))
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
        _copy_members(cursor, tenant_id, members["item_title"], members["cluster_id"])


def _copy_members(cursor, tenant_id, titles, cluster_ids) -> None:
    with cursor.copy(
        "copy raw.title_cluster_members (tenant_id, item_title, cluster_id) from stdin"
    ) as copy:
        for title, cluster_id in zip(titles, cluster_ids, strict=True):
            copy.write_row((tenant_id, title, int(cluster_id)))


def _add_members(
    engine: Engine,
    tenant_id: uuid.UUID | str,
    titles: list[str],
    cluster_ids,
    *,
    refresh_seller: bool,
) -> pd.DataFrame:
    """Add new titles to their clusters and re-count every cluster of the seller in SQL;
    `refresh_seller` queues the seller's marts whole in the same transaction."""
    recount = text(
        f"with sales as ({_DEDUPLICATED_SALES}),"
        " stats as ("
        "  select m.cluster_id, count(*) as size,"
        "   coalesce(sum(s.item_price) filter (where s.is_completed), 0) as revenue,"
        "   percentile_cont(0.5) within group (order by s.item_price) as typical_price"
        "  from sales as s join raw.title_cluster_members as m"
        "   on m.tenant_id = :tenant and m.item_title = s.item_title"
        "  group by m.cluster_id),"
        " gone as ("
        "  delete from raw.title_clusters as c where c.tenant_id = :tenant"
        "   and c.cluster_id not in (select cluster_id from stats))"
        " insert into raw.title_clusters (tenant_id, cluster_id, name, size, revenue,"
        "  typical_price)"
        " select :tenant, cluster_id, case when cluster_id = :bundle_id then :bundle_name"
        "  else 'Miscellaneous' end, size, round(revenue, 2), round(typical_price::numeric, 2)"
        " from stats"
        " on conflict (tenant_id, cluster_id) do update set size = excluded.size,"
        "  revenue = excluded.revenue, typical_price = excluded.typical_price,"
        "  computed_at = now()"
        " returning cluster_id, name, size, revenue, typical_price"
    )
    with engine.begin() as conn:
        if refresh_seller:
            enqueue(conn, uuid.UUID(str(tenant_id)), None)
        _copy_members(conn.connection.driver_connection.cursor(), tenant_id, titles, cluster_ids)
        rows = conn.execute(
            recount,
            {
                "tenant": tenant_id,
                "bundle_id": BUNDLE_CLUSTER_ID,
                "bundle_name": BUNDLE_CLUSTER_NAME,
            },
        ).all()
    clusters = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return clusters.sort_values(["size", "cluster_id"], ascending=[False, True], ignore_index=True)
