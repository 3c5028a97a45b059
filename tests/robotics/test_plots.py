"""Drawing helpers of the mobile-robot lessons: artists carry the right data, figures render."""

import base64
import math
import re

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.figure import Figure  # noqa: E402

from stemkit.robotics import plots  # noqa: E402
from stemkit.robotics.geometry import follow_commands  # noqa: E402
from stemkit.robotics.sensors import UltrasonicSensor  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def test_draw_and_update_robot_move_the_outline_rigidly():
    ax = Figure().add_subplot()
    body, left, right = plots.draw_robot(ax, (0.0, 0.0, 0.0))
    nose = body.get_xy()[2]
    assert nose == pytest.approx([plots.ROBOT_LENGTH / 2, 0.0])
    plots.update_robot([body, left, right], (1.0, 2.0, math.pi / 2))
    assert body.get_xy()[2] == pytest.approx([1.0, 2.0 + plots.ROBOT_LENGTH / 2])
    # the wheels sit on the axle, W apart
    centres = [w.get_xy()[:4].mean(axis=0) for w in (left, right)]
    assert np.linalg.norm(centres[0] - centres[1]) == pytest.approx(plots.ROBOT_WIDTH)


def test_draw_and_update_path():
    ax = Figure().add_subplot()
    poses = follow_commands([("forward", 1.0), ("left", 90), ("forward", 0.5)])
    line, start, end = plots.draw_path(ax, poses)
    assert np.allclose(line.get_xdata(), poses[:, 0]) and np.allclose(end.get_ydata(), [0.5])
    plots.update_path([line, start, end], poses[:2])
    assert len(line.get_xdata()) == 2 and np.allclose(end.get_xdata(), [1.0])


def test_beam_wedge_follows_the_pose():
    ax = Figure().add_subplot()
    (wedge,) = plots.draw_beam(ax, (0, 0, 0), distance=1.0, beam_width=math.radians(15))
    assert (wedge.theta1, wedge.theta2) == pytest.approx((-7.5, 7.5))
    plots.update_beam([wedge], (1, 1, math.pi / 2), distance=0.5)
    assert wedge.r == 0.5 and wedge.center == (1.0, 1.0)
    assert (wedge.theta1, wedge.theta2) == pytest.approx((82.5, 97.5))


def test_animation_is_html_with_the_asked_frames():
    poses = follow_commands([("forward", 1.0), ("left", 90)] * 4)
    anim = plots.animate_path(poses, max_frames=12)
    assert anim.frames == 12
    html = anim._repr_html_()
    assert html.count("data:image/png;base64") == 12 or "frames[11]" in html
    assert "<animation: 12 frames>" == repr(anim)
    with pytest.raises(ValueError, match="shape"):
        plots.animate_path(np.zeros((3, 2)))


def test_animation_player_is_sharp_at_scale_2_offline_and_has_text_buttons():
    from tests.ui.test_figure_audit import html_problems, png_size
    from tests.ui.test_offline import network_addresses

    poses = follow_commands([("forward", 1.0), ("left", 90)] * 2)
    anim = plots.animate_path(poses, max_frames=6, figsize=(4.0, 3.0))
    html = anim._repr_html_()
    assert (anim.width, anim.height) == (4 * plots.ANIMATION_DPI, 3 * plots.ANIMATION_DPI)
    frames = re.findall(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)"', html)
    assert len(frames) == anim.frames == 6
    for data, width, height in frames:
        assert png_size(base64.b64decode(data)) == (2 * int(width), 2 * int(height))
    assert html_problems(html, "player") == []
    assert network_addresses(html) == [] and "font-awesome" not in html and "<link" not in html
    for label in ("Play", "Pause", "step", 'type="range"', "1 / 6", "<script>"):
        assert label in html
    # only the first frame shows before the script runs (an untrusted notebook, a still export)
    assert html.count("display:block") == 1 and html.count("display:none") == 5
    # two players on one page do not share an id
    again = plots.animate_path(poses, max_frames=6, figsize=(4.0, 3.0))._repr_html_()
    ids = [re.search(r'<div id="([^"]+)"', h)[1] for h in (html, again)]
    assert ids[0] != ids[1] and f'"{ids[0]}"' in html.split("<script>")[1]


def test_search_animation_frames_have_twice_the_pixels_of_their_size():
    from stemkit.robotics.planning import GridMap, bfs
    from tests.ui.test_figure_audit import html_problems

    grid = GridMap.from_text("S...#\n.##.#\n....G")
    anim = plots.animate_search(grid, bfs(grid), max_frames=4)
    assert anim.frames == 4 and html_problems(anim._repr_html_(), "search") == []


def test_player_needs_a_frame():
    with pytest.raises(ValueError, match="at least one frame"):
        plots.player_html([], width=10, height=10)


def test_plot_figure_shows_at_its_natural_size_with_twice_the_pixels():
    from tests.ui.test_figure_audit import png_size

    fig = plots.path_figure(follow_commands([("forward", 1.0), ("left", 90), ("forward", 1.0)]), figsize=(5.0, 4.0))
    data, meta = fig._repr_mimebundle_()
    width, height = meta["image/png"]["width"], meta["image/png"]["height"]
    assert png_size(data["image/png"]) in {(2 * width + a, 2 * height + b) for a in (0, 1) for b in (0, 1)}
    # 5 × 4 in at 100 CSS px per inch; the tight box trims the margins the equal-scale floor leaves
    assert width <= 560 and height <= 460 and max(width / 500, height / 400) > 0.9
    assert fig._repr_png_() == data["image/png"]


def test_figures_render_to_png():
    poses = follow_commands([("forward", 1.0), ("left", 90)] * 4)
    figures = [
        plots.path_figure(poses, poses * 0.5, labels=["a", "b"]),
        plots.signals_figure([0, 1, 2], {"x": [0, 1, 0]}, ylabel="m", hline=0.5),
        plots.ultrasonic_figure((0, 0, 0), [(1, -1, 1, 1)], UltrasonicSensor()),
        plots.map_figure({"dock": (0.3, 0.4), "box": (1.5, 2.0)}, segments=[("dock", "box", "2 m")], robot=(0, 0, 0)),
        plots.headings_figure((0, 90, 180, -90)),
    ]
    for fig in figures:
        assert fig._repr_png_()[:8] == PNG


def test_headings_figure_labels_degrees_and_radians():
    fig = plots.headings_figure((90,))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "90°\n1.57 rad" in texts
    arrow = [c for c in fig.axes[0].texts if c.get_text() == ""][0]
    assert arrow.xy == pytest.approx((0.0, 1.0))
