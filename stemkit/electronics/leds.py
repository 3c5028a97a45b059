"""LEDs and diodes: the Shockley equation, typical LEDs, and the current-limiting resistor.

An LED lights when a current flows from its anode (+, long leg) to its cathode.
Its voltage hardly changes with the current (the *forward voltage*), so a series
resistor must set the current: :math:`R = (V_{supply} - V_F) / I`.

Typical LEDs (5 mm through-hole, forward voltage at 20 mA):

======  =====================  ======  ======  ======  =============
colour  part (datasheet)       V_F typ V_F max I max   wavelength
======  =====================  ======  ======  ======  =============
red     Kingbright WP7113ID    2.0 V   2.5 V   30 mA   627 nm
green   Kingbright WP7113GD    2.2 V   2.5 V   25 mA   568 nm
blue    Kingbright WP7113QBC/D 3.3 V   4.0 V   30 mA   465 nm
white   Cree C503D-WAN         3.2 V   4.0 V   30 mA   (broad)
======  =====================  ======  ======  ======  =============

The Shockley parameters of each model (ideality factor and series resistance)
are typical teaching values, not datasheet figures; the saturation current is
then fitted so the model passes through the datasheet's typical point.

Examples
--------
>>> r = led_resistor(supply_voltage=5, led="red", current=0.015)
>>> r.exact_resistance, r.resistance, round(r.current * 1000, 2)
(200.0, 220.0, 13.64)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from stemkit import units
from stemkit.electronics import ohm, resistors
from stemkit.electronics.ohm import Quantity, _out, _positive, _quantity, _resistance
from stemkit.i18n import _, format_number

__all__ = [
    "BOLTZMANN", "ELEMENTARY_CHARGE", "thermal_voltage", "diode_current", "diode_voltage",
    "LED", "LEDS", "UnknownLEDError", "get_led", "led_resistor", "LEDResistor", "operating_point", "OperatingPoint",
]

#: Boltzmann constant [J/K] (exact, SI 2019).
BOLTZMANN = 1.380649e-23
#: Elementary charge [C] (exact, SI 2019).
ELEMENTARY_CHARGE = 1.602176634e-19
_ROOM = 300.15  # 27 °C, SPICE's default temperature [K]


def thermal_voltage(temperature: float = _ROOM) -> float:
    """Thermal voltage :math:`V_T = k T / q` [V].

    Parameters
    ----------
    temperature : float
        Junction temperature [K].

    Examples
    --------
    >>> round(thermal_voltage(300.15), 6)
    0.025865
    """
    t = float(temperature)
    if not t > 0:
        raise ValueError(_("temperature must be > 0 K, got {value}").format(value=format_number(t)))
    return BOLTZMANN * t / ELEMENTARY_CHARGE


def _diode_params(saturation_current: float, ideality: float, series_resistance: float) -> None:
    if not saturation_current > 0:
        raise ValueError(_("saturation_current must be > 0 A, got {value}").format(
            value=format_number(saturation_current)))
    if not ideality > 0:
        raise ValueError(_("ideality must be > 0, got {value}").format(value=format_number(ideality)))
    if not series_resistance >= 0:
        raise ValueError(_("series_resistance must be >= 0 Ω, got {value}").format(
            value=format_number(series_resistance)))


def diode_voltage(*, current: ArrayLike | str, saturation_current: float, ideality: float = 1.0,
                  series_resistance: float = 0.0, temperature: float = _ROOM) -> Quantity:
    """Voltage across a diode carrying a forward current (Shockley equation, inverted).

    Parameters
    ----------
    current : float or array_like or str
        Forward current [A], > -saturation_current.
    saturation_current : float
        :math:`I_S` [A].
    ideality : float
        Ideality (emission) factor :math:`n`, about 1-2 for silicon, 2-4 for LEDs.
    series_resistance : float
        :math:`R_S` [Ω] of the contacts and bulk.
    temperature : float
        Junction temperature [K].

    Returns
    -------
    float or ndarray
        Voltage [V].

    Notes
    -----
    :math:`V = n V_T \\ln(I / I_S + 1) + I R_S`.

    Examples
    --------
    >>> round(diode_voltage(current=1e-3, saturation_current=1e-14), 4)
    0.6551
    """
    _diode_params(saturation_current, ideality, series_resistance)
    i = _quantity(current, name="current", unit="A")
    if np.any(i <= -saturation_current):
        raise ValueError(_("current must be > -saturation_current ({limit} A), got {value}").format(
            limit=format_number(-saturation_current), value=format_number(i[i <= -saturation_current].flat[0])))
    vt = ideality * thermal_voltage(temperature)
    return _out(vt * np.log1p(i / saturation_current) + i * series_resistance)


def diode_current(*, voltage: ArrayLike | str, saturation_current: float, ideality: float = 1.0,
                  series_resistance: float = 0.0, temperature: float = _ROOM) -> Quantity:
    """Current through a diode for a voltage across it (Shockley equation).

    Parameters
    ----------
    voltage : float or array_like or str
        Voltage from anode to cathode [V].
    saturation_current, ideality, series_resistance, temperature
        As in :func:`diode_voltage`.

    Returns
    -------
    float or ndarray
        Current [A].

    Notes
    -----
    :math:`I = I_S (e^{V_D / (n V_T)} - 1)` with :math:`V_D = V - I R_S`. With a
    series resistance the equation is solved for :math:`I` by bisection on the
    monotonic function :math:`V_D + R_S I(V_D) - V`, to machine precision.

    Examples
    --------
    >>> round(diode_current(voltage=0.6, saturation_current=1e-14) * 1e3, 4)
    0.1187
    """
    _diode_params(saturation_current, ideality, series_resistance)
    v = _quantity(voltage, name="voltage", unit="V")
    vt = ideality * thermal_voltage(temperature)
    if series_resistance == 0:
        return _out(saturation_current * np.expm1(v / vt))
    # Solve for the junction voltage vd in [min(v, 0) - 1, v]; g(vd) is increasing.
    lo = np.minimum(v, 0.0) - 1.0
    hi = np.array(v, dtype=float, copy=True)
    # keep exp() finite: the junction voltage can never exceed the current-limited value
    with np.errstate(over="ignore", divide="ignore"):  # an infinite bound or exp() only means "too far"
        cap = vt * np.log1p(np.maximum(v, 0) / series_resistance / saturation_current + 1.0)
        hi = np.minimum(hi, cap + 1e-12)
        lo = np.minimum(lo, hi)
        for _k in range(200):
            mid = 0.5 * (lo + hi)
            g = mid + series_resistance * saturation_current * np.expm1(mid / vt) - v
            lo = np.where(g < 0, mid, lo)
            hi = np.where(g < 0, hi, mid)
            if np.all(hi - lo <= 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(hi))):
                break
    vd = 0.5 * (lo + hi)
    return _out(saturation_current * np.expm1(vd / vt))


@dataclass(frozen=True)
class LED:
    """A light-emitting diode: datasheet figures plus a Shockley model through them.

    Attributes
    ----------
    colour : str
        "red", "green", "blue" or "white" (or your own).
    forward_voltage : float
        Typical forward voltage at ``test_current`` [V].
    forward_voltage_max : float
        Maximum forward voltage at ``test_current`` [V].
    test_current : float
        Current the datasheet quotes the forward voltage at [A].
    max_current : float
        Absolute maximum continuous forward current [A].
    wavelength : float or None
        Peak (or dominant) wavelength [m]; None for white.
    ideality : float
        Ideality factor of the model.
    series_resistance : float
        Series resistance of the model [Ω].
    source : str
        Datasheet the figures come from.
    """

    colour: str
    forward_voltage: float
    forward_voltage_max: float
    test_current: float
    max_current: float
    wavelength: float | None
    ideality: float
    series_resistance: float
    source: str

    @property
    def saturation_current(self) -> float:
        """:math:`I_S` [A] that puts the model through (test_current, forward_voltage)."""
        vd = self.forward_voltage - self.test_current * self.series_resistance
        return self.test_current / math.expm1(vd / (self.ideality * thermal_voltage()))

    def voltage(self, current: ArrayLike, *, temperature: float = _ROOM) -> Quantity:
        """Forward voltage of the model at ``current`` [A] -> [V]."""
        return diode_voltage(current=current, saturation_current=self.saturation_current,
                             ideality=self.ideality, series_resistance=self.series_resistance,
                             temperature=temperature)

    def current(self, voltage: ArrayLike, *, temperature: float = _ROOM) -> Quantity:
        """Current of the model at ``voltage`` [V] -> [A]."""
        return diode_current(voltage=voltage, saturation_current=self.saturation_current,
                             ideality=self.ideality, series_resistance=self.series_resistance,
                             temperature=temperature)


class UnknownLEDError(units.ReadingError, KeyError):
    """An LED colour the room does not know; the message names the ones it does."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class _LEDTable(dict):
    """The LED models by colour; ``LEDS["Red"]`` is the red one too, and an unknown colour names the known ones."""

    def __missing__(self, key: object) -> LED:
        folded = str(key).strip().lower()
        if folded != key and dict.__contains__(self, folded):
            return dict.__getitem__(self, folded)
        raise UnknownLEDError(_("unknown LED colour {colour!r}: choose one of {choices}").format(
            colour=key, choices=", ".join(self)))


