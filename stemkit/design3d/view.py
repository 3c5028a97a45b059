"""The interactive 3D view: turn a part, a toolpath or a printer with the mouse.

``view(thing)`` draws a :class:`~stemkit.design3d.mesh.Mesh`, a
:class:`~stemkit.design3d.gcode.Toolpath` or a printer's build volume as a plotly
figure. It is how these objects show themselves when they end a notebook cell.

- Drag to turn the part, scroll to zoom, right-drag (or shift-drag) to move it.
- All three axes use one scale (a cube looks like a cube), labelled in mm, with tick
  numbers that never run into each other (not even where two rows of them meet).
- Flat faces are shaded flat: the triangles of one face have one normal and one
  shade, so no seams show. Sharp edges are drawn as dark lines (not on a simplified
  mesh, whose merged corners would draw false ones).
- A toolpath has a layer slider and a play button; a mesh can be cut at a height
  (``section=``) with the slicer's own cut drawn in the plane.
- A mesh bigger than ``max_triangles`` is simplified *for the screen only* (the
  view says "showing N of M triangles"); every measurement uses the full mesh.

The view is plain data for plotly.js, with no kernel behind it: the sliders and the
play button run in the browser. It reaches the page as HTML that draws it with
plotly.js; the first view of a notebook carries plotly.js itself (about 5 MB, read
from the ``plotly`` package), and later views use it. So JupyterLab, a static HTML
export (``jupyter nbconvert --to html``) and RISE slides all draw it with no internet.
Outside JupyterLab the output also holds plotly's own JSON form
(``application/vnd.plotly.v1+json``) for front ends that draw that. JupyterLab
gets the HTML only: its plotly extension would draw the view a second time into a
PNG after every view, which on a computer without a graphics card froze the page
for seconds (benchmarks/bench_view3d.py). Nothing is loaded from the network.

Importing this module loads only numpy; plotly's files and matplotlib are read
when a view is drawn.

Examples
--------
>>> from stemkit.design3d.primitives import box
>>> v = view(box(size=(20, 10, 5)))
>>> v.shown_triangles, v.total_triangles
(12, 12)
>>> v.caption
'12 triangles, 20 × 10 × 5 mm'
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stemkit.i18n import _, format_number

__all__ = ["View", "view", "decimate", "clip_below", "feature_edges", "MAX_TRIANGLES", "MAX_MOVES",
           "MIME_TYPE"]

#: Above this many triangles a mesh is simplified for the screen. In JupyterLab in Chromium
#: without a GPU a 1M-triangle mesh then opens in 1.3-1.8 s (with 60,000: 2.4 s), see
#: benchmarks/bench_view3d.py and docs/3d-view.md.
MAX_TRIANGLES = 30_000
#: Above this many moves a toolpath view shows every k-th layer.
MAX_MOVES = 300_000
#: Most steps on a slider (layers or section heights).
MAX_STEPS = 150
#: Most triangles held by all the cuts of a section slider together.
MAX_SECTION_TRIANGLES = 400_000
#: Sharp edges (faces meeting at more than this angle [°]) are drawn as lines.
EDGE_ANGLE = 25.0
#: plotly's JSON figure format, which some front ends draw themselves.
MIME_TYPE = "application/vnd.plotly.v1+json"

_WIDTH, _HEIGHT = 640, 480
#: Where the first view looks from: in front of the part (−y), to its right (+x) and above it.
_EYE = {"x": 1.45, "y": -1.85, "z": 1.1}
#: plotly's camera: a perspective view 45° high (fovy), of a plot area this many px below the title.
_FOVY = math.pi / 4
_TOP = 36
#: The camera counts as looking from the top (z numbers hidden) above 70° of elevation: tan 70°.
_TOP_VIEW_TAN = round(math.tan(math.radians(70)), 4)
#: Tick numbers [px, at font size 12]: about this wide per character and this tall. Two numbers of
#: different rows run into each other unless their boxes are _APART px apart across or up and down
#: (numbers of one row, read one after the other, need _NEXT px).
_CHAR_PX, _LINE_PX = 8.0, 14.0
_APART, _NEXT = (12.0, 8.0), (4.0, 2.0)
_NARROW = 640        # [px] a view narrower than this has its legend above the scene
_LEGEND_ROWS = 64    # [px] room for that legend


def _legend_beside() -> dict:
    """The legend beside the scene, never over the part."""
    return {"legend.orientation": "v", "legend.x": 1.0, "legend.xanchor": "left", "legend.y": 0.9,
            "legend.yanchor": "auto"}


def _legend_above() -> dict:
    return {"legend.orientation": "h", "legend.x": 0.0, "legend.xanchor": "left", "legend.y": 1.0,
            "legend.yanchor": "bottom"}
# (cell id, run id) of the output that carries plotly.js for this notebook, see _carry_plotlyjs
_carrier: tuple[str | None, str | None] | None = None
_watching_deletions = False


def _palette() -> dict[str, str]:
    from stemkit.ui.figure import PALETTE  # the room's colour-blind-safe colours

    return PALETTE


# ---------------------------------------------------------------------------
# geometry for the screen: simplify, clip, sharp edges


def _column_bounds(v: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    # column by column: numpy's min(axis=0) over a narrow (n, 3) array is about 15 times slower
    return (np.array([v[:, k].min() for k in range(3)]), np.array([v[:, k].max() for k in range(3)]))


def _cluster(v: NDArray[np.float64], f: NDArray[np.int64], cell: float):
    """Merge the corners in each grid cube of side ``cell`` into one (at their mean)."""
    from stemkit.design3d.mesh import Mesh, _group_rows

    lo, hi = _column_bounds(v)
    cells = np.floor((hi - lo) / cell).astype(np.int64) + 1
    if float(cells[0]) * float(cells[1]) * float(cells[2]) < 2**62:
        q = [np.floor((v[:, k] - lo[k]) / cell).astype(np.int64) for k in range(3)]
        packed = (q[0] * cells[1] + q[1]) * cells[2] + q[2]      # one integer per grid cube
        n_cubes = int(cells[0] * cells[1] * cells[2])
        if n_cubes <= max(4 * len(v), 1 << 20):
            # few enough cubes to number them all: no sorting (the common case)
            used = np.zeros(n_cubes, dtype=bool)
            used[packed] = True
            number = np.cumsum(used) - 1
            inverse = number[packed]
            nv = int(number[-1]) + 1
        else:
            _cubes, inverse = np.unique(packed, return_inverse=True)
            nv = len(_cubes)
    else:
        first, inverse = _group_rows(np.floor((v - lo) / cell).astype(np.int64))
        nv = len(first)
    counts = np.bincount(inverse, minlength=nv).astype(np.float64)
    nv_xyz = np.stack([np.bincount(inverse, weights=v[:, k], minlength=nv) for k in range(3)], axis=1)
    nv_xyz /= counts[:, None]
    nf = inverse[f]
    ok = (nf[:, 0] != nf[:, 1]) & (nf[:, 1] != nf[:, 2]) & (nf[:, 0] != nf[:, 2])
    nf = nf[ok]
    if len(nf):
        # two triangles on the same three corners (either way round) draw the same: keep one
        firsts, _inv = _group_rows(np.sort(nf, axis=1))
        nf = nf[np.sort(firsts)]
    used, nf_compact = np.unique(nf, return_inverse=True)
    return Mesh._trusted(nv_xyz[used], nf_compact.reshape(-1, 3))


def decimate(mesh: Any, *, max_triangles: int = MAX_TRIANGLES):
    """A simpler copy of a mesh with at most ``max_triangles`` triangles, for drawing.

    Parameters
    ----------
    mesh : Mesh
    max_triangles : int
        The most triangles the copy may have (> 0).

    Returns
    -------
    Mesh
        ``mesh`` itself when it is small enough; otherwise corners closer than a grid
        cell are merged into one (vertex clustering) and the triangles that shrink to a
        line or a point are dropped. The cell grows until the count fits.

    Notes
    -----
    A surface of area A cut into cells of side c has about A / c² cells on it, each
    carrying about two triangles, so c = √(2.7 A / N) gives about three quarters of N
    triangles at the first try. The copy keeps the
    shape to within about one cell, and flat faces stay flat; it is only for the screen:
    volume, area and slicing always use the full mesh.

    Examples
    --------
    >>> from stemkit.design3d.primitives import sphere
    >>> ball = sphere(radius=10, subdivisions=5)
    >>> ball.n_faces
    20480
    >>> small = decimate(ball, max_triangles=2000)
    >>> 1000 < small.n_faces <= 2000
    True
    """
    limit = _positive_count("max_triangles", max_triangles)
    if mesh.n_faces <= limit:
        return mesh
    v, f = mesh.vertices, mesh.faces
    # the surface area from an even sample of the faces is plenty for a first grid size
    step = max(1, len(f) // 50_000)
    t = v[f[::step]]
    area = float(np.linalg.norm(np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0]), axis=1).sum()) * 0.5 * step
    lo, hi = _column_bounds(v)
    span = float(np.max(hi - lo)) or 1.0
    # aim at about three quarters of the limit, so the first try nearly always fits
    cell = math.sqrt(2.7 * area / limit) if area > 0 else span / math.sqrt(limit)
    target = 0.85 * limit
    best = None
    for _try in range(8):
        out = _cluster(v, f, cell)
        n = out.n_faces
        if n <= limit:
            if best is None or n > best.n_faces:
                best = out
            if n >= 0.6 * limit:
                break
            cell *= max(0.7, math.sqrt(max(n, 1) / target))
        else:
            cell *= max(1.05, math.sqrt(n / target))
    if best is None:          # the last tries were all too big: grow until it fits
        while True:
            cell *= 1.5
            best = _cluster(v, f, cell)
            if best.n_faces <= limit:
                break
    return best


def clip_below(mesh: Any, z: float):
    """The part of a mesh below the plane at height ``z`` [mm], triangles cut at the plane.

    Returns
    -------
    Mesh
        A triangle soup (corners not shared) of everything with z ≤ ``z``; triangles that
        cross the plane are cut along it, keeping their winding.

    Examples
    --------
    >>> from stemkit.design3d.primitives import box
    >>> low = clip_below(box(size=(10, 10, 10)), 4.0)
    >>> float(low.vertices[:, 2].max()), round(float(low.area), 6)
    (4.0, 260.0)
    """
    from stemkit.design3d.mesh import Mesh

    zc = float(z)
    tri = mesh.vertices[mesh.faces]
    below = tri[:, :, 2] <= zc
    nb = below.sum(axis=1)

    def odd_first(t, odd):
        # turn each triangle so its odd corner comes first, keeping the order (and the winding)
        order = (np.argmax(odd, axis=1)[:, None] + np.arange(3)) % 3
        return np.take_along_axis(t, order[:, :, None], axis=1)

    def cross_at(p, q):
        s = (zc - p[:, 2]) / (q[:, 2] - p[:, 2])
        return p + (q - p) * s[:, None]

    parts = [tri[nb == 3]]
    t = odd_first(tri[nb == 1], below[nb == 1])          # a below; b and c above
    a, b, c = t[:, 0], t[:, 1], t[:, 2]
    parts.append(np.stack([a, cross_at(a, b), cross_at(a, c)], axis=1))
    t = odd_first(tri[nb == 2], ~below[nb == 2])         # a above; b and c below
    a, b, c = t[:, 0], t[:, 1], t[:, 2]
    pab, pca = cross_at(b, a), cross_at(c, a)
    parts.append(np.stack([pab, b, c], axis=1))
    parts.append(np.stack([pab, c, pca], axis=1))
    soup = np.concatenate(parts).reshape(-1, 3)
    return Mesh._trusted(soup, np.arange(len(soup), dtype=np.int64).reshape(-1, 3))


def feature_edges(mesh: Any, *, angle: float = EDGE_ANGLE) -> NDArray[np.float64]:
    """The sharp and open edges of a welded mesh, as segments, shape (k, 2, 3) [mm].

    An edge is sharp when the two faces that share it meet at more than ``angle`` degrees;
    an edge of only one face (the rim of a hole) or of three or more is always drawn.

    Examples
    --------
    >>> from stemkit.design3d.primitives import box
    >>> feature_edges(box(size=(1, 1, 1))).shape   # a cube's 12 edges, not its diagonals
    (12, 2, 3)
    """
    f = mesh.faces
    if len(f) == 0:
        return np.zeros((0, 2, 3))
    edges = np.sort(f[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    face_of = np.repeat(np.arange(len(f)), 3)
    key = edges[:, 0] * np.int64(mesh.n_vertices) + edges[:, 1]
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.concatenate([[True], ks[1:] != ks[:-1]]))
    counts = np.diff(np.concatenate([starts, [len(ks)]]))
    normals = mesh.face_normals
    draw = counts != 2
    pair = np.flatnonzero(counts == 2)
    fa, fb = face_of[order[starts[pair]]], face_of[order[starts[pair] + 1]]
    cos = np.einsum("ij,ij->i", normals[fa], normals[fb])
    sharp = np.zeros(len(starts), dtype=bool)
    sharp[pair] = cos < math.cos(math.radians(angle))
    pick = order[starts[draw | sharp]]
    return mesh.vertices[edges[pick]]


# ---------------------------------------------------------------------------
# plotly pieces


def _typed(a: Any, dtype: str) -> dict:
    """An array as plotly.js's typed-array form: base64 of its little-endian bytes."""
    arr = np.ascontiguousarray(a, dtype=np.dtype(dtype).newbyteorder("<"))
    code = {"float32": "f4", "float64": "f8", "int32": "i4", "uint32": "u4", "int16": "i2"}[arr.dtype.name]
    return {"dtype": code, "bdata": base64.b64encode(arr.tobytes()).decode("ascii")}


