"""A circuit a student can read: parts between named nodes, then ask for an analysis.

Build a circuit part by part, the way you would wire it on a breadboard::

    >>> from stemkit.electronics.circuit import Circuit
    >>> c = Circuit("voltage divider")
    >>> c.add_voltage_source("V1", "in", "0", "9")
    Circuit('voltage divider', 1 part)
    >>> c.add_resistor("R1", "in", "out", "10k")
    Circuit('voltage divider', 2 parts)
    >>> c.add_resistor("R2", "out", "gnd", "4k7")
    Circuit('voltage divider', 3 parts)
    >>> op = c.operating_point()
    >>> round(op.voltage("out"), 4)
    2.8776

Node ``"0"`` (or ``"gnd"``/``"GND"``) is ground, the 0 V reference. Values are
numbers in SI units or text as makers write them (``"4k7"``, ``"100n"``, ``"10 mH"``),
read by :func:`stemkit.units.parse`.

Sign conventions (the same as SPICE): every part has a first node and a second
node. Its voltage is ``v(first) - v(second)`` and its current is the current that
flows *through the part from the first node to the second*. A source that delivers
power therefore has a negative current and a negative absorbed power.

The analyses (modified nodal analysis) live in :mod:`stemkit.electronics.mna`;
:meth:`Circuit.operating_point`, :meth:`Circuit.transient`, :meth:`Circuit.ac` and
:meth:`Circuit.matrix_equation` call them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import N_, _, format_number
from stemkit.units import format_si, parse
from stemkit.validate import StemkitWarning

if TYPE_CHECKING:  # pragma: no cover
    from stemkit.electronics.mna import AcResult, MatrixEquation, OperatingPoint, TransientResult

__all__ = [
    "Circuit", "Part", "Analysis", "DC", "Pulse", "PWM", "Sine", "LED_MODELS", "DIODE_MODELS",
    "GROUND", "THERMAL_VOLTAGE_27C", "is_ground", "RatingWarning", "SHORT_CIRCUIT_CURRENT",
    "RESISTOR_POWER_LIMIT",
]

#: Names that mean the ground node.
GROUND: frozenset[str] = frozenset({"0", "gnd", "GND", "Gnd"})

#: Boltzmann constant [J/K] and elementary charge [C] (exact values, SI 2019).
BOLTZMANN = 1.380649e-23
ELEMENTARY_CHARGE = 1.602176634e-19
#: Thermal voltage kT/q at 27 °C (300.15 K), the temperature SPICE assumes [V].
THERMAL_VOLTAGE_27C = BOLTZMANN * 300.15 / ELEMENTARY_CHARGE

#: Diode models: saturation current IS [A], emission coefficient N, series resistance RS [Ω].
#: "default" is SPICE's default diode (IS = 1e-14 A, N = 1); "1N4148" is the widely
#: published SPICE model of that small-signal diode (IS = 2.52 nA, N = 1.752, RS = 0.568 Ω).
DIODE_MODELS: dict[str, dict[str, float]] = {
    "default": {"saturation_current": 1e-14, "emission_coefficient": 1.0, "series_resistance": 0.0},
    "1N4148": {"saturation_current": 2.52e-9, "emission_coefficient": 1.752, "series_resistance": 0.568},
}


def _led_models() -> dict[str, dict[str, Any]]:
    # One LED model for the whole room: the datasheet LEDs of stemkit.electronics.leds.
    from stemkit.electronics.leds import LEDS

    return {
        colour: {"saturation_current": led.saturation_current, "emission_coefficient": led.ideality,
                 "series_resistance": led.series_resistance, "forward_voltage": led.forward_voltage,
                 "test_current": led.test_current, "source": led.source}
        for colour, led in LEDS.items()
    }


#: LED models by colour: the typical 5 mm LEDs of :data:`stemkit.electronics.leds.LEDS`
#: (Kingbright and Cree datasheets), as Shockley diodes with a series resistance whose
#: saturation current puts them through the datasheet's typical forward voltage at
#: its test current (20 mA).
LED_MODELS: dict[str, dict[str, Any]] = _led_models()

PartKind = Literal["R", "V", "I", "C", "L", "D", "S"]

#: Above this current [A] a bench circuit burns a wire, a part or the supply: the analyses warn.
SHORT_CIRCUIT_CURRENT = 10.0
#: A resistor given no ``power_rating`` is checked against the largest common
#: through-hole rating [W] (:data:`stemkit.electronics.ohm.POWER_RATINGS`).
RESISTOR_POWER_LIMIT = 5.0


class RatingWarning(StemkitWarning):
    """A part in a circuit carries more than a real one survives (a short circuit, an LED without its
    resistor, a resistor or a pin pushed past its rating). The result is computed; the bench would burn."""

_KIND_WORDS = {
    "R": N_("resistor"), "V": N_("voltage source"), "I": N_("current source"), "C": N_("capacitor"),
    "L": N_("inductor"), "D": N_("diode"), "S": N_("switch"),
}


def is_ground(node: str) -> bool:
    """True when ``node`` names the ground node (``"0"``, ``"gnd"``).

    >>> is_ground("gnd"), is_ground("out")
    (True, False)
    """
    return node in GROUND


# ---------------------------------------------------------------------------
# Source waveforms
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DC:
    """A constant value [V or A].

    >>> DC(5.0).value([0.0, 1.0])
    array([5., 5.])
    """

    level: float

    def value(self, time: ArrayLike) -> NDArray[np.float64]:
        """The waveform at ``time`` [s]."""
        t = np.asarray(time, dtype=float)
        return np.full(t.shape, float(self.level))

    def to_spice(self) -> str:
        """The SPICE source value text."""
        return f"DC {_spice_number(self.level)}"

    def edges(self, stop_time: float) -> list[float]:
        """Times where the waveform jumps (none)."""
        return []


@dataclass(frozen=True)
class Pulse:
    """A SPICE-style pulse: ``low`` until ``delay``, ramps to ``high`` in ``rise``,
    stays for ``width``, ramps back in ``fall``; repeats every ``period`` (0 = once).

    Parameters
    ----------
    low, high : float
        The two levels [V or A].
    delay, rise, fall, width, period : float
        Times [s]. ``rise = 0`` or ``fall = 0`` is an instant jump.

    Notes
    -----
    Within one period, with :math:`\\tau = (t - t_d) \\bmod T`: low before the
    delay, then a linear ramp for :math:`0 \\le \\tau < t_r`, high for
    :math:`t_r \\le \\tau < t_r + w`, a linear ramp down for the fall time, then low.

    Examples
    --------
    >>> p = Pulse(low=0, high=5, delay=1e-3, width=2e-3, period=4e-3)
    >>> p.value([0.0, 1.5e-3, 3.5e-3, 5.5e-3])
    array([0., 5., 0., 5.])
    """

    low: float = 0.0
    high: float = 5.0
    delay: float = 0.0
    rise: float = 0.0
    fall: float = 0.0
    width: float = 1e-3
    period: float = 0.0

    def __post_init__(self) -> None:
        for name in ("delay", "rise", "fall", "width", "period"):
            v = float(getattr(self, name))
            if not math.isfinite(v) or v < 0:
                raise ValueError(_("pulse {name} must be >= 0 s, got {value}").format(name=name, value=v))
        if self.period and self.rise + self.width + self.fall > self.period * (1 + 1e-12):
            raise ValueError(_("pulse rise + width + fall ({total} s) must fit in the period ({period} s)").format(
                total=format_number(self.rise + self.width + self.fall), period=format_number(self.period)))

    def value(self, time: ArrayLike) -> NDArray[np.float64]:
        """The waveform at ``time`` [s]."""
        t = np.asarray(time, dtype=float)
        tau = t - self.delay
        if self.period > 0:
            tau = np.where(tau >= 0, np.mod(tau, self.period), tau)
            # Float noise can put a time a hair before a period boundary.
            tau = np.where(np.isclose(tau, self.period, rtol=0, atol=1e-12 * self.period), 0.0, tau)
        out = np.full(t.shape, float(self.low))
        span = self.high - self.low
        r, w, f = self.rise, self.width, self.fall
        eps = 1e-12 * max(self.period, r + w + f, 1e-12)
        if r > 0:
            m = (tau >= 0) & (tau < r)
            out[m] = self.low + span * tau[m] / r
        hi = (tau >= r - eps) & (tau < r + w - eps)
        out[hi] = self.high
        if f > 0:
            m = (tau >= r + w - eps) & (tau < r + w + f)
            out[m] = self.high - span * (tau[m] - r - w) / f
        return out

    def to_spice(self) -> str:
        """The SPICE ``PULSE(...)`` text.

        SPICE has no instant edge: a zero rise or fall becomes 1 ns (less for pulses
        shorter than 10 µs). Much shorter edges make ngspice step past the edge.
        """
        edge = min(1e-9, 1e-4 * min(x for x in (self.width, self.period or self.width, 1.0) if x > 0))
        r = self.rise or edge
        f = self.fall or edge
        per = self.period or 1e30
        vals = [self.low, self.high, self.delay, r, f, self.width, per]
        return "PULSE(" + " ".join(_spice_number(v) for v in vals) + ")"

    def edges(self, stop_time: float) -> list[float]:
        """Times where the waveform changes slope, up to ``stop_time`` [s]."""
        out: list[float] = []
        start = self.delay
        while start <= stop_time:
            out += [start, start + self.rise, start + self.rise + self.width,
                    start + self.rise + self.width + self.fall]
            if not self.period:
                break
            start += self.period
        return [t for t in out if t <= stop_time]


@dataclass(frozen=True)
class PWM:
    """A pulse-width-modulated square wave, like Arduino's ``analogWrite``.

    Parameters
    ----------
    frequency : float
        PWM frequency [Hz] (an Arduino Uno uses about 490 Hz on most pins).
    duty : float
        Fraction of each period spent high, 0 to 1.
    high, low : float
        The two levels [V].
    delay : float
        Start of the first period [s].

    Examples
    --------
    >>> s = PWM(frequency=1000, duty=0.25, high=5)
    >>> s.value([0.0, 0.0002, 0.0003, 0.0012])
    array([5., 5., 0., 5.])
    """

    frequency: float = 490.0
    duty: float = 0.5
    high: float = 5.0
    low: float = 0.0
    delay: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.frequency) and self.frequency > 0):
            raise ValueError(_("PWM frequency must be > 0 Hz, got {value}").format(value=self.frequency))
        if not (0.0 <= self.duty <= 1.0):
            raise ValueError(_("PWM duty must be between 0 and 1, got {value}").format(value=self.duty))

    @property
    def period(self) -> float:
        """One period 1/f [s]."""
        return 1.0 / self.frequency

    def as_pulse(self) -> Pulse:
        """The same wave as a :class:`Pulse` with instant edges."""
        return Pulse(low=self.low, high=self.high, delay=self.delay, width=self.duty * self.period,
                     period=self.period)

    def value(self, time: ArrayLike) -> NDArray[np.float64]:
        """The waveform at ``time`` [s]."""
        t = np.asarray(time, dtype=float)
        if self.duty >= 1.0:
            return np.where(t >= self.delay, float(self.high), float(self.low))
        if self.duty <= 0.0:
            return np.full(t.shape, float(self.low))
        return self.as_pulse().value(t)

    def to_spice(self) -> str:
        """The SPICE ``PULSE(...)`` text for this PWM wave."""
        return self.as_pulse().to_spice()

    def edges(self, stop_time: float) -> list[float]:
        """Times where the wave jumps, up to ``stop_time`` [s]."""
        return self.as_pulse().edges(stop_time)


@dataclass(frozen=True)
class Sine:
    """A sine wave ``offset + amplitude·sin(2π·f·(t - delay) + phase)`` (``offset`` before ``delay``).

    Parameters
    ----------
    offset, amplitude : float
        [V or A].
    frequency : float
        [Hz].
    delay : float
        [s].
    phase_deg : float
        Phase [°].

    Examples
    --------
    >>> Sine(offset=1, amplitude=2, frequency=50).value([0.0, 0.005])
    array([1., 3.])
    """

    offset: float = 0.0
    amplitude: float = 1.0
    frequency: float = 50.0
    delay: float = 0.0
    phase_deg: float = 0.0

    def value(self, time: ArrayLike) -> NDArray[np.float64]:
        """The waveform at ``time`` [s]."""
        from stemkit.units import to_radians

        t = np.asarray(time, dtype=float)
        phase = to_radians(self.phase_deg, "deg")
        wave = self.offset + self.amplitude * np.sin(2 * np.pi * self.frequency * (t - self.delay) + phase)
        return np.where(t >= self.delay, wave, float(self.offset))

    def to_spice(self) -> str:
        """The SPICE ``SIN(...)`` text."""
        vals = [self.offset, self.amplitude, self.frequency, self.delay, 0.0, self.phase_deg]
        return "SIN(" + " ".join(_spice_number(v) for v in vals) + ")"

    def edges(self, stop_time: float) -> list[float]:
        """Times where the wave is not smooth (its start)."""
        return [self.delay] if 0 < self.delay <= stop_time else []


Waveform = DC | Pulse | PWM | Sine


def _spice_number(value: float) -> str:
    # Plain exponent form: SPICE reads "1M" as milli, so never write prefixes.
    return f"{float(value):.12g}"


# ---------------------------------------------------------------------------
# Parts
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One part of a circuit.

    Attributes
    ----------
    kind : str
        ``"R"`` resistor, ``"V"`` voltage source, ``"I"`` current source, ``"C"``
        capacitor, ``"L"`` inductor, ``"D"`` diode or LED, ``"S"`` switch.
    name : str
        Its label, like ``"R1"``.
    nodes : tuple of str
        (first node, second node). For a diode: (anode, cathode); for a voltage
        source: (+, -); for a current source: the current flows out of the source
        into the *second* node (SPICE: from first to second through the source).
    value : float
        Resistance [Ω], DC voltage [V], DC current [A], capacitance [F],
        inductance [H]; NaN for diodes and switches.
    params : dict
        Extra settings: ``waveform``, ``ac`` (sources); ``initial_voltage``
        (capacitor) [V]; ``initial_current`` (inductor) [A]; ``saturation_current``
        [A], ``emission_coefficient``, ``series_resistance`` [Ω], ``model``,
        ``colour`` (diodes); ``closed``, ``events``, ``on_resistance``,
        ``off_resistance`` (switches).
    """

    kind: str
    name: str
    nodes: tuple[str, str]
    value: float
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    def describe(self) -> str:
        """A short human description, like ``'R1: resistor 330 Ω from a to b'``."""
        word = _(_KIND_WORDS[self.kind])
        unit = {"R": "Ω", "V": "V", "I": "A", "C": "F", "L": "H"}.get(self.kind)
        if self.kind == "D":
            what = self.params.get("colour")
            word = _("{colour} LED").format(colour=_(what)) if what else word
            amount = ""
        elif self.kind == "S":
            amount = _("closed") if self.params.get("closed") else _("open")
        elif self.kind in ("V", "I") and not isinstance(self.params.get("waveform"), DC):
            amount = type(self.params["waveform"]).__name__
        else:
            amount = format_si(self.value, unit or "")
        return _("{name}: {kind} {amount} from {first} to {second}").format(
            name=self.name, kind=word, amount=amount, first=self.nodes[0], second=self.nodes[1]
        ).replace("  ", " ")


