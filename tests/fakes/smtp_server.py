"""A local SMTP server for tests (aiosmtpd): captures every message it is sent.

with smtp_server() as smtp:
    ...  # point MI_SMTP_HOST/MI_SMTP_PORT at smtp.host/smtp.port
    smtp.messages_to("a@example.test")[-1]
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class CapturingHandler:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.messages: list[EmailMessage] = []

    # aiosmtpd calls this hook by name once a message has been received.
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def messages_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(host: str = "127.0.0.1") -> Iterator[CapturingHandler]:
    handler = CapturingHandler(host, _free_port(host))
    controller = Controller(handler, hostname=host, port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()