def _mesh_trace(mesh, colour: str, name: str, opacity: float = 1.0) -> dict:
    v, f = mesh.vertices, mesh.faces
    return {"type": "mesh3d", "name": name,
            "x": _typed(v[:, 0], "float32"), "y": _typed(v[:, 1], "float32"), "z": _typed(v[:, 2], "float32"),
            "i": _typed(f[:, 0], "int32"), "j": _typed(f[:, 1], "int32"), "k": _typed(f[:, 2], "int32"),
            "color": colour, "opacity": opacity, "flatshading": True,
            # light fixed above and in front of the part; little shine, so faces read as matte plastic.
            # plotly gives a face smaller than facenormalsepsilon (its default 1e-6, measured in the scene's
            # own units) no normal, so it draws dark: small faces of a big part came out black
            "lighting": {"ambient": 0.55, "diffuse": 0.7, "specular": 0.05, "roughness": 0.9, "fresnel": 0.05,
                         "facenormalsepsilon": 0},
            "lightposition": {"x": -0.5e5, "y": -1e5, "z": 1e5},
            "hovertemplate": "x %{x:.2f} mm<br>y %{y:.2f} mm<br>z %{z:.2f} mm<extra></extra>",
            "showlegend": False}


def _segments_xyz(seg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Segments (k, 2, 3) as one polyline with a gap (NaN) after each segment."""
    out = np.full((len(seg), 3, 3), np.nan)
    out[:, :2] = seg
    return out.reshape(-1, 3)


def _line_trace(seg: NDArray[np.float64], colour: str, name: str, width: float = 3.0,
                legend: bool = False) -> dict:
    p = _segments_xyz(np.asarray(seg, dtype=np.float64).reshape(-1, 2, 3))
    return {"type": "scatter3d", "mode": "lines", "name": name,
            "x": _typed(p[:, 0], "float32"), "y": _typed(p[:, 1], "float32"), "z": _typed(p[:, 2], "float32"),
            "line": {"color": colour, "width": width}, "hoverinfo": "skip", "showlegend": legend}


def _box_segments(lo: Sequence[float], hi: Sequence[float]) -> NDArray[np.float64]:
    corners = np.array(list(itertools.product(*zip(lo, hi, strict=True))), dtype=np.float64)
    seg = [(i, j) for i in range(8) for j in range(i + 1, 8) if bin(i ^ j).count("1") == 1]
    return corners[np.array(seg)]


def _axis(title: str, rng: Sequence[float] | None = None, ticks: Sequence[float] | int = 6) -> dict:
    ax = {"title": {"text": title, "font": {"size": 14}}, "tickfont": {"size": 12},
          "ticksuffix": "", "backgroundcolor": "#f4f4f4", "showbackground": True, "gridcolor": "#d0d0d0",
          "zerolinecolor": "#9a9a9a"}
    if isinstance(ticks, int):
        ax["nticks"] = ticks
    else:
        ax["tickmode"] = "array"
        ax["tickvals"] = [float(t) for t in ticks]
    if rng is not None:
        ax["range"] = [float(rng[0]), float(rng[1])]
        ax["autorange"] = False
    return ax


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that is at least ``raw``."""
    p = 10.0 ** math.floor(math.log10(raw))
    return next(m * p for m in (1.0, 2.0, 5.0, 10.0) if m * p >= raw * (1 - 1e-9))


def _multiples(lo: float, hi: float, step: float) -> list[float]:
    """The multiples of ``step`` from ``lo`` to ``hi``, rounded to the step's digits."""
    digits = max(0, 3 - math.floor(math.log10(step)))          # no 0.30000000000000004
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]


