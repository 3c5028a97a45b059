"""G-code: write a program a printer prints to size, and read G-code back.

G-code is the list of commands a 3D printer runs, one per line: ``G1 X20 Y10
E0.53 F1800`` means "move in a straight line to x = 20 mm, y = 10 mm while the
extruder reaches E = 0.53 mm of filament, at 1800 mm/min". This module speaks the
Marlin flavour used by most hobby printers (Prusa, Creality, Anycubic, ...).

Writing
-------
:func:`part_gcode` turns a part into a program for a printer of
:mod:`stemkit.design3d.printers`; :func:`generate_gcode` does the same from
layers already sliced by :func:`stemkit.design3d.slicing.slice_mesh`. The steps:

1. the printer's start code (heat the bed and nozzle, home, a purge line) and
   its firmware limits;
2. for every layer (``;LAYER:`` comments): the paths of
   :mod:`stemkit.design3d.paths`, a skirt on the first layer, walls whose outer
   edge lies on the part's edge (the nozzle runs w/2 inside it), infill, solid
   on the top and bottom layers; each path preceded by a ``;TYPE:`` comment;
3. travel moves between paths, with a retraction (and the printer's z-hop)
   before the long ones and a prime after; the part-cooling fan from layer 2;
4. the printer's end code, then the filament used and the print-time
   estimate (:mod:`stemkit.design3d.planner`) as comments.

``generate_gcode(..., outlines_only=True)`` writes the simplest program of all,
one line along every loop with the nozzle on the outline itself: short enough
to read line by line, but the part comes out one line width too big.

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
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from stemkit.design3d import printing
from stemkit.i18n import _, format_number

__all__ = [
    "Toolpath",
    "generate_gcode",
    "write_program",
    "part_gcode",
    "split_program",
    "ProgramParts",
    "plan_part",
    "place_on_bed",
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
    feature : ndarray of int, shape (k,)
        Index into :attr:`feature_names` of what each move prints, from the
        slicer's comments (``;TYPE:External perimeter`` in PrusaSlicer and Cura,
        ``; FEATURE: Outer wall`` in Bambu Studio, ``;TYPE:outer wall`` in
        stemkit's programs); -1 where no comment said.
    feature_names : tuple of str
        The features named in the program, in the order they first appear.
    machine : list of (int, str, dict)
        Firmware settings in the program, for the print-time estimate: the index
        of the first move they apply to, the command (``M201`` top accelerations,
        ``M203`` top speeds, ``M204`` accelerations, ``M205`` jerk or junction
        deviation, ``G4`` a pause) and its numbers.
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
    feature: NDArray[np.int64] | None = None
    feature_names: tuple[str, ...] = ()
    machine: list[tuple[int, str, dict[str, float]]] = field(default_factory=list)

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
        """Total length of the travel moves [mm], z-hops and other up-and-down moves included."""
        return float(self.lengths[self.kind == TRAVEL].sum())

    @property
    def travel_length_xy(self) -> float:
        """Distance the head travels across the bed [mm]: travel moves measured in x and y only.

        A z-hop (lifting the nozzle before a travel and lowering it after) adds to
        :attr:`travel_length` but not to this.
        """
        mask = self.kind == TRAVEL
        d = self.end[mask, :2] - self.start[mask, :2]
        return float(np.hypot(d[:, 0], d[:, 1]).sum())

    @property
    def extruded_filament(self) -> float:
        """Filament turned into plastic [mm]: the sum of E over the extruding moves.

        Retractions and the primes that undo them are not counted. This is the
        filament the program *uses*; :func:`stemkit.design3d.printing.filament_length`
        is something else: the filament that *holds* a given volume.
        """
        return float(self.extrusion[self.kind == EXTRUDE].sum())

    @property
    def filament_length(self) -> float:
        """The older name of :attr:`extruded_filament` [mm] (kept so existing notebooks run)."""
        return self.extruded_filament

    def features(self) -> list[str]:
        """What each move prints, as a word (``""`` where the program did not say)."""
        names = self.feature_names
        if self.feature is None:
            return [""] * self.n_moves
        return [names[int(i)] if i >= 0 else "" for i in self.feature]

    def feature_mask(self, *names: str) -> NDArray[np.bool_]:
        """Moves whose feature is one of ``names`` (compared without case).

        Examples
        --------
        >>> tp = parse_gcode(";TYPE:External perimeter\\nG1 X10 E1\\n;TYPE:Solid infill\\nG1 Y10 E2")
        >>> tp.feature_mask("external perimeter").tolist()
        [True, False]
        """
        if self.feature is None:
            return np.zeros(self.n_moves, dtype=bool)
        wanted = {n.lower() for n in names}
        hit = np.array([name.lower() in wanted for name in self.feature_names] + [False], dtype=bool)
        return hit[self.feature]

    @property
    def net_filament(self) -> float:
        """Net filament the extruder moved [mm], retractions included."""
        return float(self.extrusion.sum())

    def extrusion_per_layer(self) -> NDArray[np.float64]:
        """Filament extruded in each layer [mm], in the order of :attr:`layer_z`."""
        mask = self.kind == EXTRUDE
        return np.bincount(self.layer[mask], weights=self.extrusion[mask], minlength=self.n_layers)

    def time(self, *, acceleration: float | None = None, printer: Any = None) -> float:
        """Print-time estimate [s].

        Parameters
        ----------
        acceleration : float, optional
            Acceleration [mm/s²]; ``None`` ignores it (every move at its feed
            speed). With a value, each move is a trapezoid from rest to rest,
            see :func:`stemkit.design3d.printing.move_time`.
        printer : str or Printer, optional
            Plan the moves the way the printer's firmware does (acceleration,
            corner speeds, look-ahead, the printer's limits and those set in the
            program), see :func:`stemkit.design3d.planner.estimate_time`. This is
            the estimate to compare with a slicer's.

        Notes
        -----
        Moves of the extruder only take ``|E| / v``. Dwells (``G4``) are added.
        Without ``printer``, the two simple estimates bracket the truth: real
        printers neither run every move at full speed nor stop at every corner.
        """
        if printer is not None:
            if acceleration is not None:
                raise ValueError(_("give either acceleration or printer, not both"))
            from stemkit.design3d.planner import estimate_time

            return estimate_time(self, printer=printer).total
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
                        0.0, dict(self.temperatures), [],
                        None if self.feature is None else self.feature[mask], self.feature_names, [])

    def view(self, **options):
        """An interactive 3D view with a layer slider: see :func:`stemkit.design3d.view.view` for the options."""
        from stemkit.design3d.view import view

        return view(self, **options)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict | None:
        """Show the toolpath in an interactive 3D view, layer by layer, when it ends a notebook cell."""
        if self.n_layers == 0:
            return None
        return self.view()._repr_mimebundle_(include, exclude)

    def still(self, *, dpi: int = 100) -> bytes:
        """The top layer over the one below (PNG, drawn with matplotlib), for slides and print."""
        return self.view().still(dpi=dpi)

    def __repr__(self) -> str:
        return (f"Toolpath(moves={self.n_moves}, layers={self.n_layers}, "
                f"extrusion={format_number(self.extrusion_length)} mm, "
                f"travel={format_number(self.travel_length)} mm, "
                f"filament={format_number(self.extruded_filament)} mm)")


# ---------------------------------------------------------------------------
# reading

_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")
_WORD = re.compile(r"([A-Za-z])([^A-Za-z\s]*)")
_PAREN_COMMENT = re.compile(r"\([^)]*\)")
_LINE_NUMBER = re.compile(r"^\s*[Nn]\d+\s*")
_CHECKSUM = re.compile(r"\*\d*\s*$")
_COMMAND = re.compile(r"([A-Za-z])\s*(\d+(?:\.\d+)?)")
_EXPONENT = re.compile(r"([A-Za-z])([+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+)")
_MOTION = {"G0", "G1", "G2", "G3"}
#: Firmware settings recorded for the time estimate (see :attr:`Toolpath.machine`).
_MACHINE = {"M201", "M203", "M204", "M205"}
#: Commands after which the firmware waits for every move to finish.
_STOPS = {"G4", "G28", "G29", "M109", "M190", "M400", "M600"}
_HANDLED = _MOTION | _MACHINE | _STOPS | {"G20", "G21", "G90", "G91", "G92", "M82", "M83",
                                          "M104", "M140"}
#: Words that are lengths (scaled by G20 inches) or feed rates.
_LENGTH_WORDS = set("XYZEIJRF")


def _bad(line_no: int, text: str, message: str) -> ValueError:
    return ValueError(_("line {line}: {message} (in '{text}')").format(
        line=line_no, message=message, text=text.strip()[:80]))


def _words(line_no: int, raw: str, body: str, scale: float = 1.0) -> dict[str, float | None]:
    exponent = _EXPONENT.search(body)
    if exponent:
        word = exponent.group(1) + exponent.group(2)
        raise _bad(line_no, raw, _(
            "{word!r} is written with an exponent: G-code numbers are plain decimals like {letter}1000 "
            "(and a word right after a number needs a space: X1 E3)").format(word=word, letter=exponent.group(1)))
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
        # the limit is checked on the value in millimetres, after G20 turns inches into mm
        in_mm = number * scale if letter in _LENGTH_WORDS else number
        if not math.isfinite(number) or abs(in_mm) > MAX_VALUE:
            raise _bad(line_no, raw, _("{word} is out of range: values must be within ±{limit}").format(
                word=letter + value, limit=format_number(MAX_VALUE) + (" mm" if letter in _LENGTH_WORDS else "")))
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
        self.feature = -1                  # index into feature_names of the feature being printed
        self.feature_names: list[str] = []
        self.features: list[int] = []      # one per row
        self.machine: list[tuple[int, str, dict[str, float]]] = []

    def set_feature(self, name: str) -> None:
        name = name.strip()
        if name not in self.feature_names:
            self.feature_names.append(name)
        self.feature = self.feature_names.index(name)

    def add_row(self, x0, y0, z0, x1, y1, z1, de, speed, line_no) -> None:
        self.rows.append((x0, y0, z0, x1, y1, z1, de, speed, line_no))
        self.features.append(self.feature)

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
            self.add_row(pos[0], pos[1], pos[2], target[0], target[1], target[2], de, self.feed, line_no)
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
            self.add_row(*pts[k], *pts[k + 1], de / n, self.feed, line_no)

    def run(self, line_no: int, raw: str) -> None:
        text, semicolon, comment = raw.partition(";")
        if semicolon:
            note = comment.strip()
            key = note[:8].upper()
            if key.startswith("TYPE:"):                 # PrusaSlicer, Cura and stemkit
                self.set_feature(note[5:])
            elif key.startswith("FEATURE:"):            # Bambu Studio, OrcaSlicer
                self.set_feature(note[8:])
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
        p = _words(line_no, raw, text[m.end():], self.scale)
        if command in _MACHINE:
            self.machine.append((len(self.rows), command, {k: v for k, v in p.items() if v is not None}))
            return
        if command in _STOPS and command != "G4":
            self.machine.append((len(self.rows), "stop", {}))
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
            pause = (ms or 0.0) / 1000.0 + (sec or 0.0)
            self.dwell += pause
            self.machine.append((len(self.rows), "G4", {"S": pause}))
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
        feature = np.array(self.features, dtype=np.int64) if self.features else np.zeros(0, dtype=np.int64)
        return Toolpath(start, end, de, speed, kind, layer.astype(np.int64), line, layer_z,
                        float(self.dwell), dict(self.temps), list(self.other),
                        feature, tuple(self.feature_names), list(self.machine))


def parse_gcode(text: str | Iterable[str], *, default_feed_rate: float = 1500.0) -> Toolpath:
    """Read G-code into a :class:`Toolpath`.

    Parameters
    ----------
    text : str, bytes or iterable of str
        The program: one string, its bytes (read as UTF-8), or lines (for example
        an open file).
    default_feed_rate : float
        Feed rate until the first ``F`` [mm/min].

    Returns
    -------
    Toolpath

    Raises
    ------
    ValueError
        On a malformed number, a number in exponent notation (``X1e3``), a
        missing value, a feed rate <= 0, a value beyond ±1e7 (in mm, after
        ``G20`` inches are turned into mm), or an arc given by a radius, naming
        the line number.
    TypeError
        When the program is not text, bytes or lines.

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
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text).decode("utf-8", errors="replace")
    if isinstance(text, str):
        lines: Iterable[Any] = text.splitlines()
    elif isinstance(text, Iterable):
        lines = text
    else:
        raise TypeError(_("G-code must be text (a str), bytes, or a list of lines, got {kind}").format(
            kind=type(text).__name__))
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


