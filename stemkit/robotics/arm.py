"""A 2-link planar robot arm: forward and inverse kinematics, workspace, Jacobian, servos.

The arm is the small 2-servo arm of a makerspace: a shoulder servo at the origin
turns link 1 (length ``L1``), an elbow servo at the end of link 1 turns link 2
(length ``L2``); the pen or gripper sits at the tip of link 2. Typical values for
an arm built from two SG90 micro servos and laser-cut or 3D-printed links are
``L1 = 80 mm`` and ``L2 = 60 mm``; these are the defaults of :class:`Arm`.

Conventions
-----------
- Lengths are in metres, positions ``(x, y)`` in metres with the shoulder at the
  origin, x to the right and y up.
- Joint angles ``(q1, q2)`` are in radians unless a function is given
  ``unit="deg"``. ``q1`` is measured from the +x axis to link 1; ``q2`` is
  measured from the direction of link 1 to link 2 (``q2 = 0``: arm straight).
  Counter-clockwise is positive.
- Servo angles are in degrees, 0–180°, as a hobby servo is commanded
  (``Servo.write(90)`` on an Arduino). The mapping between a joint angle and its
  servo angle is explicit: ``servo = offset + direction * joint`` (degrees), see
  :func:`joint_to_servo`.

Examples
--------
>>> arm = Arm(link_lengths=(0.08, 0.06))
>>> [round(float(v), 4) for v in arm.forward((90, 0), unit="deg")]
[0.0, 0.14]
>>> down, up = arm.solutions((0.1, 0.05), unit="deg")
>>> [round(float(v), 4) for v in arm.forward(down, unit="deg")]
[0.1, 0.05]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _, format_number
from stemkit.robotics.geometry import wrap_angle
from stemkit.units import format_si_all, to_degrees, to_radians
from stemkit.validate import MAX_ANGLE, MAX_LENGTH, finite_array

__all__ = [
    "UnreachableError",
    "ServoRangeError",
    "Arm",
    "forward_kinematics",
    "joint_positions",
    "inverse_kinematics",
    "ik_solutions",
    "is_reachable",
    "reach_limits",
    "jacobian",
    "workspace_points",
    "joint_to_servo",
    "servo_to_joint",
    "servo_in_range",
    "SERVO_RANGE_DEG",
]

AngleUnit = Literal["rad", "deg"]
Elbow = Literal["down", "up"]

#: The travel of a standard hobby servo (SG90, MG90S, MG996R) [°].
SERVO_RANGE_DEG: tuple[float, float] = (0.0, 180.0)

# Targets this close outside the reach limits (relative to the arm size) count as
# on the boundary: floating-point round-off must not turn a reachable point away.
_REACH_TOL = 1e-12


class UnreachableError(ValueError):
    """The arm cannot put its tip at the requested target."""


class ServoRangeError(UnreachableError):
    """The arm could reach the target, but only with a servo turned beyond 0–180°."""


_F = TypeVar("_F", bound=Callable[..., Any])


def _named_after_first(keyword: str, example: str) -> Callable[[_F], _F]:
    """Turn Python's bare "takes 1 positional argument but 2 were given" into a sentence that shows the call."""
    def wrap(func: _F) -> _F:
        @functools.wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) > 1:
                raise TypeError(_("{function}() takes {keyword} by name: write {example}").format(
                    function=func.__name__, keyword=keyword, example=example.format(name=func.__name__)))
            return func(*args, **kwargs)
        return call  # type: ignore[return-value]
    return wrap


# -- input checks -------------------------------------------------------------
def _links(link_lengths: ArrayLike) -> tuple[float, float]:
    lengths = finite_array(link_lengths, "link_lengths", "m", limit=MAX_LENGTH, what=_("two lengths (L1, L2)"))
    if lengths.shape != (2,):
        raise ValueError(
            _("link_lengths must be two lengths (L1, L2) in metres, got {value!r}").format(
                value=link_lengths
            )
        )
    for name, length in (("L1", lengths[0]), ("L2", lengths[1])):
        if not np.isfinite(length) or length <= 0:
            raise ValueError(
                _("link length {name} must be > 0 m, got {value}; measure it from joint to joint").format(
                    name=name, value=format_number(float(length))
                )
            )
    return float(lengths[0]), float(lengths[1])