def _room(pa: NDArray[np.float64], pb: NDArray[np.float64], a: str, b: str, pad=_APART) -> float:
    """How much room [px] the numbers ``a`` and ``b`` drawn at ``pa`` and ``pb`` leave between them.

    Each number is a box ``_CHAR_PX`` wide per character and ``_LINE_PX`` tall; they are clear
    of each other when they are ``pad[0]`` apart across or ``pad[1]`` apart up and down. Less
    than 0: they run into each other.
    """
    dx, dy = abs(float(pa[0] - pb[0])), abs(float(pa[1] - pb[1]))
    return max(dx - (_CHAR_PX * (len(a) + len(b)) / 2 + pad[0]), dy - (_LINE_PX + pad[1]))


def _crowded(at: NDArray[np.float64], values: Sequence[float]) -> bool:
    """Whether two neighbouring numbers of one row, drawn at ``at`` [px], run into each other."""
    return any(_room(at[k], at[k + 1], _label(values[k]), _label(values[k + 1]), _NEXT) < 0
               for k in range(len(at) - 1))


def _label(t: float) -> str:
    """A tick number as plotly writes it (its minus sign is one character too)."""
    return f"{t:g}"


def _first_view(ranges, aspect):
    """Where points [mm] land in the first view [CSS px], as plotly's camera draws them.

    The scene's box is the axis ranges scaled to ``aspect``; the camera sits at ``_EYE`` (in
    the same units, from the box's centre) looking at the centre, with z up, and shows a
    ``_FOVY`` high view of the plot area (the view's height less the title's row).
    """
    rng = np.array(ranges, dtype=np.float64)
    centre, span = rng.mean(axis=1), np.maximum(rng[:, 1] - rng[:, 0], 1e-12)
    asp = np.asarray(aspect, dtype=np.float64)
    eye = np.array([_EYE[k] for k in "xyz"])
    ahead = -eye / np.linalg.norm(eye)
    right = np.cross(ahead, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, ahead)
    scale = (_HEIGHT - _TOP) / 2 / math.tan(_FOVY / 2)

    def px(points) -> NDArray[np.float64]:
        rel = (np.asarray(points, dtype=np.float64).reshape(-1, 3) - centre) / span * asp - eye
        depth = rel @ ahead
        return np.column_stack([scale * (rel @ right) / depth, -scale * (rel @ up) / depth])

    return px


