"""One log format for the portal and Dagster runs: a JSON object per line on stderr, with
the request id, tenant id and upload id of the work in progress.

The ids live in context variables: the portal binds `request_id` per request (and the
tenant once the seller is known), the pipeline's assets bind `tenant_id` and `upload_id`
from the run's tags. Every message passes through `redact` first, so a password, a token
(e.g. the `?token=` of a mailed link in an access log line), an email address or a buyer
name in a title never reaches a log line even if some code logs one.
"""

from __future__ import annotations

import contextvars
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from mi_core.error_reporting import REDACTED

CONTEXT_FIELDS = ("request_id", "tenant_id", "upload_id")
_context: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "mi_log_context", default=None
)

_SECRETS = re.compile(
    r"(?i)\b(password|passwd|token|access_token|secret|api[_-]?key|authorization)"
    r"(\"?\s*[=:]\s*\"?)(bearer\s+)?[^\s&\"',;]+"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BEARER = re.compile(r"(?i)\bbearer\s+[\w.~+/-]+=*")
_BUYER = re.compile(
    r"\b(reserved|bundle|hold|holding|set aside)\s+for\s+[^,;:|()\[\]\"'\n]+", re.IGNORECASE
)


def redact(text: str) -> str:
    text = _SECRETS.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _BEARER.sub(f"Bearer {REDACTED}", text)
    text = _EMAIL.sub(REDACTED, text)
    return _BUYER.sub(lambda m: f"{m.group(1)} for {REDACTED}", text)


def log_context() -> dict[str, str]:
    """The ids bound to the work in progress (a copy)."""
    return dict(_context.get() or {})


@contextmanager
def bound(**ids: object) -> Iterator[dict[str, str]]:
    """Bind ids for the duration of a block; the mapping yielded can take more later
    (e.g. the tenant, once a request's seller is known) and the block sees them."""
    current = {**(log_context()), **{k: str(v) for k, v in ids.items() if v is not None}}
    token = _context.set(current)
    try:
        yield current
    finally:
        _context.reset(token)


def set_context(**ids: object) -> None:
    """Replace the bound ids (a pipeline step starts its upload's context afresh)."""
    _context.set({k: str(v) for k, v in ids.items() if v is not None})


def bind(**ids: object) -> None:
    """Add ids to the current context (shared with the block that opened it)."""
    current = _context.get()
    if current is None:
        current = {}
        _context.set(current)
    current.update({k: str(v) for k, v in ids.items() if v is not None})


# Dagster's log records carry their run, job and step in this attribute (with the whole
# event, metadata included, which is not for log lines).
_DAGSTER_META = "dagster_meta"
_DAGSTER_FIELDS = ("run_id", "job_name", "step_key")


class ContextFilter(logging.Filter):
    """Adds the bound ids to each record and redacts its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in log_context().items():
            setattr(record, name, value)
        meta = record.__dict__.pop(_DAGSTER_META, None)
        record.__dict__.pop("dagster_event_batch_metadata", None)
        if isinstance(meta, dict):
            for name in _DAGSTER_FIELDS:
                if meta.get(name):
                    setattr(record, name, meta[name])
            # Dagster's message repeats job, run and step as text; the fields say them.
            if meta.get("orig_message"):
                record.msg, record.args = str(meta["orig_message"]), None
        record.msg = redact(record.getMessage())
        record.args = None
        return True


class MiJsonFormatter(JsonFormatter):
    def __init__(self, component: str) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            static_fields={"component": component},
        )

    def process_log_record(self, log_record: dict[str, Any]) -> dict[str, Any]:
        for key in ("exc_info", "stack_info"):
            if isinstance(log_record.get(key), str):
                log_record[key] = redact(log_record[key])
        return log_record


class _JsonStreamHandler(logging.StreamHandler):
    """Ours: recognisable, so configuring twice does not log twice."""


def json_handler(component: str, stream=None) -> logging.Handler:
    handler = _JsonStreamHandler(stream or sys.stderr)
    handler.setFormatter(MiJsonFormatter(component))
    handler.addFilter(ContextFilter())
    return handler


def configure_logging(component: str, level: int = logging.INFO) -> None:
    """JSON lines on stderr for this process: the root logger and uvicorn's own loggers.

    Plain stream handlers (Python's default format) are replaced; handlers of other kinds
    (a test runner's capture) are kept.
    """
    root = logging.getLogger()
    root.handlers = [
        h
        for h in root.handlers
        if type(h) is not logging.StreamHandler and not isinstance(h, _JsonStreamHandler)
    ]
    root.addHandler(json_handler(component))
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
