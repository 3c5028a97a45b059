"""Geometry explorers of the design3d room, driven without a browser."""

import numpy as np
import pytest

from stemkit.design3d import transforms as tf
from stemkit.design3d.explorers import MeshViewerExplorer, TransformExplorer
from stemkit.design3d.primitives import box, sphere

BIG = sphere(radius=20, subdivisions=5)  # 20,480 triangles, the size limit for a fast update



def _assert_draws(ex, mesh, *, elevation=None, azimuth=None):
    """The filled triangles are the mesh's triangles seen from the view, far ones first."""
    from stemkit.ui.figure import project

    view = ex._view
    el = view.elevation if elevation is None else elevation
    az = view.azimuth if azimuth is None else azimuth
    u, v, depth = project(mesh.triangles.reshape(-1, 3), elevation=el, azimuth=az)
    u, v, depth = u.reshape(-1, 3), v.reshape(-1, 3), depth.reshape(-1, 3)
    xs, ys = np.atleast_2d(view.faces.x), np.atleast_2d(view.faces.y)
    report = mesh.check()
    if report.watertight and len(report.flipped_faces) == 0:
        # a closed part: the faces turned away from the eye are hidden by the near side, and left out
        _u, _v, eye = project(np.eye(3), elevation=el, azimuth=az)
        keep = mesh.face_normals @ eye > -1e-9
        u, v, depth = u[keep], v[keep], depth[keep]
    assert xs.shape == (len(u), 4)
    np.testing.assert_allclose(xs[:, 0], xs[:, 3])     # each triangle is closed
    drawn = np.stack([xs[:, :3], ys[:, :3]], axis=-1).reshape(len(xs), -1)
    expected = np.stack([u, v], axis=-1).reshape(len(u), -1)

    def key(a):   # compare as sets of triangles
        return a[np.lexsort(np.round(a, 9).T)]

    np.testing.assert_allclose(key(drawn), key(expected), atol=1e-9)
    mean_depth = depth.mean(axis=1)
    order = np.argsort(mean_depth, kind="stable")
    np.testing.assert_allclose(xs[:, :3], u[order], atol=1e-9)   # painter's order: far to near


def _red_faces(ex) -> int:
    colours = [tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in ex._view.faces.fill_colors]
    return sum(1 for r, g, _b in colours if r > g + 40)

def _median_update(explorer, name, values):
    times = []
    for v in values:
        explorer.controls[name].value = v
        assert explorer.last_error is None, explorer.last_error
        times.append(explorer.last_update_s)
    return float(np.median(times))


def test_transform_explorer_starts_at_bed_centre():
    ex = TransformExplorer()
    assert ex.last_error is None
    assert np.allclose(ex.result["bounds"], [[90, 100, 0], [130, 120, 10]])
    assert ex.result["fits"] is True
    assert ex.readout_values["inside the build volume?"] == "yes"
    assert ex.readout_values["size (x, y, z)"] == "(40, 20, 10) mm"


def test_transform_explorer_matrix_and_mesh_follow_the_sliders():
    part = box(size=(40, 20, 10))
    ex = TransformExplorer(part)
    ex.set(rz=90, dx=50, dy=60, dz=5)
    expected = tf.compose(tf.rotation_z(90, unit="deg"), tf.translation([50, 60, 5]))
    assert np.allclose(ex.result["matrix"], expected)
    # turning by 90° swaps the x and y sizes
    assert np.allclose(ex.result["size"], [20, 40, 10])
    assert np.allclose(ex.result["bounds"][0], [40, 40, 5])
    # the drawn triangles are the moved part's triangles
    _assert_draws(ex, ex.result["mesh"])
    # volume does not change when a part is moved
    assert np.isclose(ex.result["volume"], part.volume)


def test_transform_explorer_order_matters_and_leaving_the_bed_is_flagged():
    ex = TransformExplorer()
    ex.set(rz=90, dx=100, dy=0)
    turn_move = ex.result["bounds"].copy()
    ex.set(order="move-turn")
    move_turn = ex.result["bounds"]
    assert not np.allclose(turn_move, move_turn)
    # moving first then turning about the origin swings the part off the bed (x < 0)
    assert ex.result["fits"] is False
    assert ex.readout_values["inside the build volume?"].startswith("no")


def test_transform_explorer_updates_cleanly_on_20k_triangles():
    ex = TransformExplorer(BIG)
    _median_update(ex, "rz", list(range(-90, 90, 9)))  # speed is measured in benchmarks/bench_explorers.py
