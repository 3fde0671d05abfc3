"""CSRF protection for cookie-authenticated requests (double-submit cookie).

Every unsafe request (POST, PUT, PATCH, DELETE) that carries cookies must send the token
of the signed `csrftoken` cookie back, either as the `csrftoken` form field (page forms;
it must come before any file field) or in the `x-csrftoken` header (the pages' `fetch`
calls). Not checked:

* requests without any cookie (API clients): a browser session cannot ride on them;
* requests with a valid bearer JWT of ours: a cross-site page cannot set that header.
  Their session cookie is taken off the request, so they act as the bearer's seller and
  never as whoever the browser is signed in as. A bearer header that does not verify
  (`Bearer xxx`) exempts nothing;
* the paths in `CSRF_EXEMPT_PATHS`.

The pages' forms and `/auth/cookie/login` (`ALWAYS_PROTECT`) are checked even without
cookies: a cross-site post would otherwise sign a visitor into someone else's account
(login CSRF). `/auth/register` (`JSON_ONLY_PATHS`) only takes `application/json`, which a
cross-site page cannot send without a CORS preflight this app never grants, so API
clients register without a token while a forged form or `no-cors` fetch gets 415.

A body that cannot be read for the token (multipart without a boundary or broken, a
token field that is not text) is answered 400; a missing or wrong token 403; JSON for
API paths, a small page for forms. The token is looked for in a form body with
python-multipart's streaming parsers; what was read is replayed to the app.

The token is the one asgi-csrf issued (itsdangerous, salt `csrftoken`), so cookies that
browsers already hold stay valid.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import unquote_to_bytes

import jwt
from fastapi import Request
from fastapi_users.jwt import decode_jwt
from itsdangerous import BadSignature
from itsdangerous.url_safe import URLSafeSerializer
from python_multipart.exceptions import FormParserError, ParseError
from python_multipart.multipart import MultipartParser, QuerystringParser, parse_options_header
from starlette.datastructures import Headers
from starlette.requests import cookie_parser

from mi_core.settings import get_settings

FORM_FIELD = "csrftoken"
HEADER = "x-csrftoken"
COOKIE = "csrftoken"
SCOPE_KEY = "csrftoken"
SESSION_COOKIE = "mi_session"  # portal.auth.COOKIE_NAME (that module imports the routes)
_SIGNING_SALT = "csrftoken"
_JWT_AUDIENCE = ["fastapi-users:auth"]  # fastapi-users' JWTStrategy default

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The pages' forms are checked even without cookies: a cross-site post to /login would
# otherwise sign a visitor into someone else's account (login CSRF). The same holds for
# fastapi-users' cookie login.
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
        "/costs/product-group",
        "/costs/subcategory",
        "/costs/department",
        "/costs/title",
        "/costs/title/delete",
        "/costs/sale",
        "/costs/sale/delete",
        "/costs/import",
    }
)
ALWAYS_PROTECT = PAGE_FORMS | {"/auth/cookie/login"}

# Unsafe requests here must declare `application/json` (415 otherwise): browsers cannot
# send that cross-site without a CORS preflight, so API clients need no token.
JSON_ONLY_PATHS = frozenset({"/auth/register"})

# Called by other servers, never by a browser session: authenticated by their own
# signature (Stripe's webhook: `Stripe-Signature`), so never asked for a CSRF token.
# The bearer login reads no cookie and sets none: its token is in a body a cross-site
# page cannot read.
CSRF_EXEMPT_PATHS = frozenset({"/api/billing/webhook", "/auth/jwt/login"})

# How much of a multipart body may come before the token field (the pages send it first).
TOKEN_SEARCH_BYTES = 64 * 1024
_MAX_TOKEN_BYTES = 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Refusal(Enum):
    MISSING = (403, "This form has expired or did not come from this site. "
               "Reload the page and try again.")  # fmt: skip
    FILE_FIRST = (403, "The security token must come before the file. "
                  "Reload the page and try again.")  # fmt: skip
    UNREADABLE = (400, "The request body could not be read.")
    NOT_JSON = (415, "This address only accepts application/json.")

    @property
    def status(self) -> int:
        return self.value[0]

    @property
    def message(self) -> str:
        return self.value[1]


def csrf_token(request: Request) -> str:
    """The token for the current visitor (sets the cookie on the response if needed)."""
    issue = request.scope.get(SCOPE_KEY)
    return issue() if issue is not None else ""


def _wants_json(scope: Scope) -> bool:
    path: str = scope.get("path", "")
    if path.startswith(("/api/", "/auth/", "/users/")):
        return True
    accept = Headers(scope=scope).get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def send_refusal(scope: Scope, send: Send, refusal: Refusal) -> None:
    """The refusal in words a person understands: JSON for API calls, a page for forms."""
    if _wants_json(scope):
        body = json.dumps({"detail": refusal.message}).encode()
        content_type = b"application/json"
    else:
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<title>Request refused</title>"
            '<link rel="stylesheet" href="/static/portal.css">'
            '<main class="narrow"><h1>Request refused</h1>'
            f"<p>{refusal.message}</p><p><a href='/'>Back to the portal</a></p></main></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _Unreadable(Exception):
    pass


class _FileFirst(Exception):
    pass


@dataclass
class _Replay:
    """The body messages read while looking for the token, handed to the app again."""

    receive: Receive
    messages: list[Message] = field(default_factory=list)

    async def read(self) -> Message:
        message = await self.receive()
        self.messages.append(message)
        if message["type"] != "http.request":
            raise _Unreadable
        return message

    async def __call__(self) -> Message:
        if self.messages:
            return self.messages.pop(0)
        return await self.receive()


@dataclass
class _Issue:
    """The visitor's token; a page that uses it gets `Vary: Cookie` and, for a new
    visitor, the cookie."""

    token: str
    is_new: bool
    cookie_attributes: str
    used: bool = False

    def __call__(self) -> str:
        self.used = True
        return self.token

    def wrap(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start" and self.used:
                headers = [
                    (name, value) for name, value in message.get("headers") or [] if name != b"vary"
                ]
                vary = [value for name, value in message.get("headers") or [] if name == b"vary"]
                parts = [part.strip() for value in vary for part in value.split(b",")]
                if b"cookie" not in (part.lower() for part in parts):
                    parts.append(b"Cookie")
                headers.append((b"vary", b", ".join(part for part in parts if part)))
                if self.is_new:
                    cookie = f"{COOKIE}={self.token}; {self.cookie_attributes}"
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        return wrapped


class CSRFMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        settings = get_settings()
        self.app = app
        self.secret = settings.secret_key.get_secret_value()
        self.signer = URLSafeSerializer(self.secret)
        attributes = ["Path=/", "SameSite=Lax"]
        if settings.secure_cookies:
            attributes.append("Secure")
        self.cookie_attributes = "; ".join(attributes)

    def _signed(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            self.signer.loads(token, salt=_SIGNING_SALT)
        except BadSignature:
            return False
        return True

    def _valid_bearer(self, headers: Headers) -> bool:
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        try:
            decode_jwt(token.strip(), self.secret, _JWT_AUDIENCE)
        except jwt.PyJWTError:
            return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookie_parser(headers.get("cookie", ""))
        cookie_token = cookies.get(COOKIE)
        known = cookie_token if self._signed(cookie_token) else None
        issue = _Issue(
            token=known or self.signer.dumps(secrets.token_urlsafe(16), salt=_SIGNING_SALT),
            is_new=known is None,
            cookie_attributes=self.cookie_attributes,
        )
        scope = {**scope, SCOPE_KEY: issue}
        send = issue.wrap(send)
        if scope["method"] in SAFE_METHODS or scope["path"] in CSRF_EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        if scope["path"] in JSON_ONLY_PATHS and not _is_json(headers):
            await send_refusal(scope, send, Refusal.NOT_JSON)
            return
        if scope["path"] not in ALWAYS_PROTECT:
            if not headers.get("cookie"):
                await self.app(scope, receive, send)
                return
            if self._valid_bearer(headers):
                await self.app(_without_session_cookie(scope, cookies), receive, send)
                return
        if known is None:
            # No token was ever issued to this browser: nothing could match.
            await send_refusal(scope, send, Refusal.MISSING)
            return
        if secrets.compare_digest(headers.get(HEADER, "").encode("latin-1"), known.encode()):
            await self.app(scope, receive, send)
            return
        replay = _Replay(receive)
        try:
            submitted = await _token_from_body(headers, replay)
        except _Unreadable:
            await send_refusal(scope, send, Refusal.UNREADABLE)
            return
        except _FileFirst:
            await send_refusal(scope, send, Refusal.FILE_FIRST)
            return
        if submitted is None or not secrets.compare_digest(submitted, known.encode()):
            await send_refusal(scope, send, Refusal.MISSING)
            return
        await self.app(scope, replay, send)


def _is_json(headers: Headers) -> bool:
    media_type, _ = parse_options_header(headers.get("content-type"))
    return media_type == b"application/json" or (
        media_type.startswith(b"application/") and media_type.endswith(b"+json")
    )


def _without_session_cookie(scope: Scope, cookies: dict[str, str]) -> Scope:
    if SESSION_COOKIE not in cookies:
        return scope
    kept = "; ".join(f"{name}={value}" for name, value in cookies.items() if name != SESSION_COOKIE)
    headers = [(name, value) for name, value in scope["headers"] if name != b"cookie"]
    if kept:
        headers.append((b"cookie", kept.encode("latin-1")))
    return {**scope, "headers": headers}


async def _token_from_body(headers: Headers, replay: _Replay) -> bytes | None:
    """The `csrftoken` form field, reading no more of the body than needed."""
    media_type, options = parse_options_header(headers.get("content-type"))
    if media_type == b"application/x-www-form-urlencoded":
        return await _urlencoded_token(replay)
    if media_type == b"multipart/form-data":
        boundary = options.get(b"boundary")
        if not boundary:
            raise _Unreadable
        return await _multipart_token(boundary, replay)
    return None


async def _urlencoded_token(replay: _Replay) -> bytes | None:
    # The whole body is read (the token may be anywhere in it): RequestSizeLimit bounds it.
    fields: list[tuple[bytes, bytes]] = []
    name = bytearray()
    value = bytearray()
    in_value = False

    def on_field_start() -> None:
        nonlocal in_value
        name.clear()
        value.clear()
        in_value = False

    def on_field_name(data: bytes, start: int, end: int) -> None:
        name.extend(data[start:end])

    def on_field_data(data: bytes, start: int, end: int) -> None:
        nonlocal in_value
        in_value = True
        if len(value) <= _MAX_TOKEN_BYTES:
            value.extend(data[start:end])

    def on_field_end() -> None:
        fields.append((bytes(name), bytes(value)))

    parser = QuerystringParser(
        {
            "on_field_start": on_field_start,
            "on_field_name": on_field_name,
            "on_field_data": on_field_data,
            "on_field_end": on_field_end,
        }
    )
    more = True
    try:
        while more:
            message = await replay.read()
            parser.write(message.get("body", b""))
            more = message.get("more_body", False)
        parser.finalize()
    except (ParseError, FormParserError) as error:
        raise _Unreadable from error
    for raw_name, raw_value in fields:
        if _unquote(raw_name) == FORM_FIELD.encode():
            return _unquote(raw_value)
    return None


def _unquote(raw: bytes) -> bytes:
    return unquote_to_bytes(raw.replace(b"+", b" "))


async def _multipart_token(boundary: bytes, replay: _Replay) -> bytes | None:
    """The token field's value, from the parts before the first file; `_FileFirst` if a
    file comes first."""
    state: dict[str, Any] = {"header": b"", "value": b"", "disposition": b""}
    part = {"is_token": False, "is_file": False, "data": bytearray()}
    found: list[bytes] = []
    file_first: list[bool] = []

    def on_part_begin() -> None:
        state["disposition"] = b""
        part.update(is_token=False, is_file=False, data=bytearray())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["header"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        if state["header"].lower() == b"content-disposition":
            state["disposition"] = state["value"]
        state["header"] = state["value"] = b""

    def on_headers_finished() -> None:
        _, params = parse_options_header(state["disposition"])
        part["is_file"] = b"filename" in params
        part["is_token"] = params.get(b"name") == FORM_FIELD.encode() and not part["is_file"]
        if part["is_file"] and not found:
            file_first.append(True)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part["is_token"] and len(part["data"]) <= _MAX_TOKEN_BYTES:
            part["data"].extend(data[start:end])

    def on_part_end() -> None:
        if part["is_token"] and not found:
            found.append(bytes(part["data"]))

    try:
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": on_part_begin,
                "on_header_field": on_header_field,
                "on_header_value": on_header_value,
                "on_header_end": on_header_end,
                "on_headers_finished": on_headers_finished,
                "on_part_data": on_part_data,
                "on_part_end": on_part_end,
            },
        )
        read = 0
        more = True
        while more and not found and not file_first:
            if read > TOKEN_SEARCH_BYTES:
                return None
            message = await replay.read()
            chunk = message.get("body", b"")
            read += len(chunk)
            parser.write(chunk)
            more = message.get("more_body", False)
    except (ParseError, FormParserError) as error:
        raise _Unreadable from error
    if file_first:  # recorded only while no token had been seen
        raise _FileFirst
    return found[0] if found else None


def csrf_middleware(app: ASGIApp) -> CSRFMiddleware:
    """Wrap the ASGI app (used with `app.add_middleware`)."""
    return CSRFMiddleware(app)
