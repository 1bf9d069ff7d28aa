"""TOTP (RFC 6238) through pyotp: HMAC-SHA1, 30-second steps, 6 digits — what every
authenticator app (Google Authenticator, Aegis, 1Password, …) uses by default."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

STEP_S = 30
DRIFT_STEPS = 1  # a code from the step before or after is accepted (phone clocks drift)


class PyOtpPasswords:
    """Implements ports.security.OneTimePasswords."""

    def __init__(self, digits: int = 6) -> None:
        self.digits = digits

    def new_secret(self) -> str:
        return pyotp.random_base32()  # 160 bits, the RFC 4226 recommendation

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        return pyotp.TOTP(secret, digits=self.digits).provisioning_uri(
            name=account, issuer_name=issuer
        )

    def code(self, secret: str, at: datetime) -> str:
        return pyotp.TOTP(secret, digits=self.digits).at(at)

    def verify(self, secret: str, code: str, at: datetime, after_step: int | None) -> int | None:
        totp = pyotp.TOTP(secret, digits=self.digits, interval=STEP_S)
        sent = "".join(code.split())
        now_step = int(at.timestamp()) // STEP_S
        for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
            step = now_step + offset
            if after_step is not None and step <= after_step:
                continue  # that code was used already: each is good once
            expected = totp.generate_otp(step)
            if hmac.compare_digest(sent.encode(), expected.encode()):
                return step
        return None
