"""Video against watch cadence in the same week, on a constructed disagreement."""

from __future__ import annotations

from datetime import date

from kneecap.domain.retraining.agreement import WatchRun, compare

VIDEO_DAY = date(2026, 3, 4)  # a Wednesday


def test_disagreement_beyond_three_steps_is_flagged() -> None:
    # treadmill video 166 steps/min; outdoor runs that week on a wrist watch at 171 and 173
    runs = [WatchRun(date(2026, 3, 2), 171.0), WatchRun(date(2026, 3, 6), 173.0)]
    a = compare(VIDEO_DAY, 166.0, runs)
    assert a.watch_spm == 172.0 and a.difference == 6.0 and a.flagged
    assert "differ by 6" in a.message


def test_agreement_within_three_and_other_weeks_ignored() -> None:
    runs = [
        WatchRun(date(2026, 3, 3), 168.0),
        WatchRun(date(2026, 3, 8), 169.0),  # Sunday: same week
        WatchRun(date(2026, 3, 9), 190.0),  # next Monday: another week
    ]
    a = compare(VIDEO_DAY, 166.0, runs)
    assert a.runs == 2 and a.difference == 2.5 and not a.flagged
    assert compare(VIDEO_DAY, 166.0, runs[2:]).watch_spm is None


def test_exactly_three_is_not_flagged() -> None:
    assert not compare(VIDEO_DAY, 166.0, [WatchRun(VIDEO_DAY, 169.0)]).flagged


def test_same_speed_runs_are_preferred_when_the_speed_is_known() -> None:
    runs = [WatchRun(VIDEO_DAY, 176.0, speed_ms=3.9), WatchRun(VIDEO_DAY, 167.0, speed_ms=3.0)]
    a = compare(VIDEO_DAY, 166.0, runs, video_speed_ms=3.1)
    assert a.runs == 1 and a.watch_spm == 167.0 and not a.flagged
