"""A first-order DC motor model with voltage saturation, for speed-control lessons.

A small gear motor does not jump to its new speed: it speeds up along an
exponential curve with a *time constant* τ. Its steady speed is proportional to the
voltage (gain K), and the voltage can never exceed what the battery gives.

The defaults are typical of the yellow TT gear motor (1:48) of 2WD kits on a 6 V
pack (4 × AA): about 200 rpm (21 rad/s) with no load at 6 V, so K ≈ 3.5 rad/s per
volt, and τ ≈ 0.1 s. These are typical measured values; measure your own motor.

Examples
--------
>>> m = DCMotor()
>>> round(m.steady_speed(6.0), 1)
21.0
>>> round(m.steady_speed(9.0), 1)      # a 9 V command is clipped to the 6 V battery
21.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.robotics.drive import _finite_array, _positive

__all__ = ["DCMotor"]


@dataclass(frozen=True)
class DCMotor:
    """A DC gear motor as a first-order system with a voltage limit.

    Parameters
    ----------
    gain : float
        Steady-state speed per volt, K [rad/s/V].
    time_constant : float
        τ [s]: time to reach 63 % of a speed change.
    max_voltage : float
        Largest voltage the driver and battery can give [V]; commands are clipped to
        ``±max_voltage``.

    Notes
    -----
    ``τ·dω/dt = K·V − ω`` with ``V = clip(V_cmd, −V_max, V_max)``. With V held constant
    over a step dt the exact solution is ``ω_{k+1} = a·ω_k + b·V_k`` with
    ``a = e^(−dt/τ)`` and ``b = K·(1 − a)``.
    """

    gain: float = 3.5
    time_constant: float = 0.1
    max_voltage: float = 6.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "gain", _positive(self.gain, "gain", "rad/s/V"))
        object.__setattr__(self, "time_constant", _positive(self.time_constant, "time_constant", "s"))
        object.__setattr__(self, "max_voltage", _positive(self.max_voltage, "max_voltage", "V"))

    def clip(self, voltage: ArrayLike):
        """The voltage the motor really gets [V]: the command limited to ±max_voltage."""
        v = _finite_array(voltage, "voltage", "V")
        out = np.clip(v, -self.max_voltage, self.max_voltage)
        return float(out) if out.ndim == 0 else out

    def steady_speed(self, voltage: ArrayLike):
        """Speed the motor settles at for a constant voltage [rad/s]: ``K·clip(V)``."""
        out = self.gain * np.asarray(self.clip(voltage))
        return float(out) if out.ndim == 0 else out

    def coefficients(self, dt: float) -> tuple[float, float]:
        """``(a, b)`` of the exact step ``ω_{k+1} = a·ω_k + b·V_k`` for step length ``dt`` [s].

        Examples
        --------
        >>> a, b = DCMotor(gain=2.0, time_constant=1.0).coefficients(math.log(2))
        >>> round(a, 6), round(b, 6)
        (0.5, 1.0)
        """
        dt = _positive(dt, "dt", "s")
        a = math.exp(-dt / self.time_constant)
        return a, self.gain * (1.0 - a)

    def step(self, speed: float, voltage: float, dt: float) -> float:
        """Speed after ``dt`` seconds at ``voltage`` (clipped), starting from ``speed`` [rad/s]."""
        a, b = self.coefficients(dt)
        return a * float(_finite_array(speed, "speed", "rad/s")) + b * self.clip(voltage)

    def simulate(self, voltages: ArrayLike, *, dt: float, initial_speed: float = 0.0) -> NDArray[np.float64]:
        """Speeds [rad/s] at times 0, dt, … for voltages held over each step.

        Parameters
        ----------
        voltages : array_like, shape (N,)
            Commanded voltage during each step [V] (clipped to ±max_voltage).
        dt : float
            Step length [s].
        initial_speed : float
            Speed at time 0 [rad/s].

        Returns
        -------
        ndarray, shape (N + 1,)

        Examples
        --------
        >>> m = DCMotor(gain=3.5, time_constant=0.1)
        >>> w = m.simulate(np.full(100, 6.0), dt=0.001)   # after one time constant: 63 %
        >>> round(float(w[-1] / m.steady_speed(6.0)), 3)
        0.632
        """
        v = np.atleast_1d(self.clip(voltages))
        if v.ndim != 1:
            raise ValueError(_("voltages must be 1-D (one value per step), got shape {shape}").format(shape=v.shape))
        a, b = self.coefficients(dt)
        out = np.empty(v.size + 1)
        w = float(_finite_array(initial_speed, "initial_speed", "rad/s"))
        out[0] = w
        for k, volt in enumerate(v.tolist()):
            w = a * w + b * volt
            out[k + 1] = w
        return out