class _Program:
    """A G-code program being written: it keeps the text and, move by move, the toolpath.

    Every command goes through :meth:`command` (a line of text, run by the same
    reader that :func:`parse_gcode` uses) or :meth:`move` (a straight move, added
    to the toolpath directly), so the toolpath of a program is exactly what
    reading its text back gives. With ``text=False`` no text is kept: that is how
    a print is timed without writing G-code.
    """

    def __init__(self, machine: Any, settings: Any, *, text: bool = True):
        self.machine = machine
        self.settings = settings
        self.lines: list[str] | None = [] if text else None
        self.reader = _Reader(1500.0)
        self.line_no = 0
        self.retracted = False
        self.lifted = False
        self.feature = ""
        self.e_per_mm = float(printing.extrusion_per_mm(
            width=settings.line_width, layer_height=settings.layer_height,
            diameter=settings.filament_diameter, model=settings.bead_model))

    # -- writing lines --------------------------------------------------------
    def command(self, line: str) -> None:
        """A command (or several lines) written as they are and run by the reader."""
        for text in line.splitlines():
            self.line_no += 1
            self.reader.run(self.line_no, text)
            if self.lines is not None:
                self.lines.append(text)

    def comment(self, text: str) -> None:
        self.command(f"; {text}")

    def move(self, *, x: float | None = None, y: float | None = None, z: float | None = None,
             e: float | None = None, speed: float | None = None, note: str = "") -> None:
        """One straight move ``G1`` to (x, y, z) with the extruder at ``e`` (absolute) [mm, mm/s]."""
        r = self.reader
        self.line_no += 1
        if speed is not None:
            r.feed = speed
        x1 = r.pos[0] if x is None else x
        y1 = r.pos[1] if y is None else y
        z1 = r.pos[2] if z is None else z
        de = 0.0 if e is None else e - r.e
        r.add_row(r.pos[0], r.pos[1], r.pos[2], x1, y1, z1, de, r.feed, self.line_no)
        r.pos = [x1, y1, z1]
        if e is not None:
            r.e = e
        if self.lines is not None:
            words = ["G1"]
            for letter, value, digits in (("X", x, 3), ("Y", y, 3), ("Z", z, 3), ("E", e, 5)):
                if value is not None:
                    words.append(f"{letter}{_fmt(value, digits)}")
            if speed is not None:
                words.append(f"F{_fmt(speed * 60, 0)}")
            self.lines.append(" ".join(words) + (f" ; {note}" if note else ""))

    # -- what a slicer does between the paths -----------------------------------
    def set_feature(self, name: str) -> None:
        if name != self.feature:
            self.feature = name
            self.command(f";TYPE:{name}")

    def retract(self) -> None:
        """Pull the filament back (so that it does not ooze while travelling) and lift the nozzle."""
        m = self.machine
        if self.retracted or m.retract_length <= 0:
            return
        self.move(e=self.reader.e - m.retract_length, speed=m.retract_speed, note="retract")
        self.retracted = True
        if m.z_hop > 0 and not self.lifted:
            self.move(z=self.reader.pos[2] + m.z_hop, speed=self.settings.travel_speed, note="lift")
            self.lifted = True

    def unretract(self, z: float) -> None:
        """Lower the nozzle back to the layer and push the filament forward again (prime)."""
        m = self.machine
        if self.lifted:
            self.move(z=z, speed=self.settings.travel_speed, note="lower")
            self.lifted = False
        if self.retracted:
            self.move(e=self.reader.e + m.retract_length, speed=m.retract_speed, note="prime")
            self.retracted = False

    def travel(self, x: float, y: float, z: float) -> None:
        """Go to (x, y) without printing; long travel moves retract first."""
        px, py = self.reader.pos[0], self.reader.pos[1]
        distance = math.hypot(x - px, y - py)
        if distance < 1e-9:
            return
        if distance > self.machine.retract_before_travel:
            self.retract()
        self.move(x=x, y=y, speed=self.settings.travel_speed)

    def extrude(self, points: NDArray[np.float64], speed: float, z: float) -> None:
        """Print along the points: every millimetre pushes ``e_per_mm`` mm of filament."""
        self.travel(float(points[0, 0]), float(points[0, 1]), z)
        self.unretract(z)
        e = self.reader.e
        first = True
        for (x0, y0), (x1, y1) in zip(points[:-1].tolist(), points[1:].tolist(), strict=True):
            e += self.e_per_mm * math.hypot(x1 - x0, y1 - y0)
            self.move(x=x1, y=y1, e=e, speed=speed if first else None)
            first = False

    def toolpath(self) -> Toolpath:
        return self.reader.toolpath()

    def text(self) -> str:
        return "\n".join(self.lines or []) + "\n"


