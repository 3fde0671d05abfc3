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


def all_time(engine, seller) -> dict[str, str]:
    """start/end covering every sale of the seller (the dashboard's "All time")."""
    first = raw(engine, seller, "min(sold_date)")
    last = raw(engine, seller, "max(sold_date)")
    return {"start": first.isoformat(), "end": last.isoformat()}


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
    everything = all_time(engine, seller)

    summary = client.get("/api/dashboard/summary", headers=headers_a, params=everything).json()

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
    assert summary["comparison_note"] == f"No sales in {summary['comparison']}"


def test_the_default_period_is_the_last_12_months_against_the_12_before(
    client, headers_a, seller_a, engine
):
    seller, _ = seller_a
    last = raw(engine, seller, "max(sold_date)")
    start = scalar(
        engine, "select cast(cast(:l as date) + 1 - interval '12 months' as date)", l=last
    )
    previous_start = scalar(
        engine, "select cast(cast(:s as date) - interval '12 months' as date)", s=start
    )

    summary = client.get("/api/dashboard/summary", headers=headers_a).json()

    assert (summary["start"], summary["end"]) == (start.isoformat(), last.isoformat())
    previous = summary["previous"]
    assert previous["start"] == previous_start.isoformat()
    assert previous["end"] == scalar(engine, "select cast(:s as date) - 1", s=start).isoformat()
    assert summary["comparison"] == "the 12 months before"
    expected = expected_kpis(engine, seller, summary["start"], summary["end"])
    assert {key: summary[key] for key in expected} == expected
    expected_previous = expected_kpis(engine, seller, previous["start"], previous["end"])
    assert {key: previous[key] for key in expected_previous} == expected_previous
    # The same window asked for explicitly gives the same answer.
    explicit = client.get(
        "/api/dashboard/summary",
        headers=headers_a,
        params={"start": summary["start"], "end": summary["end"]},
    ).json()
    assert explicit == summary
    # Every widget's default is that window too.
    orders = raw(
        engine,
        seller,
        "count(*)",
        "order_status = 'Completed' and sold_date between cast(:s as date) and cast(:e as date)",
        s=start,
        e=last,
    )
    monthly = client.get("/api/dashboard/monthly", headers=headers_a).json()
    assert sum(m["orders"] for m in monthly) == orders == summary["orders"]


def test_a_comparison_window_without_sales_says_so(client, headers_a, seller_a, engine):
    seller, _ = seller_a
    first = raw(engine, seller, "min(sold_date)")
    year = {"start": f"{first.year}-01-01", "end": f"{first.year}-12-31"}

    summary = client.get("/api/dashboard/summary", headers=headers_a, params=year).json()
    page = client.get("/dashboard", headers=headers_a, params=year)

    assert summary["previous"]["orders"] == summary["previous"]["cancelled_orders"] == 0
    assert summary["comparison"] == "the 12 months before"
    assert summary["comparison_note"] == "No sales in the 12 months before"
    assert page.status_code == 200
    assert "No sales in the 12 months before" in page.text
    assert "no earlier data" not in page.text
    # With sales in the window before, no such note.
    later = {"start": f"{first.year + 1}-01-01", "end": f"{first.year + 1}-12-31"}
    assert (
        client.get("/api/dashboard/summary", headers=headers_a, params=later).json()[
            "comparison_note"
        ]
        is None
    )


def test_the_page_offers_the_periods_one_click_away(client, headers_a, seller_a, engine):
    seller, _ = seller_a
    everything = all_time(engine, seller)
    last = raw(engine, seller, "max(sold_date)")
    years = [
        int(y)
        for y in range(raw(engine, seller, "min(extract(year from sold_date))::int"), last.year + 1)
        if raw(engine, seller, "count(*)", "extract(year from sold_date) = :y", y=y)
    ]

    page = client.get("/dashboard", headers=headers_a).text

    assert 'data-period="Last 12 months"' in page and 'aria-current="true"' in page
    assert f'href="/dashboard?start={everything["start"]}&amp;end={everything["end"]}"' in page
    for year in years:
        assert f'href="/dashboard?start={year}-01-01&amp;end={year}-12-31"' in page
    quarter = (last.month - 1) // 3 + 1
    assert f'data-period="Q{quarter} {last.year}"' in page
    assert page.count('data-period="Q') == 4
    assert "compared with the 12 months before" in page
    assert 'href="#filters"' in page  # the custom range


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

    everything = all_time(engine, seller)
    months = client.get("/api/dashboard/monthly", headers=headers_a, params=everything).json()

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


