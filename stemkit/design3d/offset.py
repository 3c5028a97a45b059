"""Offsetting polygons: the walls a slicer draws a line width inside the part's outline.

A nozzle that lays a bead ``w`` wide must run **w/2 inside** the outline, or
the printed part comes out ``w`` too big (and its holes ``w`` too small). The
second wall runs one line spacing further in, and so on; the infill fills
what is left. Each of these paths is an *offset* of the layer's polygons: the
points at a given distance inside the material.

How an offset is made
---------------------
0. **Simplify**: corners that stray less than 2 µm from a straight line go
   (a finely divided STL circle has them by the hundred).
1. **Shift every edge** of every loop sideways by the distance ``d``, towards
   the material (the left of each edge: outer loops run counter-clockwise,
   holes clockwise, so the material is always on the left).
2. **Join the shifted edges.** Where the loop turns towards the material
   (a corner of the part) the shifted edges cross: their crossing is the new
   corner (a *miter*). Where it turns away (the inside corner of an L, every
   corner of a hole) they leave a gap: it is closed with a short arc around
   the old corner, every point of which is exactly ``d`` from it. An edge
   shorter than the offset allows vanishes: its neighbours are joined directly.
3. **Clean up.** Where the part is narrower than ``2d`` (the tip of a gear
   tooth) the shifted edges run past each other and the curve loops back on
   itself; a growing hole may run into the shrinking outline. Counting how
   many times the raw curves wind around each place (the *winding number*)
   sorts this out: the material of the offset part is exactly where the
   curves wind around at least once. The curves are cut where they cross, and
   only the pieces with a positive winding number on their left and none on
   their right are kept.

Distances are in millimetres; a positive distance goes into the material
(an *inset*), a negative one out of it (an *outset*, as for a skirt).

Examples
--------
>>> import numpy as np
>>> square = np.array([[0.0, 0.0], [20.0, 0.0], [20.0, 20.0], [0.0, 20.0]])
>>> inner = offset_loops([square], 0.225)
>>> inner[0].round(3).tolist()
[[0.225, 0.225], [19.775, 0.225], [19.775, 19.775], [0.225, 19.775]]
>>> offset_loops([square], 11.0)           # deeper than half the width: nothing is left
[]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _

__all__ = ["offset_loops", "simplify", "winding_numbers", "convex_hull", "clip_lines"]

#: Largest angle [rad] an arc join turns in one straight step (10°).
ARC_STEP = math.radians(10.0)


def _as_loops(loops: Sequence[ArrayLike]) -> list[NDArray[np.float64]]:
    out = []
    for loop in loops:
        p = np.asarray(loop, dtype=np.float64)
        if p.ndim != 2 or p.shape[1] != 2:
            raise ValueError(_("a loop must be a k x 2 array of (x, y) points in mm, got shape {shape}").format(
                shape=p.shape))
        if not np.all(np.isfinite(p)):
            raise ValueError(_("loop points must be finite numbers in mm"))
        if len(p) > 1 and np.array_equal(p[0], p[-1]):
            p = p[:-1]                                   # a repeated first point closes the loop: drop it
        if len(p) >= 3:
            out.append(p)
    return out


#: Outline points that stray less than this from a straight line are dropped before offsetting [mm].
SIMPLIFY = 0.002


def simplify(loop: ArrayLike, tolerance: float = SIMPLIFY) -> NDArray[np.float64]:
    """The loop without the points that stray less than ``tolerance`` from a straight line [mm].

    A sliced STL outline can have corners a few micrometres apart (a finely
    divided circle); a printer cannot follow them, and offsetting them only adds
    noise. A point is dropped when it lies within ``tolerance`` of the line
    through its two neighbours; every other such point goes in one pass, and
    passes repeat until none is left.

    Examples
    --------
    >>> simplify([[0, 0], [5, 0.0001], [10, 0], [10, 10], [0, 10]]).tolist()
    [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]]
    """
    p = np.asarray(loop, dtype=np.float64)
    while len(p) > 3:
        prev, nxt = np.roll(p, 1, axis=0), np.roll(p, -1, axis=0)
        chord = nxt - prev
        length = np.hypot(chord[:, 0], chord[:, 1])
        cross = np.abs(chord[:, 0] * (p[:, 1] - prev[:, 1]) - chord[:, 1] * (p[:, 0] - prev[:, 0]))
        off = np.where(length > 0, cross / np.where(length > 0, length, 1.0), np.hypot(*(p - prev).T))
        # the point must also lie between its neighbours, not on a spike that doubles back
        along = np.einsum("ij,ij->i", p - prev, chord)
        drop = (off < tolerance) & (along >= 0) & (along <= length ** 2)
        if not drop.any():
            break
        # never two neighbours in one pass: in a run of droppable points, every other one
        idx = np.nonzero(drop)[0]
        new_run = np.concatenate([[True], np.diff(idx) > 1])
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(idx)), 0))
        take = (np.arange(len(idx)) - run_start) % 2 == 0
        if len(idx) > 1 and idx[0] == 0 and idx[-1] == len(p) - 1 and take[-1]:
            take[-1] = False                           # the run wraps round to the first point
        gone = np.zeros(len(p), dtype=bool)
        gone[idx[take]] = True
        if gone.all() or np.count_nonzero(~gone) < 3:
            break
        p = p[~gone]
    return p


def _meet(p1, d1, p2, d2):
    """Where the line p1 + t d1 meets the line p2 + s d2, or None when they are parallel."""
    det = d1[0] * d2[1] - d1[1] * d2[0]
    scale = math.hypot(*d1) * math.hypot(*d2)
    if abs(det) <= 1e-12 * scale:
        return None
    t = ((p2[0] - p1[0]) * d2[1] - (p2[1] - p1[1]) * d2[0]) / det
    return p1 + t * d1


def _raw_offset(loop: NDArray[np.float64], distance: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Steps 1 and 2: shift every edge by ``distance`` to its left and join the shifted edges.

    An edge shorter than the offset allows (its two shifted neighbours cross before
    it) runs backwards after the shift; :func:`_drop_reversed` takes it out.

    Returns the points of the raw curve and, for each of its segments, the direction of
    the edge of the outline it was shifted from (zero for the pieces of an arc).
    """
    edge = np.roll(loop, -1, axis=0) - loop                 # edge i runs from point i to point i + 1
    length = np.hypot(edge[:, 0], edge[:, 1])
    keep = length > 1e-12 * max(1.0, float(np.abs(loop).max()))
    loop, edge, length = loop[keep], edge[keep], length[keep]
    if len(loop) < 3:
        return np.zeros((0, 2)), np.zeros((0, 2))
    d = distance
    starts = [loop[i] for i in range(len(loop))]            # a point on each edge's line
    dirs = [edge[i] for i in range(len(loop))]
    normals = [np.array([-edge[i, 1], edge[i, 0]]) / length[i] for i in range(len(loop))]
    corners = [loop[i] for i in range(len(loop))]           # corner k: where edge k-1 meets edge k

    def turn_at(k):
        a, b = dirs[k - 1], dirs[k]
        return math.atan2(a[0] * b[1] - a[1] * b[0], a[0] * b[0] + a[1] * b[1])

    def miter_at(k):
        got = _meet(starts[k - 1] + d * normals[k - 1], dirs[k - 1], starts[k] + d * normals[k], dirs[k])
        return corners[k] + d * normals[k] if got is None else got

    if len(dirs) < 3:
        return np.zeros((0, 2)), np.zeros((0, 2))
    points: list[NDArray[np.float64]] = []
    along: list[NDArray[np.float64]] = []   # for each raw segment: the direction of the edge it came from
    none = np.zeros(2)
    for k in range(len(dirs)):
        t = turn_at(k)
        if t * d > 0 and math.cos(t) > -0.999:
            join = [miter_at(k)]                              # the crossing of the shifted edges
        elif t * d > 0:
            join = [corners[k] + d * normals[k - 1], corners[k] + d * normals[k]]   # a hairpin
        elif abs(t) < math.radians(20.0):
            join = [miter_at(k)]                              # nearly straight on: the miter is close
        else:
            # an arc of radius |d| around the corner, every point of it d from the corner
            a0 = math.atan2(normals[k - 1][1], normals[k - 1][0])
            steps = max(1, int(math.ceil(abs(t) / ARC_STEP)))
            join = [corners[k] + d * np.array([math.cos(a0 + t * j / steps), math.sin(a0 + t * j / steps)])
                    for j in range(steps + 1)]
        points += join
        along += [none] * (len(join) - 1) + [dirs[k]]       # the last point of a join starts edge k
    return _drop_reversed(np.array(points), np.array(along))


