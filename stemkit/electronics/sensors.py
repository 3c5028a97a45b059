"""Resistive sensors: NTC thermistors, photoresistors (LDRs) and the divider that reads them.

Temperatures are in kelvin (SI); ``ZERO_CELSIUS`` converts: ``T = t_C + 273.15``.

The NTC defaults describe the common "10k 3950" thermistor of Arduino kits
(MF52-type beads and probes specified as 10 kΩ at 25 °C, B = 3950 K; 3D-printer
hot ends use the same B with 100 kΩ). The photoresistor defaults follow the GL5528
CdS cell datasheet: 10-20 kΩ at 10 lux (15 kΩ used), γ = 0.6, about 1 MΩ dark.

Examples
--------
>>> round(ntc_resistance(temperature=25 + ZERO_CELSIUS))
10000
>>> round(ntc_temperature(resistance=10e3) - ZERO_CELSIUS, 6)
25.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.electronics import arduino, networks
from stemkit.electronics.ohm import Quantity, _out, _positive, _quantity, _resistance
from stemkit.i18n import _, format_number

__all__ = [
    "ZERO_CELSIUS", "ntc_resistance", "ntc_temperature", "steinhart_hart_temperature",
    "steinhart_hart_resistance", "steinhart_hart_coefficients", "ldr_resistance", "ldr_illuminance",
    "sensor_divider", "sensor_resistance", "best_fixed_resistance", "ntc_table", "thermistor_log",
    "ldr_log",
]

#: 0 °C in kelvin.
ZERO_CELSIUS = 273.15
_T25 = 25.0 + ZERO_CELSIUS


def _temperature(value: ArrayLike, name: str = "temperature") -> NDArray[np.float64]:
    t = _quantity(value, name=name, unit="K")
    if np.any(t <= 0):
        bad = t[t <= 0].flat[0]
        raise ValueError(_("{quantity} must be > 0 K (kelvin; add 273.15 to °C), got {value}").format(
            quantity=name, value=format_number(bad)))
    return t


# -- NTC thermistor -------------------------------------------------------------------
def ntc_resistance(*, temperature: ArrayLike, r25: float = 10e3, beta: float = 3950.0,
                   t25: float = _T25) -> Quantity:
    """Resistance of an NTC thermistor at a temperature (B-parameter equation).

    Parameters
    ----------
    temperature : float or array_like
        Temperature [K].
    r25 : float
        Resistance at ``t25`` [Ω] (the "10k" of a 10k thermistor).
    beta : float
        B constant [K] from the datasheet (3950 K for the common "3950" type).
    t25 : float
        Reference temperature [K], 298.15 K = 25 °C.

    Returns
    -------
    float or ndarray
        Resistance [Ω]; it falls as the temperature rises (negative temperature coefficient).

    Notes
    -----
    :math:`R(T) = R_{25} \\exp\\left(B \\left(\\frac{1}{T} - \\frac{1}{T_{25}}\\right)\\right)`.

    Examples
    --------
    >>> round(ntc_resistance(temperature=ZERO_CELSIUS))
    33621
    """
    t = _temperature(temperature)
    r0 = float(_resistance(r25, name="r25"))
    b = _quantity(beta, name="beta", unit="K")
    _positive(b, name="beta", unit="K")
    return _out(r0 * np.exp(b * (1.0 / t - 1.0 / float(t25))))


def ntc_temperature(*, resistance: ArrayLike | str, r25: float = 10e3, beta: float = 3950.0,
                    t25: float = _T25) -> Quantity:
    """Temperature of an NTC thermistor from its resistance (B-parameter equation, inverted).

    Parameters
    ----------
    resistance : float or array_like or str
        Measured resistance [Ω].
    r25, beta, t25
        As in :func:`ntc_resistance`.

    Returns
    -------
    float or ndarray
        Temperature [K].

    Notes
    -----
    :math:`\\frac{1}{T} = \\frac{1}{T_{25}} + \\frac{1}{B}\\ln\\frac{R}{R_{25}}`.

    Examples
    --------
    >>> round(ntc_temperature(resistance=3588) - ZERO_CELSIUS, 2)
    50.0
    """
    r = _resistance(resistance)
    r0 = float(_resistance(r25, name="r25"))
    b = float(beta)
    if not b > 0:
        raise ValueError(_("beta must be > 0 K, got {value}").format(value=format_number(b)))
    return _out(1.0 / (1.0 / float(t25) + np.log(r / r0) / b))


def steinhart_hart_temperature(*, resistance: ArrayLike | str, a: float, b: float, c: float) -> Quantity:
    """Temperature from resistance with the Steinhart–Hart equation.

    Parameters
    ----------
    resistance : float or array_like or str
        Resistance [Ω].
    a, b, c : float
        Steinhart–Hart coefficients [1/K] (from :func:`steinhart_hart_coefficients`
        or a datasheet).

    Returns
    -------
    float or ndarray
        Temperature [K].

    Notes
    -----
    :math:`1/T = A + B \\ln R + C (\\ln R)^3` (Steinhart and Hart, 1968).

    Examples
    --------
    >>> a, b, c = 1.009249522e-3, 2.378405444e-4, 2.019202697e-7  # a widely used 10k set
    >>> round(steinhart_hart_temperature(resistance=10e3, a=a, b=b, c=c) - ZERO_CELSIUS, 2)
    24.68
    """
    x = np.log(_resistance(resistance))
    return _out(1.0 / (a + b * x + c * x**3))


def steinhart_hart_resistance(*, temperature: ArrayLike, a: float, b: float, c: float) -> Quantity:
    """Resistance at a temperature from the Steinhart–Hart equation (solved exactly).

    Notes
    -----
    With :math:`x = \\ln R`, :math:`C x^3 + B x + (A - 1/T) = 0` has one real root
    when :math:`B, C > 0`:
    :math:`x = \\sqrt[3]{-q/2 + s} + \\sqrt[3]{-q/2 - s}`, :math:`s = \\sqrt{q^2/4 + p^3/27}`,
    :math:`p = B/C`, :math:`q = (A - 1/T)/C`.

    Examples
    --------
    >>> a, b, c = 1.009249522e-3, 2.378405444e-4, 2.019202697e-7
    >>> round(steinhart_hart_resistance(temperature=24.68 + ZERO_CELSIUS, a=a, b=b, c=c), -1)
    10000.0
    """
    t = _temperature(temperature)
    if not (b > 0 and c > 0):
        raise ValueError(_("Steinhart-Hart b and c must be > 0 for an NTC, got b={b}, c={c}").format(
            b=format_number(b), c=format_number(c)))
    p = b / c
    q = (a - 1.0 / t) / c
    s = np.sqrt(q * q / 4.0 + p**3 / 27.0)
    x = np.cbrt(-q / 2.0 + s) + np.cbrt(-q / 2.0 - s)
    return _out(np.exp(x))


def steinhart_hart_coefficients(*, resistances: ArrayLike, temperatures: ArrayLike) -> tuple[float, float, float]:
    """Steinhart–Hart coefficients A, B, C from three (or more) calibration points.

    Parameters
    ----------
    resistances : array_like
        Resistances [Ω] at the calibration points.
    temperatures : array_like
        Temperatures [K] at the same points.

    Returns
    -------
    (float, float, float)
        A, B, C [1/K]. Three points give the exact solution; more are fitted by
        least squares.

    Notes
    -----
    Solves :math:`[1, \\ln R_i, (\\ln R_i)^3] \\cdot [A, B, C]^T = 1/T_i`.

    Examples
    --------
    >>> t = np.array([0.0, 25.0, 50.0]) + ZERO_CELSIUS
    >>> a, b, c = steinhart_hart_coefficients(resistances=ntc_resistance(temperature=t), temperatures=t)
    >>> round(steinhart_hart_temperature(resistance=10e3, a=a, b=b, c=c) - ZERO_CELSIUS, 6)
    25.0
    """
    r = np.atleast_1d(_resistance(resistances, name="resistances"))
    t = np.atleast_1d(_temperature(temperatures, name="temperatures"))
    if r.shape != t.shape or r.ndim != 1:
        raise ValueError(_("resistances and temperatures must be two lists of the same length, got {a} and {b}").format(
            a=r.shape, b=t.shape))
    if r.size < 3:
        raise ValueError(_("Steinhart-Hart needs at least 3 calibration points, got {count}").format(count=r.size))
    x = np.log(r)
    matrix = np.column_stack([np.ones_like(x), x, x**3])
    scale = np.linalg.norm(matrix, axis=0)  # equal column sizes keep the solve well conditioned
    coef, *_rest = np.linalg.lstsq(matrix / scale, 1.0 / t, rcond=None)
    coef = coef / scale
    return float(coef[0]), float(coef[1]), float(coef[2])


# -- photoresistor ---------------------------------------------------------------------
def ldr_resistance(*, illuminance: ArrayLike, r10: float = 15e3, gamma: float = 0.6) -> Quantity:
    """Resistance of a CdS photoresistor (LDR) at an illuminance.

    Parameters
    ----------
    illuminance : float or array_like
        Light on the cell [lx] (a lit room: 100-500 lx; overcast daylight: 1000+ lx).
    r10 : float
        Resistance at 10 lx [Ω] (GL5528: 10-20 kΩ).
    gamma : float
        Slope of the log-log curve (GL5528: about 0.6).

    Returns
    -------
    float or ndarray
        Resistance [Ω]; less light, more resistance.

    Notes
    -----
    :math:`R = R_{10} (E / 10\\,\\text{lx})^{-\\gamma}`: a straight line on log-log axes.

    Examples
    --------
    >>> round(ldr_resistance(illuminance=100))
    3768
    """
    e = _quantity(illuminance, name="illuminance", unit="lx")
    _positive(e, name="illuminance", unit="lx")
    r0 = float(_resistance(r10, name="r10"))
    return _out(r0 * (e / 10.0) ** (-float(gamma)))


def ldr_illuminance(*, resistance: ArrayLike | str, r10: float = 15e3, gamma: float = 0.6) -> Quantity:
    """Illuminance [lx] from a photoresistor's resistance (inverse of :func:`ldr_resistance`).

    Notes
    -----
    :math:`E = 10\\,\\text{lx} \\, (R / R_{10})^{-1/\\gamma}`.

    Examples
    --------
    >>> round(ldr_illuminance(resistance=15e3), 6)
    10.0
    """
    r = _resistance(resistance)
    if not gamma > 0:
        raise ValueError(_("gamma must be > 0, got {value}").format(value=format_number(gamma)))
    return _out(10.0 * (r / float(r10)) ** (-1.0 / float(gamma)))


# -- the divider that reads a sensor ------------------------------------------------------
def sensor_divider(*, supply_voltage: ArrayLike | str, sensor_resistance: ArrayLike | str,
                   fixed_resistance: ArrayLike | str, sensor_position: str = "bottom") -> Quantity:
    """Output voltage of a resistive sensor in a divider with a fixed resistor.

    Parameters
    ----------
    supply_voltage : float or array_like or str
        Divider supply [V] (the Arduino's 5 V).
    sensor_resistance : float or array_like or str
        Sensor resistance now [Ω].
    fixed_resistance : float or array_like or str
        The fixed resistor [Ω].
    sensor_position : {"bottom", "top"}
        Where the sensor sits: between the output and ground ("bottom") or between
        the supply and the output ("top").

    Returns
    -------
    float or ndarray
        Output voltage [V], to an analog pin.

    Notes
    -----
    Sensor at the bottom: :math:`V = V_s R_{sensor} / (R_{fixed} + R_{sensor})`.

    Examples
    --------
    >>> sensor_divider(supply_voltage=5, sensor_resistance=10e3, fixed_resistance=10e3)
    2.5
    >>> sensor_divider(supply_voltage=5, sensor_resistance=30e3, fixed_resistance=10e3, sensor_position="top")
    1.25
    """
    if sensor_position == "bottom":
        return networks.voltage_divider(supply_voltage=supply_voltage, top_resistance=fixed_resistance,
                                        bottom_resistance=sensor_resistance)
    if sensor_position == "top":
        return networks.voltage_divider(supply_voltage=supply_voltage, top_resistance=sensor_resistance,
                                        bottom_resistance=fixed_resistance)
    raise ValueError(_("sensor_position must be 'bottom' or 'top', got {value!r}").format(value=sensor_position))


def sensor_resistance(*, output_voltage: ArrayLike | str, supply_voltage: ArrayLike | str,
                      fixed_resistance: ArrayLike | str, sensor_position: str = "bottom") -> Quantity:
    """The sensor's resistance from the divider's output voltage (inverse of :func:`sensor_divider`).

    Notes
    -----
    Sensor at the bottom: :math:`R_{sensor} = R_{fixed} V / (V_s - V)`; at the top:
    :math:`R_{sensor} = R_{fixed} (V_s - V) / V`.

    Examples
    --------
    >>> sensor_resistance(output_voltage=2.5, supply_voltage=5, fixed_resistance=10e3)
    10000.0
    """
    v = _quantity(output_voltage, name="output_voltage", unit="V")
    vs = _quantity(supply_voltage, name="supply_voltage", unit="V")
    rf = _resistance(fixed_resistance, name="fixed_resistance")
    if np.any((v <= 0) | (v >= vs)):
        bad = np.broadcast_to(v, np.broadcast(v, vs).shape)[np.broadcast_to((v <= 0) | (v >= vs), np.broadcast(v, vs).shape)].flat[0]
        raise ValueError(_("output_voltage must be between 0 V and the supply (not equal), got {value} V: "
                           "at the ends the sensor is open or shorted").format(value=format_number(bad)))
    if sensor_position == "bottom":
        return _out(rf * v / (vs - v))
    if sensor_position == "top":
        return _out(rf * (vs - v) / v)
    raise ValueError(_("sensor_position must be 'bottom' or 'top', got {value!r}").format(value=sensor_position))


def best_fixed_resistance(*, sensor_min: float | str, sensor_max: float | str) -> float:
    """The fixed resistor that gives the biggest output swing over a sensor's range.

    Parameters
    ----------
    sensor_min, sensor_max : float or str
        The sensor's smallest and largest resistance in use [Ω].

    Returns
    -------
    float
        :math:`\\sqrt{R_{min} R_{max}}` [Ω] (not rounded to a series value).

    Notes
    -----
    The swing :math:`V_s\\,(R_{max}/(R_f+R_{max}) - R_{min}/(R_f+R_{min}))` is largest
    where its derivative in :math:`R_f` vanishes: :math:`R_f^2 = R_{min} R_{max}`.

    Examples
    --------
    >>> best_fixed_resistance(sensor_min=1e3, sensor_max=100e3)
    10000.0
    """
    lo = float(_resistance(sensor_min, name="sensor_min"))
    hi = float(_resistance(sensor_max, name="sensor_max"))
    return float(np.sqrt(lo * hi))


# -- tables and logs for the lessons --------------------------------------------------------
def ntc_table(*, r25: float = 10e3, beta: float = 3950.0, start_c: int = -40, stop_c: int = 125,
              step_c: int = 5) -> dict[str, NDArray[np.float64]]:
    """Resistance–temperature table of an NTC from the B-parameter equation.

    Returns
    -------
    dict
        ``temperature_c`` [°C] and ``resistance_ohm`` [Ω].

    Examples
    --------
    >>> t = ntc_table(start_c=0, stop_c=50, step_c=25)
    >>> t["temperature_c"].tolist(), [round(r) for r in t["resistance_ohm"]]
    ([0.0, 25.0, 50.0], [33621, 10000, 3588])
    """
    tc = np.arange(start_c, stop_c + step_c / 2, step_c, dtype=float)
    return {"temperature_c": tc,
            "resistance_ohm": np.asarray(ntc_resistance(temperature=tc + ZERO_CELSIUS, r25=r25, beta=beta))}


def thermistor_log(*, seed: int = 2024, samples: int = 60, supply_voltage: float = 5.0,
                   fixed_resistance: float = 10e3) -> dict[str, NDArray]:
    """A synthetic log of a 10k/3950 NTC read by an Arduino, next to a reference thermometer.

    The thermistor sits at the bottom of a divider with ``fixed_resistance`` on top,
    read by a 10-bit ADC with a 5 V reference. The probe and a reference
    thermometer sit in a cup of hot water cooling in a 15 °C room for 30 minutes,
    from 60 °C to about 21 °C. The thermistor's true B is 3950 K but its R25 is 3 % high, as a
    real ±5 % part may be; the reference thermometer reads to ±0.1 °C, and the ADC
    adds about one count of noise.

    Parameters
    ----------
    seed : int
        Seed of the random generator (the dataset uses 2024).
    samples : int
        Number of rows.

    Returns
    -------
    dict
        ``time_s`` [s], ``reference_c`` [°C] and ``adc_counts`` (integers 0-1023).
    """
    rng = np.random.default_rng(seed)
    time_s = np.arange(samples, dtype=float) * 30.0
    true_c = 15.0 + 45.0 * np.exp(-time_s / 900.0)
    r = np.asarray(ntc_resistance(temperature=true_c + ZERO_CELSIUS, r25=10.3e3, beta=3950.0))
    v = np.asarray(sensor_divider(supply_voltage=supply_voltage, sensor_resistance=r,
                                  fixed_resistance=fixed_resistance))
    noisy_v = v + rng.normal(0.0, 0.8 * supply_voltage / 1024, size=samples)
    counts = np.asarray(arduino.adc_counts(voltage=np.clip(noisy_v, 0, supply_voltage),
                                           reference_voltage=supply_voltage))
    reference = np.round(true_c + rng.normal(0.0, 0.05, size=samples), 1)
    return {"time_s": time_s, "reference_c": reference, "adc_counts": counts}


def ldr_log(*, seed: int = 7, samples: int = 40, supply_voltage: float = 5.0,
            fixed_resistance: float = 10e3) -> dict[str, NDArray]:
    """A synthetic log of a GL5528-like photoresistor read by an Arduino, next to a lux meter.

    The LDR sits at the top of a divider (more light, higher voltage) with
    ``fixed_resistance`` at the bottom. Illuminance steps from 2 lx (a dark box) to
    about 2000 lx (near a window). The cell follows :func:`ldr_resistance` with
    R10 = 14 kΩ and γ = 0.65, with 3 % scatter; the lux meter reads to 3 significant
    figures; the ADC is 10-bit with a 5 V reference.

    Returns
    -------
    dict
        ``illuminance_lx`` [lx] and ``adc_counts`` (integers 0-1023).
    """
    rng = np.random.default_rng(seed)
    lux = np.geomspace(2.0, 2000.0, samples)
    r = np.asarray(ldr_resistance(illuminance=lux, r10=14e3, gamma=0.65)) * rng.lognormal(0.0, 0.03, samples)
    v = np.asarray(sensor_divider(supply_voltage=supply_voltage, sensor_resistance=r,
                                  fixed_resistance=fixed_resistance, sensor_position="top"))
    counts = np.asarray(arduino.adc_counts(voltage=v, reference_voltage=supply_voltage))
    shown = np.array([float(f"{x:.3g}") for x in lux])
    return {"illuminance_lx": shown, "adc_counts": counts}
