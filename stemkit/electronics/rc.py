"""Resistor-capacitor circuits in closed form: timing and first-order low-pass filters.

A capacitor charging through a resistor approaches the supply exponentially with
time constant τ = R·C: after one τ it has covered 63 % of the way, after 5 τ
more than 99 %. The same R and C as a low-pass filter pass slow signals and
weaken fast ones, with cutoff frequency f_c = 1 / (2π·R·C).

Examples
--------
>>> tau = time_constant(resistance=10e3, capacitance=100e-6)
>>> tau
1.0
>>> round(float(charge_voltage(1.0, supply_voltage=5, resistance=10e3, capacitance=100e-6)), 3)
3.161
>>> round(cutoff_frequency(resistance=1e3, capacitance=100e-9), 1)
1591.5
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.validate import positive as _positive

__all__ = [
    "time_constant", "rl_time_constant", "charge_voltage", "discharge_voltage", "step_response",
    "time_to_reach", "cutoff_frequency", "lowpass_response", "lowpass_magnitude_db", "lowpass_phase_deg",
    "schmitt_trigger",
]


def time_constant(*, resistance: float, capacitance: float) -> float:
    """τ = R·C [s].

    Parameters
    ----------
    resistance : float
        Resistance [Ω].
    capacitance : float
        Capacitance [F].

    Returns
    -------
    float
        Time constant [s].

    Notes
    -----
    :math:`\\tau = R C`. One ohm times one farad is one second.

    Examples
    --------
    >>> time_constant(resistance=1e3, capacitance=1e-6)
    0.001
    >>> time_constant(resistance=-1, capacitance=1e-6)
    Traceback (most recent call last):
    ...
    ValueError: resistance must be > 0 Ω, got -1
    """
    return _positive(resistance, "resistance", "Ω") * _positive(capacitance, "capacitance", "F")


def rl_time_constant(*, inductance: float, resistance: float) -> float:
    """τ = L/R [s] of an inductor with a resistor (a motor winding, a relay coil).

    Parameters
    ----------
    inductance : float
        [H].
    resistance : float
        [Ω].

    Notes
    -----
    :math:`\\tau = L / R`.

    Examples
    --------
    >>> rl_time_constant(inductance=2e-3, resistance=4.0)
    0.0005
    """
    return _positive(inductance, "inductance", "H") / _positive(resistance, "resistance", "Ω")


def step_response(time: ArrayLike, *, initial: float, final: float, time_constant: float) -> NDArray[np.float64]:
    """A first-order step: from ``initial`` towards ``final`` with ``time_constant``.

    Parameters
    ----------
    time : array_like
        [s]; negative times give ``initial``.
    initial, final : float
        Start and end values (any unit: V, A).
    time_constant : float
        τ [s].

    Notes
    -----
    :math:`x(t) = x_\\infty + (x_0 - x_\\infty)\\,e^{-t/\\tau}`.

    Examples
    --------
    >>> step_response([0.0, 1.0], initial=0, final=1, time_constant=1.0).round(4)
    array([0.    , 0.6321])
    """
    tau = _positive(time_constant, "time constant", "s")
    t = np.asarray(time, dtype=float)
    return np.where(t > 0, final + (initial - final) * np.exp(-np.maximum(t, 0) / tau), float(initial))


def charge_voltage(time: ArrayLike, *, supply_voltage: float, resistance: float, capacitance: float,
                   initial_voltage: float = 0.0) -> NDArray[np.float64]:
    """Capacitor voltage while it charges through R from a supply [V].

    Parameters
    ----------
    time : array_like
        Time since the supply was connected [s].
    supply_voltage : float
        [V].
    resistance : float
        [Ω].
    capacitance : float
        [F].
    initial_voltage : float
        Capacitor voltage at t = 0 [V].

    Notes
    -----
    :math:`v(t) = V_s + (V_0 - V_s)\\,e^{-t/RC}`.

    Examples
    --------
    >>> charge_voltage([0.0, 1e-3, 5e-3], supply_voltage=5, resistance=1e3, capacitance=1e-6).round(3)
    array([0.   , 3.161, 4.966])
    """
    tau = time_constant(resistance=resistance, capacitance=capacitance)
    return step_response(time, initial=initial_voltage, final=supply_voltage, time_constant=tau)


def discharge_voltage(time: ArrayLike, *, initial_voltage: float, resistance: float,
                      capacitance: float) -> NDArray[np.float64]:
    """Capacitor voltage while it discharges through R [V].

    Parameters
    ----------
    time : array_like
        [s].
    initial_voltage : float
        [V].
    resistance : float
        [Ω].
    capacitance : float
        [F].

    Notes
    -----
    :math:`v(t) = V_0\\,e^{-t/RC}`.

    Examples
    --------
    >>> discharge_voltage([0.0, 1e-3], initial_voltage=5, resistance=1e3, capacitance=1e-6).round(3)
    array([5.   , 1.839])
    """
    tau = time_constant(resistance=resistance, capacitance=capacitance)
    return step_response(time, initial=initial_voltage, final=0.0, time_constant=tau)


def time_to_reach(target_voltage: float, *, supply_voltage: float, resistance: float, capacitance: float,
                  initial_voltage: float = 0.0) -> float:
    """How long an RC takes to go from ``initial_voltage`` to ``target_voltage`` [s].

    Handy for blink timers and for debounce: how long until a pin crosses the
    logic threshold.

    Parameters
    ----------
    target_voltage : float
        [V]; must lie between the initial voltage and the supply.
    supply_voltage : float
        The voltage it heads towards [V] (0 for a discharge).
    resistance : float
        [Ω].
    capacitance : float
        [F].
    initial_voltage : float
        [V].

    Notes
    -----
    :math:`t = R C \\ln\\frac{V_s - V_0}{V_s - V_t}`.

    Examples
    --------
    >>> round(time_to_reach(2.5, supply_voltage=5, resistance=1e3, capacitance=1e-6), 7)   # RC·ln 2
    0.0006931
    >>> time_to_reach(6, supply_voltage=5, resistance=1e3, capacitance=1e-6)
    Traceback (most recent call last):
    ...
    ValueError: target voltage 6 V is never reached: it must lie between the start (0 V) and the supply (5 V)
    """
    tau = time_constant(resistance=resistance, capacitance=capacitance)
    vs, v0, vt = float(supply_voltage), float(initial_voltage), float(target_voltage)
    lo, hi = min(v0, vs), max(v0, vs)
    if not (lo <= vt < hi or lo < vt <= hi) or vt == vs:
        raise ValueError(_("target voltage {target} V is never reached: it must lie between the start ({start} V) "
                           "and the supply ({supply} V)").format(target=vt, start=v0, supply=vs).replace(".0 V", " V"))
    return tau * math.log((vs - v0) / (vs - vt))


def cutoff_frequency(*, resistance: float, capacitance: float) -> float:
    """f_c = 1 / (2π·R·C) [Hz], where an RC filter's output is down 3 dB.

    Notes
    -----
    :math:`f_c = \\frac{1}{2\\pi R C}`.

    Examples
    --------
    >>> round(cutoff_frequency(resistance=10e3, capacitance=10e-6), 3)
    1.592
    """
    return 1.0 / (2 * math.pi * time_constant(resistance=resistance, capacitance=capacitance))


def lowpass_response(frequency: ArrayLike, *, resistance: float, capacitance: float) -> NDArray[np.complex128]:
    """Complex gain H(f) = v_out / v_in of an RC low-pass filter (R in series, C to ground).

    Notes
    -----
    :math:`H(f) = \\frac{1}{1 + j\\,2\\pi f R C} = \\frac{1}{1 + j f/f_c}`.

    Examples
    --------
    >>> lowpass_response([0.0], resistance=1e3, capacitance=1e-6)
    array([1.+0.j])
    """
    tau = time_constant(resistance=resistance, capacitance=capacitance)
    f = np.asarray(frequency, dtype=float)
    return 1.0 / (1.0 + 2j * np.pi * f * tau)


def lowpass_magnitude_db(frequency: ArrayLike, *, resistance: float, capacitance: float) -> NDArray[np.float64]:
    """Gain of an RC low-pass in decibels, 20·log10|H| [dB].

    Notes
    -----
    :math:`|H|_{dB} = -10 \\log_{10}(1 + (f/f_c)^2)`: -3.01 dB at f_c, then
    -20 dB for every tenfold rise in frequency.

    Examples
    --------
    >>> fc = cutoff_frequency(resistance=1e3, capacitance=1e-6)
    >>> lowpass_magnitude_db([fc, 10 * fc, 100 * fc], resistance=1e3, capacitance=1e-6).round(2)
    array([ -3.01, -20.04, -40.  ])
    """
    f = np.asarray(frequency, dtype=float)
    fc = cutoff_frequency(resistance=resistance, capacitance=capacitance)
    return -10.0 * np.log10(1.0 + (f / fc) ** 2)


def lowpass_phase_deg(frequency: ArrayLike, *, resistance: float, capacitance: float) -> NDArray[np.float64]:
    """Phase of an RC low-pass output relative to its input [°]; -45° at f_c.

    Notes
    -----
    :math:`\\varphi = -\\arctan(f / f_c)`.

    Examples
    --------
    >>> fc = cutoff_frequency(resistance=1e3, capacitance=1e-6)
    >>> lowpass_phase_deg([fc], resistance=1e3, capacitance=1e-6).round(6)
    array([-45.])
    """
    from stemkit.units import to_degrees

    f = np.asarray(frequency, dtype=float)
    fc = cutoff_frequency(resistance=resistance, capacitance=capacitance)
    return to_degrees(-np.arctan(f / fc), "rad")


def schmitt_trigger(voltage: ArrayLike, *, low_threshold: float, high_threshold: float,
                    initial: bool | None = None) -> NDArray[np.bool_]:
    """What a digital input with hysteresis reads from a voltage over time.

    The reading turns LOW (False) only when the voltage falls below
    ``low_threshold`` and HIGH (True) only when it rises above ``high_threshold``;
    in between it keeps its last value. An Arduino Uno's pins guarantee LOW below
    0.3·Vcc = 1.5 V and HIGH above 0.6·Vcc = 3.0 V (ATmega328P datasheet).

    Parameters
    ----------
    voltage : array_like
        Samples of the pin voltage [V], in time order.
    low_threshold, high_threshold : float
        [V], with low < high.
    initial : bool, optional
        The reading before the first sample; by default from the first sample
        (HIGH if it is above the middle of the two thresholds).

    Returns
    -------
    ndarray of bool
        True where the pin reads HIGH.

    Examples
    --------
    >>> schmitt_trigger([5.0, 2.0, 1.0, 2.0, 3.5], low_threshold=1.5, high_threshold=3.0).tolist()
    [True, True, False, False, True]
    """
    lo, hi = float(low_threshold), float(high_threshold)
    if not lo < hi:
        raise ValueError(_("low threshold ({low} V) must be below the high threshold ({high} V)").format(low=lo, high=hi))
    v = np.asarray(voltage, dtype=float)
    if v.size == 0:
        return np.zeros(0, dtype=bool)
    state = bool(v.flat[0] > (lo + hi) / 2) if initial is None else bool(initial)
    # Only crossings change the state: find them, then carry the last one forward.
    event = np.where(v > hi, 1, np.where(v < lo, 0, -1))
    idx = np.where(event >= 0, np.arange(v.size), -1)
    last = np.maximum.accumulate(idx)
    out = np.where(last >= 0, event[np.maximum(last, 0)] == 1, state)
    return out.astype(bool)
