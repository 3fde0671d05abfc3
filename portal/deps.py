"""Dependencies shared by the routes, as `Annotated` aliases (full-stack-fastapi-template style).

The tenant of every query is the signed-in user's id, taken from `CurrentUser`;
no route takes a tenant from a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, status
from sqlalchemy.orm import Session

from portal.auth import SettingsDep, current_active_user
from portal.db import get_engine
from portal.models import User

__all__ = ["CurrentUser", "SessionDep", "SettingsDep", "VerifiedUser"]


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
CurrentUser = Annotated[User, Depends(current_active_user)]


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
