"""Positions, headings and poses on a flat floor: the 2D geometry every robot lesson uses.

A *pose* is where a robot is and which way it faces: ``(x, y, theta)`` with ``x``
and ``y`` in metres and the heading ``theta`` in radians, measured
counter-clockwise from the +x axis (the maths convention: 0 = east, π/2 = north).

Degrees are only for people: convert with :func:`stemkit.units.to_radians` and
:func:`stemkit.units.to_degrees` (or :meth:`Pose.from_degrees` /
:attr:`Pose.heading_deg`).

Examples
--------
>>> p = Pose.from_degrees(1.0, 2.0, 90)
>>> p.heading_deg
90.0
>>> q = advance(p, distance=0.5)
>>> print(round(q.x, 6), round(q.y, 6))
1.0 2.5
>>> distance((0, 0), (3, 4))
5.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.units import to_degrees, to_radians
from stemkit.validate import MAX_ANGLE, MAX_LENGTH, finite_array

__all__ = [
    "Pose",
    "ORIGIN",
    "wrap_angle",
    "rotation_matrix",
    "transform_matrix",
    "pose_from_matrix",
    "compose",
    "inverse",
    "to_world",
    "to_local",
    "distance",
    "heading_to",
    "advance",
    "rotate",
    "follow_commands",
]


def _finite(value: float, name: str, unit: str = "") -> float:
    """Return ``value`` as a float, or raise a clear error when it is not a finite number of a sensible size."""
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise TypeError(_("{name} must be a number, got {value!r}").format(name=name, value=value))
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise TypeError(
            _("{name} must be a number, got {value!r}").format(name=name, value=value)
        ) from None
    if not math.isfinite(x):
        raise ValueError(
            _("{name} must be a finite number{unit}, got {value}: check for NaN or a division by zero").format(
                name=name, unit=f" [{unit}]" if unit else "", value=x)
        )
    limit = {"rad": MAX_ANGLE, "m": MAX_LENGTH}.get(unit)
    if limit is not None and abs(x) > limit:
        raise ValueError(_("{name} must be at most {limit:g} {unit} in size, got {value:g}: check the units "
                           "and the numbers it came from").format(name=name, limit=limit, unit=unit, value=x))
    return x


class Pose(NamedTuple):
    """Where a robot is and which way it faces.

    Parameters
    ----------
    x : float
        Position along the floor's x axis [m].
    y : float
        Position along the floor's y axis [m].
    theta : float
        Heading [rad], counter-clockwise from +x. Not wrapped automatically.

    Examples
    --------
    >>> Pose(1.0, 2.0, 0.0)
    Pose(x=1.0, y=2.0, theta=0.0)
    >>> x, y, theta = Pose.from_degrees(0, 0, 180)
    >>> round(theta, 6)
    3.141593
    >>> import numpy as np
    >>> np.asarray(Pose(1, 2, 3)).tolist()
    [1, 2, 3]
    """

    x: float = 0.0
    y: float = 0.0
    theta: float = 0.0

    @classmethod
    def from_degrees(cls, x: float, y: float, heading: float) -> Pose:
        """Make a pose from a heading in degrees (``heading`` [°], counter-clockwise from +x)."""
        return cls(float(x), float(y), float(to_radians(heading, "deg")))

    @classmethod
    def from_array(cls, values: ArrayLike) -> Pose:
        """Make a pose from any 3 numbers ``(x, y, theta)`` (a list, tuple or array)."""
        arr = finite_array(values, "pose", what=_("3 numbers (x, y, theta)")).reshape(-1)
        if arr.shape != (3,):
            raise ValueError(
                _("a pose needs 3 numbers (x, y, theta), got {n}").format(n=arr.size)
            )
        return cls(*(_finite(v, name, unit) for v, name, unit in zip(arr, ("x", "y", "theta"), ("m", "m", "rad"),
                                                                         strict=True)))

    @property
    def heading_deg(self) -> float:
        """Heading in degrees [°]."""
        return float(to_degrees(self.theta, "rad"))

    @property
    def position(self) -> NDArray[np.float64]:
        """Position ``[x, y]`` [m] as an array."""
        return np.array([self.x, self.y], dtype=float)

    def matrix(self) -> NDArray[np.float64]:
        """This pose as a 3×3 homogeneous transform (robot frame -> world frame)."""
        return transform_matrix(x=self.x, y=self.y, theta=self.theta)


#: The pose at the origin, facing +x (an immutable default for ``start=`` parameters).
ORIGIN = Pose(0.0, 0.0, 0.0)


def _as_pose(pose: Pose | ArrayLike, name: str = "pose") -> Pose:
    if isinstance(pose, Pose):
        return Pose(_finite(pose.x, f"{name} x", "m"), _finite(pose.y, f"{name} y", "m"),
                    _finite(pose.theta, f"{name} theta", "rad"))
    arr = finite_array(pose, name, what=_("3 numbers (x, y, theta)")).reshape(-1)
    if arr.shape != (3,):
        raise ValueError(
            _("{name} needs 3 numbers (x, y, theta), got {n}").format(name=name, n=arr.size)
        )
    return Pose.from_array(arr)


def wrap_angle(angle: ArrayLike) -> float | NDArray[np.float64]:
    """Wrap an angle into the interval (-π, π].

    Parameters
    ----------
    angle : float or array_like
        Angle(s) [rad].

    Returns
    -------
    float or ndarray
        The same direction, as an angle in (-π, π] [rad].

    Notes
    -----
    ``wrapped = angle - 2π · ceil((angle - π) / 2π)``: adding or removing whole
    turns never changes the direction a robot faces.

    Examples
    --------
    >>> round(wrap_angle(3 * math.pi / 2), 6)
    -1.570796
    >>> round(wrap_angle(-math.pi), 6)
    3.141593
    >>> wrap_angle([0.0, 2 * math.pi]).round(6).tolist()
    [0.0, 0.0]
    """
    a = finite_array(angle, "angle", "rad", limit=MAX_ANGLE)
    wrapped = a - 2.0 * np.pi * np.ceil((a - np.pi) / (2.0 * np.pi))
    if wrapped.ndim == 0:
        return float(wrapped)
    return wrapped


def rotation_matrix(angle: float) -> NDArray[np.float64]:
    """2×2 matrix that rotates a vector counter-clockwise by ``angle``.

    Parameters
    ----------
    angle : float
        Rotation [rad].

    Returns
    -------
    ndarray, shape (2, 2)

    Notes
    -----
    ``R(θ) = [[cos θ, -sin θ], [sin θ, cos θ]]``; ``det R = 1`` and ``Rᵀ R = I``.

    Examples
    --------
    >>> (rotation_matrix(math.pi / 2) @ [1.0, 0.0]).round(6).tolist()
    [0.0, 1.0]
    """
    t = _finite(angle, "angle", "rad")
    c, s = math.cos(t), math.sin(t)
    return np.array([[c, -s], [s, c]])


def transform_matrix(*, x: float, y: float, theta: float) -> NDArray[np.float64]:
    """3×3 homogeneous transform for a pose: rotate by ``theta``, then move by ``(x, y)``.

    Parameters
    ----------
    x, y : float
        Translation [m].
    theta : float
        Rotation [rad].

    Returns
    -------
    ndarray, shape (3, 3)

    Notes
    -----
    ``T = [[R(θ), t], [0 0 1]]``. A point ``p`` in the robot's frame is at
    ``T @ [p_x, p_y, 1]`` in the world frame.

    Examples
    --------
    >>> T = transform_matrix(x=1.0, y=0.0, theta=math.pi / 2)
    >>> (T @ [1.0, 0.0, 1.0]).round(6).tolist()
    [1.0, 1.0, 1.0]
    """
    T = np.eye(3)
    T[:2, :2] = rotation_matrix(theta)
    T[0, 2] = _finite(x, "x", "m")
    T[1, 2] = _finite(y, "y", "m")
    return T


def pose_from_matrix(matrix: ArrayLike) -> Pose:
    """The pose a 3×3 homogeneous transform describes.

    Parameters
    ----------
    matrix : array_like, shape (3, 3)

    Returns
    -------
    Pose
        ``theta`` is wrapped into (-π, π].

    Examples
    --------
    >>> p = pose_from_matrix(transform_matrix(x=1, y=2, theta=0.5))
    >>> [round(v, 6) for v in p]
    [1.0, 2.0, 0.5]
    """
    T = np.asarray(matrix, dtype=float)
    if T.shape != (3, 3):
        raise ValueError(
            _("a 2D homogeneous transform must be a 3×3 matrix, got shape {shape}").format(shape=T.shape)
        )
    return Pose(float(T[0, 2]), float(T[1, 2]), float(math.atan2(T[1, 0], T[0, 0])))


def compose(a: Pose | ArrayLike, b: Pose | ArrayLike) -> Pose:
    """Pose ``b`` (given in the frame of pose ``a``) expressed in the world frame.

    Parameters
    ----------
    a : Pose
        A frame's pose in the world.
    b : Pose
        A pose measured in frame ``a``.

    Returns
    -------
    Pose
        ``a ⊕ b``; the heading is ``a.theta + b.theta`` (not wrapped).

    Notes
    -----
    ``x = a.x + cos(a.θ)·b.x - sin(a.θ)·b.y``, ``y = a.y + sin(a.θ)·b.x + cos(a.θ)·b.y``,
    ``θ = a.θ + b.θ``; the same as multiplying the two homogeneous transforms.

    Examples
    --------
    >>> [round(v, 6) for v in compose(Pose(1, 0, math.pi / 2), Pose(1, 0, 0))]
    [1.0, 1.0, 1.570796]
    """
    a, b = _as_pose(a, "a"), _as_pose(b, "b")
    c, s = math.cos(a.theta), math.sin(a.theta)
    return Pose(a.x + c * b.x - s * b.y, a.y + s * b.x + c * b.y, a.theta + b.theta)


def inverse(pose: Pose | ArrayLike) -> Pose:
    """The pose that undoes ``pose``: ``compose(pose, inverse(pose))`` is the origin.

    Examples
    --------
    >>> p = Pose(1.0, 2.0, 0.3)
    >>> [round(v, 9) + 0.0 for v in compose(p, inverse(p))]
    [0.0, 0.0, 0.0]
    """
    p = _as_pose(pose)
    c, s = math.cos(p.theta), math.sin(p.theta)
    return Pose(-c * p.x - s * p.y, s * p.x - c * p.y, -p.theta)


def _xy(point: ArrayLike, name: str) -> NDArray[np.float64]:
    """A point ``(x, y)`` [m] (a Pose works too: its heading is ignored)."""
    p = finite_array(point, name, "m", limit=MAX_LENGTH, what=_("a point (x, y)")).reshape(-1)[:2]
    if p.size != 2:
        raise ValueError(_("a point needs 2 numbers (x, y)"))
    return p


def _points(points: ArrayLike, name: str = "points") -> NDArray[np.float64]:
    pts = finite_array(points, name, "m", limit=MAX_LENGTH, what=_("(x, y) pairs"))
    if pts.ndim == 1 and pts.shape == (2,):
        pts = pts.reshape(1, 2)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(
            _("{name} must be (x, y) pairs, shape (N, 2), got shape {shape}").format(name=name, shape=pts.shape)
        )
    return pts


def to_world(pose: Pose | ArrayLike, points: ArrayLike) -> NDArray[np.float64]:
    """Where points fixed to the robot (robot frame) are on the floor (world frame).

    Parameters
    ----------
    pose : Pose
        The robot's pose.
    points : array_like, shape (N, 2) or (2,)
        Points in the robot frame [m]: +x forward, +y to the robot's left.

    Returns
    -------
    ndarray, shape (N, 2)
        The points in the world frame [m].

    Notes
    -----
    ``p_world = R(θ) · p_robot + (x, y)``.

    Examples
    --------
    >>> to_world(Pose(1, 1, math.pi / 2), [[0.1, 0.0]]).round(6).tolist()
    [[1.0, 1.1]]
    """
    p = _as_pose(pose)
    pts = _points(points)
    c, s = math.cos(p.theta), math.sin(p.theta)
    out = np.empty_like(pts)
    out[:, 0] = p.x + c * pts[:, 0] - s * pts[:, 1]
    out[:, 1] = p.y + s * pts[:, 0] + c * pts[:, 1]
    return out


def to_local(pose: Pose | ArrayLike, points: ArrayLike) -> NDArray[np.float64]:
    """Where world points are as seen from the robot (the inverse of :func:`to_world`).

    Notes
    -----
    ``p_robot = R(θ)ᵀ · (p_world - (x, y))``.

    Examples
    --------
    >>> to_local(Pose(1, 1, math.pi / 2), [[1.0, 2.0]]).round(6).tolist()
    [[1.0, 0.0]]
    """
    p = _as_pose(pose)
    pts = _points(points)
    c, s = math.cos(p.theta), math.sin(p.theta)
    dx, dy = pts[:, 0] - p.x, pts[:, 1] - p.y
    return np.column_stack([c * dx + s * dy, -s * dx + c * dy])


def distance(a: ArrayLike, b: ArrayLike) -> float:
    """Straight-line distance between two points.

    Parameters
    ----------
    a, b : array_like
        Points ``(x, y)`` [m] (a Pose works too; its heading is ignored).

    Returns
    -------
    float
        Distance [m].

    Notes
    -----
    Pythagoras: ``d = √((x₂ - x₁)² + (y₂ - y₁)²)``.

    Examples
    --------
    >>> distance((1, 1), (4, 5))
    5.0
    """
    pa, pb = _xy(a, "a"), _xy(b, "b")
    return float(math.hypot(pb[0] - pa[0], pb[1] - pa[1]))


def heading_to(a: ArrayLike, b: ArrayLike) -> float:
    """The heading that points from ``a`` towards ``b``.

    Returns
    -------
    float
        Heading [rad] in (-π, π], counter-clockwise from +x.

    Notes
    -----
    ``θ = atan2(y₂ - y₁, x₂ - x₁)``; ``atan2`` (not ``atan``) gets all four quadrants right.

    Examples
    --------
    >>> round(to_degrees(heading_to((0, 0), (1, 1))), 6)
    45.0
    >>> round(to_degrees(heading_to((0, 0), (-1, 0))), 6)
    180.0
    """
    pa, pb = _xy(a, "a"), _xy(b, "b")
    if pa[0] == pb[0] and pa[1] == pb[1]:
        raise ValueError(_("the two points are the same, so there is no direction between them"))
    return float(math.atan2(pb[1] - pa[1], pb[0] - pa[0]))


def advance(pose: Pose | ArrayLike, *, distance: float) -> Pose:
    """Drive straight ahead by ``distance`` (negative = backwards); the heading stays.

    Parameters
    ----------
    pose : Pose
        Start pose.
    distance : float
        Distance to drive [m] (speed × time).

    Returns
    -------
    Pose

    Notes
    -----
    ``x' = x + d·cos θ``, ``y' = y + d·sin θ``, ``θ' = θ``.

    Examples
    --------
    >>> [round(v, 6) for v in advance(Pose(0, 0, 0), distance=0.3)]
    [0.3, 0.0, 0.0]
    """
    p = _as_pose(pose)
    d = _finite(distance, "distance", "m")
    return Pose(p.x + d * math.cos(p.theta), p.y + d * math.sin(p.theta), p.theta)


def rotate(pose: Pose | ArrayLike, *, angle: float) -> Pose:
    """Turn on the spot by ``angle`` (positive = counter-clockwise = left turn).

    Parameters
    ----------
    pose : Pose
    angle : float
        Turn [rad].

    Examples
    --------
    >>> round(rotate(Pose(0, 0, 0), angle=math.pi / 2).heading_deg, 6)
    90.0
    """
    p = _as_pose(pose)
    return Pose(p.x, p.y, p.theta + _finite(angle, "angle", "rad"))


_COMMAND_WORDS = {"forward": 1.0, "backward": -1.0, "left": 1.0, "right": -1.0}


def follow_commands(commands: Iterable[Sequence], *, start: Pose | ArrayLike = ORIGIN,
                    angle_unit: str = "deg") -> NDArray[np.float64]:
    """Poses of a robot that obeys simple commands, like a turtle on a grid.

    Parameters
    ----------
    commands : iterable of (word, amount)
        ``("forward", metres)``, ``("backward", metres)``, ``("left", angle)``,
        ``("right", angle)``. Turns are on the spot.
    start : Pose
        Where the robot starts.
    angle_unit : {"deg", "rad"}
        Unit of the turn amounts.

    Returns
    -------
    ndarray, shape (len(commands) + 1, 3)
        The pose ``(x [m], y [m], θ [rad])`` before the first command and after each one.

    Examples
    --------
    >>> square = [("forward", 1), ("left", 90)] * 4
    >>> poses = follow_commands(square)
    >>> (poses[-1, :2].round(9) + 0.0).tolist()
    [0.0, 0.0]
    >>> round(float(to_degrees(poses[-1, 2])), 6)
    360.0
    """
    pose = _as_pose(start, "start")
    out = [tuple(pose)]
    for i, command in enumerate(commands):
        try:
            word, amount = command
        except (TypeError, ValueError):
            raise ValueError(
                _("command {index} must be a pair like ('forward', 0.5), got {command!r}").format(
                    index=i, command=command)
            ) from None
        key = str(word).strip().lower()
        if key not in _COMMAND_WORDS:
            raise ValueError(
                _("command {index}: unknown word {word!r}; use forward, backward, left or right").format(
                    index=i, word=word)
            )
        value = _finite(amount, f"command {i} amount")
        if key in ("forward", "backward"):
            pose = advance(pose, distance=_COMMAND_WORDS[key] * value)
        else:
            pose = rotate(pose, angle=_COMMAND_WORDS[key] * to_radians(value, angle_unit))
        out.append(tuple(pose))
    return np.array(out, dtype=float)
