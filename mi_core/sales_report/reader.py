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
file to 4 bytes per character in memory.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

_BOM = b"\xef\xbb\xbf"
_MERCARI_SEPARATOR = '","'
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
    """One non-blank spreadsheet row: its 1-based row number and raw cells."""

    row: int
    cells: list[str]


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
        raise ReportError(name, "not a CSV file (it contains NUL bytes, so it is binary)")
    if not data.removeprefix(_BOM).strip():
        raise ReportError(name, "file is empty")


def _decoded_lines(data: bytes, name: str) -> Iterator[str]:
    """Decoded lines, line endings kept (the csv module needs them)."""
    # Classic-Mac exports end lines with a bare CR.
    separator = b"\n" if b"\n" in data else b"\r"
    start = len(_BOM) if data.startswith(_BOM) else 0
    line_number = 1
    while start < len(data):
        end = data.find(separator, start)
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end]
        try:
            yield chunk.decode("utf-8")
        except UnicodeDecodeError as err:
            offset = start + err.start
            where = f"at offset {offset}, line {line_number}"
            problem = f"not UTF-8 (invalid byte 0x{data[offset]:02x} {where})"
            raise ReportError(name, f'{problem}; save it as "CSV UTF-8"') from None
        start, line_number = end, line_number + 1


def split_mercari_line(text: str, title_index: int, width: int) -> list[str]:
    """Cells of one line in Mercari's dialect (line ending already removed)."""
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        pieces = text[1:-1].split(_MERCARI_SEPARATOR)
        if len(pieces) >= width:
            cells = repair_title(pieces, title_index, width, _MERCARI_SEPARATOR)
            # Each piece accounts for 2 quotes; any others are escaped inner quotes.
            return cells if text.count('"') == 2 * len(pieces) else _unescape(cells)
    # Not Mercari's all-quoted shape (hand-edited, or numbers left unquoted by
    # a spreadsheet): standard CSV rules.
    cells = next(csv.reader([text]), [])
    return repair_title(cells, title_index, width, ",")


def repair_title(cells: list[str], title_index: int, width: int, joiner: str) -> list[str]:
    """Glue surplus pieces back into the title so the row has `width` cells."""
    surplus = len(cells) - width
    if surplus <= 0 or title_index < 0:
        return cells
    end = title_index + surplus + 1
    return [*cells[:title_index], joiner.join(cells[title_index:end]), *cells[end:]]


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

    def use_layout(self, title_index: int, width: int) -> None:
        """Where the title sits; called after the header record, before data records.

        The iterator is lazy, so this takes effect for every following record.
        """
        self.title_index = title_index
        self.width = width

    def __iter__(self) -> Iterator[Record]:
        lines = _decoded_lines(self._data, self._name)
        header_row, header_line = _first_non_blank(lines)
        if header_line is None:
            return
        self.dialect = "mercari" if _is_all_quoted(header_line) else "csv"
        if self.dialect == "mercari":
            header = header_line.rstrip("\r\n").strip()
            yield Record(header_row, split_mercari_line(header, -1, 0))
            yield from self._mercari_records(lines, header_row)
        else:
            yield from self._csv_records(header_line, lines, header_row)

    def _mercari_records(self, lines: Iterator[str], header_row: int) -> Iterator[Record]:
        for row, line in enumerate(lines, start=header_row + 1):
            text = line.rstrip("\r\n")
            if not text.strip(' \t",'):
                continue  # blank, or a row of empty cells
            yield Record(row, split_mercari_line(text, self.title_index, self.width))

    def _csv_records(
        self, header_line: str, lines: Iterator[str], header_row: int
    ) -> Iterator[Record]:
        delimiter = max(",;\t", key=header_line.count)
        reader = csv.reader(_chain(header_line, lines), delimiter=delimiter)
        for row, cells in enumerate(reader, start=header_row):
            if row == header_row:
                yield Record(row, cells)
            elif not _is_blank(cells):
                yield Record(row, repair_title(cells, self.title_index, self.width, delimiter))


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
