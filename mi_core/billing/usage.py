"""What plan a seller is on, what they have used, and the limits enforced on both.

**A product processed** is one valid sale row of an uploaded report (completed or
cancelled; quarantined rows are not products) that the pipeline loads. Each upload row is
counted once, in the calendar month (UTC) in which it is first loaded: re-processing an
upload (a re-run, or the release of its waiting rows) counts only rows never counted
before, and deleting an upload gives nothing back. When a report has more rows than the
month's remaining allowance, its rows are loaded in file order up to the allowance and the
rest wait on the upload (`uploads.waiting_rows`) until the allowance grows (an upgrade, an
operator's override or a new month), when the upload is re-submitted.

**An upload** counts on the UTC day it is accepted; a refused file (too large, not a
report, over the limit) does not count, and deleting an upload gives nothing back.

Both counters are race-free: a PostgreSQL transaction-scoped advisory lock per seller
(and per counter) is held from the count to the insert, until the transaction commits, so
two uploads or two loads of the same seller at the same moment are counted one after the
other and cannot both pass under the limit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from mi_core.billing.plans import PLANS, Plan, PlanName, limit_text, plan_named
from mi_core.models import (
    BillingAccount,
    DailyUploadCount,
    PlanOverride,
    ProductUsage,
    Upload,
    UploadStage,
    UploadStatus,
    User,
)
from mi_core.settings import Settings

Database = Session | Connection

# First key of the two-key advisory locks, one per counter (second key: the seller).
_UPLOADS_LOCK = 0x4D49_0001
_PRODUCTS_LOCK = 0x4D49_0002

# Subscription statuses under which the subscribed plan applies (past_due and unpaid only
# within the grace period that follows the first failed payment).
ACTIVE_STATUSES = frozenset({"active", "trialing"})
DUNNING_STATUSES = frozenset({"past_due", "unpaid"})
LIVE_STATUSES = ACTIVE_STATUSES | DUNNING_STATUSES


@dataclass(frozen=True)
class PlanState:
    plan: Plan
    source: Literal["default", "subscription", "override"]
    override_until: datetime | None
    account: BillingAccount | None
    grace_until: datetime | None


class UploadLimitReachedError(Exception):
    """The seller has used every upload of their plan today."""

    def __init__(self, plan: Plan, now: datetime) -> None:
        self.plan = plan
        self.limit = plan.uploads_per_day or 0
        self.resets_at = start_of_next_day(now)
        wait = self.resets_at - now
        hours, minutes = divmod(int(wait.total_seconds()) // 60, 60)
        super().__init__(
            f"Your {plan.title} plan allows {self.limit} uploads a day and you have used all "
            f"{self.limit} today. You can upload again from {self.resets_at:%Y-%m-%d %H:%M} UTC "
            f"(in {hours} h {minutes:02d} min), or upgrade your plan for more uploads."
        )

    @property
    def retry_after_seconds(self) -> int:
        return max(int((self.resets_at - datetime.now(UTC)).total_seconds()), 1)


def utc_now() -> datetime:
    return datetime.now(UTC)


def month_start(now: datetime) -> date:
    return now.astimezone(UTC).date().replace(day=1)


def start_of_next_day(now: datetime) -> datetime:
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(), tzinfo=UTC)


def start_of_next_month(now: datetime) -> datetime:
    first = month_start(now)
    following = (first + timedelta(days=32)).replace(day=1)
    return datetime.combine(following, time(), tzinfo=UTC)


def _lock(db: Database, counter: int, seller_id: uuid.UUID) -> None:
    db.execute(
        text("select pg_advisory_xact_lock(:counter, hashtext(:seller))"),
        {"counter": counter, "seller": str(seller_id)},
    )


# --- the plan ---


def active_override(db: Database, seller_id: uuid.UUID, now: datetime) -> PlanOverride | None:
    """The newest override of the seller, if it has not expired."""
    row = db.execute(
        select(PlanOverride.plan, PlanOverride.until, PlanOverride.granted_at)
        .where(PlanOverride.seller_id == seller_id)
        .order_by(PlanOverride.granted_at.desc(), PlanOverride.id.desc())
        .limit(1)
    ).first()
    if row is None or (row.until is not None and row.until <= now):
        return None
    return PlanOverride(plan=row.plan, until=row.until, granted_at=row.granted_at)


def billing_account(db: Database, seller_id: uuid.UUID) -> BillingAccount | None:
    if isinstance(db, Session):
        return db.get(BillingAccount, seller_id)
    row = db.execute(
        select(BillingAccount.__table__).where(BillingAccount.seller_id == seller_id)
    ).first()
    return BillingAccount(**row._mapping) if row is not None else None


def grace_until(account: BillingAccount, settings: Settings) -> datetime | None:
    if account.payment_failed_at is None:
        return None
    return account.payment_failed_at + timedelta(days=settings.billing_grace_days)


def subscribed_plan(
    account: BillingAccount | None, settings: Settings, now: datetime
) -> PlanName | None:
    """The plan the stored subscription grants now, if any."""
    if account is None or account.subscription_status not in LIVE_STATUSES:
        return None
    if account.subscription_plan not in {PlanName.PRO, PlanName.BUSINESS}:
        return None
    grace_end = grace_until(account, settings)
    if grace_end is not None and now >= grace_end:
        return None
    return PlanName(account.subscription_plan)


def plan_state(
    db: Database, seller_id: uuid.UUID, settings: Settings, now: datetime | None = None
) -> PlanState:
    """The seller's plan: an unexpired override, else the subscription, else free."""
    now = now or utc_now()
    account = billing_account(db, seller_id)
    grace_end = grace_until(account, settings) if account is not None else None
    override = active_override(db, seller_id, now)
    if override is not None:
        return PlanState(plan_named(override.plan), "override", override.until, account, grace_end)
    subscribed = subscribed_plan(account, settings, now)
    if subscribed is not None:
        return PlanState(PLANS[subscribed], "subscription", None, account, grace_end)
    return PlanState(PLANS[PlanName.FREE], "default", None, account, grace_end)


