"""Report layouts: the 2022 export (17 columns) and today's (21), read by name; absent
columns are NULL, never zero; unknown columns are kept; a missing core column refuses."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
import pytest

from mi_core.sales_report import REPORT_COLUMNS, ParsedReport, ReportError, check_summary
from mi_core.sales_report import parse_report as parse_report_source
from mi_core.sales_report.columns import (
    CORE_COLUMNS,
    FIELD_BY_COLUMN,
    LAYOUT_2022,
    LAYOUT_2024,
    OPTIONAL_COLUMNS,
    cents_column,
)
from mi_core.sales_report.schema import schema_without
from tests.sales_report_files import (
    SAMPLE_CANCELLED,
    SAMPLE_COMPLETED,
    SAMPLE_ROWS,
    mercari_cells,
    mercari_join,
    sample_bytes,
    split_lines,
    to_2022_layout,
)

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database

BOM = "\ufeff"
ABSENT_2022 = (
    "Penalty Fee",
    "Service Fee Charged to Buyer",
    "Buyer Protection Charged to Buyer",
    "Payment Processing Fee Charged to Buyer",
)
# The sample's Totals row over the 2022 layout's money columns (its own figures).
SAMPLE_TOTALS_2022 = {
    "Item Price": "31295.68",
    "Buyer Shipping Fee": "6425.32",
    "Seller Shipping Fee": "51.49",
    "Mercari Selling Fee": "2449.18",
    "Payment Processing Fee": "873.37",
    "Shipping Adjustment Fee": "17.36",
    "Net Seller Proceeds": "22113.71",
    "Sales Tax Charged to Buyer": "1965.57",
    "Merchant Fees Charged to Buyer": "59.00",
}

# A completed 2022 sale as the 2022 export writes it: 30.00 - 3.00 - 1.17 - 4.99 = 20.84.
SALE_2022 = {
    "Item Id": "m20220000001",
    "Sold Date": "2022-05-02",
    "Canceled Date": "",
    "Completed Date": "2022-05-06",
    "Item Title": 'Vintage Pyrex Bowl 8"',
    "Order Status": "Completed",
    "Shipped to State": "Ohio",
    "Shipped from State": "California",
    "Item Price": "30.00",
    "Buyer Shipping Fee": "0.00",
    "Seller Shipping Fee": "4.99",
    "Mercari Selling Fee": "3.00",
    "Payment Processing Fee": "1.17",
    "Shipping Adjustment Fee": "0.00",
    "Net Seller Proceeds": "20.84",
    "Sales Tax Charged to Buyer": "2.10",
    "Merchant Fees Charged to Buyer": "2.00",
}
CANCELLED_2022 = {
    **SALE_2022,
    "Item Id": "m20220000002",
    "Canceled Date": "2022-05-03",
    "Completed Date": "",
    "Order Status": "Cancelled",
    "Seller Shipping Fee": "0.00",
    "Mercari Selling Fee": "0.00",
    "Payment Processing Fee": "0.00",
    "Net Seller Proceeds": "0",
    "Sales Tax Charged to Buyer": "0.00",
    "Merchant Fees Charged to Buyer": "0.00",
}


def mercari_line(cells: list[str]) -> str:
    return '"' + '","'.join(cell.replace('"', '""', 1) for cell in cells) + '"'


def report_2022(
    *rows: dict[str, str], columns: tuple[str, ...] = LAYOUT_2022.columns, trailer: bool = True
) -> bytes:
    """A 2022 export: header, rows, Totals (over its own money columns), generated line."""
    lines = [mercari_line(list(columns))]
    lines += [mercari_line([r.get(c, "") for c in columns]) for r in rows]
    if trailer:
        money = LAYOUT_2022.columns[8:]
        sums = {c: sum((_amount(r.get(c, "")) for r in rows), Decimal(0)) for c in money}
        totals = {"Item Id": "Totals:", **{c: f"{s:.2f}" for c, s in sums.items()}}
        generated = {"Item Id": "Report generated on: 2022-12-30 18:00:00 UTC"}
        lines += [mercari_line([row.get(c, "") for c in columns]) for row in (totals, generated)]
    return (BOM + "\n".join(lines)).encode()


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text or "0")
    except InvalidOperation:
        return Decimal(0)  # an unreadable cell is left out, as the parser does


def parse(data: bytes, name: str = "report.csv") -> ParsedReport:
    return parse_report_source(data, source_name=name)


def test_layouts_are_named_plainly_and_share_the_core_columns() -> None:
    assert (LAYOUT_2022.name, len(LAYOUT_2022.columns)) == ("2022", 17)
    assert (LAYOUT_2024.name, LAYOUT_2024.columns) == ("2024", REPORT_COLUMNS)
    assert "Payment Processing Fee" in LAYOUT_2022.columns
    assert set(OPTIONAL_COLUMNS) == set(ABSENT_2022)
    assert len(CORE_COLUMNS) == 17


# --- the 2022 layout, written from its facts -----------------------------------------------


def test_2022_report_is_read_by_name() -> None:
    report = parse(report_2022(SALE_2022, CANCELLED_2022))
    assert report.layout == "2022"
    assert report.quarantined == []
    assert (report.completed, report.cancelled) == (1, 1)
    assert report.reconciled and report.differences == {}
    assert report.absent_columns == ABSENT_2022
    assert set(report.present_columns) == set(CORE_COLUMNS)
    assert report.column_names["Payment Processing Fee Charged To Seller"] == (
        "Payment Processing Fee"
    )
    first = report.rows.iloc[0]
    assert first["payment_processing_fee_charged_to_seller_cents"] == 117
    assert first["net_seller_proceeds_cents"] == 2084
    assert first["item_title"] == 'Vintage Pyrex Bowl 8"'
    assert report.generated_at == "2022-12-30 18:00:00 UTC"


def test_absent_columns_are_null_never_zero() -> None:
    old = parse(report_2022(SALE_2022)).rows
    for field in (
        "penalty_fee",
        "service_fee_charged_to_buyer",
        "buyer_protection_charged_to_buyer",
        "payment_processing_fee_charged_to_buyer",
    ):
        column = old[f"{field}_cents"]
        assert column.dtype == "Int64", field
        assert column.isna().all(), field
    # Present money columns keep their exact int64 dtype.
    assert old["item_price_cents"].dtype == np.int64
    assert list(old.columns) == list(parse(report_2022()).rows.columns)  # same frame shape


def test_2022_totals_and_summary_list_only_the_columns_present() -> None:
    report = parse(report_2022(SALE_2022, CANCELLED_2022))
    assert "penalty_fee" not in report.totals
    assert report.file_totals is not None and "penalty_fee" not in report.file_totals
    summary = check_summary(report)
    assert summary["layout"] == "2022"
    assert list(summary["totals"]) == [c for c in LAYOUT_2022.columns[8:]]
    assert summary["totals"]["Payment Processing Fee"] == "1.17"


def test_2022_net_rule_uses_the_fee_columns_the_file_has() -> None:
    wrong = {**SALE_2022, "Net Seller Proceeds": "21.84"}
    problem = parse(report_2022(wrong)).quarantined[0]
    assert problem.column == "Net Seller Proceeds"
    assert problem.reason.endswith("minus seller fees is 20.84")
    assert problem.values == wrong  # named as the file names its columns


def test_2022_cell_problem_names_the_column_as_the_file_does() -> None:
    report = parse(report_2022({**SALE_2022, "Payment Processing Fee": "x"}))
    problem = report.quarantined[0]
    assert (problem.row, problem.column) == (2, "Payment Processing Fee")
    assert problem.reason == "Payment Processing Fee is not an amount"


def test_2022_columns_in_another_order() -> None:
    columns = (*LAYOUT_2022.columns[8:], *LAYOUT_2022.columns[:8])
    report = parse(report_2022(SALE_2022, columns=columns, trailer=False))
    assert report.layout == "2022" and report.quarantined == []
    assert report.rows.loc[0, "item_title"] == 'Vintage Pyrex Bowl 8"'
    assert report.rows.loc[0, "payment_processing_fee_charged_to_seller_cents"] == 117


# --- the 2022 layout, derived from the real sample -----------------------------------------


@pytest.fixture(scope="module")
def sample_2022() -> ParsedReport:
    return parse(to_2022_layout(sample_bytes()), name="sample_2022.csv")


def test_sample_in_the_2022_layout_reconciles_over_its_columns(sample_2022: ParsedReport) -> None:
    assert sample_2022.layout == "2022"
    assert sample_2022.data_row_count == SAMPLE_ROWS
    assert (sample_2022.completed, sample_2022.cancelled) == (SAMPLE_COMPLETED, SAMPLE_CANCELLED)
    assert sample_2022.quarantined == []
    assert sample_2022.reconciled is True
    assert check_summary(sample_2022)["totals"] == SAMPLE_TOTALS_2022


def test_sample_rows_agree_in_both_layouts(sample_2022: ParsedReport) -> None:
    current = parse(sample_bytes()).rows
    older = sample_2022.rows
    shared = [c for c in current.columns if not older[c].isna().all() or current[c].isna().all()]
    assert len(shared) == len(current.columns) - 4
    pd.testing.assert_frame_equal(older[shared], current[shared], check_dtype=True)


# --- which layout a header is ---------------------------------------------------------------


def header_only(columns: list[str]) -> bytes:
    return mercari_line(columns).encode()


def test_current_header_without_penalty_fee_is_the_2024_layout_with_one_absent() -> None:
    report = parse(header_only([c for c in REPORT_COLUMNS if c != "Penalty Fee"]))
    assert report.layout == "2024"
    assert report.absent_columns == ("Penalty Fee",)


def test_2022_header_with_penalty_fee_is_still_2022_and_reads_it() -> None:
    columns = [*LAYOUT_2022.columns, "Penalty Fee"]
    row = {**SALE_2022, "Penalty Fee": "1.00", "Net Seller Proceeds": "19.84"}
    report = parse(report_2022(row, columns=tuple(columns)))
    assert report.layout == "2022"
    assert report.quarantined == []
    assert report.rows.loc[0, "penalty_fee_cents"] == 100
    assert "Penalty Fee" not in report.absent_columns


def test_both_names_of_the_processing_fee_is_a_repeated_column() -> None:
    columns = [*REPORT_COLUMNS, "Payment Processing Fee"]
    with pytest.raises(ReportError, match='repeated "Payment Processing Fee Charged To Seller"'):
        parse(header_only(columns))


# --- a hand-edited header --------------------------------------------------------------------


def current_line(values: dict[str, str], columns: list[str]) -> str:
    return mercari_line([values[c] for c in columns])


def test_unknown_columns_are_kept_with_each_row() -> None:
    data = sample_bytes()
    bom, lines = split_lines(data)
    out = []
    for number, line in enumerate(lines):
        pieces = mercari_cells(line)
        if number == 0:
            extra = [b"My Notes", b"Cost"]
        elif pieces[0].startswith(b"Totals") or pieces[0].startswith(b"Report generated"):
            extra = [b"", b""]
        else:
            extra = [f"note {number}, \u2728".encode(), f"{number}.50".encode()]
        out.append(mercari_join([*pieces[:5], extra[0], *pieces[5:], extra[1]]))
    report = parse(bom + b"\n".join(out))
    assert report.layout == "2024"
    assert report.unknown_columns == ("My Notes", "Cost")
    assert report.quarantined == [] and report.reconciled
    assert len(report.rows) == SAMPLE_ROWS
    assert report.extra.index.equals(report.rows.index)
    first = json.loads(report.extra.iloc[0])
    assert first == {"My Notes": "note 1, \u2728", "Cost": "1.50"}
    last = json.loads(report.extra.iloc[-1])
    assert last == {"My Notes": f"note {SAMPLE_ROWS}, \u2728", "Cost": f"{SAMPLE_ROWS}.50"}
    assert report.rows["item_id"].iloc[0] == "m71689920285"


def test_unknown_column_values_are_in_the_quarantined_row() -> None:
    columns = [*LAYOUT_2022.columns, "Notes"]
    bad = {**SALE_2022, "Sold Date": "soon", "Notes": "ask buyer"}
    report = parse(report_2022(bad, columns=tuple(columns)))
    problem = report.quarantined[0]
    assert problem.values["Notes"] == "ask buyer"
    assert problem.values["Payment Processing Fee"] == "1.17"
    assert report.unknown_columns == ("Notes",)


def test_no_unknown_columns_means_no_extra() -> None:
    report = parse(report_2022(SALE_2022))
    assert report.unknown_columns == ()
    assert report.extra.isna().all() and len(report.extra) == 1


def test_unknown_columns_in_a_spreadsheet_resave() -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["Tag", *LAYOUT_2022.columns, "", "Tag"]
    writer.writerow(columns)
    writer.writerow(["a", *SALE_2022.values(), "", "b"])
    report = parse(out.getvalue().encode())
    assert report.dialect == "csv" and report.quarantined == []
    assert report.unknown_columns == ("Tag", "column 19", "Tag (2)")
    assert json.loads(report.extra.iloc[0]) == {"Tag": "a", "column 19": "", "Tag (2)": "b"}


def test_missing_core_column_is_refused_naming_it() -> None:
    columns = [c for c in LAYOUT_2022.columns if c != "Net Seller Proceeds"]
    with pytest.raises(ReportError) as caught:
        parse(header_only(columns), name="old.csv")
    assert str(caught.value) == (
        'old.csv: header does not match a Mercari sales report: missing "Net Seller Proceeds"'
    )


def test_missing_processing_fee_names_both_of_its_names() -> None:
    columns = [c for c in REPORT_COLUMNS if c != "Payment Processing Fee Charged To Seller"]
    with pytest.raises(ReportError) as caught:
        parse(header_only([*columns, "Notes"]), name="edited.csv")
    assert str(caught.value) == (
        "edited.csv: header does not match a Mercari sales report: missing"
        ' "Payment Processing Fee Charged To Seller" or "Payment Processing Fee";'
        ' unexpected "Notes"'
    )


def test_a_2022_frame_validates_against_the_schema_without_its_absent_columns() -> None:
    report = parse(report_2022(SALE_2022, CANCELLED_2022))
    absent = [cents_column(FIELD_BY_COLUMN[c]) for c in report.absent_columns]
    assert len(absent) == 4 and all(report.rows[c].isna().all() for c in absent)
    schema_without(absent).validate(report.rows.drop(columns=absent))
