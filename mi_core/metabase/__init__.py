"""Metabase: its REST client, the questions over the marts, and provisioning.

Nothing here imports FastAPI: `mi metabase provision` (mi_cli) sets Metabase up, and the
portal (portal/metabase.py) only signs embed tokens for the provisioned dashboard.
"""

from mi_core.metabase.client import (
    MetabaseClient,
    MetabaseError,
    MetabaseVersion,
    connect,
    find_dashboard_id,
    metabase_url,
    server_version,
    wait_until_ready,
)
from mi_core.metabase.provisioning import ProvisionReport, ProvisionStep, provision
from mi_core.metabase.questions import (
    COLLECTION_NAME,
    DASHBOARD_NAME,
    DATABASE_NAME,
    QUESTIONS,
    TENANT_PARAMETER_SLUG,
    TENANT_TAG,
)

__all__ = [
    "COLLECTION_NAME",
    "DASHBOARD_NAME",
    "DATABASE_NAME",
    "QUESTIONS",
    "TENANT_PARAMETER_SLUG",
    "TENANT_TAG",
    "MetabaseClient",
    "MetabaseError",
    "MetabaseVersion",
    "ProvisionReport",
    "ProvisionStep",
    "connect",
    "find_dashboard_id",
    "metabase_url",
    "provision",
    "server_version",
    "wait_until_ready",
]