def test_widgets_add_up_to_the_sample(client, headers_a, seller_a, engine):
    everything = all_time(engine, seller_a[0])

    def get(widget: str, **params):
        params = {**everything, **params}
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
    everything = all_time(engine, seller)

    weekdays = client.get("/api/dashboard/weekdays", headers=headers_a, params=everything)
    mondays = [r for r in weekdays.json() if r["day_of_week"] == 1]
    best = client.get(
        "/api/dashboard/best-sellers", headers=headers_a, params={"limit": 3, **everything}
    ).json()

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


def test_fees_per_fee_regime_by_sold_date(client, headers_a, seller_a, engine):
    """Per Mercari fee regime (the rule of the sold date, not the calendar year): the fees
    add up to the raw rows, each regime's gross is the raw sum of its dates, and the fee
    check's differing sales are those of the sample (3 on the real one)."""
    from mi_core.sales_report.fees import FEE_RULES, rule_valid_to

    seller, _ = seller_a
    everything = all_time(engine, seller)

    regimes = client.get("/api/dashboard/fees", headers=headers_a, params=everything).json()

    completed = "order_status = 'Completed'"
    assert [r["regime_number"] for r in regimes] == sorted({r["regime_number"] for r in regimes})
    assert all(r["fee_regime"] for r in regimes)
    assert sum(Decimal(r["total_fees"]) for r in regimes) == money(
        raw(engine, seller, f"sum({FEES})", completed)
    )
    assert sum(r["orders"] for r in regimes) == SAMPLE_ORDERS
    for r in regimes:
        rule = FEE_RULES[r["regime_number"] - 1]
        assert r["fee_regime"] == rule.label
        valid_from = rule.valid_from.isoformat() if rule.valid_from else None
        valid_to = rule_valid_to(r["regime_number"] - 1)
        assert (r["valid_from"], r["valid_to"]) == (
            valid_from,
            valid_to.isoformat() if valid_to else None,
        )
        gross = raw(
            engine,
            seller,
            "coalesce(sum(item_price), 0)",
            f"{completed} and sold_date between coalesce(cast(:f as date), '-infinity')"
            " and coalesce(cast(:u as date), 'infinity')",
            f=valid_from,
            u=valid_to,
        )
        assert r["gross_sales"] == str(money(gross)), rule.label
    if sample().is_real:
        assert [r["orders"] for r in regimes] == [41, 414, 30, 85, 24, 3]
        assert [r["differing_sales"] for r in regimes] == [1, 0, 0, 0, 0, 2]
        assert sum(r["earlier_rule_sales"] for r in regimes) == 2
        assert regimes[0]["differing_fee_amount"] == "2.00"  # no selling fee on row 4


def test_fee_months_mark_the_rule_changes_at_their_dates(client, headers_a, seller_a):
    params = {"start": "2024-01-01", "end": "2024-12-31"}

    months = client.get("/api/dashboard/fee-months", headers=headers_a, params=params).json()
    page = client.get("/dashboard", headers=headers_a, params=params).text

    by_month = {m["month"]: m["fee_regime"] for m in months}
    assert (
        by_month.get("2024-03-01", "").endswith(
            "on price and shipping → No seller fees; the buyer pays a service fee and processing"
        )
        or "2024-03-01" not in by_month
    )
    assert all(
        label == "No seller fees; the buyer pays a service fee and processing"
        for month, label in by_month.items()
        if month >= "2024-04-01"
    )
    assert "27 Mar 2024: No seller fees" in page  # the change, on its day
    assert '"x0":"2024-03-27"' in page.replace(" ", "")
    assert "Fees by Mercari&#39;s rules, checked sale by sale" in page
    assert '<div class="table-wrap" id="summary-fees">' in page


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
    everything = all_time(engine, seller)
    summary_a = client.get("/api/dashboard/summary", headers=headers_a, params=everything).json()
    assert summary_a["orders"] == SAMPLE_ORDERS


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
        # Over all of the seller's sales, whatever the reports' dates.
        everything = {"start": "2000-01-01", "end": "2099-12-31"}
        summary = client.get("/api/dashboard/summary", headers=headers, params=everything).json()
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
