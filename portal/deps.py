"""Dependencies shared by the routes, as `Annotated` aliases (full-stack-fastapi-template style).

The tenant of every query is the signed-in user's id, taken from `CurrentUser`;
no route takes a tenant from a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from mi_core.db import get_engine
from mi_core.logging_config import bind as bind_log_context
from mi_core.models import User
from portal.auth import SettingsDep, current_active_user, optional_active_user

__all__ = [
    "CurrentUser",
    "OptionalPageUser",
    "PageUser",
    "SessionDep",
    "SettingsDep",
    "StaffUser",
    "VerifiedUser",
]


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def current_seller(user: Annotated[User, Depends(current_active_user)]) -> User:
    """The signed-in seller; their id joins the request's log context."""
    bind_log_context(tenant_id=user.id)
    return user


CurrentUser = Annotated[User, Depends(current_seller)]


def get_verified_user(user: CurrentUser, settings: SettingsDep) -> User:
    """The signed-in seller, who must have confirmed their email where settings require it."""
    if settings.require_verified_sellers and not user.is_verified:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "Please confirm your email address before uploading reports: open the link in the "
            "verification email (POST /auth/request-verify-token sends a new one).",
        )
    return user


VerifiedUser = Annotated[User, Depends(get_verified_user)]


# --- pages (server-rendered HTML) ---


def get_optional_page_user(
    request: Request, user: Annotated[User | None, Depends(optional_active_user)]
) -> User | None:
    """The signed-in seller or None; left on `request.state` for `portal.templating.render`."""
    request.state.user = user
    if user is not None:
        bind_log_context(tenant_id=user.id)
    return user


def get_page_user(
    request: Request, user: Annotated[User | None, Depends(get_optional_page_user)]
) -> User:
    """The signed-in seller; anyone else is sent to the login page and brought back after."""
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status.HTTP_303_SEE_OTHER,
            "Please log in.",
            headers={"Location": f"/login?next={quote(target, safe='')}"},
        )
    return user


OptionalPageUser = Annotated[User | None, Depends(get_optional_page_user)]
PageUser = Annotated[User, Depends(get_page_user)]


# --- staff (the admin view) ---


def get_staff_user(
    request: Request, user: Annotated[User | None, Depends(optional_active_user)]
) -> User:
    """A staff member (fastapi-users' is_superuser, `mi staff grant`). Everyone else, signed
    in or not, gets the 404 of a route that does not exist: the admin view is not even
    revealed to sellers."""
    if user is None or not user.is_superuser:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not Found")
    request.state.user = user
    return user


StaffUser = Annotated[User, Depends(get_staff_user)]
