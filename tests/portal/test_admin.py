"""The admin view: staff only (404 to everyone else, over every admin route of the app),
`mi staff grant/revoke`, and its queries checked against rows written for the test."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from fastapi.routing import iter_route_contexts

from mi_core import admin_analytics as analytics
from tests.pipeline_helpers import execute, scalar
from tests.portal_helpers import PASSWORD, create_seller, login, portal_client

DAGSTER_UI = "https://dagster.ops.example.test"


def admin_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the app under /admin or /api/admin, from its route table."""
    from portal.main import app

    found = []
    # FastAPI keeps included routers nested; this walks them with their prefixes.
    for route in iter_route_contexts(app.routes):
        path = route.path or ""
        if path == "/admin" or path.startswith(("/admin/", "/api/admin")):
            found += [(method, path) for method in sorted(route.methods or ())]
    assert found, "no admin route found in the route table"
    return found


def concrete(path: str) -> str:
    """A path parameter filled in, so the request reaches the route."""
    import re

    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


@pytest.fixture(scope="module")
def staff(database):
    from mi_core.db import session_scope

    member = create_seller()
    with session_scope() as session:
        analytics.set_staff(session, member.email, True)
    return member


@pytest.fixture
def client(settings):
    with portal_client(settings, dagster_ui_url=DAGSTER_UI) as test_client:
        yield test_client


def test_the_admin_routes_are_the_page_and_its_api():
    routes = admin_routes()
    assert ("GET", "/admin") in routes
    for name in ("sellers", "uploads", "failures", "categorisation", "analytics"):
        assert ("GET", f"/api/admin/{name}") in routes
    # None of them is in the public API schema.
    from portal.main import app

    assert not [p for p in app.openapi()["paths"] if "admin" in p]


def test_every_admin_route_answers_404_to_anonymous_visitors_and_sellers(client, staff):
    seller = create_seller()
    unknown = client.get("/admin/no-such-page")
    assert unknown.status_code == 404
    bearer = login(client, seller.email)
    for method, path in admin_routes():
        url = concrete(path)
        anonymous = client.request(method, url)
        assert (anonymous.status_code, anonymous.json()) == (404, unknown.json()), (method, path)
        as_seller = client.request(method, url, headers=bearer)
        assert (as_seller.status_code, as_seller.json()) == (404, unknown.json()), (method, path)
    # With the seller's browser session too (cookie, not bearer).
    from tests.portal_helpers import page_login

    page_login(client, seller.email, PASSWORD)
    for method, path in admin_routes():
        assert client.request(method, concrete(path)).status_code == 404, (method, path)


def test_staff_see_every_admin_route(client, staff):
    headers = login(client, staff.email)
    for method, path in admin_routes():
        response = client.request(method, concrete(path), headers=headers)
        if path == "/admin/dbt-docs" and response.status_code == 503:
            # Past the staff gate; the docs site itself is built by `mi dbt prepare --docs`
            # (served with 200 in tests/dbt_project/test_dbt_docs.py).
            assert "mi dbt prepare" in response.text
            continue
        assert response.status_code == 200, (method, path, response.text)


def test_the_admin_page_lists_uploads_with_their_dagster_run(client, staff, engine):
    from tests.portal_helpers import page_login

    seller = create_seller()
    upload_id = uuid.uuid4()
    run_id = uuid.uuid4().hex
    execute(
        engine,
        "insert into uploads (id, seller_id, filename, stored_path, size_bytes, sha256, status,"
        " stage, processed_items, quarantined_items, waiting_rows, run_generation, error,"
        " dagster_run_id, started_at, completed_at, created_at) values (:id, :s, 'r.csv', 'x',"
        " 1, 'x', 'failed', 'loading', 0, 0, 0, 0, 'Processing failed at step load: boom', :run,"
        " now() - interval '70 seconds', now() - interval '10 seconds', now() - interval '80 s')",
        id=upload_id,
        s=seller.id,
        run=run_id,
    )
    page_login(client, staff.email, PASSWORD)
    page = client.get("/admin")
    assert page.status_code == 200
    assert f'href="{DAGSTER_UI}/runs/{run_id}"' in page.text
    assert "Processing failed at step load: boom" in page.text
    assert seller.email in page.text
    failures = client.get("/api/admin/failures").json()
    (row,) = [f for f in failures if f["id"] == str(upload_id)]
    assert row["duration_seconds"] == pytest.approx(60, abs=1)
    assert row["dagster_run_url"] == f"{DAGSTER_UI}/runs/{run_id}"


def test_mi_staff_grant_and_revoke(engine):
    from tests.cli_helpers import run_mi

    member = create_seller()
    granted = run_mi("staff", "grant", member.email.upper())
    assert granted.returncode == 0, granted.stderr
    assert scalar(engine, "select is_superuser from users where id = :u", u=member.id) is True
    revoked = run_mi("staff", "revoke", member.email)
    assert revoked.returncode == 0, revoked.stderr
    assert scalar(engine, "select is_superuser from users where id = :u", u=member.id) is False
    missing = run_mi("staff", "grant", "nobody-here@example.test")
    assert missing.returncode == 1 and "no such user" in missing.stderr


