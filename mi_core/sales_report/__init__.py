"""Mercari US sales reports: parse, validate, reconcile, and generate demo data.

Pure and typed: no database, no Dagster. See `parser` for the pipeline,
`schema` for the definition of a valid row, `columns` for the layouts (2022,
2024), `fees` for the dated fee rules and the fee check, `generator` for
synthetic files.
"""

from __future__ import annotations

from .columns import (
    CORE_COLUMNS,
    FIELD_BY_COLUMN,
    LAYOUT_BY_NAME,
    LAYOUTS,
    MONEY_COLUMNS,
    MONEY_FIELDS,
    NOT_IN_REPORT,
    OPTIONAL_COLUMNS,
    REPORT_COLUMNS,
    ReportLayout,
)
from .fees import FEE_RULES, FeeCheck, FeeRule, check_fees, fee_summary, write_fee_rules_csv
from .generator import generate_report, write_report
from .parser import ParsedReport, QuarantinedRow, ReportError, check_summary, parse_report
from .schema import ValidatedSalesRows

__all__ = [
    "CORE_COLUMNS",
    "FEE_RULES",
    "FIELD_BY_COLUMN",
    "LAYOUTS",
    "LAYOUT_BY_NAME",
    "MONEY_COLUMNS",
    "MONEY_FIELDS",
    "NOT_IN_REPORT",
    "OPTIONAL_COLUMNS",
    "REPORT_COLUMNS",
    "FeeCheck",
    "FeeRule",
    "ParsedReport",
    "QuarantinedRow",
    "ReportError",
    "ReportLayout",
    "ValidatedSalesRows",
    "check_fees",
    "check_summary",
    "fee_summary",
    "generate_report",
    "parse_report",
    "write_fee_rules_csv",
    "write_report",
]
