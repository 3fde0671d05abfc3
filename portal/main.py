"""The portal's ASGI app (`portal.main:app`): the seller's pages, JSON API and /health."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from prometheus_fastapi_instrumentator import Instrumentator
from sqlalchemy import text

from mi_core.db import get_engine
from mi_core.error_reporting import init_error_reporting
from mi_core.logging_config import configure_logging
from mi_core.settings import configured_value
from portal.auth import bearer_backend, cookie_backend, dispose_async_engine, fastapi_users
from portal.csrf import csrf_middleware
from portal.request_context import RequestContext
from portal.routes import (
    admin,
    billing,
    billing_pages,
    corrections,
    cost_pages,
    costs,
    dashboard,
    dashboard_pages,
    dbt_docs,
    expenses,
    exports,
    metrics,
    pages,
    sales,
    sales_pages,
    tax,
    tax_pages,
    upload_pages,
    uploads,
    users,
)
from portal.routes.login_limit import limit_login_attempts
from portal.schemas import UserRead, UserUpdate, errors
from portal.templating import STATIC_DIR
from portal.upload_size import RequestSizeLimit


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await dispose_async_engine()


# Before the app exists, so Sentry's FastAPI integration wraps it (no settings validated:
# only the DSN is read here).
init_error_reporting(
    configured_value("SENTRY_DSN"), "portal", configured_value("MI_ENVIRONMENT") or "production"
)
# JSON lines (mi_core.logging_config), uvicorn's access and error logs included.
configure_logging("portal")
app = FastAPI(title="Mercari Intelligence", version="0.1.0", lifespan=lifespan)


@app.get("/health", tags=["operations"])
def health() -> dict[str, str]:
    """Liveness and database reachability, for load balancers and `mi serve`."""
    with get_engine().connect() as conn:
        conn.execute(text("select 1"))
    return {"status": "ok", "database": "ok"}


def _without(router: APIRouter, *names: str) -> APIRouter:
    """A fastapi-users router minus the routes portal/routes/users.py replaces (it fails
    loudly if a name is gone, rather than serving the library's route again)."""
    present = {route.name for route in router.routes if isinstance(route, APIRoute)}
    if missing := set(names) - present:
        raise RuntimeError(f"fastapi-users has no route named {sorted(missing)}")
    router.routes = [
        route
        for route in router.routes
        if not (isinstance(route, APIRoute) and route.name in names)
    ]
    return router


def declare_responses(router: APIRouter, path: str, responses: dict) -> APIRouter:
    """Add answers to the schema of a route we mount but do not write (fastapi-users');
    the answers it declares itself are kept."""
    routes = [r for r in router.routes if isinstance(r, APIRoute) and r.path == path]
    assert routes, f"no route {path}"
    for route in routes:
        route.responses = {**responses, **route.responses}
    return router


# Bearer tokens cannot be revoked: logging out only answers 204 (the client forgets it).
_BEARER_LOGOUT = {204: {"description": "Logged out: the client forgets its token."}}
# FastAPI's answer to a JSON body it cannot even decode.
_UNREADABLE_BODY = errors(400)


async def refuse_nul_usernames(request: Request) -> None:
    """PostgreSQL text cannot hold NUL, so no account's email has one: a login with one is
    refused as bad credentials (looking it up answered 500)."""
    if not request.url.path.endswith("/login"):
        return
    form = await request.form()
    if "\x00" in str(form.get("username", "")):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "LOGIN_BAD_CREDENTIALS")


def _include_auth(application: FastAPI) -> None:
    throttled = [Depends(refuse_nul_usernames), Depends(limit_login_attempts)]
    for prefix, backend in (("/auth/jwt", bearer_backend), ("/auth/cookie", cookie_backend)):
        router = fastapi_users.get_auth_router(backend)
        # The throttle answers 429 for these routers' login; the cookie login also needs
        # the CSRF token even without cookies (login CSRF, portal/csrf.py): 403.
        declare_responses(
            router, "/login", errors(403, 429) if backend is cookie_backend else errors(429)
        )
        if backend is bearer_backend:
            declare_responses(router, "/logout", _BEARER_LOGOUT)
        application.include_router(
            router,
            prefix=prefix,
            tags=["auth"],
            dependencies=throttled,
        )
    # Ours: registration and reset requests that answer the same for every address.
    application.include_router(users.auth_router)
    application.include_router(
        _without(fastapi_users.get_reset_password_router(), "reset:forgot_password"),
        prefix="/auth",
        tags=["auth"],
    )
    verify = fastapi_users.get_verify_router(UserRead)
    declare_responses(verify, "/request-verify-token", _UNREADABLE_BODY)
    application.include_router(verify, prefix="/auth", tags=["auth"])
    # Ours first: DELETE /users/me must win over fastapi-users' DELETE /users/{id}; our
    # PATCH /users/me (current password, sessions ended) replaces theirs. Their
    # superuser routes on /users/{id} are left out: staff (is_superuser, `mi staff grant`)
    # manage nobody's account over HTTP (a delete there would skip the data erasure).
    application.include_router(users.router)
    application.include_router(
        _without(
            fastapi_users.get_users_router(UserRead, UserUpdate),
            "users:patch_current_user",
            "users:user",
            "users:patch_user",
            "users:delete_user",
        ),
        prefix="/users",
        tags=["users"],
    )


def _include_api(application: FastAPI) -> None:
    api = APIRouter(prefix="/api")
    for module in (uploads, dashboard, exports, billing, costs, expenses, tax, sales, corrections):
        api.include_router(module.router)
    application.include_router(api)


_include_auth(app)
_include_api(app)


def _include_pages(application: FastAPI) -> None:
    """The server-rendered pages a seller uses in a browser, and their static files."""
    application.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (
        pages,
        upload_pages,
        dashboard_pages,
        billing_pages,
        cost_pages,
        tax_pages,
        sales_pages,
        dbt_docs,
    ):
        application.include_router(module.router)
    # Staff only; answers 404 to everyone else (page and JSON, portal.deps.StaffUser).
    application.include_router(admin.router)


_include_pages(app)
app.include_router(metrics.router)
# Request counts and latency by route template (`/api/uploads/{upload_id}`, never the ids
# in the path; unmatched paths are grouped as "none"), shown at /metrics.
Instrumentator(excluded_handlers=["/metrics"], should_group_untemplated=True).instrument(app)
# Cookie-authenticated unsafe requests must carry the CSRF token (see portal/csrf.py).
app.add_middleware(csrf_middleware)
# Outside the CSRF check: a body over its limit (uploads: MI_UPLOAD_MAX_BYTES, any other request:
# MI_REQUEST_MAX_BYTES) is refused before anything, the CSRF check included, buffers it.
app.add_middleware(RequestSizeLimit)
# Outermost of all: every log line of a request carries its id (portal/request_context.py).
app.add_middleware(RequestContext)
