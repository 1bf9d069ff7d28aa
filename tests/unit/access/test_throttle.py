"""Slowing and locking failed sign-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kneecap.domain.accounts.throttle import (
    ThrottleState,
    after_failure,
    after_success,
    check,
    wait_after,
)

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def fail_n(n: int, gap_s: float = 60) -> tuple[ThrottleState, datetime]:
    state, now = ThrottleState(), T0
    for _ in range(n):
        state = after_failure(state, now, lock_after=5, lock_minutes=15)
        now += timedelta(seconds=gap_s)
    return state, now - timedelta(seconds=gap_s)


def test_first_failure_costs_nothing_then_waits_grow() -> None:
    assert [wait_after(n) for n in range(1, 8)] == [0, 1, 2, 4, 8, 16, 30]


def test_attempt_inside_the_wait_is_refused_with_the_seconds_left() -> None:
    state, last = fail_n(3)
    verdict = check(state, last + timedelta(milliseconds=500))
    assert not verdict.allowed and not verdict.locked
    assert "Wait 2 seconds" in verdict.message  # 2 s after the third failure, 0.5 s gone → 2
    assert check(state, last + timedelta(seconds=2)).allowed


def test_fifth_failure_locks_for_fifteen_minutes_and_says_so() -> None:
    state, last = fail_n(5)
    verdict = check(state, last + timedelta(minutes=14))
    assert verdict.locked and "locked" in verdict.message and "1 minute" in verdict.message
    assert check(state, last + timedelta(minutes=15, seconds=1)).allowed


def test_a_failure_after_the_lock_ran_out_starts_a_fresh_count() -> None:
    state, last = fail_n(5)
    state = after_failure(state, last + timedelta(minutes=16), 5, 15)
    assert state.failures == 1 and state.locked_until is None


def test_success_clears_everything() -> None:
    assert after_success() == ThrottleState()
