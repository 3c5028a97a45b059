"""Input checks shared by every room: one place for the words a learner reads on bad input."""

from __future__ import annotations

import math
import os
import sys
import warnings
from typing import Any

from stemkit.i18n import _

__all__ = ["positive", "finite", "finite_array", "StemkitWarning", "warn", "MAX_LENGTH", "MAX_ANGLE"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))

#: The largest distance a room works with [m]: 1000 km, far beyond any robot arena or print bed.
#: Beyond such sizes float round-off, not physics, decides the answer.
MAX_LENGTH = 1e6
#: The largest angle a room works with [rad]: about 160 000 turns. Far beyond it a float
#: cannot even tell which way a robot faces.
MAX_ANGLE = 1e6


class StemkitWarning(UserWarning):
    """A result stemkit computed but a learner should not trust or build: a part beyond its rating, an input
    stemkit had to ignore. The message says what, in plain words, and names the part."""


def warn(message: str, category: type[Warning] = StemkitWarning) -> None:
    """``warnings.warn`` pointing at the learner's own line: the first caller outside stemkit.

    So a notebook shows the warning under the cell line that asked for the result,
    not a line inside stemkit.
    """
    level = 2
    frame = sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _size(limit: float) -> str:
    """A limit as a person reads it: 2147483647 rather than 2.14748e+09, but 1e+06 for a round million."""
    if float(limit).is_integer() and abs(limit) < 1e12:
        text = str(int(limit))
        return f"{limit:g}" if len(text) > 6 and text.strip("0") == "1" else text
    return f"{limit:g}"


def finite_array(values: Any, name: str, unit: str = "", *, limit: float | None = None,
                 shape: tuple[int | None, ...] | None = None, what: str = "") -> Any:
    """``values`` as a float numpy array, or a clear error: not numbers, the wrong shape, NaN/inf, too large.

    Parameters
    ----------
    values : array_like
        Numbers (a number, list, tuple or array).
    name : str
        The quantity's name as the learner knows it.
    unit : str
        Its unit, shown in the message.
    limit : float, optional
        The largest size (absolute value) that makes physical sense.
    shape : tuple, optional
        The shape wanted; ``None`` in it stands for any length.
    what : str, optional
        How to write a good value, for the shape message (``"one point (x, y)"``).

    Examples
    --------
    >>> finite_array([1, 2], "target", "m", shape=(2,)).tolist()
    [1.0, 2.0]
    >>> finite_array("far", "target", "m", shape=(2,), what="one point (x, y)")
    Traceback (most recent call last):
    ...
    TypeError: target must be one point (x, y) [m], got 'far'
    >>> finite_array([0, 1e300], "left_ticks", "ticks", limit=2**31)
    Traceback (most recent call last):
    ...
    ValueError: left_ticks must be at most 2147483648 ticks in size, but item 1 is 1e+300
    """
    import numpy as np

    where = f" [{unit}]" if unit else ""
    message = _("{quantity} must be {what}{unit}, got {value!r}")
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(message.format(quantity=name, what=what or _("numbers"), unit=where, value=values))
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(message.format(quantity=name, what=what or _("numbers"), unit=where, value=values)) from None
    if shape is not None and (arr.ndim != len(shape) or any(
            w is not None and w != n for w, n in zip(shape, arr.shape, strict=True))):
        raise ValueError(message.format(quantity=name, what=what or _("an array of shape {shape}").format(shape=shape),
                                        unit=where, value=values))
    flat = arr.reshape(-1)
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        raise ValueError(_("{quantity} must be finite numbers{unit}, but item {index} is {value}: check for a NaN "
                           "or a division by zero").format(quantity=name, unit=where, index=int(bad[0]),
                                                           value=flat[bad[0]]))
    if limit is not None and flat.size:
        big = np.flatnonzero(np.abs(flat) > limit)
        if big.size:
            raise ValueError(_("{quantity} must be at most {limit} {unit} in size, but item {index} is {value:g}").format(
                quantity=name, limit=_size(limit), unit=unit, index=int(big[0]), value=flat[big[0]]).replace("  ", " "))
    return arr


def finite(value: Any, name: str, unit: str = "", *, limit: float | None = None) -> float:
    """``value`` as a finite float, or a clear error naming the quantity; ``limit`` caps its size.

    Parameters
    ----------
    value : float
        The number to check.
    name : str
        The quantity's name as the learner knows it.
    unit : str
        Its unit, shown in the message.
    limit : float, optional
        The largest size (absolute value) that makes physical sense.

    Examples
    --------
    >>> finite(3, "angle", "rad")
    3.0
    >>> finite(float("inf"), "angle", "rad")
    Traceback (most recent call last):
    ...
    ValueError: angle must be a finite number [rad], got inf: check for a division by zero or a value that grew without end
    >>> finite(1e12, "distance", "m", limit=1e6)
    Traceback (most recent call last):
    ...
    ValueError: distance must be at most 1e+06 m in size, got 1e+12
    """
    where = f" [{unit}]" if unit else ""
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise TypeError(_("{quantity} must be a number{unit}, got {value!r}").format(quantity=name, unit=where, value=value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(_("{quantity} must be a number{unit}, got {value!r}").format(
            quantity=name, unit=where, value=value)) from None
    if not math.isfinite(number):
        raise ValueError(_("{quantity} must be a finite number{unit}, got {value}: check for a division by zero or a "
                           "value that grew without end").format(quantity=name, unit=where, value=number))
    if limit is not None and abs(number) > limit:
        raise ValueError(_("{quantity} must be at most {limit} {unit} in size, got {value:g}").format(
            quantity=name, limit=_size(limit), unit=unit, value=number).replace("  ", " "))
    return number


def positive(value: Any, name: str, unit: str) -> float:
    """``value`` as a float, or a clear error naming the quantity, the value and the unit.

    Parameters
    ----------
    value : float
        The number to check.
    name : str
        The quantity's name as the learner knows it (``"resistance"``, ``"track_width"``).
    unit : str
        Its unit (``"Ω"``, ``"m"``), shown in the message.

    Examples
    --------
    >>> positive(330, "resistance", "Ω")
    330.0
    >>> positive(-5, "resistance", "Ω")
    Traceback (most recent call last):
    ...
    ValueError: resistance must be > 0 Ω, got -5
    >>> positive("ten", "time", "s")
    Traceback (most recent call last):
    ...
    TypeError: time must be a number in s, got 'ten'
    """
    if isinstance(value, (bool, str, bytes)) or value is None:
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value)) from None
    if not (math.isfinite(number) and number > 0):
        raise ValueError(_("{quantity} must be > 0 {unit}, got {value}").format(quantity=name, unit=unit, value=value))
    return number
