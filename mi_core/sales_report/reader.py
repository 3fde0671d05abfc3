"""Turning report bytes into records (lists of raw cell strings).

Two dialects exist in the wild:

* ``mercari`` — the file as Mercari writes it: every field quoted, but only
  the FIRST inner ``"`` of a field is doubled (their exporter replaces the
  first occurrence only). The csv module mis-reads such rows, so a line is
  split on ``","`` instead, and any surplus pieces are glued back into the
  title, the only free-text column. Re-joining with ``","`` is lossless, so a
  title that literally contains ``","`` also survives.
* ``csv`` — the file after a spreadsheet re-save: standard CSV with quoting
  only where needed. It is read with the csv module, which also copes with
  quoted line breaks.

Bytes are decoded line by line so a single emoji does not widen the whole
file to 4 bytes per character in memory. A line ends at ``\r\n``, ``\n`` or a
bare ``\r``, in any mix: a file a person has edited on two systems has all
three, and a row must never be glued to the next one.

Two row-level guards:

* A missed row boundary. Surplus pieces are glued back into the title (see
  above), but when those pieces look like the cells of another row (order
  statuses, dates, amounts) the "title" is really the end of one row and the
  start of the next: the record carries a `problem` and the parser
  quarantines it instead of loading a row made of two halves. It takes at
  least half a row of surplus pieces, three of them cell-like: a real title
  with a literal ``","`` (``Sizes "S","M" lot``) or unquoted commas has
  neither.
* A cell longer than `MAX_CELL_CHARS` refuses the file with a `ReportError`
  naming the row and column (no real cell comes near; the csv module would
  otherwise fail with its own field-limit error).
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

_BOM = b"\xef\xbb\xbf"
_MERCARI_SEPARATOR = '","'
_LINE_END = re.compile(rb"\r\n?|\n")
# The csv module's own default field limit; Mercari titles are at most 80 characters.
MAX_CELL_CHARS = 131_072
# A glued-in piece that is a whole cell of another row, not part of a title.
_CELL_LIKE = re.compile(
    r"\(?-?\$?-?\d[\d,]*\.\d\d\)?"  # an amount
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"  # a date
    r"|completed|cancell?ed",  # an order status
    re.IGNORECASE,
)
# A missed row boundary glues a whole second row into the title: at least half a
# row's worth of surplus pieces, this many of them cells (amounts, dates, statuses).
_ROW_LIKE_PIECES = 3
MISSED_BOUNDARY = (
    "Item Title holds the cells of another row (a line break is missing or was not"
    " recognised), so the row is not loaded"
)
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "it looks like an Excel workbook or a zip archive; export it as CSV"),
    (b"\xd0\xcf\x11\xe0", "it looks like an old Excel .xls workbook; export it as CSV"),
    (b"%PDF", "it is a PDF; download the CSV sales report instead"),
    (b"\x1f\x8b", "it is gzip-compressed; unzip it first"),
    (b"\xff\xfe", "it is UTF-16 text; save it as CSV UTF-8"),
    (b"\xfe\xff", "it is UTF-16 text; save it as CSV UTF-8"),
)


class ReportError(ValueError):
    """The file cannot be read as a sales report at all; str() is one line."""

    def __init__(self, source_name: str, problem: str) -> None:
        super().__init__(f"{source_name}: {problem}")
        self.source_name = source_name
        self.problem = problem


class Record(NamedTuple):
    """One non-blank spreadsheet row: its 1-based row number and raw cells.

    `problem` is set when the row cannot be trusted as a whole (see
    `MISSED_BOUNDARY`); its cells are then only for showing to the seller.
    """

    row: int
    cells: list[str]
    problem: str | None = None


def read_source(
    source: str | os.PathLike[str] | bytes, source_name: str | None
) -> tuple[bytes, str]:
    """The file's bytes and the name to use in messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), source_name or "<bytes>"
    path = Path(source)
    name = source_name or path.name
    try:
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ReportError(name, "file not found") from None
    except IsADirectoryError:
        raise ReportError(name, "is a directory, not a file") from None
    except OSError as err:
        raise ReportError(name, f"cannot be read ({err.strerror or err})") from None


def check_readable(data: bytes, name: str) -> None:
    """Reject empty and binary files before any decoding is attempted."""
    if not data:
        raise ReportError(name, "file is empty")
    for magic, problem in _BINARY_MAGIC:
        if data.startswith(magic):
            raise ReportError(name, f"not a CSV file ({problem})")
    if b"\x00" in data:
        if _looks_like_bomless_utf16(data):
            raise ReportError(name, "not a CSV file (it is UTF-16 text; save it as CSV UTF-8)")
        raise ReportError(name, "not a CSV file (it contains NUL bytes, so it is binary)")
    if not data.removeprefix(_BOM).strip():
        raise ReportError(name, "file is empty")


