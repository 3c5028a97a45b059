"""Path planning on occupancy grids: BFS, Dijkstra and A*.

A grid map is a floor cut into equal square cells, like a grid of tape on the
makerspace floor: each cell is free or blocked. A robot moves from cell to cell,
either to the 4 side neighbours (up, down, left, right; each step costs 1) or to
all 8 neighbours (diagonal steps cost √2). On an 8-connected grid, diagonal steps
never cut the corner of an obstacle by default: both side cells next to a diagonal
step must be free, because a real robot is not a point. The two other common rules
are a named option, ``diagonals=``:

- ``"no_corner_cutting"`` (the default): a diagonal step needs both side cells free;
- ``"no_squeezing"``: it needs at least one side cell free (no squeezing between two
  blocked cells, but the corner of a single obstacle may be cut);
- ``"corner_cutting"``: any diagonal step to a free cell, even between two blocked ones.

Cells are ``(row, col)`` pairs, row 0 at the top, as the map is printed; costs are
in cells (multiply by ``GridMap.cell_size`` for metres).

Examples
--------
>>> grid = GridMap.from_text('''
... S..#....
... .#.#.##.
... .#...#G.
... ''')
>>> result = astar(grid)
>>> result.found, result.cost, result.steps
(True, 14.0, 14)
>>> result.path[:3].tolist()
[[0, 0], [0, 1], [0, 2]]
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number
from stemkit.validate import finite_array

__all__ = [
    "GridMap",
    "PlanResult",
    "bfs",
    "dijkstra",
    "astar",
    "plan",
    "manhattan",
    "octile",
    "path_cost",
    "neighbours",
    "ALGORITHMS",
    "DIAGONAL_RULES",
]

Connectivity = Literal[4, 8]
Algorithm = Literal["bfs", "dijkstra", "astar"]
DiagonalRule = Literal["no_corner_cutting", "no_squeezing", "corner_cutting"]

#: The rules for a diagonal step, strictest first (see the module notes).
DIAGONAL_RULES: tuple[str, ...] = ("no_corner_cutting", "no_squeezing", "corner_cutting")

#: The planners by name, in the order lessons introduce them.
ALGORITHMS: tuple[str, ...] = ("bfs", "dijkstra", "astar")

_SQRT2 = math.sqrt(2.0)
_FREE_CHARS = {".", " ", "S", "G", "s", "g", "0"}
_BLOCKED_CHARS = {"#", "X", "x", "1", "@"}


# -- heuristics and small helpers -----------------------------------------------
_MAX_CELLS = 1e9   # rows or columns: no map is bigger


def _cell_numbers(cell: ArrayLike, name: str) -> NDArray[np.float64]:
    return finite_array(cell, name, limit=_MAX_CELLS, shape=(2,), what=_("a cell (row, col)"))


def manhattan(cell: ArrayLike, goal: ArrayLike) -> float:
    """Manhattan distance: the fewest 4-connected steps on an empty grid.

    Parameters
    ----------
    cell, goal : array_like, shape (2,)
        ``(row, col)`` cells.

    Returns
    -------
    float
        |Δrow| + |Δcol| [cells].

    Notes
    -----
    Never more than the true 4-connected cost (obstacles only make a path longer),
    so A* with it finds a shortest path (it is *admissible*).

    Examples
    --------
    >>> manhattan((0, 0), (3, 4))
    7.0
    """
    a, b = _cell_numbers(cell, "cell"), _cell_numbers(goal, "goal")
    return float(abs(a[0] - b[0]) + abs(a[1] - b[1]))


def octile(cell: ArrayLike, goal: ArrayLike) -> float:
    """Octile distance: the cheapest 8-connected path on an empty grid.

    Parameters
    ----------
    cell, goal : array_like, shape (2,)
        ``(row, col)`` cells.

    Returns
    -------
    float
        max(|Δrow|, |Δcol|) + (√2 − 1) · min(|Δrow|, |Δcol|) [cells].

    Notes
    -----
    Go diagonally (cost √2) while both row and column still differ, then straight
    (cost 1). Admissible for 8-connected grids; the Manhattan distance is not (it
    counts a diagonal step as 2).

    Examples
    --------
    >>> round(octile((0, 0), (3, 4)), 4)
    5.2426
    """
    a, b = _cell_numbers(cell, "cell"), _cell_numbers(goal, "goal")
    dr, dc = abs(a[0] - b[0]), abs(a[1] - b[1])
    return float(max(dr, dc) + (_SQRT2 - 1.0) * min(dr, dc))


def _check_connectivity(connectivity: int) -> int:
    if isinstance(connectivity, bool) or connectivity not in (4, 8):
        raise ValueError(
            _("connectivity must be 4 (side neighbours) or 8 (with diagonals), got {value!r}").format(
                value=connectivity
            )
        )
    return int(connectivity)


def _check_diagonals(diagonals: str) -> str:
    if diagonals not in DIAGONAL_RULES:
        raise ValueError(_("diagonals must be one of {names}, got {value!r}").format(
            names=", ".join(repr(r) for r in DIAGONAL_RULES), value=diagonals))
    return str(diagonals)


def _blocked_sides_allowed(diagonals: str) -> int:
    """How many of a diagonal step's two side cells may be blocked under ``diagonals``."""
    return {"no_corner_cutting": 0, "no_squeezing": 1, "corner_cutting": 2}[diagonals]