#: Typical 5 mm LEDs, from the datasheets named in ``source``.
LEDS: dict[str, LED] = _LEDTable({
    "red": LED("red", 2.0, 2.5, 0.020, 0.030, 627e-9, 2.0, 5.0, "Kingbright WP7113ID datasheet"),
    "green": LED("green", 2.2, 2.5, 0.020, 0.025, 568e-9, 2.0, 5.0, "Kingbright WP7113GD datasheet"),
    "blue": LED("blue", 3.3, 4.0, 0.020, 0.030, 465e-9, 3.0, 10.0, "Kingbright WP7113QBC/D datasheet"),
    "white": LED("white", 3.2, 4.0, 0.020, 0.030, None, 3.0, 10.0, "Cree C503D-WAN datasheet"),
})


def get_led(led: str | LED) -> LED:
    """An :class:`LED` from its colour name (or the LED itself).

    Examples
    --------
    >>> get_led("red").forward_voltage
    2.0
    >>> get_led(" Red ").colour
    'red'
    """
    if isinstance(led, LED):
        return led
    key = str(led).strip().lower()
    if key not in LEDS:
        raise UnknownLEDError(_("unknown LED colour {colour!r}: choose one of {choices}, or give "
                                "forward_voltage=").format(colour=led, choices=", ".join(LEDS)))
    return LEDS[key]


