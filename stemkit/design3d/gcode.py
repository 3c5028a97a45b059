"""G-code: write a simple printable program from sliced layers, and read G-code back.

G-code is the list of commands a 3D printer runs, one per line: ``G1 X20 Y10
E0.53 F1800`` means "move in a straight line to x = 20 mm, y = 10 mm while the
extruder reaches E = 0.53 mm of filament, at 1800 mm/min". This module speaks the
Marlin flavour used by most hobby printers (Prusa, Creality, Anycubic, ...).

Writing
-------
:func:`generate_gcode` turns layers from :func:`stemkit.design3d.slicing.slice_mesh`
into a complete program: heat up (M140/M104, then wait with M190/M109), home
(G28), absolute positions (G90) and absolute extrusion (M82), reset the
extruder (G92 E0), then layer by layer: one perimeter along every loop with
``G1 X Y E F``, travel moves between loops with ``G0``, a retraction before each
travel and an un-retraction after it; at the end, heaters off and motors off.
It prints **outlines only** (one line around every loop, no infill): enough
for a thin-walled ring or a vase, and short enough to read line by line. The
nozzle follows the loop itself; real slicers move the outer perimeter half a
line width inwards.

Reading
-------
:func:`parse_gcode` reads G-code (from stemkit or from a real slicer) into a
:class:`Toolpath`: one row per straight move with its start and end [mm], the
filament it pushes [mm], its feed speed [mm/s], its kind (extrude, travel, or
extruder-only: retract / prime), its layer and its line number. The reader
follows:

- comments: everything after ``;`` and anything in ``( )``;
- ``N`` line numbers and ``*`` checksums (host protocol) are skipped;
- ``G0``/``G1`` moves, ``G2``/``G3`` arcs in I J form (split into chords of at
  most 1 mm), ``G28`` homing (homed axes go to 0; the homing move itself is not
  a path), ``G92`` (set position; with no axes, all axes to 0), ``G4`` dwell;
- ``G90``/``G91`` absolute/relative positions (as in Marlin, they set the
  extruder too), ``M82``/``M83`` absolute/relative extrusion, ``G20``/``G21``
  inches/millimetres;
- ``M104``/``M109`` nozzle and ``M140``/``M190`` bed temperatures (recorded).

Every other command (``M106`` fan, ``M117`` message, ``T0`` tool, ...) is
**kept, not run**: it is listed in :attr:`Toolpath.other_commands` with its line
number. A malformed number, a missing value or an impossible feed rate raises
``ValueError`` naming the line number and the line.

Units: positions and lengths [mm], filament lengths [mm of filament], feed
rates as written in G-code [mm/min] but stored as speeds [mm/s], times [s],
temperatures [°C].

Examples
--------
>>> tp = parse_gcode('''
... G90
... M82
... G92 E0
... G0 X0 Y0 Z0.2 F6000   ; travel to the start
... G1 X20 E0.8 F1200     ; one 20 mm line
... G1 Y10 E1.2
... ''')
>>> tp.n_moves, tp.extrusion_length, tp.filament_length
(3, 30.0, 1.2)
>>> tp.kinds
['travel', 'extrude', 'extrude']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stemkit.design3d import printing
from stemkit.i18n import _, format_number

__all__ = [
    "Toolpath",
    "generate_gcode",
    "parse_gcode",
    "read_gcode",
    "sample_ring_program",
    "TRAVEL",
    "EXTRUDE",
    "EXTRUDER_ONLY",
]

#: Move kinds in :attr:`Toolpath.kind`.
TRAVEL, EXTRUDE, EXTRUDER_ONLY = 0, 1, 2
_KIND_NAMES = {TRAVEL: "travel", EXTRUDE: "extrude", EXTRUDER_ONLY: "extruder only"}

#: Largest coordinate or parameter the reader accepts [mm or mm/min]; bigger is a typo.
MAX_VALUE = 1e7
#: Longest chord an arc (G2/G3) is split into [mm], and the most chords per arc.
ARC_CHORD = 1.0
MAX_ARC_CHORDS = 3600


# ---------------------------------------------------------------------------
# the toolpath


@dataclass(frozen=True)
class Toolpath:
    """Straight moves of a G-code program, as arrays (one row per move).

    Attributes
    ----------
    start, end : ndarray, shape (k, 3)
        Start and end of each move [mm].
    extrusion : ndarray, shape (k,)
        Filament pushed during the move [mm of filament]; negative for a retraction.
    speed : ndarray, shape (k,)
        Feed speed [mm/s] (the G-code ``F`` divided by 60).
    kind : ndarray of int, shape (k,)
        ``EXTRUDE`` (1): moves with ``E`` increasing; ``TRAVEL`` (0): moves with no
        extrusion; ``EXTRUDER_ONLY`` (2): only the filament moves (retract, prime).
    layer : ndarray of int, shape (k,)
        Index into :attr:`layer_z` of the layer each move belongs to.
    line : ndarray of int, shape (k,)
        Line number (from 1) of the command that made the move.
    layer_z : ndarray
        Heights of the layers [mm]: every height at which something was extruded.
    dwell : float
        Total pause time from ``G4`` [s].
    temperatures : dict
        Highest target temperatures set [°C] (the printing temperatures, not the
        ``S0`` that switches a heater off at the end): ``{"nozzle": ..., "bed": ...}``.
    other_commands : list of (int, str)
        Line number and text of every command kept but not run.
    """

    start: NDArray[np.float64]
    end: NDArray[np.float64]
    extrusion: NDArray[np.float64]
    speed: NDArray[np.float64]
    kind: NDArray[np.int8]
    layer: NDArray[np.int64]
    line: NDArray[np.int64]
    layer_z: NDArray[np.float64]
    dwell: float = 0.0
    temperatures: dict[str, float] = field(default_factory=dict)
    other_commands: list[tuple[int, str]] = field(default_factory=list)

    @property
    def n_moves(self) -> int:
        """Number of moves."""
        return int(len(self.kind))

    @property
    def n_layers(self) -> int:
        """Number of layers (heights with extrusion)."""
        return int(len(self.layer_z))

    @property
    def kinds(self) -> list[str]:
        """Kind of each move as a word: ``"extrude"``, ``"travel"``, ``"extruder only"``."""
        return [_KIND_NAMES[int(k)] for k in self.kind]

    @property
    def lengths(self) -> NDArray[np.float64]:
        """Length of each move [mm]."""
        return np.linalg.norm(self.end - self.start, axis=1)

    @property
    def extrusion_length(self) -> float:
        """Total length of the printing (extruding) moves [mm]."""
        return float(self.lengths[self.kind == EXTRUDE].sum())

    @property
    def travel_length(self) -> float:
        """Total length of the travel moves [mm]."""
        return float(self.lengths[self.kind == TRAVEL].sum())

    @property
    def filament_length(self) -> float:
        """Filament turned into plastic [mm]: the sum of E over the extruding moves.

        Retractions and the primes that undo them are not counted.
        """
        return float(self.extrusion[self.kind == EXTRUDE].sum())

    @property
    def net_filament(self) -> float:
        """Net filament the extruder moved [mm], retractions included."""
        return float(self.extrusion.sum())

    def extrusion_per_layer(self) -> NDArray[np.float64]:
        """Filament extruded in each layer [mm], in the order of :attr:`layer_z`."""
        mask = self.kind == EXTRUDE
        return np.bincount(self.layer[mask], weights=self.extrusion[mask], minlength=self.n_layers)

    def time(self, *, acceleration: float | None = None) -> float:
        """Print-time estimate [s].

        Parameters
        ----------
        acceleration : float, optional
            Acceleration [mm/s²]; ``None`` ignores it (every move at its feed
            speed). With a value, each move is a trapezoid from rest to rest,
            see :func:`stemkit.design3d.printing.move_time`.

        Notes
        -----
        Moves of the extruder only take ``|E| / v``. Dwells (``G4``) are added.
        Real printers blend corners, so the true time lies between the two estimates.
        """
        if self.n_moves == 0:
            return float(self.dwell)
        length = self.lengths
        only_e = self.kind == EXTRUDER_ONLY
        length = np.where(only_e, np.abs(self.extrusion), length)
        moving = length > 0
        t = printing.move_time(length=length[moving], speed=self.speed[moving], acceleration=acceleration)
        return float(np.sum(t) + self.dwell)

    def layer_moves(self, index: int) -> Toolpath:
        """The moves of one layer, as a smaller :class:`Toolpath`."""
        mask = self.layer == index
        return Toolpath(self.start[mask], self.end[mask], self.extrusion[mask], self.speed[mask],
                        self.kind[mask], self.layer[mask], self.line[mask], self.layer_z,
                        0.0, dict(self.temperatures), [])

    def _repr_png_(self) -> bytes | None:
        """Draw the top layer's moves over the layer below (matplotlib is imported only here)."""
        if self.n_layers == 0:
            return None
        import io

        from matplotlib.figure import Figure

        from stemkit.design3d.plots import draw_toolpath

        top = self.n_layers - 1
        fig = Figure(figsize=(4.5, 4.2), layout="constrained")
        ax = fig.add_subplot()
        draw_toolpath(ax, self.layer_moves(top), below=self.layer_moves(top - 1) if top else None)
        ax.set_title(f"layer {top + 1} / {self.n_layers}, z = {format_number(self.layer_z[top])} mm")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        return buf.getvalue()

    def __repr__(self) -> str:
        return (f"Toolpath(moves={self.n_moves}, layers={self.n_layers}, "
                f"extrusion={format_number(self.extrusion_length)} mm, "
                f"travel={format_number(self.travel_length)} mm, "
                f"filament={format_number(self.filament_length)} mm)")


