"""Resistor values: IEC 60062 colour codes and IEC 60063 E-series.

The colour code is read and written in exact integer arithmetic: the value is a
whole number of significant digits times a power of ten, kept as a
:class:`fractions.Fraction` and rounded to a float only once at the end. Doing
the band maths in floating point gives ``56 * 0.1 = 5.6000000000000005`` for a
green-blue-gold resistor; here it is exactly the float ``5.6``.

Sources: IEC 60062:2016 *Marking codes for resistors and capacitors* (band
colours, multipliers down to pink = 10⁻³, tolerance and TCR letters) and
IEC 60063:2015 *Preferred number series for resistors and capacitors* (the E6 to
E192 values below). The tables are facts from those standards.

Examples
--------
>>> decode("yellow violet red gold").resistance
4700.0
>>> encode("4k7")
('yellow', 'violet', 'red', 'gold')
>>> decode(["green", "blue", "gold", "gold"]).resistance
5.6
>>> nearest(5000, series="E12")
4700.0
>>> next_up(300, series="E12")
330.0
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit import units
from stemkit.electronics.ohm import Quantity, _out, _quantity, _resistance
from stemkit.i18n import _, format_number

__all__ = [
    "COLOURS", "DIGITS", "MULTIPLIERS", "TOLERANCES", "TEMPERATURE_COEFFICIENTS",
    "E_SERIES", "SERIES_TOLERANCE", "ResistorCode", "ColourCodeError", "decode", "encode",
    "series_values", "nearest", "next_up", "next_down", "in_series", "require_in_series",
    "tolerance_limits",
]

#: The twelve band colours of IEC 60062 plus pink (multiplier 10⁻³ since 2016).
COLOURS: tuple[str, ...] = ("black", "brown", "red", "orange", "yellow", "green", "blue",
                            "violet", "grey", "white", "gold", "silver", "pink")
#: Significant-figure colours.
DIGITS: dict[str, int] = {c: d for d, c in enumerate(COLOURS[:10])}
#: Multiplier colours -> power of ten.
MULTIPLIERS: dict[str, int] = {**DIGITS, "gold": -1, "silver": -2, "pink": -3}
#: Tolerance colours -> tolerance as a fraction (0.05 = ±5 %). No band = ±20 %.
TOLERANCES: dict[str, Fraction] = {
    "brown": Fraction(1, 100), "red": Fraction(2, 100), "orange": Fraction(5, 10000),
    "yellow": Fraction(2, 10000), "green": Fraction(5, 1000), "blue": Fraction(25, 10000),
    "violet": Fraction(1, 1000), "grey": Fraction(5, 10000), "gold": Fraction(5, 100),
    "silver": Fraction(10, 100),
}
#: Temperature-coefficient colours -> TCR in ppm/K (parts per million per kelvin).
TEMPERATURE_COEFFICIENTS: dict[str, int] = {
    "black": 250, "brown": 100, "red": 50, "orange": 15, "yellow": 25, "green": 20,
    "blue": 10, "violet": 5, "grey": 1,
}
_NO_BAND_TOLERANCE = Fraction(20, 100)
# Encoding picks one colour per tolerance; grey and orange both mean ±0.05 %.
_TOLERANCE_COLOUR = {tol: colour for colour, tol in TOLERANCES.items() if colour != "orange"}
_TCR_COLOUR = {ppm: colour for colour, ppm in TEMPERATURE_COEFFICIENTS.items()}
_ALIASES = {"gray": "grey", "purple": "violet", "golden": "gold"}

#: IEC 60063 preferred values: significant figures of one decade.
E_SERIES: dict[str, tuple[int, ...]] = {
    "E6": (10, 15, 22, 33, 47, 68),
    "E12": (10, 12, 15, 18, 22, 27, 33, 39, 47, 56, 68, 82),
    "E24": (10, 11, 12, 13, 15, 16, 18, 20, 22, 24, 27, 30, 33, 36, 39, 43, 47, 51, 56, 62, 68, 75,
            82, 91),
    "E192": (
        100, 101, 102, 104, 105, 106, 107, 109, 110, 111, 113, 114, 115, 117, 118, 120, 121, 123, 124,
        126, 127, 129, 130, 132, 133, 135, 137, 138, 140, 142, 143, 145, 147, 149, 150, 152, 154, 156,
        158, 160, 162, 164, 165, 167, 169, 172, 174, 176, 178, 180, 182, 184, 187, 189, 191, 193, 196,
        198, 200, 203, 205, 208, 210, 213, 215, 218, 221, 223, 226, 229, 232, 234, 237, 240, 243, 246,
        249, 252, 255, 258, 261, 264, 267, 271, 274, 277, 280, 284, 287, 291, 294, 298, 301, 305, 309,
        312, 316, 320, 324, 328, 332, 336, 340, 344, 348, 352, 357, 361, 365, 370, 374, 379, 383, 388,
        392, 397, 402, 407, 412, 417, 422, 427, 432, 437, 442, 448, 453, 459, 464, 470, 475, 481, 487,
        493, 499, 505, 511, 517, 523, 530, 536, 542, 549, 556, 562, 569, 576, 583, 590, 597, 604, 612,
        619, 626, 634, 642, 649, 657, 665, 673, 681, 690, 698, 706, 715, 723, 732, 741, 750, 759, 768,
        777, 787, 796, 806, 816, 825, 835, 845, 856, 866, 876, 887, 898, 909, 920, 931, 942, 953, 965,
        976, 988),
}
# IEC 60063: E96 is every second E192 value and E48 every fourth.
E_SERIES["E96"] = E_SERIES["E192"][::2]
E_SERIES["E48"] = E_SERIES["E192"][::4]
E_SERIES = {k: E_SERIES[k] for k in ("E6", "E12", "E24", "E48", "E96", "E192")}

#: The tolerance each series is made for (IEC 60063), as a fraction.
SERIES_TOLERANCE: dict[str, float] = {"E6": 0.20, "E12": 0.10, "E24": 0.05, "E48": 0.02,
                                      "E96": 0.01, "E192": 0.005}


# -- colour codes -----------------------------------------------------------------
@dataclass(frozen=True)
class ResistorCode:
    """A decoded colour code.

    Attributes
    ----------
    bands : tuple of str
        The colours, first band first.
    exact : fractions.Fraction
        The resistance as an exact fraction [Ω].
    tolerance : float
        Tolerance as a fraction (0.05 means ±5 %).
    temperature_coefficient : float or None
        Temperature coefficient of resistance [1/K] (100 ppm/K is 1e-4), or None.
    """

    bands: tuple[str, ...]
    exact: Fraction
    tolerance: float
    temperature_coefficient: float | None = None

    @property
    def resistance(self) -> float:
        """Resistance [Ω] (the exact value, rounded once to a float)."""
        return float(self.exact)

    @property
    def limits(self) -> tuple[float, float]:
        """Smallest and largest resistance the tolerance allows [Ω]."""
        tol = Fraction(self.tolerance).limit_denominator(100000)
        return float(self.exact * (1 - tol)), float(self.exact * (1 + tol))

    def __str__(self) -> str:
        text = f"{units.format_si(self.resistance, 'Ω')} ±{format_number(self.tolerance * 100)} %"
        if self.temperature_coefficient is not None:
            text += f", {format_number(self.temperature_coefficient * 1e6)} ppm/K"
        return text


class ColourCodeError(units.ReadingError):
    """Colour bands that cannot be read. The message names the band, what was typed and what to type.

    A :class:`ValueError` (through :class:`stemkit.units.ReadingError`): in a notebook the
    message shows without a traceback.
    """


def _typed_text(bands: object) -> str:
    """What the student typed, as one text for a message."""
    if isinstance(bands, str):
        return bands.strip()
    if isinstance(bands, Sequence):
        return " ".join(str(b) for b in bands)
    return repr(bands)


def _unknown_colour(position: int, colour: str, typed: str) -> ColourCodeError:
    words = ", ".join(COLOURS)
    name = colour.strip().lower()
    close = difflib.get_close_matches(name, list(COLOURS) + list(_ALIASES), n=1, cutoff=0.5)
    if close:
        message = _("band {position}: unknown colour {colour!r} in {typed!r}. Did you mean {suggestion!r}?\n"
                    "The colour words are: {colours}.")
        return ColourCodeError(message.format(position=position, colour=colour, typed=typed,
                                              suggestion=close[0], colours=words))
    message = _("band {position}: unknown colour {colour!r} in {typed!r}. Type one colour word for each band.\n"
                "The colour words are: {colours}.")
    return ColourCodeError(message.format(position=position, colour=colour, typed=typed, colours=words))


def _colour_list(bands: str | Sequence[str]) -> list[str]:
    typed = _typed_text(bands)
    if isinstance(bands, str):
        parts = bands.replace(",", " ").replace("-", " ").split()
    elif isinstance(bands, Sequence):
        parts = list(bands)
    else:
        raise ColourCodeError(_("the colour bands must be text, like 'brown black red gold', got {value!r}").format(
            value=bands))
    out = []
    for position, colour in enumerate(parts, start=1):
        if not isinstance(colour, str):
            raise ColourCodeError(_("band {position} must be a colour name, got {value!r}").format(
                position=position, value=colour))
        name = colour.strip().lower()
        name = _ALIASES.get(name, name)
        if name not in COLOURS:
            raise _unknown_colour(position, colour, typed)
        out.append(name)
    return out


def decode(bands: str | Sequence[str]) -> ResistorCode:
    """Read a resistor's colour bands (IEC 60062).

    Parameters
    ----------
    bands : str or sequence of str
        3, 4, 5 or 6 colours from the first band (the one nearest an end) on,
        as a list or one text: ``"yellow violet red gold"``. "gray" and "purple"
        are accepted for grey and violet; capitals are fine.

    Returns
    -------
    ResistorCode
        Resistance [Ω], tolerance (fraction) and temperature coefficient [1/K].

    Raises
    ------
    ColourCodeError
        A word that is not a colour (the message suggests the nearest colour word), the
        wrong number of bands, or a colour that cannot stand in its band.

    Notes
    -----
    3 or 4 bands: two digits, multiplier, tolerance (none = ±20 %).
    5 bands: three digits, multiplier, tolerance. 6 bands: the same plus the
    temperature coefficient. :math:`R = \\text{digits} \\times 10^{m}`,
    computed with integers and fractions only.

    Examples
    --------
    >>> print(decode("brown black orange gold"))
    10 kΩ ±5 %
    >>> print(decode("brown black black brown brown brown"))
    1 kΩ ±1 %, 100 ppm/K
    >>> decode("grey red gold gold").resistance
    8.2
    >>> decode("blue pink red gold")
    Traceback (most recent call last):
    ...
    stemkit.electronics.resistors.ColourCodeError: band 2: pink cannot be a digit (it is only a multiplier); check the colour or read from the other end
    >>> decode("brwn black red gold")
    Traceback (most recent call last):
    ...
    stemkit.electronics.resistors.ColourCodeError: band 1: unknown colour 'brwn' in 'brwn black red gold'. Did you mean 'brown'?
    The colour words are: black, brown, red, orange, yellow, green, blue, violet, grey, white, gold, silver, pink.
    """
    colours = _colour_list(bands)
    n = len(colours)
    if n == 0:
        raise ColourCodeError(_("no colours were typed: type 3 to 6 colour words, first band first, like "
                                "'brown black red gold'"))
    if n not in (3, 4, 5, 6):
        raise ColourCodeError(_("a colour code has 3, 4, 5 or 6 bands, got {count}: {bands}").format(
            count=n, bands=", ".join(colours) or "-"))
    ndigits = 2 if n <= 4 else 3
    digits = 0
    for position, colour in enumerate(colours[:ndigits], start=1):
        if colour not in DIGITS:
            if colour in TOLERANCES:
                message = _("band {position}: {colour} cannot be a digit (it is only a multiplier or a "
                            "tolerance); check the colour or read from the other end")
            else:
                message = _("band {position}: {colour} cannot be a digit (it is only a multiplier); "
                            "check the colour or read from the other end")
            raise ColourCodeError(message.format(position=position, colour=colour))
        digits = digits * 10 + DIGITS[colour]
    if DIGITS[colours[0]] == 0:
        raise ColourCodeError(_("band 1 cannot be black (a leading zero): the first band is at the other end"))
    multiplier = colours[ndigits]
    if multiplier not in MULTIPLIERS:
        raise ColourCodeError(_("band {position}: {colour} is not a multiplier colour").format(
            position=ndigits + 1, colour=multiplier))
    exact = digits * Fraction(10) ** MULTIPLIERS[multiplier]
    tolerance = _NO_BAND_TOLERANCE
    if n >= 4:
        tol_colour = colours[ndigits + 1]
        if tol_colour not in TOLERANCES:
            raise ColourCodeError(_("band {position}: {colour} is not a tolerance colour; tolerance colours are "
                               "{colours}").format(position=ndigits + 2, colour=tol_colour,
                                                   colours=", ".join(TOLERANCES)))
        tolerance = TOLERANCES[tol_colour]
    tcr = None
    if n == 6:
        tcr_colour = colours[5]
        if tcr_colour not in TEMPERATURE_COEFFICIENTS:
            raise ColourCodeError(_("band 6: {colour} is not a temperature-coefficient colour; those are "
                               "{colours}").format(colour=tcr_colour,
                                                   colours=", ".join(TEMPERATURE_COEFFICIENTS)))
        tcr = TEMPERATURE_COEFFICIENTS[tcr_colour] * 1e-6
    return ResistorCode(bands=tuple(colours), exact=exact, tolerance=float(tolerance),
                        temperature_coefficient=tcr)


def _exact_decimal(resistance: float | int | str | Fraction | Decimal) -> Decimal:
    """The resistance as an exact decimal, from the shortest text of the number."""
    if isinstance(resistance, Decimal):
        value = resistance
    elif isinstance(resistance, Fraction):
        value = Decimal(resistance.numerator) / Decimal(resistance.denominator)
    elif isinstance(resistance, (bool, np.bool_)):
        raise TypeError(_("resistance must be a number in Ω, got {value!r}").format(value=resistance))
    elif isinstance(resistance, (int, np.integer)):
        value = Decimal(int(resistance))
    else:
        r = float(_quantity(resistance, name="resistance", unit="Ω"))
        value = Decimal(repr(r))  # repr gives the shortest decimal: 5.6, not 5.5999999...
    if not value.is_finite() or value <= 0:
        raise ValueError(_("resistance must be > 0 Ω, got {value}").format(value=format_number(float(value))))
    return value.normalize()


def _tolerance_fraction(tolerance: float | str) -> Fraction:
    if isinstance(tolerance, str):
        text = tolerance.strip().lstrip("±").strip()
        if not text.endswith("%"):
            raise ValueError(_("tolerance text must end in %, like '5 %', got {value!r}").format(value=tolerance))
        return Fraction(Decimal(text[:-1].strip())) / 100
    t = float(tolerance)
    if t >= 1:
        raise ValueError(_("tolerance is a fraction: ±5 % is 0.05, got {value}").format(value=format_number(t)))
    return Fraction(Decimal(repr(t)))


def encode(resistance: float | str | Fraction, *, bands: int = 4, tolerance: float | str | None = None,
           temperature_coefficient: float | None = None) -> tuple[str, ...]:
    """Write the colour bands for a resistance (IEC 60062).

    Parameters
    ----------
    resistance : float or str or Fraction
        Resistance [Ω]: ``4700``, ``"4k7"``, ``"4.7 kΩ"``.
    bands : int
        3, 4, 5 or 6. 3 and 4 bands hold two significant digits, 5 and 6 hold three.
    tolerance : float or str, optional
        Tolerance as a fraction (0.05) or text ("5 %"). Default: ±5 % for 4 bands,
        ±1 % for 5 and 6 bands; a 3-band code always means ±20 %.
    temperature_coefficient : float, optional
        6 bands only: TCR [1/K], for example 100e-6 (100 ppm/K, the default).

    Returns
    -------
    tuple of str
        The colours, first band first.

    Notes
    -----
    The value is split exactly into significant digits :math:`d` and a power of
    ten :math:`m` with :math:`R = d \\times 10^{m}`, :math:`-3 \\le m \\le 9`.

    Examples
    --------
    >>> encode(5.6)
    ('green', 'blue', 'gold', 'gold')
    >>> encode("10k", bands=5)
    ('brown', 'black', 'black', 'red', 'brown')
    >>> encode(4750, bands=6, tolerance=0.01, temperature_coefficient=50e-6)
    ('yellow', 'violet', 'green', 'brown', 'brown', 'red')
    >>> encode(4750)
    Traceback (most recent call last):
    ...
    ValueError: 4.75 kΩ needs 3 significant digits but 4 bands show only 2: use bands=5, or a value from E6-E24
    """
    if bands not in (3, 4, 5, 6):
        raise ValueError(_("bands must be 3, 4, 5 or 6, got {value!r}").format(value=bands))
    value = _exact_decimal(resistance)
    _sign, digit_tuple, exponent = value.as_tuple()
    ndigits = 2 if bands <= 4 else 3
    significant = list(digit_tuple)
    while len(significant) > 1 and significant[-1] == 0:
        significant.pop()
        exponent += 1
    if len(significant) > ndigits:
        raise ValueError(_("{value} needs {needed} significant digits but {bands} bands show only {shown}: "
                           "use bands=5, or a value from E6-E24").format(
                               value=units.format_si(float(value), "Ω"), needed=len(significant),
                               bands=bands, shown=ndigits) if ndigits == 2 else
                         _("{value} needs {needed} significant digits but {bands} bands show only {shown}: "
                           "round it to a value from E192").format(
                               value=units.format_si(float(value), "Ω"), needed=len(significant),
                               bands=bands, shown=ndigits))
    multiplier = int(exponent) - (ndigits - len(significant))
    significant += [0] * (ndigits - len(significant))
    if multiplier < -3 or multiplier > 9:
        raise ValueError(_("{value} is out of the colour code's range with {bands} bands "
                           "(multiplier 10^{power}; allowed 10^-3 to 10^9)").format(
                               value=units.format_si(float(value), "Ω"), bands=bands, power=multiplier))
    inverse_digits = {d: c for c, d in DIGITS.items()}
    inverse_multipliers = {m: c for c, m in MULTIPLIERS.items()}
    colours = [inverse_digits[d] for d in significant] + [inverse_multipliers[multiplier]]
    if bands == 3:
        if tolerance is not None and _tolerance_fraction(tolerance) != _NO_BAND_TOLERANCE:
            raise ValueError(_("a 3-band code always means ±20 %; use 4 bands for another tolerance"))
        return tuple(colours)
    tol = _tolerance_fraction(tolerance if tolerance is not None else (0.05 if bands == 4 else 0.01))
    if tol not in _TOLERANCE_COLOUR:
        raise ValueError(_("no colour band means ±{value} %; the tolerances are {choices}").format(
            value=format_number(float(tol) * 100),
            choices=", ".join(f"{format_number(float(t) * 100)} %" for t in sorted(_TOLERANCE_COLOUR))))
    colours.append(_TOLERANCE_COLOUR[tol])
    if bands == 6:
        tcr = 100e-6 if temperature_coefficient is None else float(temperature_coefficient)
        ppm = round(tcr * 1e6)
        if ppm not in _TCR_COLOUR or not math.isclose(ppm, tcr * 1e6, rel_tol=1e-9):
            raise ValueError(_("no colour band means {value} ppm/K; the choices are {choices} ppm/K").format(
                value=format_number(tcr * 1e6), choices=", ".join(str(p) for p in sorted(_TCR_COLOUR))))
        colours.append(_TCR_COLOUR[ppm])
    elif temperature_coefficient is not None:
        raise ValueError(_("only a 6-band code shows a temperature coefficient; use bands=6"))
    return tuple(colours)


# -- E-series ------------------------------------------------------------------------
def _series(series: str) -> tuple[int, ...]:
    key = str(series).upper()
    if key not in E_SERIES:
        raise ValueError(_("unknown series {series!r}: choose one of {choices}").format(
            series=series, choices=", ".join(E_SERIES)))
    return E_SERIES[key]


def _scale(significand: NDArray, power: NDArray) -> NDArray[np.float64]:
    """significand × 10**power, correctly rounded (56 and -1 give exactly 5.6)."""
    significand = np.asarray(significand, dtype=float)
    power = np.asarray(power)
    up = significand * 10.0 ** np.maximum(power, 0)
    down = significand / 10.0 ** np.maximum(-power, 0)
    return np.where(power >= 0, up, down)


def series_values(series: str = "E12", *, minimum: float | str = 1.0,
                  maximum: float | str = 10e6) -> NDArray[np.float64]:
    """All values of an E-series between two resistances.

    Parameters
    ----------
    series : str
        ``"E6"``, ``"E12"``, ``"E24"``, ``"E48"``, ``"E96"`` or ``"E192"``.
    minimum, maximum : float or str
        Range [Ω], both included.

    Returns
    -------
    ndarray
        The values in ascending order [Ω].

    Notes
    -----
    Each decade repeats the same significant figures: 4.7 Ω, 47 Ω, 470 Ω, 4.7 kΩ...

    Examples
    --------
    >>> series_values("E6", minimum=10, maximum=100)
    array([ 10.,  15.,  22.,  33.,  47.,  68., 100.])
    >>> series_values("E12", minimum=1, maximum=2)
    array([1. , 1.2, 1.5, 1.8])
    """
    sig = np.asarray(_series(series))
    lo = float(_resistance(minimum, name="minimum"))
    hi = float(_resistance(maximum, name="maximum"))
    if hi < lo:
        raise ValueError(_("maximum must be >= minimum, got {maximum} < {minimum}").format(
            maximum=format_number(hi), minimum=format_number(lo)))
    width = len(str(sig[0])) - 1  # 10 -> 1 digit after the first, 100 -> 2
    first = math.floor(math.log10(lo)) - width - 1
    last = math.floor(math.log10(hi)) - width + 1
    powers = np.arange(first, last + 1)
    values = _scale(np.tile(sig, powers.size), np.repeat(powers, sig.size))
    return values[(values >= lo * (1 - 1e-12)) & (values <= hi * (1 + 1e-12))]


def _neighbours(values: NDArray[np.float64], series: str) -> tuple[NDArray, NDArray]:
    """The series values just below-or-equal and just above-or-equal each value."""
    sig = np.asarray(_series(series))
    width = len(str(sig[0])) - 1
    ext = np.append(sig, sig[0] * 10)  # the next decade's first value closes the decade
    power = np.floor(np.log10(values)).astype(int) - width
    mantissa = values / _scale(1, power)  # in [10, 100) or [100, 1000)
    # guard the floor against float noise right at a decade boundary
    low_side = mantissa < sig[0] * (1 - 1e-12)
    power = np.where(low_side, power - 1, power)
    mantissa = np.where(low_side, mantissa * 10, mantissa)
    high_side = mantissa >= ext[-1] * (1 - 1e-12)
    power = np.where(high_side, power + 1, power)
    mantissa = np.where(high_side, mantissa / 10, mantissa)
    idx = np.searchsorted(ext, mantissa * (1 - 1e-12), side="left")  # first >= mantissa
    upper = _scale(ext[idx], power)
    exact = np.isclose(ext[idx], mantissa, rtol=1e-12, atol=0)
    lower_idx = np.where(exact, idx, idx - 1)
    lower = _scale(ext[lower_idx], power)
    return lower, upper


def nearest(resistance: ArrayLike | str, *, series: str = "E12") -> Quantity:
    """The closest value of an E-series.

    Parameters
    ----------
    resistance : float or array_like or str
        Wanted resistance [Ω], > 0.
    series : str
        ``"E6"`` to ``"E192"``.

    Returns
    -------
    float or ndarray
        The series value with the smallest ratio error [Ω].

    Notes
    -----
    The series are spaced evenly on a logarithmic scale, so "closest" means the
    smallest :math:`|\\log(R_{series} / R)|`.

    Examples
    --------
    >>> nearest(5000, series="E12")
    4700.0
    >>> nearest([1000, 1234, 99], series="E24")
    array([1000., 1200.,  100.])
    """
    r = _resistance(resistance)
    lower, upper = _neighbours(np.atleast_1d(r), series)
    pick = np.where(np.abs(np.log(upper / np.atleast_1d(r))) < np.abs(np.log(np.atleast_1d(r) / lower)),
                    upper, lower)
    return _out(pick.reshape(r.shape))


def next_up(resistance: ArrayLike | str, *, series: str = "E12") -> Quantity:
    """The smallest E-series value that is not below the wanted resistance.

    Use it when the resistance must not be smaller, like an LED's current-limiting
    resistor: a bigger resistor means a little less current, which is safe.

    Examples
    --------
    >>> next_up(300, series="E12")
    330.0
    >>> next_up(330, series="E12")
    330.0
    >>> next_up(9.5e3, series="E6")
    10000.0
    """
    r = _resistance(resistance)
    _lower, upper = _neighbours(np.atleast_1d(r), series)
    return _out(upper.reshape(r.shape))


def next_down(resistance: ArrayLike | str, *, series: str = "E12") -> Quantity:
    """The largest E-series value that is not above the wanted resistance.

    Examples
    --------
    >>> next_down(300, series="E12")
    270.0
    """
    r = _resistance(resistance)
    lower, _upper = _neighbours(np.atleast_1d(r), series)
    return _out(lower.reshape(r.shape))


def in_series(resistance: ArrayLike | str, *, series: str = "E12") -> bool | NDArray[np.bool_]:
    """True where the resistance is a value of the series.

    Examples
    --------
    >>> in_series(4700, series="E12"), in_series(4800, series="E12")
    (True, False)
    """
    r = _resistance(resistance)
    ok = np.isclose(np.atleast_1d(nearest(r, series=series)), np.atleast_1d(r), rtol=1e-9, atol=0)
    return bool(ok[0]) if r.ndim == 0 else ok.reshape(r.shape)


def require_in_series(resistance: float | str, *, series: str = "E12") -> float:
    """Return the resistance [Ω] if it is a value of the series, else raise a clear ValueError.

    Examples
    --------
    >>> require_in_series("4k7", series="E12")
    4700.0
    >>> require_in_series(4800, series="E12")
    Traceback (most recent call last):
    ...
    ValueError: 4.8 kΩ is not an E12 value: the nearest are 4.7 kΩ and 5.6 kΩ
    """
    r = float(_resistance(resistance))
    if not in_series(r, series=series):
        lower, upper = _neighbours(np.array([r]), series)
        raise ValueError(_("{value} is not an {series} value: the nearest are {lower} and {upper}").format(
            value=units.format_si(r, "Ω"), series=str(series).upper(),
            lower=units.format_si(lower[0], "Ω"), upper=units.format_si(upper[0], "Ω")))
    return r


def tolerance_limits(resistance: ArrayLike | str, *, tolerance: float | str | None = None,
                     series: str | None = None) -> tuple[Quantity, Quantity]:
    """The smallest and largest real resistance a part may have.

    Parameters
    ----------
    resistance : float or array_like or str
        Nominal resistance [Ω].
    tolerance : float or str, optional
        Tolerance as a fraction (0.05) or text ("5 %").
    series : str, optional
        Instead of a tolerance: the series the part comes from (its tolerance is
        used, and the value must belong to it).

    Returns
    -------
    (float, float) or (ndarray, ndarray)
        Minimum and maximum [Ω].

    Notes
    -----
    :math:`R_{min} = R (1 - t)`, :math:`R_{max} = R (1 + t)`.

    Examples
    --------
    >>> tolerance_limits(1000, tolerance=0.05)
    (950.0, 1050.0)
    >>> tolerance_limits("4k7", series="E12")
    (4230.0, 5170.0)
    """
    if (tolerance is None) == (series is None):
        raise ValueError(_("give either a tolerance or a series, not both or neither"))
    r = _resistance(resistance)
    if series is not None:
        for value in np.atleast_1d(r):
            require_in_series(float(value), series=series)
        t = SERIES_TOLERANCE[str(series).upper()]
    else:
        t = float(_tolerance_fraction(tolerance))
        if t < 0:
            raise ValueError(_("tolerance must be >= 0, got {value}").format(value=format_number(t)))
    return _out(r * (1 - t)), _out(r * (1 + t))
