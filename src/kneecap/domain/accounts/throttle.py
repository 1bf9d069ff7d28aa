"""Slowing and locking repeated failed sign-ins for one account.

After each failure the next attempt is refused for a growing wait (1, 2, 4 … seconds, capped),
so guessing is slow; after `lock_after` failures in a row the account is locked for
`lock_minutes`. Success clears the count. Pure: the caller passes `now` and stores the state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_WAIT_SECONDS = 30


@dataclass(frozen=True)
class ThrottleState:
    failures: int = 0
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None


@dataclass(frozen=True)
class ThrottleVerdict:
    allowed: bool
    retry_after_seconds: int = 0
    locked: bool = False

    @property
    def message(self) -> str:
        if self.allowed:
            return ""
        minutes = max(1, -(-self.retry_after_seconds // 60))
        if self.locked:
            return (
                "This account is locked after too many failed sign-ins. "
                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
                "or ask your clinic admin to reset your password."
            )
        return f"Too many failed sign-ins. Wait {self.retry_after_seconds} seconds and try again."


def wait_after(failures: int) -> int:
    """Seconds to wait before the next attempt after `failures` failures in a row."""
    if failures <= 1:
        return 0
    return int(min(2 ** (failures - 2), MAX_WAIT_SECONDS))


def check(state: ThrottleState, now: datetime) -> ThrottleVerdict:
    if state.locked_until is not None and now < state.locked_until:
        remaining = max(1, math.ceil((state.locked_until - now).total_seconds()))
        return ThrottleVerdict(False, remaining, locked=True)
    if state.last_failure_at is not None:
        ready_at = state.last_failure_at + timedelta(seconds=wait_after(state.failures))
        if now < ready_at:
            return ThrottleVerdict(False, max(1, math.ceil((ready_at - now).total_seconds())))
    return ThrottleVerdict(True)


def after_failure(
    state: ThrottleState, now: datetime, lock_after: int, lock_minutes: int
) -> ThrottleState:
    # A lock that has run out starts a fresh count.
    failures = (
        1 if state.locked_until is not None and now >= state.locked_until else state.failures + 1
    )
    locked_until = now + timedelta(minutes=lock_minutes) if failures >= lock_after else None
    return ThrottleState(failures=failures, last_failure_at=now, locked_until=locked_until)


def after_success() -> ThrottleState:
    return ThrottleState()
