"""Ohm's law and electrical power: V = I·R and P = V·I.

Every function takes keyword-only quantities in SI units (volts, amperes, ohms,
watts), accepts numbers, numpy arrays or maker-style text (``"4k7"``, ``"20 mA"``)
and returns a float for a single value or an array for many.

Examples
--------
>>> current(voltage=9, resistance=450)
0.02
>>> voltage(current=0.02, resistance=150)
3.0
>>> r = solve(voltage=5, current=0.01)
>>> r.resistance, r.power
(500.0, 0.05)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit import units
from stemkit.i18n import _, format_number

__all__ = [
    "current", "voltage", "resistance", "power", "solve", "OhmsLaw",
    "POWER_RATINGS", "required_power_rating",
]

#: Common power ratings of through-hole resistors [W]: 1/8, 1/4, 1/2, 1, 2, 3, 5 W (3 W metal-oxide and
#: wirewound parts are stock items, e.g. Yageo's RSF and KNP series; typical shop ranges).
POWER_RATINGS: tuple[float, ...] = (0.125, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)

Quantity = float | NDArray[np.float64]


# -- input helpers shared by the electronics core modules ------------------------
def _quantity(value: ArrayLike | str, *, name: str, unit: str) -> NDArray[np.float64]:
    """Normalise one physical quantity to a float array (text like "4k7" allowed)."""
    if value is None:
        raise TypeError(_("{quantity} is missing: give it in {unit}").format(quantity=name, unit=unit))
    if isinstance(value, str):
        value = units.parse(value, unit=unit)
    elif isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value):
        value = [units.parse(v, unit=unit) for v in value]
    if isinstance(value, bool):
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value)) from None
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].flat[0]
        raise ValueError(_("{quantity} must be a finite number of {unit}, got {value}").format(
            quantity=name, unit=unit, value=format_number(bad)))
    return arr


def _positive(arr: NDArray[np.float64], *, name: str, unit: str) -> None:
    """Raise a ValueError naming the first value that is not > 0."""
    if np.any(arr <= 0):
        bad = arr[arr <= 0].flat[0]
        raise ValueError(_("{quantity} must be > 0 {unit}, got {value}").format(
            quantity=name, unit=unit, value=format_number(bad)))


def _nonnegative(arr: NDArray[np.float64], *, name: str, unit: str) -> None:
    if np.any(arr < 0):
        bad = arr[arr < 0].flat[0]
        raise ValueError(_("{quantity} must be >= 0 {unit}, got {value}").format(
            quantity=name, unit=unit, value=format_number(bad)))


def _resistance(value: ArrayLike | str, *, name: str = "resistance") -> NDArray[np.float64]:
    arr = _quantity(value, name=name, unit="Ω")
    if np.any(arr == 0):
        raise ValueError(_("{quantity} must be > 0 Ω, got 0: a 0 Ω path is a short circuit, "
                           "use a real resistor value").format(quantity=name))
    _positive(arr, name=name, unit="Ω")
    return arr


def _out(arr: NDArray[np.float64]) -> Quantity:
    """A float for a single value, an array for many."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _ratio_resistance(v: NDArray[np.float64], i: NDArray[np.float64]) -> NDArray[np.float64]:
    """R = V / I with the checks a resistor needs (I != 0, same signs)."""
    if np.any(i == 0):
        raise ValueError(_("current must not be 0 A when you compute a resistance: "
                           "with no current, R = V / I has no value"))
    r = v / i
    if np.any(r <= 0):
        shape = np.broadcast(v, i).shape
        idx = np.flatnonzero(np.broadcast_to(r, shape) <= 0)[0]
        raise ValueError(_("voltage and current must have the same sign for a resistor, "
                           "got {voltage} V and {current} A").format(
                               voltage=format_number(np.broadcast_to(v, shape).flat[idx]),
                               current=format_number(np.broadcast_to(i, shape).flat[idx])))
    return r


# -- Ohm's law ------------------------------------------------------------------
def current(*, voltage: ArrayLike | str, resistance: ArrayLike | str) -> Quantity:
    """Current through a resistor from the voltage across it.

    Parameters
    ----------
    voltage : float or array_like or str
        Voltage across the resistor [V].
    resistance : float or array_like or str
        Resistance [Ω], > 0.

    Returns
    -------
    float or ndarray
        Current [A].

    Notes
    -----
    Ohm's law: :math:`I = V / R`.

    Examples
    --------
    >>> current(voltage=5, resistance=250)
    0.02
    >>> current(voltage="3 V", resistance="1k5")
    0.002
    >>> current(voltage=5, resistance=0)
    Traceback (most recent call last):
    ...
    ValueError: resistance must be > 0 Ω, got 0: a 0 Ω path is a short circuit, use a real resistor value
    """
    v = _quantity(voltage, name="voltage", unit="V")
    r = _resistance(resistance)
    return _out(v / r)


