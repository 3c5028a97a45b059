"""Read a SPICE-style text netlist into a :class:`~stemkit.electronics.circuit.Circuit`.

One part per line: its name (the first letter says what it is), its nodes, its
value. Lines starting with ``*`` are comments, ``+`` continues the line above,
``;`` starts a comment at the end of a line, and ``.end`` stops reading.

=====================================  ===========================================
``R1 a b 4.7k``                         resistor [Ω]
``C1 a b 100n IC=0``                    capacitor [F], optional initial voltage
``L1 a b 10m IC=0``                     inductor [H], optional initial current
``V1 in 0 5`` / ``V1 in 0 DC 5 AC 1``   voltage source [V] (``AC`` amplitude for sweeps)
``V1 in 0 PULSE(0 5 0 1u 1u 1m 2m)``    pulse: low high delay rise fall width period
``V1 in 0 SIN(0 1 1k)``                 sine: offset amplitude frequency [delay phase°]
``V1 in 0 PWM(490 0.25 5)``             stemkit's PWM: frequency duty high [low]
``I1 a b 2m``                           current source [A], flows from a through it to b
``D1 a k red``                          diode or LED: a model from ``.model`` or a built-in
                                        (``default``, ``1N4148``, ``red``, ``green``,
                                        ``blue``, ``white``)
``S1 a b closed`` / ``S1 a b open``     a switch (a stemkit extension)
``.model NAME D(IS=1e-14 N=1 RS=0)``    a diode model
``.op``                                 analyses, run in order by :meth:`Circuit.run`:
``.tran 1u 5m`` (``... 0 10u uic``)     operating point; transient: step, stop [start=0,
``.ac dec 20 1 1meg`` (``oct``, ``lin``) largest step, ``uic``]; AC sweep: points, from, to
=====================================  ===========================================

Other dot lines (``.dc``, ``.print``, ``.control`` blocks, ...) are not run; one
:class:`NetlistWarning` names them. ``.subckt``, ``.include`` and ``.lib`` are refused.

Values follow SPICE: ``k`` kilo, ``meg`` mega, ``m`` milli, ``u``/``µ`` micro,
``n``, ``p``, ``f``, ``g``, ``t``, letters after the prefix are a unit (``10uF``,
``4.7kohm``). In SPICE ``1M`` is *milli*, a classic trap, so a capital ``M`` on its
own is refused with an explanation. Makers' ``4k7`` is read as 4700.

Examples
--------
>>> c = parse_netlist('''* LED on 5 V
... V1 vcc 0 5
... R1 vcc a 150   ; current limit
... D1 a 0 red
... .op
... .end''')
>>> c.title, list(c.parts)
('LED on 5 V', ['V1', 'R1', 'D1'])
>>> parse_netlist("R1 a 0 1M")
Traceback (most recent call last):
...
stemkit.electronics.netlist.NetlistError: line 1: '1M' is ambiguous: in SPICE 'M' means milli (1e-3), not mega. Write 1meg for 1 000 000 or 1m for 0.001
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from stemkit.electronics.circuit import (
    DIODE_MODELS,
    GROUND,
    LED_MODELS,
    PWM,
    Analysis,
    Circuit,
    Part,
    Pulse,
    Sine,
)
from stemkit.i18n import _, format_number
from stemkit.validate import StemkitWarning, warn

__all__ = ["parse_netlist", "spice_value", "NetlistError", "NetlistWarning"]


class NetlistError(ValueError):
    """A netlist line that cannot be read; the message starts with its line number."""


class NetlistWarning(StemkitWarning):
    """Lines of a netlist that stemkit read but does not act on (``.dc``, ``.print``, ``.control`` ...)."""


_EXPONENT = {"f": -15, "p": -12, "n": -9, "u": -6, "µ": -6, "μ": -6, "m": -3,
             "k": 3, "meg": 6, "g": 9, "t": 12, "r": 0}


def _scaled(value: float, prefix: str) -> float:
    if prefix == "mil":
        return value * 25.4e-6
    e = _EXPONENT[prefix]
    # Dividing by an exact power of ten keeps 10u == 1e-05 exactly.
    return value * 10**e if e >= 0 else value / 10 ** (-e)

_UNITS = {"", "ohm", "ohms", "Ω", "r", "f", "h", "v", "a", "s", "hz", "w"}
_NUMBER = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(.*)$")
_INFIX = re.compile(r"^([+-]?\d+)([pnuµμmMkKrR]|meg|MEG)(\d+)([a-zA-ZΩ]*)$")


def _where(line: int | None) -> str:
    return _("line {n}: ").format(n=line) if line is not None else ""


def _finite_value(value: float, token: str, line: int | None, digits: str) -> float:
    """The value, or a NetlistError when it overflowed (``1e400``) or vanished (``1e-400``)."""
    if not math.isfinite(value):
        raise NetlistError(_where(line) + _("{token} is too large to compute with (beyond 1e308): check the exponent "
                                            "and the prefix").format(token=_short(token)))
    if value == 0 and re.search(r"[1-9]", digits):
        raise NetlistError(_where(line) + _("{token} is too small to compute with (below 1e-308): check the exponent "
                                            "and the prefix").format(token=_short(token)))
    return value


def _short(token: str, limit: int = 40) -> str:
    r = repr(token)
    return r if len(r) <= limit else r[: limit - 4] + "…" + r[-3:]


def spice_value(token: str, line: int | None = None) -> float:
    """Read one SPICE number (``"4.7k"``, ``"100n"``, ``"10uF"``, ``"1meg"``, ``"4k7"``).

    Parameters
    ----------
    token : str
        The number as written.
    line : int, optional
        Its line number, for the error message.

    Examples
    --------
    >>> spice_value("4.7k"), spice_value("10uF"), spice_value("2meg"), spice_value("4k7")
    (4700.0, 1e-05, 2000000.0, 4700.0)
    >>> spice_value("4k7k", line=3)
    Traceback (most recent call last):
    ...
    stemkit.electronics.netlist.NetlistError: line 3: cannot read '4k7k' as a value: write it like 4700, 4.7k or 4.7e3
    """
    m = _INFIX.match(token)
    if m and m.group(4).lower() in _UNITS:
        whole, prefix, frac, _unit = m.groups()
        if prefix == "M":
            raise NetlistError(_where(line) + _("{token!r} is ambiguous: in SPICE 'M' means milli (1e-3), not mega. "
                                         "Write 1meg for 1 000 000 or 1m for 0.001").format(token=token))
        sign = -1.0 if whole.startswith("-") else 1.0
        return _finite_value(_scaled(sign * float(f"{whole.lstrip('+-')}.{frac}"), prefix.lower()), token, line,
                             whole + frac)
    m = _NUMBER.match(token)
    if m:
        number, rest = m.groups()
        value = float(number)
        digits = re.split("[eE]", number)[0]
        low = rest.lower()
        for prefix in ("meg", "mil"):
            if low.startswith(prefix) and low[len(prefix):] in _UNITS:
                return _finite_value(_scaled(value, prefix), token, line, digits)
        if rest[:1] == "M" and rest[1:].lower() in _UNITS:
            raise NetlistError(_where(line) + _("{token!r} is ambiguous: in SPICE 'M' means milli (1e-3), not mega. "
                                         "Write 1meg for 1 000 000 or 1m for 0.001").format(token=token))
        if low[:1] in _EXPONENT and low[:1] != "r" and low[1:] in _UNITS:
            return _finite_value(_scaled(value, low[:1]), token, line, digits)
        if low in _UNITS:
            return _finite_value(value, token, line, digits)
    raise NetlistError(_where(line) + _("cannot read {token} as a value: write it like 4700, 4.7k or 4.7e3").format(
        token=_short(token)))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(";", 1)[0].rstrip()
        stripped = line.strip()
        if stripped.startswith("+"):
            if not out:
                raise NetlistError(_("line {n}: a '+' continuation line needs a line above it").format(n=number))
            out[-1] = (out[-1][0], out[-1][1] + " " + stripped[1:])
            continue
        out.append((number, stripped))
    return out


def _tokens(line: str) -> list[str]:
    if "=" not in line and "(" not in line and "," not in line:
        return line.split()
    line = re.sub(r"\s*=\s*", "=", line)
    line = line.replace("(", " ( ").replace(")", " ) ").replace(",", " ")
    return line.split()


def _function_args(tokens: list[str], start: int, name: str, n: int) -> tuple[list[str], int]:
    if start >= len(tokens) or tokens[start] != "(":
        raise NetlistError(_("{name} needs its values in brackets, like {name}(0 5 0 1u 1u 1m 2m)").format(name=name))
    try:
        end = tokens.index(")", start)
    except ValueError:
        raise NetlistError(_("{name}( has no closing bracket").format(name=name)) from None
    return tokens[start + 1:end], end + 1


def _source(tokens: list[str], n: int, kind: str) -> tuple[Any, float]:
    """Parse the value part of a V or I line: returns (waveform or value, ac amplitude)."""
    value: Any = 0.0
    ac = 0.0
    k = 0
    while k < len(tokens):
        word = tokens[k].upper()
        if word == "DC":
            if k + 1 >= len(tokens):
                raise NetlistError(_("line {n}: DC needs a value after it").format(n=n))
            value = spice_value(tokens[k + 1], n)
            k += 2
        elif word == "AC":
            if k + 1 >= len(tokens):
                raise NetlistError(_("line {n}: AC needs an amplitude after it").format(n=n))
            ac = spice_value(tokens[k + 1], n)
            k += 2
            if k < len(tokens) and _NUMBER.match(tokens[k]) and tokens[k] != "(":
                k += 1  # an AC phase, which a 1-source sweep does not need
        elif word in ("PULSE", "SIN", "PWM"):
            try:
                args, k = _function_args(tokens, k + 1, word, n)
            except NetlistError as exc:
                raise NetlistError(_("line {n}: {error}").format(n=n, error=exc)) from None
            vals = [spice_value(a, n) for a in args]
            try:
                value = _waveform(word, vals)
            except (TypeError, ValueError) as exc:
                raise NetlistError(_("line {n}: {name}: {error}").format(n=n, name=word, error=exc)) from None
        else:
            value = spice_value(tokens[k], n)
            k += 1
    return value, ac


def _waveform(word: str, vals: list[float]) -> Any:
    if word == "PULSE":
        if len(vals) < 2:
            raise ValueError(_("PULSE needs at least low and high values"))
        keys = ["low", "high", "delay", "rise", "fall", "width", "period"]
        kw = dict(zip(keys, vals, strict=False))
        if kw.get("period", 0.0) >= 1e29:
            kw["period"] = 0.0
        return Pulse(**kw)
    if word == "SIN":
        if len(vals) < 3:
            raise ValueError(_("SIN needs offset, amplitude and frequency"))
        keys = ["offset", "amplitude", "frequency", "delay", "damping", "phase_deg"]
        kw = dict(zip(keys, vals, strict=False))
        if kw.pop("damping", 0.0):
            raise ValueError(_("damped sines are not supported: leave the damping at 0"))
        return Sine(**kw)
    if len(vals) < 3:
        raise ValueError(_("PWM needs frequency, duty and high level"))
    keys = ["frequency", "duty", "high", "low", "delay"]
    return PWM(**dict(zip(keys, vals, strict=False)))


def _key_values(tokens: list[str], n: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for t in tokens:
        if "=" not in t:
            raise NetlistError(_("line {n}: expected NAME=value, got {token!r}").format(n=n, token=t))
        key, val = t.split("=", 1)
        out[key.upper()] = spice_value(val, n)
    return out


def parse_netlist(text: str, *, title: str | None = None) -> Circuit:
    """Build a :class:`Circuit` from netlist text.

    Parameters
    ----------
    text : str
        The netlist (see the module documentation for the line formats). Its
        ``.op``, ``.tran`` and ``.ac`` lines become the circuit's
        :attr:`~stemkit.electronics.circuit.Circuit.analyses`, run with
        :meth:`~stemkit.electronics.circuit.Circuit.run`; other dot lines are not
        run, and a :class:`NetlistWarning` names them.
    title : str, optional
        The circuit's title; by default the first comment line.

    Returns
    -------
    Circuit

    Raises
    ------
    NetlistError
        For a line that cannot be read, naming its line number and what is wrong.

    Examples
    --------
    >>> c = parse_netlist("V1 in 0 DC 5\\nR1 in out 1k\\nC1 out 0 100n IC=0\\nQ1 out 0 0 2N2222")
    Traceback (most recent call last):
    ...
    stemkit.electronics.netlist.NetlistError: line 4: unknown part 'Q1': stemkit knows R (resistor), C (capacitor), L (inductor), V (voltage source), I (current source), D (diode or LED), S (switch)
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NetlistError(_("the netlist is not UTF-8 text (byte {n}): save it as plain text").format(
                n=exc.start)) from None
    if not isinstance(text, str):
        raise TypeError(_("parse_netlist needs the netlist as text, got {kind}").format(kind=type(text).__name__))
    lines = _logical_lines(text)
    models: dict[str, dict[str, float]] = {}
    # Models may come after the parts that use them: read them first.
    for n, line in lines:
        if line.lower().startswith(".model"):
            tokens = _tokens(line)
            if len(tokens) < 3 or not tokens[2].upper().startswith("D"):
                raise NetlistError(_("line {n}: only diode models are supported: .model NAME D(IS=1e-14 N=1)").format(n=n))
            body = tokens[3:] if tokens[2].upper() == "D" else [tokens[2][1:]] + tokens[3:]
            body = [t for t in body if t not in ("(", ")") and t]
            models[tokens[1].lower()] = _key_values(body, n)
    circuit = Circuit(title or "")
    in_control = False
    first = True
    ignored: list[tuple[int, str]] = []
    for n, line in lines:
        if not line:
            continue
        if not in_control and line[0] not in ".*":
            first = False
            tokens = _tokens(line)
            if tokens:    # a line of only commas or brackets holds nothing
                _part_line(circuit, n, tokens, models)
            continue
        low = line.lower()
        if line.startswith("*"):
            if first and title is None:
                circuit.title = line.lstrip("*").strip()
            first = False
            continue
        first = False
        if in_control:
            in_control = not low.startswith(".endc")
            continue
        if low.startswith(".control"):
            in_control = True
            ignored.append((n, ".control"))
            continue
        word = low.split()[0]
        if word == ".end":
            break
        if word == ".title" or low.startswith(".title"):
            circuit.title = line[6:].strip()
            continue
        if word in (".subckt", ".include", ".inc", ".lib"):
            raise NetlistError(_("line {n}: {directive} is not supported here: write every part out").format(
                n=n, directive=line.split()[0]))
        if word == ".model":
            continue
        if word in (".op", ".tran", ".ac"):
            circuit.analyses.append(_analysis(word, _tokens(line)[1:], n, line))
            continue
        if word in (".options", ".option", ".opt") and _only_room_temperature(_tokens(line)[1:]):
            continue   # what stemkit itself writes: the temperature it always uses
        ignored.append((n, line.split()[0]))
    if ignored:
        warn(_("not run: {lines}. stemkit runs the .op, .tran and .ac lines of a netlist (circuit.run()); "
               "other analyses and outputs are ignored").format(
            lines=", ".join(_("line {n} ({directive})").format(n=n, directive=d) for n, d in ignored)), NetlistWarning)
    return circuit


