"""Mesh: closed-form volumes and areas, invariants under transforms, welding, winding, bad input,
and trimesh side by side."""

import math

import numpy as np
import pytest

from stemkit.design3d import transforms as tf
from stemkit.design3d.mesh import Mesh, fits_build_volume
from stemkit.design3d.primitives import box, cone, cylinder, sphere

rng = np.random.default_rng(11)

TETRA = Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])


def random_rigid(seed):
    r = np.random.default_rng(seed)
    R = tf.rotation_axis(r.normal(size=3), r.uniform(-180, 180), unit="deg")
    return tf.homogeneous(R, offset=r.uniform(-200, 200, size=3))


def test_unit_cube_closed_forms():
    cube = box(size=(1, 1, 1))
    assert cube.volume == pytest.approx(1.0, rel=1e-15)
    assert cube.area == pytest.approx(6.0, rel=1e-15)
    assert np.allclose(cube.centroid, [0, 0, 0.5])
    assert np.allclose(cube.size, [1, 1, 1])


def test_tetrahedron_closed_forms():
    assert TETRA.volume == pytest.approx(1 / 6)
    assert np.allclose(TETRA.centroid, [0.25, 0.25, 0.25])
    # three right-angled faces of area 1/2 and one equilateral face of side √2
    assert TETRA.area == pytest.approx(1.5 + math.sqrt(3) / 4 * 2)
    assert TETRA.is_watertight and TETRA.is_winding_consistent


def test_face_normals_point_out_of_the_cube():
    cube = box(size=(2, 2, 2))
    centres = cube.triangles.mean(axis=1)
    outward = centres - cube.centroid
    assert np.all(np.einsum("ij,ij->i", cube.face_normals, outward) > 0)
    assert np.allclose(np.linalg.norm(cube.face_normals, axis=1), 1)
    # each normal is one of the six axis directions
    assert np.allclose(np.abs(cube.face_normals).max(axis=1), 1)


def test_volume_independent_of_rigid_motion_and_scales_as_cube():
    part = cylinder(radius=7, height=12, segments=40)
    for seed in range(5):
        H = random_rigid(seed)
        moved = part.transformed(H)
        assert moved.volume == pytest.approx(part.volume, rel=1e-11)
        assert moved.area == pytest.approx(part.area, rel=1e-11)
        assert np.allclose(moved.centroid, tf.apply(H, part.centroid), atol=1e-9)
    for s in (0.5, 2.0, 3.7):
        scaled = part.scaled(s)
        assert scaled.volume == pytest.approx(s**3 * part.volume, rel=1e-12)
        assert scaled.area == pytest.approx(s**2 * part.area, rel=1e-12)
    stretched = part.scaled([1, 2, 3])
    assert stretched.volume == pytest.approx(6 * part.volume, rel=1e-12)


def test_mirroring_keeps_the_part_outward():
    part = cone(radius=4, height=9, segments=12).translated([3, 1, 0])
    mirrored = part.transformed(tf.scaling([-1, 1, 1]))
    assert mirrored.volume == pytest.approx(part.volume)
    assert mirrored.check().flipped_faces.size == 0


def test_far_from_origin_volume_is_accurate():
    # summing tetrahedra from a point near the part avoids cancelling huge terms
    far = box(size=(1, 1, 1)).translated([1e6, -1e6, 1e6])
    assert far.volume == pytest.approx(1.0, rel=1e-9)
    assert np.allclose(far.centroid, [1e6, -1e6, 1e6 + 0.5])


@pytest.mark.filterwarnings("ignore::stemkit.design3d.mesh.MeshWarning")
def test_flipped_face_breaks_winding_and_is_reported():
    cube = box(size=(10, 10, 10))
    for faces in ([0], [3, 7], [11]):
        bad = cube.flip_faces(faces)
        report = bad.check()
        assert report.watertight  # still closed
        assert not report.winding_consistent
        assert report.flipped_faces.tolist() == sorted(faces)
        assert bad.volume != pytest.approx(cube.volume)
        fixed = bad.fix_winding()
        assert fixed.is_winding_consistent
        assert fixed.volume == pytest.approx(cube.volume)
    inside_out = cube.flip_faces()
    assert inside_out.volume == pytest.approx(-1000)
    assert inside_out.check().flipped_faces.size == 12
    assert inside_out.fix_winding().volume == pytest.approx(1000)
    assert "flipped faces: [3]" in str(cube.flip_faces([3]).check())


