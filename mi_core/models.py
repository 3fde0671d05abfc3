"""The one database schema: every table of the application (public) and of the warehouse's
landing zone (raw), in one SQLAlchemy metadata.

Alembic's migrations (`mi_core/migrations`) are written against this metadata, and a test
compares a freshly migrated database with it (autogenerate finds no difference). dbt owns
the `staging` and `marts` schemas.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from mi_core.sales_report.columns import MONEY_FIELDS


class Base(DeclarativeBase):
    metadata = MetaData()


class UploadStatus(enum.StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class UploadStage(enum.StrEnum):
    """What a processing upload is doing now, for progress views."""

    QUEUED = "queued"
    VALIDATING = "validating"
    LOADING = "loading"
    CATEGORISING = "categorising"
    CLUSTERING = "clustering"
    BUILDING_DASHBOARDS = "building dashboards"
    DONE = "done"


class User(Base):
    """A seller account; its id is the tenant key of every row and mart.

    The columns are those fastapi-users expects of a user table (declared here rather than
    through its mixin, so the core does not import FastAPI).
    """

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True, nullable=False)
    hashed_password: Mapped[str] = mapped_column(String(1024), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    is_superuser: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    # Bumped each time the seller's marts are rebuilt: dashboard answers are cached per
    # version (portal/routes/dashboard.py), and it comes free with the signed-in user.
    marts_version: Mapped[int] = mapped_column(BigInteger, server_default="0", nullable=False)
    # Bumped each time the password or the email changes (portal/auth.py): a bearer JWT
    # carries the version it was issued under and is refused once it differs.
    token_version: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", nullable=False
    )
    uploads: Mapped[list[Upload]] = relationship(
        back_populates="seller", cascade="all, delete-orphan", passive_deletes=True
    )


class Upload(Base):
    __tablename__ = "uploads"
    __table_args__ = (
        CheckConstraint(
            "status in ('pending', 'processing', 'completed', 'failed')",
            name="ck_uploads_status_known",
        ),
        # The release of waiting rows looks for these few uploads only (migration 0006).
        Index("ix_uploads_waiting", "seller_id", postgresql_where=text("waiting_rows > 0")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    stored_path: Mapped[str] = mapped_column(Text, nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(
        String(16), nullable=False, default=UploadStatus.PENDING, index=True
    )
    stage: Mapped[str] = mapped_column(String(32), nullable=False, default=UploadStage.QUEUED)
    # When the upload entered its current stage (its duration goes to upload_stage_durations).
    stage_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    total_items: Mapped[int | None] = mapped_column(Integer)
    processed_items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    quarantined_items: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    reconciled: Mapped[bool | None] = mapped_column(Boolean)
    reconciliation: Mapped[dict | None] = mapped_column(JSONB)
    first_sale_date: Mapped[datetime | None] = mapped_column(Date)
    last_sale_date: Mapped[datetime | None] = mapped_column(Date)
    dagster_run_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Valid rows held back by the monthly products limit (processed after an upgrade).
    waiting_rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Which generation of Mercari's export the file is ("2022": 17 columns, "2024": 21),
    # and the columns it has that we do not know (kept with each row, in `extra`).
    report_layout: Mapped[str | None] = mapped_column(String(16))
    unknown_columns: Mapped[list | None] = mapped_column(JSONB)
    # Bumped each time the upload is re-submitted (waiting rows released), so every
    # submission has its own Dagster run key.
    run_generation: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    seller: Mapped[User] = relationship(back_populates="uploads")


class AccessToken(Base):
    """A browser session (fastapi-users' database strategy); deleting the row ends it."""

    __tablename__ = "access_tokens"

    token: Mapped[str] = mapped_column(String(43), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), index=True, nullable=False, default=lambda: _utcnow()
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )


def _utcnow() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


