"""Slicing: cut a triangle mesh with horizontal planes into the layers a printer prints.

A horizontal plane ``z = h`` cuts every triangle that reaches across it along a
short straight **segment**. The segments of one plane join end to end into
closed **loops**; a loop inside another loop is a **hole** (the inside of a
tube, the hole in a bracket). A **polygon** is an outer loop with its holes.
Each layer's **area** follows from the shoelace formula.

Conventions
-----------
- Lengths in millimetres [mm], areas in [mm²], like the mesh.
- Outer loops run counter-clockwise seen from above (+z), holes clockwise, so
  a hole's shoelace area is negative and the net area of a layer is simply the
  sum of its loops' signed areas.
- The direction of each segment comes from its triangle's outward normal
  ``n``: a segment runs along ``ẑ × n``, which keeps the material on its left.
  A mesh whose faces point inwards therefore gives negative areas.

The degenerate-case rule
------------------------
A corner exactly on the plane (``z == h``) counts as **above** the plane. This
is the same as cutting at ``h - ε`` for a vanishingly small ``ε``: every corner
is then strictly above or below, every crossed triangle has exactly one corner
on its own side and gives exactly one segment, and on a closed mesh the
segments always join into closed loops. Consequences: a face lying flat in the
plane gives no segment of its own; cutting exactly at the top face of a box
gives the full box outline, cutting exactly at its bottom face gives nothing
(area 0); loops that shrink to a point (a cone's tip touching the plane) are
dropped. Slicers cut at the middle of each layer (:func:`layer_heights`), so
these cases are rare in practice, but the answer is always well defined.

Examples
--------
>>> import numpy as np
>>> square = [[0, 0], [10, 0], [10, 10], [0, 10]]
>>> loop_area(square)               # counter-clockwise: positive
100.0
>>> loop_area(square[::-1])         # clockwise (a hole): negative
-100.0
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number

__all__ = [
    "Polygon",
    "Layer",
    "loop_area",
    "point_in_loop",
    "layer_heights",
    "slice_segments",
    "layer_areas",
    "slice_mesh",
    "MIN_LAYER_HEIGHT",
    "MAX_LAYER_HEIGHT",
    "MAX_LAYERS",
]

#: Thinnest layer accepted [mm]: 1 µm (resin printers reach 10 µm, FDM printers 50 µm).
MIN_LAYER_HEIGHT = 0.001
#: Thickest layer accepted [mm]: no nozzle lays a 10 mm layer.
MAX_LAYER_HEIGHT = 10.0
#: Most layers one call makes (a 1 m tall part in 10 µm layers is 100,000).
MAX_LAYERS = 1_000_000


# ---------------------------------------------------------------------------
# input


def mesh_arrays(mesh: Any) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Vertices (n, 3) [mm] and faces (m, 3) of a Mesh-like object or a (vertices, faces) pair."""
    if hasattr(mesh, "vertices") and hasattr(mesh, "faces"):
        vertices, faces = mesh.vertices, mesh.faces
    elif isinstance(mesh, (tuple, list)) and len(mesh) == 2:
        vertices, faces = mesh
    else:
        raise TypeError(_(
            "mesh must be a Mesh or a (vertices, faces) pair, got {kind}").format(kind=type(mesh).__name__))
    try:
        v = np.asarray(vertices, dtype=np.float64)
        f = np.asarray(faces)
    except (TypeError, ValueError):
        raise ValueError(_("mesh vertices must be numbers (an n x 3 array in mm)")) from None
    if v.ndim != 2 or v.shape[1] != 3:
        raise ValueError(_("mesh vertices must be an n x 3 array, got shape {shape}").format(shape=v.shape))
    if f.size == 0:
        f = f.reshape(0, 3)
    if f.ndim != 2 or f.shape[1] != 3 or (f.size and not np.issubdtype(f.dtype, np.integer)):
        raise ValueError(_("mesh faces must be an m x 3 array of whole vertex numbers, got shape {shape}").format(
            shape=f.shape))
    if not np.all(np.isfinite(v)):
        raise ValueError(_("mesh vertices must be finite numbers: remove or fix NaN/inf corners"))
    f = f.astype(np.int64, copy=False)
    if f.size and (f.min() < 0 or f.max() >= len(v)):
        raise ValueError(_("mesh faces refer to vertex {index}, but there are only {n} vertices").format(
            index=int(f.max() if f.max() >= len(v) else f.min()), n=len(v)))
    return v, f


