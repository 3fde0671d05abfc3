"""Downloads of the signed-in seller's data (a plan feature: see `export_allowed`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status
from fastapi.responses import StreamingResponse

from mi_core.db import get_engine
from mi_core.models import User
from portal.deps import CurrentUser
from portal.schemas import errors
from portal.services import exports

router = APIRouter(prefix="/exports", tags=["exports"], responses=errors(401, 403))

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(media_type: str, description: str) -> dict[int | str, dict[str, object]]:
    """The 200 answer of a download, declared with its real media type."""
    schema = {"type": "string", "format": "binary"}
    return {200: {"description": description, "content": {media_type: {"schema": schema}}}}


_CSV = _file("text/csv", "A CSV file (UTF-8) as an attachment.")
_XLSX = _file(XLSX_TYPE, "An Excel workbook as an attachment.")


def get_exporting_user(user: CurrentUser) -> User:
    if not exports.export_allowed(user):
        raise HTTPException(status.HTTP_403_FORBIDDEN, exports.EXPORT_REFUSED)
    return user


ExportingUser = Annotated[User, Depends(get_exporting_user)]


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get("/sales.csv", response_class=StreamingResponse, responses=_CSV)
def export_sales_csv(user: ExportingUser) -> StreamingResponse:
    """Every sale with the report's columns plus department, subcategory, confidence, cluster."""
    # The generator opens its own connection: it runs after this function has returned.
    rows = exports.sales_rows(get_engine(), user.id)
    return StreamingResponse(
        exports.csv_chunks(exports.SALES_HEADER, rows),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("mercari-sales.csv"),
    )


@router.get("/sales.xlsx", response_class=Response, responses=_XLSX)
def export_sales_xlsx(user: ExportingUser) -> Response:
    content = exports.sales_workbook(exports.sales_rows(get_engine(), user.id))
    return Response(content, media_type=XLSX_TYPE, headers=_attachment("mercari-sales.xlsx"))


@router.get("/monthly.csv", response_class=StreamingResponse, responses=_CSV)
def export_monthly_csv(user: ExportingUser) -> StreamingResponse:
    rows = exports.monthly_rows(get_engine(), user.id)
    return StreamingResponse(
        exports.csv_chunks(exports.MONTHLY_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("mercari-monthly.csv"),
    )
