"""Explanatory pictures of the design3d room: a bead of plastic, the overhang test, the hole plate.

Each function returns a matplotlib Figure drawn once from the room's own maths and parts:

- :func:`bead_cross_section`: the stadium a nozzle lays (:func:`~stemkit.design3d.printing.bead_area`)
  with the rectangle model over it and the filament's circle beside it, all to one scale;
- :func:`overhang_side_view`: each slab of an overhang test seen from the side, its lean from
  vertical read from the mesh's face normals, and the slabs that need support marked;
- :func:`hole_plate_top_view`: a plate with holes seen from above, the holes numbered left to right
  with the diameters read from the mesh itself.

A figure shows itself when it ends a notebook cell: at 100 CSS px per inch of its size, as a PNG
with twice the pixels (sharp at device scale 2, never stretched). Matplotlib is imported only when
a picture is drawn, so importing this module stays light.

Examples
--------
>>> data, size = bead_cross_section(width=0.45, layer_height=0.2)._repr_mimebundle_()
>>> sorted(data), 600 < size["image/png"]["width"] < 700     # shown about 650 CSS px wide
(['image/png'], True)
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stemkit.design3d import printing
from stemkit.design3d.mesh import Mesh
from stemkit.i18n import _, format_number

__all__ = ["bead_cross_section", "overhang_side_view", "hole_plate_top_view", "DPI"]

#: CSS pixels per inch of figure size when a picture shows in a notebook (the PNG has twice as many).
DPI = 100
_DARK = "#222222"
_BED = "#bdbdbd"
_LAYER = "#d9d9d9"


class _ShowsItself:
    """Mixin: a Figure that shows itself as a sharp PNG, at its natural size, when it ends a notebook cell."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self, dpi=DPI)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self, dpi=DPI)[0]


@lru_cache(maxsize=1)
def _figure_class() -> type:
    from matplotlib.figure import Figure

    return type("DesignFigure", (_ShowsItself, Figure), {"__module__": __name__})


def _new_figure(width: float, height: float) -> Any:
    return _figure_class()(figsize=(width, height), layout="constrained")


def _palette() -> dict[str, str]:
    from stemkit.ui.figure import PALETTE  # the colour-blind-safe colours every room shares

    return PALETTE


def _size(value: Any, name: str, example: str) -> float:
    """A size [mm] > 0, or an error naming the quantity, the value and a good value."""
    number = float("nan")
    if not isinstance(value, (bool, str, bytes)) and value is not None:
        try:
            number = float(value)
        except (TypeError, ValueError):
            pass
    if not (math.isfinite(number) and number > 0):
        raise ValueError(_("{quantity} must be a size in mm greater than 0, got {value!r}: give a positive number "
                           "of millimetres, for example {example}").format(quantity=name, value=value,
                                                                          example=example))
    return number


def _mesh(value: Any, name: str, example: str) -> Mesh:
    if not isinstance(value, Mesh):
        raise TypeError(_("{quantity} must be a Mesh, got {kind}: make one with {example}").format(
            quantity=name, kind=type(value).__name__, example=example))
    if value.n_faces == 0:
        raise ValueError(_("{quantity} has no faces to draw: make it with {example}").format(
            quantity=name, example=example))
    return value


def _fixed(value: float, places: int) -> str:
    """``value`` with exactly ``places`` decimals (5.0, not 5), with the language's decimal mark."""
    from stemkit.i18n import get_language

    text = f"{value:.{places}f}"
    return text.replace(".", ",") if get_language() in ("ru", "kk") else text


def _tint(colour: str, amount: float) -> tuple[float, float, float]:
    """``colour`` mixed with white: ``amount`` of the colour (an opaque light fill, so edges stay sharp)."""
    from matplotlib.colors import to_rgb

    return tuple(1 - amount * (1 - c) for c in to_rgb(colour))


def _legend_below(fig: Any, ax: Any, *, ncols: int) -> Any:
    """One legend under the axes, outside them, where it cannot cover what is drawn."""
    handles, labels = ax.get_legend_handles_labels()
    return fig.legend(handles, labels, loc="outside lower center", ncols=min(ncols, len(handles)), fontsize=9,
                      frameon=False, handlelength=2.2)


