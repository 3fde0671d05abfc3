"""Parser + validator for Mercari sales reports: formats, errors, quarantine, reconciliation.

Reports are built inline, byte for byte, with the helpers below; the real sample is only
ever read from the shared data directory, never copied.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mi_core.sales_report import (
    FIELD_BY_COLUMN,
    MONEY_FIELDS,
    REPORT_COLUMNS,
    ParsedReport,
    QuarantinedRow,
    ReportError,
    check_summary,
    parse_report,
)
from tests.sales_report_files import COMPLETED_ROW
from tests.sample import REAL_SAMPLE

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database

SAMPLE = REAL_SAMPLE.path
MONEY_COLUMNS = REPORT_COLUMNS[8:]
BOM = "\ufeff"

CANCELLED_OVERRIDES = {
    "Canceled Date": "2021-03-02",
    "Completed Date": "",
    "Order Status": "Cancelled",
    "Mercari Selling Fee": "0.00",
    "Payment Processing Fee Charged To Seller": "0.00",
    "Net Seller Proceeds": "0",
    "Sales Tax Charged to Buyer": "0.00",
}


def with_overrides(base: dict[str, str], overrides: dict[str, str]) -> dict[str, str]:
    """`base` with cells replaced; keyword names are header names with "_" for spaces."""
    row = dict(base)
    for key, value in overrides.items():
        column = key.replace("_", " ")
        assert column in row, column
        row[column] = value
    return row


def sale(**overrides: str) -> dict[str, str]:
    return with_overrides(COMPLETED_ROW, overrides)


def cancelled(**overrides: str) -> dict[str, str]:
    return with_overrides({**COMPLETED_ROW, **CANCELLED_OVERRIDES}, overrides)


def mercari_line(cells: list[str]) -> str:
    """One line as Mercari writes it: all quoted, only the first inner quote doubled."""
    return '"' + '","'.join(cell.replace('"', '""', 1) for cell in cells) + '"'


def totals_cells(rows: list[dict[str, str]]) -> list[str]:
    def amount(text: str) -> Decimal:
        try:
            return Decimal(text or "0")
        except InvalidOperation:
            return Decimal("0")  # unreadable cells are left out, as the parser does

    sums = [sum((amount(r[c]) for r in rows), Decimal("0")) for c in MONEY_COLUMNS]
    return ["Totals:", *[""] * 7, *[f"{s:.2f}" for s in sums]]


GENERATED_CELLS = ["Report generated on: 2025-05-30 01:17:21 UTC", *[""] * 20]


def mercari_report(
    *rows: dict[str, str],
    totals: bool = True,
    generated: bool = True,
    bom: bool = True,
    newline: str = "\n",
    final_newline: bool = False,
    extra_lines: tuple[str, ...] = (),
) -> bytes:
    """A report in Mercari's exact export format (BOM, no final newline by default)."""
    lines = [mercari_line(list(REPORT_COLUMNS))]
    lines += [mercari_line([r[c] for c in REPORT_COLUMNS]) for r in rows]
    lines += list(extra_lines)
    if totals:
        lines.append(mercari_line(totals_cells(list(rows))))
    if generated:
        lines.append(mercari_line(GENERATED_CELLS))
    text = newline.join(lines) + (newline if final_newline else "")
    return ((BOM if bom else "") + text).encode("utf-8")


def parse(data: bytes, name: str = "report.csv") -> ParsedReport:
    return parse_report(data, source_name=name)


def only_problem(report: ParsedReport) -> QuarantinedRow:
    assert len(report.quarantined) == 1, report.quarantined
    return report.quarantined[0]


# --- the real sample ---------------------------------------------------------------------

SAMPLE_TOTALS = REAL_SAMPLE.totals


@pytest.fixture(scope="module")
def sample_report() -> ParsedReport:
    # These tests are about the real file's own quirks and facts: they fail, never skip,
    # where it is missing (the pipeline tests fall back to the demo report; see tests/sample.py).
    assert SAMPLE.exists(), f"{SAMPLE} is missing: put ../shared beside the clone"
    return parse_report(SAMPLE)


