"""Accounts and sign-in, built on fastapi-users.

Two ways in: a short-lived bearer JWT for API clients, and for the browser a cookie
holding a server-side token (table `access_tokens`), so logging out really ends the
session. Passwords are hashed with Argon2 (fastapi-users' PasswordHelper default).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi_users import BaseUserManager, FastAPIUsers, InvalidPasswordException, UUIDIDMixin
from fastapi_users import schemas as user_schemas
from fastapi_users.authentication import (
    AuthenticationBackend,
    BearerTransport,
    CookieTransport,
    JWTStrategy,
)
from fastapi_users.authentication.strategy.db import DatabaseStrategy
from fastapi_users_db_sqlalchemy import SQLAlchemyUserDatabase
from fastapi_users_db_sqlalchemy.access_token import SQLAlchemyAccessTokenDatabase
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from mi_core import emails
from mi_core.models import AccessToken, User
from mi_core.settings import Settings, get_settings
from portal.routes.login_limit import forget_login_attempts

MIN_PASSWORD_LENGTH = 10
COOKIE_NAME = "mi_session"

SettingsDep = Annotated[Settings, Depends(get_settings)]


# --- database (fastapi-users' adapters are async; asyncpg takes the same URL forms) ---


@lru_cache
def async_engine(url: str) -> AsyncEngine:
    return create_async_engine(url, pool_pre_ping=True)


async def get_async_session(settings: SettingsDep) -> AsyncIterator[AsyncSession]:
    factory = async_sessionmaker(
        async_engine(settings.sqlalchemy_url("asyncpg")), expire_on_commit=False
    )
    async with factory() as session:
        yield session


async def dispose_async_engine() -> None:
    """Close pooled connections: they belong to the event loop that is ending."""
    await async_engine(get_settings().sqlalchemy_url("asyncpg")).dispose()


AsyncSessionDep = Annotated[AsyncSession, Depends(get_async_session)]


async def get_user_db(session: AsyncSessionDep) -> AsyncIterator[SQLAlchemyUserDatabase]:
    yield SQLAlchemyUserDatabase(session, User)


async def get_access_token_db(
    session: AsyncSessionDep,
) -> AsyncIterator[SQLAlchemyAccessTokenDatabase[AccessToken]]:
    yield SQLAlchemyAccessTokenDatabase(session, AccessToken)


# --- user manager: password policy and the emails ---


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    def __init__(self, user_db: SQLAlchemyUserDatabase, settings: Settings) -> None:
        super().__init__(user_db)
        secret = settings.secret_key.get_secret_value()
        # One secret is enough: fastapi-users gives each token kind its own JWT audience.
        self.reset_password_token_secret = secret
        self.verification_token_secret = secret
        self.settings = settings

    async def validate_password(
        self, password: str, user: user_schemas.BaseUserCreate | User
    ) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidPasswordException(
                reason=f"Password should be at least {MIN_PASSWORD_LENGTH} characters"
            )
        if user.email.lower() in password.lower():
            raise InvalidPasswordException(reason="Password should not contain the email")

    async def on_after_login(
        self, user: User, request: Request | None = None, response: Response | None = None
    ) -> None:
        # Only failed attempts should count towards the login rate limit.
        await forget_login_attempts(user.email, request, self.settings)

    async def on_after_register(self, user: User, request: Request | None = None) -> None:
        if not user.is_verified:
            await self.request_verify(user, request)

    async def on_after_request_verify(
        self, user: User, token: str, request: Request | None = None
    ) -> None:
        await emails.send_verification_email(self.settings, user.email, token)

    async def on_after_forgot_password(
        self, user: User, token: str, request: Request | None = None
    ) -> None:
        await emails.send_password_reset_email(self.settings, user.email, token)


async def get_user_manager(
    user_db: Annotated[SQLAlchemyUserDatabase, Depends(get_user_db)], settings: SettingsDep
) -> AsyncIterator[UserManager]:
    yield UserManager(user_db, settings)


# --- authentication backends ---


def get_jwt_strategy(settings: SettingsDep) -> JWTStrategy:
    return JWTStrategy(
        secret=settings.secret_key.get_secret_value(),
        lifetime_seconds=settings.jwt_lifetime_seconds,
    )


def get_database_strategy(
    access_token_db: Annotated[
        SQLAlchemyAccessTokenDatabase[AccessToken], Depends(get_access_token_db)
    ],
    settings: SettingsDep,
) -> DatabaseStrategy:
    return DatabaseStrategy(access_token_db, lifetime_seconds=settings.session_lifetime_seconds)


def _cookie_transport(settings: Settings) -> CookieTransport:
    return CookieTransport(
        cookie_name=COOKIE_NAME,
        cookie_max_age=settings.session_lifetime_seconds,
        cookie_secure=settings.secure_cookies,
        cookie_httponly=True,
        cookie_samesite="lax",
    )


bearer_backend = AuthenticationBackend(
    name="jwt",
    transport=BearerTransport(tokenUrl="auth/jwt/login"),
    get_strategy=get_jwt_strategy,
)
cookie_backend = AuthenticationBackend(
    name="cookie",
    transport=_cookie_transport(get_settings()),
    get_strategy=get_database_strategy,
)

fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [cookie_backend, bearer_backend])
current_active_user = fastapi_users.current_user(active=True)
optional_active_user = fastapi_users.current_user(active=True, optional=True)
