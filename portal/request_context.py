"""Each request's log context: a request id (the client's `X-Request-ID` when it is a
plausible id, else a new one), echoed in the response's `X-Request-ID`, and bound for
every log line of the request (mi_core.logging_config); deps.py adds the tenant once the
seller is known."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mi_core.logging_config import bind, bound, log_context

log = logging.getLogger("portal.access")
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _PLAUSIBLE_ID.fullmatch(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        status = {"code": 500}
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                MutableHeaders(scope=message).append("x-request-id", request_id)
            await send(message)

        with bound(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                _access_log(scope, status["code"], time.perf_counter() - start)


def _access_log(scope: Scope, status: int, seconds: float) -> None:
    """One line per request, with the route template instead of the path: no id, email
    or token of a query string ever reaches it (uvicorn's own access log is off)."""
    log.info(
        "request",
        extra={
            "method": scope.get("method"),
            "route": route_template(scope),
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        },
    )


def route_template(scope: Scope) -> str:
    """The path template of the route that matched (`/api/uploads/{upload_id}`), as
    RouteTemplate found it (outer middlewares may see a copy of the scope without it)."""
    route = scope.get("route")
    return getattr(route, "path", None) or log_context().get("route") or "unmatched"


class RouteTemplate:
    """Innermost: notes the matched route's template in the request's log context."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            path = getattr(scope.get("route"), "path", None)
            if scope["type"] == "http" and path:
                bind(route=path)
