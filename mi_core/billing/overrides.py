"""Operators' plan overrides (`mi seller plan`): a comp onto a plan, optionally until a
date. The newest unexpired override decides the plan; webhooks never touch it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from mi_core.billing.plans import PlanName
from mi_core.billing.usage import release_waiting_uploads
from mi_core.models import PlanOverride
from mi_core.settings import Settings


def grant_plan_override(
    session: Session,
    settings: Settings,
    seller_id: uuid.UUID,
    plan: PlanName,
    *,
    until: datetime | None,
    granted_by: str,
) -> list[uuid.UUID]:
    """Record the override and re-submit uploads whose waiting rows it makes room for."""
    session.add(
        PlanOverride(seller_id=seller_id, plan=plan.value, until=until, granted_by=granted_by)
    )
    session.flush()
    return release_waiting_uploads(session, settings, seller_id)