def _only_room_temperature(tokens: list[str]) -> bool:
    settings = [t.lower() for t in tokens]
    return bool(settings) and all(t in ("temp=27", "tnom=27") for t in settings)


def _analysis(word: str, args: list[str], n: int, line: str) -> Analysis:
    """An analysis line (``.op``, ``.tran step stop [start [max]] [uic]``, ``.ac dec|oct|lin N from to``)."""
    if word == ".op":
        if args:
            raise NetlistError(_("line {n}: .op takes nothing after it, got {rest!r}").format(n=n, rest=" ".join(args)))
        return Analysis("op", {}, line)
    if word == ".tran":
        uic = [a for a in args if a.lower() == "uic"]
        values = [spice_value(a, n) for a in args if a.lower() != "uic"]
        if not 2 <= len(values) <= 4:
            raise NetlistError(_("line {n}: write a transient as .tran STEP STOP (like .tran 10u 5m), "
                                 "optionally START MAXSTEP and uic").format(n=n))
        step, stop = values[0], values[1]
        start = values[2] if len(values) > 2 else 0.0
        for name, value in ((_("step"), step), (_("stop time"), stop)):
            if not (math.isfinite(value) and value > 0):
                raise NetlistError(_("line {n}: the .tran {name} must be > 0 s, got {value}").format(
                    n=n, name=name, value=format_number(value)))
        if start != 0:
            raise NetlistError(_("line {n}: stemkit's transients always start at 0 s: leave out the start time "
                                 "{value} s (plot from it instead)").format(n=n, value=format_number(start)))
        if len(values) == 4 and values[3] > 0:
            step = min(step, values[3])
        return Analysis("transient", {"stop_time": stop, "time_step": step, "initial": "given" if uic else "op"}, line)
    if len(args) != 4 or args[0].lower() not in ("dec", "oct", "lin"):
        raise NetlistError(_("line {n}: write an AC sweep as .ac dec POINTS FROM TO (like .ac dec 20 1 1meg); "
                             "oct and lin work too").format(n=n))
    mode = args[0].lower()
    points, start, stop = (spice_value(a, n) for a in args[1:])
    if not (float(points).is_integer() and 1 <= points <= 100_000):
        raise NetlistError(_("line {n}: the number of .ac points must be a whole number from 1 to 100000, "
                             "got {value}").format(n=n, value=format_number(points)))
    if not (math.isfinite(start) and math.isfinite(stop) and 0 <= start < stop and (mode == "lin" or start > 0)):
        raise NetlistError(_("line {n}: the .ac sweep needs 0 < FROM < TO [Hz], got from {start} to {stop}").format(
            n=n, start=format_number(start), stop=format_number(stop)))
    if mode == "dec":
        return Analysis("ac", {"start": start, "stop": stop, "points_per_decade": int(points)}, line)
    if mode == "oct":
        count = max(2, int(round(math.log2(stop / start) * points)) + 1)
        if count > 1_000_000:
            raise NetlistError(_("line {n}: the .ac sweep has {count} frequencies: use fewer points").format(
                n=n, count=count))
        return Analysis("ac", {"frequencies": np.geomspace(start, stop, count)}, line)
    return Analysis("ac", {"frequencies": np.linspace(start, stop, max(int(points), 1))}, line)


