"""Drawing helpers for meshes (the geometry section of design3d/plots.py)."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from stemkit.design3d import plots
from stemkit.design3d.primitives import box, cone


def _axes():
    return Figure().add_subplot(projection="3d")


def test_draw_mesh_draws_every_triangle_and_optional_normals():
    ax = _axes()
    part = cone(radius=5, height=8, segments=10)
    art = plots.draw_mesh(ax, part, show_normals=True, normal_length=2.0)
    assert np.allclose(np.asarray(art["surface"]._faces), part.triangles)
    segments = np.asarray(art["normals"]._segments3d)
    assert segments.shape == (part.n_faces, 2, 3)
    assert np.allclose(segments[:, 0], part.triangles.mean(axis=1))
    assert np.allclose(np.linalg.norm(segments[:, 1] - segments[:, 0], axis=1), 2.0)
    assert np.allclose(segments[:, 1] - segments[:, 0], 2.0 * part.face_normals)


def test_shading_follows_the_light_and_highlight_is_red():
    ax = _axes()
    cube = box(size=(1, 1, 1))
    art = plots.draw_mesh(ax, cube)
    colours = np.asarray(art["surface"]._facecolor3d)
    lit = cube.face_normals @ plots.LIGHT
    # faces turned more towards the light are at least as bright
    brightness = colours[:, :3].sum(axis=1)
    order = np.argsort(lit)
    assert np.all(np.diff(brightness[order]) >= -1e-12)
    mask = np.zeros(cube.n_faces, dtype=bool)
    mask[[0, 1]] = True
    plots.update_mesh(art, cube, highlight=mask)
    colours = np.asarray(art["surface"]._facecolor3d)
    assert np.all(colours[mask, 0] > colours[mask, 2])     # reddish
    assert np.all(colours[~mask, 2] > colours[~mask, 0])   # the blue part colour


def test_update_mesh_replaces_the_triangles():
    ax = _axes()
    art = plots.draw_mesh(ax, box(size=(1, 1, 1)))
    bigger = cone(radius=3, height=3, segments=7)
    plots.update_mesh(art, bigger, show_normals=True)
    assert np.allclose(np.asarray(art["surface"]._faces), bigger.triangles)
    assert art["normals"].get_visible()


def test_build_volume_box_and_equal_view():
    ax = _axes()
    art = plots.draw_build_volume(ax, (220, 220, 250))
    edges = np.asarray(art["edges"]._segments3d)
    assert edges.shape == (12, 2, 3)
    assert np.allclose(edges.reshape(-1, 3).min(axis=0), 0) and np.allclose(edges.reshape(-1, 3).max(axis=0), [220, 220, 250])
    plots.set_equal_view(ax, [[0, 0, 0], [220, 220, 250]], pad=0)
    spans = [np.ptp(lim) for lim in (ax.get_xlim(), ax.get_ylim(), ax.get_zlim())]
    assert spans == pytest.approx([250, 250, 250])


def test_scene_figure_shows_itself():
    fig = plots.scene_figure(box(size=(20, 20, 20)).translated([110, 110, 0]), build_volume=(220, 220, 250),
                             points=[[100, 100, 0]], labels=["A"], title="cube")
    png = fig._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    ax = fig.axes[0]
    assert ax.get_xlim()[0] <= 0 and ax.get_xlim()[1] >= 220
    assert [t.get_text().strip() for t in ax.texts if t.get_text().strip() == "A"] == ["A"]


def test_big_meshes_show_a_sample_of_normals():
    from stemkit.design3d.primitives import sphere

    ball = sphere(radius=10, subdivisions=5)  # 20,480 faces
    art = plots.draw_mesh(_axes(), ball, show_normals=True)
    segments = np.asarray(art["normals"]._segments3d)
    assert 1000 < len(segments) <= plots.MAX_NORMALS
    step = -(-ball.n_faces // plots.MAX_NORMALS)
    assert np.allclose(segments[:, 0], ball.triangles[::step].mean(axis=1))
