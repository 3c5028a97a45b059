"""Modified nodal analysis (MNA): the equations behind every circuit simulator.

Every circuit becomes one matrix equation. The unknowns ``x`` are the voltage of
every node (except ground, which is 0 V by definition) and the current through
every voltage source and inductor. Each row is one law:

* a node row is Kirchhoff's current law: the currents leaving the node add to zero;
* a source row says what the source sets: ``v(+) - v(-) = V``.

Written as :math:`G\\,x + C\\,\\dot x + f(x) = B\\,u(t)` (``G`` conductances and
connections, ``C`` capacitances and inductances, ``f`` the diodes, ``u`` the
sources), the analyses are:

* DC operating point: :math:`\\dot x = 0`, solved by Newton's method when there are
  diodes (with SPICE-style junction voltage limiting so it cannot run away);
* transient: fixed time step ``h``, backward Euler
  :math:`(G + C/h)\\,x_{n+1} = (C/h)\\,x_n + B u_{n+1}` or the trapezoidal rule
  :math:`(G + 2C/h)\\,x_{n+1} = (2C/h - G)\\,x_n + B (u_{n+1} + u_n)`;
* AC sweep: :math:`(G + j\\omega C)\\,X = B\\,U` at each angular frequency ω.

Examples
--------
>>> from stemkit.electronics.circuit import Circuit
>>> c = Circuit("divider")
>>> _ = c.add_voltage_source("V1", "in", "0", 5)
>>> _ = c.add_resistor("R1", "in", "out", "1k")
>>> _ = c.add_resistor("R2", "out", "0", "1k")
>>> print(c.matrix_equation())
               v(in)   v(out)  i(V1)  |  b
KCL at in      0.001   -0.001  1      |  0
KCL at out     -0.001  0.002   0      |  0
V1 sets v(in)  1       0       0      |  5
>>> op = c.operating_point()
>>> op.voltage("out"), op.current("V1")
(2.5, -0.0025)
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.electronics.circuit import (
    _KIND_WORDS,
    RESISTOR_POWER_LIMIT,
    SHORT_CIRCUIT_CURRENT,
    THERMAL_VOLTAGE_27C,
    Circuit,
    Part,
    RatingWarning,
)
from stemkit.i18n import _, format_number

__all__ = [
    "operating_point", "matrix_equation", "transient", "ac_sweep",
    "OperatingPoint", "MatrixEquation", "TransientResult", "AcResult",
    "check_topology", "check_ratings", "CircuitError", "GMIN",
]

#: Conductance SPICE puts across every diode junction so the matrix never goes singular [S].
GMIN = 1e-12


class CircuitError(ValueError):
    """A circuit that cannot be solved as wired; the message names the parts and nodes."""


# ---------------------------------------------------------------------------
# Topology checks: errors that teach
# ---------------------------------------------------------------------------

class _Forest:
    """Union-find that also remembers which part joined which nodes (to name loops)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.adj: dict[str, list[tuple[str, str]]] = {}

    def find(self, a: str) -> str:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def join(self, a: str, b: str, part: str, *, trace: bool = True) -> list[str] | None:
        """Join a and b; if already joined, return the parts on the path from a to b (when ``trace``)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return self.path(a, b) if trace else []
        self.parent[ra] = rb
        if trace:
            self.adj.setdefault(a, []).append((b, part))
            self.adj.setdefault(b, []).append((a, part))
        return None

    def path(self, a: str, b: str) -> list[str]:
        prev: dict[str, tuple[str, str] | None] = {a: None}
        queue = deque([a])
        while queue:
            n = queue.popleft()
            if n == b:
                break
            for m, part in self.adj.get(n, []):
                if m not in prev:
                    prev[m] = (n, part)
                    queue.append(m)
        parts: list[str] = []
        node = b
        while prev.get(node) is not None:
            node, part = prev[node]  # type: ignore[misc]
            parts.append(part)
        return parts[::-1]


def _names(items: Sequence[str]) -> str:
    return ", ".join(items)


def check_topology(circuit: Circuit, analysis: str = "dc") -> None:
    """Raise :class:`CircuitError` when ``circuit`` cannot be solved for ``analysis``.

    Checks, in order: an empty circuit; no ground; a voltage source with both
    terminals on one node; a loop of voltage sources (at DC inductors count as
    wires, so an inductor across a source is a short); a floating node with no
    path to ground through parts that conduct (at DC capacitors do not).

    Parameters
    ----------
    analysis : {"dc", "transient", "ac"}

    Examples
    --------
    >>> c = Circuit()
    >>> _ = c.add_voltage_source("V1", "a", "0", 5)
    >>> _ = c.add_voltage_source("V2", "a", "0", 3)
    >>> check_topology(c)
    Traceback (most recent call last):
    ...
    stemkit.electronics.mna.CircuitError: V2, V1 form a loop of voltage sources through nodes a, 0: each tries to set the same voltage, so the circuit has no solution. Put a resistor in the loop or remove one source
    """
    parts = list(circuit.parts.values())
    if not parts:
        raise CircuitError(_("the circuit is empty: add some parts first"))
    nodes = circuit.nodes
    if not any(n == "0" for p in parts for n in p.nodes):
        raise CircuitError(_("this circuit has no ground: connect one node to '0' (or 'gnd'), the 0 V "
                             "reference every voltage is measured from. Its nodes are {nodes}").format(
            nodes=_names(nodes[1:])))
    dc = analysis == "dc"
    for p in parts:
        if p.kind == "V" and p.nodes[0] == p.nodes[1]:
            raise CircuitError(_("{part} is short-circuited: both its terminals are on node {node!r}. "
                                 "Connect its + and - to different nodes").format(part=p.name, node=p.nodes[0]))
    # Voltage-source loops (and, at DC, shorts made of inductors).
    forest = _Forest()
    ordered = [p for p in parts if p.kind == "V"] + [p for p in parts if p.kind == "L" and dc]
    kinds = {p.name: p.kind for p in parts}
    for p in ordered:
        if p.nodes[0] == p.nodes[1]:
            continue  # an inductor from a node to itself does nothing
        loop = forest.join(p.nodes[0], p.nodes[1], p.name)
        if loop is None:
            continue
        members = [p.name] + loop
        sources = [m for m in members if kinds[m] == "V"]
        wires = [m for m in members if kinds[m] == "L"]
        loop_nodes = _loop_nodes(circuit, members)
        if not sources:
            raise CircuitError(_("{parts} form a loop of inductors: at DC an inductor is a plain wire, so the "
                                 "current around the loop is undefined. Add a resistor in the loop").format(
                parts=_names(members)))
        if wires:
            raise CircuitError(_("short circuit across {sources}: {wires} connect its terminals directly "
                                 "(at DC an inductor is a plain wire), through nodes {nodes}. Add a resistor "
                                 "in series").format(sources=_names(sources), wires=_names(wires),
                                                     nodes=_names(loop_nodes)))
        raise CircuitError(_("{parts} form a loop of voltage sources through nodes {nodes}: each tries to "
                             "set the same voltage, so the circuit has no solution. Put a resistor in the "
                             "loop or remove one source").format(parts=_names(members),
                                                                 nodes=_names(loop_nodes)))
    # Floating nodes: no conducting path to ground.
    conducting = {"R", "V", "L", "D", "S"} | (set() if dc else {"C"})
    paths = _Forest()
    for n in nodes:
        paths.find(n)
    for p in parts:
        if p.kind in conducting:
            paths.join(p.nodes[0], p.nodes[1], p.name, trace=False)
    ground = paths.find("0")
    floating = [n for n in nodes if paths.find(n) != ground]
    if floating:
        touching = [p.name for p in parts if p.nodes[0] in floating or p.nodes[1] in floating]
        why = _("capacitors and current sources do not conduct a steady (DC) current") if dc else _(
            "current sources do not fix a voltage")
        if len(floating) == 1:
            msg = _("node {node!r} is floating: it has no path to ground through parts that conduct "
                    "(it touches only {parts}; {why}). Connect it to the rest of the circuit, for example "
                    "through a resistor").format(node=floating[0], parts=_names(touching), why=why)
        else:
            msg = _("nodes {nodes} are floating: they have no path to ground through parts that conduct "
                    "(they touch only {parts}; {why}). Connect them to the rest of the circuit, for example "
                    "through a resistor").format(nodes=_names([repr(n) for n in floating]),
                                                 parts=_names(touching), why=why)
        raise CircuitError(msg)


def _loop_nodes(circuit: Circuit, names: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for n in names:
        for node in circuit.parts[n].nodes:
            seen.setdefault(node, None)
    return list(seen)


# ---------------------------------------------------------------------------
# Compiling a circuit into matrices
# ---------------------------------------------------------------------------

@dataclass
class _System:
    circuit: Circuit
    nodes: list[str]                     # unknown node voltages, in order (visible + internal)
    visible: int                         # how many of ``nodes`` are the circuit's own nodes
    index: dict[str, int]                # node -> row; ground -> size (a sink row dropped at the end)
    branches: list[str]                  # parts with a current unknown (V sources, inductors)
    size: int
    G: NDArray[np.float64]               # static conductances and connections (no switches)
    C: NDArray[np.float64]               # capacitances and inductances
    B: NDArray[np.float64]               # sources -> rows
    sources: list[Part]                  # V and I sources, columns of B
    switches: list[Part]
    switch_ends: NDArray[np.int64]       # (n, 2) node rows of each switch
    diodes: list[Part]
    diode_ends: NDArray[np.int64]        # (n, 2) anode (possibly internal), cathode rows
    diode_is: NDArray[np.float64]
    diode_nvt: NDArray[np.float64]
    labels: list[str] = field(default_factory=list)
    equations: list[str] = field(default_factory=list)
    res_names: list[str] = field(default_factory=list)
    res_a: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    res_b: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    res_g: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def row(self, node: str) -> int:
        return self.index[node]

    def switch_matrix(self, states: Sequence[bool]) -> NDArray[np.float64] | float:
        """The conductance stamps of the switches in ``states`` (True = closed); 0.0 when there are none."""
        if not self.switches:
            return 0.0
        n = self.size
        S = np.zeros((n + 1, n + 1))
        if self.switches:
            g = np.array([1.0 / (p.params["on_resistance"] if s else p.params["off_resistance"])
                          for p, s in zip(self.switches, states, strict=True)])
            _stamp_conductance(S, self.switch_ends[:, 0], self.switch_ends[:, 1], g)
        return S[:n, :n]

    def source_values(self, time: ArrayLike) -> NDArray[np.float64]:
        """u(t): one column per source, one row per time."""
        t = np.atleast_1d(np.asarray(time, dtype=float))
        if not self.sources:
            return np.zeros((t.size, 0))
        return np.stack([p.params["waveform"].value(t) for p in self.sources], axis=1)


def _stamp_conductance(M: NDArray[Any], a: NDArray[np.int64], b: NDArray[np.int64], g: ArrayLike) -> None:
    g = np.asarray(g)
    rows = np.concatenate([a, b, a, b])
    cols = np.concatenate([a, b, b, a])
    np.add.at(M, (rows, cols), np.concatenate([g, g, -g, -g]))


def _stamp_branch(G: NDArray[np.float64], a: int, b: int, r: int) -> None:
    # Branch current r leaves node a and enters node b; row r reads v(a) - v(b).
    G[a, r] += 1
    G[b, r] -= 1
    G[r, a] += 1
    G[r, b] -= 1


def _compile(circuit: Circuit) -> _System:
    parts = list(circuit.parts.values())
    nodes = [n for n in circuit.nodes if n != "0"]
    visible = len(nodes)
    internal: dict[str, str] = {}
    for p in parts:
        if p.kind == "D" and p.params.get("series_resistance", 0.0) > 0:
            internal[p.name] = f"{p.name}:junction"
            nodes.append(internal[p.name])
    branches = [p.name for p in parts if p.kind in ("V", "L")]
    n_nodes = len(nodes)
    size = n_nodes + len(branches)
    index = {name: i for i, name in enumerate(nodes)}
    index["0"] = size
    branch_row = {name: n_nodes + k for k, name in enumerate(branches)}
    G = np.zeros((size + 1, size + 1))
    C = np.zeros((size + 1, size + 1))
    sources = [p for p in parts if p.kind in ("V", "I")]
    B = np.zeros((size + 1, len(sources)))
    # Resistors (and diode series resistances) and capacitors, stamped all at once.
    res_names: list[str] = []
    ra, rb, rg = [], [], []
    ca, cb, cv = [], [], []
    for p in parts:
        kind = p.kind
        if kind == "R":
            res_names.append(p.name)
            ra.append(index[p.nodes[0]])
            rb.append(index[p.nodes[1]])
            rg.append(p.value)
        elif kind == "C":
            ca.append(index[p.nodes[0]])
            cb.append(index[p.nodes[1]])
            cv.append(p.value)
    res_a, res_b = np.array(ra, dtype=np.int64), np.array(rb, dtype=np.int64)
    res_g = 1.0 / np.array(rg, dtype=float)
    for p in parts:
        if p.kind == "D" and p.name in internal:
            ra.append(index[p.nodes[0]])
            rb.append(index[internal[p.name]])
            rg.append(p.params["series_resistance"])
    if ra:
        _stamp_conductance(G, np.array(ra), np.array(rb), 1.0 / np.array(rg, dtype=float))
    if ca:
        _stamp_conductance(C, np.array(ca), np.array(cb), np.array(cv))
    for k, p in enumerate(sources):
        a, b = index[p.nodes[0]], index[p.nodes[1]]
        if p.kind == "V":
            r = branch_row[p.name]
            _stamp_branch(G, a, b, r)
            B[r, k] = 1.0
        else:
            B[a, k] -= 1.0
            B[b, k] += 1.0
    for p in parts:
        if p.kind == "L":
            a, b, r = index[p.nodes[0]], index[p.nodes[1]], branch_row[p.name]
            _stamp_branch(G, a, b, r)
            C[r, r] -= p.value
    switches = [p for p in parts if p.kind == "S"]
    diodes = [p for p in parts if p.kind == "D"]
    sw_ends = np.array([[index[p.nodes[0]], index[p.nodes[1]]] for p in switches], dtype=np.int64).reshape(-1, 2)
    d_ends = np.array([[index[internal.get(p.name, p.nodes[0])], index[p.nodes[1]]] for p in diodes],
                      dtype=np.int64).reshape(-1, 2)
    labels = [f"v({n})" for n in nodes] + [f"i({b})" for b in branches]
    kcl = _("KCL at {node}")
    equations = [kcl.format(node=n) for n in nodes]
    for name in branches:
        p = circuit.parts[name]
        if p.kind == "V":
            if p.nodes[1] == "0":
                equations.append(_("{part} sets v({node})").format(part=name, node=p.nodes[0]))
            else:
                equations.append(_("{part} sets v({a})-v({b})").format(part=name, a=p.nodes[0], b=p.nodes[1]))
        else:
            equations.append(_("{part}: v = L di/dt").format(part=name))
    return _System(
        circuit=circuit, nodes=nodes, visible=visible, index=index, branches=branches, size=size,
        G=G[:size, :size], C=C[:size, :size], B=B[:size], sources=sources, switches=switches,
        switch_ends=sw_ends, diodes=diodes, diode_ends=d_ends,
        diode_is=np.array([p.params["saturation_current"] for p in diodes]),
        diode_nvt=np.array([p.params["emission_coefficient"] * THERMAL_VOLTAGE_27C for p in diodes]),
        labels=labels, equations=equations, res_names=res_names, res_a=res_a, res_b=res_b, res_g=res_g,
    )


def _switch_states(system: _System, time: float) -> list[bool]:
    states = []
    for p in system.switches:
        s = p.params["closed"]
        for t, closed in p.params["events"]:
            if t <= time + 1e-15:
                s = closed
        states.append(s)
    return states


# ---------------------------------------------------------------------------
# Linear solves
# ---------------------------------------------------------------------------

def _singular(system: _System | None) -> CircuitError:
    return CircuitError(_("the circuit equations have no unique solution (the matrix is singular): look for a "
                          "part connected to nothing else, a loop of sources or a floating node"))


def _solve(A: NDArray[Any], b: NDArray[Any], system: _System | None = None) -> NDArray[Any]:
    n = A.shape[0]
    if n >= 200 and b.ndim == 1 and not np.iscomplexobj(A):
        levels = _levels(A)
        if max(len(level) for level in levels) * 4 < n:
            x = _solve_block_tridiagonal(A, b, levels)
            if x is not None:
                return x
    try:
        x = np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        raise _singular(system) from None
    if not np.all(np.isfinite(x)):
        worst = _most_extreme(system.circuit) if system is not None else None
        if worst is not None and worst[0] > 100:    # a value like 1e300: overflow, not a wiring fault
            raise _overflow(system.circuit)
        raise _singular(system)
    return x


def _levels(A: NDArray[Any]) -> list[NDArray[np.int64]]:
    """Breadth-first level sets of A's structure, merged into blocks of a useful size.

    Unknowns in level k only couple to levels k-1, k and k+1, so ordering by
    level makes A block-tridiagonal; merging neighbouring levels keeps that.
    """
    n = A.shape[0]
    # MNA stamps are structurally symmetric (every a-b entry comes with b-a), so the rows suffice.
    flat = np.flatnonzero(A)
    rows, cols = np.divmod(flat, n)
    keep = rows != cols
    rows, cols = rows[keep], cols[keep]          # already sorted by row
    indptr = np.searchsorted(rows, np.arange(n + 1)).tolist()
    neighbours = cols.tolist()
    degree = np.diff(indptr).astype(float)
    # Start at a loosely connected unknown (an edge of the circuit) whose own diagonal is not zero:
    # a voltage-source row alone in the first block would make that block singular.
    degree[np.diag(A) == 0] = np.inf
    visited = bytearray(n)
    levels: list[list[int]] = []
    starts = [int(np.argmin(degree))] + list(range(n))
    for start in starts:                 # more than one start only for a circuit in several pieces
        if visited[start]:
            continue
        visited[start] = 1
        level = [start]
        while level:
            levels.append(level)
            nxt = []
            for i in level:
                for j in neighbours[indptr[i]:indptr[i + 1]]:
                    if not visited[j]:
                        visited[j] = 1
                        nxt.append(j)
            level = nxt
    widest = max(len(level) for level in levels)
    target = max(2 * widest, 64)
    blocks: list[NDArray[np.int64]] = []
    current: list[int] = []
    for level in levels:
        if current and len(current) + len(level) > target:
            blocks.append(np.array(current, dtype=np.int64))
            current = []
        current += level
    blocks.append(np.array(current, dtype=np.int64))
    return blocks


def _solve_block_tridiagonal(A: NDArray[np.float64], b: NDArray[np.float64],
                             levels: list[NDArray[np.int64]]) -> NDArray[np.float64] | None:
    """Block LU of a block-tridiagonal system whose blocks are ``levels``.

    Returns None when a block is singular or the answer does not check out, so the
    caller can fall back to a dense solve (pivoting happens only inside blocks).
    """
    D: list[NDArray[np.float64]] = []
    rhs: list[NDArray[np.float64]] = []
    upper: list[NDArray[np.float64]] = []
    try:
        with np.errstate(all="raise"):
            for k, idx in enumerate(levels):
                Dk = A[np.ix_(idx, idx)]
                rk = b[idx].astype(float)
                if k:
                    prev = levels[k - 1]
                    # L = A[k, k-1] · D⁻¹ (a solve with the transpose)
                    L = np.linalg.solve(D[-1].T, A[np.ix_(idx, prev)].T).T
                    Dk = Dk - L @ upper[-1]
                    rk = rk - L @ rhs[-1]
                D.append(Dk)
                rhs.append(rk)
                if k + 1 < len(levels):
                    upper.append(A[np.ix_(idx, levels[k + 1])])
            x = np.empty(A.shape[0])
            nxt: NDArray[np.float64] | None = None
            for k in range(len(levels) - 1, -1, -1):
                rk = rhs[k] if nxt is None else rhs[k] - upper[k] @ nxt
                nxt = np.linalg.solve(D[k], rk)
                x[levels[k]] = nxt
    except (np.linalg.LinAlgError, FloatingPointError):
        return None
    residual = np.max(np.abs(A @ x - b))
    scale = np.max(np.abs(A)) * max(float(np.max(np.abs(x))), 1e-300) + np.max(np.abs(b))
    if not np.isfinite(residual) or residual > 1e-9 * scale:
        return None
    return x


# ---------------------------------------------------------------------------
# Diodes and Newton's method
# ---------------------------------------------------------------------------

def _diode_voltages(system: _System, x: NDArray[np.float64]) -> NDArray[np.float64]:
    xe = np.append(x, 0.0)
    return xe[system.diode_ends[:, 0]] - xe[system.diode_ends[:, 1]]


def _diode_current(system: _System, vd: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    e = np.exp(np.minimum(vd / system.diode_nvt, 700.0))
    i = system.diode_is * (e - 1.0) + GMIN * vd
    g = system.diode_is / system.diode_nvt * e + GMIN
    return i, g


def _limit(system: _System, vnew: NDArray[np.float64], vold: NDArray[np.float64]) -> tuple[NDArray[np.float64], bool]:
    """SPICE's junction limiting (pnjlim): big forward steps are taken on a log scale."""
    nvt, isat = system.diode_nvt, system.diode_is
    vcrit = nvt * np.log(nvt / (math.sqrt(2.0) * isat))
    out = vnew.copy()
    limited = False
    for k in range(vnew.size):
        if vnew[k] > vcrit[k] and abs(vnew[k] - vold[k]) > 2 * nvt[k]:
            limited = True
            if vold[k] > 0:
                arg = 1 + (vnew[k] - vold[k]) / nvt[k]
                out[k] = vold[k] + nvt[k] * math.log(arg) if arg > 0 else vcrit[k]
            else:
                out[k] = nvt[k] * math.log(vnew[k] / nvt[k])
    return out, limited


