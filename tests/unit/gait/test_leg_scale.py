"""The per-frame leg scale's windowed percentile equals NumPy's nanpercentile, value for value."""

import warnings

import numpy as np
import pytest

from kneecap.domain.gait.events import nan_percentile_rows


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("width", [3, 13, 31, 61])
def test_rows_with_and_without_gaps_match_nanpercentile(seed: int, width: int) -> None:
    rng = np.random.default_rng(seed)
    series = 300 + 40 * rng.standard_normal(900)
    series[rng.random(900) < 0.1] = np.nan  # scattered dropouts
    start = int(rng.integers(0, 800))
    series[start : start + 2 * width] = np.nan  # a burst longer than a window: all-NaN rows
    series[rng.integers(0, 900, 20)] = 310.0  # ties
    rows = np.lib.stride_tricks.sliding_window_view(np.pad(series, width // 2, "edge"), width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nanpercentile on all-NaN rows
        expected = np.nanpercentile(rows, 90, axis=1)
    for q in (90.0, 50.0, 0.0, 100.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            want = expected if q == 90.0 else np.nanpercentile(rows, q, axis=1)
        np.testing.assert_array_equal(nan_percentile_rows(rows, q), want)


def test_a_clip_without_dropouts_and_one_of_nans() -> None:
    rows = np.lib.stride_tricks.sliding_window_view(np.linspace(200.0, 260.0, 120), 31)
    np.testing.assert_array_equal(
        nan_percentile_rows(rows, 90.0), np.nanpercentile(rows, 90, axis=1)
    )
    assert np.isnan(nan_percentile_rows(np.full((4, 31), np.nan), 90.0)).all()
