"""Drawing helpers of the design3d room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations

# ---- geometry section: meshes, build volume, axes (mesh.py, transforms.py) ----
import numpy as np

from stemkit.i18n import _

#: Direction the light comes from when shading a mesh (from the front, left and above).
LIGHT = np.array([-0.35, -0.6, 0.72]) / np.linalg.norm([-0.35, -0.6, 0.72])
MESH_COLOR = "#4c9be8"
NORMAL_COLOR = "#d1495b"
#: Several parts on one picture: the part colour first, then the shared palette's orange and green.
PART_COLOURS = (MESH_COLOR, "orange", "green", "purple", "sky")
#: Outline styles of the parts of a top view: a second cue beside the colour.
_PART_DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)))


def _colour(name_or_hex):
    """A name of the shared palette (``"orange"``) as its hex code; any other colour as it is."""
    from stemkit.ui.figure import PALETTE  # the colour-blind-safe colours every room shares

    return PALETTE.get(name_or_hex, name_or_hex) if isinstance(name_or_hex, str) else name_or_hex


def _rgba(color, alpha: float = 1.0) -> np.ndarray:
    from matplotlib.colors import to_rgba

    return np.array(to_rgba(_colour(color), alpha))


def _shade(mesh, color, alpha: float = 1.0, highlight=None) -> np.ndarray:
    """Face colours: brighter where a face turns towards the light (Lambert shading).

    Faces where ``highlight`` (a boolean mask) is True are coloured red instead.
    """
    base = _rgba(color, alpha)
    n = mesh.face_normals
    light = np.clip(n @ LIGHT, 0.0, 1.0)
    k = 0.45 + 0.55 * light
    out = np.empty((len(n), 4))
    out[:, :3] = base[:3] * k[:, None]
    if highlight is not None:
        mask = np.asarray(highlight, dtype=bool)
        out[mask, :3] = _rgba(NORMAL_COLOR)[:3] * k[mask, None]
    out[:, 3] = base[3]
    return out


#: At most this many normals are drawn; bigger meshes show every k-th face's normal (readable and fast).
MAX_NORMALS = 2000


def _normal_segments(mesh, normal_length: float) -> np.ndarray:
    step = max(1, -(-mesh.n_faces // MAX_NORMALS))
    centres = mesh.triangles[::step].mean(axis=1)
    return np.stack([centres, centres + normal_length * mesh.face_normals[::step]], axis=1)


def _default_normal_length(mesh) -> float:
    if mesh.n_vertices == 0:
        return 1.0
    return 0.15 * float(np.max(mesh.vertices.max(axis=0) - mesh.vertices.min(axis=0)) or 1.0)


def set_equal_view(ax, bounds, *, pad: float = 0.05) -> None:
    """Set equal-length x, y, z limits around ``bounds`` (2 x 3 [mm]) so shapes are not squashed."""
    b = np.asarray(bounds, dtype=float)
    centre = b.mean(axis=0)
    half = max(float((b[1] - b[0]).max()) / 2 * (1 + pad), 1e-9)
    ax.set_xlim(centre[0] - half, centre[0] + half)
    ax.set_ylim(centre[1] - half, centre[1] + half)
    ax.set_zlim(centre[2] - half, centre[2] + half)
    ax.set_box_aspect((1, 1, 1))


def draw_mesh(ax, mesh, *, color=MESH_COLOR, alpha: float = 1.0, edges: bool | None = None,
              show_normals: bool = False, normal_length: float | None = None, fit: bool = True) -> dict:
    """Draw a :class:`~stemkit.design3d.mesh.Mesh` on a 3D axes, shaded by its normals.

    Parameters
    ----------
    ax : mpl_toolkits.mplot3d.Axes3D
        Axes made with ``projection="3d"``.
    mesh : Mesh
        The part [mm].
    edges : bool, optional
        Draw the part's sharp edges (where faces meet at more than 25°, and open rims), never
        the seams between the triangles of a flat or gently curved face (default: for meshes
        under 20,000 triangles).
    show_normals : bool
        Draw each face's normal as a short red line from its centre.
    normal_length : float, optional
        Length of the normal lines [mm] (default 15 % of the part's size).
    fit : bool
        Set equal axis limits around the part.

    Returns
    -------
    dict
        ``surface`` (Poly3DCollection), ``edges`` and ``normals`` (Line3DCollection), and
        the style used (``color``, ``alpha``, ``normal_length``) for :func:`update_mesh`.
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    if edges is None:
        edges = mesh.n_faces < 20000
    faces = _shade(mesh, color, alpha)
    # An opaque face gets a hairline edge of its own colour: it closes the light gaps that
    # anti-aliasing leaves between two triangles of one flat face. (On a see-through part it
    # would double the colour along every seam, so there are none.)
    surface = Poly3DCollection(mesh.triangles, facecolors=faces, edgecolors=faces if alpha >= 1 else "none",
                               linewidths=0.5 if alpha >= 1 else 0.0)
    ax.add_collection3d(surface, autolim=False)
    outline = Line3DCollection(_sharp_edges(mesh) if edges else np.zeros((0, 2, 3)),
                               colors=[(0.1, 0.1, 0.1, 0.55)], linewidths=0.6)
    ax.add_collection3d(outline, autolim=False)
    length = _default_normal_length(mesh) if normal_length is None else float(normal_length)
    normals = Line3DCollection(_normal_segments(mesh, length) if show_normals else np.zeros((0, 2, 3)),
                               colors=NORMAL_COLOR, linewidths=1.0)
    normals.set_visible(show_normals)
    ax.add_collection3d(normals, autolim=False)
    ax.set_xlabel(_("x [mm]"))
    ax.set_ylabel(_("y [mm]"))
    ax.set_zlabel(_("z [mm]"))
    if fit and mesh.n_faces:
        set_equal_view(ax, mesh.bounds)
    return {"surface": surface, "edges": outline, "normals": normals, "color": color, "alpha": alpha,
            "normal_length": normal_length, "show_edges": bool(edges)}


def _sharp_edges(mesh) -> np.ndarray:
    """Segments (k, 2, 3) [mm] of the part's sharp edges and open rims, on a welded copy."""
    from stemkit.design3d.view import feature_edges

    if mesh.n_faces == 0:
        return np.zeros((0, 2, 3))
    return feature_edges(mesh.weld())


def update_mesh(artists: dict, mesh, *, show_normals: bool | None = None, highlight=None) -> dict:
    """Show a new (moved, resized or different) mesh in the artists of :func:`draw_mesh`.

    ``highlight`` is an optional boolean mask of faces to colour red (e.g. faces that need support).
    """
    surface = artists["surface"]
    surface.set_verts(mesh.triangles)
    faces = _shade(mesh, artists["color"], artists["alpha"], highlight)
    surface.set_facecolor(faces)
    if artists["alpha"] >= 1:
        surface.set_edgecolor(faces)
    if "edges" in artists and artists.get("show_edges", True):
        artists["edges"].set_segments(_sharp_edges(mesh))
    normals = artists["normals"]
    if show_normals is None:
        show_normals = normals.get_visible()
    if show_normals:
        length = artists["normal_length"] or _default_normal_length(mesh)
        normals.set_segments(_normal_segments(mesh, length))
    normals.set_visible(bool(show_normals))
    return artists


def draw_build_volume(ax, size=(220.0, 220.0, 250.0), *, color="0.45") -> dict:
    """Draw a printer's build volume: the bed as a flat plate and the box above it as lines.

    The printer's origin (0, 0, 0) is the front-left corner of the bed; x runs
    to the right, y to the back, z up (a right-handed set).

    Returns
    -------
    dict
        ``bed`` (Poly3DCollection), ``edges`` (Line3DCollection).
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    sx, sy, sz = (float(v) for v in size)
    bed = Poly3DCollection([[(0, 0, 0), (sx, 0, 0), (sx, sy, 0), (0, sy, 0)]],
                           facecolors=(0.85, 0.85, 0.8, 0.5), edgecolors=color, linewidths=1.0)
    ax.add_collection3d(bed, autolim=False)
    c = np.array([[x, y, z] for z in (0, sz) for y in (0, sy) for x in (0, sx)], dtype=float)
    pairs = [(0, 1), (1, 3), (3, 2), (2, 0), (4, 5), (5, 7), (7, 6), (6, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
    edges = Line3DCollection([c[list(p)] for p in pairs], colors=color, linewidths=0.8, linestyles="--")
    ax.add_collection3d(edges, autolim=False)
    return {"bed": bed, "edges": edges}


def draw_axes3d(ax, *, length: float = 30.0, origin=(0.0, 0.0, 0.0)) -> dict:
    """Draw the x (red), y (green) and z (blue) axes as labelled arrows from ``origin`` [mm].

    The colours are the shared palette's (vermillion, bluish green, blue), as in the explorers;
    the letters beside the arrows tell them apart for every reader.
    """
    o = np.asarray(origin, dtype=float)
    arrows, labels = [], []
    for k, (name, colour) in enumerate(zip("xyz", map(_colour, _AXIS_COLOURS), strict=False)):
        d = np.zeros(3)
        d[k] = length
        arrows.append(ax.quiver(*o, *d, color=colour, linewidth=2, arrow_length_ratio=0.15))
        labels.append(ax.text(*(o + 1.12 * d), name, color=colour, fontsize=11, fontweight="bold"))
    return {"arrows": arrows, "labels": labels}


_AXIS_COLOURS = ("vermillion", "green", "blue")


def _screen_right(azimuth: float) -> np.ndarray:
    """The 3-D direction that points to the right of the picture, seen from ``azimuth`` [°]."""
    az = np.radians(azimuth)
    return np.array([-np.sin(az), np.cos(az), 0.0])


def draw_points3d(ax, points, *, labels=None, color="#222222", size: float = 25.0) -> dict:
    """Mark points (n x 3 [mm]) with dots and optional text labels.

    A label beside a point in the right half of the picture is written to the point's left,
    so it stays inside the axes and off the tick numbers.
    """
    p = np.atleast_2d(np.asarray(points, dtype=float))
    dots = ax.scatter(p[:, 0], p[:, 1], p[:, 2], color=color, s=size, depthshade=False, zorder=10)
    right = _screen_right(getattr(ax, "azim", -60.0))
    across = p @ right
    middle = (across.min() + across.max()) / 2 if len(p) else 0.0
    texts = []
    for point, x, label in zip(p, across, labels or [], strict=False):
        flip = len(p) > 1 and x > middle + 1e-9
        texts.append(ax.text(*point, f"{label}  " if flip else f"  {label}", fontsize=9, color=color, zorder=11,
                             ha="right" if flip else "left",
                             bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75,
                                   "edgecolor": "none"}))
    return {"dots": dots, "texts": texts}

class SceneFigure:
    """Mixin for figures that show themselves as a PNG when they end a notebook cell."""

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=90)  # type: ignore[attr-defined]
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # in a notebook: twice the pixels, shown at the natural size, so it is sharp at device scale 2
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self, dpi=90)


def scene_figure(*meshes, build_volume=None, points=None, labels=None, colors=None, show_axes: bool = True,
                 show_normals: bool = False, elevation: float = 22.0, azimuth: float = -60.0,
                 figsize=(5.6, 4.8), title: str = ""):
    """A 3D picture of parts, optionally inside a printer's build volume, with labelled points.

    Seen from straight above (``elevation`` of 75° or more) it is a flat plan view instead:
    x to the right, y up, one millimetre as long on both axes, each part filled in its colour
    and outlined in its own line style.

    Parameters
    ----------
    *meshes : Mesh
        Parts to draw [mm].
    build_volume : tuple of 3 floats, optional
        Draw the printer's bed and build volume [mm] and fit the view to it.
    points : array_like (n, 3), optional
        Points to mark [mm]; ``labels`` gives their text.
    colors : list of colours, optional
        One per mesh (default: blue, orange, green, ...: :data:`PART_COLOURS`).

    Returns
    -------
    matplotlib.figure.Figure
        It shows itself when it ends a notebook cell.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    cls = type("SceneFigureImpl", (SceneFigure, Figure), {})
    fig = cls(figsize=figsize, layout="constrained")
    palette = [_colour(c) for c in (colors or PART_COLOURS)]
    if elevation >= 75:
        _plan_view(fig, meshes, palette, build_volume=build_volume, points=points, labels=labels,
                   show_axes=show_axes, title=title)
        return fig
    ax = fig.add_subplot(projection="3d")
    ax.view_init(elev=elevation, azim=azimuth)   # first: labels are placed by where points land on screen
    boxes = []
    for k, mesh in enumerate(meshes):
        draw_mesh(ax, mesh, color=palette[k % len(palette)], show_normals=show_normals, fit=False,
                  alpha=0.55 if points is not None else 1.0)
        boxes.append(mesh.bounds)
    if points is not None:
        p = np.atleast_2d(np.asarray(points, dtype=float))
        draw_points3d(ax, p, labels=labels)
        boxes.append(np.array([p.min(axis=0), p.max(axis=0)]))
    if build_volume is not None:
        size = np.asarray(build_volume, dtype=float)
        draw_build_volume(ax, size)
        boxes.append(np.array([np.zeros(3), size]))
    if boxes:
        allb = np.concatenate(boxes)
        extent = np.array([allb.min(axis=0), allb.max(axis=0)])
        if show_axes and np.all(extent[0] <= 0) and np.all(extent[1] >= 0):
            draw_axes3d(ax, length=0.2 * float((extent[1] - extent[0]).max() or 1.0))
        # labelled points get a wider margin, so their text stays clear of the tick numbers
        set_equal_view(ax, extent, pad=0.02 if build_volume is not None else 0.3 if labels else 0.1)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel(_("x [mm]"))
    ax.set_ylabel(_("y [mm]"))
    ax.set_zlabel(_("z [mm]"))
    if abs(elevation) >= 75:
        # seen from below the z axis points at the viewer: its ticks would pile into one corner
        ax.set_zticks([])
        ax.set_zlabel("")
    if title:
        ax.set_title(title)
    return fig


def _plan_view(fig, meshes, palette, *, build_volume, points, labels, show_axes, title) -> None:
    """Parts seen from straight above, drawn flat: the faces that look up, painted lowest first."""
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    polys, colours, heights, boxes = [], [], [], []
    for k, mesh in enumerate(meshes):
        if mesh.n_faces == 0:
            continue
        up = mesh.face_normals[:, 2] > 1e-6          # faces seen from above; the others hide under them
        tri = mesh.triangles[up]
        polys.append(tri[:, :, :2])
        # a flat top in the part's own colour; a slope a little darker, so it reads as a slope
        base = _rgba(palette[k % len(palette)])
        tone = (0.7 + 0.3 * mesh.face_normals[up, 2])[:, None]
        colours.append(np.column_stack([base[:3] * tone, np.ones(len(tone))]))
        heights.append(tri[:, :, 2].max(axis=1))
        boxes.append(mesh.bounds[:, :2])
    if build_volume is not None:
        sx, sy = (float(v) for v in np.asarray(build_volume, dtype=float)[:2])
        ax.add_patch(Rectangle((0, 0), sx, sy, facecolor=(0.85, 0.85, 0.8, 0.5), edgecolor="0.45", lw=1.0, zorder=1))
        boxes.append(np.array([[0.0, 0.0], [sx, sy]]))
    if polys:
        order = np.argsort(np.concatenate(heights), kind="stable")
        faces = np.concatenate(polys)[order]
        fill = np.concatenate(colours)[order]
        # not anti-aliased: no light seams between the triangles of a face; the outlines on top are smooth
        ax.add_collection(PolyCollection(faces, facecolors=fill, edgecolors=fill, linewidths=0.3, antialiased=False,
                                         zorder=2))
    for k, mesh in enumerate(meshes):
        seg = _sharp_edges(mesh)[:, :, :2]
        seg = seg[np.hypot(*(seg[:, 1] - seg[:, 0]).T) > 1e-9] if len(seg) else seg   # upright edges are dots
        dark = _rgba(palette[k % len(palette)])[:3] * 0.45
        ax.add_collection(LineCollection(seg, colors=[tuple(dark)], linewidths=1.2,
                                         linestyles=_PART_DASHES[k % len(_PART_DASHES)], zorder=3))
    if points is not None:
        pts = np.atleast_2d(np.asarray(points, dtype=float))
        ax.plot(pts[:, 0], pts[:, 1], "o", color="#222222", ms=5, zorder=5)
        for point, label in zip(pts, labels or [], strict=False):
            ax.annotate(str(label), point[:2], textcoords="offset points", xytext=(5, 5), fontsize=9, zorder=6,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "edgecolor": "none"})
        boxes.append(pts[:, :2])
    allb = np.vstack(boxes) if boxes else np.array([[0.0, 0.0], [1.0, 1.0]])
    lo, hi = allb.min(axis=0), allb.max(axis=0)
    span = float((hi - lo).max() or 1.0)
    if show_axes and np.all(lo <= 0) and np.all(hi >= 0):
        length = 0.2 * span
        for d, name, colour in (((length, 0), "x", _AXIS_COLOURS[0]), ((0, length), "y", _AXIS_COLOURS[1])):
            colour = _colour(colour)
            ax.annotate("", xy=d, xytext=(0, 0), zorder=4,
                        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2, "shrinkA": 0, "shrinkB": 0})
            ax.text(1.15 * d[0] + (0.03 * span if name == "y" else 0), 1.15 * d[1] - (0.04 * span if name == "x" else 0),
                    name, color=colour, fontsize=11, fontweight="bold", ha="center", va="center", zorder=4)
    pad = 0.08 * span
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad, hi[1] + pad)
    ax.set_aspect("equal")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(6))
    ax.grid(alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_xlabel(_("x [mm]"))
    ax.set_ylabel(_("y [mm]"))
    if title:
        ax.set_title(title)
    # as tall as the plan needs at this width (equal scale leaves no empty band above and below)
    w, h = fig.get_size_inches()
    ratio = (hi[1] - lo[1] + 2 * pad) / (hi[0] - lo[0] + 2 * pad)
    extra = 0.8 + (0.3 * (1 + title.count("\n")) if title else 0.0)
    fig.set_size_inches(w, min(h, max(2.0, (w - 0.9) * ratio + extra)))

# ---- end of geometry section ----


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
    outer = _LineCollection(_closed([p for p, h in zip(layer.loops, layer.is_hole, strict=True) if not h]),
                            colors=OUTER_COLOR, linewidths=2, label=_("outer loop ↺"))
    holes = _LineCollection(_closed([p for p, h in zip(layer.loops, layer.is_hole, strict=True) if h]),
                            colors=HOLE_COLOR, linewidths=2, linestyles="--", label=_("hole ↻"))
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
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small", frameon=False)
    return {"fill": fill, "outer": outer, "holes": holes, "starts": starts}


def _loop_starts(layer):
    if not layer.loops:
        return [], []
    pts = _np.array([p[0] for p in layer.loops])
    return pts[:, 0], pts[:, 1]


def update_layer(artists, layer):
    """Show another layer in the artists made by :func:`draw_layer`."""
    artists["fill"].set_path(_layer_path(layer))
    artists["outer"].set_segments(_closed([p for p, h in zip(layer.loops, layer.is_hole, strict=True) if not h]))
    artists["holes"].set_segments(_closed([p for p, h in zip(layer.loops, layer.is_hole, strict=True) if h]))
    artists["starts"].set_data(*_loop_starts(layer))


def draw_area_profile(ax, *, heights, areas, current_z, xlabel=None):
    """Plot layer area [mm²] (x) against height z [mm] (y), with a line at the current layer.

    ``xlabel`` replaces the axis label when the curve shows something else per
    layer (filament, time). Returns a dict of artists: ``curve`` and ``marker``.
    """
    from stemkit.i18n import _

    (curve,) = ax.plot(areas, heights, color=OUTER_COLOR, lw=1.5, marker=".", ms=3)
    marker = ax.axhline(current_z, color=HOLE_COLOR, lw=2)
    ax.set_xlabel(xlabel or _("layer area [mm²]"))
    ax.set_ylabel("z [mm]")
    ax.grid(alpha=0.3)
    return {"curve": curve, "marker": marker}


def update_area_profile(artists, *, heights=None, areas=None, current_z):
    """Move the current-layer line (and replace the curve when heights and areas are given)."""
    if heights is not None and areas is not None:
        artists["curve"].set_data(areas, heights)
        ax = artists["curve"].axes
        top = float(_np.max(areas)) if len(areas) else 1.0
        ax.set_xlim(0, top * 1.1 + 1e-9)
        if len(heights):
            pad = 0.05 * (float(heights[-1]) - float(heights[0]) + 1e-9)
            ax.set_ylim(float(_np.min(heights)) - pad, float(_np.max(heights)) + pad)
    artists["marker"].set_ydata([current_z, current_z])


def _toolpath_segments(toolpath, kind):
    mask = toolpath.kind == kind
    if kind == 0:
        mask &= _np.any(toolpath.start[:, :2] != toolpath.end[:, :2], axis=1)   # skip pure z moves
    return _np.stack([toolpath.start[mask, :2], toolpath.end[mask, :2]], axis=1)


def draw_toolpath(ax, toolpath, *, below=None, limits=None):
    """Top view of G-code moves: extrusion solid blue, travel dashed orange, lower layers faint.

    Parameters
    ----------
    ax : matplotlib Axes
    toolpath : stemkit.design3d.gcode.Toolpath
        The moves to show (for example ``tp.layer_moves(i)``).
    below : Toolpath, optional
        Moves drawn faint grey underneath (the layer before).
    limits : (xmin, xmax, ymin, ymax), optional
        Fixed axis limits [mm].

    Returns
    -------
    dict
        ``extrude``, ``travel`` and ``below`` LineCollections.
    """
    from stemkit.i18n import _

    faint = _LineCollection(_toolpath_segments(below, 1) if below is not None else _np.zeros((0, 2, 2)),
                            colors="#bbbbbb", linewidths=1, label=_("layer below"))
    extrude = _LineCollection(_toolpath_segments(toolpath, 1), colors=EXTRUDE_COLOR, linewidths=2,
                              label=_("printing"))
    travel = _LineCollection(_toolpath_segments(toolpath, 0), colors=TRAVEL_COLOR, linewidths=1.2,
                             linestyles="--", label=_("travel"))
    for c in (faint, extrude, travel):
        ax.add_collection(c)
    ax.set_aspect("equal")
    if limits is not None:
        ax.set_xlim(limits[0], limits[1])
        ax.set_ylim(limits[2], limits[3])
    else:
        ax.autoscale_view()
    ax.set_xlabel("x [mm]")
    ax.set_ylabel("y [mm]")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small", frameon=False)
    return {"extrude": extrude, "travel": travel, "below": faint}


def update_toolpath(artists, toolpath, *, below=None, show_travel=True):
    """Show other moves in the artists made by :func:`draw_toolpath`."""
    artists["extrude"].set_segments(_toolpath_segments(toolpath, 1))
    artists["travel"].set_segments(_toolpath_segments(toolpath, 0) if show_travel else _np.zeros((0, 2, 2)))
    artists["below"].set_segments(_toolpath_segments(below, 1) if below is not None else _np.zeros((0, 2, 2)))

# ---- end of the printing, slicing and G-code section ----
