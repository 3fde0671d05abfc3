"""A seller's category corrections, each stored with its marts refresh in one transaction
(mi_core.corrections); the refresh itself is a Dagster run the sensor starts."""

from __future__ import annotations

import uuid

from mi_core import corrections
from mi_core.corrections import Correction, CorrectionError, CorrectionNotFoundError
from mi_core.db import get_engine
from mi_core.models import User

__all__ = ["CorrectionError", "CorrectionNotFoundError", "correct", "list_of", "undo"]


def correct(
    user: User, *, title: str | None, group_id: int | None, department: str, subcategory: str
) -> Correction:
    if "\x00" in "".join(v for v in (title, department, subcategory) if v):
        # PostgreSQL text cannot hold NUL; no title or category has one.
        raise CorrectionError("the text contains a NUL character")
    with get_engine().begin() as conn:
        if group_id is not None:
            return corrections.correct_group(conn, user.id, group_id, department, subcategory)
        return corrections.correct_title(conn, user.id, title or "", department, subcategory)


def undo(user: User, correction_id: uuid.UUID) -> None:
    with get_engine().begin() as conn:
        corrections.undo(conn, user.id, correction_id)


def list_of(user: User) -> list[Correction]:
    with get_engine().connect() as conn:
        return corrections.corrections_of(conn, user.id)