# ---------------------------------------------------------------------------
# reading

_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_WORD = re.compile(r"([A-Za-z])([^A-Za-z\s]*)")
_PAREN_COMMENT = re.compile(r"\([^)]*\)")
_LINE_NUMBER = re.compile(r"^\s*[Nn]\d+\s*")
_CHECKSUM = re.compile(r"\*\d*\s*$")
_COMMAND = re.compile(r"([A-Za-z])\s*(\d+(?:\.\d+)?)")
_MOTION = {"G0", "G1", "G2", "G3"}
_HANDLED = _MOTION | {"G4", "G20", "G21", "G28", "G90", "G91", "G92", "M82", "M83",
                      "M104", "M109", "M140", "M190"}


def _bad(line_no: int, text: str, message: str) -> ValueError:
    return ValueError(_("line {line}: {message} (in '{text}')").format(
        line=line_no, message=message, text=text.strip()[:80]))


def _words(line_no: int, raw: str, body: str) -> dict[str, float | None]:
    params: dict[str, float | None] = {}
    for letter, value in _WORD.findall(body):
        letter = letter.upper()
        if value == "":
            params[letter] = None
            continue
        if not _NUMBER.match(value):
            raise _bad(line_no, raw, _("cannot read {word!r} as a number: write it like {letter}12.5").format(
                word=letter + value, letter=letter))
        number = float(value)
        if not math.isfinite(number) or abs(number) > MAX_VALUE:
            raise _bad(line_no, raw, _("{word} is out of range: values must be within ±{limit}").format(
                word=letter + value, limit=format_number(MAX_VALUE)))
        params[letter] = number
    return params


