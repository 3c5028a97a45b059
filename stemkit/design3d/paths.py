"""Print paths: the walls, infill and skirt of every layer, the way a slicer lays them out.

A slicer turns each layer's outline into lines of plastic in four steps. Each
step is one function here, so a lesson can show it on its own:

1. :func:`walls` — **perimeters.** The outer wall runs **w/2 inside** the
   outline (the bead is ``w`` wide, so its outer edge lands on the part's
   edge); each next wall runs one *line spacing* further in. Beads have round
   sides, so neighbouring beads overlap a little: the spacing is the bead's
   cross-section divided by the layer height, ``s = A / h`` (for the rounded
   bead ``s = w − h (1 − π/4)``), which fills the layer with exactly the
   plastic the beads hold. Holes get their walls the same way, from their side.
2. :func:`fill_region` — what the walls leave inside.
3. :func:`infill` — **infill.** Straight lines across the fill region at 45°.
   Where the part needs to be solid they lie side by side, one spacing apart:
   the bottom layers, the top layers, and every place where the part ends a
   few layers above or below (the roof of a box, the floor of a cup). Elsewhere
   they are sparse: at 15 % infill one line every ``s / 0.15``. *Rectilinear*
   turns the lines by 90° every layer; *grid* lays both directions on every layer.
4. :func:`skirt` — a loop around the first layer, a few millimetres away,
   that gets the plastic flowing before the part starts.

:func:`plan_print` does all four for every layer and puts the paths in
printing order: island by island, walls from the inside out, then the infill,
each time the path that starts nearest to where the nozzle is. The G-code
writer (:func:`stemkit.design3d.gcode.generate_gcode`) turns the plan into
moves; :mod:`stemkit.design3d.estimate` times it without writing G-code.

Units: lengths [mm], speeds [mm/s], fractions 0 to 1.

Examples
--------
>>> import numpy as np
>>> from stemkit.design3d.slicing import Layer, Polygon
>>> square = np.array([[0.0, 0.0], [20.0, 0.0], [20.0, 20.0], [0.0, 20.0]])
>>> settings = PrintSettings(line_width=0.45, layer_height=0.2)
>>> outer, inner = walls([square], settings=settings)
>>> outer[0].min(axis=0).round(4).tolist(), inner[0].min(axis=0).round(4).tolist()
([0.225, 0.225], [0.6321, 0.6321])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.design3d import printing
from stemkit.design3d.offset import clip_lines, convex_hull, offset_loops, simplify, winding_numbers
from stemkit.i18n import _, format_number

__all__ = [
    "PrintSettings",
    "Path",
    "LayerPaths",
    "PrintPlan",
    "line_spacing",
    "walls",
    "fill_region",
    "infill",
    "skirt",
    "plan_print",
    "PrintWarning",
    "OUTER_WALL",
    "INNER_WALL",
    "SOLID_INFILL",
    "TOP_INFILL",
    "SPARSE_INFILL",
    "SKIRT",
]

#: Feature names, as written in ``;TYPE:`` comments of the G-code.
OUTER_WALL, INNER_WALL = "outer wall", "inner wall"
SOLID_INFILL, TOP_INFILL, SPARSE_INFILL, SKIRT = "solid infill", "top solid infill", "sparse infill", "skirt"

#: Loops shorter than this are "small perimeters" (a circle of 6.5 mm radius) [mm], printed slower.
SMALL_PERIMETER = 2 * math.pi * 6.5

InfillPattern = Literal["rectilinear", "grid"]


class PrintWarning(UserWarning):
    """Part of a layer could not be printed as asked (a wall thinner than one line, ...)."""


@dataclass(frozen=True)
class PrintSettings:
    """How to print: layers, walls, infill, speeds and temperatures (one place for all of them).

    Attributes
    ----------
    layer_height : float
        [mm].
    line_width : float
        Width of a bead [mm] (about 1.1 × the nozzle diameter: 0.45 mm for a 0.4 mm nozzle).
    perimeters : int
        Number of walls.
    top_layers, bottom_layers : int
        Solid layers under every top surface and over every bottom surface.
    infill : float
        Sparse infill as a fraction, 0 (hollow) to 1 (solid).
    infill_pattern : {"rectilinear", "grid"}
        Lines turned 90° every layer, or both directions every layer.
    infill_angle : float
        Direction of the infill lines [deg].
    infill_overlap : float
        How far the infill lines reach into the innermost wall, as a fraction of
        the line spacing, so that they bond to it.
    skirt_loops : int
        Loops of skirt around the first layer (0: none).
    skirt_distance : float
        Gap between the skirt and the part [mm].
    perimeter_speed, external_perimeter_speed, small_perimeter_speed : float
        Inner walls, the outer wall, and walls of loops shorter than 40.8 mm
        (small holes and pins) [mm/s].
    infill_speed, solid_infill_speed, top_solid_infill_speed : float
        [mm/s].
    first_layer_speed : float
        Everything printed on the first layer [mm/s]: slow, so it sticks.
    travel_speed : float
        Moves without printing [mm/s].
    nozzle_temperature, bed_temperature : float
        [°C] (PLA: about 210 and 60).
    fan_layer : int
        The first layer (counting from 1) with the part-cooling fan on; the
        first layer sticks better without it.
    fan_speed : float
        Fan speed as a fraction, 0 to 1.
    filament_diameter : float
        [mm].
    density : float
        Filament density [g/cm³] (PLA 1.24), for the mass.
    bead_model : {"rounded", "rectangle"}
        Bead cross-section, see :func:`stemkit.design3d.printing.bead_area`.
    """

    layer_height: float = 0.2
    line_width: float = 0.45
    perimeters: int = 2
    top_layers: int = 4
    bottom_layers: int = 3
    infill: float = 0.15
    infill_pattern: InfillPattern = "rectilinear"
    infill_angle: float = 45.0
    infill_overlap: float = 0.25
    skirt_loops: int = 1
    skirt_distance: float = 3.0
    perimeter_speed: float = 40.0
    external_perimeter_speed: float = 25.0
    small_perimeter_speed: float = 25.0
    infill_speed: float = 60.0
    solid_infill_speed: float = 40.0
    top_solid_infill_speed: float = 30.0
    first_layer_speed: float = 20.0
    travel_speed: float = 150.0
    nozzle_temperature: float = 210.0
    bed_temperature: float = 60.0
    fan_layer: int = 2
    fan_speed: float = 1.0
    filament_diameter: float = printing.FILAMENT_DIAMETER
    density: float = 1.24
    bead_model: Literal["rounded", "rectangle"] = "rounded"

    def __post_init__(self) -> None:
        for name, unit in (("layer_height", "mm"), ("line_width", "mm"), ("perimeter_speed", "mm/s"),
                           ("external_perimeter_speed", "mm/s"), ("small_perimeter_speed", "mm/s"),
                           ("infill_speed", "mm/s"), ("solid_infill_speed", "mm/s"),
                           ("top_solid_infill_speed", "mm/s"), ("first_layer_speed", "mm/s"),
                           ("travel_speed", "mm/s"), ("filament_diameter", "mm"), ("density", "g/cm³")):
            printing._positive(name.replace("_", " "), getattr(self, name), unit)
        for name in ("skirt_distance", "nozzle_temperature", "bed_temperature", "infill_overlap"):
            printing._positive(name.replace("_", " "), getattr(self, name), "", allow_zero=True)
        for name in ("perimeters", "top_layers", "bottom_layers", "skirt_loops", "fan_layer"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise ValueError(_("{quantity} must be a whole number >= 0, got {value!r}").format(
                    quantity=name.replace("_", " "), value=value))
        for name in ("infill", "fan_speed"):
            value = float(printing._positive(name, getattr(self, name), "(fraction 0 to 1)", allow_zero=True))
            if value > 1:
                raise ValueError(_("{quantity} must be a fraction from 0 to 1, got {value}: write 15 % as 0.15").format(
                    quantity=name.replace("_", " "), value=value))
        if self.infill_pattern not in ("rectilinear", "grid"):
            raise ValueError(_("infill pattern must be 'rectilinear' or 'grid', got {value!r}").format(
                value=self.infill_pattern))
        if self.line_width < self.layer_height:
            raise ValueError(_("line width ({width} mm) must be at least the layer height ({height} mm)").format(
                width=self.line_width, height=self.layer_height))

    def changed(self, **changes: Any) -> PrintSettings:
        """A copy with some settings changed, e.g. ``settings.changed(infill=0.3)``."""
        return replace(self, **changes)

    @cached_property
    def spacing(self) -> float:
        """Distance between the centres of neighbouring beads [mm], see :func:`line_spacing`."""
        return line_spacing(self)


def line_spacing(settings: PrintSettings) -> float:
    """Centre-to-centre distance of neighbouring beads that fill a layer exactly [mm].

    Notes
    -----
    A bead of cross-section ``A`` on a layer ``h`` tall fills a strip ``A / h``
    wide. For the rounded bead ``A = (w − h) h + π h² / 4``, so
    ``s = w − h (1 − π/4)``.

    Examples
    --------
    >>> round(line_spacing(PrintSettings(line_width=0.45, layer_height=0.2)), 4)
    0.4071
    """
    area = float(printing.bead_area(width=settings.line_width, layer_height=settings.layer_height,
                                    model=settings.bead_model))
    return area / settings.layer_height


@dataclass(frozen=True)
class Path:
    """One continuous line of plastic: a closed loop (a wall, the skirt) or an open polyline (infill).

    Attributes
    ----------
    feature : str
        What it prints (``"outer wall"``, ``"inner wall"``, ``"solid infill"``, ...).
    points : ndarray, shape (k, 2)
        The nozzle's path (x, y) [mm]; a closed loop ends where it starts.
    speed : float
        [mm/s].
    """

    feature: str
    points: NDArray[np.float64]
    speed: float

    @property
    def length(self) -> float:
        """Length [mm]."""
        d = np.diff(self.points, axis=0)
        return float(np.hypot(d[:, 0], d[:, 1]).sum())


@dataclass(frozen=True)
class LayerPaths:
    """The paths of one layer, in printing order.

    Attributes
    ----------
    index : int
        Layer number, from 0.
    z : float
        Height of the nozzle [mm]: the top of the layer.
    paths : tuple of Path
    """

    index: int
    z: float
    paths: tuple[Path, ...]


@dataclass(frozen=True)
class PrintPlan:
    """Every layer's paths, and the settings they were made with.

    Attributes
    ----------
    layers : tuple of LayerPaths
    settings : PrintSettings
    warnings : tuple of str
        What could not be printed as asked (also given as :class:`PrintWarning`).
    """

    layers: tuple[LayerPaths, ...]
    settings: PrintSettings
    warnings: tuple[str, ...] = field(default=())

    def extrusion_length(self, feature: str | None = None) -> float:
        """Total length of the paths [mm] (of one feature, if given)."""
        return float(sum(p.length for layer in self.layers for p in layer.paths
                         if feature is None or p.feature == feature))

    @property
    def filament_length(self) -> float:
        """Filament the paths use [mm]: every millimetre of path takes ``e`` mm of filament."""
        s = self.settings
        e = float(printing.extrusion_per_mm(width=s.line_width, layer_height=s.layer_height,
                                            diameter=s.filament_diameter, model=s.bead_model))
        return e * self.extrusion_length()

    @property
    def mass(self) -> float:
        """Mass of the plastic [g]."""
        return float(printing.filament_mass(length=self.filament_length, density=self.settings.density,
                                            diameter=self.settings.filament_diameter))


# ---------------------------------------------------------------------------
# step 1 and 2: walls and what they leave


def walls(loops: Sequence[ArrayLike], *, settings: PrintSettings) -> list[list[NDArray[np.float64]]]:
    """The walls of one island: ``settings.perimeters`` offsets of its outline.

    Parameters
    ----------
    loops : sequence of (k, 2) arrays
        The outline [mm]: an outer loop (counter-clockwise) and its holes (clockwise).
    settings : PrintSettings

    Returns
    -------
    list of list of ndarray
        Wall 0 (the outer wall, at ``w/2``), wall 1 (at ``w/2 + s``), ... Each
        wall is a list of loops (an outer one and one per hole); a wall that does
        not fit is empty, and so are the ones inside it.
    """
    w, s = settings.line_width, settings.spacing
    out = []
    for k in range(settings.perimeters):
        loops_k = offset_loops(loops, w / 2 + k * s) if loops else []
        out.append(loops_k)
        if not loops_k:
            out += [[] for _k in range(k + 1, settings.perimeters)]
            break
    return out


def fill_region(loops: Sequence[ArrayLike], *, settings: PrintSettings) -> list[NDArray[np.float64]]:
    """Where the infill lines go: inside the innermost wall, reaching into it by the overlap [mm].

    The innermost wall's centre is ``w/2 + (N − 1) s`` from the outline and its
    bead reaches ``s/2`` further in; the infill lines end ``overlap × s`` before that.
    """
    w, s, n = settings.line_width, settings.spacing, settings.perimeters
    depth = w / 2 + (n - 0.5) * s - settings.infill_overlap * s if n else settings.infill_overlap * s
    return offset_loops(loops, max(depth, 1e-6)) if loops else []


# ---------------------------------------------------------------------------
# step 3: infill lines


def _rotate(points: NDArray[np.float64], angle: float) -> NDArray[np.float64]:
    c, s = math.cos(angle), math.sin(angle)
    return points @ np.array([[c, s], [-s, c]])


def _scan(loops: list[NDArray], angle: float, spacing: float, lines_at: NDArray | None = None,
          centre: Sequence[float] = (0.0, 0.0)):
    """Intervals of the loops along lines ``spacing`` apart in the direction ``angle``.

    The lines of every layer lie on one grid with a line through ``centre`` (the
    middle of the part), so both directions of a small part get the same lines.
    """
    turned = [_rotate(p, -angle) for p in loops]
    if lines_at is None:
        if not turned:
            return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros((0, 2)), turned
        y = np.concatenate(turned)[:, 1]
        phase = float(_rotate(np.asarray(centre, dtype=float).reshape(1, 2), -angle)[0, 1])
        first, last = math.floor((y.min() - phase) / spacing), math.ceil((y.max() - phase) / spacing)
        lines_at = phase + np.arange(first, last + 1) * spacing
    line, iv = clip_lines(turned, lines_at)
    return lines_at, line, iv, turned


def _events(sets: list[tuple[NDArray, NDArray]], n_lines: int):
    """Walk along every line through the ends of the intervals of several interval sets.

    Returns the line, start and end of every stretch between two ends, and how many
    intervals of each set cover it (an array per set).
    """
    rows = []
    for k, (line, iv) in enumerate(sets):
        if len(line):
            rows.append(np.column_stack([line, iv[:, 0], np.full(len(line), k), np.ones(len(line))]))
            rows.append(np.column_stack([line, iv[:, 1], np.full(len(line), k), -np.ones(len(line))]))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0), [np.zeros(0) for _s in sets]
    ev = np.concatenate(rows)
    ev = ev[np.lexsort((ev[:, 1], ev[:, 0]))]
    cover = []
    for k in range(len(sets)):
        cover.append(np.cumsum(np.where(ev[:, 2] == k, ev[:, 3], 0.0))[:-1])
    same_line = ev[1:, 0] == ev[:-1, 0]
    line = ev[:-1, 0].astype(np.int64)
    x0, x1 = ev[:-1, 1], ev[1:, 1]
    keep = same_line & (x1 > x0)
    return line[keep], x0[keep], x1[keep], [c[keep] for c in cover]


def _merge(line: NDArray, x0: NDArray, x1: NDArray, min_length: float):
    """Join touching stretches of the same line into intervals and drop the very short ones."""
    if not len(line):
        return np.zeros(0, dtype=np.int64), np.zeros((0, 2))
    new = np.concatenate([[True], (line[1:] != line[:-1]) | (x0[1:] > x1[:-1] + 1e-9)])
    group = np.cumsum(new) - 1
    starts = x0[new]
    ends = np.full(int(group[-1]) + 1, -np.inf)
    np.maximum.at(ends, group, x1)
    lines = line[new]
    keep = ends - starts >= min_length
    return lines[keep], np.column_stack([starts, ends])[keep]


def infill(fill: Sequence[ArrayLike], *, layer_index: int, below: Sequence[Sequence[ArrayLike]],
           above: Sequence[Sequence[ArrayLike]], settings: PrintSettings,
           centre: Sequence[float] = (0.0, 0.0), scans: dict | None = None) -> list[tuple[str, NDArray]]:
    """Infill lines of one layer: solid where the part ends nearby, sparse elsewhere.

    Parameters
    ----------
    fill : sequence of (k, 2) arrays
        The fill region of this layer [mm] (:func:`fill_region`).
    layer_index : int
        Which layer (it sets the direction of the lines).
    below, above : sequence of outlines
        The outlines (slice loops) of the ``bottom_layers`` layers below and the
        ``top_layers`` layers above, nearest first; missing layers (under the
        first layer or over the last) count as empty.
    settings : PrintSettings
    centre : (float, float)
        A point every infill line grid passes through [mm] (the middle of the part).
    scans : dict, optional
        A store for the neighbours' scans, shared between the layers of one print
        (each outline is scanned by several layers).

    Returns
    -------
    list of (feature, segment)
        Straight segments, each a 2 × 2 array of its ends [mm], with the feature
        ``"top solid infill"`` (the part's top surface), ``"solid infill"`` or
        ``"sparse infill"``.

    Notes
    -----
    Along each infill line the fill region, and the outlines of the layers
    around, are intervals. A stretch of the line is *top* where the layer above
    does not cover it, *solid* where any of the ``bottom_layers`` layers below
    or ``top_layers`` layers above does not, and *sparse* where all of them do.
    """
    fill_loops = [np.asarray(p, float) for p in fill]
    if not fill_loops:
        return []
    s = settings.spacing
    base = math.radians(settings.infill_angle)
    angle = base + (math.pi / 2 if layer_index % 2 else 0.0)
    empty: list = []
    neighbours = [below[k] if k < len(below) else empty for k in range(settings.bottom_layers)]
    neighbours += [above[k] if k < len(above) else empty for k in range(settings.top_layers)]
    need = len(neighbours)
    out: list[tuple[str, NDArray]] = []

    store = {} if scans is None else scans

    def neighbour_scan(loops, theta, spacing, lines_at):
        # lines are on one grid for every layer (k + ½) spacing, so a scan with its own range
        # is shifted to this layer's lines by the index of the first line
        key = (id(loops), round(theta, 9), round(spacing, 12))
        if key not in store:
            got = _scan([np.asarray(p, float) for p in loops], theta, spacing, centre=centre)
            store[key] = (got[0], got[1], got[2], loops)       # keep loops alive: their id is the key
        at, line, iv, _keep = store[key]
        if not len(at):
            return np.zeros(0, dtype=np.int64), np.zeros((0, 2))
        shift = int(round((at[0] - lines_at[0]) / spacing))
        line = line + shift
        ok = (line >= 0) & (line < len(lines_at))
        return line[ok], iv[ok]

    def stretches(spacing: float, theta: float):
        lines_at, f_line, f_iv, _t = _scan(fill_loops, theta, spacing, centre=centre)
        sets = [(f_line, f_iv)]
        for loops in neighbours:
            sets.append(neighbour_scan(loops, theta, spacing, lines_at))
        if settings.top_layers:
            sets.append(neighbour_scan(above[0] if above else [], theta, spacing, lines_at))
        line, x0, x1, cover = _events(sets, len(lines_at))
        inside = cover[0] > 0
        covered = sum((c > 0).astype(int) for c in cover[1:1 + need]) if need else np.zeros(len(line), int)
        top = inside & (cover[-1] <= 0) if settings.top_layers else np.zeros(len(line), bool)
        return lines_at, line, x0, x1, inside, covered, top

    def segments(lines_at, line, iv, theta, feature):
        for k, (a, b) in zip(line.tolist(), iv.tolist(), strict=True):
            seg = _rotate(np.array([[a, lines_at[k]], [b, lines_at[k]]]), theta)
            out.append((feature, seg))

    # solid lines, one spacing apart
    lines_at, line, x0, x1, inside, covered, top = stretches(s, angle)
    solid = inside & (covered < need) & ~top
    for mask, feature in ((top, TOP_INFILL), (solid, SOLID_INFILL)):
        ln, iv = _merge(line[mask], x0[mask], x1[mask], 0.5 * settings.line_width)
        segments(lines_at, ln, iv, angle, feature)

    # sparse lines, where every layer around covers the fill region
    if settings.infill > 0:
        if settings.infill_pattern == "grid":
            directions, gap = (base, base + math.pi / 2), 2 * s / settings.infill
        else:
            directions, gap = (angle,), s / settings.infill
        for theta in directions:
            lines_at, line, x0, x1, inside, covered, top = stretches(gap, theta)
            sparse = inside & (covered >= need) & ~top
            ln, iv = _merge(line[sparse], x0[sparse], x1[sparse], settings.line_width)
            segments(lines_at, ln, iv, theta, SPARSE_INFILL)
    return out


# ---------------------------------------------------------------------------
# step 4: the skirt


def skirt(first_layer_loops: Sequence[ArrayLike], *, settings: PrintSettings) -> list[NDArray[np.float64]]:
    """Loops around the first layer: its convex hull moved out by the skirt distance plus w/2."""
    pts = [np.asarray(p, float) for p in first_layer_loops if len(p)]
    if not pts or settings.skirt_loops == 0:
        return []
    hull = convex_hull(np.concatenate(pts))
    if len(hull) < 3:
        return []
    out = []
    for k in range(settings.skirt_loops):
        out += offset_loops([hull], -(settings.skirt_distance + settings.line_width / 2 + k * settings.spacing))
    return out


# ---------------------------------------------------------------------------
# putting it in order


def _polygons(layer: Any) -> tuple:
    """The layer's polygons (outer loops with their holes); made from its loops when it has none."""
    polygons = tuple(getattr(layer, "polygons", ()) or ())
    loops = [np.asarray(loop, dtype=float) for loop in getattr(layer, "loops", ())]
    if polygons or not loops:
        return polygons
    from stemkit.design3d.slicing import _nest

    return _nest(float(getattr(layer, "z", 0.0)), [q for q in loops if len(q) >= 3]).polygons


def _canonical(loop: ArrayLike, ox: float, oy: float) -> NDArray[np.float64]:
    """The loop moved to the bed, without corners closer than 2 µm to a straight line, starting at its
    lowest-left corner, so that the same outline on two layers gives the same numbers."""
    p = simplify(np.asarray(loop, dtype=np.float64)) + (ox, oy)
    if len(p) < 3:
        return p
    key = np.round(p, 6)
    start = int(np.lexsort((key[:, 1], key[:, 0]))[0])
    return np.roll(p, -start, axis=0)


def _closed(loop: NDArray[np.float64], start: int) -> NDArray[np.float64]:
    """The loop starting at corner ``start`` and returning to it."""
    ring = np.roll(loop, -start, axis=0)
    return np.vstack([ring, ring[:1]])


def _perimeter_length(loop: NDArray[np.float64]) -> float:
    return float(np.hypot(*(np.roll(loop, -1, axis=0) - loop).T).sum())


def _nearest_corner(loop: NDArray[np.float64], where: NDArray[np.float64]) -> int:
    return int(np.argmin(np.hypot(*(loop - where).T)))


def _crosses(a: NDArray, b: NDArray, edges: tuple[NDArray, NDArray]) -> bool:
    """Does the segment a→b cross any edge p→q (not just touch its ends)?"""
    p, q = edges
    if not len(p):
        return False
    r, sd = b - a, q - p
    denom = r[0] * sd[:, 1] - r[1] * sd[:, 0]
    qp = p - a
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[:, 0] * sd[:, 1] - qp[:, 1] * sd[:, 0]) / denom
        u = (qp[:, 0] * r[1] - qp[:, 1] * r[0]) / denom
    eps = 1e-6
    return bool(np.any((denom != 0) & (t > eps) & (t < 1 - eps) & (u > eps) & (u < 1 - eps)))


