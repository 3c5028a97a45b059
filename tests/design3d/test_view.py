"""The 3D view without a browser: the data it sends is the mesh, simplification counts, bad input."""

from __future__ import annotations

import base64
import itertools
import json
import math
import warnings

import numpy as np
import pytest

from stemkit.design3d import gcode, primitives
from stemkit.design3d.mesh import Mesh, MeshWarning
from stemkit.design3d.printers import printer
from stemkit.design3d.view import MIME_TYPE, View, clip_below, decimate, feature_edges, view

CODES = {"f4": "<f4", "f8": "<f8", "i4": "<i4", "u4": "<u4"}


def decoded(spec):
    """A typed-array spec as plotly.js reads it back."""
    if isinstance(spec, dict):
        return np.frombuffer(base64.b64decode(spec["bdata"]), dtype=CODES[spec["dtype"]])
    return np.asarray(spec, dtype=float)


def mesh_of(trace) -> tuple[np.ndarray, np.ndarray]:
    v = np.column_stack([decoded(trace[k]) for k in "xyz"])
    f = np.column_stack([decoded(trace[k]) for k in "ijk"])
    return v, f


def test_the_triangles_sent_are_the_mesh():
    part = primitives.bracket()
    v = view(part)
    sent = v.data[0]
    assert sent["type"] == "mesh3d" and sent["flatshading"] is True
    verts, faces = mesh_of(sent)
    assert faces.shape == (part.n_faces, 3)
    welded = part.weld()
    # the same triangles, corner for corner, to float32 precision
    np.testing.assert_allclose(verts[faces], welded.vertices[welded.faces], atol=1e-5)
    assert v.shown_triangles == v.total_triangles == part.n_faces
    assert "showing" not in v.caption


def test_an_stl_triangle_soup_is_welded_so_shared_corners_are_sent_once():
    part = primitives.box(size=(10, 20, 30))
    soup = Mesh(part.vertices[part.faces].reshape(-1, 3), np.arange(3 * part.n_faces).reshape(-1, 3))
    verts, faces = mesh_of(view(soup).data[0])
    assert len(verts) == 8 and len(faces) == 12


def test_equal_axes_labelled_in_mm_and_the_room_colours():
    from stemkit.ui.figure import PALETTE

    v = view(primitives.box(size=(40, 20, 10)))
    scene = v.layout["scene"]
    ratio = scene["aspectratio"]
    ranges = [scene[a]["range"] for a in ("xaxis", "yaxis", "zaxis")]
    spans = [r[1] - r[0] for r in ranges]
    # one scale on all three axes: aspect ratio proportional to the ranges
    assert ratio["x"] / ratio["z"] == pytest.approx(spans[0] / spans[2])
    assert ratio["y"] / ratio["z"] == pytest.approx(spans[1] / spans[2])
    assert [scene[a]["title"]["text"] for a in ("xaxis", "yaxis", "zaxis")] == ["x [mm]", "y [mm]", "z [mm]"]
    assert v.data[0]["color"] == PALETTE["blue"]
    # the short z axis gets fewer tick numbers than the long x axis
    assert len(scene["zaxis"]["tickvals"]) < len(scene["xaxis"]["tickvals"])


# ---------------------------------------------------------------------------
# tick numbers: where plotly writes them in the first view