def test_sample_counts_and_reconciles(sample_report: ParsedReport) -> None:
    assert sample_report.source_name == "mercari_sales_report_sample.csv"
    assert sample_report.data_row_count == 755
    assert (sample_report.completed, sample_report.cancelled) == (597, 158)
    assert sample_report.quarantined == []
    assert len(sample_report.rows) == 755
    assert sample_report.reconciled is True
    assert sample_report.differences == {}
    assert sample_report.generated_at == "2025-05-30 01:17:21 UTC"
    assert sample_report.date_range == (date(2017, 5, 11), date(2025, 5, 3))


def test_sample_totals_equal_its_totals_row(sample_report: ParsedReport) -> None:
    expected = {FIELD_BY_COLUMN[c]: Decimal(v) for c, v in SAMPLE_TOTALS.items()}
    assert sample_report.totals == expected
    assert sample_report.file_totals == expected
    summary = check_summary(sample_report)
    assert summary["totals"] == SAMPLE_TOTALS
    for column, value in SAMPLE_TOTALS.items():
        cents = sample_report.rows[f"{FIELD_BY_COLUMN[column]}_cents"].sum()
        assert Decimal(int(cents)).scaleb(-2) == Decimal(value), column


def test_sample_rows_hit_by_the_quoting_bug_come_out_whole(sample_report: ParsedReport) -> None:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    naive = [row for row in csv.reader(io.StringIO(text)) if row]
    assert sum(len(row) != 21 for row in naive) == 7  # what the csv module makes of it
    rows = sample_report.rows
    assert set(rows["order_status"]) == {"Completed", "Cancelled"}
    assert rows["item_id"].str.fullmatch(r"[mb]\d{11}").all()
    quoted_titles = rows["item_title"][rows["item_title"].str.contains('"', regex=False)]
    assert len(quoted_titles) > 7
    assert not quoted_titles.str.contains('""', regex=False).any()  # all unescaped
    assert not rows["item_title"].str.contains('","', regex=False).any()


def test_sample_item_ids_repeat_but_natural_keys_do_not(sample_report: ParsedReport) -> None:
    rows = sample_report.rows
    assert rows["item_id"].duplicated().any()
    assert not rows.duplicated(["item_id", "sold_date", "order_status"]).any()


def test_sample_net_proceeds_rule_holds_on_every_row(sample_report: ParsedReport) -> None:
    rows = sample_report.rows
    deductions = sum(
        rows[f"{f}_cents"]
        for f in (
            "seller_shipping_fee",
            "mercari_selling_fee",
            "payment_processing_fee_charged_to_seller",
            "shipping_adjustment_fee",
            "penalty_fee",
        )
    )
    completed = rows["order_status"] == "Completed"
    net = rows["net_seller_proceeds_cents"]
    assert (net[completed] == (rows["item_price_cents"] - deductions)[completed]).all()
    assert (net[~completed] == 0).all()


def test_sample_summary_is_json(sample_report: ParsedReport) -> None:
    summary = json.loads(json.dumps(check_summary(sample_report)))
    # Added since: the layout and the fee check (tested in test_sales_report_layouts/_fees).
    assert summary.pop("layout") == "2024"
    assert set(summary.pop("fees")) == {"regimes", "differing", "differing_rows"}
    assert summary == {
        "file": "mercari_sales_report_sample.csv",
        "rows": 755,
        "completed": 597,
        "cancelled": 158,
        "quarantined": [],
        "totals": SAMPLE_TOTALS,
        "reconciled": True,
        "differences": {},
        "date_range": {"first": "2017-05-11", "last": "2025-05-03"},
    }


# --- file format -------------------------------------------------------------------------


def test_frame_columns_and_dtypes() -> None:
    report = parse(mercari_report(sale(), cancelled(Item_Id="m10000000002")))
    rows = report.rows
    assert list(rows.columns[:9]) == [
        "row_number",
        "item_id",
        "sold_date",
        "canceled_date",
        "completed_date",
        "item_title",
        "order_status",
        "shipped_to_state",
        "shipped_from_state",
    ]
    assert list(rows.columns[9:]) == [f"{f}_cents" for f in MONEY_FIELDS]
    assert rows["row_number"].dtype == np.int64
    assert rows["sold_date"].dtype == "datetime64[ns]"
    assert all(rows[f"{f}_cents"].dtype == np.int64 for f in MONEY_FIELDS)
    first, second = rows.to_dict("records")
    assert first["row_number"] == 2 and second["row_number"] == 3
    assert first["sold_date"] == pd.Timestamp("2021-03-01")
    assert pd.isna(first["canceled_date"]) and pd.isna(second["completed_date"])
    assert first["item_price_cents"] == 2000 and first["net_seller_proceeds_cents"] == 1712
    assert first["buyer_shipping_fee_cents"] == 599
    assert second["order_status"] == "Cancelled" and second["net_seller_proceeds_cents"] == 0


