"""Seller emails about their uploads, through an outbox.

The transaction that stores an outcome (completed, failed, rows waiting for the plan) also
writes a row to `notification_outbox` (`enqueue`), so a mail is never promised for an
outcome that was rolled back, nor lost for one that was stored. The `send_notifications`
Dagster job drains the outbox every minute (`send_pending`): nothing is mailed inside a
request or a sensor tick, and a refused delivery is tried again (the job's retry policy,
then the next minute) up to `MI_NOTIFICATION_MAX_ATTEMPTS` times.

One row per upload, kind and submission (`generation`): a run-status sensor that writes
the same outcome twice mails once. A seller who opted out on the account page
(`users.upload_emails`) gets nothing; their rows are marked `skipped`.
"""

from __future__ import annotations

import enum
import smtplib
import uuid
from dataclasses import dataclass
from decimal import Decimal
from email.message import EmailMessage

from jinja2 import Environment, select_autoescape
from sqlalchemy import Connection, Engine, text

from mi_core.emails import deliver
from mi_core.settings import Settings


class NotificationKind(enum.StrEnum):
    UPLOAD_COMPLETED = "upload_completed"
    UPLOAD_FAILED = "upload_failed"
    ROWS_WAITING = "rows_waiting"


def enqueue(conn: Connection, kind: NotificationKind, upload_id: uuid.UUID) -> None:
    """Queue a mail about the upload's current submission, in the caller's transaction."""
    conn.execute(
        text(
            "insert into notification_outbox (kind, seller_id, upload_id, generation)"
            " select :kind, seller_id, id, run_generation from uploads where id = :upload"
            " on conflict on constraint uq_notification_outbox_once do nothing"
        ),
        {"kind": kind.value, "upload": upload_id},
    )


def pending_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text("select count(*) from notification_outbox where status = 'pending'")
            ).scalar_one()
        )


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    skipped: int = 0
    # Deliveries refused this time (tried again later) and given up for good.
    deferred: int = 0
    failed: int = 0


class DeliveryDeferredError(RuntimeError):
    """Some mails could not be delivered now; the job's retry policy tries again."""


@dataclass(frozen=True)
class _Outgoing:
    id: int
    kind: NotificationKind
    attempts: int
    email: str
    wants_mail: bool
    upload_id: uuid.UUID
    filename: str
    error: str | None
    reconciled: bool | None
    waiting_rows: int


_CLAIM = text(
    "select o.id, o.kind, o.attempts, u.email, u.upload_emails, up.id as upload_id,"
    " up.filename, up.error, up.reconciled, up.waiting_rows"
    " from notification_outbox o join users u on u.id = o.seller_id"
    " join uploads up on up.id = o.upload_id"
    " where o.status = 'pending' order by o.id limit 1 for update of o skip locked"
)


def send_pending(engine: Engine, settings: Settings, limit: int = 200) -> SendResult:
    """Send what the outbox holds, oldest first; each row in its own short transaction
    (locked with SKIP LOCKED, so two runs never mail the same row)."""
    counts = {"sent": 0, "skipped": 0, "deferred": 0, "failed": 0}
    for _ in range(limit):
        with engine.begin() as conn:
            row = conn.execute(_CLAIM).mappings().first()
            if row is None:
                break
            outgoing = _Outgoing(
                id=row["id"],
                kind=NotificationKind(row["kind"]),
                attempts=row["attempts"],
                email=row["email"],
                wants_mail=row["upload_emails"],
                upload_id=row["upload_id"],
                filename=row["filename"],
                error=row["error"],
                reconciled=row["reconciled"],
                waiting_rows=row["waiting_rows"],
            )
            outcome = _send_one(conn, settings, outgoing)
            counts[outcome] += 1
            if outcome == "deferred":
                # The SMTP server is away: the rest would fail alike; retry them later.
                break
    result = SendResult(**counts)
    if result.deferred:
        raise DeliveryDeferredError(
            f"{result.deferred} mail(s) could not be delivered now; {result.sent} sent"
        )
    return result


def _send_one(conn: Connection, settings: Settings, outgoing: _Outgoing) -> str:
    if not outgoing.wants_mail:
        _set_status(conn, outgoing.id, "skipped")
        return "skipped"
    message = compose(conn, settings, outgoing)
    try:
        deliver(settings, message)
    except (OSError, smtplib.SMTPException) as err:
        attempts = outgoing.attempts + 1
        status = "failed" if attempts >= settings.notification_max_attempts else "pending"
        conn.execute(
            text(
                "update notification_outbox set attempts = :attempts, status = :status,"
                " last_error = :error where id = :id"
            ),
            {"attempts": attempts, "status": status, "error": str(err)[:500], "id": outgoing.id},
        )
        return "failed" if status == "failed" else "deferred"
    _set_status(conn, outgoing.id, "sent")
    return "sent"


def _set_status(conn: Connection, outbox_id: int, status: str) -> None:
    conn.execute(
        text(
            "update notification_outbox set status = :status, attempts = attempts + 1,"
            " sent_at = case when :sent then now() end where id = :id"
        ),
        {"status": status, "sent": status == "sent", "id": outbox_id},
    )


# --- the messages ---


@dataclass(frozen=True)
class Headline:
    orders: int
    gross: Decimal
    net: Decimal


