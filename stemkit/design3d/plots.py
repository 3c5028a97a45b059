"""Drawing helpers of the design3d room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations


# ---------------------------------------------------------------------------
# Printing, slicing and G-code (print estimate, layers, toolpaths)

import numpy as _np  # noqa: E402
from matplotlib.collections import LineCollection as _LineCollection  # noqa: E402
from matplotlib.patches import PathPatch as _PathPatch  # noqa: E402
from matplotlib.path import Path as _MplPath  # noqa: E402

LAYER_FILL = "#9ecae1"
OUTER_COLOR = "#08519c"
HOLE_COLOR = "#d94801"
EXTRUDE_COLOR = "#08519c"
TRAVEL_COLOR = "#d94801"


def draw_mass_vs_infill(ax, *, infill, mass, current_infill, current_mass, solid_mass):
    """Plot mass [g] against infill [fraction] with a dot at the current setting.

    Returns a dict of artists: ``curve``, ``dot``, ``solid`` (dashed line at the solid mass).
    """
    from stemkit.i18n import _

    infill = _np.asarray(infill, dtype=float)
    (curve,) = ax.plot(infill * 100, mass, color=OUTER_COLOR, lw=2)
    (dot,) = ax.plot([current_infill * 100], [current_mass], "o", color=HOLE_COLOR, ms=9, zorder=3)
    solid = ax.axhline(solid_mass, color="grey", ls="--", lw=1)
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("infill [%]"))
    ax.set_ylabel(_("mass of plastic [g]"))
    ax.grid(alpha=0.3)
    return {"curve": curve, "dot": dot, "solid": solid}


def update_mass_vs_infill(artists, *, infill, mass, current_infill, current_mass, solid_mass):
    """Change the data drawn by :func:`draw_mass_vs_infill`."""
    infill = _np.asarray(infill, dtype=float)
    artists["curve"].set_data(infill * 100, mass)
    artists["dot"].set_data([current_infill * 100], [current_mass])
    artists["solid"].set_ydata([solid_mass, solid_mass])
    ax = artists["curve"].axes
    ax.set_ylim(0, max(float(solid_mass), float(_np.max(mass))) * 1.08 + 1e-9)


def _layer_path(layer):
    verts, codes = [], []
    for loop in layer.loops:
        k = len(loop)
        verts.append(_np.vstack([loop, loop[:1]]))
        codes += [_MplPath.MOVETO] + [_MplPath.LINETO] * (k - 1) + [_MplPath.CLOSEPOLY]
    if not verts:
        return _MplPath(_np.zeros((1, 2)), [_MplPath.MOVETO])
    return _MplPath(_np.vstack(verts), codes)


def _closed(loops):
    return [_np.vstack([p, p[:1]]) for p in loops]


def draw_layer(ax, layer, *, limits=None):
    """Draw one slice: filled material, outer loops (solid) and holes (dashed).

    Parameters
    ----------
    ax : matplotlib Axes
    layer : stemkit.design3d.slicing.Layer
    limits : (xmin, xmax, ymin, ymax), optional
        Fixed axis limits [mm] (for example the part's bounding box), so the
        view does not jump between layers.

    Returns
    -------
    dict
        ``fill`` (PathPatch), ``outer`` and ``holes`` (LineCollections), ``starts``
        (a marker at the first corner of each loop, to show the direction).
    """
    from stemkit.i18n import _

    fill = _PathPatch(_layer_path(layer), facecolor=LAYER_FILL, edgecolor="none", alpha=0.7)
    ax.add_patch(fill)
    outer = _LineCollection(_closed([p for p, h in zip(layer.loops, layer.is_hole) if not h]),
                            colors=OUTER_COLOR, linewidths=2, label=_("outer loop (counter-clockwise)"))
    holes = _LineCollection(_closed([p for p, h in zip(layer.loops, layer.is_hole) if h]),
                            colors=HOLE_COLOR, linewidths=2, linestyles="--", label=_("hole (clockwise)"))
    ax.add_collection(outer)
    ax.add_collection(holes)
    (starts,) = ax.plot(*_loop_starts(layer), "o", color="black", ms=4, label=_("loop start"))
    ax.set_aspect("equal")
    if limits is not None:
        ax.set_xlim(limits[0], limits[1])
        ax.set_ylim(limits[2], limits[3])
    else:
        ax.autoscale_view()
    ax.set_xlabel("x [mm]")
    ax.set_ylabel("y [mm]")
    ax.legend(loc="upper right", fontsize="small")
    return {"fill": fill, "outer": outer, "holes": holes, "starts": starts}


def _loop_starts(layer):
    if not layer.loops:
        return [], []
    pts = _np.array([p[0] for p in layer.loops])
    return pts[:, 0], pts[:, 1]


def update_layer(artists, layer):
    """Show another layer in the artists made by :func:`draw_layer`."""
    artists["fill"].set_path(_layer_path(layer))
    artists["outer"].set_segments(_closed([p for p, h in zip(layer.loops, layer.is_hole) if not h]))
    artists["holes"].set_segments(_closed([p for p, h in zip(layer.loops, layer.is_hole) if h]))
    artists["starts"].set_data(*_loop_starts(layer))

# ---- end of the printing, slicing and G-code section ----
