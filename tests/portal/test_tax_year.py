"""The tax year (issue 13): Form 1099-K figures against the federal threshold, the
Schedule C lines with the rows behind each, CSV and PDF, and business expenses.

Expected figures are computed here from the raw report with the parser (never with the
marts or the portal code under test); the marts come from real pipeline runs.
"""

from __future__ import annotations

import csv
import io
import uuid
from decimal import Decimal

import pytest

from mi_core import costs
from mi_core.db import session_scope
from mi_core.sales_report import parse_report
from mi_core.sales_report.columns import LAYOUT_2022, cents_column
from mi_core.tax import NOT_TAX_ADVICE, federal_threshold
from tests.pipeline_helpers import definitions, scalar, sensor, warehouse_sensor_context
from tests.portal_helpers import (
    create_seller,
    csrf_headers,
    login,
    portal_client,
    process,
    seller_with_processed_sample,
    upload_file,
)
from tests.sample import sample

CENT = Decimal("0.01")
LINES_WITH_ROWS = (
    "form_1099k_gross",
    "sales_tax_remitted",
    "gross_receipts",
    "fees",
    "shipping",
    "other_expenses",
    "profit",
)


def dollars(cents: int) -> str:
    return str((Decimal(int(cents)) / 100).quantize(CENT))


@pytest.fixture(scope="module")
def seller_a(database):
    """Seller A with the real sample report processed once for the whole module."""
    return seller_with_processed_sample(database)[0]


@pytest.fixture
def client(settings):
    with portal_client(settings) as test_client:
        yield test_client


@pytest.fixture
def headers_a(client, seller_a):
    return login(client, seller_a.email)


@pytest.fixture(scope="module")
def completed_by_year():
    """The sample's completed sales from the parser, by the calendar year of completion."""
    frame = parse_report(sample().path).rows
    completed = frame[frame["order_status"] == "Completed"]
    return {
        int(year): rows for year, rows in completed.groupby(completed["completed_date"].dt.year)
    }


def cents_sum(rows, *fields: str) -> int:
    return int(sum(rows[cents_column(field)].sum() for field in fields))


def refresh_marts(instance, settings, seller) -> None:
    """What the Dagster daemon does after an expense change: the sensor asks for a
    marts-only run of the seller, which is executed here for real."""
    requests = [
        r
        for r in sensor("marts_refresh_sensor")(warehouse_sensor_context(instance, settings))
        if r.partition_key == str(seller.id)
    ]
    assert len(requests) == 1
    instance.add_dynamic_partitions("sellers", [str(seller.id)])
    result = (
        definitions()
        .resolve_job_def("refresh_marts")
        .execute_in_process(
            instance=instance, partition_key=requests[0].partition_key, tags=requests[0].tags
        )
    )
    assert result.success


# --- the threshold table ---


@pytest.mark.parametrize(
    ("year", "amount", "transactions"),
    [
        (2019, "20000", 200),
        (2021, "20000", 200),
        (2022, "20000", 200),  # Notice 2023-10
        (2023, "20000", 200),  # Notice 2023-74
        (2024, "5000", None),  # Notice 2024-85
        (2025, "20000", 200),  # One Big Beautiful Bill Act
        (2027, "20000", 200),
    ],
)
def test_federal_threshold_of_each_year(year, amount, transactions):
    threshold = federal_threshold(year)
    assert (threshold.amount, threshold.transactions) == (Decimal(amount), transactions)


def test_the_threshold_is_more_than_both_amount_and_count():
    classic, year_2024 = federal_threshold(2023), federal_threshold(2024)
    assert not classic.reached(Decimal("20000.00"), 500)
    assert not classic.reached(Decimal("25000.00"), 200)
    assert classic.reached(Decimal("20000.01"), 201)
    assert year_2024.reached(Decimal("5000.01"), 1)
    assert not year_2024.reached(Decimal("5000.00"), 1000)


# --- the tax lines on the real sample ---


