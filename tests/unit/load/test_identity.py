"""One session from several sources is one activity (domain/load/identity.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from kneecap.domain.load.activity import Activity, HeartRateTrace, Sport
from kneecap.domain.load.identity import dedupe, same_session
from kneecap.domain.load.provenance import SportCall

T0 = datetime(2024, 5, 6, 5, 5, 52, tzinfo=UTC)


def act(
    start: datetime = T0, secs: float = 3000, km: float | None = 10.0, **kw: object
) -> Activity:
    return Activity(Sport.RUN, start, secs, distance_m=None if km is None else km * 1000, **kw)  # type: ignore[arg-type]


def test_starts_nine_seconds_apart_across_a_minute_are_one_session() -> None:
    a, b = act(), act(T0 + timedelta(seconds=9), km=10.2)  # 05:05:52 and 05:06:01
    assert same_session(a, b) and a.dedup_key != b.dedup_key  # the minute key alone split them


def test_multisport_legs_that_follow_each_other_stay_apart() -> None:
    transition = replace(act(secs=4, km=0.0), sport=Sport.TRANSITION)
    run = act(T0 + timedelta(seconds=5), secs=6764, km=12.7)
    assert not same_session(transition, run)


def test_distance_that_disagrees_or_a_later_start_is_another_session() -> None:
    assert not same_session(act(), act(km=13.5))  # 35% longer
    assert not same_session(act(), act(T0 + timedelta(minutes=6)))
    assert same_session(act(km=None), act(T0 + timedelta(seconds=30)))  # summary without km


def test_two_device_labels_of_different_sports_are_two_sessions() -> None:
    ride = replace(act(), sport=Sport.RIDE, sport_call=SportCall.device("cycling"))
    run = replace(act(), sport_call=SportCall.device("running"))
    assert not same_session(ride, run)
    strava = replace(ride, sport_call=SportCall.export("activities.csv", "Ride"))
    assert same_session(strava, run)  # the export's word corrects the device


def test_the_richest_copy_is_kept_with_the_exports_sport_name_and_gear() -> None:
    trace = HeartRateTrace(np.arange(0.0, 3000.0, 1.0), np.full(3000, 150.0))
    from_file = replace(act(), heart_rate=trace, moving_s=2950.0, avg_hr=150.0,
                        sport_call=SportCall.device("running"))  # fmt: skip
    csv_row = replace(act(T0 + timedelta(seconds=9), km=10.1), sport=Sport.RIDE, name="Commute",
                      gear="Topstone", rpe=4.0,
                      sport_call=SportCall.export("activities.csv", "Ride"))  # fmt: skip
    other_day = act(T0 + timedelta(days=1))
    kept, copies = dedupe([csv_row, other_day, from_file])
    assert copies == 1 and len(kept) == 2
    one = kept[0]
    assert one.heart_rate is trace and one.moving_s == 2950.0  # the file's measurements
    assert (one.sport, one.name, one.gear, one.rpe) == (Sport.RIDE, "Commute", "Topstone", 4.0)
    assert one.sport_call.reason == "activities.csv says 'Ride'"