def _inside(fill: list[NDArray], edges: tuple[NDArray, NDArray], point: NDArray) -> bool:
    """Is the point inside the fill region, or on its edge (a link along a straight side)?"""
    if winding_numbers(fill, [point])[0] > 0:
        return True
    p, q = edges
    d = q - p
    t = np.clip(np.einsum("ij,ij->i", point - p, d) / np.maximum(np.einsum("ij,ij->i", d, d), 1e-300), 0, 1)
    gap = np.hypot(*(p + t[:, None] * d - point).T)
    return bool(gap.min() < 1e-6)


class _Boundary:
    """The edge of the fill region, to run a link along it from one line's end to the next line's start."""

    def __init__(self, fill: list[NDArray]):
        self.loops = fill
        self.a = np.concatenate(fill)
        self.b = np.concatenate([np.roll(p, -1, axis=0) for p in fill])
        self.loop = np.concatenate([np.full(len(p), k) for k, p in enumerate(fill)])
        self.first = np.cumsum([0] + [len(p) for p in fill[:-1]])
        d = self.b - self.a
        self.length = np.hypot(d[:, 0], d[:, 1])
        self.start = np.concatenate([np.cumsum(np.r_[0.0, np.hypot(*(np.roll(p, -1, 0) - p).T)[:-1]])
                                     for p in fill])             # arc length at each corner, per loop
        self.total = np.array([float(np.hypot(*(np.roll(p, -1, 0) - p).T).sum()) for p in fill])

    def locate(self, point: NDArray) -> tuple[int, float] | None:
        """(loop, arc length) of a point on the edge, or None when it is not on it."""
        d = self.b - self.a
        t = np.clip(np.einsum("ij,ij->i", point - self.a, d) / np.maximum(self.length ** 2, 1e-300), 0, 1)
        gap = np.hypot(*(self.a + t[:, None] * d - point).T)
        k = int(np.argmin(gap))
        if gap[k] > 1e-6:
            return None
        return int(self.loop[k]), float(self.start[k] + t[k] * self.length[k])

    def path(self, p: NDArray, q: NDArray, limit: float) -> list[NDArray] | None:
        """The corners along the edge from p to q (the shorter way), or None if longer than ``limit``."""
        at_p, at_q = self.locate(p), self.locate(q)
        if at_p is None or at_q is None or at_p[0] != at_q[0]:
            return None
        k, total = at_p[0], self.total[at_p[0]]
        forward = (at_q[1] - at_p[1]) % total
        if min(forward, total - forward) > limit:
            return None
        loop = self.loops[k]
        n = len(loop)
        corner_s = self.start[self.first[k]:self.first[k] + n]
        if forward <= total - forward:                       # along the loop's own direction
            ahead = (corner_s - at_p[1]) % total
            order = np.argsort(ahead)
            corners = [loop[i] for i in order if 0 < ahead[i] < forward]
        else:
            behind = (at_p[1] - corner_s) % total
            order = np.argsort(behind)
            corners = [loop[i] for i in order if 0 < behind[i] < total - forward]
        return corners + [q]