def _lesson_parts() -> dict:
    """The parts the design3d lessons show in the 3D view, made as the lessons make them."""
    from stemkit import datasets
    from stemkit.design3d.stl import read_stl

    rods = Mesh.merge(*[primitives.cylinder(radius=10.0, height=20.0, segments=n).translated([25 * k, 0, 0])
                        for k, n in enumerate((6, 12, 48))])                                   # d04
    plate = primitives.box(size=(40, 20, 6))
    holes = [primitives.cylinder(radius=4, height=6, segments=48).translated([x, 0, 0]).flip_faces()
             for x in (-11, 11)]
    bracket = Mesh.merge(plate, *holes)                                                         # d07
    holes_plate = primitives.hole_plate(hole_diameters=[4.8, 4.9, 5.0, 5.1, 5.2, 5.3], hole_segments=48)
    peg = read_stl(datasets.load("design3d/press_fit_peg"), weld=True)
    ring = Mesh.merge(primitives.cylinder(radius=10, height=6, segments=60),
                      primitives.cylinder(radius=7, height=6, segments=60).flip_faces())
    return {
        "d04 rods": (rods, {}),
        "d04 l_bracket": (read_stl(datasets.load("design3d/l_bracket"), weld=True), {}),
        "d06 hole plate and peg": (Mesh.merge(holes_plate, peg.translated([0, 14, 0])), {}),
        "d06 gear": (primitives.spur_gear(module=1.5, teeth=24, thickness=6, bore_diameter=5), {}),
        "d07 plate, cut": (bracket, {"section": 3.0}),
        "d08 ring toolpath": (gcode.parse_gcode(gcode.part_gcode(ring, printer="ender3")), {}),
        "calibration cube on the ender3": (primitives.box(size=(20, 20, 20)), {"printer": "ender3"}),
    }


SIZES = [(1, 1, 1), (20, 10, 5), (10, 60, 10), (5, 5, 100), (1000, 300, 20), (0.4, 30, 2), (250, 250, 250)]


def _tick_numbers(axis: dict) -> list[float]:
    """The numbers plotly writes on an axis: the view's own, or plotly's pick for ``nticks``."""
    if "tickvals" in axis:
        return list(axis["tickvals"])
    lo, hi = axis["range"]
    rough = (hi - lo) / axis["nticks"]          # plotly: the step rounded up to 1, 2 or 5 times 10^k
    p = 10.0 ** math.floor(math.log10(rough))
    step = next(m * p for m in (1, 2, 5, 10) if m * p >= rough)
    return [k * step for k in range(math.ceil(lo / step), math.floor(hi / step) + 1)]


def _number_places(layout: dict) -> list[list[tuple[str, np.ndarray]]]:
    """Each axis's numbers as plotly draws the first view: (text, place on the screen in CSS px).

    plotly's camera: perspective, 45° high, looking from the layout's eye at the box's centre
    with z up, over the plot area (the view's height less its top and bottom margins). The
    box is the axis ranges scaled to the aspect ratio. From this eye (in front, to the right,
    above) the x numbers run along the bottom front edge (y low, z low), the y numbers along
    the bottom right edge (x high, z low) and the z numbers up the left edge (x low, y low),
    as the screenshots show.
    """
    scene = layout["scene"]
    axes = [scene[a] for a in ("xaxis", "yaxis", "zaxis")]
    rng = np.array([a["range"] for a in axes], dtype=float)
    aspect = np.array([scene["aspectratio"][k] for k in "xyz"])
    eye = np.array([scene["camera"]["eye"][k] for k in "xyz"])
    assert [scene["camera"]["up"][k] for k in "xyz"] == [0, 0, 1]
    assert eye[0] > 0 and eye[1] < 0 and eye[2] > 0          # the edges above are for this side
    ahead = -eye / np.linalg.norm(eye)
    right = np.cross(ahead, [0, 0, 1.0])
    right /= np.linalg.norm(right)
    up = np.cross(right, ahead)
    height = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    focal = height / 2 / math.tan(math.pi / 8)

    def screen(point):
        rel = (np.asarray(point, dtype=float) - rng.mean(axis=1)) / (rng[:, 1] - rng[:, 0]) * aspect - eye
        depth = rel @ ahead
        return np.array([focal * (rel @ right) / depth, -focal * (rel @ up) / depth])

    (x0, x1), (y0, _y1), (z0, _z1) = rng
    edges = [lambda t: (t, y0, z0), lambda t: (x1, t, z0), lambda t: (x0, y0, t)]
    return [[(f"{t:g}", screen(edges[k](t))) for t in _tick_numbers(axes[k])] for k in range(3)]


