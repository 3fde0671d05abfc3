"""Costs of goods (JSON API over portal.services.costs): the cost CSV, its template, and
one sale's cost (the sales table's inline cost entry)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, UploadFile, status
from fastapi.responses import JSONResponse

from portal.deps import CurrentUser, SessionDep
from portal.schemas import (
    CostImportResult,
    CostRowProblem,
    SaleCostIn,
    SaleCostPublic,
    UnprocessableContent,
    errors,
)
from portal.services import costs as service

router = APIRouter(prefix="/costs", tags=["costs"], responses=errors(401))

# A cost sheet is a few columns per item: far below this even for a large seller.
MAX_COST_CSV_BYTES = 5 * 1024 * 1024


def import_result(result) -> CostImportResult:
    return CostImportResult(
        matched=result.matched,
        unmatched=result.unmatched,
        refused=[CostRowProblem(row=p.row, reason=p.reason) for p in result.refused],
        unmatched_rows=[CostRowProblem(row=p.row, reason=p.reason) for p in result.unmatched_rows],
        applied=result.applied,
    )


def read_cost_file(file: UploadFile) -> bytes:
    data = file.file.read(MAX_COST_CSV_BYTES + 1)
    if len(data) > MAX_COST_CSV_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"{file.filename}: a cost CSV may be at most {MAX_COST_CSV_BYTES // 2**20} MB.",
        )
    return data


@router.post(
    "/import",
    responses={
        **errors(413),
        422: {
            # Rows refused (nothing stored), or a request that does not validate.
            "model": CostImportResult | UnprocessableContent,
            "description": "Rows refused: nothing was stored (or the request is invalid).",
        },
    },
)
def import_costs(file: UploadFile, user: CurrentUser, session: SessionDep) -> CostImportResult:
    """Import a cost CSV (columns `item_id` or `title`, and `cost`), whole or not at all."""
    filename = file.filename or "costs.csv"
    try:
        result = service.import_costs(session, user, read_cost_file(file), filename)
    except service.CostFileError as err:
        problem = CostRowProblem(row=1, reason=str(err))
        body = CostImportResult(
            matched=0, unmatched=0, refused=[problem], unmatched_rows=[], applied=False
        )
        return JSONResponse(body.model_dump(), status.HTTP_422_UNPROCESSABLE_CONTENT)
    answer = import_result(result)
    if not result.applied:
        return JSONResponse(answer.model_dump(), status.HTTP_422_UNPROCESSABLE_CONTENT)
    return answer


@router.get(
    "/template.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def cost_template(user: CurrentUser) -> Response:
    """The cost CSV's header: fill item_id (one sale) or title (every sale of it), and cost."""
    return Response(
        service.TEMPLATE_CSV,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="costs-template.csv"'},
    )


@router.put("/sales/{item_id}", responses=errors(400, 422))
def put_sale_cost(
    item_id: str, body: SaleCostIn, user: CurrentUser, session: SessionDep
) -> SaleCostPublic:
    """Set the cost of one sale (by Mercari item id); it outranks every other cost."""
    try:
        amount = service.set_cost(session, user, "sale", item_id, value=body.cost)
    except service.CostError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{err}.") from None
    return SaleCostPublic(item_id=item_id, cost=str(amount), marts_refresh_queued=True)


@router.delete("/sales/{item_id}")
def delete_sale_cost(item_id: str, user: CurrentUser, session: SessionDep) -> SaleCostPublic:
    """Clear a sale's own cost; the sale falls back to its title, group, … cost."""
    cleared = service.clear_cost(session, user, "sale", item_id)
    return SaleCostPublic(item_id=item_id, cost=None, marts_refresh_queued=cleared)
