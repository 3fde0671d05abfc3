"""Each request's log context: a request id (the client's `X-Request-ID` when it is a
plausible id, else a new one), echoed in the response's `X-Request-ID`, and bound for
every log line of the request (mi_core.logging_config); deps.py adds the tenant once the
seller is known."""

from __future__ import annotations

import logging
import re
import time
import uuid

from prometheus_fastapi_instrumentator.routing import get_route_name
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mi_core.logging_config import bound

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
    """The path template of the route that matches (`/api/uploads/{upload_id}`), found as
    the request metrics find it (prometheus-fastapi-instrumentator)."""
    if "app" not in scope:
        return "unmatched"
    return get_route_name(Request(scope), should_include_root_path=False) or "unmatched"
