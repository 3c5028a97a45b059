"""A bridge to SPICE: write a :class:`~stemkit.electronics.circuit.Circuit` as a netlist
and run ngspice on it (when it is installed) to check stemkit against it.

Two SPICE traps are handled here:

* In SPICE, ``1M`` means *milli* (``1MEG`` is mega). :func:`to_spice` therefore
  writes every value in plain exponent form (``4700``, ``1e-07``), never a prefix.
* ngspice returns exit code 0 for many errors. :func:`run_ngspice` checks that the
  output file was written and scans ngspice's messages for errors.

Examples
--------
>>> from stemkit.electronics.circuit import Circuit
>>> c = Circuit("divider")
>>> _ = c.add_voltage_source("V1", "in", "0", 5)
>>> _ = c.add_resistor("R1", "in", "out", "1M")
>>> _ = c.add_resistor("R2", "out", "0", "4k7")
>>> print(to_spice(c, analysis=".op"))
* divider
V1 in 0 DC 5
R1 in out 1000000
R2 out 0 4700
.options temp=27 tnom=27
.op
.end
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from stemkit.electronics.circuit import DC, PWM, Circuit, Part, Pulse, Sine, _spice_number
from stemkit.i18n import _

__all__ = ["to_spice", "run_ngspice", "SpiceResult", "SpiceError", "ngspice_available", "read_ascii_raw",
           "spice_name"]

#: Lines in ngspice's output that mean the run failed even though it exited 0.
_ERROR_PATTERNS = re.compile(
    r"(^|\s)error\b|singular matrix|timestep too small|simulation interrupted|simulation\(s\) aborted|"
    r"could not find|no such|unknown (device|parameter|subckt|model)|fatal|not parsed|gmin stepping failed|"
    r"source stepping failed|iteration limit reached",
    re.IGNORECASE,
)


class SpiceError(RuntimeError):
    """ngspice could not run the netlist; the message quotes what ngspice said."""


def spice_name(part: Part) -> str:
    """The element name SPICE will see: the part name, prefixed with its letter when
    it does not already start with it (SPICE reads the kind from the first letter).

    >>> from stemkit.electronics.circuit import Part
    >>> spice_name(Part("R", "pullup", ("a", "0"), 10e3))
    'R_pullup'
    >>> spice_name(Part("R", "R1", ("a", "0"), 10e3))
    'R1'
    """
    return part.name if part.name[:1].upper() == part.kind else f"{part.kind}_{part.name}"


def _source_text(part: Part) -> str:
    wave = part.params["waveform"]
    text = wave.to_spice() if isinstance(wave, (DC, Pulse, PWM, Sine)) else f"DC {_spice_number(part.value)}"
    if not isinstance(wave, DC):
        text = f"DC {_spice_number(float(wave.value(0.0)))} " + text
    if part.params.get("ac"):
        text += f" AC {_spice_number(part.params['ac'])}"
    return text


def to_spice(circuit: Circuit, analysis: str | Sequence[str] = (), *, options: str = "temp=27 tnom=27") -> str:
    """The netlist of ``circuit`` in SPICE form, values in plain exponent form.

    Parameters
    ----------
    circuit : Circuit
    analysis : str or list of str
        Analysis lines to add, like ``".op"``, ``".tran 1u 1m"``, ``".ac dec 20 1 1meg"``.
    options : str
        The ``.options`` line; pins the temperature to 27 °C so diodes match stemkit.

    Returns
    -------
    str
        The netlist, ending with ``.end``. A switch becomes a voltage-controlled
        switch (``S``) driven by a piecewise-linear control source that follows its
        events.
    """
    lines = [f"* {circuit.title}" if circuit.title else "* stemkit circuit"]
    models: list[str] = []
    for p in circuit.parts.values():
        name = spice_name(p)
        a, b = p.nodes
        if p.kind == "R":
            lines.append(f"{name} {a} {b} {_spice_number(p.value)}")
        elif p.kind in ("V", "I"):
            lines.append(f"{name} {a} {b} {_source_text(p)}")
        elif p.kind == "C":
            ic = p.params.get("initial_voltage")
            lines.append(f"{name} {a} {b} {_spice_number(p.value)}" + (f" IC={_spice_number(ic)}" if ic is not None else ""))
        elif p.kind == "L":
            ic = p.params.get("initial_current")
            lines.append(f"{name} {a} {b} {_spice_number(p.value)}" + (f" IC={_spice_number(ic)}" if ic is not None else ""))
        elif p.kind == "D":
            model = f"D_{p.name}"
            lines.append(f"{name} {a} {b} {model}")
            models.append(f".model {model} D(IS={_spice_number(p.params['saturation_current'])} "
                          f"N={_spice_number(p.params['emission_coefficient'])} "
                          f"RS={_spice_number(p.params.get('series_resistance', 0.0))})")
        elif p.kind == "S":
            control = f"ctl_{p.name}"
            lines.append(f"{name} {a} {b} {control} 0 SW_{p.name}")
            level = 1.0 if p.params["closed"] else 0.0
            pts = [(0.0, level)]
            for t, closed in p.params["events"]:
                new = 1.0 if closed else 0.0
                if t == 0:
                    pts = [(0.0, new)]
                else:
                    pts += [(t, pts[-1][1]), (t * (1 + 1e-9) + 1e-12, new)]
                level = new
            pwl = " ".join(f"{_spice_number(t)} {_spice_number(v)}" for t, v in pts)
            lines.append(f"V_{control} {control} 0 PWL({pwl})")
            models.append(f".model SW_{p.name} SW(VT=0.5 VH=0 RON={_spice_number(p.params['on_resistance'])} "
                          f"ROFF={_spice_number(p.params['off_resistance'])})")
    lines += models
    if options:
        lines.append(f".options {options}")
    lines += [analysis] if isinstance(analysis, str) else list(analysis)
    lines.append(".end")
    return "\n".join(line for line in lines if line != "")


def ngspice_available(executable: str = "ngspice") -> bool:
    """True when an ngspice executable is on the PATH."""
    return shutil.which(executable) is not None


@dataclass
class SpiceResult:
    """Vectors ngspice computed, by ngspice's (lower-case) names: ``"time"``,
    ``"frequency"``, ``"v(out)"``, ``"i(v1)"``.

    Operating-point vectors hold one value each.
    """

    plotname: str
    vectors: dict[str, NDArray[np.float64] | NDArray[np.complex128]]
    messages: list[str] = field(default_factory=list)
    netlist: str = ""
    elapsed_s: float = 0.0

    def _get(self, key: str) -> NDArray:
        key = key.lower()
        if key not in self.vectors:
            raise KeyError(_("ngspice wrote no vector {name!r}; it wrote {names}").format(
                name=key, names=", ".join(self.vectors)))
        return self.vectors[key]

    @property
    def time(self) -> NDArray[np.float64]:
        """Time points of a transient [s] (ngspice chooses them)."""
        return np.real(self._get("time"))

    @property
    def frequency(self) -> NDArray[np.float64]:
        """Frequencies of an AC sweep [Hz]."""
        return np.real(self._get("frequency"))

    def voltage(self, node: str) -> NDArray:
        """v(node) [V]."""
        if node in ("0", "gnd", "GND"):
            return np.zeros_like(self.vectors[next(iter(self.vectors))])
        return self._get(f"v({node})")

    def current(self, part: str) -> NDArray:
        """Current through a voltage source or inductor, SPICE convention (from + through it to -) [A]."""
        return self._get(f"i({part})")


def read_ascii_raw(text: str) -> SpiceResult:
    """Read an ngspice ASCII raw file (the format ``SPICE_ASCIIRAWFILE=1`` writes).

    >>> raw = '''Title: t
    ... Plotname: Operating Point
    ... Flags: real
    ... No. Variables: 2
    ... No. Points: 1
    ... Variables:
    ... \\t0\\tv(in)\\tvoltage
    ... \\t1\\ti(v1)\\tcurrent
    ... Values:
    ... 0\\t\\t5.0e+00
    ... \\t-2.5e-03
    ... '''
    >>> r = read_ascii_raw(raw)
    >>> r.plotname, float(r.voltage("in")[0]), float(r.current("V1")[0])
    ('Operating Point', 5.0, -0.0025)
    """
    lines = text.splitlines()
    header: dict[str, str] = {}
    k = 0
    while k < len(lines) and not lines[k].startswith("Variables:"):
        if ":" in lines[k]:
            key, _sep, val = lines[k].partition(":")
            header[key.strip()] = val.strip()
        k += 1
    try:
        nvars = int(header["No. Variables"])
        npoints = int(header["No. Points"])
    except (KeyError, ValueError):
        raise SpiceError(_("the ngspice output file has no variable list; it may be binary or cut short")) from None
    names = [lines[k + 1 + j].split()[1].lower() for j in range(nvars)]
    k += 1 + nvars
    if not lines[k].startswith("Values:"):
        raise SpiceError(_("the ngspice output file has no values"))
    complex_data = "complex" in header.get("Flags", "")
    tokens = " ".join(lines[k + 1:]).split()
    # Each point: its index, then one value per variable.
    per = nvars + 1
    if len(tokens) < per * npoints:
        npoints = len(tokens) // per
    data = np.array(tokens[: per * npoints]).reshape(npoints, per)[:, 1:]
    if complex_data:
        def conv(s: str) -> complex:
            re_, im = s.split(",")
            return complex(float(re_), float(im))

        values = np.vectorize(conv, otypes=[complex])(data)
    else:
        values = data.astype(float)
    vectors = {name: values[:, j] for j, name in enumerate(names)}
    return SpiceResult(plotname=header.get("Plotname", ""), vectors=vectors)


def run_ngspice(netlist: Circuit | str, analysis: str | Sequence[str] = ".op", *, timeout: float = 120.0,
                executable: str = "ngspice", options: str = "temp=27 tnom=27") -> SpiceResult:
    """Run ngspice in batch mode and read its results.

    Parameters
    ----------
    netlist : Circuit or str
        A circuit (written with :func:`to_spice`) or netlist text (with its own
        analysis line and ``.end``).
    analysis : str or list of str
        Analysis lines for a Circuit, e.g. ``".tran 1e-6 1e-3 0 1e-7 uic"``.
    timeout : float
        Seconds to wait for ngspice.
    executable : str
        The ngspice command.
    options : str
        The ``.options`` line for a Circuit.

    Returns
    -------
    SpiceResult

    Raises
    ------
    FileNotFoundError
        When ngspice is not installed (install the ``ngspice`` package).
    SpiceError
        When ngspice reports an error or writes no output, quoting its messages.
    """
    import time

    path = shutil.which(executable)
    if path is None:
        raise FileNotFoundError(_("ngspice is not installed: install it (Debian/Ubuntu: apt install ngspice) "
                                  "to compare with SPICE"))
    text = to_spice(netlist, analysis, options=options) if isinstance(netlist, Circuit) else str(netlist)
    with tempfile.TemporaryDirectory(prefix="stemkit-ngspice-") as tmp:
        cir = Path(tmp) / "circuit.cir"
        raw = Path(tmp) / "out.raw"
        cir.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
        env = dict(os.environ, SPICE_ASCIIRAWFILE="1")
        start = time.perf_counter()
        try:
            proc = subprocess.run([path, "-b", "-r", str(raw), str(cir)], capture_output=True, text=True,
                                  timeout=timeout, env=env, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise SpiceError(_("ngspice did not finish within {seconds} s").format(seconds=timeout)) from None
        elapsed = time.perf_counter() - start
        output = (proc.stdout or "") + "\n" + (proc.stderr or "")
        messages = [line.strip() for line in output.splitlines() if line.strip()]
        errors = [m for m in messages if _ERROR_PATTERNS.search(m)]
        if errors or proc.returncode != 0:
            raise SpiceError(_("ngspice reported errors (exit code {code}):\n{messages}").format(
                code=proc.returncode, messages="\n".join(errors or messages[-10:])))
        if not raw.exists() or raw.stat().st_size == 0:
            raise SpiceError(_("ngspice wrote no output file; its messages were:\n{messages}").format(
                messages="\n".join(messages[-10:])))
        result = read_ascii_raw(raw.read_text(encoding="utf-8", errors="replace"))
    result.messages = messages
    result.netlist = text
    result.elapsed_s = elapsed
    return result
