"""The dashboard page: KPIs with period comparison, the charts with their numbers, filters,
exports; and Plotly's JavaScript, served from the Python package so pages work offline."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response, status
from plotly.offline import get_plotlyjs

from mi_core.models import User
from mi_core.settings import Settings
from portal import charts, metabase
from portal.deps import OptionalPageUser, PageUser, SettingsDep
from portal.routes.sales_pages import correction_notices
from portal.services import corrections as corrections_service
from portal.services import dashboard as service
from portal.services import exports
from portal.services.dashboard import Filters
from portal.services.demo import demo_seller
from portal.templating import render, render_fragment

router = APIRouter(include_in_schema=False)

LOW_CONFIDENCE_ITEMS = 50
PRODUCT_GROUPS = 20
BEST_SELLERS = 10

# (field, label, kind) of the KPI cards; kind picks the formatting.
KPI_CARDS = [
    ("gross_sales", "Gross sales", "money"),
    ("net_proceeds", "Net proceeds", "money"),
    ("fees", "Fees", "money"),
    ("fee_share", "Fees / gross", "percent"),
    ("orders", "Orders", "number"),
    ("cancelled_orders", "Cancellations", "number"),
    ("cancellation_rate", "Cancellation rate", "percent"),
    ("average_price", "Average sale price", "money"),
    ("average_days_to_complete", "Days to completion", "days"),
    # Over the completed sales that have a cost (see the "cost unknown" line).
    ("profit", "Profit", "money"),
    ("margin", "Margin", "percent"),
    ("roi", "ROI", "percent"),
    ("cost_of_goods", "Cost of goods", "money"),
]
PROFIT_RANKING = 5
# For these a rise is bad news (shown in red).
RISE_IS_BAD = {"fees", "fee_share", "cancelled_orders", "cancellation_rate",
               "average_days_to_complete", "cost_of_goods"}  # fmt: skip


@lru_cache
def _plotly_js() -> bytes:
    return get_plotlyjs().encode()


@router.get("/assets/plotly.min.js")
def plotly_js() -> Response:
    return Response(
        _plotly_js(),
        media_type="application/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _change(current: Any, previous: Any) -> float | None:
    """Relative change of a KPI against the previous period (None when not comparable)."""
    if current is None or previous in (None, "", 0, "0", "0.00"):
        return None
    before = float(previous)
    return None if before == 0 else (float(current) - before) / before


def period_links(
    choices: list[dict[str, Any]], period: Any, department: str | None, page: str = "/dashboard"
) -> list[dict[str, Any]]:
    """The period choices as links (keeping the department filter), the shown one marked."""
    links = []
    for choice in choices:
        params = {}
        if choice["start"] is not None:
            params = {"start": choice["start"].isoformat(), "end": choice["end"].isoformat()}
        if department:
            params["department"] = department
        links.append(
            {
                **choice,
                "href": page + (f"?{urlencode(params)}" if params else ""),
                "active": choice["range"] == (period.start, period.end),
            }
        )
    return links


def kpi_cards(summary: dict[str, Any]) -> list[dict[str, Any]]:
    previous = summary["previous"]
    return [
        {
            "field": name,
            "label": label,
            "kind": kind,
            "value": summary[name],
            "previous": previous[name],
            "change": _change(summary[name], previous[name]),
            "rise_is_bad": name in RISE_IS_BAD,
        }
        for name, label, kind in KPI_CARDS
    ]


@router.get("/dashboard")
def dashboard_page(
    request: Request,
    user: PageUser,
    settings: SettingsDep,
    start: str | None = None,
    end: str | None = None,
    department: str | None = None,
) -> Response:
    return _dashboard(request, user, settings, start, end, department)


@router.get("/demo")
def demo_dashboard_page(
    request: Request,
    visitor: OptionalPageUser,
    settings: SettingsDep,
    start: str | None = None,
    end: str | None = None,
    department: str | None = None,
) -> Response:
    """The demo seller's dashboard, read-only and without an account: the same read-only
    mart queries as a seller's own, no exports, no Metabase, nothing written."""
    seller = demo_seller(settings)
    if seller is None:
        return render(request, "not_found.html", {}, status.HTTP_404_NOT_FOUND)
    return _dashboard(request, seller, settings, start, end, department, demo=True)


def body_context(
    user: User, filters: Filters, departments: list[str], page: str, here: str
) -> dict[str, Any]:
    """What the cached body shows: the seller's marts only (the same cached answers as the
    JSON API, portal.services.dashboard), nothing of the request's session."""
    period = service.period(user, filters)
    summary = service.summary(user, filters)
    groups = service.clusters(user, filters)
    department = filters.department
    return {
        "period": period,
        "period_choices": period_links(service.period_choices(user), period, department, page),
        "departments": departments,
        "department": department or "",
        "page": page,
        "summary": summary,
        "kpis": kpi_cards(summary),
        "charts": [
            charts.monthly_chart(service.monthly(user, filters)),
            charts.fees_chart(
                service.fee_months(user, filters),
                service.fee_rule_changes(user, filters),
                service.fee_regimes(user, filters),
            ),
            charts.categories_chart(service.categories(user, filters)),
            charts.clusters_chart(groups),
            charts.states_chart(service.states(user, filters)),
            charts.best_sellers_chart(service.best_sellers(user, filters, BEST_SELLERS)),
            charts.weekdays_chart(service.weekdays(user, filters)),
            charts.seasons_chart(service.seasons(user, filters)),
        ],
        "low_confidence": service.low_confidence_items(user, filters, LOW_CONFIDENCE_ITEMS),
        "profit_items": service.profit_ranking(user, filters, "item", PROFIT_RANKING),
        "profit_groups": service.profit_ranking(user, filters, "group", PROFIT_RANKING),
        "groups": [g for g in groups if g["cluster_id"] >= 0][:PRODUCT_GROUPS],
        "correct_link": lambda **target: "/sales/correct?" + urlencode({**target, "next": here}),
    }


def _dashboard(
    request: Request,
    user: User,
    settings: Settings,
    start: str | None,
    end: str | None,
    department: str | None,
    *,
    demo: bool = False,
) -> Response:
    page = "/demo" if demo else "/dashboard"
    departments = service.departments(user)
    if not departments:
        return render(
            request,
            "dashboard.html",
            {"has_sales": False, "metabase_embed_url": None, "demo": demo, "page": page},
        )
    flashes = []
    first, last = _parse_day(start), _parse_day(end)
    if first and last and last < first:
        flashes.append(
            ("error", "The end date is before the start date; showing the last 12 months.")
        )
        first = last = None
    if department and department not in departments:
        department = None
    # Correction links (the review list, the product groups) come back here afterwards.
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    filters = Filters(first, last, department)
    context: dict[str, Any] = {
        "flashes": flashes,
        "has_sales": True,
        "demo": demo,
        "page": page,
        # Per request, around the cached body: the plan, a short-lived signed link, the
        # seller's corrections (they change before the marts do) with the CSRF token.
        "export_allowed": not demo and exports.export_allowed(user),
        # None unless Metabase is configured; the token locks the seller's own id.
        "metabase_embed_url": None if demo else metabase.dashboard_embed_url(settings, user.id),
        "corrections": corrections_service.list_of(user),
        "here": here,
        "body": service.page_fragment(
            user,
            ("dashboard", page, filters, here),
            lambda: render_fragment(
                "_dashboard_body.html", body_context(user, filters, departments, page, here)
            ),
        ),
    }
    flashes += correction_notices(request)
    return render(request, "dashboard.html", context)
