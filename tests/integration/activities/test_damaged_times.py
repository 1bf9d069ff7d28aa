"""Damaged or odd times never make an activity longer than its data (real files, made hostile)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kneecap.adapters.activities.read import FileActivityReader, read_bytes
from kneecap.domain.load.analysis import analyze
from kneecap.domain.load.provenance import IssueCode
from tests.integration.activities.fit_damage import (
    drop_sessions,
    flip_field_bits,
    flip_timestamp_bits,
    record_count,
)

SESSION, ELAPSED = 18, 7
FILES = ("run_fenix2_small.fit", "run_fr110_hr.fit", "bike_fenix5.fit", "run_stryd_devfields.fit")


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("bits", [(22,), (16, 21), (12,)])  # 48 days; 24 days + 18 h; 68 min
@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_a_flipped_record_timestamp_without_a_session_is_cut_not_stretched(
    data_dir: Path, name: str, bits: tuple[int, ...], where: float
) -> None:
    raw = (data_dir / name).read_bytes()
    (truth,) = read_bytes(raw, name).activities
    no_session = drop_sessions(raw)
    n = record_count(no_session)
    damaged = flip_timestamp_bits(no_session, min(int(where * n), n - 1), bits)
    res = read_bytes(damaged, name)
    (a,) = res.activities
    assert a.duration_s <= truth.duration_s + 5  # never a 44-day ride
    assert a.duration_s >= 0.9 * truth.duration_s - 120  # and the rest is still there
    cut = [i for i in a.issues if i.code is IssueCode.CUT_AT_DAMAGE]
    assert cut and "cut" in cut[0].message
    assert any("jump implausibly" in w.reason for w in res.warnings)  # the job reports it


def test_week_of_a_damaged_file_holds_the_real_hours(data_dir: Path) -> None:
    raw = drop_sessions((data_dir / "bike_fenix5.fit").read_bytes())
    damaged = flip_timestamp_bits(raw, record_count(raw) // 2, (22,))
    (a,) = read_bytes(damaged, "d.fit").activities
    res = analyze([a], a.start.date())
    assert res.weeks[-1].hours < 0.1  # one minute of riding, not 1,056 hours


def test_a_session_whose_elapsed_time_is_damaged_is_held_to_its_timer_and_records(
    data_dir: Path,
) -> None:
    raw = (data_dir / "run_fenix2_small.fit").read_bytes()
    damaged = flip_field_bits(raw, SESSION, ELAPSED, 0, (31,))  # +597 h in total_elapsed_time
    (a,) = read_bytes(damaged, "s.fit").activities
    assert a.duration_s == pytest.approx(2833.0, abs=2)
    assert any(i.code is IssueCode.DURATION_CAPPED for i in a.issues)


def test_a_file_cut_short_keeps_its_true_session(data_dir: Path) -> None:
    # Strava's Android app file: damaged after 314 s of records, session intact (3,558 s)
    (a,) = read_bytes((data_dir / "run_strava_android_app.fit").read_bytes(), "a").activities
    assert a.duration_s == pytest.approx(3558, abs=2)
    assert not any(i.code is IssueCode.DURATION_CAPPED for i in a.issues)


def test_gpx_duration_does_not_assume_point_order(more_dir: Path) -> None:
    name = "gpxpy__test_files__first_and_last_elevation.gpx"  # last point an hour back in time
    res = read_bytes((more_dir / name).read_bytes(), name)
    (a,) = res.activities
    assert a.duration_s == 7200.0 and a.moving_s is not None and a.moving_s <= a.duration_s
    assert any(i.code is IssueCode.CUT_AT_DAMAGE for i in a.issues)


def _gpx(times: list[str], lat0: float = 46.0) -> bytes:
    pts = "".join(
        f'<trkpt lat="{lat0 + i * 0.0002:.5f}" lon="14.5"><time>{t}</time></trkpt>'
        for i, t in enumerate(times)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><trkseg>{pts}</trkseg></trk></gpx>"
    ).encode()


def test_gpx_points_shuffled_within_the_tolerance_take_their_span() -> None:
    # 1 Hz walk of 20 minutes with neighbouring points swapped (a GPS logger's reordering)
    times = [f"2024-05-06T07:{m:02d}:{s:02d}Z" for m in range(20) for s in range(0, 60, 5)]
    for i in range(0, len(times) - 1, 7):
        times[i], times[i + 1] = times[i + 1], times[i]
    (a,) = read_bytes(_gpx(times), "shuffled.gpx").activities
    assert a.duration_s == pytest.approx(20 * 60 - 5)
    assert a.moving_s is not None and a.moving_s <= a.duration_s
    assert any(i.code is IssueCode.OUT_OF_ORDER for i in a.issues)


def test_tcx_moving_time_is_the_laps_timer_time() -> None:
    # one lap: TotalTimeSeconds 3,721 s of a 4,178 s outing (a 457 s stop with the timer off)
    pts = "".join(
        f"<Trackpoint><Time>2024-05-06T07:{m:02d}:00Z</Time><Position><LatitudeDegrees>"
        f"{46 + m * 0.002:.4f}</LatitudeDegrees><LongitudeDegrees>14.5</LongitudeDegrees>"
        "</Position></Trackpoint>"
        for m in range(0, 60)
    ) + ("<Trackpoint><Time>2024-05-06T08:09:38Z</Time></Trackpoint>")
    tcx = (
        '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        'TrainingCenterDatabase/v2"><Activities><Activity Sport="Running">'
        '<Id>2024-05-06T07:00:00Z</Id><Lap StartTime="2024-05-06T07:00:00Z">'
        "<TotalTimeSeconds>3721</TotalTimeSeconds><DistanceMeters>13000</DistanceMeters>"
        f"<Track>{pts}</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()
    (a,) = read_bytes(tcx, "lap.tcx").activities
    assert a.moving_s == 3721.0 and a.duration_s == 4178.0


def test_placeholder_and_unset_clock_dates_are_flagged_and_kept_out(
    data_dir: Path, more_dir: Path
) -> None:
    name = "gpxpy__test_files__Mojstrovka.gpx"  # point times 1901-12-13, file dated 2010
    (gpx,) = read_bytes((more_dir / name).read_bytes(), name).activities
    assert gpx.date_unconfirmed and "1901-12-13" in gpx.issues[-1].message
    name = "run_fr70_antfs_hr_only.fit"  # FIT times counted from power-on: "1990"
    (fit,) = read_bytes((data_dir / name).read_bytes(), name).activities
    assert fit.date_unconfirmed
    assert [i.code for i in fit.issues] == [IssueCode.CLOCK_NOT_SET]
    res = analyze([gpx, fit], datetime(2025, 1, 1, tzinfo=UTC).date())
    assert len(res.excluded) == 2 and res.weeks[-1].distance_km == 0


def test_a_future_date_is_flagged_against_the_readers_clock() -> None:
    times = [f"2031-05-06T07:{m:02d}:00Z" for m in range(30)]
    reader = FileActivityReader(now=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    res = reader.read_bytes(_gpx(times), "future.gpx")
    (a,) = res.activities
    assert a.date_unconfirmed and "in the future" in a.issues[-1].message
    assert any("in the future" in w.reason for w in res.warnings)
