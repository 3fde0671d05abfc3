"""Seller fees by their dated rules: the table, the rule of each Sold Date, the check at
every boundary (both sides, and the 60-day "earlier rule" grace), and the real sample."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mi_core.sales_report import parse_report
from mi_core.sales_report.fees import (
    DOWN,
    FEE_RULE_CSV_COLUMNS,
    FEE_RULES,
    GRACE_DAYS,
    FeeRule,
    check_fees,
    expected_fees,
    fee_rules_csv,
    fee_summary,
    rule_for,
    rule_valid_to,
    write_fee_rules_csv,
)
from tests.sales_report_files import sample_bytes

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database

PRICE, SHIPPING = 4500, 999  # cents; a price whose 2.9% ends in exactly half a cent
# (selling fee, processing fee) in cents for that sale under each rule, worked by hand.
BY_HAND = [
    (450, 0),  # 10% of 45.00
    (450, 161),  # + 2.9% of 45.00 = 1.305, + 0.30 = 1.605 -> 1.61 (half up)
    (450, 181),  # + 2.9% of 45.00 + 0.50 = 1.805 -> 1.81
    (450, 209),  # + 2.9% of 54.99 = 1.59471, + 0.50 -> 2.09
    (0, 0),  # no seller fees
    (550, 0),  # 10% of 54.99 = 5.499 -> 5.50
]
BOUNDARIES = [(i, rule.valid_from) for i, rule in enumerate(FEE_RULES) if rule.valid_from]


def sales_frame(*sales: tuple[date, int, int], status: str = "Completed") -> pd.DataFrame:
    """Completed sales (sold, selling fee, processing fee) of PRICE + SHIPPING, as parsed."""
    count = len(sales)
    return pd.DataFrame(
        {
            "row_number": np.arange(2, count + 2, dtype=np.int64),
            "sold_date": pd.to_datetime([s[0] for s in sales]).astype("datetime64[ns]"),
            "order_status": np.array([status] * count, dtype=object),
            "item_price_cents": np.full(count, PRICE, dtype=np.int64),
            "buyer_shipping_fee_cents": np.full(count, SHIPPING, dtype=np.int64),
            "mercari_selling_fee_cents": np.array([s[1] for s in sales], dtype=np.int64),
            "payment_processing_fee_charged_to_seller_cents": np.array(
                [s[2] for s in sales], dtype=np.int64
            ),
        }
    )


# --- the table --------------------------------------------------------------------------------


def test_rules_are_the_product_owners_table() -> None:
    assert [r.valid_from for r in FEE_RULES] == [
        None,
        date(2020, 10, 8),
        date(2022, 11, 1),
        date(2023, 4, 17),
        date(2024, 3, 27),
        date(2025, 1, 6),
    ]
    assert [expected_fees(r, PRICE, SHIPPING) for r in FEE_RULES] == BY_HAND
    assert all(r.source.startswith("https://") for r in FEE_RULES)
    assert "3.6% Buyer Protection" in FEE_RULES[-1].buyer_side


def test_rules_cover_every_day_once() -> None:
    for index, rule in enumerate(FEE_RULES[:-1]):
        following = FEE_RULES[index + 1].valid_from
        assert following is not None
        assert rule_valid_to(index) == following - timedelta(days=1)
        assert rule_for(following - timedelta(days=1)) is rule
        assert rule_for(following) is FEE_RULES[index + 1]
    assert rule_valid_to(len(FEE_RULES) - 1) is None
    assert rule_for(date(2015, 1, 1)) is FEE_RULES[0]


def test_rounding_is_half_up_to_the_cent() -> None:
    assert expected_fees(FEE_RULES[1], 4500, 0) == (450, 161)  # 1.605 -> 1.61, not 1.60
    assert expected_fees(FEE_RULES[0], 5, 0) == (1, 0)  # 0.005 -> 0.01
    assert expected_fees(FEE_RULES[0], 4, 0) == (0, 0)
    assert expected_fees(FEE_RULES[5], 1800, 799) == (260, 0)  # 25.99 -> 2.599 -> 2.60
    prices = np.array([4500, 5, 4], dtype=np.int64)
    selling, processing = expected_fees(FEE_RULES[1], prices, prices * 0)
    assert selling.tolist() == [450, 1, 0] and processing.tolist() == [161, 30, 30]


@given(price=st.integers(0, 10**8), shipping=st.integers(0, 10**5))
def test_expected_fees_are_decimal_arithmetic_rounded_as_the_rule_says(
    price: int, shipping: int
) -> None:
    for rule in FEE_RULES:

        def half_up(value: Decimal, rule: FeeRule = rule) -> int:
            mode = ROUND_DOWN if rule.rounding == DOWN else ROUND_HALF_UP
            return int(value.quantize(Decimal("1"), rounding=mode))

        selling_base = price + (shipping if "shipping" in rule.selling_fee_base else 0)
        processing_base = price + (shipping if "shipping" in rule.processing_fee_base else 0)
        processing = processing_base * rule.processing_fee_rate + rule.processing_fee_fixed * 100
        if not (rule.processing_fee_rate or rule.processing_fee_fixed):
            processing = Decimal(0)
        assert expected_fees(rule, price, shipping) == (
            half_up(selling_base * rule.selling_fee_rate),
            half_up(processing),
        )


def test_a_rule_may_truncate_instead() -> None:
    truncating = replace(FEE_RULES[5], rounding=DOWN)
    assert expected_fees(truncating, 1800, 799) == (259, 0)  # 2.599 -> 2.59
    assert expected_fees(FEE_RULES[5], 1800, 799) == (260, 0)
    with pytest.raises(ValueError, match="rounding"):
        expected_fees(replace(FEE_RULES[5], rounding="banker's"), 1800, 799)


def test_the_table_loads_as_csv_rows(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(fee_rules_csv())))
    assert tuple(rows[0]) == FEE_RULE_CSV_COLUMNS
    assert len(rows) == len(FEE_RULES)
    assert (rows[0]["valid_from"], rows[0]["valid_to"]) == ("", "2020-10-07")
    assert (rows[-1]["valid_from"], rows[-1]["valid_to"]) == ("2025-01-06", "")
    assert rows[3]["processing_fee_base"] == "item price + buyer shipping fee"
    assert (rows[3]["processing_fee_rate"], rows[3]["processing_fee_fixed"]) == ("0.029", "0.50")
    path = tmp_path / "mercari_fee_rules.csv"
    write_fee_rules_csv(path)
    assert path.read_text(encoding="utf-8") == fee_rules_csv()


# --- each boundary, both sides ------------------------------------------------------------------


@pytest.mark.parametrize(("index", "start"), BOUNDARIES, ids=[str(d) for _, d in BOUNDARIES])
def test_each_side_of_a_boundary_follows_its_own_rule(index: int, start: date) -> None:
    before, on = start - timedelta(days=1), start
    check = check_fees(sales_frame((before, *BY_HAND[index - 1]), (on, *BY_HAND[index])))
    assert check.differing == 0 and check.differing_rows == ()
    assert check.regimes[index - 1].sales == 1 and check.regimes[index].sales == 1
    assert check.earlier_rule == 0


@pytest.mark.parametrize(("index", "start"), BOUNDARIES, ids=[str(d) for _, d in BOUNDARIES])
def test_previous_rule_within_60_days_is_the_earlier_rule(index: int, start: date) -> None:
    last_grace_day = start + timedelta(days=GRACE_DAYS - 1)
    check = check_fees(
        sales_frame((start, *BY_HAND[index - 1]), (last_grace_day, *BY_HAND[index - 1]))
    )
    assert check.differing == 0
    assert check.regimes[index].earlier_rule == 2 and check.regimes[index].sales == 2


@pytest.mark.parametrize(("index", "start"), BOUNDARIES, ids=[str(d) for _, d in BOUNDARIES])
def test_previous_rule_after_60_days_differs(index: int, start: date) -> None:
    after = start + timedelta(days=GRACE_DAYS)
    if rule_for(after) is not FEE_RULES[index]:
        pytest.skip("the next rule starts within 60 days")
    check = check_fees(sales_frame((after, *BY_HAND[index - 1])))
    assert check.differing == 1 and check.earlier_rule == 0
    expected, charged = BY_HAND[index], BY_HAND[index - 1]
    columns = ("Mercari Selling Fee", "Payment Processing Fee Charged To Seller")
    assert [(d.row, d.column, d.expected, d.charged) for d in check.differing_rows] == [
        (2, column, Decimal(want).scaleb(-2), Decimal(got).scaleb(-2))
        for column, want, got in zip(columns, expected, charged, strict=True)
        if want != got
    ]
    assert check.regimes[index].differing_rows == check.differing_rows


@pytest.mark.parametrize(("index", "start"), BOUNDARIES, ids=[str(d) for _, d in BOUNDARIES])
def test_new_rule_before_its_date_differs(index: int, start: date) -> None:
    check = check_fees(sales_frame((start - timedelta(days=1), *BY_HAND[index])))
    assert check.differing == 1 and check.earlier_rule == 0
    assert {d.rule for d in check.differing_rows} == {FEE_RULES[index - 1].label}


def test_grace_is_only_for_the_rule_just_before() -> None:
    start = FEE_RULES[3].valid_from
    assert start is not None
    check = check_fees(sales_frame((start, *BY_HAND[1])))  # two rules back
    assert check.differing == 1


def test_cancelled_sales_are_not_checked() -> None:
    check = check_fees(sales_frame((date(2021, 1, 1), 0, 0), status="Cancelled"))
    assert check.differing == 0 and sum(r.sales for r in check.regimes) == 0


def test_differing_rows_use_the_files_column_names() -> None:
    names = {"Payment Processing Fee Charged To Seller": "Payment Processing Fee"}
    check = check_fees(sales_frame((date(2021, 6, 1), 450, 99)), names=names)
    assert [d.column for d in check.differing_rows] == ["Payment Processing Fee"]


def test_regime_totals_and_effective_rate() -> None:
    day = date(2021, 6, 1)
    check = check_fees(sales_frame((day, 450, 161), (day, 450, 161)))
    regime = check.regimes[1]
    assert (regime.sales, regime.selling_fee, regime.processing_fee) == (
        2,
        Decimal("9.00"),
        Decimal("3.22"),
    )
    assert regime.item_price == Decimal("90.00")
    assert regime.effective_rate == Decimal("0.1358")  # 12.22 / 90.00
    assert check.regimes[0].effective_rate is None


def test_fee_summary_shape() -> None:
    start = FEE_RULES[2].valid_from
    assert start is not None
    check = check_fees(sales_frame((start, 450, 161), (start + timedelta(days=90), 450, 161)))
    summary = json.loads(json.dumps(fee_summary(check)))
    assert set(summary) == {"regimes", "differing", "differing_rows"}
    assert len(summary["regimes"]) == len(FEE_RULES)
    third = summary["regimes"][2]
    assert third == {
        "label": FEE_RULES[2].label,
        "from": "2022-11-01",
        "to": "2023-04-16",
        "sales": 2,
        "selling_fee": "9.00",
        "processing_fee": "3.22",
        "effective_rate": "0.1358",
    }
    assert summary["regimes"][0]["from"] is None and summary["regimes"][-1]["to"] is None
    assert summary["differing"] == 1
    assert summary["differing_rows"] == [
        {
            "row": 3,
            "column": "Payment Processing Fee Charged To Seller",
            "expected": "1.81",
            "charged": "1.61",
        }
    ]


# --- the real sample ----------------------------------------------------------------------------


def test_fee_check_of_the_real_sample() -> None:
    report = parse_report(sample_bytes(), source_name="mercari_sales_report_sample.csv")
    check = report.fee_check()
    assert sum(r.sales for r in check.regimes) == report.completed == 597
    assert [r.sales for r in check.regimes] == [41, 414, 30, 85, 24, 3]
    assert check.earlier_rule == 2  # sold 2020-10-11 and 2024-03-27: listed before the change
    # Row 4: no selling fee at all in March 2020. Rows 752 and 756: Mercari's 2025 selling
    # fee is 10% truncated to the cent (2.599 -> 2.59, 3.576 -> 3.57), not rounded half up.
    assert [(d.row, d.column, str(d.expected), str(d.charged)) for d in check.differing_rows] == [
        (4, "Mercari Selling Fee", "2.00", "0.00"),
        (752, "Mercari Selling Fee", "2.60", "2.59"),
        (756, "Mercari Selling Fee", "3.58", "3.57"),
    ]
    assert check.differing == 3
    assert check.differing_rows[0].sold_date == date(2020, 3, 8)
    assert check.differing_rows[0].field == "mercari_selling_fee"
    assert [[d.row for d in r.differing_rows] for r in check.regimes] == [
        [4],
        [],
        [],
        [],
        [],
        [752, 756],
    ]
    assert [r.differing for r in check.regimes] == [1, 0, 0, 0, 0, 2]
    total = sum(r.selling_fee for r in check.regimes)
    assert total == report.totals["mercari_selling_fee"]
