"""Primitives: every part's area and volume against closed forms, closed and outward, on the plate."""

import math

import numpy as np
import pytest

from stemkit.design3d.primitives import box, cone, cylinder, prism_volume, sphere


def _polygon_area(r, n):
    return 0.5 * n * r * r * math.sin(2 * math.pi / n)


def _assert_good_part(mesh):
    report = mesh.check()
    assert report.watertight and report.winding_consistent and report.flipped_faces.size == 0
    assert mesh.volume > 0
    lo, hi = mesh.bounds
    assert lo[2] == pytest.approx(0.0, abs=1e-12)  # stands on the plate
    assert np.allclose(mesh.centroid[:2], 0.0, atol=1e-9 * max(1, hi[0]))  # centred on the z axis


@pytest.mark.parametrize("size", [(1, 1, 1), (20, 10, 5), (0.4, 200, 3)])
def test_box(size):
    b = box(size=size)
    sx, sy, sz = size
    assert b.volume == pytest.approx(sx * sy * sz, rel=1e-14)
    assert b.area == pytest.approx(2 * (sx * sy + sy * sz + sz * sx), rel=1e-14)
    assert np.allclose(b.size, size)
    assert np.allclose(b.centroid, [0, 0, sz / 2])
    _assert_good_part(b)


@pytest.mark.parametrize("n", [3, 4, 7, 32, 200])
def test_cylinder_matches_polygon_prism_and_approaches_pi_r2_h(n):
    r, h = 6.0, 15.0
    c = cylinder(radius=r, height=h, segments=n)
    assert c.volume == pytest.approx(prism_volume(radius=r, height=h, segments=n), rel=1e-12)
    assert c.volume == pytest.approx(_polygon_area(r, n) * h, rel=1e-12)
    side = n * 2 * r * math.sin(math.pi / n) * h
    assert c.area == pytest.approx(2 * _polygon_area(r, n) + side, rel=1e-12)
    # faceting error: the inscribed polygon loses a fraction 1 - sin(2π/n)/(2π/n) ≈ (2π/n)²/6 of the disc
    exact = math.pi * r * r * h
    loss = 1 - math.sin(2 * math.pi / n) / (2 * math.pi / n)
    assert c.volume < exact
    assert (exact - c.volume) / exact == pytest.approx(loss, rel=1e-9)
    assert np.allclose(c.centroid, [0, 0, h / 2], atol=1e-9)
    assert c.n_faces == 4 * n
    _assert_good_part(c)


def test_cylinder_converges_to_pi_r2_h():
    errors = [abs(cylinder(radius=5, height=10, segments=n).volume / (math.pi * 250) - 1) for n in (16, 32, 64, 128)]
    # second order: doubling the sides divides the error by about 4
    assert all(3.9 < a / b < 4.1 for a, b in zip(errors, errors[1:], strict=False))
    assert errors[-1] < 5e-4


@pytest.mark.parametrize("n", [3, 4, 12, 64])
def test_cone_and_frustum(n):
    r, h = 8.0, 12.0
    c = cone(radius=r, height=h, segments=n)
    base = _polygon_area(r, n)
    assert c.volume == pytest.approx(base * h / 3, rel=1e-12)
    edge = 2 * r * math.sin(math.pi / n)
    slant = math.hypot(h, r * math.cos(math.pi / n))  # from the apex to the middle of a base edge
    assert c.area == pytest.approx(base + n * 0.5 * edge * slant, rel=1e-12)
    assert np.allclose(c.centroid, [0, 0, h / 4], atol=1e-9)
    _assert_good_part(c)

    rt = 3.0
    f = cone(radius=r, height=h, top_radius=rt, segments=n)
    a1, a2 = base, _polygon_area(rt, n)
    assert f.volume == pytest.approx(h / 3 * (a1 + math.sqrt(a1 * a2) + a2), rel=1e-12)
    e2 = 2 * rt * math.sin(math.pi / n)
    trap_h = math.hypot(h, (r - rt) * math.cos(math.pi / n))
    assert f.area == pytest.approx(a1 + a2 + n * 0.5 * (edge + e2) * trap_h, rel=1e-12)
    _assert_good_part(f)


def test_icosahedron_closed_form():
    R = 10.0
    ico = sphere(radius=R, subdivisions=0)
    a = R / math.sin(2 * math.pi / 5)  # edge length from the circumradius
    assert ico.volume == pytest.approx(5 / 12 * (3 + math.sqrt(5)) * a**3, rel=1e-12)
    assert ico.area == pytest.approx(5 * math.sqrt(3) * a**2, rel=1e-12)
    _assert_good_part(ico)


def test_spheres_converge_from_inside():
    R = 10.0
    V, A = 4 / 3 * math.pi * R**3, 4 * math.pi * R**2
    previous = 0.0
    for k in range(5):
        s = sphere(radius=R, subdivisions=k)
        assert s.n_faces == 20 * 4**k
        assert np.allclose(np.linalg.norm(s.vertices - [0, 0, R], axis=1), R)
        assert previous < s.volume < V and s.area < A
        previous = s.volume
        _assert_good_part(s)
    assert previous == pytest.approx(V, rel=3e-3)
    uv = sphere(radius=R, method="uv", segments=64)
    assert uv.volume < V and uv.volume == pytest.approx(V, rel=5e-3)
    assert np.allclose(uv.centroid, [0, 0, R], atol=1e-9)
    _assert_good_part(uv)


@pytest.mark.parametrize("call, error, match", [
    (lambda: box(size=(1, -1, 1)), ValueError, "size y must be > 0"),
    (lambda: box(size=(1, 1)), ValueError, "three lengths"),
    (lambda: cylinder(radius=0, height=1), ValueError, "radius must be > 0"),
    (lambda: cylinder(radius=1, height=float("nan")), ValueError, "height must be > 0"),
    (lambda: cylinder(radius=1, height=1, segments=2), ValueError, "segments must be at least 3"),
    (lambda: cylinder(radius=1, height=1, segments=3.5), TypeError, "whole number"),
    (lambda: cone(radius=1, height=1, top_radius=-1), ValueError, "top_radius must be >= 0"),
    (lambda: sphere(radius=1, method="cube"), ValueError, "'ico' or 'uv'"),
    (lambda: sphere(radius=1, subdivisions=9), ValueError, "at most 7"),
    (lambda: cylinder(radius="big", height=1), TypeError, "must be a number"),
])
def test_bad_input_is_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()
