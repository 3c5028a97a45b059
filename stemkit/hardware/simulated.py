"""A simulated board: the same API as :class:`~stemkit.hardware.board.Board`, driven by the lessons' models.

For a class with no hardware, and for tests, :class:`SimulatedBoard` prints the CSV
lines the lessons' sketches would print, computed from the models of the rooms:

- :class:`Divider`: a :class:`~stemkit.electronics.Circuit` read on an analog pin
  (any circuit: a divider, a sensor divider, an LED with its resistor);
- :class:`Led`: an LED and its series resistor, the LED's anode read on an analog pin;
- :class:`Thermistor`: the 10 kΩ / NTC divider of lesson electronics-07, at a
  temperature that may change with time (a cup of water cooling down);
- :class:`UltrasonicTarget`: an HC-SR04 pointed at a wall, as the sketch of lesson
  robotics-04 reports it (0 for a missed echo);
- :class:`Button`, :class:`PwmFilter` and :class:`Encoder`: the press counter of
  electronics-06, the PWM steps through an RC filter of electronics-08 and -09, and the
  wheel encoders of robotics-03.

The bytes go through the same reader as a real board's, so a simulated board can also
show the faults of the bench: ``unplug_after=`` (the cable is pulled out),
``garble=`` (some lines scrambled) and ``sketch_baudrate=`` (the sketch talks at another
speed: the computer then receives what a UART really makes of it, see :func:`uart_misread`).

>>> board = SimulatedBoard(Thermistor(temperature=25.0), speed=100, seed=1)
>>> data = board.read(lines=5)
>>> data.columns, len(data), data["t_ms"].tolist(), int(round(data["a0"].mean()))
(['t_ms', 'a0'], 5, [0.0, 1000.0, 2000.0, 3000.0, 4000.0], 512)
"""

from __future__ import annotations

import threading
import time as _time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from stemkit.electronics.arduino import adc_counts
from stemkit.hardware.board import DEFAULT_BAUDRATE, Board
from stemkit.i18n import _
from stemkit.validate import positive

__all__ = ["SimulatedBoard", "SimulatedPort", "Model", "Divider", "Led", "Thermistor", "UltrasonicTarget",
           "Button", "PwmFilter", "Encoder", "default_model", "uart_misread"]

Schedule = float | Callable[[float], float]


def _at(value: Schedule, time: float) -> float:
    return float(value(time)) if callable(value) else float(value)


def _pin(pin: str) -> str:
    name = str(pin).lower()
    if name not in {f"a{i}" for i in range(6)}:
        raise ValueError(_("pin must be an analog pin a0 ... a5, got {value!r}").format(value=pin))
    return name


def _adc(voltage: float, reference_voltage: float, noise_counts: float, rng: np.random.Generator) -> int:
    v = min(max(voltage, 0.0), reference_voltage * 1023 / 1024)
    counts = int(adc_counts(voltage=v, reference_voltage=reference_voltage))
    if noise_counts:
        counts += int(round(rng.normal(0.0, noise_counts)))
    return int(min(max(counts, 0), 1023))


class Model:
    """What a simulated board measures: named columns, how often, and their values at a time.

    Subclasses set ``columns`` and ``period`` [s] and implement :meth:`values`.
    """

    columns: tuple[str, ...] = ()
    period: float = 1.0

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:  # pragma: no cover
        """The values printed at ``time`` [s] (one per column)."""
        raise NotImplementedError

    def format(self, values: Sequence[float]) -> list[str]:
        """The values as the sketch prints them (whole numbers without a decimal point)."""
        return [str(int(v)) if float(v).is_integer() else f"{v:.1f}" for v in values]


class Divider(Model):
    """Any circuit read by ``analogRead`` on one pin: the DC voltage of ``node``, in counts.

    Parameters
    ----------
    circuit : stemkit.electronics.Circuit
        The circuit on the breadboard (with its supply).
    node : str
        The node wired to the analog pin.
    pin : str
        ``"a0"`` ... ``"a5"``: the column name.
    reference_voltage : float
        The ADC's reference [V].
    noise_counts : float
        Standard deviation of the reading noise [counts].
    period : float
        Time between two lines [s].
    """

    def __init__(self, circuit: Any, *, node: str, pin: str = "a0", reference_voltage: float = 5.0,
                 noise_counts: float = 0.3, period: float = 1.0):
        self.circuit = circuit
        self.node = node
        self.columns = (_pin(pin),)
        self.reference_voltage = positive(reference_voltage, "reference_voltage", "V")
        self.noise_counts = float(noise_counts)
        self.period = positive(period, "period", "s")
        self.voltage = float(circuit.operating_point().voltage(node))

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        return (_adc(self.voltage, self.reference_voltage, self.noise_counts, rng),)