def _overlap(a: tuple[str, np.ndarray], b: tuple[str, np.ndarray], pad: float) -> bool:
    """Whether two numbers' boxes (8 px a character, 14 px tall, centred) come closer than pad px."""
    (ta, pa), (tb, pb) = a, b
    dx, dy = abs(pa[0] - pb[0]), abs(pa[1] - pb[1])
    return dx < 4 * (len(ta) + len(tb)) + pad and dy < 14 + pad


def _collisions(layout: dict) -> list[str]:
    rows = _number_places(layout)
    out = []
    for a, b in ((0, 1), (0, 2), (1, 2)):        # numbers of two rows: 4 px between them at least
        out += [f"{'xyz'[a]} {na[0]} and {'xyz'[b]} {nb[0]}" for na in rows[a] for nb in rows[b]
                if _overlap(na, nb, 4.0)]
    for k, row in enumerate(rows):                # numbers of one row: not on top of each other
        out += [f"{'xyz'[k]} {p[0]} and {q[0]}" for p, q in itertools.pairwise(row)
                if _overlap(p, q, 0.0)]
    return out


def test_before_the_view_chose_its_numbers_the_lesson_views_had_numbers_running_together():
    """The check below sees what was seen in d04 and d07: plotly's own numbers for nticks met at a corner."""
    for name in ("d04 rods", "d07 plate, cut"):
        thing, options = _lesson_parts()[name]
        layout = view(thing, **options).layout
        for a in ("xaxis", "yaxis", "zaxis"):     # the layout as it was: a count, no numbers
            axis = layout["scene"][a]
            axis["nticks"] = min(6, max(2, round(8 * (axis["range"][1] - axis["range"][0]) / max(
                r["range"][1] - r["range"][0] for r in (layout["scene"][b] for b in ("xaxis", "yaxis", "zaxis"))))))
            del axis["tickvals"]
        assert _collisions(layout), name


@pytest.mark.parametrize("name", list(_lesson_parts()))
def test_tick_numbers_of_the_lesson_views_never_run_into_each_other(name):
    thing, options = _lesson_parts()[name]
    layout = view(thing, **options).layout
    assert _collisions(layout) == []
    scene = layout["scene"]
    spans = [scene[a]["range"][1] - scene[a]["range"][0] for a in ("xaxis", "yaxis", "zaxis")]
    # still one scale on all three axes (a cube stays a cube), and numbers on every axis
    ratio = scene["aspectratio"]
    assert [ratio[k] / ratio["x"] for k in "yz"] == pytest.approx([spans[1] / spans[0], spans[2] / spans[0]])
    assert all(len(scene[a]["tickvals"]) >= 1 for a in ("xaxis", "yaxis", "zaxis"))
    assert len(scene[("xaxis", "yaxis", "zaxis")[int(np.argmax(spans))]]["tickvals"]) >= 2


@pytest.mark.parametrize("size", SIZES)
def test_tick_numbers_never_run_into_each_other_for_any_part_size(size):
    for offset in ((0, 0, 0), (110, 110, 0), (-3.3, 7.1, 1.9)):
        layout = view(primitives.box(size=size).translated(offset)).layout
        assert _collisions(layout) == [], (size, offset)
        scene = layout["scene"]
        top = max(scene[a]["range"][1] - scene[a]["range"][0] for a in ("xaxis", "yaxis", "zaxis"))
        for a in ("xaxis", "yaxis", "zaxis"):
            ticks, (lo, hi) = scene[a]["tickvals"], scene[a]["range"]
            assert all(lo <= t <= hi for t in ticks) and np.all(np.diff(ticks) > 0)
            # numbers on every axis but one too short on the screen to hold any clear of the others
            assert len(ticks) >= (2 if hi - lo == top else 1) or hi - lo < top / 8, (size, offset, a, ticks)


