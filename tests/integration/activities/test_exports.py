"""Strava and Garmin exports as real users hand them over: re-zipped, relabelled, partial."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

from kneecap.adapters.activities.read import read_bytes
from kneecap.domain.load.activity import Sport
from kneecap.domain.load.provenance import SportBasis

FITNESS = "DI_CONNECT/DI-Connect-Fitness"  # the layout of Garmin's account export
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files"
HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,"
    "Filename,Elapsed Time,Distance,Perceived Exertion"
)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


def _strava(prefix: str, data_dir: Path) -> bytes:
    fenix = gzip.compress((data_dir / "run_fenix2_small.fit").read_bytes())
    fr110 = (data_dir / "run_fr110_hr.fit").read_bytes()
    rows = [
        HEADER,
        # the fenix2 file (2015-08-15 14:45:08 UTC) ridden, says Strava: the athlete's word wins
        '11,"Aug 15, 2015, 2:45:08 PM",Gravel loop,Ride,2832,9.0,Topstone,'
        "activities/11.fit.gz,2832,9008,",
        '12,"Feb 6, 2013, 12:11:14 PM",Easy,Run,2625,4.8,Pegasus,activities/12.fit,2625,4835,3',
        # a manual entry 9 s after the FR110 file's start: the same session, not a second one
        '13,"Feb 6, 2013, 12:11:23 PM",Easy (manual),Run,2600,4.8,Pegasus,,2600,4800,',
    ]
    return _zip({
        f"{prefix}activities.csv": "\n".join(rows).encode(),
        f"{prefix}activities/11.fit.gz": fenix,
        f"{prefix}activities/12.fit": fr110,
        f"{prefix}profile.csv": b"Athlete ID\n1\n",
        f"{prefix}media/1.jpg": b"\xff\xd8",
    })  # fmt: skip


def test_a_rezipped_strava_folder_matches_rows_to_files_and_counts_each_once(
    data_dir: Path,
) -> None:
    for prefix in ("", "export_12345/", "Downloads/export_12345/"):
        res = read_bytes(_strava(prefix, data_dir), "export.zip")
        assert not res.errors, prefix
        assert len(res.activities) == 2 and res.duplicates == 1, prefix
        ride, run = sorted(res.activities, key=lambda a: a.sport.value)
        assert ride.sport is Sport.RIDE and ride.gear == "Topstone" and ride.name == "Gravel loop"
        assert ride.sport_call.basis is SportBasis.EXPORT
        assert ride.distance_m == 9008.22  # the file's own measurements stay
        assert run.gear == "Pegasus" and run.heart_rate is not None and run.rpe == 3
        assert any("not activities and were not used" in w.reason for w in res.warnings)


def test_csv_rows_match_by_name_when_the_folders_were_moved(data_dir: Path) -> None:
    fit = (data_dir / "run_fenix2_small.fit").read_bytes()
    row = '11,"Aug 15, 2015, 2:45:08 PM",Loop,Ride,2832,9.0,Topstone,activities/11.fit.gz,,,'
    csv = f"{HEADER}\n{row}"
    res = read_bytes(_zip({"a/activities.csv": csv.encode(), "b/c/11.fit": fit}), "moved.zip")
    (a,) = res.activities
    assert a.sport is Sport.RIDE and a.gear == "Topstone"


def _garmin_summary(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"activityType": "running", "duration": 1800000.0,
                               "distance": 500000.0, "name": "Lunch run"}  # fmt: skip
    base.update(kw)
    return base


def test_garmin_export_parents_begin_timestamps_and_what_was_not_used(data_dir: Path) -> None:
    fr110 = (data_dir / "run_fr110_hr.fit").read_bytes()
    start_ms = 1360152674000  # 2013-02-06T12:11:14Z, the FR110 file's start
    summaries = [
        {
            "summarizedActivitiesExport": [
                _garmin_summary(activityType="multi_sport", parent=True, childIds=[2, 3],
                                startTimeGmt=1700000000000, distance=1500000.0),
                _garmin_summary(activityType="road_biking", startTimeGmt=1700000000000,
                                duration=2400000.0, distance=1200000.0, parentId=1),
                _garmin_summary(startTimeGmt=1700002500000, distance=300000.0, parentId=1),
                _garmin_summary(beginTimestamp=1700600000000),  # no startTimeGmt
                _garmin_summary(),  # no start at all
                # the FR110 file's own summary: the athlete renamed it and called it a hike
                _garmin_summary(activityType="hiking", beginTimestamp=start_ms,
                                elapsedDuration=2625000.0, duration=2625000.0,
                                distance=483500.0, name="Hill walk"),
            ]
        }
    ]  # fmt: skip
    export = _zip({
        f"{FITNESS}/me_0_summarizedActivities.json": json.dumps(summaries).encode(),
        f"{UPLOADS}/UploadedFiles_0-_Part1.zip": _zip({"me_1.fit": fr110}),
        "DI_CONNECT/DI-Connect-Wellness/me_sleepData.json": b"[]",
        "DI_CONNECT/DI-Connect-User/user_profile.json": b"{}",
    })  # fmt: skip
    res = read_bytes(export, "garmin.zip")
    assert not res.errors
    by_name = {a.name: a for a in res.activities}
    assert len(res.activities) == 4  # two legs, the beginTimestamp one, the FR110 file
    assert sum(a.distance_m or 0 for a in res.activities if a.start.year == 2023) == 20_000.0
    hike = by_name["Hill walk"]
    assert hike.sport is Sport.HIKE and hike.heart_rate is not None  # summary's word, file's data
    reasons = " | ".join(w.reason for w in res.warnings)
    assert "parent of their legs" in reasons and "no start time" in reasons
    assert "2 files in the archive are not activities" in reasons


def test_garmin_export_without_its_uploaded_files_says_so() -> None:
    summaries = [{"summarizedActivitiesExport": [_garmin_summary(startTimeGmt=1700000000000)]}]
    export = _zip({f"{FITNESS}/me_0_summarizedActivities.json": json.dumps(summaries).encode()})
    res = read_bytes(export, "garmin.zip")
    assert len(res.activities) == 1
    assert any("without DI_CONNECT/DI-Connect-Uploaded-Files" in w.reason for w in res.warnings)


def test_fit_files_that_are_not_activities_are_named_and_not_errors_inside_an_export(
    data_dir: Path, more_dir: Path
) -> None:
    settings = (more_dir / "python-fit__tests__files__Settings.fit").read_bytes()
    monitoring = (more_dir / "python-fit__tests__files__MonitoringFile.fit").read_bytes()
    run = (data_dir / "run_fenix5_dynamics.fit").read_bytes()
    res = read_bytes(_zip({"u/s.fit": settings, "u/m.fit": monitoring, "u/r.fit": run}), "u.zip")
    assert len(res.activities) == 1 and not res.errors
    (w,) = [w for w in res.warnings if "not activities" in w.reason]
    assert "settings" in w.reason and "monitoring" in w.reason
    alone = read_bytes(settings, "Settings.fit")
    assert alone.errors and "FIT settings file, not an activity" in alone.errors[0].reason