def voltage(*, current: ArrayLike | str, resistance: ArrayLike | str) -> Quantity:
    """Voltage across a resistor from the current through it.

    Parameters
    ----------
    current : float or array_like or str
        Current through the resistor [A].
    resistance : float or array_like or str
        Resistance [Ω], > 0.

    Returns
    -------
    float or ndarray
        Voltage [V].

    Notes
    -----
    Ohm's law: :math:`V = I R`.

    Examples
    --------
    >>> voltage(current=0.02, resistance=150)
    3.0
    >>> voltage(current=[0.001, 0.002], resistance="1k")
    array([1., 2.])
    """
    i = _quantity(current, name="current", unit="A")
    r = _resistance(resistance)
    return _out(i * r)


def resistance(*, voltage: ArrayLike | str, current: ArrayLike | str) -> Quantity:
    """Resistance from the voltage across a part and the current through it.

    Parameters
    ----------
    voltage : float or array_like or str
        Voltage across the part [V].
    current : float or array_like or str
        Current through it [A], not zero and with the same sign as the voltage.

    Returns
    -------
    float or ndarray
        Resistance [Ω].

    Notes
    -----
    Ohm's law: :math:`R = V / I`.

    Examples
    --------
    >>> resistance(voltage=3, current=0.02)
    150.0
    >>> resistance(voltage=3, current="20 mA")
    150.0
    >>> resistance(voltage=3, current=0)
    Traceback (most recent call last):
    ...
    ValueError: current must not be 0 A when you compute a resistance: with no current, R = V / I has no value
    """
    v = _quantity(voltage, name="voltage", unit="V")
    i = _quantity(current, name="current", unit="A")
    return _out(_ratio_resistance(v, i))


def power(*, voltage: ArrayLike | str | None = None, current: ArrayLike | str | None = None,
          resistance: ArrayLike | str | None = None) -> Quantity:
    """Electrical power from any two of voltage, current and resistance.

    Parameters
    ----------
    voltage : float or array_like or str, optional
        Voltage across the part [V].
    current : float or array_like or str, optional
        Current through the part [A].
    resistance : float or array_like or str, optional
        Resistance of the part [Ω], > 0.

    Returns
    -------
    float or ndarray
        Power [W] turned into heat (or light, or motion) in the part.

    Notes
    -----
    :math:`P = V I = I^2 R = V^2 / R`. Give exactly two of the three quantities.

    Examples
    --------
    >>> power(voltage=5, current=0.02)
    0.1
    >>> power(current=0.01, resistance=1000)
    0.1
    >>> power(voltage=10, resistance=1000)
    0.1
    >>> power(voltage=5)
    Traceback (most recent call last):
    ...
    ValueError: give exactly two of voltage, current, resistance to compute power, got 1: voltage
    """
    given = {k: v for k, v in (("voltage", voltage), ("current", current),
                               ("resistance", resistance)) if v is not None}
    if len(given) != 2:
        raise ValueError(_("give exactly two of voltage, current, resistance to compute power, "
                           "got {count}: {names}").format(count=len(given), names=", ".join(given) or "-"))
    if resistance is None:
        return _out(_quantity(voltage, name="voltage", unit="V") * _quantity(current, name="current", unit="A"))
    r = _resistance(resistance)
    if voltage is None:
        i = _quantity(current, name="current", unit="A")
        return _out(i * i * r)
    v = _quantity(voltage, name="voltage", unit="V")
    return _out(v * v / r)


class OhmsLaw(NamedTuple):
    """Voltage [V], current [A], resistance [Ω] and power [W] of one resistor."""

    voltage: Quantity
    current: Quantity
    resistance: Quantity
    power: Quantity

    def __str__(self) -> str:
        return "V = {v}, I = {i}, R = {r}, P = {p}".format(
            v=units.format_si(self.voltage, "V") if np.ndim(self.voltage) == 0 else self.voltage,
            i=units.format_si(self.current, "A") if np.ndim(self.current) == 0 else self.current,
            r=units.format_si(self.resistance, "Ω") if np.ndim(self.resistance) == 0 else self.resistance,
            p=units.format_si(self.power, "W") if np.ndim(self.power) == 0 else self.power,
        )


