"""Password hashing and the clock, behind ports so tests can swap them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class OneTimePasswords(Protocol):
    """Time-based one-time passwords (TOTP, RFC 6238: HMAC-SHA1, 30 s steps, 6 digits)."""

    def new_secret(self) -> str:
        """A random shared secret, base32 (what authenticator apps take)."""
        ...

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        """The otpauth:// URI an authenticator app reads from a QR code."""
        ...

    def verify(self, secret: str, code: str, at: datetime, after_step: int | None) -> int | None:
        """The time step `code` belongs to (this one or the one either side, for clock
        drift), if it is later than `after_step`; None when the code does not fit."""
        ...