def _diode_stamps(system: _System, g: NDArray[np.float64], ieq: NDArray[np.float64]
                  ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    n = system.size
    J = np.zeros((n + 1, n + 1))
    _stamp_conductance(J, system.diode_ends[:, 0], system.diode_ends[:, 1], g)
    r = np.zeros(n + 1)
    np.add.at(r, system.diode_ends[:, 0], -ieq)
    np.add.at(r, system.diode_ends[:, 1], ieq)
    return J[:n, :n], r[:n]


def _newton(system: _System, A: NDArray[np.float64], rhs: NDArray[np.float64], x0: NDArray[np.float64],
            vd0: NDArray[np.float64], *, max_iterations: int, reltol: float = 1e-9, vabstol: float = 1e-12
            ) -> tuple[NDArray[np.float64], NDArray[np.float64], int, NDArray[np.float64]]:
    """Solve A·x + f(x) = rhs where f are the diode currents. Returns x, vd, iterations, last matrix."""
    if not system.diodes:
        return _solve(A, rhs, system), vd0, 1, A
    x = x0.copy()
    vd = vd0.copy()
    for it in range(1, max_iterations + 1):
        i, g = _diode_current(system, vd)
        Jd, rd = _diode_stamps(system, g, i - g * vd)
        J = A + Jd
        x_new = _solve(J, rhs + rd, system)
        vd_raw = _diode_voltages(system, x_new)
        vd_new, limited = _limit(system, vd_raw, vd)
        dx = np.abs(x_new - x)
        done = (not limited and it > 1 and np.all(dx <= reltol * np.maximum(np.abs(x_new), np.abs(x)) + vabstol * 1e3)
                and np.all(np.abs(vd_new - vd) <= reltol * np.abs(vd_new) + vabstol * 1e3))
        x, vd = x_new, vd_new
        if done:
            return x, vd, it, J
    raise CircuitError(_("the simulation did not settle after {n} Newton steps; check the diodes {parts} "
                         "and their supply").format(n=max_iterations,
                                                     parts=", ".join(p.name for p in system.diodes)))


def _vcrit(system: _System) -> NDArray[np.float64]:
    nvt = system.diode_nvt
    return nvt * np.log(nvt / (math.sqrt(2.0) * system.diode_is))


# ---------------------------------------------------------------------------
# The equations a student can read
# ---------------------------------------------------------------------------

@dataclass
class MatrixEquation:
    """A·x = b with every row and column labelled.

    Attributes
    ----------
    matrix : ndarray, shape (n, n)
        A: conductances [S] in node rows, 1s and 0s where sources connect.
    rhs : ndarray, shape (n,)
        b: source currents [A] into nodes and source voltages [V].
    unknowns : list of str
        Column labels: ``"v(out)"`` node voltages [V], ``"i(V1)"`` branch currents [A].
    equations : list of str
        Row labels: ``"KCL at out"``, ``"V1 sets v(in)"``.
    """

    matrix: NDArray[np.float64]
    rhs: NDArray[np.float64]
    unknowns: list[str]
    equations: list[str]

    def solve(self) -> NDArray[np.float64]:
        """x = A⁻¹·b, with ``numpy.linalg.solve``."""
        return _solve(self.matrix, self.rhs)

    def solution(self) -> dict[str, float]:
        """The unknowns by label: ``{"v(out)": 2.5, ...}``."""
        return dict(zip(self.unknowns, (float(v) for v in self.solve()), strict=True))

    def _cells(self) -> list[list[str]]:
        rows = [[""] + list(self.unknowns) + ["|", "b"]]
        for label, row, b in zip(self.equations, self.matrix, self.rhs, strict=True):
            rows.append([label] + [format_number(v) for v in row] + ["|", format_number(b)])
        return rows

    def __str__(self) -> str:
        rows = self._cells()
        widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        rows = self._cells()
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0] if c != "|")
        body = ""
        for r in rows[1:]:
            cells = [c for c in r if c != "|"]
            body += "<tr><th style='text-align:left'>" + html.escape(cells[0]) + "</th>"
            body += "".join(f"<td>{html.escape(c)}</td>" for c in cells[1:-1])
            body += f"<td style='border-left:2px solid #888'>{html.escape(cells[-1])}</td></tr>"
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def matrix_equation(circuit: Circuit, *, form: str = "mna") -> MatrixEquation:
    """The DC equations of ``circuit`` as A·x = b, labelled for people.

    Parameters
    ----------
    form : {"mna", "nodal"}
        ``"mna"``: modified nodal analysis, unknowns are node voltages and source
        currents. ``"nodal"``: plain nodal analysis for resistor circuits whose
        voltage sources all have one end at ground: the nodes those sources fix are
        known, so only the other node voltages are unknown and A is the
        conductance matrix G (the form you write by hand).

    Notes
    -----
    Node row k (KCL): :math:`\\sum_j G_{kj} v_j = I_k` where :math:`G_{kk}` is the sum
    of the conductances touching node k and :math:`G_{kj} = -1/R` for a resistor
    between nodes k and j. In nodal form a known node voltage moves to the right:
    :math:`I_k \\mathrel{+}= v_{known}/R`.

    Examples
    --------
    >>> c = Circuit()
    >>> _ = c.add_voltage_source("V1", "in", "0", 10)
    >>> _ = c.add_resistor("R1", "in", "a", 100)
    >>> _ = c.add_resistor("R2", "a", "0", 100)
    >>> _ = c.add_resistor("R3", "a", "b", 100)
    >>> _ = c.add_resistor("R4", "b", "0", 100)
    >>> eq = matrix_equation(c, form="nodal")
    >>> print(eq)
              v(a)   v(b)   |  b
    KCL at a  0.03   -0.01  |  0.1
    KCL at b  -0.01  0.02   |  0
    >>> {k: round(v, 9) for k, v in eq.solution().items()}
    {'v(a)': 4.0, 'v(b)': 2.0}
    """
    check_topology(circuit, "dc")
    system = _compile(circuit)
    if system.diodes:
        op = operating_point(circuit)
        return op.equation
    S = system.switch_matrix(_switch_states(system, 0.0))
    A = system.G + S
    b = system.B @ system.source_values(0.0)[0]
    if form == "mna":
        return MatrixEquation(A, b, list(system.labels), list(system.equations))
    if form != "nodal":
        raise ValueError(_("form must be 'mna' or 'nodal', got {form!r}").format(form=form))
    known: dict[int, float] = {}
    for p in circuit.parts.values():
        if p.kind in ("L", "C"):
            raise ValueError(_("the nodal form is for resistor circuits; {part} is a {kind}: use form='mna'").format(
                part=p.name, kind=_("capacitor") if p.kind == "C" else _("inductor")))
        if p.kind == "V":
            if p.nodes[1] == "0":
                known[system.index[p.nodes[0]]] = p.value
            elif p.nodes[0] == "0":
                known[system.index[p.nodes[1]]] = -p.value
            else:
                raise ValueError(_("the nodal form needs every voltage source to have one end at ground; "
                                   "{part} is between {a} and {b}: use form='mna'").format(
                    part=p.name, a=p.nodes[0], b=p.nodes[1]))
    n = len(system.nodes)
    unknown = [k for k in range(n) if k not in known]
    kidx = list(known)
    kval = np.array([known[k] for k in kidx])
    Gn = A[:n, :n]
    rhs = b[:n][unknown] - (Gn[np.ix_(unknown, kidx)] @ kval if kidx else 0.0)
    return MatrixEquation(Gn[np.ix_(unknown, unknown)], np.asarray(rhs, dtype=float),
                          [system.labels[k] for k in unknown], [system.equations[k] for k in unknown])


