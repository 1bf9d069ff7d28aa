"""The MailSender over SMTP with the standard library's smtplib.

KNEECAP_SMTP_URL forms:
- smtp://user:pass@host:587 — STARTTLS, required: a server that does not offer it is refused
  (the password would go in clear);
- smtps://user:pass@host:465 — TLS from the first byte;
- smtp+plain://host:25 — no TLS, for a relay on the same machine (and the tests' server).
User and password are URL-decoded (a "@" in a password is written %40).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import unquote, urlsplit

from kneecap.ports.mail import Mail, MailFailed

TIMEOUT_S = 30


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    mode: str  # "starttls", "tls", "plain"
    user: str
    password: str


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    modes = {"smtp": ("starttls", 587), "smtps": ("tls", 465), "smtp+plain": ("plain", 25)}
    if parts.scheme not in modes or not parts.hostname:
        raise ValueError(
            "KNEECAP_SMTP_URL must look like smtp://user:pass@host:587 (STARTTLS), "
            "smtps://user:pass@host:465 or smtp+plain://host:25"
        )
    mode, port = modes[parts.scheme]
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or port,
        mode=mode,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def message_of(mail: Mail, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.created_at)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "kneecap.local")
    msg.set_content(mail.body)
    if mail.attachment:
        method = "CANCEL" if "METHOD:CANCEL" in mail.attachment else "REQUEST"
        msg.add_attachment(
            mail.attachment.encode(),
            maintype="text",
            subtype="calendar",
            filename=mail.attachment_name or "invite.ics",
            params={"method": method},
        )
    return msg


class SmtpSender:
    def __init__(self, url: str, context: ssl.SSLContext | None = None) -> None:
        self._target = parse_smtp_url(url)
        self._context = context or ssl.create_default_context()

    def send(self, mail: Mail, sender: str) -> None:
        t = self._target
        try:
            if t.mode == "tls":
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    t.host, t.port, timeout=TIMEOUT_S, context=self._context
                )
            else:
                server = smtplib.SMTP(t.host, t.port, timeout=TIMEOUT_S)
            with server:
                server.ehlo()
                if t.mode == "starttls":
                    if not server.has_extn("starttls"):
                        raise MailFailed(
                            f"The mail server {t.host}:{t.port} does not offer STARTTLS; "
                            "use smtps:// or a server that does."
                        )
                    server.starttls(context=self._context)
                    server.ehlo()
                if t.user:
                    server.login(t.user, t.password)
                server.send_message(message_of(mail, sender))
        except MailFailed:
            raise
        except (smtplib.SMTPException, OSError) as exc:
            # The reason only: an SMTP reply may echo an address, never the mail's text.
            raise MailFailed(
                f"Sending through {t.host}:{t.port} failed ({type(exc).__name__})"
            ) from exc
