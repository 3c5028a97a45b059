"""Filters for noisy sensor readings: moving average and median, as a robot runs them.

Both filters are *causal*: the output at sample k uses only samples k − window + 1 … k,
the readings a robot already has. (An offline filter that also looks ahead would be
smoother, but a robot cannot see the future.) At the start, before ``window`` samples
exist, the filters use the samples there are.

- The **moving average** smooths small noise well but is dragged by an outlier: one
  4 m time-out in a window of 5 adds 80 cm to the average.
- The **median** ignores outliers (fewer than half the window) and keeps steps sharp,
  but smooths small noise a little less.

Both lag behind a moving target: about (window − 1)/2 samples.

Examples
--------
>>> moving_average([1, 1, 1, 9, 1], window=3).tolist()
[1.0, 1.0, 1.0, 3.6666666666666665, 3.6666666666666665]
>>> median_filter([1, 1, 1, 9, 1], window=3).tolist()
[1.0, 1.0, 1.0, 1.0, 1.0]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _

__all__ = ["moving_average", "median_filter", "exponential_filter", "rms_error"]


def _signal(values: ArrayLike, name: str = "values") -> NDArray[np.float64]:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(_("{name} must be numbers, got {value!r}").format(name=name, value=values))
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{name} must be numbers, got {value!r}").format(name=name, value=values)) from None
    if x.ndim != 1:
        raise ValueError(_("{name} must be a 1-D list of readings, got shape {shape}").format(name=name, shape=x.shape))
    if x.size and not np.all(np.isfinite(x)):
        bad = int(np.flatnonzero(~np.isfinite(x))[0])
        raise ValueError(_("{name} must be finite numbers, but reading {index} is {value}: "
                           "remove or replace missing readings first").format(name=name, index=bad, value=x[bad]))
    return x


_MAX_WINDOW = 10_000_000   # samples: days of readings at 100 Hz


def _window(window: int) -> int:
    try:
        whole = not isinstance(window, (bool, str, bytes)) and float(window).is_integer()
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or not 1 <= float(window) <= _MAX_WINDOW:
        raise ValueError(_("window must be a whole number of samples from 1 to {limit}, got {value!r}").format(
            limit=_MAX_WINDOW, value=window))
    return int(window)


def moving_average(values: ArrayLike, *, window: int) -> NDArray[np.float64]:
    """Average of the last ``window`` readings, at every sample.

    Parameters
    ----------
    values : array_like, shape (N,)
        Readings, oldest first (any unit; the output has the same unit).
    window : int
        Number of readings averaged (≥ 1; 1 returns the input).

    Returns
    -------
    ndarray, shape (N,)

    Notes
    -----
    ``y[k] = (x[k − n + 1] + … + x[k]) / n`` with ``n = min(window, k + 1)``.

    Examples
    --------
    >>> moving_average([2, 4, 6, 8], window=2).tolist()
    [2.0, 3.0, 5.0, 7.0]
    """
    x = _signal(values)
    n = _window(window)
    if x.size == 0:
        return x.copy()
    csum = np.concatenate([[0.0], np.cumsum(x)])
    k = np.arange(x.size)
    start = np.maximum(k - n + 1, 0)
    return (csum[k + 1] - csum[start]) / (k + 1 - start)


def median_filter(values: ArrayLike, *, window: int) -> NDArray[np.float64]:
    """Median of the last ``window`` readings, at every sample.

    Parameters
    ----------
    values : array_like, shape (N,)
        Readings, oldest first.
    window : int
        Number of readings (≥ 1). Odd windows (3, 5, 7) are usual: the median is then one
        of the readings.

    Returns
    -------
    ndarray, shape (N,)

    Notes
    -----
    Sort the last ``n = min(window, k + 1)`` readings and take the middle one (the mean of
    the two middle ones when ``n`` is even).

    Examples
    --------
    >>> median_filter([0.5, 0.5, 4.0, 0.5, 0.4], window=3).tolist()
    [0.5, 0.5, 0.5, 0.5, 0.5]
    """
    x = _signal(values)
    n = _window(window)
    if x.size == 0:
        return x.copy()
    out = np.empty_like(x)
    head = min(n - 1, x.size)
    for k in range(head):  # the first samples have a shorter window
        out[k] = np.median(x[: k + 1])
    if x.size >= n:
        windows = np.lib.stride_tricks.sliding_window_view(x, n)
        out[n - 1:] = np.median(windows, axis=1)
    return out


def exponential_filter(values: ArrayLike, *, alpha: float) -> NDArray[np.float64]:
    """Exponential smoothing: each output moves a fraction ``alpha`` towards the new reading.

    Notes
    -----
    ``y[0] = x[0]``, ``y[k] = y[k − 1] + α·(x[k] − y[k − 1])``, ``0 < α ≤ 1``. One line
    of Arduino code and no buffer; α = 2/(n + 1) smooths about as much as a moving
    average of n readings.

    Examples
    --------
    >>> exponential_filter([0, 10, 10], alpha=0.5).tolist()
    [0.0, 5.0, 7.5]
    """
    x = _signal(values)
    try:
        a = float(alpha) if not isinstance(alpha, (str, bytes, bool)) else math.nan
    except (TypeError, ValueError):
        a = math.nan
    if not 0 < a <= 1:
        raise ValueError(_("alpha must be between 0 and 1 (0 < alpha ≤ 1), got {value}").format(value=alpha))
    out = np.empty_like(x)
    y = x[0] if x.size else 0.0
    for k, v in enumerate(x.tolist()):
        y = y + a * (v - y)
        out[k] = y
    return out


def rms_error(estimate: ArrayLike, truth: ArrayLike) -> float:
    """Root-mean-square difference between an estimate and the truth (same unit as the inputs).

    Notes
    -----
    ``RMS = √(mean((estimate − truth)²))``.

    Examples
    --------
    >>> rms_error([1, 2, 3], [1, 2, 5])
    1.1547005383792515
    """
    e, t = _signal(estimate, "estimate"), _signal(truth, "truth")
    if e.shape != t.shape:
        raise ValueError(_("estimate and truth must have the same length, got {a} and {b}").format(a=e.size, b=t.size))
    d = e - t
    scale = float(np.max(np.abs(d))) if d.size else 0.0
    if scale == 0.0 or not math.isfinite(scale):
        if not math.isfinite(scale):
            raise ValueError(_("estimate and truth are too large to compare (their difference is beyond 1e308)"))
        return 0.0
    # scaled so the squares cannot overflow: the same value for every size of reading
    return scale * float(np.sqrt(np.mean((d / scale) ** 2)))