#: Comments that write_program puts before the printer's start code and before its end code.
START_MARK, END_MARK = "--- start code", "--- end code ---"


class ProgramParts(NamedTuple):
    """A program cut into the steps a printer goes through (see :func:`split_program`)."""

    start: list[str]
    layers: list[list[str]]
    end: list[str]


def split_program(text: str) -> ProgramParts:
    """The lines of a program, step by step: start code, each layer, end code.

    Parameters
    ----------
    text : str
        A program; ``;LAYER:`` comments (stemkit, Cura) mark where each layer begins.

    Returns
    -------
    ProgramParts
        ``start``: everything before the first layer (comments, heating, homing, purge
        line, limits); ``layers``: the lines of each layer; ``end``: from the end-code
        comment that :func:`write_program` writes to the last line (empty for a program
        without it: the last layer then holds the end code).

    Examples
    --------
    >>> from stemkit.design3d.primitives import box
    >>> program = part_gcode(box(size=(10, 10, 1)), printer="ender3")
    >>> parts = split_program(program)
    >>> len(parts.layers), parts.layers[0][0], parts.end[1]
    (5, ';LAYER:0 z = 0.2 mm', 'G91 ; relative positions')
    >>> parts.start + sum(parts.layers, []) + parts.end == program.splitlines()   # every line, in order
    True
    """
    lines = text.splitlines()
    starts = [k for k, line in enumerate(lines) if line.startswith(";LAYER:")]
    end = next((k for k in range(len(lines) - 1, -1, -1) if lines[k].strip() == f"; {END_MARK}"), len(lines))
    if not starts:
        return ProgramParts(lines[:end], [], lines[end:])
    bounds = starts + [max(end, starts[-1] + 1)]
    layers = [lines[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return ProgramParts(lines[:starts[0]], layers, lines[end:] if end > starts[-1] else [])


def _fill_template(template: str, *, settings: Any, machine: Any, top: float) -> str:
    lift = max(0.0, min(10.0, machine.max_height - top - 1.0))
    return template.format(nozzle_temperature=_fmt(settings.nozzle_temperature, 0),
                           bed_temperature=_fmt(settings.bed_temperature, 0),
                           first_layer_z=_fmt(settings.layer_height, 3),
                           lift=_fmt(lift, 1), park_y=_fmt(machine.bed_size[1] * 0.8, 0))


def write_program(plan: Any, *, printer: Any = "ender3", title: str = "part", text: bool = True) -> _Program:
    """Turn a :class:`~stemkit.design3d.paths.PrintPlan` into a program, step by step.

    1. start code of the printer (heat, home, purge line) and its limits;
    2. fan off; for every layer: a comment, a retraction and the move up to the
       layer's height, the fan on at ``settings.fan_layer``, then every path:
       travel to its start (retracting on long travels), prime, print it;
    3. end code (heaters off, park, motors off), then the filament used and the
       print-time estimate as comments.
    """
    from stemkit.design3d.printers import printer as get_printer

    machine = get_printer(printer)
    settings = plan.settings
    program = _Program(machine, settings, text=text)
    top = plan.layers[-1].z if plan.layers else 0.0
    s = settings
    program.comment(f"{title}: generated by stemkit.design3d.gcode for {machine.name}")
    program.comment(f"layer height {_fmt(s.layer_height, 3)} mm, line width {_fmt(s.line_width, 3)} mm, "
                    f"{s.perimeters} walls, {_fmt(100 * s.infill, 1)} % {s.infill_pattern} infill, "
                    f"{s.top_layers} top and {s.bottom_layers} bottom layers")
    program.comment(f"extrusion {_fmt(program.e_per_mm, 5)} mm of filament per mm of path "
                    f"({s.bead_model} bead, {_fmt(s.filament_diameter, 2)} mm filament)")
    program.comment(f"{START_MARK} for the {machine.name} ---")
    program.command(_fill_template(machine.start_gcode, settings=s, machine=machine, top=top))
    for line in machine.limits_gcode():
        program.command(line)
    program.command("M107 ; fan off for the first layer")
    program.command("G90 ; absolute positions")
    program.command("M82 ; absolute extrusion")
    program.command("G92 E0 ; extruder position = 0")
    for layer in plan.layers:
        z = layer.z
        program.command(f";LAYER:{layer.index} z = {_fmt(z, 3)} mm")
        program.retract()
        program.lifted = False                     # the move up to the new layer replaces the lift
        program.move(z=z, speed=s.travel_speed)
        if layer.index + 1 == s.fan_layer and s.fan_speed > 0:
            program.command(f"M106 S{_fmt(255 * s.fan_speed, 0)} ; part-cooling fan on")
        for path in layer.paths:
            program.set_feature(path.feature)
            program.extrude(path.points, path.speed, z)
    program.retract()
    program.comment(END_MARK)
    program.command(_fill_template(machine.end_gcode, settings=s, machine=machine, top=top))
    tp = program.toolpath()
    from stemkit.design3d.planner import estimate_time, format_duration

    used = tp.extruded_filament
    grams = float(printing.filament_mass(length=used, density=s.density, diameter=s.filament_diameter))
    program.comment(f"filament used [mm] = {_fmt(used, 2)}")
    program.comment(f"filament used [g] = {_fmt(grams, 2)}")
    seconds = estimate_time(tp, printer=machine).total
    program.comment(f"estimated printing time (stemkit, {machine.name}) = {format_duration(seconds)}")
    return program


def _settings_from(settings: Any, **old: Any) -> Any:
    """Settings with the older keyword arguments of generate_gcode folded in."""
    from stemkit.design3d.paths import PrintSettings

    settings = settings or PrintSettings()
    changes = {k: v for k, v in old.items() if v is not None and k != "print_speed"}
    speed = old.get("print_speed")
    if speed is not None:
        changes.update(perimeter_speed=speed, external_perimeter_speed=speed, small_perimeter_speed=speed,
                       infill_speed=speed, solid_infill_speed=speed, top_solid_infill_speed=speed,
                       first_layer_speed=min(settings.first_layer_speed, speed))
    return settings.changed(**changes) if changes else settings


def generate_gcode(layers: Sequence[Any], *, layer_height: float | None = None, line_width: float | None = None,
                   filament_diameter: float | None = None,
                   nozzle_temperature: float | None = None, bed_temperature: float | None = None,
                   print_speed: float | None = None, travel_speed: float | None = None,
                   retract_length: float | None = None, retract_speed: float | None = None,
                   origin: Sequence[float] | None = None, bead_model: str | None = None,
                   title: str = "part", printer: Any = "ender3", settings: Any = None,
                   outlines_only: bool = False) -> str:
    """Write a G-code program a real printer prints to size: walls, infill, skirt, fan, retraction.

    Parameters
    ----------
    layers : sequence of Layer
        Layers from :func:`stemkit.design3d.slicing.slice_mesh`, cut in the middle
        of each layer (at :func:`~stemkit.design3d.slicing.layer_heights`); layer
        ``i`` is printed with the nozzle at ``(i + 1) × layer_height``.
    layer_height, line_width, filament_diameter : float, optional
        [mm]; override ``settings``.
    nozzle_temperature, bed_temperature : float, optional
        [°C]; override ``settings``.
    print_speed : float, optional
        One speed for every printing move [mm/s] (the first layer stays at
        ``settings.first_layer_speed`` if that is slower).
    travel_speed : float, optional
        [mm/s].
    retract_length, retract_speed : float, optional
        [mm], [mm/s]; override the printer's.
    origin : (float, float), optional
        Where the part's x = 0, y = 0 goes on the bed [mm]; the middle of the
        printer's bed by default.
    bead_model : {"rounded", "rectangle"}, optional
        See :func:`stemkit.design3d.printing.bead_area`.
    title : str
        Name written in the first comment.
    printer : str or Printer
        The printer (its start and end code, limits and retraction), see
        :mod:`stemkit.design3d.printers`. Bambu Lab printers need their own slicer.
    settings : PrintSettings, optional
        Walls, infill, speeds, temperatures (:class:`stemkit.design3d.paths.PrintSettings`).
    outlines_only : bool
        The simplest program instead: one line along every loop, no inset, no
        infill (the nozzle on the outline itself makes the part ``w`` too big).

    Returns
    -------
    str
        The program, one command per line, with comments (``;TYPE:`` before each
        feature, ``;LAYER:`` before each layer).

    Notes
    -----
    The steps are those of :mod:`stemkit.design3d.paths` (walls w/2 inside the
    outline, infill, skirt) and :func:`write_program` (start code, fan from
    ``fan_layer``, retraction on travel moves longer than the printer's
    ``retract_before_travel``, end code). Along a path of length ``L`` the
    extruder pushes ``E = e L`` with ``e = A_bead / (π d² / 4)``
    (:func:`~stemkit.design3d.printing.extrusion_per_mm`); E is absolute (M82).

    Examples
    --------
    >>> from stemkit.design3d.slicing import Layer, Polygon
    >>> square = np.array([[0.0, 0.0], [20.0, 0.0], [20.0, 20.0], [0.0, 20.0]])
    >>> layer = Layer(0.1, (square,), (False,), (Polygon(square, ()),))
    >>> program = generate_gcode([layer], layer_height=0.2, origin=(0, 0))
    >>> tp = parse_gcode(program)
    >>> outer = tp.end[tp.feature_mask("outer wall"), :2]
    >>> outer.min(axis=0).tolist(), outer.max(axis=0).tolist()     # w/2 = 0.225 mm inside the square
    ([0.225, 0.225], [19.775, 19.775])
    """
    from stemkit.design3d.paths import plan_print
    from stemkit.design3d.printers import printer as get_printer

    if outlines_only:
        return _outline_program(
            layers, layer_height=layer_height if layer_height is not None else 0.2,
            **{k: v for k, v in dict(line_width=line_width, filament_diameter=filament_diameter,
                                     nozzle_temperature=nozzle_temperature, bed_temperature=bed_temperature,
                                     print_speed=print_speed, travel_speed=travel_speed,
                                     retract_length=retract_length, retract_speed=retract_speed,
                                     origin=origin, bead_model=bead_model).items() if v is not None},
            title=title)
    for name, value, unit in (("print speed", print_speed, "mm/s"), ("travel speed", travel_speed, "mm/s"),
                              ("layer height", layer_height, "mm"), ("line width", line_width, "mm"),
                              ("filament diameter", filament_diameter, "mm")):
        if value is not None:
            printing._positive(name, value, unit)
    machine = get_printer(printer)
    changes = {k: v for k, v in (("retract_length", retract_length), ("retract_speed", retract_speed))
               if v is not None}
    if changes:
        for name, value in changes.items():
            printing._positive(name.replace("_", " "), value, "mm" if name == "retract_length" else "mm/s",
                               allow_zero=(name == "retract_length"))
        machine = machine.with_limits(**changes)
    settings = _settings_from(settings, layer_height=layer_height, line_width=line_width,
                              filament_diameter=filament_diameter, nozzle_temperature=nozzle_temperature,
                              bed_temperature=bed_temperature, print_speed=print_speed,
                              travel_speed=travel_speed, bead_model=bead_model)
    layers = list(layers)
    if not layers:
        raise ValueError(_("there are no layers to print: slice the part first"))
    centre = machine.bed_centre if origin is None else tuple(float(c) for c in origin)
    plan = plan_print(layers, settings=settings, origin=centre, start=(0.0, 0.0))
    return write_program(plan, printer=machine, title=title).text()


def place_on_bed(mesh: Any, *, printer: Any = "ender3") -> Any:
    """The part moved so it stands on the bed (z = 0) in the middle of the printer's bed.

    Raises
    ------
    ValueError
        When the part does not fit the printer's build volume.
    """
    from stemkit.design3d.mesh import Mesh
    from stemkit.design3d.printers import printer as get_printer

    machine = get_printer(printer)
    if not isinstance(mesh, Mesh):
        raise TypeError(_("give the part as a Mesh, got {kind}").format(kind=type(mesh).__name__))
    lo, hi = mesh.bounds
    size = hi - lo
    room = (*machine.bed_size, machine.max_height)
    if np.any(size > np.array(room) + 1e-9):
        raise ValueError(_("the part ({x} x {y} x {z} mm) does not fit the {printer} ({bx} x {by} x {bz} mm): "
                           "scale it down or turn it").format(
            x=format_number(size[0]), y=format_number(size[1]), z=format_number(size[2]), printer=machine.name,
            bx=format_number(room[0]), by=format_number(room[1]), bz=format_number(room[2])))
    cx, cy = machine.bed_centre
    return mesh.translated([cx - (lo[0] + hi[0]) / 2, cy - (lo[1] + hi[1]) / 2, -lo[2]])


def plan_part(mesh: Any, *, printer: Any = "ender3", settings: Any = None) -> Any:
    """Place the part on the bed, slice it in the middle of every layer and plan its paths."""
    from stemkit.design3d import slicing
    from stemkit.design3d.paths import PrintSettings, plan_print
    from stemkit.design3d.printers import printer as get_printer

    settings = settings or PrintSettings()
    placed = place_on_bed(mesh, printer=printer)
    centre = get_printer(printer).bed_centre
    # slice the part with its middle at x = y = 0, then put that on the middle of the bed
    part = placed.translated([-centre[0], -centre[1], 0.0])
    layers = slicing.slice_mesh(part, heights=slicing.layer_heights(part, layer_height=settings.layer_height))
    return plan_print(layers, settings=settings, origin=centre, start=(0.0, 0.0))


def part_gcode(mesh: Any, *, printer: Any = "ender3", settings: Any = None, title: str = "part") -> str:
    """G-code for a part, ready for the printer: placed in the middle of the bed, sliced, planned, written.

    Parameters
    ----------
    mesh : Mesh
        The part [mm], any position: it is moved to stand on the middle of the bed.
    printer : str or Printer
        See :mod:`stemkit.design3d.printers` (``"ender3"``, ``"prusa_mk3s"``, ``"prusa_mk4"``,
        ``"generic_marlin"``).
    settings : PrintSettings, optional
    title : str

    Returns
    -------
    str

    Examples
    --------
    >>> from stemkit.design3d.primitives import box
    >>> program = part_gcode(box(size=(20, 20, 2)), printer="prusa_mk3s")
    >>> tp = parse_gcode(program)
    >>> tp.n_layers, round(tp.extruded_filament)
    (10, 292)
    """
    return write_program(plan_part(mesh, printer=printer, settings=settings), printer=printer,
                         title=title).text()


def _outline_program(layers: Sequence[Any], *, layer_height: float, line_width: float = 0.45,
                   filament_diameter: float = printing.FILAMENT_DIAMETER,
                   nozzle_temperature: float = 210.0, bed_temperature: float = 60.0,
                   print_speed: float = 30.0, travel_speed: float = 120.0,
                   retract_length: float = 0.8, retract_speed: float = 35.0,
                   origin: Sequence[float] = (110.0, 110.0), bead_model: str = "rounded",
                   title: str = "part") -> str:
    """The outlines-only program: one line along every loop, no inset, no infill (see generate_gcode)."""
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
    :func:`generate_gcode` with ``outlines_only=True`` for PLA (210 °C nozzle,
    60 °C bed): the two loops are the two lines of the wall. Deterministic: no
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
                          title="ring 20 mm, 10 mm tall, two-line wall (PLA)", outlines_only=True)
