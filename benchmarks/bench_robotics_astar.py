"""A* on a 200×200 grid with 30% obstacles: stemkit.robotics.planning vs networkx.astar_path.

Both search the same graph (8-connected, diagonal steps √2, no corner cutting) with
the same octile heuristic, from the top-left to the bottom-right corner. The
networkx graph is built once beforehand and not timed; stemkit's time includes
everything its ``astar`` call does. Prints one JSON line; the target is ratio <= 1.
"""

from __future__ import annotations

import json
import math
import sys

import networkx as nx
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

from stemkit.robotics.planning import GridMap, astar, octile, path_cost

SIZE = 200
DENSITY = 0.30
SEED = 2024
REPEATS = 5


def grid_graph(grid: GridMap) -> nx.Graph:
    rows, cols = grid.shape
    free = ~grid.occupancy
    graph = nx.Graph()
    for r in range(rows):
        for c in range(cols):
            if not free[r, c]:
                continue
            graph.add_node((r, c))
            for dr, dc in ((0, 1), (1, 0)):
                if r + dr < rows and c + dc < cols and free[r + dr, c + dc]:
                    graph.add_edge((r, c), (r + dr, c + dc), weight=1.0)
            for dr, dc in ((1, 1), (1, -1)):
                rr, cc = r + dr, c + dc
                if 0 <= rr < rows and 0 <= cc < cols and free[rr, cc] and free[r + dr, c] and free[r, cc]:
                    graph.add_edge((r, c), (rr, cc), weight=math.sqrt(2.0))
    return graph


def main() -> int:
    grid = GridMap.random((SIZE, SIZE), density=DENSITY, seed=SEED)
    graph = grid_graph(grid)
    start, goal = grid.start, grid.goal

    stemkit_s, result = best_of(lambda: astar(grid, connectivity=8), REPEATS)
    reference_s, nx_path = best_of(
        lambda: nx.astar_path(graph, start, goal, heuristic=octile, weight="weight"), REPEATS)
    nx_cost = path_cost(nx_path, connectivity=8)
    if not result.found or abs(result.cost - nx_cost) > 1e-9:
        print(f"costs differ: stemkit {result.cost}, networkx {nx_cost}", file=sys.stderr)
        return 1
    print(json.dumps({
        "name": "robotics_astar_200x200_30pct_8conn",
        "stemkit_s": round(stemkit_s, 5),
        "reference_s": round(reference_s, 5),
        "ratio": round(stemkit_s / reference_s, 3),
        "target": 1.0,
        "path_cost": round(result.cost, 6),
        "nodes_expanded": result.nodes_expanded,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
