"""The pandera model that defines a valid sales row, checked directly and through the parser."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from mi_core.sales_report import MONEY_FIELDS, ValidatedSalesRows, parse_report
from mi_core.sales_report import parser as parser_module
from mi_core.sales_report.schema import (
    NATURAL_KEY_CHECK,
    NET_PROCEEDS_CHECK,
    expected_net_cents,
)

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database


def good_frame(rows: int = 3) -> pd.DataFrame:
    """Valid rows: completed sales of 20.00 with 2.00 + 0.88 fees, net 17.12."""
    data: dict[str, object] = {
        "row_number": np.arange(2, rows + 2, dtype=np.int64),
        "item_id": np.array([f"m{10**10 + i}" for i in range(rows)], dtype=object),
        "sold_date": pd.to_datetime(["2021-03-01"] * rows),
        "canceled_date": pd.to_datetime([None] * rows),
        "completed_date": pd.to_datetime(["2021-03-05"] * rows),
        "item_title": np.array(["Mug"] * rows, dtype=object),
        "order_status": np.array(["Completed"] * rows, dtype=object),
        "shipped_to_state": np.array(["Ohio"] * rows, dtype=object),
        "shipped_from_state": np.array([""] * rows, dtype=object),
    }
    for field in MONEY_FIELDS:
        data[f"{field}_cents"] = np.zeros(rows, dtype=np.int64)
    frame = pd.DataFrame(data)
    frame["item_price_cents"] = 2000
    frame["mercari_selling_fee_cents"] = 200
    frame["payment_processing_fee_charged_to_seller_cents"] = 88
    frame["net_seller_proceeds_cents"] = 1712
    return frame


def failures(frame: pd.DataFrame) -> set[tuple[str, int]]:
    """(check name, row index) of every failure, lazily collected."""
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        ValidatedSalesRows.validate(frame, lazy=True)
    cases = caught.value.failure_cases
    return {
        (str(check), int(index))
        for check, index in zip(cases["check"], cases["index"], strict=True)
    }


def test_good_frame_validates() -> None:
    frame = good_frame()
    assert ValidatedSalesRows.validate(frame, lazy=True) is not None


def test_schema_columns_are_the_parser_frame() -> None:
    columns = list(ValidatedSalesRows.to_schema().columns)
    assert columns[:2] == ["row_number", "item_id"]
    assert columns[9:] == [f"{f}_cents" for f in MONEY_FIELDS]
    assert columns == list(parser_module.FRAME_COLUMNS)


def test_negative_item_price_fails() -> None:
    frame = good_frame()
    frame.loc[1, ["item_price_cents", "net_seller_proceeds_cents"]] = [-100, -388]
    assert failures(frame) == {("greater_than_or_equal_to(0)", 1)}


def test_unknown_status_and_empty_id_fail() -> None:
    frame = good_frame()
    frame.loc[0, "order_status"] = "Shipped"
    frame.loc[2, "item_id"] = ""
    found = failures(frame)
    assert {index for _, index in found} == {0, 2}
    assert any(check.startswith("isin") for check, _ in found)
    assert any(check.startswith("str_length") for check, _ in found)


def test_missing_sold_date_fails_but_other_dates_may_be_empty() -> None:
    frame = good_frame()
    frame.loc[1, "sold_date"] = pd.NaT
    frame.loc[1, "completed_date"] = pd.NaT
    assert failures(frame) == {("not_nullable", 1)}


def test_natural_key_flags_only_later_copies() -> None:
    frame = good_frame(4)
    frame.loc[2, "item_id"] = frame.loc[0, "item_id"]
    frame.loc[3, "item_id"] = frame.loc[0, "item_id"]
    assert failures(frame) == {(NATURAL_KEY_CHECK, 2), (NATURAL_KEY_CHECK, 3)}


def test_same_item_id_with_other_status_is_allowed() -> None:
    frame = good_frame(2)
    frame.loc[1, "item_id"] = frame.loc[0, "item_id"]
    frame.loc[1, ["order_status", "net_seller_proceeds_cents"]] = ["Cancelled", 0]
    ValidatedSalesRows.validate(frame, lazy=True)


def test_net_rule_for_completed_and_cancelled_rows() -> None:
    frame = good_frame(3)
    frame.loc[0, "net_seller_proceeds_cents"] = 1700
    frame.loc[1, "order_status"] = "Cancelled"  # still shows proceeds: wrong
    assert failures(frame) == {(NET_PROCEEDS_CHECK, 0), (NET_PROCEEDS_CHECK, 1)}


def test_expected_net_uses_every_seller_deduction() -> None:
    frame = good_frame(1)
    frame["seller_shipping_fee_cents"] = 100
    frame["shipping_adjustment_fee_cents"] = -50
    frame["penalty_fee_cents"] = 25
    frame["sales_tax_charged_to_buyer_cents"] = 999  # buyer side: ignored
    assert expected_net_cents(frame).tolist() == [2000 - 100 - 200 - 88 + 50 - 25]


def test_dtypes_are_enforced() -> None:
    frame = good_frame()
    frame["penalty_fee_cents"] = frame["penalty_fee_cents"].astype(float)
    with pytest.raises(pa.errors.SchemaErrors):
        ValidatedSalesRows.validate(frame, lazy=True)


def test_extra_columns_are_rejected() -> None:
    frame = good_frame()
    frame["surprise"] = 1
    with pytest.raises(pa.errors.SchemaErrors):
        ValidatedSalesRows.validate(frame, lazy=True)


def test_parser_validates_with_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added only to the model quarantines rows in parse_report."""

    class NoExpensiveItems(ValidatedSalesRows):
        item_price_cents: Series[pa.Int64] = pa.Field(ge=0, le=1000)

    header = ",".join(f'"{c}"' for c in parser_module.REPORT_COLUMNS)
    cells = [
        "m10000000001", "2021-03-01", "", "2021-03-05", "Mug", "Completed", "Ohio", "Ohio",
        "20.00", "0.00", "0.00", "2.00", "0.88", "0.00", "0.00", "17.12",
        "0.00", "0.00", "0.00", "0.00", "0.00",
    ]  # fmt: skip
    data = (header + "\n" + ",".join(f'"{c}"' for c in cells)).encode()
    assert parse_report(data).quarantined == []
    monkeypatch.setattr(parser_module, "ValidatedSalesRows", NoExpensiveItems)
    report = parse_report(data)
    assert [(q.row, q.column) for q in report.quarantined] == [(2, "Item Price")]
    assert report.rows.empty


def test_frame_level_schema_errors_are_bugs_not_quarantine(monkeypatch: pytest.MonkeyPatch) -> None:
    class WantsAnotherColumn(ValidatedSalesRows):
        something_else: Series[str]

    monkeypatch.setattr(parser_module, "ValidatedSalesRows", WantsAnotherColumn)
    header = ",".join(f'"{c}"' for c in parser_module.REPORT_COLUMNS)
    with pytest.raises(RuntimeError, match="violates its schema"):
        parse_report(header.encode())