# ---------------------------------------------------------------------------
# DC operating point
# ---------------------------------------------------------------------------

def _part_currents(system: _System, x: NDArray[np.float64], states: Sequence[bool],
                   vd: NDArray[np.float64] | None) -> dict[str, float]:
    xe = np.append(x, 0.0)
    out: dict[str, float] = {}
    if system.res_names:
        i_res = (xe[system.res_a] - xe[system.res_b]) * system.res_g
        resistor_current = dict(zip(system.res_names, i_res.tolist(), strict=True))
    else:
        resistor_current = {}
    branch_index = {name: len(system.nodes) + k for k, name in enumerate(system.branches)}
    sw_state = {p.name: s for p, s in zip(system.switches, states, strict=True)}
    diode_k = {p.name: k for k, p in enumerate(system.diodes)}
    diode_i = _diode_current(system, _diode_voltages(system, x))[0] if system.diodes else np.zeros(0)
    for p in system.circuit.parts.values():
        if p.kind == "R":
            out[p.name] = resistor_current[p.name]
            continue
        a, b = system.index[p.nodes[0]], system.index[p.nodes[1]]
        v = xe[a] - xe[b]
        if p.kind in ("V", "L"):
            out[p.name] = float(x[branch_index[p.name]])
        elif p.kind == "I":
            out[p.name] = p.value
        elif p.kind == "C":
            out[p.name] = 0.0
        elif p.kind == "S":
            r = p.params["on_resistance"] if sw_state[p.name] else p.params["off_resistance"]
            out[p.name] = float(v / r)
        elif p.kind == "D":
            out[p.name] = float(diode_i[diode_k[p.name]])
    return out


