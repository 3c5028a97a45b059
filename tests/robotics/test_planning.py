"""Tests of stemkit.robotics.planning: hand-checked maps, invariants, networkx side by side, bad input."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import deque

import numpy as np
import pytest

from stemkit.robotics import planning as P
from stemkit.robotics.planning import GridMap

SQRT2 = math.sqrt(2.0)
PLANNERS = [P.bfs, P.dijkstra, P.astar]


def _random_grids(n: int, seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        rows, cols = (int(v) for v in rng.integers(3, 25, size=2))
        density = float(rng.uniform(0.0, 0.45))
        yield GridMap.random((rows, cols), density=density, rng=rng)


def _my_bfs_steps(grid: GridMap, start, goal) -> int | None:
    """An independent plain BFS over (row, col) tuples, 4-connected: fewest steps or None."""
    rows, cols = grid.shape
    dist = {start: 0}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        if (r, c) == goal:
            return dist[(r, c)]
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < rows and 0 <= nc < cols and not grid.occupancy[nr, nc] and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                queue.append((nr, nc))
    return None


def _assert_valid_path(grid: GridMap, result: P.PlanResult) -> None:
    path = result.path
    assert tuple(path[0]) == result.start and tuple(path[-1]) == result.goal
    for r, c in path:
        assert not grid.occupancy[r, c], f"path crosses an obstacle at {(r, c)}"
    for (r0, c0), (r1, c1) in zip(path[:-1], path[1:], strict=False):
        dr, dc = abs(r1 - r0), abs(c1 - c0)
        if result.connectivity == 4:
            assert dr + dc == 1
        else:
            assert max(dr, dc) == 1
            if dr == dc == 1:
                blocked_sides = int(grid.occupancy[r1, c0]) + int(grid.occupancy[r0, c1])
                allowed = {"no_corner_cutting": 0, "no_squeezing": 1, "corner_cutting": 2}[result.diagonals]
                assert blocked_sides <= allowed, f"diagonal {(r0, c0)} -> {(r1, c1)} breaks {result.diagonals}"
    assert math.isclose(result.cost, P.path_cost(path, connectivity=result.connectivity))
    assert len({tuple(p) for p in path}) == len(path)  # no cell twice


# -- maps -------------------------------------------------------------------------
def test_from_text_reads_obstacles_start_goal_and_comments():
    g = GridMap.from_text("""
; a comment line
S.#
.#G
""", cell_size=0.3, name="tiny")
    assert g.shape == (2, 3)
    assert g.occupancy.tolist() == [[False, False, True], [False, True, False]]
    assert g.start == (0, 0) and g.goal == (1, 2)
    assert g.cell_size == 0.3 and g.free_cells == 4
    assert g.to_text() == "S.#\n.#G"


def test_from_text_errors_name_the_line_and_column():
    with pytest.raises(ValueError, match="line 3 has 2 cells, but the first row has 3"):
        GridMap.from_text("S..\n.#.\n..\n")
    with pytest.raises(ValueError, match=r"line 2, column 3: unknown character '\?'"):
        GridMap.from_text("S..\n..?\n")
    with pytest.raises(ValueError, match="second start"):
        GridMap.from_text("S.S\n...")
    with pytest.raises(ValueError, match="no rows"):
        GridMap.from_text("\n; only a comment\n")


def test_from_array_and_bad_arrays():
    g = GridMap(np.array([[0, 1], [0, 0]]))
    assert g.occupancy.dtype == bool and g.free_cells == 3
    with pytest.raises(ValueError, match="2D grid"):
        GridMap(np.zeros(5))
    with pytest.raises(ValueError, match="0/1"):
        GridMap([[0, 2], [0, 0]])
    with pytest.raises(ValueError, match="cell_size must be > 0 m"):
        GridMap([[0]], cell_size=0)


def test_random_maps_are_seeded_and_keep_endpoints_free():
    a = GridMap.random((30, 40), density=0.3, seed=5)
    b = GridMap.random((30, 40), density=0.3, seed=5)
    c = GridMap.random((30, 40), density=0.3, seed=6)
    assert np.array_equal(a.occupancy, b.occupancy) and not np.array_equal(a.occupancy, c.occupancy)
    assert not a.occupancy[a.start] and not a.occupancy[a.goal]
    assert abs(a.occupancy.mean() - 0.3) < 0.05
    with pytest.raises(ValueError, match="density"):
        GridMap.random((5, 5), density=1.0, seed=1)


def test_maze_is_perfect():
    g = GridMap.maze((6, 9), seed=3)
    assert g.shape == (13, 19)
    rooms = 6 * 9
    # a spanning tree: free cells = rooms + (rooms - 1) knocked-through walls
    assert g.free_cells == rooms + rooms - 1
    assert P.bfs(g).found
    # one route only: 4- and 8-connected planners agree (no diagonal without cutting a corner)
    assert P.astar(g).cost == P.astar(g, connectivity=8).cost


def test_neighbours_and_no_corner_cutting():
    g = GridMap.from_text("...\n.#.\n...")
    assert [n for n, _ in P.neighbours(g, (0, 0), connectivity=8)] == [(0, 1), (1, 0)]
    nb = dict(P.neighbours(g, (0, 1), connectivity=8))
    assert nb == {(0, 0): 1.0, (0, 2): 1.0}
    open_grid = GridMap(np.zeros((3, 3), dtype=bool))
    nb = dict(P.neighbours(open_grid, (1, 1), connectivity=8))
    assert len(nb) == 8 and sum(v == SQRT2 for v in nb.values()) == 4


def test_map_draws_itself():
    png = GridMap.from_text("S.#\n..G")._repr_png_()
    assert png[:4] == b"\x89PNG"


# -- hand-checked plans --------------------------------------------------------------
def test_open_grid_costs_are_manhattan_and_octile():
    g = GridMap(np.zeros((6, 9), dtype=bool))
    for planner in (P.dijkstra, P.astar):
        assert planner(g, (0, 0), (5, 8)).cost == 13.0
        assert math.isclose(planner(g, (0, 0), (5, 8), connectivity=8).cost, 5 * SQRT2 + 3)
    assert P.bfs(g, (0, 0), (5, 8), connectivity=8).steps == 8


def test_wall_with_one_gap():
    g = GridMap.from_text("""
