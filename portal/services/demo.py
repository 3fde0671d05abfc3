"""The demo seller (seeded by `mi serve` from mi_cli/demo_data), whose dashboard anyone may
look at, read-only, from the landing page (`MI_PUBLIC_DEMO`)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mi_core.db import get_engine
from mi_core.models import User
from mi_core.settings import Settings


def demo_seller(settings: Settings) -> User | None:
    """The demo seller's account, fresh (its marts version keys the dashboard cache), or
    None when the public demo is off or the seller does not exist."""
    if not settings.public_demo_enabled:
        return None
    with Session(get_engine(), expire_on_commit=False) as session:
        seller = session.scalar(
            select(User).where(func.lower(User.email) == settings.demo_seller_email.lower())
        )
        if seller is not None:
            session.expunge(seller)
        return seller
