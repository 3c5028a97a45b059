"""Printing maths: filament length, extrusion per millimetre, mass, cost and time.

Units follow the printer and the mesh, not base SI: lengths in millimetres [mm]
(the unit of STL files, slicers and G-code), volumes in cubic millimetres [mm³],
speeds in millimetres per second [mm/s], accelerations in [mm/s²], times in
seconds [s]. Densities are in grams per cubic centimetre [g/cm³] and masses in
grams [g], as on every filament datasheet; 1 g/cm³ = 0.001 g/mm³. Prices are per
kilogram of filament in any currency; a cost comes out in the same currency.

The bead model
--------------
A nozzle lays a bead of plastic of width ``w`` on a layer of height ``h``.
Two cross-sections are offered (``bead_area(..., model=...)``):

``"rectangle"``
    ``A = w h``: the simplest model, slightly too big.
``"rounded"`` (default)
    A rectangle with semicircular sides (a "stadium"), the model Slic3r and
    PrusaSlicer use: ``A = (w - h) h + π (h / 2)²``. Needs ``w >= h``.

Print time
----------
``move_time`` either ignores acceleration (``t = L / v``) or uses a symmetric
trapezoid speed profile that starts and ends at rest: the head speeds up at
``a`` to the feed speed ``v``, cruises, then slows down at ``a``. Real printers
blend corners (junction deviation / jerk), so real times lie between the two
estimates. :mod:`stemkit.design3d.planner` plans the moves the way the firmware
does, and :func:`stemkit.design3d.estimate.estimate_part` times a part from its
mesh and the print settings.

Examples
--------
>>> round(filament_length(volume=1000.0), 1)      # 1 cm³ of plastic
415.8
>>> round(filament_mass(length=1000.0, density=1.24), 2)   # 1 m of 1.75 mm PLA
2.98
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _

__all__ = [
    "FILAMENT_DIAMETER",
    "PrintEstimate",
    "filament_area",
    "filament_length",
    "filament_volume",
    "bead_area",
    "extrusion_per_mm",
    "print_mass",
    "filament_mass",
    "print_cost",
    "printed_volume",
    "move_time",
    "print_time",
    "estimate_print",
]

#: The common filament diameter [mm] (the other standard is 2.85 mm).
FILAMENT_DIAMETER = 1.75

BeadModel = Literal["rounded", "rectangle"]


def _positive(name: str, value: ArrayLike, unit: str, *, allow_zero: bool = False) -> NDArray[np.float64]:
    """Normalise ``value`` to a float array and check it is finite and > 0 (or >= 0)."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{quantity} must be a number in {unit}, got {value!r}").format(
            quantity=name, unit=unit, value=value)) from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(_("{quantity} must be a finite number in {unit}, got {value}").format(
            quantity=name, unit=unit, value=value))
    bad = arr < 0 if allow_zero else arr <= 0
    if np.any(bad):
        shown = arr[bad].flat[0] if arr.ndim else float(arr)
        limit = ">= 0" if allow_zero else "> 0"
        raise ValueError(_("{quantity} must be {limit} {unit}, got {value}").format(
            quantity=name, limit=limit, unit=unit, value=shown))
    return arr


def _out(arr: NDArray[np.float64]):
    """Return a plain float for scalar input, an array otherwise."""
    return float(arr) if arr.ndim == 0 else arr


def filament_area(*, diameter: float = FILAMENT_DIAMETER) -> float:
    """Cross-section area of the filament.

    Parameters
    ----------
    diameter : float
        Filament diameter [mm].

    Returns
    -------
    float
        Area [mm²].

    Notes
    -----
    ``A = π d² / 4``.

    Examples
    --------
    >>> round(filament_area(diameter=1.75), 4)
    2.4053
    """
    d = _positive("diameter", diameter, "mm")
    return _out(np.pi * d**2 / 4.0)