def headline(conn: Connection, upload_id: uuid.UUID) -> Headline:
    """The upload's completed orders, gross sales and net proceeds (as the marts count them)."""
    row = conn.execute(
        text(
            "select count(*) filter (where order_status = 'Completed') as orders,"
            " coalesce(sum(item_price) filter (where order_status = 'Completed'), 0) as gross,"
            " coalesce(sum(net_seller_proceeds) filter (where order_status = 'Completed'), 0)"
            " as net from raw.sales_report_rows where upload_id = :upload"
        ),
        {"upload": upload_id},
    ).one()
    return Headline(orders=row.orders, gross=Decimal(row.gross), net=Decimal(row.net))


_SUBJECTS = {
    NotificationKind.UPLOAD_COMPLETED: "Your sales report is ready",
    NotificationKind.UPLOAD_FAILED: "We could not process your sales report",
    NotificationKind.ROWS_WAITING: "Some rows of your report wait for your plan",
}

_TEXT = {
    NotificationKind.UPLOAD_COMPLETED: """\
Your report {{ filename }} has been processed.

Completed orders: {{ "{:,}".format(figures.orders) }}
Gross sales: ${{ "{:,.2f}".format(figures.gross) }}
Net proceeds: ${{ "{:,.2f}".format(figures.net) }}
{% if reconciled %}Every money column matches the report's Totals row to the cent.
{% elif reconciled is none %}The report has no Totals row to check the figures against.
{% else %}The figures do not add up to the report's Totals row: see the upload page.
{% endif %}
See the details: {{ link }}
Your dashboard: {{ dashboard }}
""",
    NotificationKind.UPLOAD_FAILED: """\
We could not process your report {{ filename }}.

Why: {{ error }}

What to do: make sure it is the Sales Report CSV exactly as Mercari lets you download it
(not opened and re-saved in a spreadsheet), then upload it again. The upload page shows
the details: {{ link }}
If it fails again, reply to this message and we will look into it.
""",
    NotificationKind.ROWS_WAITING: """\
{{ "{:,}".format(waiting) }} rows of your report {{ filename }} are waiting: this month's
allowance of your plan is used up.

Upgrade your plan and they are processed without uploading again: {{ billing }}
Otherwise they are processed when next month's allowance starts.
The upload: {{ link }}
""",
}

_HTML = {
    NotificationKind.UPLOAD_COMPLETED: """\
<p>Your report <strong>{{ filename }}</strong> has been processed.</p>
<table>
<tr><th align="left">Completed orders</th><td>{{ "{:,}".format(figures.orders) }}</td></tr>
<tr><th align="left">Gross sales</th><td>${{ "{:,.2f}".format(figures.gross) }}</td></tr>
<tr><th align="left">Net proceeds</th><td>${{ "{:,.2f}".format(figures.net) }}</td></tr>
</table>
{% if reconciled %}<p>Every money column matches the report's Totals row to the cent.</p>
{% elif reconciled is none %}<p>The report has no Totals row to check the figures against.</p>
{% else %}<p>The figures do not add up to the report's Totals row: see the upload page.</p>
{% endif %}
<p><a href="{{ link }}">See the details</a> · <a href="{{ dashboard }}">Your dashboard</a></p>
""",
    NotificationKind.UPLOAD_FAILED: """\
<p>We could not process your report <strong>{{ filename }}</strong>.</p>
<p><strong>Why:</strong> {{ error }}</p>
<p><strong>What to do:</strong> make sure it is the Sales Report CSV exactly as Mercari lets
you download it (not opened and re-saved in a spreadsheet), then upload it again.
<a href="{{ link }}">The upload page</a> shows the details. If it fails again, reply to this
message and we will look into it.</p>
""",
    NotificationKind.ROWS_WAITING: """\
<p><strong>{{ "{:,}".format(waiting) }}</strong> rows of your report
<strong>{{ filename }}</strong> are waiting: this month's allowance of your plan is used up.</p>
<p><a href="{{ billing }}">Upgrade your plan</a> and they are processed without uploading
again; otherwise they are processed when next month's allowance starts.</p>
<p><a href="{{ link }}">The upload</a></p>
""",
}

_ENVIRONMENT = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
_TEXT_ENVIRONMENT = Environment(autoescape=False, keep_trailing_newline=True)


def compose(conn: Connection, settings: Settings, outgoing: _Outgoing) -> EmailMessage:
    portal = settings.public_url.rstrip("/")
    values = {
        "filename": outgoing.filename,
        "link": f"{portal}/uploads/{outgoing.upload_id}",
        "dashboard": f"{portal}/dashboard",
        "billing": f"{portal}/billing",
        "error": outgoing.error or "Processing failed.",
        "reconciled": outgoing.reconciled,
        "waiting": outgoing.waiting_rows,
    }
    if outgoing.kind == NotificationKind.UPLOAD_COMPLETED:
        values["figures"] = headline(conn, outgoing.upload_id)
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = outgoing.email
    message["Subject"] = _SUBJECTS[outgoing.kind]
    body = _TEXT_ENVIRONMENT.from_string(_TEXT[outgoing.kind]).render(values)
    message.set_content(f"{body}\nTurn these emails off on your account page: {portal}/account\n")
    html = _ENVIRONMENT.from_string(_HTML[outgoing.kind]).render(values)
    footer = (
        f'<p style="color:#666">You can turn these emails off on your '
        f'<a href="{portal}/account">account page</a>.</p>'
    )
    message.add_alternative(f"<html><body>{html}{footer}</body></html>", subtype="html")
    return message
