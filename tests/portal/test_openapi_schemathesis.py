"""The OpenAPI schema is the API's contract: Schemathesis calls every operation with
generated requests (valid and invalid ones) and every answer must be declared there,
with its content type and body, and none may be a server error.

Bounded to a few examples per operation so it runs with the suite; set
MI_SCHEMATHESIS_EXAMPLES (e.g. 200) for a longer search.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mi_core.settings import get_settings
from portal.auth import get_jwt_strategy
from portal.dashboard import Period
from portal.main import app
from tests.billing_helpers import billing_settings
from tests.fakes.stripe_server import stripe_server
from tests.portal_helpers import (
    create_seller,
    csrf_headers,
    login,
    portal_client,
    process,
    upload_file,
)

MAX_EXAMPLES = int(os.environ.get("MI_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Operations that end or change the signed-in seller's account (a new email is unverified,
# and uploads then answer 403) get a new seller for each example.
OWN_SELLER = {"DELETE /users/me", "PATCH /users/me"}

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def _bearer(settings, seller) -> dict[str, str]:
    """A bearer token as /auth/jwt/login issues it, minted without a request: a client of
    its own would leave pooled async connections bound to its event loop."""
    # In a thread of its own: an event loop may already run in this one (Playwright's sync
    # API leaves one behind after the browser tests).
    with ThreadPoolExecutor(max_workers=1) as pool:
        token = pool.submit(asyncio.run, get_jwt_strategy(settings).write_token(seller)).result()
    return {"Authorization": f"Bearer {token}"}


def _seller_with_sales(settings, directory) -> dict[str, str]:
    """A signed-in seller whose (generated) report went through the API and the pipeline."""
    from dagster import DagsterInstance

    from mi_core.sales_report import write_report

    report = write_report(directory / "report.csv", 40, seed=11)
    seller = create_seller()
    with DagsterInstance.ephemeral() as instance, portal_client(settings) as client:
        headers = login(client, seller.email)
        response = upload_file(client, headers, report)
        assert response.status_code == 202, response.text
        process(instance, seller, uuid.UUID(response.json()["id"]))
    return headers


@pytest.fixture(scope="module")
def api(database, tmp_path_factory):
    """The app as Schemathesis calls it: Stripe configured (a local fake, so billing is
    exercised rather than answering 503), and a seller whose report went through the
    pipeline (so the dashboard and exports have rows to filter)."""
    headers = _seller_with_sales(database, tmp_path_factory.mktemp("schemathesis"))
    with stripe_server() as fake:
        configured = billing_settings(database, fake)
        app.dependency_overrides[get_settings] = lambda: configured
        try:
            yield headers
        finally:
            app.dependency_overrides.pop(get_settings, None)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_declared_and_none_is_a_server_error(case, api):
    headers = api
    if case.operation.label in OWN_SELLER:
        headers = _bearer(get_settings(), create_seller())
    case.call_and_validate(headers=headers, checks=CHECKS)


def _operation(path: str, method: str) -> dict:
    return app.openapi()["paths"][path][method]


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("post", "/api/uploads", {"202", "401", "403", "413", "422", "429"}),
        ("get", "/api/uploads/{upload_id}", {"200", "401", "404", "422"}),
        ("delete", "/api/uploads/{upload_id}", {"204", "401", "404", "409", "422"}),
        ("get", "/api/dashboard/summary", {"200", "401", "422"}),
        ("get", "/api/exports/sales.csv", {"200", "401", "403"}),
        ("post", "/api/billing/checkout", {"200", "401", "409", "422", "502", "503"}),
        ("post", "/api/billing/webhook", {"200", "400", "422", "502", "503"}),
        ("delete", "/users/me", {"204", "401", "502"}),
        ("post", "/auth/jwt/login", {"200", "400", "422", "429"}),
        ("post", "/api/expenses", {"201", "401", "422"}),
        ("post", "/api/expenses/import", {"201", "401", "422"}),
        ("delete", "/api/expenses/{expense_id}", {"204", "401", "404", "422"}),
        ("get", "/api/tax/{year}", {"200", "401", "422"}),
        ("get", "/api/tax/{year}/lines/{line}.csv", {"200", "401", "404", "422"}),
    ],
)
def test_routes_declare_the_errors_they_answer(method, path, codes):
    responses = _operation(path, method)["responses"]
    assert codes <= set(responses), sorted(codes - set(responses))
    for code in codes - {"200", "202", "204"}:
        assert "application/json" in responses[code]["content"], (code, responses[code])


def test_a_422_is_a_sentence_or_the_list_of_validation_issues():
    body = _operation("/api/uploads", "post")["responses"]["422"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    detail = app.openapi()["components"]["schemas"][name]["properties"]["detail"]
    assert {"type": "string"} in detail["anyOf"]
    assert any(option.get("type") == "array" for option in detail["anyOf"])


def test_downloads_declare_their_media_types():
    csv = _operation("/api/exports/sales.csv", "get")["responses"]["200"]["content"]
    xlsx = _operation("/api/exports/sales.xlsx", "get")["responses"]["200"]["content"]
    assert "text/csv" in csv
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in xlsx


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(1, 1, 1), date(2024, 6, 30)),
        (date(1013, 1, 1), date(2024, 6, 30)),
        (date(9999, 12, 31), date(9999, 12, 31)),
        (date(1, 1, 1), date(1, 1, 1)),
    ],
)
def test_comparison_periods_stay_within_the_calendar(start, end):
    """Found by Schemathesis: `?start=1013-01-01` made the previous period start before
    year 1 (OverflowError, a 500)."""
    period = Period(start, end)
    assert period.previous.end <= start
    assert period.previous.start <= period.previous.end
    assert period.shifted_years(-1).start <= start
    assert period.shifted_years(1).end >= end


def test_nul_characters_are_refused_before_they_reach_postgresql(settings):
    """Found by Schemathesis: PostgreSQL text cannot hold NUL, and a NUL in the login's
    username or the dashboard's department filter answered 500."""
    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        refused = client.get("/api/dashboard/summary", headers=headers, params={"department": "\0"})
        assert refused.status_code == 422
        assert refused.json() == {"detail": "department contains NUL"}
        for prefix in ("/auth/jwt", "/auth/cookie"):
            response = client.post(
                f"{prefix}/login",
                data={"username": "a\0b@example.com", "password": "x"},
                # The cookie login wants the CSRF token (login CSRF); the bearer one does not.
                headers=csrf_headers(client),
            )
            assert response.status_code == 400
            assert response.json() == {"detail": "LOGIN_BAD_CREDENTIALS"}