def _flat_faces(mesh) -> list[np.ndarray]:
    """The part's flat faces: its triangles joined across every edge where the two have one normal."""
    n = mesh.face_normals
    parent = np.arange(mesh.n_faces)

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = np.sort(mesh.faces[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2), axis=1)
    owner = np.repeat(np.arange(mesh.n_faces), 3)
    order = np.lexsort((edges[:, 1], edges[:, 0]))
    for a, b in zip(order[:-1], order[1:], strict=True):
        fa, fb = owner[a], owner[b]
        if np.array_equal(edges[a], edges[b]) and n[fa] @ n[fb] > 1 - 1e-9:
            parent[root(fa)] = root(fb)
    roots = np.array([root(i) for i in range(mesh.n_faces)])
    return [np.flatnonzero(roots == r) for r in np.unique(roots)]


@pytest.mark.parametrize("name", ["d06 hole plate and peg", "d04 rods", "d04 l_bracket", "d06 gear"])
def test_every_triangle_of_a_flat_face_is_sent_with_one_normal_and_one_shade(name):
    """plotly shades a flat-shaded mesh by each triangle's own normal, from the corners it is sent."""
    part, _options = _lesson_parts()[name]
    v = view(part)
    trace = v.data[0]
    assert trace["flatshading"] is True and trace["lighting"]["facenormalsepsilon"] == 0
    # one colour for the whole part: nothing but the normal changes the shade from triangle to triangle
    assert isinstance(trace["color"], str)
    assert not {"intensity", "vertexcolor", "facecolor"} & set(trace)
    verts, faces = mesh_of(trace)
    tri = verts.astype(np.float64)[faces]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])     # as plotly works them out
    normal /= np.linalg.norm(normal, axis=1)[:, None]
    welded = part.weld()
    np.testing.assert_allclose(verts[faces], welded.vertices[welded.faces], atol=1e-5)   # the same triangles
    faces_of_part = [f for f in _flat_faces(welded) if len(f) > 1]
    assert sum(len(f) for f in faces_of_part) > 0.3 * welded.n_faces
    for face in faces_of_part:
        spread = np.degrees(np.arccos(np.clip(normal[face] @ normal[face[0]], -1, 1)))
        # float32 corners tilt a sloping face's triangles by up to a few thousandths of a degree;
        # one grey level of the shade takes about 0.3°
        assert spread.max() < 0.02, (name, len(face))
    # no line is drawn across a flat face: every edge drawn lies between two faces at an angle (or is open)
    lines = [t for t in v.data if t.get("name") == "edges"]
    assert lines
    pts = np.column_stack([decoded(lines[0][k]) for k in "xyz"]).reshape(-1, 3, 3)[:, :2].astype(np.float64)
    corner = {tuple(np.round(c, 3)): i for i, c in enumerate(welded.vertices)}
    drawn = {tuple(sorted((corner[tuple(np.round(a, 3))], corner[tuple(np.round(b, 3))]))) for a, b in pts}
    n = welded.face_normals
    by_edge: dict = {}
    for f, (i, j, k) in enumerate(welded.faces):
        for e in ((i, j), (j, k), (k, i)):
            by_edge.setdefault(tuple(sorted(e)), []).append(f)
    for e in drawn:
        owners = by_edge[e]
        assert len(owners) != 2 or n[owners[0]] @ n[owners[1]] < math.cos(math.radians(20)), (name, e)


def test_sharp_edges_are_the_cube_edges_not_the_face_diagonals():
    seg = feature_edges(primitives.box(size=(1, 1, 1)))
    lengths = np.linalg.norm(seg[:, 1] - seg[:, 0], axis=1)
    np.testing.assert_allclose(lengths, 1.0)
    assert len(feature_edges(primitives.cylinder(segments=64))) == 128   # two rims; no seams on the side


def test_a_big_mesh_is_simplified_for_the_screen_and_the_view_says_so():
    ball = primitives.sphere(radius=20, subdivisions=6)   # 81,920 triangles
    v = view(ball, max_triangles=5000)
    assert v.total_triangles == 81920
    assert 2500 <= v.shown_triangles <= 5000
    assert f"showing {v.shown_triangles:,} of 81,920 triangles" in v.caption
    assert "showing" in v.layout["title"]["text"]
    verts, faces = mesh_of(v.data[0])
    assert len(faces) == v.shown_triangles
    # the simpler copy keeps the shape: every corner stays near the ball's surface
    r = np.linalg.norm(verts - [0, 0, 20], axis=1)
    assert np.all(np.abs(r - 20) < 1.0)
    # no edge lines: the merged corners make folds that would draw as false sharp edges
    assert [t["type"] for t in v.data] == ["mesh3d"]
    assert [t["name"] for t in view(primitives.bracket()).data] == ["part", "edges"]
    # plotly gives faces smaller than its facenormalsepsilon no normal, and draws them dark
    assert v.data[0]["lighting"]["facenormalsepsilon"] == 0