class LEDResistor(NamedTuple):
    """A chosen current-limiting resistor and what it does (SI units)."""

    exact_resistance: float
    resistance: float
    current: float
    resistor_voltage: float
    resistor_power: float
    power_rating: float
    led_power: float

    def __str__(self) -> str:
        return _("use {r} ({rating} W rating): {i} through the LED, {p} in the resistor").format(
            r=units.format_si(self.resistance, "Ω"), rating=format_number(self.power_rating),
            i=units.format_si(self.current, "A"), p=units.format_si(self.resistor_power, "W"))


def led_resistor(*, supply_voltage: float | str, current: float | str, led: str | LED | None = None,
                 forward_voltage: float | str | None = None, series: str | None = "E12",
                 safety_factor: float = 2.0) -> LEDResistor:
    """Pick the current-limiting resistor for an LED.

    Parameters
    ----------
    supply_voltage : float or str
        Supply voltage [V], more than the forward voltage.
    current : float or str
        Wanted LED current [A], > 0 (10-20 mA for a 5 mm indicator LED).
    led : str or LED, optional
        ``"red"``, ``"green"``, ``"blue"``, ``"white"`` or an :class:`LED`; gives the
        forward voltage (and a check against its maximum current).
    forward_voltage : float or str, optional
        The LED's forward voltage [V], instead of ``led``.
    series : str or None
        Round up to this E-series ("E12" by default); None keeps the exact value.
    safety_factor : float
        Power rating at least this many times the resistor's power.

    Returns
    -------
    LEDResistor
        ``exact_resistance`` and the chosen ``resistance`` [Ω], the ``current`` it
        really gives [A], ``resistor_voltage`` [V], ``resistor_power`` and
        ``led_power`` [W], and the ``power_rating`` needed [W].

    Notes
    -----
    :math:`R = (V_{supply} - V_F) / I`, rounded **up** to a real part so the
    current stays at or below the target; then :math:`I = (V_{supply} - V_F)/R`,
    :math:`P_R = I^2 R`, :math:`P_{LED} = V_F I`.

    Examples
    --------
    >>> print(led_resistor(supply_voltage=9, forward_voltage=2.0, current=0.02))
    use 390 Ω (0.5 W rating): 17.9 mA through the LED, 126 mW in the resistor
    >>> led_resistor(supply_voltage=3.3, led="blue", current=0.01)
    Traceback (most recent call last):
    ...
    ValueError: the supply (3.3 V) must be above the LED's forward voltage (3.3 V): no voltage is left for the resistor
    """
    if (led is None) == (forward_voltage is None):
        raise ValueError(_("give either led= (a colour) or forward_voltage=, not both or neither"))
    model = get_led(led) if led is not None else None
    vf = model.forward_voltage if model is not None else float(_quantity(forward_voltage, name="forward_voltage",
                                                                          unit="V"))
    vs = float(_quantity(supply_voltage, name="supply_voltage", unit="V"))
    i = _quantity(current, name="current", unit="A")
    _positive(i, name="current", unit="A")
    i = float(i)
    if vf <= 0:
        raise ValueError(_("forward_voltage must be > 0 V, got {value}").format(value=format_number(vf)))
    if vs <= vf:
        raise ValueError(_("the supply ({supply} V) must be above the LED's forward voltage ({vf} V): "
                           "no voltage is left for the resistor").format(
                               supply=format_number(vs), vf=format_number(vf)))
    if model is not None and i > model.max_current:
        raise ValueError(_("current {value} is above the {colour} LED's maximum of {limit}: pick less").format(
            value=units.format_si(i, "A"), colour=model.colour, limit=units.format_si(model.max_current, "A")))
    v_r = vs - vf
    exact = v_r / i
    chosen = float(resistors.next_up(exact, series=series)) if series is not None else exact
    actual = v_r / chosen
    p_r = actual * actual * chosen
    return LEDResistor(exact_resistance=exact, resistance=chosen, current=actual, resistor_voltage=v_r,
                       resistor_power=p_r,
                       power_rating=float(ohm.required_power_rating(power=p_r, safety_factor=safety_factor)),
                       led_power=vf * actual)


