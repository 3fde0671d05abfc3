"""Outgoing email: account verification, password reset and the notice that someone tried
to register an address that has an account already, over plain SMTP.

Sending failures are logged, never raised: an error must not tell a caller whether
an address has an account (forgot-password answers the same either way), and the
seller can always ask for another link.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import urlencode

from mi_core.metrics import EMAILS
from mi_core.settings import Settings

log = logging.getLogger(__name__)

_SMTP_TIMEOUT_SECONDS = 10


def _message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def deliver(settings: Settings, message: EmailMessage) -> None:
    """Hand a message to the SMTP server; raises OSError/SMTPException when it refuses
    (counted either way: mi_emails{result})."""
    try:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT_SECONDS)
        with server as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        EMAILS.labels(result="failed").inc()
        raise
    EMAILS.labels(result="sent").inc()


async def send_email(settings: Settings, to: str, subject: str, body: str) -> None:
    message = _message(settings, to, subject, body)
    try:
        # smtplib blocks; a thread keeps the event loop serving other requests.
        await asyncio.to_thread(deliver, settings, message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %r to the SMTP server %s", subject, settings.smtp_host)


def send_email_now(settings: Settings, to: str, subject: str, body: str) -> bool:
    """Send from synchronous code (webhooks, sensors); False if the server refused it."""
    try:
        deliver(settings, _message(settings, to, subject, body))
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %r to the SMTP server %s", subject, settings.smtp_host)
        return False
    return True


def _link(settings: Settings, page: str, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/{page}?{urlencode({'token': token})}"


async def send_verification_email(settings: Settings, to: str, token: str) -> None:
    body = (
        "Welcome to Mercari Intelligence.\n\n"
        f"Confirm your email address by opening this link:\n{_link(settings, 'verify', token)}\n\n"
        f"Or paste this token into the portal:\n{token}\n"
    )
    await send_email(settings, to, "Confirm your email address", body)


async def send_password_reset_email(settings: Settings, to: str, token: str) -> None:
    body = (
        "Someone asked to reset the password of your Mercari Intelligence account.\n\n"
        f"Choose a new password here:\n{_link(settings, 'reset-password', token)}\n\n"
        f"Or paste this token into the portal:\n{token}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    )
    await send_email(settings, to, "Reset your password", body)


async def send_registration_attempt_email(settings: Settings, to: str) -> None:
    """To an account's address when someone registers it again: the registration answers
    as for a new address (no enumeration), so its owner hears of it this way."""
    portal = settings.public_url.rstrip("/")
    body = (
        "Someone tried to create a Mercari Intelligence account with this email address, "
        "which already has one.\n\n"
        f"If it was you, log in here:\n{portal}/login\n\n"
        f"Forgot your password? Choose a new one here:\n{portal}/forgot-password\n\n"
        "If it was not you, ignore this message: nothing changed on your account.\n"
    )
    await send_email(settings, to, "Someone tried to register with your address", body)
