"""Accounts and sign-in, built on fastapi-users.

Two ways in: a short-lived bearer JWT for API clients, and for the browser a cookie
holding a server-side token (table `access_tokens`), so logging out really ends the
session. Passwords are hashed with Argon2 (fastapi-users' PasswordHelper default).

Changing the password or the email (portal/services/account.py), or resetting the
password, revokes what was issued before: the user's `token_version` is bumped (every JWT
carries the version it was issued under, and `VersionedJWTStrategy` refuses any other) and
the cookie sessions are deleted (all but the one making the change).

Mails that depend on whether an address has an account (verification, reset, "someone
tried to register") are sent after the response, as background tasks, so an answer's
timing does not tell who is a seller.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import lru_cache
from typing import Annotated, Any

import jwt
from fastapi import BackgroundTasks, Depends, Request, Response
from fastapi_users import (
    BaseUserManager,
    FastAPIUsers,
    InvalidPasswordException,
    UUIDIDMixin,
    exceptions,
)
from fastapi_users import schemas as user_schemas
from fastapi_users.authentication import (
    AuthenticationBackend,
    BearerTransport,
    CookieTransport,
    JWTStrategy,
)
from fastapi_users.authentication.strategy.db import DatabaseStrategy
from fastapi_users.jwt import generate_jwt
from fastapi_users_db_sqlalchemy import SQLAlchemyUserDatabase
from fastapi_users_db_sqlalchemy.access_token import SQLAlchemyAccessTokenDatabase
from pydantic import SecretStr
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from zxcvbn import zxcvbn

from mi_core import emails
from mi_core.models import AccessToken, User
from mi_core.settings import Settings, get_settings
from portal.routes.login_limit import forget_login_attempts

MIN_PASSWORD_LENGTH = 10
# zxcvbn's scale: 0 and 1 fall to an online attack, 2 to an offline one on a fast hash;
# 3 ("safely unguessable: moderate protection from offline slow-hash scenario") and up.
MIN_PASSWORD_SCORE = 3
# zxcvbn refuses longer input (its matching is quadratic); the start of a long password
# decides its strength well enough.
_ZXCVBN_MAX_LENGTH = 72
COOKIE_NAME = "mi_session"
# The JWT claim holding the user's `token_version` when the token was issued.
TOKEN_VERSION_CLAIM = "ver"

SettingsDep = Annotated[Settings, Depends(get_settings)]


# --- database (fastapi-users' adapters are async; asyncpg takes the same URL forms) ---


@lru_cache
def async_engine(url: str) -> AsyncEngine:
    """Every signed-in request reads its session here, and a login holds a connection
    while the password is checked: the pool is sized like the synchronous one (SQLAlchemy's
    default 5 + 10 ran out under bench/bench_load.py's 55 sellers and answered 500)."""
    settings = get_settings()
    return create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )


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


def password_weakness(password: str, email: str) -> str | None:
    """Why `password` is refused (length, the email in it, or easy to guess), or None.

    Guessability is zxcvbn's estimate: its frequency lists (common and leaked passwords,
    names, words) and patterns (keyboard rows, sequences, repeats, dates, l33t).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password should be at least {MIN_PASSWORD_LENGTH} characters"
    if email.lower() in password.lower():
        return "Password should not contain the email"
    local_part = email.split("@", 1)[0]
    hints = [email, local_part, "mercari", "intelligence", "mercari intelligence"]
    result = zxcvbn(password[:_ZXCVBN_MAX_LENGTH], user_inputs=hints)
    if result["score"] >= MIN_PASSWORD_SCORE:
        return None
    feedback = result["feedback"]
    hint = feedback["warning"] or " ".join(feedback["suggestions"])
    reason = "Password is too easy to guess (common passwords and simple patterns are refused)"
    return f"{reason}: {hint.rstrip('.')}" if hint else reason


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    user_db: SQLAlchemyUserDatabase

    def __init__(
        self,
        user_db: SQLAlchemyUserDatabase,
        settings: Settings,
        background: BackgroundTasks | None = None,
    ) -> None:
        super().__init__(user_db)
        secret = settings.secret_key.get_secret_value()
        # One secret is enough: fastapi-users gives each token kind its own JWT audience.
        self.reset_password_token_secret = secret
        self.verification_token_secret = secret
        self.settings = settings
        self.background = background

    async def later(self, work: Callable[..., Awaitable[Any]], *args: Any) -> None:
        """Run `work(*args)` once the response is sent (serving a request), else now."""
        if self.background is None:
            await work(*args)
        else:
            self.background.add_task(work, *args)

    async def revoke_credentials(self, user: User, keep_session: str | None = None) -> None:
        """Make every bearer JWT issued so far invalid and end the cookie sessions, all but
        `keep_session` (the browser session making the change, if any)."""
        session = self.user_db.session
        await session.execute(
            update(User).where(User.id == user.id).values(token_version=User.token_version + 1)
        )
        sessions = delete(AccessToken).where(AccessToken.user_id == user.id)
        if keep_session:
            sessions = sessions.where(AccessToken.token != keep_session)
        await session.execute(sessions)
        await session.commit()
        await session.refresh(user)

    async def validate_password(
        self, password: str, user: user_schemas.BaseUserCreate | User
    ) -> None:
        reason = password_weakness(password, user.email)
        if reason is not None:
            raise InvalidPasswordException(reason=reason)

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
        await self.later(emails.send_verification_email, self.settings, user.email, token)

    async def on_after_forgot_password(
        self, user: User, token: str, request: Request | None = None
    ) -> None:
        # Already after the response: portal/services/account.py defers forgot_password.
        await emails.send_password_reset_email(self.settings, user.email, token)

    async def on_after_reset_password(self, user: User, request: Request | None = None) -> None:
        # Whoever knew the old password (or held a session) is locked out.
        await self.revoke_credentials(user)


async def get_user_manager(
    user_db: Annotated[SQLAlchemyUserDatabase, Depends(get_user_db)],
    settings: SettingsDep,
    background: BackgroundTasks,
) -> AsyncIterator[UserManager]:
    yield UserManager(user_db, settings, background)


# --- authentication backends ---


class VersionedJWTStrategy(JWTStrategy[User, uuid.UUID]):
    """fastapi-users' JWT strategy, stricter: a token must carry `exp`, `aud`, `sub` and
    the user's `token_version`, and is refused once that version moved on (the password
    or the email changed since it was issued)."""

    async def read_token(
        self, token: str | None, user_manager: BaseUserManager[User, uuid.UUID]
    ) -> User | None:
        if token is None:
            return None
        key = self.decode_key
        try:
            data = jwt.decode(
                token,
                key.get_secret_value() if isinstance(key, SecretStr) else key,
                audience=self.token_audience,
                algorithms=[self.algorithm],
                options={"require": ["exp", "aud", "sub", TOKEN_VERSION_CLAIM]},
            )
            user = await user_manager.get(user_manager.parse_id(data["sub"]))
        except (jwt.PyJWTError, exceptions.InvalidID, exceptions.UserNotExists):
            return None
        version = data[TOKEN_VERSION_CLAIM]
        if type(version) is not int or version != user.token_version:
            return None
        return user

    async def write_token(self, user: User) -> str:
        data = {
            "sub": str(user.id),
            "aud": self.token_audience,
            TOKEN_VERSION_CLAIM: user.token_version,
        }
        return generate_jwt(data, self.encode_key, self.lifetime_seconds, algorithm=self.algorithm)


def get_jwt_strategy(settings: SettingsDep) -> VersionedJWTStrategy:
    return VersionedJWTStrategy(
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
