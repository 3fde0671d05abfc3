"""Refuse a request body that is too large before a byte of it is read (413).

Uploads (`POST /api/uploads`, multipart): FastAPI parses a multipart body (spooling the
file to disk) before any route code runs, so the route's own limit
(mi_core.uploads.register_upload, which also covers uploads that declare no length) comes
only after the whole file has crossed the network. A browser and every HTTP client send
`Content-Length` for a file upload; when it is over `MI_UPLOAD_MAX_BYTES` this middleware
answers 413 at once and the body is never read.

Every other request (forms, JSON; the CSRF check buffers a form body to find its token):
at most `MI_REQUEST_MAX_BYTES`. A request declaring more is answered 413 unread; one
without a length (chunked) or lying about it is cut off with 413 as soon as what has
arrived passes the limit, whatever the layers inside were doing with it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse

from mi_core.settings import get_settings
from mi_core.uploads import UploadTooLargeError

UPLOAD_PATH = "/api/uploads"
# Room for the multipart boundaries, part headers and the CSRF field around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def is_upload(scope: Scope) -> bool:
    if scope["method"] != "POST" or scope["path"] != UPLOAD_PATH:
        return False
    content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
    return content_type.split(b";", 1)[0].strip().lower() == b"multipart/form-data"


def too_large(limit: int) -> JSONResponse:
    megabytes = limit / (1024 * 1024)
    size = f"{megabytes:g} MB" if megabytes >= 1 else f"{limit} bytes"
    return JSONResponse({"detail": f"The request body is larger than {size}."}, 413)


class BodyTooLargeError(Exception):
    """What has arrived of the body is over the limit (raised from `receive`)."""


class RequestSizeLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = declared_length(scope)
        if is_upload(scope):
            limit = get_settings().upload_max_bytes
            if length is not None and length > limit + MULTIPART_OVERHEAD_BYTES:
                refusal = JSONResponse({"detail": str(UploadTooLargeError(limit))}, 413)
                await refusal(scope, receive, send)
                return
            # The route cuts off an upload that declared no length (see the docstring).
            await self.app(scope, receive, send)
            return
        limit = get_settings().request_max_bytes
        if length is not None and length > limit:
            await too_large(limit)(scope, receive, send)
            return
        await self._capped(scope, receive, send, limit)

    async def _capped(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        received = 0
        exceeded = False
        started = False

        async def capped_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a body it never got whole: ours is sent below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(BodyTooLargeError):
            await self.app(scope, capped_receive, guarded_send)
        if exceeded and not started:
            await too_large(limit)(scope, receive, send)