# How long each processing stage of an upload took (mi_core/upload_status.py), for the
# portal's /metrics histogram. Names no upload or seller, and outlives deleted uploads, so
# the histogram only grows (migration 0016).
upload_stage_durations = Table(
    "upload_stage_durations",
    Base.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("stage", String(32), nullable=False),
    Column("seconds", Double, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_upload_stage_durations_stage", "stage"),
)


# Sign-in attempts of the last minute, shared by every portal worker (mi_core/login_attempts.py).
# `account` is a hash of the email typed, so the table never holds what people type.
login_attempts = Table(
    "login_attempts",
    Base.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("address", Text, nullable=False),
    Column("account", Text, nullable=False),
    Column("attempted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_login_attempts_address_attempted_at", "address", "attempted_at"),
    Index("ix_login_attempts_attempted_at", "attempted_at"),
)


class QuarantinedRow(Base):
    """A report row that failed validation: kept so the seller can see and fix it."""

    __tablename__ = "quarantined_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    upload_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("uploads.id", ondelete="CASCADE"), index=True, nullable=False
    )
    row_number: Mapped[int] = mapped_column(Integer, nullable=False)
    column_name: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    raw_values: Mapped[dict] = mapped_column(JSONB, nullable=False)


class ErasureRequest(Base):
    """Dagster's copies of a deleted seller's (or one deleted upload's) data, to erase.

    The portal cannot reach Dagster's storage, so deleting an account or an upload leaves a
    request here and the `erase_sellers` job erases the runs, logs and files, then deletes
    the request. No foreign keys: the seller and the upload are already gone.
    """

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    # None: everything of the seller; else only this upload's runs.
    upload_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


def _money_columns() -> list[Column]:
    # NULL where the report's layout has no such column (a 2022 report has no Penalty Fee
    # and no buyer-fee columns): absent, never an invented zero.
    return [Column(field, Numeric(12, 2)) for field in MONEY_FIELDS]


# The warehouse's landing table: one row per validated report row, per upload.
sales_report_rows = Table(
    "sales_report_rows",
    Base.metadata,
    Column("upload_id", Uuid, nullable=False),
    Column("tenant_id", Uuid, nullable=False, index=True),
    Column("row_number", Integer, nullable=False),
    Column("item_id", Text, nullable=False),
    Index("ix_raw_sales_report_rows_tenant_id_item_id", "tenant_id", "item_id"),
    Column("sold_date", Date, nullable=False),
    Column("canceled_date", Date),
    Column("completed_date", Date),
    Column("item_title", Text, nullable=False),
    Column("order_status", Text, nullable=False),
    Column("shipped_to_state", Text, nullable=False, server_default=""),
    Column("shipped_from_state", Text, nullable=False, server_default=""),
    *_money_columns(),
    # The row's cells under columns we do not know ({header: cell}), so nothing is lost.
    Column("extra", JSONB),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("upload_id", "row_number"),
    UniqueConstraint("upload_id", "item_id", "sold_date", "order_status"),
    schema="raw",
)

