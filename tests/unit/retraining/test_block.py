"""The block's schedule against the dose Davis et al. 2020 (PMC7083994) report, and the
targets from Heiderscheit 2011."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.analysis import analyze
from kneecap.domain.retraining import dose as D
from kneecap.domain.retraining.block import plan_block
from kneecap.domain.retraining.target import InvalidBaseline, targets

START = date(2026, 3, 2)  # a Monday


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 7, tzinfo=UTC)


def _runs(per_week: int, minutes: float, weeks: int = 4, before: date = START) -> list[Activity]:
    out = []
    for w in range(weeks):
        monday = before - timedelta(days=7 * (weeks - w))
        for d in (0, 2, 4, 6)[:per_week]:
            out.append(
                Activity(
                    Sport.RUN, _at(monday + timedelta(days=d)),
                    duration_s=minutes * 60, moving_s=minutes * 60, distance_m=minutes * 166.7,
                    avg_cadence_spm=164.0,
                )
            )  # fmt: skip
    return out


def test_default_block_is_inside_every_reviewed_range() -> None:
    plan = plan_block(164.0, START, D.Dose(), _runs(4, 40))
    s = plan.sessions
    assert D.SESSIONS_RANGE[0] <= len(s) <= D.SESSIONS_RANGE[1]
    assert D.WEEKS_RANGE[0] <= plan.dose.weeks <= D.WEEKS_RANGE[1]
    per_week = {w: sum(1 for x in s if x.week == w) for w in {x.week for x in s}}
    assert all(D.PER_WEEK_RANGE[0] <= n <= D.PER_WEEK_RANGE[1] for n in per_week.values())
    assert D.PEAK_MINUTES_RANGE[0] <= s[-1].minutes <= D.PEAK_MINUTES_RANGE[1]
    assert [x.minutes for x in s] == [15, 17, 19, 21, 24, 26, 28, 30]
    assert plan.total_minutes == 180  # inside Davis's ~177-196 min
    assert D.total_in_reviewed_range(plan.total_minutes)
    assert plan.notes == ()


def test_feedback_fades_full_then_intermittent_then_none() -> None:
    F = D.Feedback
    assert D.feedback(8) == [F.FULL] * 4 + [F.INTERMITTENT] * 2 + [F.NONE] * 2
    fb18 = D.feedback(18)
    assert fb18[:9] == [F.FULL] * 9 and fb18[-4:] == [F.NONE] * 4
    assert fb18.index(F.NONE) > fb18.index(F.INTERMITTENT)


def test_targets_step_from_own_rate_five_then_ten_percent() -> None:
    # Heiderscheit 2011: +5% and +10% of the runner's preferred step rate.
    assert targets(164.0, 8) == [172] * 4 + [180] * 4  # 164 x 1.05 = 172.2, x 1.10 = 180.4
    assert targets(160.0, 9, (0.05,)) == [168] * 9
    with pytest.raises(InvalidBaseline):
        targets(82.0, 8)  # a FIT stride rate, not steps: refused, not doubled silently


@pytest.mark.parametrize(
    ("dose", "field"),
    [
        (D.Dose(sessions=7), "sessions"),
        (D.Dose(sessions=19), "sessions"),
        (D.Dose(per_week=5), "per_week"),
        (D.Dose(peak_minutes=50), "peak_minutes"),
        (D.Dose(sessions=18, per_week=3, first_minutes=40, peak_minutes=30), "first_minutes"),
    ],
)
def test_dose_outside_the_review_is_refused_by_field(dose: D.Dose, field: str) -> None:
    with pytest.raises(D.InvalidDose) as err:
        D.checked_dose(dose)
    assert field in err.value.errors


def test_longest_block_in_the_review() -> None:
    plan = plan_block(160.0, START, D.Dose(sessions=18, per_week=3, peak_minutes=45), _runs(3, 60))
    assert plan.dose.weeks == 6 and plan.sessions[-1].week == 6
    assert plan.sessions[-1].minutes == 45


def test_sessions_never_longer_than_usual_runs_nor_more_often() -> None:
    plan = plan_block(164.0, START, D.Dose(), _runs(3, 25))
    assert max(s.minutes for s in plan.sessions) == 25
    per_week = {s.week for s in plan.sessions}
    assert all(sum(1 for s in plan.sessions if s.week == w) <= 3 for w in per_week)
    assert any("capped at 25 min" in n for n in plan.notes)


def test_a_runner_running_twice_a_week_is_not_given_more_runs() -> None:
    plan = plan_block(164.0, START, D.Dose(), _runs(2, 40))
    weeks = [s.week for s in plan.sessions]
    assert max(weeks.count(w) for w in set(weeks)) == 2
    assert plan.sessions[-1].week == 4
    assert any("never add" in n and "outside" in n for n in plan.notes)


def test_block_raises_no_load_guardrail_by_itself() -> None:
    """Sessions replace the runner's easy runs: running the block's weeks as the sessions say
    (one run per session, the usual run length) raises no ramp or spike alert that the
    runner's usual weeks did not."""
    before = _runs(4, 40, weeks=6)
    plan = plan_block(164.0, START, D.Dose(), before)
    during = [
        Activity(
            Sport.RUN, _at(s.day), duration_s=40 * 60,
            moving_s=40 * 60, distance_m=40 * 166.7, avg_cadence_spm=s.target_spm,
        )
        for s in plan.sessions
    ]  # fmt: skip
    today = plan.end + timedelta(days=1)
    alerts = analyze(before + during, today, None, []).alerts
    guarded = {R.SINGLE_RUN_SPIKE.id, R.WEEKLY_RAMP.id, R.EARLY_BUILD_RAMP.id}
    assert [a for a in alerts if a.rule_id in guarded and a.date >= START] == []
    # the same check catches a block that lengthened runs: 60-min sessions would be spikes
    longer = [Activity(a.sport, a.start, 60 * 60, 60 * 60, 60 * 166.7) for a in during]
    spikes = analyze(before + longer, today, None, []).alerts
    assert any(a.rule_id == R.SINGLE_RUN_SPIKE.id for a in spikes)


def test_plan_round_trips_through_its_stored_form() -> None:
    from kneecap.domain.retraining.codec import plan_from_dict, plan_to_dict

    plan = plan_block(164.0, START, D.Dose(), _runs(2, 20))
    assert plan_from_dict(plan_to_dict(plan)) == plan
