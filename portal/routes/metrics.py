"""GET /metrics: Prometheus' scrape endpoint (portal/services/metrics.py). Not in the
OpenAPI schema: it is for operators' monitoring, not for the API's clients."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from portal.deps import SettingsDep
from portal.services import metrics

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def scrape(request: Request, settings: SettingsDep) -> Response:
    if not metrics.may_scrape(request, settings):
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    body = await run_in_threadpool(metrics.exposition)
    return Response(body, media_type=metrics.CONTENT_TYPE)
