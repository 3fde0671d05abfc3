"""Mercari US sales reports: parse, validate, reconcile, and generate demo data.

Pure and typed: no database, no Dagster. See `parser` for the pipeline,
`schema` for the definition of a valid row, `generator` for synthetic files.
"""

from __future__ import annotations

from .columns import FIELD_BY_COLUMN, MONEY_FIELDS, REPORT_COLUMNS
from .generator import generate_report, write_report
from .parser import ParsedReport, QuarantinedRow, ReportError, check_summary, parse_report
from .schema import ValidatedSalesRows

__all__ = [
    "FIELD_BY_COLUMN",
    "MONEY_FIELDS",
    "REPORT_COLUMNS",
    "ParsedReport",
    "QuarantinedRow",
    "ReportError",
    "ValidatedSalesRows",
    "check_summary",
    "generate_report",
    "parse_report",
    "write_report",
]