def _heights(heights: ArrayLike) -> NDArray[np.float64]:
    try:
        h = np.asarray(heights, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(_("heights must be numbers in mm, got {value!r}").format(value=heights)) from None
    if h.ndim == 0:
        h = h.reshape(1)
    if h.ndim != 1:
        raise ValueError(_("heights must be a list of z values in mm, got shape {shape}").format(shape=h.shape))
    if not np.all(np.isfinite(h)):
        raise ValueError(_("heights must be finite numbers in mm, got {value}").format(value=h.tolist()))
    return h


# ---------------------------------------------------------------------------
# loops


def loop_area(points: ArrayLike) -> float:
    """Signed area of a closed loop by the shoelace formula.

    Parameters
    ----------
    points : array_like, shape (k, 2)
        The loop's corners (x, y) [mm] in order; the last joins back to the first
        (do not repeat the first point).

    Returns
    -------
    float
        Area [mm²]: positive for a counter-clockwise loop, negative for clockwise.

    Notes
    -----
    ``A = ½ Σ (x_i y_{i+1} - x_{i+1} y_i)`` with ``i + 1`` taken round the loop
    (Gauss's shoelace formula, Green's theorem for a polygon). The corners are
    first shifted to their mean, which does not change the area but keeps the
    products small and the rounding error low far from the origin.

    Examples
    --------
    >>> loop_area([[0, 0], [4, 0], [0, 3]])       # a 3-4-5 triangle
    6.0
    >>> loop_area([[0, 0], [0, 3], [4, 0]])
    -6.0
    """
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError(_("a loop must be a k x 2 array of x, y corners, got shape {shape}").format(shape=p.shape))
    if len(p) < 3:
        return 0.0
    p = p - p.mean(axis=0)
    x, y = p[:, 0], p[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def point_in_loop(point: ArrayLike, loop: ArrayLike) -> bool:
    """Whether a point lies inside a closed loop (even-odd ray-crossing rule).

    Parameters
    ----------
    point : array_like, shape (2,)
        The point (x, y) [mm].
    loop : array_like, shape (k, 2)
        The loop's corners [mm].

    Returns
    -------
    bool
        True inside, False outside. Points exactly on the boundary may go either way.

    Notes
    -----
    A ray from the point towards +x crosses the boundary an odd number of times
    exactly when the point is inside.

    Examples
    --------
    >>> square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    >>> point_in_loop([5, 5], square), point_in_loop([15, 5], square)
    (True, False)
    """
    px, py = np.asarray(point, dtype=np.float64)[:2]
    q = np.asarray(loop, dtype=np.float64)
    x0, y0 = q[:, 0], q[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    straddles = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(straddles & (x_cross > px)) % 2)


@dataclass(frozen=True)
class Polygon:
    """One connected region of a layer: an outer loop and the holes inside it.

    Attributes
    ----------
    outer : ndarray, shape (k, 2)
        Outer boundary [mm], counter-clockwise.
    holes : tuple of ndarray
        Hole boundaries [mm], each clockwise.
    """

    outer: NDArray[np.float64]
    holes: tuple[NDArray[np.float64], ...] = ()

    @property
    def area(self) -> float:
        """Net area [mm²]: the outer loop's area minus the holes'."""
        return loop_area(self.outer) + sum(loop_area(h) for h in self.holes)


@dataclass(frozen=True)
class Layer:
    """The cut of a mesh at one height.

    Attributes
    ----------
    z : float
        Height of the cutting plane [mm].
    loops : tuple of ndarray
        Every closed loop [mm], oriented: outer loops counter-clockwise, holes clockwise.
    is_hole : tuple of bool
        For each loop, whether it is a hole (it lies inside an odd number of other loops).
    polygons : tuple of Polygon
        Outer loops with their holes.
    """

    z: float
    loops: tuple[NDArray[np.float64], ...]
    is_hole: tuple[bool, ...]
    polygons: tuple[Polygon, ...]

    @property
    def area(self) -> float:
        """Net area of the layer [mm²] (holes subtracted)."""
        return float(sum(p.area for p in self.polygons))

    @property
    def n_holes(self) -> int:
        """Number of holes in the layer."""
        return int(sum(self.is_hole))

    def __repr__(self) -> str:
        return (f"Layer(z={format_number(self.z)} mm, loops={len(self.loops)}, holes={self.n_holes}, "
                f"area={format_number(self.area)} mm²)")

    def _figure(self):
        """The layer drawn on a matplotlib figure (matplotlib is imported only here)."""
        from matplotlib.figure import Figure

        from stemkit.design3d.plots import draw_layer

        fig = Figure(figsize=(4.5, 4.0), layout="constrained")
        ax = fig.add_subplot()
        draw_layer(ax, self)
        ax.set_title(f"z = {format_number(self.z)} mm, {format_number(self.area)} mm²")
        return fig

    def _repr_png_(self) -> bytes:
        """The layer as PNG bytes."""
        import io

        buf = io.BytesIO()
        self._figure().savefig(buf, format="png", dpi=80)
        return buf.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # in a notebook: twice the pixels, shown at the natural size, so it is sharp at device scale 2
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self._figure(), dpi=80)


# ---------------------------------------------------------------------------
# cutting


def layer_heights(mesh: Any, *, layer_height: float) -> NDArray[np.float64]:
    """Heights at which a slicer cuts a part: the middle of every layer.

    Parameters
    ----------
    mesh : Mesh or (vertices, faces)
        The part [mm].
    layer_height : float
        Layer height [mm].

    Returns
    -------
    ndarray, shape (n,)
        ``z`` of the middle of each layer [mm].

    Notes
    -----
    With the part from ``z_min`` to ``z_max`` there are
    ``n = round((z_max - z_min) / t)`` layers of height ``t`` (at least one) and
    layer ``i`` is cut at ``z_min + (i + ½) t``. Summing ``area × t`` over the
    layers is then the midpoint rule for the volume ``∫ A(z) dz``.

    Examples
    --------
    >>> box = ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    >>> layer_heights(box, layer_height=0.25)
    array([0.125, 0.375, 0.625, 0.875])
    """
    v, _f = mesh_arrays(mesh)
    if isinstance(layer_height, (str, bytes, bool)) or layer_height is None:
        raise TypeError(_("layer height must be a number in mm, got {value!r}").format(value=layer_height))
    try:
        t = float(layer_height)
    except (TypeError, ValueError):
        raise TypeError(_("layer height must be a number in mm, got {value!r}").format(value=layer_height)) from None
    if not np.isfinite(t) or t <= 0:
        raise ValueError(_("layer height must be > 0 mm, got {value}").format(value=layer_height))
    if not MIN_LAYER_HEIGHT <= t <= MAX_LAYER_HEIGHT:
        raise ValueError(_(
            "layer height must be between {low} mm and {high} mm, got {value} mm "
            "(3D printers use about 0.05 to 0.4 mm)").format(
            low=format_number(MIN_LAYER_HEIGHT), high=format_number(MAX_LAYER_HEIGHT), value=layer_height))
    if len(v) == 0:
        return np.zeros(0)
    z0, z1 = float(v[:, 2].min()), float(v[:, 2].max())
    count = (z1 - z0) / t
    if count > MAX_LAYERS:
        raise ValueError(_(
            "{count} layers of {height} mm for a part {tall} mm tall is more than {limit}: "
            "use a thicker layer").format(count=f"{count:.3g}", height=format_number(t),
                                         tall=format_number(z1 - z0), limit=MAX_LAYERS))
    n = max(1, int(round(count)))
    return z0 + (np.arange(n) + 0.5) * t


def _cut(v: NDArray[np.float64], f: NDArray[np.int64], h: NDArray[np.float64]):
    """All (triangle, plane) crossings at once.

    Returns the plane index of each segment, its start and end points (x, y) and
    the vertex pairs of the edges it starts and ends on (sorted pairs).
    """
    order = np.argsort(h, kind="stable")
    hs = h[order]
    tz = v[:, 2][f]                                   # (m, 3) corner heights
    lo = np.searchsorted(hs, tz.min(axis=1), side="right")   # first plane above z_min
    hi = np.searchsorted(hs, tz.max(axis=1), side="right")   # first plane above z_max
    counts = hi - lo                                  # planes with z_min < h <= z_max
    tri = np.nonzero(counts > 0)[0]
    counts = counts[tri]
    total = int(counts.sum())
    tri_idx = np.repeat(tri, counts)
    first = np.cumsum(counts) - counts
    plane_sorted = np.repeat(lo[tri], counts) + (np.arange(total) - np.repeat(first, counts))
    plane = order[plane_sorted]
    hh = hs[plane_sorted]

    fz = tz[tri_idx]
    above = fz >= hh[:, None]                         # the degenerate-case rule: z == h is above
    single_above = above.sum(axis=1) == 1
    k = np.where(single_above, np.argmax(above, axis=1), np.argmin(above, axis=1))
    fv = f[tri_idx]
    rows = np.arange(total)
    a_k = fv[rows, k]
    a_next = fv[rows, (k + 1) % 3]
    a_prev = fv[rows, (k + 2) % 3]
    # With the odd corner k above, the segment runs from edge (k, k+1) to edge (k-1, k)
    # (along ẑ × n); with it below, the other way round.
    s_i = np.where(single_above, a_k, a_prev)
    s_j = np.where(single_above, a_next, a_k)
    e_i = np.where(single_above, a_prev, a_k)
    e_j = np.where(single_above, a_k, a_next)
    start_edge = np.sort(np.stack([s_i, s_j], axis=1), axis=1)
    end_edge = np.sort(np.stack([e_i, e_j], axis=1), axis=1)
    start = _edge_point(v, start_edge, hh)
    end = _edge_point(v, end_edge, hh)
    return plane, start, end, start_edge, end_edge


def _edge_point(v, edge, hh):
    # Edge corners in sorted index order, so the two triangles sharing an edge
    # compute bit-for-bit the same point.
    p, q = v[edge[:, 0]], v[edge[:, 1]]
    t = (hh - p[:, 2]) / (q[:, 2] - p[:, 2])
    return p[:, :2] + t[:, None] * (q[:, :2] - p[:, :2])


def slice_segments(mesh: Any, *, heights: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Every segment where horizontal planes cut the mesh, unsorted.

    Parameters
    ----------
    mesh : Mesh or (vertices, faces)
        The part [mm].
    heights : array_like
        Plane heights ``z`` [mm].

    Returns
    -------
    layer : ndarray of int, shape (k,)
        Index into ``heights`` of each segment.
    segments : ndarray, shape (k, 2, 2)
        Start and end (x, y) of each segment [mm], oriented with the material on the left.

    Notes
    -----
    A triangle with corners at ``z_a, z_b, z_c`` is cut by the plane ``z = h``
    when ``min z < h <= max z`` (see the degenerate-case rule in the module
    notes). On an edge from ``p`` to ``q`` the cut is at
    ``p + (h - p_z) / (q_z - p_z) (q - p)``.

    Examples
    --------
    >>> tetra = ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    >>> layer, seg = slice_segments(tetra, heights=[0.5])
    >>> len(seg), layer.tolist()
    (3, [0, 0, 0])
    """
    v, f = mesh_arrays(mesh)
    h = _heights(heights)
    plane, start, end, _s, _e = _cut(v, f, h)
    return plane, np.stack([start, end], axis=1)


def layer_areas(mesh: Any, *, heights: ArrayLike) -> NDArray[np.float64]:
    """Net cross-section area of the mesh at many heights at once.

    Parameters
    ----------
    mesh : Mesh or (vertices, faces)
        A closed, outward-facing mesh [mm].
    heights : array_like
        Plane heights ``z`` [mm].

    Returns
    -------
    ndarray
        Area at each height [mm²], holes subtracted. Negative if the faces point inwards.

    Warns
    -----
    MeshWarning
        When the mesh is open or inconsistently wound: the areas are then not
        the areas of a solid (an open box can give a negative area).

    Notes
    -----
    The shoelace sum ``½ Σ (x_s y_e - x_e y_s)`` is additive over segments, so
    the loops need not be assembled: every segment adds its own term, and
    segments of all planes are summed at once (a ``bincount`` by plane). Only
    the triangles a plane crosses do any work. Holes come out negative by
    themselves because their segments run clockwise.

    Examples
    --------
    >>> tetra = ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    >>> layer_areas(tetra, heights=[0.25, 0.5, 1.0]).round(6)    # (1 - z)² / 2
    array([0.28125, 0.125  , 0.     ])
    >>> layer_areas(tetra, heights=[0.0])    # exactly at the bottom face: cut just below it
    array([0.])
    """
    v, f = mesh_arrays(mesh)
    h = _heights(heights)
    if len(f) == 0:
        return np.zeros(len(h))
    _warn_if_open(mesh, v, f)
    centre = v[:, :2].mean(axis=0) if len(v) else np.zeros(2)
    v = v.copy()
    v[:, :2] -= centre                     # the sum is translation-invariant; this keeps it accurate
    plane, start, end, _s, _e = _cut(v, f, h)
    cross = start[:, 0] * end[:, 1] - end[:, 0] * start[:, 1]
    return 0.5 * np.bincount(plane, weights=cross, minlength=len(h))


def _link(plane, start_edge, end_edge, n_vertices):
    """Successor of every segment: the one that starts on the edge where it ends."""
    n = np.int64(n_vertices)
    s_key = (plane.astype(np.int64) * n + start_edge[:, 0]) * n + start_edge[:, 1]
    e_key = (plane.astype(np.int64) * n + end_edge[:, 0]) * n + end_edge[:, 1]
    order = np.argsort(s_key, kind="stable")
    sorted_keys = s_key[order]
    pos = np.searchsorted(sorted_keys, e_key)
    pos_c = np.minimum(pos, len(order) - 1)
    found = (pos < len(order)) & (sorted_keys[pos_c] == e_key) if len(order) else np.zeros(0, bool)
    unique = len(sorted_keys) < 2 or bool(np.all(sorted_keys[1:] != sorted_keys[:-1]))
    return order[pos_c], found, unique


def _weld(v, f):
    """Merge corners closer than the one weld tolerance of the package (1e-6 mm)."""
    from stemkit.design3d.mesh import DEFAULT_WELD_TOLERANCE, Mesh

    welded = Mesh._trusted(v, f).weld(DEFAULT_WELD_TOLERANCE)
    return np.asarray(welded.vertices), np.asarray(welded.faces)


def _warn_if_open(mesh: Any, v: NDArray[np.float64], f: NDArray[np.int64]) -> None:
    from stemkit.design3d.mesh import Mesh, MeshWarning, surface_problem

    problem = mesh._problem() if isinstance(mesh, Mesh) else surface_problem(v, f)
    if problem is not None:
        warnings.warn(_("layer areas may be wrong: {problem}; see mesh.check() and repair the mesh").format(
            problem=problem), MeshWarning, stacklevel=3)


def _cycles(successor: list[int]) -> list[list[int]]:
    seen = bytearray(len(successor))
    cycles = []
    for s in range(len(successor)):
        if seen[s]:
            continue
        cyc = []
        i = s
        while not seen[i]:
            seen[i] = 1
            cyc.append(i)
            i = successor[i]
        cycles.append(cyc)
    return cycles


def _clean_loop(points: NDArray[np.float64], tol: float, *, straight: float = 1e-12) -> NDArray[np.float64]:
    """Drop repeated points (closer than ``tol``) and points in the middle of a straight run
    (``straight``: how close to parallel, relative, the two sides of a point must be)."""
    # zero-length segments (a corner exactly on the plane) repeat a point, up to rounding
    # (the same corner reached along two edges): drop repeats closer than tol
    step = np.hypot(*(points - np.roll(points, 1, axis=0)).T)
    keep = step > tol
    if not keep.any():
        return points[:1]
    points = points[keep]
    if len(points) < 3:
        return points
    # a flat side cut across its diagonal gives a point in the middle of a straight edge: drop it
    before = points - np.roll(points, 1, axis=0)
    after = np.roll(points, -1, axis=0) - points
    cross = before[:, 0] * after[:, 1] - before[:, 1] * after[:, 0]
    scale = np.hypot(*before.T) * np.hypot(*after.T)
    inline = (np.abs(cross) <= straight * scale) & (np.einsum("ij,ij->i", before, after) > 0)
    return points[~inline] if np.count_nonzero(~inline) >= 3 else points


def _inner_point(loop: NDArray[np.float64], area: float) -> NDArray[np.float64]:
    """A point just inside a loop: the middle of its longest side, nudged inwards.

    Loops of a slice never cross but may touch (a hole sharing a side with its
    outer loop when the plane runs along a face). A corner can then lie on the
    other loop, but a point strictly inside this loop is inside or outside the
    other loop without doubt.
    """
    edges = np.roll(loop, -1, axis=0) - loop
    k = int(np.argmax(np.hypot(*edges.T)))
    d = edges[k]
    left = np.array([-d[1], d[0]])                  # the inside of a counter-clockwise loop
    return loop[k] + 0.5 * d + np.sign(area) * 1e-6 * left


def _nest(z: float, loops: list[NDArray[np.float64]]) -> Layer:
    """Orient loops by containment and group them into polygons with holes."""
    areas = np.array([loop_area(p) for p in loops])
    absa = np.abs(areas)
    n = len(loops)
    probes = [_inner_point(p, a) for p, a in zip(loops, areas, strict=True)]
    inside = np.zeros((n, n), dtype=bool)          # inside[i, j]: loop i lies inside loop j
    for i in range(n):
        for j in range(n):
            if i != j and absa[j] > absa[i] and point_in_loop(probes[i], loops[j]):
                inside[i, j] = True
    depth = inside.sum(axis=1)
    hole = depth % 2 == 1
    oriented = []
    for p, a, is_h in zip(loops, areas, hole, strict=True):
        wrong = (a < 0) if not is_h else (a > 0)
        oriented.append(p[::-1].copy() if wrong else p)
    holes_of: dict[int, list[int]] = {i: [] for i in range(n) if not hole[i]}
    for i in np.nonzero(hole)[0]:
        parents = [j for j in np.nonzero(inside[i])[0] if depth[j] == depth[i] - 1]
        if parents:
            holes_of[min(parents, key=lambda j: absa[j])].append(int(i))
    polygons = tuple(Polygon(oriented[i], tuple(oriented[k] for k in holes_of[i])) for i in sorted(holes_of))
    return Layer(float(z), tuple(oriented), tuple(bool(x) for x in hole), polygons)


def slice_mesh(mesh: Any, *, heights: ArrayLike) -> list[Layer]:
    """Cut a closed mesh into layers of loops and polygons with holes.

    Parameters
    ----------
    mesh : Mesh or (vertices, faces)
        A closed (watertight) mesh [mm]. Corners shared by triangles may be
        listed once or repeated (as in an STL file): corners closer than
        1e-6 mm (:data:`~stemkit.design3d.mesh.DEFAULT_WELD_TOLERANCE`, the
        tolerance ``check()`` uses) are merged.
    heights : array_like
        Plane heights ``z`` [mm], for example from :func:`layer_heights`.

    Returns
    -------
    list of Layer
        One layer per height, in the order given.

    Raises
    ------
    ValueError
        When the segments of a plane do not close into loops: the mesh has a
        gap or an edge shared by more than two triangles.

    Notes
    -----
    Segments are joined by the mesh edge they share (each crossed edge ends
    one segment and starts the next), not by comparing coordinates, so
    rounding can never break a loop. A loop is a hole when it lies inside an
    odd number of other loops (even-odd nesting, tested with a point just
    inside the loop, so loops that touch are still told apart); outer loops are made
    counter-clockwise and holes clockwise, and each hole belongs to the
    smallest outer loop around it. Loop areas use :func:`loop_area`.
    Repeated points (closer than 1e-12 of the part's size), and points in the
    middle of a straight side (where the plane crosses the diagonal of a flat
    rectangular face), are removed, so a box's layer has 4 corners; loops that
    shrink to a point or a line (no area) are dropped.

    Examples
    --------
    >>> tetra = ([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    >>> layer = slice_mesh(tetra, heights=[0.5])[0]
    >>> layer
    Layer(z=0.5 mm, loops=1, holes=0, area=0.125 mm²)
    >>> layer.loops[0].round(3)
    array([[0. , 0. ],
           [0.5, 0. ],
           [0. , 0.5]])
    """
    v, f = mesh_arrays(mesh)
    h = _heights(heights)
    plane, start, end, s_edge, e_edge = _cut(v, f, h)
    successor, found, unique = _link(plane, s_edge, e_edge, len(v))
    if len(plane) and not (found.all() and unique):
        v, f = _weld(v, f)                          # a triangle soup: merge repeated corners and retry
        plane, start, end, s_edge, e_edge = _cut(v, f, h)
        successor, found, unique = _link(plane, s_edge, e_edge, len(v))
    if len(plane) and not (found.all() and unique):
        bad = plane[~found][0] if not found.all() else plane[0]
        raise ValueError(_(
            "the cut at z = {z} mm does not close into loops: the mesh has a gap, an edge shared by more "
            "than two triangles or faces that point the wrong way; check mesh.is_watertight and "
            "mesh.check(), and repair the mesh (mesh.fix_winding() turns flipped faces)").format(
            z=format_number(h[bad])))
    per_plane: list[list[NDArray[np.float64]]] = [[] for _i in range(len(h))]
    size = float(np.max(np.abs(v[:, :2]))) if len(v) else 1.0
    tol = 1e-12 * max(size, 1e-300)
    for cyc in _cycles(successor.tolist()):
        pts = _clean_loop(start[cyc], tol)
        if len(pts) >= 3 and abs(loop_area(pts)) > tol * tol:
            per_plane[int(plane[cyc[0]])].append(pts)
    return [_nest(h[i], loops) for i, loops in enumerate(per_plane)]
