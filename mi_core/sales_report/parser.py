"""Parse and validate a Mercari US sales report (CSV) into a typed frame.

Pipeline: bytes -> records (`reader`) -> header check -> cell conversion
(`cells`; unconvertible cells quarantine their row) -> candidate frame ->
`ValidatedSalesRows` (lazy) -> failure cases become quarantined rows.

Files are only rejected outright (`ReportError`) when they cannot be a sales
report at all; anything row-shaped is kept or quarantined with its spreadsheet
row number, so a seller can fix the rows and re-upload.

Header policy: names match ignoring case and repeated/surrounding spaces;
columns in a different order are accepted when all 21 are present exactly
once (spreadsheet users drag columns around); anything missing, unknown or
duplicated is a `ReportError`.

Privacy: titles may hold buyer names ("Bundle for Jane"). Nothing here logs a
cell value, and quarantine reasons only quote number- or date-like cells.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .cells import NO_DATE, CellError, CellParser, shown
from .columns import (
    CANCELLED,
    COLUMN_BY_FIELD,
    COMPLETED,
    DATE_FIELDS,
    MONEY_COLUMNS,
    MONEY_FIELDS,
    NATURAL_KEY,
    REPORT_COLUMNS,
    cents_column,
)
from .reader import Record, RecordReader, ReportError, check_readable, read_source
from .schema import NATURAL_KEY_CHECK, NET_PROCEEDS_CHECK, ValidatedSalesRows, expected_net_cents

__all__ = ["ParsedReport", "QuarantinedRow", "ReportError", "check_summary", "parse_report"]

logger = logging.getLogger(__name__)

_WIDTH = len(REPORT_COLUMNS)
_DAY_NS = 86_400 * 10**9
_RAW_SEPARATOR = "\0"  # NUL is rejected in input files, so it cannot occur inside a cell
_INDEX = {column: i for i, column in enumerate(REPORT_COLUMNS)}
_DATE_SLOTS = tuple((_INDEX[COLUMN_BY_FIELD[f]], COLUMN_BY_FIELD[f]) for f in DATE_FIELDS)
_MONEY_SLOTS = tuple((_INDEX[column], column) for column in MONEY_COLUMNS)
_TEXT_FIELDS = ("item_id", "item_title", "order_status", "shipped_to_state", "shipped_from_state")
_DATE_INDEXES = tuple(slot for slot, _ in _DATE_SLOTS)
_MONEY_INDEXES = tuple(slot for slot, _ in _MONEY_SLOTS)
# Stripped text cells; the title is kept exactly as written.
_TEXT_INDEXES = tuple(_INDEX[c] for c in ("Item Id", "Shipped to State", "Shipped from State"))
_STATUS = _INDEX["Order Status"]
_TITLE = _INDEX["Item Title"]
FRAME_COLUMNS: tuple[str, ...] = tuple(ValidatedSalesRows.to_schema().columns)


@dataclass(frozen=True)
class QuarantinedRow:
    """A data row that was not accepted, and why.

    `row` is the spreadsheet row number (header = 1); `column` is the report
    header name, or None when the whole row is at fault.
    """

    row: int
    column: str | None
    reason: str
    values: dict[str, str]


@dataclass
class ParsedReport:
    """Everything learned from one report file."""

    source_name: str
    rows: pd.DataFrame
    quarantined: list[QuarantinedRow]
    data_row_count: int
    completed: int
    cancelled: int
    totals: dict[str, Decimal]
    file_totals: dict[str, Decimal] | None
    differences: dict[str, dict[str, str]]
    reconciled: bool
    generated_at: str | None
    dialect: str = "mercari"

    @property
    def quarantined_row_count(self) -> int:
        """Distinct rows with at least one problem."""
        return len({q.row for q in self.quarantined})

    @property
    def date_range(self) -> tuple[date, date] | None:
        """First and last Sold Date among the good rows."""
        if self.rows.empty:
            return None
        sold = self.rows["sold_date"]
        return sold.min().date(), sold.max().date()


def parse_report(
    source: str | os.PathLike[str] | bytes, *, source_name: str | None = None
) -> ParsedReport:
    """Parse a sales report; raise ReportError only if it is unreadable as one."""
    data, name = read_source(source, source_name)
    check_readable(data, name)
    collector = _Collector(name)
    dialect = _collect(RecordReader(data, name), collector)
    del data  # the bytes are no longer needed while the frame is built
    report = collector.finish(dialect)
    logger.info(
        "parsed %s: %d data rows, %d good, %d quarantined, reconciled=%s",
        name,
        report.data_row_count,
        len(report.rows),
        report.quarantined_row_count,
        report.reconciled,
    )
    return report


def _collect(reader: RecordReader, collector: _Collector) -> str:
    """Feed every record to the collector; returns the detected dialect."""
    for record in reader:
        if collector.layout is None:
            collector.read_header(record)
            reader.use_layout(collector.layout[_INDEX["Item Title"]], _WIDTH)
        else:
            collector.add(record)
    return reader.dialect


def _normalized(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


_CANONICAL = {_normalized(column): column for column in REPORT_COLUMNS}


def header_layout(cells: list[str], source_name: str) -> list[int]:
    """File position of each REPORT_COLUMNS entry; ReportError if the header is wrong."""
    found = [_normalized(cell) for cell in cells]
    known = sum(key in _CANONICAL for key in set(found))
    prefix = "header does not match a Mercari sales report"
    if known < len(REPORT_COLUMNS) // 2:
        # Probably not a header at all (maybe a data row): do not echo it,
        # it could contain a title with a buyer's name.
        expected = f'the first line should start with "{REPORT_COLUMNS[0]}","{REPORT_COLUMNS[1]}"'
        found_text = f"found {known} of the {len(REPORT_COLUMNS)} expected columns"
        raise ReportError(source_name, f"{prefix}: {found_text} ({expected})")
    missing = [c for c in REPORT_COLUMNS if _normalized(c) not in found]
    unexpected = [
        cell.strip() for cell, key in zip(cells, found, strict=True) if key not in _CANONICAL
    ]
    repeated = sorted({_CANONICAL[k] for k in found if k in _CANONICAL and found.count(k) > 1})
    labelled = (("missing", missing), ("unexpected", unexpected), ("repeated", repeated))
    problems = [f"{label} {_name_list(names)}" for label, names in labelled if names]
    if problems:
        raise ReportError(source_name, f"{prefix}: " + "; ".join(problems))
    return [found.index(_normalized(c)) for c in REPORT_COLUMNS]


def _name_list(names: list[str], limit: int = 5) -> str:
    shown_names = ", ".join(f'"{n[:40]}"' for n in names[:limit])
    return shown_names + (f" and {len(names) - limit} more" if len(names) > limit else "")


class _Collector:
    """Accumulates converted rows, counts, totals and the trailer rows."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.layout: list[int] | None = None
        self._reorder = False
        self._cells = CellParser()
        self._rows: list[tuple[Any, ...]] = []  # candidate rows, in FRAME_COLUMNS order
        self._raw: list[str] = []  # their raw cells, for quarantining schema failures
        # Money of quarantined rows still counts towards the totals (cell by
        # cell), so the totals stay comparable with the file's Totals row.
        self._quarantined_totals = [0] * len(MONEY_FIELDS)
        self.quarantined: list[QuarantinedRow] = []
        self.data_rows = self.completed = self.cancelled = 0
        self.totals_cells: list[str] | None = None
        self.generated_at: str | None = None

    def read_header(self, record: Record) -> None:
        self.layout = header_layout(record.cells, self.source_name)
        self._reorder = self.layout != list(range(_WIDTH))

    def add(self, record: Record) -> None:
        first = record.cells[0].lstrip()
        if first.startswith("Totals"):
            self.totals_cells = self._ordered(record.cells)
        elif first.startswith("Report generated on"):
            self.generated_at = first.partition(":")[2].strip() or None
        else:
            self.data_rows += 1
            self._add_data(record.row, record.cells)

    def _ordered(self, cells: list[str]) -> list[str]:
        if not self._reorder or len(cells) != _WIDTH:
            return cells
        assert self.layout is not None
        return [cells[i] for i in self.layout]

    def _add_data(self, row: int, cells: list[str]) -> None:
        if len(cells) != _WIDTH:
            reason = f"expected {_WIDTH} fields, found {len(cells)}"
            self.quarantined.append(QuarantinedRow(row, None, reason, _values_by_position(cells)))
            return
        cells = self._ordered(cells)
        status = self._cells.status(cells[_STATUS])
        self.completed += status == COMPLETED
        self.cancelled += status == CANCELLED
        dates, money = self._cells.dates, self._cells.money
        try:
            # Fast path: every value seen before. Memo misses fall through.
            days = [dates[cells[i]] for i in _DATE_INDEXES]
            cents = [money[cells[i]] for i in _MONEY_INDEXES]
        except KeyError:
            if not self._convert(row, cells):
                return
            days = [dates[cells[i]] for i in _DATE_INDEXES]
            cents = [money[cells[i]] for i in _MONEY_INDEXES]
        text = [cells[i].strip() for i in _TEXT_INDEXES]
        self._rows.append((row, text[0], *days, cells[_TITLE], status, *text[1:], *cents))
        self._raw.append(_RAW_SEPARATOR.join(cells))

    def _convert(self, row: int, cells: list[str]) -> bool:
        """Convert (and memoise) every cell; quarantine the row if any fails."""
        problems: list[tuple[str, str]] = []
        for slot, column in _DATE_SLOTS:
            try:
                self._cells.days(cells[slot], column)
            except CellError as err:
                problems.append((column, err.reason))
        converted: list[tuple[int, int]] = []
        for position, (slot, column) in enumerate(_MONEY_SLOTS):
            try:
                converted.append((position, self._cells.cents(cells[slot], column)))
            except CellError as err:
                problems.append((column, err.reason))
        if not problems:
            return True
        for position, cents in converted:
            self._quarantined_totals[position] += cents
        values = dict(zip(REPORT_COLUMNS, cells, strict=True))
        self.quarantined.extend(QuarantinedRow(row, c, reason, values) for c, reason in problems)
        return False

    def finish(self, dialect: str) -> ParsedReport:
        frame = self._frame()
        problems = schema_problems(frame)
        for index, column, reason in problems:
            values = dict(zip(REPORT_COLUMNS, self._raw[index].split(_RAW_SEPARATOR), strict=True))
            row = int(frame.at[index, "row_number"])
            self.quarantined.append(QuarantinedRow(row, column, reason, values))
        self.quarantined.sort(key=lambda q: (q.row, _column_order(q.column)))
        bad = sorted({index for index, _, _ in problems})
        good = frame.drop(index=bad).reset_index(drop=True) if bad else frame
        totals = self._totals(frame)
        file_totals, differences = _reconcile(totals, self.totals_cells, self._cells)
        return ParsedReport(
            source_name=self.source_name,
            rows=good,
            quarantined=self.quarantined,
            data_row_count=self.data_rows,
            completed=self.completed,
            cancelled=self.cancelled,
            totals=totals,
            file_totals=file_totals,
            differences=differences,
            reconciled=file_totals is not None and not differences,
            generated_at=self.generated_at,
            dialect=dialect,
        )

    def _totals(self, frame: pd.DataFrame) -> dict[str, Decimal]:
        # Python ints, not numpy sums: exact whatever the file size.
        return {
            name: _to_decimal(sum(frame[cents_column(name)].tolist()) + extra)
            for name, extra in zip(MONEY_FIELDS, self._quarantined_totals, strict=True)
        }

    def _frame(self) -> pd.DataFrame:
        # Transpose, then let each row tuple and column tuple go as soon as
        # it is converted: keeps the peak near one copy of the data.
        columns = list(zip(*self._rows, strict=True)) or [()] * len(FRAME_COLUMNS)
        self._rows = []
        columns.reverse()
        data: dict[str, Any] = {}
        for name in FRAME_COLUMNS:
            values = columns.pop()
            if name in DATE_FIELDS:
                data[name] = _days_to_datetime(values)
            elif name in _TEXT_FIELDS:
                data[name] = np.array(values, dtype=object)
            else:
                data[name] = np.array(values, dtype=np.int64)
        return pd.DataFrame(data, columns=list(FRAME_COLUMNS))