class OperatingPoint(NamedTuple):
    """Where an LED and its resistor settle: current [A], LED voltage [V], resistor voltage [V]."""

    current: Quantity
    led_voltage: Quantity
    resistor_voltage: Quantity


def operating_point(*, supply_voltage: ArrayLike | str, resistance: ArrayLike | str, led: str | LED,
                    temperature: float = _ROOM) -> OperatingPoint:
    """Solve a supply, a resistor and an LED in series with the LED's Shockley model.

    Parameters
    ----------
    supply_voltage : float or array_like or str
        Supply [V].
    resistance : float or array_like or str
        Series resistor [Ω], > 0.
    led : str or LED
        The LED.
    temperature : float
        Junction temperature [K].

    Returns
    -------
    OperatingPoint
        Current [A], LED voltage [V] and resistor voltage [V].

    Notes
    -----
    Solves :math:`V_{supply} = V_{LED}(I) + I R` with the model
    :math:`V_{LED} = n V_T \\ln(I / I_S + 1) + I R_S`. In the junction voltage
    :math:`V_D = n V_T \\ln(I / I_S + 1)` this is
    :math:`g(V_D) = V_D + (R + R_S) I_S (e^{V_D / n V_T} - 1) - V_{supply} = 0`,
    convex and increasing, so Newton's method started above the root (at the smaller
    of :math:`V_{supply}` and :math:`n V_T \\ln(V_{supply} / ((R + R_S) I_S) + 1)`,
    both upper bounds) comes down onto it without overshooting, for every supply and
    resistor at once, to machine precision. Kirchhoff's voltage law
    ``led_voltage + resistor_voltage == supply_voltage`` then holds. A supply of 0 V or
    less gives no current. For one supply and one resistor, a current above the LED's
    maximum gives a :class:`~stemkit.electronics.circuit.RatingWarning`.

    Examples
    --------
    >>> p = operating_point(supply_voltage=5, resistance=150, led="red")
    >>> round(p.current * 1000, 1), round(p.led_voltage, 2)
    (20.0, 2.0)
    """
    model = get_led(led)
    vs = _quantity(supply_voltage, name="supply_voltage", unit="V")
    r = _resistance(resistance)
    vs, r = np.broadcast_arrays(np.asarray(vs, dtype=float), np.asarray(r, dtype=float))
    i_s, a, rs = model.saturation_current, model.ideality * thermal_voltage(temperature), model.series_resistance
    c = (r + rs) * i_s
    on = vs > 0
    v = np.where(on, vs, 1.0)   # a dead circuit is solved on a dummy supply, then given no current
    with np.errstate(over="ignore"):
        vd = np.minimum(v, a * np.log1p(v / c))
        for _k in range(100):
            grow = c * np.expm1(vd / a)
            step = (vd + grow - v) / (1.0 + (grow + c) / a)
            vd = vd - np.maximum(step, 0.0)   # from above the root only ever down, so no overshoot
            if np.all(step <= 4 * np.finfo(float).eps * np.maximum(np.abs(vd), a)):
                break
    i = np.where(on, i_s * np.expm1(vd / a), 0.0)
    v_led = np.asarray(model.voltage(i, temperature=temperature))
    if i.ndim == 0 and float(i) > model.max_current:
        # one circuit asked about (a sweep over many values explores on purpose and stays quiet)
        from stemkit.electronics.circuit import RatingWarning
        from stemkit.validate import warn

        warn(_("{current} flows through the {colour} LED, above its maximum of {limit}: a real one burns out. "
               "Use a larger resistor (led_resistor() finds its value).").format(
            current=units.format_si(float(i), "A"), colour=_(model.colour),
            limit=units.format_si(model.max_current, "A")), RatingWarning)
    return OperatingPoint(current=_out(i), led_voltage=_out(v_led), resistor_voltage=_out(i * r))
