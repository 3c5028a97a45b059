"""ArmExplorer and PlannerExplorer, driven without a browser."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.robotics import arm as A  # noqa: E402
from stemkit.robotics import explorers  # noqa: E402

L = (0.08, 0.06)


def _median_update_s(ex, name, values):
    times = []
    for v in values:
        ex.controls[name].value = v
        assert ex.last_error is None, ex.last_error
        times.append(ex.last_update_s)
    return statistics.median(times)


# -- ArmExplorer --------------------------------------------------------------
def test_arm_explorer_forward_side():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(shoulder=90, elbow=0)
    assert ex.last_error is None
    assert ex.result["tip"] == pytest.approx((0.0, 0.14), abs=1e-12)
    assert np.allclose(ex.result["servo_angles_deg"], (90, 90))
    assert ex.result["servo_ok"]
    assert ex.readout_values["tip (forward)"] == "(0 m, 140 mm)"
    xs, ys = np.asarray(ex._fk[1].x), np.asarray(ex._fk[1].y)
    assert np.allclose(xs, [0, 0, 0], atol=1e-12) and np.allclose(ys, [0, 0.08, 0.14])
    ex.set(shoulder=-30)
    assert not ex.result["servo_ok"]
    assert "outside 0–180°" in ex.readout_values["servo angles (forward)"]


def test_arm_explorer_inverse_side_shows_both_branches():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(x=0.08, y=0.06)
    r = ex.result
    assert r["reachable"]
    assert r["solutions_deg"].shape == (2, 2)
    for q, marks in zip(r["solutions_deg"], (ex._down, ex._up), strict=False):
        xs, ys = np.asarray(marks[1].x), np.asarray(marks[1].y)
        assert np.allclose((xs[-1], ys[-1]), (0.08, 0.06), atol=1e-12)
        assert np.allclose(A.forward_kinematics(q, link_lengths=L, unit="deg"), (0.08, 0.06))
    assert np.allclose(r["solutions_deg"][0], (0, 90), atol=1e-9)
    assert "servos (0°, 180°)" in ex.readout_values["elbow down"]
    assert list(ex._note.text) == [""]


def test_arm_explorer_unreachable_target_is_shown_plainly():
    ex = explorers.ArmExplorer(link_lengths=L)
    ex.set(x=0.15, y=0.05)
    assert ex.last_error is None
    assert not ex.result["reachable"]
    assert ex.result["solutions_deg"].shape == (0, 2)
    assert list(ex._note.text) == ["unreachable"]
    assert "unreachable" in ex.readout_values["inverse"] and "140 mm" in ex.readout_values["inverse"]
    assert len(ex._down[1].x) == 0 and len(ex._up[1].x) == 0
    ex.set(x=0.1, y=0.0)
    assert ex.result["reachable"] and len(ex._down[1].x) == 3


def test_arm_explorer_is_fast():
    ex = explorers.ArmExplorer()
    _median_update_s(ex, "shoulder", np.linspace(0, 180, 20))  # speed is measured in benchmarks/bench_explorers.py
    _median_update_s(ex, "x", np.linspace(-0.15, 0.15, 20))  # speed is measured in benchmarks/bench_explorers.py


# -- PlannerExplorer ------------------------------------------------------------
from stemkit.robotics import planning as P  # noqa: E402


def test_planner_explorer_matches_the_core_and_draws_the_path():
    ex = explorers.PlannerExplorer(shape=(12, 18), density=0.2, seed=4)
    assert ex.last_error is None
    grid = P.GridMap.random((12, 18), density=0.2, seed=4, start=(0, 0), goal=(11, 17))
    assert np.array_equal(ex.result["grid"].occupancy, grid.occupancy)
    ref = P.astar(grid)
    assert ex.result["found"] == ref.found and ex.result["cost"] == ref.cost
    assert ex.result["nodes_expanded"] == ref.nodes_expanded
    xs, ys = np.asarray(ex._path.x), np.asarray(ex._path.y)
    assert np.array_equal(np.asarray(ys), ref.path[:, 0]) and np.array_equal(np.asarray(xs), ref.path[:, 1])
    assert ex.readout_values["nodes expanded"] == str(ref.nodes_expanded)
    assert ex.readout_values["path cost"].startswith(f"{ref.cost:g} cells")


def test_planner_explorer_algorithms_and_connectivity():
    ex = explorers.PlannerExplorer(shape=(14, 20), density=0.15, seed=9)
    costs = {}
    for name in P.ALGORITHMS:
        ex.set(algorithm=name, connectivity=8)
        assert ex.result["plan"].algorithm == name and ex.result["plan"].connectivity == 8
        costs[name] = ex.result["cost"]
    assert costs["astar"] == pytest.approx(costs["dijkstra"], abs=1e-9)
    assert costs["bfs"] >= costs["dijkstra"] - 1e-9
    exp = ex.result["compare"]
    assert exp["astar"][0] <= exp["dijkstra"][0]
    assert "A*:" in ex.readout_values["all three"]


def test_planner_explorer_replays_the_search():
    ex = explorers.PlannerExplorer(shape=(10, 10), density=0.1, seed=2, algorithm="bfs")
    n = ex.result["nodes_expanded"]
    ex.set(shown=0)
    cells = np.asarray(ex._cells.color)
    grid = ex.result["grid"]
    assert np.all(cells[~grid.occupancy] == 0.0) and np.all(cells[grid.occupancy] == -1.0)  # no cell shaded yet
    assert len(ex._path.x) == 0
    ex.set(shown=50)
    shaded = np.count_nonzero((np.asarray(ex._cells.color) > 0) & ~grid.occupancy)
    assert shaded == round(n * 0.5)
    ex.set(shown=100)
    assert len(ex._path.x) == ex.result["steps"] + 1


def test_planner_explorer_reports_no_path_and_blocked_start_plainly():
    grid = P.GridMap.from_text("""