@pytest.mark.parametrize("bom", [True, False])
def test_bom_is_optional_and_never_part_of_the_header(bom: bool) -> None:
    data = mercari_report(sale(), bom=bom)
    assert data.startswith(b"\xef\xbb\xbf") is bom
    report = parse(data)
    assert report.data_row_count == 1 and report.quarantined == []
    assert report.rows.loc[0, "item_id"] == "m10000000001"


@pytest.mark.parametrize(
    ("newline", "final_newline"), [("\n", False), ("\n", True), ("\r\n", False), ("\r\n", True)]
)
def test_line_endings_and_final_newline(newline: str, final_newline: bool) -> None:
    data = mercari_report(
        sale(), cancelled(Item_Id="m10000000002"), newline=newline, final_newline=final_newline
    )
    report = parse(data)
    assert report.data_row_count == 2
    assert report.quarantined == []
    assert report.reconciled
    assert report.rows["row_number"].tolist() == [2, 3]
    assert report.rows["shipped_from_state"].tolist() == ["California", "California"]
    assert report.generated_at == "2025-05-30 01:17:21 UTC"


def test_totals_and_generated_rows_are_never_data() -> None:
    report = parse(mercari_report(sale(), sale(Item_Id="m10000000002")))
    assert report.data_row_count == 2
    assert len(report.rows) == 2
    assert report.completed == 2
    assert report.file_totals is not None
    assert report.file_totals["item_price"] == Decimal("40.00")
    assert report.generated_at == "2025-05-30 01:17:21 UTC"
    assert not report.rows["item_id"].str.startswith(("Totals", "Report")).any()


def test_report_without_trailer_rows() -> None:
    report = parse(mercari_report(sale(), totals=False, generated=False))
    assert report.data_row_count == 1
    assert report.file_totals is None
    assert report.reconciled is False
    assert report.generated_at is None


def test_classic_mac_line_endings() -> None:
    report = parse(mercari_report(sale(), sale(Item_Id="m10000000002"), newline="\r"))
    assert report.data_row_count == 2 and report.reconciled
    assert report.rows["row_number"].tolist() == [2, 3]


def test_blank_lines_are_skipped_but_keep_row_numbers() -> None:
    lines = [mercari_line(list(REPORT_COLUMNS)), mercari_line(list(sale().values())), ""]
    lines += ["   ", mercari_line(list(sale(Item_Id="m10000000002").values()))]
    report = parse((BOM + "\n".join(lines)).encode())
    assert report.data_row_count == 2
    assert report.quarantined == []
    assert report.rows["row_number"].tolist() == [2, 5]


@pytest.mark.parametrize(
    "title",
    [
        'Frenchie Luggage Set 20" and 24"',  # trailing inner quote right before the separator
        'Rae Dunn "EAT" Canister',
        "J.A. Henckels Chef's Knife 8\"",
        '2 EXTRA LARGE Chess Pieces 14" KING & 12" QUEEN Decor',
        '"Boss" Dog Bowl',
    ],
)
def test_mercari_quoting_bug_is_repaired(title: str) -> None:
    data = mercari_report(sale(Item_Title=title))
    line = data.decode("utf-8-sig").split("\n")[1]
    assert title.replace('"', '""', 1) in line  # only the first quote doubled, as Mercari does
    report = parse(data)
    assert report.quarantined == []
    assert report.rows.loc[0, "item_title"] == title
    assert report.rows.loc[0, "order_status"] == "Completed"
    assert report.rows.loc[0, "shipped_to_state"] == "Texas"


def test_quoting_bug_row_that_breaks_the_csv_module() -> None:
    title = 'Luggage Set 20" and 24"'
    data = mercari_report(sale(Item_Title=title))
    naive = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(naive[1]) == 20  # the csv module merges two columns
    report = parse(data)
    values = report.rows.iloc[0]
    assert values["item_title"] == title
    assert values["net_seller_proceeds_cents"] == 1712
    assert len(report.rows.columns) == 9 + 13  # 21 report fields + row_number


