"""Adherence from real watch files with per-record cadence (../shared/data/activities).

FIT running cadence is strides/min plus 1/128ths: the trace must be 2 x (cadence +
fractional / 128), read straight from the file's record columns here to check the reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kneecap.adapters.activities.cadence import FileCadenceReader
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.domain.retraining.adherence import RunStatus, from_trace


def _read(shared_data: Path, name: str) -> bytes:
    return (shared_data / "activities" / name).read_bytes()


def test_fenix2_run_steps_from_strides_and_fractions(shared_data: Path) -> None:
    data = _read(shared_data, "run_fenix2_small.fit")
    [run] = FileCadenceReader().read(data, "run_fenix2_small.fit")
    assert run.trace is not None
    rec = decode(data).messages[20]
    raw = rec.fields[4] + np.nan_to_num(rec.fields[53]) / 128.0
    raw = raw[raw > 0]
    # strides/min in the file (median 83 + fractions), steps/min in the trace
    assert np.median(raw) == pytest.approx(83.0, abs=0.5)
    assert np.median(run.trace.spm[run.trace.spm > 0]) == pytest.approx(
        2 * np.median(raw), abs=0.01
    )
    a = from_trace(run.trace, 168)
    assert a.status is RunStatus.MEASURED
    # figures of this run (printed by the report's command): 45 min of running at a mean of
    # 165.5 steps/min, 39.6% within +-3 of 170; against a 168 target:
    assert a.running_s == pytest.approx(2689, abs=1)
    assert a.mean_spm == pytest.approx(165.5, abs=0.1)
    assert a.within_share is not None and 0.3 < a.within_share < 0.7
    assert a.drift_spm == pytest.approx(-2.5, abs=0.2)  # slowed a little over the run
    assert from_trace(run.trace, 150).within_share == pytest.approx(0.0, abs=0.02)


def test_runs_without_cadence_and_other_sports(shared_data: Path) -> None:
    reader = FileCadenceReader()
    [hr_only] = reader.read(_read(shared_data, "run_strava_android_app.fit"), "a.fit")
    assert hr_only.trace is None  # the phone app wrote no cadence: the run says so
    assert reader.read(_read(shared_data, "bike_fenix5.fit"), "b.fit") == []
    assert reader.read(b"not a watch file", "c.fit") == []
    # a truncated file: the importer salvages its run, which has no cadence records
    salvaged = reader.read(_read(shared_data, "corrupt_unexpected_eof.fit"), "d.fit")
    assert [r.trace for r in salvaged] == [None]


def test_runs_inside_an_export_zip(shared_data: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("activities/1.fit", _read(shared_data, "run_fenix2_small.fit"))
        z.writestr("activities/2.fit", _read(shared_data, "run_fr920xt_devfields.fit"))
    runs = FileCadenceReader().read(buf.getvalue(), "export.zip")
    assert len(runs) == 2 and all(r.trace is not None for r in runs)
    means = sorted(round(from_trace(r.trace, 170).mean_spm or 0, 1) for r in runs if r.trace)
    assert means == [165.5, 167.1]