def filament_length(*, volume: ArrayLike, diameter: float = FILAMENT_DIAMETER):
    """Length of filament that holds a given volume of plastic.

    Parameters
    ----------
    volume : float or array_like
        Volume of plastic [mm³].
    diameter : float
        Filament diameter [mm].

    Returns
    -------
    float or ndarray
        Filament length [mm].

    Notes
    -----
    The filament is a cylinder: ``L = V / (π d² / 4)``. This is the filament that
    *holds* a volume; the filament a G-code program *uses* is
    :attr:`stemkit.design3d.gcode.Toolpath.extruded_filament`.

    Examples
    --------
    >>> round(filament_length(volume=2405.28), 1)   # about 1 m of 1.75 mm filament
    1000.0
    >>> round(filament_length(volume=1000.0, diameter=2.85), 1)
    156.8
    """
    v = _positive("volume", volume, "mm³", allow_zero=True)
    return _out(v / filament_area(diameter=diameter))


def filament_volume(*, length: ArrayLike, diameter: float = FILAMENT_DIAMETER):
    """Volume of plastic in a length of filament.

    Parameters
    ----------
    length : float or array_like
        Filament length [mm].
    diameter : float
        Filament diameter [mm].

    Returns
    -------
    float or ndarray
        Volume [mm³].

    Notes
    -----
    ``V = L π d² / 4``; the inverse of :func:`filament_length`.

    Examples
    --------
    >>> round(filament_volume(length=1000.0), 1)
    2405.3
    """
    length_arr = _positive("length", length, "mm", allow_zero=True)
    return _out(length_arr * filament_area(diameter=diameter))


def bead_area(*, width: ArrayLike, layer_height: ArrayLike, model: BeadModel = "rounded"):
    """Cross-section area of one extruded bead (one line of plastic).

    Parameters
    ----------
    width : float or array_like
        Bead (extrusion) width [mm], typically 1.0-1.2 × the nozzle diameter.
    layer_height : float or array_like
        Layer height [mm].
    model : {"rounded", "rectangle"}
        ``"rounded"``: a rectangle with semicircular ends (stadium), the Slic3r
        model; ``"rectangle"``: width × height.

    Returns
    -------
    float or ndarray
        Area [mm²].

    Notes
    -----
    Rectangle: ``A = w h``. Rounded: ``A = (w - h) h + π h² / 4``, which needs
    ``w >= h`` (a bead cannot be narrower than it is tall).

    Examples
    --------
    >>> round(bead_area(width=0.45, layer_height=0.2), 5)
    0.08142
    >>> round(bead_area(width=0.45, layer_height=0.2, model="rectangle"), 5)
    0.09
    """
    w = _positive("width", width, "mm")
    h = _positive("layer height", layer_height, "mm")
    if model == "rectangle":
        return _out(w * h)
    if model != "rounded":
        raise ValueError(_("bead model must be 'rounded' or 'rectangle', got {model!r}").format(model=model))
    if np.any(w < h):
        raise ValueError(_(
            "width must be >= layer height for the rounded bead model, got width {width} mm and "
            "layer height {height} mm: use a wider bead or a thinner layer").format(
            width=np.max(w), height=np.max(h)))
    return _out((w - h) * h + np.pi * h**2 / 4.0)


def extrusion_per_mm(*, width: ArrayLike, layer_height: ArrayLike,
                     diameter: float = FILAMENT_DIAMETER, model: BeadModel = "rounded"):
    """Millimetres of filament pushed in per millimetre the nozzle moves.

    Parameters
    ----------
    width : float or array_like
        Bead width [mm].
    layer_height : float or array_like
        Layer height [mm].
    diameter : float
        Filament diameter [mm].
    model : {"rounded", "rectangle"}
        Bead cross-section model, see :func:`bead_area`.

    Returns
    -------
    float or ndarray
        Filament length per path length [mm/mm], the ``E`` per millimetre of a
        ``G1`` move.

    Notes
    -----
    Volume is conserved: the plastic leaving the nozzle equals the plastic
    entering it, ``A_bead · L_path = (π d² / 4) · L_filament``, so
    ``e = A_bead / (π d² / 4)``.

    Examples
    --------
    >>> round(extrusion_per_mm(width=0.45, layer_height=0.2), 5)
    0.03385
    """
    return _out(np.asarray(bead_area(width=width, layer_height=layer_height, model=model))
                / filament_area(diameter=diameter))


