"""Dates no watch could have recorded are flagged and kept out of the series until confirmed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.analysis import analyze
from kneecap.domain.load.dates import date_issues
from kneecap.domain.load.provenance import IssueCode

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def test_placeholder_dates_and_future_dates_need_confirmation() -> None:
    placeholder = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)  # -2^31 s: a GPX placeholder
    (issue,) = date_issues(placeholder, NOW)
    assert issue.code is IssueCode.DATE_IMPLAUSIBLE and issue.needs_confirmation
    assert "1901-12-13" in issue.message and "before GPS watches" in issue.message
    (future,) = date_issues(NOW + timedelta(days=3), NOW)
    assert "in the future" in future.message
    assert date_issues(NOW + timedelta(hours=20), NOW) == []  # a time zone's slip, not a date
    assert date_issues(datetime(1999, 1, 1, tzinfo=UTC), NOW) == []


def test_an_unconfirmed_date_stays_out_of_the_series() -> None:
    today = date(2025, 3, 1)
    run = Activity(Sport.RUN, datetime(2025, 2, 28, 7, tzinfo=UTC), 3000, distance_m=10_000, rpe=5)
    future = replace(run, start=datetime(2025, 3, 20, 7, tzinfo=UTC),
                     issues=tuple(date_issues(datetime(2025, 3, 20, tzinfo=UTC), NOW)))  # fmt: skip
    res = analyze([run, future], today)
    assert res.excluded == [future] and future.date_unconfirmed
    assert res.weeks[-1].run_km == 10.0  # only the believable run


def test_a_confirmed_date_or_sport_replaces_the_guess_and_says_who() -> None:
    from kneecap.domain.load.confirm import confirm_date, confirm_sport
    from kneecap.domain.load.provenance import SportBasis, SportCall

    placeholder = datetime(1901, 12, 13, 20, 45, 52, tzinfo=UTC)
    a = Activity(Sport.OTHER, placeholder, 0, distance_m=2700,
                 issues=tuple(date_issues(placeholder, NOW)),
                 sport_call=SportCall(reason="no times", needs_confirmation=True))  # fmt: skip
    assert a.needs_confirmation and a.date_unconfirmed
    b = confirm_sport(
        confirm_date(a, datetime(2010, 12, 14, 6, tzinfo=UTC)), Sport.HIKE, "the runner"
    )
    assert not b.needs_confirmation and b.sport is Sport.HIKE
    assert b.sport_call.basis is SportBasis.CONFIRMED and "the runner" in b.sport_call.reason
    assert b.start.year == 2010 and not b.issues
