"""Printer profiles: the machines of a makerspace, their limits and their start and end code.

A G-code program is written for one printer. The printer decides

- where the part goes (the size and centre of its bed, how tall it prints);
- what the program does before and after the part (heating, homing, a purge
  line, parking the head), the *start* and *end* code;
- how fast the head may move and speed up (the firmware's limits: top speed
  and acceleration per axis, and *jerk* or *junction deviation*, how much the
  speed may change suddenly at a corner), which decide how long a print takes;
- how the filament is pulled back before a travel move (retraction).

Profiles here
-------------
``"ender3"``
    Creality Ender-3 class (Ender-3, Ender-3 Pro, V2, Neo): 220 × 220 × 250 mm,
    Marlin with classic jerk, slow accelerations (500 mm/s²), Bowden extruder.
``"prusa_mk3s"``
    Original Prusa i3 MK3S / MK3S+: 250 × 210 × 210 mm, Prusa firmware (classic
    jerk), the limits PrusaSlicer's own profile uses in normal mode.
``"prusa_mk4"``
    Original Prusa MK4: 250 × 210 × 220 mm, Prusa firmware 5 (Marlin 2 based).
``"generic_marlin"``
    Any other Marlin 2 printer with a 200 × 200 × 200 mm bed: Marlin's own
    defaults (3000 mm/s², junction deviation 0.013 mm). Check yours with ``M503``.

**Bambu Lab printers (A1, P1, X1) need their own slicer.** They run Bambu's own
firmware, start with calibration and filament-system commands that only Bambu
Studio (or OrcaSlicer) writes, and print ``.gcode.3mf`` files sent over the
network or on an SD card. Slice for them in Bambu Studio; stemkit can still
*read* their G-code and estimate its time.

Units: lengths [mm], speeds [mm/s], accelerations [mm/s²], temperatures [°C].

Examples
--------
>>> ender = printer("ender3")
>>> ender.bed_size, ender.max_height
((220.0, 220.0), 250.0)
>>> ender.bed_centre
(110.0, 110.0)
>>> printer("bambu_x1c")
Traceback (most recent call last):
...
stemkit.design3d.printers.PrinterError: Bambu Lab printers need their own slicer: they run Bambu's firmware and start with commands only Bambu Studio or OrcaSlicer write. Slice the part there; stemkit can read and time the G-code it makes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from stemkit.i18n import _

__all__ = ["Printer", "PrinterError", "PROFILES", "printer", "profile_names"]

Planner = Literal["jerk", "junction_deviation"]


class PrinterError(ValueError):
    """A printer name stemkit has no profile for (or a Bambu Lab printer). The message says what to do."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows these lines instead of a traceback: a student typing a printer's name sees the fix
        return ["\x1b[31m" + str(self) + "\x1b[0m"]