@pytest.mark.parametrize("title", ['a","b', 'Sizes "S","M" lot', 'ends with ","', '","'])
def test_title_containing_quote_comma_quote(title: str) -> None:
    report = parse(mercari_report(sale(Item_Title=title)))
    assert report.quarantined == []
    assert report.rows.loc[0, "item_title"] == title
    assert report.rows.loc[0, "shipped_to_state"] == "Texas"


def test_emoji_and_curly_quotes_are_kept_exactly() -> None:
    titles = ["✨ Rae Dunn “HOME” Mug ❤️", "Levi’s Jacket 🎄", "Café Crème Set É"]
    rows = [sale(Item_Id=f"m1000000000{i}", Item_Title=t) for i, t in enumerate(titles)]
    report = parse(mercari_report(*rows))
    assert report.rows["item_title"].tolist() == titles


def test_titles_are_kept_with_their_spaces() -> None:
    report = parse(mercari_report(sale(Item_Title="  spaced  title ")))
    assert report.rows.loc[0, "item_title"] == "  spaced  title "


def test_empty_money_cells_mean_zero() -> None:
    row = sale(Seller_Shipping_Fee="", Shipping_Adjustment_Fee="", Penalty_Fee="")
    row["Service Fee Charged to Buyer"] = ""
    report = parse(mercari_report(row))
    assert report.quarantined == []
    assert report.rows.loc[0, "penalty_fee_cents"] == 0
    assert report.rows.loc[0, "service_fee_charged_to_buyer_cents"] == 0
    assert report.reconciled


def test_canceled_spelling_is_normalized() -> None:
    row = cancelled(Order_Status="Canceled")
    report = parse(mercari_report(row, sale(Item_Id="m10000000002")))
    assert report.quarantined == []
    assert report.cancelled == 1 and report.completed == 1
    assert report.rows["order_status"].tolist() == ["Cancelled", "Completed"]


def test_money_formats_are_tolerated() -> None:
    row = sale(
        Item_Price=" $1,234.50 ",
        Mercari_Selling_Fee="$123.45",
        Payment_Processing_Fee_Charged_To_Seller="36.30",
        Net_Seller_Proceeds="1,074.75",
    )
    row["Shipping Adjustment Fee"] = "(0.00)"
    report = parse(mercari_report(row, totals=False))
    assert report.quarantined == []
    assert report.rows.loc[0, "item_price_cents"] == 123450
    assert report.rows.loc[0, "net_seller_proceeds_cents"] == 107475


def test_negative_amounts_in_both_notations() -> None:
    # A negative adjustment refunds the seller; net rises accordingly.
    first = sale(Shipping_Adjustment_Fee="-1.00", Net_Seller_Proceeds="18.12")
    second = sale(
        Item_Id="m10000000002", Shipping_Adjustment_Fee="(1.00)", Net_Seller_Proceeds="18.12"
    )
    report = parse(mercari_report(first, second, totals=False))
    assert report.quarantined == []
    assert report.rows["shipping_adjustment_fee_cents"].tolist() == [-100, -100]


# --- spreadsheet re-saves (standard CSV) ---------------------------------------------------


