"""Dashboard widgets: one endpoint each, always for the signed-in seller only.

The answers come from portal.services.dashboard (cached per seller until their marts are
rebuilt; the dashboard page reads the same cache). Each request makes one trip to the
thread pool: the filters are parsed by an async dependency (no I/O) and the endpoint
resolves the period and runs the widget's query in one synchronous call (a sync session
dependency would add thread-pool round trips per request; these endpoints are called ten
at a time by every open dashboard, see bench/bench_dashboard.py).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from portal.deps import CurrentUser
from portal.schemas import (
    BestSellerRow,
    CategoryRow,
    ClusterRow,
    DashboardSummary,
    FeeMonthRow,
    FeeRegimeRow,
    LowConfidenceItem,
    MonthRow,
    SeasonRow,
    StateRow,
    WeekdayRow,
    errors,
)
from portal.services import dashboard as service
from portal.services.dashboard import Filters

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=errors(401))
# Every widget takes the filters: 422 for an invalid one or an end before the start.
_FILTERED = errors(422)


async def get_filters(
    start: Annotated[
        date | None,
        Query(description="First sold date (default: 12 months before the end)"),
    ] = None,
    end: Annotated[date | None, Query(description="Last sold date (default: last sale)")] = None,
    department: Annotated[
        str | None, Query(description="Only this department (default: all)")
    ] = None,
) -> Filters:
    if start and end and end < start:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "end is before start")
    if department and "\x00" in department:
        # PostgreSQL text cannot hold NUL: no department has one (it answered 500).
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "department contains NUL")
    return Filters(start, end, department)


FiltersDep = Annotated[Filters, Depends(get_filters)]


def _rows(model: Any, rows: list[dict[str, Any]]) -> list[Any]:
    return [model.model_validate(row) for row in rows]


@router.get("/summary", responses=_FILTERED)
def read_summary(user: CurrentUser, filters: FiltersDep) -> DashboardSummary:
    """KPIs of the period and of the comparison window before it: as many months before
    as the period spans whole months (by default the last 12 months with data against the
    12 months before), else as many days."""
    return DashboardSummary.model_validate(service.summary(user, filters))


@router.get("/monthly", responses=_FILTERED)
def read_monthly(user: CurrentUser, filters: FiltersDep) -> list[MonthRow]:
    return _rows(MonthRow, service.monthly(user, filters))


@router.get("/states", responses=_FILTERED)
def read_states(user: CurrentUser, filters: FiltersDep) -> list[StateRow]:
    return _rows(StateRow, service.states(user, filters))


@router.get("/categories", responses=_FILTERED)
def read_categories(user: CurrentUser, filters: FiltersDep) -> list[CategoryRow]:
    return _rows(CategoryRow, service.categories(user, filters))


@router.get("/clusters", responses=_FILTERED)
def read_clusters(user: CurrentUser, filters: FiltersDep) -> list[ClusterRow]:
    return _rows(ClusterRow, service.clusters(user, filters))


@router.get("/weekdays", responses=_FILTERED)
def read_weekdays(user: CurrentUser, filters: FiltersDep) -> list[WeekdayRow]:
    return _rows(WeekdayRow, service.weekdays(user, filters))


@router.get("/seasons", responses=_FILTERED)
def read_seasons(user: CurrentUser, filters: FiltersDep) -> list[SeasonRow]:
    return _rows(SeasonRow, service.seasons(user, filters))


@router.get("/best-sellers", responses=_FILTERED)
def read_best_sellers(
    user: CurrentUser,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[BestSellerRow]:
    return _rows(BestSellerRow, service.best_sellers(user, filters, limit))


@router.get("/fees", responses=_FILTERED)
def read_fees(user: CurrentUser, filters: FiltersDep) -> list[FeeRegimeRow]:
    """Fees per Mercari fee regime (the rule of each sale's sold date), with the fee check:
    sales charged by the earlier rule, sales differing and the money involved."""
    return _rows(FeeRegimeRow, service.fee_regimes(user, filters))


@router.get("/fee-months", responses=_FILTERED)
def read_fee_months(user: CurrentUser, filters: FiltersDep) -> list[FeeMonthRow]:
    """Fees per month, each month labelled with the Mercari fee rules in force during it."""
    return _rows(FeeMonthRow, service.fee_months(user, filters))


@router.get("/departments")
def read_departments(user: CurrentUser) -> list[str]:
    """The departments the seller has sold in (the dashboard's department filter)."""
    return service.departments(user)


@router.get("/low-confidence", responses=_FILTERED)
def read_low_confidence_items(
    user: CurrentUser,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[LowConfidenceItem]:
    """Titles categorised with confidence below MI_LOW_CONFIDENCE_BELOW (default 0.5),
    least certain first, to review."""
    return _rows(LowConfidenceItem, service.low_confidence_items(user, filters, limit))