def print_mass(*, volume: ArrayLike, density: float):
    """Mass of a volume of plastic.

    Parameters
    ----------
    volume : float or array_like
        Volume [mm³].
    density : float
        Material density [g/cm³] (PLA is about 1.24 g/cm³).

    Returns
    -------
    float or ndarray
        Mass [g].

    Notes
    -----
    ``m = ρ V``, with 1 cm³ = 1000 mm³: ``m [g] = ρ [g/cm³] · V [mm³] / 1000``.

    Examples
    --------
    >>> print_mass(volume=8000.0, density=1.24)   # a 20 mm solid cube of PLA
    9.92
    """
    v = _positive("volume", volume, "mm³", allow_zero=True)
    rho = _positive("density", density, "g/cm³")
    return _out(rho * v / 1000.0)


def filament_mass(*, length: ArrayLike, density: float, diameter: float = FILAMENT_DIAMETER):
    """Mass of a length of filament.

    Parameters
    ----------
    length : float or array_like
        Filament length [mm].
    density : float
        Material density [g/cm³].
    diameter : float
        Filament diameter [mm].

    Returns
    -------
    float or ndarray
        Mass [g].

    Notes
    -----
    ``m = ρ L π d² / 4``.

    Examples
    --------
    >>> round(filament_mass(length=1000.0, density=1.24), 3)
    2.983
    """
    return print_mass(volume=filament_volume(length=length, diameter=diameter), density=density)


def print_cost(*, mass: ArrayLike, price_per_kg: float):
    """Cost of the plastic in a print.

    Parameters
    ----------
    mass : float or array_like
        Mass of plastic [g].
    price_per_kg : float
        Price of a kilogram of filament [currency/kg].

    Returns
    -------
    float or ndarray
        Cost [currency].

    Notes
    -----
    ``cost = m / 1000 · price``.

    Examples
    --------
    >>> print_cost(mass=50.0, price_per_kg=20.0)
    1.0
    """
    m = _positive("mass", mass, "g", allow_zero=True)
    p = _positive("price per kg", price_per_kg, "per kg", allow_zero=True)
    return _out(m / 1000.0 * p)


def printed_volume(*, volume: float, surface_area: float, wall_thickness: float = 1.2,
                   infill: float = 0.2) -> float:
    """Plastic actually printed for a part with solid walls and partial infill.

    Parameters
    ----------
    volume : float
        Volume enclosed by the part's surface [mm³].
    surface_area : float
        Surface area of the part [mm²].
    wall_thickness : float
        Thickness of the solid shell (walls, top and bottom) [mm]; 1.2 mm is
        three 0.4 mm perimeters.
    infill : float
        Infill fraction of the inside, 0 (hollow) to 1 (solid).

    Returns
    -------
    float
        Volume of plastic [mm³].

    Notes
    -----
    Thin-shell approximation: the shell is ``V_s = min(A t, V)`` and the inside
    is filled at fraction ``f``: ``V_p = V_s + f (V - V_s)``. Counting ``A t``
    counts the corners and edges of the shell twice, so the shell comes out about
    ``2 t / L`` too big for a part of thickness ``L`` (a 20 mm cube with 1.2 mm
    walls: about 12 %); the estimate is best for big parts with thin walls.

    Examples
    --------
    >>> printed_volume(volume=8000.0, surface_area=2400.0, wall_thickness=1.0, infill=0.2)
    3520.0
    """
    v = float(_positive("volume", volume, "mm³", allow_zero=True))
    a = float(_positive("surface area", surface_area, "mm²", allow_zero=True))
    t = float(_positive("wall thickness", wall_thickness, "mm", allow_zero=True))
    f = float(_positive("infill", infill, "(fraction 0 to 1)", allow_zero=True))
    if f > 1:
        raise ValueError(_("infill must be a fraction from 0 to 1, got {value}: write 20 % as 0.2").format(
            value=infill))
    shell = min(a * t, v)
    return shell + f * (v - shell)