def _drop_reversed(points: NDArray[np.float64], along: NDArray[np.float64]):
    """Take out the pieces of the raw curve that run backwards, joining their neighbours directly.

    A piece runs backwards when the edge it was shifted from was shorter than the
    offset allows. Each piece lies on a fixed line; when one is taken out, the
    pieces before and after it meet where their lines cross. Passes repeat, taking
    out the most backward pieces first (never two neighbours in one pass), until
    every piece runs forwards.
    """
    n = len(points)
    direction = np.where(np.any(along != 0, axis=1)[:, None], along, np.roll(points, -1, axis=0) - points)
    direction = direction / np.maximum(np.hypot(direction[:, 0], direction[:, 1]), 1e-300)[:, None]
    base, vertex = points.copy(), points.copy()             # a point on each piece's line; where it starts
    scale = max(1.0, float(np.abs(points).max()))
    for _pass in range(n):
        if len(vertex) < 3:
            break
        step = np.einsum("ij,ij->i", np.roll(vertex, -1, axis=0) - vertex, direction)
        back = step < -1e-12 * scale
        if not back.any():
            break
        # the most backward of each run of backward pieces, and never two neighbours
        prev_step, next_step = np.roll(step, 1), np.roll(step, -1)
        prev_back, next_back = np.roll(back, 1), np.roll(back, -1)
        take = back & (~prev_back | (step < prev_step)) & (~next_back | (step <= next_step))
        if take.all():
            take[1:] = False
        idx = np.nonzero(take)[0]
        before, after = (idx - 1) % len(vertex), (idx + 1) % len(vertex)
        d1, d2 = direction[before], direction[after]
        det = d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0]
        parallel = np.abs(det) <= 1e-12
        if parallel.all():
            break                                           # leave what is left to the winding numbers
        idx, before, after, d1, d2, det = (a[~parallel] for a in (idx, before, after, d1, d2, det))
        p1, p2 = base[before], base[after]
        t = ((p2[:, 0] - p1[:, 0]) * d2[:, 1] - (p2[:, 1] - p1[:, 1]) * d2[:, 0]) / det
        vertex[after] = p1 + t[:, None] * d1
        keep = np.ones(len(vertex), dtype=bool)
        keep[idx] = False
        base, vertex, direction = base[keep], vertex[keep], direction[keep]
    if len(vertex) < 3:
        return np.zeros((0, 2)), np.zeros((0, 2))
    return vertex, direction