class Led(Divider):
    """An LED with its series resistor on ``supply_voltage``; the pin reads the LED's anode.

    >>> round(Led(colour="red", resistance=330).voltage, 2)
    1.91
    """

    def __init__(self, *, colour: str = "red", resistance: float | str = 330, supply_voltage: float = 5.0,
                 pin: str = "a0", noise_counts: float = 0.3, period: float = 1.0):
        from stemkit.electronics.circuit import Circuit

        c = Circuit(f"{colour} LED")
        c.add_voltage_source("V1", "5v", "0", supply_voltage)
        c.add_resistor("R1", "5v", "anode", resistance)
        c.add_led("D1", "anode", "0", colour)
        super().__init__(c, node="anode", pin=pin, noise_counts=noise_counts, period=period,
                         reference_voltage=5.0)


class Thermistor(Model):
    """The divider of lesson electronics-07: 5 V -> fixed resistor -> pin -> NTC -> GND.

    Parameters
    ----------
    temperature : float or callable
        The thermistor's temperature [°C], or a function of time [s] -> [°C].
    fixed_resistance, r25 : float
        [Ω]. ``r25`` is the NTC's resistance at 25 °C.
    beta : float
        The NTC's B value [K].
    pin : str
        Column name (``"a0"``).
    noise_counts : float
        Reading noise [counts].
    period : float
        Time between two lines [s] (the sketch's is 1 s).
    """

    def __init__(self, *, temperature: Schedule = 25.0, fixed_resistance: float = 10e3, r25: float = 10e3,
                 beta: float = 3950.0, supply_voltage: float = 5.0, pin: str = "a0", noise_counts: float = 0.3,
                 period: float = 1.0):
        self.temperature = temperature
        self.fixed_resistance = positive(fixed_resistance, "fixed_resistance", "Ω")
        self.r25 = positive(r25, "r25", "Ω")
        self.beta = positive(beta, "beta", "K")
        self.supply_voltage = positive(supply_voltage, "supply_voltage", "V")
        self.columns = (_pin(pin),)
        self.noise_counts = float(noise_counts)
        self.period = positive(period, "period", "s")
        self.voltage(0.0)   # a bad temperature shows now, not in the middle of a reading

    def voltage(self, time: float) -> float:
        """The pin's voltage at ``time`` [s] -> [V]."""
        from stemkit.electronics.sensors import ZERO_CELSIUS, ntc_resistance, sensor_divider

        r = ntc_resistance(temperature=_at(self.temperature, time) + ZERO_CELSIUS, r25=self.r25, beta=self.beta)
        return float(sensor_divider(supply_voltage=self.supply_voltage, sensor_resistance=r,
                                    fixed_resistance=self.fixed_resistance))

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        return (_adc(self.voltage(time), 5.0, self.noise_counts, rng),)


class UltrasonicTarget(Model):
    """An HC-SR04 facing a flat wall, printed as the robotics-04 sketch does.

    Parameters
    ----------
    distance : float or callable
        Distance to the wall [m], or a function of time [s] -> [m].
    temperature : float
        Air temperature [°C] (the speed of sound).
    noise_std : float
        Standard deviation of each reading [m].
    miss_probability : float
        Chance that an echo is missed (the sketch then prints 0).
    period : float
        Time between two lines [s] (the sketch: 60 ms plus the echo).
    """

    columns = ("echo_us", "distance_cm")

    def __init__(self, *, distance: Schedule = 0.5, temperature: float = 20.0, noise_std: float = 0.002,
                 miss_probability: float = 0.0, period: float = 0.065):
        from stemkit.robotics.sensors import UltrasonicSensor, speed_of_sound

        self.speed_of_sound = speed_of_sound(temperature)
        self.distance = distance
        self.temperature = float(temperature)
        self.sensor = UltrasonicSensor(noise_std=noise_std)
        if not 0.0 <= miss_probability <= 1.0:
            raise ValueError(_("miss_probability must be between 0 and 1, got {value}").format(value=miss_probability))
        self.miss_probability = float(miss_probability)
        self.period = positive(period, "period", "s")

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        d = _at(self.distance, time)
        wall = [(d, -1.0, d, 1.0)]
        reading = self.sensor.measure((0.0, 0.0, 0.0), wall, rng=rng)
        if rng.random() < self.miss_probability or reading >= self.sensor.max_range:
            return (0, 0.0)   # pulseIn timed out
        echo_us = int(2 * reading / self.speed_of_sound * 1e6)
        return (echo_us, round(echo_us / 58.0, 1))


