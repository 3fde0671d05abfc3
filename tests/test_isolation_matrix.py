"""Tenant isolation over the app's whole route table: every route and method (read from
`portal.main.app.routes`, so a new route is covered without editing this file) is called
with seller B's real ids in its path parameters and B's identifiers in its body, as
(a) nobody, (b) seller A signed in by cookie session, (c) seller A by bearer token.

A leak is any answer showing one of B's identifying strings (upload id, item ids,
titles, email, amounts, notes) that A did not send itself (a 422 may echo A's own input),
or any change to B's rows (a snapshot of every table
keyed by B's id, in every schema, before and after). Admin routes answer 404 to sellers;
without an account only the allow-listed public routes may answer 2xx.
"""

from __future__ import annotations

import html
import io
import re
import uuid
from dataclasses import dataclass

import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import text
from starlette.routing import Mount

from mi_core.categorisation import load_taxonomy
from mi_core.db import get_engine
from mi_core.tax import TAX_LINE_KEYS
from portal.main import app
from tests.billing_helpers import billing_settings
from tests.fakes.stripe_server import stripe_server
from tests.pipeline_helpers import scalar
from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    csrf_headers,
    login,
    portal_client,
    seller_with_processed_sample,
)

AUTH_MODES = ("none", "cookie", "bearer")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Routes that answer without an account, and why that is safe. Their answers are still
# searched for B's data like every other.
PUBLIC = {
    "/": "the landing page",
    "/health": "liveness for the load balancer: no seller data",
    "/demo": "the demo dashboard, built from the bundled demo report",
    "/metrics": "Prometheus figures, from loopback or with the operator token only",
    "/openapi.json": "the API's contract",
    "/docs": "the API's documentation page",
    "/docs/oauth2-redirect": "part of the documentation page",
    "/redoc": "the API's documentation page",
    "/assets/plotly.min.js": "a static script",
    "/login": "the sign-in page and form",
    "/register": "the sign-up page and form",
    "/verify": "the e-mail confirmation link's page (the token is the credential)",
    "/verify/resend": "asks for a confirmation mail; same answer for any address",
    "/forgot-password": "asks for a reset mail; same answer for any address",
    "/reset-password": "the reset link's page (the token is the credential)",
    "/auth/jwt/login": "issues a token for valid credentials",
    "/auth/cookie/login": "opens a session for valid credentials",
    "/auth/register": "creates an account",
    "/auth/forgot-password": "asks for a reset mail; same answer for any address",
    "/auth/reset-password": "the token is the credential",
    "/auth/request-verify-token": "asks for a confirmation mail; same answer for any address",
    "/auth/verify": "the token is the credential",
    "/api/billing/webhook": "Stripe's calls, authenticated by their signature",
    "/api/expenses/template.csv": "a blank CSV template (its header only), the same for all",
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{([^}:]+)(?::[^}]*)?\}", self.path)

    @property
    def is_admin(self) -> bool:
        return self.path == "/admin" or self.path.startswith(("/admin/", "/api/admin"))


def endpoints() -> list[Endpoint]:
    """Every (method, path) of the app; HEAD is GET's twin. Mounts (/static) serve files."""
    found = set()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, Mount) or not route.path:
            continue
        found |= {Endpoint(m, route.path) for m in (route.methods or ()) if m != "HEAD"}
    return sorted(found, key=lambda e: (e.path, e.method))


ENDPOINTS = endpoints()


@dataclass
class SellerB:
    id: uuid.UUID
    email: str
    upload_id: uuid.UUID
    item_id: str
    year: int
    expense_id: int
    correction_id: int
    title: str
    secrets: list[str]  # every string that must never reach A


def _b_rows(engine, tenant_id: uuid.UUID) -> tuple[list[str], list[str], int]:
    with engine.connect() as conn:
        sales = conn.execute(
            text(
                "select item_id, item_title, extract(year from sold_date)::int as year"
                " from raw.sales_report_rows where tenant_id = :t order by row_number"
            ),
            {"t": tenant_id},
        ).all()
    years = [row.year for row in sales]
    return [row.item_id for row in sales], [row.item_title for row in sales], max(years)


def _searchable(titles: list[str]) -> list[str]:
    """Titles distinctive enough to search for, with their HTML-escaped form."""
    distinctive = sorted({t for t in titles if len(t) >= 20 and t.isascii()})
    return sorted(set(distinctive) | {html.escape(t) for t in distinctive})


