"""What operators see at /admin: sellers, uploads, failures, categorisation spend and the
product's analytics, as plain SQL over the application and billing tables.

Staff are users with fastapi-users' `is_superuser` (`mi staff grant EMAIL`); the portal
answers 404 on every admin route to everyone else. Weeks are ISO weeks (Monday, UTC).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, text, update
from sqlalchemy.orm import Session

from mi_core.billing.plans import PLANS, PlanName
from mi_core.billing.usage import LIVE_STATUSES, current_plan, month_start, utc_now
from mi_core.models import User
from mi_core.settings import Settings

ANALYTICS_WEEKS = 12


# --- staff ---


class NoSuchUserError(LookupError):
    pass


def set_staff(session: Session, email: str, staff: bool) -> User:
    """Grant or revoke staff (is_superuser); the email is matched case-insensitively."""
    user = session.query(User).filter(User.email.ilike(email.strip())).one_or_none()
    if user is None:
        raise NoSuchUserError(email)
    session.execute(update(User).where(User.id == user.id).values(is_superuser=staff))
    session.refresh(user)
    return user


# --- sellers and uploads ---


@dataclass(frozen=True)
class SellerRow:
    id: uuid.UUID
    email: str
    signed_up: datetime
    plan: str
    products_this_month: int
    uploads: int
    last_upload_at: datetime | None
    last_upload_status: str | None


def sellers(conn: Connection, settings: Settings, limit: int = 200) -> list[SellerRow]:
    """Newest sellers first, with plan, this month's products and their last upload."""
    now = utc_now()
    rows = conn.execute(
        text(
            "select u.id, u.email, u.created_at,"
            " coalesce((select sum(p.products) from product_usage p"
            "   where p.seller_id = u.id and p.month = :month), 0) as products,"
            " (select count(*) from uploads x where x.seller_id = u.id) as uploads,"
            " last.created_at as last_at, last.status as last_status"
            " from users u left join lateral (select created_at, status from uploads x"
            "   where x.seller_id = u.id order by created_at desc limit 1) last on true"
            " order by u.created_at desc limit :limit"
        ),
        {"month": month_start(now), "limit": limit},
    )
    return [
        SellerRow(
            id=row.id,
            email=row.email,
            signed_up=row.created_at,
            plan=current_plan(conn, row.id, settings, now).name.value,
            products_this_month=int(row.products),
            uploads=int(row.uploads),
            last_upload_at=row.last_at,
            last_upload_status=row.last_status,
        )
        for row in rows.all()
    ]


@dataclass(frozen=True)
class UploadRow:
    id: uuid.UUID
    seller_email: str
    filename: str
    status: str
    stage: str
    created_at: datetime
    duration_seconds: float | None
    error: str | None
    dagster_run_id: str | None


_UPLOADS = (
    "select up.id, u.email, up.filename, up.status, up.stage, up.created_at, up.error,"
    " up.dagster_run_id, extract(epoch from coalesce(up.completed_at, now()) - up.started_at)"
    " as seconds from uploads up join users u on u.id = up.seller_id"
)


def _upload_rows(conn: Connection, sql: str, params: dict) -> list[UploadRow]:
    return [
        UploadRow(
            id=row.id,
            seller_email=row.email,
            filename=row.filename,
            status=row.status,
            stage=row.stage,
            created_at=row.created_at,
            duration_seconds=None if row.seconds is None else round(float(row.seconds), 1),
            error=row.error,
            dagster_run_id=row.dagster_run_id,
        )
        for row in conn.execute(text(sql), params)
    ]


def recent_uploads(conn: Connection, limit: int = 100) -> list[UploadRow]:
    return _upload_rows(
        conn, f"{_UPLOADS} order by up.created_at desc limit :limit", {"limit": limit}
    )


def recent_failures(conn: Connection, days: int = 7) -> list[UploadRow]:
    return _upload_rows(
        conn,
        f"{_UPLOADS} where up.status = 'failed'"
        " and coalesce(up.completed_at, up.created_at) >= now() - make_interval(days => :days)"
        " order by coalesce(up.completed_at, up.created_at) desc",
        {"days": days},
    )


def dagster_run_url(settings: Settings, run_id: str | None) -> str | None:
    return f"{settings.dagster_ui_base_url}/runs/{run_id}" if run_id else None


# --- categorisation spend ---


@dataclass(frozen=True)
class CategorisationMonth:
    uploads: int
    requests: int
    tokens: int
    llm_titles: int
    cached_titles: int
    cost_usd: Decimal


