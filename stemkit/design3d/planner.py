"""How long a print takes: the moves planned the way a printer's firmware plans them.

A printer cannot change speed at once. Its firmware (Marlin, Prusa's firmware,
Klipper, ...) turns every straight move of the G-code into a **block** with a
trapezoid speed profile: speed up at the acceleration ``a``, cruise at the
feed speed, slow down at ``a``. What makes prints fast is that the head need
not stop at every corner:

1. **Nominal speed.** The block's feed speed ``F``, lowered until no axis
   (x, y, z, extruder) goes faster than its top speed.
2. **Acceleration.** Printing, travel and extruder-only moves each have their
   own (``M204``), lowered until no axis accelerates faster than its limit
   (``M201``).
3. **Corner speed.** How fast the head may go through the corner between two
   blocks. *Classic jerk* (Marlin 1, Prusa's firmware): the speed of each axis
   may jump by at most its jerk (``M205 X Y Z E``, about 8 mm/s), so a gentle
   bend is taken at full speed and a sharp one slowly. *Junction deviation*
   (Marlin 2): the head may take the corner as if it followed a small arc that
   stays within δ of the corner (``M205 J``, about 0.013 mm):
   ``v² = a δ sin(θ/2) / (1 − sin(θ/2))`` for the angle θ between the moves.
4. **Look-ahead.** The firmware looks at the blocks ahead so it can always stop
   in time: going backwards, each block's entry speed is lowered until the head
   can slow down to the next block's entry within the block
   (``v_in² ≤ v_out² + 2 a L``); going forwards, until it can speed up to it
   (``v_out² ≤ v_in² + 2 a L``).
5. **Trapezoids.** With the entry, cruise and exit speeds known, each block's
   time follows: speed up, cruise, slow down (or a triangle when the block is
   too short to reach its cruise speed).

The limits come from the printer profile (:mod:`stemkit.design3d.printers`) and
are changed by the program itself where it sets them (``M201``, ``M203``,
``M204``, ``M205``), as real firmware does. Pauses (``G4``) are added, and the
head stops where the firmware waits (``G4``, ``M109``, ``M190``, ``G28``, ...).
Heating time is not counted (slicers do not count it either).

Both look-ahead passes are recurrences ``w_k = min(c_k, w_{k+1} + d_k)`` on the
squared speeds ``w = v²``. With the running sums ``D_k = d_0 + ... + d_{k-1}``
this is ``w_k = min over j ≥ k of (c_j + D_j) − D_k``: a running minimum,
computed for every block at once.

Examples
--------
>>> from stemkit.design3d.gcode import parse_gcode
>>> square = parse_gcode("G1 X0 Y0 F6000\\nG1 X50 E2\\nG1 Y50 E4\\nG1 X0 E6\\nG1 Y0 E8")
>>> t = estimate_time(square, printer="prusa_mk3s")
>>> round(t.total, 2)         # 200 mm at 100 mm/s, 1000 mm/s², corners at the 8 mm/s jerk
2.34
>>> round(square.time(), 2), round(square.time(acceleration=1000), 2)   # the two simple bounds
(2.0, 2.4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stemkit.design3d.printers import Printer
from stemkit.design3d.printers import printer as get_printer
from stemkit.i18n import _

__all__ = ["TimeEstimate", "MotionPlan", "plan_motion", "estimate_time"]

_AXES = "XYZE"


@dataclass(frozen=True)
class MotionPlan:
    """The planned speed profile of every move (one row per move of the toolpath).

    Attributes
    ----------
    length : ndarray
        Block length [mm]: the x-y-z distance, or |E| for an extruder-only move.
    nominal, entry, exit : ndarray
        Cruise speed, speed at the start and at the end of each block [mm/s].
    acceleration : ndarray
        [mm/s²].
    time : ndarray
        Time of each block [s].
    """

    length: NDArray[np.float64]
    nominal: NDArray[np.float64]
    entry: NDArray[np.float64]
    exit: NDArray[np.float64]
    acceleration: NDArray[np.float64]
    time: NDArray[np.float64]


@dataclass(frozen=True)
class TimeEstimate:
    """A print-time estimate.

    Attributes
    ----------
    total : float
        The whole program [s]: moves and pauses.
    moving : float
        Moves only [s].
    dwell : float
        Pauses (``G4``) [s].
    per_layer : ndarray
        Moving time of each layer [s] (see :attr:`Toolpath.layer_z`).
    per_feature : dict
        Moving time per feature named in the program [s] (``""``: unnamed).
    plan : MotionPlan
        The speed profile of every move.
    """

    total: float
    moving: float
    dwell: float
    per_layer: NDArray[np.float64]
    per_feature: dict[str, float]
    plan: MotionPlan

    def __str__(self) -> str:
        return format_duration(self.total)


def format_duration(seconds: float) -> str:
    """``"1h 02m 03s"`` style, as slicers print it.

    Examples
    --------
    >>> format_duration(3723.4)
    '1h 02m 03s'
    >>> format_duration(59.6)
    '1m 00s'
    """
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, sec = divmod(rest, 60)
    if h:
        return f"{h}h {m:02d}m {sec:02d}s"
    return f"{m}m {sec:02d}s"


# ---------------------------------------------------------------------------
# limits in force, move by move


def _settings(toolpath: Any, machine: Printer, n: int) -> dict[str, NDArray[np.float64]]:
    """Every limit as an array with one value per move, following M201/M203/M204/M205 in the program."""
    values: dict[str, float] = {
        "print_acc": machine.print_acceleration, "retract_acc": machine.retract_acceleration,
        "travel_acc": machine.travel_acceleration, "jd": machine.junction_deviation,
    }
    for i, axis in enumerate(_AXES):
        values[f"v{axis}"] = machine.max_speed[i]
        values[f"a{axis}"] = machine.max_acceleration[i]
        values[f"j{axis}"] = machine.jerk[i]
    out = {key: np.full(n, value, dtype=np.float64) for key, value in values.items()}
    legacy = machine.firmware_flavour == "marlin"
    for index, command, p in getattr(toolpath, "machine", []):
        changes: dict[str, float] = {}
        if command == "M201":
            changes = {f"a{axis}": p[axis] for axis in _AXES if axis in p and p[axis] > 0}
        elif command == "M203":
            changes = {f"v{axis}": p[axis] for axis in _AXES if axis in p and p[axis] > 0}
        elif command == "M204":
            if "S" in p:                       # the old form: S prints and travels (T retracts in Prusa's)
                changes = {"print_acc": p["S"], "travel_acc": p["S"]}
                if "T" in p and legacy:
                    changes["retract_acc"] = p["T"]
                elif "T" in p:
                    changes["travel_acc"] = p["T"]
            else:
                for letter, key in (("P", "print_acc"), ("R", "retract_acc"), ("T", "travel_acc")):
                    if letter in p:
                        changes[key] = p[letter]
            changes = {k: v for k, v in changes.items() if v > 0}
        elif command == "M205":
            changes = {f"j{axis}": p[axis] for axis in _AXES if axis in p and p[axis] >= 0}
            if "J" in p and p["J"] > 0:
                changes["jd"] = p["J"]
        for key, value in changes.items():
            out[key][index:] = value
    return out


# ---------------------------------------------------------------------------
# the planner


def plan_motion(toolpath: Any, *, printer: str | Printer) -> MotionPlan:
    """Plan every move as the firmware would: speeds, accelerations, corners, look-ahead.

    Parameters
    ----------
    toolpath : Toolpath
        Moves read by :func:`stemkit.design3d.gcode.parse_gcode`.
    printer : str or Printer
        The printer whose firmware limits apply (a key of
        :data:`stemkit.design3d.printers.PROFILES` or a profile).

    Returns
    -------
    MotionPlan

    Notes
    -----
    See the module notes for the five steps.
    """
    machine = get_printer(printer)
    n = int(toolpath.n_moves)
    if n == 0:
        z = np.zeros(0)
        return MotionPlan(z, z, z, z, z, z)
    delta = np.zeros((n, 4))
    delta[:, :3] = toolpath.end - toolpath.start
    delta[:, 3] = toolpath.extrusion
    xyz = np.sqrt(np.einsum("ij,ij->i", delta[:, :3], delta[:, :3]))
    e_only = xyz < 1e-9
    length = np.where(e_only, np.abs(delta[:, 3]), xyz)
    real = length > 1e-9                         # blocks of no length are dropped, as in firmware
    lim = _settings(toolpath, machine, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(real[:, None], delta / np.where(real, length, 1.0)[:, None], 0.0)
    absu = np.abs(unit)

    # 1. nominal speed: the feed speed, lowered so that no axis exceeds its top speed
    nominal = np.asarray(toolpath.speed, dtype=np.float64).copy()
    for i, axis in enumerate(_AXES):
        with np.errstate(divide="ignore"):
            cap = np.where(absu[:, i] > 0, lim[f"v{axis}"] / np.where(absu[:, i] > 0, absu[:, i], 1.0), np.inf)
        nominal = np.minimum(nominal, cap)

    # 2. acceleration: by the kind of move, lowered so that no axis exceeds its limit
    extruding = np.abs(delta[:, 3]) > 0
    acc = np.where(e_only, lim["retract_acc"], np.where(extruding, lim["print_acc"], lim["travel_acc"]))
    for i, axis in enumerate(_AXES):
        with np.errstate(divide="ignore"):
            cap = np.where(absu[:, i] > 0, lim[f"a{axis}"] / np.where(absu[:, i] > 0, absu[:, i], 1.0), np.inf)
        acc = np.minimum(acc, cap)

    keep = np.nonzero(real)[0]
    L, V, A, U = length[keep], nominal[keep], acc[keep], unit[keep]
    m = len(keep)
    axis_v = U * V[:, None]                       # signed speed of each axis when cruising

    # the speed from or to a standstill without breaking any jerk or junction limit
    if machine.planner == "jerk":
        jerk = np.column_stack([lim[f"j{axis}"][keep] for axis in _AXES])
        safe = V.copy()
        limited = np.zeros(m, dtype=bool)
        for i in range(4):
            over = np.abs(axis_v[:, i]) > jerk[:, i]
            first = over & ~limited
            safe = np.where(first, np.minimum(safe, jerk[:, i]), safe)
            later = over & limited
            with np.errstate(divide="ignore", invalid="ignore"):
                scaled = jerk[:, i] * V / np.abs(axis_v[:, i])
            safe = np.where(later, np.minimum(safe, scaled), safe)
            limited |= over
    else:
        safe = np.minimum(V, machine.minimum_planner_speed)

    # 3. corner speed between block k-1 and block k
    junction = np.empty(m)
    junction[0] = safe[0]
    if m > 1:
        if machine.planner == "jerk":
            junction[1:] = _jerk_junction(axis_v[:-1], axis_v[1:], V[:-1], V[1:], safe[:-1], safe[1:],
                                          jerk[1:])
        else:
            junction[1:] = _deviation_junction(U[:-1], U[1:], V[:-1], V[1:], A[1:], L[1:],
                                               lim["jd"][keep][1:], machine.minimum_planner_speed)
    # the head stops where the firmware waits (G4, heating, homing, ...)
    stop_moves = [index for index, command, _p in getattr(toolpath, "machine", []) if command in ("stop", "G4")]
    if stop_moves:
        first_after = np.searchsorted(keep, np.asarray(stop_moves), side="left")
        first_after = first_after[(first_after > 0) & (first_after < m)]
        junction[first_after] = np.minimum(safe[first_after], safe[first_after - 1])
    caps = np.empty(m + 1)
    caps[:m] = np.minimum(junction, V)
    caps[m] = safe[-1]                            # the last block ends slow enough to stop

    # 4. look-ahead: backwards (able to slow down in time), then forwards (able to speed up)
    d = 2.0 * A * L
    D = np.concatenate([[0.0], np.cumsum(d)])
    w_cap = caps ** 2
    backward = np.minimum.accumulate((w_cap + D)[::-1])[::-1] - D
    forward = D + np.minimum.accumulate(backward - D)
    w = np.maximum(forward, 0.0)
    v_in, v_out = np.sqrt(w[:-1]), np.sqrt(w[1:])

    # 5. trapezoid (or triangle) times
    t = _trapezoid_time(L, V, A, v_in, v_out)

    full = np.zeros(n)
    full_entry, full_exit, full_acc = np.zeros(n), np.zeros(n), np.zeros(n)
    full[keep], full_entry[keep], full_exit[keep], full_acc[keep] = t, v_in, v_out, A
    nominal_all = np.where(real, nominal, 0.0)
    return MotionPlan(length, nominal_all, full_entry, full_exit, full_acc, full)


def _jerk_junction(prev_v, cur_v, v_prev, v_cur, safe_prev, safe_cur, jerk):
    """Classic jerk: the corner speed at which no axis's speed jumps by more than its jerk."""
    prev_larger = v_prev > v_cur
    junction = np.where(prev_larger, v_cur, v_prev)
    with np.errstate(divide="ignore", invalid="ignore"):
        smaller = np.where(prev_larger, v_cur / v_prev, 1.0)
    factor = np.ones(len(junction))
    limited = np.zeros(len(junction), dtype=bool)
    for i in range(4):
        v_exit = prev_v[:, i] * smaller
        v_entry = cur_v[:, i].copy()
        v_exit = np.where(limited, v_exit * factor, v_exit)
        v_entry = np.where(limited, v_entry * factor, v_entry)
        # coasting (same direction): the difference; reversing: the larger of the two speeds
        coast_down = (v_entry > 0) | (v_exit < 0)
        coast_up = (v_entry < 0) | (v_exit > 0)
        jump = np.where(v_exit > v_entry,
                        np.where(coast_down, v_exit - v_entry, np.maximum(v_exit, -v_entry)),
                        np.where(coast_up, v_entry - v_exit, np.maximum(-v_exit, v_entry)))
        over = jump > jerk[:, i]
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(over, factor * jerk[:, i] / jump, factor)
        limited |= over
    junction = np.where(limited, junction * factor, junction)
    # when both blocks could start from a standstill at this speed anyway, start the next one at its own
    threshold = 0.99 * junction
    both = (safe_prev > threshold) & (safe_cur > threshold)
    return np.where(both, safe_cur, junction)


