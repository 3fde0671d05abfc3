"""Database schema: the application tables (public) and the loaded report rows (raw).

Alembic migrations in `portal/migrations` are the source of truth for the live
schema; these definitions mirror them for the ORM and for SQLAlchemy Core code.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTableUUID
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from orchestration.sales_report.columns import MONEY_FIELDS


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


class User(SQLAlchemyBaseUserTableUUID, Base):
    """A seller account; its id is the tenant key of every row and mart."""

    __tablename__ = "users"

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
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

    seller: Mapped[User] = relationship(back_populates="uploads")


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


def _money_columns() -> list[Column]:
    return [Column(field, Numeric(12, 2), nullable=False) for field in MONEY_FIELDS]


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
