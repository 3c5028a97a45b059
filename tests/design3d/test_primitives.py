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


# ---- extrusions, gears and brackets -------------------------------------------------------

from stemkit.design3d.primitives import (  # noqa: E402
    bracket,
    centre_distance,
    extrude_profile,
    gear_dimensions,
    gear_profile,
    polygon_area,
    spur_gear,
)


def _ngon_area(r, n):
    return 0.5 * n * r * r * math.sin(2 * math.pi / n)


def test_polygon_area_shoelace():
    assert polygon_area([[0, 0], [4, 0], [4, 3], [0, 3]]) == 12.0
    assert polygon_area([[0, 0], [0, 3], [4, 3], [4, 0]]) == -12.0  # clockwise
    ang = 2 * np.pi * np.arange(7) / 7
    assert polygon_area(np.column_stack([np.cos(ang), np.sin(ang)]) * 3) == pytest.approx(_ngon_area(3, 7))


def test_extrude_profile_with_and_without_hole():
    star = np.array([[10, 0], [3, 3], [0, 10], [-3, 3], [-10, 0], [-3, -3], [0, -10], [3, -3]], dtype=float)
    solid = extrude_profile(star, height=4)
    assert solid.volume == pytest.approx(polygon_area(star) * 4, rel=1e-12)
    ang = 2 * np.pi * np.arange(12) / 12
    hole = np.column_stack([np.cos(ang), np.sin(ang)]) * 2
    holed = extrude_profile(star, height=4, hole=hole)
    assert holed.volume == pytest.approx((polygon_area(star) - _ngon_area(2, 12)) * 4, rel=1e-12)
    for part in (solid, holed):
        _assert_good_part(part)
        caps = part.face_normals[:, 2] > 0.5
        # cap triangles do not overlap: their areas add up to the outline's area exactly
        assert part.face_areas[caps].sum() * 4 == pytest.approx(part.volume, rel=1e-12)
    with pytest.raises(ValueError, match="counter-clockwise"):
        extrude_profile(star[::-1], height=1)
    with pytest.raises(ValueError, match="inside the outline"):
        extrude_profile(star, height=1, hole=hole * 3)


@pytest.mark.parametrize("teeth", [6, 9, 12, 17, 24, 40])
@pytest.mark.parametrize("bore", [0.0, 4.0])
def test_spur_gear_volume_and_sizes(teeth, bore):
    m, t = 1.5, 6.0
    gear = spur_gear(module=m, teeth=teeth, thickness=t, bore_diameter=bore)
    _assert_good_part(gear)
    profile = gear_profile(module=m, teeth=teeth)
    area = polygon_area(profile) - (_ngon_area(bore / 2, 32) if bore else 0.0)
    assert gear.volume == pytest.approx(area * t, rel=1e-12)
    up = gear.face_normals[:, 2] > 0.5
    assert gear.face_areas[up].sum() == pytest.approx(area, rel=1e-12)  # no overlapping cap triangles
    r = np.hypot(profile[:, 0], profile[:, 1])
    dims = gear_dimensions(module=m, teeth=teeth)
    assert 2 * r.max() == pytest.approx(dims["outside_diameter"], rel=1e-12)
    assert 2 * r.min() == pytest.approx(dims["root_diameter"], rel=1e-12)
    assert gear.size[2] == pytest.approx(t)
    # a gear of z teeth is symmetric under a turn by 360°/z
    turned = profile @ np.array([[math.cos(2 * math.pi / teeth), math.sin(2 * math.pi / teeth)],
                                 [-math.sin(2 * math.pi / teeth), math.cos(2 * math.pi / teeth)]])
    per_tooth = len(profile) // teeth
    assert np.allclose(turned, np.roll(profile, -per_tooth, axis=0), atol=1e-9)


def test_gear_flanks_are_involutes_of_the_base_circle():
    # The defining property of an involute: the normal at every point is tangent to the base
    # circle, so the tangent's component along the radius vector... the distance from the centre
    # to the normal line, |P · t̂|, equals the base radius r_b.
    m, z = 2.0, 30
    profile = gear_profile(module=m, teeth=z, points_per_flank=400)
    rb = gear_dimensions(module=m, teeth=z)["base_diameter"] / 2
    flank = profile[1:401]  # the first tooth's first flank, from the base circle to the tip
    assert np.allclose(np.hypot(flank[:, 0], flank[:, 1])[[0, -1]], [rb, m * z / 2 + m])
    mid = 0.5 * (flank[1:] + flank[:-1])
    tangent = np.diff(flank, axis=0)
    tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
    assert np.allclose(np.abs(np.einsum("ij,ij->i", mid, tangent)), rb, rtol=1e-4)


