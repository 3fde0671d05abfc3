"""Exports of the processed sample: every report column plus category and cluster."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mi_core.sales_report import REPORT_COLUMNS
from tests.pipeline_helpers import money, scalar
from tests.portal_helpers import (
    login,
    portal_client,
    seller_with_processed_sample,
)
from tests.sample import sample

ENRICHED = ("Department", "Subcategory", "Category Confidence", "Cluster")
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
    from portal import exports

    monkeypatch.setattr(exports, "export_allowed", lambda user: False)

    for path in ("sales.csv", "sales.xlsx", "monthly.csv"):
        response = client.get(f"/api/exports/{path}", headers=headers)
        assert response.status_code == 403, path


def test_exports_need_a_signed_in_seller(client):
    for path in ("sales.csv", "sales.xlsx", "monthly.csv"):
        assert client.get(f"/api/exports/{path}").status_code == 401