def _order_infill(segments: list[tuple[str, NDArray]], fill: list[NDArray], where: NDArray,
                  settings: PrintSettings, speeds: dict[str, float]) -> tuple[list[Path], NDArray]:
    """Chain the infill segments, nearest end first; neighbours are joined by a short printed link.

    A link is printed when it is shorter than three line gaps: straight across when
    that stays inside the fill region (a zigzag), or else along the region's edge
    (as slicers anchor infill lines to the walls). Otherwise the nozzle travels.
    """
    if not segments:
        return [], where
    boundary = _Boundary(fill)
    edges = (boundary.a, boundary.b)
    ends = np.array([seg for _f, seg in segments])                   # (n, 2, 2)
    feature = [f for f, _seg in segments]
    left = np.ones(len(segments), dtype=bool)
    gap = {SPARSE_INFILL: settings.spacing / max(settings.infill, 1e-9)}
    paths: list[Path] = []
    current: list[NDArray] = []
    current_feature = ""
    while left.any():
        d0 = np.hypot(*(ends[:, 0] - where).T)
        d1 = np.hypot(*(ends[:, 1] - where).T)
        d0[~left], d1[~left] = np.inf, np.inf
        k = int(np.argmin(np.minimum(d0, d1)))
        flip = d1[k] < d0[k]
        seg = ends[k, ::-1] if flip else ends[k]
        left[k] = False
        link = float(min(d0[k], d1[k]))
        limit = 3.0 * gap.get(feature[k], settings.spacing) * math.sqrt(2)
        straight = (current and feature[k] == current_feature and link <= limit
                    and not _crosses(where, seg[0], edges) and _inside(fill, edges, (where + seg[0]) / 2))
        along = None
        if current and not straight and feature[k] == current_feature and link <= limit:
            along = boundary.path(where, seg[0], limit)
        if straight:
            current += [seg[0], seg[1]]
        elif along is not None:
            current += along + [seg[1]]
        else:
            if current:
                paths.append(Path(current_feature, np.array(current), speeds[current_feature]))
            current = [seg[0], seg[1]]
            current_feature = feature[k]
        where = seg[1]
    paths.append(Path(current_feature, np.array(current), speeds[current_feature]))
    return paths, where


