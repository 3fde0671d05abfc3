"""Costs through the portal and the CLI, for one seller with the real sample processed:
the cost CSV (bad rows: nothing applied; a messy but valid file: applied whole), one
sale's cost over JSON, the /costs page's forms (CSRF), `mi costs import`, and the
dashboard summary's profit against SQL over the marts after the queued refresh ran."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from tests.cli_helpers import run_mi
from tests.cost_helpers import queued_refreshes, refresh_marts
from tests.pipeline_helpers import execute, scalar
from tests.portal_helpers import login, portal_client, seller_with_processed_sample


@pytest.fixture(scope="module")
def processed(database):
    return seller_with_processed_sample(database)


@pytest.fixture(scope="module")
def seller(processed):
    return processed[0]


@pytest.fixture
def client(settings):
    with portal_client(settings) as test_client:
        yield test_client


@pytest.fixture
def headers(client, seller):
    return login(client, seller.email)


def stored_costs(engine, seller) -> int:
    return scalar(
        engine,
        "select (select count(*) from sale_costs where seller_id = :t)"
        " + (select count(*) from title_costs where seller_id = :t)",
        t=seller.id,
    )


def sale_items(engine, seller, n: int) -> list[tuple[str, str]]:
    """n completed sales (item id, title) of distinct titles."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "select min(item_id), item_title from marts.fct_sales"
                    " where tenant_id = :t and is_completed group by 2 order by 2 limit :n"
                ),
                {"t": seller.id, "n": n},
            )
        ]


