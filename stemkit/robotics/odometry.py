"""Odometry: where am I? Dead reckoning from wheel-encoder ticks.

A wheel encoder counts *ticks* as its wheel turns: the slotted disc and LM393
"speed sensor" module of the common 2WD kits gives 20 ticks per wheel revolution.
Adding up how far each wheel rolled gives the robot's pose, with no outside help.
Every small error (a tick not yet counted, a wheel a little bigger than you think,
a slip) is added up too, so the estimate *drifts*.

Examples
--------
>>> distance_per_tick(ticks_per_revolution=20, wheel_radius=0.033)  # doctest: +ELLIPSIS
0.01036...
>>> poses = odometry(left_ticks=[0, 20, 40], right_ticks=[0, 20, 40],
...                  ticks_per_revolution=20, wheel_radius=0.033, track_width=0.13)
>>> poses[-1].round(4).tolist()     # two wheel turns straight ahead
[0.4147, 0.0, 0.0]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.robotics.drive import (
    TRACK_WIDTH,
    WHEEL_RADIUS,
    _increments_to_poses,
    _positive,
)
from stemkit.robotics.geometry import ORIGIN, Pose, _as_pose
from stemkit.validate import MAX_ANGLE, finite_array

__all__ = [
    "TICKS_PER_REVOLUTION",
    "MAX_TICKS",
    "distance_per_tick",
    "encoder_ticks",
    "ticks_to_distance",
    "odometry",
    "simulate_encoder_log",
]

#: Slots on the encoder disc of the common 2WD kits (LM393 optical speed sensor).
TICKS_PER_REVOLUTION = 20
#: The largest tick count an encoder log holds: an Arduino ``long`` counter (2^31 − 1).
MAX_TICKS = 2**31 - 1


def _ticks(values: ArrayLike, name: str) -> NDArray[np.float64]:
    return finite_array(values, name, "ticks", limit=MAX_TICKS)


def _ticks_per_rev(value: int) -> int:
    n = _positive(value, "ticks_per_revolution", "ticks")
    if not float(n).is_integer():
        raise ValueError(_("ticks_per_revolution must be a whole number, got {value}").format(value=value))
    return int(n)


def distance_per_tick(*, ticks_per_revolution: int = TICKS_PER_REVOLUTION, wheel_radius: float = WHEEL_RADIUS) -> float:
    """How far a wheel rolls between two encoder ticks.

    Parameters
    ----------
    ticks_per_revolution : int
        Ticks per full wheel turn.
    wheel_radius : float
        [m].

    Returns
    -------
    float
        [m]

    Notes
    -----
    One turn rolls the circumference ``2πr``, so one tick is ``2πr / N``.

    Examples
    --------
    >>> round(distance_per_tick(ticks_per_revolution=360, wheel_radius=0.05), 6)
    0.000873
    """
    n = _ticks_per_rev(ticks_per_revolution)
    r = _positive(wheel_radius, "wheel_radius", "m")
    return 2.0 * math.pi * r / n


def encoder_ticks(wheel_angle: ArrayLike, *, ticks_per_revolution: int = TICKS_PER_REVOLUTION) -> NDArray[np.int64]:
    """The tick count an encoder shows after its wheel turned ``wheel_angle``.

    Parameters
    ----------
    wheel_angle : array_like
        Total wheel rotation since the count was reset [rad] (negative = backwards).
    ticks_per_revolution : int

    Returns
    -------
    ndarray of int
        Whole ticks: ``floor(angle / 2π · N)`` (a tick counts only once its slot has passed).

    Examples
    --------
    >>> encoder_ticks([0.0, 0.3, 2 * math.pi, -0.1], ticks_per_revolution=20).tolist()
    [0, 0, 20, -1]
    """
    n = _ticks_per_rev(ticks_per_revolution)
    angle = finite_array(wheel_angle, "wheel_angle", "rad", limit=MAX_ANGLE)
    # a hair of tolerance so an exact whole turn (2π·k, rounded in floating point) counts
    return np.floor(angle / (2.0 * np.pi) * n + 1e-9).astype(np.int64)


def ticks_to_distance(ticks: ArrayLike, *, ticks_per_revolution: int = TICKS_PER_REVOLUTION,
                      wheel_radius: float = WHEEL_RADIUS):
    """Distance a wheel rolled for a number of ticks.

    Notes
    -----
    ``d = ticks · 2πr / N``.

    Examples
    --------
    >>> round(ticks_to_distance(20, ticks_per_revolution=20, wheel_radius=0.033), 6)
    0.207345
    """
    t = _ticks(ticks, "ticks")
    d = t * distance_per_tick(ticks_per_revolution=ticks_per_revolution, wheel_radius=wheel_radius)
    return float(d) if d.ndim == 0 else d


def odometry(*, left_ticks: ArrayLike, right_ticks: ArrayLike, ticks_per_revolution: int = TICKS_PER_REVOLUTION,
             wheel_radius: float = WHEEL_RADIUS, track_width: float = TRACK_WIDTH,
             start: Pose | ArrayLike = ORIGIN, method: str = "arc") -> NDArray[np.float64]:
    """Estimate the robot's pose at every encoder reading (dead reckoning).

    Parameters
    ----------
    left_ticks, right_ticks : array_like, shape (N,)
        Running tick counts of the two wheels (as read from the encoders), one
        reading per row; the first row is the starting count. At most
        :data:`MAX_TICKS` in size, what an Arduino ``long`` counter holds.
    ticks_per_revolution : int
    wheel_radius, track_width : float
        The sizes you *believe* the robot has [m]; any error in them becomes drift.
    start : Pose
        Pose at the first reading.
    method : {"arc", "euler"}
        How to turn each interval's wheel distances into a move (see
        :mod:`stemkit.robotics.drive`).

    Returns
    -------
    ndarray, shape (N, 3)
        Estimated (x [m], y [m], θ [rad]) at each reading.

    Notes
    -----
    Between two readings the wheels rolled ``d_L`` and ``d_R`` (ticks × 2πr/N). The
    axle's middle moved ``Δs = (d_R + d_L) / 2`` and the heading changed by
    ``Δθ = (d_R − d_L) / W``. Assuming each interval is an arc,
    ``x += Δs·cos(θ + Δθ/2)·sinc(Δθ/2)`` and likewise for y with sin.

    Examples
    --------
    >>> # right wheel ahead by a quarter circle of the track: a left turn
    >>> poses = odometry(left_ticks=[0, 0], right_ticks=[0, 10], ticks_per_revolution=10,
    ...                  wheel_radius=0.1, track_width=0.2)
    >>> round(math.degrees(poses[-1, 2]), 6)
    180.0
    """
    left = _ticks(left_ticks, "left_ticks").reshape(-1)
    right = _ticks(right_ticks, "right_ticks").reshape(-1)
    if left.shape != right.shape:
        raise ValueError(_("left_ticks and right_ticks must have the same length, got {n_left} and {n_right}").format(
            n_left=left.size, n_right=right.size))
    if left.size == 0:
        raise ValueError(_("left_ticks is empty: give at least the starting count"))
    W = _positive(track_width, "track_width", "m")
    per_tick = distance_per_tick(ticks_per_revolution=ticks_per_revolution, wheel_radius=wheel_radius)
    d_left = np.diff(left) * per_tick
    d_right = np.diff(right) * per_tick
    return _increments_to_poses((d_right + d_left) / 2.0, (d_right - d_left) / W, _as_pose(start, "start"), method)


def simulate_encoder_log(*, seed: int = 3, dt: float = 0.05, ticks_per_revolution: int = TICKS_PER_REVOLUTION,
                         wheel_radius: float = WHEEL_RADIUS, track_width: float = TRACK_WIDTH,
                         left_radius_error: float = 0.015, slip_std: float = 0.02) -> dict[str, NDArray]:
    """A made-up but realistic log of a 2WD car driving a 1 m square, with its true path.

    The car drives four 1 m sides and four 90° left turns on the spot. The *true*
    robot differs from the one the odometry assumes, as real ones do: its left
    wheel is ``left_radius_error`` (1.5 %) bigger than nominal, and each wheel
    slips a little at random (relative noise ``slip_std`` on every step). The
    encoders count whole ticks of the true wheel rotation.

    Parameters
    ----------
    seed : int
        Random seed (the dataset ``robotics/encoder_log`` uses 3).
    dt : float
        Logging interval [s].
    ticks_per_revolution : int
    wheel_radius, track_width : float
        Nominal sizes [m].
    left_radius_error : float
        Relative error of the true left wheel radius.
    slip_std : float
        Relative standard deviation of wheel slip per step.

    Returns
    -------
    dict
        ``time`` [s], ``left_ticks``, ``right_ticks`` (int), ``true_x``, ``true_y`` [m],
        ``true_theta`` [rad]: columns of the logged drive, one row per reading.

    Examples
    --------
    >>> log = simulate_encoder_log(seed=3)
    >>> sorted(log)
    ['left_ticks', 'right_ticks', 'time', 'true_theta', 'true_x', 'true_y']
    >>> int(log["left_ticks"][0]), bool(log["left_ticks"][-1] > 200)
    (0, True)
    """
    rng = np.random.default_rng(seed)
    r, W = _positive(wheel_radius, "wheel_radius", "m"), _positive(track_width, "track_width", "m")
    dt = _positive(dt, "dt", "s")
    wheel = 8.0  # rad/s: about 76 rpm, 0.26 m/s, a calm kit-car speed
    straight_steps = int(round(1.0 / (wheel * r) / dt))
    turn_steps = int(round((math.pi / 2) * (W / 2) / (wheel * r) / dt))
    pause = 4
    # speeds trimmed so the commanded sides are exactly 1 m and the turns exactly 90°
    go = 1.0 / r / (straight_steps * dt)
    turn = (math.pi / 2) * (W / 2) / r / (turn_steps * dt)
    wl, wr = [], []
    for _side in range(4):
        wl += [go] * straight_steps + [0.0] * pause + [-turn] * turn_steps + [0.0] * pause
        wr += [go] * straight_steps + [0.0] * pause + [turn] * turn_steps + [0.0] * pause
    wl_arr, wr_arr = np.array(wl), np.array(wr)
    # true rim speeds: left wheel a bit bigger, both slip randomly
    slip_l = 1.0 + slip_std * rng.standard_normal(wl_arr.size)
    slip_r = 1.0 + slip_std * rng.standard_normal(wr_arr.size)
    rim_l = wl_arr * r * (1.0 + left_radius_error) * slip_l
    rim_r = wr_arr * r * slip_r
    true_poses = _increments_to_poses((rim_l + rim_r) / 2 * dt, (rim_r - rim_l) / W * dt, Pose(), "arc")
    angle_l = np.concatenate([[0.0], np.cumsum(wl_arr * dt)])
    angle_r = np.concatenate([[0.0], np.cumsum(wr_arr * dt)])
    return {
        "time": np.arange(angle_l.size) * dt,
        "left_ticks": encoder_ticks(angle_l, ticks_per_revolution=ticks_per_revolution),
        "right_ticks": encoder_ticks(angle_r, ticks_per_revolution=ticks_per_revolution),
        "true_x": true_poses[:, 0],
        "true_y": true_poses[:, 1],
        "true_theta": true_poses[:, 2],
    }
