"""Per-record running cadence of each run in a watch file or export archive, for retraining.

The load importer keeps one summary per activity; retraining needs the cadence second by
second, so the stored upload is read again here. FIT record.cadence is strides (cycles) per
minute and record.fractional_cadence its 1/128ths (FIT SDK profile, record message fields 4
and 53): steps/min = 2 x (cadence + fractional_cadence / 128). GPX (Garmin TrackPointExtension
<cad>) and TCX (ns3:RunCadence in a trackpoint's Extensions, else <Cadence>) per-point cadence
is per foot (strides) per minute too, the same rule the importer applies to their averages:
steps/min = 2 x the value. A run whose file has no cadence gets no trace (its average, if any,
stands in).
"""

from __future__ import annotations

import zlib
from datetime import UTC

import numpy as np

from kneecap.adapters.activities import gpx, tcx
from kneecap.adapters.activities.archive import MAX_UNPACKED_BYTES, is_zip, read_zip
from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit import records as R
from kneecap.adapters.activities.fit.decoder import FloatArray, MessageColumns, decode
from kneecap.adapters.activities.fit.summary import FIT_EPOCH, RECORD
from kneecap.adapters.activities.read import read_file_bytes
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.retraining.adherence import CadenceTrace
from kneecap.ports.retraining import RunCadence

STEPS_PER_STRIDE = 2.0
FRACTION = 128.0  # fractional_cadence: scale 128 (FIT SDK profile)


def strides_to_steps(cadence: FloatArray, fractional: FloatArray | None) -> FloatArray:
    """FIT running cadence (strides/min, whole and 1/128ths) to steps/min."""
    frac = 0.0 if fractional is None else np.nan_to_num(fractional) / FRACTION
    out: FloatArray = STEPS_PER_STRIDE * (cadence + frac)
    return out


class FileCadenceReader:
    """Implements ports.retraining.CadenceReader."""

    def read(self, data: bytes, name: str) -> list[RunCadence]:
        found: list[RunCadence] = []

        def one_file(blob: bytes, label: str) -> tuple[list[Activity], list[str]]:
            acts, warns = read_file_bytes(blob, label)
            found.extend(_traces(blob, acts))
            return acts, warns

        try:
            if is_zip(data):
                read_zip(data, name, 0, one_file)
            else:
                one_file(data, name)
        except ActivityFileError:
            return []
        return found


def _plain(blob: bytes) -> bytes | None:
    if blob[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(wbits=31).decompress(blob, MAX_UNPACKED_BYTES)
        except zlib.error:
            return None
    return blob


def _fit_bytes(blob: bytes | None) -> bytes | None:
    return blob if blob is not None and len(blob) >= 12 and blob[8:12] == b".FIT" else None


def _traces(blob: bytes, acts: list[Activity]) -> list[RunCadence]:
    runs = [a for a in acts if a.sport is Sport.RUN]
    if not runs:
        return []
    plain = _plain(blob)
    fit = _fit_bytes(plain)
    if fit is None:
        return _xml_traces(plain, runs)
    try:
        rec = decode(fit).messages.get(RECORD)
    except ActivityFileError:  # the importer salvaged the run; its records are not read
        rec = None
    out = []
    for a in runs:
        out.append(RunCadence(a.start, a.sport, _trace(rec, a) if rec is not None else None))
    return out


def _trace(rec: MessageColumns, a: Activity) -> CadenceTrace | None:
    t0 = a.start.astimezone(UTC).timestamp() - FIT_EPOCH
    v = R.view(rec, (t0, t0 + a.duration_s))
    cad = rec.fields.get(R.R_CAD)
    if v is None or not v.any or cad is None:
        return None
    spm = strides_to_steps(cad, rec.fields.get(R.R_FCAD))[v.sel]
    t = v.t - t0
    ok = np.isfinite(spm) & np.isfinite(t)
    if not ok.any():
        return None
    order = np.argsort(t[ok], kind="stable")
    return CadenceTrace(t[ok][order], spm[ok][order])


# A track's first timed point and its activity's start are the same second; allow for rounding.
START_MATCH_S = 1.0


def _xml_traces(blob: bytes | None, runs: list[Activity]) -> list[RunCadence]:
    """GPX/TCX runs with their per-point cadence, matched to their activity by start time."""
    head = (blob or b"")[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    try:
        if b"<gpx" in head:
            columns = gpx.cadence_columns(blob or b"")
        elif b"<trainingcenterdatabase" in head:
            columns = tcx.cadence_columns(blob or b"")
        else:
            columns = []
    except ActivityFileError:
        columns = []
    out = []
    for a in runs:
        t0 = a.start.astimezone(UTC).timestamp()
        found = next((c for c in columns if abs(c[0] - t0) <= START_MATCH_S), None)
        out.append(
            RunCadence(a.start, a.sport, None if found is None else _xml_trace(found[1], found[2]))
        )
    return out


def _xml_trace(t: FloatArray, per_foot: FloatArray) -> CadenceTrace | None:
    spm = strides_to_steps(per_foot, None)
    ok = np.isfinite(spm) & np.isfinite(t)
    return CadenceTrace(t[ok], spm[ok]) if ok.any() else None
