"""Dashboard numbers for the real sample report, processed by the real pipeline, checked
against sums computed here with SQL on the raw rows (never with the code under test);
and tenant isolation across uploads, dashboard and exports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.pipeline_helpers import money, scalar
from tests.portal_helpers import (
    create_seller,
    login,
    portal_client,
    seller_with_processed_sample,
)
from tests.sample import sample

SAMPLE_NET_PROCEEDS = sample().totals["Net Seller Proceeds"]
SAMPLE_ORDERS = sample().completed
SAMPLE_CANCELLED = sample().cancelled
FEES = (
    "mercari_selling_fee + payment_processing_fee_charged_to_seller"
    " + shipping_adjustment_fee + penalty_fee"
)


@pytest.fixture(scope="module")
def seller_a(database):
    """Seller A with the sample report processed once for the whole module."""
    return seller_with_processed_sample(database)


@pytest.fixture
def client(settings):
    with portal_client(settings) as test_client:
        yield test_client


@pytest.fixture
def headers_a(client, seller_a):
    return login(client, seller_a[0].email)


def raw(engine, seller, select: str, where: str = "true", **params):
    """An aggregate over the seller's raw (loaded) rows: the independent expectation."""
    sql = f"select {select} from raw.sales_report_rows where tenant_id = :t and {where}"
    return scalar(engine, sql, t=seller.id, **params)


def expected_kpis(engine, seller, start: str, end: str) -> dict:
    period = "sold_date between cast(:s as date) and cast(:e as date)"
    completed = f"{period} and order_status = 'Completed'"

    def agg(select: str, where: str = completed):
        return raw(engine, seller, select, where, s=start, e=end)

    gross = money(agg("coalesce(sum(item_price), 0)"))
    fees = money(agg(f"coalesce(sum({FEES}), 0)"))
    orders = agg("count(*)")
    cancelled = agg("count(*)", f"{period} and order_status = 'Cancelled'")
    average = agg("round(avg(item_price), 2)")
    days = agg("round(avg(completed_date - sold_date), 2)")
    return {
        "gross_sales": str(gross),
        "net_proceeds": str(money(agg("coalesce(sum(net_seller_proceeds), 0)"))),
        "fees": str(fees),
        "fee_share": str((fees / gross).quantize(Decimal("0.000001"))) if gross else None,
        "orders": orders,
        "cancelled_orders": cancelled,
        "average_price": None if average is None else str(average),
        "average_days_to_complete": None if days is None else str(days),
    }


def test_summary_over_everything_matches_the_sample(client, headers_a, seller_a, engine):
    seller, _ = seller_a
    completed_gross = raw(engine, seller, "sum(item_price)", "order_status = 'Completed'")

    summary = client.get("/api/dashboard/summary", headers=headers_a).json()

    assert summary["gross_sales"] == str(money(completed_gross))
    assert summary["net_proceeds"] == SAMPLE_NET_PROCEEDS
    assert summary["orders"] == SAMPLE_ORDERS
    assert summary["cancelled_orders"] == SAMPLE_CANCELLED
    assert summary["cancellation_rate"] == str(
        (Decimal(SAMPLE_CANCELLED) / (SAMPLE_ORDERS + SAMPLE_CANCELLED)).quantize(
            Decimal("0.000001")
        )
    )
    assert summary["start"] == sample().first_sale
    assert summary["previous"]["orders"] == 0
    assert summary["previous"]["gross_sales"] == "0.00"


@pytest.mark.parametrize(
    ("start", "end"),
    [("2018-01-01", "2018-12-31"), ("2018-03-15", "2018-04-10"), ("2017-06-02", "2019-02-17")],
)
def test_summary_for_exact_dates_and_previous_period(
    client, headers_a, seller_a, engine, start, end
):
    seller, _ = seller_a

    response = client.get(
        "/api/dashboard/summary", headers=headers_a, params={"start": start, "end": end}
    )

    assert response.status_code == 200
    summary = response.json()
    expected = expected_kpis(engine, seller, start, end)
    assert {key: summary[key] for key in expected} == expected
    previous = summary["previous"]
    expected_previous = expected_kpis(engine, seller, previous["start"], previous["end"])
    assert {key: previous[key] for key in expected_previous} == expected_previous
    length = scalar(engine, "select cast(:e as date) - cast(:s as date)", s=start, e=end)
    gap = scalar(engine, "select cast(:s as date) - cast(:p as date)", s=start, p=previous["end"])
    assert gap == 1
    assert (
        scalar(
            engine,
            "select cast(:e as date) - cast(:s as date)",
            s=previous["start"],
            e=previous["end"],
        )
        == length
    )


def test_summary_refuses_an_inverted_range(client, headers_a):
    params = {"start": "2019-01-01", "end": "2018-01-01"}
    response = client.get("/api/dashboard/summary", headers=headers_a, params=params)
    assert response.status_code == 422