def test_a_seller_cannot_make_themselves_staff(client, engine):
    seller = create_seller()
    headers = login(client, seller.email)
    client.patch("/users/me", json={"is_superuser": True}, headers=headers)
    assert scalar(engine, "select is_superuser from users where id = :u", u=seller.id) is False
    # fastapi-users' superuser routes on other accounts are not served at all.
    assert client.get(f"/users/{seller.id}", headers=headers).status_code in (404, 405)


# --- the queries, against rows written here (deltas: the session's database is shared) ---


def _upload(engine, seller_id, status, created="now()", completed=None) -> uuid.UUID:
    upload_id = uuid.uuid4()
    execute(
        engine,
        "insert into uploads (id, seller_id, filename, stored_path, size_bytes, sha256, status,"
        " stage, processed_items, quarantined_items, waiting_rows, run_generation,"
        f" created_at, started_at, completed_at) values (:id, :s, 'r.csv', 'x', 1, 'x', :status,"
        f" 'done', 0, 0, 0, 0, {created}, {created}, {completed or 'null'})",
        id=upload_id,
        s=seller_id,
        status=status,
    )
    return upload_id


def _subscribe(engine, seller_id, plan, status="active") -> None:
    execute(
        engine,
        "insert into billing_accounts (seller_id, stripe_customer_id, subscription_id,"
        " subscription_status, subscription_plan, cancel_at_period_end) values"
        " (:s, :c, :sub, :status, :plan, false)",
        s=seller_id,
        c=f"cus_{uuid.uuid4().hex}",
        sub=f"sub_{uuid.uuid4().hex}",
        status=status,
        plan=plan,
    )
    execute(
        engine,
        "insert into stripe_events (id, type, created, seller_id, outcome, payload) values"
        " (:id, 'checkout.session.completed', now(), :s, 'processed', '{}')",
        id=f"evt_{uuid.uuid4().hex}",
        s=seller_id,
    )


def snapshot(engine, settings, prices):
    with engine.connect() as conn:
        weeks = {row.week: row for row in analytics.weekly(conn)}
        return weeks, analytics.totals(conn, settings, prices)


def test_the_product_analytics_count_what_happened(engine, settings):
    prices = {"pro": Decimal("12.00"), "business": Decimal("39.00")}
    weeks_before, before = snapshot(engine, settings, prices)

    # Three sign-ups this week: one uploads and completes (activated), one uploads twice
    # (one failed) without completing, one never uploads; two pay (pro and business), a
    # third subscription was cancelled and brings nothing.
    activated, tried, idle = (create_seller(plan=None) for _ in range(3))
    _upload(engine, activated.id, "completed", completed="now()")
    _upload(engine, tried.id, "failed", completed="now()")
    _upload(engine, tried.id, "pending")
    _subscribe(engine, activated.id, "pro")
    _subscribe(engine, tried.id, "business")
    _subscribe(engine, idle.id, "pro", status="canceled")

    weeks_after, after = snapshot(engine, settings, prices)
    this_week = max(weeks_after)
    assert len(weeks_after) == analytics.ANALYTICS_WEEKS
    delta = {
        field: getattr(weeks_after[this_week], field) - getattr(weeks_before[this_week], field)
        for field in ("signups", "activated", "active_sellers", "uploads", "conversions")
    }
    assert delta == {
        "signups": 3,
        "activated": 1,
        "active_sellers": 2,
        "uploads": 3,
        "conversions": 3,
    }
    assert after.sellers - before.sellers == 3
    assert after.activated - before.activated == 1
    assert after.paid_sellers - before.paid_sellers == 2
    assert after.mrr_usd - before.mrr_usd == Decimal("51.00")
    mix_delta = {plan: after.plan_mix[plan] - before.plan_mix[plan] for plan in after.plan_mix}
    assert mix_delta == {"free": 1, "pro": 1, "business": 1}


def test_a_second_completed_upload_does_not_activate_a_seller_again(engine, settings):
    seller = create_seller(plan=None)
    _upload(engine, seller.id, "completed", created="now() - interval '21 days'",
            completed="now() - interval '21 days'")  # fmt: skip
    with engine.connect() as conn:
        before = {row.week: row.activated for row in analytics.weekly(conn)}
    _upload(engine, seller.id, "completed", completed="now()")
    with engine.connect() as conn:
        after = {row.week: row.activated for row in analytics.weekly(conn)}
    assert after == before


def test_categorisation_spend_this_month(engine, seller):
    with engine.connect() as conn:
        before = analytics.categorisation_this_month(conn)
    upload_id = _upload(engine, seller.id, "completed", completed="now()")
    execute(
        engine,
        "insert into categorisation_usage (upload_id, categoriser, model, titles,"
        " distinct_titles, requests, prompt_tokens, completion_tokens, cached_titles,"
        " llm_titles, fallback_titles, estimated_cost_usd) values"
        " (:u, 'hybrid', 'gpt-4o-mini', 100, 80, 2, 1000, 200, 30, 50, 0, 0.012345)",
        u=upload_id,
    )
    with engine.connect() as conn:
        after = analytics.categorisation_this_month(conn)
    assert after.requests - before.requests == 2
    assert after.tokens - before.tokens == 1200
    assert after.cost_usd - before.cost_usd == Decimal("0.012345")
