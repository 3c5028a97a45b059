"""Input checks shared by every room: one place for the words a learner reads on bad input."""

from __future__ import annotations

import math
import os
import sys
import warnings
from typing import Any

from stemkit.i18n import _

__all__ = ["positive", "finite", "StemkitWarning", "warn"]

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


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
        raise ValueError(_("{quantity} must be at most {limit:g} {unit} in size, got {value:g}").format(
            quantity=name, limit=limit, unit=unit, value=number).replace("  ", " "))
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