def test_flipped_faces_on_a_big_sphere():
    ball = sphere(radius=10, subdivisions=3)
    picks = rng.choice(ball.n_faces, size=17, replace=False)
    assert ball.flip_faces(picks).check().flipped_faces.tolist() == sorted(picks.tolist())


def test_open_and_nonmanifold_edges():
    cube = box(size=(1, 1, 1))
    opened = Mesh(cube.vertices, cube.faces[1:])
    report = opened.check()
    assert not report.watertight and report.open_edges == 3
    # a third triangle on one edge of two others
    fin = Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1]], [[0, 1, 2], [1, 0, 3], [0, 1, 4]])
    assert fin.check().nonmanifold_edges == 1
    assert not fin.is_watertight


def test_triangle_soup_is_welded():
    cube = box(size=(3, 3, 3))
    soup = Mesh(cube.triangles.reshape(-1, 3), np.arange(36).reshape(12, 3))
    assert soup.n_vertices == 36
    report = soup.check()
    assert report.watertight and report.winding_consistent and report.duplicate_vertices == 28
    welded = soup.weld()
    assert welded.n_vertices == 8 and welded.n_faces == 12
    assert welded.volume == pytest.approx(27)
    # a corner nudged by less than the tolerance still welds; by more, it does not
    nudged = soup.vertices.copy()
    nudged[0] += 1e-4
    assert not Mesh(nudged, soup.faces).check().watertight
    assert Mesh(nudged, soup.faces).check(tolerance=1e-2).watertight


def test_weld_drops_collapsed_triangles_and_unused_vertices():
    m = Mesh([[0, 0, 0], [1, 0, 0], [1, 1e-9, 0], [0, 1, 0], [5, 5, 5]], [[0, 1, 2], [0, 1, 3]])
    w = m.weld(1e-6)
    assert w.n_faces == 1 and w.n_vertices == 3


def test_merge_and_add():
    a = box(size=(1, 2, 3))
    b = sphere(radius=2, subdivisions=1).translated([10, 0, 0])
    both = Mesh.merge(a, b)
    assert both.n_faces == a.n_faces + b.n_faces
    assert both.volume == pytest.approx(a.volume + b.volume)
    assert both == a + b
    assert np.allclose(both.bounds, [np.minimum(a.bounds[0], b.bounds[0]), np.maximum(a.bounds[1], b.bounds[1])])
    assert both.bounds[1, 2] == pytest.approx(4.0) and both.bounds[0, 2] == 0.0
    with pytest.raises(TypeError, match="Mesh objects"):
        Mesh.merge(a, "b")


def test_bounds_ignore_unused_vertices():
    m = Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0], [100, 100, 100]], [[0, 1, 2]])
    assert np.allclose(m.bounds, [[0, 0, 0], [1, 1, 0]])


def test_mesh_is_read_only():
    cube = box(size=(1, 1, 1))
    with pytest.raises(ValueError):
        cube.vertices[0, 0] = 5.0


def test_fits_build_volume():
    assert fits_build_volume([220, 220, 250], build_volume=[220, 220, 250])
    assert not fits_build_volume([220.1, 1, 1], build_volume=[220, 220, 250])
    assert box(size=(300, 5, 5)).transformed(tf.rotation_z(45, unit="deg")).fits([220, 220, 250])
    with pytest.raises(ValueError, match="build_volume"):
        fits_build_volume([1, 1, 1], build_volume=[1, 1])


