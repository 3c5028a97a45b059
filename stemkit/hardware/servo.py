"""The pulse a hobby servo gets from the Arduino ``Servo`` library.

A servo reads the width of a pulse that comes every 20 ms: about 0.5 ms for 0°, about
2.4 ms for 180°. ``myServo.write(angle)`` turns the angle into a width with the
library's integer ``map()``: 544 µs + angle × (2400 − 544) µs / 180, rounded down.

>>> round(servo_pulse_width(90) * 1e6)
1472
>>> [round(w * 1e6) for w in servo_pulse_width([0, 45, 180])]
[544, 1008, 2400]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _

__all__ = ["servo_pulse_width", "SERVO_MIN_PULSE", "SERVO_MAX_PULSE", "SERVO_FRAME"]

#: The Servo library's pulse widths for 0° and 180°, and the time between two pulses [s].
SERVO_MIN_PULSE = 544e-6
SERVO_MAX_PULSE = 2400e-6
SERVO_FRAME = 20e-3


def servo_pulse_width(angle: ArrayLike, *, min_pulse: float = SERVO_MIN_PULSE,
                      max_pulse: float = SERVO_MAX_PULSE) -> float | NDArray[np.float64]:
    """The pulse width ``Servo.write(angle)`` sends.

    Parameters
    ----------
    angle : int or array_like
        Servo angle [°], a whole number; the library keeps it within 0-180.
    min_pulse, max_pulse : float
        Pulse widths for 0° and 180° [s] (``attach(pin, min, max)`` in µs).

    Returns
    -------
    float or ndarray
        Pulse width [s].

    Notes
    -----
    ``width_us = min + (angle · (max − min)) // 180`` in whole microseconds, as the
    library's ``map(angle, 0, 180, min, max)`` computes it.
    """
    a = np.asarray(angle, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError(_("angle must be a finite number of degrees, got {value}").format(value=angle))
    lo, hi = round(min_pulse * 1e6), round(max_pulse * 1e6)
    if not 0 < lo < hi:
        raise ValueError(_("min_pulse must be > 0 s and less than max_pulse, got {low} and {high}").format(
            low=min_pulse, high=max_pulse))
    whole = np.clip(np.trunc(a), 0, 180).astype(np.int64)
    width = (lo + (whole * (hi - lo)) // 180) * 1e-6
    return float(width) if width.ndim == 0 else width