def solve(*, voltage: ArrayLike | str | None = None, current: ArrayLike | str | None = None,
          resistance: ArrayLike | str | None = None, power: ArrayLike | str | None = None) -> OhmsLaw:
    """Find all four quantities of a resistor from any two of them.

    This is the "one unknown" form of Ohm's law a lesson uses: give what you know,
    get back everything, including the power the resistor turns into heat.

    Parameters
    ----------
    voltage : float or array_like or str, optional
        Voltage across the resistor [V].
    current : float or array_like or str, optional
        Current through it [A].
    resistance : float or array_like or str, optional
        Resistance [Ω], > 0.
    power : float or array_like or str, optional
        Power dissipated [W], > 0 when used to find a resistance.

    Returns
    -------
    OhmsLaw
        Named tuple ``(voltage, current, resistance, power)`` in V, A, Ω, W.

    Notes
    -----
    :math:`V = I R` and :math:`P = V I`. From a power and a resistance the voltage
    and current are taken positive: :math:`I = \\sqrt{P/R}`, :math:`V = \\sqrt{P R}`.

    Examples
    --------
    >>> print(solve(voltage=9, resistance="470"))
    V = 9 V, I = 19.1 mA, R = 470 Ω, P = 172 mW
    >>> solve(power=0.25, resistance=100).current
    0.05
    >>> solve(voltage=5, current=0.01, resistance=500)
    Traceback (most recent call last):
    ...
    ValueError: give exactly two of voltage, current, resistance, power, got 3: voltage, current, resistance
    """
    given = {k: v for k, v in (("voltage", voltage), ("current", current),
                               ("resistance", resistance), ("power", power)) if v is not None}
    if len(given) != 2:
        raise ValueError(_("give exactly two of voltage, current, resistance, power, "
                           "got {count}: {names}").format(count=len(given), names=", ".join(given) or "-"))
    v = None if voltage is None else _quantity(voltage, name="voltage", unit="V")
    i = None if current is None else _quantity(current, name="current", unit="A")
    r = None if resistance is None else _resistance(resistance)
    p = None if power is None else _quantity(power, name="power", unit="W")
    if v is not None and i is not None:
        r = _ratio_resistance(v, i)
        p = v * i
    elif v is not None and r is not None:
        i = v / r
        p = v * v / r
    elif i is not None and r is not None:
        v = i * r
        p = i * i * r
    elif v is not None and p is not None:
        if np.any(v == 0):
            raise ValueError(_("voltage must not be 0 V when you compute from a power: "
                               "P = V I has no single answer"))
        _positive(p, name="power", unit="W")
        i = p / v
        r = v * v / p
    elif i is not None and p is not None:
        if np.any(i == 0):
            raise ValueError(_("current must not be 0 A when you compute from a power: "
                               "P = V I has no single answer"))
        _positive(p, name="power", unit="W")
        v = p / i
        r = p / (i * i)
    else:  # resistance and power
        _nonnegative(p, name="power", unit="W")
        i = np.sqrt(p / r)
        v = np.sqrt(p * r)
    return OhmsLaw(voltage=_out(v), current=_out(i), resistance=_out(r), power=_out(p))


def required_power_rating(*, power: ArrayLike | str, safety_factor: float = 2.0) -> Quantity:
    """The smallest common resistor power rating that handles ``power`` with a margin.

    Parameters
    ----------
    power : float or array_like or str
        Power the resistor dissipates [W], >= 0.
    safety_factor : float
        Keep the dissipated power below ``rating / safety_factor``; 2 is the usual
        maker rule of thumb (a resistor at its full rating runs hot).

    Returns
    -------
    float or ndarray
        A rating from :data:`POWER_RATINGS` [W].

    Notes
    -----
    Picks the smallest rating :math:`P_r` in 1/8, 1/4, 1/2, 1, 2, 5 W with
    :math:`P_r \\geq k P`, where :math:`k` is the safety factor.

    Examples
    --------
    >>> required_power_rating(power=0.1)
    0.25
    >>> required_power_rating(power=[0.01, 0.2, 0.3])
    array([0.125, 0.5  , 1.   ])
    """
    p = _quantity(power, name="power", unit="W")
    _nonnegative(p, name="power", unit="W")
    k = float(safety_factor)
    if not k >= 1:
        raise ValueError(_("safety_factor must be >= 1, got {value}").format(value=format_number(k)))
    needed = p * k
    ratings = np.asarray(POWER_RATINGS)
    if np.any(needed > ratings[-1]):
        bad = p[needed > ratings[-1]].flat[0]
        raise ValueError(_("power {value} W is too much for a common resistor (at most {limit} W "
                           "with safety factor {factor}): use a power resistor or share the load").format(
                               value=format_number(bad), limit=format_number(ratings[-1] / k),
                               factor=format_number(k)))
    idx = np.searchsorted(ratings, needed - 1e-12 * ratings[-1], side="left")
    return _out(ratings[idx])
