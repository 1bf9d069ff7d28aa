"""The SMTP adapter against a real server started by the test: smtp:// upgrades with STARTTLS
before it logs in (a self-signed certificate made with openssl, trusted by the test's TLS
context), and a server that offers no STARTTLS is refused before any password is sent."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kneecap.adapters.mail.smtp import SmtpSender, parse_smtp_url
from kneecap.ports.mail import Mail, MailFailed

MAIL = Mail(1, 1, "k", "message.new", "to@a.test", "Subject", "Body", datetime.now(UTC))


class Handler:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received.append(envelope.content)  # type: ignore[attr-defined]
        return "250 OK"


class Auth:
    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bytes]] = []

    def __call__(
        self, server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"p@ss word")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no certificate for the STARTTLS server")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


def test_smtp_urls_are_read_and_bad_ones_refused() -> None:
    t = parse_smtp_url("smtp://me%40clinic.test:p%40ss@mail.example:2525")
    assert (t.host, t.port, t.mode, t.user, t.password) == (
        "mail.example", 2525, "starttls", "me@clinic.test", "p@ss"
    )  # fmt: skip
    assert parse_smtp_url("smtps://u:p@h").port == 465
    with pytest.raises(ValueError, match="smtp://user:pass@host:587"):
        parse_smtp_url("http://mail.example")


def test_starttls_comes_before_the_login(certificate: tuple[Path, Path]) -> None:
    key, cert = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    handler, auth, port = Handler(), Auth(), _port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=auth,
        auth_require_tls=True,
    )
    controller.start()
    try:
        client_tls = ssl.create_default_context(cafile=str(cert))
        SmtpSender(f"smtp://clinic:p%40ss%20word@127.0.0.1:{port}", client_tls).send(
            MAIL, "clinic@a.test"
        )
    finally:
        controller.stop()
    assert auth.logins == [(b"clinic", b"p@ss word")]
    (got,) = handler.received
    assert b"Subject: Subject" in got


def test_a_server_without_starttls_is_refused_before_the_password() -> None:
    handler, port = Handler(), _port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(MailFailed, match="does not offer STARTTLS"):
            SmtpSender(f"smtp://u:secret@127.0.0.1:{port}").send(MAIL, "clinic@a.test")
    finally:
        controller.stop()
    assert handler.received == []


def test_an_unreachable_server_is_a_mail_failure_naming_no_content() -> None:
    with pytest.raises(MailFailed, match="failed") as caught:
        SmtpSender(f"smtp+plain://127.0.0.1:{_port()}").send(MAIL, "clinic@a.test")
    assert "Body" not in str(caught.value)
