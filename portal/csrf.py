"""CSRF protection for cookie-authenticated requests (asgi-csrf, double-submit cookie).

Every unsafe request (POST, PUT, PATCH, DELETE) that carries cookies must send the token
of the signed `csrftoken` cookie back, either as the `csrftoken` form field (page forms;
it must come before any file field) or in the `x-csrftoken` header (the pages' `fetch`
calls). Other requests without cookies (API clients) and bearer-token requests are not
checked: a browser cannot be tricked into sending them with a session.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgi_csrf import Errors, asgi_csrf
from fastapi import Request

from mi_core.settings import get_settings

FORM_FIELD = "csrftoken"
HEADER = "x-csrftoken"
# The pages' forms are checked even without cookies: a cross-site post to /login would
# otherwise sign a visitor into someone else's account (login CSRF).
PAGE_FORMS = frozenset(
    {
        "/register",
        "/login",
        "/logout",
        "/verify/resend",
        "/forgot-password",
        "/reset-password",
        "/account/password",
        "/account/delete",
        "/billing/checkout",
        "/billing/portal",
    }
)

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

_REFUSAL = (
    "This form has expired or did not come from this site. "
    "Reload the page and try again."
)
_FILE_FIRST = "The security token must come before the file. Reload the page and try again."


def csrf_token(request: Request) -> str:
    """The token for the current visitor (sets the cookie on the response if needed)."""
    issue = request.scope.get("csrftoken")
    return issue() if issue is not None else ""


def _wants_json(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    if path.startswith(("/api/", "/auth/", "/users/")):
        return True
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    return b"application/json" in accept and b"text/html" not in accept


async def send_refusal(scope: Scope, send: Send, error: Errors) -> None:
    """403 in words a person understands: JSON for API calls, a small page for forms."""
    message = _FILE_FIRST if error is Errors.FILE_BEFORE_TOKEN else _REFUSAL
    if _wants_json(scope):
        body = json.dumps({"detail": message}).encode()
        content_type = b"application/json"
    else:
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<title>Request refused</title>"
            '<link rel="stylesheet" href="/static/portal.css">'
            '<main class="narrow"><h1>Request refused</h1>'
            f"<p>{message}</p><p><a href='/'>Back to the portal</a></p></main></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", content_type)],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Called by other servers, never by a browser session: authenticated by their own
# signature (Stripe's webhook: `Stripe-Signature`), so never asked for a CSRF token.
CSRF_EXEMPT_PATHS = frozenset({"/api/billing/webhook"})


def _exempt(scope: Scope) -> bool:
    return scope.get("path") in CSRF_EXEMPT_PATHS


def csrf_middleware(app: Any) -> Any:
    """Wrap the ASGI app (used with `app.add_middleware`)."""
    settings = get_settings()
    return asgi_csrf(
        app,
        signing_secret=settings.secret_key.get_secret_value(),
        cookie_secure=settings.secure_cookies,
        always_protect=PAGE_FORMS,
        send_csrf_failed=send_refusal,
        skip_if_scope=_exempt,
    )
