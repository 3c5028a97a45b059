"""Clean static pictures of parts: sharp edges only (no triangle seams), a flat plan view when seen from
above, equal scale, labels inside the axes, and the shared palette with a second cue between parts."""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from stemkit.design3d import plots
from stemkit.design3d.primitives import box, cylinder
from stemkit.design3d.transforms import rotation_z
from stemkit.ui import PALETTE


def _draw(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _triangle_area(tri):
    a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
    return 0.5 * np.abs((b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (c[:, 0] - a[:, 0]) * (b[:, 1] - a[:, 1]))


def test_a_cube_shows_its_twelve_edges_and_none_of_its_diagonals():
    ax = Figure().add_subplot(projection="3d")
    art = plots.draw_mesh(ax, box(size=(20, 20, 20)))
    edges = np.asarray(art["edges"]._segments3d)
    assert edges.shape == (12, 2, 3)
    lengths = np.linalg.norm(edges[:, 1] - edges[:, 0], axis=1)
    assert lengths == pytest.approx(np.full(12, 20.0))      # a diagonal would be 28.3 mm
    # an opaque face carries a hairline of its own colour, which closes the seams between its triangles
    surface = art["surface"]
    assert np.allclose(surface.get_edgecolor(), surface.get_facecolor())


def test_a_smooth_cylinder_shows_its_rims_not_its_side_seams():
    ax = Figure().add_subplot(projection="3d")
    part = cylinder(radius=10, height=20, segments=64)
    edges = np.asarray(plots.draw_mesh(ax, part)["edges"]._segments3d)
    assert len(edges) == 2 * 64                              # top and bottom rims
    assert np.allclose(np.sort(np.unique(edges[:, :, 2].round(6))), [0.0, 20.0])


def test_update_mesh_moves_the_edges_with_the_part():
    ax = Figure().add_subplot(projection="3d")
    art = plots.draw_mesh(ax, box(size=(10, 10, 10)))
    plots.update_mesh(art, box(size=(10, 10, 10)).translated([100, 0, 0]))
    edges = np.asarray(art["edges"]._segments3d)
    assert edges[:, :, 0].min() == pytest.approx(95.0)


def test_seen_from_above_a_scene_is_a_flat_plan_at_equal_scale():
    part = box(size=(40, 20, 10))
    moved = part.transformed(rotation_z(90, unit="deg")).translated([100, 0, 0])
    fig = plots.scene_figure(part, moved, elevation=90, azimuth=-90, title="plan")
    ax = fig.axes[0]
    assert ax.name == "rectilinear" and ax.get_aspect() == 1.0
    faces = ax.collections[0].get_paths()
    up = sum(int((m.face_normals[:, 2] > 0).sum()) for m in (part, moved))
    assert len(faces) == up                                   # only the faces that look up are painted
    tris = np.array([p.vertices[:3] for p in faces])
    assert _triangle_area(tris).sum() == pytest.approx(2 * 40 * 20)   # each box's top, once
    outlines = [c for c in ax.collections[1:] if len(c.get_segments())]
    assert len(outlines) == 2 and outlines[0].get_linestyle() != outlines[1].get_linestyle()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert x0 < -20 and x1 > 110 and y0 < -20 and y1 > 20
    names = {t.get_text(): to_hex(t.get_color()) for t in ax.texts if t.get_text()}
    assert names == {"x": PALETTE["vermillion"].lower(), "y": PALETTE["green"].lower()}


def test_the_parts_of_a_scene_take_blue_then_the_palette_orange_and_green():
    parts = [box(size=(10, 10, 10)).translated([30 * k, 0, 0]) for k in range(3)]
    fig = plots.scene_figure(*parts, elevation=90)
    fill = fig.axes[0].collections[0].get_facecolor()
    tops = {to_hex(c) for c in fill}
    assert tops == {to_hex(plots.MESH_COLOR), PALETTE["orange"].lower(), PALETTE["green"].lower()}


def test_corner_labels_stay_inside_the_axes():
    cube = box(size=(20, 20, 20)).translated([40, 50, 0])
    corners = [(30, 40, 0), (50, 40, 0), (50, 60, 0), (50, 60, 20)]
    fig = plots.scene_figure(cube, points=corners, labels=list("ABCD"))
    ax = fig.axes[0]
    from matplotlib.text import Text
    from mpl_toolkits.mplot3d import proj3d

    renderer = _draw(fig)
    frame = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_text().strip() in "ABCD"]
    assert len(labels) == 4
    for text in labels:
        # where the 3-D label lands on the picture, measured with a flat copy of it
        x, y, _ = proj3d.proj_transform(*text.get_position_3d(), ax.get_proj())
        flat = Text(x, y, text.get_text(), ha=text.get_horizontalalignment(), va=text.get_verticalalignment(),
                    fontsize=text.get_fontsize(), transform=ax.transData, figure=fig)
        box_ = flat.get_window_extent(renderer)
        assert frame.x0 <= box_.x0 and box_.x1 <= frame.x1, text.get_text()
    # the ones in the right half of the picture are written to the left of their point
    assert {t.get_text().strip(): t.get_horizontalalignment() for t in labels}["D"] == "right"
