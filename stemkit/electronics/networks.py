"""Resistor networks: series, parallel, voltage dividers (unloaded and loaded), current dividers.

Examples
--------
>>> series([100, 220, 330])
650.0
>>> parallel([1000, 1000])
500.0
>>> voltage_divider(supply_voltage=5, top_resistance=10e3, bottom_resistance=10e3)
2.5
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from stemkit.electronics.ohm import Quantity, _out, _quantity, _resistance
from stemkit.i18n import _, format_number

__all__ = [
    "series", "parallel", "divider_ratio", "voltage_divider", "divider", "Divider",
    "divider_output_resistance", "potentiometer", "current_divider",
]


def _resistances(resistances: ArrayLike, *, name: str = "resistances") -> np.ndarray:
    if isinstance(resistances, str):
        raise TypeError(_("{quantity} must be a list of resistances, like [100, 220], got {value!r}").format(
            quantity=name, value=resistances))
    if isinstance(resistances, (list, tuple)):
        arrays = [_resistance(r, name=f"{name}[{k}]") for k, r in enumerate(resistances)]
        if not arrays:
            raise ValueError(_("{quantity} is empty: give at least one resistance").format(quantity=name))
        return np.stack(np.broadcast_arrays(*arrays))
    arr = _resistance(resistances, name=name)
    if arr.ndim == 0:
        raise TypeError(_("{quantity} must be a list of resistances, like [100, 220], got one number").format(
            quantity=name))
    return arr


def series(resistances: ArrayLike) -> Quantity:
    """Total resistance of resistors in series (one after another).

    Parameters
    ----------
    resistances : sequence of float or str
        The resistances [Ω], each > 0. Items may be arrays (they broadcast).

    Returns
    -------
    float or ndarray
        Total resistance [Ω].

    Notes
    -----
    :math:`R = R_1 + R_2 + \\dots + R_n`.

    Examples
    --------
    >>> series(["4k7", "330"])
    5030.0
    """
    return _out(np.sum(_resistances(resistances), axis=0))


def parallel(resistances: ArrayLike) -> Quantity:
    """Total resistance of resistors in parallel (side by side, same two nodes).

    Parameters
    ----------
    resistances : sequence of float or str
        The resistances [Ω], each > 0.

    Returns
    -------
    float or ndarray
        Total resistance [Ω]; always smaller than the smallest one.

    Notes
    -----
    :math:`1/R = 1/R_1 + 1/R_2 + \\dots + 1/R_n`; for two,
    :math:`R = R_1 R_2 / (R_1 + R_2)`.

    Examples
    --------
    >>> parallel([100, 100, 100, 100])
    25.0
    >>> round(parallel(["1k", "2k2"]), 3)
    687.5
    """
    return _out(1.0 / np.sum(1.0 / _resistances(resistances), axis=0))


def _load(load_resistance: ArrayLike | str | None) -> np.ndarray | None:
    return None if load_resistance is None else _resistance(load_resistance, name="load_resistance")


def divider_ratio(*, top_resistance: ArrayLike | str, bottom_resistance: ArrayLike | str,
                  load_resistance: ArrayLike | str | None = None) -> Quantity:
    """Fraction of the supply voltage a voltage divider gives out.

    Parameters
    ----------
    top_resistance : float or array_like or str
        Resistor from the supply to the output [Ω].
    bottom_resistance : float or array_like or str
        Resistor from the output to ground [Ω].
    load_resistance : float or array_like or str, optional
        Whatever is connected from the output to ground [Ω]; None = nothing (unloaded).

    Returns
    -------
    float or ndarray
        :math:`V_{out} / V_{in}`, between 0 and 1.

    Notes
    -----
    Unloaded: :math:`k = R_2 / (R_1 + R_2)`. Loaded, :math:`R_2` is replaced by
    :math:`R_2 \\parallel R_L = R_2 R_L / (R_2 + R_L)`.

    Examples
    --------
    >>> divider_ratio(top_resistance=3000, bottom_resistance=1000)
    0.25
    >>> divider_ratio(top_resistance=10e3, bottom_resistance=10e3, load_resistance=10e3)
    0.3333333333333333
    """
    r1 = _resistance(top_resistance, name="top_resistance")
    r2 = _resistance(bottom_resistance, name="bottom_resistance")
    rl = _load(load_resistance)
    if rl is not None:
        r2 = r2 * rl / (r2 + rl)
    return _out(r2 / (r1 + r2))


def voltage_divider(*, supply_voltage: ArrayLike | str, top_resistance: ArrayLike | str,
                    bottom_resistance: ArrayLike | str, load_resistance: ArrayLike | str | None = None) -> Quantity:
    """Output voltage of a voltage divider.

    Parameters
    ----------
    supply_voltage : float or array_like or str
        Voltage across the whole divider [V].
    top_resistance, bottom_resistance : float or array_like or str
        The two resistors [Ω]; the output is across the bottom one.
    load_resistance : float or array_like or str, optional
        Load on the output [Ω]; None for an unloaded divider.

    Returns
    -------
    float or ndarray
        Output voltage [V].

    Notes
    -----
    :math:`V_{out} = V_{in} \\, R_2 / (R_1 + R_2)` (unloaded).

    Examples
    --------
    >>> voltage_divider(supply_voltage=9, top_resistance="2k", bottom_resistance="1k")
    3.0
    >>> voltage_divider(supply_voltage=5, top_resistance=10e3, bottom_resistance=10e3, load_resistance=10e3)
    1.6666666666666665
    """
    v = _quantity(supply_voltage, name="supply_voltage", unit="V")
    return _out(v * divider_ratio(top_resistance=top_resistance, bottom_resistance=bottom_resistance,
                                  load_resistance=load_resistance))


class Divider(NamedTuple):
    """Everything about one voltage divider (V, A, W, Ω)."""

    output_voltage: Quantity
    top_current: Quantity
    bottom_current: Quantity
    load_current: Quantity
    power: Quantity
    output_resistance: Quantity


def divider(*, supply_voltage: ArrayLike | str, top_resistance: ArrayLike | str,
            bottom_resistance: ArrayLike | str, load_resistance: ArrayLike | str | None = None) -> Divider:
    """Solve a voltage divider completely: output voltage, every current, power.

    Parameters
    ----------
    supply_voltage : float or array_like or str
        Supply [V].
    top_resistance, bottom_resistance : float or array_like or str
        The two resistors [Ω].
    load_resistance : float or array_like or str, optional
        Load on the output [Ω]; None for none.

    Returns
    -------
    Divider
        ``output_voltage`` [V]; ``top_current``, ``bottom_current``, ``load_current``
        [A]; ``power`` drawn from the supply [W]; ``output_resistance`` seen by the
        load, :math:`R_1 \\parallel R_2` [Ω].

    Notes
    -----
    Kirchhoff's current law at the output node: :math:`I_{top} = I_{bottom} + I_{load}`.

    Examples
    --------
    >>> d = divider(supply_voltage=12, top_resistance=1000, bottom_resistance=2000, load_resistance=2000)
    >>> d.output_voltage, d.top_current, d.bottom_current + d.load_current
    (6.0, 0.006, 0.006)
    """
    v = _quantity(supply_voltage, name="supply_voltage", unit="V")
    r1 = _resistance(top_resistance, name="top_resistance")
    r2 = _resistance(bottom_resistance, name="bottom_resistance")
    rl = _load(load_resistance)
    out = v * divider_ratio(top_resistance=r1, bottom_resistance=r2, load_resistance=rl)
    i_top = (v - out) / r1
    i_bottom = out / r2
    i_load = out / rl if rl is not None else np.zeros_like(out)
    return Divider(output_voltage=_out(out), top_current=_out(i_top), bottom_current=_out(i_bottom),
                   load_current=_out(i_load), power=_out(v * i_top),
                   output_resistance=_out(r1 * r2 / (r1 + r2)))


def divider_output_resistance(*, top_resistance: ArrayLike | str, bottom_resistance: ArrayLike | str) -> Quantity:
    """Resistance a load sees looking into a divider's output (its Thévenin resistance).

    Notes
    -----
    :math:`R_{out} = R_1 \\parallel R_2`. A load much bigger than this (10× or more)
    barely changes the output voltage.

    Examples
    --------
    >>> divider_output_resistance(top_resistance=10e3, bottom_resistance=10e3)
    5000.0
    """
    return parallel([top_resistance, bottom_resistance])


def potentiometer(*, supply_voltage: ArrayLike | str, total_resistance: ArrayLike | str,
                  position: ArrayLike, load_resistance: ArrayLike | str | None = None) -> Quantity:
    """Wiper voltage of a potentiometer used as a divider.

    Parameters
    ----------
    supply_voltage : float or array_like or str
        Voltage across the whole track [V].
    total_resistance : float or array_like or str
        Track resistance, end to end [Ω] (a "10k pot").
    position : float or array_like
        Wiper position from 0 (at the ground end) to 1 (at the supply end).
    load_resistance : float or array_like or str, optional
        Load from the wiper to ground [Ω].

    Returns
    -------
    float or ndarray
        Wiper voltage [V].

    Notes
    -----
    A linear pot is a divider with :math:`R_2 = xR` and :math:`R_1 = (1-x)R`.
    Without a load the output is simply :math:`x V_{in}`.

    Examples
    --------
    >>> potentiometer(supply_voltage=5, total_resistance="10k", position=0.5)
    2.5
    >>> potentiometer(supply_voltage=5, total_resistance="10k", position=0.5, load_resistance="10k")
    2.0
    """
    v = _quantity(supply_voltage, name="supply_voltage", unit="V")
    r = _resistance(total_resistance, name="total_resistance")
    x = _quantity(position, name="position", unit="")
    if np.any((x < 0) | (x > 1)):
        bad = x[(x < 0) | (x > 1)].flat[0]
        raise ValueError(_("position must be between 0 and 1 (ground end to supply end), got {value}").format(
            value=format_number(bad)))
    r2 = x * r
    r1 = r - r2
    rl = _load(load_resistance)
    if rl is not None:
        r2 = r2 * rl / (r2 + rl)
    return _out(v * r2 / (r1 + r2))


def current_divider(*, total_current: ArrayLike | str, resistances: ArrayLike) -> np.ndarray:
    """How a current splits between resistors in parallel.

    Parameters
    ----------
    total_current : float or array_like or str
        Current into the parallel group [A].
    resistances : sequence of float or str
        The parallel branches [Ω].

    Returns
    -------
    ndarray
        Current in each branch [A], in the same order; they add up to the total.

    Notes
    -----
    :math:`I_k = I \\, G_k / \\sum_j G_j` with :math:`G = 1/R`: the smallest
    resistance takes the biggest share.

    Examples
    --------
    >>> current_divider(total_current=0.03, resistances=[100, 200])
    array([0.02, 0.01])
    """
    i = _quantity(total_current, name="total_current", unit="A")
    g = 1.0 / _resistances(resistances)
    return i * g / np.sum(g, axis=0)