def excel_report(
    rows: list[dict[str, str]], *, delimiter: str = ",", trailer: bool = True
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows([[r[c] for c in REPORT_COLUMNS] for r in rows])
    if trailer:
        writer.writerow(["Totals:", *[""] * 7, "$1,254.50", *["0.00"] * 12])
    return out.getvalue().encode("utf-8")


def test_excel_resaved_dialect() -> None:
    rows = [
        sale(
            Sold_Date="03/01/2021",
            Completed_Date="3/5/2021",
            Item_Title='Rae Dunn "EAT" Canister, 8" tall',
            Item_Price="$1,234.50",
            Mercari_Selling_Fee="$123.45",
            Payment_Processing_Fee_Charged_To_Seller="$36.30",
            Net_Seller_Proceeds="$1,074.75",
        ),
        cancelled(
            Item_Id="m10000000002", Sold_Date="1/2/21", Canceled_Date="1/3/21", Item_Price="20"
        ),
    ]
    data = excel_report(rows)
    assert b'"$1,234.50"' in data and b'"Rae Dunn ""EAT"" Canister' in data
    report = parse(data)
    assert report.dialect == "csv"
    assert report.quarantined == []
    first, second = report.rows.to_dict("records")
    assert first["item_title"] == 'Rae Dunn "EAT" Canister, 8" tall'
    assert first["sold_date"] == pd.Timestamp("2021-03-01")
    assert first["completed_date"] == pd.Timestamp("2021-03-05")
    assert first["item_price_cents"] == 123450
    assert second["sold_date"] == pd.Timestamp("2021-01-02")
    assert second["canceled_date"] == pd.Timestamp("2021-01-03")
    assert report.file_totals is not None
    assert report.file_totals["item_price"] == Decimal("1254.50")
    assert report.differences["buyer_shipping_fee"]["computed"] == "11.98"


def test_excel_semicolon_dialect_and_padding_rows() -> None:
    data = excel_report([sale()], delimiter=";", trailer=False) + b";;;;;;;;;;;;;;;;;;;;\r\n"
    report = parse(data)
    assert report.data_row_count == 1
    assert report.quarantined == []
    assert report.rows.loc[0, "net_seller_proceeds_cents"] == 1712


def test_reordered_columns_are_accepted() -> None:
    order = list(REPORT_COLUMNS)
    order[0], order[4] = order[4], order[0]  # title first, Item Id in the title's place
    order[8], order[15] = order[15], order[8]
    row = sale(Item_Title='Luggage Set 20" and 24"')
    lines = [mercari_line(order), mercari_line([row[c] for c in order])]
    report = parse((BOM + "\n".join(lines)).encode())
    assert report.quarantined == []
    assert report.rows.loc[0, "item_title"] == 'Luggage Set 20" and 24"'
    assert report.rows.loc[0, "item_id"] == "m10000000001"
    assert report.rows.loc[0, "item_price_cents"] == 2000
    assert report.rows.loc[0, "net_seller_proceeds_cents"] == 1712


def test_no_data_rows_is_not_an_error() -> None:
    report = parse(mercari_report())
    assert report.data_row_count == 0
    assert report.rows.empty
    assert report.rows.columns[0] == "row_number"
    assert report.reconciled is True
    assert report.date_range is None
    assert check_summary(report)["date_range"] is None


def test_header_only_without_trailer() -> None:
    report = parse(mercari_line(list(REPORT_COLUMNS)).encode())
    assert report.data_row_count == 0 and report.quarantined == []


# --- unreadable files -----------------------------------------------------------------------


def assert_report_error(data: bytes, *fragments: str) -> str:
    with pytest.raises(ReportError) as caught:
        parse(data, name="upload.csv")
    message = str(caught.value)
    assert message.startswith("upload.csv: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    return message


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n\n"])
def test_empty_files(data: bytes) -> None:
    assert assert_report_error(data) == "upload.csv: file is empty"


def test_not_utf8_names_the_byte_and_offset() -> None:
    good = mercari_report(sale())
    data = good.replace(b"Plain Test Mug", b"Plain Test \xff Mug")
    offset = data.index(b"\xff")
    message = assert_report_error(data, "not UTF-8", "0xff", f"offset {offset}", "line 2")
    assert "Plain" not in message


def test_windows_1252_file_is_rejected_as_not_utf8() -> None:
    text = mercari_report(sale(Item_Title="Levi’s Jacket"), bom=False).decode("utf-8")
    data = text.encode("cp1252")
    assert_report_error(data, "not UTF-8", "0x92")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-xlsx", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1legacy", "Excel .xls"),
        (b"%PDF-1.7\n%binary", "PDF"),
        (b'"Item Id","Sold\x00 Date"', "NUL bytes"),
        ("Item Id\tSold Date".encode("utf-16"), "UTF-16"),
    ],
)
def test_binary_files(data: bytes, fragment: str) -> None:
    assert_report_error(data, "not a CSV file", fragment)


def test_header_missing_and_unexpected_columns() -> None:
    header = ["Foo" if c == "Net Seller Proceeds" else c for c in REPORT_COLUMNS]
    data = (mercari_line(header) + "\n" + mercari_line(list(sale().values()))).encode()
    message = assert_report_error(data)
    assert message == (
        "upload.csv: header does not match a Mercari sales report: "
        'missing "Net Seller Proceeds"; unexpected "Foo"'
    )


