"""Zero-lag low-pass filtering in numpy (no scipy in the domain).

A Butterworth filter designed by the bilinear transform with pre-warping, run forward and
backward with odd-extension padding and steady-state initial conditions: the same result as
`scipy.signal.filtfilt(*scipy.signal.butter(order, cutoff, fs=fs))` (checked in the unit tests).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import FloatArray


def butter_lowpass(order: int, cutoff_hz: float, fs_hz: float) -> tuple[FloatArray, FloatArray]:
    """Digital Butterworth low-pass coefficients (b, a), a[0] == 1."""
    if order < 1:
        raise ValueError("order must be >= 1")
    if not 0 < cutoff_hz < fs_hz / 2:
        raise ValueError("cutoff must lie between 0 and the Nyquist frequency")
    fs2 = 2.0 * fs_hz
    warped = fs2 * np.tan(np.pi * cutoff_hz / fs_hz)  # pre-warp so the -3 dB point is exact
    k = np.arange(-order + 1, order, 2)
    poles_analog = -np.exp(1j * np.pi * k / (2 * order)) * warped
    poles = (fs2 + poles_analog) / (fs2 - poles_analog)
    gain = np.real(warped**order / np.prod(fs2 - poles_analog))
    b = gain * np.real(np.poly(-np.ones(order)))
    a = np.real(np.poly(poles))
    return b.astype(np.float64), a.astype(np.float64)


def _steady_state(b: FloatArray, a: FloatArray) -> FloatArray:
    """Initial filter state for a unit step input (scipy's lfilter_zi)."""
    n = len(a)
    companion = np.zeros((n - 1, n - 1))
    companion[0, :] = -a[1:] / a[0]
    companion[1:, :-1] += np.eye(n - 2) if n > 2 else 0.0
    i_minus_a = np.eye(n - 1) - companion.T
    rhs = b[1:] - a[1:] * b[0]
    return np.asarray(np.linalg.solve(i_minus_a, rhs), dtype=np.float64)


def lfilter(b: FloatArray, a: FloatArray, x: FloatArray, zi: FloatArray) -> FloatArray:
    """Direct form II transposed along axis 0; x is (n,) or (n, channels); zi (order, ...)."""
    z = zi.copy()
    y = np.empty_like(x)
    order = len(a) - 1
    for n in range(x.shape[0]):
        xn = x[n]
        yn = b[0] * xn + z[0]
        for i in range(order - 1):
            z[i] = b[i + 1] * xn + z[i + 1] - a[i + 1] * yn
        z[order - 1] = b[order] * xn - a[order] * yn
        y[n] = yn
    return y


def filtfilt(b: FloatArray, a: FloatArray, x: FloatArray) -> FloatArray:
    """Forward-backward filtering along axis 0, zero phase (scipy.signal.filtfilt defaults)."""
    x = np.asarray(x, dtype=np.float64)
    padlen = 3 * max(len(a), len(b))
    if x.shape[0] <= padlen:
        raise ValueError(f"need more than {padlen} samples to filter, got {x.shape[0]}")
    left = 2 * x[0] - x[padlen:0:-1]
    right = 2 * x[-1] - x[-2 : -(padlen + 2) : -1]
    ext = np.concatenate([left, x, right], axis=0)
    zi = _steady_state(b, a).reshape((-1,) + (1,) * (x.ndim - 1))
    y = lfilter(b, a, ext, zi * ext[0])
    y = lfilter(b, a, y[::-1], zi * y[-1])[::-1]
    return np.ascontiguousarray(y[padlen:-padlen])


def fill_gaps(x: FloatArray, valid: npt.NDArray[np.bool_]) -> FloatArray:
    """Linearly interpolate samples where `valid` is False (per column), hold the ends."""
    x = np.array(x, dtype=np.float64)
    flat = x.reshape(x.shape[0], -1)
    ok = valid.reshape(valid.shape[0], -1)
    if ok.shape[1] == 1 and flat.shape[1] > 1:
        ok = np.repeat(ok, flat.shape[1], axis=1)
    t = np.arange(flat.shape[0])
    for c in range(flat.shape[1]):
        good = ok[:, c] & np.isfinite(flat[:, c])
        if good.any() and not good.all():
            flat[:, c] = np.interp(t, t[good], flat[good, c])
    return flat.reshape(x.shape)


def lowpass(x: FloatArray, fs_hz: float, cutoff_hz: float, order: int = 2) -> FloatArray:
    """Zero-lag Butterworth low-pass; the cut-off is capped below Nyquist for low frame rates."""
    cutoff = min(cutoff_hz, 0.4 * fs_hz)
    b, a = butter_lowpass(order, cutoff, fs_hz)
    return filtfilt(b, a, x)
