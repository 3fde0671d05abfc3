"""The one database schema: every table of the application (public) and of the warehouse's
landing zone (raw), in one SQLAlchemy metadata.

Alembic's migrations (`mi_core/migrations`) are written against this metadata, and a test
compares a freshly migrated database with it (autogenerate finds no difference). dbt owns
the `staging` and `marts` schemas.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

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
    # The seller's choice on the account page: mails about their uploads (completed,
    # failed, rows waiting for the plan). Account mails (verification, reset) always go.
    upload_emails: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=text("true"), nullable=False
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
    # Times the stuck-uploads job put the upload back in the queue (once, then it fails it).
    requeues: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    # The headline figures parsed from the file in the upload request (mi_core.preliminary),
    # shown at once until the dashboard is built; {"skipped": reason} when none were taken.
    preliminary: Mapped[dict | None] = mapped_column(JSONB)

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

# Which version of the dbt models built the marts (one row); see mi_core/marts_state.py.
marts_build_state = Table(
    "marts_build_state",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("models_fingerprint", Text, nullable=False),
    Column("built_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("id = 1", name="ck_marts_build_state_one_row"),
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
    # The key a seller's correction matches on (mi_core.categorisation.normalise).
    Column("normalised_title", Text),
    # When a seller's correction decided the row (source 'seller'): what the offline model
    # says, so undoing the correction needs no re-categorisation. NULL otherwise.
    Column("model_department", Text),
    Column("model_subcategory", Text),
    Column("model_confidence", Double),
    Column("model_source", Text),
    PrimaryKeyConstraint("upload_id", "row_number"),
    # Per-seller reads: the rebuilt sellers' data tests, erasure (migration 0024).
    Index("ix_raw_sale_categories_tenant_id", "tenant_id"),
    CheckConstraint("confidence between 0 and 1", name="ck_sale_categories_confidence"),
    CheckConstraint(
        "source in ('offline', 'llm', 'cache', 'seller')", name="ck_sale_categories_source"
    ),
    schema="raw",
)


class CategoryCorrection(Base):
    """A seller's own category for one normalised title or for a whole product group.

    A group correction is expanded, when it is made, into the group's normalised titles
    (`category_correction_titles`): cluster ids are renumbered when a seller is re-clustered,
    so the correction keeps to the items the seller saw in the group. The newest correction
    of a title wins; deleting one (undo) lets the previous one, or the model, show again.
    """

    __tablename__ = "category_corrections"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    tenant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # Exactly one of title (a title correction) and group_id (a group correction).
    title: Mapped[str | None] = mapped_column(Text)
    normalised_title: Mapped[str | None] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(Integer)
    group_name: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str] = mapped_column(Text, nullable=False)
    subcategory: Mapped[str] = mapped_column(Text, nullable=False)
    taxonomy_version: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (
        CheckConstraint(
            "(title is null) <> (group_id is null)", name="ck_category_corrections_target"
        ),
    )


# Every normalised title a correction applies to (one for a title correction, the group's
# titles for a group correction): what the categorise step and dbt match sales on.
category_correction_titles = Table(
    "category_correction_titles",
    Base.metadata,
    Column(
        "correction_id",
        Uuid,
        ForeignKey("category_corrections.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("tenant_id", Uuid, nullable=False),
    Column("normalised_title", Text, nullable=False),
    PrimaryKeyConstraint("correction_id", "normalised_title"),
    Index("ix_category_correction_titles_tenant_title", "tenant_id", "normalised_title"),
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


# --- costs of goods (mi_core/costs.py) ---
# What the seller paid for what they sold, at five levels; dbt resolves one cost per sale
# (fct_sales.cost_of_goods / cost_source) with the precedence
# sale > title > product group > subcategory > department share. Every change queues a
# whole-seller marts refresh in the same transaction (mi_core.costs), so costs reach the
# marts through the pipeline only.

_COST = Numeric(12, 2)


class _SellerSetting:
    """What every cost level stores besides its key: whose it is (the seller, part of the
    key) and when it last changed."""

    # First in the table and in the key, as the migrations made it (sort_order).
    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, sort_order=-1
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.now(),
        onupdate=func.now(),
        nullable=False,
        sort_order=1,
    )


class _SellerCost(_SellerSetting):
    """A cost level that stores an amount per item (every level but the department share)."""

    cost: Mapped[Decimal] = mapped_column(_COST, nullable=False)


class SaleCost(_SellerCost, Base):
    """The cost of one sale, by Mercari item id."""

    __tablename__ = "sale_costs"
    __table_args__ = (CheckConstraint("cost >= 0", name="ck_sale_costs_cost"),)

    item_id: Mapped[str] = mapped_column(Text, primary_key=True)


class TitleCost(_SellerCost, Base):
    """The cost of every sale whose title normalises to `normalised_title`
    (mi_core.categorisation.normalise), present and future."""

    __tablename__ = "title_costs"
    __table_args__ = (CheckConstraint("cost >= 0", name="ck_title_costs_cost"),)

    normalised_title: Mapped[str] = mapped_column(Text, primary_key=True)
    # The title as the seller typed it, for the page.
    title: Mapped[str] = mapped_column(Text, nullable=False)


class ProductGroupCost(_SellerCost, Base):
    """A cost per item for a product group (title cluster) as it was when it was set.

    Cluster ids are only stable until the seller's titles are re-clustered from scratch
    (mi_core.categorising.cluster_seller refits when many new titles arrive), so the cost
    remembers the fit it refers to (`fitted_at` of raw.title_cluster_models) and the
    titles the group had (ProductGroupCostTitle): while the fit is unchanged, titles that
    join the cluster later get the cost too; after a refit the remembered titles keep it.
    """

    __tablename__ = "product_group_costs"
    __table_args__ = (
        CheckConstraint("cost >= 0", name="ck_product_group_costs_cost"),
        UniqueConstraint("seller_id", "cluster_id", "fitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Not part of the key here (that is `id`): indexed instead.
    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    cluster_id: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    fitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ProductGroupCostTitle(Base):
    """A title covered by a product-group cost (the newest group cost of a title wins)."""

    __tablename__ = "product_group_cost_titles"

    seller_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    item_title: Mapped[str] = mapped_column(Text, primary_key=True)
    product_group_cost_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("product_group_costs.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    )


class SubcategoryCost(_SellerCost, Base):
    """A cost per item for every sale of a (department, subcategory) as the marts store
    them (fct_sales.department / subcategory), present and future."""

    __tablename__ = "subcategory_costs"
    __table_args__ = (CheckConstraint("cost >= 0", name="ck_subcategory_costs_cost"),)

    department: Mapped[str] = mapped_column(Text, primary_key=True)
    subcategory: Mapped[str] = mapped_column(Text, primary_key=True)


class DepartmentCostShare(_SellerSetting, Base):
    """ "My cost is about 30 % of the price": the default cost of a department's sales."""

    __tablename__ = "department_cost_shares"
    __table_args__ = (
        CheckConstraint("share >= 0 and share <= 1", name="ck_department_cost_shares_share"),
    )

    department: Mapped[str] = mapped_column(Text, primary_key=True)
    share: Mapped[Decimal] = mapped_column(Numeric(5, 4), nullable=False)


