"""Polygon offsets, scan lines, hulls and winding numbers, with Clipper2 (through manifold3d) as the reference."""

from __future__ import annotations

import numpy as np
import pytest

from stemkit.design3d import offset as off
from stemkit.design3d import primitives, slicing
from stemkit.design3d.stl import read_stl


def circle(r, n=64, centre=(0, 0), clockwise=False):
    a = 2 * np.pi * np.arange(n) / n
    pts = np.c_[centre[0] + r * np.cos(a), centre[1] + r * np.sin(a)]
    return pts[::-1] if clockwise else pts


def area(loops):
    return sum(off._area(loop) for loop in loops)


def distance_to_loops(points, loops):
    """Distance from each point to the nearest edge of the loops [mm]."""
    a = np.concatenate(loops)
    b = np.concatenate([np.roll(loop, -1, axis=0) for loop in loops])
    d = b - a
    t = np.clip(np.einsum("pij,ij->pi", points[:, None, :] - a[None], d) / np.einsum("ij,ij->i", d, d), 0, 1)
    return np.min(np.linalg.norm(points[:, None, :] - (a[None] + t[..., None] * d[None]), axis=2), axis=1)


def lesson_layers():
    from stemkit.datasets import load

    gear = read_stl(load("design3d/spur_gear_m1_5_z20"), weld=True)
    bracket = read_stl(load("design3d/l_bracket"), weld=True)
    small_gear = primitives.spur_gear(module=1.5, teeth=12, thickness=6, bore_diameter=5)
    out = {}
    for name, mesh in (("gear z20", gear), ("bracket", bracket), ("gear z12", small_gear)):
        z = slicing.layer_heights(mesh, layer_height=0.2)
        out[name] = slicing.slice_mesh(mesh, heights=[z[1], z[len(z) // 2]])
    return out


def test_offsets_match_clipper():
    m3 = pytest.importorskip("manifold3d", reason="manifold3d (Clipper2) is a dev extra")
    worst = 0.0
    for name, layers in lesson_layers().items():
        for layer in layers:
            for d in (0.225, 0.632, 1.1, 1.5, 3.0, -3.0):
                ours = area(off.offset_loops(layer.loops, d))
                section = m3.CrossSection([off.simplify(np.asarray(p)) for p in layer.loops], m3.FillRule.Positive)
                reference = section.offset(-d, m3.JoinType.Round, circular_segments=180).area()
                worst = max(worst, abs(ours - reference) / max(reference, 1.0))
                assert ours == pytest.approx(reference, rel=2e-3, abs=1e-3), (name, layer.z, d)
    assert worst < 2e-3


def test_an_inset_keeps_its_distance_from_the_outline():
    square = np.array([[0.0, 0], [30, 0], [30, 20], [0, 20]])
    hole = circle(5, centre=(15, 10), clockwise=True)
    chord = np.cos(off.ARC_STEP / 2)        # arcs are drawn as chords of 10°, just inside the arc
    for d in (0.225, 1.0, 2.0):
        loops = off.offset_loops([square, hole], d)
        assert len(loops) == 2
        pts = np.concatenate(loops)
        nearest = distance_to_loops(pts, [square, hole])
        # every corner is at least d from the outline; corners at the hole's arcs exactly d
        assert nearest.min() >= d * chord - 1e-9
        assert np.median(nearest) == pytest.approx(d, abs=0.02)
        # outer loops counter-clockwise, holes clockwise
        assert sorted(np.sign([off._area(p) for p in loops]).tolist()) == [-1.0, 1.0]


def test_narrow_parts_vanish_and_touching_parts_split():
    # a dumbbell: two 10 mm squares joined by a 1 mm neck; an inset of 0.6 mm cuts the neck
    dumbbell = np.array([[0, 0], [10, 0], [10, 4.5], [20, 4.5], [20, 0], [30, 0], [30, 10], [20, 10],
                         [20, 5.5], [10, 5.5], [10, 10], [0, 10]], dtype=float)
    assert len(off.offset_loops([dumbbell], 0.4)) == 1
    split = off.offset_loops([dumbbell], 0.6)
    assert len(split) == 2
    # each square shrinks to 8.8 x 8.8 mm, with a small round bump where the neck was
    assert 2 * 8.8 ** 2 < area(split) < 2 * 8.8 ** 2 + 2 * 0.3
    assert distance_to_loops(np.concatenate(split), [dumbbell]).min() >= 0.6 * np.cos(off.ARC_STEP / 2) - 1e-9
    # deeper than 2 mm the holes of a plate would close in: a 30 x 20 plate with a 5 mm hole splits
    plate = [np.array([[0.0, 0], [30, 0], [30, 20], [0, 20]]), circle(5, centre=(15, 10), clockwise=True)]
    assert [np.sign(off._area(p)) for p in off.offset_loops(plate, 4.0)] == [1.0, 1.0]
    assert off.offset_loops([dumbbell], 5.1) == []


def test_outsets_grow_round_corners():
    square = np.array([[0.0, 0], [10, 0], [10, 10], [0, 10]])
    grown = off.offset_loops([square], -2.0)
    assert len(grown) == 1
    # a square grown by r: its area plus four r-wide strips plus a full circle of radius r at the corners
    assert area(grown) == pytest.approx(100 + 4 * 10 * 2 + np.pi * 4, rel=2e-3)


def test_simplify_drops_only_points_on_a_straight_line():
    wavy = np.array([[0, 0], [5, 0.001], [10, 0], [10, 10], [5, 10 - 0.0005], [0, 10]])
    assert len(off.simplify(wavy)) == 4
    bent = np.array([[0, 0], [5, 0.5], [10, 0], [10, 10], [0, 10]])
    assert len(off.simplify(bent)) == 5
    fine_circle = circle(10, n=5000)
    coarse = off.simplify(fine_circle)
    assert 50 < len(coarse) < 1000
    assert abs(off._area(coarse) - off._area(fine_circle)) < 2 * 0.002 * 2 * np.pi * 10


def test_clip_lines_against_a_brute_force_count():
    rng = np.random.default_rng(5)
    a = np.sort(rng.uniform(0, 2 * np.pi, 40))
    r = rng.uniform(5, 10, 40)
    blob = np.c_[r * np.cos(a), r * np.sin(a)]
    hole = circle(2, n=20, clockwise=True)
    ys = np.linspace(-9.5, 9.5, 29)
    line, iv = off.clip_lines([blob, hole], ys)
    for k, y in enumerate(ys):
        xs = np.linspace(-12, 12, 2401)
        inside = off.winding_numbers([blob, hole], np.c_[xs, np.full_like(xs, y)]) > 0
        ours = np.zeros_like(inside)
        for x0, x1 in iv[line == k]:
            ours |= (xs >= x0) & (xs <= x1)
        assert np.count_nonzero(ours != inside) <= 4 * np.count_nonzero(line == k)   # only at the ends


def test_convex_hull_against_scipy():
    spatial = pytest.importorskip("scipy.spatial", reason="scipy is a dev extra")
    rng = np.random.default_rng(9)
    pts = rng.normal(size=(500, 2))
    hull = off.convex_hull(pts)
    reference = pts[spatial.ConvexHull(pts).vertices]
    assert off._area(hull) == pytest.approx(spatial.ConvexHull(pts).volume, rel=1e-12)
    assert {tuple(p) for p in hull.round(12)} == {tuple(p) for p in reference.round(12)}


def test_winding_numbers_count_nesting():
    big, hole, island = circle(10), circle(6, clockwise=True), circle(3)
    w = off.winding_numbers([big, hole, island], [[8, 0], [4.5, 0], [0, 0], [20, 0]])
    assert w.tolist() == [1, 0, 1, 0]


def test_bad_loops():
    with pytest.raises(ValueError, match="k x 2"):
        off.offset_loops([np.zeros((4, 3))], 1.0)
    with pytest.raises(ValueError, match="finite"):
        off.offset_loops([np.array([[0, 0], [1, 0], [np.nan, 1]])], 1.0)
    with pytest.raises(ValueError, match="finite"):
        off.offset_loops([circle(1)], float("inf"))
    assert off.offset_loops([], 1.0) == []


# ---- fuzzing: random star-shaped outlines with a hole; never an error, always inside -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(3.0, 12.0), min_size=3, max_size=40), st.floats(0.0, 2.5),
       st.floats(-2.0, 4.0), st.integers(0, 7))
def test_fuzz_offsets_stay_inside_and_shrink(radii, hole_radius, distance, turn):
    a = 2 * np.pi * (np.arange(len(radii)) + 0.3 * (turn % 3)) / len(radii)
    outer = np.c_[np.array(radii) * np.cos(a), np.array(radii) * np.sin(a)]
    # a hole well inside the star: within the circle its corners' lines keep clear of
    fits = 0.5 < hole_radius < 0.9 * min(radii) * np.cos(np.pi / len(radii)) * np.cos(2 * np.pi / len(radii))
    loops = [outer] + ([circle(hole_radius, n=12, clockwise=True)] if fits else [])
    if abs(distance) < 1e-3:
        distance = 0.0
    out = off.offset_loops(loops, distance)
    for loop in out:
        assert np.all(np.isfinite(loop)) and len(loop) >= 3
    if distance > 0:
        assert area(out) <= area(loops) + 1e-9
        if out:
            pts = np.concatenate(out)
            assert np.all(off.winding_numbers(loops, pts) > 0)
            # corners where the raw curves cross may sit a little nearer: never by 0.05 mm (print tolerance)
            assert distance_to_loops(pts, loops).min() >= distance - 0.05
    elif distance < 0:
        assert area(out) >= area(loops) - 1e-9
    try:
        import manifold3d as m3
    except ImportError:
        return
    reference = m3.CrossSection(loops, m3.FillRule.Positive).offset(
        -distance, m3.JoinType.Round, circular_segments=360).area()
    # slivers smaller than (d/10)² are dropped on purpose
    assert area(out) == pytest.approx(reference, rel=5e-3, abs=0.05 + 2 * (distance / 10) ** 2)