def _tick_values(ranges, aspect) -> list[list[float]]:
    """Tick values for the three axes [mm], so that no two tick numbers run into each other.

    plotly writes each axis's numbers along one edge of the box. In the first view the x
    numbers run along the bottom edge in front, the y numbers along the bottom edge on the
    right and the z numbers up the left edge, so two rows start at the same corner: x and y
    at the bottom corner nearest the viewer, x and z at the left one. There numbers met
    ("60" and "−10" read as "60−10"). So, with each number's place worked out as plotly's
    camera draws it (:func:`_first_view`):

    - an axis gets about 8 numbers along the longest axis and fewer in proportion, and fewer
      again (a coarser step) while two of its own numbers would touch; one far too short for
      two gets one, in its middle;
    - an axis that can keep two numbers away from both of its ends leaves its ends free, so
      turning the part does not bring numbers together at a corner either;
    - in the first view, no number of one row runs into a number of another (:func:`_room`):
      the axis with more numbers (then the longer one) gives up the number that does, until
      none does. When both have one number left, one of them moves along its axis; when no
      place is clear, the shorter axis shows none.
    """
    rng = [(float(lo), float(hi)) for lo, hi in ranges]
    spans = [hi - lo for lo, hi in rng]
    top = max(max(spans), 1e-12)
    px = _first_view(rng, aspect)
    # each row's edge: x at (y low, z low), y at (x high, z low), z at (x low, y low)
    (x0, x1), (y0, _y1), (z0, _z1) = rng
    rows = [lambda t: (t, y0, z0), lambda t: (x1, t, z0), lambda t: (x0, y0, t)]

    def places(axis: int, values) -> NDArray[np.float64]:
        return px([rows[axis](t) for t in values]) if len(values) else np.zeros((0, 2))

    # px per mm at the box's centre (for the ends, in any view): the camera's px per scene unit there,
    # times the scene units of the longest axis, over its mm
    focal = (_HEIGHT - _TOP) / 2 / math.tan(_FOVY / 2)
    per_mm = focal / math.dist((0, 0, 0), [_EYE[k] for k in "xyz"]) * max(aspect) / top
    ticks: list[list[float]] = []
    finest: list[list[float]] = []            # each axis's multiples at its first step
    for axis, ((lo, hi), span) in enumerate(zip(rng, spans, strict=True)):
        step = _nice_step(max(span, 1e-12) / min(6, max(2, round(8 * span / top))))
        while math.floor(hi / step + 1e-9) - math.ceil(lo / step - 1e-9) < 1:
            step = _nice_step(step / 2.5)             # at least two numbers on every axis
        values = _multiples(lo, hi, step)
        finest.append(values)
        while len(values) > 2 and _crowded(places(axis, values), values):
            coarser = _multiples(lo, hi, _nice_step(step * 1.5))
            if len(coarser) >= 2:
                step, values = _nice_step(step * 1.5), coarser
            else:                                      # a very short axis: every other number
                values = values[::2] if len(values) > 3 else [values[0], values[-1]]
        if len(values) == 2 and _crowded(places(axis, values), values):
            values = [min(finest[axis], key=lambda t: abs(t - (lo + hi) / 2))]   # too short for two: the middle
        margin = (3 * _CHAR_PX + _APART[0]) / per_mm
        inner = [t for t in values if lo + margin <= t <= hi - margin]
        ticks.append(inner if len(inner) >= 2 else values)

    def worst(a: int, b: int):
        """The two numbers of rows a and b that come closest for their widths, and their room [px]."""
        pa, pb = places(a, ticks[a]), places(b, ticks[b])
        best = (math.inf, None, None)
        for i, ta in enumerate(ticks[a]):
            for j, tb in enumerate(ticks[b]):
                room = _room(pa[i], pb[j], _label(ta), _label(tb))
                if room < best[0]:
                    best = (room, ta, tb)
        return best

    def clear_of_others(axis: int) -> bool:
        return all(worst(axis, other)[0] >= 0 for other in range(3) if other != axis)

    for a, b in ((0, 1), (0, 2), (1, 2)):
        while True:
            room, ta, tb = worst(a, b)
            if room >= 0:
                break
            # the axis with more numbers (then the longer one) gives up the number that runs into the other
            order = sorted(((a, ta), (b, tb)), key=lambda av: (len(ticks[av[0]]), spans[av[0]]), reverse=True)
            axis, value = next(((k, v) for k, v in order if len(ticks[k]) > 1), (None, None))
            if axis is not None:
                ticks[axis].remove(value)
                continue
            # one number each: put one of them somewhere else on its axis, nearest its middle first
            for k, _v in order:
                mid = sum(rng[k]) / 2
                for t in sorted(finest[k], key=lambda t: abs(t - mid)):
                    ticks[k] = [t]
                    if clear_of_others(k):
                        break
                else:
                    ticks[k] = [_v]
                    continue
                break
            else:
                ticks[min(a, b, key=lambda k: spans[k])] = []    # no room at all: the shorter axis has none
    return ticks


def _slider(names: Sequence[str], labels: Sequence[str], prefix: str, *, active: int, play: bool) -> dict:
    steps = [{"label": lab, "method": "animate",
              "args": [[name], {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                "transition": {"duration": 0}}]}
             for name, lab in zip(names, labels, strict=True)]
    out: dict = {"sliders": [{"active": active, "steps": steps, "x": 0.14 if play else 0.03,
                              "len": 0.83 if play else 0.94, "y": 0.02, "pad": {"t": 10, "b": 4},
                              "currentvalue": {"prefix": prefix, "font": {"size": 14}}, "font": {"size": 11}}]}
    if play:
        out["updatemenus"] = [{
            "type": "buttons", "direction": "left", "showactive": False, "x": 0.0, "y": 0.02,
            "xanchor": "left", "yanchor": "top", "pad": {"t": 34}, "font": {"size": 13},
            "buttons": [
                {"label": _("play"), "method": "animate",
                 "args": [None, {"frame": {"duration": 180, "redraw": True}, "fromcurrent": True,
                                 "transition": {"duration": 0}, "mode": "immediate"}]},
                {"label": _("pause"), "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
                                   "transition": {"duration": 0}}]}]}]
    return out


# ---------------------------------------------------------------------------
# the view


