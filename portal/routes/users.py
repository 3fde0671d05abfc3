"""Account removal: `DELETE /users/me` erases the seller and everything derived from them."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, status

from portal.deps import CurrentUser, SessionDep, SettingsDep
from portal.schemas import errors
from portal.services.account import SubscriptionNotCancelledError, delete_account

router = APIRouter(prefix="/users", tags=["users"])


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 502))
def delete_me(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    """Delete the account, its uploads and files, its warehouse rows and its marts; a paid
    subscription is cancelled first (if that fails, nothing is deleted)."""
    try:
        delete_account(session, settings, user)
    except SubscriptionNotCancelledError as err:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, str(err)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)