def _deviation_junction(u_prev, u_cur, v_prev, v_cur, acc, length, deviation, v_min):
    """Junction deviation: the corner speed of an arc that stays within δ of the corner."""
    cos_theta = -np.einsum("ij,ij->i", u_prev, u_cur)
    cos_theta = np.clip(cos_theta, -0.999999, 1.0)
    reverse = cos_theta > 0.999999
    sin_half = np.sqrt(np.maximum(0.5 * (1.0 - cos_theta), 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        w = acc * deviation * sin_half / np.maximum(1.0 - sin_half, 1e-12)
    # short blocks on a curve: no faster than the centripetal limit of the arc they trace
    theta = np.arccos(np.clip(cos_theta, -1.0, 1.0))
    curve = (length < 1.0) & (theta > math.radians(135.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        arc_limit = length / np.maximum(math.pi - theta, 1e-12) * acc
    w = np.where(curve, np.minimum(w, arc_limit), w)
    w = np.where(reverse, v_min ** 2, w)
    return np.sqrt(np.minimum(w, np.minimum(v_prev, v_cur) ** 2))


def _trapezoid_time(length, cruise, acc, v_in, v_out):
    """Time of blocks that enter at v_in, cruise at up to ``cruise`` and leave at v_out."""
    s_up = np.maximum(cruise ** 2 - v_in ** 2, 0.0) / (2.0 * acc)
    s_down = np.maximum(cruise ** 2 - v_out ** 2, 0.0) / (2.0 * acc)
    fits = s_up + s_down <= length
    t_trap = (cruise - v_in) / acc + (cruise - v_out) / acc + (length - s_up - s_down) / cruise
    peak = np.sqrt(np.maximum((2.0 * acc * length + v_in ** 2 + v_out ** 2) / 2.0, 0.0))
    peak = np.maximum(peak, np.maximum(v_in, v_out))
    t_tri = (peak - v_in) / acc + (peak - v_out) / acc
    return np.where(fits, t_trap, t_tri)


def estimate_time(toolpath: Any, *, printer: str | Printer) -> TimeEstimate:
    """Print-time estimate of a program, planned as the printer's firmware plans it.

    Parameters
    ----------
    toolpath : Toolpath
        The program, read by :func:`stemkit.design3d.gcode.parse_gcode`.
    printer : str or Printer
        The printer (its limits apply until the program sets its own).

    Returns
    -------
    TimeEstimate
        Total, per layer and per feature [s].

    Examples
    --------
    >>> from stemkit.design3d.gcode import parse_gcode
    >>> tp = parse_gcode("G1 X100 F3000\\nG4 S2")
    >>> round(estimate_time(tp, printer="ender3").total, 3)   # 100 mm at 50 mm/s, 500 mm/s², from 8 mm/s; + 2 s
    4.071
    """
    if not hasattr(toolpath, "n_moves"):
        raise TypeError(_("estimate_time needs a Toolpath (from parse_gcode or read_gcode), got {kind}").format(
            kind=type(toolpath).__name__))
    plan = plan_motion(toolpath, printer=printer)
    moving = float(plan.time.sum())
    per_layer = (np.bincount(toolpath.layer, weights=plan.time, minlength=toolpath.n_layers)
                 if toolpath.n_moves else np.zeros(toolpath.n_layers))
    per_feature: dict[str, float] = {}
    if toolpath.n_moves:
        for name, t in zip(toolpath.features(), plan.time.tolist(), strict=True):
            per_feature[name] = per_feature.get(name, 0.0) + t
    dwell = float(toolpath.dwell)
    return TimeEstimate(moving + dwell, moving, dwell, per_layer, per_feature, plan)
