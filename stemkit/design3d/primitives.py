"""Parts a maker starts from: box, cylinder, cone, sphere, spur gear, bracket.

Every generator returns a closed, outward-wound :class:`~stemkit.design3d.mesh.Mesh`
in millimetres that **stands on the build plate**: its lowest point is at
z = 0 and it is centred on the z axis (x = 0, y = 0), the way a slicer places a
part. Move it with :meth:`Mesh.translated` or :mod:`stemkit.design3d.transforms`.

Round shapes are made of flat facets: a cylinder with ``segments`` sides is
really a prism whose cross-section is a regular polygon, so its volume is a
little less than π r² h (the docstrings give the exact facet formula).

Examples
--------
>>> part = box(size=(20, 10, 5))
>>> part.volume, part.area
(1000.0, 700.0)
>>> rod = cylinder(radius=5, height=10, segments=64)
>>> round(rod.volume, 1)   # pi r^2 h would be 785.4
784.1
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.design3d.mesh import DEFAULT_WELD_TOLERANCE, Mesh
from stemkit.i18n import _

__all__ = ["box", "cylinder", "cone", "sphere", "spur_gear", "gear_profile", "gear_dimensions", "centre_distance",
           "extrude_profile", "polygon_area", "bracket", "hole_plate", "overhang_test", "sample_parts",
           "prism_volume"]


def _positive(name: str, value: float, unit: str = "mm") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(_("{quantity} must be a number, got {value!r}").format(quantity=name, value=value)) from None
    if not math.isfinite(x) or x <= 0:
        raise ValueError(_("{quantity} must be > 0 {unit}, got {value}").format(quantity=name, unit=unit, value=value))
    return x


def _count(name: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or int(value) != value:
        raise TypeError(_("{quantity} must be a whole number, got {value!r}").format(quantity=name, value=value))
    n = int(value)
    if n < minimum:
        raise ValueError(_("{quantity} must be at least {minimum}, got {value}").format(
            quantity=name, minimum=minimum, value=n))
    return n


def box(*, size: ArrayLike = (10.0, 10.0, 10.0)) -> Mesh:
    """A rectangular block standing on the plate, centred on the z axis.

    Parameters
    ----------
    size : array_like of 3 floats
        Length along x, y and z [mm].

    Returns
    -------
    Mesh
        8 corners, 12 triangles; x in [−sx/2, sx/2], y in [−sy/2, sy/2], z in [0, sz].

    Notes
    -----
    Volume V = sx·sy·sz; area A = 2(sx·sy + sy·sz + sz·sx).

    Examples
    --------
    >>> b = box(size=(10, 20, 30))
    >>> b.n_vertices, b.n_faces
    (8, 12)
    >>> b.volume, b.area
    (6000.0, 2200.0)
    >>> box(size=(10, 0, 5))
    Traceback (most recent call last):
    ...
    ValueError: size y must be > 0 mm, got 0.0
    """
    s = np.asarray(size, dtype=np.float64).reshape(-1)
    if s.shape != (3,):
        raise ValueError(_("size must be three lengths (x, y, z) in mm, got {value}").format(
            value=np.asarray(size).tolist()))
    for axis, value in zip("xyz", s, strict=False):
        _positive(_("size {axis}").format(axis=axis), value)
    hx, hy = s[0] / 2, s[1] / 2
    v = np.array([[-hx, -hy, 0], [hx, -hy, 0], [hx, hy, 0], [-hx, hy, 0],
                  [-hx, -hy, s[2]], [hx, -hy, s[2]], [hx, hy, s[2]], [-hx, hy, s[2]]], dtype=np.float64)
    f = np.array([
        [0, 2, 1], [0, 3, 2],  # bottom (normal -z)
        [4, 5, 6], [4, 6, 7],  # top (+z)
        [0, 1, 5], [0, 5, 4],  # front (-y)
        [1, 2, 6], [1, 6, 5],  # right (+x)
        [2, 3, 7], [2, 7, 6],  # back (+y)
        [3, 0, 4], [3, 4, 7],  # left (-x)
    ], dtype=np.int64)
    return Mesh(v, f)


def prism_volume(*, radius: float, height: float, segments: int) -> float:
    """Exact volume of a ``segments``-sided cylinder (a regular-polygon prism) [mm³].

    Notes
    -----
    The cross-section is a regular polygon of n sides with its corners on the
    circle of radius r, so its area is (n/2) r² sin(2π/n) and V = (n/2) r² sin(2π/n) h.
    As n grows this tends to π r² h.

    Examples
    --------
    >>> prism_volume(radius=1, height=1, segments=4)
    2.0
    >>> round(prism_volume(radius=1, height=1, segments=10000), 5)
    3.14159
    """
    r = _positive("radius", radius)
    h = _positive("height", height)
    n = _count("segments", segments, 3)
    return float(0.5 * n * r * r * math.sin(2 * math.pi / n) * h)


def _ring(radius: float, segments: int, z: float) -> NDArray[np.float64]:
    angle = 2 * np.pi * np.arange(segments) / segments
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle), np.full(segments, float(z))])


def _frustum(bottom_radius: float, top_radius: float, height: float, segments: int) -> Mesh:
    """A capped frustum; a zero radius closes that end in a point."""
    n = segments
    idx = np.arange(n)
    nxt = (idx + 1) % n
    parts_v = []
    faces = []
    # bottom
    if bottom_radius > 0:
        parts_v.append(_ring(bottom_radius, n, 0.0))
        bottom = idx
        count = n
    else:
        parts_v.append(np.array([[0.0, 0.0, 0.0]]))
        bottom = np.zeros(n, dtype=np.int64)
        count = 1
    if top_radius > 0:
        parts_v.append(_ring(top_radius, n, height))
        top = count + idx
        top_count = n
    else:
        parts_v.append(np.array([[0.0, 0.0, height]]))
        top = np.full(n, count, dtype=np.int64)
        top_count = 1
    base = count + top_count
    centres = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, height]])
    parts_v.append(centres)
    c_bottom, c_top = base, base + 1
    if bottom_radius > 0:
        faces.append(np.column_stack([np.full(n, c_bottom), bottom[nxt], bottom]))
    if top_radius > 0:
        faces.append(np.column_stack([np.full(n, c_top), top, top[nxt]]))
    # sides: quad (b_i, b_i+1, t_i+1, t_i) split in two; skip the halves that collapse at a point
    if bottom_radius > 0:
        faces.append(np.column_stack([bottom, bottom[nxt], top[nxt]]))
    if top_radius > 0:
        faces.append(np.column_stack([bottom, top[nxt], top]))
    v = np.concatenate(parts_v)
    f = np.concatenate(faces)
    mesh = Mesh(v, f)
    # drop the unused centre of a pointed end
    return mesh.weld(DEFAULT_WELD_TOLERANCE) if (bottom_radius == 0 or top_radius == 0) else mesh


def cylinder(*, radius: float = 5.0, height: float = 10.0, segments: int = 32) -> Mesh:
    """A cylinder (a rod or a peg) made of ``segments`` flat sides.

    Parameters
    ----------
    radius : float
        Radius to the corners of the facets [mm].
    height : float
        Height along z [mm]; the base is on z = 0.
    segments : int
        Number of flat sides (at least 3). More sides, rounder part.

    Returns
    -------
    Mesh
        2n + 2 corners (n per ring plus a centre on each cap), 4n triangles.

    Notes
    -----
    Exact facet volume V = (n/2) r² sin(2π/n) h (see :func:`prism_volume`),
    slightly less than π r² h. Side area = n · 2r sin(π/n) · h; each cap has
    area (n/2) r² sin(2π/n).

    Examples
    --------
    >>> c = cylinder(radius=5, height=10, segments=4)
    >>> c.n_faces
    16
    >>> round(c.volume, 9)
    500.0
    >>> c = cylinder(radius=5, height=10, segments=360)
    >>> round(c.volume / (math.pi * 25 * 10), 4)
    0.9999
    """
    r = _positive("radius", radius)
    h = _positive("height", height)
    n = _count("segments", segments, 3)
    return _frustum(r, r, h, n)


def cone(*, radius: float = 5.0, height: float = 10.0, top_radius: float = 0.0, segments: int = 32) -> Mesh:
    """A cone, or a frustum (a cone with its tip cut off) when ``top_radius`` > 0.

    Parameters
    ----------
    radius : float
        Radius of the base on z = 0 [mm].
    height : float
        Height [mm].
    top_radius : float
        Radius of the flat top [mm]; 0 gives a pointed cone.
    segments : int
        Number of flat sides (at least 3).

    Notes
    -----
    For the faceted frustum, V = (h/3)(A₁ + √(A₁A₂) + A₂) with A = (n/2) r² sin(2π/n)
    the polygon areas of base and top; a pointed cone has V = A₁ h / 3.

    Examples
    --------
    >>> tip = cone(radius=3, height=6, segments=4)
    >>> round(tip.volume, 9)   # a square pyramid: base 18 mm², V = 18 * 6 / 3
    36.0
    >>> tip.n_vertices, tip.n_faces
    (6, 8)
    """
    r = _positive("radius", radius)
    h = _positive("height", height)
    n = _count("segments", segments, 3)
    rt = float(top_radius)
    if not math.isfinite(rt) or rt < 0:
        raise ValueError(_("{quantity} must be >= 0 {unit}, got {value}").format(
            quantity="top_radius", unit="mm", value=top_radius))
    return _frustum(r, rt, h, n)


def sphere(*, radius: float = 10.0, subdivisions: int = 2, method: str = "ico",
           segments: int = 32) -> Mesh:
    """A ball resting on the plate: an icosphere (even triangles) or a UV sphere.

    Parameters
    ----------
    radius : float
        Radius to the corners [mm].
    subdivisions : int
        For ``method="ico"``: times each triangle of an icosahedron is split in
        four (0 gives the 20-faced icosahedron; each step ×4 faces).
    method : {"ico", "uv"}
        ``"ico"``: subdivided icosahedron; ``"uv"``: rings of latitude and
        longitude like a globe, with ``segments`` around and ``segments // 2``
        from pole to pole.
    segments : int
        For ``method="uv"``: corners around the equator.

    Notes
    -----
    The corners lie on the sphere and the flat triangles cut inside it, so the
    volume is a little less than 4/3 π r³ and tends to it as the mesh is refined.

    Examples
    --------
    >>> ball = sphere(radius=10, subdivisions=0)
    >>> ball.n_vertices, ball.n_faces
    (12, 20)
    >>> ball = sphere(radius=10, subdivisions=4)
    >>> round(ball.volume / (4 / 3 * math.pi * 1000), 3)
    0.998
    >>> float(ball.bounds[0, 2])
    0.0
    """
    r = _positive("radius", radius)
    if method == "ico":
        k = _count("subdivisions", subdivisions, 0)
        if k > 7:
            raise ValueError(_("subdivisions must be at most 7 (that is already 327,680 triangles), got {value}"
                               ).format(value=k))
        v, f = _icosahedron()
        for _step in range(k):
            v, f = _subdivide(v, f)
        v = v / np.linalg.norm(v, axis=1, keepdims=True) * r
    elif method == "uv":
        n = _count("segments", segments, 3)
        v, f = _uv_sphere(r, n)
    else:
        raise ValueError(_("method must be 'ico' or 'uv', got {value!r}").format(value=method))
    v = v.copy()
    v[:, 2] += r
    return Mesh(v, f)


def _icosahedron() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """A unit icosahedron with a corner at each pole, so the sphere rests on one corner."""
    z = 1 / math.sqrt(5)
    ring = 2 / math.sqrt(5)
    k = np.arange(5)
    upper = np.column_stack([ring * np.cos(2 * np.pi * k / 5), ring * np.sin(2 * np.pi * k / 5), np.full(5, z)])
    a = 2 * np.pi * k / 5 + np.pi / 5
    lower = np.column_stack([ring * np.cos(a), ring * np.sin(a), np.full(5, -z)])
    v = np.concatenate([[[0.0, 0.0, 1.0]], upper, lower, [[0.0, 0.0, -1.0]]])
    nk = (k + 1) % 5
    f = np.concatenate([
        np.column_stack([np.zeros(5, dtype=np.int64), 1 + k, 1 + nk]),
        np.column_stack([1 + k, 6 + k, 1 + nk]),
        np.column_stack([1 + nk, 6 + k, 6 + nk]),
        np.column_stack([np.full(5, 11), 6 + nk, 6 + k]),
    ]).astype(np.int64)
    return v, f


def _subdivide(v: NDArray[np.float64], f: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Split each triangle into four at its edge midpoints (shared midpoints made once)."""
    edges = np.sort(f[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    uniq, inverse = np.unique(edges, axis=0, return_inverse=True)
    mid = 0.5 * (v[uniq[:, 0]] + v[uniq[:, 1]])
    m = (inverse.reshape(-1, 3) + len(v))
    a, b, c = f[:, 0], f[:, 1], f[:, 2]
    ab, bc, ca = m[:, 0], m[:, 1], m[:, 2]
    new_f = np.concatenate([np.column_stack([a, ab, ca]), np.column_stack([b, bc, ab]),
                            np.column_stack([c, ca, bc]), np.column_stack([ab, bc, ca])])
    return np.concatenate([v, mid]), new_f


def _uv_sphere(r: float, n: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    rings = max(n // 2, 2)
    theta = np.pi * np.arange(1, rings) / rings  # polar angle of inner rings
    phi = 2 * np.pi * np.arange(n) / n
    st, ct = np.sin(theta)[:, None], np.cos(theta)[:, None]
    ring_v = np.stack([r * st * np.cos(phi), r * st * np.sin(phi), r * ct * np.ones_like(phi)], axis=-1)
    v = np.concatenate([[[0.0, 0.0, r]], ring_v.reshape(-1, 3), [[0.0, 0.0, -r]]])
    south = len(v) - 1
    idx = np.arange(n)
    nxt = (idx + 1) % n
    faces = [np.column_stack([np.zeros(n, dtype=np.int64), 1 + idx, 1 + nxt])]
    for k in range(rings - 2):
        a = 1 + k * n + idx
        b = 1 + k * n + nxt
        c = 1 + (k + 1) * n + idx
        d = 1 + (k + 1) * n + nxt
        faces.append(np.column_stack([a, c, d]))
        faces.append(np.column_stack([a, d, b]))
    last = 1 + (rings - 2) * n
    faces.append(np.column_stack([np.full(n, south), last + nxt, last + idx]))
    return v, np.concatenate(faces).astype(np.int64)


# ---------------------------------------------------------------------------
# Extruded profiles, spur gears and brackets


def _star_angles(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Polar angles of a closed, counter-clockwise star-shaped loop, unwrapped to increase."""
    a = np.unwrap(np.arctan2(points[:, 1], points[:, 0]))
    return a


def _check_star(points: NDArray[np.float64], what: str) -> None:
    a = _star_angles(points)
    steps = np.diff(np.concatenate([a, [a[0] + 2 * np.pi]]))
    if np.any(steps <= 0) or abs(a[-1] - a[0]) >= 2 * np.pi:
        raise ValueError(_("{what} must go once counter-clockwise around the origin, each point at a larger angle "
                           "than the one before (a star-shaped outline)").format(what=what))


def _cross2(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def _on_rays(loop: NDArray[np.float64], angles: NDArray[np.float64]) -> NDArray[np.float64]:
    """Where rays from the origin at ``angles`` (in [0, 2π)) cross a star-shaped CCW loop."""
    a = np.mod(np.arctan2(loop[:, 1], loop[:, 0]), 2 * np.pi)
    first = int(np.argmin(a))
    loop = np.roll(loop, -first, axis=0)
    a0 = a[first]
    unwrapped = a0 + np.mod(_star_angles(loop) - _star_angles(loop)[0], 2 * np.pi)
    unwrapped[0] = a0
    ext_a = np.concatenate([unwrapped, [a0 + 2 * np.pi]])
    ext_p = np.concatenate([loop, loop[:1]])
    theta = np.where(angles >= a0, angles, angles + 2 * np.pi)
    k = np.clip(np.searchsorted(ext_a, theta, side="right") - 1, 0, len(loop) - 1)
    P, Q = ext_p[k], ext_p[k + 1]
    u = np.column_stack([np.cos(angles), np.sin(angles)])
    denom = _cross2(Q - P, u)
    s = np.where(np.abs(denom) > 0, -_cross2(P, u) / np.where(denom == 0, 1, denom), 0.0)
    return P + np.clip(s, 0.0, 1.0)[:, None] * (Q - P)


def extrude_profile(outline: ArrayLike, *, height: float, hole: ArrayLike | None = None) -> Mesh:
    """Extrude a flat outline straight up by ``height``, with an optional hole through it.

    Parameters
    ----------
    outline : array_like, shape (k, 2)
        Corners of the outline [mm], counter-clockwise, star-shaped about the
        origin (every ray from (0, 0) crosses it once), like a gear or a cam.
    height : float
        Extrusion height [mm]; the part stands on z = 0.
    hole : array_like, shape (j, 2), optional
        A hole through the part, also counter-clockwise and star-shaped about
        the origin, inside the outline (a shaft bore).

    Returns
    -------
    Mesh
        Closed and outward-wound.

    Notes
    -----
    V = A h, with A the outline's area minus the hole's (shoelace formula,
    A = ½ Σ (xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ)). The caps are fans from the centre, or,
    with a hole, a strip stitched between the two loops in order of angle.

    Examples
    --------
    >>> square = [[-5, -5], [5, -5], [5, 5], [-5, 5]]
    >>> extrude_profile(square, height=2).volume
    200.0
    """
    h = _positive("height", height)
    out = np.asarray(outline, dtype=np.float64)
    if out.ndim != 2 or out.shape[1] != 2 or len(out) < 3 or not np.all(np.isfinite(out)):
        raise ValueError(_("outline must be k x 2 finite numbers (x, y) in mm with k >= 3, got shape {shape}").format(
            shape=out.shape))
    _check_star(out, "outline")
    k = len(out)
    idx = np.arange(k)
    nxt = (idx + 1) % k
    bottom = np.column_stack([out, np.zeros(k)])
    top = np.column_stack([out, np.full(k, h)])
    verts = [bottom, top]
    faces = [np.column_stack([idx, nxt, k + nxt]), np.column_stack([idx, k + nxt, k + idx])]
    if hole is None:
        centres = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, h]])
        cb, ct = 2 * k, 2 * k + 1
        verts.append(centres)
        faces.append(np.column_stack([np.full(k, cb), nxt, idx]))
        faces.append(np.column_stack([np.full(k, ct), k + idx, k + nxt]))
    else:
        hl = np.asarray(hole, dtype=np.float64)
        if hl.ndim != 2 or hl.shape[1] != 2 or len(hl) < 3 or not np.all(np.isfinite(hl)):
            raise ValueError(_("hole must be j x 2 finite numbers (x, y) in mm with j >= 3, got shape {shape}").format(
                shape=hl.shape))
        _check_star(hl, "hole")
        # Put a corner on both loops at every angle where either has one; then the cap between
        # them is a strip of quads, each between two rays from the centre.
        angles = np.unique(np.round(np.mod(np.concatenate([np.arctan2(out[:, 1], out[:, 0]),
                                                           np.arctan2(hl[:, 1], hl[:, 0])]), 2 * np.pi), 13))
        angles = angles[np.concatenate([[True], np.diff(angles) > 1e-12])]
        if angles[-1] - angles[0] > 2 * np.pi - 1e-12:
            angles = angles[:-1]
        outer = _on_rays(out, angles)
        inner = _on_rays(hl, angles)
        if np.any(np.hypot(inner[:, 0], inner[:, 1]) >= np.hypot(outer[:, 0], outer[:, 1]) - 1e-9):
            raise ValueError(_("the hole must lie inside the outline: make it smaller"))
        k = len(angles)
        idx = np.arange(k)
        nxt = (idx + 1) % k
        verts = [np.column_stack([outer, np.zeros(k)]), np.column_stack([outer, np.full(k, h)]),
                 np.column_stack([inner, np.zeros(k)]), np.column_stack([inner, np.full(k, h)])]
        ob, ot, ib, it = idx, k + idx, 2 * k + idx, 3 * k + idx
        faces = [np.column_stack([ob, ob[nxt], ot[nxt]]), np.column_stack([ob, ot[nxt], ot]),   # outer wall
                 np.column_stack([ib, it[nxt], ib[nxt]]), np.column_stack([ib, it, it[nxt]])]   # hole wall
        # each quad o_i, o_i+1, h_i+1, h_i: split along a diagonal that keeps both halves counter-clockwise
        o0, o1, h0, h1 = outer, outer[nxt], inner, inner[nxt]
        good = (_cross2(o1 - o0, h1 - o0) > 0) & (_cross2(h1 - o0, h0 - o0) > 0)
        top1 = np.where(good[:, None], np.column_stack([ot, ot[nxt], it[nxt]]), np.column_stack([ot, ot[nxt], it]))
        top2 = np.where(good[:, None], np.column_stack([ot, it[nxt], it]), np.column_stack([ot[nxt], it[nxt], it]))
        bot1 = np.where(good[:, None], np.column_stack([ob, ib[nxt], ob[nxt]]), np.column_stack([ob, ib, ob[nxt]]))
        bot2 = np.where(good[:, None], np.column_stack([ob, ib, ib[nxt]]), np.column_stack([ob[nxt], ib, ib[nxt]]))
        faces += [top1, top2, bot1, bot2]
    return Mesh(np.concatenate(verts), np.concatenate(faces).astype(np.int64))


def _involute(x: NDArray[np.float64] | float):
    return np.tan(x) - x


def gear_profile(*, module: float, teeth: int, pressure_angle: float = 20.0, unit: str = "deg",
                 points_per_flank: int = 6) -> NDArray[np.float64]:
    """The outline of a spur gear seen from above, counter-clockwise [mm].

    Parameters
    ----------
    module : float
        Module m [mm]: the size of the teeth. Pitch diameter d = m · teeth.
    teeth : int
        Number of teeth (at least 6).
    pressure_angle : float
        Pressure angle α (20° is the usual standard) [deg or rad, as ``unit`` says].
    unit : {"deg", "rad"}
        Unit of ``pressure_angle``.
    points_per_flank : int
        Points along each involute flank.

    Returns
    -------
    numpy.ndarray, shape (k, 2)
        Outline corners [mm].

    Notes
    -----
    Standard full-depth teeth: pitch radius r = m z / 2, base radius
    r_b = r cos α, tip radius r_a = r + m, root radius r_f = r − 1.25 m.
    Each flank is an involute of the base circle: at radius ρ its angle from
    the tooth's centre line is π/(2z) + inv α − inv φ with cos φ = r_b / ρ and
    inv x = tan x − x, so the tooth is π m / 2 thick on the pitch circle.

    This is an approximation in two documented ways: below the base circle the
    flank is a straight line to the root circle that leans slightly outward
    (standing in for the root fillet), and the undercut that gear cutters make
    on gears with fewer than about 17 teeth is not modelled. Printed gears
    work well with it.

    Examples
    --------
    >>> p = gear_profile(module=2, teeth=20)
    >>> r = np.hypot(p[:, 0], p[:, 1])
    >>> round(float(r.max()), 9), round(float(r.min()), 9)   # tip radius r + m, root radius r - 1.25 m
    (22.0, 17.5)
    """
    m = _positive("module", module)
    z = _count("teeth", teeth, 6)
    n_flank = _count("points_per_flank", points_per_flank, 2)
    if unit not in ("deg", "rad"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
    from stemkit.units import to_radians

    alpha = float(to_radians(float(pressure_angle), unit))
    if not 0.1 < alpha < 0.6:
        raise ValueError(_("pressure_angle must be between about 6° and 34° (20° is standard), got {value}").format(
            value=pressure_angle))
    r = m * z / 2
    rb = r * math.cos(alpha)
    ra = r + m
    rf = r - 1.25 * m

    def half_angle(rho):
        phi = np.arccos(np.clip(rb / rho, -1.0, 1.0))
        return math.pi / (2 * z) + _involute(alpha) - _involute(phi)

    if half_angle(ra) <= 0:  # pragma: no cover - not reached for z >= 6 and standard angles
        raise ValueError(_("the teeth come to a point: use more teeth"))
    start = max(rb, rf)
    rho = np.linspace(start, ra, n_flank)
    psi = half_angle(rho)
    pitch = 2 * math.pi / z
    root_gap = pitch / 2 - half_angle(start)  # half the angular gap between teeth at the root
    flank_r = list(rho)
    flank_a = list(psi)
    if rf < rb:
        # straight flank below the base circle, leaning out by a fifth of the root gap (the fillet)
        flank_r.insert(0, rf)
        flank_a.insert(0, half_angle(rb) + 0.2 * root_gap)
    flank_r = np.array(flank_r)
    flank_a = np.array(flank_a)
    tip = np.linspace(-psi[-1], psi[-1], 4)[1:-1]
    root_start = flank_a[0]
    root = np.linspace(root_start, pitch - root_start, 5)[1:-1]
    one_r = np.concatenate([flank_r, np.full(len(tip), ra), flank_r[::-1], np.full(len(root), rf)])
    one_a = np.concatenate([-flank_a, tip, flank_a[::-1], root])
    angles = (one_a[None, :] + pitch * np.arange(z)[:, None]).reshape(-1)
    radii = np.tile(one_r, z)
    return np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])


def gear_dimensions(*, module: float, teeth: int, pressure_angle: float = 20.0, unit: str = "deg") -> dict:
    """The main sizes of a standard spur gear [mm].

    Returns
    -------
    dict
        ``pitch_diameter`` d = m z, ``outside_diameter`` m (z + 2),
        ``root_diameter`` m (z − 2.5), ``base_diameter`` d cos α,
        ``circular_pitch`` π m (tooth to tooth along the pitch circle),
        ``tooth_thickness`` π m / 2.

    Examples
    --------
    >>> d = gear_dimensions(module=1.5, teeth=20)
    >>> d["pitch_diameter"], d["outside_diameter"], d["root_diameter"]
    (30.0, 33.0, 26.25)
    """
    m = _positive("module", module)
    z = _count("teeth", teeth, 6)
    from stemkit.units import to_radians

    if unit not in ("deg", "rad"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
    alpha = float(to_radians(float(pressure_angle), unit))
    return {"pitch_diameter": m * z, "outside_diameter": m * (z + 2), "root_diameter": m * (z - 2.5),
            "base_diameter": m * z * math.cos(alpha), "circular_pitch": math.pi * m,
            "tooth_thickness": math.pi * m / 2}


def centre_distance(*, module: float, teeth_a: int, teeth_b: int) -> float:
    """Distance between the axles of two meshing spur gears [mm].

    Notes
    -----
    The pitch circles touch, so a = (d₁ + d₂)/2 = m (z₁ + z₂)/2. Both gears
    must have the same module to mesh.

    Examples
    --------
    >>> centre_distance(module=1, teeth_a=20, teeth_b=40)
    30.0
    """
    m = _positive("module", module)
    za = _count("teeth_a", teeth_a, 6)
    zb = _count("teeth_b", teeth_b, 6)
    return m * (za + zb) / 2


def spur_gear(*, module: float = 1.0, teeth: int = 20, thickness: float = 5.0, pressure_angle: float = 20.0,
              unit: str = "deg", bore_diameter: float = 0.0, bore_segments: int = 32,
              points_per_flank: int = 6) -> Mesh:
    """A printable spur gear with involute teeth and an optional bore for a shaft.

    Parameters
    ----------
    module : float
        Module m [mm] (tooth size); meshing gears share it.
    teeth : int
        Number of teeth (at least 6).
    thickness : float
        Face width along z [mm].
    pressure_angle : float
        Pressure angle [deg or rad, as ``unit`` says], usually 20°.
    unit : {"deg", "rad"}
        Unit of ``pressure_angle``.
    bore_diameter : float
        Diameter of the shaft hole [mm]; 0 for none. Must be smaller than the root diameter.
    bore_segments : int
        Sides of the bore polygon.
    points_per_flank : int
        Points along each tooth flank.

    Notes
    -----
    Tooth shape: see :func:`gear_profile` (involute flanks, with a documented
    approximation at the root). V = A · thickness with A the profile's area
    minus the bore polygon's.

    Examples
    --------
    >>> g = spur_gear(module=2, teeth=12, thickness=5, bore_diameter=5)
    >>> g.is_watertight, g.size.round(2).tolist()   # outside diameter m (z + 2) = 28 mm
    (True, [28.0, 28.0, 5.0])
    """
    t = _positive("thickness", thickness)
    outline = gear_profile(module=module, teeth=teeth, pressure_angle=pressure_angle, unit=unit,
                           points_per_flank=points_per_flank)
    bore = float(bore_diameter)
    if not math.isfinite(bore) or bore < 0:
        raise ValueError(_("{quantity} must be >= 0 {unit}, got {value}").format(
            quantity="bore_diameter", unit="mm", value=bore_diameter))
    if bore == 0:
        return extrude_profile(outline, height=t)
    root = float(module) * (int(teeth) - 2.5)
    if bore >= root:
        raise ValueError(_("bore_diameter must be smaller than the root diameter {root} mm, got {value}").format(
            root=round(root, 3), value=bore))
    n = _count("bore_segments", bore_segments, 3)
    a = 2 * np.pi * np.arange(n) / n
    hole = np.column_stack([bore / 2 * np.cos(a), bore / 2 * np.sin(a)])
    return extrude_profile(outline, height=t, hole=hole)


def polygon_area(points: ArrayLike) -> float:
    """Area of a flat polygon by the shoelace formula [mm²] (positive when counter-clockwise).

    Notes
    -----
    A = ½ Σ (xᵢ yᵢ₊₁ − xᵢ₊₁ yᵢ).

    Examples
    --------
    >>> polygon_area([[0, 0], [4, 0], [4, 3], [0, 3]])
    12.0
    """
    p = np.asarray(points, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError(_("points must be k x 2 numbers (x, y), got shape {shape}").format(shape=p.shape))
    x, y = p[:, 0], p[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))


def _cell(size_u: float, size_v: float, thickness: float, hole_radius: float, hole_segments: int):
    """One block of a plate, u x v x thickness, with an optional round hole through its thickness.

    Returns (triangles (t, 3, 3), quads (q, 4, 3)) in local coordinates, outward-wound. The four
    sides are quads (and so are the caps of a block without a hole) so that neighbouring blocks
    can find and drop the faces they share.
    """
    a, b, t = size_u / 2, size_v / 2, thickness
    corners = np.array([[-a, -b], [a, -b], [a, b], [-a, b]])
    lo = np.column_stack([corners, np.zeros(4)])
    hi = np.column_stack([corners, np.full(4, t)])
    quads = [np.array([lo[k], lo[(k + 1) % 4], hi[(k + 1) % 4], hi[k]]) for k in range(4)]
    triangles = []
    if hole_radius <= 0:
        quads.append(hi.copy())              # top, counter-clockwise seen from above
        quads.append(lo[::-1].copy())        # bottom, seen from below
        return np.zeros((0, 3, 3)), np.array(quads)
    n = hole_segments
    ang = 2 * np.pi * np.arange(n) / n
    ring = np.column_stack([hole_radius * np.cos(ang), hole_radius * np.sin(ang)])

    def at(p2, z):
        return np.array([p2[0], p2[1], z])

    # each corner fans to the quarter of the hole facing it; corner k = 2 (upper right) faces 0°..90°
    sector_start = {2: 0, 3: n // 4, 0: n // 2, 1: 3 * n // 4}
    for z, up in ((t, True), (0.0, False)):
        for k, js in sector_start.items():
            c = at(corners[k], z)
            for j in range(js, js + n // 4):
                h0, h1 = at(ring[j % n], z), at(ring[(j + 1) % n], z)
                triangles.append([c, h1, h0] if up else [c, h0, h1])
        for k, j in ((1, 0), (2, n // 4), (3, n // 2), (0, 3 * n // 4)):
            c0, c1, h = at(corners[k], z), at(corners[(k + 1) % 4], z), at(ring[j], z)
            triangles.append([c0, c1, h] if up else [c1, c0, h])
    for j in range(n):
        b0, b1 = at(ring[j], 0.0), at(ring[(j + 1) % n], 0.0)
        t0, t1 = at(ring[j], t), at(ring[(j + 1) % n], t)
        triangles += [[b0, t1, b1], [b0, t0, t1]]   # the wall faces the hole's axis
    return np.array(triangles), np.array(quads)


def _union_of_cells(parts) -> Mesh:
    """Join blocks that touch face to face: shared quads appear twice and are dropped."""
    tris = [t for t, _q in parts if len(t)]
    quads = np.concatenate([q for _t, q in parts])
    keys = np.round(np.sort(quads.reshape(len(quads), -1).reshape(len(quads), 4, 3).round(9).view(
        [("x", float), ("y", float), ("z", float)]).reshape(len(quads), 4), axis=1).view(float).reshape(
        len(quads), 12), 9)
    _u, inverse, counts = np.unique(keys, axis=0, return_inverse=True, return_counts=True)
    outer = quads[counts[inverse.reshape(-1)] == 1]
    quad_tris = np.concatenate([outer[:, [0, 1, 2]], outer[:, [0, 2, 3]]])
    allt = np.concatenate(tris + [quad_tris]) if tris else quad_tris
    soup = Mesh(allt.reshape(-1, 3), np.arange(3 * len(allt)).reshape(-1, 3))
    return soup.weld(DEFAULT_WELD_TOLERANCE)


def bracket(*, width: float = 20.0, base_length: float = 40.0, height: float = 40.0, thickness: float = 4.0,
            hole_diameter: float = 5.0, base_holes: int = 1, upright_holes: int = 1,
            hole_segments: int = 32) -> Mesh:
    """An L-shaped angle bracket with round screw holes in both legs.

    The base leg lies on the plate along +y, the upright leg stands along +z at
    its back edge (y from 0 to ``thickness``); the bracket spans x from
    −width/2 to width/2.

    Parameters
    ----------
    width : float
        Width of both legs along x [mm].
    base_length : float
        Length of the base leg along y, including the corner [mm].
    height : float
        Height of the upright leg along z, including the corner [mm].
    thickness : float
        Thickness of both legs [mm].
    hole_diameter : float
        Diameter of the screw holes [mm] (e.g. 3.4 for an M3 screw); 0 for none.
    base_holes, upright_holes : int
        Number of holes along each leg, evenly spaced (0 for none).
    hole_segments : int
        Sides of each hole polygon (a multiple of 4).

    Notes
    -----
    V = w t (L + H − t) − (n₁ + n₂) t (N/2) r² sin(2π/N): two plates that share
    the t x t corner, minus the holes (regular N-gons of radius r). Each leg
    is split into blocks with one hole in the middle of each.

    Examples
    --------
    >>> b = bracket(width=20, base_length=40, height=30, thickness=4, hole_diameter=0)
    >>> float(b.volume), b.is_watertight
    (5280.0, True)
    >>> b = bracket(hole_diameter=5)
    >>> b.is_watertight, b.check().winding_consistent
    (True, True)
    """
    w = _positive("width", width)
    t = _positive("thickness", thickness)
    length = _positive("base_length", base_length)
    tall = _positive("height", height)
    if length <= t or tall <= t:
        raise ValueError(_("base_length and height must be longer than the thickness {thickness} mm, got {length} "
                           "and {height}").format(thickness=t, length=length, height=tall))
    d = float(hole_diameter)
    if not math.isfinite(d) or d < 0:
        raise ValueError(_("{quantity} must be >= 0 {unit}, got {value}").format(
            quantity="hole_diameter", unit="mm", value=hole_diameter))
    n1 = _count("base_holes", base_holes, 0)
    n2 = _count("upright_holes", upright_holes, 0)
    n = _count("hole_segments", hole_segments, 4)
    if n % 4:
        raise ValueError(_("hole_segments must be a multiple of 4, got {value}").format(value=n))
    from stemkit.design3d.transforms import apply, rotation_x

    parts = []

    def place(cell, rotate: bool, offset):
        tri, quads = cell
        if rotate:
            R = rotation_x(90, unit="deg")
            # round away the 1e-16 crumbs of cos 90° so faces meet exactly
            tri = np.round(apply(R, tri.reshape(-1, 3)).reshape(tri.shape), 12) if len(tri) else tri
            quads = np.round(apply(R, quads.reshape(-1, 3)).reshape(quads.shape), 12)
        off = np.asarray(offset, dtype=np.float64)
        return (tri + off if len(tri) else tri, quads + off)

    # corner block: x in ±w/2, y in [0, t], z in [0, t]
    parts.append(place(_cell(w, t, t, 0.0, n), False, [0, t / 2, 0]))
    for count, leg, rotate in ((n1, length - t, False), (n2, tall - t, True)):
        cells = max(count, 1)
        step = leg / cells
        r = d / 2 if count else 0.0
        if r and d >= min(w, step):
            raise ValueError(_("hole_diameter {value} mm is too big: it must be smaller than the width and the "
                               "hole spacing, {limit} mm").format(value=d, limit=round(min(w, step), 3)))
        for i in range(cells):
            centre = t + (i + 0.5) * step
            if rotate:
                # local (u, v, s) -> (u, -s, v): the hole runs along y; shift so y spans [0, t]
                parts.append(place(_cell(w, step, t, r, n), True, [0, t, centre]))
            else:
                parts.append(place(_cell(w, step, t, r, n), False, [0, centre, 0]))
    return _union_of_cells(parts)


def hole_plate(*, hole_diameters: ArrayLike, cell: float = 10.0, thickness: float = 4.0,
               hole_segments: int = 48) -> Mesh:
    """A flat plate with a row of round holes of different sizes: a tolerance test for pegs and pins.

    Parameters
    ----------
    hole_diameters : array_like of float
        Diameter of each hole, left to right [mm] (corner to corner of the hole polygon).
    cell : float
        Each hole sits in the middle of a cell x cell square [mm]; the plate is
        ``len(hole_diameters) * cell`` long along x and ``cell`` wide.
    thickness : float
        Plate thickness [mm].
    hole_segments : int
        Sides of each hole polygon (a multiple of 4). A polygon's flats are
        closer than its corners: the flat-to-flat width is d cos(π/N).

    Notes
    -----
    V = n c² t − Σ t (N/2) rᵢ² sin(2π/N).

    Examples
    --------
    >>> plate = hole_plate(hole_diameters=[4.8, 5.0, 5.2], hole_segments=4)
    >>> plate.size.tolist(), round(plate.volume, 6)
    ([30.0, 10.0, 4.0], 1049.84)
    """
    d = np.asarray(hole_diameters, dtype=np.float64).reshape(-1)
    c = _positive("cell", cell)
    t = _positive("thickness", thickness)
    n = _count("hole_segments", hole_segments, 4)
    if n % 4:
        raise ValueError(_("hole_segments must be a multiple of 4, got {value}").format(value=n))
    if d.size == 0 or not np.all(np.isfinite(d)) or np.any(d < 0) or np.any(d >= c):
        raise ValueError(_("hole_diameters must be one or more sizes from 0 to less than the cell size {cell} mm, "
                           "got {value}").format(cell=c, value=np.asarray(hole_diameters).tolist()))
    start = -len(d) * c / 2
    parts = []
    for i, diameter in enumerate(d):
        tri, quads = _cell(c, c, t, diameter / 2, n)
        off = np.array([start + (i + 0.5) * c, 0.0, 0.0])
        parts.append((tri + off if len(tri) else tri, quads + off))
    return _union_of_cells(parts)


def overhang_test(*, angles: ArrayLike = (30.0, 45.0, 60.0, 75.0), unit: str = "deg", height: float = 10.0,
                  thickness: float = 3.0, width: float = 8.0, gap: float = 4.0) -> Mesh:
    """A row of leaning slabs, one per angle: print it to see which overhangs need support.

    Each slab is ``width`` wide (along x), ``thickness`` thick (along y, measured
    level) and ``height`` tall, and leans towards +y by its angle from vertical.
    Its underside then looks down at that angle: a slab leaning 60° has an
    overhang of 60°, which the 45° rule says needs support.

    Parameters
    ----------
    angles : array_like of float
        Lean of each slab from vertical [deg or rad, as ``unit`` says], each from 0 to under 90°.
    unit : {"deg", "rad"}
        Unit of ``angles``.
    height, thickness, width, gap : float
        Slab height, level thickness, width and the gap between slabs [mm].

    Notes
    -----
    Each slab is a parallelogram prism: volume = thickness · height · width,
    whatever its lean. Its top is offset by height · tan(angle).

    Examples
    --------
    >>> ramps = overhang_test(angles=[30, 60])
    >>> round(ramps.volume, 6)   # 2 slabs of 3 x 10 x 8 mm
    480.0
    >>> int(ramps.needs_support().sum())   # the 60° slab's underside (2 triangles)
    2
    """
    from stemkit.units import to_radians

    if unit not in ("deg", "rad"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
    a = np.asarray(angles, dtype=np.float64).reshape(-1)
    lean = np.asarray(to_radians(a, unit), dtype=np.float64)
    if a.size == 0 or not np.all(np.isfinite(lean)) or np.any(lean < 0) or np.any(lean >= np.radians(85)):
        raise ValueError(_("angles must be one or more leans from 0 to under 85 degrees, got {value}").format(
            value=np.asarray(angles).tolist()))
    h, t, w = _positive("height", height), _positive("thickness", thickness), _positive("width", width)
    g = float(gap)
    if not math.isfinite(g) or g < 0:
        raise ValueError(_("{quantity} must be >= 0 {unit}, got {value}").format(quantity="gap", unit="mm", value=gap))
    parts = []
    for k, theta in enumerate(lean):
        shift = h * math.tan(theta)
        corners = np.array([[0.0, 0.0], [t, 0.0], [t + shift, h], [shift, h]])  # (y, z), counter-clockwise
        centre = corners.mean(axis=0)
        slab = extrude_profile(corners - centre, height=w)  # along its own z, which becomes x
        v = slab.vertices
        # (u, v, w) -> (x, y, z) = (w, u, v) is a turn (a cyclic swap of axes), so the winding stays outward
        placed = np.column_stack([v[:, 2] + k * (w + g), v[:, 0] + centre[0], v[:, 1] + centre[1]])
        parts.append(Mesh(placed, slab.faces))
    return Mesh.merge(*parts)


def sample_parts() -> dict[str, tuple[Mesh, str]]:
    """The sample parts shipped in ``datasets/design3d/`` as STL files: name -> (mesh, STL format).

    No randomness: the same parts every time. :func:`stemkit.design3d.stl.write_sample_parts`
    writes them.

    Examples
    --------
    >>> sorted(sample_parts())
    ['calibration_cube', 'l_bracket', 'press_fit_peg', 'spur_gear_m1_5_z20']
    """
    return {
        "calibration_cube": (box(size=(20.0, 20.0, 20.0)).translated([110.0, 110.0, 0.0]), "binary"),
        "spur_gear_m1_5_z20": (spur_gear(module=1.5, teeth=20, thickness=6.0, bore_diameter=5.0), "binary"),
        "l_bracket": (bracket(width=20.0, base_length=40.0, height=40.0, thickness=4.0, hole_diameter=3.4,
                              base_holes=2, upright_holes=2), "binary"),
        "press_fit_peg": (cylinder(radius=2.5, height=15.0, segments=24), "ascii"),
    }
