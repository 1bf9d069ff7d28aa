import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kneecap.domain.gait.filtering import butter_lowpass, fill_gaps, filtfilt, lowpass

signal = pytest.importorskip("scipy.signal")


@settings(max_examples=40, deadline=None)
@given(
    order=st.integers(1, 4),
    fs=st.sampled_from([30.0, 60.0, 120.0, 150.0, 240.0]),
    frac=st.floats(0.02, 0.45),
    n=st.integers(40, 300),
    seed=st.integers(0, 1000),
)
def test_matches_scipy_filtfilt(order: int, fs: float, frac: float, n: int, seed: int) -> None:
    cutoff = frac * fs
    b, a = butter_lowpass(order, cutoff, fs)
    sb, sa = signal.butter(order, cutoff, fs=fs)
    np.testing.assert_allclose(b, sb, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a, sa, rtol=1e-9, atol=1e-12)
    x = np.random.default_rng(seed).normal(size=(n, 3)).cumsum(axis=0)
    np.testing.assert_allclose(filtfilt(b, a, x), signal.filtfilt(sb, sa, x, axis=0), atol=1e-8)


def test_zero_lag_keeps_a_slow_sine_in_phase() -> None:
    t = np.arange(0, 4, 1 / 60)
    x = np.sin(2 * np.pi * 1.5 * t)
    y = lowpass(x, 60, 10)
    assert np.argmax(y[:40]) == np.argmax(x[:40])


def test_fill_gaps_interpolates() -> None:
    x = np.array([0.0, 99.0, 2.0, 3.0])
    assert fill_gaps(x, np.array([True, False, True, True])).tolist() == [0, 1, 2, 3]


def test_too_short_to_filter() -> None:
    b, a = butter_lowpass(2, 5, 30)
    with pytest.raises(ValueError, match="more than 9"):
        filtfilt(b, a, np.zeros(5))