class _Reader:
    def __init__(self, default_feed: float):
        self.pos = [0.0, 0.0, 0.0]
        self.e = 0.0
        self.abs_xyz = True
        self.abs_e = True
        self.scale = 1.0
        self.feed = default_feed / 60.0
        self.rows: list[tuple] = []        # (x0, y0, z0, x1, y1, z1, de, speed, line)
        self.dwell = 0.0
        self.temps: dict[str, float] = {}
        self.other: list[tuple[int, str]] = []

    def move(self, line_no, raw, p, arc=None):
        if "F" in p:
            f = p["F"]
            if f is None:
                raise _bad(line_no, raw, _("F has no number after it"))
            if f <= 0:
                raise _bad(line_no, raw, _("feed rate F must be > 0 mm/min, got {value}").format(
                    value=format_number(f)))
            self.feed = f * self.scale / 60.0
        pos = self.pos
        target = list(pos)
        for i, axis in enumerate("XYZ"):
            if axis in p:
                value = p[axis]
                if value is None:
                    raise _bad(line_no, raw, _("{axis} has no number after it").format(axis=axis))
                value *= self.scale
                target[i] = value if self.abs_xyz else pos[i] + value
        de = 0.0
        if "E" in p:
            value = p["E"]
            if value is None:
                raise _bad(line_no, raw, _("E has no number after it"))
            value *= self.scale
            de = value - self.e if self.abs_e else value
            self.e = value if self.abs_e else self.e + value
        if arc is None:
            self.rows.append((pos[0], pos[1], pos[2], target[0], target[1], target[2], de, self.feed, line_no))
        else:
            self._arc(line_no, raw, p, target, de, clockwise=arc)
        self.pos = target

    def _arc(self, line_no, raw, p, target, de, clockwise):
        if "R" in p:
            raise _bad(line_no, raw, _("arcs given by a radius R are not supported; use the I J form"))
        i = (p.get("I") or 0.0) * self.scale
        j = (p.get("J") or 0.0) * self.scale
        cx, cy = self.pos[0] + i, self.pos[1] + j
        r = math.hypot(i, j)
        if r == 0:
            raise _bad(line_no, raw, _("arc needs a centre offset I or J that is not zero"))
        a0 = math.atan2(self.pos[1] - cy, self.pos[0] - cx)
        a1 = math.atan2(target[1] - cy, target[0] - cx)
        sweep = a1 - a0
        if clockwise:
            sweep = sweep if sweep < 0 else sweep - 2 * math.pi
        else:
            sweep = sweep if sweep > 0 else sweep + 2 * math.pi
        n = int(min(max(math.ceil(abs(sweep) * r / ARC_CHORD), 1), MAX_ARC_CHORDS))
        s = np.linspace(0.0, 1.0, n + 1)
        ang = a0 + sweep * s
        pts = np.column_stack([cx + r * np.cos(ang), cy + r * np.sin(ang),
                               self.pos[2] + (target[2] - self.pos[2]) * s])
        pts[-1] = target
        pts[0] = self.pos
        for k in range(n):
            self.rows.append((*pts[k], *pts[k + 1], de / n, self.feed, line_no))

    def run(self, line_no: int, raw: str) -> None:
        text = raw.split(";", 1)[0]
        if "(" in text:
            text = _PAREN_COMMENT.sub(" ", text)
        text = text.strip()
        if text[:1] in ("N", "n"):
            text = _LINE_NUMBER.sub("", text)
        if "*" in text:
            text = _CHECKSUM.sub("", text).strip()
        if not text:
            return
        m = _COMMAND.match(text)
        if not m:
            if text.startswith("%"):      # program start/end marker of some dialects
                return
            raise _bad(line_no, raw, _("a command starts with a letter and a number, like G1 or M104"))
        command = m.group(1).upper() + str(int(float(m.group(2)))) if "." not in m.group(2) \
            else m.group(1).upper() + m.group(2)
        if command not in _HANDLED:
            self.other.append((line_no, raw.strip()))
            return
        p = _words(line_no, raw, text[m.end():])
        if command in ("G0", "G1"):
            self.move(line_no, raw, p)
        elif command in ("G2", "G3"):
            self.move(line_no, raw, p, arc=(command == "G2"))
        elif command == "G90":
            self.abs_xyz = self.abs_e = True
        elif command == "G91":
            self.abs_xyz = self.abs_e = False
        elif command == "M82":
            self.abs_e = True
        elif command == "M83":
            self.abs_e = False
        elif command == "G20":
            self.scale = 25.4
        elif command == "G21":
            self.scale = 1.0
        elif command == "G92":
            axes = [a for a in "XYZE" if a in p]
            if not axes:
                self.pos = [0.0, 0.0, 0.0]
                self.e = 0.0
            for a in axes:
                value = (p[a] or 0.0) * self.scale
                if a == "E":
                    self.e = value
                else:
                    self.pos["XYZ".index(a)] = value
        elif command == "G28":
            axes = [a for a in "XYZ" if a in p] or ["X", "Y", "Z"]
            for a in axes:
                self.pos["XYZ".index(a)] = 0.0
        elif command == "G4":
            ms = p.get("P")
            sec = p.get("S")
            if (ms is not None and ms < 0) or (sec is not None and sec < 0):
                raise _bad(line_no, raw, _("a dwell time must be >= 0"))
            self.dwell += (ms or 0.0) / 1000.0 + (sec or 0.0)
        elif command in ("M104", "M109", "M140", "M190"):
            value = p.get("S", p.get("R"))
            if value is not None:
                heater = "bed" if command in ("M140", "M190") else "nozzle"
                self.temps[heater] = max(value, self.temps.get(heater, value))

    def toolpath(self) -> Toolpath:
        if self.rows:
            a = np.array(self.rows, dtype=np.float64)
        else:
            a = np.zeros((0, 9))
        start, end, de, speed, line = a[:, 0:3], a[:, 3:6], a[:, 6], a[:, 7], a[:, 8].astype(np.int64)
        moved = np.any(start != end, axis=1)
        kind = np.where(moved, np.where(de > 0, EXTRUDE, TRAVEL), EXTRUDER_ONLY).astype(np.int8)
        kind[(~moved) & (de == 0)] = TRAVEL             # a move to where the head already is
        z_key = np.round(end[:, 2], 6)
        layer_z = np.unique(z_key[kind == EXTRUDE])
        if len(layer_z):
            layer = np.clip(np.searchsorted(layer_z, z_key, side="right") - 1, 0, len(layer_z) - 1)
        else:
            layer = np.zeros(len(kind), dtype=np.int64)
        return Toolpath(start, end, de, speed, kind, layer.astype(np.int64), line, layer_z,
                        float(self.dwell), dict(self.temps), list(self.other))


