"""A session's heart rate kept compactly: seconds spent at each whole beat per minute.

Banister's TRIMP sums time × weight(heart rate), so the time spent at each heart rate is all it
needs: a histogram recomputes the load exactly for any maximum or resting heart rate entered
later, in at most a few hundred numbers instead of thousands of samples (and without the
minute-by-minute trace). Watches record whole beats per minute (FIT heart_rate is uint8 bpm),
so 1-bpm bins lose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F = npt.NDArray[np.float64]
MIN_BPM, MAX_BPM = 20, 250  # outside this a reading is a sensor fault, not a heart rate
MAX_SAMPLE_GAP_S = 30.0  # a longer gap (pause, strap dropout) is not counted as time at that HR


@dataclass(frozen=True, slots=True)
class HrHistogram:
    """seconds[i] = time spent at heart rate first_bpm + i."""

    first_bpm: int
    seconds: F

    @property
    def total_s(self) -> float:
        return float(self.seconds.sum())

    @property
    def bpm(self) -> F:
        out: F = np.arange(self.first_bpm, self.first_bpm + self.seconds.size, dtype=np.float64)
        return out

    def mean_bpm(self) -> float | None:
        total = self.total_s
        return float((self.bpm * self.seconds).sum() / total) if total > 0 else None

    def to_bytes(self) -> bytes:
        """Compact storage form: first bpm (uint16) then float32 seconds per bin."""
        head = np.array([self.first_bpm], dtype="<u2").tobytes()
        return head + self.seconds.astype("<f4").tobytes()

    @staticmethod
    def from_bytes(blob: bytes) -> HrHistogram:
        if len(blob) < 2 or (len(blob) - 2) % 4:
            raise ValueError("not a heart-rate histogram (wrong length)")
        first = int(np.frombuffer(blob[:2], dtype="<u2")[0])
        secs = np.frombuffer(blob[2:], dtype="<f4").astype(np.float64)
        return HrHistogram(first, secs)


def histogram_from_samples(t_s: F, bpm: F) -> HrHistogram | None:
    """Each sample's heart rate holds until the next sample (gaps over 30 s not counted)."""
    if t_s.size < 2:
        return None
    dt = np.diff(t_s)
    hr = np.rint(bpm[:-1])
    ok = (dt > 0) & (dt <= MAX_SAMPLE_GAP_S) & (hr >= MIN_BPM) & (hr <= MAX_BPM)
    if not ok.any():
        return None
    idx = hr[ok].astype(np.int64)
    lo = int(idx.min())
    secs: F = np.bincount(idx - lo, weights=dt[ok]).astype(np.float64)
    return HrHistogram(lo, secs)