def _values_by_position(cells: list[str]) -> dict[str, str]:
    # With too few fields the cells may not line up, but the seller still
    # needs to see them. (Surplus fields never get here: they are merged
    # into the title by the reader.)
    return dict(zip(REPORT_COLUMNS, cells, strict=False))


def _column_order(column: str | None) -> int:
    return -1 if column is None else _INDEX.get(column, _WIDTH)


def _days_to_datetime(days: tuple[int, ...]) -> np.ndarray:
    values = np.array(days, dtype=np.int64)
    missing = values == NO_DATE
    values[missing] = 0  # avoid overflow in the multiplication below
    values *= _DAY_NS
    values[missing] = NO_DATE
    return values.view("datetime64[ns]")


def _to_decimal(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _money_text(value: Decimal) -> str:
    return f"{value:.2f}"


def _cents_text(cents: int) -> str:
    return _money_text(_to_decimal(int(cents)))


def schema_problems(frame: pd.DataFrame) -> list[tuple[int, str | None, str]]:
    """(frame index, header column or None, reason) for every schema failure."""
    try:
        ValidatedSalesRows.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as err:
        explainer = _Explainer(frame)
        problems = [p for error in err.schema_errors for p in explainer.explain(error)]
        return list(dict.fromkeys(problems))  # pandera may report a row twice
    return []


def _failed_index(error: pa.errors.SchemaError) -> list[int]:
    """Frame index of every row the error is about.

    A check's boolean `check_output` covers every row; `failure_cases` is
    used only where there is no such output (e.g. not-null checks), because
    the frame-wide checks cap their failure cases (see schema.py).
    """
    output = error.check_output
    if isinstance(output, pd.Series) and output.dtype == bool:
        return output.index[~output].tolist()
    cases = error.failure_cases
    if isinstance(cases, pd.DataFrame) and "index" in cases and cases["index"].notna().all():
        return cases["index"].astype(int).tolist()
    # No rows: the frame itself is wrong (dtype, columns). That is a bug in this
    # module, not bad data. Name the check only: failure cases may hold titles.
    raise RuntimeError(f"sales report frame violates its schema: {_check_name(error)}")


def _check_name(error: pa.errors.SchemaError) -> str:
    check = error.check
    return str(getattr(check, "name", None) or check)


class _Explainer:
    """Words pandera schema errors as seller-facing reasons, vectorised per check."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def explain(self, error: pa.errors.SchemaError) -> list[tuple[int, str | None, str]]:
        indexes = _failed_index(error)
        check = _check_name(error)
        if check == NET_PROCEEDS_CHECK:
            return self._net_reasons(indexes)
        if check == NATURAL_KEY_CHECK:
            return self._duplicate_reasons(indexes)
        field = str(getattr(error.schema, "name", ""))
        header = COLUMN_BY_FIELD.get(field.removesuffix("_cents"), field)
        return [(i, header, self._column_reason(i, field, header, check)) for i in indexes]

    def _column_reason(self, index: int, field: str, header: str, check: str) -> str:
        if check == "not_nullable":
            return f"{header} is missing"
        if field == "item_id" and check == "str_length":
            return "Item Id is empty"
        if field == "order_status" and check == "isin":
            status = _shown_status(
                self.frame.at[index, "order_status"], self.frame.at[index, "item_title"]
            )
            return f"Order Status{status} is not Completed or Cancelled"
        if field == "item_price_cents" and check == "greater_than_or_equal_to":
            return f"Item Price is negative ({_cents_text(self.frame.at[index, field])})"
        return f"{header} failed the {check} check"

    def _net_reasons(self, indexes: list[int]) -> list[tuple[int, str | None, str]]:
        found = self.frame["net_seller_proceeds_cents"]
        expected = expected_net_cents(self.frame)
        cancelled = self.frame["order_status"] == CANCELLED
        reasons = []
        for i in indexes:
            if cancelled.at[i]:
                reason = f"Net Seller Proceeds is {_cents_text(found.at[i])} on a cancelled order"
                reason += "; expected 0.00"
            else:
                reason = f"Net Seller Proceeds is {_cents_text(found.at[i])} but Item Price minus"
                reason += f" seller fees is {_cents_text(expected.at[i])}"
            reasons.append((i, "Net Seller Proceeds", reason))
        return reasons

    def _duplicate_reasons(self, indexes: list[int]) -> list[tuple[int, str | None, str]]:
        keys = self.frame.groupby(list(NATURAL_KEY), sort=False, dropna=False)
        first = keys["row_number"].transform("first")
        same = "(same Item Id, Sold Date and Order Status)"
        return [(i, None, f"duplicate of row {first.at[i]} {same}") for i in indexes]


def _shown_status(status: str, title: str) -> str:
    # Show a bad status only if it cannot be a fragment of the title.
    if (
        len(status) <= 20
        and status.replace(" ", "").isalpha()
        and status.casefold() not in title.casefold()
    ):
        return f' "{status}"'
    return shown(status)


def _reconcile(
    totals: dict[str, Decimal], cells: list[str] | None, parser: CellParser
) -> tuple[dict[str, Decimal] | None, dict[str, dict[str, str]]]:
    """The file's Totals row, and every money column where it disagrees with the rows."""
    if cells is None:
        return None, {}
    file_totals: dict[str, Decimal] = {}
    differences: dict[str, dict[str, str]] = {}
    for (slot, column), name in zip(_MONEY_SLOTS, MONEY_FIELDS, strict=True):
        computed = totals[name]
        try:
            if len(cells) != _WIDTH:
                raise CellError("Totals row has the wrong number of fields")
            file_value = file_totals[name] = _to_decimal(parser.cents(cells[slot], column))
        except CellError:
            differences[name] = {
                "file": "unreadable",
                "computed": _money_text(computed),
                "difference": "unknown",
            }
            continue
        if file_value != computed:
            differences[name] = {
                "file": _money_text(file_value),
                "computed": _money_text(computed),
                "difference": _money_text(file_value - computed),
            }
    return file_totals, differences


def check_summary(report: ParsedReport) -> dict[str, Any]:
    """The JSON object printed by `mi check FILE` (header names as money keys)."""
    date_range = report.date_range
    return {
        "file": report.source_name,
        "rows": report.data_row_count,
        "completed": report.completed,
        "cancelled": report.cancelled,
        "quarantined": [
            {"row": q.row, "column": q.column, "reason": q.reason} for q in report.quarantined
        ],
        "totals": {
            COLUMN_BY_FIELD[name]: _money_text(value) for name, value in report.totals.items()
        },
        "reconciled": report.reconciled,
        "differences": {COLUMN_BY_FIELD[name]: diff for name, diff in report.differences.items()},
        "date_range": None
        if date_range is None
        else {"first": date_range[0].isoformat(), "last": date_range[1].isoformat()},
    }
