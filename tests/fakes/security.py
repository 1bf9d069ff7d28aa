"""A password hasher with no cost, for services under test (the real one is Argon2id)."""

from __future__ import annotations

import hashlib
import secrets


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