@dataclass
class OperatingPoint:
    """The DC operating point: every node voltage and every part's current.

    Attributes
    ----------
    voltages : dict
        Node name -> voltage to ground [V] (ground ``"0"`` is 0 V).
    currents : dict
        Part name -> current through it from its first node to its second [A].
    iterations : int
        Newton steps taken (1 for a circuit without diodes).
    equation : MatrixEquation
        The (last linearised) A·x = b that was solved.
    """

    circuit: Circuit
    voltages: dict[str, float]
    currents: dict[str, float]
    iterations: int
    equation: MatrixEquation

    def voltage(self, node: str) -> float:
        """Voltage of ``node`` to ground [V]."""
        key = "0" if node in ("gnd", "GND", "Gnd") else node
        if key not in self.voltages:
            raise KeyError(_("there is no node named {node!r}; the nodes are {nodes}").format(
                node=node, nodes=", ".join(self.voltages)))
        return self.voltages[key]

    def voltage_across(self, part: str) -> float:
        """v(first node) - v(second node) of ``part`` [V]."""
        p = self.circuit.part(part)
        return self.voltages[p.nodes[0]] - self.voltages[p.nodes[1]]

    def current(self, part: str) -> float:
        """Current through ``part`` from its first node to its second [A]
        (negative for a source that delivers power)."""
        return self.currents[self.circuit.part(part).name]

    def power(self, part: str) -> float:
        """Power absorbed by ``part`` [W]; negative when it delivers power (a source)."""
        return self.voltage_across(part) * self.current(part)

    def kcl_residuals(self) -> dict[str, float]:
        """For each node, the sum of currents leaving it through every part [A] (should be ~0)."""
        total = {n: 0.0 for n in self.voltages}
        for name, p in self.circuit.parts.items():
            i = self.currents[name]
            total[p.nodes[0]] += i
            total[p.nodes[1]] -= i
        return total

    def table(self) -> str:
        """Voltage, current and power of every part, one line each."""
        from stemkit.units import format_si

        lines = []
        for name in self.circuit.parts:
            lines.append(_("{part}: {voltage} across, {current} through, {power} absorbed").format(
                part=name, voltage=format_si(self.voltage_across(name), "V"),
                current=format_si(self.current(name), "A"), power=format_si(self.power(name), "W")))
        return "\n".join(lines)

    def __repr__(self) -> str:
        from stemkit.units import format_si

        nodes = ", ".join(f"{n}: {format_si(v, 'V')}" for n, v in self.voltages.items() if n != "0")
        return f"OperatingPoint({nodes})"

    def _repr_html_(self) -> str:
        import html

        from stemkit.units import format_si

        def row(cells: Sequence[str], tag: str = "td") -> str:
            return "<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in cells) + "</tr>"

        nodes = row([_("node"), _("voltage")], "th") + "".join(
            row([n, format_si(v, "V")]) for n, v in self.voltages.items() if n != "0")
        parts = row([_("part"), _("voltage across"), _("current through"), _("power absorbed")], "th") + "".join(
            row([name, format_si(self.voltage_across(name), "V"), format_si(self.current(name), "A"),
                 format_si(self.power(name), "W")]) for name in self.circuit.parts)
        style = "style='display:inline-block;vertical-align:top;margin-right:2em'"
        return f"<table {style}>{nodes}</table><table {style}>{parts}</table>"


