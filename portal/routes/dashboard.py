"""Dashboard widgets: one endpoint each, always for the signed-in seller only."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status

from portal import dashboard
from portal.dashboard import Period
from portal.deps import CurrentUser, SessionDep
from portal.schemas import (
    BestSellerRow,
    CategoryRow,
    ClusterRow,
    DashboardSummary,
    FeeYearRow,
    MonthRow,
    SeasonRow,
    StateRow,
    WeekdayRow,
)

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


def get_period(
    user: CurrentUser,
    session: SessionDep,
    start: Annotated[date | None, Query(description="First sold date; default: first sale")] = None,
    end: Annotated[date | None, Query(description="Last sold date (default: last sale)")] = None,
) -> Period:
    if start and end and end < start:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "end is before start")
    return dashboard.resolve_period(session, user.id, start, end)


PeriodDep = Annotated[Period, Depends(get_period)]


@router.get("/summary")
def read_summary(user: CurrentUser, session: SessionDep, period: PeriodDep) -> DashboardSummary:
    """KPIs of the period and of the preceding period of equal length."""
    return DashboardSummary.model_validate(dashboard.summary(session, user.id, period))


@router.get("/monthly")
def read_monthly(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[MonthRow]:
    return [MonthRow.model_validate(r) for r in dashboard.monthly(session, user.id, period)]


@router.get("/states")
def read_states(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[StateRow]:
    return [StateRow.model_validate(r) for r in dashboard.states(session, user.id, period)]


@router.get("/categories")
def read_categories(
    user: CurrentUser,
    session: SessionDep,
    period: PeriodDep,
    department: str | None = None,
) -> list[CategoryRow]:
    rows = dashboard.categories(session, user.id, period, department)
    return [CategoryRow.model_validate(r) for r in rows]


@router.get("/clusters")
def read_clusters(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[ClusterRow]:
    return [ClusterRow.model_validate(r) for r in dashboard.clusters(session, user.id, period)]


@router.get("/weekdays")
def read_weekdays(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[WeekdayRow]:
    return [WeekdayRow.model_validate(r) for r in dashboard.weekdays(session, user.id, period)]


@router.get("/seasons")
def read_seasons(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[SeasonRow]:
    return [SeasonRow.model_validate(r) for r in dashboard.seasons(session, user.id, period)]


@router.get("/best-sellers")
def read_best_sellers(
    user: CurrentUser,
    session: SessionDep,
    period: PeriodDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[BestSellerRow]:
    rows = dashboard.best_sellers(session, user.id, period, limit)
    return [BestSellerRow.model_validate(r) for r in rows]


@router.get("/fees")
def read_fees(user: CurrentUser, session: SessionDep, period: PeriodDep) -> list[FeeYearRow]:
    return [FeeYearRow.model_validate(r) for r in dashboard.fee_years(session, user.id, period)]
