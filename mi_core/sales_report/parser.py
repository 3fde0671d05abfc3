"""Parse and validate a Mercari US sales report (CSV) into a typed frame.

Pipeline: bytes -> records (`reader`) -> header check -> cell conversion
(`cells`; unconvertible cells quarantine their row) -> candidate frame ->
`ValidatedSalesRows` (lazy) -> failure cases become quarantined rows.

Files are only rejected outright (`ReportError`) when they cannot be a sales
report at all; anything row-shaped is kept or quarantined with its spreadsheet
row number, so a seller can fix the rows and re-upload.

Header policy: names match ignoring case and repeated/surrounding spaces, and
a column may go by the name its layout uses (`columns.COLUMN_ALIASES`); any
order is accepted (spreadsheet users drag columns around). The layout
(`columns.LAYOUTS`: "2022" with 17 columns, "2024" with the current 21) is
the one the header matches best. A column the file lacks is ABSENT: its cents
column in the frame is all-NA ("Int64"), never zero, it is left out of the
totals and of the net-proceeds rule, and `ParsedReport.present_columns` says
which columns the file has. Unknown columns are kept: listed in
`ParsedReport.unknown_columns`, their cells in `ParsedReport.extra` (JSON text
per good row) and in every quarantined row's values. A header missing a core
column (`columns.CORE_COLUMNS`), or naming a column twice, is a `ReportError`.

Privacy: titles may hold buyer names ("Bundle for Jane"). Nothing here logs a
cell value, and quarantine reasons only quote number- or date-like cells.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from .cells import NO_DATE, CellError, CellParser, shown
from .columns import (
    CANCELLED,
    COLUMN_ALIASES,
    COLUMN_BY_FIELD,
    COMPLETED,
    CORE_COLUMNS,
    CURRENT_LAYOUT,
    DATE_FIELDS,
    LAYOUTS,
    MONEY_COLUMNS,
    MONEY_FIELDS,
    NATURAL_KEY,
    REPORT_COLUMNS,
    ReportLayout,
    cents_column,
)
from .fees import FeeCheck, check_fees, fee_summary
from .reader import Record, RecordReader, ReportError, check_readable, read_source
from .schema import NATURAL_KEY_CHECK, NET_PROCEEDS_CHECK, ValidatedSalesRows, expected_net_cents

__all__ = [
    "HeaderLayout",
    "ParsedReport",
    "QuarantinedRow",
    "ReportError",
    "check_summary",
    "parse_report",
]

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
# The dtype of an absent money column: nullable, so NA is not confused with zero.
ABSENT_DTYPE = "Int64"


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
    # Which export generation the header is ("2022", "2024"; see columns.LAYOUTS).
    layout: str = CURRENT_LAYOUT.name
    # REPORT_COLUMNS names of the columns the file has, in REPORT_COLUMNS order.
    present_columns: tuple[str, ...] = REPORT_COLUMNS
    # REPORT_COLUMNS name -> the name this file's layout gives it (e.g. the 2022
    # "Payment Processing Fee"); used for totals keys and messages.
    column_names: dict[str, str] = field(default_factory=lambda: {c: c for c in REPORT_COLUMNS})
    # Header cells matching no known column, as written, in file order.
    unknown_columns: tuple[str, ...] = ()
    # Per good row (aligned with `rows`): the unknown columns' cells as a JSON
    # object text, or None when the file has no unknown columns.
    extra: pd.Series | None = None

    def __post_init__(self) -> None:
        if self.extra is None:
            self.extra = pd.Series(None, index=self.rows.index, dtype=object, name="extra")

    @property
    def absent_columns(self) -> tuple[str, ...]:
        """REPORT_COLUMNS names of the columns this file's layout lacks (NULL, not zero)."""
        return tuple(c for c in REPORT_COLUMNS if c not in self.present_columns)

    @property
    def present_money_fields(self) -> tuple[str, ...]:
        """MONEY_FIELDS the file has, in report order."""
        present = set(self.present_columns)
        return tuple(f for f in MONEY_FIELDS if COLUMN_BY_FIELD[f] in present)

    def fee_check(self) -> FeeCheck:
        """The seller fees of every completed good row against the dated fee rules."""
        return check_fees(self.rows, names=self.column_names)

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
    # No file name: a seller names their files (sometimes after a buyer); the log line's
    # upload id (mi_core.logging_config) says which report this was.
    logger.info(
        "parsed a report: %d data rows, %d good, %d quarantined, reconciled=%s",
        report.data_row_count,
        len(report.rows),
        report.quarantined_row_count,
        report.reconciled,
    )
    return report


