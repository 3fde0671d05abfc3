"""Login throttling: at most N failed attempts per minute per (email, client address), and
at most M per client address whatever the email (password spraying).

Every attempt is counted when it arrives; a successful login clears its count (see
`UserManager.on_after_login`), so only failures add up. The counts live in PostgreSQL
(mi_core/login_attempts.py), so every worker and process of the portal shares them. The
client address is the connection's peer, or what a trusted proxy says it is
(portal/client_address.py).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from mi_core import login_attempts
from mi_core.db import get_engine
from mi_core.settings import Settings, get_settings
from portal.client_address import client_address

WINDOW_SECONDS = int(login_attempts.WINDOW.total_seconds())
LIMIT_MESSAGE = "Too many login attempts. Wait a minute and try again."


class LoginLimiter:
    """The portal's side of the shared counts (blocking calls: run them in a thread)."""

    def allow(self, email: str, address: str, settings: Settings) -> bool:
        with get_engine().begin() as conn:
            return login_attempts.record_attempt(
                conn,
                address,
                email,
                per_account=settings.login_attempts_per_minute,
                per_address=settings.login_attempts_per_address_per_minute,
            )

    def forget(self, email: str, address: str) -> None:
        with get_engine().begin() as conn:
            login_attempts.forget_attempts(conn, address, email)

    def reset(self) -> None:
        """Forget every attempt (tests start from a clean slate)."""
        with get_engine().begin() as conn:
            login_attempts.forget_all_attempts(conn)


login_limiter = LoginLimiter()


async def allow_login_attempt(email: str, request: Request | None, settings: Settings) -> bool:
    address = client_address(request, settings.trusted_proxies)
    return await run_in_threadpool(login_limiter.allow, email, address, settings)


async def forget_login_attempts(email: str, request: Request | None, settings: Settings) -> None:
    address = client_address(request, settings.trusted_proxies)
    await run_in_threadpool(login_limiter.forget, email, address)


async def limit_login_attempts(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> None:
    """Dependency of the auth routers; only `…/login` requests are counted."""
    if not request.url.path.endswith("/login"):
        return
    # Starlette caches the parsed form, so the login route reads it again for free.
    form = await request.form()
    if not await allow_login_attempt(str(form.get("username", "")), request, settings):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            LIMIT_MESSAGE,
            headers={"Retry-After": str(WINDOW_SECONDS)},
        )