# -- the map ----------------------------------------------------------------------
class GridMap:
    """An occupancy grid: a floor cut into square cells, each free or blocked.

    Parameters
    ----------
    occupancy : array_like of bool, shape (rows, cols)
        True (or 1) where a cell is blocked by an obstacle.
    start, goal : (row, col), optional
        Default start and goal cells for the planners.
    cell_size : float
        Side of one cell [m] (a taped floor grid is often 0.3 m).
    name : str
        Shown in drawings.

    Examples
    --------
    >>> grid = GridMap([[0, 1], [0, 0]], start=(0, 0), goal=(0, 1))
    Traceback (most recent call last):
    ...
    ValueError: goal (0, 1) is inside an obstacle; choose a free cell
    >>> grid = GridMap([[0, 1], [0, 0]], start=(0, 0), goal=(1, 1))
    >>> grid.shape, grid.free_cells
    ((2, 2), 3)
    >>> print(grid.to_text())
    S#
    .G
    """

    def __init__(self, occupancy: ArrayLike, *, start: ArrayLike | None = None, goal: ArrayLike | None = None,
                 cell_size: float = 1.0, name: str = ""):
        occ = np.asarray(occupancy)
        if occ.ndim != 2 or occ.size == 0:
            raise ValueError(
                _("occupancy must be a 2D grid with at least one cell, got an array of shape {shape}").format(
                    shape=tuple(occ.shape)
                )
            )
        if occ.dtype != bool:
            if not np.issubdtype(occ.dtype, np.number) or not np.all(np.isin(occ, (0, 1))):
                raise ValueError(_("occupancy must hold only 0/1 or False/True (1 = obstacle)"))
            occ = occ.astype(bool)
        size = float(cell_size)
        if not math.isfinite(size) or size <= 0:
            raise ValueError(
                _("cell_size must be > 0 m, got {value}; measure one square of the grid").format(
                    value=format_number(size)
                )
            )
        self.occupancy: NDArray[np.bool_] = occ.copy()
        self.occupancy.setflags(write=False)
        self.cell_size = size
        self.name = name
        self.start = None if start is None else self.check_cell(start, what="start")
        self.goal = None if goal is None else self.check_cell(goal, what="goal")

    # construction
    @classmethod
    def from_text(cls, text: str, *, cell_size: float = 1.0, name: str = "") -> GridMap:
        """Read a map drawn with characters.

        ``#`` (or ``X``, ``1``) is an obstacle, ``.`` (or a space, ``0``) is free,
        ``S`` marks the start and ``G`` the goal. Lines starting with ``;`` are
        comments; blank lines before and after the map are ignored. Every row must
        have the same length.

        Raises
        ------
        ValueError
            Naming the line and column of an unknown character or a short row.
        """
        lines = text.splitlines()
        rows: list[tuple[int, str]] = []
        for number, line in enumerate(lines, start=1):
            stripped = line.rstrip("\r\n")
            if stripped.lstrip().startswith(";"):
                continue
            rows.append((number, stripped.rstrip() if set(stripped) <= {" "} else stripped))
        while rows and not rows[0][1].strip():
            rows.pop(0)
        while rows and not rows[-1][1].strip():
            rows.pop()
        if not rows:
            raise ValueError(_("the map text has no rows; draw it with '.' for free cells and '#' for obstacles"))
        width = len(rows[0][1])
        occupancy = np.zeros((len(rows), width), dtype=bool)
        start = goal = None
        for r, (number, line) in enumerate(rows):
            if len(line) != width:
                raise ValueError(
                    _("map line {line} has {got} cells, but the first row has {want}; every row must be "
                      "equally long").format(line=number, got=len(line), want=width)
                )
            for c, ch in enumerate(line):
                if ch in _BLOCKED_CHARS:
                    occupancy[r, c] = True
                elif ch in ("S", "s"):
                    if start is not None:
                        raise ValueError(_("map line {line}, column {column}: a second start 'S'; "
                                           "a map has at most one").format(line=number, column=c + 1))
                    start = (r, c)
                elif ch in ("G", "g"):
                    if goal is not None:
                        raise ValueError(_("map line {line}, column {column}: a second goal 'G'; "
                                           "a map has at most one").format(line=number, column=c + 1))
                    goal = (r, c)
                elif ch not in _FREE_CHARS:
                    raise ValueError(
                        _("map line {line}, column {column}: unknown character {char!r}; use '.' free, "
                          "'#' obstacle, 'S' start, 'G' goal").format(line=number, column=c + 1, char=ch)
                    )
        return cls(occupancy, start=start, goal=goal, cell_size=cell_size, name=name)

    @classmethod
    def from_file(cls, path: str | Path, *, cell_size: float = 1.0) -> GridMap:
        """Read a text map (see :meth:`from_text`) from a file; the name is the file's stem."""
        p = Path(path)
        return cls.from_text(p.read_text(encoding="utf-8"), cell_size=cell_size, name=p.stem)

    @classmethod
    def random(cls, shape: tuple[int, int], *, density: float, seed: int | None = None,
               rng: np.random.Generator | None = None, start: ArrayLike | None = None,
               goal: ArrayLike | None = None, cell_size: float = 1.0) -> GridMap:
        """A map with each cell blocked with probability ``density``.

        ``start`` and ``goal`` (default: top-left and bottom-right corners) are
        kept free. Use ``seed`` (or ``rng``) for the same map every run.

        Examples
        --------
        >>> g = GridMap.random((20, 30), density=0.3, seed=1)
        >>> g.shape, g.start, g.goal
        ((20, 30), (0, 0), (19, 29))
        >>> bool(g.occupancy[0, 0] or g.occupancy[19, 29])
        False
        """
        if len(shape) != 2 or any(int(n) != n or n < 1 for n in shape):
            raise ValueError(_("shape must be (rows, cols) with whole numbers ≥ 1, got {value!r}").format(value=shape))
        d = float(density)
        if not (0.0 <= d < 1.0):
            raise ValueError(
                _("density must be between 0 (no obstacles) and 1 (all blocked), got {value}").format(
                    value=format_number(d)
                )
            )
        generator = rng if rng is not None else np.random.default_rng(seed)
        rows, cols = int(shape[0]), int(shape[1])
        occupancy = generator.random((rows, cols)) < d
        start_cell = (0, 0) if start is None else tuple(int(v) for v in np.asarray(start))
        goal_cell = (rows - 1, cols - 1) if goal is None else tuple(int(v) for v in np.asarray(goal))
        for cell in (start_cell, goal_cell):
            if 0 <= cell[0] < rows and 0 <= cell[1] < cols:
                occupancy[cell] = False
        return cls(occupancy, start=start_cell, goal=goal_cell, cell_size=cell_size)

    @classmethod
    def maze(cls, rooms: tuple[int, int], *, seed: int | None = None, rng: np.random.Generator | None = None,
             cell_size: float = 1.0) -> GridMap:
        """A perfect maze (exactly one route between any two free cells).

        ``rooms = (m, n)`` gives a map of (2m + 1) × (2n + 1) cells: rooms at odd
        rows and columns, walls between them, knocked through by a randomised
        depth-first search. Start top-left (1, 1), goal bottom-right.

        Examples
        --------
        >>> print(GridMap.maze((2, 3), seed=0).to_text())
        #######
        #S....#
        #####.#
        #....G#
        #######
        """
        m, n = (int(v) for v in rooms)
        if m < 1 or n < 1:
            raise ValueError(_("rooms must be (rows, cols) with whole numbers ≥ 1, got {value!r}").format(value=rooms))
        generator = rng if rng is not None else np.random.default_rng(seed)
        occupancy = np.ones((2 * m + 1, 2 * n + 1), dtype=bool)
        visited = np.zeros((m, n), dtype=bool)
        stack = [(0, 0)]
        visited[0, 0] = True
        occupancy[1, 1] = False
        while stack:
            r, c = stack[-1]
            options = [(r + dr, c + dc) for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1))
                       if 0 <= r + dr < m and 0 <= c + dc < n and not visited[r + dr, c + dc]]
            if not options:
                stack.pop()
                continue
            nr, nc = options[int(generator.integers(len(options)))]
            visited[nr, nc] = True
            occupancy[2 * nr + 1, 2 * nc + 1] = False
            occupancy[r + nr + 1, c + nc + 1] = False  # the wall between the two rooms
            stack.append((nr, nc))
        return cls(occupancy, start=(1, 1), goal=(2 * m - 1, 2 * n - 1), cell_size=cell_size)

    # queries
    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, cols)``."""
        return (int(self.occupancy.shape[0]), int(self.occupancy.shape[1]))

    @property
    def free_cells(self) -> int:
        """How many cells are free."""
        return int(self.occupancy.size - np.count_nonzero(self.occupancy))

    def in_bounds(self, cell: ArrayLike) -> bool:
        """Whether ``(row, col)`` is on the map."""
        r, c = (int(v) for v in np.asarray(cell).reshape(2))
        return 0 <= r < self.shape[0] and 0 <= c < self.shape[1]

    def is_free(self, cell: ArrayLike) -> bool:
        """Whether ``(row, col)`` is on the map and not blocked."""
        return self.in_bounds(cell) and not bool(self.occupancy[tuple(int(v) for v in np.asarray(cell).reshape(2))])

    def check_cell(self, cell: ArrayLike, *, what: str = "cell") -> tuple[int, int]:
        """Return ``cell`` as an ``(row, col)`` tuple of ints, or raise a clear ValueError.

        The error says whether the cell is not a pair of whole numbers, off the map,
        or inside an obstacle.
        """
        arr = np.asarray(cell)
        if arr.shape != (2,) or not np.all(np.isfinite(arr.astype(float))) or np.any(arr.astype(float) % 1 != 0):
            raise ValueError(
                _("{what} must be a cell (row, col) of two whole numbers, got {value!r}").format(what=what, value=cell)
            )
        r, c = int(arr[0]), int(arr[1])
        rows, cols = self.shape
        if not (0 <= r < rows and 0 <= c < cols):
            raise ValueError(
                _("{what} ({row}, {col}) is off the map: rows go from 0 to {last_row} and columns from 0 to "
                  "{last_col}").format(what=what, row=r, col=c, last_row=rows - 1, last_col=cols - 1)
            )
        if self.occupancy[r, c]:
            raise ValueError(
                _("{what} ({row}, {col}) is inside an obstacle; choose a free cell").format(what=what, row=r, col=c)
            )
        return (r, c)

    def to_text(self, path: ArrayLike | None = None) -> str:
        """The map as characters (``#``, ``.``, ``S``, ``G``); cells of ``path`` as ``*``."""
        chars = np.where(self.occupancy, "#", ".").astype("<U1")
        if path is not None:
            for r, c in np.asarray(path, dtype=int).reshape(-1, 2):
                chars[r, c] = "*"
        if self.start is not None:
            chars[self.start] = "S"
        if self.goal is not None:
            chars[self.goal] = "G"
        return "\n".join("".join(row) for row in chars)

    def __repr__(self) -> str:
        rows, cols = self.shape
        return f"GridMap({rows}×{cols}, {self.free_cells} free, start={self.start}, goal={self.goal})"

    # drawing: 80 CSS px per inch, with twice the pixels (sharp at device scale 2)
    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self._figure(), dpi=80)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self._figure(), dpi=80)[0]

    def _figure(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from stemkit.robotics.plots import draw_grid

        rows, cols = self.shape
        scale = 5.0 / max(rows, cols)
        fig = Figure(figsize=(max(2.5, cols * scale + 0.6), max(2.0, rows * scale + 0.4)), layout="constrained")
        FigureCanvasAgg(fig)
        draw_grid(fig.add_subplot(), self)
        return fig


def neighbours(grid: GridMap, cell: ArrayLike, *, connectivity: Connectivity = 4,
               diagonals: DiagonalRule = "no_corner_cutting") -> list[tuple[tuple[int, int], float]]:
    """Free neighbours of ``cell`` and the cost of the step to each.

    Parameters
    ----------
    grid : GridMap
    cell : (row, col)
    connectivity : {4, 8}
    diagonals : {"no_corner_cutting", "no_squeezing", "corner_cutting"}
        When a diagonal step is allowed (8-connected only): both side cells next to
        it free, at least one free, or always (see the module notes).

    Returns
    -------
    list of ((row, col), cost)
        Side steps cost 1, diagonal steps √2.

    Examples
    --------
    >>> g = GridMap.from_text('''
    ... ..
    ... .#
    ... ''')
    >>> neighbours(g, (0, 0), connectivity=8)
    [((0, 1), 1.0), ((1, 0), 1.0)]
    >>> neighbours(g, (0, 1), connectivity=8, diagonals="no_squeezing")   # past the corner of the box
    [((0, 0), 1.0), ((1, 0), 1.4142135623730951)]
    """
    k = _check_connectivity(connectivity)
    allowed = _blocked_sides_allowed(_check_diagonals(diagonals))
    r, c = grid.check_cell(cell)
    out = []
    for dr, dc in ((-1, 0), (0, -1), (0, 1), (1, 0)):
        if grid.is_free((r + dr, c + dc)):
            out.append(((r + dr, c + dc), 1.0))
    if k == 8:
        for dr, dc in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
            sides_blocked = (not grid.is_free((r + dr, c))) + (not grid.is_free((r, c + dc)))
            if grid.is_free((r + dr, c + dc)) and sides_blocked <= allowed:
                out.append(((r + dr, c + dc), _SQRT2))
    return sorted(out)


def path_cost(path: ArrayLike, *, connectivity: Connectivity = 8) -> float:
    """Cost of a path of cells: 1 per side step, √2 per diagonal step.

    Parameters
    ----------
    path : array_like, shape (n, 2)
        ``(row, col)`` cells, each a neighbour of the one before.
    connectivity : {4, 8}
        With 4, diagonal steps are an error.

    Returns
    -------
    float
        [cells]; 0 for a path of one cell.

    Raises
    ------
    ValueError
        When two cells in a row are not neighbours, naming the step.

    Examples
    --------
    >>> round(path_cost([(0, 0), (1, 1), (1, 2)]), 4)
    2.4142
    """
    k = _check_connectivity(connectivity)
    p = finite_array(path, "path", limit=_MAX_CELLS, what=_("a list of (row, col) cells"))
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError(_("path must be a list of (row, col) cells, got an array of shape {shape}").format(
            shape=tuple(p.shape)))
    total = 0.0
    for i in range(1, len(p)):
        dr, dc = abs(p[i, 0] - p[i - 1, 0]), abs(p[i, 1] - p[i - 1, 1])
        if (dr, dc) in ((1, 0), (0, 1)):
            total += 1.0
        elif (dr, dc) == (1, 1) and k == 8:
            total += _SQRT2
        else:
            raise ValueError(
                _("step {step} of the path, from {a} to {b}, is not a move to a neighbouring cell").format(
                    step=i, a=tuple(int(v) for v in p[i - 1]), b=tuple(int(v) for v in p[i]))
            )
    return total


# -- results -------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanResult:
    """What a planner found, and how much work it did.

    Attributes
    ----------
    algorithm : str
        ``"bfs"``, ``"dijkstra"`` or ``"astar"``.
    connectivity : int
        4 or 8.
    start, goal : (row, col)
    found : bool
        Whether a path exists.
    path : ndarray of int, shape (n, 2)
        Cells from start to goal; shape (0, 2) when there is no path.
    cost : float
        The cost of the path found [cells] (side step 1, diagonal √2); ``inf`` when
        there is no path. The cheapest cost there is only when :attr:`cheapest` is
        True: BFS makes the number of *steps* smallest (:attr:`steps`), and with
        diagonals the fewest steps can cost more.
    nodes_expanded : int
        How many cells the planner took off its frontier and finished.
    expanded : ndarray of int, shape (nodes_expanded, 2)
        Those cells in the order they were expanded (for animations).
    cell_size : float
        [m], copied from the map.
    start_region, goal_region : int
        When there is no path: how many free cells the start and the goal can each
        reach (their parts of the map); 0 when a path was found.
    diagonals : str
        The rule for diagonal steps (see the module notes).
    """

    algorithm: str
    connectivity: int
    start: tuple[int, int]
    goal: tuple[int, int]
    found: bool
    path: NDArray[np.int64] = field(repr=False)
    cost: float
    nodes_expanded: int
    expanded: NDArray[np.int64] = field(repr=False)
    cell_size: float = 1.0
    start_region: int = 0
    goal_region: int = 0
    diagonals: str = "no_corner_cutting"

    @property
    def steps(self) -> int:
        """Number of moves along the path (cells − 1); −1 when there is no path. BFS makes this smallest."""
        return int(len(self.path) - 1)

    @property
    def cheapest(self) -> bool:
        """True when no path costs less than :attr:`cost`: always for Dijkstra and A*, for BFS only on a
        4-connected grid (where every step costs 1, so the fewest steps are also the cheapest)."""
        return self.found and (self.algorithm != "bfs" or self.connectivity == 4)

    @property
    def distance(self) -> float:
        """Path length [m]: cost × cell size (``inf`` when there is no path)."""
        return self.cost * self.cell_size

    @property
    def message(self) -> str:
        """One plain sentence saying what was found."""
        if self.found and not self.cheapest:
            return _("{algorithm} found the path with the fewest steps from {start} to {goal}: {steps} steps, "
                     "cost {cost} (not always the cheapest: a diagonal step costs √2), {expanded} cells expanded").format(
                algorithm=_ALGORITHM_NAMES[self.algorithm], start=self.start, goal=self.goal, steps=self.steps,
                cost=format_number(self.cost), expanded=self.nodes_expanded)
        if self.found:
            return _("{algorithm} found a path from {start} to {goal}: {steps} steps, cost {cost}, "
                     "{expanded} cells expanded").format(
                algorithm=_ALGORITHM_NAMES[self.algorithm], start=self.start, goal=self.goal, steps=self.steps,
                cost=format_number(self.cost), expanded=self.nodes_expanded)
        n, m = self.start_region, self.goal_region
        if m * 4 <= n:
            return _("no path from {start} to {goal}: obstacles wall the goal in (free cells on its side: {m}; "
                     "on the start's side: {n})").format(start=self.start, goal=self.goal, n=n, m=m)
        if n * 4 <= m:
            return _("no path from {start} to {goal}: obstacles wall the start in (free cells on its side: {n}; "
                     "on the goal's side: {m})").format(start=self.start, goal=self.goal, n=n, m=m)
        return _("no path from {start} to {goal}: obstacles split the map into parts that do not join (free cells "
                 "on the start's side: {n}; on the goal's side: {m})").format(start=self.start, goal=self.goal, n=n, m=m)

    def __str__(self) -> str:
        return self.message


_ALGORITHM_NAMES = {"bfs": "BFS", "dijkstra": "Dijkstra", "astar": "A*"}


# -- the planners -------------------------------------------------------------------------
class _Padded:
    """The map with a one-cell wall around it, flattened: neighbours never leave the array."""

    def __init__(self, grid: GridMap, connectivity: int, diagonals: str = "no_corner_cutting"):
        rows, cols = grid.shape
        width = cols + 2
        blocked = np.ones((rows + 2, width), dtype=bool)
        blocked[1:-1, 1:-1] = grid.occupancy
        self.rows, self.cols, self.width = rows, cols, width
        self.blocked = blocked.ravel().tolist()  # Python list: fastest single-item access in the hot loop
        self.size = blocked.size
        # (offset, cost, side offset a, side offset b) - side offsets only for diagonals that check them
        moves = [(-width, 1.0, 0, 0), (-1, 1.0, 0, 0), (1, 1.0, 0, 0), (width, 1.0, 0, 0)]
        allowed = _blocked_sides_allowed(diagonals)
        if connectivity == 8:
            sides = [(-width, -1), (-width, 1), (width, -1), (width, 1)]
            moves += [(a + b, _SQRT2, a, b) if allowed < 2 else (a + b, _SQRT2, 0, 0) for a, b in sides]
        self.moves = moves
        # a diagonal step is refused when more than `allowed` of its side cells are blocked
        self.too_many = allowed + 1

    def index(self, cell: tuple[int, int]) -> int:
        return (cell[0] + 1) * self.width + cell[1] + 1

    def cells(self, indices: list[int] | NDArray) -> NDArray[np.int64]:
        idx = np.asarray(indices, dtype=np.int64)
        if idx.size == 0:
            return np.empty((0, 2), dtype=np.int64)
        return np.column_stack([idx // self.width - 1, idx % self.width - 1]).astype(np.int64)


def _endpoints(grid: GridMap, start: ArrayLike | None, goal: ArrayLike | None) -> tuple[tuple[int, int], tuple[int, int]]:
    if not isinstance(grid, GridMap):
        raise TypeError(_("grid must be a GridMap (make one with GridMap.from_text or GridMap(array)), got {kind}").format(
            kind=type(grid).__name__))
    s = start if start is not None else grid.start
    g = goal if goal is not None else grid.goal
    if s is None or g is None:
        missing = "start" if s is None else "goal"
        raise ValueError(_("no {what} given: pass {what}=(row, col) or mark it in the map text").format(what=missing))
    return grid.check_cell(s, what="start"), grid.check_cell(g, what="goal")


def _walk_back(parent: NDArray[np.int64], goal: int) -> list[int]:
    out = [goal]
    while parent[out[-1]] >= 0:
        out.append(int(parent[out[-1]]))
    return out[::-1]


def _result(name: str, k: int, grid: GridMap, pad: _Padded, s: tuple[int, int], g: tuple[int, int],
            parent: NDArray[np.int64] | None, order: list[int], found: bool, diagonals: str) -> PlanResult:
    if found and parent is not None:
        path = pad.cells(_walk_back(parent, pad.index(g)))
        cost = path_cost(path, connectivity=k)
    else:
        path = np.empty((0, 2), dtype=np.int64)
        cost = math.inf
    regions = (_region_size(pad, s), _region_size(pad, g)) if not found else (0, 0)
    return PlanResult(algorithm=name, connectivity=k, start=s, goal=g, found=found, path=path, cost=cost,
                      nodes_expanded=len(order), expanded=pad.cells(order), cell_size=grid.cell_size,
                      start_region=regions[0], goal_region=regions[1], diagonals=diagonals)


def _region_size(pad: _Padded, cell: tuple[int, int]) -> int:
    """How many free cells ``cell`` can reach with the planner's moves (itself included)."""
    blocked, first, too_many = pad.blocked, pad.index(cell), pad.too_many
    seen = bytearray(pad.size)
    seen[first] = 1
    stack, count = [first], 0
    while stack:
        i = stack.pop()
        count += 1
        for offset, _cost, side_a, side_b in pad.moves:
            j = i + offset
            if seen[j] or blocked[j] or (side_a and blocked[i + side_a] + blocked[i + side_b] >= too_many):
                continue
            seen[j] = 1
            stack.append(j)
    return count


def bfs(grid: GridMap, start: ArrayLike | None = None, goal: ArrayLike | None = None, *,
        connectivity: Connectivity = 4, diagonals: DiagonalRule = "no_corner_cutting") -> PlanResult:
    """Breadth-first search: the path with the fewest steps.

    Parameters
    ----------
    grid : GridMap
    start, goal : (row, col), optional
        Default: the map's own start and goal.
    connectivity : {4, 8}
    diagonals : {"no_corner_cutting", "no_squeezing", "corner_cutting"}
        When a diagonal step is allowed (see the module notes).

    Returns
    -------
    PlanResult
        ``steps`` is the fewest there are; ``cost`` is what that path costs, the
        cheapest only on a 4-connected grid (``cheapest`` says which).

    Raises
    ------
    ValueError
        When start or goal is off the map or inside an obstacle.

    Notes
    -----
    BFS explores in rings: every cell 1 step away, then every cell 2 steps away,
    and so on (a first-in-first-out queue). So the first time it reaches the goal
    it has used the fewest steps. On a 4-connected grid every step costs 1, so that
    is also the cheapest path; on an 8-connected grid it may not be, because a
    diagonal step costs √2 but counts as one step.

    Examples
    --------
    >>> grid = GridMap.from_text('''
    ... S.#
    ... ..#
    ... ..G
    ... ''')
    >>> r = bfs(grid)
    >>> r.steps, r.nodes_expanded, r.cheapest
    (4, 7, True)

    With diagonals the fewest steps can cost more than the cheapest path:

    >>> room = GridMap.from_text('''
    ... S#......#
    ... ...#.....
    ... #.#.....#
    ... #........
    ... .........
    ... ..#...#.G
    ... ''')
    >>> fewest, cheapest = bfs(room, connectivity=8), dijkstra(room, connectivity=8)
    >>> fewest.steps, round(fewest.cost, 2), fewest.cheapest
    (11, 12.66, False)
    >>> cheapest.steps, round(cheapest.cost, 2)
    (11, 11.83)
    """
    k = _check_connectivity(connectivity)
    rule = _check_diagonals(diagonals)
    s, g = _endpoints(grid, start, goal)
    pad = _Padded(grid, k, rule)
    blocked, moves, too_many = pad.blocked, pad.moves, pad.too_many
    parent = [-1] * pad.size   # flat array of parent cell numbers
    seen = bytearray(pad.size)
    si, gi = pad.index(s), pad.index(g)
    seen[si] = 1
    queue = deque([si])
    order: list[int] = []
    found = False
    while queue:
        i = queue.popleft()
        order.append(i)
        if i == gi:
            found = True
            break
        for offset, _cost, side_a, side_b in moves:
            j = i + offset
            if seen[j] or blocked[j] or (side_a and blocked[i + side_a] + blocked[i + side_b] >= too_many):
                continue
            seen[j] = 1
            parent[j] = i
            queue.append(j)
    return _result("bfs", k, grid, pad, s, g, np.asarray(parent, dtype=np.int64), order, found, rule)


def _best_first(name: str, grid: GridMap, start, goal, connectivity: int, use_heuristic: bool,
                diagonals: str) -> PlanResult:
    k = _check_connectivity(connectivity)
    rule = _check_diagonals(diagonals)
    s, g = _endpoints(grid, start, goal)
    pad = _Padded(grid, k, rule)
    blocked, moves, width, too_many = pad.blocked, pad.moves, pad.width, pad.too_many
    inf = math.inf
    cost_so_far = [inf] * pad.size   # flat array, indexed by padded cell number
    parent = [-1] * pad.size         # flat array of parent cell numbers
    closed = bytearray(pad.size)
    si, gi = pad.index(s), pad.index(g)
    gr, gc = divmod(gi, width)
    diagonal_bonus = _SQRT2 - 2.0

    def h(i: int) -> float:
        if not use_heuristic:
            return 0.0
        r, c = divmod(i, width)
        dr = r - gr if r > gr else gr - r
        dc = c - gc if c > gc else gc - c
        if k == 4:
            return float(dr + dc)
        return dr + dc + diagonal_bonus * (dr if dr < dc else dc)  # octile

    cost_so_far[si] = 0.0
    h0 = h(si)
    heap: list[tuple[float, float, int]] = [(h0, h0, si)]
    push, pop = heapq.heappush, heapq.heappop
    order: list[int] = []
    found = False
    while heap:
        _f, _h, i = pop(heap)
        if closed[i]:
            continue  # a stale entry: this cell was already finished more cheaply
        closed[i] = 1
        order.append(i)
        if i == gi:
            found = True
            break
        gi_cost = cost_so_far[i]
        for offset, step, side_a, side_b in moves:
            j = i + offset
            if blocked[j] or closed[j] or (side_a and blocked[i + side_a] + blocked[i + side_b] >= too_many):
                continue
            new_cost = gi_cost + step
            if new_cost < cost_so_far[j]:
                cost_so_far[j] = new_cost
                parent[j] = i
                hj = h(j)
                push(heap, (new_cost + hj, hj, j))
    return _result(name, k, grid, pad, s, g, np.asarray(parent, dtype=np.int64), order, found, rule)


def dijkstra(grid: GridMap, start: ArrayLike | None = None, goal: ArrayLike | None = None, *,
             connectivity: Connectivity = 4, diagonals: DiagonalRule = "no_corner_cutting") -> PlanResult:
    """Dijkstra's algorithm: the cheapest path, exploring cheapest-first.

    Parameters
    ----------
    grid : GridMap
    start, goal : (row, col), optional
        Default: the map's own start and goal.
    connectivity : {4, 8}
    diagonals : {"no_corner_cutting", "no_squeezing", "corner_cutting"}
        When a diagonal step is allowed (see the module notes).

    Returns
    -------
    PlanResult

    Raises
    ------
    ValueError
        When start or goal is off the map or inside an obstacle.

    Notes
    -----
    Keeps a priority queue (a binary heap) of cells ordered by g, the cost of the
    cheapest way found so far from the start. It always finishes the cell with the
    smallest g next, so when the goal comes off the queue its g is the cheapest
    cost. Step costs: 1 to a side neighbour, √2 diagonally.

    Examples
    --------
    Two diagonal steps and one side step, 2√2 + 1:

    >>> grid = GridMap.from_text('''
    ... S...
    ... ....
    ... ...G
    ... ''')
    >>> round(dijkstra(grid, connectivity=8).cost, 4)
    3.8284

    The rule for diagonals changes the cost (lesson robotics-08's tiny map):

    >>> tiny = GridMap.from_text("S...\\n.#..\\n.#.G")
    >>> [round(dijkstra(tiny, connectivity=8, diagonals=rule).cost, 2) for rule in DIAGONAL_RULES]
    [4.41, 3.83, 3.83]
    """
    return _best_first("dijkstra", grid, start, goal, connectivity, use_heuristic=False, diagonals=diagonals)


def astar(grid: GridMap, start: ArrayLike | None = None, goal: ArrayLike | None = None, *,
          connectivity: Connectivity = 4, diagonals: DiagonalRule = "no_corner_cutting") -> PlanResult:
    """A*: Dijkstra with a guess of the remaining cost, so it heads for the goal.

    Parameters
    ----------
    grid : GridMap
    start, goal : (row, col), optional
        Default: the map's own start and goal.
    connectivity : {4, 8}
        The heuristic is :func:`manhattan` for 4 and :func:`octile` for 8.
    diagonals : {"no_corner_cutting", "no_squeezing", "corner_cutting"}
        When a diagonal step is allowed (see the module notes); octile stays
        admissible and consistent under every rule (it is the cost when every
        diagonal is allowed).

    Returns
    -------
    PlanResult

    Raises
    ------
    ValueError
        When start or goal is off the map or inside an obstacle.

    Notes
    -----
    Orders the queue by f = g + h, where g is the cost from the start so far and h
    the heuristic's guess of the cost still to go. Both heuristics are the exact
    cost on an empty grid, so they never overestimate (admissible) and never drop
    by more than one step costs (consistent): A* then finds a path exactly as cheap
    as Dijkstra's, usually expanding far fewer cells. Ties in f go to the smaller h.

    Examples
    --------
    >>> grid = GridMap.random((10, 10), density=0.2, seed=3)
    >>> a, d = astar(grid, connectivity=8), dijkstra(grid, connectivity=8)
    >>> round(a.cost, 4) == round(d.cost, 4), a.nodes_expanded < d.nodes_expanded
    (True, True)
    """
    return _best_first("astar", grid, start, goal, connectivity, use_heuristic=True, diagonals=diagonals)


def plan(grid: GridMap, start: ArrayLike | None = None, goal: ArrayLike | None = None, *,
         algorithm: Algorithm = "astar", connectivity: Connectivity = 4,
         diagonals: DiagonalRule = "no_corner_cutting") -> PlanResult:
    """Run the planner named ``algorithm`` (``"bfs"``, ``"dijkstra"`` or ``"astar"``).

    Examples
    --------
    >>> grid = GridMap.from_text("S..\\n##.\\nG..")
    >>> [plan(grid, algorithm=a).cost for a in ALGORITHMS]
    [6.0, 6.0, 6.0]
    >>> plan(grid, algorithm="greedy")
    Traceback (most recent call last):
    ...
    ValueError: algorithm must be one of 'bfs', 'dijkstra', 'astar', got 'greedy'
    """
    planners = {"bfs": bfs, "dijkstra": dijkstra, "astar": astar}
    if algorithm not in planners:
        raise ValueError(_("algorithm must be one of {names}, got {value!r}").format(
            names=", ".join(repr(a) for a in ALGORITHMS), value=algorithm))
    return planners[algorithm](grid, start, goal, connectivity=connectivity, diagonals=diagonals)
