"""The admin view's answers (queries in mi_core.admin_analytics), as JSON-ready dicts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from mi_core import admin_analytics as analytics
from mi_core.settings import Settings
from portal.services.prices import monthly_amounts


def _jsonable(value: Any) -> Any:
    """Money and other decimals as decimal strings, the rest as it is."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def sellers(session: Session, settings: Settings) -> list[dict[str, Any]]:
    return [asdict(row) for row in analytics.sellers(session.connection(), settings)]


def _with_run_links(settings: Settings, rows: list[analytics.UploadRow]) -> list[dict[str, Any]]:
    return [
        {**asdict(row), "dagster_run_url": analytics.dagster_run_url(settings, row.dagster_run_id)}
        for row in rows
    ]


def uploads(session: Session, settings: Settings) -> list[dict[str, Any]]:
    return _with_run_links(settings, analytics.recent_uploads(session.connection()))


def failures(session: Session, settings: Settings) -> list[dict[str, Any]]:
    return _with_run_links(settings, analytics.recent_failures(session.connection()))


def categorisation(session: Session) -> dict[str, Any]:
    return _jsonable(asdict(analytics.categorisation_this_month(session.connection())))


def product_analytics(session: Session, settings: Settings) -> dict[str, Any]:
    conn = session.connection()
    totals = analytics.totals(conn, settings, monthly_amounts(settings))
    return {
        "weeks": [asdict(row) for row in analytics.weekly(conn)],
        "totals": _jsonable(asdict(totals)),
    }
