"""The robotics figures follow the shared figure style: the explorers' colours for the same quantity,
a second cue (a dash pattern) between lines, legends that never cover data, no raw names as titles."""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from stemkit.robotics import explorers
from stemkit.robotics.planning import GridMap
from stemkit.robotics.plots import (
    draw_grid,
    legend_below,
    map_figure,
    path_figure,
    signals_figure,
    ultrasonic_figure,
)
from stemkit.robotics.sensors import UltrasonicSensor
from stemkit.ui import PALETTE


def _extent(fig, artist):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    canvas.draw()
    return artist.get_window_extent(canvas.get_renderer())


def _style(line):
    return to_hex(line.get_color()), line.get_linestyle()


def _dashes(line):
    offset, pattern = line._unscaled_dash_pattern   # what is drawn: None for a solid line
    return None if pattern is None else tuple(round(v, 6) for v in pattern)


def test_signals_differ_by_colour_and_dash_and_the_legend_sits_under_the_axes():
    t = np.linspace(0, 1, 50)
    fig = signals_figure(t, {"a": t, "b": t ** 2, "c": t ** 3, "d": np.sqrt(t)}, ylabel="y", hline=0.5)
    ax = fig.axes[0]
    lines = [line for line in ax.lines if not line.get_label().startswith("_")]
    colours, dashes = [to_hex(line.get_color()) for line in lines], [_dashes(line) for line in lines]
    assert len(set(colours)) == 4 and len(set(dashes)) == 4
    assert _style(lines[0]) == (PALETTE["blue"].lower(), "-")
    reference = next(line for line in ax.lines if line.get_label().startswith("_"))   # the hline
    assert reference.get_linestyle() == "--" and _dashes(reference) not in dashes   # "dashed" is the level's
    assert ax.get_legend() is None and len(fig.legends) == 1
    legend, frame = _extent(fig, fig.legends[0]), _extent(fig, ax)
    assert legend.y1 <= frame.y0                 # below the plot: it can cover no data
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["a", "b", "c", "d"]


def test_a_signal_with_its_own_colour_leaves_the_cycle_to_the_others():
    t = np.linspace(0, 1, 20)
    fig = signals_figure(t, {"raw": t, "true": t}, styles={"raw": {"color": "#999999", "marker": ".",
                                                                    "linestyle": "none"}})
    raw, true = fig.axes[0].lines[:2]
    assert to_hex(raw.get_color()) == "#999999"
    assert _style(true) == (PALETTE["blue"].lower(), "-")   # the explorer's colour for the true distance


def test_path_figure_draws_the_true_path_and_the_estimate_as_the_explorers_do():
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    fig = path_figure(square, square * 1.05, labels=["true path", "odometry"], robot=False)
    true, estimate = (line for line in fig.axes[0].lines if line.get_label() in ("true path", "odometry"))
    assert _style(true) == (to_hex(explorers._TRUE_COLOUR), "-")
    assert _style(estimate) == (to_hex(explorers._ESTIMATE_COLOUR), "--")
    assert fig.axes[0].get_legend() is None and _extent(fig, fig.legends[0]).y1 <= _extent(fig, fig.axes[0]).y0


def test_legend_below_replaces_its_own_legend_when_lines_are_added():
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label="one")
    ax.legend()
    legend_below(ax)
    ax.plot([0, 1], [1, 0], label="two")
    legend_below(ax)
    assert ax.get_legend() is None and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["one", "two"]
    empty = Figure(layout="constrained").add_subplot()
    assert legend_below(empty) is None


def test_the_origin_label_stays_off_a_robot_standing_on_the_origin():
    fig = map_figure({"cone": (1.2, 0.5)}, robot=(0.0, 0.0, 0.0))
    ax = fig.axes[0]
    label = next(t for t in ax.texts if t.get_text().startswith("origin"))
    body = ax.patches[0]                          # the robot's body, drawn first
    assert not _extent(fig, label).overlaps(_extent(fig, body))


def test_the_first_echo_differs_from_the_beam_by_shape_not_only_by_colour():
    fig = ultrasonic_figure((0.0, 0.0, 0.0), [(1.0, -0.5, 1.0, 0.5)], UltrasonicSensor(rays=5))
    ax = fig.axes[0]
    echo = next(line for line in ax.lines if line.get_label().startswith("first echo"))
    rays = [line for line in ax.lines if line is not echo and line.get_linewidth() < 1]
    assert echo.get_marker() == "D" and to_hex(echo.get_color()) == PALETTE["vermillion"].lower()
    assert rays and all(to_hex(r.get_color()) == PALETTE["green"].lower() for r in rays)
    assert ax.get_legend() is None


@pytest.mark.parametrize("text", ["S...\n.#..\n.#.G", "S.....\n.####.\n.....G"])
def test_a_map_has_whole_number_ticks_and_no_raw_name_as_its_title(text):
    grid = GridMap.from_text(text, cell_size=0.3, name="taped_grid_small")
    fig = Figure()
    ax = fig.add_subplot()
    draw_grid(ax, grid)
    fig.canvas.draw()
    for ticks in (ax.get_xticks(), ax.get_yticks()):
        shown = [t for t in ticks if -0.5 <= t <= max(grid.shape) - 0.5]
        assert shown and all(float(t).is_integer() for t in shown)
    assert ax.get_title() == ""