def test_tooth_thickness_on_the_pitch_circle():
    m, z = 2.0, 20
    profile = gear_profile(module=m, teeth=z, points_per_flank=300)
    r = m * z / 2
    right = profile[1:301]
    angle = np.interp(r, np.hypot(right[:, 0], right[:, 1]), np.arctan2(right[:, 1], right[:, 0]))
    # half the tooth spans π/(2z) radians on the pitch circle: thickness π m / 2 along the arc
    assert 2 * abs(angle) * r == pytest.approx(math.pi * m / 2, rel=1e-5)


def test_gear_helpers():
    assert centre_distance(module=1, teeth_a=20, teeth_b=40) == 30.0
    d = gear_dimensions(module=1, teeth=20, pressure_angle=20)
    assert d["base_diameter"] == pytest.approx(20 * math.cos(math.radians(20)))
    assert d["circular_pitch"] == pytest.approx(math.pi)
    assert gear_dimensions(module=1, teeth=20, pressure_angle=math.radians(20), unit="rad") == d


def test_bracket_volume_and_shape():
    w, L, H, t, d, N = 20.0, 40.0, 35.0, 4.0, 5.0, 32
    for n1, n2 in ((0, 0), (1, 1), (2, 3), (0, 2)):
        part = bracket(width=w, base_length=L, height=H, thickness=t, hole_diameter=d, base_holes=n1,
                       upright_holes=n2, hole_segments=N)
        report = part.check()
        assert report.watertight and report.winding_consistent and report.nonmanifold_edges == 0
        expected = w * t * (L + H - t) - (n1 + n2) * t * _ngon_area(d / 2, N)
        assert part.volume == pytest.approx(expected, rel=1e-12)
        assert np.allclose(part.bounds, [[-w / 2, 0, 0], [w / 2, L, H]], atol=1e-12)
    # a hole goes right through: the base leg has 2 holes whose walls face their axis (normals level)
    part = bracket(base_holes=2, upright_holes=0, hole_segments=8)
    walls = np.abs(part.face_normals[:, 2]) < 1e-9
    assert walls.any()


@pytest.mark.parametrize("call, error, match", [
    (lambda: spur_gear(teeth=5), ValueError, "teeth must be at least 6"),
    (lambda: spur_gear(module=-1), ValueError, "module must be > 0"),
    (lambda: spur_gear(module=1, teeth=10, bore_diameter=8), ValueError, "smaller than the root diameter"),
    (lambda: spur_gear(pressure_angle=45), ValueError, "pressure_angle"),
    (lambda: spur_gear(pressure_angle=20, unit="grad"), ValueError, "'deg' or 'rad'"),
    (lambda: bracket(hole_diameter=25), ValueError, "too big"),
    (lambda: bracket(thickness=50), ValueError, "longer than the thickness"),
    (lambda: bracket(hole_segments=30), ValueError, "multiple of 4"),
    (lambda: bracket(base_holes=-1), ValueError, "at least 0"),
])
def test_gear_and_bracket_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_hole_plate():
    from stemkit.design3d.primitives import hole_plate

    d = [4.8, 4.9, 5.0, 5.1, 5.2, 5.3]
    c, t, N = 10.0, 3.0, 48
    plate = hole_plate(hole_diameters=d, cell=c, thickness=t, hole_segments=N)
    report = plate.check()
    assert report.watertight and report.winding_consistent and plate.volume > 0
    # centred by its outline (the holes differ in size, so the centroid is not on the axis)
    expected = len(d) * c * c * t - sum(t * _ngon_area(x / 2, N) for x in d)
    assert plate.volume == pytest.approx(expected, rel=1e-12)
    assert np.allclose(plate.bounds, [[-30, -5, 0], [30, 5, 3]])
    with pytest.raises(ValueError, match="less than the cell size"):
        hole_plate(hole_diameters=[12], cell=10)


def test_overhang_test_slabs():
    from stemkit.design3d.primitives import overhang_test

    angles = [0, 30, 45, 60, 75]
    h, t, w = 10.0, 3.0, 8.0
    ramps = overhang_test(angles=angles, height=h, thickness=t, width=w)
    report = ramps.check()
    assert report.watertight and report.winding_consistent
    assert ramps.volume == pytest.approx(len(angles) * h * t * w, rel=1e-12)  # leaning keeps the volume
    assert ramps.bounds[1, 1] == pytest.approx(t + h * math.tan(math.radians(75)))
    leans = ramps.overhang_angles()
    undersides = leans[(leans > 0) & (leans < 89)]
    assert sorted(set(np.round(undersides, 9))) == [30, 45, 60, 75]
    # the 45° rule: only the 60° and 75° undersides need support (2 triangles each)
    needs = ramps.needs_support()
    assert needs.sum() == 4 and set(np.round(leans[needs], 9)) == {60, 75}
    same = overhang_test(angles=np.radians(angles), unit="rad", height=h, thickness=t, width=w)
    assert np.allclose(same.vertices, ramps.vertices)
    with pytest.raises(ValueError, match="under 85"):
        overhang_test(angles=[90])
