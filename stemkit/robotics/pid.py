"""Feedback controllers: bang-bang, proportional (P) and PID, and step-response metrics.

A controller is called once per loop with the *setpoint* (what you want) and the
*measurement* (what the sensor says) and returns the *output* (a motor voltage, a
turn rate). All three controllers here share that call::

    output = controller.update(setpoint=..., measurement=...)

so a lesson can swap one for another in the same simulation.

Examples
--------
>>> pid = PID(kp=2.0, ki=1.0, kd=0.0, dt=0.1)
>>> pid.update(setpoint=1.0, measurement=0.0)    # 2·1 + 1·1·0.1
2.1
>>> BangBang(high=5.0, low=0.0).update(setpoint=1.0, measurement=0.2)
5.0
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from stemkit.i18n import _, format_number
from stemkit.validate import finite_array

__all__ = ["PID", "PController", "BangBang", "StepMetrics", "step_metrics"]


def _number(value: float, name: str) -> float:
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise TypeError(_("{name} must be a number, got {value!r}").format(name=name, value=value))
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(_("{name} must be a number, got {value!r}").format(name=name, value=value)) from None
    if not math.isfinite(x):
        raise ValueError(_("{name} must be a finite number, got {value}: check the sensor reading or a division by zero").format(
            name=name, value=x))
    return x


def _limits(output_limits) -> tuple[float, float]:
    if output_limits is None:
        return -math.inf, math.inf
    try:
        lo, hi = output_limits
    except (TypeError, ValueError):
        raise ValueError(_("output_limits must be a pair (low, high), got {value!r}").format(value=output_limits)) from None
    lo = -math.inf if lo is None else float(lo)
    hi = math.inf if hi is None else float(hi)
    if math.isnan(lo) or math.isnan(hi) or lo >= hi:
        raise ValueError(_("output_limits must have low < high, got ({low}, {high})").format(
            low=format_number(lo), high=format_number(hi)))
    return lo, hi


class PID:
    """A discrete PID controller with output limits, anti-windup and derivative on measurement.

    Parameters
    ----------
    kp, ki, kd : float
        Proportional, integral and derivative gains (≥ 0). Units: output per unit of
        error, per unit of error·second, per unit of error/second.
    dt : float
        Loop period [s].
    output_limits : (low, high), optional
        The output is clipped to this range (e.g. ±6 V of a battery). ``None`` on a side
        means no limit.
    anti_windup : bool
        Clamp the integral so that it never pushes the output past a limit: it may fill
        the output up to the limit, but not beyond, so it does not "wind up" while the
        output is saturated and lets go as soon as the error changes sign. A large Ki
        still acts at once (the integral jumps up to the limit).
    derivative_on_measurement : bool
        Use the change of the measurement instead of the change of the error for the D
        term: same result while the setpoint is constant, but no huge "kick" when the
        setpoint jumps.

    Notes
    -----
    At step k, with error ``e_k = r_k − y_k``:

    - ``P_k = Kp·e_k``
    - ``D_k = −Kd·(y_k − y_{k−1})/dt`` (on measurement) or ``Kd·(e_k − e_{k−1})/dt``;
      ``D_0 = 0``
    - ``I_k = I_{k−1} + Ki·e_k·dt``; with anti-windup clamped to
      ``[max(low, min(low − P_k − D_k, I_{k−1})), min(high, max(high − P_k − D_k, I_{k−1}))]``:
      the integral may grow until P + I + D reaches a limit, never further, and never
      outside the limits themselves; the clamp itself never moves it (an integral
      already past the band because P jumped stays where it is until the error moves it)
    - ``u_k = clip(P_k + I_k + D_k, low, high)``

    Examples
    --------
    >>> pid = PID(kp=1.0, ki=0.0, kd=0.5, dt=0.1, output_limits=(-1, 1))
    >>> pid.update(setpoint=0.0, measurement=2.0)     # P = -2, clipped
    -1.0
    >>> pid.update(setpoint=0.0, measurement=1.95)   # P + D = -1.95 + 0.25 = -1.7, clipped
    -1.0
    >>> {name: round(value, 6) for name, value in pid.terms.items()}
    {'p': -1.95, 'i': 0.0, 'd': 0.25}
    """

    def __init__(self, *, kp: float, ki: float = 0.0, kd: float = 0.0, dt: float,
                 output_limits: tuple[float | None, float | None] | None = None, anti_windup: bool = True,
                 derivative_on_measurement: bool = True):
        self.kp, self.ki, self.kd = (_number(v, n) for v, n in ((kp, "kp"), (ki, "ki"), (kd, "kd")))
        for value, name in ((self.kp, "kp"), (self.ki, "ki"), (self.kd, "kd")):
            if value < 0:
                raise ValueError(_("{name} must be ≥ 0, got {value}: flip the sign of the error instead").format(
                    name=name, value=format_number(value)))
        self.dt = _number(dt, "dt")
        if self.dt <= 0:
            raise ValueError(_("dt must be > 0 s, got {value}").format(value=format_number(self.dt)))
        self.low, self.high = _limits(output_limits)
        self.anti_windup = bool(anti_windup)
        self.derivative_on_measurement = bool(derivative_on_measurement)
        self.reset()

    def reset(self) -> None:
        """Forget the past: integral 0, no previous measurement."""
        self.integral = 0.0
        self._last_measurement: float | None = None
        self._last_error: float | None = None
        self._p = self._d = 0.0
        self.output = 0.0

    @property
    def terms(self) -> dict[str, float]:
        """The P, I and D parts of the last output (before clipping)."""
        return {"p": self._p, "i": self.integral, "d": self._d}

    def update(self, *, setpoint: float, measurement: float) -> float:
        """One loop: read the error, return the clipped output."""
        r = float(setpoint)
        y = float(measurement)
        e = r - y
        if e - e != 0.0:  # NaN or ∞ somewhere (fast check: this runs every loop)
            _number(r, "setpoint")
            _number(y, "measurement")
        p = self.kp * e
        if self._last_measurement is None:
            d = 0.0
        elif self.derivative_on_measurement:
            d = -self.kd * (y - self._last_measurement) / self.dt
        else:
            d = self.kd * (e - self._last_error) / self.dt
        old = self.integral
        integral = old + self.ki * e * self.dt
        if self.anti_windup:
            # room the output has left before a limit; an integral already past it is not pushed back
            top = self.high - p - d
            if old > top:
                top = old
            if top > self.high:
                top = self.high
            bottom = self.low - p - d
            if old < bottom:
                bottom = old
            if bottom < self.low:
                bottom = self.low
            if integral > top:
                integral = top
            elif integral < bottom:
                integral = bottom
        raw = p + integral + d
        self.integral = integral
        self._last_measurement, self._last_error = y, e
        self._p, self._d = p, d
        out = self.high if raw > self.high else (self.low if raw < self.low else raw)
        self.output = out
        return out


class PController(PID):
    """A proportional controller: ``u = clip(Kp·(r − y))``. A PID with ``Ki = Kd = 0``.

    Examples
    --------
    >>> PController(kp=3.0, dt=0.01).update(setpoint=1.0, measurement=0.5)
    1.5
    """

    def __init__(self, *, kp: float, dt: float = 0.01,
                 output_limits: tuple[float | None, float | None] | None = None):
        super().__init__(kp=kp, ki=0.0, kd=0.0, dt=dt, output_limits=output_limits)


class BangBang:
    """On/off control: full ``high`` output below the setpoint, ``low`` above it.

    Parameters
    ----------
    high, low : float
        The two outputs (``high > low``).
    hysteresis : float
        Width of a band around the setpoint (in measurement units) inside which the
        output keeps its last value, so it does not chatter on noise (like a
        thermostat that switches at 19.5 °C and 20.5 °C).

    Notes
    -----
    ``e = r − y``; ``u = high`` if ``e > h/2``, ``low`` if ``e < −h/2``, else unchanged
    (at the very first call inside the band: ``high`` when ``e ≥ 0``).

    Examples
    --------
    >>> b = BangBang(high=1.0, low=-1.0, hysteresis=0.2)
    >>> [b.update(setpoint=0.0, measurement=y) for y in (-0.5, 0.05, 0.5, 0.05, -0.05, -0.2)]
    [1.0, 1.0, -1.0, -1.0, -1.0, 1.0]
    """

    def __init__(self, *, high: float, low: float, hysteresis: float = 0.0):
        self.high, self.low = _number(high, "high"), _number(low, "low")
        if not self.high > self.low:
            raise ValueError(_("high must be greater than low, got high={high}, low={low}").format(
                high=format_number(self.high), low=format_number(self.low)))
        self.hysteresis = _number(hysteresis, "hysteresis")
        if self.hysteresis < 0:
            raise ValueError(_("hysteresis must be ≥ 0, got {value}").format(value=format_number(self.hysteresis)))
        self.reset()

    def reset(self) -> None:
        """Forget the last output."""
        self.output: float | None = None

    def update(self, *, setpoint: float, measurement: float) -> float:
        """One loop: return ``high`` or ``low``."""
        e = float(setpoint) - float(measurement)
        if not math.isfinite(e):
            _number(setpoint, "setpoint")
            _number(measurement, "measurement")
        half = self.hysteresis / 2
        if e > half:
            self.output = self.high
        elif e < -half:
            self.output = self.low
        elif self.output is None:
            self.output = self.high if e >= 0 else self.low
        return self.output


class StepMetrics(NamedTuple):
    """How good a step response is. Times in seconds, overshoot in per cent of the step."""

    rise_time: float
    overshoot: float
    settling_time: float
    steady_state_error: float
    peak: float
    peak_time: float


def _crossing_time(t: np.ndarray, yn: np.ndarray, level: float) -> float:
    above = np.flatnonzero(yn >= level)
    if above.size == 0:
        return math.nan
    k = int(above[0])
    if k == 0:
        return float(t[0])
    # straight line between the two samples around the crossing
    return float(t[k - 1] + (level - yn[k - 1]) * (t[k] - t[k - 1]) / (yn[k] - yn[k - 1]))


def step_metrics(time: ArrayLike, response: ArrayLike, *, setpoint: float, initial: float | None = None,
                 settling_band: float = 0.02) -> StepMetrics:
    """Rise time, overshoot, settling time and steady-state error of a step response.

    Parameters
    ----------
    time : array_like, shape (N,)
        Sample times [s], increasing; the step happens at ``time[0]``.
    response : array_like, shape (N,)
        The measured output (any unit).
    setpoint : float
        The value asked for after the step.
    initial : float, optional
        The value before the step (default: ``response[0]``).
    settling_band : float
        Band for the settling time, as a fraction of the step (0.02 = ±2 %).

    Returns
    -------
    StepMetrics
        ``rise_time``: from 10 % to 90 % of the step (linear interpolation between samples;
        NaN if 90 % is never reached). ``overshoot``: how far the peak goes past the
        setpoint, in % of the step (0 if it never does). ``settling_time``: when the
        response enters the band around its final value for good (NaN if the last sample
        is outside). ``steady_state_error``: setpoint − final value (last sample).
        ``peak``/``peak_time``: the furthest point in the step's direction.

    Notes
    -----
    With the step ``S = setpoint − initial`` and the normalised response
    ``ŷ = (y − initial)/S``: rise time ``t(ŷ = 0.9) − t(ŷ = 0.1)``, overshoot
    ``100·max(0, max ŷ − 1)`` %.

    Examples
    --------
    >>> t = np.linspace(0, 5, 5001)
    >>> m = step_metrics(t, 1 - np.exp(-t / 0.5), setpoint=1.0)
    >>> round(m.rise_time, 3), m.overshoot     # τ·ln 9 = 1.099, no overshoot
    (1.099, 0.0)
    """
    t = finite_array(time, "time", "s").reshape(-1)
    y = finite_array(response, "response").reshape(-1)
    if t.shape != y.shape or t.size < 2:
        raise ValueError(_("time and response must have the same length (at least 2), got {a} and {b}").format(
            a=t.size, b=y.size))
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(y))):
        raise ValueError(_("time and response must be finite numbers: the response has a NaN or ∞"))
    if np.any(np.diff(t) <= 0):
        raise ValueError(_("time must increase from sample to sample"))
    r = _number(setpoint, "setpoint")
    y0 = y[0] if initial is None else _number(initial, "initial")
    step = r - y0
    if step == 0:
        raise ValueError(_("setpoint equals the initial value: there is no step to measure"))
    if not 0 < settling_band < 1:
        raise ValueError(_("settling_band must be between 0 and 1, got {value}").format(value=settling_band))
    yn = (y - y0) / step
    rise = _crossing_time(t, yn, 0.9) - _crossing_time(t, yn, 0.1)
    k_peak = int(np.argmax(yn))
    overshoot = max(0.0, float(yn[k_peak]) - 1.0) * 100.0
    final = float(y[-1])
    outside = np.flatnonzero(np.abs(y - final) > settling_band * abs(step))
    if outside.size == 0:
        settling = float(t[0])
    elif outside[-1] == y.size - 1:
        settling = math.nan
    else:
        settling = float(t[outside[-1] + 1])
    return StepMetrics(rise_time=float(rise), overshoot=overshoot, settling_time=settling,
                       steady_state_error=r - final, peak=float(y[k_peak]), peak_time=float(t[k_peak]))