@dataclass(frozen=True)
class Printer:
    """One printer: bed, firmware limits, retraction, start and end code.

    Attributes
    ----------
    name : str
        The printer's name, for comments and messages.
    bed_size : (float, float)
        Printable width x and depth y [mm]; the bed runs from (0, 0) to this corner.
    max_height : float
        Tallest part [mm].
    nozzle_diameter, filament_diameter : float
        [mm].
    max_speed : (float, float, float, float)
        Top speed of the x, y, z and extruder axes [mm/s] (Marlin ``M203``).
    max_acceleration : (float, float, float, float)
        Top acceleration of each axis [mm/s²] (``M201``).
    print_acceleration, retract_acceleration, travel_acceleration : float
        Acceleration of printing moves, of extruder-only moves and of travel
        moves [mm/s²] (``M204 P R T``).
    planner : {"jerk", "junction_deviation"}
        How the firmware limits the speed at a corner: *classic jerk* (a
        largest sudden change of speed per axis, :attr:`jerk`) or *junction
        deviation* (Marlin 2's default, :attr:`junction_deviation`).
    jerk : (float, float, float, float)
        Largest sudden speed change of x, y, z and extruder [mm/s] (``M205 X Y Z E``).
    junction_deviation : float
        [mm] (``M205 J``); used when ``planner == "junction_deviation"``.
    minimum_planner_speed : float
        The slowest corner speed the planner uses [mm/s].
    retract_length, retract_speed : float
        Filament pulled back before a travel move [mm] and how fast [mm/s]
        (Bowden extruders need more than direct-drive ones).
    retract_before_travel : float
        Travel moves shorter than this are made without retracting [mm].
    z_hop : float
        Lift of the nozzle during retracted travel moves [mm] (0: none).
    firmware_flavour : {"marlin", "marlin2"}
        ``"marlin"`` for Prusa's MK3 firmware and Marlin 1 (``M204 S T``),
        ``"marlin2"`` for Marlin 2 (``M204 P R T``).
    start_gcode, end_gcode : str
        Templates with ``{nozzle_temperature}`` and ``{bed_temperature}`` [°C],
        ``{first_layer_z}`` (the height of the first layer, where the purge line
        goes), ``{lift}`` (how far to lift the nozzle off the finished part, kept
        under :attr:`max_height`) and ``{park_y}`` (where to present the part)
        [mm], filled in by the writer.
    """

    name: str
    bed_size: tuple[float, float]
    max_height: float
    max_speed: tuple[float, float, float, float]
    max_acceleration: tuple[float, float, float, float]
    print_acceleration: float
    retract_acceleration: float
    travel_acceleration: float
    planner: Planner
    jerk: tuple[float, float, float, float]
    start_gcode: str
    end_gcode: str
    junction_deviation: float = 0.013
    minimum_planner_speed: float = 0.05
    nozzle_diameter: float = 0.4
    filament_diameter: float = 1.75
    retract_length: float = 0.8
    retract_speed: float = 35.0
    retract_before_travel: float = 2.0
    z_hop: float = 0.0
    firmware_flavour: Literal["marlin", "marlin2"] = "marlin2"

    @property
    def bed_centre(self) -> tuple[float, float]:
        """The middle of the bed (x, y) [mm], where parts go by default."""
        return (self.bed_size[0] / 2.0, self.bed_size[1] / 2.0)

    def view(self, **options):
        """An interactive 3D view of the bed and build volume (see :func:`stemkit.design3d.view.view`)."""
        from stemkit.design3d.view import view

        return view(self, **options)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Show the build volume in an interactive 3D view when the printer ends a notebook cell."""
        return self.view()._repr_mimebundle_(include, exclude)

    def with_limits(self, **changes) -> Printer:
        """A copy with some fields changed, e.g. ``printer("ender3").with_limits(print_acceleration=1000)``."""
        return replace(self, **changes)

    def limits_gcode(self) -> list[str]:
        """The commands that set the firmware's limits to this profile's (``M201 M203 M204 M205``)."""
        ax, ay, az, ae = (_f(v) for v in self.max_acceleration)
        vx, vy, vz, ve = (_f(v) for v in self.max_speed)
        jx, jy, jz, je = (_f(v) for v in self.jerk)
        lines = [f"M201 X{ax} Y{ay} Z{az} E{ae} ; top accelerations [mm/s^2]",
                 f"M203 X{vx} Y{vy} Z{vz} E{ve} ; top speeds [mm/s]"]
        if self.firmware_flavour == "marlin":
            lines.append(f"M204 S{_f(self.print_acceleration)} T{_f(self.retract_acceleration)} "
                         "; print and retract acceleration [mm/s^2]")
        else:
            lines.append(f"M204 P{_f(self.print_acceleration)} R{_f(self.retract_acceleration)} "
                         f"T{_f(self.travel_acceleration)} ; print, retract, travel acceleration [mm/s^2]")
        if self.planner == "jerk":
            lines.append(f"M205 X{jx} Y{jy} Z{jz} E{je} ; jerk [mm/s]")
        else:
            lines.append(f"M205 J{_f(self.junction_deviation)} ; junction deviation [mm]")
        return lines


def _f(x: float) -> str:
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return text or "0"


_MARLIN_START = """M140 S{bed_temperature} ; start heating the bed
M104 S{nozzle_temperature} ; start heating the nozzle
G28 ; home all axes
G90 ; absolute positions
G1 Z5 F3000 ; lift the nozzle off the bed
M190 S{bed_temperature} ; wait for the bed
M109 S{nozzle_temperature} ; wait for the nozzle
M82 ; absolute extrusion
G92 E0 ; extruder position = 0
G1 X5 Y20 Z{first_layer_z} F5000 ; go to the purge line at the left edge
G1 X5 Y120 E10 F1500 ; purge line: prime the nozzle
G1 X5.4 Y120 F5000
G1 X5.4 Y20 E20 F1500 ; second purge line beside it
G92 E0 ; extruder position = 0
G1 Z2 F3000 ; lift before the part"""

_MARLIN_END = """G91 ; relative positions
G1 E-2 F2100 ; pull the filament back
G1 Z{lift} F600 ; lift the nozzle off the part
G90 ; absolute positions
G1 X0 Y{park_y} F3000 ; present the part
M104 S0 ; nozzle heater off
M140 S0 ; bed heater off
M107 ; fan off
M84 X Y E ; motors off (z stays on so the gantry does not drop)"""

_PRUSA_START = """M862.3 P "{model}" ; printer model check
M862.1 P0.4 ; nozzle diameter check
G90 ; absolute positions
M140 S{bed_temperature} ; start heating the bed
M104 S{nozzle_temperature} ; start heating the nozzle
M190 S{bed_temperature} ; wait for the bed
M109 S{nozzle_temperature} ; wait for the nozzle
G28 W ; home all without mesh bed levelling
G80 ; mesh bed levelling
M82 ; absolute extrusion
G92 E0 ; extruder position = 0
G1 Z{first_layer_z} F720
G1 Y-3 F1000 ; go outside the print area
G1 X60 E9 F1000 ; intro line
G1 X100 E12.5 F1000 ; intro line
G92 E0 ; extruder position = 0"""

_PRUSA_MK4_START = """M862.3 P "MK4" ; printer model check
M862.1 P0.4 ; nozzle diameter check
G90 ; absolute positions
M104 S170 ; a nozzle warm enough to probe the bed, too cold to ooze
M140 S{bed_temperature} ; start heating the bed
M109 R170 ; wait for the probing temperature
M190 S{bed_temperature} ; wait for the bed
G28 ; home all axes
G29 ; mesh bed levelling
M104 S{nozzle_temperature} ; heat the nozzle to printing temperature
G1 Z3 F720
G1 X179 Y-2 F2400 ; go outside the print area
M109 S{nozzle_temperature} ; wait for the nozzle
M82 ; absolute extrusion
G92 E0 ; extruder position = 0
G1 X170 F1000
G1 Z{first_layer_z} F720
G1 X110 E8 F900 ; intro line
G1 X40 E18 F700 ; intro line
G92 E0 ; extruder position = 0"""

_PRUSA_END = """G91 ; relative positions
G1 E-1 F2100 ; pull the filament back
G1 Z{lift} F720 ; lift the nozzle off the part
G90 ; absolute positions
G1 X0 Y{park_y} F3600 ; park the head
G4 ; wait for the moves to finish
M104 S0 ; nozzle heater off
M140 S0 ; bed heater off
M107 ; fan off
M84 ; motors off"""

#: The printer profiles, by key.
PROFILES: dict[str, Printer] = {
    "ender3": Printer(
        name="Creality Ender-3 (Ender-3, Pro, V2, Neo)",
        bed_size=(220.0, 220.0), max_height=250.0,
        max_speed=(500.0, 500.0, 10.0, 60.0),
        max_acceleration=(500.0, 500.0, 100.0, 5000.0),
        print_acceleration=500.0, retract_acceleration=1000.0, travel_acceleration=500.0,
        planner="jerk", jerk=(8.0, 8.0, 0.4, 5.0),
        retract_length=5.0, retract_speed=60.0, retract_before_travel=2.0,
        firmware_flavour="marlin",
        start_gcode=_MARLIN_START, end_gcode=_MARLIN_END),
    "prusa_mk3s": Printer(
        name="Original Prusa i3 MK3S / MK3S+",
        bed_size=(250.0, 210.0), max_height=210.0,
        max_speed=(200.0, 200.0, 12.0, 120.0),
        max_acceleration=(1000.0, 1000.0, 200.0, 5000.0),
        print_acceleration=1250.0, retract_acceleration=1250.0, travel_acceleration=1250.0,
        planner="jerk", jerk=(8.0, 8.0, 0.4, 4.5),
        retract_length=0.8, retract_speed=35.0, retract_before_travel=1.0, z_hop=0.4,
        firmware_flavour="marlin",
        start_gcode=_PRUSA_START.replace("{model}", "MK3S"), end_gcode=_PRUSA_END),
    "prusa_mk4": Printer(
        name="Original Prusa MK4",
        bed_size=(250.0, 210.0), max_height=220.0,
        max_speed=(200.0, 200.0, 12.0, 100.0),
        max_acceleration=(4000.0, 4000.0, 200.0, 2500.0),
        print_acceleration=4000.0, retract_acceleration=1200.0, travel_acceleration=4000.0,
        planner="jerk", jerk=(8.0, 8.0, 2.0, 10.0),
        retract_length=0.8, retract_speed=35.0, retract_before_travel=1.5, z_hop=0.2,
        firmware_flavour="marlin2",
        start_gcode=_PRUSA_MK4_START, end_gcode=_PRUSA_END),
    "generic_marlin": Printer(
        name="Generic Marlin 2 printer",
        bed_size=(200.0, 200.0), max_height=200.0,
        max_speed=(300.0, 300.0, 5.0, 25.0),
        max_acceleration=(3000.0, 3000.0, 100.0, 10000.0),
        print_acceleration=3000.0, retract_acceleration=3000.0, travel_acceleration=3000.0,
        planner="junction_deviation", jerk=(10.0, 10.0, 0.3, 5.0), junction_deviation=0.013,
        retract_length=1.0, retract_speed=35.0, retract_before_travel=2.0,
        firmware_flavour="marlin2",
        start_gcode=_MARLIN_START, end_gcode=_MARLIN_END),
}

_BAMBU = ("bambu", "x1", "p1", "a1")


def profile_names() -> list[str]:
    """The keys of :data:`PROFILES`.

    Examples
    --------
    >>> profile_names()
    ['ender3', 'prusa_mk3s', 'prusa_mk4', 'generic_marlin']
    """
    return list(PROFILES)


def printer(name: str | Printer) -> Printer:
    """The profile of a printer by its key (see :data:`PROFILES`), or a :class:`Printer` itself.

    Raises
    ------
    PrinterError
        (a ValueError) For an unknown name (the message lists the known ones), and for
        Bambu Lab printers, which need their own slicer.
    """
    if isinstance(name, Printer):
        return name
    if not isinstance(name, str):
        raise TypeError(_("printer must be a profile name such as 'ender3' or a Printer, got {kind}").format(
            kind=type(name).__name__))
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in PROFILES:
        return PROFILES[key]
    if any(key.startswith(b) for b in _BAMBU):
        raise PrinterError(_(
            "Bambu Lab printers need their own slicer: they run Bambu's firmware and start with commands "
            "only Bambu Studio or OrcaSlicer write. Slice the part there; stemkit can read and time the "
            "G-code it makes."))
    aliases = {"ender_3": "ender3", "ender3v2": "ender3", "ender_3_v2": "ender3", "mk3s": "prusa_mk3s",
               "mk3": "prusa_mk3s", "mk4": "prusa_mk4", "marlin": "generic_marlin"}
    if key in aliases:
        return PROFILES[aliases[key]]
    raise PrinterError(_("unknown printer {name!r}: choose one of {names}, or make a Printer").format(
        name=name, names=", ".join(PROFILES)))
