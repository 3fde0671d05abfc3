"""The seller's Metabase dashboard embedded in the portal, locked to the signed-in seller.

Signed embedding (static embedding; guest embedding in current Metabase releases): the
portal signs a JWT with Metabase's embedding secret that names the dashboard and the value
of its locked `tenant_id` parameter, so the browser can neither drop nor change the seller
without breaking the signature. The dashboard itself is set up (and its wiring checked) by
`mi metabase provision`: mi_core.metabase.provisioning.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

import jwt

from mi_core.metabase import MetabaseError, find_dashboard_id, metabase_url
from mi_core.metabase.questions import TENANT_PARAMETER_SLUG
from mi_core.settings import Settings

log = logging.getLogger(__name__)

# After a failed dashboard lookup the portal waits this long before asking Metabase again.
LOOKUP_RETRY_SECONDS = 60.0


class _DashboardIdCache:
    """One lookup per process; after a failure, ask again only after a pause so that a
    Metabase that is down does not slow every page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._found: dict[str, int] = {}
        self._failed_at: dict[str, float] = {}

    def get(self, settings: Settings) -> int | None:
        key = metabase_url(settings)
        with self._lock:
            if key in self._found:
                return self._found[key]
            failed_at = self._failed_at.get(key)
            if failed_at is not None and time.monotonic() - failed_at < LOOKUP_RETRY_SECONDS:
                return None
            try:
                dashboard_id = find_dashboard_id(settings)
            except MetabaseError as err:
                log.warning("Metabase dashboard lookup failed: %s", err)
                dashboard_id = None
            if dashboard_id is None:
                self._failed_at[key] = time.monotonic()
            else:
                self._found[key] = dashboard_id
            return dashboard_id

    def clear(self) -> None:
        with self._lock:
            self._found.clear()
            self._failed_at.clear()


dashboard_id_cache = _DashboardIdCache()


def embed_token(
    settings: Settings, dashboard_id: int, tenant_id: uuid.UUID | str, now: float | None = None
) -> str:
    """HS256 JWT naming the dashboard and locking its seller filter to `tenant_id`."""
    issued = time.time() if now is None else now
    payload = {
        "resource": {"dashboard": dashboard_id},
        "params": {TENANT_PARAMETER_SLUG: str(tenant_id)},
        "exp": int(issued + settings.metabase_embed_minutes * 60),
    }
    return jwt.encode(payload, settings.metabase_embed_secret.get_secret_value(), "HS256")


def dashboard_embed_url(settings: Settings, tenant_id: uuid.UUID | str) -> str | None:
    """The iframe URL of the seller's Metabase dashboard, or None when Metabase is not
    configured (or its dashboard cannot be found): the portal's own dashboards stand alone."""
    if not settings.metabase_configured or settings.metabase_browser_url is None:
        return None
    dashboard_id = settings.metabase_dashboard_id or dashboard_id_cache.get(settings)
    if dashboard_id is None:
        return None
    token = embed_token(settings, dashboard_id, tenant_id)
    return f"{settings.metabase_browser_url}/embed/dashboard/{token}#bordered=false&titled=false"
