"""Argon2id password hashing (argon2-cffi, the reference implementation's bindings)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    def __init__(self, fast: bool = False) -> None:
        # `fast` is for tests only: the same algorithm with the cost turned down.
        self._ph = _Argon2(time_cost=1, memory_cost=1024, parallelism=1) if fast else _Argon2()

    def hash(self, password: str) -> str:
        return self._ph.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._ph.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