def current_plan(
    db: Database, seller_id: uuid.UUID, settings: Settings, now: datetime | None = None
) -> Plan:
    return plan_state(db, seller_id, settings, now).plan


# --- uploads per day ---


def uploads_on(db: Database, seller_id: uuid.UUID, day: date) -> int:
    used = db.scalar(
        select(DailyUploadCount.uploads).where(
            DailyUploadCount.seller_id == seller_id, DailyUploadCount.day == day
        )
    )
    return used or 0


def reserve_daily_upload(
    db: Database, settings: Settings, seller_id: uuid.UUID, now: datetime | None = None
) -> None:
    """Count one upload for today, or raise UploadLimitReachedError if none is left.

    Call it before storing anything; the count is part of the caller's transaction (a
    failure later rolls it back) and the advisory lock is held until that commits.
    """
    now = now or utc_now()
    _lock(db, _UPLOADS_LOCK, seller_id)
    plan = current_plan(db, seller_id, settings, now)
    day = now.astimezone(UTC).date()
    if plan.uploads_per_day is not None and uploads_on(db, seller_id, day) >= plan.uploads_per_day:
        raise UploadLimitReachedError(plan, now)
    statement = insert(DailyUploadCount).values(seller_id=seller_id, day=day, uploads=1)
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[DailyUploadCount.seller_id, DailyUploadCount.day],
            set_={"uploads": DailyUploadCount.uploads + 1},
        )
    )


# --- products per month ---


@dataclass(frozen=True)
class Admission:
    """How many of an upload's valid rows (in file order) are loaded now."""

    admitted: int
    counted_now: int
    waiting: int


def products_in_month(db: Database, seller_id: uuid.UUID, month: date) -> int:
    total = db.scalar(
        select(func.coalesce(func.sum(ProductUsage.products), 0)).where(
            ProductUsage.seller_id == seller_id, ProductUsage.month == month
        )
    )
    return int(total or 0)


def admit_products(
    db: Database,
    settings: Settings,
    seller_id: uuid.UUID,
    upload_id: uuid.UUID,
    valid_rows: int,
    now: datetime | None = None,
) -> Admission:
    """Count the upload's rows against the month's allowance; see the module docstring.

    Rows counted before (in any month) are always admitted again; of the others, as many
    as the allowance leaves. Run it in the transaction that loads the rows, so a failed
    load counts nothing.
    """
    now = now or utc_now()
    _lock(db, _PRODUCTS_LOCK, seller_id)
    counted_before = int(
        db.scalar(
            select(func.coalesce(func.sum(ProductUsage.products), 0)).where(
                ProductUsage.upload_id == upload_id
            )
        )
        or 0
    )
    uncounted = max(valid_rows - counted_before, 0)
    limit = current_plan(db, seller_id, settings, now).products_per_month
    month = month_start(now)
    if limit is None:
        counted_now = uncounted
    else:
        remaining = max(limit - products_in_month(db, seller_id, month), 0)
        counted_now = min(uncounted, remaining)
    if counted_now:
        statement = insert(ProductUsage).values(
            upload_id=upload_id, month=month, seller_id=seller_id, products=counted_now
        )
        db.execute(
            statement.on_conflict_do_update(
                index_elements=[ProductUsage.upload_id, ProductUsage.month],
                set_={"products": ProductUsage.products + counted_now},
            )
        )
    admitted = min(valid_rows, counted_before + counted_now)
    return Admission(admitted=admitted, counted_now=counted_now, waiting=valid_rows - admitted)