def test_monthly_totals_and_year_over_year(client, headers_a, seller_a, engine):
    seller, _ = seller_a

    months = client.get("/api/dashboard/monthly", headers=headers_a).json()

    completed = "order_status = 'Completed'"
    assert len(months) == raw(engine, seller, "count(distinct date_trunc('month', sold_date))")
    assert sum(Decimal(m["gross"]) for m in months) == money(
        raw(engine, seller, "sum(item_price)", completed)
    )
    assert sum(m["orders"] for m in months) == SAMPLE_ORDERS
    assert sum(m["cancelled"] for m in months) == SAMPLE_CANCELLED
    assert sum(Decimal(m["net"]) for m in months) == Decimal(SAMPLE_NET_PROCEEDS)
    with_history = [m for m in months if m["previous_year_gross"] is not None]
    assert with_history, "the sample spans more than a year"
    month = with_history[-1]
    year_before = raw(
        engine,
        seller,
        "sum(item_price)",
        f"{completed} and date_trunc('month', sold_date) = cast(:m as date) - interval '1 year'",
        m=month["month"],
    )
    assert month["previous_year_gross"] == str(money(year_before))


def test_widgets_add_up_to_the_sample(client, headers_a):
    def get(widget: str, **params):
        response = client.get(f"/api/dashboard/{widget}", headers=headers_a, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    for widget in ("states", "categories", "clusters", "weekdays", "seasons"):
        rows = get(widget)
        assert sum(r["orders"] for r in rows) == SAMPLE_ORDERS, widget
        assert sum(r["cancelled_orders"] for r in rows) == SAMPLE_CANCELLED, widget
        assert sum(Decimal(r["net_proceeds"]) for r in rows) == Decimal(SAMPLE_NET_PROCEEDS)
    assert [r["season"] for r in get("seasons")] == ["Winter", "Spring", "Summer", "Autumn"]
    assert {r["day_name"] for r in get("weekdays")} <= {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    }  # fmt: skip
    categories = get("categories")
    department = categories[0]["department"]
    assert 0 <= Decimal(categories[0]["average_confidence"]) <= 1
    only = get("categories", department=department)
    assert {r["department"] for r in only} == {department}
    assert sum(r["orders"] for r in only) == sum(
        r["orders"] for r in categories if r["department"] == department
    )


def test_weekday_and_best_sellers_match_raw_sql(client, headers_a, seller_a, engine):
    seller, _ = seller_a
    completed = "order_status = 'Completed'"

    mondays = [
        r for r in client.get("/api/dashboard/weekdays", headers=headers_a).json()
        if r["day_of_week"] == 1
    ]  # fmt: skip
    best = client.get("/api/dashboard/best-sellers", headers=headers_a, params={"limit": 3}).json()

    monday_gross = raw(
        engine, seller, "sum(item_price)", f"{completed} and extract(isodow from sold_date) = 1"
    )
    assert mondays[0]["gross_sales"] == str(money(monday_gross))
    assert len(best) == 3
    top_gross = scalar(
        engine,
        "select max(g) from (select sum(item_price) g from raw.sales_report_rows"
        f" where tenant_id = :t and {completed} group by item_title) titles",
        t=seller.id,
    )
    assert best[0]["gross_sales"] == str(money(top_gross))
    assert [Decimal(r["gross_sales"]) for r in best] == sorted(
        (Decimal(r["gross_sales"]) for r in best), reverse=True
    )


def test_fees_per_year_with_fee_regimes(client, headers_a, seller_a, engine):
    seller, _ = seller_a

    years = client.get("/api/dashboard/fees", headers=headers_a).json()

    completed = "order_status = 'Completed'"
    assert [y["year"] for y in years] == sorted({y["year"] for y in years})
    assert all(y["fee_regime"] for y in years)
    assert sum(Decimal(y["total_fees"]) for y in years) == money(
        raw(engine, seller, f"sum({FEES})", completed)
    )
    first = years[0]
    assert first["gross_sales"] == str(
        money(
            raw(
                engine,
                seller,
                "sum(item_price)",
                f"{completed} and extract(year from sold_date) = :y",
                y=first["year"],
            )
        )
    )


def test_date_filter_applies_to_widgets(client, headers_a, seller_a, engine):
    seller, _ = seller_a
    params = {"start": "2018-03-15", "end": "2018-04-10"}
    orders = raw(
        engine,
        seller,
        "count(*)",
        "order_status = 'Completed' and sold_date between '2018-03-15' and '2018-04-10'",
    )

    for widget in ("states", "categories", "clusters", "weekdays", "seasons", "monthly"):
        rows = client.get(f"/api/dashboard/{widget}", headers=headers_a, params=params).json()
        assert sum(r["orders"] for r in rows) == orders, widget


def test_tenant_isolation(client, seller_a, settings, engine):
    """Seller B sees none of seller A's data, whatever ids or parameters B sends."""
    seller, upload_id = seller_a
    other = create_seller()
    headers_b = login(client, other.email)
    tampering = {
        "tenant_id": str(seller.id),
        "seller_id": str(seller.id),
        "user_id": str(seller.id),
    }

    assert client.get(f"/api/uploads/{upload_id}", headers=headers_b).status_code == 404
    quarantined = client.get(f"/api/uploads/{upload_id}/quarantined", headers=headers_b)
    assert quarantined.status_code == 404
    assert client.delete(f"/api/uploads/{upload_id}", headers=headers_b).status_code == 404
    assert client.get("/api/uploads", headers=headers_b, params=tampering).json() == []
    assert scalar(engine, "select count(*) from uploads where id = :u", u=upload_id) == 1
    assert (settings.uploads_dir / str(seller.id) / f"{upload_id}.csv").exists()

    summary = client.get("/api/dashboard/summary", headers=headers_b, params=tampering).json()
    assert (summary["orders"], summary["gross_sales"]) == (0, "0.00")
    for widget in ("monthly", "states", "categories", "clusters", "weekdays", "seasons"):
        response = client.get(f"/api/dashboard/{widget}", headers=headers_b, params=tampering)
        assert response.json() == [], widget
    for widget in ("best-sellers", "fees"):
        assert client.get(f"/api/dashboard/{widget}", headers=headers_b).json() == []

    sales = client.get("/api/exports/sales.csv", headers=headers_b, params=tampering)
    assert sales.text.count("\n") == 1  # the header only
    monthly = client.get("/api/exports/monthly.csv", headers=headers_b, params=tampering)
    assert monthly.text.count("\n") == 1
    # A's own view is untouched.
    headers_a = login(client, seller.email)
    assert client.get("/api/dashboard/summary", headers=headers_a).json()["orders"] == SAMPLE_ORDERS


def test_the_dashboard_page_embeds_metabase_locked_to_the_seller(settings, seller_a):
    """With Metabase configured the page carries an iframe whose signed token names the
    signed-in seller; without it the page has no iframe (the built-in charts stand alone)."""
    import jwt
    from pydantic import SecretStr

    secret = "ab" * 32
    metabase = {
        "metabase_url": "http://metabase.internal:3000",
        "metabase_site_url": "https://bi.example.com",
        "metabase_embed_secret": SecretStr(secret),
        "metabase_dashboard_id": 7,
    }
    with portal_client(settings, **metabase) as client:
        page = client.get("/dashboard", headers=login(client, seller_a[0].email))
    assert page.status_code == 200
    prefix = 'src="https://bi.example.com/embed/dashboard/'
    assert prefix in page.text
    token = page.text.split(prefix, 1)[1].split("#", 1)[0]
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    assert claims["resource"] == {"dashboard": 7}
    assert claims["params"] == {"tenant_id": str(seller_a[0].id)}

    with portal_client(settings) as client:
        plain = client.get("/dashboard", headers=login(client, seller_a[0].email))
    assert plain.status_code == 200
    assert "/embed/dashboard/" not in plain.text
    assert "Gross sales" in plain.text


def test_dashboard_answers_follow_each_mart_rebuild(settings, engine, instance, tmp_path):
    """Answers are cached per seller and marts version: a new upload's rebuild must show at
    once in the JSON API, with the version bumped by exactly that rebuild."""
    from mi_core.sales_report import write_report
    from tests.pipeline_helpers import register
    from tests.portal_helpers import process

    seller = create_seller()

    def orders_and_version(client, headers) -> tuple[int, int]:
        summary = client.get("/api/dashboard/summary", headers=headers).json()
        version = scalar(engine, "select marts_version from users where id = :u", u=seller.id)
        return summary["orders"], version

    def completed_rows() -> int:
        return raw(engine, seller, "count(*)", "order_status = 'Completed'")

    with portal_client(settings) as client:
        headers = login(client, seller.email)
        process(
            instance,
            seller,
            register(settings, seller, write_report(tmp_path / "a.csv", 40, seed=31)),
        )
        first = orders_and_version(client, headers)
        assert first == (completed_rows(), 1)
        assert orders_and_version(client, headers) == first  # asked again: same answer

        process(
            instance,
            seller,
            register(settings, seller, write_report(tmp_path / "b.csv", 40, seed=32)),
        )
        second = orders_and_version(client, headers)
        assert second == (completed_rows(), 2)
        assert second[0] > first[0]


def test_the_portal_reads_only_the_marts_and_applies_no_threshold_of_its_own():
    """Each number is defined once, in the marts: the dashboard SQL reads no staging or raw
    relation, and the low-confidence threshold is the setting handed to dbt as a var."""
    import inspect
    import json
    import re

    from mi_core.settings import Settings
    from orchestration.dbt_project import dbt_vars
    from portal import dashboard

    source = inspect.getsource(dashboard)
    assert not re.search(r"\b(staging|raw)\.\w+", source)
    assert "0.5" not in source and "is_completed" not in source
    assert json.loads(dbt_vars(Settings(_env_file=None, MI_LOW_CONFIDENCE_BELOW="0.7"))) == {
        "low_confidence_below": 0.7
    }