def _unit(unit: str) -> None:
    if unit not in ("rad", "deg"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))


def _angles(joint_angles: ArrayLike, unit: str) -> NDArray[np.float64]:
    _unit(unit)
    q = finite_array(joint_angles, "joint_angles", unit, limit=MAX_ANGLE * (180 / math.pi if unit == "deg" else 1),
                     what=_("pairs (q1, q2)"))
    if q.ndim == 0 or q.shape[-1] != 2:
        raise ValueError(
            _("joint_angles must be pairs (q1, q2), got an array of shape {shape}").format(
                shape=tuple(q.shape)
            )
        )
    if not np.all(np.isfinite(q)):
        raise ValueError(
            _("joint angles must be finite numbers, got {value}; check for NaN").format(
                value=np.array2string(q, precision=4)
            )
        )
    return np.asarray(to_radians(q, unit), dtype=float)


def _point(target: ArrayLike) -> tuple[float, float]:
    p = finite_array(target, "target", "m", limit=MAX_LENGTH, what=_("one point (x, y)"))
    if p.shape != (2,):
        raise ValueError(
            _("target must be one point (x, y) in metres, got {value!r}").format(value=target)
        )
    if not np.all(np.isfinite(p)):
        raise ValueError(
            _("target must be finite numbers, got ({x}, {y}); check for NaN").format(
                x=format_number(float(p[0])), y=format_number(float(p[1]))
            )
        )
    return float(p[0]), float(p[1])