def waiting_rows(db: Database, seller_id: uuid.UUID) -> int:
    total = db.scalar(
        select(func.coalesce(func.sum(Upload.waiting_rows), 0)).where(Upload.seller_id == seller_id)
    )
    return int(total or 0)


def waiting_notice(waiting: int, plan: Plan) -> str | None:
    """What a seller reads about an upload's waiting rows."""
    if not waiting:
        return None
    return (
        f"{waiting:,} rows of this report are waiting: your {plan.title} plan processes "
        f"{limit_text(plan.products_per_month, 'products')} a month and this month's allowance "
        "is used up. Upgrade your plan (Billing) and they are processed without uploading "
        "again; otherwise they are processed when next month's allowance starts."
    )


def has_allowance(
    db: Database, seller_id: uuid.UUID, settings: Settings, now: datetime | None = None
) -> bool:
    now = now or utc_now()
    limit = current_plan(db, seller_id, settings, now).products_per_month
    return limit is None or products_in_month(db, seller_id, month_start(now)) < limit


def release_waiting_uploads(
    db: Database, settings: Settings, seller_id: uuid.UUID, now: datetime | None = None
) -> list[uuid.UUID]:
    """Re-submit the seller's uploads that hold waiting rows, if the allowance now has room.

    They become pending again with a new run generation; the pending-uploads sensor starts
    their runs, which load the waiting rows (already counted rows are not counted again).
    Uploads being processed are left alone: their load decides with the new plan anyway.
    """
    if not has_allowance(db, seller_id, settings, now):
        return []
    released = db.execute(
        update(Upload)
        .where(
            Upload.seller_id == seller_id,
            Upload.waiting_rows > 0,
            Upload.status == UploadStatus.COMPLETED,
        )
        .values(
            status=UploadStatus.PENDING,
            stage=UploadStage.QUEUED,
            dagster_run_id=None,
            error=None,
            completed_at=None,
            run_generation=Upload.run_generation + 1,
        )
        .returning(Upload.id)
    )
    return list(released.scalars())


def sellers_with_waiting_rows(db: Database) -> list[uuid.UUID]:
    rows = db.execute(
        select(Upload.seller_id)
        .where(Upload.waiting_rows > 0, Upload.status == UploadStatus.COMPLETED)
        .distinct()
    )
    return list(rows.scalars())


def releasable_sellers(db: Database, settings: Settings) -> list[uuid.UUID]:
    """Sellers with waiting rows whose allowance now has room (a new month, a new plan)."""
    return [s for s in sellers_with_waiting_rows(db) if has_allowance(db, s, settings)]


def release_all_waiting_uploads(db: Database, settings: Settings) -> list[uuid.UUID]:
    """For the periodic sensor: releases rows whose allowance grew (e.g. a new month)."""
    released: list[uuid.UUID] = []
    for seller_id in sellers_with_waiting_rows(db):
        released += release_waiting_uploads(db, settings, seller_id)
    return released


# --- the usage page ---


@dataclass(frozen=True)
class SellerUsage:
    """The seller's plan and usage (portal.schemas.BillingUsage describes each field)."""

    plan: str
    plan_source: str
    products_this_month: int
    products_limit: int | None
    uploads_today: int
    uploads_limit: int | None
    export_enabled: bool
    renews_at: datetime | None
    override_until: datetime | None
    waiting_rows: int
    subscription_status: str | None
    cancel_at_period_end: bool
    cancels_at: datetime | None
    payment_grace_until: datetime | None
    products_reset_at: datetime
    uploads_reset_at: datetime


def seller_usage(session: Session, user: User, settings: Settings) -> SellerUsage:
    """This month's products and today's uploads against the seller's plan."""
    now = utc_now()
    state = plan_state(session, user.id, settings, now)
    account = state.account
    subscription_live = account is not None and account.subscription_status in LIVE_STATUSES
    renews = (
        account.current_period_end
        if subscription_live and account is not None and not account.cancel_at_period_end
        else None
    )
    return SellerUsage(
        plan=state.plan.name,
        plan_source=state.source,
        products_this_month=products_in_month(session, user.id, month_start(now)),
        products_limit=state.plan.products_per_month,
        uploads_today=uploads_on(session, user.id, now.date()),
        uploads_limit=state.plan.uploads_per_day,
        export_enabled=state.plan.export,
        renews_at=renews,
        override_until=state.override_until,
        waiting_rows=waiting_rows(session, user.id),
        subscription_status=account.subscription_status if account is not None else None,
        cancel_at_period_end=bool(account and subscription_live and account.cancel_at_period_end),
        cancels_at=(
            account.current_period_end
            if account is not None and subscription_live and account.cancel_at_period_end
            else None
        ),
        payment_grace_until=(
            state.grace_until
            if account is not None and account.subscription_status in DUNNING_STATUSES
            else None
        ),
        products_reset_at=start_of_next_month(now),
        uploads_reset_at=start_of_next_day(now),
    )