def page_login(client, email: str, password: str) -> None:
    """Sign in with the login form, as a browser does (its CSRF token first)."""
    from tests.portal_helpers import csrf_headers

    token = csrf_headers(client)["x-csrftoken"]
    response = client.post(
        "/login",
        data={"username": email, "password": password, "csrftoken": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post_csv(client, headers, content: bytes, name: str = "costs.csv"):
    return client.post(
        "/api/costs/import", headers=headers, files={"file": (name, content, "text/csv")}
    )


def test_a_cost_csv_with_bad_rows_applies_nothing(client, headers, engine, seller):
    (item, _), (_, title) = sale_items(engine, seller, 2)
    queued = queued_refreshes(engine, seller.id)
    content = (
        "item_id,title,cost\n"
        f"{item},,4.00\n"  # row 2: fine
        f",{title},-1\n"  # row 3: negative
        "x1,,four\n"  # row 4: not a number
        ",,2.00\n"  # row 5: no key
        f"{item},,5.00\n"  # row 6: the same item again
        f"{item},{title},1.00\n"  # row 7: both keys
        "x2,,1.005\n"  # row 8: a fraction of a cent
    ).encode()

    response = post_csv(client, headers, content, "my costs.csv")

    assert response.status_code == 422, response.text
    body = response.json()
    assert body["applied"] is False
    assert [p["row"] for p in body["refused"]] == [3, 4, 5, 6, 7, 8]
    reasons = {p["row"]: p["reason"] for p in body["refused"]}
    assert all(r.startswith(f"my costs.csv row {n}, column") for n, r in reasons.items())
    assert "negative" in reasons[3] and "column cost" in reasons[3]
    assert "'four' is not a number" in reasons[4]
    assert "both are empty" in reasons[5]
    assert "row 2" in reasons[6]
    assert "not both" in reasons[7]
    assert "more than two decimals" in reasons[8]
    assert stored_costs(engine, seller) == 0
    assert queued_refreshes(engine, seller.id) == queued


def test_a_file_that_is_not_a_cost_csv_names_the_file_and_its_header(client, headers):
    response = post_csv(client, headers, b"sku;price\nA;1\n", "export.csv")

    assert response.status_code == 422
    (problem,) = response.json()["refused"]
    assert problem["row"] == 1
    assert problem["reason"].startswith("export.csv row 1: expected columns item_id or title")


def test_a_valid_cost_csv_is_applied_whole_and_queues_one_refresh(client, headers, engine, seller):
    (item, _), (_, title) = sale_items(engine, seller, 2)
    queued = queued_refreshes(engine, seller.id)
    # Excel's UTF-8 CSV: a BOM, CRLF, quoted fields with commas, dollar signs, a blank line.
    content = (
        "\ufeffTitle,Item_ID,Cost\r\n"
        f',{item},"$4.00"\r\n'
        f'"{title.upper()}",,"$1,002.50"\r\n'
        ',"m-not-uploaded-yet",0\r\n'
        ",,\r\n"
    ).encode()

    response = post_csv(client, headers, content)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["matched"], body["unmatched"], body["refused"]) == (2, 1, [])
    assert [p["row"] for p in body["unmatched_rows"]] == [4]
    assert scalar(
        engine, "select cost from sale_costs where seller_id = :t and item_id = :i",
        t=seller.id, i=item,
    ) == Decimal("4.00")  # fmt: skip
    assert scalar(
        engine, "select cost from title_costs where seller_id = :t", t=seller.id
    ) == Decimal("1002.50")
    assert stored_costs(engine, seller) == 3
    assert queued_refreshes(engine, seller.id) == queued + 1


def test_the_template_is_the_csv_header(client, headers):
    response = client.get("/api/costs/template.csv", headers=headers)

    assert response.status_code == 200
    assert response.text == "item_id,title,cost\n"
    assert "attachment" in response.headers["content-disposition"]


def test_one_sales_cost_over_json(client, headers, engine, seller):
    (item, _), *_ = sale_items(engine, seller, 1)

    refused = client.put(f"/api/costs/sales/{item}", headers=headers, json={"cost": "-2"})
    assert refused.status_code == 422
    assert "negative" in refused.json()["detail"]

    response = client.put(f"/api/costs/sales/{item}", headers=headers, json={"cost": "3.5"})
    assert response.status_code == 200, response.text
    assert response.json() == {"item_id": item, "cost": "3.50", "marts_refresh_queued": True}
    assert scalar(
        engine, "select cost from sale_costs where seller_id = :t and item_id = :i",
        t=seller.id, i=item,
    ) == Decimal("3.50")  # fmt: skip

    cleared = client.delete(f"/api/costs/sales/{item}", headers=headers)
    assert cleared.json()["cost"] is None
    assert scalar(
        engine, "select count(*) from sale_costs where seller_id = :t and item_id = :i",
        t=seller.id, i=item,
    ) == 0  # fmt: skip
    # Put it back for the profit check below.
    client.put(f"/api/costs/sales/{item}", headers=headers, json={"cost": "4.00"})


def test_the_costs_page_sets_a_subcategory_cost_with_its_form(client, seller, engine):
    from tests.portal_helpers import PASSWORD

    page_login(client, seller.email, PASSWORD)
    page = client.get("/costs")
    assert page.status_code == 200
    assert "Per product group" in page.text and "Download the template" in page.text
    department, subcategory = (
        scalar(
            engine,
            f"select {column} from marts.fct_seller_categories where tenant_id = :t"
            " and subcategory <> '' order by gross_sales desc limit 1",
            t=seller.id,
        )
        for column in ("department", "subcategory")
    )
    form = {"department": department, "subcategory": subcategory, "cost": "2.25"}

    forged = client.post("/costs/subcategory", data=form)
    assert forged.status_code == 403

    response = client.post(
        "/costs/subcategory",
        data={"csrftoken": client.cookies["csrftoken"], **form},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert scalar(
        engine, "select cost from subcategory_costs where seller_id = :t", t=seller.id
    ) == Decimal("2.25")


def test_mi_costs_import_refuses_bad_rows_and_applies_good_files(engine, seller, tmp_path):
    before = stored_costs(engine, seller)
    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,cost\nabc,$x\n")
    result = run_mi("costs", "import", str(bad), "--seller", seller.email)
    assert result.returncode == 1
    assert "bad.csv row 2, column cost: cost '$x' is not a number" in result.stderr
    assert stored_costs(engine, seller) == before

    good = tmp_path / "good.csv"
    good.write_text("item_id,cost\ncli-item-1,1.00\n")
    result = run_mi("costs", "import", str(good), "--seller", seller.email)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 matched, 1 unmatched (stored), 0 refused"
    assert stored_costs(engine, seller) == before + 1


def test_the_summary_profit_equals_sql_over_the_marts(
    settings, client, headers, engine, seller, instance
):
    refresh_marts(instance, settings, seller.id)
    first, last = (
        scalar(
            engine, f"select {f}(sold_date) from marts.fct_sales where tenant_id = :t", t=seller.id
        )
        for f in ("min", "max")
    )
    response = client.get(
        "/api/dashboard/summary",
        headers=headers,
        params={"start": first.isoformat(), "end": last.isoformat()},
    )
    assert response.status_code == 200, response.text
    summary = response.json()

    def facts(select: str):
        return scalar(
            engine,
            f"select {select} from marts.fct_sales where tenant_id = :t and is_completed",
            t=seller.id,
        )

    with_cost = facts("count(*) filter (where cost_of_goods is not null)")
    assert 0 < with_cost < facts("count(*)")
    assert summary["sales_with_cost"] == with_cost
    assert summary["sales_without_cost"] == facts("count(*) filter (where cost_of_goods is null)")
    assert summary["cost_of_goods"] == str(facts("sum(cost_of_goods)"))
    assert summary["profit"] == str(
        facts("sum(net_seller_proceeds - cost_of_goods) filter (where cost_of_goods is not null)")
    )
    unknown_gross = facts("sum(item_price) filter (where cost_of_goods is null)")
    assert summary["cost_unknown_gross"] == str(unknown_gross)

    from tests.portal_helpers import PASSWORD

    page_login(client, seller.email, PASSWORD)
    page = client.get("/dashboard", params={"start": first.isoformat(), "end": last.isoformat()})
    assert f"Cost unknown for {summary['sales_without_cost']:,} sales" in page.text


def test_costs_are_the_sellers_own(client, engine, seller):
    """Another seller's import never touches this seller's costs (tenant from the login)."""
    from tests.portal_helpers import create_seller

    other = create_seller()
    before = stored_costs(engine, seller)
    other_headers = login(client, other.email)
    response = post_csv(client, other_headers, b"item_id,cost\nsomething,1\n")
    assert response.status_code == 200
    assert stored_costs(engine, seller) == before
    execute(engine, "delete from sale_costs where seller_id = :t", t=other.id)
    assert uuid.UUID(str(other.id)) != seller.id


def test_a_product_group_cost_is_set_and_cleared_on_the_page(client, seller, engine):
    from tests.portal_helpers import PASSWORD

    page_login(client, seller.email, PASSWORD)
    cluster_id = scalar(
        engine,
        "select cluster_id from raw.title_clusters where tenant_id = :t"
        " order by revenue desc limit 1",
        t=seller.id,
    )
    members = scalar(
        engine,
        "select count(*) from raw.title_cluster_members where tenant_id = :t and cluster_id = :c",
        t=seller.id,
        c=cluster_id,
    )
    token = {"csrftoken": client.cookies["csrftoken"]}
    titles = "select count(*) from product_group_cost_titles where seller_id = :t"

    saved = client.post(
        "/costs/product-group",
        data={**token, "cluster_id": cluster_id, "cost": "$2.00"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert scalar(engine, titles, t=seller.id) == members > 0
    assert 'value="2.00"' in client.get("/costs").text

    refused = client.post(
        "/costs/product-group", data={**token, "cluster_id": cluster_id, "cost": "abc"}
    )
    assert refused.status_code == 400 and "is not a number" in refused.text

    cleared = client.post(
        "/costs/product-group",
        data={**token, "cluster_id": cluster_id, "cost": ""},
        follow_redirects=False,
    )
    assert cleared.headers["location"] == "/costs?notice=cleared"
    assert scalar(engine, titles, t=seller.id) == 0
    assert (
        scalar(engine, "select count(*) from product_group_costs where seller_id = :t", t=seller.id)
        == 0
    )
