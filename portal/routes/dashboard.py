"""Dashboard widgets: one endpoint each, always for the signed-in seller only.

Each request makes one trip to the thread pool: the filters are parsed by an async
dependency (no I/O) and the endpoint opens its session, resolves the period and runs the
widget's query in one synchronous call. (A sync session dependency and a sync period
dependency would add three more thread-pool round trips per request; these endpoints are
called ten at a time by every open dashboard, see bench/bench_dashboard.py.)

Answers are cached per process, keyed by the seller's `marts_version` (bumped when the
marts are rebuilt for them, and loaded with the signed-in user anyway): a dashboard opened
again costs no query until the seller's data changes.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar

from cachetools import LRUCache
from fastapi import APIRouter, Depends, HTTPException, Query, status
from sqlalchemy.orm import Session

from mi_core.db import get_engine
from mi_core.models import User
from portal import dashboard
from portal.dashboard import Period
from portal.deps import CurrentUser
from portal.schemas import (
    BestSellerRow,
    CategoryRow,
    ClusterRow,
    DashboardSummary,
    FeeMonthRow,
    FeeYearRow,
    LowConfidenceItem,
    MonthRow,
    SeasonRow,
    StateRow,
    WeekdayRow,
    errors,
)

router = APIRouter(prefix="/dashboard", tags=["dashboard"], responses=errors(401))
# Every widget takes the filters: 422 for an invalid one or an end before the start.
_FILTERED = errors(422)

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    start: date | None
    end: date | None
    department: str | None


async def get_filters(
    start: Annotated[date | None, Query(description="First sold date; default: first sale")] = None,
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


# About 1 KB–50 KB an answer; a worker keeps the answers of its ~1,000 busiest dashboards.
_answers: LRUCache[Hashable, Any] = LRUCache(maxsize=10_000)
_answers_lock = threading.Lock()


def widget(
    user: User, name: Hashable, filters: Filters, query: Callable[[Session, Period], T]
) -> T:
    """One widget's answer for the seller over the filtered period (cached until the
    seller's marts are rebuilt). Callers only read the answer, never change it."""
    key = (user.id, user.marts_version, name, filters)
    with _answers_lock:
        cached = _answers.get(key)
    if cached is not None:
        return cached
    answer = _run_query(user.id, filters, query)
    with _answers_lock:
        _answers[key] = answer
    return answer


def _run_query(user_id: uuid.UUID, filters: Filters, query: Callable[[Session, Period], T]) -> T:
    with Session(get_engine(), expire_on_commit=False) as session:
        period = dashboard.resolve_period(
            session, user_id, filters.start, filters.end, filters.department
        )
        return query(session, period)


def _rows(model: Any, rows: list[dict[str, Any]]) -> list[Any]:
    return [model.model_validate(row) for row in rows]


@router.get("/summary", responses=_FILTERED)
def read_summary(user: CurrentUser, filters: FiltersDep) -> DashboardSummary:
    """KPIs of the period and of the preceding period of equal length."""
    summary = widget(user, "summary", filters, lambda s, p: dashboard.summary(s, user.id, p))
    return DashboardSummary.model_validate(summary)


@router.get("/monthly", responses=_FILTERED)
def read_monthly(user: CurrentUser, filters: FiltersDep) -> list[MonthRow]:
    return _rows(
        MonthRow, widget(user, "monthly", filters, lambda s, p: dashboard.monthly(s, user.id, p))
    )


@router.get("/states", responses=_FILTERED)
def read_states(user: CurrentUser, filters: FiltersDep) -> list[StateRow]:
    return _rows(
        StateRow, widget(user, "states", filters, lambda s, p: dashboard.states(s, user.id, p))
    )


@router.get("/categories", responses=_FILTERED)
def read_categories(user: CurrentUser, filters: FiltersDep) -> list[CategoryRow]:
    rows = widget(user, "categories", filters, lambda s, p: dashboard.categories(s, user.id, p))
    return _rows(CategoryRow, rows)


@router.get("/clusters", responses=_FILTERED)
def read_clusters(user: CurrentUser, filters: FiltersDep) -> list[ClusterRow]:
    rows = widget(user, "clusters", filters, lambda s, p: dashboard.clusters(s, user.id, p))
    return _rows(ClusterRow, rows)


@router.get("/weekdays", responses=_FILTERED)
def read_weekdays(user: CurrentUser, filters: FiltersDep) -> list[WeekdayRow]:
    rows = widget(user, "weekdays", filters, lambda s, p: dashboard.weekdays(s, user.id, p))
    return _rows(WeekdayRow, rows)


@router.get("/seasons", responses=_FILTERED)
def read_seasons(user: CurrentUser, filters: FiltersDep) -> list[SeasonRow]:
    rows = widget(user, "seasons", filters, lambda s, p: dashboard.seasons(s, user.id, p))
    return _rows(SeasonRow, rows)


@router.get("/best-sellers", responses=_FILTERED)
def read_best_sellers(
    user: CurrentUser,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[BestSellerRow]:
    rows = widget(
        user,
        ("best_sellers", limit),
        filters,
        lambda s, p: dashboard.best_sellers(s, user.id, p, limit),
    )
    return _rows(BestSellerRow, rows)


@router.get("/fees", responses=_FILTERED)
def read_fees(user: CurrentUser, filters: FiltersDep) -> list[FeeYearRow]:
    rows = widget(user, "fee_years", filters, lambda s, p: dashboard.fee_years(s, user.id, p))
    return _rows(FeeYearRow, rows)


@router.get("/fee-months", responses=_FILTERED)
def read_fee_months(user: CurrentUser, filters: FiltersDep) -> list[FeeMonthRow]:
    """Fees per month, each month labelled with the Mercari fee rules then in force."""
    rows = widget(user, "fee_months", filters, lambda s, p: dashboard.fee_months(s, user.id, p))
    return _rows(FeeMonthRow, rows)


@router.get("/departments")
def read_departments(user: CurrentUser) -> list[str]:
    """The departments the seller has sold in (the dashboard's department filter)."""
    with Session(get_engine()) as session:
        return dashboard.departments(session, user.id)


@router.get("/low-confidence", responses=_FILTERED)
def read_low_confidence_items(
    user: CurrentUser,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[LowConfidenceItem]:
    """Titles categorised with confidence below 0.5, least certain first, to review."""
    rows = widget(
        user,
        ("low_confidence_items", limit),
        filters,
        lambda s, p: dashboard.low_confidence_items(s, user.id, p, limit),
    )
    return _rows(LowConfidenceItem, rows)
