"""Pulse-width modulation (PWM): how an Arduino makes "analog" voltages from on/off.

A PWM pin switches between 0 V and the high level many times a second. The
fraction of each period it spends high is the *duty cycle* D. A motor, a lamp or
an RC filter responds to the average, D·V_high. An RC filter after the pin turns
the square wave into a nearly steady voltage with a small ripple.

Arduino facts used in the lessons (Arduino ``analogWrite`` reference): the Uno's
PWM runs at about 490 Hz on pins 3, 9, 10 and 11 and about 980 Hz on pins 5 and
6; ``analogWrite(pin, value)`` takes value 0-255, so D = value / 255.

Examples
--------
>>> duty_from_analog_write(64)
0.25098039215686274
>>> average_voltage(duty=0.25, high_voltage=5.0)
1.25
>>> round(ripple(duty=0.5, frequency=490, high_voltage=5, resistance=10e3, capacitance=10e-6) * 1000, 2)   # mV
25.51
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.validate import positive as _positive

__all__ = [
    "ARDUINO_PWM_FREQUENCY", "duty_from_analog_write", "duty_cycle", "average_voltage", "ripple",
    "ripple_small", "steady_state_limits", "filtered_waveform", "square_wave",
]

#: Arduino Uno PWM frequency on pins 3, 9, 10, 11 [Hz] (about 490 Hz: 16 MHz / 64 / 510).
ARDUINO_PWM_FREQUENCY = 16e6 / 64 / 510


def _duty(duty: float) -> float:
    d = float(duty)
    if not (0.0 <= d <= 1.0):
        raise ValueError(_("duty cycle must be between 0 and 1, got {value}").format(value=duty))
    return d


def duty_from_analog_write(value: int, *, resolution_bits: int = 8) -> float:
    """Duty cycle set by Arduino's ``analogWrite(pin, value)``.

    Parameters
    ----------
    value : int
        0 .. 2**resolution_bits - 1 (0-255 on an Uno).
    resolution_bits : int
        PWM resolution in bits.

    Notes
    -----
    :math:`D = \\text{value} / (2^{bits} - 1)`.

    Examples
    --------
    >>> duty_from_analog_write(255)
    1.0
    >>> duty_from_analog_write(300)
    Traceback (most recent call last):
    ...
    ValueError: analogWrite value must be a whole number from 0 to 255, got 300
    """
    top = 2 ** int(resolution_bits) - 1
    if isinstance(value, bool) or int(value) != value or not (0 <= value <= top):
        raise ValueError(_("analogWrite value must be a whole number from 0 to {top}, got {value}").format(
            top=top, value=value))
    return int(value) / top


def duty_cycle(*, high_time: float, period: float) -> float:
    """D = t_high / T.

    Parameters
    ----------
    high_time : float
        Time high in each period [s].
    period : float
        [s].

    Examples
    --------
    >>> duty_cycle(high_time=0.5e-3, period=2e-3)
    0.25
    """
    T = _positive(period, "period", "s")
    if not (0 <= high_time <= T):
        raise ValueError(_("high time must be between 0 and the period ({period} s), got {value}").format(
            period=T, value=high_time))
    return float(high_time) / T


def average_voltage(*, duty: float, high_voltage: float, low_voltage: float = 0.0) -> float:
    """Average of a PWM wave [V].

    Notes
    -----
    :math:`\\bar V = V_L + D\\,(V_H - V_L)`.

    Examples
    --------
    >>> average_voltage(duty=0.5, high_voltage=5, low_voltage=1)
    3.0
    """
    d = _duty(duty)
    return float(low_voltage) + d * (float(high_voltage) - float(low_voltage))


def steady_state_limits(*, duty: float, frequency: float, high_voltage: float, resistance: float,
                        capacitance: float, low_voltage: float = 0.0) -> tuple[float, float]:
    """Lowest and highest output of an RC filter after a PWM wave has run a long time [V].

    Notes
    -----
    With :math:`a = e^{-DT/\\tau}`, :math:`b = e^{-(1-D)T/\\tau}`, :math:`\\Delta = V_H - V_L`:
    :math:`V_{max} = V_L + \\Delta\\,\\frac{1 - a}{1 - ab}`, :math:`V_{min} = V_L + (V_{max} - V_L)\\,b`.

    Examples
    --------
    >>> lo, hi = steady_state_limits(duty=0.5, frequency=1000, high_voltage=5, resistance=1e3, capacitance=1e-6)
    >>> round(lo, 4), round(hi, 4)
    (1.8877, 3.1123)
    """
    d = _duty(duty)
    T = 1.0 / _positive(frequency, "frequency", "Hz")
    tau = _positive(resistance, "resistance", "Ω") * _positive(capacitance, "capacitance", "F")
    span = float(high_voltage) - float(low_voltage)
    a = math.exp(-d * T / tau)
    b = math.exp(-(1 - d) * T / tau)
    vmax = float(low_voltage) + span * (1 - a) / (1 - a * b)
    vmin = float(low_voltage) + (vmax - float(low_voltage)) * b
    return vmin, vmax


def ripple(*, duty: float, frequency: float, high_voltage: float, resistance: float, capacitance: float,
           low_voltage: float = 0.0) -> float:
    """Exact peak-to-peak ripple of an RC filter driven by PWM, in steady state [V].

    Parameters
    ----------
    duty : float
        0 to 1.
    frequency : float
        PWM frequency [Hz].
    high_voltage, low_voltage : float
        The PWM levels [V].
    resistance : float
        [Ω].
    capacitance : float
        [F].

    Notes
    -----
    :math:`V_{pp} = (V_H - V_L)\\,\\frac{(1 - e^{-DT/\\tau})(1 - e^{-(1-D)T/\\tau})}{1 - e^{-T/\\tau}}`,
    with T = 1/f and τ = RC.

    Examples
    --------
    >>> round(ripple(duty=0.5, frequency=1000, high_voltage=5, resistance=1e3, capacitance=1e-6), 4)
    1.2246
    """
    lo, hi = steady_state_limits(duty=duty, frequency=frequency, high_voltage=high_voltage, resistance=resistance,
                                 capacitance=capacitance, low_voltage=low_voltage)
    return hi - lo


def ripple_small(*, duty: float, frequency: float, high_voltage: float, resistance: float, capacitance: float,
                 low_voltage: float = 0.0) -> float:
    """Small-ripple approximation of :func:`ripple`, good when the period T ≪ τ [V].

    Notes
    -----
    :math:`V_{pp} \\approx (V_H - V_L)\\,D(1-D)\\,\\frac{T}{\\tau}`: the capacitor current is
    almost constant, so the voltage ramps in straight lines.

    Examples
    --------
    >>> round(ripple_small(duty=0.5, frequency=490, high_voltage=5, resistance=10e3, capacitance=10e-6), 5)
    0.02551
    """
    d = _duty(duty)
    T = 1.0 / _positive(frequency, "frequency", "Hz")
    tau = _positive(resistance, "resistance", "Ω") * _positive(capacitance, "capacitance", "F")
    return (float(high_voltage) - float(low_voltage)) * d * (1 - d) * T / tau


def square_wave(time: ArrayLike, *, duty: float, frequency: float, high_voltage: float,
                low_voltage: float = 0.0) -> NDArray[np.float64]:
    """The PWM wave itself: high for the first D·T of every period [V].

    Examples
    --------
    >>> square_wave([0.0, 0.3e-3, 0.6e-3], duty=0.5, frequency=1000, high_voltage=5)
    array([5., 5., 0.])
    """
    d = _duty(duty)
    T = 1.0 / _positive(frequency, "frequency", "Hz")
    t = np.asarray(time, dtype=float)
    phase = np.mod(t, T)
    return np.where(phase < d * T - 1e-15 * T, float(high_voltage), float(low_voltage))


def filtered_waveform(time: ArrayLike, *, duty: float, frequency: float, high_voltage: float, resistance: float,
                      capacitance: float, low_voltage: float = 0.0, initial_voltage: float = 0.0) -> NDArray[np.float64]:
    """Exact output of an RC low-pass driven by PWM from t = 0, starting at ``initial_voltage`` [V].

    Notes
    -----
    Within each period the output is a pair of exponentials: towards V_H while the
    input is high, towards V_L while it is low. The voltage at the start of period
    k is :math:`V_k = V^* + (V_0 - V^*)\\,(ab)^k` where :math:`V^*` is the steady-state
    minimum (see :func:`steady_state_limits`) and :math:`a, b` are its decay factors.

    Examples
    --------
    >>> v = filtered_waveform([0.0, 0.5e-3, 1e-3], duty=0.5, frequency=1000, high_voltage=5,
    ...                       resistance=1e3, capacitance=1e-6)
    >>> v.round(4)
    array([0.    , 1.9673, 1.1933])
    """
    d = _duty(duty)
    T = 1.0 / _positive(frequency, "frequency", "Hz")
    tau = _positive(resistance, "resistance", "Ω") * _positive(capacitance, "capacitance", "F")
    vh, vl = float(high_voltage), float(low_voltage)
    t = np.maximum(np.asarray(time, dtype=float), 0.0)
    k = np.floor(t / T + 1e-12)
    phase = np.maximum(t - k * T, 0.0)
    a = math.exp(-d * T / tau)
    b = math.exp(-(1 - d) * T / tau)
    vmin, _vmax = steady_state_limits(duty=d, frequency=1.0 / T, high_voltage=vh, resistance=1.0,
                                      capacitance=tau, low_voltage=vl)
    start = vmin + (float(initial_voltage) - vmin) * (a * b) ** k
    high = phase < d * T
    v_high = vh + (start - vh) * np.exp(-np.minimum(phase, d * T) / tau)
    v_top = vh + (start - vh) * a
    v_low = vl + (v_top - vl) * np.exp(-(phase - d * T) / tau)
    return np.where(high, v_high, v_low)
