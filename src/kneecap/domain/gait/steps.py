"""Steps, their per-side summaries, and the flags for contacts missed or found twice."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from kneecap.domain.gait.keypoints import Side


@dataclass(frozen=True)
class Summary:
    mean: float
    sd: float
    cv_pct: float | None
    n: int

    @staticmethod
    def of(values: list[float]) -> Summary:
        arr = np.asarray([v for v in values if np.isfinite(v)], dtype=np.float64)
        if arr.size == 0:
            return Summary(float("nan"), float("nan"), None, 0)
        mean = float(arr.mean())
        sd = float(arr.std(ddof=1)) if arr.size > 1 else 0.0
        cv = 100 * sd / abs(mean) if abs(mean) > 1e-9 else None
        return Summary(mean, sd, cv, int(arr.size))


@dataclass(frozen=True)
class Step:
    """One foot contact; `values` maps metric name (unit in the name) to its value."""

    side: Side
    ic_frame: float
    to_frame: float | None  # None: the stance runs past the clip's end
    values: dict[str, float]
    foot_strike: str | None = None
    flag: str | None = None  # "gap" (contacts missing before it) or "doubled"; see flag_steps
    estimated: bool = False  # the foot unseen at contact: timed from its neighbours (events.py)


@dataclass(frozen=True)
class Gap:
    """Contacts that could not be placed between two detected ones (times in seconds)."""

    start_s: float
    end_s: float
    missing: int

    def sentence(self) -> str:
        n = self.missing
        return (
            f"{n} contact{'s' if n != 1 else ''} could not be placed between "
            f"{self.start_s:.1f} s and {self.end_s:.1f} s."
        )


# A step time outside 0.6-1.5 x the runner's own median step time is not one step: a contact
# was missed (about twice the median) or one contact was found twice (well under it). Steady
# treadmill running varies by a few percent step to step, so these bounds leave wide margin.
# Engineering bounds, not clinical.
GAP_FACTOR = 1.5
DOUBLE_FACTOR = 0.6


def flag_steps(steps: list[Step], fps: float) -> tuple[list[Step], list[Gap]]:
    """Flag steps whose step time is far from the median, or that break left/right
    alternation (the same foot twice: the other foot's contact is missing between)."""
    times = [s.values["step_time_ms"] for s in steps if "step_time_ms" in s.values]
    if not times:
        return steps, []
    median = float(np.median(times))
    out: list[Step] = []
    gaps: list[Gap] = []
    for prev, st in zip([None, *steps[:-1]], steps, strict=True):
        flag = None
        if prev is not None:
            dt_ms = 1000 * (st.ic_frame - prev.ic_frame) / fps
            if prev.side is st.side or dt_ms > GAP_FACTOR * median:
                missing = max(1, round(dt_ms / median) - 1)
                if prev.side is st.side and missing % 2 == 0:
                    missing += 1  # the same foot twice: an odd number is missing between
                flag = "gap"
                gaps.append(Gap(prev.ic_frame / fps, st.ic_frame / fps, missing))
            elif dt_ms < DOUBLE_FACTOR * median:
                flag = "doubled"
        out.append(replace(st, flag=flag))
    return out, gaps
