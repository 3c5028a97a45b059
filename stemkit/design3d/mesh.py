"""Triangle meshes: the shape a 3D printer's software really works with.

A :class:`Mesh` is a list of corner points (``vertices``, in millimetres) and a
list of triangles (``faces``), each triangle three row numbers into
``vertices``. The corners of every triangle are listed counter-clockwise when
seen from outside the part (the right-hand rule), so each face normal points
out of the material.

Everything here is plain numpy: area, volume by signed tetrahedra, the volume
centroid, the bounding box, vertex welding, watertightness, consistent winding
and a report of flipped faces, the number of separate bodies, merge and transform.

Volume and centroid only mean something for a closed, consistently wound
surface. On any other mesh they still return a number, with a
:class:`MeshWarning` that says what is wrong.

Examples
--------
>>> import numpy as np
>>> corners = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
>>> triangles = [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]]
>>> tetra = Mesh(corners, triangles)
>>> round(tetra.volume, 6)
0.166667
>>> tetra.is_watertight, tetra.is_winding_consistent
(True, True)
"""

from __future__ import annotations

import warnings
from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number

__all__ = ["Mesh", "WindingReport", "MeshWarning", "DEFAULT_WELD_TOLERANCE", "fits_build_volume",
           "surface_problem"]

#: The one distance [mm] below which two corners count as the same point: used by
#: :meth:`Mesh.weld`, :meth:`Mesh.check`, ``read_stl(weld=True)`` and the slicer.
DEFAULT_WELD_TOLERANCE = 1e-6


class MeshWarning(UserWarning):
    """A result computed from a mesh that is open or inconsistently wound, so it may be wrong."""


def _scramble(index: NDArray[np.uint64], seed: int) -> NDArray[np.int64]:
    """A fixed, well-mixed 20-bit number for every vertex number (the splitmix64 finaliser)."""
    x = index + np.uint64((0x9E3779B97F4A7C15 * seed) % 2**64)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(44)).astype(np.int64) + 1


def _edge_hash_sum(faces: NDArray[np.int64]) -> int:
    """Zero when every directed edge a→b of the faces is matched by an edge b→a.

    Each directed edge adds ``h1(a) h2(b) - h1(b) h2(a)``, which changes sign when the
    edge is reversed, so matched pairs cancel exactly (integer arithmetic). An open
    edge, or two faces walking an edge the same way, leaves a remainder; the
    hashes are fixed scrambles of the vertex numbers, so a remainder that sums to
    zero by chance is practically impossible. This costs a few passes over the
    faces, much less than welding and sorting the edges.
    """
    if faces.size == 0:
        return 0
    vertex = np.arange(int(faces.max()) + 1, dtype=np.uint64)
    h1, h2 = _scramble(vertex, 1), _scramble(vertex, 2)
    a1, b1, c1 = (h1[faces[:, k]] for k in range(3))
    a2, b2, c2 = (h2[faces[:, k]] for k in range(3))
    # edges a→b, b→c, c→a; integer sums wrap modulo 2**64, which keeps matched pairs cancelling
    return int(np.sum(a1 * b2 - b1 * a2 + b1 * c2 - c1 * b2 + c1 * a2 - a1 * c2))


def surface_problem(vertices: ArrayLike, faces: ArrayLike,
                    tolerance: float = DEFAULT_WELD_TOLERANCE) -> str | None:
    """What keeps a triangle surface from enclosing a volume, or ``None`` when it is closed.

    Parameters
    ----------
    vertices : array_like, shape (n, 3)
        Corners [mm].
    faces : array_like of int, shape (m, 3)
        Triangles.
    tolerance : float
        Welding distance [mm] used when corners are repeated (see :meth:`Mesh.weld`).

    Returns
    -------
    str or None
        A sentence naming the open edges or the inconsistent winding, or ``None``.

    Examples
    --------
    >>> from stemkit.design3d.primitives import box
    >>> cube = box(size=(1, 1, 1))
    >>> surface_problem(cube.vertices, cube.faces) is None
    True
    >>> surface_problem(cube.vertices, cube.faces[1:])
    'the mesh is not closed (edges that belong to one triangle only: 3)'
    """
    f = np.asarray(faces, dtype=np.int64)
    if f.size == 0:
        return _("the mesh has no triangles")
    if _edge_hash_sum(f) == 0:
        return None
    return Mesh._trusted(np.asarray(vertices, dtype=np.float64), f.reshape(-1, 3))._problem(tolerance)


def _as_vertices(vertices: ArrayLike) -> NDArray[np.float64]:
    try:
        v = np.array(vertices, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            _("vertices must be numbers (an n x 3 array of x, y, z in mm): {error}").format(error=exc)
        ) from None
    if v.ndim == 1 and v.size == 0:
        v = v.reshape(0, 3)
    if v.ndim != 2 or v.shape[1] != 3:
        raise ValueError(
            _("vertices must be an n x 3 array (one row of x, y, z in mm per corner), got shape {shape}").format(
                shape=v.shape)
        )
    bad = ~np.isfinite(v)
    if bad.any():
        row = int(np.nonzero(bad.any(axis=1))[0][0])
        raise ValueError(
            _("vertices must be finite numbers, but vertex {row} is {value}: remove or fix NaN/inf corners").format(
                row=row, value=v[row].tolist())
        )
    return v