@pytest.mark.parametrize("vertices, faces, match", [
    ([[0, 0, 0], [1, np.nan, 0], [0, 1, 0]], [[0, 1, 2]], "vertex 1"),
    ([[0, 0, 0], [1, 0, np.inf], [0, 1, 0]], [[0, 1, 2]], "finite"),
    ([[0, 0], [1, 0], [0, 1]], [[0, 1, 2]], "n x 3"),
    ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 3]], "vertex number 3"),
    ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, -1, 2]], "vertex number -1"),
    ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1.5, 2]], "whole vertex numbers"),
    ([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1]], "m x 3"),
    ([["a", 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]], "numbers"),
])
def test_bad_input_is_explained(vertices, faces, match):
    with pytest.raises(ValueError, match=match):
        Mesh(vertices, faces)


@pytest.mark.filterwarnings("ignore::stemkit.design3d.mesh.MeshWarning")
def test_centroid_of_an_open_mesh_is_refused():
    with pytest.raises(ValueError, match="watertight"):
        _ = Mesh([[0, 0, 0], [1, 0, 0], [0, 1, 0]], [[0, 1, 2]]).centroid
    with pytest.raises(ValueError, match="tolerance"):
        box(size=(1, 1, 1)).weld(0)


def test_still_draws_and_the_notebook_display_is_the_3d_view():
    png = box(size=(10, 10, 10)).still()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    bundle = box(size=(10, 10, 10))._repr_mimebundle_()
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["type"] == "mesh3d"


# ---- trimesh side by side --------------------------------------------------------------

def _reference_meshes():
    trimesh = pytest.importorskip("trimesh", reason="trimesh is a dev extra; pip install trimesh")
    meshes = {
        "unit cube": box(size=(1, 1, 1)),
        "plate": box(size=(80, 40, 3)),
        "tetra": TETRA,
        "cylinder 3": cylinder(radius=2, height=5, segments=3),
        "cylinder 64": cylinder(radius=12.5, height=40, segments=64),
        "cone": cone(radius=10, height=25, segments=24),
        "frustum": cone(radius=10, height=8, top_radius=6, segments=30),
        "icosahedron": sphere(radius=5, subdivisions=0),
        "icosphere 3": sphere(radius=15, subdivisions=3),
        "uv sphere": sphere(radius=8, method="uv", segments=20),
        "two parts": Mesh.merge(box(size=(5, 5, 5)), cylinder(radius=2, height=9).translated([20, 0, 0])),
        "scaled cone": cone(radius=3, height=4, segments=9).scaled([2, 0.5, 3]),
        "far cube": box(size=(2, 3, 4)).translated([500, -300, 200]),
    }
    from stemkit.design3d.primitives import bracket, spur_gear

    meshes["gear"] = spur_gear(module=1.5, teeth=17, thickness=6)
    meshes["gear with bore"] = spur_gear(module=2, teeth=9, thickness=4, bore_diameter=5).transformed(random_rigid(9))
    meshes["bracket"] = bracket(base_holes=2, upright_holes=1)
    for seed in range(4):
        meshes[f"moved cylinder {seed}"] = cylinder(radius=3 + seed, height=7, segments=10 + seed).transformed(
            random_rigid(seed))
    # meshes made by trimesh itself, not by stemkit
    made_by_trimesh = {
        "trimesh box": trimesh.creation.box(extents=(3, 4, 5)),
        "trimesh icosphere": trimesh.creation.icosphere(subdivisions=2, radius=7),
        "trimesh capsule": trimesh.creation.capsule(height=10, radius=3),
        "trimesh annulus": trimesh.creation.annulus(r_min=2, r_max=5, height=3),
        "trimesh torus": trimesh.creation.torus(major_radius=10, minor_radius=2),
        "trimesh cylinder": trimesh.creation.cylinder(radius=4, height=9, sections=33),
    }
    for name, t in made_by_trimesh.items():
        meshes[name] = Mesh(t.vertices, t.faces)
    return trimesh, meshes