@dataclass(frozen=True)
class Analysis:
    """One analysis a circuit should run: ``kind`` (``"op"``, ``"transient"``, ``"ac"``) and the
    keyword arguments of the matching method; ``line`` is the netlist line it came from, if any."""

    kind: str
    options: dict[str, Any] = field(default_factory=dict)
    line: str = ""


_WORD = re.compile(r"[^\s]+\Z")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _WORD.match(name):
        raise ValueError(_("a part name must be a word like 'R1' with no spaces, got {name!r}").format(name=name))
    return name


def _check_node(node: Any, part: str) -> str:
    if isinstance(node, int) and not isinstance(node, bool):
        node = str(node)
    if not isinstance(node, str) or not _WORD.match(node):
        raise ValueError(_("{part}: a node name must be a word like 'out' or '0', got {node!r}").format(
            part=part, node=node))
    return "0" if node in GROUND else node


def _value(text: Any, *, part: str, quantity: str, unit: str) -> float:
    try:
        v = parse(text, unit=unit)
    except ValueError as exc:
        raise ValueError(_("{part}: {quantity}: {error}").format(part=part, quantity=_(quantity), error=exc)) from None
    if not math.isfinite(v):
        raise ValueError(_("{part}: {quantity} must be a finite number, got {value}").format(
            part=part, quantity=_(quantity), value=text))
    return v


