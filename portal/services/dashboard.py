"""Dashboard answers for the signed-in seller, cached for the JSON API and the page alike.

Answers are cached per process, keyed by the seller's `marts_version` (bumped when the
marts are rebuilt for them, and loaded with the signed-in user anyway): a dashboard opened
again costs no query until the seller's data changes. The dashboard page keeps its
rendered body the same way (`page_fragment`): built from these answers only, it holds
nothing of a session (no CSRF token), so any session of the seller may be shown it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from cachetools import LRUCache
from markupsafe import Markup
from sqlalchemy.orm import Session

from mi_core.db import get_engine
from mi_core.models import User
from mi_core.settings import get_settings
from portal import dashboard
from portal.dashboard import Period

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    department: str | None = None


_answers_lock = threading.Lock()


@lru_cache(maxsize=1)
def _answers() -> LRUCache[Hashable, Any]:
    """About 1 KB–50 KB an answer (a page body ~100 KB): with the default 10,000 entries a
    worker keeps the answers of its ~1,000 busiest dashboards (MI_DASHBOARD_CACHE_ENTRIES)."""
    return LRUCache(maxsize=max(1, get_settings().dashboard_cache_entries))


def remembered(user: User, key: Hashable, compute: Callable[[], T]) -> T:
    """The seller's value for `key`, computed once per marts version (a new version is a
    new key: old entries age out of the LRU). Callers only read it, never change it."""
    full_key = (user.id, user.marts_version, key)
    if get_settings().dashboard_cache_entries == 0:
        return compute()
    with _answers_lock:
        answer = _answers().get(full_key)
    if answer is not None:
        return answer
    answer = compute()
    with _answers_lock:
        _answers()[full_key] = answer
    return answer


def cached(user: User, key: Hashable, compute: Callable[[Session], T]) -> T:
    """The seller's answer for `key` from the marts, computed once per marts version."""

    def query() -> T:
        with Session(get_engine(), expire_on_commit=False) as session:
            return compute(session)

    return remembered(user, ("answer", key), query)


def page_fragment(user: User, key: Hashable, render: Callable[[], Markup]) -> Markup:
    """A rendered part of a page for the seller, once per marts version. `render` must use
    the seller's marts only (what `key` names), nothing of the session."""
    return remembered(user, ("page", key), render)


def widget(
    user: User, name: Hashable, filters: Filters, query: Callable[[Session, Period], T]
) -> T:
    """One widget's answer for the seller over the filtered period (cached)."""

    def compute(session: Session) -> T:
        period = dashboard.resolve_period(
            session, user.id, filters.start, filters.end, filters.department
        )
        return query(session, period)

    return cached(user, (name, filters), compute)


# --- the widgets, by name (the API has one route each; the page shows them all) ---


def period(user: User, filters: Filters) -> Period:
    return widget(user, "period", filters, lambda _session, resolved: resolved)


def summary(user: User, filters: Filters) -> dict[str, Any]:
    return widget(user, "summary", filters, lambda s, p: dashboard.summary(s, user.id, p))


def monthly(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "monthly", filters, lambda s, p: dashboard.monthly(s, user.id, p))


def states(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "states", filters, lambda s, p: dashboard.states(s, user.id, p))


def categories(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "categories", filters, lambda s, p: dashboard.categories(s, user.id, p))


def clusters(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "clusters", filters, lambda s, p: dashboard.clusters(s, user.id, p))


def weekdays(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "weekdays", filters, lambda s, p: dashboard.weekdays(s, user.id, p))


def seasons(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "seasons", filters, lambda s, p: dashboard.seasons(s, user.id, p))


def best_sellers(user: User, filters: Filters, limit: int) -> list[dict[str, Any]]:
    return widget(
        user,
        ("best_sellers", limit),
        filters,
        lambda s, p: dashboard.best_sellers(s, user.id, p, limit),
    )


def fee_regimes(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "fee_regimes", filters, lambda s, p: dashboard.fee_regimes(s, user.id, p))


def fee_rule_changes(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "fee_rule_changes", filters, lambda s, p: dashboard.fee_rule_changes(s, p))


def fee_months(user: User, filters: Filters) -> list[dict[str, Any]]:
    return widget(user, "fee_months", filters, lambda s, p: dashboard.fee_months(s, user.id, p))


def low_confidence_items(user: User, filters: Filters, limit: int) -> list[dict[str, Any]]:
    return widget(
        user,
        ("low_confidence_items", limit),
        filters,
        lambda s, p: dashboard.low_confidence_items(s, user.id, p, limit),
    )


def profit_ranking(user: User, filters: Filters, by: str, limit: int) -> dict[str, Any]:
    """Best and worst items (by="item") or product groups (by="group") by profit."""
    return widget(
        user,
        ("profit_ranking", by, limit),
        filters,
        lambda s, p: dashboard.profit_ranking(s, user.id, p, by, limit),
    )


def period_choices(user: User) -> list[dict[str, Any]]:
    """The periods one click away on the dashboard (last 12 months, all time, years, quarters)."""
    return cached(user, "period_choices", lambda s: dashboard.period_choices(s, user.id))


def departments(user: User) -> list[str]:
    """The departments the seller has sold in (the dashboard's department filter)."""
    return cached(user, "departments", lambda s: dashboard.departments(s, user.id))
