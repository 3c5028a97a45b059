"""Moving parts: rotation, scaling and translation matrices, and how to combine them.

* Rotations and scalings are 3 x 3 matrices that act on a point written as a
  column (x, y, z): p' = R p.
* A translation cannot be written as a 3 x 3 matrix, so we add a fourth
  coordinate 1 to every point and use 4 x 4 *homogeneous* matrices:
  ``[[R, t], [0, 0, 0, 1]]`` rotates (or scales) by R and then moves by t.
* Angles always carry their unit: ``rotation_z(90, unit="deg")`` or
  ``rotation_z(math.pi / 2, unit="rad")``. Positive angles turn
  counter-clockwise when you look down the axis towards the origin (the
  right-hand rule: thumb along the axis, fingers curl the positive way).
* Order matters. :func:`compose` takes the steps in the order they happen:
  ``compose(first, second)`` is the matrix ``second @ first``.

Points are arrays of shape (3,) or (n, 3) [mm]; :func:`apply` moves them.

Examples
--------
>>> import numpy as np
>>> R = rotation_z(90, unit="deg")
>>> np.round(apply(R, [10, 0, 0]), 9) + 0.0
array([ 0., 10.,  0.])
>>> move = compose(rotation_z(90, unit="deg"), translation([0, 0, 5]))
>>> np.round(apply(move, [10, 0, 0]), 9) + 0.0
array([ 0., 10.,  5.])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.units import to_radians

__all__ = ["rotation_x", "rotation_y", "rotation_z", "rotation_axis", "scaling", "translation",
           "homogeneous", "compose", "apply", "linear_part", "is_rotation"]


def _angle(angle: float, unit: str) -> float:
    if unit not in ("deg", "rad"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
    try:
        a = float(angle)
    except (TypeError, ValueError):
        raise TypeError(_("angle must be a number, got {value!r}").format(value=angle)) from None
    if not math.isfinite(a):
        raise ValueError(_("angle must be a finite number, got {value}").format(value=angle))
    return float(to_radians(a, unit))


def _axis_rotation(c: float, s: float, axis: int) -> NDArray[np.float64]:
    R = np.eye(3)
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    R[i, i], R[i, j], R[j, i], R[j, j] = c, -s, s, c
    return R


def rotation_x(angle: float, *, unit: str) -> NDArray[np.float64]:
    """Rotation about the x axis by ``angle``, a 3 x 3 matrix.

    Parameters
    ----------
    angle : float
        Angle [deg or rad, as ``unit`` says]; positive turns y towards z.
    unit : {"deg", "rad"}
        The unit of ``angle`` (always stated).

    Notes
    -----
    Rx(θ) = [[1, 0, 0], [0, cos θ, −sin θ], [0, sin θ, cos θ]].

    Examples
    --------
    >>> np.round(rotation_x(90, unit="deg") @ [0, 1, 0], 9) + 0.0
    array([0., 0., 1.])
    """
    a = _angle(angle, unit)
    return _axis_rotation(math.cos(a), math.sin(a), 0)


def rotation_y(angle: float, *, unit: str) -> NDArray[np.float64]:
    """Rotation about the y axis by ``angle``, a 3 x 3 matrix.

    Parameters
    ----------
    angle : float
        Angle [deg or rad, as ``unit`` says]; positive turns z towards x.
    unit : {"deg", "rad"}
        The unit of ``angle``.

    Notes
    -----
    Ry(θ) = [[cos θ, 0, sin θ], [0, 1, 0], [−sin θ, 0, cos θ]].

    Examples
    --------
    >>> np.round(rotation_y(90, unit="deg") @ [0, 0, 1], 9) + 0.0
    array([1., 0., 0.])
    """
    a = _angle(angle, unit)
    return _axis_rotation(math.cos(a), math.sin(a), 1)


def rotation_z(angle: float, *, unit: str) -> NDArray[np.float64]:
    """Rotation about the z axis by ``angle``, a 3 x 3 matrix.

    Parameters
    ----------
    angle : float
        Angle [deg or rad, as ``unit`` says]; positive turns x towards y
        (counter-clockwise seen from above the build plate).
    unit : {"deg", "rad"}
        The unit of ``angle``.

    Notes
    -----
    Rz(θ) = [[cos θ, −sin θ, 0], [sin θ, cos θ, 0], [0, 0, 1]].

    Examples
    --------
    >>> np.round(rotation_z(90, unit="deg"), 9) + 0.0
    array([[ 0., -1.,  0.],
           [ 1.,  0.,  0.],
           [ 0.,  0.,  1.]])
    >>> rotation_z(90, unit="degrees")
    Traceback (most recent call last):
    ...
    ValueError: angle unit must be 'deg' or 'rad', got 'degrees'
    """
    a = _angle(angle, unit)
    return _axis_rotation(math.cos(a), math.sin(a), 2)


def rotation_axis(axis: ArrayLike, angle: float, *, unit: str) -> NDArray[np.float64]:
    """Rotation by ``angle`` about any axis through the origin (Rodrigues' formula).

    Parameters
    ----------
    axis : array_like of 3 floats
        Direction of the axis (any length but zero); the right-hand rule says
        which way is positive.
    angle : float
        Angle [deg or rad, as ``unit`` says].
    unit : {"deg", "rad"}
        The unit of ``angle``.

    Notes
    -----
    With k the unit axis and K its cross-product matrix (K v = k × v),
    R = I + sin θ K + (1 − cos θ) K².

    Examples
    --------
    >>> R = rotation_axis([0, 0, 1], 30, unit="deg")
    >>> bool(np.allclose(R, rotation_z(30, unit="deg")))
    True
    >>> R = rotation_axis([1, 1, 1], 120, unit="deg")   # cycles the axes x -> y -> z
    >>> np.round(R @ [1, 0, 0], 9) + 0.0
    array([0., 1., 0.])
    """
    k = np.asarray(axis, dtype=np.float64).reshape(-1)
    if k.shape != (3,) or not np.all(np.isfinite(k)):
        raise ValueError(_("axis must be three finite numbers (x, y, z), got {value}").format(
            value=np.asarray(axis).tolist()))
    norm = float(np.linalg.norm(k))
    if norm == 0:
        raise ValueError(_("axis must not be the zero vector: give a direction such as [0, 0, 1]"))
    k = k / norm
    a = _angle(angle, unit)
    K = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(a) * K + (1.0 - math.cos(a)) * (K @ K)


def scaling(factor: float | ArrayLike) -> NDArray[np.float64]:
    """Scaling about the origin: one factor for all axes, or (sx, sy, sz). A 3 x 3 matrix.

    Parameters
    ----------
    factor : float or array_like of 3 floats
        Scale factors (dimensionless). Must not be zero; a negative factor mirrors.

    Notes
    -----
    S = diag(sx, sy, sz); lengths along x are multiplied by sx, volumes by sx·sy·sz.

    Examples
    --------
    >>> scaling(2)
    array([[2., 0., 0.],
           [0., 2., 0.],
           [0., 0., 2.]])
    >>> scaling([1, 1, 0])
    Traceback (most recent call last):
    ...
    ValueError: scale factor must not be 0 (it would flatten the part), got [1.0, 1.0, 0.0]
    """
    s = np.asarray(factor, dtype=np.float64).reshape(-1)
    if s.size == 1:
        s = np.repeat(s, 3)
    if s.shape != (3,) or not np.all(np.isfinite(s)):
        raise ValueError(_("scale factor must be one number or three (sx, sy, sz), got {value}").format(
            value=np.asarray(factor).tolist()))
    if np.any(s == 0):
        raise ValueError(_("scale factor must not be 0 (it would flatten the part), got {value}").format(
            value=s.tolist()))
    return np.diag(s)


def translation(offset: ArrayLike) -> NDArray[np.float64]:
    """A move by ``offset`` = (dx, dy, dz) [mm], as a 4 x 4 homogeneous matrix.

    Notes
    -----
    T = [[1, 0, 0, dx], [0, 1, 0, dy], [0, 0, 1, dz], [0, 0, 0, 1]], so that
    T (x, y, z, 1) = (x + dx, y + dy, z + dz, 1).

    Examples
    --------
    >>> translation([5, 0, 2])
    array([[1., 0., 0., 5.],
           [0., 1., 0., 0.],
           [0., 0., 1., 2.],
           [0., 0., 0., 1.]])
    """
    return homogeneous(offset=offset)


def homogeneous(matrix: ArrayLike | None = None, *, offset: ArrayLike | None = None) -> NDArray[np.float64]:
    """Build the 4 x 4 matrix that applies ``matrix`` (3 x 3) and then moves by ``offset`` [mm].

    Examples
    --------
    >>> H = homogeneous(rotation_z(90, unit="deg"), offset=[1, 2, 3])
    >>> np.round(H, 9) + 0.0
    array([[ 0., -1.,  0.,  1.],
           [ 1.,  0.,  0.,  2.],
           [ 0.,  0.,  1.,  3.],
           [ 0.,  0.,  0.,  1.]])
    """
    H = np.eye(4)
    if matrix is not None:
        M = np.asarray(matrix, dtype=np.float64)
        if M.shape != (3, 3) or not np.all(np.isfinite(M)):
            raise ValueError(_("matrix must be a 3 x 3 array of finite numbers, got shape {shape}").format(
                shape=M.shape))
        H[:3, :3] = M
    if offset is not None:
        t = np.asarray(offset, dtype=np.float64).reshape(-1)
        if t.shape != (3,) or not np.all(np.isfinite(t)):
            raise ValueError(_("offset must be three finite numbers (dx, dy, dz) in mm, got {value}").format(
                value=np.asarray(offset).tolist()))
        H[:3, 3] = t
    return H


def _as_matrix(matrix: ArrayLike) -> NDArray[np.float64]:
    M = np.asarray(matrix, dtype=np.float64)
    if M.shape not in ((3, 3), (4, 4)):
        raise ValueError(_("a transform must be a 3 x 3 or 4 x 4 matrix, got shape {shape}").format(
            shape=M.shape))
    if not np.all(np.isfinite(M)):
        raise ValueError(_("a transform matrix must hold finite numbers (no NaN or inf)"))
    return M


def compose(*steps: ArrayLike) -> NDArray[np.float64]:
    """Combine transforms given **in the order they happen** into one matrix.

    Parameters
    ----------
    *steps : array_like, each (3, 3) or (4, 4)
        First step first. 3 x 3 steps are promoted to 4 x 4 when any step is 4 x 4.

    Returns
    -------
    numpy.ndarray
        ``steps[-1] @ ... @ steps[1] @ steps[0]``: the first step sits on the
        right, next to the point it acts on.

    Examples
    --------
    Rotate then move is not the same as move then rotate:

    >>> turn, lift = rotation_z(90, unit="deg"), translation([10, 0, 0])
    >>> np.round(apply(compose(turn, lift), [1, 0, 0]), 9) + 0.0
    array([10.,  1.,  0.])
    >>> np.round(apply(compose(lift, turn), [1, 0, 0]), 9) + 0.0
    array([ 0., 11.,  0.])
    """
    if not steps:
        return np.eye(4)
    mats = [_as_matrix(s) for s in steps]
    if any(m.shape == (4, 4) for m in mats):
        mats = [homogeneous(m) if m.shape == (3, 3) else m for m in mats]
    out = mats[0]
    for m in mats[1:]:
        out = m @ out
    return out


def apply(matrix: ArrayLike, points: ArrayLike) -> NDArray[np.float64]:
    """Transform one point (3,) or many points (n, 3) [mm] by a 3 x 3 or 4 x 4 matrix.

    Notes
    -----
    With a 4 x 4 matrix H = [[A, t], [0, 1]], p' = A p + t (points, w = 1).
    Many points are done at once as P' = P Aᵀ + t.

    Examples
    --------
    >>> apply(scaling(2), [[1, 2, 3], [0, 0, 1]])
    array([[2., 4., 6.],
           [0., 0., 2.]])
    """
    M = _as_matrix(matrix)
    P = np.asarray(points, dtype=np.float64)
    single = P.ndim == 1
    P2 = P.reshape(1, -1) if single else P
    if P2.ndim != 2 or P2.shape[1] != 3:
        raise ValueError(_("points must have shape (3,) or (n, 3) in mm, got shape {shape}").format(
            shape=P.shape))
    out = P2 @ M[:3, :3].T
    if M.shape == (4, 4):
        if not np.allclose(M[3], [0, 0, 0, 1]):
            raise ValueError(_("the last row of a 4 x 4 transform must be [0, 0, 0, 1], got {row}").format(
                row=M[3].tolist()))
        out = out + M[:3, 3]
    return out[0] if single else out


def linear_part(matrix: ArrayLike) -> NDArray[np.float64]:
    """The 3 x 3 rotation/scaling block of a 3 x 3 or 4 x 4 transform.

    Examples
    --------
    >>> linear_part(translation([1, 2, 3]))
    array([[1., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]])
    """
    return _as_matrix(matrix)[:3, :3].copy()


def is_rotation(matrix: ArrayLike, *, tolerance: float = 1e-9) -> bool:
    """True when ``matrix`` is a pure rotation: RᵀR = I and det R = +1.

    Examples
    --------
    >>> is_rotation(rotation_axis([1, 2, 3], 40, unit="deg"))
    True
    >>> is_rotation(scaling(2)), is_rotation(scaling([1, 1, -1]))
    (False, False)
    """
    R = linear_part(matrix)
    return bool(np.allclose(R.T @ R, np.eye(3), atol=tolerance) and abs(np.linalg.det(R) - 1) < tolerance)