_PLAIN_NUMBER = re.compile(r"[+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def _part_line(circuit: Circuit, n: int, tokens: list[str], models: dict[str, dict[str, float]]) -> None:
    name = tokens[0]
    kind = name[0].upper()
    # The common case, "R1 a b 1000" with a plain positive number, goes straight in;
    # anything unusual takes the full path below, which gives the precise error messages.
    if kind == "R" and len(tokens) == 4 and _PLAIN_NUMBER.match(tokens[3]):
        value = float(tokens[3])
        if value > 0 and name.upper() not in circuit._upper:
            a, b = tokens[1], tokens[2]
            part = Part("R", name, ("0" if a in GROUND else a, "0" if b in GROUND else b), value)
            circuit.parts[name] = part
            circuit._upper[name.upper()] = name
            return
    if kind not in "RCLVIDS":
        raise NetlistError(_("line {n}: unknown part {name!r}: stemkit knows R (resistor), C (capacitor), "
                             "L (inductor), V (voltage source), I (current source), D (diode or LED), S (switch)"
                             ).format(n=n, name=name))
    if len(tokens) < 3:
        raise NetlistError(_("line {n}: {name} needs two nodes, like '{name} a b ...'").format(n=n, name=name))
    a, b, rest = tokens[1], tokens[2], tokens[3:]
    try:
        if kind in "RCL":
            if not rest:
                raise NetlistError(_("line {n}: {name} needs a value after its two nodes").format(n=n, name=name))
            value = spice_value(rest[0], n)
            extra = _key_values(rest[1:], n)
            unknown = set(extra) - ({"IC"} if kind in "CL" else set())
            if unknown:
                raise NetlistError(_("line {n}: {name} does not understand {keys}").format(
                    n=n, name=name, keys=", ".join(sorted(unknown))))
            if kind == "R":
                circuit.add_resistor(name, a, b, value)
            elif kind == "C":
                circuit.add_capacitor(name, a, b, value, initial_voltage=extra.get("IC"))
            else:
                circuit.add_inductor(name, a, b, value, initial_current=extra.get("IC"))
        elif kind in "VI":
            value, ac = _source(rest, n, kind)
            if kind == "V":
                circuit.add_voltage_source(name, a, b, value, ac=ac)
            else:
                circuit.add_current_source(name, a, b, value, ac=ac)
        elif kind == "D":
            model = rest[0] if rest else "default"
            if len(rest) > 1:
                raise NetlistError(_("line {n}: {name} takes anode, cathode and a model name").format(n=n, name=name))
            key = model.lower()
            if key in models:
                params = models[key]
                circuit.add_diode(name, a, b, saturation_current=params.get("IS", 1e-14),
                                  emission_coefficient=params.get("N", 1.0), series_resistance=params.get("RS", 0.0))
            else:
                builtin = {k.lower(): k for k in {**DIODE_MODELS, **LED_MODELS}}
                builtin.update({f"led_{c}": c for c in LED_MODELS})
                if key not in builtin:
                    raise NetlistError(_("line {n}: {name} uses model {model!r}, which is neither in a .model line "
                                         "nor built in ({models})").format(
                        n=n, name=name, model=model, models=", ".join(sorted(set(builtin.values())))))
                circuit.add_diode(name, a, b, builtin[key])
        else:
            state = rest[0].lower() if len(rest) == 1 else ""
            if state not in ("open", "closed", "on", "off"):
                raise NetlistError(_("line {n}: write a switch as '{name} a b open' or '{name} a b closed' "
                                     "(voltage-controlled switches are not supported)").format(n=n, name=name))
            circuit.add_switch(name, a, b, closed=state in ("closed", "on"))
    except NetlistError:
        raise
    except ValueError as exc:
        raise NetlistError(_("line {n}: {error}").format(n=n, error=exc)) from None
