"""The seller's own account over the JSON API, where fastapi-users' routes are not enough:
registration and reset requests that do not tell who has an account, `PATCH /users/me`
that needs the current password and ends the other sessions, and `DELETE /users/me`
that erases the seller and everything derived from them (portal/services/account.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, HTTPException, Request, Response, status
from fastapi_users import exceptions
from fastapi_users.router.common import ErrorCode, ErrorModel
from pydantic import EmailStr

from portal.auth import COOKIE_NAME, UserManager, get_user_manager
from portal.deps import CurrentUser, SessionDep, SettingsDep
from portal.schemas import RegistrationAccepted, UserCreate, UserRead, UserUpdate, errors
from portal.services import account as account_service

router = APIRouter(prefix="/users", tags=["users"])
auth_router = APIRouter(prefix="/auth", tags=["auth"])

UserManagerDep = Annotated[UserManager, Depends(get_user_manager)]
CURRENT_PASSWORD_ERROR = "UPDATE_USER_INVALID_CURRENT_PASSWORD"


@auth_router.post(
    "/register",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RegistrationAccepted,
    # 415: a form or untyped body (portal/csrf.py: only JSON, which no cross-site form sends).
    responses={status.HTTP_400_BAD_REQUEST: {"model": ErrorModel}, **errors(415)},
)
async def register(
    request: Request, user_create: UserCreate, manager: UserManagerDep
) -> RegistrationAccepted:
    """Register a seller. The answer is the same whether or not the address already has an
    account (202, no user in the body): a new address gets a confirmation link, a taken
    one a notice that someone tried. Log in once the mail arrives."""
    try:
        await account_service.register(manager, user_create, request)
    except exceptions.InvalidPasswordException as err:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            {"code": ErrorCode.REGISTER_INVALID_PASSWORD, "reason": err.reason},
        ) from None
    return RegistrationAccepted(message=account_service.REGISTRATION_ACCEPTED)


@auth_router.post(
    "/forgot-password",
    status_code=status.HTTP_202_ACCEPTED,
    # 400: a body that is not even JSON.
    responses=errors(400),
)
async def forgot_password(
    manager: UserManagerDep, email: Annotated[EmailStr, Body(embed=True)]
) -> None:
    """Mail a reset link if the address has an account; the answer (and its timing) is
    the same either way."""
    await account_service.request_password_reset(manager, email)


@router.patch(
    "/me",
    response_model=UserRead,
    responses={status.HTTP_400_BAD_REQUEST: {"model": ErrorModel}},
)
async def update_me(
    request: Request, changes: UserUpdate, user: CurrentUser, manager: UserManagerDep
) -> UserRead:
    """Change the seller's own account. A new `password` or `email` needs
    `current_password`; then every other session ends, and bearer tokens issued before
    stop working (log in again for a new one)."""
    try:
        updated = await account_service.change_account(
            manager,
            user,
            changes,
            keep_session=request.cookies.get(COOKIE_NAME),
            request=request,
        )
    except account_service.CurrentPasswordError as err:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, {"code": CURRENT_PASSWORD_ERROR, "reason": str(err)}
        ) from None
    except exceptions.InvalidPasswordException as err:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            {"code": ErrorCode.UPDATE_USER_INVALID_PASSWORD, "reason": err.reason},
        ) from None
    except exceptions.UserAlreadyExists:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, ErrorCode.UPDATE_USER_EMAIL_ALREADY_EXISTS
        ) from None
    return UserRead.model_validate(updated)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401, 502))
def delete_me(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Response:
    """Delete the account, its uploads and files, its warehouse rows and its marts; a paid
    subscription is cancelled first (if that fails, nothing is deleted)."""
    try:
        account_service.delete_account(session, settings, user)
    except account_service.SubscriptionNotCancelledError as err:
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, str(err)) from None
    return Response(status_code=status.HTTP_204_NO_CONTENT)
