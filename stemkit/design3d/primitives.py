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

from stemkit.design3d.mesh import Mesh
from stemkit.i18n import _

__all__ = ["box", "cylinder", "cone", "sphere",
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
    return mesh.weld(1e-9) if (bottom_radius == 0 or top_radius == 0) else mesh


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
