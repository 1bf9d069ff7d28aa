"""Adherence on any trace a watch file could hold: never an error, shares between 0 and 1,
time on target never more than the running time, whatever the order, gaps or values."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kneecap.domain.retraining.adherence import CadenceTrace, RunStatus, from_trace

values = st.one_of(st.floats(0, 260), st.floats(-1e6, 1e6), st.just(float("nan")),
                   st.just(float("inf")))  # fmt: skip
times = st.one_of(st.floats(-1e5, 1e5), st.just(float("nan")))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(times, values), max_size=300),
    st.floats(100, 230),
)
def test_any_trace(samples: list[tuple[float, float]], target: float) -> None:
    t = np.array([s[0] for s in samples], float)
    spm = np.array([s[1] for s in samples], float)
    r = from_trace(CadenceTrace(t, spm), target)
    assert r.status in set(RunStatus)
    assert 0 <= r.within_s <= r.running_s + 1e-9
    share = r.within_share
    assert share is None or 0 <= share <= 1
    if r.status is RunStatus.MEASURED:
        assert r.mean_spm is not None and np.isfinite(r.mean_spm)