def _speeds(settings: PrintSettings, first: bool) -> dict[str, float]:
    if first:
        return dict.fromkeys((OUTER_WALL, INNER_WALL, SOLID_INFILL, TOP_INFILL, SPARSE_INFILL, SKIRT),
                             settings.first_layer_speed)
    return {OUTER_WALL: settings.external_perimeter_speed, INNER_WALL: settings.perimeter_speed,
            SOLID_INFILL: settings.solid_infill_speed, TOP_INFILL: settings.top_solid_infill_speed,
            SPARSE_INFILL: settings.infill_speed, SKIRT: settings.first_layer_speed}


def plan_print(layers: Sequence[Any], *, settings: PrintSettings | None = None,
               origin: Sequence[float] = (0.0, 0.0), start: Sequence[float] = (0.0, 0.0)) -> PrintPlan:
    """Walls, infill and skirt of every layer, in printing order.

    Parameters
    ----------
    layers : sequence of Layer
        Slices of the part from :func:`stemkit.design3d.slicing.slice_mesh`, one per
        layer, cut in the middle of each (see :func:`~stemkit.design3d.slicing.layer_heights`);
        anything with ``.polygons`` (each with ``.outer`` and ``.holes``) works.
    settings : PrintSettings, optional
    origin : (float, float)
        Where the part's x = 0, y = 0 goes on the bed [mm].
    start : (float, float)
        Where the nozzle is before the first layer [mm] (it picks the nearest seam).

    Returns
    -------
    PrintPlan

    Warns
    -----
    PrintWarning
        When part of a layer is thinner than one line width and is left out.
    """
    import warnings

    settings = settings or PrintSettings()
    ox, oy = (float(c) for c in origin)
    layers = list(layers)
    islands = [[[_canonical(loop, ox, oy) for loop in (poly.outer, *poly.holes)] for poly in _polygons(layer)]
               for layer in layers]
    islands = [[[loop for loop in island if len(loop) >= 3] for island in layer] for layer in islands]
    islands = [[island for island in layer if island] for layer in islands]
    outlines = [[loop for island in layer for loop in island] for layer in islands]
    where = np.asarray(start, dtype=float)
    t = settings.layer_height
    notes: list[str] = []
    cache: dict[tuple, Any] = {}
    scans: dict = {}
    planned = []
    for i in range(len(layers)):
        speeds = _speeds(settings, first=(i == 0))
        paths: list[Path] = []
        if i == 0:
            for loop in skirt(outlines[0], settings=settings):
                c = _nearest_corner(loop, where)
                paths.append(Path(SKIRT, _closed(loop, c), speeds[SKIRT]))
                where = paths[-1].points[-1]
        todo = list(range(len(islands[i])))
        while todo:
            # the island whose outline comes nearest to the nozzle
            j = min(todo, key=lambda q: float(np.min(np.hypot(*(islands[i][q][0] - where).T))))
            todo.remove(j)
            loops = islands[i][j]
            key = tuple(np.round(loop, 6).tobytes() for loop in loops)     # the same outline, layer after layer
            if key not in cache:
                cache[key] = (walls(loops, settings=settings), fill_region(loops, settings=settings))
            wall_loops, fill = cache[key]
            if settings.perimeters and not wall_loops[0]:
                notes.append(_("layer {layer} (z = {z} mm): a part thinner than one line width ({width} mm) "
                               "is left out; make it thicker or use a thinner line").format(
                    layer=i + 1, z=format_number((i + 1) * t), width=format_number(settings.line_width)))
            for k in range(len(wall_loops) - 1, -1, -1):          # from the inside out
                feature = OUTER_WALL if k == 0 else INNER_WALL
                remaining = list(wall_loops[k])
                while remaining:
                    q = min(range(len(remaining)),
                            key=lambda r: float(np.min(np.hypot(*(remaining[r] - where).T))))
                    loop = remaining.pop(q)
                    small = _perimeter_length(loop) <= SMALL_PERIMETER and i > 0
                    speed = min(speeds[feature], settings.small_perimeter_speed) if small else speeds[feature]
                    path = Path(feature, _closed(loop, _nearest_corner(loop, where)), speed)
                    paths.append(path)
                    where = path.points[-1]
            if fill:
                below = outlines[max(0, i - settings.bottom_layers):i][::-1]
                above = outlines[i + 1:i + 1 + settings.top_layers]
                segs = infill(fill, layer_index=i, below=below, above=above, settings=settings,
                              centre=(ox, oy), scans=scans)
                infill_paths, where = _order_infill(segs, fill, where, settings, speeds)
                paths += infill_paths
        planned.append(LayerPaths(i, (i + 1) * t, tuple(paths)))
    for note in dict.fromkeys(notes):
        warnings.warn(note, PrintWarning, stacklevel=2)
    return PrintPlan(tuple(planned), settings, tuple(dict.fromkeys(notes)))
