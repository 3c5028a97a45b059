"""Differential drive: how a two-wheeled robot moves and turns.

A differential-drive robot has two driven wheels on one axle and a caster or skid
for balance, like the 2WD kit cars of a makerspace. Each wheel has its own motor;
the robot steers only by turning its wheels at different speeds.

Symbols: ``r`` wheel radius [m], ``W`` track width (distance between the two
wheels' contact points) [m], ``ω_L``, ``ω_R`` wheel angular speeds [rad/s]
(positive drives the robot forward), ``v`` forward speed [m/s], ``ω`` turn rate
[rad/s] (positive = counter-clockwise = turning left).

The defaults (``r = 33 mm``, ``W = 130 mm``) are typical measured values of the
common 2WD acrylic kit cars with 65 mm wheels on TT gear motors.

Examples
--------
>>> robot = DiffDrive(wheel_radius=0.033, track_width=0.13)
>>> v, w = robot.body_velocity(left_speed=10.0, right_speed=10.0)
>>> print(round(v, 3), w)
0.33 0.0
>>> t, poses = robot.drive(left_speed=-5.0, right_speed=5.0, duration=1.0)
>>> poses[-1, :2].round(12).tolist()   # turning on the spot: it stays put
[0.0, 0.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number
from stemkit.robotics.geometry import ORIGIN, Pose, _as_pose
from stemkit.validate import positive as _positive

__all__ = [
    "WHEEL_RADIUS",
    "TRACK_WIDTH",
    "DiffDrive",
    "body_velocity",
    "wheel_speeds",
    "turning_radius",
    "step_arc",
    "step_euler",
    "integrate",
    "drive",
    "rpm_to_rad_per_s",
    "rad_per_s_to_rpm",
]

#: Wheel radius of a common 2WD kit car (65 mm wheels) [m]; a typical measured value.
WHEEL_RADIUS = 0.033
#: Track width of a common 2WD kit car (wheel centre to wheel centre) [m]; a typical measured value.
TRACK_WIDTH = 0.13

Method = Literal["arc", "euler"]


def _finite_array(values: ArrayLike, name: str, unit: str) -> NDArray[np.float64]:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(_("{name} must be numbers [{unit}], got {value!r}").format(name=name, unit=unit, value=values))
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(_("{name} must be numbers [{unit}], got {value!r}").format(
            name=name, unit=unit, value=values)) from None
    if not np.all(np.isfinite(arr)):
        bad = np.flatnonzero(~np.isfinite(arr.reshape(-1)))[0]
        raise ValueError(_("{name} must be finite numbers [{unit}], but item {index} is {value}: "
                           "check for a NaN or a division by zero").format(
            name=name, unit=unit, index=int(bad), value=arr.reshape(-1)[bad]))
    return arr


def _out(x: NDArray[np.float64]):
    return float(x) if np.ndim(x) == 0 else x


def body_velocity(*, left_speed: ArrayLike, right_speed: ArrayLike, wheel_radius: float = WHEEL_RADIUS,
                  track_width: float = TRACK_WIDTH):
    """Forward speed and turn rate of the robot from its two wheel speeds.

    Parameters
    ----------
    left_speed, right_speed : float or array_like
        Wheel angular speeds [rad/s]; positive rolls the robot forward.
    wheel_radius : float
        Wheel radius [m].
    track_width : float
        Distance between the wheels [m].

    Returns
    -------
    v : float or ndarray
        Forward speed of the point midway between the wheels [m/s].
    omega : float or ndarray
        Turn rate [rad/s], positive counter-clockwise (to the left).

    Notes
    -----
    Each wheel's rim moves at ``v_L = r·ω_L`` and ``v_R = r·ω_R``. The middle of the
    axle moves at their average and the robot turns by their difference over the
    track width:

    ``v = (v_R + v_L) / 2``,  ``ω = (v_R − v_L) / W``.

    Examples
    --------
    >>> v, w = body_velocity(left_speed=5.0, right_speed=10.0, wheel_radius=0.03, track_width=0.15)
    >>> print(round(v, 6), round(w, 6))
    0.225 1.0
    """
    r = _positive(wheel_radius, "wheel_radius", "m")
    W = _positive(track_width, "track_width", "m")
    wl = _finite_array(left_speed, "left_speed", "rad/s")
    wr = _finite_array(right_speed, "right_speed", "rad/s")
    v = r * (wr + wl) / 2.0
    omega = r * (wr - wl) / W
    return _out(v), _out(omega)


def wheel_speeds(*, linear_velocity: ArrayLike, angular_velocity: ArrayLike, wheel_radius: float = WHEEL_RADIUS,
                 track_width: float = TRACK_WIDTH):
    """Wheel speeds that make the robot move at ``v`` while turning at ``ω`` (inverse of :func:`body_velocity`).

    Parameters
    ----------
    linear_velocity : float or array_like
        Forward speed [m/s].
    angular_velocity : float or array_like
        Turn rate [rad/s], positive to the left.
    wheel_radius, track_width : float
        [m].

    Returns
    -------
    left_speed, right_speed : float or ndarray
        Wheel angular speeds [rad/s].

    Notes
    -----
    ``ω_L = (v − ω·W/2) / r``,  ``ω_R = (v + ω·W/2) / r``.

    Examples
    --------
    >>> left, right = wheel_speeds(linear_velocity=0.225, angular_velocity=1.0, wheel_radius=0.03, track_width=0.15)
    >>> print(round(left, 6), round(right, 6))
    5.0 10.0
    """
    r = _positive(wheel_radius, "wheel_radius", "m")
    W = _positive(track_width, "track_width", "m")
    v = _finite_array(linear_velocity, "linear_velocity", "m/s")
    w = _finite_array(angular_velocity, "angular_velocity", "rad/s")
    return _out((v - w * W / 2.0) / r), _out((v + w * W / 2.0) / r)


def turning_radius(*, left_speed: float, right_speed: float, track_width: float = TRACK_WIDTH) -> float:
    """Radius of the circle the middle of the axle drives along.

    Parameters
    ----------
    left_speed, right_speed : float
        Wheel speeds (any unit, the same for both: rad/s, rpm or m/s).
    track_width : float
        Distance between the wheels [m].

    Returns
    -------
    float
        Signed radius [m]: positive when the circle's centre is on the robot's left,
        ``inf`` for a straight line, 0 for a turn on the spot.

    Notes
    -----
    ``R = v / ω = (W / 2) · (ω_R + ω_L) / (ω_R − ω_L)``; the wheel radius cancels.

    Examples
    --------
    >>> turning_radius(left_speed=1.0, right_speed=3.0, track_width=0.13)
    0.13
    >>> turning_radius(left_speed=2.0, right_speed=2.0)
    inf
    """
    W = _positive(track_width, "track_width", "m")
    wl = float(_finite_array(left_speed, "left_speed", "rad/s"))
    wr = float(_finite_array(right_speed, "right_speed", "rad/s"))
    if wr == wl:
        return math.inf
    return W / 2.0 * (wr + wl) / (wr - wl)


def _sinc_half(angle: NDArray[np.float64]) -> NDArray[np.float64]:
    # sin(Δ/2) / (Δ/2), equal to 1 at Δ = 0 (numpy's sinc is sin(πx)/(πx))
    return np.sinc(angle / (2.0 * np.pi))


def _increments_to_poses(ds: NDArray[np.float64], dtheta: NDArray[np.float64], start: Pose,
                         method: str) -> NDArray[np.float64]:
    """Poses after each (distance, turn) increment: shape (N + 1, 3)."""
    n = ds.size
    theta = np.empty(n + 1)
    theta[0] = start.theta
    np.cumsum(dtheta, out=theta[1:])
    theta[1:] += start.theta
    if method == "arc":
        mid = theta[:-1] + dtheta / 2.0
        scale = ds * _sinc_half(dtheta)
        dx, dy = scale * np.cos(mid), scale * np.sin(mid)
    elif method == "euler":
        dx, dy = ds * np.cos(theta[:-1]), ds * np.sin(theta[:-1])
    else:
        raise ValueError(_("method must be 'arc' or 'euler', got {value!r}").format(value=method))
    out = np.empty((n + 1, 3))
    out[0, 0], out[0, 1] = start.x, start.y
    np.cumsum(dx, out=out[1:, 0])
    np.cumsum(dy, out=out[1:, 1])
    out[1:, 0] += start.x
    out[1:, 1] += start.y
    out[:, 2] = theta
    return out


def step_arc(pose: Pose | ArrayLike, *, linear_velocity: float, angular_velocity: float, dt: float) -> Pose:
    """Move a pose for ``dt`` seconds at constant ``v`` and ``ω``, exactly (along a circular arc).

    Parameters
    ----------
    pose : Pose
        Start pose (x [m], y [m], θ [rad]).
    linear_velocity : float
        Forward speed v [m/s].
    angular_velocity : float
        Turn rate ω [rad/s].
    dt : float
        Time step [s], > 0.

    Returns
    -------
    Pose

    Notes
    -----
    With constant v and ω the robot drives along a circle, so
    ``θ' = θ + ω·dt``, ``x' = x + (v/ω)(sin θ' − sin θ)``, ``y' = y − (v/ω)(cos θ' − cos θ)``.
    Written as ``x' = x + v·dt·cos(θ + ω·dt/2)·sinc(ω·dt/2)`` it also holds at ω = 0
    (straight line).

    Examples
    --------
    >>> p = step_arc(Pose(0, 0, 0), linear_velocity=1.0, angular_velocity=math.pi, dt=1.0)
    >>> [round(v, 6) for v in p]   # half a circle of radius 1/π
    [0.0, 0.63662, 3.141593]
    """
    p = _as_pose(pose)
    dt = _positive(dt, "dt", "s")
    v = float(_finite_array(linear_velocity, "linear_velocity", "m/s"))
    w = float(_finite_array(angular_velocity, "angular_velocity", "rad/s"))
    row = _increments_to_poses(np.array([v * dt]), np.array([w * dt]), p, "arc")[1]
    return Pose(float(row[0]), float(row[1]), float(row[2]))


def step_euler(pose: Pose | ArrayLike, *, linear_velocity: float, angular_velocity: float, dt: float) -> Pose:
    """One Euler step: drive straight along the old heading for ``dt``, then turn.

    Notes
    -----
    ``x' = x + v·dt·cos θ``, ``y' = y + v·dt·sin θ``, ``θ' = θ + ω·dt``. Simple, and
    wrong by a little on every step of a curve; the error shrinks with ``dt``
    (first-order method).

    Examples
    --------
    >>> p = step_euler(Pose(0, 0, 0), linear_velocity=1.0, angular_velocity=math.pi, dt=1.0)
    >>> [round(v, 6) for v in p]
    [1.0, 0.0, 3.141593]
    """
    p = _as_pose(pose)
    dt = _positive(dt, "dt", "s")
    v = float(_finite_array(linear_velocity, "linear_velocity", "m/s"))
    w = float(_finite_array(angular_velocity, "angular_velocity", "rad/s"))
    return Pose(p.x + v * dt * math.cos(p.theta), p.y + v * dt * math.sin(p.theta), p.theta + w * dt)


def integrate(*, linear_velocity: ArrayLike, angular_velocity: ArrayLike, dt: float,
              start: Pose | ArrayLike = ORIGIN, method: Method = "arc") -> NDArray[np.float64]:
    """Poses of a robot whose ``v`` and ``ω`` are held constant over each time step.

    Parameters
    ----------
    linear_velocity, angular_velocity : array_like, shape (N,)
        ``v`` [m/s] and ``ω`` [rad/s] during each of the N steps (scalars broadcast).
    dt : float
        Step length [s].
    start : Pose
        Pose at time 0.
    method : {"arc", "euler"}
        ``"arc"`` is exact for piecewise-constant speeds; ``"euler"`` is the simple
        approximation (see :func:`step_euler`).

    Returns
    -------
    ndarray, shape (N + 1, 3)
        Poses (x [m], y [m], θ [rad], θ not wrapped) at times 0, dt, ..., N·dt.

    Examples
    --------
    >>> poses = integrate(linear_velocity=[0.1, 0.1], angular_velocity=0.0, dt=1.0)
    >>> poses[:, 0].tolist()
    [0.0, 0.1, 0.2]
    """
    dt = _positive(dt, "dt", "s")
    v = _finite_array(linear_velocity, "linear_velocity", "m/s")
    w = _finite_array(angular_velocity, "angular_velocity", "rad/s")
    v, w = np.broadcast_arrays(np.atleast_1d(v), np.atleast_1d(w))
    if v.ndim != 1:
        raise ValueError(_("linear_velocity and angular_velocity must be 1-D (one value per step), got shape {shape}").format(
            shape=v.shape))
    return _increments_to_poses(v * dt, w * dt, _as_pose(start, "start"), method)


def drive(*, left_speed: ArrayLike, right_speed: ArrayLike, duration: float | None = None, dt: float = 0.01,
          wheel_radius: float = WHEEL_RADIUS, track_width: float = TRACK_WIDTH,
          start: Pose | ArrayLike = ORIGIN, method: Method = "arc"):
    """Drive with given wheel speeds and return the times and poses.

    Parameters
    ----------
    left_speed, right_speed : float or array_like
        Wheel angular speeds [rad/s]: constants (then ``duration`` is needed) or one
        value per step.
    duration : float, optional
        Total time [s] when the speeds are constants.
    dt : float
        Time step [s].
    wheel_radius, track_width : float
        [m].
    start : Pose
    method : {"arc", "euler"}

    Returns
    -------
    times : ndarray, shape (N + 1,)
        [s]
    poses : ndarray, shape (N + 1, 3)
        (x [m], y [m], θ [rad]).

    Examples
    --------
    >>> t, poses = drive(left_speed=10.0, right_speed=10.0, duration=2.0, dt=0.5)
    >>> t.tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    >>> round(float(poses[-1, 0]), 6)
    0.66
    """
    dt = _positive(dt, "dt", "s")
    v, w = body_velocity(left_speed=left_speed, right_speed=right_speed,
                         wheel_radius=wheel_radius, track_width=track_width)
    constant = np.ndim(v) == 0 and np.ndim(w) == 0  # both given as plain numbers
    v, w = np.atleast_1d(v), np.atleast_1d(w)
    if constant:
        if duration is None:
            raise ValueError(_("give duration (in s) when the wheel speeds are constants"))
        steps = int(round(_positive(duration, "duration", "s") / dt))
        steps = max(steps, 1)
        v, w = np.full(steps, v[0]), np.full(steps, w[0])
    poses = integrate(linear_velocity=v, angular_velocity=w, dt=dt, start=start, method=method)
    return np.arange(len(poses)) * dt, poses


def rpm_to_rad_per_s(rpm: ArrayLike):
    """Revolutions per minute to radians per second.

    Notes
    -----
    One revolution is 2π rad and a minute is 60 s: ``ω = rpm · 2π / 60``.

    Examples
    --------
    >>> round(rpm_to_rad_per_s(60), 6)
    6.283185
    """
    return _out(_finite_array(rpm, "rpm", "rpm") * (2.0 * np.pi / 60.0))


def rad_per_s_to_rpm(omega: ArrayLike):
    """Radians per second to revolutions per minute (``rpm = ω · 60 / 2π``).

    Examples
    --------
    >>> round(rad_per_s_to_rpm(2 * math.pi), 6)
    60.0
    """
    return _out(_finite_array(omega, "omega", "rad/s") * (60.0 / (2.0 * np.pi)))


@dataclass(frozen=True)
class DiffDrive:
    """A two-wheeled robot's geometry: the functions of this module with its sizes filled in.

    Parameters
    ----------
    wheel_radius : float
        [m]; default 33 mm (65 mm kit wheels).
    track_width : float
        Distance between the wheels [m]; default 130 mm.

    Examples
    --------
    >>> DiffDrive(track_width=-0.13)
    Traceback (most recent call last):
    ...
    ValueError: track_width must be > 0 m, got -0.13
    """

    wheel_radius: float = WHEEL_RADIUS
    track_width: float = TRACK_WIDTH

    def __post_init__(self) -> None:
        object.__setattr__(self, "wheel_radius", _positive(self.wheel_radius, "wheel_radius", "m"))
        object.__setattr__(self, "track_width", _positive(self.track_width, "track_width", "m"))

    def body_velocity(self, *, left_speed: ArrayLike, right_speed: ArrayLike):
        """(v [m/s], ω [rad/s]) from wheel speeds [rad/s]; see :func:`body_velocity`."""
        return body_velocity(left_speed=left_speed, right_speed=right_speed,
                             wheel_radius=self.wheel_radius, track_width=self.track_width)

    def wheel_speeds(self, *, linear_velocity: ArrayLike, angular_velocity: ArrayLike):
        """(ω_L, ω_R) [rad/s] for a wanted v [m/s] and ω [rad/s]; see :func:`wheel_speeds`."""
        return wheel_speeds(linear_velocity=linear_velocity, angular_velocity=angular_velocity,
                            wheel_radius=self.wheel_radius, track_width=self.track_width)

    def turning_radius(self, *, left_speed: float, right_speed: float) -> float:
        """Signed turning radius [m]; see :func:`turning_radius`."""
        return turning_radius(left_speed=left_speed, right_speed=right_speed, track_width=self.track_width)

    def drive(self, *, left_speed: ArrayLike, right_speed: ArrayLike, duration: float | None = None,
              dt: float = 0.01, start: Pose | ArrayLike = ORIGIN, method: Method = "arc"):
        """(times [s], poses) for given wheel speeds; see :func:`drive`."""
        return drive(left_speed=left_speed, right_speed=right_speed, duration=duration, dt=dt,
                     wheel_radius=self.wheel_radius, track_width=self.track_width, start=start, method=method)

    # drawing: 80 CSS px per inch, with twice the pixels (sharp at device scale 2)
    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self._figure(), dpi=80)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self._figure(), dpi=80)[0]

    def _figure(self):
        from matplotlib.ticker import MaxNLocator, MultipleLocator

        from stemkit.robotics.plots import ROBOT_WIDTH, PlotFigure, draw_floor, draw_robot

        fig = PlotFigure(figsize=(3.6, 3.0), layout="constrained")
        ax = fig.add_subplot()
        half_w = self.track_width / 2
        scale = self.track_width / ROBOT_WIDTH
        back = -0.08 * scale
        draw_floor(ax, extent=(back - 0.12 * scale, 0.12 * scale, -half_w - 0.04, half_w + 0.04), spacing=0.05)
        # floor lines every 5 cm, numbers on a few of them only, so they never touch
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_minor_locator(MultipleLocator(0.05))
            axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        ax.grid(True, which="both", color="#cccccc", linewidth=0.8)
        ax.tick_params(which="minor", length=0)
        draw_robot(ax, (0.0, 0.0, 0.0), scale=scale)
        # the track width, drawn behind the robot from wheel centre to wheel centre
        ax.annotate("", xy=(back - 0.02 * scale, half_w), xytext=(back - 0.02 * scale, -half_w),
                    arrowprops={"arrowstyle": "<->"})
        ax.text(back - 0.03 * scale, 0.0, _("W = {value} m").format(value=format_number(self.track_width, 3)),
                va="center", ha="right", rotation=90)
        ax.set_title(_("wheel radius r = {value} m").format(value=format_number(self.wheel_radius, 3)), fontsize=9)
        return fig
