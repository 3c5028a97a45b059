"""The explanatory pictures of design3d-02 (overhang test), design3d-06 (hole plate) and design3d-08 (bead)."""

import math
import struct

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from stemkit.design3d import figures, printing
from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import box, hole_plate, overhang_test, polygon_area
from stemkit.design3d.transforms import rotation_z


def _patch(fig, gid):
    return next(p for p in fig.axes[0].patches if p.get_gid() == gid)


def _texts(fig, prefix):
    return [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith(prefix)]


def _drawn(fig):
    """Draw the figure as a notebook would save it; returns the renderer."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


# --- the bead ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("width", "height"), [(0.45, 0.2), (0.65, 0.3), (0.4, 0.4), (1.2, 0.1)])
def test_the_drawn_bead_has_the_area_bead_area_gives(width, height):
    fig = figures.bead_cross_section(width=width, layer_height=height)
    drawn = polygon_area(_patch(fig, "bead").get_xy())          # shoelace of the shaded outline itself
    assert drawn == pytest.approx(printing.bead_area(width=width, layer_height=height), rel=0.01)
    rectangle = _patch(fig, "rectangle")
    assert rectangle.get_width() * rectangle.get_height() == pytest.approx(width * height)
    assert not rectangle.get_fill() and rectangle.get_linestyle() != "-"     # dashed, over the bead
    xy = _patch(fig, "bead").get_xy()
    assert np.ptp(xy[:, 0]) == pytest.approx(width, rel=1e-3) and np.ptp(xy[:, 1]) == pytest.approx(height, rel=1e-3)


def test_the_bead_lies_on_the_layer_below_and_the_filament_is_to_the_same_scale():
    w, h, d = 0.45, 0.2, 1.75
    fig = figures.bead_cross_section(width=w, layer_height=h, diameter=d)
    ax = fig.axes[0]
    bead = _patch(fig, "bead").get_xy()
    layer = [p.get_xy() for p in ax.patches if p.get_gid() is None and hasattr(p, "get_xy")]
    assert len(layer) == 3 and bead[:, 1].min() == pytest.approx(max(q[:, 1].max() for q in layer))
    circle = _patch(fig, "filament")
    assert circle.get_radius() == pytest.approx(d / 2) and ax.get_aspect() == 1.0     # one mm as long both ways
    # the picture's areas give the lesson's E per mm: the ratio a student reads off it
    ratio = polygon_area(bead) / (math.pi * circle.get_radius() ** 2)
    assert ratio == pytest.approx(printing.extrusion_per_mm(width=w, layer_height=h, diameter=d), rel=0.01)
    words = " ".join(t.get_text() for t in ax.texts)
    assert "w = 0.45 mm" in words and "h = 0.2 mm" in words and "d = 1.75 mm" in words
    assert "30 mm of line" in words and "= 1.02 mm of filament" in words   # 30 × 0.03385 mm/mm


@pytest.mark.parametrize(("kwargs", "quantity"), [({"width": 0}, "width"), ({"width": -0.45}, "width"),
                                                  ({"layer_height": float("nan")}, "layer_height"),
                                                  ({"diameter": "1.75"}, "diameter"),
                                                  ({"line_length": 0}, "line_length")])
def test_the_bead_refuses_sizes_that_are_not_positive_numbers(kwargs, quantity):
    with pytest.raises(ValueError, match=rf"^{quantity} must be a size in mm greater than 0, got .*for example"):
        figures.bead_cross_section(**kwargs)


def test_the_bead_refuses_a_bead_narrower_than_it_is_tall():
    with pytest.raises(ValueError, match="wider bead or a thinner layer"):
        figures.bead_cross_section(width=0.2, layer_height=0.3)


# --- the overhang test ------------------------------------------------------------------------------
def test_the_angles_drawn_are_the_mesh_s_own():
    ramps = overhang_test(angles=[30, 45, 60, 75])
    fig = figures.overhang_side_view(ramps, threshold=45)
    lean = ramps.overhang_angles()
    on_bed = np.all(ramps.triangles[:, :, 2] <= 1e-6, axis=1)
    centres = ramps.triangles.mean(axis=1)[:, 0]
    order = np.argsort([b.bounds.mean(axis=0)[0] for b in ramps.bodies()])
    bodies = [ramps.bodies()[i] for i in order]
    expected = []
    for body in bodies:
        lo, hi = body.bounds[:, 0]
        faces = (centres >= lo - 1e-9) & (centres <= hi + 1e-9) & ~on_bed
        expected.append(float(lean[faces].max()))
    labels = [t.get_text() for t in _texts(fig, "slab")]
    assert labels == [f"{round(a)}°" for a in expected] == ["30°", "45°", "60°", "75°"]
    for k, angle in enumerate(expected):      # the arc runs from vertical (90°) down to the underside
        arc = _patch(fig, f"arc-{k}")
        assert (arc.theta1, arc.theta2) == pytest.approx((90 - angle, 90))


def test_angles_come_from_the_geometry_not_from_the_numbers_typed():
    # radians in, and the slabs turned a quarter turn on the bed: the normals still say 28.6° and 57.3°
    ramps = overhang_test(angles=[0.5, 1.0], unit="rad").transformed(rotation_z(90, unit="deg"))
    labels = [t.get_text() for t in _texts(figures.overhang_side_view(ramps), "slab")]
    assert labels == [f"{math.degrees(0.5):.1f}°", f"{math.degrees(1.0):.1f}°"]
    # the drawn outline leans by the same angle: its top is shifted height · tan(lean) from its foot
    fig = figures.overhang_side_view(ramps)
    outline = _patch(fig, "slab-1").get_xy()
    low = outline[np.isclose(outline[:, 1], outline[:, 1].min())][:, 0]
    high = outline[np.isclose(outline[:, 1], outline[:, 1].max())][:, 0]
    assert high.max() - low.max() == pytest.approx(10 * math.tan(1.0))


def test_slabs_that_need_support_are_coloured_apart_and_the_legend_covers_none():
    ramps = overhang_test(angles=[30, 45, 60, 75])
    fig = figures.overhang_side_view(ramps, threshold=45)
    support = ramps.needs_support(threshold=45)
    centres = ramps.triangles.mean(axis=1)[:, 0]
    bodies = sorted(ramps.bodies(), key=lambda b: b.bounds.mean(axis=0)[0])
    needs = [bool(support[(centres >= b.bounds[0, 0] - 1e-9) & (centres <= b.bounds[1, 0] + 1e-9)].any())
             for b in bodies]
    assert needs == [False, False, True, True]       # 45° is on the rule: it prints
    slabs = [_patch(fig, f"slab-{k}") for k in range(4)]
    colours = [tuple(np.round(s.get_facecolor()[:3], 3)) for s in slabs]
    assert colours[0] == colours[1] != colours[2] == colours[3]
    assert [bool(s.get_hatch()) for s in slabs] == needs          # a second cue beside the colour
    renderer = _drawn(fig)
    legend = fig.legends[0].get_window_extent(renderer)
    assert {t.get_text() for t in fig.legends[0].get_texts()} >= {"prints without support",
                                                                   "needs support: leans more than 45°"}
    for s in slabs:
        assert not legend.overlaps(s.get_window_extent(renderer))
    # a stricter rule moves the 45° slab over
    strict = figures.overhang_side_view(ramps, threshold=40)
    assert bool(_patch(strict, "slab-1").get_hatch())


@pytest.mark.parametrize(("part", "threshold", "error", "words"), [
    ("ramps", 45, TypeError, "part must be a Mesh, got str"),
    (Mesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=int)), 45, ValueError, "part has no faces"),
    (None, 95, ValueError, "threshold must be an angle from vertical from 0 to under 90 degrees, got 95"),
    (None, "45", ValueError, "got '45'"),
])
def test_the_overhang_view_refuses_bad_input(part, threshold, error, words):
    with pytest.raises(error, match=words):
        figures.overhang_side_view(overhang_test() if part is None else part, threshold=threshold)


# --- the hole plate ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("diameters", "cell"), [([4.8, 4.9, 5.0, 5.1, 5.2, 5.3], 10.0), ([5.2, 3.0, 4.5], 12.0)])
def test_hole_numbers_sizes_and_places_match_the_plate(diameters, cell):
    fig = figures.hole_plate_top_view(hole_plate(hole_diameters=diameters, cell=cell, hole_segments=48))
    numbers = _texts(fig, "number")
    sizes = _texts(fig, "diameter")
    assert [t.get_text() for t in numbers] == [str(k) for k in range(1, len(diameters) + 1)]
    assert [t.get_text() for t in sizes] == [f"⌀ {d:.1f} mm" for d in diameters]
    # hole_plate puts hole i in the middle of cell i, left to right, on the x axis
    start = -len(diameters) * cell / 2
    for i, (number, d) in enumerate(zip(numbers, diameters, strict=True)):
        x, y = number.get_position()
        assert (x, y) == pytest.approx((start + (i + 0.5) * cell, 0.0), abs=1e-9)
        hole = _patch(fig, f"hole-{i + 1}").get_xy()[:-1]      # a closed Polygon repeats its first corner
        radii = np.hypot(hole[:, 0] - x, hole[:, 1] - y)
        assert radii.max() == pytest.approx(d / 2)                      # corner to corner: the drawn size
        middles = (hole + np.roll(hole, 1, axis=0)) / 2
        flats = np.hypot(middles[:, 0] - x, middles[:, 1] - y)
        assert len(hole) == 48 and flats == pytest.approx(d / 2 * math.cos(math.pi / 48))   # across the flats
        assert sizes[i].get_position()[0] == pytest.approx(x)
    assert fig.axes[0].get_aspect() == 1.0
    assert fig.axes[0].get_xlabel() == "x [mm]"


def test_two_decimals_when_a_size_needs_them():
    fig = figures.hole_plate_top_view(hole_plate(hole_diameters=[4.95, 5.0]))
    assert [t.get_text() for t in _texts(fig, "diameter")] == ["⌀ 4.95 mm", "⌀ 5.00 mm"]


def test_the_hole_plate_view_refuses_a_part_without_holes():
    with pytest.raises(ValueError, match=r"part has no holes through it at half its height \(2 mm\)"):
        figures.hole_plate_top_view(box(size=(30, 10, 4)))
    with pytest.raises(TypeError, match="part must be a Mesh, got list"):
        figures.hole_plate_top_view([4.8, 5.0])


# --- all three ---------------------------------------------------------------------------------------
def _all():
    return [figures.bead_cross_section(),
            figures.overhang_side_view(overhang_test(angles=[30, 45, 60, 75])),
            figures.hole_plate_top_view(hole_plate(hole_diameters=[4.8, 4.9, 5.0, 5.1, 5.2, 5.3]))]


def test_pictures_show_sharp_at_their_natural_size():
    for fig in _all():
        data, meta = fig._repr_mimebundle_()
        png = data["image/png"]
        pw, ph = struct.unpack(">II", png[16:24])
        w, h = meta["image/png"]["width"], meta["image/png"]["height"]
        assert 2 * w <= pw <= 2 * w + 1 and 2 * h <= ph <= 2 * h + 1     # two pixels per CSS px
        assert 500 <= w <= 700 and 200 <= h <= 450                        # fits beside the text, under one screen
        assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_text_overlaps_another_or_leaves_the_picture():
    for fig in _all():
        renderer = _drawn(fig)
        page = fig.bbox
        texts = [t for t in fig.axes[0].texts if t.get_text()] + [fig.axes[0].title]
        boxes = [t.get_window_extent(renderer) for t in texts]
        for t, b in zip(texts, boxes, strict=True):
            assert page.x0 <= b.x0 and b.x1 <= page.x1 and page.y0 <= b.y0 and b.y1 <= page.y1, t.get_text()
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
        if fig.legends:
            legend = fig.legends[0].get_window_extent(renderer)
            assert not any(legend.overlaps(b) for b in boxes)


def test_the_bead_text_stays_clear_of_the_filament():
    fig = figures.bead_cross_section()
    renderer = _drawn(fig)
    circle = _patch(fig, "filament").get_window_extent(renderer)
    for t in fig.axes[0].texts:
        if t.get_text() and not t.get_text().startswith("d = "):
            assert not t.get_window_extent(renderer).overlaps(circle), t.get_text()