class Button(Model):
    """The press counter of lesson electronics-06: a button pressed every ``press_every`` seconds.

    Without a capacitor the contacts bounce and one press often counts two or more;
    with one from the pin to ground the count goes up by exactly one per press.

    Parameters
    ----------
    press_every : float
        Time between two presses [s].
    capacitance : float, optional
        The debounce capacitor from the pin to GND [F] (None: no capacitor).
    pull_up : float
        The pull-up resistor [Ω].
    bounce_mean : float
        Extra counts per press without debouncing, on average (the lesson's teacher notes:
        20 presses usually count as 22-40).

    Notes
    -----
    A press is debounced when the pin needs longer than a typical gap between bounces
    (0.5 ms) to charge back through the pull-up to the HIGH threshold of 3.0 V:
    ``t = R·C·ln(5 / (5 − 3))``, from :func:`stemkit.electronics.rc.time_to_reach`.
    """

    columns = ("presses",)
    BOUNCE_GAP = 0.5e-3   # s

    def __init__(self, *, press_every: float = 1.0, capacitance: float | None = None, pull_up: float = 10e3,
                 bounce_mean: float = 0.6):
        from stemkit.electronics.rc import time_to_reach

        self.period = positive(press_every, "press_every", "s")
        self.capacitance = None if capacitance is None else positive(capacitance, "capacitance", "F")
        self.debounced = self.capacitance is not None and time_to_reach(
            3.0, supply_voltage=5.0, resistance=positive(pull_up, "pull_up", "Ω"),
            capacitance=self.capacitance) > self.BOUNCE_GAP
        self.bounce_mean = float(bounce_mean)
        self.count = 0

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        if time > 0:
            self.count += 1 + (0 if self.debounced else int(rng.poisson(self.bounce_mean)))
        return (self.count,)