def parse_gcode(text: str | Iterable[str], *, default_feed_rate: float = 1500.0) -> Toolpath:
    """Read G-code into a :class:`Toolpath`.

    Parameters
    ----------
    text : str or iterable of str
        The program: one string, or lines (for example an open file).
    default_feed_rate : float
        Feed rate until the first ``F`` [mm/min].

    Returns
    -------
    Toolpath

    Raises
    ------
    ValueError
        On a malformed number, a missing value, a feed rate <= 0, a value beyond
        ±1e7, or an arc given by a radius, naming the line number.

    Notes
    -----
    See the module notes for the commands followed. The filament of a move is the
    change of ``E``: ``E_new - E_old`` with absolute extrusion (M82), ``E``
    itself with relative extrusion (M83). A move is *extruding* when it moves the
    head and pushes filament (ΔE > 0), *travel* when it moves the head without
    extruding, and *extruder only* when only ``E`` changes (retract, prime).
    Layers are the heights at which extrusion happens; a travel move belongs to
    the highest layer at or below its end height (so a z-hop stays in its layer).

    Examples
    --------
    >>> tp = parse_gcode("M83\\nG1 X10 E0.5 F600\\nG1 E-0.8 F2100 ; retract\\nG0 X30\\nG1 E0.8\\nG1 X40 E0.5")
    >>> tp.kinds
    ['extrude', 'extruder only', 'travel', 'extruder only', 'extrude']
    >>> tp.filament_length, tp.net_filament
    (1.0, 1.0)
    >>> parse_gcode("G1 X10\\nG1 X1.2.3 Y4")
    Traceback (most recent call last):
    ...
    ValueError: line 2: cannot read 'X1.2.3' as a number: write it like X12.5 (in 'G1 X1.2.3 Y4')
    """
    if not (isinstance(default_feed_rate, (int, float)) and math.isfinite(default_feed_rate)
            and default_feed_rate > 0):
        raise ValueError(_("default feed rate must be > 0 mm/min, got {value}").format(value=default_feed_rate))
    lines = text.splitlines() if isinstance(text, str) else text
    reader = _Reader(float(default_feed_rate))
    for line_no, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        if not isinstance(raw, str):
            raise TypeError(_("G-code lines must be text, got {kind} on line {line}").format(
                kind=type(raw).__name__, line=line_no))
        reader.run(line_no, raw)
    return reader.toolpath()