def test_1099k_gross_and_transactions_equal_the_parsed_report(client, headers_a, completed_by_year):
    for year, rows in completed_by_year.items():
        answer = client.get(f"/api/tax/{year}", headers=headers_a).json()

        gross = cents_sum(rows, "item_price", "buyer_shipping_fee", "sales_tax_charged_to_buyer")
        assert answer["form_1099k_gross"] == dollars(gross), year
        assert answer["transactions"] == len(rows), year
        assert answer["sales_tax_remitted"] == dollars(
            cents_sum(rows, "sales_tax_charged_to_buyer")
        )
        assert answer["year_rule"] == "completed_date"
        threshold = federal_threshold(year)
        assert answer["threshold"]["amount"] == str(threshold.amount.quantize(CENT))
        assert answer["threshold"]["transactions"] == threshold.transactions
        assert answer["likely_1099k"] is threshold.reached(Decimal(dollars(gross)), len(rows))
        assert answer["disclaimer"] == NOT_TAX_ADVICE


def test_schedule_c_lines_add_up_to_the_cent(client, headers_a, completed_by_year):
    for year, rows in completed_by_year.items():
        answer = client.get(f"/api/tax/{year}", headers=headers_a).json()
        fees = cents_sum(
            rows,
            "mercari_selling_fee",
            "payment_processing_fee_charged_to_seller",
            "penalty_fee",
        )
        shipping = cents_sum(
            rows, "seller_shipping_fee", "shipping_adjustment_fee", "buyer_shipping_fee"
        )
        receipts = cents_sum(rows, "item_price", "buyer_shipping_fee")

        assert answer["gross_receipts"] == dollars(receipts)
        assert answer["fees"] == dollars(fees)
        assert answer["shipping"] == dollars(shipping)
        assert answer["returns"] is None  # no report layout shows refunds
        line = {entry["line"]: entry for entry in answer["lines"]}
        assert line["returns"]["shown_as"] == "not in this report"
        money = {k: Decimal(answer[k] or "0") for k in ("gross_receipts", "returns",
                 "cost_of_goods", "fees", "shipping", "other_expenses", "profit")}  # fmt: skip
        assert money["profit"] == (
            money["gross_receipts"]
            - money["returns"]
            - money["cost_of_goods"]
            - money["fees"]
            - money["shipping"]
            - money["other_expenses"]
        )
        # Without costs or expenses, the profit is what Mercari paid out for the year.
        if answer["cost_of_goods"] is None and answer["other_expenses"] == "0.00":
            assert answer["profit"] == dollars(cents_sum(rows, "net_seller_proceeds"))


def test_a_sale_belongs_to_the_year_it_was_completed_in(client, headers_a, completed_by_year):
    """Nine of the sample's sales were completed in the year after they were sold: counted
    by sold date, some year's transactions would differ from the API's."""
    frame = parse_report(sample().path).rows
    completed = frame[frame["order_status"] == "Completed"]
    by_sold_year = completed.groupby(completed["sold_date"].dt.year).size().to_dict()
    by_completed_year = {year: len(rows) for year, rows in completed_by_year.items()}
    assert by_sold_year != by_completed_year

    answers = {
        year: client.get(f"/api/tax/{year}", headers=headers_a).json()["transactions"]
        for year in by_completed_year
    }
    assert answers == by_completed_year
    page = client.get("/tax", headers=headers_a)
    assert "calendar year of its completed date" in page.text


def test_every_lines_rows_sum_to_the_line(client, headers_a, completed_by_year):
    year = max(completed_by_year, key=lambda y: len(completed_by_year[y]))
    answer = client.get(f"/api/tax/{year}", headers=headers_a).json()
    for key in LINES_WITH_ROWS:
        response = client.get(f"/api/tax/{year}/lines/{key}.csv", headers=headers_a)
        assert response.status_code == 200, key
        records = list(csv.reader(io.StringIO(response.text)))
        assert records[1] == [NOT_TAX_ADVICE]
        header_at = next(i for i, r in enumerate(records) if r and r[0] == "source")
        body, total = records[header_at + 1 : -1], records[-1]
        amounts = sum((Decimal(r[-1]) for r in body), Decimal("0.00"))
        assert str(amounts) == answer[key] == total[-1], key
        expected_rows = {
            "other_expenses": answer["expenses"],
            "profit": answer["transactions"] + answer["expenses"],
        }.get(key, answer["transactions"])
        assert len(body) == expected_rows, key


