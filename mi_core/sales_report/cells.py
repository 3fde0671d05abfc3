"""Cell-level parsing: money to integer cents, dates to epoch days, statuses.

Reports repeat the same few thousand cell values ("0.00", "California",
"2021-05-02") across many rows, so `CellParser` memoises successful
conversions; that keeps a 100k-row file fast without vectorising.

Error reasons never echo a cell unless it looks like a number or a date
(digits and punctuation only): a shifted row could put title text, which may
hold a buyer's name, into any column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .columns import CANCELLED, COMPLETED

NO_DATE = -(2**63)  # numpy's NaT bit pattern, so the day list maps onto datetime64 directly

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_PLAIN_MONEY = re.compile(r"\d+\.\d\d")
_MONEY = re.compile(r"(-)?\$?(-)?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
_FIRST_YEAR, _LAST_YEAR = 2000, 2100
_SHOWABLE = re.compile(r"[\d\s$.,()/:+-]{1,24}")
# The database keeps amounts as NUMERIC(12, 2): at most 10 digits before the point. A
# longer amount is refused here, before int() of a huge digit string can fail or overflow.
_MAX_WHOLE_DIGITS = 10

_COLUMN = "\0"  # placeholder for the column name, filled in by CellParser

_STATUSES = {
    "completed": COMPLETED,
    "cancelled": CANCELLED,
    "canceled": CANCELLED,  # US spelling, as in Mercari's own "Canceled Date" header
}


class CellError(ValueError):
    """A cell cannot be converted; `reason` is a short sentence for the seller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def shown(value: str) -> str:
    """`value` quoted for an error message, or nothing if it might be free text."""
    value = value.strip()
    return f' "{value}"' if _SHOWABLE.fullmatch(value) else ""


def _money_to_cents(raw: str) -> int:
    text = raw.strip()
    if not text:
        return 0  # Mercari leaves some fee cells empty meaning "no fee"
    if _PLAIN_MONEY.fullmatch(text):
        _check_magnitude(text[:-3], raw)
        return int(text[:-3]) * 100 + int(text[-2:])
    negative = False
    if text.startswith("(") and text.endswith(")"):
        # Accounting-style negatives, as Excel writes them.
        negative, text = True, text[1:-1].strip()
    match = _MONEY.fullmatch(text)
    if match is None or not (match[3] or match[4]):
        raise CellError(f"{_COLUMN}{shown(raw)} is not an amount")
    sign_count = (match[1] is not None) + (match[2] is not None) + negative
    if sign_count > 1:
        raise CellError(f"{_COLUMN}{shown(raw)} is not an amount")
    fraction = match[4] or ""
    if len(fraction) > 2:
        raise CellError(f"{_COLUMN}{shown(raw)} has more than 2 decimal places")
    whole = match[3].replace(",", "")
    _check_magnitude(whole, raw)
    cents = int(whole or "0") * 100 + int(fraction.ljust(2, "0"))
    return -cents if sign_count else cents


def _check_magnitude(whole: str, raw: str) -> None:
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        raise CellError(f"{_COLUMN}{shown(raw)} is too large (at most 9999999999.99)")


def _date_to_days(raw: str) -> int:
    text = raw.strip()
    if not text:
        return NO_DATE
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _US_DATE.fullmatch(text):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000  # Mercari US started in 2014, so "21" can only mean 2021
    else:
        raise CellError(f"{_COLUMN}{shown(raw)} is not a date (expected YYYY-MM-DD or MM/DD/YYYY)")
    try:
        days = date(year, month, day).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        raise CellError(f"{_COLUMN}{shown(raw)} is not a valid calendar date") from None
    # Mercari US opened in 2014; far-off years are typos, and beyond 2262 they
    # would not even fit the frame's datetime64[ns].
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise CellError(f"{_COLUMN}{shown(raw)} is outside {_FIRST_YEAR}-{_LAST_YEAR}")
    return days


def normalize_status(raw: str) -> str:
    """Canonical status, or the stripped input so the schema can reject it."""
    text = raw.strip()
    return _STATUSES.get(text.lower(), text)


class CellParser:
    """Memoising converters; one instance per parsed file.

    `money`, `dates` and `statuses` map raw cell text to converted values and
    are public so the row loop can look values up without a call per cell.
    Only successful conversions are cached: bad cells are rare.
    """

    def __init__(self) -> None:
        self.money: dict[str, int] = {}
        self.dates: dict[str, int] = {}
        self.statuses: dict[str, str] = {}

    def cents(self, raw: str, column: str) -> int:
        """Integer cents of a money cell; empty means 0. Raises CellError."""
        value = self.money.get(raw)
        if value is None:
            value = self.money[raw] = _for_column(_money_to_cents, raw, column)
        return value

    def days(self, raw: str, column: str) -> int:
        """Days since 1970-01-01, or NO_DATE for an empty cell. Raises CellError."""
        value = self.dates.get(raw)
        if value is None:
            value = self.dates[raw] = _for_column(_date_to_days, raw, column)
        return value

    def status(self, raw: str) -> str:
        """Canonical order status (see `normalize_status`)."""
        value = self.statuses.get(raw)
        if value is None:
            value = self.statuses[raw] = normalize_status(raw)
        return value


def _for_column(convert: Callable[[str], int], raw: str, column: str) -> int:
    try:
        return convert(raw)
    except CellError as err:
        raise CellError(err.reason.replace(_COLUMN, column)) from None