class View:
    """A 3D view, ready to draw: plotly data, layout and frames, and what it shows.

    Made by :func:`view`. It draws itself when it ends a cell (JupyterLab, a static
    HTML export); :meth:`to_html` and :meth:`write_html` give a page that works
    offline; :meth:`to_plotly` gives a ``plotly.graph_objects.Figure`` to change further.

    Attributes
    ----------
    data : list of dict
        plotly traces.
    layout : dict
    frames : list of dict
        Slider steps (layers or cut heights), empty when there is no slider.
    caption : str
        The line shown above the view: what it shows, and whether it was simplified.
    shown_triangles, total_triangles : int
        Triangles drawn, and triangles in the mesh (0 for a toolpath or a printer alone).
    shown_moves, total_moves : int
        Moves drawn, and moves in the toolpath.
    """

    def __init__(self, data: list[dict], layout: dict, frames: list[dict], *, caption: str,
                 shown_triangles: int = 0, total_triangles: int = 0, shown_moves: int = 0,
                 total_moves: int = 0, still: Any = None):
        self.data, self.layout, self.frames = data, layout, frames
        self.caption = caption
        self.shown_triangles, self.total_triangles = int(shown_triangles), int(total_triangles)
        self.shown_moves, self.total_moves = int(shown_moves), int(total_moves)
        self._still = still

    @property
    def figure(self) -> dict:
        """The whole figure as plotly's JSON form: ``{"data", "layout", "frames"}``."""
        fig = {"data": self.data, "layout": self.layout}
        if self.frames:
            fig["frames"] = self.frames
        return fig

    @property
    def config(self) -> dict:
        return {"displaylogo": False, "responsive": True, "scrollZoom": True,
                "modeBarButtonsToRemove": ["resetCameraLastSave3d", "hoverClosest3d"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}

    def to_json(self) -> str:
        return json.dumps(self.figure, separators=(",", ":"), allow_nan=False, default=_no_nan)

    def to_plotly(self):
        """A ``plotly.graph_objects.Figure`` of the view (imports plotly)."""
        import plotly.graph_objects as go

        return go.Figure(self.figure)

    def to_html(self, *, include_plotlyjs: bool = True, full_html: bool = False) -> str:
        """HTML that draws the view with no network: plotly.js inside the page, or already in it.

        Parameters
        ----------
        include_plotlyjs : bool
            Put plotly.js (about 5 MB) into the HTML. Without it, the page must hold
            plotly.js in another view's HTML, before or after this one: the view waits for
            it, and says what to do if the page has none.
        full_html : bool
            A whole page (``<html>...``) rather than a part to put into one.
        """
        div = "stemkit-view-" + base64.b32encode(np.random.default_rng().bytes(10)).decode("ascii").lower()
        fig = self.to_json().replace("</", "<\\/")
        config = json.dumps(self.config)
        missing = json.dumps(_("This 3D view needs plotly.js, which this page does not have. Run the "
                               "notebook from the top (the first 3D view carries it), then export again.")
                             ).replace("</", "<\\/")
        lib = ""
        if include_plotlyjs:
            # a page that has it already (the carrying cell run again) does not load it twice; views
            # higher up the page that ran before it are told it is there
            lib = ('<script type="text/javascript">if (!window.Plotly) {\n' + _plotlyjs() +
                   '\n}\nwindow.dispatchEvent(new Event("stemkit-plotly"));</script>\n')
        # shown where no script runs (an untrusted notebook, a notebook viewer): what the view is
        idle = html.escape(_("{caption}. The 3D view draws here when the cell runs in a trusted notebook."
                             ).format(caption=self.caption))
        body = (f'<div class="stemkit-view3d">'
                f'<div id="{div}" style="width:100%;max-width:{_WIDTH + 160}px">{idle}</div>'
                f"</div>\n"
                f"{lib}"
                f'<script type="text/javascript">(function () {{\n'
                f'  var el = document.getElementById("{div}");\n'
                f"  var fig = {fig};\n"
                f"  function fit() {{\n"
                # a narrow place (a slide, a side panel): the legend goes above the scene, not beside it
                f"    if (!fig.layout.showlegend || !el._fullLayout) {{ return; }}\n"
                f"    var narrow = el.offsetWidth < {_NARROW};\n"
                f"    if (narrow === el.stemkitNarrow) {{ return; }}\n"
                f"    el.stemkitNarrow = narrow;\n"
                f"    var h = fig.layout.height + (narrow ? {_LEGEND_ROWS} : 0);\n"
                f'    el.style.height = h + "px";\n'
                f"    var change = narrow ? {json.dumps(_legend_above())} : {json.dumps(_legend_beside())};\n"
                f"    change.height = h;\n"
                f'    change["margin.t"] = fig.layout.margin.t + (narrow ? {_LEGEND_ROWS} : 0);\n'
                f"    window.Plotly.relayout(el, change);\n"
                f"  }}\n"
                f"  function draw() {{\n"
                f'    el.textContent = "";\n'
                f'    el.style.height = (fig.layout.height || {_HEIGHT}) + "px";\n'
                f"    window.Plotly.newPlot(el, fig.data, fig.layout, {config}).then(function () {{\n"
                f"      if (fig.frames) {{ window.Plotly.addFrames(el, fig.frames); }}\n"
                f"      fit();\n"
                # seen from straight above (or below) every z number sits on one spot: hide them and the z name there
                f"      var zname = el.layout.scene.zaxis.title.text;   // plotly edits the layout it was given\n"
                f'      el.on("plotly_relayout", function (ev) {{\n'
                f'        var cam = ev && ev["scene.camera"];\n'
                f"        if (!cam || !cam.eye || !el._fullLayout.scene) {{ return; }}\n"
                f"        var e = cam.eye, top = Math.abs(e.z) > {_TOP_VIEW_TAN} * Math.sqrt(e.x * e.x + e.y * e.y);\n"
                f"        if (top === !!el.stemkitTop) {{ return; }}\n"
                f"        el.stemkitTop = top;\n"
                f'        window.Plotly.relayout(el, {{"scene.zaxis.showticklabels": !top,\n'
                f'          "scene.zaxis.title.text": top ? "" : zname}});\n'
                f"      }});\n"
                f"    }});\n"
                # fit the view to its place whenever that changes: a side panel opened, a slide shown
                f"    if (window.ResizeObserver) {{\n"
                f"      var asked = false;\n"
                f"      new ResizeObserver(function () {{\n"
                f"        if (asked || !el._fullLayout || !el.offsetWidth) {{ return; }}\n"
                f"        asked = true;\n"
                f"        window.requestAnimationFrame(function () {{\n"
                f"          asked = false;\n"
                f"          window.Plotly.Plots.resize(el).then(fit);\n"
                f"        }});\n"
                f"      }}).observe(el);\n"
                f"    }}\n"
                f"  }}\n"
                f"  if (window.Plotly) {{ draw(); return; }}\n"
                f"  el.textContent = {missing};\n"
                f'  window.addEventListener("stemkit-plotly", draw, {{once: true}});\n'
                f"}})();</script>")
        if full_html:
            return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(self.caption)}'
                    f"</title></head><body>\n{body}\n</body></html>\n")
        return body

    def write_html(self, path: Any) -> None:
        """Save the view as a page that opens in any browser with no internet (about 5 MB)."""
        from pathlib import Path

        Path(path).write_text(self.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")

    def still(self, *, dpi: int = 100) -> bytes:
        """A still picture (PNG, drawn with matplotlib) of the view, for print and documents."""
        if self._still is None:
            raise ValueError(_("this view has no still picture"))
        return self._still(dpi)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        cell, run, lab = _running_cell()
        bundle = {"text/html": self.to_html(include_plotlyjs=_carry_plotlyjs(cell, run)),
                  "text/plain": self.caption}
        if not lab:
            bundle[MIME_TYPE] = {**self.figure, "config": self.config}
        return bundle

    def __repr__(self) -> str:
        return f"View({self.caption!r})"


def _no_nan(obj):  # numpy scalars that slipped into the layout
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(type(obj).__name__)


def _running_cell() -> tuple[str | None, str | None, bool]:
    """The cell being run: its id, the id of this run, and whether JupyterLab runs it.

    JupyterLab (and Notebook 7, built from it) sends the cell's id with every run, with
    ``deletedCells`` and ``recordTiming``; other front ends and plain Python give
    ``(None, None, False)``.
    """
    import sys

    ipython = sys.modules.get("IPython")          # not loaded: not in a notebook at all
    shell = ipython.get_ipython() if ipython is not None else None
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent("shell") if kernel is not None else {}
    except Exception:  # noqa: BLE001  (an older or a different kernel: behave as outside one)
        parent = {}
    meta = (parent or {}).get("metadata") or {}
    run = ((parent or {}).get("header") or {}).get("msg_id")
    cell = meta.get("cellId")
    return (str(cell) if cell else None, run, "recordTiming" in meta or "deletedCells" in meta)


def _carry_plotlyjs(cell: str | None, run: str | None) -> bool:
    """Whether this view's HTML must carry plotly.js: once per notebook, not once per view.

    The first view carries it. When the cell that carried it is run again (its output, and
    plotly.js with it, is replaced) or deleted, the next view carries it again, so a saved
    notebook and its HTML export always hold one copy. Without cell ids (nbconvert, plain
    IPython) it is the first view of the session.
    """
    global _carrier
    if _carrier is None or (cell is not None and cell == _carrier[0] and run != _carrier[1]):
        _carrier = (cell, run)
        if cell is not None:
            _watch_deletions()
        return True
    return False


def _watch_deletions() -> None:
    """Forget the carrier when JupyterLab says its cell was deleted (it says so with the next run)."""
    global _watching_deletions
    if _watching_deletions:
        return
    import sys

    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    if shell is None:
        return

    def check(*_args) -> None:
        global _carrier
        kernel = getattr(shell, "kernel", None)
        try:
            meta = kernel.get_parent("shell").get("metadata") or {}
        except Exception:  # noqa: BLE001
            return
        if _carrier is not None and _carrier[0] in (meta.get("deletedCells") or ()):
            _carrier = None

    shell.events.register("pre_run_cell", check)
    _watching_deletions = True


def _plotlyjs() -> str:
    """The plotly.js that comes inside the plotly package (read from disk, never fetched)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(_("the 3D view needs the plotly package: pip install plotly"))
    path = Path(list(spec.submodule_search_locations)[0]) / "package_data" / "plotly.min.js"
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# building views


def _positive_count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(_("{name} must be a whole number > 0, got {value!r}").format(name=name, value=value))
    return int(value)


def _what(thing: Any) -> str:
    from stemkit.design3d.gcode import Toolpath
    from stemkit.design3d.mesh import Mesh
    from stemkit.design3d.printers import Printer

    if isinstance(thing, Mesh):
        return "mesh"
    if isinstance(thing, Toolpath):
        return "toolpath"
    if isinstance(thing, Printer):
        return "printer"
    if isinstance(thing, str):
        return "printer name"
    raise TypeError(_("view() shows a Mesh, a Toolpath or a printer (a name such as 'ender3', or a Printer), "
                      "got {kind}").format(kind=type(thing).__name__))


def _size_text(size) -> str:
    return " × ".join(format_number(float(s)) for s in size) + " mm"


#: Characters of caption per line: the line stays left of plotly's toolbar icons in a lesson's
#: output area (about 800 px of 14 px text before the icons at 1366 px wide).
CAPTION_LINE = 80
_CAPTION_LINE_PX = 18


def caption_lines(caption: str, width: int = CAPTION_LINE) -> list[str]:
    """A caption cut into lines of at most ``width`` characters, at its "; " and " — " joints first.

    >>> caption_lines("hole plate: 312 triangles, 60 × 10 × 3 mm; fits the Ender-3 (220 × 220 × 250 mm)", 50)
    ['hole plate: 312 triangles, 60 × 10 × 3 mm;', 'fits the Ender-3 (220 × 220 × 250 mm)']
    """
    import re
    import textwrap

    pieces = [p for p in re.split(r"(?<=;) | (?=— )", caption) if p]
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines += textwrap.wrap(piece, width) or [piece]
    return lines


def _layout(caption: str, ranges=None, *, legend: bool = False, bottom: int = 0, extent=None) -> dict:
    rng = ranges if ranges is not None else (None, None, None)
    if ranges is not None:
        extent = [float(r[1]) - float(r[0]) for r in ranges]
    ticks: list = [6, 6, 6]
    if extent is not None:
        top = max(max(extent), 1e-12)
        ticks = [int(min(6, max(2, round(8 * e / top)))) for e in extent]
    scene_aspect: dict = {"aspectmode": "data"}
    if ranges is not None:
        # one scale on all three axes, from the ranges shown (not from data outside them)
        top = max(max(extent), 1e-12)
        ratio = [max(e / top, 0.02) for e in extent]
        # as big on the screen as a cube's box: a long or flat part gets the room a cube would leave
        grow = min(math.sqrt(3.0) / math.sqrt(sum(r * r for r in ratio)), 1.8)
        aspect = [r * grow for r in ratio]
        scene_aspect = {"aspectmode": "manual", "aspectratio": dict(zip("xyz", aspect, strict=True))}
        # fewer numbers on a short axis, and none that run into another
        ticks = _tick_values(ranges, aspect)
    lines = caption_lines(caption)
    extra = _CAPTION_LINE_PX * (len(lines) - 1)   # the scene keeps its size below a longer caption
    return {
        "title": {"text": "<br>".join(html.escape(line) for line in lines), "font": {"size": 14}, "x": 0.01,
                  "xanchor": "left", "yref": "container", "yanchor": "bottom",
                  # plotly lays a title's lines upwards from its anchor: anchor the last line's foot
                  "y": 1 - (8 + _CAPTION_LINE_PX * len(lines)) / (_HEIGHT + bottom + extra)},
        "height": _HEIGHT + bottom + extra, "margin": {"l": 0, "r": 0, "t": _TOP + extra, "b": bottom},
        "paper_bgcolor": "white", "font": {"family": "DejaVu Sans, Arial, sans-serif", "color": "#222222"},
        "showlegend": legend,
        # the legend sits beside the scene, never over the part (above it in a narrow place, see to_html)
        "legend": {**{k.split(".")[1]: v for k, v in _legend_beside().items()}, "font": {"size": 12}},
        "scene": {**scene_aspect, "dragmode": "turntable",
                  "xaxis": _axis("x [mm]", rng[0], ticks[0]), "yaxis": _axis("y [mm]", rng[1], ticks[1]),
                  "zaxis": _axis("z [mm]", rng[2], ticks[2]),
                  "camera": {"eye": dict(_EYE), "up": {"x": 0, "y": 0, "z": 1}}},
    }


def _printer_traces(machine, *, part_colour: str | None = None) -> list[dict]:
    bx, by = machine.bed_size
    h = machine.max_height
    grey = _palette()["grey"]
    bed = {"type": "mesh3d", "name": _("bed"), "x": [0, bx, bx, 0], "y": [0, 0, by, by], "z": [0, 0, 0, 0],
           "i": [0, 0], "j": [1, 2], "k": [2, 3], "color": "#c9c9c9", "opacity": 0.45, "flatshading": True,
           "hoverinfo": "skip", "showlegend": False}
    frame = _line_trace(_box_segments((0, 0, 0), (bx, by, h)), grey, _("build volume"), width=2)
    return [bed, frame]


def _mesh_view(mesh, *, machine, section, max_triangles, colour, title) -> View:
    pal = _palette()
    if mesh.n_faces == 0:
        raise ValueError(_("the mesh has no triangles, so there is nothing to show"))
    total = mesh.n_faces
    shown = decimate(mesh, max_triangles=max_triangles) if total > max_triangles else mesh.weld()
    note = ""
    if shown.n_faces < total:
        note = _("showing {shown} of {total} triangles (simplified for the screen; measurements use all)").format(
            shown=f"{shown.n_faces:,}", total=f"{total:,}")
    size = mesh.size
    name = title or _("part")
    fits = True
    if machine is not None:
        fits = bool(mesh.fits((*machine.bed_size, machine.max_height)))
    part_colour = colour or (pal["blue"] if fits else pal["vermillion"])
    data: list[dict] = []
    frames: list[dict] = []
    extra: dict = {}
    caption = _("{count} triangles, {size}").format(count=f"{total:,}", size=_size_text(size))
    if title:
        caption = f"{title}: {caption}"
    if machine is not None:
        data += _printer_traces(machine)
        caption += "; " + (_("fits the {printer} ({volume})") if fits else
                           _("does NOT fit the {printer} ({volume})")).format(
            printer=machine.name, volume=_size_text((*machine.bed_size, machine.max_height)))
    heights = _section_heights(mesh, section)
    ranges = None
    if machine is not None:
        ranges = ((0, machine.bed_size[0]), (0, machine.bed_size[1]), (0, machine.max_height))
    else:
        lo, hi = mesh.bounds
        pad = 0.02 * float(np.max(hi - lo))
        ranges = tuple((float(lo[k]) - pad, float(hi[k]) + pad) for k in range(3))
    if heights is None:
        data.append(_mesh_trace(shown, part_colour, name))
        # no sharp edges on a simplified mesh: its merged corners make folds that would draw as false edges
        if shown.n_faces == total and shown.n_faces <= 200_000:
            edges = feature_edges(shown)
            if len(edges):
                data.append(_line_trace(edges, pal["black"], _("edges"), width=2))
    else:
        if shown.n_faces * len(heights) > MAX_SECTION_TRIANGLES and len(heights) > 1:
            raise ValueError(_("a section slider with {n} heights on {tri} triangles is too big to send to the "
                               "browser; give fewer heights (section=[...]) or one height").format(
                n=len(heights), tri=f"{shown.n_faces:,}"))
        first = len(data)
        cuts = [_section_traces(mesh, shown, z, part_colour, name) for z in heights]
        tail = " — " + note if note else ""
        titles = [f"{caption}; {text}{tail}" for _traces, text in cuts]
        pick = len(heights) // 2
        data += cuts[pick][0]
        caption = titles[pick]
        if len(heights) > 1:
            idx = list(range(first, first + len(cuts[0][0])))
            frames = [{"name": str(k), "traces": idx, "data": traces,
                       "layout": {"title": {"text": html.escape(titles[k])}}}
                      for k, (traces, _text) in enumerate(cuts)]
            labels = [format_number(z) + " mm" for z in heights]
            extra = _slider([str(k) for k in range(len(heights))], labels, _("cut at z = "), active=pick,
                            play=False)
        note = ""
    if note:
        caption += " — " + note
    layout = _layout(caption, ranges, bottom=90 if extra else 0, extent=size)
    layout.update(extra)
    return View(data, layout, frames, caption=caption, shown_triangles=shown.n_faces, total_triangles=total,
                still=lambda dpi: _mesh_still(mesh, shown, dpi))


def _section_heights(mesh, section) -> list[float] | None:
    if section is None or section is False:
        return None
    lo, hi = float(mesh.bounds[0, 2]), float(mesh.bounds[1, 2])
    if section is True:
        # round heights about a twelfth of the part apart (1, 2 or 5 times a power of ten)
        raw = (hi - lo) / 12.0
        p = 10.0 ** math.floor(math.log10(raw))
        step = next(m * p for m in (1.0, 2.0, 5.0, 10.0) if m * p >= raw)
        k0 = math.floor(lo / step) + 1
        return [round(k * step, 9) for k in range(k0, k0 + 200) if lo < k * step < hi][:MAX_STEPS]
    values = np.atleast_1d(np.asarray(section, dtype=object))
    out = []
    for z in values.tolist():
        if isinstance(z, bool) or not isinstance(z, (int, float, np.integer, np.floating)) or not math.isfinite(z):
            raise ValueError(_("section must be a height in mm (or a list of heights, or True), got {value!r}"
                               ).format(value=z))
        if not lo < float(z) < hi:
            raise ValueError(_("section height {z} mm is outside the part, which runs from z = {lo} to {hi} mm"
                               ).format(z=format_number(float(z)), lo=format_number(lo), hi=format_number(hi)))
        out.append(float(z))
    if len(out) > MAX_STEPS:
        raise ValueError(_("a section slider has at most {n} heights, got {m}").format(n=MAX_STEPS, m=len(out)))
    return out


def _section_traces(mesh, shown, z: float, colour: str, name: str) -> tuple[list[dict], str]:
    """The part below z (solid), the part above (faint), the slicer's cut in the plane, and a caption."""
    from stemkit.design3d.slicing import slice_mesh

    pal = _palette()
    below = clip_below(shown, z)
    above = clip_below(shown.transformed(np.diag([1.0, 1.0, -1.0, 1.0])), -z)
    above = above.transformed(np.diag([1.0, 1.0, -1.0, 1.0]))
    traces = [_mesh_trace(below, colour, name), _mesh_trace(above, pal["grey"], name, opacity=0.12)]
    try:
        layer = slice_mesh(mesh, heights=[z])[0]
        loops = layer.loops
        text = _("cut at z = {z} mm: {loops} loops, {holes} holes, area {area} mm²").format(
            z=format_number(z), loops=len(loops), holes=layer.n_holes, area=format_number(layer.area))
    except ValueError:
        loops = ()
        text = _("cut at z = {z} mm (the mesh is not closed, so the cut has no loops)").format(z=format_number(z))
    seg = [np.stack([lp, np.roll(lp, -1, axis=0)], axis=1) for lp in loops]
    seg3 = np.zeros((0, 2, 3))
    if seg:
        s = np.concatenate(seg)
        seg3 = np.concatenate([s, np.full(s.shape[:2] + (1,), z)], axis=2)
    traces.append(_line_trace(seg3, pal["vermillion"], _("cut"), width=6))
    return traces, text


def _feature_colours() -> list[tuple[tuple[str, ...], str, str]]:
    """(words in the slicer's feature name, palette colour, legend label), first match wins."""
    outer, inner, solid = _("outer wall"), _("inner wall"), _("solid top and bottom")
    return [
        (("outer", "external", "overhang"), "blue", outer),
        (("perimeter", "wall", "inner"), "sky", inner),
        (("top", "bottom", "solid", "bridge", "ironing"), "green", solid),
        (("infill", "fill", "sparse"), "orange", _("infill")),
        (("skirt", "brim", "prime", "purge", "wipe"), "purple", _("skirt")),
        (("support",), "yellow", _("support")),
    ]


def _feature_groups(toolpath) -> tuple[NDArray[np.int64], list[tuple[str, str]]]:
    """A colour group for every move (by its slicer feature), and (colour, label) of each group."""
    pal = _palette()
    groups = [(pal["black"], _("other extrusion")), (pal["grey"], _("travel"))]
    index: dict[str, int] = {}
    per_name = []
    table = _feature_colours()
    for fname in toolpath.feature_names:
        low = fname.lower()
        pick = None
        for words, colour, label in table:
            if any(w in low for w in words):
                pick = (pal[colour], label)
                break
        if pick is None:
            per_name.append(0)
            continue
        if pick[1] not in index:
            index[pick[1]] = len(groups)
            groups.append(pick)
        per_name.append(index[pick[1]])
    group = np.zeros(toolpath.n_moves, dtype=np.int64)
    if toolpath.feature is not None and len(toolpath.feature) == toolpath.n_moves and per_name:
        lut = np.array(per_name + [0], dtype=np.int64)
        group = lut[toolpath.feature]
    if toolpath.feature is None or not per_name:
        group[:] = len(groups)
        groups.append((pal["blue"], _("extrusion")))
    from stemkit.design3d.gcode import TRAVEL

    group[toolpath.kind == TRAVEL] = 1
    return group, groups


def _toolpath_view(tp, *, machine, layers, travel, title) -> View:
    from stemkit.design3d.gcode import EXTRUDE, TRAVEL

    if tp.n_layers == 0:
        raise ValueError(_("the toolpath has no printing moves, so there are no layers to show"))
    first, last = 0, tp.n_layers - 1
    if layers is not None:
        try:
            lo, hi = (int(layers), int(layers)) if np.ndim(layers) == 0 else (int(layers[0]), int(layers[1]))
        except (TypeError, ValueError, IndexError):
            raise ValueError(_("layers must be a layer number or a (first, last) pair of layer numbers, got {value!r}"
                               ).format(value=layers)) from None
        if not 1 <= lo <= hi <= tp.n_layers:
            raise ValueError(_("layers must run from 1 to {n} (first ≤ last), got {value!r}").format(
                n=tp.n_layers, value=layers))
        first, last = lo - 1, hi - 1
    show = (tp.kind == EXTRUDE) | ((tp.kind == TRAVEL) & bool(travel))
    show &= (tp.layer >= first) & (tp.layer <= last)
    layer_ids = np.arange(first, last + 1)
    per_layer = np.bincount(tp.layer[show] - first, minlength=len(layer_ids))
    step = 1
    while per_layer.sum() / step > MAX_MOVES or len(layer_ids) / step > MAX_STEPS:
        step += 1
    keep_layers = layer_ids[::step] if step > 1 else layer_ids
    if step > 1 and keep_layers[-1] != layer_ids[-1]:
        keep_layers = np.append(keep_layers, layer_ids[-1])
    show &= np.isin(tp.layer, keep_layers)
    group, groups = _feature_groups(tp)
    k = len(groups)
    scale = []
    for g, (colour, _label) in enumerate(groups):
        scale += [[g / k, colour], [(g + 1) / k, colour]]
    data: list[dict] = []
    if machine is not None:
        data += _printer_traces(machine)
    layer_traces = []
    idx_all = np.flatnonzero(show)
    order = idx_all[np.argsort(tp.layer[idx_all], kind="stable")]
    bounds = np.searchsorted(tp.layer[order], keep_layers, side="left").tolist() + [len(order)]
    for n, L in enumerate(keep_layers):
        sel = order[bounds[n]:bounds[n + 1]]
        seg = np.stack([tp.start[sel], tp.end[sel]], axis=1)
        p = _segments_xyz(seg)
        colour_values = np.repeat(group[sel].astype(np.float64) + 0.5, 3)
        trace = {"type": "scatter3d", "mode": "lines", "name": _("layer {n}").format(n=int(L) + 1),
                 "x": _typed(p[:, 0], "float32"), "y": _typed(p[:, 1], "float32"), "z": _typed(p[:, 2], "float32"),
                 "line": {"color": _typed(colour_values, "float32"), "colorscale": scale, "cmin": 0, "cmax": k,
                          "width": 4},
                 "hoverinfo": "skip", "showlegend": False}
        layer_traces.append(len(data))
        data.append(trace)
    used = set(np.unique(group[show]).tolist())
    for g, (colour, label) in enumerate(groups):   # legend entries (no data of their own)
        if g in used:
            data.append({"type": "scatter3d", "mode": "lines", "x": [None], "y": [None], "z": [None],
                         "name": label, "line": {"color": colour, "width": 6}, "showlegend": True,
                         "hoverinfo": "skip"})
    shown_moves = int(show.sum())
    caption = _("{layers} layers, {moves} moves, {length} m of printed lines").format(
        layers=tp.n_layers, moves=f"{tp.n_moves:,}", length=format_number(tp.extrusion_length / 1000.0))
    if title:
        caption = f"{title}: {caption}"
    if step > 1:
        caption += " — " + _("showing every {k}th layer ({shown} of {total} moves)").format(
            k=step, shown=f"{shown_moves:,}", total=f"{tp.n_moves:,}")
    names = [str(int(L)) for L in keep_layers]
    labels = [str(int(L) + 1) for L in keep_layers]
    frames = []
    if len(keep_layers) > 1:
        for n, _L in enumerate(keep_layers):
            frames.append({"name": names[n], "traces": layer_traces,
                           "data": [{"visible": j <= n} for j in range(len(layer_traces))]})
    ranges = None
    if machine is not None:
        ranges = ((0, machine.bed_size[0]), (0, machine.bed_size[1]), (0, machine.max_height))
    else:
        # frame the part and its skirt: a purge line at the edge of the bed would shrink them to a dot
        named = show & (group >= 2) if np.any(show & (group >= 2)) else show
        pts = np.concatenate([tp.start[named], tp.end[named]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.03 * float(np.max(hi - lo) or 1.0)
        ranges = tuple((float(lo[i]) - pad, float(hi[i]) + pad) for i in range(3))
    extra = _slider(names, labels, _("layers up to "), active=len(names) - 1, play=True) if frames else {}
    layout = _layout(caption, ranges, legend=True, bottom=100 if frames else 0)
    layout.update(extra)
    return View(data, layout, frames, caption=caption, shown_moves=shown_moves, total_moves=tp.n_moves,
                still=lambda dpi: _toolpath_still(tp, dpi))


def _printer_view(machine, *, title) -> View:
    bx, by = machine.bed_size
    caption = _("{printer}: build volume {volume}").format(
        printer=title or machine.name, volume=_size_text((bx, by, machine.max_height)))
    ranges = ((0, bx), (0, by), (0, machine.max_height))
    return View(_printer_traces(machine), _layout(caption, ranges), [], caption=caption,
                still=lambda dpi: _printer_still(machine, dpi))


def view(thing: Any, *, printer: Any = None, section: Any = None, layers: Any = None, travel: bool = False,
         max_triangles: int = MAX_TRIANGLES, colour: str | None = None, title: str | None = None) -> View:
    """An interactive 3D view of a mesh, a toolpath or a printer's build volume.

    Parameters
    ----------
    thing : Mesh, Toolpath, Printer or str
        What to show. A string is a printer profile name (``"ender3"``).
    printer : str or Printer, optional
        Also draw this printer's bed and build volume around the mesh or toolpath. A
        mesh that does not fit is drawn in vermillion and the caption says so.
    section : float, list of float or True, optional
        For a mesh: cut it at this height z [mm] and draw the slicer's cut in the
        plane (the part above is faint); a list of heights (or True for 12 even
        ones) gives a slider.
    layers : int or (int, int), optional
        For a toolpath: show only this layer, or layers first to last (numbered from 1).
    travel : bool
        For a toolpath: draw travel moves too (grey).
    max_triangles : int
        Simplify meshes with more triangles than this for the screen.
    colour : str, optional
        Colour of the part (CSS colour); the room's blue by default.
    title : str, optional
        Name shown in the caption.

    Returns
    -------
    View

    Raises
    ------
    TypeError
        For something that is not a mesh, toolpath or printer.
    ValueError
        For an empty mesh or toolpath, a section height outside the part, or a bad layer range.
    """
    from stemkit.design3d.printers import printer as find_printer

    what = _what(thing)
    limit = _positive_count("max_triangles", max_triangles)
    if title is not None and not isinstance(title, str):
        raise TypeError(_("title must be text, got {kind}").format(kind=type(title).__name__))
    machine = find_printer(printer) if printer is not None else None
    if what == "mesh":
        if layers is not None:
            raise ValueError(_("layers= is for a toolpath; for a mesh, cut it with section="))
        return _mesh_view(thing, machine=machine, section=section, max_triangles=limit, colour=colour, title=title)
    if section is not None:
        raise ValueError(_("section= cuts a mesh; for a toolpath, choose layers with layers="))
    if what == "toolpath":
        return _toolpath_view(thing, machine=machine, layers=layers, travel=travel, title=title)
    return _printer_view(find_printer(thing), title=title)


# ---------------------------------------------------------------------------
# stills (matplotlib), for print and documents


def _png(fig, dpi: int) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _mesh_still(mesh, shown, dpi: int) -> bytes:
    from matplotlib.figure import Figure

    from stemkit.design3d.plots import draw_mesh

    small = decimate(shown, max_triangles=8000)
    fig = Figure(figsize=(4.5, 4.0), layout="constrained")
    ax = fig.add_subplot(projection="3d")
    draw_mesh(ax, small)
    return _png(fig, dpi)


def _toolpath_still(tp, dpi: int) -> bytes:
    from matplotlib.figure import Figure

    from stemkit.design3d.plots import draw_toolpath

    top = tp.n_layers - 1
    fig = Figure(figsize=(4.5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    draw_toolpath(ax, tp.layer_moves(top), below=tp.layer_moves(top - 1) if top else None)
    ax.set_title(_("layer {n} of {total}, z = {z} mm").format(n=top + 1, total=tp.n_layers,
                                                              z=format_number(tp.layer_z[top])))
    return _png(fig, dpi)


def _printer_still(machine, dpi: int) -> bytes:
    from matplotlib.figure import Figure

    from stemkit.design3d.plots import draw_build_volume, set_equal_view

    fig = Figure(figsize=(4.5, 4.0), layout="constrained")
    ax = fig.add_subplot(projection="3d")
    size = (*machine.bed_size, machine.max_height)
    draw_build_volume(ax, size)
    set_equal_view(ax, np.array([[0, 0, 0], size], dtype=np.float64))
    return _png(fig, dpi)
