"""Which timestamps of a recording can be believed.

Watches write samples in time order. A sample whose time jumps far away and back (a few bit
flips in a FIT timestamp move it by 2^k seconds: 2^16 s is 18 h, 2^22 s is 48 days) or a
point listed out of time order would otherwise stretch the activity to whatever the bad value
says. The samples are split into runs wherever time steps back (more than a GPS clock
correction, 60 s) or pauses longer than 10 minutes; then the largest chain of runs that follow
each other in file and time order, with no pause longer than an overnight stop (12 h), is
kept. Where samples are dense (FIT records, one every few seconds) runs of fewer than 3
samples standing alone behind a pause of over 10 minutes show no activity and are dropped too
(`lone_gap_s`); GPS tracks with signal gaps keep them. Everything dropped is said in the
warning.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
BACK_TOLERANCE_S = 60.0  # GPS/UTC clock corrections step back by seconds (leap seconds: 18 s)
SPLIT_GAP_S = 600.0
MAX_PAUSE_S = 12 * 3600.0
MIN_RUN_SAMPLES = 3
MAX_RUNS_CHAINED = 400  # beyond this the file is noise: keep the largest run alone


@dataclass(frozen=True, slots=True)
class Timeline:
    keep: Mask  # per input sample (NaN times are never kept)
    dropped: int  # samples with a time, dropped as damaged or out of order
    out_of_order: bool  # kept samples step back in time (within the tolerance)
    message: str | None

    def span(self, t: F) -> float:
        kept = t[self.keep]
        return float(kept.max() - kept.min()) if kept.size else 0.0


def _human(seconds: float) -> str:
    s = abs(seconds)
    if s >= 86400:
        return f"{s / 86400:.0f} days"
    if s >= 3600:
        return f"{s / 3600:.1f} h"
    return f"{s / 60:.0f} min" if s >= 60 else f"{s:.0f} s"


def believable(t: F, what: str = "timestamps", lone_gap_s: float = MAX_PAUSE_S) -> Timeline:
    """Keep-mask over `t` (file order) and a warning when anything was dropped."""
    valid = np.nonzero(~np.isnan(t))[0]
    keep = np.zeros(t.shape, dtype=bool)
    if valid.size == 0:
        return Timeline(keep, 0, False, None)
    tv = t[valid]
    dt = np.diff(tv)
    cuts = np.nonzero((dt < -BACK_TOLERANCE_S) | (dt > SPLIT_GAP_S))[0] + 1
    bounds = np.concatenate([[0], cuts, [tv.size]])
    runs = [(int(a), int(b)) for a, b in itertools.pairwise(bounds.tolist())]
    chosen = _chain(tv, runs, lone_gap_s)
    for r in chosen:
        a, b = runs[r]
        keep[valid[a:b]] = True
    dropped = int(valid.size - keep.sum())
    kept_t = t[keep]
    out_of_order = bool(kept_t.size > 1 and (np.diff(kept_t) < 0).any())
    message = None
    if dropped:
        jump = _largest_jump(tv, runs, chosen)
        message = (
            f"{dropped} of {valid.size} {what} jump implausibly ({_human(jump)}) or run"
            " backwards: the data was cut there and only the consistent part kept"
        )
    elif out_of_order:
        message = f"{what} are not in time order: the duration is taken from their span"
    return Timeline(keep, dropped, out_of_order, message)


def _chain(tv: F, runs: list[tuple[int, int]], lone_gap_s: float) -> list[int]:
    """Indexes of the heaviest chain of runs in file order whose times follow each other."""
    starts = [float(tv[a:b].min()) for a, b in runs]
    ends = [float(tv[a:b].max()) for a, b in runs]
    sizes = [b - a for a, b in runs]
    if len(runs) == 1:
        return [0]
    if len(runs) > MAX_RUNS_CHAINED:
        return [int(np.argmax(sizes))]
    best = list(sizes)
    prev = [-1] * len(runs)
    for j in range(len(runs)):
        for i in range(j):
            gap = starts[j] - ends[i]
            if gap < -BACK_TOLERANCE_S or gap > MAX_PAUSE_S:
                continue
            if gap > lone_gap_s and min(sizes[i], sizes[j]) < MIN_RUN_SAMPLES:
                continue  # a lone sample behind a long pause shows no activity
            if best[i] + sizes[j] > best[j]:
                best[j], prev[j] = best[i] + sizes[j], i
    j = int(np.argmax(best))
    out = []
    while j >= 0:
        out.append(j)
        j = prev[j]
    return out[::-1]


def _largest_jump(tv: F, runs: list[tuple[int, int]], chosen: list[int]) -> float:
    kept = set(chosen)
    jumps = [0.0]
    for r, (a, _b) in enumerate(runs):
        if r not in kept and a > 0:
            jumps.append(float(tv[a] - tv[a - 1]))
        if r not in kept and r + 1 < len(runs):
            nxt = runs[r + 1][0]
            jumps.append(float(tv[nxt] - tv[nxt - 1]))
    return max(jumps, key=abs)
