"""What /metrics shows: the request metrics of every portal worker (prometheus-client's
multiprocess mode when `PROMETHEUS_MULTIPROC_DIR` is set, as `mi serve` does), the
process's own counters, and the operations figures read from the database."""

from __future__ import annotations

import hmac
import ipaddress
import os
from functools import lru_cache

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request

from mi_core.db import get_engine
from mi_core.metrics import DatabaseCollector
from mi_core.settings import Settings
from portal.client_address import client_address

CONTENT_TYPE = CONTENT_TYPE_LATEST


def may_scrape(request: Request, settings: Settings) -> bool:
    """Loopback clients (as the trusted-proxy rules see them), or the metrics token."""
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    authorization = request.headers.get("authorization", "")
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        return ipaddress.ip_address(client_address(request, settings.trusted_proxies)).is_loopback
    except ValueError:
        return False


@lru_cache
def _database_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(get_engine()))
    return registry


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_metrics = CollectorRegistry()
        MultiProcessCollector(process_metrics)
    else:
        process_metrics = REGISTRY
    return generate_latest(process_metrics) + generate_latest(_database_registry())
