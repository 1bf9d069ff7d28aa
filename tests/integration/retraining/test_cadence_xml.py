"""Per-point cadence from GPX and TCX runs, for adherence.

TCX ns3:RunCadence (and <Cadence>) and GPX gpxtpx:cad are per foot (strides) per minute, as
FIT record cadence is: the trace is 2 x the value, the rule the importer uses for their
averages. No running GPX or TCX file in ../shared/data carries cadence; the one real file with
per-point RunCadence is a cross-country ski (tcx_xc_skiing.tcx), read here as it is and, with
its Sport attribute changed to Running, as a run.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneecap.adapters.activities.cadence import FileCadenceReader
from kneecap.adapters.activities.tcx import cadence_columns
from kneecap.domain.retraining.adherence import RunStatus, from_trace

SKI = "tcx_xc_skiing.tcx"


def _gpx(cads: list[float | None], hour: str = "2026-03-02T07") -> bytes:
    pts = []
    for i, c in enumerate(cads):
        ext = (
            ""
            if c is None
            else "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr>"
            f"<gpxtpx:cad>{c:g}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>"
        )
        lat = 46.0 + i * 0.00003  # ~3.3 m a second: a run
        pts.append(
            f'<trkpt lat="{lat:.6f}" lon="15.0"><time>{hour}:{i // 60:02d}:{i % 60:02d}Z</time>'
            f"{ext}</trkpt>"
        )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{''.join(pts)}</trkseg></trk></gpx>"
    ).encode()


def test_the_real_tcx_files_run_cadence_doubled(shared_data: Path) -> None:
    data = (shared_data / "activities" / SKI).read_bytes()
    [(_, t, per_foot)] = cadence_columns(data)
    # the file as written: 486 trackpoints, RunCadence median 43 (91 of them 0), mean of the
    # non-zero 50.2 strides/min - a skier's, far below a running rate
    assert t.size == 486 and np.median(per_foot) == 43.0 and int((per_foot == 0).sum()) == 91
    assert float(per_foot[per_foot > 0].mean()) == pytest.approx(50.21, abs=0.01)
    assert FileCadenceReader().read(data, SKI) == []  # Sport="Other": not a run
    as_run = data.replace(b'Sport="Other"', b'Sport="Running"')
    [run] = FileCadenceReader().read(as_run, "ski-as-run.tcx")
    assert run.trace is not None
    raw = per_foot[np.isfinite(per_foot)]
    assert np.array_equal(run.trace.spm, 2 * raw)  # steps/min, point for point
    a = from_trace(run.trace, 170)
    # only 292 s at a running step rate (>= 120): its points above 60 strides/min
    assert a.status is RunStatus.MEASURED and a.running_s == 292.0
    assert a.within_share == pytest.approx(5 / 292)  # 5 s near 170: not a run, as its file says
    gz = FileCadenceReader().read(gzip.compress(as_run), "ski-as-run.tcx.gz")
    assert gz[0].trace is not None and np.array_equal(gz[0].trace.spm, run.trace.spm)


def test_a_gpx_run_with_trackpoint_extension_cadence() -> None:
    cads: list[float | None] = [85.0] * 200 + [None] * 10 + [88.0] * 100
    [run] = FileCadenceReader().read(_gpx(cads), "run.gpx")
    assert run.trace is not None and run.trace.spm.size == 300  # points without cad left out
    a = from_trace(run.trace, 172)
    assert a.status is RunStatus.MEASURED
    # 11 s without cadence is a gap (over 10 s): it counts one second, not 170 held on
    assert a.running_s == 300.0 and a.mean_spm == pytest.approx((200 * 170 + 100 * 176) / 300)
    assert a.within_share == pytest.approx(200 / 300)  # 170 is within +-3 of 172, 176 is not


def test_files_without_cadence_give_no_trace(shared_data: Path) -> None:
    plain = (shared_data / "activities" / "gpx_garmin_trackpoint_extension.gpx").read_bytes()
    assert all(r.trace is None for r in FileCadenceReader().read(plain, "hr-only.gpx"))
    [run] = FileCadenceReader().read(_gpx([None] * 120), "no-cad.gpx")
    assert run.trace is None


def _tcx(cads: list[str], tag: str) -> bytes:
    pts = "".join(
        f"<Trackpoint><Time>2026-03-02T07:{i // 60:02d}:{i % 60:02d}Z</Time>"
        + (
            f"<Cadence>{c}</Cadence>"
            if tag == "Cadence"
            else f"<Extensions><ns3:TPX><ns3:RunCadence>{c}</ns3:RunCadence></ns3:TPX></Extensions>"
        )
        + "</Trackpoint>"
        for i, c in enumerate(cads)
    )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>'
        '<Activity Sport="Running"><Id>2026-03-02T07:00:00Z</Id>'
        '<Lap StartTime="2026-03-02T07:00:00Z"><TotalTimeSeconds>300</TotalTimeSeconds>'
        f"<DistanceMeters>1000</DistanceMeters><Track>{pts}</Track></Lap></Activity>"
        "</Activities></TrainingCenterDatabase>"
    ).encode()


@pytest.mark.parametrize("tag", ["RunCadence", "Cadence"])
def test_tcx_run_cadence_in_either_element(tag: str) -> None:
    [run] = FileCadenceReader().read(_tcx(["86"] * 120 + ["bad"] + ["0"] * 5, tag), "r.tcx")
    assert run.trace is not None and run.trace.spm.size == 125  # the unreadable one left out
    a = from_trace(run.trace, 172)
    # the zeros are standing, not running; the last 86 holds over the dropped point (2 s)
    assert a.mean_spm == 172.0 and a.running_s == 121.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 130, allow_nan=False)), min_size=1, max_size=90))
def test_any_gpx_cadence_reads_as_twice_its_value(cads: list[float | None]) -> None:
    [run] = FileCadenceReader().read(_gpx(cads), "p.gpx")
    given_ = [2 * float(f"{c:g}") for c in cads if c is not None]
    if not given_:
        assert run.trace is None
    else:
        assert run.trace is not None and list(run.trace.spm) == pytest.approx(given_)
