"""A local SMTP server for tests (aiosmtpd): captures every message it is sent.

with smtp_server() as smtp:
    ...  # point MI_SMTP_HOST/MI_SMTP_PORT at smtp.host/smtp.port
    smtp.messages_to("a@example.test")[-1]
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import tempfile
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class CapturingHandler:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.messages: list[EmailMessage] = []
        # Set by `tls_smtp_server`: the self-signed certificate clients must trust.
        self.certificate_file: str | None = None
        self.logins: list[str] = []

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


def _self_signed(host: str, directory: str) -> tuple[str, str]:
    """A certificate for `host` (an IP address) and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = f"{directory}/cert.pem", f"{directory}/key.pem"
    with open(cert_file, "wb") as out:
        out.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_file, "wb") as out:
        out.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return cert_file, key_file


@contextlib.contextmanager
def tls_smtp_server(
    user: str, password: str, host: str = "127.0.0.1"
) -> Iterator[CapturingHandler]:
    """An SMTP server that requires STARTTLS and a login (user/password), as a real relay
    does; clients must trust `handler.certificate_file` (e.g. through SSL_CERT_FILE)."""
    handler = CapturingHandler(host, _free_port(host))

    def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (user, password)
        if ok:
            handler.logins.append(user)
        return AuthResult(success=ok)

    with tempfile.TemporaryDirectory() as directory:
        cert_file, key_file = _self_signed(host, directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        handler.certificate_file = cert_file
        controller = Controller(
            handler,
            hostname=host,
            port=handler.port,
            tls_context=context,
            require_starttls=True,
            auth_required=True,
            authenticator=authenticate,
        )
        controller.start()
        try:
            yield handler
        finally:
            controller.stop()
