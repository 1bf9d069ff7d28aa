import contextlib
import gzip
import io
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.read import read_bytes, read_file_bytes
from kneecap.adapters.activities.strava import parse_strava_date

CSV = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear,"
    "Filename,Elapsed Time,Distance,Perceived Exertion\n"
    '1,"Nov 3, 2024, 7:12:45 AM",Morning,Run,3600,10.5,Shoe A,,3600.0,10500.0,6\n'
    '2,"Nov 4, 2024, 7:12:45 AM",Tempo,Run,3000,9.0,Shoe B,activities/2.fit.gz,3000.0,9000.0,\n'
    '3,"Nov 5, 2024, 7:12:45 AM",Bad,Run,10,1,Shoe B,activities/3.fit,10,1,\n'
)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


def test_strava_date_format() -> None:
    d = parse_strava_date("Nov 3, 2024, 7:12:45 AM")
    assert d is not None and (d.hour, d.minute, d.day) == (7, 12, 3)


def test_strava_export_with_bad_member(data_dir: Path) -> None:
    fit = (data_dir / "run_fenix2_small.fit").read_bytes()
    blob = _zip({"activities.csv": CSV.encode(), "activities/2.fit.gz": gzip.compress(fit),
                 "activities/3.fit": b"garbage"})  # fmt: skip
    res = read_bytes(blob, "export.zip")
    manual = next(a for a in res.activities if a.name == "Morning")
    assert manual.distance_m == 10500.0 and manual.rpe == 6 and manual.gear == "Shoe A"
    from_file = next(a for a in res.activities if a.name == "Tempo")
    assert from_file.distance_m == 9008.22 and from_file.gear == "Shoe B"
    assert any("3.fit" in w.file for w in res.warnings)  # fell back to the CSV row


def test_garmin_nested_zip_and_reimport_dedup(data_dir: Path) -> None:
    fit = (data_dir / "run_fr110_hr.fit").read_bytes()
    inner = _zip({"a.fit": fit})
    outer = _zip({"DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip": inner,
                  "DI_CONNECT/DI-Connect-Fitness/x_0_summarizedActivities.json":
                  b'[{"summarizedActivitiesExport":[{"activityType":"running",'
                  b'"startTimeGmt":1700000000000,"duration":1800000.0,"distance":500000.0}]}]',
                  "again.fit": fit})  # fmt: skip
    res = read_bytes(outer, "garmin.zip")
    assert len(res.activities) == 2 and res.duplicates == 1
    js = next(a for a in res.activities if "summarized" in a.source)
    assert js.distance_m == 5000.0 and js.duration_s == 1800.0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_no_byte_string_raises_anything_but_our_error(data: bytes) -> None:
    for blob in (data, b"\x0e\x10\x00\x00" + data[:4].ljust(4, b"\0") + b".FIT" + data):
        with contextlib.suppress(ActivityFileError):
            read_file_bytes(blob, "x")
        read_bytes(blob, "x")  # never raises: errors are reported


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 5000), st.binary(min_size=1, max_size=8))
def test_mutated_real_file_never_crashes(data_dir: Path, pos: int, junk: bytes) -> None:
    fit = bytearray((data_dir / "run_fenix5_dynamics.fit").read_bytes())
    fit[pos : pos + len(junk)] = junk
    with contextlib.suppress(ActivityFileError):
        read_file_bytes(bytes(fit), "m.fit")