def test_against_trimesh_on_many_meshes():
    trimesh, meshes = _reference_meshes()
    assert len(meshes) >= 20
    for name, mesh in meshes.items():
        ref = trimesh.Trimesh(vertices=mesh.vertices, faces=mesh.faces, process=False)
        assert mesh.volume == pytest.approx(ref.volume, rel=1e-9), name
        assert mesh.area == pytest.approx(ref.area, rel=1e-9), name
        assert mesh.is_watertight == ref.is_watertight, name
        assert mesh.is_winding_consistent == ref.is_winding_consistent, name
        scale = float(np.abs(ref.bounds).max())
        assert np.allclose(mesh.centroid, ref.center_mass, rtol=1e-9, atol=1e-9 * scale), name
        assert np.allclose(mesh.bounds, ref.bounds), name
        assert np.allclose(mesh.face_normals, ref.face_normals, atol=1e-9), name


def test_against_trimesh_on_broken_meshes():
    trimesh, meshes = _reference_meshes()
    for name in ("unit cube", "icosphere 3", "trimesh torus"):
        mesh = meshes[name]
        broken = Mesh(mesh.vertices, mesh.faces[:-1])  # a missing triangle
        ref = trimesh.Trimesh(vertices=broken.vertices, faces=broken.faces, process=False)
        assert broken.is_watertight is False and ref.is_watertight is False
        flipped = mesh.flip_faces([0])
        ref = trimesh.Trimesh(vertices=flipped.vertices, faces=flipped.faces, process=False)
        assert flipped.is_winding_consistent is False and ref.is_winding_consistent is False


def test_overhang_angles_and_support():
    cube = box(size=(10, 10, 10))
    angles = cube.overhang_angles()
    # bottom faces look straight down (+90°), top faces straight up (-90°), sides are vertical (0°)
    assert np.allclose(np.sort(angles), [-90, -90] + [0] * 8 + [90, 90])
    assert not cube.needs_support().any()  # the bottom rests on the bed
    lifted_ceiling = Mesh.merge(cube, box(size=(30, 30, 2)).translated([0, 0, 10]))
    assert lifted_ceiling.needs_support().sum() == 2  # the bottom of the overhanging plate
    # an upside-down cone: sides lean atan(r cos(π/n) / h) from vertical
    r, h, n = 10.0, 6.0, 32
    funnel = cone(radius=r, height=h, segments=n).transformed(tf.rotation_x(180, unit="deg")).translated([0, 0, h])
    lean = math.degrees(math.atan(r * math.cos(math.pi / n) / h))
    sides = funnel.overhang_angles() > 0
    assert np.allclose(funnel.overhang_angles()[sides], lean)
    assert funnel.needs_support(threshold=45).sum() == n
    assert funnel.needs_support(threshold=60).sum() == 0
    assert np.allclose(funnel.overhang_angles(unit="rad")[sides], math.radians(lean))
    with pytest.raises(ValueError, match="between 0 and 90"):
        funnel.needs_support(threshold=120)


# ---- property-based: any rigid motion keeps volume, area and watertightness ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_finite = st.floats(min_value=-500, max_value=500, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(axis=st.tuples(_finite, _finite, _finite).filter(lambda a: np.linalg.norm(a) > 1e-3),
       angle=st.floats(min_value=-720, max_value=720), offset=st.tuples(_finite, _finite, _finite),
       scale=st.floats(min_value=0.05, max_value=20))
def test_property_rigid_motion_and_scaling(axis, angle, offset, scale):
    part = cylinder(radius=3, height=5, segments=9)
    H = tf.compose(tf.scaling(scale), tf.rotation_axis(axis, angle, unit="deg"), tf.translation(offset))
    moved = part.transformed(H)
    assert moved.volume == pytest.approx(scale**3 * part.volume, rel=1e-9)
    assert moved.area == pytest.approx(scale**2 * part.area, rel=1e-9)
    assert moved.check(tolerance=1e-9).watertight
    assert np.allclose(moved.centroid, tf.apply(H, part.centroid), atol=1e-8 * (1 + np.abs(offset).max()))


@pytest.mark.parametrize("low, high", [(-5, 5), (-2**40, 2**40)])  # packed into one integer, and not
def test_grouping_rows_matches_numpy_unique(low, high):
    from stemkit.design3d.mesh import _group_rows

    keys = rng.integers(low, high, size=(3000, 3))
    keys[1500:] = keys[rng.integers(0, 1500, size=1500)]  # plenty of repeats
    first, inverse = _group_rows(keys)
    _u, ref_first, ref_inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    assert sorted(first.tolist()) == sorted(ref_first.tolist())  # the first row of every group
    assert np.array_equal(keys[first][inverse], keys)             # every row maps to its group
    # two rows share a group exactly when numpy says so
    assert np.array_equal(inverse[:, None] == inverse[None, :200], ref_inverse.reshape(-1)[:, None] == ref_inverse.reshape(-1)[None, :200])


