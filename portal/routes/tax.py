"""The seller's tax year: GET /api/tax/{year} and its CSV, PDF and per-line CSVs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response, status

from mi_core.db import get_engine
from mi_core.tax import TAX_LINE_KEYS
from portal.deps import CurrentUser
from portal.schemas import TaxYear, errors
from portal.services import tax as service
from portal.services.tax_pdf import summary_pdf

router = APIRouter(prefix="/tax", tags=["tax"], responses=errors(401, 422))

Year = Annotated[int, Path(ge=1990, le=2100, description="Calendar year.")]


def _file(media_type: str) -> dict[int | str, dict[str, object]]:
    schema = {"type": "string", "format": "binary"}
    return {200: {"description": "An attachment.", "content": {media_type: {"schema": schema}}}}


def _attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)


# The suffixed paths first: "/{year}" would also match "2024.csv" (and refuse it as no year).
@router.get("/{year}.csv", response_class=Response, responses=_file("text/csv"))
def tax_year_csv(year: Year, user: CurrentUser) -> Response:
    """The whole tax page as CSV (with the "not tax advice" statement)."""
    content = service.summary_csv(service.summary(get_engine(), user.id, year))
    return _attachment(content, "text/csv; charset=utf-8", f"tax-{year}.csv")


@router.get("/{year}.pdf", response_class=Response, responses=_file("application/pdf"))
def tax_year_pdf(year: Year, user: CurrentUser) -> Response:
    """The whole tax page as a PDF (with the "not tax advice" statement)."""
    content = summary_pdf(service.summary(get_engine(), user.id, year))
    return _attachment(content, "application/pdf", f"tax-{year}.pdf")


@router.get(
    "/{year}/lines/{line}.csv",
    response_class=Response,
    responses={**_file("text/csv"), **errors(404)},
)
def tax_line_csv(year: Year, line: str, user: CurrentUser) -> Response:
    """The rows behind one line (sales or expenses); their amounts sum to the line."""
    if line not in TAX_LINE_KEYS:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"No such line; lines: {', '.join(TAX_LINE_KEYS)}"
        )
    rows = service.line_rows(get_engine(), user.id, year, line)
    return _attachment(
        service.line_csv(rows, year), "text/csv; charset=utf-8", f"tax-{year}-{line}.csv"
    )


@router.get("/{year}")
def tax_year(year: Year, user: CurrentUser) -> TaxYear:
    """Form 1099-K gross against the year's federal threshold, and the Schedule C lines."""
    return TaxYear.model_validate(service.summary(get_engine(), user.id, year))
