"""SI values as makers write them: parse ``"4k7"`` and format ``4700`` as ``"4.7 kΩ"``.

Shared by every room. Numbers are plain floats in base SI units (Ω, V, A, F, H,
s, m, ...); prefixes are only for people.

Examples
--------
>>> parse("4k7")
4700.0
>>> parse("4.7 kΩ")
4700.0
>>> parse("100n")
1e-07
>>> parse("2M2")
2200000.0
>>> parse("20 mA", unit="A")
0.02
>>> format_si(4700, "Ω")
'4.7 kΩ'
>>> format_si(0.02, "A")
'20 mA'
"""

from __future__ import annotations

import math
import numbers
import re

from stemkit.i18n import _, format_number

__all__ = ["PREFIXES", "parse", "format_si", "format_si_all", "to_radians", "to_degrees", "reading",
           "ReadingError"]

#: SI prefix symbol -> power of ten. ``u`` and ``µ``/``μ`` are all micro; ``M`` is
#: mega (maker and IEC 60062 usage), ``m`` is milli. SPICE's ``meg`` is accepted too.
PREFIXES: dict[str, int] = {
    "f": -15, "p": -12, "n": -9, "u": -6, "µ": -6, "μ": -6, "m": -3,
    "": 0, "k": 3, "K": 3, "M": 6, "meg": 6, "G": 9, "T": 12,
}
_FORMAT_PREFIXES = {-15: "f", -12: "p", -9: "n", -6: "µ", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T"}

# Unit words a maker may type after the number; "ohm"/"Ω"/"R" all mean ohms.
_UNIT_ALIASES = {
    "Ω": "Ω", "ω": "Ω", "R": "Ω", "ohm": "Ω", "ohms": "Ω", "Ohm": "Ω", "Ohms": "Ω",
    "V": "V", "A": "A", "F": "F", "H": "H", "Hz": "Hz", "W": "W", "s": "s",
    "g": "g", "m": "m", "N": "N", "J": "J", "C": "C",
}

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
# "4k7", "2M2", "4R7", "1n5": the prefix letter stands for the decimal point.
_INFIX = re.compile(r"^([+-]?\d+)(meg|[fpnuµμmkKMGTR])(\d+)$")
_PLAIN = re.compile(rf"^({_NUMBER})\s*(meg|[fpnuµμmkKMGT]?)$")


def parse(text: str | float | int, unit: str | None = None) -> float:
    """Parse a value written the way makers write it.

    Parameters
    ----------
    text : str or number
        ``"4k7"``, ``"4.7k"``, ``"4.7 kΩ"``, ``"100n"``, ``"2M2"``, ``"4R7"``,
        ``"1e3"``, ``"20 mA"``. Numbers are returned as floats unchanged.
    unit : str, optional
        The unit expected (``"A"``, ``"Ω"``, ``"m"``, ...). When given, a trailing
        unit symbol is allowed and must be this one; ``"5 m"`` with ``unit="m"`` is
        five metres, while with no unit ``"5m"`` is five milli.

    Returns
    -------
    float
        The value in base SI units.

    Raises
    ------
    ValueError
        When the text is not a value, naming the text and what a good one looks like.

    Examples
    --------
    >>> parse("4R7")
    4.7
    >>> parse("1.5 V", unit="V")
    1.5
    >>> parse("5 mm", unit="m")
    0.005
    >>> parse("4k7k")
    Traceback (most recent call last):
    ...
    ValueError: cannot read '4k7k' as a value: write it like 4700, 4.7k, 4k7 or 4.7 kΩ
    """
    if isinstance(text, bool):
        raise ValueError(_("cannot read {text!r} as a value: write a number").format(text=text))
    if isinstance(text, numbers.Real):
        try:
            number = float(text)
        except OverflowError:      # a whole number with hundreds of digits
            number = math.inf if text > 0 else -math.inf
        return _finite(number, text)
    if not isinstance(text, str):
        raise ValueError(
            _("cannot read {text} as a value: write a number or text like '4.7k'").format(text=_shown(text))
        )
    original = text
    s = text.strip().replace(",", ".").replace("−", "-")
    s = _strip_unit(s, unit)
    s = s.strip()
    m = _INFIX.match(s)
    if m:
        whole, prefix, frac = m.groups()
        exponent = 0 if prefix == "R" else PREFIXES[prefix]
        sign = -1.0 if whole.startswith("-") else 1.0
        magnitude = float(f"{whole.lstrip('+-')}.{frac}")
        return _finite(_scale(sign * magnitude, exponent), original, whole + frac)
    m = _PLAIN.match(s)
    if m:
        number, prefix = m.groups()
        return _finite(_scale(float(number), PREFIXES[prefix]), original, number.split("e")[0].split("E")[0])
    raise ValueError(
        _("cannot read {text} as a value: write it like 4700, 4.7k, 4k7 or 4.7 kΩ").format(text=_shown(original))
    )


def _shown(text: object, limit: int = 40) -> str:
    """``repr(text)``, shortened so a pasted page does not fill the message."""
    r = repr(text)
    return r if len(r) <= limit else r[: limit - 4] + "…" + r[-3:]


def _finite(value: float, text: object, digits: str = "") -> float:
    """``value``, or a clear error when it is not a finite number (NaN, too big or too small for a float)."""
    if math.isfinite(value):
        if value == 0 and re.search(r"[1-9]", digits):
            raise ValueError(_("cannot read {text} as a value: it is too small to compute with (below 1e-308); "
                               "check the exponent and the prefix").format(text=_shown(text)))
        return value
    if math.isnan(value):
        raise ValueError(_("cannot read {text} as a value: it is not a number (NaN); check for 0/0 or a missing "
                           "measurement").format(text=_shown(text)))
    raise ValueError(_("cannot read {text} as a value: it is too large to compute with (beyond 1e308); "
                       "check the exponent and the prefix").format(text=_shown(text)))


def _scale(number: float, exponent: int) -> float:
    # Multiplying by an exact power of ten keeps "4k7" == 4700.0 exactly.
    if exponent >= 0:
        return float(number * 10**exponent)
    return float(number / 10 ** (-exponent))


def _strip_unit(s: str, unit: str | None) -> str:
    candidates = sorted(_UNIT_ALIASES, key=len, reverse=True)
    for word in candidates:
        canonical = _UNIT_ALIASES[word]
        if unit is not None and canonical != _UNIT_ALIASES.get(unit, unit):
            continue
        if unit is None and word in ("m",):
            continue  # without a stated unit, a trailing "m" is milli
        if s.endswith(word):
            rest = s[: -len(word)]
            if rest and (rest[-1].isdigit() or rest[-1].isspace() or rest.rstrip()[-1:] in PREFIXES or rest.rstrip().endswith("meg")):
                return rest
    if unit is not None and unit not in _UNIT_ALIASES and s.endswith(unit):
        return s[: -len(unit)]
    return s


def format_si(value: float | str, unit: str = "", digits: int = 3) -> str:
    """Format a value with an SI prefix, the way it is printed on a part.

    Parameters
    ----------
    value : float or str
        The value in base SI units; text as makers write it (``"4k7"``) is read
        with :func:`parse` first.
    unit : str
        Unit symbol to append (``"Ω"``, ``"V"``, ``"A"``, ``"F"``, ...).
    digits : int
        Significant figures, a whole number from 1 to 17.

    Examples
    --------
    >>> format_si(4700, "Ω")
    '4.7 kΩ'
    >>> format_si(1e-7, "F")
    '100 nF'
    >>> format_si(2.2e6, "Ω")
    '2.2 MΩ'
    >>> format_si(0, "V")
    '0 V'
    >>> format_si(-0.0005, "A")
    '-500 µA'
    >>> format_si("1k", "Ω")
    '1 kΩ'
    >>> format_si(1, "A", 0)
    Traceback (most recent call last):
    ...
    ValueError: digits must be a whole number from 1 to 17 (significant figures), got 0
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or not 1 <= int(digits) <= 17:
        raise ValueError(_("digits must be a whole number from 1 to 17 (significant figures), got {value!r}").format(
            value=digits))
    digits = int(digits)
    if isinstance(value, str):
        x = parse(value, unit=unit or None)
    elif isinstance(value, (bool, bytes)) or value is None:
        raise TypeError(_("format_si needs a number (or text like '4k7'), got {value!r}").format(value=value))
    else:
        try:
            x = float(value)    # numbers, numpy scalars and 0-d arrays
        except (TypeError, ValueError):
            raise TypeError(_("format_si needs a number (or text like '4k7'), got {value!r}").format(
                value=value)) from None
    if math.isnan(x) or math.isinf(x) or x == 0:
        return f"{format_number(x)} {unit}".rstrip()
    exponent = int(math.floor(math.log10(abs(x)) / 3) * 3)
    if not -15 <= exponent <= 12:
        # beyond every prefix: plain powers of ten read better than "5e288 TA"
        return f"{format_number(x, digits)} {unit}".rstrip()
    mantissa = x / 10**exponent
    # Rounding can carry 999.7 up to 1000: move to the next prefix.
    if abs(float(f"{mantissa:.{digits}g}")) >= 1000 and exponent < 12:
        exponent += 3
        mantissa = x / 10**exponent
    text = format_number(float(f"{mantissa:.{digits}g}"), digits)
    return f"{text} {_FORMAT_PREFIXES[exponent]}{unit}".rstrip()


def format_si_all(values, unit: str = "", digits: int = 3) -> list[str]:
    """Format several values with one SI prefix, chosen for the largest, so they compare at a glance.

    Examples
    --------
    >>> format_si_all([0.2, 0.0, 0.02, 0.14], "m")
    ['200 mm', '0 mm', '20 mm', '140 mm']
    >>> format_si_all([-0.962, -2.93], "m")
    ['-0.962 m', '-2.93 m']
    """
    numbers_ = [parse(v) for v in values]
    finite = [abs(v) for v in numbers_ if math.isfinite(v) and v != 0]
    if not finite:
        return [format_si(v, unit, digits) for v in numbers_]
    top = max(finite)
    exponent = int(math.floor(math.log10(top) / 3) * 3)
    if not -15 <= exponent <= 12:
        return [f"{format_number(v, digits)} {unit}".rstrip() for v in numbers_]
    if abs(float(f"{top / 10**exponent:.{digits}g}")) >= 1000 and exponent < 12:
        exponent += 3
    prefix = _FORMAT_PREFIXES[exponent]
    return [f"{format_number(v / 10**exponent, digits)} {prefix}{unit}".rstrip() for v in numbers_]


def to_radians(angle: float, unit: str = "deg"):
    """Convert an angle to radians from ``unit`` (``"deg"`` or ``"rad"``).

    Works on numbers and numpy arrays alike; the one place angle units convert.

    >>> round(to_radians(180), 6)
    3.141593
    """
    if unit == "rad":
        return angle
    if unit == "deg":
        return angle * (math.pi / 180.0)
    raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))


def to_degrees(angle: float, unit: str = "rad"):
    """Convert an angle to degrees from ``unit`` (``"rad"`` or ``"deg"``).

    >>> to_degrees(3.141592653589793)
    180.0
    """
    if unit == "deg":
        return angle
    if unit == "rad":
        return angle * (180.0 / math.pi)
    raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))


class ReadingError(ValueError):
    """A measurement typed into a build cell could not be used. The message says what was expected."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback: a student sees only what to fix.
        red, reset = "\x1b[31m", "\x1b[0m"
        lines = str(self).splitlines()
        return [red + lines[0] + reset] + lines[1:]


# Units a reading may be typed in that are not SI-prefixed: they are stripped, never scaled.
_PLAIN_UNITS = ("min", "°C", "°", "deg", "rpm", "ticks", "counts", "%", "s")


def _reading_unit(unit: str) -> tuple[str, int] | None:
    """``"mm"`` -> ``("m", -3)``, ``"g"`` -> ``("g", 0)``; None when the unit takes no prefix."""
    if unit in _PLAIN_UNITS or not unit:
        return None
    if unit in _UNIT_ALIASES:
        return _UNIT_ALIASES[unit], 0
    if unit == "cm":
        return "m", -2
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        if prefix and unit.startswith(prefix) and unit[len(prefix):] in _UNIT_ALIASES:
            return _UNIT_ALIASES[unit[len(prefix):]], PREFIXES[prefix]
    return None


def reading(value, unit: str = "", *, name: str = "the reading", low: float | None = None,
            high: float | None = None, zero: bool = False):
    """Read one measurement a student typed, as a number in ``unit``; None stays None (not measured yet).

    A student may type a number (``3.9``), text with the unit (``"3.9 g"``, ``"20,1 mm"`` with a
    decimal comma, ``"4k7"``), or leave ``None``. Anything else gives a :class:`ReadingError`
    that names the reading, what was typed and what to type instead.

    Parameters
    ----------
    value : number, str or None
        What the student typed.
    unit : str
        The unit the number is wanted in, as the cell's comment says: ``"V"``, ``"mm"``, ``"g"``,
        ``"min"``, ``"°C"`` or ``""`` for a plain count. A prefixed unit given in the text is
        converted: ``"0.0201 m"`` read in ``"mm"`` is 20.1.
    name : str
        The variable name the student typed it into, for the message.
    low, high : float, optional
        The range a real reading falls in, in ``unit``. Outside it, the message asks the student
        to check the decimal point and the unit.
    zero : bool
        Whether 0 is a possible reading. A length, a mass or a time of 0 is not.

    Examples
    --------
    >>> reading("3.9 g", "g", name="measured_mass_g")
    3.9
    >>> reading("20,1 mm", "mm")
    20.1
    >>> reading(None, "V") is None
    True
    >>> reading("4.9 V", "V", name="measured_supply", low=3, high=6)
    4.9
    >>> reading(0, "g", name="measured_mass_g")
    Traceback (most recent call last):
    ...
    stemkit.units.ReadingError: measured_mass_g = 0 g cannot be right: a real reading is more than 0. Type what your meter or scale showed.
    >>> reading("forty", "mm", name="measured_width")
    Traceback (most recent call last):
    ...
    stemkit.units.ReadingError: measured_width = 'forty' is not a reading: type a number in mm, for example 20.1 or "20.1 mm".
    """
    if value is None:
        return None
    shown_unit = f" {unit}" if unit else ""
    example = _("type a number in {unit}, for example 20.1 or \"20.1 {unit}\"").format(unit=unit) if unit else \
        _("type a number, for example 20")
    if isinstance(value, bool):
        raise ReadingError(_("{name} = {value} is not a reading: {example}.").format(
            name=name, value=value, example=example))
    if isinstance(value, numbers.Real):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        base = _reading_unit(unit)
        try:
            if base is None:
                # only the unit asked for may follow the number: "3.9 g" is not a time in minutes
                same = {"°C": ("°C", "°"), "°": ("°", "deg"), "deg": ("deg", "°")}.get(unit, (unit,) if unit else ())
                for word in sorted(same, key=len, reverse=True):
                    if text.endswith(word) and text[: -len(word)].strip() != "":
                        text = text[: -len(word)].strip()
                        break
                if not re.fullmatch(_NUMBER, text):
                    raise ValueError(text)
                number = parse(text)
            elif base[0] == "m" and re.fullmatch(rf"{_NUMBER}\s*cm", text):
                # a tape measure reads in centimetres; the SI prefixes of parse() leave out centi
                number = float(f"{float(text[:-2]) * 10.0 ** (-2 - base[1]):.12g}")
            elif text[-1:].isalpha() or text[-1:] == "Ω":
                # the unit was typed: read it, then express the value in the unit wanted
                number = float(f"{parse(text, unit=base[0]) / 10.0 ** base[1]:.12g}")
            else:
                number = parse(text)
        except ValueError:
            raise ReadingError(_("{name} = {value!r} is not a reading: {example}.").format(
                name=name, value=value, example=example)) from None
    else:
        raise ReadingError(_("{name} = {value} is not a reading: {example}.").format(
            name=name, value=_shown(value), example=example))
    if not math.isfinite(number):
        raise ReadingError(_("{name} = {value} is not a reading: {example}.").format(
            name=name, value=_shown(value), example=example))
    if number == 0 and not zero:
        raise ReadingError(_("{name} = 0{unit} cannot be right: a real reading is more than 0. "
                             "Type what your meter or scale showed.").format(name=name, unit=shown_unit))
    if (low is not None and number < low) or (high is not None and number > high):
        raise ReadingError(_("{name} = {value}{unit} is outside what this build can give ({low} to {high}{unit}). "
                             "Check the decimal point and the unit, then type it again.").format(
            name=name, value=format_number(number), unit=shown_unit,
            low=format_number(low) if low is not None else "…", high=format_number(high) if high is not None else "…"))
    return number