def _dc_solve(system: _System, time: float, *, max_iterations: int) -> tuple[NDArray[np.float64], NDArray[np.float64], int, NDArray[np.float64], NDArray[np.float64]]:
    states = _switch_states(system, time)
    A = system.G + system.switch_matrix(states)
    rhs = system.B @ system.source_values(time)[0]
    x0 = np.zeros(system.size)
    vd0 = _vcrit(system) if system.diodes else np.zeros(0)
    try:
        x, vd, its, _J = _newton(system, A, rhs, x0, vd0, max_iterations=max_iterations)
    except CircuitError:
        if not system.diodes:
            raise
        # Source stepping: bring the supplies up gradually, each solution seeding the next.
        x, vd, its = x0, vd0, 0
        for s in np.linspace(0.1, 1.0, 10):
            x, vd, k, _J = _newton(system, A, rhs * s, x, vd, max_iterations=max_iterations)
            its += k
    return x, vd, its, A, rhs


def operating_point(circuit: Circuit, *, time: float = 0.0, max_iterations: int = 100) -> OperatingPoint:
    """DC operating point of ``circuit``: capacitors open, inductors shorted.

    Parameters
    ----------
    circuit : Circuit
    time : float
        Source waveforms and switches are taken at this time [s].
    max_iterations : int
        Newton steps allowed before giving up (diode circuits only).

    Returns
    -------
    OperatingPoint

    Notes
    -----
    Solves :math:`G\\,x + f(x) = B\\,u`. Each Newton step replaces every diode by
    its tangent: a conductance :math:`g_d = (I_S/N V_T)\\,e^{V_d/N V_T}` in
    parallel with a current source :math:`I_d - g_d V_d`.

    Examples
    --------
    >>> c = Circuit()
    >>> _ = c.add_current_source("I1", "0", "a", "2m")
    >>> _ = c.add_resistor("R1", "a", "0", "1k")
    >>> operating_point(c).voltage("a")
    2.0
    """
    check_topology(circuit, "dc")
    system = _compile(circuit)
    x, vd, its, A, rhs = _dc_solve(system, time, max_iterations=max_iterations)
    states = _switch_states(system, time)
    voltages = {"0": 0.0}
    voltages.update({n: float(x[k]) for k, n in enumerate(system.nodes[: system.visible])})
    currents = _part_currents(system, x, states, vd)
    if system.diodes:
        # Each diode replaced by its tangent at the solution: a conductance and a current source.
        i, g = _diode_current(system, vd)
        Jd, rd = _diode_stamps(system, g, i - g * vd)
        eq = MatrixEquation(A + Jd, rhs + rd, list(system.labels), list(system.equations))
    else:
        eq = MatrixEquation(A, rhs, list(system.labels), list(system.equations))
    _require_finite(circuit, x, list(currents.values()))
    result = OperatingPoint(circuit, voltages, currents, its, eq)
    check_ratings(circuit, current=result.current, voltage=result.voltage_across)
    return result


_VALUE_UNITS = {"R": "Ω", "C": "F", "L": "H", "V": "V", "I": "A"}


def _most_extreme(circuit: Circuit) -> tuple[float, Part] | None:
    """The part whose value is furthest from 1 in powers of ten, with that distance."""
    sized = [(abs(math.log10(abs(p.value))), p) for p in circuit.parts.values()
             if p.kind in _VALUE_UNITS and math.isfinite(p.value) and p.value != 0]
    return max(sized, key=lambda item: item[0]) if sized else None


def _overflow(circuit: Circuit) -> CircuitError:
    worst = _most_extreme(circuit)
    if worst is None:
        return CircuitError(_("the result overflowed: no real number fits it; use part values a bench could have"))
    from stemkit.units import format_si

    part = worst[1]
    return CircuitError(_("the result overflowed: no real number fits it. The most extreme value is {part} = {value}; "
                          "use part values a bench could have").format(
        part=part.name, value=format_si(part.value, _VALUE_UNITS[part.kind])))


def _require_finite(circuit: Circuit, *arrays: Any) -> None:
    """Refuse results that are not numbers: part values so extreme that the arithmetic overflowed."""
    if not all(np.all(np.isfinite(np.asarray(a, dtype=complex if np.iscomplexobj(a) else float))) for a in arrays):
        raise _overflow(circuit)


def check_ratings(circuit: Circuit, *, current: Any, voltage: Any, over_time: bool = False) -> list[str]:
    """Warn (:class:`~stemkit.electronics.circuit.RatingWarning`) for every part a real bench would destroy.

    Parameters
    ----------
    circuit : Circuit
    current, voltage : callable
        Part name -> its current [A] and voltage [V] (numbers, or arrays over time).
    over_time : bool
        The values are over time: short circuits and pin limits are judged by the
        peak, LED and resistor heating by the average (what warms a part up).

    Returns
    -------
    list of str
        The warnings given, one per part at most.

    Notes
    -----
    The limits: any current above :data:`~stemkit.electronics.circuit.SHORT_CIRCUIT_CURRENT`
    (10 A); an LED above its datasheet maximum (:data:`stemkit.electronics.leds.LEDS`);
    a resistor above its ``power_rating`` (else 5 W); a voltage source above its
    ``max_current`` (an Arduino pin: 40 mA).
    """
    from stemkit.electronics.leds import LEDS
    from stemkit.units import format_si
    from stemkit.validate import warn

    given = []
    shorted: list[tuple[float, Part]] = []
    for p in circuit.parts.values():
        if p.kind not in "VRSDL":
            continue
        i = np.asarray(current(p.name), dtype=float)
        peak = float(np.max(np.abs(i))) if i.size else 0.0
        message = ""
        if peak > SHORT_CIRCUIT_CURRENT:
            shorted.append((peak, p))
        elif p.kind == "D" and p.params.get("colour") in LEDS:
            forward = np.maximum(i, 0.0)
            amount = float(np.mean(forward)) if over_time else float(np.max(forward, initial=0.0))
            led = LEDS[p.params["colour"]]
            if amount > led.max_current:
                text = (_("{part}: {current} flows through this {colour} LED on average, above its maximum of {limit}.")
                        if over_time else
                        _("{part}: {current} flows through this {colour} LED, above its maximum of {limit}.")).format(
                    part=p.name, current=format_si(amount, "A"), colour=_(led.colour),
                    limit=format_si(led.max_current, "A"))
                message = text + " " + _("A real one burns out: put a resistor in series (led_resistor() finds its value).")
        elif p.kind == "R":
            power = np.abs(np.asarray(voltage(p.name), dtype=float) * i)
            amount = float(np.mean(power)) if over_time else float(np.max(power, initial=0.0))
            rating = p.params.get("power_rating")
            if amount > (RESISTOR_POWER_LIMIT if rating is None else rating):
                text = (_("{part}: this resistor turns {power} into heat on average.") if over_time else
                        _("{part}: this resistor turns {power} into heat.")).format(
                    part=p.name, power=format_si(amount, "W"))
                limit = (_("That is more than even a {limit} resistor can take, so a real one burns.").format(
                    limit=format_si(RESISTOR_POWER_LIMIT, "W")) if rating is None else
                         _("That is above its {rating} rating, so a real one gets too hot and burns.").format(
                    rating=format_si(rating, "W")))
                message = " ".join([text, limit, _("Use a larger resistance, or a resistor rated for more power.")])
        elif p.kind == "V" and "max_current" in p.params and peak > p.params["max_current"]:
            text = (_("{part}: up to {current} is drawn from this source, above its limit of {limit}.") if over_time else
                    _("{part}: {current} is drawn from this source, above its limit of {limit}.")).format(
                part=p.name, current=format_si(peak, "A"), limit=format_si(p.params["max_current"], "A"))
            message = text + " " + _("A real pin or supply is damaged or its voltage collapses: add resistance, or "
                                     "drive the load through a transistor.")
        if message:
            given.append(message)
    if shorted:
        # one warning for the whole short circuit: the parts it runs through, the worst first, sources last
        shorted.sort(key=lambda item: (item[1].kind == "V", -item[0]))
        names = ", ".join(_("{part} ({kind})").format(part=p.name, kind=_(_KIND_WORDS[p.kind])) for _i, p in shorted)
        worst = format_si(max(i for i, _p in shorted), "A")
        text = (_("Short circuit: up to {current} flows through {parts}.") if over_time else
                _("Short circuit: {current} flows through {parts}.")).format(current=worst, parts=names)
        given.insert(0, text + " " + _("On a bench that burns a wire, a part or the supply (anything above {limit} "
                                       "is too much): look for a closed switch, a wire or a tiny resistance straight "
                                       "across a supply.").format(limit=format_si(SHORT_CIRCUIT_CURRENT, "A")))
    for message in given:
        warn(message, RatingWarning)
    return given


# ---------------------------------------------------------------------------
# Transient
# ---------------------------------------------------------------------------

