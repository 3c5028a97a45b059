"""Input checks shared by every room: one place for the words a learner reads on bad input."""

from __future__ import annotations

import math
from typing import Any

from stemkit.i18n import _

__all__ = ["positive"]


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
