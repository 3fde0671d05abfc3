"""Sign-in attempts counted in PostgreSQL (table `login_attempts`), so that every portal
worker and process enforces the same limit.

An attempt is recorded when it arrives, if it is within both budgets: attempts at one
account from one address (password guessing) and attempts from one address at any
account (password spraying). A successful sign-in deletes the recorded attempts of its
(address, account), so only failures add up, in both budgets. Counting and recording
happen under a transaction-scoped advisory lock on the address: concurrent attempts
from one address cannot all squeeze under the limits. Rows older than the window are
pruned a bounded batch at a time.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select

from mi_core.models import login_attempts

WINDOW = timedelta(seconds=60)
# First key of the two-key advisory lock (second key: the address's hash).
_LOCK = 0x4D49_4C41
_PRUNE_BATCH = 500


def account_key(email: str) -> str:
    """What is stored of the email typed: a hash of its normalised form."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def record_attempt(
    conn: Connection, address: str, email: str, *, per_account: int, per_address: int
) -> bool:
    """Record an attempt unless, within the window, `per_account` attempts at this
    (address, account) or `per_address` attempts from this address at any account already
    happened. Run inside a transaction (the lock lasts until it ends)."""
    conn.execute(select(func.pg_advisory_xact_lock(_LOCK, func.hashtext(address))))
    now = conn.scalar(select(func.clock_timestamp()))
    since = now - WINDOW
    account = account_key(email)
    for_account, from_address = conn.execute(
        select(
            func.count().filter(login_attempts.c.account == account),
            func.count(),
        ).where(login_attempts.c.address == address, login_attempts.c.attempted_at > since)
    ).one()
    _prune(conn, since)
    if for_account >= per_account or from_address >= per_address:
        return False
    conn.execute(insert(login_attempts).values(address=address, account=account, attempted_at=now))
    return True


def forget_attempts(conn: Connection, address: str, email: str) -> None:
    conn.execute(
        delete(login_attempts).where(
            login_attempts.c.address == address, login_attempts.c.account == account_key(email)
        )
    )


def forget_all_attempts(conn: Connection) -> None:
    conn.execute(delete(login_attempts))


def _prune(conn: Connection, since: datetime) -> None:
    # Rows another transaction is pruning are skipped rather than waited for.
    stale = (
        select(login_attempts.c.id)
        .where(login_attempts.c.attempted_at <= since)
        .limit(_PRUNE_BATCH)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    conn.execute(delete(login_attempts).where(login_attempts.c.id.in_(stale)))