def read_gcode(path: str | Path, **kwargs: Any) -> Toolpath:
    """Read a ``.gcode`` file into a :class:`Toolpath` (see :func:`parse_gcode`)."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return parse_gcode(handle, **kwargs)


# ---------------------------------------------------------------------------
# writing


def _fmt(x: float, digits: int) -> str:
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def generate_gcode(layers: Sequence[Any], *, layer_height: float, line_width: float = 0.45,
                   filament_diameter: float = printing.FILAMENT_DIAMETER,
                   nozzle_temperature: float = 210.0, bed_temperature: float = 60.0,
                   print_speed: float = 30.0, travel_speed: float = 120.0,
                   retract_length: float = 0.8, retract_speed: float = 35.0,
                   origin: Sequence[float] = (110.0, 110.0), bead_model: str = "rounded",
                   title: str = "part") -> str:
    """Write a Marlin G-code program that prints the outline of every loop of every layer.

    Parameters
    ----------
    layers : sequence of Layer
        Layers from :func:`stemkit.design3d.slicing.slice_mesh`, cut in the middle
        of each layer (for example at :func:`~stemkit.design3d.slicing.layer_heights`);
        anything with ``.z`` [mm] and ``.loops`` (k × 2 arrays [mm]) works.
    layer_height : float
        Layer height [mm].
    line_width : float
        Width of the bead [mm] (about the nozzle diameter, 0.4-0.5 mm).
    filament_diameter : float
        [mm].
    nozzle_temperature, bed_temperature : float
        [°C] (PLA: about 210 and 60).
    print_speed, travel_speed : float
        [mm/s].
    retract_length : float
        Filament pulled back before each travel move [mm] (0 for none).
    retract_speed : float
        [mm/s].
    origin : (float, float)
        Where the part's x = 0, y = 0 goes on the bed [mm] (the centre of a
        220 × 220 mm bed by default).
    bead_model : {"rounded", "rectangle"}
        Bead cross-section for the extrusion per millimetre, see
        :func:`stemkit.design3d.printing.bead_area`.
    title : str
        Name written in the first comment.

    Returns
    -------
    str
        The program, one command per line, with comments.

    Notes
    -----
    Layer ``i`` is printed with the nozzle at ``z = z_i - z_0 + t``: the first
    layer at one layer height above the bed, the others stacked on it. Along a
    segment of length ``L`` the extruder pushes ``E = e L`` with
    ``e = A_bead / (π d² / 4)`` (:func:`~stemkit.design3d.printing.extrusion_per_mm`);
    with absolute extrusion (M82) each ``G1`` carries the running total.
    Positions are written to 0.001 mm and E to 0.00001 mm.

    Examples
    --------
    >>> from stemkit.design3d.slicing import Layer
    >>> square = Layer(0.1, (np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]),), (False,), ())
    >>> program = generate_gcode([square], layer_height=0.2, origin=(0, 0), retract_length=0)
    >>> [line for line in program.splitlines() if line.startswith("G1 X")]
    ['G1 X10 Y0 E0.33849 F1800', 'G1 X10 Y10 E0.67698', 'G1 X0 Y10 E1.01546', 'G1 X0 Y0 E1.35395']
    """
    t = float(printing._positive("layer height", layer_height, "mm"))
    e_per_mm = float(printing.extrusion_per_mm(width=line_width, layer_height=t, diameter=filament_diameter,
                                               model=bead_model))  # type: ignore[arg-type]
    for name, value, unit in (("nozzle temperature", nozzle_temperature, "°C"),
                              ("bed temperature", bed_temperature, "°C")):
        printing._positive(name, value, unit, allow_zero=True)
    v_print = float(printing._positive("print speed", print_speed, "mm/s"))
    v_travel = float(printing._positive("travel speed", travel_speed, "mm/s"))
    retract = float(printing._positive("retract length", retract_length, "mm", allow_zero=True))
    v_retract = float(printing._positive("retract speed", retract_speed, "mm/s"))
    ox, oy = (float(c) for c in origin)
    layers = list(layers)
    if not layers:
        raise ValueError(_("there are no layers to print: slice the part first"))
    z_first = float(layers[0].z)

    f_print, f_travel, f_retract = (_fmt(v * 60, 0) for v in (v_print, v_travel, v_retract))
    out = [
        f"; {title}: generated by stemkit.design3d.gcode.generate_gcode",
        f"; layer height {_fmt(t, 3)} mm, line width {_fmt(line_width, 3)} mm, filament {_fmt(filament_diameter, 2)} mm",
        f"; extrusion {_fmt(e_per_mm, 5)} mm of filament per mm of path ({bead_model} bead)",
        "; outlines only: one perimeter along every loop, no infill",
        f"M140 S{_fmt(bed_temperature, 0)} ; start heating the bed",
        f"M104 S{_fmt(nozzle_temperature, 0)} ; start heating the nozzle",
        "G28 ; home all axes",
        f"M190 S{_fmt(bed_temperature, 0)} ; wait for the bed",
        f"M109 S{_fmt(nozzle_temperature, 0)} ; wait for the nozzle",
        "G90 ; absolute positions",
        "M82 ; absolute extrusion",
        "G92 E0 ; extruder position = 0",
        f"G0 Z5 F{f_travel} ; lift before the first move",
    ]
    e = 0.0
    for index, layer in enumerate(layers):
        z = float(layer.z) - z_first + t
        out.append(f";LAYER:{index} z = {_fmt(z, 3)} mm")
        out.append(f"G0 Z{_fmt(z, 3)} F{f_travel}")
        for loop in layer.loops:
            pts = np.asarray(loop, dtype=float) + (ox, oy)
            if len(pts) < 2:
                continue
            if retract > 0:
                out.append(f"G1 E{_fmt(e - retract, 5)} F{f_retract} ; retract")
            out.append(f"G0 X{_fmt(pts[0, 0], 3)} Y{_fmt(pts[0, 1], 3)} F{f_travel}")
            if retract > 0:
                out.append(f"G1 E{_fmt(e, 5)} F{f_retract} ; prime")
            # lengths from the rounded coordinates actually written, so E matches the path exactly
            path = np.round(np.vstack([pts, pts[:1]]), 3)
            e_run = e + e_per_mm * np.cumsum(np.hypot(*np.diff(path, axis=0).T))
            feed = f" F{f_print}"
            for (x, y), e_now in zip(path[1:].tolist(), e_run.tolist(), strict=True):
                out.append(f"G1 X{_fmt(x, 3)} Y{_fmt(y, 3)} E{_fmt(e_now, 5)}{feed}")
                feed = ""
            e = float(e_run[-1])
    if retract > 0:
        out.append(f"G1 E{_fmt(e - retract, 5)} F{f_retract} ; retract")
    out += [
        "M104 S0 ; nozzle heater off",
        "M140 S0 ; bed heater off",
        "G91 ; relative positions",
        f"G0 Z10 F{f_travel} ; lift the nozzle off the part",
        "G90",
        "M84 ; motors off",
        "; end",
    ]
    return "\n".join(out) + "\n"


def sample_ring_program() -> str:
    """The sample program of ``datasets/design3d/ring.gcode``: a thin-walled PLA ring.

    A ring 20 mm across and 10 mm tall whose wall is two lines side by side
    (outer radius 10 mm, hole radius 9.55 mm, 0.45 mm lines), made with
    :func:`stemkit.design3d.primitives.cylinder`, sliced at 0.2 mm and written by
    :func:`generate_gcode` for PLA (210 °C nozzle, 60 °C bed). Deterministic: no
    randomness is involved.

    Examples
    --------
    >>> program = sample_ring_program()
    >>> program.count(";LAYER:")
    50
    """
    from stemkit.design3d import primitives, slicing
    from stemkit.design3d.mesh import Mesh

    outer = primitives.cylinder(radius=10.0, height=10.0, segments=60)
    hole = primitives.cylinder(radius=9.55, height=10.0, segments=60).flip_faces()
    ring = Mesh.merge(outer, hole)
    layers = slicing.slice_mesh(ring, heights=slicing.layer_heights(ring, layer_height=0.2))
    return generate_gcode(layers, layer_height=0.2, line_width=0.45, nozzle_temperature=210,
                          bed_temperature=60, print_speed=30, travel_speed=120, retract_length=0.8,
                          title="ring 20 mm, 10 mm tall, two-line wall (PLA)")