def categorisation_this_month(conn: Connection) -> CategorisationMonth:
    row = conn.execute(
        text(
            "select count(*) as uploads, coalesce(sum(requests), 0) as requests,"
            " coalesce(sum(prompt_tokens + completion_tokens), 0) as tokens,"
            " coalesce(sum(llm_titles), 0) as llm, coalesce(sum(cached_titles), 0) as cached,"
            " coalesce(sum(estimated_cost_usd), 0) as cost from categorisation_usage"
            " where created_at >= :month"
        ),
        {"month": month_start(utc_now())},
    ).one()
    return CategorisationMonth(
        uploads=int(row.uploads),
        requests=int(row.requests),
        tokens=int(row.tokens),
        llm_titles=int(row.llm),
        cached_titles=int(row.cached),
        cost_usd=Decimal(row.cost),
    )


# --- product analytics ---


@dataclass(frozen=True)
class WeekRow:
    week: date
    signups: int
    activated: int
    active_sellers: int
    uploads: int
    conversions: int


_WEEKS = text(
    """
    with weeks as (
        select generate_series(
            date_trunc('week', now() at time zone 'UTC') - make_interval(weeks => :weeks - 1),
            date_trunc('week', now() at time zone 'UTC'),
            interval '1 week'
        )::date as week
    ),
    signups as (
        select date_trunc('week', created_at at time zone 'UTC')::date as week, count(*) as n
        from users group by 1
    ),
    first_completed as (
        select seller_id, min(completed_at) as at from uploads
        where status = 'completed' and completed_at is not null group by seller_id
    ),
    activated as (
        select date_trunc('week', at at time zone 'UTC')::date as week, count(*) as n
        from first_completed group by 1
    ),
    upload_weeks as (
        select date_trunc('week', created_at at time zone 'UTC')::date as week,
            count(*) as uploads, count(distinct seller_id) as active
        from uploads group by 1
    ),
    first_paid as (
        select seller_id, min(received_at) as at from stripe_events
        where seller_id is not null
            and type in ('checkout.session.completed', 'customer.subscription.created')
        group by seller_id
    ),
    conversions as (
        select date_trunc('week', at at time zone 'UTC')::date as week, count(*) as n
        from first_paid group by 1
    )
    select weeks.week, coalesce(s.n, 0) as signups, coalesce(a.n, 0) as activated,
        coalesce(w.active, 0) as active_sellers, coalesce(w.uploads, 0) as uploads,
        coalesce(c.n, 0) as conversions
    from weeks
    left join signups s using (week)
    left join activated a using (week)
    left join upload_weeks w using (week)
    left join conversions c using (week)
    order by weeks.week
    """
)


def weekly(conn: Connection, weeks: int = ANALYTICS_WEEKS) -> list[WeekRow]:
    """Per ISO week (Monday, UTC), the last `weeks` weeks, empty weeks included: sign-ups,
    sellers activated (their first completed upload), weekly active sellers (who uploaded),
    uploads, and free→paid conversions (a seller's first checkout or subscription)."""
    return [WeekRow(*row) for row in conn.execute(_WEEKS, {"weeks": weeks})]


@dataclass(frozen=True)
class Totals:
    sellers: int
    activated: int
    paid_sellers: int
    conversions: int
    plan_mix: dict[str, int]
    mrr_usd: Decimal


def totals(conn: Connection, settings: Settings, monthly_prices: dict[str, Decimal]) -> Totals:
    """All-time figures. Plan mix: each seller's plan now (override, subscription or free).
    MRR: the stored live subscriptions (mi_core billing tables) at each plan's monthly price
    (`monthly_prices`, from Stripe or settings)."""
    now = utc_now()
    seller_ids = [row.id for row in conn.execute(text("select id from users"))]
    mix = {plan.value: 0 for plan in PLANS}
    for seller_id in seller_ids:
        mix[current_plan(conn, seller_id, settings, now).name.value] += 1
    subscriptions = conn.execute(
        text(
            "select subscription_plan, count(*) from billing_accounts"
            " where subscription_status = any(:live) and subscription_plan = any(:paid)"
            " group by subscription_plan"
        ),
        {"live": sorted(LIVE_STATUSES), "paid": [PlanName.PRO.value, PlanName.BUSINESS.value]},
    ).all()
    mrr = sum(
        (monthly_prices.get(plan, Decimal(0)) * count for plan, count in subscriptions),
        Decimal(0),
    )
    activated = conn.execute(
        text("select count(distinct seller_id) from uploads where status = 'completed'")
    ).scalar_one()
    conversions = conn.execute(
        text(
            "select count(distinct seller_id) from stripe_events where seller_id is not null"
            " and type in ('checkout.session.completed', 'customer.subscription.created')"
        )
    ).scalar_one()
    return Totals(
        sellers=len(seller_ids),
        activated=int(activated),
        paid_sellers=sum(count for _, count in subscriptions),
        conversions=int(conversions),
        plan_mix=mix,
        mrr_usd=mrr.quantize(Decimal("0.01")),
    )
