"""Tenant erasure: nothing of a deleted seller stays in the warehouse or the file store."""

from __future__ import annotations

import shutil
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from mi_core.models import User
from mi_core.settings import Settings
from mi_core.storage import seller_directory

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
    go last, so a failed transaction leaves a consistent account.
    """
    erase_tenant_rows(session, seller_id)
    session.execute(User.__table__.delete().where(User.id == seller_id))
    session.commit()
    shutil.rmtree(seller_directory(settings.data_dir, seller_id), ignore_errors=True)
