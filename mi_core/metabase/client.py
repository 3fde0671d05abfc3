"""Metabase's REST API as provisioning and the portal use it: the session client, the
server's version (which decides setting names), and lookups by name."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Literal

import requests
from metabase_api import Metabase_API

from mi_core.metabase.questions import COLLECTION_NAME, DASHBOARD_NAME
from mi_core.settings import Settings

HTTP_TIMEOUT_SECONDS = 10.0
# `v0.50.36` (open source), `v1.60.1` (enterprise), `v0.60.1.3` (a patch of a patch).
_VERSION_TAG = re.compile(r"v(\d+)\.(\d+)(?:\.(\d+))?")
# From v0.51 static embedding (documented as guest embedding from v0.58) has a setting of
# its own; `enable-embedding` was split into it and `enable-embedding-interactive`.
STATIC_EMBEDDING_SETTING_SINCE = 51


class MetabaseError(RuntimeError):
    """Metabase cannot be reached or answered something provisioning cannot go on with."""


@dataclass(frozen=True)
class MetabaseVersion:
    major: int
    minor: int
    tag: str = ""

    @classmethod
    def parse(cls, tag: str) -> MetabaseVersion:
        match = _VERSION_TAG.match(tag or "")
        if match is None:
            raise MetabaseError(f"cannot tell Metabase's version from its tag {tag!r}")
        return cls(int(match.group(2)), int(match.group(3) or 0), tag)

    @property
    def embedding_setting(self) -> str:
        """The setting that turns on signed (static, now "guest") embedding."""
        if self.major >= STATIC_EMBEDDING_SETTING_SINCE:
            return "enable-embedding-static"
        return "enable-embedding"


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason
    if isinstance(body, dict):
        return str(body.get("errors") or body.get("message") or body)[:300]
    return str(body)[:300]


def check_response(response: requests.Response, what: str) -> Any:
    if not response.ok:
        raise MetabaseError(f"{what} failed (HTTP {response.status_code}): {_error_text(response)}")
    return response.json() if response.content else None


class MetabaseClient(Metabase_API):
    """metabase-api's client (session login, the `X-Metabase-Session` header, its REST
    helpers) with timeouts, errors that say what failed, and one re-login when the
    session expired instead of the library's check before every request."""

    def __init__(self, url: str, email: str, password: str, timeout: float) -> None:
        self.timeout = timeout
        try:
            super().__init__(url, email=email, password=password)
        except requests.RequestException as err:
            raise MetabaseError(f"cannot reach Metabase at {url}: {err}") from None

    def authenticate(self) -> None:
        response = requests.post(
            f"{self.domain}/api/session",
            json={"username": self.email, "password": self.password},
            timeout=self.timeout,
        )
        if response.status_code in (400, 401):
            raise MetabaseError(
                f"Metabase refused the admin login of {self.email} "
                f"(HTTP {response.status_code}: {_error_text(response)}); "
                "check MI_METABASE_ADMIN_EMAIL and MI_METABASE_ADMIN_PASSWORD"
            )
        self.session_id = check_response(response, "POST /api/session")["id"]
        self.header = {"X-Metabase-Session": self.session_id}

    def validate_session(self) -> bool:
        return True  # `call` logs in again on a 401 instead of asking before every request

    def call(self, method: Literal["GET", "POST", "PUT"], endpoint: str, **kwargs: Any) -> Any:
        send = {"GET": self.get, "POST": self.post, "PUT": self.put}[method]
        try:
            response = send(endpoint, "raw", timeout=self.timeout, **kwargs)
            if response.status_code == 401:  # the session expired (14 days by default)
                self.authenticate()
                response = send(endpoint, "raw", timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            raise MetabaseError(f"{method} {endpoint}: cannot reach Metabase: {err}") from None
        return check_response(response, f"{method} {endpoint}")


def metabase_url(settings: Settings) -> str:
    if not settings.metabase_url:
        raise MetabaseError("MI_METABASE_URL is not set: Metabase is not configured")
    return settings.metabase_url.rstrip("/")


def wait_until_ready(url: str, seconds: float, poll_seconds: float = 2.0) -> None:
    """Wait for Metabase's /api/health to say ok (it takes a minute to start)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            response = requests.get(f"{url}/api/health", timeout=HTTP_TIMEOUT_SECONDS)
            if response.ok and response.json().get("status") == "ok":
                return
            problem = f"HTTP {response.status_code}"
        except (requests.RequestException, ValueError) as err:
            problem = str(err)
        if time.monotonic() >= deadline:
            raise MetabaseError(f"Metabase at {url} is not ready: {problem}")
        time.sleep(poll_seconds)


def session_properties(url: str) -> dict[str, Any]:
    """Metabase's public settings (no login needed): version, setup token, ..."""
    try:
        response = requests.get(f"{url}/api/session/properties", timeout=HTTP_TIMEOUT_SECONDS)
    except requests.RequestException as err:
        raise MetabaseError(f"cannot reach Metabase at {url}: {err}") from None
    return check_response(response, "GET /api/session/properties")


def server_version(properties: dict[str, Any]) -> MetabaseVersion:
    return MetabaseVersion.parse((properties.get("version") or {}).get("tag") or "")


def connect(settings: Settings, timeout: float = HTTP_TIMEOUT_SECONDS) -> MetabaseClient:
    return MetabaseClient(
        metabase_url(settings),
        settings.metabase_admin_email,
        settings.metabase_admin_password.get_secret_value(),
        timeout,
    )


def items(body: Any) -> list[dict[str, Any]]:
    """List endpoints answer a list or (paginated ones) `{"data": [...], "total": n}`."""
    return body["data"] if isinstance(body, dict) else body


def find_collection_id(client: MetabaseClient) -> int | None:
    for collection in items(client.call("GET", "/api/collection")):
        if (
            collection.get("name") == COLLECTION_NAME
            and not collection.get("archived")
            and collection.get("personal_owner_id") is None
            and isinstance(collection.get("id"), int)
        ):
            return collection["id"]
    return None


def collection_items(client: MetabaseClient, collection_id: int, model: str) -> dict[str, int]:
    """Name → id of the collection's (non-archived) cards or dashboards."""
    body = client.call("GET", f"/api/collection/{collection_id}/items", params={"models": model})
    return {item["name"]: item["id"] for item in items(body) if item.get("model") == model}


def find_dashboard_id(settings: Settings) -> int | None:
    """The provisioned dashboard's id, looked up by collection and name."""
    client = connect(settings)
    collection_id = find_collection_id(client)
    if collection_id is None:
        return None
    return collection_items(client, collection_id, "dashboard").get(DASHBOARD_NAME)