def _as_faces(faces: ArrayLike, n_vertices: int) -> NDArray[np.int64]:
    f = np.asarray(faces)
    if f.ndim == 1 and f.size == 0:
        f = f.reshape(0, 3)
    if f.ndim != 2 or f.shape[1] != 3:
        raise ValueError(
            _("faces must be an m x 3 array (three vertex numbers per triangle), got shape {shape}").format(
                shape=f.shape)
        )
    if f.size and not (np.issubdtype(f.dtype, np.integer)):
        ff = np.asarray(f, dtype=np.float64) if f.dtype != object else None
        if ff is None or not np.all(np.isfinite(ff)) or not np.all(ff == np.round(ff)):
            raise ValueError(
                _("faces must hold whole vertex numbers (integers), got values of type {dtype}").format(
                    dtype=f.dtype)
            )
        f = ff
    f = f.astype(np.int64)
    if f.size:
        low, high = int(f.min()), int(f.max())
        if low < 0 or high >= n_vertices:
            bad = low if low < 0 else high
            row = int(np.nonzero((f == bad).any(axis=1))[0][0])
            raise ValueError(
                _("face {row} uses vertex number {index}, but vertex numbers run from 0 to {last}: "
                  "check the faces array").format(row=row, index=bad, last=n_vertices - 1)
            )
    return f


def fits_build_volume(size: ArrayLike, *, build_volume: ArrayLike) -> bool:
    """True when a part of bounding-box ``size`` fits a printer's ``build_volume`` as it stands.

    Parameters
    ----------
    size : array_like of 3 floats
        Part size along x, y, z [mm] (see :attr:`Mesh.size`).
    build_volume : array_like of 3 floats
        The printer's printable size along x, y, z [mm] (e.g. 220 x 220 x 250 mm
        for a Creality Ender-3 V2).

    Notes
    -----
    It fits when sx ≤ X, sy ≤ Y and sz ≤ Z. Turning the part may help: a long,
    thin part of width w can lie along the diagonal of a square a x a bed when
    its length L ≤ √2·a − w.

    Examples
    --------
    >>> fits_build_volume([200, 100, 50], build_volume=[220, 220, 250])
    True
    >>> fits_build_volume([300, 5, 5], build_volume=[220, 220, 250])
    False
    """
    s = np.asarray(size, dtype=np.float64).reshape(-1)
    b = np.asarray(build_volume, dtype=np.float64).reshape(-1)
    for label, arr, given in (("size", s, size), ("build_volume", b, build_volume)):
        if arr.shape != (3,) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ValueError(_("{quantity} must be three lengths >= 0 (x, y, z) in mm, got {value}").format(
                quantity=label, value=np.asarray(given).tolist()))
    return bool(np.all(s <= b))


