"""The portal's ASGI app (`portal.main:app`)."""

from fastapi import FastAPI
from sqlalchemy import text

from portal.db import get_engine

app = FastAPI(title="Mercari Intelligence", version="0.1.0")


@app.get("/health", tags=["operations"])
def health() -> dict[str, str]:
    """Liveness and database reachability, for load balancers and `mi serve`."""
    with get_engine().connect() as conn:
        conn.execute(text("select 1"))
    return {"status": "ok", "database": "ok"}
