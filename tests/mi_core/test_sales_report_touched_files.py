"""Files a person has touched: mixed line endings, rows glued together, an enormous cell.

Every problem names the file, the row and the column."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mi_core.sales_report import REPORT_COLUMNS, ParsedReport, ReportError, parse_report
from mi_core.sales_report.reader import MAX_CELL_CHARS, MISSED_BOUNDARY
from tests.sales_report_files import (
    COMPLETED_ROW,
    SAMPLE_CANCELLED,
    SAMPLE_COMPLETED,
    SAMPLE_ROWS,
    sample_bytes,
    split_lines,
    with_line_endings,
)

# Pure: the reader and parser need no database.
pytestmark = pytest.mark.no_database

BOM = "\ufeff"
SALE = COMPLETED_ROW


def sale(n: int, **overrides: str) -> dict[str, str]:
    return {
        **SALE,
        "Item Id": f"m{n:011d}",
        **{k.replace("_", " "): v for k, v in overrides.items()},
    }


def line(row: dict[str, str]) -> str:
    return '"' + '","'.join(row[c].replace('"', '""', 1) for c in REPORT_COLUMNS) + '"'


HEADER = '"' + '","'.join(REPORT_COLUMNS) + '"'


def parse(data: bytes, name: str = "touched.csv") -> ParsedReport:
    return parse_report(data, source_name=name)


def the_error(data: bytes, name: str = "touched.csv") -> str:
    with pytest.raises(ReportError) as caught:
        parse(data, name)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


# --- line endings ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> ParsedReport:
    return parse(sample_bytes(), "mercari_sales_report_sample.csv")


@pytest.mark.parametrize(
    "endings",
    [
        (b"\r\n", b"\n", b"\r"),
        (b"\r", b"\n"),
        (b"\n", b"\n", b"\n", b"\r"),  # a few bare CRs in an LF file
        (b"\r\n", b"\r\n", b"\r"),  # a few bare CRs in a CRLF file
    ],
)
def test_sample_with_mixed_line_endings_reads_the_same(
    sample: ParsedReport, endings: tuple[bytes, ...]
) -> None:
    mixed = with_line_endings(sample_bytes(), endings)
    assert all(ending in mixed for ending in endings)
    report = parse(mixed, "mercari_sales_report_sample.csv")
    assert report.data_row_count == SAMPLE_ROWS
    assert (report.completed, report.cancelled) == (SAMPLE_COMPLETED, SAMPLE_CANCELLED)
    assert report.quarantined == []
    assert report.reconciled is True
    assert report.totals == sample.totals and report.file_totals == sample.file_totals
    assert report.generated_at == sample.generated_at
    assert report.rows.equals(sample.rows)


def test_mixed_endings_in_a_spreadsheet_resave() -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    titles = ["Mug, blue", 'Lamp 12" tall', "Plain"]
    writer.writerows([list(sale(n, Item_Title=t).values()) for n, t in enumerate(titles)])
    text = out.getvalue().split("\n")
    data = (text[0] + "\r" + text[1] + "\r\n" + text[2] + "\n" + text[3]).encode()
    report = parse(data)
    assert report.dialect == "csv" and report.quarantined == []
    assert report.rows["item_title"].tolist() == titles
    assert report.rows["row_number"].tolist() == [2, 3, 4]


def test_quoted_line_break_in_a_spreadsheet_cell_stays_in_the_cell() -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerow(list(sale(1, Item_Title="two\rlines").values()))
    writer.writerow(list(sale(2).values()))
    report = parse(out.getvalue().encode())
    assert report.quarantined == []
    assert report.rows["item_title"].tolist() == ["two\rlines", "Plain Test Mug"]


# --- a missed row boundary -----------------------------------------------------------------


def test_two_rows_on_one_line_are_quarantined_not_loaded() -> None:
    glued = line(sale(2)) + line(sale(3, Item_Price="30.00", Net_Seller_Proceeds="27.12"))
    data = (BOM + "\n".join([HEADER, line(sale(1)), glued, line(sale(4))])).encode()
    report = parse(data)
    assert [q.row for q in report.quarantined] == [3]
    problem = report.quarantined[0]
    assert (problem.column, problem.reason) == ("Item Title", MISSED_BOUNDARY)
    assert problem.values["Item Id"] == "m00000000002"
    assert report.rows["row_number"].tolist() == [2, 4]
    assert not report.rows["item_title"].str.contains('","', regex=False).any()


def test_row_glued_to_the_totals_row_is_quarantined() -> None:
    totals = '"Totals:","","","","","","","",' + ",".join(['"40.00"'] * 13)
    data = (BOM + "\n".join([HEADER, line(sale(1)), line(sale(2)) + "\u2028" + totals])).encode()
    report = parse(data)
    assert [(q.row, q.column, q.reason) for q in report.quarantined] == [
        (3, "Item Title", MISSED_BOUNDARY)
    ]
    assert report.file_totals is None and not report.reconciled


def test_a_deleted_line_break_in_the_real_sample_quarantines_just_that_row() -> None:
    bom, lines = split_lines(sample_bytes())
    lines[10:12] = [lines[10] + lines[11]]  # rows 11 and 12 on one line
    report = parse(bom + b"\n".join(lines))
    assert [(q.row, q.reason) for q in report.quarantined] == [(11, MISSED_BOUNDARY)]
    assert report.data_row_count == SAMPLE_ROWS - 1
    assert len(report.rows) == SAMPLE_ROWS - 2
    assert not report.reconciled  # two rows' money is missing, and the check says so


def test_spreadsheet_row_glued_to_the_next_is_quarantined() -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(REPORT_COLUMNS)
    first = io.StringIO()
    csv.writer(first, lineterminator="").writerow(list(sale(1).values()))
    second = io.StringIO()
    csv.writer(second, lineterminator="").writerow(list(sale(2).values()))
    report = parse((out.getvalue() + first.getvalue() + "," + second.getvalue()).encode())
    assert [(q.row, q.reason) for q in report.quarantined] == [(2, MISSED_BOUNDARY)]


@pytest.mark.parametrize(
    "title",
    ['a","b', 'Sizes "S","M" lot', '"1.00","2.00" stickers', 'Lot","2021-01-01","Completed'],
)
def test_titles_with_a_few_separators_are_still_titles(title: str) -> None:
    report = parse((BOM + "\n".join([HEADER, line(sale(1, Item_Title=title))])).encode())
    assert report.quarantined == []
    assert report.rows.loc[0, "item_title"] == title


def test_unquoted_title_with_commas_and_amounts_is_still_a_title() -> None:
    cells = list(sale(1).values())
    cells[4] = "Lot of 3, 2.00, 3.00, 4.00 each, 2021-01-01"
    data = (",".join(REPORT_COLUMNS) + "\n" + ",".join(cells)).encode()
    report = parse(data)
    assert report.quarantined == []
    assert report.rows.loc[0, "item_title"] == cells[4]


def test_row_glued_to_a_row_missing_a_cell_is_still_quarantined() -> None:
    second = line(sale(2)).replace('"Texas",', "", 1)  # one cell short
    data = (BOM + "\n".join([HEADER, line(sale(1)) + second])).encode()
    report = parse(data)
    assert [(q.row, q.reason) for q in report.quarantined] == [(2, MISSED_BOUNDARY)]
    assert report.rows.empty


def test_nothing_real_is_taken_for_a_missed_boundary(sample: ParsedReport) -> None:
    assert sample.quarantined == []
    assert not sample.rows["item_title"].str.contains('","', regex=False).any()


# --- an enormous cell --------------------------------------------------------------------------

FIVE_MB = 5 * 1024 * 1024


def test_short_row_with_a_5_mb_cell_is_one_clear_error() -> None:
    short = '"m1","2021-03-01","' + "x" * FIVE_MB + '"'
    message = the_error((BOM + "\n".join([HEADER, line(sale(1)), short])).encode())
    assert message == (
        'touched.csv: row 3, column 3 ("Canceled Date"): a cell of 5,242,880 characters'
        f" is longer than any sales report cell can be (at most {MAX_CELL_CHARS:,});"
        " the file is damaged or not a sales report"
    )


def test_full_row_with_a_5_mb_title_is_one_clear_error() -> None:
    data = (BOM + "\n".join([HEADER, line(sale(1, Item_Title="y" * FIVE_MB))])).encode()
    message = the_error(data)
    assert message.startswith('touched.csv: row 2, column 5 ("Item Title"): a cell of 5,242,880')


def test_5_mb_cell_in_a_spreadsheet_resave() -> None:
    header = ",".join(REPORT_COLUMNS)
    data = "\r\n".join([header, ",".join(sale(1).values()), "m2,2021-03-01," + "z" * FIVE_MB])
    message = the_error(data.encode())
    assert message.startswith('touched.csv: row 3, column 3 ("Canceled Date"): a cell of')


def test_5_mb_quoted_cell_over_several_lines_names_the_row() -> None:
    header = ",".join(REPORT_COLUMNS)
    cell = '"' + ("w" * 1000 + "\n") * (FIVE_MB // 1000) + '"'
    data = "\n".join([header, ",".join(sale(1).values()), "m2,2021-03-01,,," + cell])
    message = the_error(data.encode())
    assert message.startswith('touched.csv: row 3, column 5 ("Item Title"): a cell of')


def test_a_long_but_possible_cell_is_fine() -> None:
    title = "t" * MAX_CELL_CHARS
    report = parse((BOM + "\n".join([HEADER, line(sale(1, Item_Title=title))])).encode())
    assert report.rows.loc[0, "item_title"] == title
    assert report.totals["item_price"] == Decimal("20.00")


# --- every problem names the file, the row and the column -------------------------------------


def latin1_bytes(text: str) -> bytes:
    """UTF-8, except that each U+DCxx stands for the single (invalid) byte xx."""
    return text.encode("utf-8", "surrogateescape")


def test_not_utf8_names_the_row_and_column() -> None:
    rows = [HEADER, line(sale(1)), line(sale(2, Shipped_to_State="Tex\udce9as"))]
    message = the_error(latin1_bytes(BOM + "\n".join(rows)))
    assert message.startswith("touched.csv: not UTF-8 (invalid byte 0xe9 at offset")
    assert 'line 3, column 7 ("Shipped to State")' in message


def test_not_utf8_in_the_header_says_so() -> None:
    header = HEADER.replace("Sold Date", "Sold \udcff Date")
    assert "line 1, in the header" in the_error(latin1_bytes(header + "\n"))


def test_not_utf8_in_a_spreadsheet_resave_names_the_column() -> None:
    rows = [",".join(REPORT_COLUMNS), ",".join(sale(1, Item_Title="Caf\udce9").values())]
    message = the_error(latin1_bytes("\r\n".join(rows)))
    assert 'line 2, column 5 ("Item Title")' in message


# --- properties --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    endings=st.lists(st.sampled_from(["\r\n", "\n", "\r"]), min_size=5, max_size=5),
    titles=st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x85"),
            max_size=30,
        ).filter(lambda t: t.strip() and '","' not in t and "\u2028" not in t),
        min_size=3,
        max_size=3,
    ),
)
def test_any_mix_of_line_endings_reads_the_same_rows(endings: list[str], titles: list[str]) -> None:
    rows = [sale(n, Item_Title=t) for n, t in enumerate(titles)]
    totals = '"Totals:","","","","","","","",' + ",".join(
        f'"{sum(Decimal(r[c]) for r in rows):.2f}"' for c in REPORT_COLUMNS[8:]
    )
    lines = [HEADER, *map(line, rows), totals]
    text = "".join(part + ending for part, ending in zip(lines, endings, strict=True))
    report = parse((BOM + text).encode())
    assert report.quarantined == []
    assert report.rows["item_title"].tolist() == titles
    assert report.rows["row_number"].tolist() == [2, 3, 4]
    assert report.reconciled