def test_header_with_repeated_column() -> None:
    data = mercari_line([*REPORT_COLUMNS, "Item Id"]).encode()
    assert_report_error(data, 'repeated "Item Id"')


def test_header_matching_ignores_case_and_spacing() -> None:
    header = [f"  {c.upper()} " for c in REPORT_COLUMNS]
    report = parse((mercari_line(header) + "\n" + mercari_line(list(sale().values()))).encode())
    assert report.data_row_count == 1 and report.quarantined == []


def test_file_without_header_does_not_echo_the_data() -> None:
    row = sale(Item_Title="Bundle for Secret Buyer")
    data = "\n".join(mercari_line(list(r.values())) for r in (row, row)).encode()
    message = assert_report_error(data, "header does not match", "found 0 of the 21")
    assert "Secret" not in message and "Bundle" not in message


def test_missing_file_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match=r"^nope\.csv: file not found$"):
        parse_report(tmp_path / "nope.csv")


def test_path_source_uses_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "my sales.csv"
    path.write_bytes(mercari_report(sale()))
    assert parse_report(path).source_name == "my sales.csv"
    assert parse_report(str(path), source_name="shown.csv").source_name == "shown.csv"


# --- quarantine ------------------------------------------------------------------------------


def test_wrong_field_count_is_quarantined_whole() -> None:
    short = mercari_line(list(sale(Item_Id="m10000000002").values())[:19])
    report = parse(mercari_report(sale(), totals=False, extra_lines=(short,)))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (3, None)
    assert problem.reason == "expected 21 fields, found 19"
    assert problem.values["Item Id"] == "m10000000002"
    assert report.data_row_count == 2 and len(report.rows) == 1


def test_hand_edited_unquoted_line_with_commas_in_the_title() -> None:
    cells = list(sale(Item_Id="m10000000002").values())
    cells[4] = "Mug, large, blue"
    line = ",".join(cells)  # no quoting at all: the title splits into 3 fields
    report = parse(mercari_report(sale(), totals=False, extra_lines=(line,)))
    assert report.quarantined == []
    assert report.rows["item_title"].tolist() == ["Plain Test Mug", "Mug, large, blue"]


def test_spreadsheet_line_with_unquoted_numbers() -> None:
    cells = list(sale().values())
    line = ",".join(f'"{c}"' if i < 8 else c for i, c in enumerate(cells))
    report = parse(mercari_report(totals=False, extra_lines=(line,)))
    assert report.quarantined == []
    assert report.rows.loc[0, "net_seller_proceeds_cents"] == 1712


@pytest.mark.parametrize(
    ("overrides", "column", "reason"),
    [
        ({"Item_Id": "  "}, "Item Id", "Item Id is empty"),
        ({"Sold_Date": ""}, "Sold Date", "Sold Date is missing"),
        (
            {"Sold_Date": "2021-13-45"},
            "Sold Date",
            'Sold Date "2021-13-45" is not a valid calendar date',
        ),
        (
            {"Sold_Date": "yesterday"},
            "Sold Date",
            "Sold Date is not a date (expected YYYY-MM-DD or MM/DD/YYYY)",
        ),
        ({"Sold_Date": "9999-12-31"}, "Sold Date", 'Sold Date "9999-12-31" is outside 2000-2100'),
        (
            {"Completed_Date": "2021/03/05"},
            "Completed Date",
            'Completed Date "2021/03/05" is not a date',
        ),
        (
            {"Canceled_Date": "31/31/2021"},
            "Canceled Date",
            'Canceled Date "31/31/2021" is not a valid',
        ),
        (
            {"Order_Status": "Shipped"},
            "Order Status",
            'Order Status "Shipped" is not Completed or Cancelled',
        ),
        ({"Item_Price": "twenty"}, "Item Price", "Item Price is not an amount"),
        (
            {"Penalty_Fee": "0.001"},
            "Penalty Fee",
            'Penalty Fee "0.001" has more than 2 decimal places',
        ),
        (
            {"Seller_Shipping_Fee": "1,23"},
            "Seller Shipping Fee",
            'Seller Shipping Fee "1,23" is not an amount',
        ),
        (
            {"Item_Price": "-20.00", "Net_Seller_Proceeds": "-22.88"},
            "Item Price",
            "Item Price is negative (-20.00)",
        ),
    ],
)
def test_each_quarantine_reason(overrides: dict[str, str], column: str, reason: str) -> None:
    report = parse(mercari_report(sale(Item_Id="m10000000009"), sale(**overrides)))
    problem = only_problem(report)
    assert problem.row == 3
    assert problem.column == column
    assert problem.reason.startswith(reason)
    assert problem.values == {c: v for c, v in sale(**overrides).items()}
    assert report.rows["row_number"].tolist() == [2]
    assert report.data_row_count == 2
    assert report.quarantined_row_count == 1


