"""Arduino maths: the 10-bit ADC (counts <-> volts) and least-squares calibration lines.

An Arduino Uno's ATmega328P converts 0 V ... V_ref into a whole number of counts,
0 ... 1023. The datasheet (section "ADC Conversion Result") gives
``ADC = V_in × 1024 / V_ref``, truncated; one count is ``V_ref / 1024`` (4.88 mV
with the 5 V reference).

Examples
--------
>>> adc_counts(voltage=2.5)
512
>>> counts_to_voltage(counts=512)
2.5
>>> round(lsb() * 1000, 2)
4.88
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.electronics.ohm import Quantity, _out, _quantity
from stemkit.i18n import _, format_number

__all__ = ["lsb", "adc_counts", "counts_to_voltage", "LineFit", "least_squares_line", "PIN_MAX_CURRENT",
           "PIN_SAFE_CURRENT"]

#: Absolute maximum DC current of one ATmega328P I/O pin [A] (datasheet, "Absolute Maximum Ratings").
PIN_MAX_CURRENT = 0.040
#: What to design for: 20 mA per pin, the datasheet's test condition for the output voltages [A].
PIN_SAFE_CURRENT = 0.020


def _adc_params(reference_voltage: float, bits: int) -> tuple[float, int]:
    vref = float(_quantity(reference_voltage, name="reference_voltage", unit="V"))
    if not vref > 0:
        raise ValueError(_("reference_voltage must be > 0 V, got {value}").format(value=format_number(vref)))
    if isinstance(bits, bool) or not isinstance(bits, (int, np.integer)) or not 1 <= bits <= 24:
        raise ValueError(_("bits must be a whole number from 1 to 24, got {value!r}").format(value=bits))
    return vref, int(bits)


def lsb(*, reference_voltage: float = 5.0, bits: int = 10) -> float:
    """Voltage of one ADC count (one least-significant bit) [V].

    Notes
    -----
    :math:`\\text{LSB} = V_{ref} / 2^{bits}`.

    Examples
    --------
    >>> lsb(reference_voltage=1.1)
    0.00107421875
    """
    vref, n = _adc_params(reference_voltage, bits)
    return vref / 2**n


def adc_counts(*, voltage: ArrayLike | str, reference_voltage: float = 5.0, bits: int = 10) -> int | NDArray[np.int64]:
    """What an ideal ADC reads for a voltage.

    Parameters
    ----------
    voltage : float or array_like or str
        Voltage on the analog pin [V], from 0 to ``reference_voltage``.
    reference_voltage : float
        ADC reference [V] (5 V default on an Uno; 1.1 V internal; 3.3 V on many boards).
    bits : int
        Resolution (10 on an Uno, 12 on many newer boards).

    Returns
    -------
    int or ndarray of int
        Counts, 0 ... 2**bits - 1.

    Notes
    -----
    :math:`N = \\lfloor V \\cdot 2^{bits} / V_{ref} \\rfloor`, clipped to
    :math:`2^{bits} - 1` (so ``V_ref`` itself reads 1023).

    Examples
    --------
    >>> adc_counts(voltage=[0, 0.004, 0.005, 4.999, 5.0])
    array([   0,    0,    1, 1023, 1023])
    >>> adc_counts(voltage=6)
    Traceback (most recent call last):
    ...
    ValueError: voltage must be between 0 V and the reference (5 V), got 6 V: more can damage the pin
    """
    vref, n = _adc_params(reference_voltage, bits)
    v = _quantity(voltage, name="voltage", unit="V")
    bad = (v < 0) | (v > vref)
    if np.any(bad):
        raise ValueError(_("voltage must be between 0 V and the reference ({vref} V), got {value} V: "
                           "more can damage the pin").format(vref=format_number(vref),
                                                             value=format_number(v[bad].flat[0])))
    # a tiny nudge keeps exact steps (2.5 V -> 512) from falling just below through rounding
    counts = np.floor(v * (2**n / vref) * (1 + 1e-12)).astype(np.int64)
    counts = np.minimum(counts, 2**n - 1)
    return int(counts) if counts.ndim == 0 else counts


def counts_to_voltage(*, counts: ArrayLike, reference_voltage: float = 5.0, bits: int = 10) -> Quantity:
    """The voltage a count stands for [V].

    Parameters
    ----------
    counts : int or array_like
        ADC reading(s), 0 ... 2**bits - 1.
    reference_voltage : float
        ADC reference [V].
    bits : int
        Resolution.

    Returns
    -------
    float or ndarray
        :math:`V = N \\cdot V_{ref} / 2^{bits}` [V]: the bottom of the count's step.
        (Arduino examples often divide by 1023 instead; the difference is under one count.)

    Examples
    --------
    >>> counts_to_voltage(counts=[0, 512, 1023]).tolist()
    [0.0, 2.5, 4.9951171875]
    """
    vref, n = _adc_params(reference_voltage, bits)
    c = _quantity(counts, name="counts", unit="")
    if np.any((c < 0) | (c > 2**n - 1)) or np.any(c != np.round(c)):
        bad = c[(c < 0) | (c > 2**n - 1) | (c != np.round(c))].flat[0]
        raise ValueError(_("counts must be whole numbers from 0 to {top}, got {value}").format(
            top=2**n - 1, value=format_number(bad)))
    return _out(c * vref / 2**n)


class LineFit(NamedTuple):
    """A least-squares straight line y = slope·x + intercept."""

    slope: float
    intercept: float
    r_squared: float
    residuals: NDArray[np.float64]

    def predict(self, x: ArrayLike) -> Quantity:
        """y on the line at ``x``."""
        return _out(self.slope * np.asarray(x, dtype=float) + self.intercept)


def least_squares_line(x: ArrayLike, y: ArrayLike) -> LineFit:
    """Fit the straight line that best matches calibration points (least squares).

    Parameters
    ----------
    x : array_like
        What the sensor reads (counts, volts, ln R, ...).
    y : array_like
        What the reference instrument says at the same moments (°C, lux, 1/T, ...).

    Returns
    -------
    LineFit
        ``slope``, ``intercept``, ``r_squared`` (1 = a perfect line) and the
        ``residuals`` y - prediction, in the units of y.

    Notes
    -----
    Minimises :math:`\\sum_i (y_i - a x_i - b)^2`:
    :math:`a = \\frac{\\sum (x_i-\\bar x)(y_i-\\bar y)}{\\sum (x_i-\\bar x)^2}`,
    :math:`b = \\bar y - a \\bar x`.

    Examples
    --------
    >>> fit = least_squares_line([0, 1, 2, 3], [1, 3, 5, 7])
    >>> fit.slope, fit.intercept, fit.r_squared
    (2.0, 1.0, 1.0)
    """
    xs = np.asarray(x, dtype=float).ravel()
    ys = np.asarray(y, dtype=float).ravel()
    if xs.shape != ys.shape:
        raise ValueError(_("x and y must have the same number of points, got {nx} and {ny}").format(
            nx=xs.size, ny=ys.size))
    if xs.size < 2:
        raise ValueError(_("a line needs at least 2 points, got {count}").format(count=xs.size))
    if not (np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))):
        raise ValueError(_("x and y must be finite numbers (no NaN or infinity)"))
    dx = xs - xs.mean()
    sxx = float(dx @ dx)
    if sxx == 0:
        raise ValueError(_("all x values are equal ({value}): a line needs points at different x").format(
            value=format_number(xs[0])))
    slope = float(dx @ (ys - ys.mean())) / sxx
    intercept = float(ys.mean() - slope * xs.mean())
    residuals = ys - (slope * xs + intercept)
    dy = ys - ys.mean()
    syy = float(dy @ dy)
    r2 = 1.0 - float(residuals @ residuals) / syy if syy > 0 else 1.0
    return LineFit(slope=slope, intercept=intercept, r_squared=r2, residuals=residuals)
