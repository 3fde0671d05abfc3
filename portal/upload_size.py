"""Refuse an upload that declares itself too large before a byte of it is read.

FastAPI parses a multipart body (spooling the file to disk) before any route code runs,
so the route's own limit (mi_core.uploads.register_upload, which also covers uploads that
declare no length) comes only after the whole file has crossed the network. A browser
and every HTTP client send `Content-Length` for a file upload; when it is over the limit
this middleware answers 413 at once and the body is never read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse

from mi_core.settings import get_settings
from mi_core.uploads import UploadTooLargeError

UPLOAD_PATH = "/api/uploads"
# Room for the multipart boundaries, part headers and the CSRF field around the file.
MULTIPART_OVERHEAD_BYTES = 64 * 1024

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class UploadSizeLimit:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == UPLOAD_PATH:
            limit = get_settings().upload_max_bytes
            length = declared_length(scope)
            if length is not None and length > limit + MULTIPART_OVERHEAD_BYTES:
                refusal = JSONResponse({"detail": str(UploadTooLargeError(limit))}, 413)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)