S.#..
..#..
###.G
""")
    ex = explorers.PlannerExplorer(grid)
    assert ex.last_error is None and not ex.result["found"]
    assert ex.readout_values["path cost"] == "no path: the goal is walled off"
    ex.set(start_row=0, start_col=2)
    assert ex.last_error == "start (0, 2) is inside an obstacle; choose a free cell"
    assert ex.result is None
    ex.set(start_row=0, start_col=0, goal_row=1, goal_col=1)
    assert ex.last_error is None and ex.result["found"] and ex.result["cost"] == 2


def test_planner_explorer_is_fast():
    ex = explorers.PlannerExplorer()
    _median_update_s(ex, "seed", range(20))  # speed is measured in benchmarks/bench_explorers.py
    ex.set(connectivity=8)
    _median_update_s(ex, "goal_col", range(4, 24))  # speed is measured in benchmarks/bench_explorers.py


# -- drawing helpers used by the explorers (plots.py, arm and planning section) ---------
def test_draw_and_update_arm():
    from matplotlib.figure import Figure

    from stemkit.robotics import plots

    arm = A.Arm(L, joint_angles=(30, 45), unit="deg")
    ax = Figure().add_subplot()
    artists = plots.draw_arm(ax, arm)
    xs, ys = artists["links"].get_data()
    assert np.allclose(np.column_stack([xs, ys]), arm.positions())
    new = arm.positions((0.0, 0.0))
    plots.update_arm(artists, new)
    assert np.allclose(artists["tip"].get_xydata(), [[0.14, 0.0]])
    plots.update_arm(artists, None)
    assert len(artists["links"].get_xdata()) == 0
    labels = [a.get_text() for a in plots.draw_joint_angles(ax, arm) if hasattr(a, "get_text")]
    assert labels == ["q1 = 30°", "q2 = 45°"]
    ws = plots.draw_workspace(ax, arm, samples=11)
    assert ws["outer"].get_radius() == pytest.approx(0.14) and ws["inner"].get_radius() == pytest.approx(0.02)
    assert len(ws["points"].get_xdata()) == 121


def test_draw_search_and_animation():
    from matplotlib.figure import Figure

    from stemkit.robotics import plots

    grid = P.GridMap.from_text("S..#\n.#..\n...G")
    result = P.bfs(grid)
    ax = Figure().add_subplot()
    artists = plots.draw_search(ax, grid, result)
    xs, ys = artists["path"].get_data()
    assert np.array_equal(np.column_stack([ys, xs]), result.path)
    image = artists["image"].get_array()
    assert image.shape == (3, 4, 4)
    assert np.allclose(image[0, 3, :3], 0.22, atol=0.03)  # the obstacle is dark
    plots.update_search(artists, grid, result, upto=2)
    assert len(artists["path"].get_xdata()) == 0  # the path appears when the search is complete
    animation = plots.animate_search(grid, result, max_frames=5)
    html = animation._repr_html_()
    assert animation.frames == 5 and html.count("data:image/png;base64,") == 5


def test_arm_explorer_dragging_the_cross_sets_the_target():
    ex = explorers.ArmExplorer(link_lengths=L)
    assert ex._target.enable_move
    # the browser sends the dragged cross's new position as the mark's data
    with ex._target.hold_trait_notifications():
        ex._target.x, ex._target.y = [0.05], [0.1]
    assert ex.result["target"] == pytest.approx((0.05, 0.1), abs=2e-3)  # sliders snap to their step
    with ex._target.hold_trait_notifications():
        ex._target.x, ex._target.y = [5.0], [-5.0]                         # far outside: clipped
    assert ex.value("x") == ex.controls["x"].max and ex.value("y") == ex.controls["y"].min
    assert not ex.result["reachable"]