def test_the_page_links_every_line_and_says_it_is_not_tax_advice(
    client, headers_a, completed_by_year
):
    year = max(completed_by_year)
    page = client.get(f"/tax?year={year}", headers=headers_a)
    assert page.status_code == 200
    assert NOT_TAX_ADVICE in page.text
    assert "Some states require a 1099-K from lower amounts" in page.text
    for key in LINES_WITH_ROWS:
        assert f"/tax/{year}/lines/{key}" in page.text
        assert f"/api/tax/{year}/lines/{key}.csv" in page.text
    drill = client.get(f"/tax/{year}/lines/fees", headers=headers_a)
    assert drill.status_code == 200
    assert drill.text.count("<tr>") == len(completed_by_year[year]) + 1


def test_the_whole_page_as_csv_and_pdf(client, headers_a, completed_by_year):
    from pypdf import PdfReader

    year = max(completed_by_year, key=lambda y: len(completed_by_year[y]))
    answer = client.get(f"/api/tax/{year}", headers=headers_a).json()

    exported = client.get(f"/api/tax/{year}.csv", headers=headers_a)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    records = {r[0]: r for r in csv.reader(io.StringIO(exported.text)) if r}
    assert NOT_TAX_ADVICE in records
    assert records["Form 1099-K gross payments"][1] == answer["form_1099k_gross"]
    assert records["Net profit (line 31)"][1] == answer["profit"]
    assert records["Returns and allowances (line 2)"][1] == "not in this report"

    pdf = client.get(f"/api/tax/{year}.pdf", headers=headers_a)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Not tax advice." in words
    assert f"Tax year {year}" in words
    for key in ("form_1099k_gross", "gross_receipts", "fees", "shipping", "profit"):
        assert answer[key] in words, key
    assert "not in this report" in words


def test_unknown_lines_and_years_are_refused(client, headers_a):
    assert client.get("/api/tax/2024/lines/bogus.csv", headers=headers_a).status_code == 404
    assert client.get("/api/tax/12345", headers=headers_a).status_code == 422
    assert client.get("/api/tax/2024").status_code == 401


# --- tenant isolation ---


def test_another_seller_sees_none_of_seller_as_figures(client, seller_a, completed_by_year):
    year = max(completed_by_year, key=lambda y: len(completed_by_year[y]))
    other = login(client, create_seller().email)

    answer = client.get(f"/api/tax/{year}", headers=other).json()
    assert (answer["transactions"], answer["form_1099k_gross"]) == (0, "0.00")
    rows = client.get(f"/api/tax/{year}/lines/fees.csv", headers=other).text
    header_at = rows.splitlines().index(
        next(x for x in rows.splitlines() if x.startswith("source"))
    )
    assert rows.splitlines()[header_at + 1 :] == ["total,,,,,,,,0.00"]
    assert client.get("/api/expenses", headers=other).json() == []


# --- business expenses ---