def _group_rows(keys: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Group equal rows of an (n, 3) int array: (first row of each group, group of each row).

    Same groups as ``np.unique(keys, axis=0, return_index=True, return_inverse=True)``, but
    several times faster: the three columns are packed into one integer when they fit.
    """
    lo = keys.min(axis=0)
    span = keys.max(axis=0) - lo + 1
    if float(span[0]) * float(span[1]) * float(span[2]) < 2**62:
        packed = ((keys[:, 0] - lo[0]) * span[1] + (keys[:, 1] - lo[1])) * span[2] + (keys[:, 2] - lo[2])
        order = np.argsort(packed, kind="stable")
        sorted_keys = packed[order]
        starts = np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])
    else:
        order = np.lexsort((keys[:, 2], keys[:, 1], keys[:, 0]))
        sk = keys[order]
        starts = np.concatenate([[True], np.any(sk[1:] != sk[:-1], axis=1)])
    group_sorted = np.cumsum(starts) - 1
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = group_sorted
    first = order[starts]  # a stable sort puts each group's first row first
    return first, inverse


@dataclass(frozen=True)
class WindingReport:
    """What :meth:`Mesh.check` found about the edges of a mesh (after welding).

    Attributes
    ----------
    watertight : bool
        Every edge is shared by exactly two triangles: the surface has no holes.
    winding_consistent : bool
        Every shared edge is walked once in each direction by its two triangles.
    open_edges : int
        Edges used by only one triangle (the rim of a hole).
    nonmanifold_edges : int
        Edges shared by three or more triangles.
    flipped_faces : numpy.ndarray
        Face numbers whose winding disagrees with their neighbours: in a
        watertight mesh, the faces that would have to turn over to make every
        normal point outward (all of them for a mesh that is inside out); in an
        open mesh, the smaller group in each connected piece.
    duplicate_vertices : int
        Corners that were merged because they lay within the tolerance.
    bodies : int
        Separate pieces (shells): groups of triangles joined to each other by shared edges.
    """

    watertight: bool
    winding_consistent: bool
    open_edges: int
    nonmanifold_edges: int
    flipped_faces: NDArray[np.int64] = field(repr=False)
    duplicate_vertices: int
    bodies: int = 1

    def __str__(self) -> str:
        return _(
            "watertight: {watertight}; consistent winding: {consistent}; open edges: {open_edges}; "
            "edges shared by 3 or more faces: {nonmanifold}; flipped faces: {flipped}; bodies: {bodies}"
        ).format(watertight=self.watertight, consistent=self.winding_consistent,
                 open_edges=self.open_edges, nonmanifold=self.nonmanifold_edges,
                 flipped=self.flipped_faces.tolist() if self.flipped_faces.size <= 20
                 else f"{self.flipped_faces.size}", bodies=self.bodies)


class Mesh:
    """A triangle mesh: corners in millimetres and triangles that join them.

    Parameters
    ----------
    vertices : array_like, shape (n, 3)
        Corner positions x, y, z [mm].
    faces : array_like of int, shape (m, 3)
        Each row lists three vertex numbers (rows of ``vertices``),
        counter-clockwise seen from outside.

    Raises
    ------
    ValueError
        When a corner is NaN or infinite, a shape is wrong, or a face names a
        vertex that does not exist.

    Notes
    -----
    The arrays are copied and made read-only, so a mesh never changes after it
    is made; every operation (``weld``, ``transformed``, ``merge``) returns a new
    mesh.

    Examples
    --------
    >>> m = Mesh([[0, 0, 0], [10, 0, 0], [0, 10, 0]], [[0, 1, 2]])
    >>> m.n_vertices, m.n_faces
    (3, 1)
    >>> float(m.area)
    50.0
    >>> m.face_normals
    array([[0., 0., 1.]])
    >>> Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 3]])
    Traceback (most recent call last):
    ...
    ValueError: face 0 uses vertex number 3, but vertex numbers run from 0 to 2: check the faces array
    """

    __slots__ = ("_vertices", "_faces", "_cache")

    def __init__(self, vertices: ArrayLike, faces: ArrayLike):
        v = _as_vertices(vertices)
        f = _as_faces(faces, len(v))
        v.setflags(write=False)
        f.setflags(write=False)
        self._vertices = v
        self._faces = f
        self._cache: dict[str, object] = {}

    @classmethod
    def _trusted(cls, vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> Mesh:
        """Wrap arrays already known to be valid (finite float64 (n, 3), int64 (m, 3) in range)."""
        mesh = cls.__new__(cls)
        v = np.ascontiguousarray(vertices, dtype=np.float64)
        f = np.ascontiguousarray(faces, dtype=np.int64)
        v.setflags(write=False)
        f.setflags(write=False)
        mesh._vertices, mesh._faces, mesh._cache = v, f, {}
        return mesh

    # -- basic data -------------------------------------------------------
    @property
    def vertices(self) -> NDArray[np.float64]:
        """Corner positions, shape (n, 3) [mm] (read-only)."""
        return self._vertices

    @property
    def faces(self) -> NDArray[np.int64]:
        """Triangles as vertex numbers, shape (m, 3) (read-only)."""
        return self._faces

    @property
    def n_vertices(self) -> int:
        """Number of corners."""
        return int(self._vertices.shape[0])

    @property
    def n_faces(self) -> int:
        """Number of triangles."""
        return int(self._faces.shape[0])

    @property
    def triangles(self) -> NDArray[np.float64]:
        """The corners of every triangle, shape (m, 3, 3) [mm]."""
        if "triangles" not in self._cache:
            t = self._vertices[self._faces]
            t.setflags(write=False)
            self._cache["triangles"] = t
        return self._cache["triangles"]  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Mesh(n_vertices={self.n_vertices}, n_faces={self.n_faces})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mesh):
            return NotImplemented
        return (self._vertices.shape == other._vertices.shape and self._faces.shape == other._faces.shape
                and bool(np.array_equal(self._vertices, other._vertices))
                and bool(np.array_equal(self._faces, other._faces)))

    __hash__ = None  # type: ignore[assignment]

    # -- per-face quantities ------------------------------------------------
    def _corner_columns(self):
        """x, y, z of corners a, b, c of every face as nine 1-D arrays (fast gathers)."""
        v = self._vertices
        cols = (np.ascontiguousarray(v[:, 0]), np.ascontiguousarray(v[:, 1]), np.ascontiguousarray(v[:, 2]))
        f0, f1, f2 = (np.ascontiguousarray(self._faces[:, k]) for k in range(3))
        return [[c[f] for c in cols] for f in (f0, f1, f2)]

    def _cross(self) -> NDArray[np.float64]:
        """(b − a) × (c − a) for every face, shape (m, 3)."""
        if "cross" not in self._cache:
            (ax, ay, az), (bx, by, bz), (cx, cy, cz) = self._corner_columns()
            out = np.empty((self.n_faces, 3))
            # corners near 1e200 overflow; area and volume say so in words, so no RuntimeWarning here
            with np.errstate(over="ignore", invalid="ignore"):
                ux, uy, uz = bx - ax, by - ay, bz - az
                vx, vy, vz = cx - ax, cy - ay, cz - az
                out[:, 0] = uy * vz - uz * vy
                out[:, 1] = uz * vx - ux * vz
                out[:, 2] = ux * vy - uy * vx
            self._cache["cross"] = out
        return self._cache["cross"]  # type: ignore[return-value]

    @property
    def face_areas(self) -> NDArray[np.float64]:
        """Area of each triangle, shape (m,) [mm²].

        Notes
        -----
        A = ½ |(b − a) × (c − a)| for a triangle with corners a, b, c.
        """
        c = self._cross()
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * np.sqrt(np.einsum("ij,ij->i", c, c))

    @property
    def face_normals(self) -> NDArray[np.float64]:
        """Unit normal of each triangle, shape (m, 3).

        Notes
        -----
        n = (b − a) × (c − a) / |(b − a) × (c − a)|: by the right-hand rule it
        points out of the part when a, b, c run counter-clockwise seen from
        outside. A triangle with no area has the normal (0, 0, 0).
        """
        c = self._cross()
        norm = np.sqrt(np.einsum("ij,ij->i", c, c))
        out = np.zeros_like(c)
        ok = norm > 0
        out[ok] = c[ok] / norm[ok, None]
        return out

    def overhang_angles(self, *, unit: str = "deg") -> NDArray[np.float64]:
        """How far each face leans from vertical: + for faces looking down, − for faces looking up.

        Parameters
        ----------
        unit : {"deg", "rad"}
            Unit of the result.

        Returns
        -------
        numpy.ndarray, shape (m,)
            0 for a vertical wall, +90° for a flat ceiling (normal straight
            down), −90° for a flat top (normal straight up).

        Notes
        -----
        A face whose unit normal n makes the angle α with straight down
        (0, 0, −1) leans 90° − α from vertical, so the overhang angle is
        asin(−n_z). Slicers add support under faces leaning more than a
        threshold (often 45°) from vertical.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(1, 1, 1)).overhang_angles()[:4]
        array([ 90.,  90., -90., -90.])
        """
        from stemkit.units import to_degrees

        if unit not in ("deg", "rad"):
            raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
        theta = np.arcsin(np.clip(-self.face_normals[:, 2], -1.0, 1.0))
        return to_degrees(theta, "rad") if unit == "deg" else theta

    def needs_support(self, *, threshold: float = 45.0, unit: str = "deg",
                      bed_tolerance: float = 1e-6) -> NDArray[np.bool_]:
        """Faces that lean more than ``threshold`` from vertical and do not rest on the bed.

        Parameters
        ----------
        threshold : float
            Largest overhang that prints without support [deg or rad, as ``unit`` says];
            45° is the usual rule of thumb for PLA.
        unit : {"deg", "rad"}
            Unit of ``threshold``.
        bed_tolerance : float
            Faces with every corner within this height [mm] of the lowest point
            lie on the bed and need no support.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> int(box(size=(1, 1, 1)).needs_support().sum())   # the bottom lies on the bed
        0
        """
        from stemkit.units import to_radians

        if unit not in ("deg", "rad"):
            raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
        limit = float(to_radians(float(threshold), unit))
        if not 0 <= limit <= np.pi / 2:
            raise ValueError(_("threshold must be between 0 and 90 degrees, got {value}").format(value=threshold))
        lean = self.overhang_angles(unit="rad")
        if self.n_faces == 0:
            return np.zeros(0, dtype=bool)
        bottom = self.bounds[0, 2]
        on_bed = np.all(self.triangles[:, :, 2] <= bottom + bed_tolerance, axis=1)
        return (lean > limit + 1e-12) & ~on_bed

    # -- whole-mesh quantities --------------------------------------------
    @property
    def area(self) -> float:
        """Total surface area [mm²].

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(10, 20, 30)).area
        2200.0
        """
        total = float(self.face_areas.sum())
        if not np.isfinite(total):
            self._raise_not_finite(_("area"), self.face_areas)
        return total

    def _raise_not_finite(self, quantity: str, per_face: NDArray[np.float64]) -> None:
        face = int(np.argmin(np.isfinite(per_face)))
        raise ValueError(_(
            "the {quantity} of the mesh is not a finite number: face {face} has corners too far out "
            "({corners}); coordinates must stay well below 1e100 mm").format(
            quantity=quantity, face=face, corners=self.triangles[face].max(axis=0).tolist()))

    def _problem(self, tolerance: float = DEFAULT_WELD_TOLERANCE) -> str | None:
        """Why the surface does not enclose a volume (open edges, winding), or None."""
        key = ("problem", float(tolerance))
        if key not in self._cache:
            if self.n_faces == 0:
                message: str | None = _("the mesh has no triangles")
            elif _edge_hash_sum(self._faces) == 0:
                message = None
            else:
                report = self.check(tolerance)
                if report.open_edges:
                    message = _("the mesh is not closed (edges that belong to one triangle only: {count})").format(
                        count=report.open_edges)
                elif report.nonmanifold_edges:
                    message = _("the mesh has edges shared by three or more triangles ({count} of them)").format(
                        count=report.nonmanifold_edges)
                elif not report.winding_consistent:
                    message = _("the mesh is inconsistently wound (faces pointing the wrong way: {count})").format(
                        count=report.flipped_faces.size)
                else:
                    message = None
            self._cache[key] = message
        return self._cache[key]  # type: ignore[return-value]

    def _warn_if_open(self, quantity: str) -> None:
        problem = self._problem()
        if problem is not None:
            warnings.warn(_("{quantity} may be wrong: {problem}; see mesh.check() and repair the mesh "
                            "(mesh.weld(), mesh.fix_winding())").format(quantity=quantity, problem=problem),
                          MeshWarning, stacklevel=3)

    def _reference_point(self) -> NDArray[np.float64]:
        # Summing tetrahedra from a point near the part keeps round-off small
        # for parts far from the origin; the result does not depend on it.
        if self.n_vertices == 0:
            return np.zeros(3)
        lo, hi = self._vertices.min(axis=0), self._vertices.max(axis=0)
        return 0.5 * (lo + hi)

    def _signed_tetra(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        # 6 V = (a − p) · ((b − p) × (c − p)) = (a − p) · ((b − a) × (c − a)): the same cross
        # product as the area, and less round-off.
        if "tetra" not in self._cache:
            ref = self._reference_point()
            n = self._cross()
            v = self._vertices
            a = self._faces[:, 0]
            with np.errstate(over="ignore", invalid="ignore"):
                six_v = (v[a, 0] - ref[0]) * n[:, 0] + (v[a, 1] - ref[1]) * n[:, 1] + (v[a, 2] - ref[2]) * n[:, 2]
            self._cache["tetra"] = (six_v, ref)
        return self._cache["tetra"]  # type: ignore[return-value]

    @property
    def volume(self) -> float:
        """Enclosed volume [mm³] (positive when the normals point outward).

        Notes
        -----
        Each triangle (a, b, c) and a reference point p form a tetrahedron of
        signed volume V = (a − p) · ((b − p) × (c − p)) / 6
        = (a − p) · ((b − a) × (c − a)) / 6. Summed over a
        closed surface, the parts outside cancel and V = Σ Vᵢ is the volume
        (the divergence theorem). Only meaningful for a watertight mesh.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(10, 20, 30)).volume
        6000.0

        An open mesh still gives a number, with a :class:`MeshWarning`.
        """
        value = self._raw_volume()
        self._warn_if_open(_("volume"))
        return value

    def _raw_volume(self) -> float:
        six_v, _ref = self._signed_tetra()
        total = float(six_v.sum() / 6.0)
        if not np.isfinite(total):
            self._raise_not_finite(_("volume"), six_v)
        return total

    @property
    def centroid(self) -> NDArray[np.float64]:
        """Centre of the enclosed volume (centre of mass of a solid, even part) [mm].

        Notes
        -----
        c = Σ Vᵢ (a + b + c + p)/4 / Σ Vᵢ over the signed tetrahedra of
        :attr:`volume`. Needs a closed mesh with non-zero volume.

        Raises
        ------
        ValueError
            When the volume is zero (an open or flat mesh).

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(10, 20, 30)).centroid
        array([ 0.,  0., 15.])
        """
        self._raw_volume()                      # a clear error for corners too far out
        self._warn_if_open(_("centroid"))
        six_v, ref = self._signed_tetra()
        total = six_v.sum()
        scale = max(float(np.abs(six_v).sum()), np.finfo(float).tiny)
        if abs(total) <= 1e-12 * scale or total == 0:
            raise ValueError(
                _("centroid needs a closed mesh with a volume, but the volume is {volume} mm³: "
                  "check that the mesh is watertight").format(volume=format_number(total / 6.0))
            )
        t = self.triangles - ref
        # tetra centroid (a + b + c + p)/4 with p at the reference point (0 after shifting)
        weighted = (six_v[:, None] * t.sum(axis=1)).sum(axis=0) / (4.0 * total)
        return weighted + ref

    @property
    def bounds(self) -> NDArray[np.float64]:
        """Bounding box corners, shape (2, 3): [[xmin, ymin, zmin], [xmax, ymax, zmax]] [mm].

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(10, 20, 30)).bounds
        array([[ -5., -10.,   0.],
               [  5.,  10.,  30.]])
        """
        if self.n_vertices == 0:
            raise ValueError(_("an empty mesh has no bounding box: give it some vertices"))
        if "bounds" not in self._cache:
            used = self._vertices
            if self.n_faces:
                referenced = np.zeros(self.n_vertices, dtype=bool)
                referenced[self._faces.reshape(-1)] = True
                if not referenced.all():
                    used = self._vertices[referenced]
            self._cache["bounds"] = np.array([used.min(axis=0), used.max(axis=0)])
        return self._cache["bounds"].copy()  # type: ignore[union-attr]

    @property
    def size(self) -> NDArray[np.float64]:
        """Bounding box size along x, y, z [mm] (what calipers would read).

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(10, 20, 30)).size
        array([10., 20., 30.])
        """
        b = self.bounds
        return b[1] - b[0]

    def fits(self, build_volume: ArrayLike) -> bool:
        """True when the part's bounding box fits ``build_volume`` [mm] as it stands.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(20, 20, 20)).fits([220, 220, 250])
        True
        """
        return fits_build_volume(self.size, build_volume=build_volume)

    # -- welding, watertightness and winding --------------------------------
    def weld(self, tolerance: float = DEFAULT_WELD_TOLERANCE) -> Mesh:
        """Merge corners closer than ``tolerance`` and drop unused ones.

        Parameters
        ----------
        tolerance : float
            Distance [mm] below which two corners count as one. Corners are
            snapped to a grid of this spacing before comparing, as in most
            mesh tools, so two points just either side of a grid line may stay
            apart; use a tolerance well above the noise and well below the
            smallest feature.

        Returns
        -------
        Mesh
            A new mesh. Triangles that collapse (two corners merged) are dropped.

        Examples
        --------
        >>> m = Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]],
        ...          [[0, 1, 2], [3, 4, 5]])
        >>> m.weld().n_vertices
        4
        """
        tolerance = float(tolerance)
        if not np.isfinite(tolerance) or tolerance <= 0:
            raise ValueError(_("tolerance must be > 0 mm, got {value}").format(value=tolerance))
        if self.n_vertices == 0:
            return Mesh(self._vertices, self._faces)
        keys = np.floor(self._vertices / tolerance + 0.5).astype(np.int64)
        first, inverse = _group_rows(keys)
        # keep the original coordinates of the first corner of each group (no snapping)
        order = np.argsort(first)
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        new_vertices = self._vertices[first[order]]
        new_faces = rank[inverse[self._faces]] if self.n_faces else self._faces
        if len(new_faces):
            keep = (new_faces[:, 0] != new_faces[:, 1]) & (new_faces[:, 1] != new_faces[:, 2]) & (
                new_faces[:, 2] != new_faces[:, 0])
            new_faces = new_faces[keep]
        used = np.unique(new_faces)
        if len(used) < len(new_vertices):
            remap = np.full(len(new_vertices), -1, dtype=np.int64)
            remap[used] = np.arange(len(used))
            new_vertices = new_vertices[used]
            new_faces = remap[new_faces]
        return Mesh(new_vertices, new_faces)

    def _edge_table(self):
        """Undirected edges of the (already welded) mesh: ids per directed edge, counts."""
        f = self._faces
        directed = f[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2)
        forward = directed[:, 0] < directed[:, 1]
        lo = np.minimum(directed[:, 0], directed[:, 1])
        hi = np.maximum(directed[:, 0], directed[:, 1])
        key = lo * (int(self.n_vertices) + 1) + hi
        _u, edge_id, counts = np.unique(key, return_inverse=True, return_counts=True)
        return edge_id.reshape(-1), counts, forward

    def check(self, tolerance: float = DEFAULT_WELD_TOLERANCE) -> WindingReport:
        """Weld the corners, then check every edge: holes, winding, flipped faces.

        Parameters
        ----------
        tolerance : float
            Welding distance [mm] (see :meth:`weld`).

        Returns
        -------
        WindingReport
            ``flipped_faces`` are face numbers of *this* mesh.

        Notes
        -----
        A closed surface is watertight when every edge belongs to exactly two
        triangles. It is consistently wound when those two triangles walk the
        edge in opposite directions (a → b in one, b → a in the other). Flipped
        faces are found by walking from face to face across shared edges and
        noting where the direction does not flip.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> cube = box(size=(1, 1, 1))
        >>> cube.check().watertight
        True
        >>> bad = cube.flip_faces([4])
        >>> report = bad.check()
        >>> report.winding_consistent, report.flipped_faces.tolist()
        (False, [4])
        """
        key = ("report", float(tolerance))
        if key in self._cache:
            return self._cache[key]  # type: ignore[return-value]
        welded, kept = self._welded_with_map(tolerance)
        duplicates = self.n_vertices - welded.n_vertices
        if welded.n_faces == 0:
            return WindingReport(False, True, 0, 0, np.zeros(0, dtype=np.int64), duplicates, 0)
        edge_id, counts, forward = welded._edge_table()
        n_edges = len(counts)
        open_edges = int((counts == 1).sum())
        nonmanifold = int((counts > 2).sum())
        watertight = bool(open_edges == 0 and nonmanifold == 0)
        fwd = np.bincount(edge_id, weights=forward.astype(float), minlength=n_edges)
        pairs = counts == 2
        consistent_edges = ~pairs | (fwd == 1)
        winding_consistent = bool(np.all(consistent_edges[counts <= 2]) and np.all(
            (fwd[counts > 2] > 0) & (fwd[counts > 2] < counts[counts > 2])))
        inside_out = watertight and winding_consistent and welded._raw_volume() < 0
        if winding_consistent and not inside_out:
            flipped_welded = np.zeros(0, dtype=np.int64)
        else:
            flipped_welded = welded._flipped_faces(edge_id, counts, forward, closed=watertight)
        flipped = np.sort(kept[flipped_welded]) if flipped_welded.size else flipped_welded
        bodies = int(len(np.unique(welded._body_labels(edge_id))))
        report = WindingReport(watertight, winding_consistent, open_edges, nonmanifold,
                               flipped.astype(np.int64), duplicates, bodies)
        self._cache[key] = report
        return report

    def _body_labels(self, edge_id: NDArray[np.int64] | None = None) -> NDArray[np.int64]:
        """A label per face: faces joined through shared edges (of this mesh) get the same label."""
        if edge_id is None:
            edge_id = self._edge_table()[0]
        face_of = np.repeat(np.arange(self.n_faces), 3)
        order = np.argsort(edge_id, kind="stable")
        same_edge = edge_id[order][1:] == edge_id[order][:-1]
        a, b = face_of[order][:-1][same_edge], face_of[order][1:][same_edge]
        label = np.arange(self.n_faces)
        # Spread the smallest label along shared edges, with pointer jumping, until nothing changes.
        while True:
            low = np.minimum(label[a], label[b])
            new = label.copy()
            np.minimum.at(new, a, low)
            np.minimum.at(new, b, low)
            new = new[new]
            if np.array_equal(new, label):
                return label
            label = new

    @property
    def n_bodies(self) -> int:
        """Number of separate bodies (shells) after welding: pieces that share no edge.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> cube = box(size=(1, 1, 1))
        >>> (cube + cube.translated([5, 0, 0])).n_bodies
        2
        """
        return self.check().bodies

    def bodies(self, tolerance: float = DEFAULT_WELD_TOLERANCE) -> list[Mesh]:
        """The separate bodies (shells) as meshes, biggest (by volume) first.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> pair = box(size=(1, 1, 1)) + box(size=(2, 2, 2)).translated([5, 0, 0])
        >>> [round(b.volume) for b in pair.bodies()]
        [8, 1]
        """
        welded = self.weld(tolerance)
        if welded.n_faces == 0:
            return []
        label = welded._body_labels()
        out = []
        for g in np.unique(label).tolist():
            faces = welded.faces[label == g]
            used, local = np.unique(faces, return_inverse=True)
            out.append(Mesh._trusted(welded.vertices[used], local.reshape(-1, 3)))
        return sorted(out, key=lambda body: -abs(body._raw_volume()))

    def _welded_with_map(self, tolerance: float) -> tuple[Mesh, NDArray[np.int64]]:
        """Weld, and return for each face of the welded mesh its number in this mesh."""
        key = ("welded", float(tolerance))
        if key not in self._cache:
            tolerance = float(tolerance)
            if not np.isfinite(tolerance) or tolerance <= 0:
                raise ValueError(_("tolerance must be > 0 mm, got {value}").format(value=tolerance))
            if self.n_faces == 0:
                self._cache[key] = (self.weld(tolerance), np.zeros(0, dtype=np.int64))
            else:
                keys = np.floor(self._vertices / tolerance + 0.5).astype(np.int64)
                _first, inverse = _group_rows(keys)
                f = inverse[self._faces]
                keep = (f[:, 0] != f[:, 1]) & (f[:, 1] != f[:, 2]) & (f[:, 2] != f[:, 0])
                kept = np.nonzero(keep)[0]
                self._cache[key] = (self.weld(tolerance), kept)
        return self._cache[key]  # type: ignore[return-value]

    def _flipped_faces(self, edge_id, counts, forward, *, closed: bool) -> NDArray[np.int64]:
        m = self.n_faces
        face_of = np.repeat(np.arange(m), 3)
        # neighbours across manifold edges: (face, other face, same_direction)
        manifold = counts[edge_id] == 2
        order = np.argsort(edge_id[manifold], kind="stable")
        ids = np.nonzero(manifold)[0][order]
        a, b = ids[0::2], ids[1::2]
        fa, fb = face_of[a], face_of[b]
        same = forward[a] == forward[b]  # same direction: one of the two is flipped
        adj: list[list[tuple[int, bool]]] = [[] for _ in range(m)]
        for x, y, s in zip(fa.tolist(), fb.tolist(), same.tolist(), strict=False):
            adj[x].append((y, s))
            adj[y].append((x, s))
        parity = np.full(m, -1, dtype=np.int8)
        six_v = self._signed_tetra()[0]
        flipped: list[int] = []
        for start in range(m):
            if parity[start] >= 0:
                continue
            parity[start] = 0
            component = [start]
            queue = deque([start])
            while queue:
                x = queue.popleft()
                for y, s in adj[x]:
                    if parity[y] < 0:
                        parity[y] = parity[x] ^ int(s)
                        component.append(y)
                        queue.append(y)
            comp = np.array(component)
            odd = comp[parity[comp] == 1]
            even = comp[parity[comp] == 0]
            # Which group is "right"? For a closed piece, the one that gives a positive volume;
            # otherwise the bigger group.
            vol_if_even_right = six_v[even].sum() - six_v[odd].sum()
            if closed and abs(vol_if_even_right) > 1e-9 * np.abs(six_v[comp]).sum():
                flipped.extend((odd if vol_if_even_right > 0 else even).tolist())
            else:
                flipped.extend((odd if len(odd) <= len(even) else even).tolist())
        return np.array(sorted(flipped), dtype=np.int64)

    @property
    def is_watertight(self) -> bool:
        """True when every edge (after welding at the default tolerance) joins exactly two faces."""
        return self.check().watertight

    @property
    def is_winding_consistent(self) -> bool:
        """True when each shared edge is walked once in each direction."""
        return self.check().winding_consistent

    # -- making new meshes --------------------------------------------------
    def flip_faces(self, faces: ArrayLike | None = None) -> Mesh:
        """Reverse the winding of some faces (all when ``faces`` is None).

        Parameters
        ----------
        faces : array_like of int, optional
            Face numbers to flip.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(1, 1, 1)).flip_faces().volume
        -1.0
        """
        f = self._faces.copy()
        if faces is None:
            idx = np.arange(self.n_faces)
        else:
            idx = np.asarray(faces, dtype=np.int64).reshape(-1)
            if idx.size and (idx.min() < -self.n_faces or idx.max() >= self.n_faces):
                raise ValueError(_("face numbers must run from 0 to {last}, got {value}").format(
                    last=self.n_faces - 1, value=idx.tolist()))
        f[idx] = f[idx][:, ::-1]
        return Mesh(self._vertices, f)

    def fix_winding(self, tolerance: float = DEFAULT_WELD_TOLERANCE) -> Mesh:
        """Flip the faces that :meth:`check` reports as flipped.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(1, 1, 1)).flip_faces([2, 7]).fix_winding().is_winding_consistent
        True
        """
        return self.flip_faces(self.check(tolerance).flipped_faces)

    def transformed(self, matrix: ArrayLike) -> Mesh:
        """Apply a 3 x 3 linear or 4 x 4 homogeneous transform to every corner.

        A transform that mirrors the part (negative determinant) would turn
        the triangles inside out, so their winding is reversed to keep the
        normals pointing outward.

        Parameters
        ----------
        matrix : array_like, shape (3, 3) or (4, 4)
            See :mod:`stemkit.design3d.transforms`.

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> from stemkit.design3d.transforms import translation
        >>> box(size=(2, 2, 2)).transformed(translation([5, 0, 0])).bounds
        array([[ 4., -1.,  0.],
               [ 6.,  1.,  2.]])
        """
        from stemkit.design3d.transforms import apply, linear_part

        mat = np.asarray(matrix, dtype=np.float64)
        v = apply(mat, self._vertices)
        f = self._faces
        if np.linalg.det(linear_part(mat)) < 0:
            f = f[:, ::-1]
        return Mesh(v, f)

    def translated(self, offset: ArrayLike) -> Mesh:
        """Move the part by ``offset`` = (dx, dy, dz) [mm].

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(2, 2, 2)).translated([0, 0, 1]).bounds[:, 2]
        array([1., 3.])
        """
        d = np.asarray(offset, dtype=np.float64)
        if d.shape != (3,) or not np.all(np.isfinite(d)):
            raise ValueError(_("offset must be three finite numbers (dx, dy, dz) in mm, got {value}").format(
                value=np.asarray(offset).tolist()))
        return Mesh(self._vertices + d, self._faces)

    def scaled(self, factor: float | ArrayLike) -> Mesh:
        """Scale about the origin by one factor or by (sx, sy, sz).

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> box(size=(1, 1, 1)).scaled(2).volume
        8.0
        """
        from stemkit.design3d.transforms import scaling

        return self.transformed(scaling(factor))

    @staticmethod
    def merge(*meshes: Mesh) -> Mesh:
        """Put several meshes into one (no welding; see :meth:`weld`).

        Examples
        --------
        >>> from stemkit.design3d.primitives import box
        >>> a = box(size=(1, 1, 1))
        >>> b = a.translated([5, 0, 0])
        >>> both = Mesh.merge(a, b)
        >>> both.n_faces, both.volume
        (24, 2.0)
        """
        if len(meshes) == 1 and not isinstance(meshes[0], Mesh):
            meshes = tuple(meshes[0])  # type: ignore[arg-type]
        for item in meshes:
            if not isinstance(item, Mesh):
                raise TypeError(_("merge takes Mesh objects, got {kind}").format(kind=type(item).__name__))
        if not meshes:
            return Mesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64))
        offsets = np.cumsum([0] + [m.n_vertices for m in meshes[:-1]])
        v = np.concatenate([m.vertices for m in meshes])
        f = np.concatenate([m.faces + o for m, o in zip(meshes, offsets, strict=False)])
        return Mesh(v, f)

    def __add__(self, other: Mesh) -> Mesh:
        if not isinstance(other, Mesh):
            return NotImplemented
        return Mesh.merge(self, other)

    # -- drawing --------------------------------------------------------------
    def view(self, **options):
        """An interactive 3D view of the part: see :func:`stemkit.design3d.view.view` for the options."""
        from stemkit.design3d.view import view

        return view(self, **options)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Show the mesh in an interactive 3D view when it ends a notebook cell."""
        return self.view()._repr_mimebundle_(include, exclude)

    def still(self, *, dpi: int = 100) -> bytes:
        """A still picture of the part (PNG, drawn with matplotlib), for slides and print."""
        return self.view().still(dpi=dpi)