# -- kinematics ---------------------------------------------------------------
@_named_after_first("link_lengths", "{name}((q1, q2), link_lengths=(0.08, 0.06))")
def joint_positions(joint_angles: ArrayLike, *, link_lengths: ArrayLike,
                    unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """Positions of the shoulder, the elbow and the tip.

    Parameters
    ----------
    joint_angles : array_like, shape (2,) or (n, 2)
        Joint angles ``(q1, q2)`` [rad, or ° with ``unit="deg"``].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].
    unit : {"rad", "deg"}
        Unit of ``joint_angles``.

    Returns
    -------
    ndarray, shape (3, 2) or (n, 3, 2)
        Rows: shoulder ``(0, 0)``, elbow, tip [m].

    Notes
    -----
    elbow = (L1 cos q1, L1 sin q1);
    tip = elbow + (L2 cos(q1 + q2), L2 sin(q1 + q2)).

    Examples
    --------
    >>> joint_positions((0, 90), link_lengths=(0.08, 0.06), unit="deg").round(3).tolist()
    [[0.0, 0.0], [0.08, 0.0], [0.08, 0.06]]
    """
    l1, l2 = _links(link_lengths)
    q = _angles(joint_angles, unit)
    q1 = q[..., 0]
    q12 = q[..., 0] + q[..., 1]
    out = np.zeros(q.shape[:-1] + (3, 2))
    out[..., 1, 0] = l1 * np.cos(q1)
    out[..., 1, 1] = l1 * np.sin(q1)
    out[..., 2, 0] = out[..., 1, 0] + l2 * np.cos(q12)
    out[..., 2, 1] = out[..., 1, 1] + l2 * np.sin(q12)
    return out


@_named_after_first("link_lengths", "{name}((q1, q2), link_lengths=(0.08, 0.06))")
def forward_kinematics(joint_angles: ArrayLike, *, link_lengths: ArrayLike,
                       unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """Where the tip is for given joint angles (forward kinematics).

    Parameters
    ----------
    joint_angles : array_like, shape (2,) or (n, 2)
        Joint angles ``(q1, q2)`` [rad, or ° with ``unit="deg"``].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].
    unit : {"rad", "deg"}
        Unit of ``joint_angles``.

    Returns
    -------
    ndarray, shape (2,) or (n, 2)
        Tip position ``(x, y)`` [m].

    Notes
    -----
    x = L1 cos q1 + L2 cos(q1 + q2);
    y = L1 sin q1 + L2 sin(q1 + q2).

    Examples
    --------
    >>> forward_kinematics((30, 60), link_lengths=(0.08, 0.06), unit="deg").round(4).tolist()
    [0.0693, 0.1]
    >>> forward_kinematics([[0, 0], [180, 0]], link_lengths=(0.08, 0.06), unit="deg").round(4).tolist()
    [[0.14, 0.0], [-0.14, 0.0]]
    """
    return joint_positions(joint_angles, link_lengths=link_lengths, unit=unit)[..., 2, :]


def reach_limits(*, link_lengths: ArrayLike) -> tuple[float, float]:
    """Smallest and largest distance from the shoulder the tip can reach.

    Parameters
    ----------
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].

    Returns
    -------
    (r_min, r_max) : tuple of float
        [m]. Without joint limits the workspace is the ring r_min ≤ r ≤ r_max.

    Notes
    -----
    r_max = L1 + L2 (arm straight); r_min = |L1 − L2| (arm folded back).

    Examples
    --------
    >>> [round(r, 3) for r in reach_limits(link_lengths=(0.08, 0.06))]
    [0.02, 0.14]
    """
    l1, l2 = _links(link_lengths)
    return abs(l1 - l2), l1 + l2


def _cos_q2(x: float, y: float, l1: float, l2: float) -> float:
    # Law of cosines for the triangle shoulder-elbow-tip.
    return (x * x + y * y - l1 * l1 - l2 * l2) / (2.0 * l1 * l2)


@_named_after_first("link_lengths", "{name}((x, y), link_lengths=(0.08, 0.06))")
def is_reachable(target: ArrayLike, *, link_lengths: ArrayLike) -> bool:
    """Whether the tip can reach ``target`` (joint limits not considered).

    Parameters
    ----------
    target : array_like, shape (2,)
        Point ``(x, y)`` [m].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].

    Returns
    -------
    bool

    Notes
    -----
    Reachable when |L1 − L2| ≤ √(x² + y²) ≤ L1 + L2.

    Examples
    --------
    >>> is_reachable((0.1, 0.05), link_lengths=(0.08, 0.06))
    True
    >>> is_reachable((0.2, 0.0), link_lengths=(0.08, 0.06))
    False
    """
    l1, l2 = _links(link_lengths)
    x, y = _point(target)
    return abs(_cos_q2(x, y, l1, l2)) <= 1.0 + _REACH_TOL


def _unreachable_message(x: float, y: float, l1: float, l2: float) -> str:
    # one unit for every length, so they compare at a glance
    xs, ys, distance, r_min, r_max = format_si_all([x, y, math.hypot(x, y), abs(l1 - l2), l1 + l2], "m")
    return _(
        "the arm cannot reach ({x}, {y}): it is {distance} from the shoulder, "
        "but the tip only reaches from {r_min} to {r_max}; move the target into that ring"
    ).format(x=xs, y=ys, distance=distance, r_min=r_min, r_max=r_max)


@_named_after_first("link_lengths", "{name}((x, y), link_lengths=(0.08, 0.06))")
def ik_solutions(target: ArrayLike, *, link_lengths: ArrayLike,
                 unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """All joint-angle pairs that put the tip on ``target`` (inverse kinematics).

    Parameters
    ----------
    target : array_like, shape (2,)
        Point ``(x, y)`` [m].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].
    unit : {"rad", "deg"}
        Unit of the returned angles.

    Returns
    -------
    ndarray, shape (2, 2) or (0, 2)
        Row 0 is the elbow-down solution (q2 ≥ 0), row 1 the elbow-up solution
        (q2 ≤ 0); angles wrapped to (−180°, 180°]. On the edge of the workspace both
        rows are the same. An unreachable target gives an empty array of shape (0, 2):
        never a wrong answer.

    Notes
    -----
    cos q2 = (x² + y² − L1² − L2²) / (2 L1 L2) (law of cosines);
    q2 = ± arccos(cos q2);
    q1 = atan2(y, x) − atan2(L2 sin q2, L1 + L2 cos q2).
    When the target is the shoulder itself and L1 = L2, every q1 works; q1 = 0 is
    returned.

    Examples
    --------
    >>> ik_solutions((0.08, 0.06), link_lengths=(0.08, 0.06), unit="deg").round(2).tolist()
    [[0.0, 90.0], [73.74, -90.0]]
    >>> ik_solutions((0.3, 0.0), link_lengths=(0.08, 0.06)).shape
    (0, 2)
    """
    l1, l2 = _links(link_lengths)
    x, y = _point(target)
    _unit(unit)
    c2 = _cos_q2(x, y, l1, l2)
    if abs(c2) > 1.0 + _REACH_TOL:
        return np.empty((0, 2))
    c2 = min(1.0, max(-1.0, c2))
    s2 = math.sqrt(max(0.0, 1.0 - c2 * c2))
    rows = []
    for sign in (1.0, -1.0):
        q2 = math.atan2(sign * s2, c2)
        q1 = math.atan2(y, x) - math.atan2(l2 * math.sin(q2), l1 + l2 * math.cos(q2))
        rows.append((q1, q2))
    q = np.asarray(wrap_angle(np.array(rows)), dtype=float)
    return np.asarray(to_degrees(q, "rad") if unit == "deg" else q, dtype=float)


@_named_after_first("link_lengths", "{name}((x, y), link_lengths=(0.08, 0.06))")
def inverse_kinematics(target: ArrayLike, *, link_lengths: ArrayLike, elbow: Elbow = "down",
                       unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """Joint angles that put the tip on ``target``, for one elbow branch.

    Parameters
    ----------
    target : array_like, shape (2,)
        Point ``(x, y)`` [m].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].
    elbow : {"down", "up"}
        ``"down"``: q2 ≥ 0 (for a target to the right of the shoulder the elbow is
        below the line shoulder→target); ``"up"``: q2 ≤ 0.
    unit : {"rad", "deg"}
        Unit of the returned angles.

    Returns
    -------
    ndarray, shape (2,)
        ``(q1, q2)``.

    Raises
    ------
    UnreachableError
        When the target is outside the ring |L1 − L2| ≤ r ≤ L1 + L2; the message
        gives the distance and the reach.

    Notes
    -----
    See :func:`ik_solutions` for the formula.

    Examples
    --------
    >>> inverse_kinematics((0.08, 0.06), link_lengths=(0.08, 0.06), elbow="up", unit="deg").round(2).tolist()
    [73.74, -90.0]
    >>> inverse_kinematics((0.2, 0.0), link_lengths=(0.08, 0.06))
    Traceback (most recent call last):
    ...
    stemkit.robotics.arm.UnreachableError: the arm cannot reach (200 mm, 0 mm): it is 200 mm from the shoulder, but the tip only reaches from 20 mm to 140 mm; move the target into that ring
    """
    if elbow not in ("down", "up"):
        raise ValueError(_("elbow must be 'down' or 'up', got {value!r}").format(value=elbow))
    solutions = ik_solutions(target, link_lengths=link_lengths, unit=unit)
    if solutions.shape[0] == 0:
        l1, l2 = _links(link_lengths)
        x, y = _point(target)
        raise UnreachableError(_unreachable_message(x, y, l1, l2))
    return solutions[0 if elbow == "down" else 1]


@_named_after_first("link_lengths", "{name}((q1, q2), link_lengths=(0.08, 0.06))")
def jacobian(joint_angles: ArrayLike, *, link_lengths: ArrayLike) -> NDArray[np.float64]:
    """The Jacobian: how fast the tip moves for a small turn of each joint.

    Parameters
    ----------
    joint_angles : array_like, shape (2,)
        ``(q1, q2)`` [rad].
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].

    Returns
    -------
    ndarray, shape (2, 2)
        ``J[i, j] = ∂(x, y)[i] / ∂q[j]`` [m/rad]; tip velocity = J · joint velocity.

    Notes
    -----
    J = [[−L1 sin q1 − L2 sin(q1+q2), −L2 sin(q1+q2)],
         [ L1 cos q1 + L2 cos(q1+q2),  L2 cos(q1+q2)]];
    det J = L1 L2 sin q2, zero (a singularity) when the arm is straight or folded.

    Examples
    --------
    >>> jacobian((0.0, math.pi / 2), link_lengths=(0.08, 0.06)).round(3).tolist()
    [[-0.06, -0.06], [0.08, 0.0]]
    """
    l1, l2 = _links(link_lengths)
    q = _angles(joint_angles, "rad")
    if q.shape != (2,):
        raise ValueError(
            _("joint_angles must be one pair (q1, q2), got an array of shape {shape}").format(
                shape=tuple(q.shape)
            )
        )
    s1, c1 = math.sin(q[0]), math.cos(q[0])
    s12, c12 = math.sin(q[0] + q[1]), math.cos(q[0] + q[1])
    return np.array([[-l1 * s1 - l2 * s12, -l2 * s12], [l1 * c1 + l2 * c12, l2 * c12]])


# -- servos -------------------------------------------------------------------
def _servo_params(offsets_deg: ArrayLike, directions: ArrayLike) -> tuple[NDArray, NDArray]:
    offsets = finite_array(offsets_deg, "offsets_deg", "°", limit=360.0, what=_("two angles"))
    signs = finite_array(directions, "directions", what=_("two values, each +1 or -1"))
    if offsets.shape != (2,) or not np.all(np.isfinite(offsets)):
        raise ValueError(
            _("servo offsets must be two finite angles in degrees, got {value!r}").format(value=offsets_deg)
        )
    if signs.shape != (2,) or not np.all(np.isin(signs, (-1.0, 1.0))):
        raise ValueError(
            _("servo directions must be two values, each +1 or -1, got {value!r}").format(value=directions)
        )
    return offsets, signs


def joint_to_servo(joint_angles: ArrayLike, *, offsets_deg: ArrayLike = (0.0, 90.0),
                   directions: ArrayLike = (1, 1), unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """Servo angles [°] that give the joint angles.

    Parameters
    ----------
    joint_angles : array_like, shape (2,) or (n, 2)
        ``(q1, q2)`` [rad, or ° with ``unit="deg"``].
    offsets_deg : array_like, shape (2,)
        Servo angle [°] at which each joint angle is zero. The default (0°, 90°):
        shoulder servo at 0° points link 1 along +x; elbow servo at 90° holds the
        arm straight.
    directions : array_like, shape (2,)
        +1 when the servo angle grows with the joint angle (counter-clockwise),
        −1 when a servo is mounted the other way round.
    unit : {"rad", "deg"}
        Unit of ``joint_angles``.

    Returns
    -------
    ndarray
        Servo angles [°]. They may fall outside 0–180°; see :func:`servo_in_range`.

    Notes
    -----
    servo = offset + direction · joint (in degrees).

    Examples
    --------
    >>> joint_to_servo((45, -30), unit="deg").tolist()
    [45.0, 60.0]
    """
    offsets, signs = _servo_params(offsets_deg, directions)
    q = _angles(joint_angles, unit)
    return offsets + signs * np.asarray(to_degrees(q, "rad"), dtype=float)


def servo_to_joint(servo_angles_deg: ArrayLike, *, offsets_deg: ArrayLike = (0.0, 90.0),
                   directions: ArrayLike = (1, 1), unit: AngleUnit = "rad") -> NDArray[np.float64]:
    """Joint angles for given servo angles (the inverse of :func:`joint_to_servo`).

    Parameters
    ----------
    servo_angles_deg : array_like, shape (2,) or (n, 2)
        Servo angles [°], each within 0–180°.
    offsets_deg, directions : array_like, shape (2,)
        The mounting of the servos, as in :func:`joint_to_servo`.
    unit : {"rad", "deg"}
        Unit of the returned joint angles.

    Returns
    -------
    ndarray
        ``(q1, q2)``.

    Raises
    ------
    ValueError
        When a servo angle is outside 0–180° or not a number.

    Notes
    -----
    joint = (servo − offset) / direction.

    Examples
    --------
    >>> servo_to_joint((45, 60), unit="deg").tolist()
    [45.0, -30.0]
    """
    offsets, signs = _servo_params(offsets_deg, directions)
    _unit(unit)
    s = finite_array(servo_angles_deg, "servo angles", "°", what=_("pairs of angles"))
    if s.ndim == 0 or s.shape[-1] != 2 or not np.all(np.isfinite(s)):
        raise ValueError(
            _("servo angles must be pairs of finite numbers in degrees, got {value}").format(
                value=np.array2string(s, precision=4)
            )
        )
    lo, hi = SERVO_RANGE_DEG
    if np.any(s < lo) or np.any(s > hi):
        bad = s[(s < lo) | (s > hi)].ravel()[0]
        raise ValueError(
            _("servo angle must be within {lo}° to {hi}°, got {value}°; a hobby servo cannot turn further").format(
                lo=format_number(lo), hi=format_number(hi), value=format_number(float(bad))
            )
        )
    q_deg = (s - offsets) * signs
    return np.asarray(to_radians(q_deg, "deg"), dtype=float) if unit == "rad" else q_deg


def servo_in_range(servo_angles_deg: ArrayLike) -> NDArray[np.bool_] | bool:
    """Whether every servo angle of each pair is within 0–180°.

    Parameters
    ----------
    servo_angles_deg : array_like, shape (2,) or (n, 2)
        Servo angles [°].

    Returns
    -------
    bool or ndarray of bool, shape (n,)

    Examples
    --------
    >>> servo_in_range((45, 60))
    True
    >>> servo_in_range([[45, 60], [200, 90]]).tolist()
    [True, False]
    """
    s = finite_array(servo_angles_deg, "servo angles", "°", what=_("pairs of angles"))
    lo, hi = SERVO_RANGE_DEG
    ok = np.all((s >= lo - 1e-9) & (s <= hi + 1e-9), axis=-1)
    return bool(ok) if np.ndim(ok) == 0 else ok


def workspace_points(*, link_lengths: ArrayLike, offsets_deg: ArrayLike | None = (0.0, 90.0),
                     directions: ArrayLike = (1, 1), samples: int = 41) -> NDArray[np.float64]:
    """Tip positions over a regular grid of joint angles: the reachable workspace.

    Parameters
    ----------
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m].
    offsets_deg, directions : array_like, shape (2,)
        Servo mounting as in :func:`joint_to_servo`; each servo sweeps 0–180°. With
        ``offsets_deg=None`` the joints turn freely through a full circle.
    samples : int
        Angles per joint (the result has ``samples**2`` points).

    Returns
    -------
    ndarray, shape (samples**2, 2)
        Tip positions [m].

    Notes
    -----
    Each point is :func:`forward_kinematics` of one grid pair; the grid is regular,
    so the result is the same every run.

    Examples
    --------
    >>> pts = workspace_points(link_lengths=(0.08, 0.06), samples=5)
    >>> pts.shape
    (25, 2)
    >>> bool(pts[:, 1].min() >= -0.06 - 1e-12)
    True
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 2:
        raise ValueError(_("samples must be an integer ≥ 2, got {value!r}").format(value=samples))
    _links(link_lengths)
    if offsets_deg is None:
        a = np.linspace(-180.0, 180.0, samples)
        q1, q2 = np.meshgrid(a, a, indexing="ij")
        q = np.stack([q1.ravel(), q2.ravel()], axis=-1)
        return forward_kinematics(q, link_lengths=link_lengths, unit="deg")
    s = np.linspace(*SERVO_RANGE_DEG, samples)
    s1, s2 = np.meshgrid(s, s, indexing="ij")
    servo = np.stack([s1.ravel(), s2.ravel()], axis=-1)
    q = servo_to_joint(servo, offsets_deg=offsets_deg, directions=directions, unit="rad")
    return forward_kinematics(q, link_lengths=link_lengths)


# -- the Arm object -------------------------------------------------------------
class Arm:
    """A 2-servo planar arm with a current pose; it draws itself in a notebook.

    Parameters
    ----------
    link_lengths : array_like, shape (2,)
        ``(L1, L2)`` [m]. Default (0.08, 0.06): typical for an arm of two SG90
        micro servos.
    joint_angles : array_like, shape (2,)
        Starting pose ``(q1, q2)`` [rad, or ° with ``unit="deg"``].
    servo_offsets_deg, servo_directions : array_like, shape (2,)
        How the servos are mounted; see :func:`joint_to_servo`.
    unit : {"rad", "deg"}
        Unit of ``joint_angles``.

    Notes
    -----
    The methods call the module functions with this arm's link lengths; the pose
    ``joint_angles`` is stored in radians.

    Examples
    --------
    >>> arm = Arm(joint_angles=(90, 0), unit="deg")
    >>> arm.tip.round(3).tolist()
    [0.0, 0.14]
    >>> arm.servo_angles().round(1).tolist()
    [90.0, 90.0]
    >>> arm.move_to((0.1, 0.05), elbow="up")
    >>> arm.tip.round(4).tolist()
    [0.1, 0.05]
    >>> Arm(link_lengths=(0.08, 0))
    Traceback (most recent call last):
    ...
    ValueError: link length L2 must be > 0 m, got 0; measure it from joint to joint
    """

    def __init__(self, link_lengths: ArrayLike = (0.08, 0.06), *, joint_angles: ArrayLike = (0.0, 0.0),
                 servo_offsets_deg: ArrayLike = (0.0, 90.0), servo_directions: ArrayLike = (1, 1),
                 unit: AngleUnit = "rad"):
        self.link_lengths = _links(link_lengths)
        offsets, signs = _servo_params(servo_offsets_deg, servo_directions)
        self.servo_offsets_deg = tuple(float(v) for v in offsets)
        self.servo_directions = tuple(int(v) for v in signs)
        self._joint_angles = _angles(joint_angles, unit).reshape(2)

    def __repr__(self) -> str:
        q = to_degrees(self._joint_angles, "rad")
        return (f"Arm(link_lengths=({self.link_lengths[0]:g}, {self.link_lengths[1]:g}), "
                f"joint_angles=({q[0]:.4g}, {q[1]:.4g}), unit='deg')")

    # pose
    @property
    def joint_angles(self) -> NDArray[np.float64]:
        """Current joint angles ``(q1, q2)`` [rad]."""
        return self._joint_angles.copy()

    @joint_angles.setter
    def joint_angles(self, value: ArrayLike) -> None:
        self._joint_angles = _angles(value, "rad").reshape(2)

    def set_joint_angles(self, joint_angles: ArrayLike, *, unit: AngleUnit = "rad") -> None:
        """Set the pose ``(q1, q2)`` [rad, or ° with ``unit="deg"``]."""
        self._joint_angles = _angles(joint_angles, unit).reshape(2)

    @property
    def tip(self) -> NDArray[np.float64]:
        """Current tip position ``(x, y)`` [m]."""
        return self.forward(self._joint_angles)

    @property
    def reach(self) -> tuple[float, float]:
        """``(r_min, r_max)`` [m] without joint limits; see :func:`reach_limits`."""
        return reach_limits(link_lengths=self.link_lengths)

    # kinematics
    def forward(self, joint_angles: ArrayLike | None = None, *, unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Tip position [m] for ``joint_angles`` (default: the current pose)."""
        q = self._joint_angles if joint_angles is None else joint_angles
        return forward_kinematics(q, link_lengths=self.link_lengths, unit=unit if joint_angles is not None else "rad")

    def positions(self, joint_angles: ArrayLike | None = None, *, unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Shoulder, elbow and tip positions [m], shape (3, 2)."""
        q = self._joint_angles if joint_angles is None else joint_angles
        return joint_positions(q, link_lengths=self.link_lengths, unit=unit if joint_angles is not None else "rad")

    def solutions(self, target: ArrayLike, *, unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Both IK solutions (elbow down, elbow up), or shape (0, 2) if unreachable."""
        return ik_solutions(target, link_lengths=self.link_lengths, unit=unit)

    def inverse(self, target: ArrayLike, *, elbow: Elbow | None = None,
                unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Joint angles for ``target`` that the servos can reach.

        With ``elbow=None`` the elbow-down solution is used when both servos can
        make it, else elbow-up. Raises :class:`UnreachableError` when the target is
        out of reach or every solution needs a servo beyond 0–180°.
        """
        x, y = _point(target)
        solutions = ik_solutions((x, y), link_lengths=self.link_lengths, unit="rad")
        if solutions.shape[0] == 0:
            raise UnreachableError(_unreachable_message(x, y, *self.link_lengths))
        if elbow is not None and elbow not in ("down", "up"):
            raise ValueError(_("elbow must be 'down' or 'up', got {value!r}").format(value=elbow))
        order = {"down": [0], "up": [1], None: [0, 1]}[elbow]
        for i in order:
            if servo_in_range(self.joint_to_servo(solutions[i])):
                return np.asarray(to_degrees(solutions[i], "rad"), dtype=float) if unit == "deg" else solutions[i]
        lo, hi = SERVO_RANGE_DEG
        reasons = []
        for i in order:
            servo = self.joint_to_servo(solutions[i])
            for k, joint in enumerate((_("shoulder"), _("elbow"))):
                if not lo - 1e-9 <= servo[k] <= hi + 1e-9:
                    reasons.append(_("elbow {branch}: the {joint} servo (servo {n}) would need {angle}°").format(
                        branch=_("down") if i == 0 else _("up"), joint=joint, n=k + 1,
                        angle=format_number(float(servo[k]), 3)))
        xs, ys = format_si_all([x, y], "m")
        hint = _("try another target") if elbow is None else _("try the other elbow or another target")
        raise ServoRangeError(
            _("the arm can reach ({x}, {y}), but not within the servos' {lo}–{hi}°: {reasons}; {hint}").format(
                x=xs, y=ys, lo=format_number(lo), hi=format_number(hi), reasons="; ".join(reasons), hint=hint)
        )

    def move_to(self, target: ArrayLike, *, elbow: Elbow | None = None) -> None:
        """Set the pose so the tip is on ``target`` [m]; see :meth:`inverse`."""
        self._joint_angles = self.inverse(target, elbow=elbow)

    def jacobian(self, joint_angles: ArrayLike | None = None) -> NDArray[np.float64]:
        """Jacobian [m/rad] at ``joint_angles`` [rad] (default: the current pose)."""
        q = self._joint_angles if joint_angles is None else joint_angles
        return jacobian(q, link_lengths=self.link_lengths)

    # servos
    def joint_to_servo(self, joint_angles: ArrayLike, *, unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Servo angles [°] for ``joint_angles``; see :func:`joint_to_servo`."""
        return joint_to_servo(joint_angles, offsets_deg=self.servo_offsets_deg,
                              directions=self.servo_directions, unit=unit)

    def servo_to_joint(self, servo_angles_deg: ArrayLike, *, unit: AngleUnit = "rad") -> NDArray[np.float64]:
        """Joint angles for servo angles [°]; see :func:`servo_to_joint`."""
        return servo_to_joint(servo_angles_deg, offsets_deg=self.servo_offsets_deg,
                              directions=self.servo_directions, unit=unit)

    def servo_angles(self) -> NDArray[np.float64]:
        """Servo angles [°] of the current pose (may be outside 0–180°)."""
        return self.joint_to_servo(self._joint_angles)

    def set_servo_angles(self, servo_angles_deg: ArrayLike) -> None:
        """Set the pose from servo angles [°] (each 0–180°)."""
        self._joint_angles = self.servo_to_joint(servo_angles_deg).reshape(2)

    def workspace(self, *, samples: int = 41, limits: bool = True) -> NDArray[np.float64]:
        """Sampled tip positions [m]; with ``limits=False`` the joints turn freely."""
        return workspace_points(link_lengths=self.link_lengths,
                                offsets_deg=self.servo_offsets_deg if limits else None,
                                directions=self.servo_directions, samples=samples)

    # drawing
    # (90 CSS px per inch, with twice the pixels: sharp at device scale 2)
    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from stemkit.ui.style import retina_bundle

        return retina_bundle(self._figure(), dpi=90)

    def _repr_png_(self) -> bytes:
        from stemkit.ui.style import retina_png

        return retina_png(self._figure(), dpi=90)[0]

    def _figure(self):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from stemkit.robotics.plots import draw_arm, draw_workspace

        fig = Figure(figsize=(4.0, 3.2), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        draw_workspace(ax, self)
        draw_arm(ax, self)
        return fig
