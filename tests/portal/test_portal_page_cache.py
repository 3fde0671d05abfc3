"""The dashboard page's cached body (portal/services/dashboard.py `page_fragment`): a
second visit runs no mart query, a new marts version renders again, and what is cached
never carries another seller's figures or another session's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from tests.pipeline_helpers import register
from tests.portal_helpers import (
    PASSWORD,
    create_seller,
    csrf_headers,
    portal_client,
    process,
    seller_with_processed_sample,
)

_TOKEN_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')
_TOKEN_FIELDS = re.compile(r'name="csrftoken" value="([^"]*)"')


@pytest.fixture(scope="module")
def seller_a(database):
    return seller_with_processed_sample(database)[0]


@pytest.fixture(scope="module")
def seller_b(database, tmp_path_factory):
    """A second seller with a report of their own (other figures than the sample's)."""
    from dagster import DagsterInstance

    from mi_core.sales_report import write_report

    seller = create_seller()
    report = write_report(tmp_path_factory.mktemp("b") / "b.csv", 60, seed=77)
    with DagsterInstance.ephemeral() as instance:
        process(instance, seller, register(database, seller, report))
    return seller


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts from cold answers (other tests may have warmed them)."""
    from portal.services import dashboard

    dashboard._answers().clear()
    yield
    dashboard._answers().clear()


@contextmanager
def mart_queries() -> Iterator[list[str]]:
    """The SQL statements reading the marts while the block runs (the portal's engine)."""
    from mi_core.db import get_engine

    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if "marts." in statement:
            seen.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def sign_in(client, seller) -> str:
    """A browser session (cookie) through the login page; returns its CSRF token."""
    token = csrf_headers(client)["x-csrftoken"]
    response = client.post(
        "/login",
        data={"username": seller.email, "password": PASSWORD, "csrftoken": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client.cookies["csrftoken"]


def bump_marts_version(engine, seller) -> None:
    """What a marts rebuild of the seller does to their version (mi_core.marts_state)."""
    with engine.begin() as conn:
        conn.execute(
            text("update users set marts_version = marts_version + 1 where id = :u"),
            {"u": seller.id},
        )


def kpi(page: str, field: str) -> str:
    match = re.search(rf'data-kpi="{field}">\s*<div class="label">[^<]*</div>\s*'
                      r'<div class="value">([^<]*)</div>', page)  # fmt: skip
    assert match, f"no {field} card on the page"
    return match.group(1)


@pytest.fixture
def charts_built(monkeypatch) -> list[int]:
    """How often the page's charts were built (the work the cached body saves)."""
    from portal import charts

    built: list[int] = []
    monthly_chart = charts.monthly_chart

    def counted(*args, **kwargs):
        built.append(1)
        return monthly_chart(*args, **kwargs)

    monkeypatch.setattr(charts, "monthly_chart", counted)
    return built


def test_a_second_visit_runs_no_mart_query_until_the_marts_change(
    settings, engine, seller_a, charts_built
):
    with portal_client(settings) as client:
        sign_in(client, seller_a)
        with mart_queries() as first_visit:
            first = client.get("/dashboard")
        with mart_queries() as second_visit:
            second = client.get("/dashboard")
        built_before_rebuild = len(charts_built)
        bump_marts_version(engine, seller_a)
        with mart_queries() as after_rebuild:
            third = client.get("/dashboard")

    assert first.status_code == second.status_code == third.status_code == 200
    assert first_visit, "the first visit should have read the marts"
    assert second_visit == []
    assert second.text == first.text
    assert built_before_rebuild == 1  # the second visit was served the cached body
    assert len(charts_built) == 2
    assert len(after_rebuild) == len(first_visit)
    assert kpi(third.text, "gross_sales") == kpi(first.text, "gross_sales")


def test_the_cached_body_follows_the_query_parameters(settings, seller_a):
    with portal_client(settings) as client:
        sign_in(client, seller_a)
        everything = client.get("/dashboard?start=2000-01-01&end=2099-12-31")
        with mart_queries() as one_year:
            year = client.get("/dashboard?start=2024-01-01&end=2024-12-31")

    assert one_year, "another period is another cache entry"
    assert 'value="2024-01-01"' in year.text and 'value="2000-01-01"' in everything.text
    assert kpi(year.text, "orders") != kpi(everything.text, "orders")


def test_a_cached_page_shows_only_the_signed_in_sellers_figures(settings, seller_a, seller_b):
    with portal_client(settings) as client:
        sign_in(client, seller_a)
        page_a = client.get("/dashboard").text
    with portal_client(settings) as client:
        sign_in(client, seller_b)
        page_b = client.get("/dashboard").text
        with mart_queries() as again:
            page_b_again = client.get("/dashboard").text

    assert again == []
    assert kpi(page_a, "gross_sales") != kpi(page_b, "gross_sales")
    assert kpi(page_b_again, "gross_sales") == kpi(page_b, "gross_sales")
    assert kpi(page_b_again, "orders") == kpi(page_b, "orders")


@pytest.fixture
def a_correction(engine, seller_a):
    """A correction of seller A's (its undo form carries the CSRF token); removed after,
    with the marts refresh it queued."""
    from mi_core.corrections import correct_title

    with engine.begin() as conn:
        correct_title(conn, seller_a.id, "a title nobody sold", "Women", "Tops & Blouses")
    yield
    with engine.begin() as conn:
        conn.execute(text("delete from category_corrections where tenant_id = :u"),
                     {"u": seller_a.id})  # fmt: skip
        conn.execute(text("delete from raw.mart_refresh_queue where tenant_id = :u"),
                     {"u": seller_a.id})  # fmt: skip


def test_a_cached_page_carries_each_sessions_own_csrf_token(settings, seller_a, a_correction):
    """Two browser sessions of one seller: the second is served the cached body, yet every
    token on its page (meta tag, logout form, the correction's undo form) is its own."""
    with portal_client(settings) as client:
        first_token = sign_in(client, seller_a)
        first = client.get("/dashboard").text
    with portal_client(settings) as client:
        second_token = sign_in(client, seller_a)
        with mart_queries() as queries:
            second = client.get("/dashboard").text

    assert queries == []
    assert first_token != second_token
    for page, token in ((first, first_token), (second, second_token)):
        assert _TOKEN_META.findall(page) == [token]
        fields = _TOKEN_FIELDS.findall(page)
        assert len(fields) >= 2  # logout, and the correction's undo form
        assert set(fields) == {token}
    assert first_token not in second
