from datetime import date, timedelta

from kneecap.domain.access.roles import Role
from kneecap.domain.care.escalation import EscalationPolicy, Trigger, check_escalation
from kneecap.domain.outcomes.change import ScoredOutcome

START = date(2025, 1, 6)


def results(
    akps: tuple[float, float], pain: tuple[float, float], weeks: int = 6
) -> list[ScoredOutcome]:
    later = START + timedelta(weeks=weeks)
    return [
        ScoredOutcome("akps", START, akps[0]),
        ScoredOutcome("akps", later, akps[1]),
        ScoredOutcome("nprs_usual", START, pain[0]),
        ScoredOutcome("nprs_usual", later, pain[1]),
    ]


def test_six_weeks_without_mcid_change_triggers_with_the_data() -> None:
    today = START + timedelta(weeks=6)
    alert = check_escalation(care_start=START, today=today, outcomes=results((60, 66), (6, 5)))
    assert alert is not None
    assert alert.trigger is Trigger.NO_MEANINGFUL_IMPROVEMENT
    assert alert.recipient_role is Role.CHIROPRACTOR
    assert alert.weeks_in_care == 6
    akps = alert.changes[0]
    assert (akps.baseline, akps.latest, akps.delta, akps.mcid.value) == (60, 66, 6, 10)
    assert "injection or surgical consult" in alert.message
    assert "AKPS 60 → 66 (change +6, MCID 10)" in alert.message


def test_improvement_on_either_measure_means_no_alert() -> None:
    today = START + timedelta(weeks=6)
    assert (
        check_escalation(care_start=START, today=today, outcomes=results((60, 72), (6, 6))) is None
    )
    assert (
        check_escalation(care_start=START, today=today, outcomes=results((60, 62), (6, 4))) is None
    )


def test_too_early_to_judge_means_no_alert() -> None:
    today = START + timedelta(weeks=5)
    assert (
        check_escalation(care_start=START, today=today, outcomes=results((60, 60), (6, 6), 5))
        is None
    )


def test_configurable_weeks() -> None:
    today = START + timedelta(weeks=4)
    alert = check_escalation(
        care_start=START,
        today=today,
        outcomes=results((60, 60), (6, 6), 4),
        policy=EscalationPolicy(weeks_without_improvement=4),
    )
    assert alert is not None


def test_red_flag_triggers_at_once_even_when_improving() -> None:
    alert = check_escalation(
        care_start=START,
        today=START + timedelta(days=3),
        outcomes=results((60, 80), (6, 2), 0),
        red_flags=["hot swollen joint"],
    )
    assert alert is not None and alert.trigger is Trigger.RED_FLAG
    assert alert.red_flags == ("hot swollen joint",)
    assert "urgent referral" in alert.message


def test_no_follow_up_measures_is_reported_as_missing() -> None:
    alert = check_escalation(
        care_start=START,
        today=START + timedelta(weeks=7),
        outcomes=[ScoredOutcome("akps", START, 55)],
    )
    assert alert is not None
    assert alert.missing_instruments == ("akps", "nprs_usual")
    assert "no follow-up measures" in alert.message


def test_results_after_today_are_ignored() -> None:
    today = START + timedelta(weeks=6)
    future = [*results((60, 62), (6, 6)), ScoredOutcome("akps", today + timedelta(days=1), 90)]
    assert check_escalation(care_start=START, today=today, outcomes=future) is not None
