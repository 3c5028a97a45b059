"""Slicing against closed forms, the volume integral and reference slicers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stemkit.design3d import slicing as sl

# ---------------------------------------------------------------------------
# hand-built closed meshes (outward-facing, counter-clockwise from outside)


def box(x0, y0, z0, x1, y1, z1):
    v = np.array([[x, y, z] for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)], float)
    # corners: 0 (x0,y0,z0) 1 (x1,y0,z0) 2 (x0,y1,z0) 3 (x1,y1,z0), 4-7 the same at z1
    f = np.array([
        [0, 2, 3], [0, 3, 1],   # bottom, normal -z
        [4, 5, 7], [4, 7, 6],   # top, +z
        [0, 1, 5], [0, 5, 4],   # y0 side, -y
        [2, 6, 7], [2, 7, 3],   # y1 side, +y
        [0, 4, 6], [0, 6, 2],   # x0 side, -x
        [1, 3, 7], [1, 7, 5],   # x1 side, +x
    ])
    return v, f


def prism(radius, height, segments, z0=0.0):
    """A cylinder with flat faces: a regular polygon extruded from z0 to z0 + height."""
    a = 2 * np.pi * np.arange(segments) / segments
    ring = np.stack([radius * np.cos(a), radius * np.sin(a)], axis=1)
    v = np.vstack([np.c_[ring, np.full(segments, z0)], np.c_[ring, np.full(segments, z0 + height)],
                   [[0, 0, z0], [0, 0, z0 + height]]])
    n = segments
    faces = []
    for i in range(n):
        j = (i + 1) % n
        faces += [[i, j, n + j], [i, n + j, n + i],   # side
                  [2 * n, j, i],                      # bottom fan, normal -z
                  [2 * n + 1, n + i, n + j]]          # top fan, +z
    return v, np.array(faces)


def flipped(mesh):
    v, f = mesh
    return v, f[:, ::-1]


def merge(*meshes):
    vs, fs, offset = [], [], 0
    for v, f in meshes:
        vs.append(v)
        fs.append(f + offset)
        offset += len(v)
    return np.vstack(vs), np.vstack(fs)


def uv_sphere(radius, n_lat, n_lon):
    lat = np.pi * np.arange(1, n_lat) / n_lat
    lon = 2 * np.pi * np.arange(n_lon) / n_lon
    pts = [[0, 0, -radius]]
    for t in lat[::-1]:
        for p in lon:
            pts.append([radius * np.sin(t) * np.cos(p), radius * np.sin(t) * np.sin(p), radius * np.cos(t)])
    pts.append([0, 0, radius])
    v = np.array(pts)
    rings = n_lat - 1
    faces = []
    for j in range(n_lon):
        k = (j + 1) % n_lon
        faces.append([0, 1 + k, 1 + j])
        for r in range(rings - 1):
            a, b = 1 + r * n_lon, 1 + (r + 1) * n_lon
            faces += [[a + j, a + k, b + k], [a + j, b + k, b + j]]
        top = len(v) - 1
        last = 1 + (rings - 1) * n_lon
        faces.append([top, last + j, last + k])
    return v, np.array(faces)


def signed_volume(mesh):
    v, f = mesh
    a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
    return float(np.einsum("ij,ij->i", a, np.cross(b, c)).sum() / 6)


@pytest.mark.parametrize("mesh", [box(0, 0, 0, 1, 1, 1), prism(3, 2, 12), uv_sphere(5, 12, 16)])
def test_hand_built_meshes_are_outward(mesh):
    assert signed_volume(mesh) > 0


# ---------------------------------------------------------------------------
# shoelace


def test_loop_area_closed_forms():
    assert sl.loop_area([[0, 0], [4, 0], [4, 3], [0, 3]]) == 12.0
    assert sl.loop_area([[0, 0], [0, 3], [4, 3], [4, 0]]) == -12.0
    n, r = 7, 2.0
    a = 2 * np.pi * np.arange(n) / n
    heptagon = np.c_[r * np.cos(a), r * np.sin(a)]
    assert sl.loop_area(heptagon) == pytest.approx(n / 2 * r**2 * np.sin(2 * np.pi / n), rel=1e-14)
    # far from the origin the area is unchanged (translation invariance, no cancellation loss)
    assert sl.loop_area(heptagon + 1e6) == pytest.approx(sl.loop_area(heptagon), rel=1e-9)
    # the starting corner does not matter
    assert sl.loop_area(np.roll(heptagon, 3, axis=0)) == pytest.approx(sl.loop_area(heptagon), rel=1e-14)


def test_loop_area_bad_shape():
    with pytest.raises(ValueError, match="k x 2"):
        sl.loop_area([1, 2, 3])


# ---------------------------------------------------------------------------
# layer areas against closed forms


def test_box_layers():
    mesh = box(-2, 1, 0.5, 3, 4, 10.5)            # 5 × 3 mm, 10 mm tall
    z = np.linspace(0.6, 10.4, 25)
    np.testing.assert_allclose(sl.layer_areas(mesh, heights=z), 15.0, rtol=1e-13)
    layers = sl.slice_mesh(mesh, heights=z)
    assert all(len(L.loops) == 1 and L.n_holes == 0 for L in layers)
    # the cut through each side's diagonal adds no corner: a rectangle has 4
    assert all(len(L.loops[0]) == 4 for L in layers)
    corners = {tuple(p) for p in layers[3].loops[0].tolist()}
    assert corners == {(-2.0, 1.0), (3.0, 1.0), (3.0, 4.0), (-2.0, 4.0)}
    assert all(L.area == pytest.approx(15.0, rel=1e-13) for L in layers)
    # outside the part there is nothing
    np.testing.assert_array_equal(sl.layer_areas(mesh, heights=[-1.0, 0.4, 10.6, 50]), 0.0)


def test_cylinder_layers_match_the_polygon_area():
    r, n = 4.0, 48
    mesh = prism(r, 6.0, n)
    expected = n / 2 * r**2 * math.sin(2 * math.pi / n)     # the inscribed 48-gon
    areas = sl.layer_areas(mesh, heights=np.linspace(0.1, 5.9, 30))
    np.testing.assert_allclose(areas, expected, rtol=1e-12)
    # and within the faceting error of the true circle
    assert abs(expected - math.pi * r**2) / (math.pi * r**2) < (2 * math.pi / n) ** 2 / 6


def test_segments_point_along_z_cross_normal():
    layer, seg = sl.slice_segments(box(0, 0, 0, 2, 2, 2), heights=[1.0])
    assert len(seg) == 8 and set(layer.tolist()) == {0}
    d = seg[:, 1] - seg[:, 0]
    mid = seg.mean(axis=1) - 1.0
    # material on the left: the outward direction is the direction rotated clockwise
    outward = np.c_[d[:, 1], -d[:, 0]]
    assert np.all(np.einsum("ij,ij->i", outward, mid) > 0)


def test_hollow_part_has_a_clockwise_hole():
    outer = box(0, 0, 0, 20, 20, 10)
    inner = flipped(box(5, 6, 0, 15, 12, 10))     # a square hole right through, faces pointing into it
    tube = merge(outer, inner)
    layer = sl.slice_mesh(tube, heights=[5.0])[0]
    assert len(layer.loops) == 2 and layer.n_holes == 1
    hole = layer.loops[layer.is_hole.index(True)]
    assert sl.loop_area(hole) == pytest.approx(-60.0)
    assert layer.area == pytest.approx(400.0 - 60.0)
    assert len(layer.polygons) == 1 and len(layer.polygons[0].holes) == 1
    assert sl.loop_area(layer.polygons[0].outer) == pytest.approx(400.0)
    assert sl.layer_areas(tube, heights=[5.0])[0] == pytest.approx(340.0)


def test_nested_islands_and_separate_parts():
    # a tube with a solid peg standing inside its hole, plus a separate block: 3 polygons, 1 hole
    tube = merge(box(0, 0, 0, 20, 20, 10), flipped(box(4, 4, 0, 16, 16, 10)))
    peg = box(8, 8, 0, 12, 12, 10)
    block = box(30, 0, 0, 35, 5, 10)
    layer = sl.slice_mesh(merge(tube, peg, block), heights=[2.0])[0]
    assert len(layer.loops) == 4 and layer.n_holes == 1
    assert len(layer.polygons) == 3
    areas = sorted(p.area for p in layer.polygons)
    assert areas == pytest.approx([16.0, 25.0, 400.0 - 144.0])
    for p in layer.polygons:
        assert sl.loop_area(p.outer) > 0
        assert all(sl.loop_area(h) < 0 for h in p.holes)


def test_inside_out_mesh_is_reoriented_by_nesting():
    mesh = flipped(box(0, 0, 0, 2, 3, 1))
    assert sl.layer_areas(mesh, heights=[0.5])[0] == pytest.approx(-6.0)   # fast path shows the flip
    layer = sl.slice_mesh(mesh, heights=[0.5])[0]
    assert layer.area == pytest.approx(6.0) and sl.loop_area(layer.loops[0]) > 0


# ---------------------------------------------------------------------------
# the degenerate-case rule


def test_plane_through_faces_and_vertices():
    mesh = box(0, 0, 0, 4, 5, 3)
    # exactly at the bottom face: cut just below it; exactly at the top: cut just below it
    np.testing.assert_allclose(sl.layer_areas(mesh, heights=[0.0, 3.0]), [0.0, 20.0])
    layers = sl.slice_mesh(mesh, heights=[0.0, 3.0])
    assert layers[0].loops == () and layers[1].area == pytest.approx(20.0)
    # the limit from below agrees with the rule
    assert sl.layer_areas(mesh, heights=[3.0 - 1e-9])[0] == pytest.approx(20.0)


def test_plane_through_a_vertex_of_a_diamond():
    # an octahedron: a plane through the 4 equator corners, and through the tips
    v = np.array([[1, 0, 0], [0, 1, 0], [-1, 0, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], float)
    f = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [1, 0, 5], [2, 1, 5], [3, 2, 5], [0, 3, 5]])
    assert signed_volume((v, f)) > 0
    layers = sl.slice_mesh((v, f), heights=[0.0, 1.0, -1.0, 0.5])
    assert layers[0].area == pytest.approx(2.0) and len(layers[0].loops) == 1
    assert len(layers[0].loops[0]) == 4                 # zero-length segments dropped
    assert layers[1].loops == ()                        # the top tip: loop shrinks to a point, dropped
    assert layers[2].loops == ()
    assert layers[3].area == pytest.approx(0.5)
    np.testing.assert_allclose(sl.layer_areas((v, f), heights=[0.0, 1.0, -1.0, 0.5]), [2, 0, 0, 0.5])


def test_triangle_soup_is_welded():
    v, f = box(0, 0, 0, 2, 2, 2)
    soup = (v[f].reshape(-1, 3), np.arange(3 * len(f)).reshape(-1, 3))   # every corner repeated, as in STL
    layer = sl.slice_mesh(soup, heights=[1.0])[0]
    assert len(layer.loops) == 1 and layer.area == pytest.approx(4.0)


def test_open_mesh_is_reported():
    v, f = box(0, 0, 0, 2, 2, 2)
    with pytest.raises(ValueError, match=r"z = 1 mm.*watertight"):
        sl.slice_mesh((v, f[:-1]), heights=[1.0])


def test_bad_input():
    with pytest.raises(TypeError, match="mesh"):
        sl.layer_areas("cube.stl", heights=[1.0])
    with pytest.raises(ValueError, match="heights"):
        sl.layer_areas(box(0, 0, 0, 1, 1, 1), heights=[0.5, float("nan")])
    with pytest.raises(ValueError, match="layer height must be > 0"):
        sl.layer_heights(box(0, 0, 0, 1, 1, 1), layer_height=0)
    v, f = box(0, 0, 0, 1, 1, 1)
    v[3, 0] = np.nan
    with pytest.raises(ValueError, match="finite"):
        sl.layer_areas((v, f), heights=[0.5])


# ---------------------------------------------------------------------------
# layer areas integrate to the volume


def test_layers_integrate_to_the_volume():
    t = 0.2
    cyl = prism(5.0, 8.0, 40, z0=1.0)
    z = sl.layer_heights(cyl, layer_height=t)
    assert len(z) == 40 and z[0] == pytest.approx(1.1)
    # a prism has constant area: the midpoint rule is exact
    assert sl.layer_areas(cyl, heights=z).sum() * t == pytest.approx(signed_volume(cyl), rel=1e-12)

    # a cone has A(z) = c R² (1 - z/H)², a parabola: the midpoint rule misses exactly
    # A'' H t² / 24 = c R² t² / (12 H)
    R, H, n = 6.0, 9.0, 30
    a = 2 * np.pi * np.arange(n) / n
    v = np.vstack([np.c_[R * np.cos(a), R * np.sin(a), np.zeros(n)], [[0, 0, 0], [0, 0, H]]])
    f = np.array([[n, (i + 1) % n, i] for i in range(n)] + [[i, (i + 1) % n, n + 1] for i in range(n)])
    c = n / 2 * math.sin(2 * math.pi / n)
    volume = c * R**2 * H / 3
    assert signed_volume((v, f)) == pytest.approx(volume, rel=1e-12)
    for t in (1.0, 0.3, 0.1):
        z = sl.layer_heights((v, f), layer_height=t)
        total = sl.layer_areas((v, f), heights=z).sum() * t
        assert total == pytest.approx(volume - c * R**2 * t**2 / (12 * H), rel=1e-10)

    # a round part: the error shrinks like t² as the layers get thinner
    sphere = uv_sphere(10.0, 40, 64)
    volume = signed_volume(sphere)
    errors = []
    for t in (1.0, 0.5, 0.25):
        z = sl.layer_heights(sphere, layer_height=t)
        errors.append(abs(sl.layer_areas(sphere, heights=z).sum() * t - volume))
    assert errors[0] / volume < 0.003
    assert errors[1] < errors[0] / 3 and errors[2] < errors[1] / 3


def test_slice_mesh_and_layer_areas_agree():
    sphere = uv_sphere(7.0, 24, 36)
    z = np.linspace(-6.9, 6.9, 40)
    fast = sl.layer_areas(sphere, heights=z)
    layers = sl.slice_mesh(sphere, heights=z)
    np.testing.assert_allclose([L.area for L in layers], fast, rtol=1e-12, atol=1e-12)
    assert [L.z for L in layers] == pytest.approx(z.tolist())
    # any order of heights gives the same answers in that order
    shuffled = np.random.default_rng(5).permutation(z)
    np.testing.assert_allclose(sl.layer_areas(sphere, heights=shuffled),
                               fast[np.searchsorted(z, shuffled)], rtol=1e-12)


# ---------------------------------------------------------------------------
# reference tools


def _reference_meshes(trimesh):
    return [
        trimesh.creation.icosphere(subdivisions=3, radius=12.0),
        trimesh.creation.annulus(r_min=3.0, r_max=8.0, height=10.0),
        trimesh.creation.cylinder(radius=5.0, height=7.0, sections=33),
        trimesh.creation.capsule(height=10.0, radius=4.0),
        trimesh.creation.box(extents=(3.0, 7.0, 2.0)),
        trimesh.creation.torus(major_radius=10.0, minor_radius=3.0),
    ]


def _even_odd_area(loops):
    """Net area of closed loops by the even-odd rule, written independently of stemkit."""
    total = 0.0
    for i, p in enumerate(loops):
        x, y = p[:, 0], p[:, 1]
        a = abs(0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))
        px, py = p[0]
        depth = 0
        for j, q in enumerate(loops):
            if j == i:
                continue
            x0, y0, x1, y1 = q[:, 0], q[:, 1], np.roll(q[:, 0], -1), np.roll(q[:, 1], -1)
            s = (y0 > py) != (y1 > py)
            xc = x0[s] + (py - y0[s]) * (x1[s] - x0[s]) / (y1[s] - y0[s])
            depth += np.count_nonzero(xc > px) % 2
        total += a if depth % 2 == 0 else -a
    return total


def test_layer_areas_match_trimesh_section_multiplane():
    trimesh = pytest.importorskip("trimesh", reason="trimesh is a dev extra")
    for m in _reference_meshes(trimesh):
        z0 = m.bounds[0, 2]
        z = np.linspace(z0 + 0.013, m.bounds[1, 2] - 0.017, 17)
        # section_multiplane's heights are offsets from plane_origin, not absolute z
        sections = m.section_multiplane(plane_origin=[0, 0, z0], plane_normal=[0, 0, 1], heights=z - z0)
        ref = np.array([0.0 if s is None else _even_odd_area([np.asarray(d)[:-1] for d in s.discrete])
                        for s in sections])
        ours = sl.layer_areas((m.vertices, m.faces), heights=z)
        np.testing.assert_allclose(ours, ref, rtol=1e-6, atol=1e-9)
        loops = [len(L.loops) for L in sl.slice_mesh((m.vertices, m.faces), heights=z)]
        assert loops == [0 if s is None else len(s.discrete) for s in sections]


def test_layer_areas_match_manifold3d_slice():
    m3 = pytest.importorskip("manifold3d", reason="manifold3d is a dev extra")
    trimesh = pytest.importorskip("trimesh", reason="trimesh builds the test meshes")
    for m in _reference_meshes(trimesh):
        v = np.asarray(m.vertices, np.float32)      # manifold3d stores float32 corners: slice those
        solid = m3.Manifold(m3.Mesh(vert_properties=v, tri_verts=np.asarray(m.faces, np.uint32)))
        z = np.linspace(v[:, 2].min() + 0.011, v[:, 2].max() - 0.019, 13)
        ref = np.array([solid.slice(float(h)).area() for h in z])
        ours = sl.layer_areas((v.astype(np.float64), m.faces), heights=z)
        np.testing.assert_allclose(ours, ref, rtol=1e-6, atol=1e-9)


def test_accepts_a_stemkit_mesh():
    from stemkit.design3d import primitives

    rod = primitives.cylinder(radius=6.0, height=12.0, segments=36)
    z = sl.layer_heights(rod, layer_height=0.3)
    assert len(z) == 40
    # a prism: the stack of layers is exactly the mesh's own volume (signed tetrahedra)
    assert sl.layer_areas(rod, heights=z).sum() * 0.3 == pytest.approx(rod.volume, rel=1e-12)
    layer = sl.slice_mesh(rod, heights=[6.0])[0]
    assert len(layer.loops[0]) == 36
    np.testing.assert_allclose(np.hypot(*layer.loops[0].T), 6.0)


# ---------------------------------------------------------------------------
# property test: planes through corners, edges and faces always give closed loops

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _rotation(rx, ry):
    cx, sx, cy, sy = np.cos(rx), np.sin(rx), np.cos(ry), np.sin(ry)
    return np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]]) @ np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])


@settings(max_examples=60, deadline=2000)
@given(kind=st.sampled_from(["prism", "tube", "sphere", "diamond"]),
       segments=st.integers(3, 24),
       turn=st.sampled_from([0.0, np.pi / 2, np.pi / 4, 0.3]),
       picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=12),
       offsets=st.lists(st.floats(-1.0, 1.0), max_size=6))
def test_degenerate_planes_always_close(kind, segments, turn, picks, offsets):
    if kind == "prism":
        v, f = prism(5.0, 4.0, segments)
    elif kind == "tube":
        v, f = merge(prism(5.0, 4.0, segments), flipped(prism(3.0, 4.0, segments)))
    elif kind == "sphere":
        v, f = uv_sphere(4.0, max(3, segments // 2), max(3, segments))
    else:
        v = np.array([[1, 0, 0], [0, 1, 0], [-1, 0, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]], float) * 3
        f = np.array([[0, 1, 4], [1, 2, 4], [2, 3, 4], [3, 0, 4], [1, 0, 5], [2, 1, 5], [3, 2, 5], [0, 3, 5]])
    v = v @ _rotation(turn, turn / 2).T
    # heights exactly at corners (the degenerate case) and some in between
    z = np.concatenate([v[[p % len(v) for p in picks], 2], np.asarray(offsets) * 4.0])
    layers = sl.slice_mesh((v, f), heights=z)
    fast = sl.layer_areas((v, f), heights=z)
    scale = 100.0
    np.testing.assert_allclose([L.area for L in layers], fast, rtol=1e-9, atol=1e-9 * scale)
    assert np.all(fast >= -1e-9 * scale)
    for L in layers:
        for p in L.polygons:
            assert sl.loop_area(p.outer) > 0 and all(sl.loop_area(h) < 0 for h in p.holes)


# ---------------------------------------------------------------------------
# found on real files (trimesh's model library) and by a careless user


def test_corners_a_hair_apart_are_merged_with_the_tolerance_check_uses():
    # angle_block.STL, idler_riser.STL and octagonal_pocket.stl repeat corners 2e-19 mm apart:
    # check() called them watertight while slice_mesh refused them. Both now use 1e-6 mm.
    from stemkit.design3d.mesh import DEFAULT_WELD_TOLERANCE, Mesh

    v, f = box(0, 0, 0, 10, 10, 10)
    soup = v[f].reshape(-1, 3).copy()
    for gap in (2e-19, 3e-7):
        moved = soup.copy()
        moved[[0, 7, 20], 2] += gap * np.array([1, -1, 1])     # three copies of corners nudged
        moved[moved == 0] = 0.0
        mesh = Mesh(moved, np.arange(36).reshape(12, 3))
        assert mesh.check().watertight
        layers = sl.slice_mesh(mesh, heights=[0.5, 5.0, 9.5])
        assert [layer.area for layer in layers] == pytest.approx([100.0] * 3)
    # a real gap, far beyond the tolerance, is still a gap for both
    gapped = soup.copy()
    gapped[0, 2] -= 1000 * DEFAULT_WELD_TOLERANCE
    gapped[0, 0] -= 1000 * DEFAULT_WELD_TOLERANCE
    mesh = Mesh(gapped, np.arange(36).reshape(12, 3))
    assert not mesh.check().watertight


def test_layer_heights_have_physical_limits():
    part = box(0, 0, 0, 20, 20, 20)
    with pytest.raises(ValueError, match=r"between 0.001 mm and 10 mm, got 1e-09 mm \(3D printers use"):
        sl.layer_heights(part, layer_height=1e-9)
    with pytest.raises(ValueError, match="between 0.001 mm and 10 mm"):
        sl.layer_heights(part, layer_height=25)
    with pytest.raises(TypeError, match="layer height must be a number in mm, got '0.2'"):
        sl.layer_heights(part, layer_height="0.2")
    assert len(sl.layer_heights(part, layer_height=0.001)) == 20_000
    tower = box(0, 0, 0, 1, 1, 2000)                         # a 2 m tall part at 1 µm: too many layers
    with pytest.raises(ValueError, match="2e\\+06 layers of 0.001 mm for a part 2000 mm tall"):
        sl.layer_heights(tower, layer_height=0.001)
