"""How long a part takes to print and how much plastic it needs, from the part and the settings alone.

No G-code is written: the part is placed on the printer's bed, sliced, and
its paths planned exactly as :func:`stemkit.design3d.gcode.part_gcode` would
(:mod:`stemkit.design3d.paths`), then the moves are timed the way the printer's
firmware plans them (:mod:`stemkit.design3d.planner`).

The filament and mass count the part (skirt included) and not the purge line
of the printer's start code, as slicers count them; the time counts
everything the printer does after heating, purge line included, as slicers do.

Examples
--------
>>> from stemkit.design3d.primitives import box
>>> e = estimate_part(box(size=(20, 20, 20)), printer="prusa_mk3s")
>>> round(e.mass, 1), e.layers                   # a 20 mm PLA cube at 15 % infill: about 4 g
(3.6, 100)
>>> 17 < e.time / 60 < 20                          # minutes
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from stemkit.design3d import printing
from stemkit.design3d.planner import TimeEstimate, estimate_time, format_duration
from stemkit.i18n import _, format_number

__all__ = ["PartEstimate", "estimate_part"]


@dataclass(frozen=True)
class PartEstimate:
    """What a print needs.

    Attributes
    ----------
    time : float
        Print time [s] (after heating).
    filament_length : float
        Filament the part uses [mm] (not the purge line).
    filament_volume : float
        [mm³].
    mass : float
        [g].
    layers : int
        Number of layers.
    timing : TimeEstimate
        Time per layer and per feature.
    plan : PrintPlan
        The paths of every layer (:mod:`stemkit.design3d.paths`).
    """

    time: float
    filament_length: float
    filament_volume: float
    mass: float
    layers: int
    timing: TimeEstimate
    plan: Any

    def __str__(self) -> str:
        return _("{time}, {length} m of filament, {mass} g").format(
            time=format_duration(self.time), length=format_number(self.filament_length / 1000.0, digits=2),
            mass=format_number(self.mass, digits=1))


def estimate_part(mesh: Any, *, printer: Any = "ender3", settings: Any = None) -> PartEstimate:
    """Time, filament and mass of a part, from the mesh and the print settings (no G-code).

    Parameters
    ----------
    mesh : Mesh
        The part [mm].
    printer : str or Printer
        The printer (:mod:`stemkit.design3d.printers`): its limits set the time.
    settings : PrintSettings, optional
        Layers, walls, infill, speeds (:class:`stemkit.design3d.paths.PrintSettings`).

    Returns
    -------
    PartEstimate

    Notes
    -----
    Filament length is path length × extrusion per millimetre; the volume is
    ``L π d² / 4`` and the mass ``ρ V``.
    """
    from stemkit.design3d.gcode import plan_part, write_program
    from stemkit.design3d.paths import PrintSettings

    settings = settings or PrintSettings()
    plan = plan_part(mesh, printer=printer, settings=settings)
    toolpath = write_program(plan, printer=printer, text=False).toolpath()
    timing = estimate_time(toolpath, printer=printer)
    of_part = np.asarray(toolpath.feature) >= 0          # moves under a ;TYPE: comment: not the start code
    length = float(toolpath.extrusion[(toolpath.kind == 1) & of_part].sum())
    volume = float(printing.filament_volume(length=length, diameter=settings.filament_diameter))
    mass = float(printing.print_mass(volume=volume, density=settings.density))
    return PartEstimate(timing.total, length, volume, mass, len(plan.layers), timing, plan)