def test_decimate_counts_and_leaves_small_meshes_alone():
    part = primitives.bracket()
    assert decimate(part, max_triangles=10_000) is part
    ball = primitives.sphere(subdivisions=5)
    for limit, rel in ((100, 0.25), (1000, 0.05), (8000, 0.02)):
        small = decimate(ball, max_triangles=limit)
        assert 0 < small.n_faces <= limit
        assert small.n_faces >= 0.3 * limit
        # closer with more triangles (clustering may leave a pinched edge, so the volume comes with a warning)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MeshWarning)
            assert small.volume == pytest.approx(ball.volume, rel=rel)


def test_clip_below_keeps_the_lower_part_with_the_right_area():
    cube = primitives.box(size=(10, 10, 10))
    low = clip_below(cube, 3.0)
    assert float(low.vertices[:, 2].max()) == pytest.approx(3.0)
    # bottom 100 mm² + four walls 10 x 3 mm; the cut itself is open
    assert low.area == pytest.approx(100 + 4 * 30)
    # normals still point out: the walls of the cut part face away from the centre
    centres = low.triangles.mean(axis=1)
    side = np.abs(low.face_normals[:, 2]) < 0.5
    outward = np.einsum("ij,ij->i", low.face_normals[side], centres[side] - cube.centroid)
    assert np.all(outward > 0)


def test_a_section_draws_the_slicers_cut_in_the_plane():
    from stemkit.design3d.slicing import slice_mesh

    part = primitives.bracket()
    v = view(part, section=10.0)
    cut = v.data[2]
    pts = np.column_stack([decoded(cut[k]) for k in "xyz"])
    pts = pts[~np.isnan(pts[:, 0])]
    np.testing.assert_allclose(pts[:, 2], 10.0)
    layer = slice_mesh(part, heights=[10.0])[0]
    assert "area 80 mm²" in v.caption and layer.area == pytest.approx(80.0)
    below = mesh_of(v.data[0])[0]
    assert below[:, 2].max() <= 10.0 + 1e-5


def test_a_section_slider_has_one_frame_per_height():
    v = view(primitives.spur_gear(), section=True)
    steps = v.layout["sliders"][0]["steps"]
    assert len(steps) == len(v.frames) >= 5
    assert steps[0]["label"] == "0.5 mm"


def test_a_toolpath_has_a_layer_slider_and_play():
    tp = gcode.parse_gcode(gcode.part_gcode(primitives.box(size=(20, 20, 3))))
    v = view(tp)
    layers = [t for t in v.data if t.get("name", "").startswith("layer ")]
    assert len(layers) == tp.n_layers == len(v.frames)
    assert [b["label"] for b in v.layout["updatemenus"][0]["buttons"]] == ["play", "pause"]
    # frame k shows layers 1..k+1
    assert [d["visible"] for d in v.frames[2]["data"]][:4] == [True, True, True, False]
    # the printing moves sent are the toolpath's extruding moves
    total = 0
    for t in layers:
        n = len(decoded(t["x"])) // 3
        total += n
    assert total == int(np.sum(tp.kind == gcode.EXTRUDE)) == v.shown_moves
    legend = {t["name"] for t in v.data if t.get("showlegend")}
    assert {"outer wall", "infill", "skirt"} <= legend
    one = view(tp, layers=(2, 3))
    assert len([t for t in one.data if t.get("name", "").startswith("layer ")]) == 2