# Tenants whose marts need rebuilding; see orchestration/assets/marts.py.
mart_refresh_queue = Table(
    "mart_refresh_queue",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("upload_id", Uuid),
    Column("enqueued_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("claimed", Boolean, nullable=False, server_default="false"),
    schema="raw",
)


# --- billing (portal/billing) ---


class BillingAccount(Base):
    """A seller's Stripe customer and the last known state of their subscription.

    Written only by webhooks (from the subscription object Stripe holds), never from
    what the browser says; the plan is derived from it in mi_core.billing.usage.
    """

    __tablename__ = "billing_accounts"

    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    subscription_id: Mapped[str | None] = mapped_column(String(255))
    subscription_status: Mapped[str | None] = mapped_column(String(32))
    subscription_price_id: Mapped[str | None] = mapped_column(String(255))
    subscription_plan: Mapped[str | None] = mapped_column(String(16))
    current_period_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Start of the current run of failed payments; the grace period counts from here.
    payment_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the grace period ran out and the seller was told they are on free.
    downgraded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class PlanOverride(Base):
    """A plan given by an operator (`mi seller plan`); the newest unexpired one wins."""

    __tablename__ = "plan_overrides"
    __table_args__ = (
        CheckConstraint("plan in ('free', 'pro', 'business')", name="ck_plan_overrides_plan"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    plan: Mapped[str] = mapped_column(String(16), nullable=False)
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    granted_by: Mapped[str] = mapped_column(String(255), nullable=False)
    granted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class StripeEvent(Base):
    """Every verified webhook event, stored by id: a redelivery finds its id and stops."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(128), nullable=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    customer_id: Mapped[str | None] = mapped_column(String(255), index=True)
    seller_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[dict] = mapped_column(JSONB, nullable=False)


class DailyUploadCount(Base):
    """Uploads accepted per seller and UTC day (deleting an upload gives no slot back)."""

    __tablename__ = "upload_usage"

    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[datetime] = mapped_column(Date, primary_key=True)
    uploads: Mapped[int] = mapped_column(Integer, nullable=False)


class ProductUsage(Base):
    """Products counted per upload and UTC month (see mi_core.billing.usage).

    No foreign key to uploads: deleting an upload must not give its allowance back.
    """

    __tablename__ = "product_usage"
    __table_args__ = (Index("ix_product_usage_seller_id_month", "seller_id", "month"),)

    upload_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    month: Mapped[datetime] = mapped_column(Date, primary_key=True)
    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    products: Mapped[int] = mapped_column(Integer, nullable=False)


# --- categorisation (mi_core/categorisation, mi_core/categorising.py) ---

# Shared by all sellers: a title is paid for once per taxonomy version and model.
categorisation_cache = Table(
    "categorisation_cache",
    Base.metadata,
    Column("cache_key", Text, primary_key=True),
    Column("normalised_title", Text, nullable=False),
    Column("taxonomy_version", Text, nullable=False),
    Column("model", Text, nullable=False),
    Column("department", Text, nullable=False),
    Column("subcategory", Text, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Token use and estimated cost of categorising one upload.
categorisation_usage = Table(
    "categorisation_usage",
    Base.metadata,
    Column("upload_id", Uuid, ForeignKey("uploads.id", ondelete="CASCADE"), primary_key=True),
    Column("categoriser", Text, nullable=False),
    Column("model", Text),
    Column("titles", Integer, nullable=False),
    Column("distinct_titles", Integer, nullable=False),
    Column("requests", Integer, nullable=False),
    Column("prompt_tokens", Integer, nullable=False),
    Column("completion_tokens", Integer, nullable=False),
    Column("cached_titles", Integer, nullable=False),
    Column("llm_titles", Integer, nullable=False),
    Column("fallback_titles", Integer, nullable=False),
    Column("estimated_cost_usd", Numeric(12, 6), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The category of each loaded report row.
sale_categories = Table(
    "sale_categories",
    Base.metadata,
    Column("upload_id", Uuid, nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("tenant_id", Uuid, nullable=False),
    Column("department", Text, nullable=False),
    Column("subcategory", Text, nullable=False),
    Column("confidence", Double, nullable=False),
    Column("source", Text, nullable=False),
    Column("reason", Text),
    Column("taxonomy_version", Text, nullable=False),
    PrimaryKeyConstraint("upload_id", "row_number"),
    CheckConstraint("confidence between 0 and 1", name="ck_sale_categories_confidence"),
    CheckConstraint("source in ('offline', 'llm', 'cache')", name="ck_sale_categories_source"),
    schema="raw",
)

# A seller's product lines (title clusters), their members and the fitted model.
title_clusters = Table(
    "title_clusters",
    Base.metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("cluster_id", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("revenue", Numeric(14, 2), nullable=False),
    Column("typical_price", Numeric(12, 2)),
    Column("computed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("tenant_id", "cluster_id"),
    schema="raw",
)

title_cluster_members = Table(
    "title_cluster_members",
    Base.metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("item_title", Text, nullable=False),
    Column("cluster_id", Integer, nullable=False),
    PrimaryKeyConstraint("tenant_id", "item_title"),
    schema="raw",
)

title_cluster_models = Table(
    "title_cluster_models",
    Base.metadata,
    Column("tenant_id", Uuid, primary_key=True),
    Column("model", LargeBinary, nullable=False),
    Column("fitted_titles", Integer, nullable=False),
    Column("fitted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    schema="raw",
)
