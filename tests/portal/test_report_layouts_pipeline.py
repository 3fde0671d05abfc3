"""Every report a seller has, through the real pipeline: a 2022-layout report loads with
its absent columns as NULL, the same sale in a 2022 and a 2024 upload counts once, and the
upload API says what the seller should know (layout, reconciliation, notices)."""

from __future__ import annotations

import csv
import io
import uuid
from decimal import Decimal

from tests.pipeline_helpers import money, register, run_upload, scalar, upload_row
from tests.portal_helpers import create_seller, login, portal_client, process, upload_file
from tests.sales_report_files import sample_bytes, to_2022_layout
from tests.sample import REAL_SAMPLE


def test_a_2022_report_loads_with_absent_columns_null(settings, engine, instance, tmp_path):
    seller = create_seller()
    path = tmp_path / "sales-2022.csv"
    path.write_bytes(to_2022_layout(sample_bytes()))
    upload_id = register(settings, seller, path)

    assert run_upload(instance, seller, upload_id).success

    upload = upload_row(engine, upload_id)
    assert upload.report_layout == "2022"
    assert upload.reconciled is True
    assert upload.processed_items == REAL_SAMPLE.rows
    rows = "select count(*) from raw.sales_report_rows where upload_id = :u"
    nulls = rows + " and penalty_fee is null and service_fee_charged_to_buyer is null"
    assert scalar(engine, nulls, u=upload_id) == REAL_SAMPLE.rows
    zero_price = rows + " and item_price is null"
    assert scalar(engine, zero_price, u=upload_id) == 0
    net = "select sum(net_proceeds) from marts.fct_seller_monthly where tenant_id = :t"
    assert money(scalar(engine, net, t=seller.id)) == REAL_SAMPLE.total("Net Seller Proceeds")
    fees = "select sum(total_fees) from marts.fct_seller_monthly where tenant_id = :t"
    assert money(scalar(engine, fees, t=seller.id)) == (
        REAL_SAMPLE.total("Mercari Selling Fee")
        + REAL_SAMPLE.total("Payment Processing Fee Charged To Seller")
        + REAL_SAMPLE.total("Shipping Adjustment Fee")
        + REAL_SAMPLE.total("Penalty Fee")
    )


def test_the_same_sales_in_both_layouts_count_once(settings, engine, instance, tmp_path):
    seller = create_seller()
    old = tmp_path / "sales-2022.csv"
    old.write_bytes(to_2022_layout(sample_bytes()))
    for path in (old, REAL_SAMPLE.path):
        assert run_upload(instance, seller, register(settings, seller, path)).success

    sales = "select count(*) from marts.fct_sales where tenant_id = :t"
    assert scalar(engine, sales, t=seller.id) == REAL_SAMPLE.rows
    net = "select sum(net_proceeds) from marts.fct_seller_monthly where tenant_id = :t"
    assert money(scalar(engine, net, t=seller.id)) == REAL_SAMPLE.total("Net Seller Proceeds")


def test_the_upload_api_shows_layout_and_unreconciled_differences(settings, instance, tmp_path):
    """A hand-edited file whose rows no longer add up to its Totals row: the seller sees
    `reconciled`, the differences and a notice, and the unknown column is named."""
    text = sample_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    # One price changed by hand (first data row: 3rd quoted field from the end is not
    # touched; the Item Price is the 9th field).
    cells = lines[1].split('","')
    cells[8] = str(money(cells[8]) + 1)
    lines[1] = '","'.join(cells)
    edited = tmp_path / "edited.csv"
    edited.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")

    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        upload_id = uuid.UUID(upload_file(client, headers, edited).json()["id"])
        process(instance, seller, upload_id)
        upload = client.get(f"/api/uploads/{upload_id}", headers=headers).json()
        page = client.get(f"/uploads/{upload_id}", headers=headers).text

    assert upload["layout"] == "2024"
    assert upload["reconciled"] is False
    assert set(upload["differences"]) == {"Item Price"}
    assert upload["differences"]["Item Price"]["difference"] == "-1.00"
    assert "do not add up to its Totals row" in upload["notice"]
    assert "Item Price" in page and "do not add up" in page


def test_a_file_whose_rows_are_all_quarantined_says_what_to_do(settings, instance, tmp_path):
    from mi_core.sales_report import write_report

    path = write_report(tmp_path / "broken.csv", 5, seed=3)
    text = path.read_text(encoding="utf-8-sig").split("\n")
    broken = (
        [text[0]]
        + [
            line.replace('"Completed"', '"Shipped"').replace('"Cancelled"', '"Shipped"')
            for line in text[1:6]
        ]
        + text[6:]
    )
    path.write_text("\ufeff" + "\n".join(broken), encoding="utf-8")

    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        upload_id = uuid.UUID(upload_file(client, headers, path).json()["id"])
        process(instance, seller, upload_id)
        upload = client.get(f"/api/uploads/{upload_id}", headers=headers).json()

    assert upload["quarantined"] == 5
    assert upload["processed_items"] == 0
    assert "Every row of this file was quarantined" in upload["notice"]


def test_a_column_the_report_lacks_says_not_in_this_report(settings, instance, tmp_path):
    """A 2022 report has no Penalty Fee column: the upload names the absent columns, and
    the fees API, the dashboard page and the sales export say "not in this report" for
    them instead of an invented 0 — while the columns the file has keep their money."""
    path = tmp_path / "sales-2022.csv"
    path.write_bytes(to_2022_layout(sample_bytes()))
    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        upload_id = uuid.UUID(upload_file(client, headers, path).json()["id"])
        process(instance, seller, upload_id)
        upload = client.get(f"/api/uploads/{upload_id}", headers=headers).json()
        upload_page = client.get(f"/uploads/{upload_id}", headers=headers).text
        everything = {"start": "2000-01-01", "end": "2030-12-31"}
        months = client.get("/api/dashboard/fee-months", params=everything, headers=headers)
        regimes = client.get("/api/dashboard/fees", params=everything, headers=headers)
        dashboard = client.get("/dashboard", params=everything, headers=headers).text
        export = client.get("/api/exports/sales.csv", headers=headers).text

    assert upload["absent_columns"] == [
        "Penalty Fee",
        "Service Fee Charged to Buyer",
        "Buyer Protection Charged to Buyer",
        "Payment Processing Fee Charged to Buyer",
    ]
    assert "not in this report" in upload_page and "Penalty Fee" in upload_page
    assert months.status_code == regimes.status_code == 200
    assert months.json() and all(m["penalty_fees"] is None for m in months.json())
    assert all(m["mercari_selling_fees"] is not None for m in months.json())
    assert all(r["penalty_fees"] is None for r in regimes.json())
    assert "not in this report" in dashboard
    rows = list(csv.DictReader(io.StringIO(export)))
    assert len(rows) == REAL_SAMPLE.rows
    assert {r["Penalty Fee"] for r in rows} == {"not in this report"}
    assert {r["Service Fee Charged to Buyer"] for r in rows} == {"not in this report"}
    assert sum(Decimal(r["Net Seller Proceeds"]) for r in rows) == REAL_SAMPLE.total(
        "Net Seller Proceeds"
    )