def test_a_printer_shows_its_build_volume_and_a_part_that_does_not_fit_says_so():
    ender = printer("ender3")
    v = view(ender)
    assert "220 × 220 × 250 mm" in v.caption
    assert v.layout["scene"]["zaxis"]["range"] == [0.0, 250.0]
    long = primitives.box(size=(300, 10, 10))
    w = view(long, printer="ender3")
    assert "does NOT fit" in w.caption
    assert "fits the" in view(primitives.box(), printer=ender).caption


def test_mesh_toolpath_and_printer_display_themselves_as_the_view():
    toolpath = gcode.parse_gcode(gcode.part_gcode(primitives.box(size=(10, 10, 2))))
    for thing in (primitives.box(), printer("prusa_mk4"), toolpath):
        bundle = thing._repr_mimebundle_()
        fig = bundle[MIME_TYPE]
        json.dumps(fig)   # plain JSON
        assert "text/html" in bundle and bundle["text/plain"]


def test_the_html_needs_no_network_and_carries_plotly_once():
    v = view(primitives.box())
    page = v.to_html(include_plotlyjs=True, full_html=True)
    assert "window.Plotly=Plotly" in page.replace(" ", "")
    assert "cdn.plot.ly/plotly" not in page and "<script src=" not in page
    # a page that has plotly.js already does not run it twice, and views waiting for it are told
    assert "if (!window.Plotly) {" in page and 'dispatchEvent(new Event("stemkit-plotly"))' in page
    lean = v.to_html(include_plotlyjs=False)
    assert len(lean) < 20_000 and "needs plotly.js" in lean
    assert 'addEventListener("stemkit-plotly", draw' in lean and "window.Plotly=Plotly" not in lean.replace(" ", "")
    # the figure sent in the HTML is the view's own
    figure = json.loads(lean.split("var fig = ", 1)[1].split(";\n", 1)[0])
    assert figure["data"][0]["i"] == v.data[0]["i"]


class _Kernel:
    """What ipykernel tells about the cell being run: JupyterLab's metadata, or none."""

    def __init__(self):
        self.parent = {}

    def run(self, cell: str | None, run: str, *, deleted=(), lab=True):
        meta = {"cellId": cell, "deletedCells": list(deleted), "recordTiming": False} if lab else {}
        self.parent = {"header": {"msg_id": run}, "metadata": meta}
        for callback in self.shell.callbacks:
            callback()

    def get_parent(self, channel=None):
        return self.parent


class _Shell:
    def __init__(self, kernel):
        self.kernel, kernel.shell, self.callbacks = kernel, self, []
        self.events = self

    def register(self, event, callback):
        assert event == "pre_run_cell"
        self.callbacks.append(callback)


@pytest.fixture
def kernel(monkeypatch):
    import sys
    import types

    import stemkit.design3d.view as module

    k = _Kernel()
    shell = _Shell(k)
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: shell
    monkeypatch.setitem(sys.modules, "IPython", fake)
    monkeypatch.setattr(module, "_carrier", None)
    monkeypatch.setattr(module, "_watching_deletions", False)
    return k


def _carries(bundle) -> bool:
    return "window.Plotly=Plotly" in bundle["text/html"].replace(" ", "")


def test_in_jupyterlab_the_view_is_html_only_with_plotly_js_once_per_notebook(kernel):
    part = primitives.box()
    kernel.run("cell-a", "run-1")
    first = part._repr_mimebundle_()
    # JupyterLab draws the HTML: its plotly renderer would draw every view again into a PNG
    assert MIME_TYPE not in first and _carries(first)
    assert not _carries(part._repr_mimebundle_())          # a second view in the same run
    kernel.run("cell-b", "run-2")
    assert not _carries(part._repr_mimebundle_())
    kernel.run("cell-a", "run-3")                          # the carrying cell again: its output is replaced
    assert _carries(part._repr_mimebundle_())
    kernel.run("cell-c", "run-4", deleted=["cell-a"])      # ... and then deleted
    assert _carries(part._repr_mimebundle_())
    kernel.run("cell-b", "run-5")
    assert not _carries(part._repr_mimebundle_())


