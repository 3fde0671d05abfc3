"""Account removal: `DELETE /users/me` erases the seller and everything derived from them."""

from __future__ import annotations

import shutil
import uuid

import stripe
from fastapi import APIRouter, HTTPException, Response, status
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.billing.checkout import cancel_subscription
from portal.billing.stripe_api import BillingNotConfiguredError
from portal.deps import CurrentUser, SessionDep, SettingsDep
from portal.models import User

router = APIRouter(prefix="/users", tags=["users"])

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


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    """Delete the account, its uploads and files, its warehouse rows and its marts; a paid
    subscription is cancelled first (if that fails, nothing is deleted)."""
    try:
        cancel_subscription(session, settings, user)
    except (stripe.StripeError, BillingNotConfiguredError) as err:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY,
            "Your subscription could not be cancelled just now, so your account was kept. "
            f"Please try again in a few minutes. ({err})",
        ) from None
    erase_tenant_rows(session, user.id)
    # Uploads, quarantined rows and sessions go with the user (ON DELETE CASCADE).
    session.execute(User.__table__.delete().where(User.id == user.id))
    session.commit()
    # Files last: if the transaction failed, the seller still has a consistent account.
    shutil.rmtree(settings.uploads_dir / str(user.id), ignore_errors=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