def test_weld_keeps_the_order_of_first_appearance():
    part = sphere(radius=5, subdivisions=2)
    soup = Mesh(part.triangles.reshape(-1, 3), np.arange(3 * part.n_faces).reshape(-1, 3))
    welded = soup.weld()
    first_seen = np.unique(part.faces.reshape(-1), return_index=True)[1]
    assert np.array_equal(welded.vertices, part.vertices[part.faces.reshape(-1)[np.sort(first_seen)]])


# ---- bodies, and warnings on meshes that do not enclose a volume ------------------------------------

def test_body_count():
    cube = box(size=(1, 1, 1))
    assert cube.n_bodies == 1 and cube.check().bodies == 1
    two = Mesh.merge(cube, cube.translated([3, 0, 0]))
    assert two.n_bodies == 2
    # cubes that touch at one corner share no edge: still two bodies
    corner = Mesh.merge(cube, cube.translated([1, 1, 1]))
    assert corner.n_bodies == 2
    # an STL soup (every corner repeated) is welded first
    soup = Mesh(two.triangles.reshape(-1, 3), np.arange(3 * two.n_faces).reshape(-1, 3))
    assert soup.n_bodies == 2
    pieces = Mesh.merge(cube, box(size=(2, 2, 2)).translated([5, 0, 0]), cube.translated([-5, 0, 0])).bodies()
    assert [round(p.volume) for p in pieces] == [8, 1, 1]
    assert sum(p.n_faces for p in pieces) == 36


def test_body_count_against_trimesh():
    trimesh = pytest.importorskip("trimesh", reason="trimesh is a dev extra; pip install trimesh")
    parts = [sphere(radius=3, subdivisions=2).translated([10 * k, 0, 0]) for k in range(4)]
    mesh = Mesh.merge(*parts, cylinder(radius=1, height=2, segments=12).translated([0, 20, 0]))
    reference = trimesh.Trimesh(vertices=mesh.vertices, faces=mesh.faces, process=False)
    assert mesh.n_bodies == reference.body_count == 5


def test_volume_centroid_and_areas_warn_on_open_or_flipped_meshes():
    import warnings

    from stemkit.design3d import slicing
    from stemkit.design3d.mesh import MeshWarning

    cube = box(size=(10, 10, 10))
    with warnings.catch_warnings():
        warnings.simplefilter("error")                       # a closed mesh: no warning at all
        _ = cube.volume, cube.centroid, slicing.layer_areas(cube, heights=[5.0])
        soup = Mesh(cube.triangles.reshape(-1, 3), np.arange(36).reshape(12, 3))
        assert soup.volume == pytest.approx(1000.0)
    open_box = Mesh(cube.vertices, cube.faces[:-2])          # one side missing
    with pytest.warns(MeshWarning, match=r"volume may be wrong: the mesh is not closed \(edges that belong"):
        _ = open_box.volume
    with pytest.warns(MeshWarning, match="centroid may be wrong"):
        _ = open_box.centroid
    # a box without its top: its slices are not the slices of a solid, and now that is said
    no_top = Mesh(cube.vertices, np.delete(cube.faces, [2, 3], axis=0))
    with pytest.warns(MeshWarning, match="layer areas may be wrong: the mesh is not closed"):
        slicing.layer_areas(no_top, heights=[5.0, 10.0])
    with pytest.warns(MeshWarning, match=r"inconsistently wound \(faces pointing the wrong way: 1\)"):
        _ = cube.flip_faces([4]).volume
    # a (vertices, faces) pair warns the same way
    with pytest.warns(MeshWarning, match="not closed"):
        slicing.layer_areas((no_top.vertices, no_top.faces), heights=[5.0])
