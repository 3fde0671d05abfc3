"""Preliminary figures: a report's headline numbers, parsed in the upload request.

The seller sees them within a second or two of uploading, marked as preliminary, while
the pipeline builds the dashboard (whose numbers are then the authoritative ones). They
come from the same parse the pipeline loads (`parse_report`'s good rows, completed
orders, the same fee columns as the marts' `total_seller_fees`), so for a seller's first
upload they agree with the dashboard to the cent.

Stored as JSON on `uploads.preliminary`: the figures, or `{"skipped": reason}` when the
file was too large to parse in the request or the full parse found it unreadable (the
pipeline then reports the problem, as it always has).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mi_core.sales_report import ParsedReport, ReportError, parse_report
from mi_core.sales_report.columns import CANCELLED, COMPLETED, cents_column

logger = logging.getLogger(__name__)

# The seller fees the dashboard totals (dbt stg_sales_report_rows.total_seller_fees):
# seller shipping is a cost of shipping, not a fee.
FEE_FIELDS: tuple[str, ...] = (
    "mercari_selling_fee",
    "payment_processing_fee_charged_to_seller",
    "shipping_adjustment_fee",
    "penalty_fee",
)
SKIPPED = "skipped"


def headline_figures(report: ParsedReport) -> dict[str, Any]:
    """Orders, cancellations, gross, net, fees and reconciliation of a parsed report.

    Money as decimal strings; only the good rows (the ones the pipeline loads) count.
    """
    rows = report.rows
    completed = rows["order_status"] == COMPLETED
    present = set(report.present_money_fields)

    def completed_sum(*fields: str) -> int:
        return sum(int(rows.loc[completed, cents_column(f)].sum()) for f in fields if f in present)

    return {
        "orders": int(completed.sum()),
        "cancelled": int((rows["order_status"] == CANCELLED).sum()),
        "gross_sales": _money(completed_sum("item_price")),
        "net_proceeds": _money(completed_sum("net_seller_proceeds")),
        "fees": _money(completed_sum(*FEE_FIELDS)),
        "reconciled": report.reconciled,
        "differences": len(report.differences),
        "computed_at": _now(),
    }


def preliminary_figures(path: Path, filename: str, size_bytes: int, max_bytes: int) -> dict:
    """The figures of the stored file, or why there are none (never raises ReportError)."""
    if size_bytes > max_bytes:
        limit = f"{max_bytes / (1024 * 1024):.0f} MB"
        reason = (
            f"The file is larger than {limit}, too large for figures at once: they come "
            "with your dashboard."
        )
        return {SKIPPED: reason, "computed_at": _now()}
    try:
        report = parse_report(path, source_name=Path(filename).name)
    except ReportError:
        # The header was readable, so the upload is accepted as always and the pipeline
        # names the problem; the message is not repeated here.
        logger.info("no preliminary figures: the full parse found the file unreadable")
        reason = "The file could not be read in full; the processing below says why."
        return {SKIPPED: reason, "computed_at": _now()}
    return headline_figures(report)


def public_figures(stored: dict | None) -> tuple[dict | None, str | None]:
    """(figures, note) for the API: the figures, or None and why there are none."""
    if not stored:
        return None, None
    if SKIPPED in stored:
        return None, stored[SKIPPED]
    return stored, None


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def _now() -> str:
    return datetime.now(UTC).isoformat()