def _collect(reader: RecordReader, collector: _Collector) -> str:
    """Feed every record to the collector; returns the detected dialect."""
    for record in reader:
        if collector.header is None:
            header = collector.read_header(record)
            reader.use_layout(header.positions[_TITLE], header.width)
        else:
            collector.add(record)
    return reader.dialect


def _normalized(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


# Every known spelling (normalised) -> (REPORT_COLUMNS name, the spelling as Mercari writes it).
_KNOWN: dict[str, tuple[str, str]] = {
    **{_normalized(a): (c, a) for c, aliases in COLUMN_ALIASES.items() for a in aliases},
    **{_normalized(c): (c, c) for c in REPORT_COLUMNS},
}


@dataclass(frozen=True)
class HeaderLayout:
    """What a header says: the layout, where each column is, and what else is there."""

    layout: ReportLayout
    # File index of each REPORT_COLUMNS entry, -1 where the file lacks it.
    positions: tuple[int, ...]
    # REPORT_COLUMNS name -> the name the file's layout uses, for every column.
    names: dict[str, str]
    # (file index, key) of every unknown column; keys are the header as written,
    # made unique ("Notes", "Notes (2)"), or "column N" when the header is empty.
    unknown: tuple[tuple[int, str], ...]
    width: int

    @property
    def present_columns(self) -> tuple[str, ...]:
        return tuple(c for c, i in zip(REPORT_COLUMNS, self.positions, strict=True) if i >= 0)

    @property
    def file_names(self) -> tuple[str, ...]:
        """A name for every file position, in file order (for showing a row's values)."""
        names = [""] * self.width
        for column, index in zip(REPORT_COLUMNS, self.positions, strict=True):
            if index >= 0:
                names[index] = self.names[column]
        for index, key in self.unknown:
            names[index] = key
        return tuple(names)


def header_layout(cells: list[str], source_name: str) -> HeaderLayout:
    """Read a header; ReportError if it is not a sales report's."""
    found = [_normalized(cell) for cell in cells]
    known = sum(key in _KNOWN for key in set(found))
    prefix = "header does not match a Mercari sales report"
    if known < len(REPORT_COLUMNS) // 2:
        # Probably not a header at all (maybe a data row): do not echo it,
        # it could contain a title with a buyer's name.
        expected = f'the first line should start with "{REPORT_COLUMNS[0]}","{REPORT_COLUMNS[1]}"'
        found_text = f"found {known} of the {len(REPORT_COLUMNS)} expected columns"
        raise ReportError(source_name, f"{prefix}: {found_text} ({expected})")
    canonical = [_KNOWN[key][0] if key in _KNOWN else None for key in found]
    missing = [c for c in CORE_COLUMNS if c not in canonical]
    repeated = sorted({c for c in canonical if c is not None and canonical.count(c) > 1})
    if missing or repeated:
        unexpected = [
            cell.strip() for cell, column in zip(cells, canonical, strict=True) if column is None
        ]
        problems = [f"missing {_missing_list(missing)}"] if missing else []
        labelled = (("unexpected", unexpected), ("repeated", repeated))
        problems += [f"{label} {_name_list(names)}" for label, names in labelled if names]
        raise ReportError(source_name, f"{prefix}: " + "; ".join(problems))
    positions = tuple(canonical.index(c) if c in canonical else -1 for c in REPORT_COLUMNS)
    names = {c: c for c in REPORT_COLUMNS}
    for key, column in zip(found, canonical, strict=True):
        if column is not None:
            names[column] = _KNOWN[key][1]
    present = {c for c in canonical if c is not None}
    return HeaderLayout(
        layout=_best_layout(present),
        positions=positions,
        names=names,
        unknown=_unknown_keys(cells, canonical),
        width=len(cells),
    )


def _missing_list(columns: list[str]) -> str:
    # A column's other names too, so the user of an older layout knows its name.
    return ", ".join(
        " or ".join(f'"{name}"' for name in (column, *COLUMN_ALIASES.get(column, ())))
        for column in columns
    )


def _best_layout(present: set[str]) -> ReportLayout:
    """The layout with most of its columns here and fewest missing; the later on a tie."""

    def score(layout: ReportLayout) -> int:
        columns = layout.canonical_columns
        return len(columns & present) - len(columns - present)

    return max(reversed(LAYOUTS), key=score)


def _unknown_keys(cells: list[str], canonical: list[str | None]) -> tuple[tuple[int, str], ...]:
    keys: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index, (cell, column) in enumerate(zip(cells, canonical, strict=True)):
        if column is not None:
            continue
        key = cell.replace("\ufeff", "").strip() or f"column {index + 1}"
        seen[key] = seen.get(key, 0) + 1
        keys.append((index, key if seen[key] == 1 else f"{key} ({seen[key]})"))
    return tuple(keys)


def _name_list(names: list[str], limit: int = 5) -> str:
    shown_names = ", ".join(f'"{n[:40]}"' for n in names[:limit])
    return shown_names + (f" and {len(names) - limit} more" if len(names) > limit else "")


class _Collector:
    """Accumulates converted rows, counts, totals and the trailer rows."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.header: HeaderLayout | None = None
        self._positions: list[int] = list(range(_WIDTH))
        self._reorder = False
        self._names: dict[str, str] = {c: c for c in REPORT_COLUMNS}
        self._file_names: tuple[str, ...] = REPORT_COLUMNS
        self._unknown: tuple[tuple[int, str], ...] = ()
        self._width = _WIDTH
        self._cells = CellParser()
        self._rows: list[tuple[Any, ...]] = []  # candidate rows, in FRAME_COLUMNS order
        self._raw: list[str] = []  # their raw cells, for quarantining schema failures
        self._extra: list[str | None] = []  # their unknown columns, as JSON text
        # Money of quarantined rows still counts towards the totals (cell by
        # cell), so the totals stay comparable with the file's Totals row.
        self._quarantined_totals = [0] * len(MONEY_FIELDS)
        self.quarantined: list[QuarantinedRow] = []
        self.data_rows = self.completed = self.cancelled = 0
        self.totals_cells: list[str] | None = None
        self.totals_width_ok = False
        self.generated_at: str | None = None

    def read_header(self, record: Record) -> HeaderLayout:
        header = self.header = header_layout(record.cells, self.source_name)
        self._positions = list(header.positions)
        self._width = header.width
        self._reorder = self._positions != list(range(_WIDTH)) or header.width != _WIDTH
        self._names = header.names
        self._file_names = header.file_names
        self._unknown = header.unknown
        return header

    def add(self, record: Record) -> None:
        first = record.cells[0].lstrip()
        if record.problem is None and first.startswith("Totals"):
            self.totals_width_ok = len(record.cells) == self._width
            self.totals_cells = self._ordered(record.cells)
        elif record.problem is None and first.startswith("Report generated on"):
            self.generated_at = first.partition(":")[2].strip() or None
        else:
            self.data_rows += 1
            self._add_data(record)

    def _ordered(self, cells: list[str]) -> list[str]:
        """Cells in REPORT_COLUMNS order ("" where the file lacks a column)."""
        if not self._reorder or len(cells) != self._width:
            return cells
        return [cells[i] if i >= 0 else "" for i in self._positions]

    def _add_data(self, record: Record) -> None:
        row, cells = record.row, record.cells
        if len(cells) != self._width:
            reason = f"expected {self._width} fields, found {len(cells)}"
            values = dict(zip(self._file_names, cells, strict=False))
            self.quarantined.append(QuarantinedRow(row, None, reason, values))
            return
        if record.problem is not None:
            values = dict(zip(self._file_names, cells, strict=True))
            title = self._names["Item Title"]
            self.quarantined.append(QuarantinedRow(row, title, record.problem, values))
            return
        extra = self._extra_json(cells)
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
            if not self._convert(row, cells, extra):
                return
            days = [dates[cells[i]] for i in _DATE_INDEXES]
            cents = [money[cells[i]] for i in _MONEY_INDEXES]
        text = [cells[i].strip() for i in _TEXT_INDEXES]
        self._rows.append((row, text[0], *days, cells[_TITLE], status, *text[1:], *cents))
        self._raw.append(_RAW_SEPARATOR.join(cells))
        self._extra.append(extra)

    def _extra_json(self, cells: list[str]) -> str | None:
        if not self._unknown:
            return None
        return json.dumps({key: cells[i] for i, key in self._unknown}, ensure_ascii=False)

    def _values(self, ordered: list[str], extra: str | None) -> dict[str, str]:
        """A row's cells by the file's column names (REPORT_COLUMNS order, then unknown)."""
        values = {
            self._names[column]: cell
            for column, cell, index in zip(REPORT_COLUMNS, ordered, self._positions, strict=True)
            if index >= 0
        }
        if extra is not None:
            values.update(json.loads(extra))
        return values

    def _convert(self, row: int, cells: list[str], extra: str | None) -> bool:
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
                converted.append((position, self._cells.cents(cells[slot], self._names[column])))
            except CellError as err:
                problems.append((self._names[column], err.reason))
        if not problems:
            return True
        for position, cents in converted:
            self._quarantined_totals[position] += cents
        values = self._values(cells, extra)
        self.quarantined.extend(QuarantinedRow(row, c, reason, values) for c, reason in problems)
        return False

    @property
    def _absent_fields(self) -> tuple[str, ...]:
        positions = self._positions
        return tuple(
            f for f, i in zip(MONEY_FIELDS, _MONEY_INDEXES, strict=True) if positions[i] < 0
        )

    def finish(self, dialect: str) -> ParsedReport:
        frame = self._frame()
        absent = [cents_column(f) for f in self._absent_fields]
        # The schema checks the columns the file has: an absent one is no zero to check.
        checked = frame.drop(columns=absent) if absent else frame
        problems = schema_problems(checked, without=absent, names=self._names)
        for index, column, reason in problems:
            cells = self._raw[index].split(_RAW_SEPARATOR)
            values = self._values(cells, self._extra[index])
            row = int(frame.at[index, "row_number"])
            self.quarantined.append(QuarantinedRow(row, column, reason, values))
        order = {name: _INDEX[c] for c, name in self._names.items()}
        self.quarantined.sort(
            key=lambda q: (q.row, -1 if q.column is None else order.get(q.column, _WIDTH))
        )
        bad = sorted({index for index, _, _ in problems})
        good = frame.drop(index=bad).reset_index(drop=True) if bad else frame
        extra = pd.Series(self._extra, dtype=object, name="extra")
        extra = extra.drop(index=bad).reset_index(drop=True) if bad else extra
        for column in absent:
            good[column] = pd.Series(pd.NA, index=good.index, dtype=ABSENT_DTYPE)
        present_fields = [f for f in MONEY_FIELDS if cents_column(f) not in absent]
        totals = self._totals(frame, present_fields)
        file_totals, differences = _reconcile(
            totals, self.totals_cells, self.totals_width_ok, self._cells, self._names
        )
        header = self.header
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
            layout=(header.layout if header else CURRENT_LAYOUT).name,
            present_columns=header.present_columns if header else REPORT_COLUMNS,
            column_names=dict(self._names),
            unknown_columns=tuple(key for _, key in self._unknown),
            extra=extra,
        )

    def _totals(self, frame: pd.DataFrame, fields: list[str]) -> dict[str, Decimal]:
        # Python ints, not numpy sums: exact whatever the file size.
        extras = dict(zip(MONEY_FIELDS, self._quarantined_totals, strict=True))
        return {
            name: _to_decimal(sum(frame[cents_column(name)].tolist()) + extras[name])
            for name in fields
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


def schema_problems(
    frame: pd.DataFrame,
    *,
    without: list[str] | None = None,
    names: dict[str, str] | None = None,
) -> list[tuple[int, str | None, str]]:
    """(frame index, header column or None, reason) for every schema failure.

    `without`: frame columns of absent report columns, left out of the frame and the
    schema. `names`: REPORT_COLUMNS name -> the file's name, for the reasons.
    """
    schema = ValidatedSalesRows.to_schema()  # looked up here, so a patched model is used
    if without:
        schema = schema.remove_columns(without)
    try:
        schema.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as err:
        explainer = _Explainer(frame, names or {})
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

    def __init__(self, frame: pd.DataFrame, names: dict[str, str]) -> None:
        self.frame = frame
        self.names = names

    def explain(self, error: pa.errors.SchemaError) -> list[tuple[int, str | None, str]]:
        indexes = _failed_index(error)
        check = _check_name(error)
        if check == NET_PROCEEDS_CHECK:
            return self._net_reasons(indexes)
        if check == NATURAL_KEY_CHECK:
            return self._duplicate_reasons(indexes)
        field = str(getattr(error.schema, "name", ""))
        header = COLUMN_BY_FIELD.get(field.removesuffix("_cents"), field)
        header = self.names.get(header, header)
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
    totals: dict[str, Decimal],
    cells: list[str] | None,
    width_ok: bool,
    parser: CellParser,
    names: dict[str, str],
) -> tuple[dict[str, Decimal] | None, dict[str, dict[str, str]]]:
    """The file's Totals row, and every money column (of `totals`) where it disagrees."""
    if cells is None:
        return None, {}
    file_totals: dict[str, Decimal] = {}
    differences: dict[str, dict[str, str]] = {}
    for (slot, column), name in zip(_MONEY_SLOTS, MONEY_FIELDS, strict=True):
        if name not in totals:
            continue  # a column the file does not have
        computed = totals[name]
        try:
            if not width_ok:
                raise CellError("Totals row has the wrong number of fields")
            file_value = _to_decimal(parser.cents(cells[slot], names.get(column, column)))
            file_totals[name] = file_value
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
    """The JSON object printed by `mi check FILE` (the file's header names as money keys).

    `totals` and `differences` name only the columns the file has; `layout` is the
    export generation; `fees` is `fees.fee_summary` of the fee check.
    """
    date_range = report.date_range
    names = report.column_names
    return {
        "file": report.source_name,
        "layout": report.layout,
        "rows": report.data_row_count,
        "completed": report.completed,
        "cancelled": report.cancelled,
        "quarantined": [
            {"row": q.row, "column": q.column, "reason": q.reason} for q in report.quarantined
        ],
        "totals": {
            names[COLUMN_BY_FIELD[name]]: _money_text(value)
            for name, value in report.totals.items()
        },
        "reconciled": report.reconciled,
        "differences": {
            names[COLUMN_BY_FIELD[name]]: diff for name, diff in report.differences.items()
        },
        "date_range": None
        if date_range is None
        else {"first": date_range[0].isoformat(), "last": date_range[1].isoformat()},
        "fees": fee_summary(report.fee_check()),
    }