def test_net_proceeds_mismatch_names_both_amounts() -> None:
    report = parse(mercari_report(sale(Net_Seller_Proceeds="17.00")))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (2, "Net Seller Proceeds")
    assert (
        problem.reason == "Net Seller Proceeds is 17.00 but Item Price minus seller fees is 17.12"
    )
    assert report.rows.empty


def test_every_seller_deduction_enters_the_net_rule() -> None:
    row = sale(
        Seller_Shipping_Fee="1.00",
        Shipping_Adjustment_Fee="2.00",
        Penalty_Fee="3.00",
        Net_Seller_Proceeds="11.12",
    )
    buyer_side = {c: "9.99" for c in REPORT_COLUMNS[16:]}  # never affects the seller's net
    assert parse(mercari_report({**row, **buyer_side})).quarantined == []
    wrong = parse(mercari_report({**row, "Net Seller Proceeds": "17.12"}))
    assert "is 11.12" in only_problem(wrong).reason


def test_cancelled_row_with_proceeds_is_quarantined() -> None:
    report = parse(mercari_report(cancelled(Net_Seller_Proceeds="5.00")))
    problem = only_problem(report)
    assert problem.column == "Net Seller Proceeds"
    assert problem.reason == "Net Seller Proceeds is 5.00 on a cancelled order; expected 0.00"


def test_duplicate_natural_key() -> None:
    report = parse(mercari_report(sale(), sale(Item_Id="m10000000002"), sale()))
    problem = only_problem(report)
    assert (problem.row, problem.column) == (4, None)
    assert problem.reason.startswith("duplicate of row 2")
    assert report.rows["row_number"].tolist() == [2, 3]


def test_duplicate_key_matches_across_date_formats() -> None:
    lines = [mercari_line(list(sale(Sold_Date="3/1/2021").values()))]
    report = parse(mercari_report(sale(), totals=False, extra_lines=tuple(lines)))
    assert only_problem(report).reason.startswith("duplicate of row 2")


def test_cancelled_then_resold_is_not_a_duplicate() -> None:
    same_day = parse(mercari_report(cancelled(Sold_Date="2021-03-01"), sale()))
    later = parse(mercari_report(cancelled(Sold_Date="2021-02-20"), sale()))
    for report in (same_day, later):
        assert report.quarantined == []
        assert report.rows["item_id"].tolist() == ["m10000000001", "m10000000001"]


def test_every_failing_row_of_a_frame_wide_check_is_quarantined() -> None:
    # pandera lists only a sample of failure cases for frame-wide checks; all
    # failing rows must still be caught.
    wrong_net = [sale(Item_Id=f"m{n:011d}", Net_Seller_Proceeds="1.00") for n in range(60)]
    duplicates = [sale(Item_Id="m99999999999") for _ in range(60)]
    report = parse(mercari_report(*wrong_net, *duplicates))
    assert report.quarantined_row_count == 60 + 59
    assert len(report.rows) == 1
    assert report.rows.loc[0, "row_number"] == 62
    reasons = [q.reason for q in report.quarantined]
    assert sum(r.startswith("Net Seller Proceeds is 1.00") for r in reasons) == 60
    assert sum(r.startswith("duplicate of row 62 ") for r in reasons) == 59


def test_several_problems_on_one_row() -> None:
    row = sale(Sold_Date="bad", Item_Price="x", Penalty_Fee="1.234")
    report = parse(mercari_report(row))
    assert [(q.row, q.column) for q in report.quarantined] == [
        (2, "Sold Date"),
        (2, "Item Price"),
        (2, "Penalty Fee"),
    ]
    assert report.quarantined_row_count == 1
    assert report.data_row_count == 1 and report.rows.empty