def _create_b_data(client, b) -> tuple[int, int, str]:
    """A cost, an expense and a category correction, through B's own API."""
    headers = login(client, b.email)
    item = scalar(
        get_engine(),
        "select item_id from raw.sales_report_rows where tenant_id = :t"
        " and order_status = 'Completed' order by row_number limit 1",
        t=b.id,
    )
    cost = client.put(f"/api/costs/sales/{item}", headers=headers, json={"cost": "987.65"})
    assert cost.status_code == 200, cost.text
    expense = client.post(
        "/api/expenses",
        headers=headers,
        json={
            "date": "2024-02-03",
            "amount": "4321.87",
            "category": "supplies",
            "note": "isolation-matrix-note-7f3a",
        },
    )
    assert expense.status_code == 201, expense.text
    title = scalar(
        get_engine(),
        "select item_title from raw.sales_report_rows where tenant_id = :t"
        " and length(item_title) >= 20 order by row_number limit 1",
        t=b.id,
    )
    department, subcategory = load_taxonomy().pairs[0]
    correction = client.put(
        "/api/categories/corrections",
        headers=headers,
        json={"title": title, "department": department, "subcategory": subcategory},
    )
    assert correction.status_code in (200, 201), correction.text
    return expense.json()["id"], correction.json()["id"], item


@pytest.fixture(scope="module")
def seller_b(database) -> SellerB:
    engine = get_engine()
    b, upload_id = seller_with_processed_sample(database)
    with portal_client(database) as client:
        expense_id, correction_id, item_id = _create_b_data(client, b)
    item_ids, titles, year = _b_rows(engine, b.id)
    secrets = [
        b.email,
        str(upload_id),
        *item_ids,
        *_searchable(titles),
        "987.65",  # the cost
        "4321.87",  # the expense
        "isolation-matrix-note-7f3a",
        "22113.71",  # the sample's net proceeds and item price totals
        "31295.68",
    ]
    return SellerB(
        b.id, b.email, upload_id, item_id, year, expense_id, correction_id, titles[0], secrets
    )


def _keyed_tables(conn) -> list[tuple[str, str, str]]:
    """(schema, table, column) of every table or view with a tenant_id or user_id column."""
    return conn.execute(
        text(
            "select c.table_schema, c.table_name, c.column_name"
            " from information_schema.columns c join information_schema.tables t"
            " using (table_schema, table_name)"
            " where c.column_name in ('tenant_id', 'user_id')"
            " and c.table_schema not in ('pg_catalog', 'information_schema')"
            " order by 1, 2, 3"
        )
    ).all()


def snapshot(engine, b: SellerB) -> dict[str, tuple[int, str]]:
    """(row count, md5 of the rows as text) of B's rows per table, and of B's account."""
    digest = "select count(*), md5(coalesce(string_agg(t::text, E'\\n' order by t::text), ''))"
    with engine.connect() as conn:
        found = {
            "user": tuple(
                conn.execute(text(f"{digest} from users t where id = :b"), {"b": b.id}).one()
            )
        }
        for schema, table, column in _keyed_tables(conn):
            name = f'"{schema}"."{table}"'
            query = text(f"{digest} from {name} t where {column} = :b")
            found[f"{name}.{column}"] = tuple(conn.execute(query, {"b": b.id}).one())
    assert found["user"][0] == 1 and found['"raw"."sales_report_rows".tenant_id'][0], found
    return found


def fill(endpoint: Endpoint, b: SellerB) -> str:
    """The path with B's real ids in its parameters."""
    values = {
        "upload_id": str(b.upload_id),
        "item_id": b.item_id,
        "expense_id": str(b.expense_id),
        "correction_id": str(b.correction_id),
        "year": str(b.year),
        "line": TAX_LINE_KEYS[0],
    }
    missing = [p for p in endpoint.params if p not in values]
    assert not missing, f"{endpoint.path}: give B's value for {missing} in fill()"
    return re.sub(r"\{([^}:]+)(?::[^}]*)?\}", lambda m: values[m[1]], endpoint.path)


def payload(endpoint: Endpoint, b: SellerB, token: str) -> dict:
    """A body aimed at B's data: B's ids and title, a new email (never B's, so asking
    for B's mails, which anyone may, is not counted as a change)."""
    fields = {
        "csrftoken": token,
        "item_id": b.item_id,
        "upload_id": str(b.upload_id),
        "expense_id": str(b.expense_id),
        "correction_id": str(b.correction_id),
        "title": b.title,
        "cost": "1.11",
        "amount": "1.11",
        "date": f"{b.year}-01-02",
        "category": "other",
        "email": f"intruder-{uuid.uuid4().hex[:8]}@example.com",
        "password": PASSWORD,
        "current_password": PASSWORD,
    }
    if endpoint.path.startswith(("/api/", "/users/", "/auth/")):
        department, subcategory = load_taxonomy().pairs[-1]
        json = {**fields, "department": department, "subcategory": subcategory}
        json.pop("csrftoken")
        return {"json": json}
    return {"data": fields}


