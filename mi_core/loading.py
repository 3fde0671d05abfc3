"""Loading a validated report into the warehouse, idempotently and atomically.

One transaction counts the upload's rows against the seller's monthly allowance
(mi_core.billing.usage: rows over it wait on the upload), replaces exactly this upload's
rows and quarantine entries, records its totals on the upload and queues the seller's
marts for a rebuild. A failure anywhere leaves everything as it was, counts included.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from mi_core.billing.usage import admit_products
from mi_core.erasure import request_erasure
from mi_core.notifications import NotificationKind
from mi_core.notifications import enqueue as enqueue_notification
from mi_core.refresh_queue import enqueue
from mi_core.sales_report import MONEY_FIELDS, ParsedReport, check_summary
from mi_core.settings import Settings, get_settings

_TEXT_FIELDS = (
    "item_id",
    "item_title",
    "order_status",
    "shipped_to_state",
    "shipped_from_state",
)
_DATE_FIELDS = ("sold_date", "canceled_date", "completed_date")
LOADED_COLUMNS = (
    "upload_id",
    "tenant_id",
    "row_number",
    *_TEXT_FIELDS,
    *_DATE_FIELDS,
    *MONEY_FIELDS,
    "extra",
)
# The columns that may be NULL: in COPY's CSV every field is quoted (a title can hold
# anything), so an empty field is an empty string unless the column is named here.
_NULLABLE_COLUMNS = (*_DATE_FIELDS, *MONEY_FIELDS, "extra")
_CENTS_TEXT = np.array([f".{cents:02d}" for cents in range(100)])


@dataclass(frozen=True)
class LoadResult:
    rows_loaded: int
    rows_quarantined: int
    # Valid rows held back by the plan's monthly products limit.
    rows_waiting: int = 0


def cents_to_decimal_text(cents: pd.Series) -> pd.Series:
    """Exact decimal text for integer cents (no float ever touches money)."""
    values = cents.to_numpy(dtype="int64")
    magnitude = np.abs(values)
    units = np.char.add(np.where(values < 0, "-", ""), (magnitude // 100).astype(str))
    text = np.char.add(units, _CENTS_TEXT[magnitude % 100])
    return pd.Series(text.astype(object), index=cents.index)


def copy_frame(report: ParsedReport, upload_id: uuid.UUID, tenant_id: uuid.UUID) -> pd.DataFrame:
    """The report's good rows in the landing table's column order, as COPY-ready text."""
    rows = report.rows
    frame = pd.DataFrame(index=rows.index)
    frame["upload_id"] = str(upload_id)
    frame["tenant_id"] = str(tenant_id)
    frame["row_number"] = rows["row_number"].astype("int64").astype(str)
    for field in _TEXT_FIELDS:
        frame[field] = rows[field].fillna("").astype(str)
    for field in _DATE_FIELDS:
        dates = pd.to_datetime(rows[field])
        frame[field] = dates.dt.strftime("%Y-%m-%d").where(dates.notna(), None)
    for field in MONEY_FIELDS:
        cents = rows[f"{field}_cents"]
        # A column the report's layout lacks is all NA: stored as NULL, not as zero.
        frame[field] = None if cents.isna().all() else cents_to_decimal_text(cents.astype("int64"))
    frame["extra"] = report.extra.reindex(rows.index) if report.extra is not None else None
    return frame[list(LOADED_COLUMNS)]


def load_report(
    engine: Engine,
    upload_id: uuid.UUID,
    tenant_id: uuid.UUID,
    report: ParsedReport,
    settings: Settings | None = None,
) -> LoadResult:
    frame = copy_frame(report, upload_id, tenant_id)
    # File order decides which rows fit the allowance and which wait.
    frame = frame.iloc[frame["row_number"].astype("int64").argsort(kind="stable")]
    summary = check_summary(report)
    date_range = report.date_range
    with engine.begin() as conn:
        admission = admit_products(
            conn, settings or get_settings(), tenant_id, upload_id, len(frame)
        )
        frame = frame.iloc[: admission.admitted]
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("delete from raw.sales_report_rows where upload_id = %s", (upload_id,))
        _copy_rows(cursor, frame)
        cursor.execute("delete from quarantined_rows where upload_id = %s", (upload_id,))
        cursor.executemany(
            "insert into quarantined_rows (upload_id, row_number, column_name, reason, raw_values)"
            " values (%s, %s, %s, %s, %s)",
            [
                (upload_id, q.row, q.column, q.reason, json.dumps(q.values))
                for q in report.quarantined
            ],
        )
        cursor.execute(
            "update uploads set total_items = %s, processed_items = %s, quarantined_items = %s,"
            " waiting_rows = %s, report_layout = %s, unknown_columns = %s,"
            " reconciled = %s, reconciliation = %s, first_sale_date = %s, last_sale_date = %s"
            " where id = %s",
            (
                report.data_row_count,
                len(frame),
                report.quarantined_row_count,
                admission.waiting,
                report.layout,
                json.dumps(list(report.unknown_columns)),
                report.reconciled,
                json.dumps({"totals": summary["totals"], "differences": summary["differences"]}),
                date_range[0] if date_range else None,
                date_range[1] if date_range else None,
                upload_id,
            ),
        )
        enqueue(conn, tenant_id, upload_id)
        if admission.waiting:
            enqueue_notification(conn, NotificationKind.ROWS_WAITING, upload_id)
    return LoadResult(
        rows_loaded=len(frame),
        rows_quarantined=report.quarantined_row_count,
        rows_waiting=admission.waiting,
    )


def _copy_rows(cursor, frame: pd.DataFrame) -> None:
    """COPY the rows as one CSV text written by pandas (in C: a row at a time through
    psycopg's write_row cost seconds per 100,000 rows)."""
    text = frame.to_csv(header=False, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    columns = ", ".join(LOADED_COLUMNS)
    nullable = ", ".join(_NULLABLE_COLUMNS)
    statement = (
        f"copy raw.sales_report_rows ({columns}) from stdin"
        f" with (format csv, force_null ({nullable}))"
    )
    with cursor.copy(statement) as copy:
        copy.write(text)


def unload_upload(engine: Engine, upload_id: uuid.UUID, tenant_id: uuid.UUID) -> None:
    """Remove an upload's rows, e.g. when the seller deletes it.

    The queue entry has no upload id: the removed rows can no longer tell which sales
    changed, so the seller's marts are rebuilt whole. The upload's Dagster runs are erased
    later, from the erasure request (mi_core.erasure).
    """
    with engine.begin() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("delete from raw.sales_report_rows where upload_id = %s", (upload_id,))
        enqueue(conn, tenant_id, None)
        request_erasure(conn, tenant_id, upload_id)
