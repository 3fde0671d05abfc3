"""Exports of the processed sample: every report column plus category and cluster."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mi_core.sales_report import REPORT_COLUMNS, generate_report
from mi_core.sales_report.generator import _line
from tests.pipeline_helpers import money, register, scalar
from tests.portal_helpers import (
    create_seller,
    login,
    portal_client,
    process,
    seller_with_processed_sample,
)
from tests.sample import sample

ENRICHED = (
    "Department",
    "Subcategory",
    "Category Confidence",
    "Category Source",
    "Cluster",
    "Cost of Goods",
    "Cost Source",
    "Profit",
)
SAMPLE = sample()
SAMPLE_ITEM_PRICE = SAMPLE.total("Item Price")
SAMPLE_NET_PROCEEDS = SAMPLE.total("Net Seller Proceeds")


@pytest.fixture(scope="module")
def seller(database):
    return seller_with_processed_sample(database)[0]


@pytest.fixture(scope="module")
def client(database):
    with portal_client(database) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def headers(client, seller):
    return login(client, seller.email)


def test_sales_csv_has_every_report_column_and_the_enrichment(client, headers):
    response = client.get("/api/exports/sales.csv", headers=headers)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == (*REPORT_COLUMNS, *ENRICHED)
    assert len(rows) == SAMPLE.rows
    assert sum(Decimal(r["Item Price"]) for r in rows) == SAMPLE_ITEM_PRICE
    assert sum(Decimal(r["Net Seller Proceeds"]) for r in rows) == SAMPLE_NET_PROCEEDS
    assert {r["Order Status"] for r in rows} == {"Completed", "Cancelled"}
    assert all(r["Department"] for r in rows)
    assert all(r["Cluster"] for r in rows)
    assert all(0 <= float(r["Category Confidence"]) <= 1 for r in rows)


def test_sales_xlsx_matches_the_csv(client, headers):
    response = client.get("/api/exports/sales.xlsx", headers=headers)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*REPORT_COLUMNS, *ENRICHED)
    assert len(rows) == 756
    price = REPORT_COLUMNS.index("Item Price")
    assert money(sum(Decimal(str(r[price])) for r in rows[1:])) == SAMPLE_ITEM_PRICE


def test_monthly_csv_matches_the_monthly_mart(client, headers, seller, engine):
    response = client.get("/api/exports/monthly.csv", headers=headers)

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    months = "select count(distinct date_trunc('month', sold_date)) from raw.sales_report_rows"
    assert len(rows) == scalar(engine, f"{months} where tenant_id = :t", t=seller.id)
    assert sum(int(r["orders"]) for r in rows) == SAMPLE.completed
    assert sum(int(r["cancelled_orders"]) for r in rows) == SAMPLE.cancelled
    assert sum(Decimal(r["net_proceeds"]) for r in rows) == SAMPLE_NET_PROCEEDS
    assert [r["month"] for r in rows] == sorted(r["month"] for r in rows)


def test_exports_follow_the_plan_check(client, headers, monkeypatch):
    from portal.services import exports

    monkeypatch.setattr(exports, "export_allowed", lambda user: False)

    for path in ("sales.csv", "sales.xlsx", "monthly.csv"):
        response = client.get(f"/api/exports/{path}", headers=headers)
        assert response.status_code == 403, path


def test_exports_need_a_signed_in_seller(client):
    for path in ("sales.csv", "sales.xlsx", "monthly.csv"):
        assert client.get(f"/api/exports/{path}").status_code == 401


# --- spreadsheet formula injection (OWASP "CSV injection") ---

FORMULA_TITLES = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "|cmd",
    "\tTab",
)
TITLE = REPORT_COLUMNS.index("Item Title")


def report_with_titles(path, titles) -> object:
    """A generated report whose first data rows carry `titles` as their item titles."""
    lines = generate_report(len(titles), seed=5).decode("utf-8").split("\n")
    for number, title in enumerate(titles, start=1):
        cells = lines[number][1:-1].split('","')
        cells[TITLE] = title
        lines[number] = _line(cells)
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def injecting_headers(database, instance, client, tmp_path_factory):
    """Bearer headers of a seller whose processed report has formula-like titles."""
    seller = create_seller()
    report = report_with_titles(tmp_path_factory.mktemp("inject") / "r.csv", FORMULA_TITLES)
    process(instance, seller, register(database, seller, report))
    return login(client, seller.email)


def test_csv_exports_never_start_a_text_cell_with_a_formula(client, injecting_headers):
    response = client.get("/api/exports/sales.csv", headers=injecting_headers)

    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    titles = {r["Item Title"] for r in rows}
    assert titles == {"'" + title for title in FORMULA_TITLES}
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@", "|", "\t", "\r")), (column, value)
    # Numbers stay numbers: nothing but text is quoted.
    assert all(Decimal(r["Item Price"]) > 0 for r in rows)
    monthly = client.get("/api/exports/monthly.csv", headers=injecting_headers)
    assert monthly.status_code == 200
    assert "'" not in monthly.text


def test_xlsx_export_writes_formula_like_titles_as_text(client, injecting_headers):
    response = client.get("/api/exports/sales.xlsx", headers=injecting_headers)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[TITLE] for row in sheet.iter_rows(min_row=2)]
    assert {cell.value for cell in cells} == set(FORMULA_TITLES)
    assert {cell.data_type for cell in cells} == {"s"}
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    price = REPORT_COLUMNS.index("Item Price")
    assert all(row[price].data_type == "n" for row in sheet.iter_rows(min_row=2))


def test_negative_numbers_stay_numbers_and_text_is_neutralised():
    from portal.services import exports

    row = ("-2+3", Decimal("-3.50"), -1, None, "=1+1", "plain", "-")
    csv_text = "".join(exports.csv_chunks(("a", "b", "c", "d", "e", "f", "g"), [row]))
    assert list(csv.reader(io.StringIO(csv_text)))[1] == [
        "'-2+3", "-3.50", "-1", "", "'=1+1", "plain", "'-",
    ]  # fmt: skip

    sheet = load_workbook(io.BytesIO(exports.sales_workbook([row]))).active
    cells = next(iter(sheet.iter_rows(min_row=2)))
    assert [(c.value, c.data_type) for c in cells[:3]] == [("-2+3", "s"), (-3.5, "n"), (-1, "n")]
    assert (cells[4].value, cells[4].data_type) == ("=1+1", "s")