def test_cell_and_schema_problems_are_sorted_by_row() -> None:
    rows = [sale(Net_Seller_Proceeds="1.00"), sale(Item_Id="m2", Sold_Date="x"), sale(Item_Id="")]
    report = parse(mercari_report(*rows))
    assert [(q.row, q.column) for q in report.quarantined] == [
        (2, "Net Seller Proceeds"),
        (3, "Sold Date"),
        (4, "Item Id"),
    ]


def test_reasons_never_contain_the_title() -> None:
    title = "Bundle for Shipped Buyer 1.00"
    rows = [
        sale(Item_Title=title, Order_Status="Shipped"),
        sale(Item_Id="m2", Item_Title=title, Sold_Date="Shipped Buyer"),
        sale(Item_Id="m3", Item_Title=title, Net_Seller_Proceeds="1.00"),
    ]
    report = parse(mercari_report(*rows))
    assert report.quarantined_row_count == 3
    for problem in report.quarantined:
        assert "Shipped" not in problem.reason and "Buyer" not in problem.reason
        assert problem.values["Item Title"] == title


def test_totals_count_quarantined_rows_cell_by_cell() -> None:
    bad_date = sale(Item_Id="m2", Sold_Date="bad")
    bad_price = sale(Item_Id="m3", Item_Price="twenty")
    report = parse(mercari_report(sale(), bad_date, bad_price, totals=False))
    assert report.quarantined_row_count == 2
    assert report.totals["item_price"] == Decimal("40.00")  # 20 + 20; "twenty" cannot count
    assert report.totals["net_seller_proceeds"] == Decimal("51.36")


def test_bad_rows_do_not_spoil_reconciliation() -> None:
    rows = [sale(), sale(Item_Id="m2", Sold_Date="bad"), sale(Item_Id="m3", Order_Status="?")]
    report = parse(mercari_report(*rows))
    assert report.quarantined_row_count == 2
    assert report.reconciled
    assert report.completed == 2 and report.cancelled == 0  # "?" is not a readable status


# --- reconciliation ----------------------------------------------------------------------------


def test_altered_totals_cell_is_reported() -> None:
    data = mercari_report(sale(), cancelled(Item_Id="m10000000002"))
    text = data.decode("utf-8")
    altered = text.replace(
        '"Totals:","","","","","","","","40.00"', '"Totals:","","","","","","","","40.01"'
    )
    assert altered != text
    report = parse(altered.encode())
    assert report.reconciled is False
    assert report.differences == {
        "item_price": {"file": "40.01", "computed": "40.00", "difference": "0.01"}
    }
    summary = check_summary(report)
    assert summary["differences"] == {
        "Item Price": {"file": "40.01", "computed": "40.00", "difference": "0.01"}
    }
    assert summary["reconciled"] is False


def test_unreadable_totals_cell() -> None:
    text = mercari_report(sale()).decode("utf-8")
    totals_line = text.split("\n")[2]
    assert totals_line.startswith('"Totals:"')
    report = parse(text.replace(totals_line, totals_line.replace('"20.00"', '"n/a"', 1)).encode())
    assert report.differences == {
        "item_price": {"file": "unreadable", "computed": "20.00", "difference": "unknown"}
    }
    assert not report.reconciled


def test_summary_shape_for_quarantined_rows() -> None:
    report = parse(mercari_report(sale(), sale()), name="mine.csv")
    summary = check_summary(report)
    assert summary["file"] == "mine.csv"
    assert summary["rows"] == 2
    assert summary["quarantined"] == [
        {"row": 3, "column": None, "reason": summary["quarantined"][0]["reason"]}
    ]
    assert summary["quarantined"][0]["reason"].startswith("duplicate of row 2")
    assert summary["date_range"] == {"first": "2021-03-01", "last": "2021-03-01"}
    assert list(summary["totals"]) == list(MONEY_COLUMNS)
    json.dumps(summary)


# --- privacy -----------------------------------------------------------------------------------


def test_logs_never_contain_titles(caplog: pytest.LogCaptureFixture) -> None:
    title = "Reserved for Jane Privacy"
    rows = [sale(Item_Title=title), sale(Item_Id="m2", Item_Title=title, Sold_Date="bad")]
    with caplog.at_level(logging.DEBUG):
        report = parse(mercari_report(*rows))
    assert report.quarantined_row_count == 1
    assert caplog.records, "the parser should log a summary line"
    assert all(
        "Jane" not in r.getMessage() and "Reserved" not in r.getMessage() for r in caplog.records
    )
