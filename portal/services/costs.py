"""The seller's costs of goods: setting them (each change commits with a queued marts
refresh, mi_core.costs) and what the /costs page shows.

The page reads the seller's own cost tables (what they typed) and the marts (how many
sales each level decides, the groups, subcategories and departments to price). The
marts catch up with a change once the marts-only run queued with it has finished.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from mi_core import costs
from mi_core.models import User

CostError = costs.CostError
CostFileError = costs.CostFileError
UnknownProductGroup = costs.UnknownProductGroup
TEMPLATE_CSV = costs.TEMPLATE_CSV
SOURCE_LABELS = {
    "sale": "Sale (item id)",
    "title": "Title",
    "product_group": "Product group",
    "subcategory": "Subcategory",
    "department_default": "Department share",
}


# --- changes (each commits; the marts follow through the queued refresh) ---


@dataclass(frozen=True)
class CostLevel:
    """A level's two changes in mi_core.costs: (session, seller_id, *key[, value])."""

    set: Callable[..., Decimal]
    clear: Callable[..., bool]


LEVELS = {
    "sale": CostLevel(costs.set_sale_cost, costs.clear_sale_cost),
    # Set by the title as typed, cleared by its normalised form (the page lists that).
    "title": CostLevel(costs.set_title_cost, costs.clear_title_cost),
    "product_group": CostLevel(costs.set_product_group_cost, costs.clear_product_group_cost),
    "subcategory": CostLevel(costs.set_subcategory_cost, costs.clear_subcategory_cost),
    "department_default": CostLevel(costs.set_department_share, costs.clear_department_share),
}


def set_cost(
    session: Session, seller: User, level: str, *key: Any, value: str | Decimal
) -> Decimal:
    """Set the cost (the department's share) at `level` for `key`; returns what was stored."""
    return _committed(session, LEVELS[level].set, seller, *key, value)


def clear_cost(session: Session, seller: User, level: str, *key: Any) -> bool:
    """Forget the cost at `level` for `key`; False when there was none."""
    return _committed(session, LEVELS[level].clear, seller, *key)


def _committed(session: Session, change: Callable[..., Any], seller: User, *args: Any) -> Any:
    # mi_core.costs queues the marts refresh in the session: one commit stores both.
    result = change(session, seller.id, *args)
    session.commit()
    return result


def import_costs(session: Session, seller: User, data: bytes, filename: str) -> costs.CostImport:
    """Apply a cost CSV whole (committed) or not at all (rolled back)."""
    result = costs.import_costs(session, seller.id, data, filename)
    if result.applied:
        session.commit()
    else:
        session.rollback()
    return result


# --- the page ---


def _rows(session: Session, sql: str, seller_id: uuid.UUID) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in session.execute(text(sql), {"seller": seller_id})]


def _marts_built(session: Session) -> bool:
    return session.scalar(text("select to_regclass('marts.fct_sales') is not null")) is True


def page(session: Session, seller: User) -> dict[str, Any]:
    """Everything /costs shows: the costs set at each level and what they cover."""
    built = _marts_built(session)
    return {
        "sources": _source_counts(session, seller.id) if built else [],
        "refresh_pending": _refresh_pending(session, seller.id),
        "groups": costs.product_groups(session, seller.id),
        "earlier_groups": _earlier_group_costs(session, seller.id),
        "subcategories": _subcategories(session, seller.id) if built else [],
        "departments": _departments(session, seller.id) if built else [],
        "titles": _rows(
            session,
            "select title, normalised_title, cost from title_costs"
            " where seller_id = :seller order by title",
            seller.id,
        ),
        "sales": _rows(
            session,
            "select item_id, cost from sale_costs where seller_id = :seller order by item_id",
            seller.id,
        ),
        "source_labels": SOURCE_LABELS,
    }


def _source_counts(session: Session, seller_id: uuid.UUID) -> list[dict[str, Any]]:
    """Completed sales per cost source (None: cost unknown), with their gross."""
    return _rows(
        session,
        """select cost_source, count(*) as sales, coalesce(sum(item_price), 0) as gross,
            sum(cost_of_goods) as cost_of_goods
        from marts.fct_sales where tenant_id = :seller and is_completed
        group by 1 order by 1 nulls last""",
        seller_id,
    )


def _refresh_pending(session: Session, seller_id: uuid.UUID) -> bool:
    return bool(
        session.scalar(
            text("select exists (select 1 from raw.mart_refresh_queue where tenant_id = :seller)"),
            {"seller": seller_id},
        )
    )


def _earlier_group_costs(session: Session, seller_id: uuid.UUID) -> list[dict[str, Any]]:
    """Group costs set before the seller's titles were re-clustered: they stay on the
    titles they were set for."""
    return _rows(
        session,
        """select g.name, g.cost, count(t.item_title) as titles
        from product_group_costs g
        join product_group_cost_titles t on t.product_group_cost_id = g.id
        left join raw.title_cluster_models m on m.tenant_id = g.seller_id
        where g.seller_id = :seller and g.fitted_at is distinct from m.fitted_at
        group by g.id, g.name, g.cost order by g.name""",
        seller_id,
    )


def _subcategories(session: Session, seller_id: uuid.UUID) -> list[dict[str, Any]]:
    return _rows(
        session,
        """select c.department, c.subcategory, c.orders, k.cost
        from marts.fct_seller_categories c
        left join subcategory_costs k on k.seller_id = c.tenant_id
            and k.department = c.department and k.subcategory = c.subcategory
        where c.tenant_id = :seller and c.subcategory <> ''
        order by c.gross_sales desc, c.department, c.subcategory""",
        seller_id,
    )


def _departments(session: Session, seller_id: uuid.UUID) -> list[dict[str, Any]]:
    return _rows(
        session,
        """select c.department, sum(c.orders) as orders, d.share * 100 as percent
        from marts.fct_seller_categories c
        left join department_cost_shares d
            on d.seller_id = c.tenant_id and d.department = c.department
        where c.tenant_id = :seller
        group by c.department, d.share order by sum(c.gross_sales) desc, c.department""",
        seller_id,
    )