def body_text(response) -> str:
    """What a person would read in the answer, spreadsheets and PDFs included."""
    kind = response.headers.get("content-type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
    return response.text


class Caller:
    """Requests as nobody or as seller A; unsafe calls get a fresh A each (they may
    delete A's account or end its session)."""

    def __init__(self, client, settings) -> None:
        self.client = client
        self.settings = settings
        self._reused: dict[str, dict[str, str]] = {}

    def _cookie_session(self) -> dict[str, str]:
        seller = create_seller()
        self.client.cookies.clear()
        token = csrf_headers(self.client)["x-csrftoken"]
        signed_in = self.client.post(
            "/login",
            data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text
        return dict(self.client.cookies)

    def _bearer(self) -> dict[str, str]:
        self.client.cookies.clear()
        return login(self.client, create_seller().email)

    def prepare(self, auth: str, fresh: bool) -> tuple[dict[str, str], str]:
        """(headers, csrf token) for the call; the client's cookies set to match."""
        if auth == "none":
            self.client.cookies.clear()
            return {}, csrf_headers(self.client)["x-csrftoken"]
        if fresh or auth not in self._reused:
            self._reused[auth] = self._cookie_session() if auth == "cookie" else self._bearer()
        credentials = self._reused.pop(auth) if fresh else self._reused[auth]
        self.client.cookies.clear()
        if auth == "cookie":
            for name, value in credentials.items():
                self.client.cookies.set(name, value)
            return {"x-csrftoken": credentials["csrftoken"]}, credentials["csrftoken"]
        token = csrf_headers(self.client)["x-csrftoken"]
        return {**credentials, "x-csrftoken": token}, token


@pytest.fixture(scope="module")
def caller(seller_b, database):
    """One client for the module: Stripe configured (a local fake), so billing routes are
    exercised rather than answering 503; sign-ins unthrottled (the matrix signs in often)."""
    login_limit_free = {
        "login_attempts_per_minute": 100_000,
        "login_attempts_per_address_per_minute": 100_000,
    }
    with (
        stripe_server() as fake,
        portal_client(billing_settings(database, fake), **login_limit_free) as client,
    ):
        yield Caller(client, database)


@pytest.mark.parametrize("auth", AUTH_MODES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_no_route_shows_or_changes_another_sellers_data(endpoint, auth, seller_b, caller, engine):
    unsafe = endpoint.method in UNSAFE
    headers, token = caller.prepare(auth, fresh=unsafe)
    before = snapshot(engine, seller_b) if unsafe else None
    path = fill(endpoint, seller_b)
    body = payload(endpoint, seller_b, token) if unsafe else {}
    response = caller.client.request(
        endpoint.method, path, headers=headers, follow_redirects=False, **body
    )
    sent = path + repr(body)
    where = f"{endpoint.method} {endpoint.path} as {auth}: {response.status_code}"
    assert response.status_code < 500, f"{where} {response.text[:300]}"
    answer = body_text(response)
    shown = [s for s in seller_b.secrets if s in answer and s not in sent]
    assert not shown, f"{where} shows seller B's {shown[:5]}"
    if unsafe:
        assert snapshot(engine, seller_b) == before, f"{where} changed seller B's rows"
    if endpoint.is_admin and auth != "none":
        assert response.status_code == 404, where
    if auth == "none" and endpoint.path not in PUBLIC:
        assert not 200 <= response.status_code < 300, f"{where} answers without an account"
        if 300 <= response.status_code < 400:
            assert "/login" in response.headers["location"], f"{where} redirects elsewhere"


def test_the_matrix_covers_the_whole_route_table(seller_b):
    """Every route is in the matrix (with B's value for each path parameter), and the
    public allow-list names only routes that exist."""
    paths = {e.path for e in ENDPOINTS}
    assert len(ENDPOINTS) >= 100, len(ENDPOINTS)
    assert set(PUBLIC) <= paths, sorted(set(PUBLIC) - paths)
    for endpoint in ENDPOINTS:
        fill(endpoint, seller_b)
    with_params = [e for e in ENDPOINTS if e.params]
    assert {p for e in with_params for p in e.params} >= {"upload_id", "year", "line"}


def test_the_checks_see_sellers_own_data_and_changes(seller_b, caller, engine):
    """Control (runs last: it changes B's rows): asked by B itself, the same searches find
    B's data in the answers and the snapshot sees B's change, so 0 leaks above means
    none, not a blind check."""
    caller.client.cookies.clear()
    own = login(caller.client, seller_b.email)
    line = f"/api/tax/{seller_b.year}/lines/{TAX_LINE_KEYS[0]}.csv"
    for path in ("/api/sales", "/api/exports/sales.xlsx", line):
        answer = body_text(caller.client.get(path, headers=own))
        assert [s for s in seller_b.secrets if s in answer], path
    before = snapshot(engine, seller_b)
    changed = caller.client.put(
        f"/api/costs/sales/{seller_b.item_id}", headers=own, json={"cost": "1.23"}
    )
    assert changed.status_code == 200, changed.text
    assert snapshot(engine, seller_b) != before
