"""A password hasher with no cost, for services under test (the real one is Argon2id), and
one-time passwords without the cryptography (the real ones are RFC 6238 through pyotp)."""

from __future__ import annotations

import hashlib
import itertools
import secrets
from datetime import datetime


class FakeHasher:
    """Salted so two users with one password get different hashes, as with Argon2."""

    def __init__(self) -> None:
        self.verified = 0  # how many times a password was checked (timing-safe sign-in)

    def hash(self, password: str) -> str:
        salt = secrets.token_hex(4)
        return f"fake${salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        parts = password_hash.split("$")
        if len(parts) != 3 or parts[0] != "fake":
            return False
        return parts[2] == hashlib.sha256((parts[1] + password).encode()).hexdigest()


class FakeOneTimePasswords:
    """Time-based codes as the port describes them (30 s steps, the step either side
    accepted, a step good once), without the HMAC: `code` gives a step's code for a test to
    type, as an authenticator app would show it."""

    STEP_S = 30

    def __init__(self) -> None:
        self._secrets = itertools.count(1)

    def new_secret(self) -> str:
        return f"FAKESECRET{next(self._secrets)}"

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        return f"otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}"

    def code(self, secret: str, at: datetime, steps_later: int = 0) -> str:
        return self._at_step(secret, int(at.timestamp()) // self.STEP_S + steps_later)

    def verify(self, secret: str, code: str, at: datetime, after_step: int | None) -> int | None:
        now_step = int(at.timestamp()) // self.STEP_S
        for step in (now_step - 1, now_step, now_step + 1):
            if after_step is not None and step <= after_step:
                continue
            if "".join(code.split()) == self._at_step(secret, step):
                return step
        return None

    @staticmethod
    def _at_step(secret: str, step: int) -> str:
        digest = hashlib.sha256(f"{secret}:{step}".encode()).digest()
        return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"
