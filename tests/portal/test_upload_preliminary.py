"""Preliminary figures: the headline numbers of a report, parsed in the upload request and
shown at once (issue 16, "first figures in 2 s"), then agreeing with the dashboard."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest

from portal.templating import money
from tests.pipeline_helpers import scalar
from tests.portal_helpers import (
    create_seller,
    login,
    page_login,
    portal_client,
    process,
    upload_file,
)
from tests.sales_report_files import to_2022_layout
from tests.sample import sample

FIGURE_KEYS = {
    "orders", "cancelled", "gross_sales", "net_proceeds", "fees", "reconciled",
    "differences", "computed_at",
}  # fmt: skip


@pytest.fixture
def client(settings):
    with portal_client(settings) as test_client:
        yield test_client


@pytest.fixture
def seller_headers(client):
    seller = create_seller()
    return seller, login(client, seller.email)


def uploaded(client, headers, path, name=None) -> dict:
    response = upload_file(client, headers, path, name)
    assert response.status_code == 202, response.text
    detail = client.get(f"/api/uploads/{response.json()['id']}", headers=headers)
    assert detail.status_code == 200, detail.text
    return detail.json()


def figures_label(page: str) -> str:
    """The text of the label above the figures, as the server rendered it."""
    match = re.search(r'<p id="figures-label"[^>]*>(.*?)</p>', page, re.S)
    assert match, "no figures label on the page"
    return " ".join(match.group(1).split())


def completed_sums(engine, seller) -> dict:
    """The facts of the seller's completed sales in the warehouse's marts."""

    def total(expression: str):
        return scalar(
            engine,
            f"select {expression} from marts.fct_sales where tenant_id = :t and is_completed",
            t=seller.id,
        )

    return {
        "orders": total("count(*)"),
        "gross_sales": total("sum(item_price)"),
        "net_proceeds": total("sum(net_seller_proceeds)"),
        "fees": total("sum(total_seller_fees)"),
    }


def test_figures_are_there_right_after_the_upload_and_match_the_totals(
    client, seller_headers, sample_report
):
    facts = sample()
    _, headers = seller_headers

    detail = uploaded(client, headers, sample_report)

    # No Dagster run has happened: the figures come from the request's own parse.
    assert (detail["status"], detail["stage"]) == ("pending", "queued")
    figures = detail["preliminary"]
    assert set(figures) == FIGURE_KEYS
    assert detail["preliminary_note"] is None
    assert (figures["orders"], figures["cancelled"]) == (facts.completed, facts.cancelled)
    # A cancelled order's Net Seller Proceeds is 0.00, so the Totals row's net is the net of
    # the completed orders.
    assert figures["net_proceeds"] == facts.totals["Net Seller Proceeds"]
    assert Decimal(figures["gross_sales"]) < facts.total("Item Price")  # cancelled left out
    fee_columns = (
        "Mercari Selling Fee", "Payment Processing Fee Charged To Seller",
        "Shipping Adjustment Fee", "Penalty Fee",
    )  # fmt: skip
    assert Decimal(figures["fees"]) <= sum(facts.total(c) for c in fee_columns)
    assert (figures["reconciled"], figures["differences"]) == (True, 0)


def test_figures_equal_the_dashboards_after_processing(settings, engine, instance, sample_report):
    seller = create_seller()
    with portal_client(settings) as client:
        headers = login(client, seller.email)
        figures = uploaded(client, headers, sample_report)["preliminary"]
        upload_id = uuid.UUID(client.get("/api/uploads", headers=headers).json()[0]["id"])
        process(instance, seller, upload_id)
        detail = client.get(f"/api/uploads/{upload_id}", headers=headers).json()
        first, last = (
            scalar(engine, f"select {f}(sold_date) from marts.fct_sales where tenant_id = :t",
                   t=seller.id)
            for f in ("min", "max")
        )  # fmt: skip
        page_login(client, seller.email)
        page = client.get(f"/uploads/{upload_id}").text
        summary = client.get(
            "/api/dashboard/summary",
            headers=headers,
            params={"start": first.isoformat(), "end": last.isoformat()},
        ).json()

    marts = completed_sums(engine, seller)
    assert detail["status"] == "completed"
    assert detail["preliminary"] == figures  # kept, now marked final by the page
    assert figures["orders"] == marts["orders"] == summary["orders"]
    assert figures["cancelled"] == summary["cancelled_orders"]
    for name in ("gross_sales", "net_proceeds", "fees"):
        assert Decimal(figures[name]) == marts[name] == Decimal(summary[name]), name
    assert figures["reconciled"] == detail["reconciled"]
    assert "Final — your dashboard is ready" in figures_label(page)


def test_a_2022_layout_file_has_figures_without_the_absent_columns(
    client, seller_headers, sample_report, tmp_path
):
    facts = sample()
    _, headers = seller_headers
    old = tmp_path / "report-2022.csv"
    old.write_bytes(to_2022_layout(sample_report.read_bytes()))

    detail = uploaded(client, headers, old)

    figures = detail["preliminary"]
    assert (figures["orders"], figures["cancelled"]) == (facts.completed, facts.cancelled)
    assert figures["net_proceeds"] == facts.totals["Net Seller Proceeds"]
    assert figures["reconciled"] is True


def test_a_file_with_an_unreadable_body_still_registers_without_figures(
    client, seller_headers, sample_report, tmp_path
):
    _, headers = seller_headers
    data = sample_report.read_bytes()
    # A NUL byte far past the header probe: readable at the start, not as a whole.
    broken = tmp_path / "broken.csv"
    broken.write_bytes(data + b"\n" + b"x" * (70 * 1024) + b"\0\n")

    detail = uploaded(client, headers, broken)

    assert detail["status"] == "pending"
    assert detail["preliminary"] is None
    assert "could not be read in full" in detail["preliminary_note"]


def test_a_file_over_the_threshold_gets_no_figures_and_says_so(settings, sample_report):
    seller = create_seller()
    with portal_client(settings, preliminary_max_bytes=1024) as client:
        detail = uploaded(client, login(client, seller.email), sample_report)

    assert detail["status"] == "pending"
    assert detail["preliminary"] is None
    assert "too large for figures at once" in detail["preliminary_note"]


def test_the_upload_page_shows_them_as_preliminary(client, seller_headers, sample_report):
    seller, headers = seller_headers
    detail = uploaded(client, headers, sample_report)

    page_login(client, seller.email)
    page = client.get(f"/uploads/{detail['id']}")

    assert page.status_code == 200, page.text
    assert figures_label(page.text) == "Preliminary — from your file; the dashboard is being built"
    assert f">{sample().completed}<" in page.text
    assert f">{money(detail['preliminary']['net_proceeds'])}<" in page.text
