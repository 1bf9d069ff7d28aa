"""Sport on real files: labels are used as written, tracks without one are inferred, never run
by default; and inference, checked against every real labelled FIT file with its label
removed, never calls a ride a run (nor a run a ride) without asking."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecap.adapters.activities.fit import records as R
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.fit.summary import FIT_EPOCH, activities_from_fit
from kneecap.adapters.activities.read import read_bytes
from kneecap.domain.load.activity import Sport
from kneecap.domain.load.provenance import SportBasis
from kneecap.domain.load.sport_inference import infer_sport


def _gpx_files(*dirs: Path) -> list[Path]:
    return [f for d in dirs for f in sorted(d.glob("*.gpx"))]


def test_no_gpx_track_without_a_type_is_counted_as_a_run_by_default(
    data_dir: Path, more_dir: Path
) -> None:
    seen = 0
    for f in _gpx_files(data_dir, more_dir):
        for a in read_bytes(f.read_bytes(), f.name).activities:
            seen += 1
            assert a.sport_call.basis in (SportBasis.DEVICE, SportBasis.INFERRED), f.name
            assert a.sport_call.reason, f.name
            if a.sport_call.basis is SportBasis.INFERRED and a.sport is Sport.RUN:
                assert "running speed" in a.sport_call.reason or a.sport_call.needs_confirmation
    assert seen > 20


@pytest.mark.parametrize(
    ("name", "sport", "ask"),
    [
        ("gpxpy__test_files__first_and_last_elevation.gpx", Sport.OTHER, True),  # 98 km/h
        ("gpxpy__test_files__around-visnjan-with-car.gpx", Sport.RIDE, False),  # 37 km/h
        ("gpxpy__test_files__track_with_speed.gpx", Sport.OTHER, True),  # 13 s of data
    ],
)
def test_real_tracks_without_a_type(more_dir: Path, name: str, sport: Sport, ask: bool) -> None:
    (a,) = read_bytes((more_dir / name).read_bytes(), name).activities
    assert a.sport is sport and a.sport_call.needs_confirmation is ask


def test_korita_hikes_are_walks_and_its_timeless_track_is_asked(data_dir: Path) -> None:
    res = read_bytes((data_dir / "gpx_korita_zbevnica.gpx").read_bytes(), "k.gpx")
    timed = [a for a in res.activities if a.duration_s > 0]
    assert [a.sport for a in timed] == [Sport.WALK, Sport.WALK]
    (timeless,) = [a for a in res.activities if a.duration_s == 0]
    assert timeless.sport is Sport.OTHER and timeless.needs_confirmation  # type "...", no times
    assert "is not a sport and the track has no times" in timeless.sport_call.reason


def _labelled_sessions(*dirs: Path):  # type: ignore[no-untyped-def]
    for d in dirs:
        for f in sorted(d.glob("*.fit")):
            try:
                fit = decode(f.read_bytes())
            except Exception:
                continue
            rec = fit.messages.get(20)
            for a in activities_from_fit(fit, f.name):
                if a.sport not in (Sport.RUN, Sport.RIDE):
                    continue
                t0 = a.start.timestamp() - FIT_EPOCH
                v = R.view(rec, (t0, t0 + a.duration_s))
                m = None if v is None or not v.any else R.record_motion(v)
                if m is not None:
                    yield f.name, a.sport, m


def test_inference_never_swaps_ride_and_run_silently_on_real_labelled_files(
    data_dir: Path, more_dir: Path
) -> None:
    checked = {Sport.RUN: 0, Sport.RIDE: 0}
    for name, label, m in _labelled_sessions(data_dir, more_dir):
        sport, call = infer_sport(m, "label removed")
        checked[label] += 1
        other = Sport.RIDE if label is Sport.RUN else Sport.RUN
        assert not (sport is other and not call.needs_confirmation), (name, call.reason)
    assert checked[Sport.RUN] >= 8 and checked[Sport.RIDE] >= 10