def _dimension(ax: Any, start: tuple[float, float], end: tuple[float, float], **kwargs: Any) -> Any:
    """A dimension arrow with a head at both ends, from ``start`` to ``end`` exactly."""
    return ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "<|-|>", "color": _DARK, "lw": 1.0,
                                                             "mutation_scale": 9, "shrinkA": 0, "shrinkB": 0},
                       **kwargs)


# ---------------------------------------------------------------------------
# The bead and the filament

def _stadium(width: float, height: float, centre_x: float, bottom: float, points: int = 90) -> NDArray[np.float64]:
    """Outline of a stadium (a rectangle with half-circle ends of diameter ``height``), counter-clockwise."""
    r = height / 2
    half = (width - height) / 2
    z = bottom + r
    right = np.linspace(-np.pi / 2, np.pi / 2, points)
    left = np.linspace(np.pi / 2, 3 * np.pi / 2, points)
    return np.vstack([np.column_stack([centre_x + half + r * np.cos(right), z + r * np.sin(right)]),
                      np.column_stack([centre_x - half + r * np.cos(left), z + r * np.sin(left)])])


def bead_cross_section(*, width: float = 0.45, layer_height: float = 0.2,
                       diameter: float = printing.FILAMENT_DIAMETER, line_length: float = 30.0) -> Any:
    """A bead of plastic cut across, lying on the layer below, and the filament's circle to the same scale.

    The bead is the stadium of :func:`~stemkit.design3d.printing.bead_area` (a rectangle with
    half-circle ends of diameter h), with w and h as dimension arrows and the simple rectangle
    w × h drawn dashed over it. Beside it, one millimetre on the page as long, is the filament's
    circle of diameter d: its area over the bead's is how many millimetres of line one millimetre
    of filament makes.

    Parameters
    ----------
    width : float
        Bead width w [mm].
    layer_height : float
        Bead (layer) height h [mm]; at most the width.
    diameter : float
        Filament diameter d [mm].
    line_length : float
        Length of the line of plastic the text below works out [mm].

    Returns
    -------
    matplotlib.figure.Figure
        The stadium is the patch with gid ``"bead"``, the rectangle ``"rectangle"``, the filament ``"filament"``.

    Notes
    -----
    A = (w − h) h + π h² / 4 for the bead, π d² / 4 for the filament; volume in = volume out, so
    a line of length L takes L · A_bead / A_filament of filament.

    Examples
    --------
    >>> from stemkit.design3d.primitives import polygon_area
    >>> fig = bead_cross_section(width=0.45, layer_height=0.2, diameter=1.75)
    >>> bead = next(p for p in fig.axes[0].patches if p.get_gid() == "bead")
    >>> round(polygon_area(bead.get_xy()), 4), round(printing.bead_area(width=0.45, layer_height=0.2), 4)
    (0.0814, 0.0814)
    >>> bead_cross_section(width=-0.45)
    Traceback (most recent call last):
    ...
    ValueError: width must be a size in mm greater than 0, got -0.45: give a positive number of millimetres, for example 0.45
    """
    from matplotlib.patches import Circle, Polygon, Rectangle

    w = _size(width, "width", "0.45")
    h = _size(layer_height, "layer_height", "0.2")
    d = _size(diameter, "diameter", "1.75")
    length = _size(line_length, "line_length", "30")
    bead = printing.bead_area(width=w, layer_height=h)          # also refuses a bead narrower than it is tall
    rectangle = printing.bead_area(width=w, layer_height=h, model="rectangle")
    filament = printing.filament_area(diameter=d)
    per_mm = printing.extrusion_per_mm(width=w, layer_height=h, diameter=d)
    colours = _palette()

    side = 1.5 * w + 0.12                      # where the h arrow stands
    centre = side + 0.95 + d / 2               # the filament's centre, to the right of the bead
    xlim, ylim = (-1.5 * w - 0.6, centre + d / 2 + 0.1), (-0.05, max(d, 2 * h + 0.3) + 0.05)
    fig = _new_figure(6.4, 6.2 * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]) + 1.2)
    ax = fig.add_subplot()
    # the layer below: three beads side by side; the new bead on top of the middle one
    for k in (-1, 0, 1):
        ax.add_patch(Polygon(_stadium(w, h, k * w, 0.0), closed=True, facecolor=_LAYER, edgecolor="#8c8c8c",
                             lw=0.8, zorder=1))
    outline = _stadium(w, h, 0.0, h)
    ax.add_patch(Polygon(outline, closed=True, facecolor=colours["blue"], alpha=0.85, edgecolor=colours["blue"],
                         lw=1.0, zorder=2, gid="bead",
                         label=_("bead (stadium): A = (w − h)·h + π·h²/4 = {area} mm²").format(
                             area=format_number(bead, 3))))
    ax.add_patch(Rectangle((-w / 2, h), w, h, fill=False, edgecolor=_DARK, lw=1.2, ls=(0, (4, 2)), zorder=3,
                           gid="rectangle", label=_("rectangle model: w·h = {area} mm², a little too big").format(
                               area=format_number(rectangle, 3))))
    ax.text(-1.5 * w - 0.05, h / 2, _("layer below"), ha="right", va="center", fontsize=9, color="#555555")
    # w above the bead, h at its right, each with thin extension lines
    top = 2 * h + 0.12
    for x in (-w / 2, w / 2):
        ax.plot([x, x], [2 * h + 0.02, top + 0.03], color=_DARK, lw=0.6, zorder=3)
    _dimension(ax, (-w / 2, top), (w / 2, top))
    ax.text(0, top + 0.05, _("w = {width} mm").format(width=format_number(w, 3)), ha="center", va="bottom",
            fontsize=10)
    for z in (h, 2 * h):
        ax.plot([w / 2 + 0.02, side + 0.03], [z, z], color=_DARK, lw=0.6, zorder=3)
    _dimension(ax, (side, h), (side, 2 * h))
    ax.text(side + 0.05, 1.5 * h, _("h = {height} mm").format(height=format_number(h, 3)), ha="left",
            va="center", fontsize=10)
    # the filament, to the same scale, standing on the same line
    ax.add_patch(Circle((centre, d / 2), d / 2, facecolor=colours["orange"], alpha=0.85, edgecolor=colours["orange"],
                        lw=1.0, zorder=2, gid="filament",
                        label=_("filament: π·d²/4 = {area} mm²").format(area=format_number(filament, 4))))
    _dimension(ax, (centre - d / 2, d / 2), (centre + d / 2, d / 2), zorder=4)
    ax.text(centre, d / 2 + 0.05, _("d = {diameter} mm").format(diameter=format_number(d, 3)), ha="center",
            va="bottom", fontsize=10, zorder=5)
    ax.text(xlim[0], ylim[1] - 0.05, _("The filament's circle has {ratio} times the bead's area.\n{length} mm of "
                                 "line = {volume} mm³ of plastic\n= {filament} mm of filament").format(
                length=format_number(length, 3), volume=format_number(length * bead, 3),
                filament=format_number(length * per_mm, 3), ratio=format_number(filament / bead, 2)),
            ha="left", va="top", fontsize=10)
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    ax.set_title(_("Volume in = volume out: a bead and the filament, to the same scale"), fontsize=11)
    _legend_below(fig, ax, ncols=1)
    return fig