def test_outside_jupyterlab_plotly_js_comes_once_per_session_with_plotlys_json_too(kernel):
    part = primitives.box()
    kernel.run(None, "run-1", lab=False)                   # nbconvert --execute sends no cell ids
    first = part._repr_mimebundle_()
    assert MIME_TYPE in first and _carries(first)
    kernel.run(None, "run-2", lab=False)
    again = part._repr_mimebundle_()
    assert MIME_TYPE in again and not _carries(again)


@pytest.mark.parametrize("cell", [0.5, 0.01])   # few grid cubes (numbered directly) and very many (sorted)
def test_clustering_merges_exactly_the_corners_in_one_grid_cube(cell):
    from stemkit.design3d.view import _cluster

    ball = primitives.sphere(radius=10, subdivisions=4)
    v, f = ball.vertices, ball.faces
    out = _cluster(v, f, cell)
    # independent grouping: numpy's unique rows of the cube indices
    cubes, group = np.unique(np.floor((v - v.min(axis=0)) / cell).astype(np.int64), axis=0, return_inverse=True)
    group = group.ravel()
    means = np.stack([np.bincount(group, weights=v[:, k]) for k in range(3)], axis=1)
    means /= np.bincount(group)[:, None]
    expected = {tuple(np.round(means[g], 9)) for tri in group[f] if len(set(tri)) == 3 for g in tri}
    assert {tuple(p) for p in np.round(out.vertices, 9)} == expected
    if cell == 0.01:
        assert len(cubes) == ball.n_vertices and out.n_faces == ball.n_faces   # nothing merged


@pytest.mark.parametrize("bad, message", [
    (42, "view\\(\\) shows a Mesh, a Toolpath or a printer"),
    ([[0, 0, 0]], "got list"),
])
def test_bad_things_to_show_give_a_plain_message(bad, message):
    with pytest.raises(TypeError, match=message):
        view(bad)


def test_bad_options_give_a_plain_message():
    part = primitives.box(size=(10, 10, 10))
    with pytest.raises(ValueError, match="outside the part, which runs from z = 0 to 10 mm"):
        view(part, section=12)
    with pytest.raises(ValueError, match="section must be a height in mm"):
        view(part, section="half")
    with pytest.raises(ValueError, match="max_triangles must be a whole number > 0"):
        view(part, max_triangles=0)
    with pytest.raises(ValueError, match="no triangles"):
        view(Mesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=int)))
    with pytest.raises(ValueError, match="unknown printer"):
        view("ender9")
    with pytest.raises(ValueError, match="Bambu Lab printers need their own slicer"):
        view(part, printer="bambu_x1c")
    tp = gcode.parse_gcode(gcode.part_gcode(part))
    with pytest.raises(ValueError, match="layers must run from 1 to"):
        view(tp, layers=(0, 2))
    with pytest.raises(ValueError, match="section= cuts a mesh"):
        view(tp, section=1.0)
    with pytest.raises(ValueError, match="no printing moves"):
        view(gcode.parse_gcode("G1 X10 F600"))


def test_a_still_is_a_png_for_slides():
    assert view(primitives.box()).still()[:8] == b"\x89PNG\r\n\x1a\n"
    assert isinstance(view(printer("ender3")), View)


def test_a_long_caption_wraps_left_of_the_toolbar_and_the_scene_keeps_its_size():
    from stemkit.design3d import view as view_module
    from stemkit.design3d.primitives import box, hole_plate

    short = view_module.view(box(size=(20, 20, 20)), title="cube").figure["layout"]
    long = view_module.view(hole_plate(hole_diameters=[4.8, 4.9, 5.0, 5.1, 5.2, 5.3], hole_segments=48),
                            printer="ender3", title="test plate").figure["layout"]
    lines = long["title"]["text"].split("<br>")
    assert len(lines) >= 2 and all(len(line) <= view_module.CAPTION_LINE for line in lines)
    assert "<br>" not in short["title"]["text"]
    grown = long["height"] - short["height"]
    assert grown == long["margin"]["t"] - short["margin"]["t"] > 0   # the room is added above the scene only
