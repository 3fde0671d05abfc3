"""Sentry, when `SENTRY_DSN` is set: the portal and Dagster runs report their errors there,
scrubbed of what belongs to sellers and their buyers.

`before_send` removes, from every string of an event (messages, exception values,
breadcrumbs, extra data): email addresses, file names, "Reserved for …"/"Bundle for …"
buyer names, and quoted text (error messages quote the offending value, e.g. a title).
Request bodies, cookies, headers that authenticate and local variables are never sent.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.logging import LoggingIntegration

REDACTED = "[redacted]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FILE = re.compile(r"[^\s/\\'\"]+\.(?:csv|tsv|txt|xlsx?|json)\b", re.IGNORECASE)
# The buyer's name follows "reserved for"/"bundle for"/"hold for" in Mercari titles.
_BUYER = re.compile(
    r"\b(reserved|bundle|hold|holding|set aside)\s+for\s+[^,;:|()\[\]\"'\n]+", re.IGNORECASE
)
_QUOTED = re.compile(r"'[^'\n]{2,}'|\"[^\"\n]{2,}\"")
_SECRET_HEADERS = {"authorization", "cookie", "x-csrftoken", "stripe-signature"}


def scrub_text(text: str) -> str:
    text = _EMAIL.sub(REDACTED, text)
    text = _BUYER.sub(lambda m: f"{m.group(1)} for {REDACTED}", text)
    text = _FILE.sub(REDACTED, text)
    return _QUOTED.sub(REDACTED, text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def before_send(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS}
    event.pop("user", None)
    for frame_holder in (event.get("exception") or {}).get("values") or []:
        for frame in (frame_holder.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    return _scrub(event)


def before_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict:
    return _scrub(crumb)


def init_error_reporting(
    dsn: str | None, component: str, environment: str = "production", *, log_events: bool = True
) -> bool:
    """Start Sentry for this process when a DSN is configured; returns whether it did.

    `log_events`: error log records become Sentry events too (the portal's; a Dagster run
    reports its failed steps from a hook instead, its error lines would repeat them).
    """
    if not dsn:
        return False
    logging_integration = LoggingIntegration(event_level=logging.ERROR if log_events else None)
    sentry_sdk.init(
        integrations=[logging_integration],
        dsn=dsn,
        environment=environment,
        server_name=component,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )
    sentry_sdk.set_tag("component", component)
    return True