@dataclass
class TransientResult:
    """Node voltages and part currents at every time point.

    Attributes
    ----------
    time : ndarray
        [s], from 0 to the stop time. Steps of ``time_step``, shortened where needed so
        that every source breakpoint (a pulse's or PWM wave's edges, a sine's start)
        and every switch event is a time point. Where a source jumps, the values at
        that time are the ones just after the jump.
    method : str
        ``"trapezoidal"`` or ``"backward_euler"``.
    """

    circuit: Circuit
    time: NDArray[np.float64]
    method: str
    _x: NDArray[np.float64]
    _system: _System
    _states: NDArray[np.bool_]
    _plan: _StepPlan

    @property
    def nodes(self) -> list[str]:
        """The node names."""
        return ["0"] + self._system.nodes[: self._system.visible]

    def voltage(self, node: str) -> NDArray[np.float64]:
        """v(node)(t) [V]."""
        key = "0" if node in ("gnd", "GND", "Gnd") else node
        if key == "0":
            return np.zeros_like(self.time)
        if key not in self._system.index or key.endswith(":junction"):
            raise KeyError(_("there is no node named {node!r}; the nodes are {nodes}").format(
                node=node, nodes=", ".join(self.nodes)))
        return self._x[:, self._system.index[key]].copy()

    def voltage_across(self, part: str) -> NDArray[np.float64]:
        """v(first) - v(second) of ``part`` over time [V]."""
        p = self.circuit.part(part)
        return self.voltage(p.nodes[0]) - self.voltage(p.nodes[1])

    def current(self, part: str) -> NDArray[np.float64]:
        """Current through ``part`` from its first node to its second, over time [A]."""
        p = self.circuit.part(part)
        s = self._system
        if p.kind in ("V", "L"):
            return self._x[:, len(s.nodes) + s.branches.index(p.name)].copy()
        v = self.voltage_across(p.name)
        if p.kind == "R":
            return v / p.value
        if p.kind == "C":
            return _capacitor_current(p, v, self._plan, s)
        if p.kind == "I":
            return p.params["waveform"].value(self.time)
        if p.kind == "S":
            k = s.switches.index(p)
            # the sample at t_k+1 was solved with the states at t_k (see _StepPlan)
            used = np.concatenate([self._states[:1, k], self._states[:-1, k]])
            r = np.where(used, p.params["on_resistance"], p.params["off_resistance"])
            return v / r
        k = s.diodes.index(p)
        xe = np.concatenate([self._x, np.zeros((self._x.shape[0], 1))], axis=1)
        vj = xe[:, s.diode_ends[k, 0]] - xe[:, s.diode_ends[k, 1]]
        return s.diode_is[k] * np.expm1(np.minimum(vj / s.diode_nvt[k], 700)) + GMIN * vj

    def __getitem__(self, node: str) -> NDArray[np.float64]:
        return self.voltage(node)


_METHODS = {"trapezoidal": "trapezoidal", "trap": "trapezoidal", "backward_euler": "backward_euler",
            "euler": "backward_euler", "be": "backward_euler"}

#: A restart after a source jump takes three backward Euler steps this much shorter than the time step.
_RESTART_FRACTION = 1e-6


def transient(circuit: Circuit, *, stop_time: float, time_step: float, method: str = "trapezoidal",
              initial: str = "op", max_iterations: int = 50) -> TransientResult:
    """Simulate ``circuit`` over time with a fixed ``time_step``.

    Parameters
    ----------
    stop_time : float
        Simulate from 0 to this time [s].
    time_step : float
        Step h [s]. Keep it well below the fastest time constant: at τ/100 the
        trapezoidal rule agrees with SPICE to 0.1 % of the signal, pulse and PWM edges
        included. Every source breakpoint (a pulse's or PWM wave's edges, a sine's
        start) and every switch event becomes a time point, so near them some steps are
        shorter.
    method : {"trapezoidal", "backward_euler"}
        Trapezoidal is second-order accurate; backward Euler is first-order but
        never rings.
    initial : {"op", "given"}
        ``"op"``: start from the DC operating point at t = 0 (capacitors charged to
        their steady state). ``"given"``: start every capacitor at its
        ``initial_voltage`` and every inductor at its ``initial_current`` (0 when not
        set), like SPICE's ``uic``; the rest of the circuit (node voltages, source and
        diode currents) starts where those values put it, and the chosen method runs
        from the first step on.
    max_iterations : int
        Newton steps per time step (diode circuits).

    Returns
    -------
    TransientResult

    Notes
    -----
    Backward Euler: :math:`(G + C/h)\\,x_{n+1} = (C/h)\\,x_n + B u_{n+1}`.
    Trapezoidal: :math:`(G + 2C/h)\\,x_{n+1} = (2C/h - G)\\,x_n + B(u_n + u_{n+1})`,
    with :math:`u_n` the value just after t_n and :math:`u_{n+1}` the value just
    before t_{n+1}, so a source that is linear between breakpoints is integrated
    exactly. Where a source jumps, the circuit restarts from its capacitor voltages and
    inductor currents: three backward Euler steps a millionth of a step long put every
    other value where the new source value puts it (the first jumps; the line through
    the next two, taken back to the jump, is the state just after it), so the
    trapezoidal rule does not ring. A switch event restarts with one backward Euler step, which also damps the
    fast transient a closing switch can start. For a linear circuit the matrix is
    factored once per switch state and step length, so each step costs one
    matrix-vector product.

    Examples
    --------
    >>> c = Circuit("RC")
    >>> _ = c.add_voltage_source("V1", "in", "0", 5)
    >>> _ = c.add_resistor("R1", "in", "out", "1k")
    >>> _ = c.add_capacitor("C1", "out", "0", "1u", initial_voltage=0)
    >>> r = transient(c, stop_time=1e-3, time_step=1e-6, initial="given")
    >>> round(float(r.voltage("out")[-1]), 3)   # 5·(1 - e^-1) = 3.161
    3.161
    """
    meth = _METHODS.get(str(method).lower())
    if meth is None:
        raise ValueError(_("method must be 'trapezoidal' or 'backward_euler', got {method!r}").format(method=method))
    if initial not in ("op", "given"):
        raise ValueError(_("initial must be 'op' or 'given', got {initial!r}").format(initial=initial))
    h = float(time_step)
    stop = float(stop_time)
    if not (math.isfinite(h) and h > 0):
        raise ValueError(_("time step must be > 0 s, got {value}").format(value=time_step))
    if not (math.isfinite(stop) and stop > 0):
        raise ValueError(_("stop time must be > 0 s, got {value}").format(value=stop_time))
    if stop < 0.5 * h:
        raise ValueError(_("stop time ({stop} s) must be at least one time step ({step} s)").format(
            stop=format_number(stop), step=format_number(h)))
    if stop / h > 5_000_000:
        raise ValueError(_("{n} time steps is too many: use a larger time step").format(n=int(round(stop / h))))
    if initial == "op":
        try:
            check_topology(circuit, "dc")
        except CircuitError as exc:
            if "floating" not in str(exc):
                raise
            check_topology(circuit, "transient")
            raise CircuitError(_("{error}. To simulate it in time anyway, start from given capacitor voltages: "
                                 "initial='given'").format(error=exc)) from None
    else:
        check_topology(circuit, "transient")
    system = _compile(circuit)
    time, marks = _time_grid(system, stop, h)
    if time.size - 1 > 5_000_000:
        raise ValueError(_("{n} time steps is too many: use a larger time step").format(n=time.size - 1))
    up, down, jumps = _source_limits(system, time, marks)
    states = np.zeros((time.size, len(system.switches)), dtype=bool)
    for k, p in enumerate(system.switches):
        states[:, k] = p.params["closed"]
        for t_event, closed in p.params["events"]:
            states[time >= t_event - 1e-9 * h, k] = closed
    events = np.zeros(time.size, dtype=bool)
    if states.shape[1]:
        events[1:] = np.any(states[1:] != states[:-1], axis=1)
    plan = _StepPlan(lengths=np.diff(time), be=np.full(time.size - 1, meth == "backward_euler"),
                     restarts={}, epsilon=_RESTART_FRACTION * h)
    plan.be[events[:-1]] = True                      # a switch event: one backward Euler step
    restart = jumps & ~events                        # a source jump: restart (with a switch event the Euler step does it)
    X = np.empty((time.size, system.size))
    nd = len(system.diodes)
    if initial == "op":
        x0, vd0, _its, _J, _rhs = _dc_solve(system, 0.0, max_iterations=100)
    else:
        x0 = _given_start(system, system.B @ up[0], states[0])
        vd0 = _diode_voltages(system, x0) if nd else np.zeros(0)
        restart[0] = True                            # node voltages and source currents follow from x0
    X[0] = x0
    stepper = _Stepper(system, time, up, down, states, plan, max_iterations)
    stepper.run(X, restart, vd0)
    _require_finite(circuit, X)
    result = TransientResult(circuit, time, meth, X, system, states, plan)
    check_ratings(circuit, current=result.current, voltage=result.voltage_across, over_time=True)
    return result


