"""Login throttling: at most N failed attempts per minute per (email, client address).

Every attempt is counted when it arrives; a successful login clears its count (see
`UserManager.on_after_login`), so only failures add up.

In-process on purpose: it slows password guessing against one portal process with no
extra infrastructure. Several workers each keep their own count (a shared store such as
Redis would be needed to make the limit global). The client address is the connection's
peer, or what a trusted proxy says it is (portal/client_address.py).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from mi_core.settings import Settings, get_settings
from portal.client_address import client_address

WINDOW_SECONDS = 60.0


class SlidingWindowLimiter:
    def __init__(self, window_seconds: float = WINDOW_SECONDS) -> None:
        self.window_seconds = window_seconds
        self._attempts: defaultdict[tuple[str, str], deque[float]] = defaultdict(deque)

    def allow(self, key: tuple[str, str], limit: int) -> bool:
        """Record an attempt unless `limit` attempts already happened within the window."""
        now = time.monotonic()
        attempts = self._attempts[key]
        while attempts and now - attempts[0] > self.window_seconds:
            attempts.popleft()
        if len(attempts) >= limit:
            return False
        attempts.append(now)
        return True

    def forget(self, key: tuple[str, str]) -> None:
        self._attempts.pop(key, None)

    def reset(self) -> None:
        self._attempts.clear()


def attempt_key(email: str, request: Request | None, settings: Settings) -> tuple[str, str]:
    return email.strip().lower(), client_address(request, settings.trusted_proxies)


login_limiter = SlidingWindowLimiter()


async def limit_login_attempts(
    request: Request, settings: Annotated[Settings, Depends(get_settings)]
) -> None:
    """Dependency of the auth routers; only `…/login` requests are counted."""
    if not request.url.path.endswith("/login"):
        return
    # Starlette caches the parsed form, so the login route reads it again for free.
    form = await request.form()
    key = attempt_key(str(form.get("username", "")), request, settings)
    if not login_limiter.allow(key, settings.login_attempts_per_minute):
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many login attempts. Wait a minute and try again.",
            headers={"Retry-After": str(int(WINDOW_SECONDS))},
        )
