"""The synthetic report generator: Mercari's byte format, realistic content, exact totals."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from mi_core.sales_report import (
    REPORT_COLUMNS,
    ParsedReport,
    generate_report,
    parse_report,
    write_report,
)
from mi_core.sales_report.catalog import STATES

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database

US_STATES = {name for name, _, _ in STATES}


@pytest.fixture(scope="module")
def data() -> bytes:
    return generate_report(6000, seed=21)


@pytest.fixture(scope="module")
def report(data: bytes) -> ParsedReport:
    return parse_report(data, source_name="demo.csv")


def lines_of(data: bytes) -> list[str]:
    return data.decode("utf-8-sig").split("\n")


def test_generated_report_parses_clean_and_reconciles(report: ParsedReport) -> None:
    assert report.data_row_count == 6000
    assert report.quarantined == []
    assert len(report.rows) == 6000
    assert report.completed + report.cancelled == 6000
    assert report.reconciled
    assert report.differences == {}
    assert report.dialect == "mercari"
    assert report.generated_at is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", report.generated_at)


def test_byte_format(data: bytes) -> None:
    assert data.startswith(b"\xef\xbb\xbf")
    assert not data.endswith((b"\n", b"\r"))
    assert b"\r" not in data
    lines = lines_of(data)
    assert lines[0] == ",".join(f'"{c}"' for c in REPORT_COLUMNS)
    assert len(lines) == 6000 + 3
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    assert lines[-2].startswith('"Totals:","","","","","","","",')
    assert lines[-1].startswith('"Report generated on: ')
    assert lines[-1].endswith(',""' * 20)


def test_contains_mercaris_quoting_bug(data: bytes, report: ParsedReport) -> None:
    text = data.decode("utf-8-sig")
    naive = list(csv.reader(io.StringIO(text)))
    assert any(len(row) != 21 for row in naive)  # the csv module is fooled, as with real files
    titles = report.rows["item_title"]
    two_quotes = titles[titles.str.count('"') >= 2]
    assert len(two_quotes) >= 5
    for title in two_quotes.head(20):
        assert f'"{title.replace(chr(34), chr(34) * 2, 1)}"' in text  # only the first doubled
        assert f'"{title.replace(chr(34), chr(34) * 2)}"' not in text


def test_titles_are_varied_and_realistic(report: ParsedReport) -> None:
    titles = report.rows["item_title"]
    assert titles.nunique() > 2000
    assert titles.str.len().max() <= 80
    assert titles.str.startswith("Bundle for ").sum() > 20
    assert titles.str.startswith("Reserved for ").sum() > 10
    assert titles.str.contains("[“”’]").sum() > 5
    assert titles.str.contains("[\u2728\u2764\u2757\U0001f384\U0001f495\U0001f525]").sum() > 10
    brands = titles.str.split(" ").str[0]
    assert brands.nunique() > 80


def test_item_ids_and_bundles(report: ParsedReport) -> None:
    rows = report.rows
    assert rows["item_id"].str.fullmatch(r"[mb]\d{11}").all()
    bundles = rows[rows["item_id"].str.startswith("b")]
    assert len(bundles) > 20
    assert bundles["item_title"].str.startswith("Bundle for ").all()


def test_cancelled_orders_are_sometimes_resold(report: ParsedReport) -> None:
    rows = report.rows
    repeated = rows[rows["item_id"].duplicated(keep=False)]
    assert repeated["item_id"].nunique() > 50
    for _, group in repeated.groupby("item_id"):
        statuses = group.sort_values("row_number")["order_status"].tolist()
        assert statuses == ["Cancelled", "Completed"]
        first, resale = group.sort_values("row_number")["sold_date"].tolist()
        assert resale >= first


def test_rows_are_in_sold_date_order_within_bounds() -> None:
    report = parse_report(
        generate_report(500, seed=3, start=date(2023, 1, 1), end=date(2023, 3, 31))
    )
    sold = report.rows["sold_date"]
    assert sold.is_monotonic_increasing
    assert sold.min() >= pd.Timestamp("2023-01-01")
    assert sold.max() <= pd.Timestamp("2023-03-31")


def test_dates_and_status_columns(report: ParsedReport) -> None:
    rows = report.rows
    done = rows[rows["order_status"] == "Completed"]
    gone = rows[rows["order_status"] == "Cancelled"]
    days = (done["completed_date"] - done["sold_date"]).dt.days
    assert days.between(2, 12).all()
    assert done["canceled_date"].isna().all()
    assert gone["completed_date"].isna().all()
    assert (gone["canceled_date"] >= gone["sold_date"]).all()
    assert (gone["net_seller_proceeds_cents"] == 0).all()
    assert (gone["mercari_selling_fee_cents"] == 0).all()
    assert (gone["item_price_cents"] > 0).all()


def test_cancellations_follow_the_rate(report: ParsedReport) -> None:
    assert 0.12 < report.cancelled / report.data_row_count < 0.2
    none = parse_report(generate_report(300, seed=5, cancel_rate=0.0))
    assert none.cancelled == 0 and none.completed == 300


def test_states(report: ParsedReport) -> None:
    rows = report.rows
    assert rows["shipped_from_state"].nunique() == 1  # one seller, one home state
    assert set(rows["shipped_to_state"]) <= US_STATES
    assert rows["shipped_to_state"].nunique() > 40


def fee_rows(report: ParsedReport, first: str, last: str) -> pd.DataFrame:
    rows = report.rows
    sold = rows["sold_date"]
    window = sold.between(pd.Timestamp(first), pd.Timestamp(last))
    return rows[window & (rows["order_status"] == "Completed")]


def test_fee_rules_change_over_time() -> None:
    report = parse_report(
        generate_report(4000, seed=8, start=date(2019, 1, 1), end=date(2025, 6, 30))
    )
    early = fee_rows(report, "2019-01-01", "2020-10-31")
    assert len(early) > 50
    assert (early["mercari_selling_fee_cents"] == (early["item_price_cents"] + 5) // 10).all()
    assert (early["payment_processing_fee_charged_to_seller_cents"] == 0).all()

    flat = fee_rows(report, "2020-11-01", "2022-06-30")
    expected = (flat["item_price_cents"] * 290 * 2 + 10_000) // 20_000 + 30
    assert (flat["payment_processing_fee_charged_to_seller_cents"] == expected).all()

    free = fee_rows(report, "2024-04-01", "2024-12-31")
    assert len(free) > 50
    assert (free["mercari_selling_fee_cents"] == 0).all()
    assert (free["net_seller_proceeds_cents"] <= free["item_price_cents"]).all()
    assert (free["service_fee_charged_to_buyer_cents"] > 0).all()

    back = fee_rows(report, "2025-01-01", "2025-06-30")
    gross = back["item_price_cents"] + back["buyer_shipping_fee_cents"]
    assert (back["mercari_selling_fee_cents"] == gross // 10).all()
    assert (back["service_fee_charged_to_buyer_cents"] == 0).all()


def test_deterministic_by_seed() -> None:
    assert generate_report(400, seed=1) == generate_report(400, seed=1)
    assert generate_report(400, seed=1) != generate_report(400, seed=2)


def test_empty_report_still_has_trailer_rows() -> None:
    data = generate_report(0)
    assert len(lines_of(data)) == 3
    report = parse_report(data)
    assert report.data_row_count == 0 and report.reconciled


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate_report(-1)
    with pytest.raises(ValueError):
        generate_report(10, start=date(2025, 1, 2), end=date(2025, 1, 1))
    with pytest.raises(ValueError):
        generate_report(10, cancel_rate=1.5)


def test_write_report(tmp_path: Path) -> None:
    path = write_report(tmp_path / "nested" / "demo.csv", 50, seed=4)
    assert path == tmp_path / "nested" / "demo.csv"
    assert path.read_bytes() == generate_report(50, seed=4)
    report = parse_report(path)
    assert report.source_name == "demo.csv" and report.data_row_count == 50


def test_twenty_thousand_rows_generate_and_parse_exactly() -> None:
    """A large generated report parses whole and reconciles (its speed is measured by
    bench/bench_pipeline.py, not asserted here: a loaded machine would fail a timing)."""
    report = parse_report(generate_report(20_000, seed=99))
    assert report.data_row_count == 20_000
    assert report.quarantined == [] and report.reconciled