# Every distinct title of a seller with title costs, normalised by Python
# (mi_core.categorisation.normalise) so that dbt can match title costs; written by the
# marts build for the claimed sellers (mi_core.costs.normalise_claimed_titles).
normalised_titles = Table(
    "normalised_titles",
    Base.metadata,
    Column("tenant_id", Uuid, nullable=False),
    Column("item_title", Text, nullable=False),
    Column("normalised_title", Text, nullable=False),
    PrimaryKeyConstraint("tenant_id", "item_title"),
    Index("ix_raw_normalised_titles_tenant_id_normalised_title", "tenant_id", "normalised_title"),
    schema="raw",
)


# --- profit and taxes (mi_core/expenses.py, mi_core/tax.py) ---

EXPENSE_CATEGORIES: tuple[str, ...] = ("supplies", "packaging", "mileage", "subscriptions", "other")


class BusinessExpense(Base):
    """A business expense that is not the cost of an item sold (Schedule C "other
    expenses"): entered on /expenses or imported by CSV. The marts read it through dbt
    (fct_seller_expenses); changing one queues a marts refresh of the seller."""

    __tablename__ = "business_expenses"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_business_expenses_amount_positive"),
        CheckConstraint(
            "category in ('supplies', 'packaging', 'mileage', 'subscriptions', 'other')",
            name="ck_business_expenses_category_known",
        ),
        Index("ix_business_expenses_tenant_id_expense_date", "tenant_id", "expense_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    expense_date: Mapped[date] = mapped_column(Date, nullable=False)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), nullable=False)
    category: Mapped[str] = mapped_column(String(16), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


# --- notifications and operations (mi_core/notifications.py, mi_core/operations.py) ---

# Mails to send about an upload, written in the transaction that stores the outcome and
# drained by the `send_notifications` job (retried; a row is sent once per submission).
notification_outbox = Table(
    "notification_outbox",
    Base.metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("seller_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("upload_id", Uuid, ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False),
    Column("generation", Integer, nullable=False, server_default="0"),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("upload_id", "kind", "generation", name="uq_notification_outbox_once"),
    CheckConstraint(
        "status in ('pending', 'sent', 'skipped', 'failed')", name="ck_notification_outbox_status"
    ),
    Index("ix_notification_outbox_pending", "id", postgresql_where=text("status = 'pending'")),
    Index("ix_notification_outbox_seller_id", "seller_id"),
)

# Operator alerts in progress: a row per open episode, so each episode is mailed once.
operator_alerts = Table(
    "operator_alerts",
    Base.metadata,
    Column("name", String(64), primary_key=True),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("detail", Text, nullable=False),
)
