"""The day a stored escalation state falls due is the day the check's own answer can turn, and
the stored copy keeps an open alert's day while it stays open."""

from datetime import date, timedelta

from kneecap.domain.care.alert_state import AlertState, kept, next_change, policy_key
from kneecap.domain.care.escalation import EscalationPolicy, Trigger, check_escalation
from kneecap.domain.outcomes.change import ScoredOutcome

START = date(2025, 1, 6)
FLAT = [ScoredOutcome("akps", START, 60), ScoredOutcome("nprs_usual", START, 6)]


def _turns(policy: EscalationPolicy, reviews: list[date]) -> list[date]:
    """The days over a year of care on which the check's trigger differs from the day before."""
    later = [*FLAT, ScoredOutcome("akps", START + timedelta(days=3), 61),
             ScoredOutcome("nprs_usual", START + timedelta(days=3), 6)]  # fmt: skip

    def trigger(day: date) -> Trigger | None:
        alert = check_escalation(care_start=START, today=day, outcomes=later, policy=policy,
                                 reviews=[r for r in reviews if r <= day])  # fmt: skip
        return alert.trigger if alert else None

    days = [START + timedelta(days=n) for n in range(366)]
    return [d for d, before in zip(days[1:], days, strict=False) if trigger(d) != trigger(before)]


def test_due_on_the_day_the_weeks_in_care_reach_the_threshold_whatever_their_rounding() -> None:
    for weeks in (6, 4.5, 1 / 7 * 43, 2.01):
        policy = EscalationPolicy(weeks_without_improvement=weeks)
        (turn,) = _turns(policy, [])
        assert next_change(START, START, [], [], policy) == turn
        assert next_change(START, turn - timedelta(days=1), [], [], policy) == turn
        assert next_change(START, turn, [], [], policy) is None  # nothing more can turn
    assert _turns(EscalationPolicy(), []) == [START + timedelta(days=42)]


def test_after_a_review_due_again_when_the_reviewed_care_has_had_its_time() -> None:
    policy = EscalationPolicy(weeks_without_improvement=6, weeks_after_review=3.5)
    reviewed = START + timedelta(days=43)
    turns = _turns(policy, [reviewed])
    assert turns == [START + timedelta(days=42), reviewed, reviewed + timedelta(days=25)]
    assert next_change(START, reviewed, [], [reviewed], policy) == turns[2]
    # a result dated ahead of today counts from its day
    ahead = reviewed + timedelta(days=2)
    assert next_change(START, reviewed, [ahead], [reviewed], policy) == ahead


def test_an_alert_that_stays_open_keeps_its_day_and_one_opened_by_time_takes_its_due_day() -> None:
    policy = EscalationPolicy()
    key = policy_key(policy)
    assert key == "6w/6w/akps+nprs_usual"
    day = START + timedelta(days=42)
    quiet = AlertState(1, None, None, day, key)
    opened = kept(quiet, 1, Trigger.NO_MEANINGFUL_IMPROVEMENT, None, day + timedelta(days=3),
                  policy)  # fmt: skip
    assert opened == AlertState(1, Trigger.NO_MEANINGFUL_IMPROVEMENT, day, None, key)
    later = day + timedelta(days=9)
    assert kept(opened, 1, Trigger.NO_MEANINGFUL_IMPROVEMENT, None, later, policy) == opened
    assert kept(opened, 1, Trigger.RED_FLAG, None, later, policy).since == later  # a new step
    assert kept(opened, 1, None, None, later, policy) == AlertState(1, None, None, None, key)