def winding_numbers(loops: Sequence[ArrayLike], points: ArrayLike) -> NDArray[np.int64]:
    """How many times the loops wind around each point (counter-clockwise counts +1).

    Parameters
    ----------
    loops : sequence of (k, 2) arrays
        Closed loops [mm]; the last point joins back to the first.
    points : array_like, shape (p, 2)
        Where to count [mm].

    Returns
    -------
    ndarray of int, shape (p,)
        The winding number of each point: 1 inside a counter-clockwise loop, 0 outside,
        0 inside a hole (its clockwise loop takes 1 off).

    Notes
    -----
    A ray from the point towards +x crosses the loops; each crossing of an edge
    going up counts +1 and going down −1 (the half-open rule ``y0 <= y < y1``
    counts a vertex on the ray once).

    Examples
    --------
    >>> square = [[0, 0], [2, 0], [2, 2], [0, 2]]
    >>> winding_numbers([square], [[1, 1], [3, 1]]).tolist()
    [1, 0]
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    segs = [(np.asarray(loop, float), np.roll(np.asarray(loop, float), -1, axis=0)) for loop in loops]
    if not segs or len(p) == 0:
        return np.zeros(len(p), dtype=np.int64)
    a = np.concatenate([s[0] for s in segs])
    b = np.concatenate([s[1] for s in segs])
    return _winding(a, b, p)


def _winding(a: NDArray[np.float64], b: NDArray[np.float64], p: NDArray[np.float64]) -> NDArray[np.int64]:
    """Winding numbers of the points p around the segments a[i] → b[i] (see winding_numbers)."""
    p = np.asarray(p, dtype=np.float64).reshape(-1, 2)
    out = np.zeros(len(p), dtype=np.int64)
    chunk = max(1, 2_000_000 // max(len(a), 1))
    for start in range(0, len(p), chunk):
        q = p[start:start + chunk]
        px, py = q[:, 0:1], q[:, 1:2]
        up = (a[:, 1] <= py) & (b[:, 1] > py)
        down = (b[:, 1] <= py) & (a[:, 1] > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            side = (b[:, 0] - a[:, 0]) * (py - a[:, 1]) - (px - a[:, 0]) * (b[:, 1] - a[:, 1])
        out[start:start + chunk] = np.sum(up & (side > 0), axis=1) - np.sum(down & (side < 0), axis=1)
    return out


def _crossings(a: NDArray[np.float64], b: NDArray[np.float64], eps: float):
    """Every proper crossing of segments a[i]→b[i] and a[j]→b[j] (i < j): (i, j, t_i, t_j)."""
    n = len(a)
    lo_x = np.minimum(a[:, 0], b[:, 0])
    hi_x = np.maximum(a[:, 0], b[:, 0])
    order = np.argsort(lo_x, kind="stable")
    lo_sorted = lo_x[order]
    # segment order[k] can only cross the segments after it whose x range starts before its end
    stop = np.searchsorted(lo_sorted, hi_x[order] + eps, side="right")
    counts = stop - np.arange(n) - 1
    counts = np.maximum(counts, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0)
    first = np.repeat(np.arange(n), counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    i = order[first]
    j = order[first + 1 + offset]
    # y ranges must overlap too
    lo_y = np.minimum(a[:, 1], b[:, 1])
    hi_y = np.maximum(a[:, 1], b[:, 1])
    ok = (lo_y[i] <= hi_y[j] + eps) & (lo_y[j] <= hi_y[i] + eps)
    i, j = i[ok], j[ok]
    r = b[i] - a[i]
    s = b[j] - a[j]
    qp = a[j] - a[i]
    denom = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qp[:, 0] * s[:, 1] - qp[:, 1] * s[:, 0]) / denom
        u = (qp[:, 0] * r[:, 1] - qp[:, 1] * r[:, 0]) / denom
    tol = 1e-9
    hit = (denom != 0) & (t > tol) & (t < 1 - tol) & (u > tol) & (u < 1 - tol)
    swap = i[hit] > j[hit]
    ii = np.where(swap, j[hit], i[hit])
    jj = np.where(swap, i[hit], j[hit])
    tt = np.where(swap, u[hit], t[hit])
    uu = np.where(swap, t[hit], u[hit])
    return ii, jj, tt, uu


def _positive_region(loops: list[NDArray[np.float64]], along: list[NDArray[np.float64]] | None = None
                     ) -> list[NDArray[np.float64]]:
    """Step 3: the outline of where the loops wind around at least once (0 outside).

    ``along`` gives, for every segment, the direction of the edge it was shifted from:
    a piece running against it belongs to a part that turned inside out (thinner than
    twice the offset) and is dropped.
    """
    if not loops:
        return []
    a = np.concatenate(loops)
    b = np.concatenate([np.roll(loop, -1, axis=0) for loop in loops])
    n = len(a)
    scale = max(1.0, float(np.abs(a).max()))
    ii, jj, tt, uu = _crossings(a, b, 1e-12 * scale)
    if len(ii) == 0:
        return _whole_loops(loops, along, scale)
    # every segment is cut at its crossings; a crossing point gets one number shared by both segments
    point_xy = [a]                                          # points 0..n-1: the start of each segment
    cuts: list[list[tuple[float, int]]] = [[] for _i in range(n)]
    if len(ii):
        xy = a[ii] + tt[:, None] * (b[ii] - a[ii])
        point_xy.append(xy)
        for k, (i, j, t, u) in enumerate(zip(ii.tolist(), jj.tolist(), tt.tolist(), uu.tolist(), strict=True)):
            cuts[i].append((t, n + k))
            cuts[j].append((u, n + k))
    xy_all = np.concatenate(point_xy)
    next_start = np.empty(n, dtype=np.int64)                # the point where each segment ends
    start = 0
    for loop in loops:
        k = len(loop)
        next_start[start:start + k] = np.roll(np.arange(start, start + k), -1)
        start += k
    pieces_from, pieces_to, pieces_of, run_of = [], [], [], []
    run = -1
    loop_start = set(np.cumsum([0] + [len(loop) for loop in loops[:-1]]).tolist())
    for i in range(n):
        ids = [i] + [pid for _t, pid in sorted(cuts[i])] + [int(next_start[i])]
        for f, t in zip(ids[:-1], ids[1:], strict=True):
            if f >= n or i in loop_start and f == i:
                run += 1                       # a new stretch starts at a crossing (or a loop's start)
            pieces_from.append(f)
            pieces_to.append(t)
            pieces_of.append(i)
            run_of.append(run)
    p_from = np.array(pieces_from)
    p_to = np.array(pieces_to)
    runs = np.array(run_of)
    s0, s1 = xy_all[p_from], xy_all[p_to]
    d = s1 - s0
    length = np.hypot(d[:, 0], d[:, 1])
    real = length > 0
    if along is not None:
        source = np.concatenate(along)[np.array(pieces_of)]
        real &= np.einsum("ij,ij->i", d, source) >= 0         # not turned inside out
    # Between two crossings the winding number on each side stays the same: one probe per
    # stretch, at its longest piece, decides for all of its pieces.
    longest = np.full(run + 1, -1)
    best = np.full(run + 1, -1.0)
    for k in np.nonzero(real)[0].tolist():
        r = runs[k]
        if length[k] > best[r]:
            best[r], longest[r] = length[k], k
    probed = longest[longest >= 0]
    dd, ll = d[probed], length[probed]
    left = np.column_stack([-dd[:, 1], dd[:, 0]]) / ll[:, None]
    step = np.minimum(1e-7 * scale, 0.25 * ll)[:, None]
    middle = s0[probed] + 0.5 * dd
    good = (_winding(a, b, middle + left * step) > 0) & (_winding(a, b, middle - left * step) <= 0)
    keep_run = np.zeros(run + 1, dtype=bool)
    keep_run[runs[probed]] = good
    keep = real & keep_run[runs]
    return _chain(p_from[keep], p_to[keep], xy_all)


def _whole_loops(loops, along, scale) -> list[NDArray[np.float64]]:
    """Step 3 when no curves cross: each loop is kept or dropped as a whole.

    Without crossings, the winding number is the same all along each side of a
    loop, so one point just left and one just right of its longest segment decide.
    """
    probes_left, probes_right, ok = [], [], []
    for k, loop in enumerate(loops):
        d = np.roll(loop, -1, axis=0) - loop
        length = np.hypot(d[:, 0], d[:, 1])
        i = int(np.argmax(length))
        left = np.array([-d[i, 1], d[i, 0]]) / length[i]
        step = min(1e-7 * scale, 0.25 * length[i])
        middle = loop[i] + 0.5 * d[i]
        probes_left.append(middle + step * left)
        probes_right.append(middle - step * left)
        turned = along is not None and float(d[i] @ along[k][i]) < 0
        ok.append(not turned)
    a = np.concatenate(loops)
    b = np.concatenate([np.roll(loop, -1, axis=0) for loop in loops])
    w_left = _winding(a, b, probes_left)
    w_right = _winding(a, b, probes_right)
    return [loop for loop, wl, wr, good in zip(loops, w_left, w_right, ok, strict=True)
            if wl > 0 and wr <= 0 and good]


def _chain(p_from: NDArray[np.int64], p_to: NDArray[np.int64], xy: NDArray[np.float64]) -> list[NDArray]:
    """Join pieces end to start into closed loops."""
    outgoing: dict[int, list[int]] = {}
    for k, f in enumerate(p_from.tolist()):
        outgoing.setdefault(f, []).append(k)
    used = np.zeros(len(p_from), dtype=bool)
    loops = []
    for k0 in range(len(p_from)):
        if used[k0]:
            continue
        chain = []
        k = k0
        closed = False
        while k is not None and not used[k]:
            used[k] = True
            chain.append(int(p_from[k]))
            if int(p_to[k]) == chain[0]:
                closed = True
                break
            nxt = [c for c in outgoing.get(int(p_to[k]), []) if not used[c]]
            k = nxt[0] if nxt else None
        if closed and len(chain) >= 3:
            loops.append(xy[chain])
    return loops


def _tidy(loop: NDArray[np.float64], tol: float) -> NDArray[np.float64]:
    """Drop repeated points and points in the middle of a straight run (the slicer's own clean-up)."""
    from stemkit.design3d.slicing import _clean_loop

    return _clean_loop(loop, tol, straight=1e-9)


def _area(loop: NDArray[np.float64]) -> float:
    c = loop - loop.mean(axis=0)
    x, y = c[:, 0], c[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def offset_loops(loops: Sequence[ArrayLike], distance: float, *, min_area: float | None = None
                 ) -> list[NDArray[np.float64]]:
    """Offset the loops of one layer by ``distance`` into the material (out of it when negative).

    Parameters
    ----------
    loops : sequence of (k, 2) arrays
        The outline [mm]: outer loops counter-clockwise, holes clockwise, as
        :func:`stemkit.design3d.slicing.slice_mesh` makes them (material on the left).
    distance : float
        How far to move the outline [mm]: > 0 inwards (into the material), < 0 outwards.
    min_area : float, optional
        Loops with a smaller area [mm²] are dropped (slivers); default ``(d / 10)²``
        for the distance ``d``.

    Returns
    -------
    list of ndarray
        The offset loops [mm], outer ones counter-clockwise and holes clockwise.
        Parts of the layer thinner than ``2 d`` disappear.

    Notes
    -----
    See the module notes: shift the edges, join them (miter towards the material,
    arc away from it), keep where the raw curves wind around once.

    Examples
    --------
    >>> ring = [np.array([[10 * np.cos(a), 10 * np.sin(a)] for a in np.linspace(0, 2 * np.pi, 60, endpoint=False)])]
    >>> ring.append(ring[0][::-1] * 0.5)                 # a hole of radius 5 mm
    >>> out = offset_loops(ring, 1.0)
    >>> len(out), round(float(np.hypot(*out[0][0])), 2), round(float(np.hypot(*out[1][0])), 2)
    (2, 9.0, 6.0)
    """
    d = float(distance)
    if not math.isfinite(d):
        raise ValueError(_("offset distance must be a finite number in mm, got {value}").format(value=distance))
    clean = _as_loops(loops)
    if d == 0 or not clean:
        return [p.copy() for p in clean]
    clean = [q for q in (simplify(p) for p in clean) if len(q) >= 3]
    raw = [r for r in (_raw_offset(p, d) for p in clean) if len(r[0]) >= 3]
    region = _positive_region([r[0] for r in raw], [r[1] for r in raw])
    scale = max(1.0, max(float(np.abs(p).max()) for p in clean))
    tol = 1e-9 * scale
    limit = (abs(d) / 10.0) ** 2 if min_area is None else float(min_area)
    out = []
    for loop in region:
        loop = _tidy(loop, tol)
        if len(loop) >= 3 and abs(_area(loop)) > limit:
            out.append(loop)
    # a hole (clockwise) must lie inside an outer loop of the result; one that does not is a
    # left-over of a part that turned inside out
    outers = [q for q in out if _area(q) > 0]
    return [q for q in out if _area(q) > 0 or (outers and winding_numbers(outers, q[:1])[0] > 0)]


def convex_hull(points: ArrayLike) -> NDArray[np.float64]:
    """The convex hull of points, counter-clockwise (Andrew's monotone chain).

    Examples
    --------
    >>> convex_hull([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2]]).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]
    """
    p = np.unique(np.asarray(points, dtype=np.float64).reshape(-1, 2), axis=0)
    if len(p) < 3:
        return p

    def half(pts):
        chain: list[NDArray] = []
        for q in pts:
            while len(chain) >= 2:
                o, a = chain[-2], chain[-1]
                if (a[0] - o[0]) * (q[1] - o[1]) - (a[1] - o[1]) * (q[0] - o[0]) > 0:
                    break
                chain.pop()
            chain.append(q)
        return chain

    lower = half(p)
    upper = half(p[::-1])
    return np.array(lower[:-1] + upper[:-1])


def clip_lines(loops: Sequence[ArrayLike], heights: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Where horizontal lines ``y = h`` run inside the loops: the intervals of every line.

    Parameters
    ----------
    loops : sequence of (k, 2) arrays
        Closed loops [mm] (outer loops and holes; inside means an odd number of loops around).
    heights : array_like
        The ``y`` of each line [mm].

    Returns
    -------
    line : ndarray of int, shape (q,)
        Index into ``heights`` of each interval.
    intervals : ndarray, shape (q, 2)
        Start and end ``x`` of each interval [mm], sorted along each line.

    Notes
    -----
    An edge from ``(x0, y0)`` to ``(x1, y1)`` crosses the line ``y = h`` when
    ``y0 <= h < y1`` or ``y1 <= h < y0`` (a vertex on the line counts once), at
    ``x = x0 + (h - y0)(x1 - x0)/(y1 - y0)``. Sorted along the line, the crossings
    pair up: in, out, in, out.

    Examples
    --------
    >>> square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    >>> line, iv = clip_lines([square], [2.5, 20.0])
    >>> line.tolist(), iv.tolist()
    ([0], [[0.0, 10.0]])
    """
    h = np.asarray(heights, dtype=np.float64).reshape(-1)
    clean = _as_loops(loops)
    if not clean or not len(h):
        return np.zeros(0, dtype=np.int64), np.zeros((0, 2))
    a = np.concatenate(clean)
    b = np.concatenate([np.roll(p, -1, axis=0) for p in clean])
    order = np.argsort(h, kind="stable")
    hs = h[order]
    y_lo = np.minimum(a[:, 1], b[:, 1])
    y_hi = np.maximum(a[:, 1], b[:, 1])
    first = np.searchsorted(hs, y_lo, side="left")        # lines with y_lo <= h < y_hi
    last = np.searchsorted(hs, y_hi, side="left")
    counts = last - first
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 2))
    edge = np.repeat(np.arange(len(a)), counts)
    k = np.repeat(first, counts) + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
    y = hs[k]
    x = a[edge, 0] + (y - a[edge, 1]) * (b[edge, 0] - a[edge, 0]) / (b[edge, 1] - a[edge, 1])
    sort = np.lexsort((x, k))
    k, x = k[sort], x[sort]
    # pair crossings line by line: every line has an even number of them
    starts = np.concatenate([[True], k[1:] != k[:-1]])
    rank = np.arange(total) - np.maximum.accumulate(np.where(starts, np.arange(total), 0))
    entering = rank % 2 == 0
    lines = order[k[entering]]
    iv = np.column_stack([x[entering], x[1:][entering[:-1]] if total > 1 else x[entering]])
    return lines.astype(np.int64), iv
