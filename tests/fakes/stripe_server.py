"""A local stand-in for the few Stripe API endpoints billing uses, for tests.

with stripe_server() as fake:
    settings = settings.model_copy(update={"stripe_api_base": fake.base_url, ...})
    fake.requests_to("/v1/customers")[0].params["email"]

Implements: POST /v1/customers, POST /v1/checkout/sessions, POST
/v1/billing_portal/sessions, GET /v1/prices/{id} (`put_price`), GET /v1/subscriptions/{id}
(state set by the test with `put_subscription`). Every request is recorded with its form
parameters (Stripe's bracketed keys, e.g. `line_items[0][price]`) and headers; a repeated
Idempotency-Key gets the first answer again, as Stripe does. Also signs webhook payloads
the way Stripe does.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

Json = dict[str, Any]


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("idempotency-key")


@dataclass
class FakeStripe:
    host: str
    port: int = 0
    requests: list[RecordedRequest] = field(default_factory=list)
    customers: dict[str, Json] = field(default_factory=dict)
    subscriptions: dict[str, Json] = field(default_factory=dict)
    checkout_sessions: dict[str, Json] = field(default_factory=dict)
    prices: dict[str, Json] = field(default_factory=dict)
    _idempotent: dict[tuple[str, str], tuple[int, Json]] = field(default_factory=dict)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        return [
            r for r in self.requests if r.path == path and (method is None or r.method == method)
        ]

    def new_id(self, prefix: str) -> str:
        # Unique across fakes: the test database outlives each fake server.
        return f"{prefix}_test{next(self._ids):04d}{uuid.uuid4().hex[:12]}"

    def put_price(self, price_id: str, unit_amount: int, currency: str = "usd") -> Json:
        """Set what GET /v1/prices/{id} answers: a monthly recurring price, in cents."""
        price = {
            "id": price_id,
            "object": "price",
            "active": True,
            "currency": currency,
            "unit_amount": unit_amount,
            "type": "recurring",
            "recurring": {"interval": "month", "interval_count": 1},
        }
        self.prices[price_id] = price
        return price

    def put_subscription(
        self,
        subscription_id: str,
        *,
        customer: str,
        price: str,
        status: str = "active",
        period_end: int | None = None,
        cancel_at_period_end: bool = False,
    ) -> Json:
        """Set what GET /v1/subscriptions/{id} answers (as API 2025-03+ shapes it)."""
        period_end = period_end or int(time.time()) + 30 * 86400
        subscription = {
            "id": subscription_id,
            "object": "subscription",
            "customer": customer,
            "status": status,
            "cancel_at_period_end": cancel_at_period_end,
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": f"si_{subscription_id}",
                        "object": "subscription_item",
                        "price": {"id": price, "object": "price"},
                        "quantity": 1,
                        "current_period_start": period_end - 30 * 86400,
                        "current_period_end": period_end,
                    }
                ],
            },
        }
        self.subscriptions[subscription_id] = subscription
        return subscription

    # --- request handling (called by the HTTP handler) ---

    def answer(
        self, method: str, path: str, params: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, Json]:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, params, headers))
            if not headers.get("authorization", "").startswith("Bearer sk_"):
                return 401, _error("authentication_error", "Invalid API key provided.")
            key = headers.get("idempotency-key")
            if method == "POST" and key and (path, key) in self._idempotent:
                return self._idempotent[(path, key)]
            status, body = self._route(method, path, params)
            if method == "POST" and key:
                self._idempotent[(path, key)] = (status, body)
            return status, body

    def _route(self, method: str, path: str, params: dict[str, str]) -> tuple[int, Json]:
        if method == "POST" and path == "/v1/customers":
            customer = {
                "id": self.new_id("cus"),
                "object": "customer",
                "email": params.get("email"),
                "metadata": _nested(params, "metadata"),
            }
            self.customers[customer["id"]] = customer
            return 200, customer
        if method == "POST" and path == "/v1/checkout/sessions":
            if params.get("customer") not in self.customers:
                return 400, _error("invalid_request_error", "No such customer")
            session_id = self.new_id("cs")
            session = {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "client_reference_id": params.get("client_reference_id"),
                "metadata": _nested(params, "metadata"),
                "url": f"https://checkout.stripe.test/c/pay/{session_id}",
                "status": "open",
            }
            self.checkout_sessions[session_id] = session
            return 200, session
        if method == "POST" and path == "/v1/billing_portal/sessions":
            if params.get("customer") not in self.customers:
                return 400, _error("invalid_request_error", "No such customer")
            session_id = self.new_id("bps")
            return 200, {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": params["customer"],
                "return_url": params.get("return_url"),
                "url": f"https://billing.stripe.test/p/session/{session_id}",
            }
        if method == "GET" and path.startswith("/v1/subscriptions/"):
            subscription = self.subscriptions.get(path.rsplit("/", 1)[1])
            if subscription is None:
                return 404, _error(
                    "invalid_request_error", "No such subscription", "resource_missing"
                )
            return 200, subscription
        if method == "GET" and path.startswith("/v1/prices/"):
            price = self.prices.get(path.rsplit("/", 1)[1])
            if price is None:
                return 404, _error("invalid_request_error", "No such price", "resource_missing")
            return 200, price
        if method == "DELETE" and path.startswith("/v1/subscriptions/"):
            subscription = self.subscriptions.get(path.rsplit("/", 1)[1])
            if subscription is None:
                return 404, _error(
                    "invalid_request_error", "No such subscription", "resource_missing"
                )
            subscription["status"] = "canceled"
            return 200, subscription
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method} {path})")


def _error(kind: str, message: str, code: str | None = None) -> Json:
    return {"error": {"type": kind, "message": message, "code": code}}


def _nested(params: dict[str, str], name: str) -> dict[str, str]:
    prefix = f"{name}["
    return {k[len(prefix) : -1]: v for k, v in params.items() if k.startswith(prefix)}


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = dict(parse_qsl(body or parts.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload = fake.answer(method, parts.path, params, headers)
            content = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Request-Id", f"req_{fake.new_id('r')}")
            self.end_headers()
            self.wfile.write(content)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, format: str, *args: object) -> None:  # quiet in tests
            pass

    return Handler


@contextlib.contextmanager
def stripe_server(host: str = "127.0.0.1") -> Iterator[FakeStripe]:
    fake = FakeStripe(host)
    server = ThreadingHTTPServer((host, 0), _handler(fake))
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


# --- webhooks, signed as Stripe signs them ---


def signature_header(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """`t=…,v1=HMAC-SHA256(secret, "{t}.{payload}")`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(
    event_type: str, obj: Json, *, event_id: str | None = None, created: int | None = None
) -> bytes:
    event = {
        "id": event_id or f"evt_{time.time_ns()}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()) if created is None else created,
        "livemode": False,
        "api_version": "2026-10-28.endive",
        "data": {"object": obj},
    }
    return json.dumps(event).encode()
