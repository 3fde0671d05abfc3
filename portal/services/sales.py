"""The seller's sales with their category and product group, searchable and filterable
(the sales page and GET /api/sales), read from the marts."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from mi_core.categorisation import load_taxonomy
from mi_core.models import User
from portal.services.dashboard import cached

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
SOURCES = ("offline", "llm", "cache", "seller")


@dataclass(frozen=True)
class SalesFilters:
    q: str | None = None
    department: str | None = None
    subcategory: str | None = None
    source: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


# Each filter as (SQL condition, parameter); `q` matches anywhere in the title.
_CONDITIONS = {
    "q": "s.item_title ilike :q escape '\\'",
    "department": "s.department = :department",
    "subcategory": "s.subcategory = :subcategory",
    "source": "s.category_source = :source",
}


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(tenant_id: uuid.UUID, filters: SalesFilters) -> tuple[str, dict[str, Any]]:
    clauses = ["s.tenant_id = :tenant"]
    params: dict[str, Any] = {"tenant": tenant_id}
    for name, condition in _CONDITIONS.items():
        value = getattr(filters, name)
        if value:
            clauses.append(condition)
            params[name] = _like(value) if name == "q" else value
    return " and ".join(clauses), params


def _marts_built(session: Session) -> bool:
    return session.execute(text("select to_regclass('marts.fct_sales') is not null")).scalar()


def sales_page(session: Session, tenant_id: uuid.UUID, filters: SalesFilters) -> dict[str, Any]:
    """One page of the seller's sales, newest first, with the total that match."""
    if not _marts_built(session):
        return {"items": [], "total": 0, "page": 1, "per_page": filters.per_page, "pages": 0}
    where, params = _where(tenant_id, filters)
    total = session.execute(text(f"select count(*) from marts.fct_sales s where {where}"), params)
    total = int(total.scalar() or 0)
    pages = math.ceil(total / filters.per_page)
    page = max(1, min(filters.page, pages or 1))
    rows = session.execute(
        text(
            f"""select s.sale_key, s.item_id, s.item_title as title, s.sold_date,
                s.order_status, s.item_price, s.net_seller_proceeds, s.department,
                s.subcategory, s.category_confidence, s.category_source,
                c.cluster_id, c.cluster_name
            from marts.fct_sales s
            left join marts.dim_title_clusters c
                on c.tenant_id = s.tenant_id and c.item_title = s.item_title
            where {where}
            order by s.sold_date desc, s.item_id, s.order_status
            limit :limit offset :offset"""
        ),
        {**params, "limit": filters.per_page, "offset": (page - 1) * filters.per_page},
    ).mappings()
    return {
        "items": [_sale(row) for row in rows],
        "total": total,
        "page": page,
        "per_page": filters.per_page,
        "pages": pages,
    }


def _decimal(value: Decimal | None, places: str = "0.01") -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal(places)))


def _sale(row: Any) -> dict[str, Any]:
    group = None
    if row["cluster_id"] is not None:
        group = {"id": row["cluster_id"], "name": row["cluster_name"]}
    return {
        "sale_key": row["sale_key"],
        "item_id": row["item_id"],
        "title": row["title"],
        "sold_date": row["sold_date"],
        "order_status": row["order_status"],
        "item_price": _decimal(row["item_price"]),
        "net_seller_proceeds": _decimal(row["net_seller_proceeds"]),
        "department": row["department"],
        "subcategory": row["subcategory"],
        "confidence": _decimal(row["category_confidence"], "0.0001"),
        "source": row["category_source"],
        "group": group,
    }


def filter_choices(session: Session, tenant_id: uuid.UUID) -> dict[str, list[str]]:
    """What the page's filter boxes offer: the seller's departments and subcategories."""
    if not _marts_built(session):
        return {"departments": [], "subcategories": [], "sources": list(SOURCES)}
    rows = session.execute(
        text(
            "select distinct department, subcategory from marts.fct_sales"
            " where tenant_id = :tenant order by 1, 2"
        ),
        {"tenant": tenant_id},
    ).all()
    return {
        "departments": sorted({d for d, _ in rows}),
        "subcategories": sorted({s for _, s in rows if s}),
        "sources": list(SOURCES),
    }


def taxonomy_choices() -> dict[str, list[str]]:
    """department → subcategories, for the correction forms' select boxes."""
    return {d: list(subs) for d, subs in load_taxonomy().departments.items()}


def cached_sales_page(user: User, filters: SalesFilters) -> dict[str, Any]:
    """`sales_page` of the signed-in seller, kept until their marts change (the dashboard's
    per-seller cache: a seller paging back and forth queries once per marts version)."""
    return cached(user, ("sales_page", filters), lambda s: sales_page(s, user.id, filters))


def cached_filter_choices(user: User) -> dict[str, list[str]]:
    return cached(user, "sales_filter_choices", lambda s: filter_choices(s, user.id))