# ---------------------------------------------------------------------------
# The overhang test seen from the side

def _hull(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Convex hull of 2-D points, counter-clockwise (Andrew's monotone chain)."""
    p = np.unique(np.round(points, 9), axis=0)
    if len(p) < 3:
        return p

    def half(rows):
        out: list = []
        for q in rows:
            while len(out) >= 2 and ((out[-1][0] - out[-2][0]) * (q[1] - out[-2][1])
                                     - (out[-1][1] - out[-2][1]) * (q[0] - out[-2][0])) <= 0:
                out.pop()
            out.append(q)
        return out

    lower, upper = half(p), half(p[::-1])
    return np.array(lower[:-1] + upper[:-1])


def _slab_side_view(body: Mesh, bottom: float, threshold: float) -> dict:
    """One body seen from the side it leans to: outline, underside, lean from vertical, support."""
    lean = body.overhang_angles()
    on_bed = np.all(body.triangles[:, :, 2] <= bottom + 1e-6, axis=1)
    candidates = np.where(on_bed, -np.inf, lean)
    face = int(np.argmax(candidates))
    normal = body.face_normals[face]
    across = math.hypot(normal[0], normal[1])
    if lean[face] > 1e-9 and across > 1e-9:
        direction = np.array([normal[0], normal[1]]) / across   # the slab leans the way its underside looks
    else:
        direction = np.array([0.0, 1.0])                         # upright: seen along x, like the test
    s = body.vertices[:, :2] @ direction
    outline = _hull(np.column_stack([s, body.vertices[:, 2]]))
    underside = body.triangles[face]
    corner = underside[np.argmin(underside[:, 2])]
    return {"outline": outline, "lean": max(float(lean[face]), 0.0),
            "corner": np.array([corner[:2] @ direction, corner[2]]),
            "support": bool(body.needs_support(threshold=threshold).any()),
            # along the row: across the lean, +x for the test as overhang_test makes it
            "place": float(np.round(body.bounds.mean(axis=0)[:2] @ [direction[1], -direction[0]], 6))}


def _rows(widths: list[float], gap: float, height: float) -> list[list[int]]:
    """Slabs into rows, left to right: one row unless it is much wider than it is tall."""
    total = sum(widths) + gap * (len(widths) - 1)
    if total <= 5.0 * height:
        return [list(range(len(widths)))]
    limit = max(max(widths), 0.55 * total)
    rows: list[list[int]] = [[]]
    used = 0.0
    for k, w in enumerate(widths):
        need = w if not rows[-1] else used + gap + w
        if rows[-1] and need > limit + 1e-9:
            rows.append([k])
            used = w
        else:
            rows[-1].append(k)
            used = need
    return rows


def overhang_side_view(part: Mesh, *, threshold: float = 45.0) -> Any:
    """The slabs of an overhang test seen from the side, each with its lean from vertical.

    Each body of ``part`` is drawn as its outline seen along its edges (the slabs of
    :func:`~stemkit.design3d.primitives.overhang_test` stand in a row along x and lean towards
    +y, so they are seen from the +x side), one millimetre as long across as up. The slabs are
    drawn apart, in the order they stand in their row (along x for the test), in two rows when one
    would be too long. Each
    shows a dashed vertical line and an arc to its underside, labelled with the underside's lean
    from vertical as the mesh's normals give it (:meth:`~stemkit.design3d.mesh.Mesh.overhang_angles`),
    and a dotted line at ``threshold``. Slabs with faces that
    :meth:`~stemkit.design3d.mesh.Mesh.needs_support` finds are filled in another colour and hatched.

    Parameters
    ----------
    part : Mesh
        An overhang test: one body per slab, standing on the bed [mm].
    threshold : float
        The largest lean from vertical that prints without support [deg] (the 45° rule).

    Returns
    -------
    matplotlib.figure.Figure
        Slab k (k = 0, 1, ... in the order they stand in the row) is the patch with gid ``"slab-k"``;
        its angle label is the text with the same gid, its arc the patch ``"arc-k"``.

    Examples
    --------
    >>> from stemkit.design3d.primitives import overhang_test
    >>> fig = overhang_side_view(overhang_test(angles=[30, 60]), threshold=45)
    >>> [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("slab")]
    ['30°', '60°']
    >>> overhang_side_view("ramps")
    Traceback (most recent call last):
    ...
    TypeError: part must be a Mesh, got str: make one with overhang_test(angles=[30, 45, 60, 75])
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Arc, Patch, Polygon, Rectangle

    example = "overhang_test(angles=[30, 45, 60, 75])"
    mesh = _mesh(part, "part", example)
    limit = float(threshold) if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) else math.nan
    if not 0 <= limit < 90:
        raise ValueError(_("threshold must be an angle from vertical from 0 to under 90 degrees, got {value!r}: "
                           "the usual rule for PLA is 45").format(value=threshold))
    bottom = float(mesh.bounds[0, 2])
    slabs = sorted((_slab_side_view(body, bottom, limit) for body in mesh.bodies()), key=lambda v: v["place"])
    colours = _palette()
    fine, support = colours["blue"], colours["vermillion"]
    tall = max(float(v["outline"][:, 1].max()) - bottom for v in slabs)
    gap = 0.45 * tall
    widths = [float(np.ptp(v["outline"][:, 0])) for v in slabs]
    rows = _rows(widths, gap, tall)
    row_height = 1.55 * tall                      # a slab, the bed under it and room for its label
    span = max(sum(widths[k] for k in row) + gap * (len(row) - 1) for row in rows)
    xlim = (-0.7 * gap, span + 0.7 * gap)
    ylim = (-0.1 * tall, row_height * (len(rows) - 1) + 1.05 * tall)
    fig = _new_figure(6.4, 6.2 * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]) + 0.9)
    ax = fig.add_subplot()
    for r, row in enumerate(rows):
        base = (len(rows) - 1 - r) * row_height   # the first row on top
        x = 0.0
        for k in row:
            view = slabs[k]
            outline = view["outline"] - [0.0, bottom]
            shift = x - outline[:, 0].min()
            outline = outline + [shift, base]
            cx, cz = view["corner"][0] + shift, view["corner"][1] - bottom + base
            needs = view["support"]
            colour = support if needs else fine
            ax.add_patch(Polygon(outline, closed=True, facecolor=colour, alpha=0.45, edgecolor=colour, lw=1.5,
                                 hatch="///" if needs else None, zorder=2, gid=f"slab-{k}"))
            # the vertical from the underside's foot, the limit, and the arc from vertical to the underside
            lean = view["lean"]
            reach = 0.55 * tall
            ax.plot([cx, cx], [cz, cz + tall], ls=(0, (4, 3)), color=_DARK, lw=1.1, zorder=4)
            ax.plot([cx, cx + tall * math.tan(math.radians(limit))], [cz, cz + tall], ls=":", color="#555555",
                    lw=1.6, zorder=3)
            ax.add_patch(Arc((cx, cz), 2 * reach, 2 * reach, theta1=90 - lean, theta2=90, color=_DARK, lw=1.6,
                             zorder=5, gid=f"arc-{k}"))
            ax.text(cx - 0.06 * tall, cz + reach, f"{format_number(lean, 3)}°", ha="right", va="center",
                    fontsize=10, fontweight="bold", color=_DARK, zorder=6, gid=f"slab-{k}")
            x = float(outline[:, 0].max()) + gap
        ax.add_patch(Rectangle((-0.7 * gap, base - 0.08 * tall), x - gap + 1.4 * gap, 0.08 * tall, facecolor=_BED,
                               edgecolor="none", zorder=1))
    handles = [Patch(facecolor=fine, alpha=0.45, edgecolor=fine, label=_("prints without support")),
               Patch(facecolor=support, alpha=0.45, edgecolor=support, hatch="///",
                     label=_("needs support: leans more than {limit}°").format(limit=format_number(limit, 3))),
               Line2D([], [], ls=(0, (4, 3)), color=_DARK, lw=1.1, label=_("vertical")),
               Line2D([], [], ls=":", color="#555555", lw=1.6,
                      label=_("the {limit}° rule").format(limit=format_number(limit, 3))),
               Patch(facecolor=_BED, label=_("the bed"))]
    shown = (any(not v["support"] for v in slabs), any(v["support"] for v in slabs), True, True, True)
    order = [h for h, show in zip(handles, shown, strict=True) if show]
    fig.legend(handles=order, loc="outside lower center", ncols=3 if len(order) > 4 else 2, fontsize=9,
               frameon=False, handlelength=2.2)
    ax.set_aspect("equal")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    ax.set_title(_("The overhang test seen from the side: how far each slab leans from vertical"), fontsize=11)
    return fig


# ---------------------------------------------------------------------------
# The hole plate seen from above

def _holes_from_above(part: Mesh) -> tuple[list[NDArray[np.float64]], list[NDArray[np.float64]]]:
    """Outer loops and holes of the part cut at half its height, as the mesh gives them."""
    from stemkit.design3d.slicing import slice_mesh

    lo, hi = part.bounds[:, 2]
    layer = slice_mesh(part, heights=[(lo + hi) / 2])[0]
    outer = [loop for loop, hole in zip(layer.loops, layer.is_hole, strict=True) if not hole]
    holes = [loop for loop, hole in zip(layer.loops, layer.is_hole, strict=True) if hole]
    holes.sort(key=lambda loop: (round(float(loop[:, 0].mean()), 6), float(loop[:, 1].mean())))
    return outer, holes


def hole_plate_top_view(part: Mesh) -> Any:
    """A plate with holes seen from above: each hole numbered, left to right, with its drawn diameter.

    The plate is cut at half its height (:func:`~stemkit.design3d.slicing.slice_mesh`); every
    hole of the cut is drawn, numbered 1, 2, ... from −x to +x, and labelled with its diameter
    corner to corner (the size :func:`~stemkit.design3d.primitives.hole_plate` is given). So the
    numbers are the mesh's own, whatever plate it is.

    Parameters
    ----------
    part : Mesh
        A flat part with holes through it [mm], e.g. ``hole_plate(hole_diameters=[4.8, 5.0, 5.2])``.

    Returns
    -------
    matplotlib.figure.Figure
        Hole k is the patch with gid ``"hole-k"`` (k = 1, 2, ...); its number and diameter are the
        texts with gids ``"number-k"`` and ``"diameter-k"``.

    Examples
    --------
    >>> from stemkit.design3d.primitives import hole_plate
    >>> fig = hole_plate_top_view(hole_plate(hole_diameters=[4.8, 5.0, 5.2]))
    >>> [t.get_text() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("diameter")]
    ['⌀ 4.8 mm', '⌀ 5.0 mm', '⌀ 5.2 mm']
    """
    from matplotlib.patches import Polygon
    from matplotlib.ticker import MultipleLocator

    example = "hole_plate(hole_diameters=[4.8, 5.0, 5.2])"
    mesh = _mesh(part, "part", example)
    outer, holes = _holes_from_above(mesh)
    if not holes:
        lo, hi = mesh.bounds[:, 2]
        raise ValueError(_("part has no holes through it at half its height ({z} mm): draw a plate with holes, "
                           "for example {example}").format(z=format_number((lo + hi) / 2, 3), example=example))
    colours = _palette()
    (x0, y0), (x1, y1) = mesh.bounds[0, :2], mesh.bounds[1, :2]
    span = max(x1 - x0, y1 - y0)
    xlim = (x0 - 0.03 * span, x1 + 0.03 * span)
    ylim = (y0 - 0.04 * span, y1 + 0.08 * span)
    fig = _new_figure(6.4, 5.6 * (ylim[1] - ylim[0]) / (xlim[1] - xlim[0]) + 1.0)
    ax = fig.add_subplot()
    for loop in outer:
        ax.add_patch(Polygon(loop, closed=True, facecolor=_tint(colours["sky"], 0.35), edgecolor=colours["blue"],
                             lw=1.5, zorder=1))
    centres = [loop.mean(axis=0) for loop in holes]
    diameters = [2 * float(np.max(np.hypot(*(loop - c).T))) for loop, c in zip(holes, centres, strict=True)]
    # one decimal when every size is a tenth of a millimetre (5.0, not 5), else two
    places = 1 if all(abs(d * 10 - round(d * 10)) < 1e-6 for d in diameters) else 2
    for k, (loop, centre, diameter) in enumerate(zip(holes, centres, diameters, strict=True), start=1):
        ax.add_patch(Polygon(loop, closed=True, facecolor="white", edgecolor=colours["blue"], lw=1.2, zorder=2,
                             gid=f"hole-{k}"))
        ax.text(*centre, str(k), ha="center", va="center", fontsize=11, fontweight="bold", color=_DARK, zorder=3,
                gid=f"number-{k}")
        ax.text(centre[0], y1 + 0.025 * span, _("⌀ {diameter} mm").format(diameter=_fixed(diameter, places)),
                ha="center", va="bottom", fontsize=9.5, color=_DARK, zorder=3, gid=f"diameter-{k}")
    ax.set_aspect("equal")
    ax.xaxis.set_major_locator(MultipleLocator(10))
    ax.set_yticks([t for t in MultipleLocator(5).tick_values(y0, y1) if y0 - 1e-9 <= t <= y1 + 1e-9])
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.spines["left"].set_bounds(y0, y1)
    ax.tick_params(labelsize=9)
    ax.set_xlabel(_("x [mm]"), fontsize=9)
    ax.set_ylabel(_("y [mm]"), fontsize=9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(_("The hole plate seen from above: hole 1 is at the −x end"), fontsize=11)
    return fig