def _looks_like_bomless_utf16(data: bytes) -> bool:
    """ASCII text saved as UTF-16 without a byte-order mark: every other byte is NUL
    (found by the fuzz test: such files were called binary, which helps no seller)."""
    head = data[:256]
    if len(head) < 4:
        return False
    for zeros, text in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if not zeros.strip(b"\x00") and b"\x00" not in text:
            return True
    return False


def _decoded_lines(data: bytes, name: str) -> Iterator[str]:
    """Decoded lines, line endings kept (the csv module needs them).

    A line ends at CRLF, LF or a bare CR (classic Mac), in any mix.
    """
    start = len(_BOM) if data.startswith(_BOM) else 0
    line_number = 1
    size = len(data)
    while start < size:
        match = _LINE_END.search(data, start)
        end = size if match is None else match.end()
        chunk = data[start:end]
        try:
            yield chunk.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _NotUtf8(name, data, start, start + err.start, line_number) from None
        start, line_number = end, line_number + 1


class _NotUtf8(ReportError):
    """A line that is not UTF-8; the reader adds the column once it knows the header."""

    def __init__(self, name: str, data: bytes, line_start: int, offset: int, line: int) -> None:
        self.byte, self.offset, self.line = data[offset], offset, line
        self.before = data[line_start:offset]  # the line up to the bad byte
        super().__init__(name, self.describe(None))

    def describe(self, column: str | None) -> str:
        where = f"at offset {self.offset}, line {self.line}"
        if column:
            where += f", {column}"
        return f'not UTF-8 (invalid byte 0x{self.byte:02x} {where}); save it as "CSV UTF-8"'


def split_mercari_line(text: str, title_index: int, width: int) -> list[str]:
    """Cells of one line in Mercari's dialect (line ending already removed)."""
    return _split_line(text, title_index, width)[0]


