"""The seller's sales with category, confidence, source and product group."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from portal.deps import CurrentUser, SessionDep
from portal.schemas import SalesPage, errors
from portal.services import sales as service

router = APIRouter(prefix="/sales", tags=["sales"], responses=errors(401))

_Text = Annotated[str | None, Query(max_length=200)]


def _no_nul(*values: str | None) -> None:
    # PostgreSQL text cannot hold NUL: nothing stored has one (it would answer 500).
    if any(value and "\x00" in value for value in values):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "a filter contains NUL")


@router.get("", responses=errors(422))
def read_sales(
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title")] = None,
    department: _Text = None,
    subcategory: _Text = None,
    source: Annotated[
        str | None,
        Query(max_length=20, description="offline, llm, cache or seller (the seller's own)"),
    ] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=service.MAX_PER_PAGE)] = service.DEFAULT_PER_PAGE,
) -> SalesPage:
    """The seller's sales, newest first; `total` counts every match, `pages` the pages."""
    _no_nul(q, department, subcategory, source)
    filters = service.SalesFilters(q, department, subcategory, source, page, per_page)
    return SalesPage.model_validate(service.sales_page(session, user.id, filters))