def _positive(text: Any, *, part: str, quantity: str, unit: str) -> float:
    v = _value(text, part=part, quantity=quantity, unit=unit)
    if v <= 0:
        raise ValueError(_("{part}: {quantity} must be > 0 {unit}, got {value}").format(
            part=part, quantity=_(quantity), unit=unit, value=format_number(v)))
    if not math.isfinite(1.0 / v):
        # the simulator divides by it (a conductance, C/h): 1/v must still be a number
        raise ValueError(_("{part}: {quantity} {value} {unit} is too small to compute with (below 1e-308 {unit})").format(
            part=part, quantity=_(quantity), value=format_number(v), unit=unit))
    return v


def _waveform(value: Any, *, part: str, unit: str) -> Waveform:
    if isinstance(value, (Pulse, PWM, Sine, DC)):
        return value
    return DC(_value(value, part=part, quantity=N_("value"), unit=unit))


# ---------------------------------------------------------------------------
# The circuit
# ---------------------------------------------------------------------------

class Circuit:
    """A circuit: named parts connected between named nodes.

    Parameters
    ----------
    title : str
        A name for the circuit, shown in its netlist and schematic.

    Examples
    --------
    >>> c = Circuit("LED")
    >>> _ = c.add_voltage_source("V1", "5v", "0", 5)
    >>> _ = c.add_resistor("R1", "5v", "a", "150")
    >>> _ = c.add_led("D1", "a", "0", colour="red")
    >>> op = c.operating_point()
    >>> round(op.current("R1") * 1000, 1)   # mA: (5 V - 2.0 V) / 150 Ω
    20.0
    >>> print(c)
    * LED
    V1 5v 0 DC 5
    R1 5v a 150
    D1 a 0 D_D1
    .model D_D1 D(IS=2.23721678868e-18 N=2 RS=5)
    .options temp=27 tnom=27
    .end
    """

    def __init__(self, title: str = "") -> None:
        self.title = str(title)
        self.parts: dict[str, Part] = {}
        self._upper: dict[str, str] = {}
        #: The analyses to run, in order (from a netlist's ``.op``, ``.tran`` and ``.ac`` lines); see :meth:`run`.
        self.analyses: list[Analysis] = []

    # -- adding parts -------------------------------------------------------
    def _add(self, part: Part) -> Circuit:
        # SPICE ignores case, so "r1" and "R1" would be the same part there.
        key = part.name.upper()
        if key in self._upper:
            raise ValueError(_("there is already a part named {name!r}: give each part its own name").format(
                name=self._upper[key]))
        self.parts[part.name] = part
        self._upper[key] = part.name
        return self

    def add(self, kind: str, name: str, node1: str, node2: str, value: Any = None, **params: Any) -> Circuit:
        """Add a part by kind: ``"resistor"``/``"R"``, ``"capacitor"``/``"C"``, ...

        >>> Circuit().add("resistor", "R1", "a", "0", "1k").parts["R1"].value
        1000.0
        >>> Circuit().add("transistor", "Q1", "a", "0")
        Traceback (most recent call last):
        ...
        ValueError: unknown part kind 'transistor' for Q1: stemkit knows resistor (R), capacitor (C), inductor (L), voltage source (V), current source (I), diode (D), LED, switch (S)
        """
        methods = {
            "r": self.add_resistor, "resistor": self.add_resistor,
            "c": self.add_capacitor, "capacitor": self.add_capacitor,
            "l": self.add_inductor, "inductor": self.add_inductor,
            "v": self.add_voltage_source, "voltage source": self.add_voltage_source,
            "i": self.add_current_source, "current source": self.add_current_source,
            "d": self.add_diode, "diode": self.add_diode, "led": self.add_led,
            "s": self.add_switch, "switch": self.add_switch,
        }
        method = methods.get(str(kind).strip().lower())
        if method is None:
            raise ValueError(_("unknown part kind {kind!r} for {name}: stemkit knows resistor (R), capacitor (C), "
                               "inductor (L), voltage source (V), current source (I), diode (D), LED, switch (S)"
                               ).format(kind=kind, name=name))
        if value is None:
            return method(name, node1, node2, **params)
        return method(name, node1, node2, value, **params)

    def add_resistor(self, name: str, node1: str, node2: str, resistance: Any, *,
                     power_rating: Any = None) -> Circuit:
        """Add a resistor of ``resistance`` [Ω] (``330``, ``"4k7"``, ``"10 kΩ"``).

        ``power_rating`` [W] (``0.25`` for the common 1/4 W resistor) makes the
        analyses warn when the resistor turns more power into heat; without it they
        warn above :data:`RESISTOR_POWER_LIMIT` (5 W).

        >>> Circuit().add_resistor("R1", "a", "b", "-5")
        Traceback (most recent call last):
        ...
        ValueError: R1: resistance must be > 0 Ω, got -5
        """
        name = _check_name(name)
        nodes = (_check_node(node1, name), _check_node(node2, name))
        r = _positive(resistance, part=name, quantity=N_("resistance"), unit="Ω")
        params = {} if power_rating is None else {
            "power_rating": _positive(power_rating, part=name, quantity=N_("power rating"), unit="W")}
        return self._add(Part("R", name, nodes, r, params))

    def add_voltage_source(self, name: str, positive: str, negative: str, voltage: Any = 0.0, *,
                           ac: float = 0.0, max_current: Any = None) -> Circuit:
        """Add a voltage source: ``voltage`` [V] is a number, text (``"5"``), or a
        waveform (:class:`Pulse`, :class:`PWM`, :class:`Sine`). ``ac`` is its
        amplitude in an AC sweep [V].

        ``max_current`` [A] is the most the source may give, such as an Arduino pin's
        :data:`stemkit.electronics.arduino.PIN_MAX_CURRENT` (40 mA); the analyses warn
        above it."""
        name = _check_name(name)
        nodes = (_check_node(positive, name), _check_node(negative, name))
        wave = _waveform(voltage, part=name, unit="V")
        dc = float(wave.value(0.0))
        params: dict[str, Any] = {"waveform": wave, "ac": _value(ac, part=name, quantity=N_("AC amplitude"), unit="V")}
        if max_current is not None:
            params["max_current"] = _positive(max_current, part=name, quantity=N_("maximum current"), unit="A")
        return self._add(Part("V", name, nodes, dc, params))

    def add_current_source(self, name: str, node_from: str, node_to: str, current: Any = 0.0, *,
                           ac: float = 0.0) -> Circuit:
        """Add a current source pushing ``current`` [A] out of its terminal ``node_to``
        (SPICE convention: the current flows from ``node_from`` through the source
        to ``node_to``)."""
        name = _check_name(name)
        nodes = (_check_node(node_from, name), _check_node(node_to, name))
        wave = _waveform(current, part=name, unit="A")
        ac_value = _value(ac, part=name, quantity=N_("AC amplitude"), unit="A")
        return self._add(Part("I", name, nodes, float(wave.value(0.0)), {"waveform": wave, "ac": ac_value}))

    def add_capacitor(self, name: str, node1: str, node2: str, capacitance: Any, *,
                      initial_voltage: float | None = None) -> Circuit:
        """Add a capacitor of ``capacitance`` [F] (``"100n"``, ``"10 µF"``); its
        ``initial_voltage`` [V] is used by ``transient(initial="given")``."""
        name = _check_name(name)
        nodes = (_check_node(node1, name), _check_node(node2, name))
        c = _positive(capacitance, part=name, quantity=N_("capacitance"), unit="F")
        params = {} if initial_voltage is None else {
            "initial_voltage": _value(initial_voltage, part=name, quantity=N_("initial voltage"), unit="V")}
        return self._add(Part("C", name, nodes, c, params))

    def add_inductor(self, name: str, node1: str, node2: str, inductance: Any, *,
                     initial_current: float | None = None) -> Circuit:
        """Add an inductor of ``inductance`` [H]; ``initial_current`` [A] (from
        ``node1`` to ``node2``) is used by ``transient(initial="given")``."""
        name = _check_name(name)
        nodes = (_check_node(node1, name), _check_node(node2, name))
        ind = _positive(inductance, part=name, quantity=N_("inductance"), unit="H")
        params = {} if initial_current is None else {
            "initial_current": _value(initial_current, part=name, quantity=N_("initial current"), unit="A")}
        return self._add(Part("L", name, nodes, ind, params))

    def add_diode(self, name: str, anode: str, cathode: str, model: str = "default", *,
                  saturation_current: float | None = None, emission_coefficient: float | None = None,
                  series_resistance: float | None = None) -> Circuit:
        """Add a diode (Shockley model) from ``anode`` to ``cathode``.

        Parameters
        ----------
        model : str
            A name from :data:`DIODE_MODELS` (``"default"``, ``"1N4148"``) or an
            LED colour from :data:`LED_MODELS`.
        saturation_current : float, optional
            IS [A].
        emission_coefficient : float, optional
            N (ideality factor), about 1 to 2 for silicon diodes, 2 or more for LEDs.
        series_resistance : float, optional
            RS [Ω].

        Notes
        -----
        :math:`I = I_S\\,(e^{V/(N V_T)} - 1)` with :math:`V_T = kT/q` at 27 °C.
        """
        name = _check_name(name)
        nodes = (_check_node(anode, name), _check_node(cathode, name))
        key = str(model)
        table = {**DIODE_MODELS, **LED_MODELS}
        match = next((k for k in table if k.lower() == key.lower()), None)
        if match is None:
            raise ValueError(_("{part}: unknown diode model {model!r}; choose one of {models}").format(
                part=name, model=model, models=", ".join(table)))
        params: dict[str, Any] = dict(table[match])
        params["model"] = match
        if match in LED_MODELS:
            params["colour"] = match
        for key2, given in (("saturation_current", saturation_current),
                            ("emission_coefficient", emission_coefficient)):
            if given is not None:
                params[key2] = _positive(given, part=name, quantity=key2.replace("_", " "), unit="")
        if series_resistance is not None:
            rs = _value(series_resistance, part=name, quantity=N_("series resistance"), unit="Ω")
            if rs < 0:
                raise ValueError(_("{part}: series resistance must be >= 0 Ω, got {value}").format(
                    part=name, value=format_number(rs)))
            params["series_resistance"] = rs
        return self._add(Part("D", name, nodes, float("nan"), params))

    def add_led(self, name: str, anode: str, cathode: str, colour: str = "red") -> Circuit:
        """Add an LED of ``colour`` (``"red"``, ``"green"``, ``"blue"``, ``"white"``).

        >>> Circuit().add_led("D1", "a", "0", colour="purple")
        Traceback (most recent call last):
        ...
        ValueError: D1: unknown LED colour 'purple'; choose one of red, green, blue, white
        """
        if str(colour).lower() not in LED_MODELS:
            raise ValueError(_("{part}: unknown LED colour {colour!r}; choose one of {colours}").format(
                part=name, colour=colour, colours=", ".join(LED_MODELS)))
        return self.add_diode(name, anode, cathode, str(colour).lower())

    def add_switch(self, name: str, node1: str, node2: str, *, closed: bool = False,
                   events: Iterable[tuple[float, bool]] = (), on_resistance: float = 0.01,
                   off_resistance: float = 1e9) -> Circuit:
        """Add a switch, ``closed`` or open at the start.

        Parameters
        ----------
        events : list of (time, closed)
            In a transient, the switch closes (True) or opens (False) at each time [s].
        on_resistance, off_resistance : float
            Its resistance closed and open [Ω] (a real contact is not perfect).
        """
        name = _check_name(name)
        nodes = (_check_node(node1, name), _check_node(node2, name))
        ron = _positive(on_resistance, part=name, quantity=N_("on resistance"), unit="Ω")
        roff = _positive(off_resistance, part=name, quantity=N_("off resistance"), unit="Ω")
        evs = []
        for item in events:
            try:
                t, state = item
            except (TypeError, ValueError):
                raise ValueError(_("{part}: each switch event is (time, closed), got {item!r}").format(
                    part=name, item=item)) from None
            t = _value(t, part=name, quantity=N_("event time"), unit="s")
            if t < 0:
                raise ValueError(_("{part}: event time must be >= 0 s, got {value}").format(part=name, value=t))
            evs.append((t, bool(state)))
        evs.sort(key=lambda e: e[0])
        return self._add(Part("S", name, nodes, float("nan"), {
            "closed": bool(closed), "events": tuple(evs), "on_resistance": ron, "off_resistance": roff}))

    # -- looking at it --------------------------------------------------------
    def part(self, name: str) -> Part:
        """The part called ``name`` (an error lists the parts when there is none)."""
        if name in self.parts:
            return self.parts[name]
        if str(name).upper() in self._upper:
            return self.parts[self._upper[str(name).upper()]]
        raise KeyError(_("there is no part named {name!r} in this circuit; its parts are {names}").format(
            name=name, names=", ".join(self.parts) or _("(none)")))

    @property
    def nodes(self) -> list[str]:
        """Every node name, ground (``"0"``) first, then in the order they appear."""
        seen: dict[str, None] = {"0": None}
        for p in self.parts.values():
            for n in p.nodes:
                seen.setdefault(n, None)
        return list(seen)

    def __len__(self) -> int:
        return len(self.parts)

    def __repr__(self) -> str:
        n = len(self.parts)
        return f"Circuit({self.title!r}, {n} part{'s' if n != 1 else ''})"

    def __str__(self) -> str:
        return self.to_spice()

    def describe(self) -> str:
        """One line per part, in plain words."""
        lines = [self.title] if self.title else []
        lines += [p.describe() for p in self.parts.values()]
        return "\n".join(lines)

    def to_spice(self, analysis: str | Sequence[str] = ()) -> str:
        """The circuit as a SPICE netlist (see :func:`stemkit.electronics.spice.to_spice`)."""
        from stemkit.electronics.spice import to_spice

        return to_spice(self, analysis=analysis)

    def copy(self) -> Circuit:
        """An independent copy."""
        c = Circuit(self.title)
        c.parts = dict(self.parts)
        c._upper = dict(self._upper)
        c.analyses = list(self.analyses)
        return c

    def with_part(self, part: Part) -> Circuit:
        """A copy in which ``part`` replaces the part of the same name."""
        c = self.copy()
        c.parts[self.part(part.name).name] = part
        return c

    # -- analyses -------------------------------------------------------------
    def operating_point(self, **options: Any) -> OperatingPoint:
        """DC operating point (see :func:`stemkit.electronics.mna.operating_point`)."""
        from stemkit.electronics.mna import operating_point

        return operating_point(self, **options)

    def matrix_equation(self, **options: Any) -> MatrixEquation:
        """The DC equations A·x = b (see :func:`stemkit.electronics.mna.matrix_equation`)."""
        from stemkit.electronics.mna import matrix_equation

        return matrix_equation(self, **options)

    def transient(self, **options: Any) -> TransientResult:
        """Time simulation (see :func:`stemkit.electronics.mna.transient`)."""
        from stemkit.electronics.mna import transient

        return transient(self, **options)

    def ac(self, **options: Any) -> AcResult:
        """AC small-signal sweep (see :func:`stemkit.electronics.mna.ac_sweep`)."""
        from stemkit.electronics.mna import ac_sweep

        return ac_sweep(self, **options)

    def add_analysis(self, kind: str, **options: Any) -> Circuit:
        """Add an analysis for :meth:`run`: ``"op"``, ``"transient"`` (``stop_time=``, ``time_step=``, ...)
        or ``"ac"`` (``frequencies=`` or ``start=``, ``stop=``, ``points_per_decade=``).

        >>> c = Circuit().add_analysis("transient", stop_time=1e-3, time_step=1e-6)
        >>> c.analyses[0].kind
        'transient'
        """
        words = {"op": "op", "dc": "op", "operating point": "op", "transient": "transient", "tran": "transient",
                 "ac": "ac"}
        key = words.get(str(kind).strip().lower())
        if key is None:
            raise ValueError(_("analysis must be 'op', 'transient' or 'ac', got {kind!r}").format(kind=kind))
        if key == "transient" and not {"stop_time", "time_step"} <= set(options):
            raise ValueError(_("a transient analysis needs stop_time= and time_step= [s]"))
        self.analyses.append(Analysis(key, dict(options)))
        return self

    def run(self) -> list[Any]:
        """Run the analyses the circuit holds (a netlist's ``.op``, ``.tran``, ``.ac`` lines), in order.

        Returns
        -------
        list
            One result per analysis: :class:`~stemkit.electronics.mna.OperatingPoint`,
            :class:`~stemkit.electronics.mna.TransientResult` or
            :class:`~stemkit.electronics.mna.AcResult`.

        Examples
        --------
        >>> from stemkit.electronics.netlist import parse_netlist
        >>> c = parse_netlist("V1 in 0 5\\nR1 in out 1k\\nR2 out 0 1k\\n.op")
        >>> [op] = c.run()
        >>> op.voltage("out")
        2.5
        """
        if not self.analyses:
            raise ValueError(_("this circuit has no analyses to run: add a .op, .tran or .ac line to its netlist, "
                               "or call operating_point(), transient() or ac()"))
        methods = {"op": self.operating_point, "transient": self.transient, "ac": self.ac}
        return [methods[a.kind](**a.options) for a in self.analyses]

    # -- pictures -------------------------------------------------------------
    def _repr_svg_(self) -> str | None:
        try:
            from stemkit.electronics.schematic import schematic_svg

            return schematic_svg(self)
        except Exception:  # a picture must never break a notebook cell
            return None
