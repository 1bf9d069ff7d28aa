from datetime import date, timedelta

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.adherence import Adherence
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


def test_six_weeks_without_mcid_change_asks_for_a_review_first_not_a_referral() -> None:
    today = START + timedelta(weeks=6)
    alert = check_escalation(care_start=START, today=today, outcomes=results((60, 66), (6, 5)))
    assert alert is not None
    assert alert.trigger is Trigger.NO_MEANINGFUL_IMPROVEMENT
    assert alert.recipient_role is Role.CHIROPRACTOR
    assert alert.weeks_in_care == 6
    akps = alert.changes[0]
    assert (akps.baseline, akps.latest, akps.delta, akps.mcid.value) == (60, 66, 6, 10)
    assert "AKPS 60 → 66 (change +6, MCID 10)" in alert.message
    assert "Review before anything else" in alert.message
    for word in ("referral", "surgical", "injection"):
        assert word not in alert.message
    assert alert.evidence == ()
    assert [p.split(":")[0].split(" (")[0] for p in alert.review_points] == [
        "the diagnosis", "adherence to the home programme", "the dose",
    ]  # fmt: skip


def test_the_review_names_the_home_programme_adherence_it_is_given() -> None:
    week = Adherence(START + timedelta(weeks=2), START + timedelta(weeks=6), 36.0, 16.0, 16 / 36,
                     ())  # fmt: skip
    alert = check_escalation(care_start=START, today=START + timedelta(weeks=6),
                             outcomes=results((60, 62), (6, 6)), adherence=week)  # fmt: skip
    assert alert is not None and alert.adherence_ratio == pytest.approx(0.444, abs=1e-3)
    assert "44% of prescribed exercise sessions done, 20 Jan to 17 Feb" in alert.message


def test_referral_is_named_only_after_a_review_and_the_reviewed_care_had_its_time() -> None:
    reviewed = START + timedelta(weeks=6)
    later = START + timedelta(weeks=12)
    flat = [*results((60, 62), (6, 6)), ScoredOutcome("akps", later, 63),
            ScoredOutcome("nprs_usual", later, 6)]  # fmt: skip
    alert = check_escalation(care_start=START, today=later, outcomes=flat, reviews=[reviewed])
    assert alert is not None and alert.trigger is Trigger.NO_IMPROVEMENT_AFTER_REVIEW
    assert alert.reviewed_on == reviewed
    assert "Care was reviewed on 17 Feb 2025" in alert.message
    assert "physician or an orthopaedic consult for an injection or a surgical opinion" in (
        alert.message
    )
    (evidence,) = alert.evidence
    assert "no better than the exercise programme alone" in evidence.claim
    assert "Kettunen" in evidence.source and "2007;5:38" in evidence.source
    # three weeks after the review the reviewed care has not had its time yet
    soon = START + timedelta(weeks=9)
    early = [*results((60, 62), (6, 6)), ScoredOutcome("akps", soon, 62)]
    assert (
        check_escalation(care_start=START, today=soon, outcomes=early, reviews=[reviewed]) is None
    )


def test_after_a_review_without_a_new_measure_the_measures_are_due_again() -> None:
    reviewed = START + timedelta(weeks=6)
    # On the day of the review nothing is due yet: the reviewed care gets its time first.
    assert check_escalation(care_start=START, today=reviewed, outcomes=results((60, 62), (6, 6)),
                            reviews=[reviewed]) is None  # fmt: skip
    alert = check_escalation(care_start=START, today=START + timedelta(weeks=12),
                             outcomes=results((60, 62), (6, 6)), reviews=[reviewed])  # fmt: skip
    assert alert is not None and alert.trigger is Trigger.MEASURES_DUE
    assert "AKPS and pain are due" in alert.message and "referral" not in alert.message


def test_worsening_beyond_the_mcid_alerts_at_any_week() -> None:
    # AKPS -20 and usual pain +4 at week 3: both worse beyond their MCID (10 and 2 points).
    alert = check_escalation(care_start=START, today=START + timedelta(weeks=3),
                             outcomes=results((70, 50), (3, 7), weeks=3))  # fmt: skip
    assert alert is not None and alert.trigger is Trigger.WORSENING
    assert "AKPS 70 → 50 (change -20, MCID 10)" in alert.message
    assert "usual pain (NPRS) 3 → 7 (change +4, MCID 2)" in alert.message
    assert "review now" in alert.message and alert.review_points


def test_thirty_percent_less_pain_counts_as_improvement() -> None:
    # Farrar 2001: ~2 points or ~30% less; 3 -> 2 is 33% less though only 1 point.
    outcomes = results((60, 62), (3, 2))
    assert check_escalation(care_start=START, today=START + timedelta(weeks=6),
                            outcomes=outcomes) is None  # fmt: skip


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


def test_no_follow_up_measures_prompts_measuring_never_a_surgical_suggestion() -> None:
    alert = check_escalation(
        care_start=START,
        today=START + timedelta(weeks=7),
        outcomes=[ScoredOutcome("akps", START, 55)],
    )
    assert alert is not None and alert.trigger is Trigger.MEASURES_DUE
    assert alert.missing_instruments == ("akps", "nprs_usual")
    assert "no follow-up measures recorded: AKPS and pain are due" in alert.message
    for word in ("referral", "surgical", "injection"):
        assert word not in alert.message
    nothing = check_escalation(care_start=START, today=START + timedelta(weeks=7), outcomes=[])
    assert nothing is not None and nothing.trigger is Trigger.MEASURES_DUE


def test_results_after_today_are_ignored() -> None:
    today = START + timedelta(weeks=6)
    future = [*results((60, 62), (6, 6)), ScoredOutcome("akps", today + timedelta(days=1), 90)]
    assert check_escalation(care_start=START, today=today, outcomes=future) is not None