class PwmFilter(Model):
    """The PWM steps of lessons electronics-08 and -09: analogWrite values through an RC filter, read on A0.

    Parameters
    ----------
    values : sequence of int
        analogWrite values, one after the other (the sketch's 64, 128, 191, 0).
    step : float
        Time on each value [s].
    resistance, capacitance : float
        The filter [Ω], [F].
    noise_counts : float
        Reading noise [counts].
    period : float
        Time between two readings [s] (the sketch: about 2 ms).
    ripple : bool
        Include the filter's ripple at the PWM frequency (about 26 mV with 10 kΩ and
        10 µF, ten times more with 1 µF). Without it the output is the smooth average.
    frequency : float
        The PWM frequency [Hz] (about 490 Hz on pin 9), for the ripple.

    Notes
    -----
    The filter's output follows the PWM average ``D·5 V`` with time constant ``RC``
    (:func:`stemkit.electronics.rc.step_response`). With ``ripple=True`` it is the exact
    output of the RC filter driven by the square wave
    (:func:`stemkit.electronics.pwm.filtered_waveform`), each step's PWM starting with
    the step.
    """

    columns = ("pwm", "a0")

    def __init__(self, *, values: Sequence[int] = (64, 128, 191, 0), step: float = 1.0,
                 resistance: float = 10e3, capacitance: float = 10e-6, noise_counts: float = 0.3,
                 period: float = 0.002, ripple: bool = False, frequency: float | None = None):
        from stemkit.electronics import pwm, rc

        self._pwm, self._rc = pwm, rc
        self.steps = [int(v) for v in values]
        self.duties = [pwm.duty_from_analog_write(v) for v in self.steps]
        self.step = positive(step, "step", "s")
        self.resistance = positive(resistance, "resistance", "Ω")
        self.capacitance = positive(capacitance, "capacitance", "F")
        self.tau = rc.time_constant(resistance=resistance, capacitance=capacitance)
        self.noise_counts = float(noise_counts)
        self.period = positive(period, "period", "s")
        self.ripple = bool(ripple)
        self.frequency = positive(pwm.ARDUINO_PWM_FREQUENCY if frequency is None else frequency, "frequency", "Hz")
        self._step_starts = [0.0]     # the output at the start of each step [V]; the capacitor starts empty

    def _within_step(self, k: int, elapsed: float, start: float) -> float:
        duty = self.duties[k % len(self.steps)]
        if self.ripple:
            return float(self._pwm.filtered_waveform(elapsed, duty=duty, frequency=self.frequency, high_voltage=5.0,
                                                     resistance=self.resistance, capacitance=self.capacitance,
                                                     initial_voltage=start))
        target = self._pwm.average_voltage(duty=duty, high_voltage=5.0)
        return float(self._rc.step_response(elapsed, initial=start, final=target, time_constant=self.tau))

    def voltage(self, time: float) -> float:
        """The filter's output at ``time`` [s] -> [V] (the sketch repeats its steps)."""
        k_now = max(0, int(time // self.step))
        starts = self._step_starts
        while len(starts) <= k_now:   # each step starts where the one before ended
            k = len(starts) - 1
            starts.append(self._within_step(k, self.step, starts[k]))
        return self._within_step(k_now, max(0.0, time - k_now * self.step), starts[k_now])

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        value = self.steps[int(time // self.step) % len(self.steps)]
        return (value, _adc(self.voltage(time), 5.0, self.noise_counts, rng))


class Encoder(Model):
    """The two wheel encoders of lesson robotics-03, on wheels turning at given speeds.

    Parameters
    ----------
    left_speed, right_speed : float or callable
        Wheel speeds [rad/s], or functions of time [s] -> [rad/s] (integrated).
    ticks_per_revolution : int
        Slots on the encoder disc.
    period : float
        Time between two lines [s] (the sketch: 0.1 s).
    """

    columns = ("left_ticks", "right_ticks")

    def __init__(self, *, left_speed: Schedule = 12.0, right_speed: Schedule = 12.0,
                 ticks_per_revolution: int = 20, period: float = 0.1):
        from stemkit.robotics.odometry import encoder_ticks

        self._ticks = encoder_ticks
        self.left_speed, self.right_speed = left_speed, right_speed
        self.ticks_per_revolution = int(ticks_per_revolution)
        self.period = positive(period, "period", "s")
        self._angles = [0.0, 0.0]
        self._last = 0.0

    def values(self, time: float, rng: np.random.Generator) -> tuple[float, ...]:
        dt = time - self._last
        self._last = time
        for i, speed in enumerate((self.left_speed, self.right_speed)):
            self._angles[i] += _at(speed, time) * dt
        return tuple(int(self._ticks(a, ticks_per_revolution=self.ticks_per_revolution)) for a in self._angles)


def default_model() -> Model:
    """A 10 kΩ / 10 kΩ divider on 5 V, read on A0 ten times a second."""
    from stemkit.electronics.circuit import Circuit

    c = Circuit("10k / 10k divider")
    c.add_voltage_source("V1", "5v", "0", 5)
    c.add_resistor("R1", "5v", "a0", "10k")
    c.add_resistor("R2", "a0", "0", "10k")
    return Divider(c, node="a0", period=0.1)


# ---------------------------------------------------------------------------
# A UART at the wrong speed
# ---------------------------------------------------------------------------

def uart_misread(data: bytes, *, sent_baudrate: float, read_baudrate: float) -> bytes:
    """The bytes a UART reading at ``read_baudrate`` makes of ``data`` sent at ``sent_baudrate``.

    Each byte goes on the wire as a start bit (0), eight data bits (least significant
    first) and a stop bit (1), back to back; the line rests at 1. The receiver waits for
    a 1 -> 0 edge, then samples the middle of each of its own bit times. At the right
    speed the bytes come back unchanged; at the wrong one they turn into others, mostly
    not text, and some are lost or added.

    >>> uart_misread(b"12,34\\r\\n", sent_baudrate=9600, read_baudrate=9600)
    b'12,34\\r\\n'
    >>> uart_misread(b"12,34\\r\\n", sent_baudrate=9600, read_baudrate=115200)[:4]   # long zeros
    b'\\x00\\x00\\x00\\x00'
    >>> uart_misread(b"12,34\\r\\n", sent_baudrate=115200, read_baudrate=9600)        # bytes lost
    b'\\xf4'
    """
    sent = positive(sent_baudrate, "sent_baudrate", "baud")
    read = positive(read_baudrate, "read_baudrate", "baud")
    bits: list[int] = [1]
    for byte in data:
        bits += [0, *((byte >> k) & 1 for k in range(8)), 1]
    bits += [1]
    levels = np.array(bits, dtype=np.int8)
    falls = np.flatnonzero((levels[:-1] == 1) & (levels[1:] == 0)) + 1   # bit index of each 1 -> 0 edge
    fall_times = falls / sent

    def level(t: float) -> int:
        i = int(t * sent)
        return int(levels[i]) if i < len(levels) else 1

    out = bytearray()
    t = 0.0
    k = 0
    while True:
        k = int(np.searchsorted(fall_times, t - 1e-12))
        if k >= len(fall_times):
            break
        edge = fall_times[k]
        if level(edge + 0.5 / read) != 0:    # a glitch, not a start bit
            t = edge + 0.5 / read
            continue
        value = 0
        for b in range(8):
            value |= level(edge + (1.5 + b) / read) << b
        out.append(value)                     # a framing error still hands a byte over
        t = edge + 9.5 / read
    return bytes(out)


# ---------------------------------------------------------------------------
# The simulated port and board
# ---------------------------------------------------------------------------

class SimulatedPort:
    """A pyserial-like port whose bytes come from models, paced to (sped-up) real time.

    When the models take longer to compute a line than the simulated time it covers
    (a slow computer, a high ``speed``), the lines fall behind the clock instead of
    holding up the reader: at most :attr:`MAX_LINES_AT_ONCE` are made per read, and
    the rest follow in the next reads, none lost.

    Parameters
    ----------
    models : sequence of Model
        Their columns are printed side by side, every ``models[0].period`` seconds.
    speed : float
        Simulated seconds per real second (1 = real time).
    baudrate, sketch_baudrate : int
        The speed the computer reads at, and the one the sketch sends at [baud].
    seed : int, optional
        For the reading noise.
    unplug_after : float, optional
        Simulated time [s] at which the cable is pulled out.
    garble : float
        Fraction of lines scrambled on the way (0-1).
    """

    #: Lines made in one read at most, so that a reader is never held up making lines.
    MAX_LINES_AT_ONCE = 200

    def __init__(self, models: Sequence[Model], *, speed: float = 1.0, baudrate: int = DEFAULT_BAUDRATE,
                 sketch_baudrate: int = DEFAULT_BAUDRATE, seed: int | None = None,
                 unplug_after: float | None = None, garble: float = 0.0, timeout: float = 0.05):
        if not models:
            raise ValueError(_("a simulated board needs at least one model to measure"))
        self.models = list(models)
        self.speed = positive(speed, "speed", "simulated s per s")
        self.baudrate = baudrate
        self.sketch_baudrate = sketch_baudrate
        self.rng = np.random.default_rng(seed)
        self.unplug_after = unplug_after
        if not 0.0 <= garble <= 1.0:
            raise ValueError(_("garble must be a fraction between 0 and 1, got {value}").format(value=garble))
        self.garble = float(garble)
        self.timeout = timeout
        self.port = "simulated board"
        self.is_open = True
        self.period = min(m.period for m in self.models)
        self._t0 = _time.monotonic()
        self._boot = 0.0          # simulated time of the last reset [s]
        self._dtr = True
        self._next_line = 0
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._header_sent = False

    def now(self) -> float:
        """Simulated time since the board started [s]."""
        return (_time.monotonic() - self._t0) * self.speed

    @property
    def dtr(self) -> bool:
        return self._dtr

    @dtr.setter
    def dtr(self, value: bool) -> None:
        # Like an Uno: DTR going low and high again resets the board; the sketch starts over.
        if value and not self._dtr:
            with self._lock:
                self._boot = self.now()
                self._next_line = 0
                self._header_sent = False
                self._buffer.clear()
        self._dtr = bool(value)

    def _line(self, k: int) -> bytes:
        t = k * self.period
        fields = [str(int(round(t * 1000)))]
        for m in self.models:
            fields += m.format(m.values(t, self.rng))
        text = ",".join(fields)
        if self.garble and self.rng.random() < self.garble:
            text = self._scramble(text)
        return text.encode("latin-1") + b"\r\n"

    def _scramble(self, text: str) -> str:
        if self.rng.random() < 0.5:
            return text[: int(self.rng.integers(1, max(2, len(text))))]   # cut short
        i = int(self.rng.integers(0, len(text)))
        return text[:i] + chr(int(self.rng.integers(0x80, 0x100))) + text[i + 1:]

    def _produce(self) -> None:
        if not self.is_open:
            raise _port_error("port is closed")
        now = self.now()
        if self.unplug_after is not None and now >= self.unplug_after:
            self.is_open = False
            raise _port_error("device reports readiness to read but returned no data "
                              "(device disconnected or multiple access on port?)")
        chunk = bytearray()
        if not self._header_sent:
            self._header_sent = True
            columns = ["t_ms"] + [c for m in self.models for c in m.columns]
            chunk += (",".join(columns) + "\r\n").encode()
        made = 0
        while self._boot + self._next_line * self.period <= now and made < self.MAX_LINES_AT_ONCE:
            chunk += self._line(self._next_line)
            self._next_line += 1
            made += 1
        if chunk:
            if self.sketch_baudrate != self.baudrate:
                chunk = bytearray(uart_misread(bytes(chunk), sent_baudrate=self.sketch_baudrate,
                                               read_baudrate=self.baudrate))
            self._buffer += chunk

    @property
    def in_waiting(self) -> int:
        with self._lock:
            self._produce()
            return len(self._buffer)

    def read(self, size: int = 1) -> bytes:
        """Up to ``size`` bytes; waits up to ``timeout`` [s] of real time for the first."""
        deadline = _time.monotonic() + (self.timeout or 0.0)
        while True:
            with self._lock:
                self._produce()
                if self._buffer:
                    out = bytes(self._buffer[:size])
                    del self._buffer[:size]
                    return out
            remaining = deadline - _time.monotonic()
            if remaining <= 0:
                return b""
            due = (self._boot + self._next_line * self.period - self.now()) / self.speed
            _time.sleep(max(0.0005, min(remaining, due)))

    def reset_input_buffer(self) -> None:
        with self._lock:
            self._buffer.clear()

    def close(self) -> None:
        self.is_open = False


def _port_error(text: str) -> Exception:
    import serial

    return serial.SerialException(text)


class SimulatedBoard(Board):
    """A board that prints what a lesson's sketch would, from the lesson's models.

    Parameters
    ----------
    *models : Model
        What it measures; their columns are printed side by side
        (default: :func:`default_model`).
    speed : float
        Simulated seconds per real second: 1 for a class, more for tests.
    baudrate : int
        The speed the computer reads at [baud].
    sketch_baudrate : int
        The speed the simulated sketch sends at [baud] (set it differently to see a
        baud-rate mismatch).
    seed : int, optional
        For the reading noise.
    unplug_after : float, optional
        Pull the cable out after this much simulated time [s].
    garble : float
        Fraction of lines scrambled on the way (0-1).
    **options
        As for :class:`~stemkit.hardware.board.Board` (``autosave=``, ``columns=``, ...).
    """

    kind = "simulated board"

    def __init__(self, *models: Model, speed: float = 1.0, baudrate: int = DEFAULT_BAUDRATE,
                 sketch_baudrate: int = DEFAULT_BAUDRATE, seed: int | None = None,
                 unplug_after: float | None = None, garble: float = 0.0, **options: Any):
        port = SimulatedPort(models or [default_model()], speed=speed, baudrate=baudrate,
                             sketch_baudrate=sketch_baudrate, seed=seed, unplug_after=unplug_after, garble=garble)
        self._sim = port
        super().__init__("simulated board", baudrate=baudrate, _serial=port, **options)

    @property
    def models(self) -> list[Model]:
        """What the board measures."""
        return self._sim.models

    def describe(self) -> str:
        return _("simulated board")

    def _clock(self) -> float:
        return self._sim.now()

    def _can_change_baud(self) -> bool:
        return True

    def _set_baud(self, baudrate: int) -> None:
        self._sim.baudrate = baudrate