def _time_grid(system: _System, stop: float, h: float) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Time points: steps of at most h between consecutive breakpoints; and the breakpoints' indices."""
    tol = 1e-9 * h
    points = [0.0, stop]
    for p in system.sources:
        # (an edge at the stop time may come out a hair later: it is the stop time)
        points += [t for t in p.params["waveform"].edges(stop + tol) if tol < t < stop - tol]
    for p in system.switches:
        points += [float(t) for t, _closed in p.params["events"] if tol < t < stop - tol]
    kept = [0.0]
    for t in np.unique(np.asarray(points, dtype=float))[1:]:
        if t - kept[-1] > tol:
            kept.append(float(t))
    kept[-1] = stop
    pieces = [np.zeros(1)]
    marks = [0]
    for a, b in zip(kept[:-1], kept[1:], strict=True):
        n = max(1, math.ceil((b - a) / h - 1e-6))
        piece = a + (b - a) * np.arange(1, n + 1) / n
        piece[-1] = b
        pieces.append(piece)
        marks.append(marks[-1] + n)
    return np.concatenate(pieces), np.array(marks, dtype=np.int64)


def _source_limits(system: _System, time: NDArray[np.float64], marks: NDArray[np.int64]
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Source values just after (``up``) and just before (``down``) every time point, and where they jump.

    Between breakpoints every waveform here is smooth, and before its own breakpoint a
    source is linear (flat or a ramp) or flat (a sine before its start): the value just
    before a breakpoint is the straight line through the previous point and the middle
    of the step.
    """
    up = system.source_values(time)
    down = up.copy()
    jumps = np.zeros(time.size, dtype=bool)
    tol = 1e-9 * float(np.max(np.diff(time)))
    for j, p in enumerate(system.sources):
        wave = p.params["waveform"]
        edges = np.asarray(wave.edges(float(time[-1]) + tol), dtype=float)
        if edges.size == 0:
            continue
        idx = np.unique(np.searchsorted(time, edges - tol))
        idx = idx[(idx > 0) & (idx < time.size)]
        idx = np.intersect1d(idx, marks)
        if idx.size == 0:
            continue
        middle = wave.value(0.5 * (time[idx - 1] + time[idx]))
        left = 2.0 * middle - up[idx - 1, j]
        scale = float(np.max(np.abs(up[:, j]))) + 1e-300
        jumped = np.abs(left - up[idx, j]) > 1e-9 * scale
        down[idx[jumped], j] = left[jumped]
        jumps[idx[jumped]] = True
    return up, down, jumps


@dataclass
class _StepPlan:
    """How each step was taken, so part currents can be rebuilt the way the integrator saw them."""

    lengths: NDArray[np.float64]            # (N,) the length of each step as integrated [s]
    be: NDArray[np.bool_]                   # (N,) True where the step was a backward Euler step
    restarts: dict[int, NDArray[np.float64]]  # sample -> dx/dt just after a restart there
    epsilon: float                          # length of each of a restart's three steps [s]


class _Stepper:
    """Steps a compiled circuit through a time grid (linear circuits in runs of equal steps)."""

    def __init__(self, system: _System, time: NDArray[np.float64], up: NDArray[np.float64],
                 down: NDArray[np.float64], states: NDArray[np.bool_], plan: _StepPlan, max_iterations: int):
        self.system, self.time, self.states, self.plan = system, time, states, plan
        self.BU_up = up @ system.B.T
        self.BU_down = down @ system.B.T
        self.max_iterations = max_iterations
        self.h_ref = float(np.max(plan.lengths))
        self._cache: dict[tuple, tuple[NDArray[np.float64], NDArray[np.float64]]] = {}

    def _matrices(self, k: int, length: float, meth: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(A, H) of one step from sample k, cached by switch state, method and length."""
        key = (tuple(self.states[k]), meth, round(length / self.h_ref, 9))
        if key not in self._cache:
            self._cache[key] = _step_matrices(self.system, self.system.switch_matrix(list(self.states[k])), length, meth)
        return self._cache[key]

    def _inverse_step(self, k: int, length: float, meth: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(A⁻¹, A⁻¹·H) for a linear step, cached like :meth:`_matrices`."""
        key = ("inv", tuple(self.states[k]), meth, round(length / self.h_ref, 9))
        if key not in self._cache:
            A, H = self._matrices(k, length, meth)
            inv = _inverse(A, self.system)
            self._cache[key] = (inv, inv @ H)
        return self._cache[key]

    def _restart(self, X: NDArray[np.float64], k: int, vd: NDArray[np.float64]
                 ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The state just after t_k: the capacitors and inductors keep X[k]'s values, everything else
        moves to where the sources just after t_k put it. Returns (x, diode voltages); records dx/dt."""
        s, eps = self.system, self.plan.epsilon
        bu = self._restart_bu[k]
        xs, vds = [X[k]], [vd]
        if s.diodes:
            A, H = self._matrices(k, eps, "backward_euler")
            for j in range(3):
                x, v, _its, _J = _newton(s, A, H @ xs[-1] + bu[j], xs[-1], vds[-1], max_iterations=self.max_iterations)
                xs.append(x)
                vds.append(v)
        else:
            inv, M = self._inverse_step(k, eps, "backward_euler")
            W = bu @ inv.T
            for j in range(3):
                xs.append(M @ xs[-1] + W[j])
                vds.append(vd)
        # the first step jumps (a capacitor forced by a source jumps with its current impulse); the next two
        # lie on the smooth way on: the line through them, taken back to t_k, is the state just after the jump
        self.plan.restarts[k] = (xs[3] - xs[2]) / eps
        return 3.0 * xs[2] - 2.0 * xs[3], 3.0 * vds[2] - 2.0 * vds[3]

    def run(self, X: NDArray[np.float64], restart: NDArray[np.bool_], vd0: NDArray[np.float64]) -> None:
        where = np.flatnonzero(restart)
        times = (self.time[where][:, None] + self.plan.epsilon * np.arange(1.0, 4.0)).ravel()
        bu = (self.system.source_values(times) @ self.system.B.T).reshape(where.size, 3, self.system.size)
        self._restart_bu = dict(zip(where.tolist(), bu, strict=True))
        if self.system.diodes:
            self._run_nonlinear(X, restart, vd0)
        else:
            self._run_linear(X, restart)
        if restart[-1]:        # a jump at the stop time: the last point shows the values after it too
            X[-1] = self._restart(X, X.shape[0] - 1, vd0)[0]

    def _run_linear(self, X: NDArray[np.float64], restart: NDArray[np.bool_]) -> None:
        plan, steps = self.plan, X.shape[0] - 1
        # a run: equal steps, one switch state, no restart or switch event after its first step
        cut = np.zeros(steps + 1, dtype=bool)
        cut[0] = True
        cut[1:steps] |= restart[1:steps] | (plan.be[1:steps] != plan.be[:steps - 1])
        if self.states.shape[1]:
            cut[1:steps] |= np.any(self.states[1:steps] != self.states[:steps - 1], axis=1)
        length_key = np.round(plan.lengths / self.h_ref, 9)
        cut[1:steps] |= length_key[1:] != length_key[:-1]
        starts = [int(j) for j in np.flatnonzero(cut[:steps])] + [steps]
        vd = np.zeros(0)
        for k, end in zip(starts[:-1], starts[1:], strict=True):
            if restart[k]:
                X[k], vd = self._restart(X, k, vd)
            if k < end:
                meth = "backward_euler" if plan.be[k] else "trapezoidal"
                inv, M = self._inverse_step(k, float(plan.lengths[k]), meth)
                if meth == "backward_euler":
                    W = self.BU_down[k + 1:end + 1] @ inv.T
                else:
                    W = (self.BU_down[k + 1:end + 1] + self.BU_up[k:end]) @ inv.T
                _run_recursion(X, k, end, M, W)

    def _run_nonlinear(self, X: NDArray[np.float64], restart: NDArray[np.bool_], vd0: NDArray[np.float64]) -> None:
        s, plan = self.system, self.plan
        steps = X.shape[0] - 1
        vd = vd0.copy()
        f_prev = None
        for k in range(steps):
            if restart[k]:
                X[k], vd = self._restart(X, k, vd)
                f_prev = None
            be = bool(plan.be[k])
            if f_prev is None:
                i_now, _g = _diode_current(s, _diode_voltages(s, X[k]))
                f_prev = _diode_stamps(s, np.zeros_like(vd), i_now)[1]   # -f(x_k) as a rhs vector
            A, H = self._matrices(k, float(plan.lengths[k]), "backward_euler" if be else "trapezoidal")
            if be:
                rhs = H @ X[k] + self.BU_down[k + 1]
            else:
                rhs = H @ X[k] + self.BU_down[k + 1] + self.BU_up[k] + f_prev
            x, vd, _its, _J = _newton(s, A, rhs, X[k], vd, max_iterations=self.max_iterations)
            X[k + 1] = x
            i_now, _g = _diode_current(s, _diode_voltages(s, x))
            f_prev = _diode_stamps(s, np.zeros_like(vd), i_now)[1]


def _given_start(system: _System, bu0: NDArray[np.float64], states: NDArray[np.bool_]) -> NDArray[np.float64]:
    """x at t = 0 with capacitors held at their initial voltages and inductors at their initial currents."""
    n = system.size
    caps = [p for p in system.circuit.parts.values() if p.kind == "C"]
    A = np.zeros((n + len(caps), n + len(caps)))
    A[:n, :n] = system.G + system.switch_matrix(list(states))
    b = np.zeros(n + len(caps))
    b[:n] = bu0
    for k, p in enumerate(caps):
        a, c = system.index[p.nodes[0]], system.index[p.nodes[1]]
        r = n + k
        for node, sign in ((a, 1.0), (c, -1.0)):
            if node < n:
                A[node, r] += sign
                A[r, node] += sign
        b[r] = p.params.get("initial_voltage", 0.0)
    for name in system.branches:
        p = system.circuit.parts[name]
        if p.kind == "L":
            r = len(system.nodes) + system.branches.index(name)
            A[r, :] = 0.0
            A[r, r] = 1.0
            b[r] = p.params.get("initial_current", 0.0)
    x = np.linalg.lstsq(A, b, rcond=None)[0]
    return x[:n]


def _step_matrices(system: _System, S: NDArray[np.float64], h: float, meth: str
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    G = system.G + S
    if meth == "backward_euler":
        return G + system.C / h, system.C / h
    return G + 2 * system.C / h, 2 * system.C / h - G


def _inverse(A: NDArray[np.float64], system: _System) -> NDArray[np.float64]:
    try:
        inv = np.linalg.inv(A)
    except np.linalg.LinAlgError:
        raise _singular(system) from None
    if not np.all(np.isfinite(inv)):
        raise _singular(system)
    return inv


def _run_recursion(X: NDArray[np.float64], k: int, end: int, M: NDArray[np.float64], W: NDArray[np.float64]) -> None:
    """x[j+1] = M·x[j] + W[j - k] for j = k .. end-1, in place."""
    X[k + 1:end + 1] = W
    for j in range(k, end):
        X[j + 1] += M @ X[j]


def _capacitor_current(part: Part, v: NDArray[np.float64], plan: _StepPlan, system: _System) -> NDArray[np.float64]:
    """i = C dv/dt the way the integration method saw it, so KCL holds at every time point (to about a
    millionth of the current after a restart, whose dv/dt comes from its very short steps)."""
    steps = v.size - 1
    c = part.value
    a, b = system.index[part.nodes[0]], system.index[part.nodes[1]]

    def rate(xdot: NDArray[np.float64]) -> float:
        xe = np.append(xdot, 0.0)
        return float(xe[a] - xe[b])

    dv = np.diff(v) * c / plan.lengths
    i = np.zeros(steps + 1)
    prev = c * rate(plan.restarts[0]) if 0 in plan.restarts else 0.0
    i[0] = prev
    for k in range(steps):
        if k in plan.restarts:
            prev = c * rate(plan.restarts[k])
            i[k] = prev
        prev = dv[k] if plan.be[k] else 2 * dv[k] - prev
        i[k + 1] = prev
    if steps in plan.restarts:
        i[steps] = c * rate(plan.restarts[steps])
    return i


# ---------------------------------------------------------------------------
# AC sweep
# ---------------------------------------------------------------------------

@dataclass
class AcResult:
    """Complex node voltages at each frequency of an AC sweep.

    With a 1 V AC input, the voltage of a node *is* the transfer function to it.
    """

    circuit: Circuit
    frequency: NDArray[np.float64]
    _x: NDArray[np.complex128]
    _system: _System

    def voltage(self, node: str) -> NDArray[np.complex128]:
        """Complex voltage phasor of ``node`` [V]."""
        key = "0" if node in ("gnd", "GND", "Gnd") else node
        if key == "0":
            return np.zeros(self.frequency.shape, dtype=complex)
        if key not in self._system.index:
            raise KeyError(_("there is no node named {node!r}; the nodes are {nodes}").format(
                node=node, nodes=", ".join(self._system.nodes[: self._system.visible])))
        return self._x[:, self._system.index[key]].copy()

    def current(self, part: str) -> NDArray[np.complex128]:
        """Complex current phasor through a voltage source or inductor [A]."""
        p = self.circuit.part(part)
        s = self._system
        if p.kind in ("V", "L"):
            return self._x[:, len(s.nodes) + s.branches.index(p.name)].copy()
        v = self.voltage(p.nodes[0]) - self.voltage(p.nodes[1])
        if p.kind == "R":
            return v / p.value
        if p.kind == "C":
            return v * 2j * np.pi * self.frequency * p.value
        raise ValueError(_("AC current is available for R, C, L and voltage sources, not {part}").format(part=part))

    def magnitude_db(self, node: str, reference: str | None = None) -> NDArray[np.float64]:
        """20·log10|v(node)| [dB] (relative to node ``reference`` when given)."""
        v = self.voltage(node)
        if reference is not None:
            v = v / self.voltage(reference)
        return 20.0 * np.log10(np.abs(v))

    def phase_deg(self, node: str, reference: str | None = None) -> NDArray[np.float64]:
        """Phase of v(node) [°] (relative to node ``reference`` when given)."""
        from stemkit.units import to_degrees

        v = self.voltage(node)
        if reference is not None:
            v = v / self.voltage(reference)
        return to_degrees(np.angle(v), "rad")


def ac_sweep(circuit: Circuit, *, frequencies: ArrayLike | None = None, start: float = 1.0,
             stop: float = 1e6, points_per_decade: int = 20, source: str | None = None) -> AcResult:
    """Small-signal AC sweep.

    Parameters
    ----------
    frequencies : array_like, optional
        Frequencies [Hz]; by default log-spaced from ``start`` to ``stop``.
    start, stop : float
        [Hz].
    points_per_decade : int
    source : str, optional
        Name of the input source: it gets an AC amplitude of 1 and every other
        source 0. Without it, sources use the ``ac=`` amplitude they were given.

    Notes
    -----
    Diodes are replaced by their small-signal conductance at the DC operating
    point; capacitors have admittance :math:`j\\omega C`, inductors impedance
    :math:`j\\omega L`.

    Examples
    --------
    >>> c = Circuit("low-pass")
    >>> _ = c.add_voltage_source("V1", "in", "0", 0, ac=1)
    >>> _ = c.add_resistor("R1", "in", "out", "1k")
    >>> _ = c.add_capacitor("C1", "out", "0", "1u")
    >>> fc = 1 / (2 * 3.141592653589793 * 1e3 * 1e-6)
    >>> r = ac_sweep(c, frequencies=[fc])
    >>> round(float(r.magnitude_db("out")[0]), 2), round(float(r.phase_deg("out")[0]), 1)
    (-3.01, -45.0)
    """
    check_topology(circuit, "ac")
    system = _compile(circuit)
    if frequencies is None:
        if not (0 < start < stop):
            raise ValueError(_("AC sweep needs 0 < start < stop, got start={start} Hz, stop={stop} Hz").format(
                start=start, stop=stop))
        decades = math.log10(stop / start)
        f = np.logspace(math.log10(start), math.log10(stop), max(2, int(round(decades * points_per_decade)) + 1))
    else:
        f = np.atleast_1d(np.asarray(frequencies, dtype=float))
        if np.any(~np.isfinite(f)) or np.any(f < 0):
            raise ValueError(_("frequencies must be >= 0 Hz"))
    if source is not None:
        name = circuit.part(source).name
        u = np.array([1.0 if p.name == name else 0.0 for p in system.sources])
    else:
        u = np.array([p.params.get("ac", 0.0) for p in system.sources])
        if not np.any(u):
            raise ValueError(_("no source has an AC amplitude: pass source='V1' or add the source with ac=1"))
    G = system.G + system.switch_matrix(_switch_states(system, 0.0))
    if system.diodes:
        check_topology(circuit, "dc")
        _x, vd, _its, _J, _rhs = _dc_solve(system, 0.0, max_iterations=100)
        _i, g = _diode_current(system, vd)
        G = G + _diode_stamps(system, g, np.zeros_like(g))[0]
    b = system.B @ u
    w = 2 * np.pi * f
    A = G[None, :, :] + 1j * w[:, None, None] * system.C[None, :, :]
    try:
        X = np.linalg.solve(A, np.broadcast_to(b.astype(complex), (f.size, system.size))[..., None])[..., 0]
    except np.linalg.LinAlgError:
        raise _singular(system) from None
    _require_finite(circuit, X)
    return AcResult(circuit, f, X, system)