def _split_line(text: str, title_index: int, width: int) -> tuple[list[str], bool]:
    """Cells, and whether surplus pieces glued into the title look like another row."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        pieces = text[1:-1].split(_MERCARI_SEPARATOR)
        if len(pieces) >= width:
            glued = _row_like(pieces, title_index, width)
            cells = repair_title(pieces, title_index, width, _MERCARI_SEPARATOR)
            # Each piece accounts for 2 quotes; any others are escaped inner quotes.
            cells = cells if text.count('"') == 2 * len(pieces) else _unescape(cells)
            return cells, glued
    # Not Mercari's all-quoted shape (hand-edited, or numbers left unquoted by
    # a spreadsheet): standard CSV rules.
    cells = next(csv.reader([text]), [])
    return repair_title(cells, title_index, width, ","), _row_like(cells, title_index, width)


def repair_title(cells: list[str], title_index: int, width: int, joiner: str) -> list[str]:
    """Glue surplus pieces back into the title so the row has `width` cells."""
    surplus = len(cells) - width
    if surplus <= 0 or title_index < 0:
        return cells
    end = title_index + surplus + 1
    return [*cells[:title_index], joiner.join(cells[title_index:end]), *cells[end:]]


def _row_like(cells: list[str], title_index: int, width: int) -> bool:
    """Whether the pieces `repair_title` would glue into the title hold another row's cells."""
    surplus = len(cells) - width
    if surplus < max(width // 2, _ROW_LIKE_PIECES) or title_index < 0:
        return False
    glued = cells[title_index + 1 : title_index + surplus + 1]
    found = 0
    for piece in glued:
        if _CELL_LIKE.fullmatch(piece.strip().strip('"')):
            found += 1
            if found >= _ROW_LIKE_PIECES:
                return True
    return False


def _unescape(cells: list[str]) -> list[str]:
    return [cell.replace('""', '"') if '"' in cell else cell for cell in cells]


def _is_blank(cells: list[str]) -> bool:
    # Spreadsheets pad files with rows of empty cells; they are not data.
    return all(not cell.strip() for cell in cells)


class RecordReader:
    """Iterates the records of one report; the first record is the header."""

    def __init__(self, data: bytes, name: str) -> None:
        self._data = data
        self._name = name
        self.dialect = "mercari"
        self.title_index = 4
        self.width = 21
        self._header: list[str] = []
        self._delimiter = ","

    def use_layout(self, title_index: int, width: int) -> None:
        """Where the title sits; called after the header record, before data records.

        The iterator is lazy, so this takes effect for every following record.
        """
        self.title_index = title_index
        self.width = width

    def __iter__(self) -> Iterator[Record]:
        try:
            yield from self._records()
        except _NotUtf8 as err:
            if not self._header:
                raise ReportError(self._name, err.describe("in the header")) from None
            separator = _MERCARI_SEPARATOR if self.dialect == "mercari" else self._delimiter
            column = self._column_name(err.before.count(separator.encode()))
            raise ReportError(self._name, err.describe(column)) from None

    def _records(self) -> Iterator[Record]:
        lines = _decoded_lines(self._data, self._name)
        header_row, header_line = _first_non_blank(lines)
        if header_line is None:
            return
        self.dialect = "mercari" if _is_all_quoted(header_line) else "csv"
        if self.dialect == "mercari":
            header = header_line.rstrip("\r\n").strip()
            record = Record(header_row, split_mercari_line(header, -1, 0))
            yield self._checked(record, len(header))
            yield from self._mercari_records(lines, header_row)
        else:
            yield from self._csv_records(header_line, lines, header_row)

    def _mercari_records(self, lines: Iterator[str], header_row: int) -> Iterator[Record]:
        for row, line in enumerate(lines, start=header_row + 1):
            text = line.rstrip("\r\n")
            if not text.strip(' \t",'):
                continue  # blank, or a row of empty cells
            try:
                cells, glued = _split_line(text, self.title_index, self.width)
            except csv.Error as err:
                raise self._unreadable(row, [text], ",", err) from None
            record = Record(row, cells, MISSED_BOUNDARY if glued else None)
            yield self._checked(record, len(text))

    def _csv_records(
        self, header_line: str, lines: Iterator[str], header_row: int
    ) -> Iterator[Record]:
        delimiter = self._delimiter = max(",;\t", key=header_line.count)
        pending: list[str] = []  # the lines of the record being read, for error messages

        def fed() -> Iterator[str]:
            for line in _chain(header_line, lines):
                pending.append(line)
                yield line

        reader = csv.reader(fed(), delimiter=delimiter)
        row = header_row  # the row number of the record about to be read
        while True:
            pending.clear()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise self._unreadable(row, pending, delimiter, err) from None
            length = sum(map(len, pending))
            if row == header_row:
                yield self._checked(Record(row, cells), length)
            elif not _is_blank(cells):
                glued = _row_like(cells, self.title_index, self.width)
                repaired = repair_title(cells, self.title_index, self.width, delimiter)
                record = Record(row, repaired, MISSED_BOUNDARY if glued else None)
                yield self._checked(record, length)
            row += 1

    def _checked(self, record: Record, text_length: int) -> Record:
        """The record, unless a cell is too long to be a sales report cell.

        `text_length` is the length of the record's text: no cell is longer.
        """
        if not self._header:
            self._header = record.cells
        if text_length <= MAX_CELL_CHARS:
            return record
        longest = max(record.cells, key=len, default="")
        if len(longest) > MAX_CELL_CHARS:
            index = next(i for i, cell in enumerate(record.cells) if len(cell) > MAX_CELL_CHARS)
            raise ReportError(self._name, self._too_long(record.row, index, len(longest)))
        return record

    def _too_long(self, row: int, index: int | None, length: int | None) -> str:
        where = f"row {row}"
        if index is not None:
            where += f", {self._column_name(index)}"
        size = "a cell" if length is None else f"a cell of {length:,} characters"
        return (
            f"{where}: {size} is longer than any sales report cell can be"
            f" (at most {MAX_CELL_CHARS:,}); the file is damaged or not a sales report"
        )

    def _column_name(self, index: int) -> str:
        if index < len(self._header) and self._header[index].strip():
            return f'column {index + 1} ("{self._header[index].strip()[:40]}")'
        return f"column {index + 1}"

    def _unreadable(
        self, row: int, lines: list[str], delimiter: str, err: csv.Error
    ) -> ReportError:
        """A ReportError for a record the csv module refuses, naming row and column."""
        if "field larger than field limit" in str(err):
            pieces = "".join(lines).split(delimiter)
            index = next((i for i, p in enumerate(pieces) if len(p) > MAX_CELL_CHARS), None)
            length = None if index is None else len(pieces[index].strip().strip('"'))
            return ReportError(self._name, self._too_long(row, index, length))
        return ReportError(self._name, f"row {row}: cannot be read as CSV ({err})")


def _first_non_blank(lines: Iterator[str]) -> tuple[int, str | None]:
    for row, line in enumerate(lines, start=1):
        if line.strip():
            return row, line
    return 0, None


def _is_all_quoted(header_line: str) -> bool:
    text = header_line.strip()
    return text.startswith('"') and text.endswith('"') and _MERCARI_SEPARATOR in text


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