def test_expenses_crud_reach_the_tax_year_through_a_marts_run(
    client, headers_a, seller_a, settings, instance, engine, completed_by_year
):
    year = max(completed_by_year)
    before = client.get(f"/api/tax/{year}", headers=headers_a).json()
    created = client.post(
        "/api/expenses",
        headers=headers_a,
        json={
            "date": f"{year}-02-03",
            "amount": "24.99",
            "category": "supplies",
            "note": "Mailers",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["amount"], body["category"], body["date"]) == (
        "24.99",
        "supplies",
        f"{year}-02-03",
    )
    second = client.post(
        "/api/expenses",
        headers=headers_a,
        json={"date": f"{year}-05-01", "amount": "10.01", "category": "mileage"},
    ).json()
    assert {e["id"] for e in client.get("/api/expenses", headers=headers_a).json()} >= {
        body["id"],
        second["id"],
    }
    # Another seller can neither see nor delete them.
    other = login(client, create_seller().email)
    assert client.delete(f"/api/expenses/{body['id']}", headers=other).status_code == 404
    assert client.delete(f"/api/expenses/{second['id']}", headers=headers_a).status_code == 204
    assert client.delete(f"/api/expenses/{second['id']}", headers=headers_a).status_code == 404

    # A cost of goods for one sale completed in the year (the costs' own rules: mi_core.costs).
    costed = completed_by_year[year].iloc[0]
    with session_scope() as session:
        costs.set_sale_cost(session, seller_a.id, costed["item_id"], "4.00")

    # The portal only queued a refresh; the marts change with the marts-only run.
    unchanged = client.get(f"/api/tax/{year}", headers=headers_a).json()
    assert unchanged["other_expenses"] == before["other_expenses"]
    refresh_marts(instance, settings, seller_a)

    after = client.get(f"/api/tax/{year}", headers=headers_a).json()
    added = Decimal(after["other_expenses"]) - Decimal(before["other_expenses"])
    assert added == Decimal("24.99")
    assert (after["cost_of_goods"], after["sales_with_cost"]) == ("4.00", 1)
    assert after["sales_without_cost"] == after["transactions"] - 1
    assert Decimal(before["profit"]) - Decimal(after["profit"]) == Decimal("28.99")
    cost_line = next(line for line in after["lines"] if line["line"] == "cost_of_goods")
    assert any("Cost unknown for" in note for note in cost_line["notes"])
    cost_rows = client.get(f"/api/tax/{year}/lines/cost_of_goods.csv", headers=headers_a).text
    records = list(csv.reader(io.StringIO(cost_rows)))
    costed_rows = [r for r in records if r and r[0] == "sale"]
    assert [(r[1], r[-2], r[-1]) for r in costed_rows] == [(costed["item_id"], "sale", "4.00")]
    assert records[-1][-1] == "4.00"
    in_marts = scalar(
        engine,
        "select sum(amount) from marts.fct_seller_expenses where tenant_id = :t and tax_year = :y",
        t=seller_a.id,
        y=year,
    )
    assert str(in_marts) == after["other_expenses"]
    rows = client.get(f"/api/tax/{year}/lines/other_expenses.csv", headers=headers_a).text
    assert "Mailers" in rows


def test_bad_expenses_are_refused_naming_the_field(client, headers_a):
    bad = {"date": "2025-13-01", "amount": "5", "category": "supplies"}
    response = client.post("/api/expenses", headers=headers_a, json=bad)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("date:")
    for field, value in (
        ("amount", "-3"),
        ("amount", "1.234"),
        ("amount", "1e400"),
        ("amount", "NaN"),
        ("category", "food"),
    ):
        response = client.post(
            "/api/expenses",
            headers=headers_a,
            json={"date": "2025-01-01", "amount": "5", "category": "supplies", field: value},
        )
        assert response.status_code == 422
        assert response.json()["detail"].startswith(f"{field}:")


def test_an_import_with_bad_rows_applies_nothing(client, headers_a, engine, seller_a):
    count = "select count(*) from business_expenses where tenant_id = :t"
    before = scalar(engine, count, t=seller_a.id)
    content = (
        "date,amount,category,note\n"
        "2025-01-02,5.00,packaging,Tape\n"
        "2025-01-03,abc,supplies,\n"
        "2025-02-30,3.00,fuel,Gas\n"
    )
    response = client.post(
        "/api/expenses/import",
        headers=headers_a,
        files={"file": ("my-expenses.csv", content.encode(), "text/csv")},
    )
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert [(p["file"], p["row"], p["column"]) for p in problems] == [
        ("my-expenses.csv", 3, "amount"),
        ("my-expenses.csv", 4, "date"),
        ("my-expenses.csv", 4, "category"),
    ]
    assert "Nothing was imported" in response.json()["detail"]
    assert scalar(engine, count, t=seller_a.id) == before

    for name, refused in (
        ("latin1.csv", "date,amount,category\n2025-01-01,5,other,caf\xe9\n".encode("latin-1")),
        ("huge.csv", b'date,amount,category,note\n2025-01-01,5,other,"' + b"x" * 200_000 + b'"\n'),
        ("empty.csv", b"date,amount,category,note\n"),
        ("other.csv", b"when,how much\n2025-01-01,5\n"),
    ):
        response = client.post(
            "/api/expenses/import", headers=headers_a, files={"file": (name, refused, "text/csv")}
        )
        assert response.status_code == 422, name
        assert response.json()["problems"][0]["file"] == name
    assert scalar(engine, count, t=seller_a.id) == before

    template = client.get("/api/expenses/template.csv", headers=headers_a)
    assert template.text.splitlines()[0] == "date,amount,category,note"
    good = client.post(
        "/api/expenses/import",
        headers=headers_a,
        files={"file": ("template.csv", template.content, "text/csv")},
    )
    assert good.status_code == 201
    assert good.json() == {"imported": len(template.text.splitlines()) - 1}
    assert scalar(engine, count, t=seller_a.id) == before + good.json()["imported"]
    queued = (
        "select count(*) from raw.mart_refresh_queue where tenant_id = :t and upload_id is null"
    )
    assert scalar(engine, queued, t=seller_a.id) >= 1


def test_the_expenses_page_form_needs_the_csrf_token(client, seller_a, engine):
    token = csrf_headers(client)["x-csrftoken"]
    signed_in = client.post(
        "/auth/cookie/login",
        data={"username": seller_a.email, "password": "correct horse battery", "csrftoken": token},
    )
    assert signed_in.status_code in (200, 204)
    form = {"date": "2024-07-04", "amount": "7.77", "category": "other", "note": "Page form"}

    refused = client.post("/expenses", data=form, follow_redirects=False)
    assert refused.status_code == 403
    added = client.post("/expenses", data={**form, "csrftoken": token}, follow_redirects=False)
    assert added.status_code == 303
    page = client.get("/expenses")
    assert "Page form" in page.text and "$7.77" in page.text
    expense_id = scalar(
        engine,
        "select id from business_expenses where tenant_id = :t and note = 'Page form'",
        t=seller_a.id,
    )
    deleted = client.post(
        f"/expenses/{expense_id}/delete", data={"csrftoken": token}, follow_redirects=False
    )
    assert deleted.status_code == 303
    assert "Page form" not in client.get("/expenses").text


# --- a 2022-layout report: the year rule and "not in this report" ---

_ROWS_2022 = [
    # sold 2024-12-30, completed 2025-01-03: a 2025 sale
    ["m100000000001", "2024-12-30", "", "2025-01-03", "Rae Dunn mug", "Completed", "Texas",
     "California", "100.00", "6.00", "0.00", "10.00", "2.90", "1.00", "86.10", "8.25", "0.00"],
    ["m100000000002", "2024-06-01", "", "2024-06-05", "Glass vase", "Completed", "Ohio",
     "California", "40.00", "0.00", "5.00", "4.00", "1.50", "0.00", "29.50", "3.00", "0.00"],
    ["m100000000003", "2024-12-01", "2024-12-02", "", "Desk lamp", "Cancelled", "Ohio",
     "California", "55.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
]  # fmt: skip


def report_2022(path) -> None:
    totals = ["Totals:", *[""] * 7]
    for index in range(8, 17):
        totals.append(str(sum(Decimal(row[index]) for row in _ROWS_2022)))
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        writer.writerows([list(LAYOUT_2022.columns), *_ROWS_2022, totals])


def test_a_2022_report_the_completed_year_and_what_the_layout_lacks(settings, instance, tmp_path):
    report = tmp_path / "sales-2022.csv"
    report_2022(report)
    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        upload_id = uuid.UUID(upload_file(client, headers, report).json()["id"])
        process(instance, seller, upload_id)

        year_2024 = client.get("/api/tax/2024", headers=headers).json()
        year_2025 = client.get("/api/tax/2025", headers=headers).json()

    # By sold date both sales would be 2024's; by completed date the mug is 2025's.
    assert (year_2024["transactions"], year_2024["form_1099k_gross"]) == (1, "43.00")
    assert (year_2025["transactions"], year_2025["form_1099k_gross"]) == (1, "114.25")
    assert year_2025["gross_receipts"] == "106.00"
    assert year_2025["fees"] == "12.90"
    assert year_2025["shipping"] == "7.00"
    assert year_2025["profit"] == "86.10"
    assert year_2024["profit"] == "29.50"  # the cancelled lamp is no receipt
    assert year_2025["sales_without_penalty_fee"] == 1
    fees = next(line for line in year_2025["lines"] if line["line"] == "fees")
    assert any("Penalty Fee: not in this report" in note for note in fees["notes"])
    assert year_2025["threshold"] == {
        "amount": "20000.00",
        "transactions": 200,
        "source": federal_threshold(2025).source,
    }
    assert year_2024["threshold"]["transactions"] is None