def test_mesh_viewer_numbers_and_normals():
    part = box(size=(30, 20, 10))
    ex = MeshViewerExplorer({"block": part, "bad block": part.flip_faces([3])})
    assert ex.result["volume"] == pytest.approx(6000)
    assert ex.result["area"] == pytest.approx(2200)
    assert ex.readout_values["watertight?"] == "yes"
    assert ex.readout_values["flipped faces"] == "0"
    assert len(ex._view.normals.x) == 0
    ex.set(normals=True)
    assert np.asarray(ex._view.normals.x).shape == (12, 2)   # one line per triangle
    ex.set(part="bad block")
    assert ex.result["flipped_faces"].tolist() == [3]
    assert ex.readout_values["flipped faces"] == "1"
    ex.set(elevation=60, azimuth=30)
    assert ex._view.elevation == 60 and ex._view.azimuth == 30
    _assert_draws(ex, ex.meshes["bad block"], elevation=60, azimuth=30)


def test_mesh_viewer_updates_cleanly_on_20k_triangles():
    ex = MeshViewerExplorer(BIG)
    _median_update(ex, "azimuth", list(range(-100, 100, 10)))  # speed is measured in benchmarks/bench_explorers.py
    _median_update(ex, "normals", [True, False] * 10)  # speed is measured in benchmarks/bench_explorers.py
def test_explorers_reject_non_meshes():
    with pytest.raises(TypeError, match="must be a Mesh"):
        TransformExplorer("cube")


def test_mesh_viewer_colours_faces_that_need_support():
    from stemkit.design3d.mesh import Mesh

    t_shape = Mesh.merge(box(size=(10, 10, 10)), box(size=(30, 30, 2)).translated([0, 0, 10]))
    ex = MeshViewerExplorer(t_shape)
    assert ex.result["support_faces"] is None
    ex.set(elevation=-45)                  # the faces that need support face down: look from below
    assert _red_faces(ex) == 0
    ex.set(support=True)
    assert ex.result["support_faces"] == 2
    assert ex.readout_values["faces that need support"] == "2"
    assert _red_faces(ex) == int(t_shape.needs_support().sum()) == 2
    ex.set(elevation=45)                   # from above they are hidden behind the part
    assert _red_faces(ex) == 0


def test_part_explorer_box_volume_filament_and_mass():
    import math

    from stemkit.design3d.explorers import PartExplorer

    ex = PartExplorer()
    ex.set(x=20, y=20, z=20)
    assert ex.result["volume"] == pytest.approx(8000)
    # filament is a 1.75 mm cylinder: L = V / (π d² / 4)
    assert ex.result["filament_length"] == pytest.approx(8000 / (math.pi * 1.75**2 / 4))
    assert ex.result["mass"] == pytest.approx(8000 / 1000 * 1.24)
    assert ex.readout_values["volume"] == "8 cm³"
    assert ex.readout_values["mass"] == "9.92 g at 1.24 g/cm³"
    _assert_draws(ex, ex.result["mesh"], elevation=30, azimuth=-60)
    # doubling every side: 8 times the plastic
    ex.set(x=40, y=40, z=40)
    assert ex.result["volume"] == pytest.approx(8 * 8000)


def test_part_explorer_gear_sizes_and_speed():
    from stemkit.design3d.explorers import PartExplorer
    from stemkit.design3d.primitives import gear_profile, polygon_area

    ex = PartExplorer(part="gear")
    ex.set(teeth=24, module=2.0, thickness=5, bore=0)
    assert ex.result["pitch_diameter"] == 48.0 and ex.result["outside_diameter"] == 52.0
    assert ex.readout_values["outside diameter"] == "52 mm"
    area = polygon_area(gear_profile(module=2.0, teeth=24, points_per_flank=4))
    assert ex.result["volume"] == pytest.approx(area * 5, rel=1e-12)
    assert ex.result["size"][0] == pytest.approx(52.0, abs=0.05)
    ex.set(bore=6)
    assert ex.result["volume"] < area * 5
    _median_update(ex, "teeth", list(range(41, 61)))  # speed is measured in benchmarks/bench_explorers.py
    ex.set(teeth=6, module=0.5, bore=10)  # a bore bigger than the root circle: the explorer shows why
    assert "root diameter" in ex.last_error
    ex.set(bore=1)
    assert ex.last_error is None
