"""Tenant erasure: nothing of a deleted seller stays in the warehouse, the file store or
Dagster's storage.

The warehouse rows and the files go at once (`erase_seller`). Dagster's copies (run
records, event logs, compute logs, IO-manager files, the seller's partition) cannot be
reached from the portal, which never loads Dagster: an `erasure_requests` row is written in
the same transaction, and the `erase_sellers` job (orchestration.erasure) erases them and
deletes the request.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select, text
from sqlalchemy.orm import Session

from mi_core.models import ErasureRequest, User
from mi_core.settings import Settings
from mi_core.storage import seller_prefix

# Every warehouse table keyed by tenant: found at run time so that a mart or raw table
# added later is erased too. Views (staging) are skipped; they hold no rows.
_TENANT_TABLES = text(
    """select c.table_schema, c.table_name
    from information_schema.columns c
    join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'
        and c.table_schema in ('raw', 'marts')
    order by 1, 2"""
)


def erase_tenant_rows(session: Session, tenant_id: uuid.UUID) -> None:
    """Delete the tenant's raw rows, queue entries and mart rows in the caller's transaction.

    Deleting the mart rows directly (rather than queueing a refresh) means nothing of the
    seller survives even if no dbt build ever runs again.
    """
    for schema, table in session.execute(_TENANT_TABLES).all():
        session.execute(
            text(f'delete from "{schema}"."{table}" where tenant_id = :tenant'),
            {"tenant": tenant_id},
        )


def erase_seller(session: Session, settings: Settings, seller_id: uuid.UUID) -> None:
    """Delete the account with every row and file derived from it, and commit.

    Uploads, quarantined rows and sessions go with the user (ON DELETE CASCADE); the files
    go last, so a failed transaction leaves a consistent account. What Dagster holds of the
    seller is erased by the `erase_sellers` job, from the request recorded here.
    """
    erase_tenant_rows(session, seller_id)
    session.execute(User.__table__.delete().where(User.id == seller_id))
    request_erasure(session, seller_id)
    session.commit()
    settings.upload_storage().delete_prefix(seller_prefix(seller_id))


@dataclass(frozen=True)
class PendingErasure:
    request_id: int
    tenant_id: uuid.UUID
    # None: the whole seller; else one deleted upload of theirs.
    upload_id: uuid.UUID | None


def request_erasure(
    db: Session | Connection, tenant_id: uuid.UUID, upload_id: uuid.UUID | None = None
) -> None:
    """Ask for Dagster's copies of the seller (or of one upload) to be erased, in the
    caller's transaction: the request exists exactly if the deletion happened."""
    db.execute(insert(ErasureRequest).values(tenant_id=tenant_id, upload_id=upload_id))


def pending_erasures(engine: Engine, limit: int = 100) -> list[PendingErasure]:
    """The oldest requests first."""
    query = (
        select(ErasureRequest.id, ErasureRequest.tenant_id, ErasureRequest.upload_id)
        .order_by(ErasureRequest.id)
        .limit(limit)
    )
    with engine.connect() as conn:
        return [PendingErasure(*row) for row in conn.execute(query)]


def erasure_done(engine: Engine, request_id: int) -> None:
    """Forget a request once carried out: a log of erased sellers would itself keep them."""
    with engine.begin() as conn:
        conn.execute(delete(ErasureRequest).where(ErasureRequest.id == request_id))