S...#....
....#....
.........
....#...G
""")
    for planner in PLANNERS:
        r = planner(g)
        assert r.found and r.cost == 11.0 and r.steps == 11
        assert [2, 4] in r.path.tolist()
        _assert_valid_path(g, r)


def test_start_equals_goal():
    g = GridMap(np.zeros((3, 3), dtype=bool))
    for planner in PLANNERS:
        r = planner(g, (1, 1), (1, 1))
        assert r.found and r.cost == 0.0 and r.steps == 0 and r.nodes_expanded == 1


def test_no_path_is_reported_plainly():
    g = GridMap.from_text("""
S.#..
..#..
###.G
""")
    for planner in PLANNERS:
        for k in (4, 8):
            r = planner(g, connectivity=k)
            assert not r.found and r.path.shape == (0, 2) and math.isinf(r.cost)
            assert r.nodes_expanded == 4  # the start's little room, every cell of it
            assert "no path" in r.message and "no path" in str(r)
            assert r.steps == -1


def test_a_diagonal_gap_is_closed_without_corner_cutting():
    g = GridMap.from_text("S#\n#G")
    assert not P.astar(g, connectivity=8).found


# -- invariants on random maps ------------------------------------------------------
@pytest.mark.parametrize("connectivity", [4, 8])
def test_astar_cost_equals_dijkstra_and_paths_are_valid(connectivity):
    for grid in _random_grids(60, seed=100 + connectivity):
        d = P.dijkstra(grid, connectivity=connectivity)
        a = P.astar(grid, connectivity=connectivity)
        b = P.bfs(grid, connectivity=connectivity)
        assert d.found == a.found == b.found
        if not d.found:
            continue
        assert math.isclose(a.cost, d.cost, rel_tol=0, abs_tol=1e-9)
        assert a.nodes_expanded <= d.nodes_expanded
        assert b.cost >= d.cost - 1e-9
        for r in (a, d, b):
            _assert_valid_path(grid, r)


def test_bfs_gives_fewest_steps_on_4_connected_grids():
    for grid in _random_grids(60, seed=7):
        b = P.bfs(grid)
        steps = _my_bfs_steps(grid, grid.start, grid.goal)
        if steps is None:
            assert not b.found
        else:
            assert b.steps == steps and b.cost == steps


def test_bfs_steps_are_fewest_on_8_connected_grids_too():
    nx = pytest.importorskip("networkx", reason="networkx (a dev extra) is not installed")
    for grid in _random_grids(30, seed=8):
        graph = _graph(grid, 8, nx)
        b = P.bfs(grid, connectivity=8)
        if b.found:
            assert b.steps == nx.shortest_path_length(graph, grid.start, grid.goal)  # unweighted


def test_expansion_order():
    for grid in _random_grids(20, seed=9):
        for planner in PLANNERS:
            r = planner(grid, connectivity=8)
            assert r.expanded.shape == (r.nodes_expanded, 2)
            assert tuple(r.expanded[0]) == r.start
            assert len({tuple(c) for c in r.expanded}) == r.nodes_expanded
            assert all(not grid.occupancy[tuple(c)] for c in r.expanded)
            if r.found:
                assert tuple(r.expanded[-1]) == r.goal
        # Dijkstra finishes cells in order of their cost from the start
        d = P.dijkstra(grid, connectivity=8)
        costs = [P.dijkstra(grid, grid.start, tuple(c), connectivity=8).cost for c in d.expanded[:40]]
        assert all(x <= y + 1e-9 for x, y in zip(costs, costs[1:], strict=False))
        # BFS finishes cells in order of their step count from the start
        b = P.bfs(grid)
        steps = [_my_bfs_steps(grid, grid.start, tuple(c)) for c in b.expanded[:40]]
        assert all(x <= y for x, y in zip(steps, steps[1:], strict=False))


def test_heuristics_are_admissible_and_consistent():
    nx = pytest.importorskip("networkx", reason="networkx (a dev extra) is not installed")
    for grid in _random_grids(15, seed=11):
        for k, h in ((4, P.manhattan), (8, P.octile)):
            graph = _graph(grid, k, nx)
            to_goal = nx.single_source_dijkstra_path_length(graph, grid.goal, weight="weight")
            for cell, true_cost in to_goal.items():
                assert h(cell, grid.goal) <= true_cost + 1e-9
            for u, v, w in graph.edges(data="weight"):
                assert h(u, grid.goal) <= w + h(v, grid.goal) + 1e-9


def test_manhattan_is_not_admissible_for_8_connectivity():
    # the reason A* uses octile on 8-connected grids: one diagonal step costs √2 < 2
    assert P.manhattan((0, 0), (1, 1)) > P.path_cost([(0, 0), (1, 1)])
    assert P.octile((0, 0), (1, 1)) == P.path_cost([(0, 0), (1, 1)])


# -- networkx side by side ---------------------------------------------------------------
def _graph(grid: GridMap, connectivity: int, nx, diagonals: str = "no_corner_cutting"):
    rows, cols = grid.shape
    free = ~grid.occupancy
    graph = nx.Graph()
    graph.add_nodes_from((r, c) for r in range(rows) for c in range(cols) if free[r, c])
    for r, c in list(graph.nodes):
        for dr, dc in ((0, 1), (1, 0)):
            if (r + dr, c + dc) in graph:
                graph.add_edge((r, c), (r + dr, c + dc), weight=1.0)
        if connectivity == 8:
            for dr, dc in ((1, 1), (1, -1)):
                if (r + dr, c + dc) not in graph:
                    continue
                sides_free = int(free[r + dr, c]) + int(free[r, c + dc])
                if {"no_corner_cutting": sides_free == 2, "no_squeezing": sides_free >= 1,
                        "corner_cutting": True}[diagonals]:
                    graph.add_edge((r, c), (r + dr, c + dc), weight=SQRT2)
    return graph


@pytest.mark.parametrize("connectivity", [4, 8])
def test_path_costs_against_networkx(connectivity):
    nx = pytest.importorskip("networkx", reason="networkx (a dev extra) is not installed")
    compared = no_path = 0
    for grid in _random_grids(200, seed=2000 + connectivity):
        if compared == 60:
            break
        graph = _graph(grid, connectivity, nx)
        ours = P.astar(grid, connectivity=connectivity)
        if not nx.has_path(graph, grid.start, grid.goal):
            assert not ours.found
            no_path += 1
            continue
        theirs = nx.shortest_path_length(graph, grid.start, grid.goal, weight="weight")
        assert math.isclose(ours.cost, theirs, rel_tol=0, abs_tol=1e-9)
        assert math.isclose(P.dijkstra(grid, connectivity=connectivity).cost, theirs, rel_tol=0, abs_tol=1e-9)
        h = P.manhattan if connectivity == 4 else P.octile
        nx_path = nx.astar_path(graph, grid.start, grid.goal, heuristic=h, weight="weight")
        assert math.isclose(P.path_cost(nx_path, connectivity=connectivity), theirs, abs_tol=1e-9)
        compared += 1
    assert compared == 60 and no_path > 0


@pytest.mark.parametrize("diagonals", ["no_squeezing", "corner_cutting"])
def test_the_looser_diagonal_rules_against_networkx(diagonals):
    nx = pytest.importorskip("networkx", reason="networkx (a dev extra) is not installed")
    compared = cheaper = 0
    for grid in _random_grids(80, seed=3000 + len(diagonals)):
        graph = _graph(grid, 8, nx, diagonals)
        ours = {name: P.plan(grid, algorithm=name, connectivity=8, diagonals=diagonals) for name in P.ALGORITHMS}
        if not nx.has_path(graph, grid.start, grid.goal):
            assert not any(r.found for r in ours.values())
            continue
        theirs = nx.shortest_path_length(graph, grid.start, grid.goal, weight="weight")
        for name in ("dijkstra", "astar"):
            assert math.isclose(ours[name].cost, theirs, rel_tol=0, abs_tol=1e-9), name
        assert ours["bfs"].steps == nx.shortest_path_length(graph, grid.start, grid.goal)
        for r in ours.values():
            assert r.diagonals == diagonals
            _assert_valid_path(grid, r)
        strict = P.dijkstra(grid, connectivity=8)
        assert not strict.found or strict.cost >= theirs - 1e-9     # a looser rule is never dearer
        cheaper += strict.found and strict.cost > theirs + 1e-9
        compared += 1
    assert compared > 40 and cheaper > 0


def test_the_three_diagonal_rules_on_hand_checked_maps():
    # lesson robotics-08's tiny map: (0, 1) -> (1, 2) cuts the corner of the box at (1, 1)
    tiny = GridMap.from_text("S...\n.#..\n.#.G")
    costs = {rule: P.dijkstra(tiny, connectivity=8, diagonals=rule).cost for rule in P.DIAGONAL_RULES}
    assert costs["no_corner_cutting"] == pytest.approx(3 + SQRT2)          # 4.41: round the box
    assert costs["no_squeezing"] == pytest.approx(1 + 2 * SQRT2)           # 3.83: past its corner
    assert costs["corner_cutting"] == pytest.approx(1 + 2 * SQRT2)
    # two blocked cells corner to corner: only corner cutting squeezes between them
    gap = GridMap.from_text("S#\n#G")
    assert [P.astar(gap, connectivity=8, diagonals=rule).found for rule in P.DIAGONAL_RULES] == [False, False, True]
    assert P.astar(gap, connectivity=8, diagonals="corner_cutting").cost == pytest.approx(SQRT2)
    g = GridMap.from_text("...\n.#.\n...")
    assert dict(P.neighbours(g, (0, 1), connectivity=8, diagonals="no_squeezing")) == {
        (0, 0): 1.0, (0, 2): 1.0, (1, 0): SQRT2, (1, 2): SQRT2}
    # 4-connected maps have no diagonals: the rule changes nothing
    for rule in P.DIAGONAL_RULES:
        assert P.astar(tiny, diagonals=rule).cost == P.astar(tiny).cost
    with pytest.raises(ValueError, match=r"diagonals must be one of 'no_corner_cutting', 'no_squeezing', 'corner_cutting'"):
        P.bfs(tiny, connectivity=8, diagonals="sometimes")


def test_bfs_says_when_its_cost_is_not_the_cheapest():
    room = GridMap.from_text("S#......#\n...#.....\n#.#.....#\n#........\n.........\n..#...#.G")
    fewest, cheapest = P.bfs(room, connectivity=8), P.dijkstra(room, connectivity=8)
    assert fewest.steps == cheapest.steps == 11
    assert fewest.cost > cheapest.cost + 0.5 and not fewest.cheapest and cheapest.cheapest
    assert "fewest steps" in fewest.message and "not always the cheapest" in fewest.message
    four = P.bfs(room)
    assert four.cheapest and four.cost == four.steps == P.dijkstra(room).cost
    assert not P.bfs(GridMap.from_text("S#\n#G"), connectivity=8).cheapest    # no path: nothing is cheapest


# -- datasets -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["maze", "makerspace_floor", "taped_grid_small"])
def test_dataset_maps_load_and_have_a_path(name):
    from stemkit import datasets

    g = GridMap.from_file(datasets.load(f"robotics/{name}"), cell_size=0.3)
    assert g.start is not None and g.goal is not None and g.name == name
    r = P.astar(g)
    assert r.found
    assert math.isclose(r.distance, r.cost * 0.3)


def test_maze_dataset_regenerates():
    from stemkit import datasets

    stored = GridMap.from_file(datasets.load("robotics/maze"))
    fresh = GridMap.maze((7, 12), seed=8)
    assert np.array_equal(stored.occupancy, fresh.occupancy)
    assert (stored.start, stored.goal) == (fresh.start, fresh.goal)


def test_taped_grid_small_shortest_route_by_hand():
    from stemkit import datasets

    g = GridMap.from_file(datasets.load("robotics/taped_grid_small"))
    assert P.bfs(g).steps == 14  # counted by hand on the card's map: 14 moves either way round


# -- bad input ---------------------------------------------------------------------------
def test_start_or_goal_in_an_obstacle_or_off_the_map():
    g = GridMap.from_text("..#\n...\n#..")
    for planner in PLANNERS:
        with pytest.raises(ValueError, match=r"start \(0, 2\) is inside an obstacle"):
            planner(g, (0, 2), (1, 1))
        with pytest.raises(ValueError, match=r"goal \(2, 0\) is inside an obstacle"):
            planner(g, (0, 0), (2, 0))
        with pytest.raises(ValueError, match=r"goal \(3, 0\) is off the map: rows go from 0 to 2"):
            planner(g, (0, 0), (3, 0))
        with pytest.raises(ValueError, match=r"start \(0, -1\) is off the map"):
            planner(g, (0, -1), (1, 1))
    with pytest.raises(ValueError, match="two whole numbers"):
        P.astar(g, (0.5, 0), (1, 1))
    with pytest.raises(ValueError, match="no start given"):
        P.astar(g, None, (1, 1))


def test_other_bad_input():
    g = GridMap.from_text("S.\n.G")
    with pytest.raises(ValueError, match="connectivity must be 4"):
        P.astar(g, connectivity=6)
    with pytest.raises(ValueError, match="algorithm must be one of"):
        P.plan(g, algorithm="dfs")
    with pytest.raises(TypeError, match="GridMap"):
        P.astar([[0, 0], [0, 0]], (0, 0), (1, 1))
    with pytest.raises(ValueError, match="step 1 of the path"):
        P.path_cost([(0, 0), (0, 2)])
    with pytest.raises(ValueError, match="not a move"):
        P.path_cost([(0, 0), (1, 1)], connectivity=4)


def test_plan_dispatches():
    g = GridMap.random((15, 15), density=0.2, seed=4)
    for name in P.ALGORITHMS:
        r = P.plan(g, algorithm=name, connectivity=8)
        assert r.algorithm == name and r.connectivity == 8


def test_core_module_does_not_import_plotting():
    code = ("import sys, stemkit.robotics.planning; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- what a failed search says --------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [
    ("S..#...\n...#...\n...#..G", "split the map into parts that do not join (free cells on the start's side: 9; "
                                   "on the goal's side: 9)"),
    ("S......\n.....##\n.....#G", "wall the goal in (free cells on its side: 1; on the start's side: 17)"),
    ("S#.....\n##.....\n......G", "wall the start in (free cells on its side: 1; on the goal's side: 17)"),
])
def test_no_path_says_whether_the_map_is_split_or_an_end_is_walled_in(text, words):
    grid = GridMap.from_text(text)
    for planner in PLANNERS:
        result = planner(grid)
        assert not result.found and words in result.message
        assert result.start_region + result.goal_region + int(grid.occupancy.sum()) == grid.occupancy.size


def test_heuristics_and_path_cost_name_bad_cells():
    for bad in ("far", (1,), (math.nan, 0)):
        with pytest.raises((TypeError, ValueError), match="cell"):
            P.manhattan(bad, (0, 0))
        with pytest.raises((TypeError, ValueError), match="goal"):
            P.octile((0, 0), bad)
    with pytest.raises(ValueError, match="path must be finite"):
        P.path_cost([(0, 0), (math.inf, 1)])