def move_time(*, length: ArrayLike, speed: ArrayLike, acceleration: float | None = None):
    """Time for straight moves of the print head.

    Parameters
    ----------
    length : float or array_like
        Length of each move [mm].
    speed : float or array_like
        Feed speed [mm/s] (G-code ``F`` is in mm/min: divide by 60).
    acceleration : float, optional
        Acceleration [mm/s²]. ``None`` ignores it (constant speed); otherwise
        each move is a trapezoid that starts and ends at rest.

    Returns
    -------
    float or ndarray
        Time [s].

    Notes
    -----
    Without acceleration ``t = L / v``. With acceleration ``a``, speeding up to
    ``v`` takes ``v / a`` seconds over ``v² / (2 a)`` millimetres. If
    ``L >= v² / a`` the profile is a trapezoid and ``t = L / v + v / a``;
    otherwise the head never reaches ``v`` (a triangle) and
    ``t = 2 √(L / a)``.

    Examples
    --------
    >>> move_time(length=100.0, speed=50.0)
    2.0
    >>> move_time(length=100.0, speed=50.0, acceleration=1000.0)
    2.05
    >>> move_time(length=1.0, speed=50.0, acceleration=1000.0)   # too short to reach 50 mm/s
    0.06324555320336758
    """
    length_arr = _positive("length", length, "mm", allow_zero=True)
    v = _positive("speed", speed, "mm/s")
    if acceleration is None:
        return _out(length_arr / v)
    a = _positive("acceleration", acceleration, "mm/s²")
    length_arr, v = np.broadcast_arrays(length_arr, v)
    trapezoid = length_arr / v + v / a
    triangle = 2.0 * np.sqrt(length_arr / a)
    return _out(np.where(length_arr >= v**2 / a, trapezoid, triangle))


def print_time(*, extrude_length: float, travel_length: float, print_speed: float,
               travel_speed: float) -> float:
    """Rough print time from total path lengths and two feed speeds.

    Parameters
    ----------
    extrude_length : float
        Total length of printing (extruding) moves [mm].
    travel_length : float
        Total length of travel (non-extruding) moves [mm].
    print_speed, travel_speed : float
        Feed speeds [mm/s].

    Returns
    -------
    float
        Time [s].

    Notes
    -----
    ``t = L_e / v_e + L_t / v_t``. Acceleration is ignored, so this is a lower
    bound; :func:`move_time` with ``acceleration`` adds the trapezoid move by move.

    Examples
    --------
    >>> print_time(extrude_length=6000.0, travel_length=1500.0, print_speed=50.0, travel_speed=150.0)
    130.0
    """
    le = float(_positive("extrude length", extrude_length, "mm", allow_zero=True))
    lt = float(_positive("travel length", travel_length, "mm", allow_zero=True))
    ve = float(_positive("print speed", print_speed, "mm/s"))
    vt = float(_positive("travel speed", travel_speed, "mm/s"))
    return le / ve + lt / vt


class PrintEstimate(NamedTuple):
    """What a print needs: plastic volume [mm³], filament length [mm], mass [g], cost."""

    volume: float
    filament_length: float
    mass: float
    cost: float


def estimate_print(*, volume: float, density: float, price_per_kg: float,
                   diameter: float = FILAMENT_DIAMETER) -> PrintEstimate:
    """Filament length, mass and cost of a volume of plastic in one call.

    Parameters
    ----------
    volume : float
        Volume of plastic printed [mm³] (see :func:`printed_volume` for infill).
    density : float
        Material density [g/cm³].
    price_per_kg : float
        Filament price [currency/kg].
    diameter : float
        Filament diameter [mm].

    Returns
    -------
    PrintEstimate
        ``(volume, filament_length, mass, cost)``.

    Notes
    -----
    ``L = V / (π d²/4)``, ``m = ρ V``, ``cost = m · price / 1000``.

    Examples
    --------
    >>> e = estimate_print(volume=8000.0, density=1.24, price_per_kg=25.0)
    >>> round(e.filament_length), e.mass, round(e.cost, 3)
    (3326, 9.92, 0.248)
    """
    length = filament_length(volume=volume, diameter=diameter)
    mass = print_mass(volume=volume, density=density)
    cost = print_cost(mass=mass, price_per_kg=price_per_kg)
    return PrintEstimate(float(volume), float(length), float(mass), float(cost))

