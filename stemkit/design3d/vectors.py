"""Vectors in 3D: arrows with a length and a direction, in millimetres.

A position on the printer (x, y, z) and a step from one point to another are
both written as three numbers. These functions take one vector (shape (3,))
or many at once (shape (n, 3)) and work row by row.

* :func:`dot`: a · b = ax bx + ay by + az bz, large when two arrows point the same way.
* :func:`cross`: a × b, an arrow at right angles to both (the right-hand rule).
* :func:`length`, :func:`distance`, :func:`unit`, :func:`angle`, :func:`projection`.
* :func:`triangle_normal`: the outward arrow of a triangle, as in an STL file.

Examples
--------
>>> dot([1, 2, 3], [4, 5, 6])
32.0
>>> cross([1, 0, 0], [0, 1, 0])
array([0., 0., 1.])
>>> length([3, 4, 12])
13.0
>>> angle([1, 0, 0], [0, 1, 0], unit="deg")
90.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from stemkit.i18n import _
from stemkit.units import to_degrees

__all__ = ["dot", "cross", "length", "distance", "unit", "angle", "projection", "triple_product",
           "is_right_handed", "triangle_normal"]


def _vec(name: str, value: ArrayLike, *, dims: tuple[int, ...] = (2, 3)) -> NDArray[np.float64]:
    try:
        v = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(_("{quantity} must be numbers like [x, y, z], got {value!r}").format(
            quantity=name, value=value)) from None
    if v.ndim not in (1, 2) or v.shape[-1] not in dims:
        want = " or ".join(str(d) for d in dims)
        raise ValueError(_("{quantity} must have {count} numbers per vector (shape ({count},) or (n, {count})), "
                           "got shape {shape}").format(quantity=name, count=want, shape=v.shape))
    if not np.all(np.isfinite(v)):
        raise ValueError(_("{quantity} must be finite numbers, got {value}").format(
            quantity=name, value=v.tolist()))
    return v


def _scalar(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    return float(x) if np.ndim(x) == 0 else x


def _same_size(a: NDArray[np.float64], b: NDArray[np.float64]) -> None:
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(_("both vectors need the same number of coordinates, got {first} and {second}").format(
            first=a.shape[-1], second=b.shape[-1]))


def dot(a: ArrayLike, b: ArrayLike) -> float | NDArray[np.float64]:
    """Dot product a · b (one number per pair of vectors).

    Parameters
    ----------
    a, b : array_like, shape (3,) or (n, 3)
        Vectors [any unit; mm for positions].

    Returns
    -------
    float or numpy.ndarray
        a · b [unit of a × unit of b, e.g. mm²].

    Notes
    -----
    a · b = ax bx + ay by + az bz = |a| |b| cos θ, so it is zero for arrows at
    right angles and negative when they point more than 90° apart.

    Examples
    --------
    >>> dot([1, 0, 0], [0, 1, 0])
    0.0
    >>> dot([[1, 1, 0], [2, 0, 0]], [1, 0, 0])
    array([1., 2.])
    """
    va, vb = _vec("a", a), _vec("b", b)
    _same_size(va, vb)
    return _scalar(np.sum(va * vb, axis=-1))


def cross(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Cross product a × b: an arrow at right angles to both a and b.

    Parameters
    ----------
    a, b : array_like, shape (3,) or (n, 3)
        Vectors in 3D.

    Returns
    -------
    numpy.ndarray
        a × b, same shape as the inputs (broadcast).

    Notes
    -----
    a × b = (ay bz − az by, az bx − ax bz, ax by − ay bx). Its length
    |a||b| sin θ is the area of the parallelogram a and b span. Its direction
    follows the right-hand rule: point your fingers along a, curl them towards
    b, and your thumb points along a × b. Swapping a and b flips it: b × a = −(a × b).

    Examples
    --------
    >>> cross([0, 1, 0], [1, 0, 0])
    array([ 0.,  0., -1.])
    """
    va, vb = _vec("a", a, dims=(3,)), _vec("b", b, dims=(3,))
    return np.cross(va, vb)


def length(v: ArrayLike) -> float | NDArray[np.float64]:
    """Length (magnitude) of a vector, |v| [same unit as v].

    Notes
    -----
    |v| = √(x² + y² + z²), Pythagoras in 3D.

    Examples
    --------
    >>> length([220, 220, 0])   # corner to corner across a 220 mm bed
    311.1269837220809
    >>> length([[3, 4, 0], [0, 0, 2]])
    array([5., 2.])
    """
    vv = _vec("v", v)
    return _scalar(np.sqrt(np.sum(vv * vv, axis=-1)))


def distance(p: ArrayLike, q: ArrayLike) -> float | NDArray[np.float64]:
    """Straight-line distance between points p and q [mm].

    Notes
    -----
    d = |q − p| = √((qx − px)² + (qy − py)² + (qz − pz)²).

    Examples
    --------
    >>> distance([0, 0, 0], [20, 20, 20])
    34.64101615137755
    """
    vp, vq = _vec("p", p), _vec("q", q)
    _same_size(vp, vq)
    return length(vq - vp)


def unit(v: ArrayLike) -> NDArray[np.float64]:
    """The vector of length 1 pointing the same way as v.

    Raises
    ------
    ValueError
        For the zero vector, which has no direction.

    Examples
    --------
    >>> unit([0, 3, 4])
    array([0. , 0.6, 0.8])
    """
    vv = _vec("v", v)
    n = np.sqrt(np.sum(vv * vv, axis=-1, keepdims=True))
    if np.any(n == 0):
        raise ValueError(_("a zero-length vector has no direction: {quantity} must not be [0, 0, 0]").format(
            quantity="v"))
    return vv / n


def angle(a: ArrayLike, b: ArrayLike, *, unit: str = "deg") -> float | NDArray[np.float64]:
    """Angle between two vectors, from 0 to 180°.

    Parameters
    ----------
    a, b : array_like, shape (3,) or (n, 3)
        Vectors, not zero.
    unit : {"deg", "rad"}
        Unit of the answer.

    Notes
    -----
    cos θ = a · b / (|a| |b|). For accuracy near 0° and 180° the angle is
    computed as θ = atan2(|a × b|, a · b), which gives the same θ.

    Examples
    --------
    >>> angle([1, 0, 0], [1, 1, 0])
    45.0
    >>> round(angle([1, 0, 0], [-1, 0, 0], unit="rad"), 6)
    3.141593
    """
    if unit not in ("deg", "rad"):
        raise ValueError(_("angle unit must be 'deg' or 'rad', got {unit!r}").format(unit=unit))
    va, vb = _vec("a", a), _vec("b", b)
    _same_size(va, vb)
    na = np.sqrt(np.sum(va * va, axis=-1))
    nb = np.sqrt(np.sum(vb * vb, axis=-1))
    if np.any(na == 0) or np.any(nb == 0):
        raise ValueError(_("the angle with a zero-length vector is undefined: a and b must not be [0, 0, 0]"))
    if va.shape[-1] == 3:
        cr = np.cross(va, vb)
        s = np.sqrt(np.sum(cr * cr, axis=-1))
    else:
        s = np.abs(va[..., 0] * vb[..., 1] - va[..., 1] * vb[..., 0])
    theta = np.arctan2(s, np.sum(va * vb, axis=-1))
    out = to_degrees(theta, "rad") if unit == "deg" else theta
    if np.ndim(out) == 0:
        # angles like 45° come out as 45.00000000000001 in floating point; 12 digits is plenty
        return float(np.round(out, 12))
    return np.round(out, 12)


def projection(a: ArrayLike, *, onto: ArrayLike) -> NDArray[np.float64]:
    """The part of a that points along ``onto`` (the shadow of a on that line).

    Notes
    -----
    proj = (a · b / (b · b)) b with b = ``onto``. What is left, a − proj, is at
    right angles to b.

    Examples
    --------
    >>> projection([3, 4, 5], onto=[0, 0, 2])
    array([0., 0., 5.])
    """
    va, vb = _vec("a", a), _vec("onto", onto)
    _same_size(va, vb)
    bb = np.sum(vb * vb, axis=-1, keepdims=True)
    if np.any(bb == 0):
        raise ValueError(_("cannot project onto a zero-length vector: onto must not be [0, 0, 0]"))
    return np.sum(va * vb, axis=-1, keepdims=True) / bb * vb


def triple_product(a: ArrayLike, b: ArrayLike, c: ArrayLike) -> float | NDArray[np.float64]:
    """Scalar triple product a · (b × c) [mm³ for positions in mm].

    Notes
    -----
    Its size is the volume of the box (parallelepiped) a, b, c span; a sixth of
    it is the volume of the tetrahedron they span. It is positive when a, b, c
    form a right-handed set.

    Examples
    --------
    >>> triple_product([1, 0, 0], [0, 1, 0], [0, 0, 1])
    1.0
    """
    return dot(_vec("a", a, dims=(3,)), cross(b, c))


def is_right_handed(x_axis: ArrayLike, y_axis: ArrayLike, z_axis: ArrayLike) -> bool:
    """True when three axes follow the right-hand rule, as a 3D printer's do.

    Notes
    -----
    Right-handed means x × y points along z (the triple product
    x · (y × z) is positive): with your right hand, thumb along x and index
    finger along y, your middle finger points along z.

    Examples
    --------
    >>> is_right_handed([1, 0, 0], [0, 1, 0], [0, 0, 1])
    True
    >>> is_right_handed([1, 0, 0], [0, 1, 0], [0, 0, -1])
    False
    """
    t = triple_product(x_axis, y_axis, z_axis)
    if np.ndim(t) != 0:
        raise ValueError(_("is_right_handed takes three single axes, each [x, y, z]"))
    if t == 0:
        raise ValueError(_("the three axes lie in one plane, so they are neither right- nor left-handed"))
    return bool(t > 0)


def triangle_normal(a: ArrayLike, b: ArrayLike, c: ArrayLike) -> NDArray[np.float64]:
    """Unit normal of the triangle a, b, c (corners counter-clockwise seen from outside).

    Notes
    -----
    n = (b − a) × (c − a) / |(b − a) × (c − a)|. This is the normal an STL
    file stores with each triangle; swapping two corners flips it.

    Examples
    --------
    >>> triangle_normal([0, 0, 0], [10, 0, 0], [0, 10, 0])
    array([0., 0., 1.])
    >>> triangle_normal([0, 0, 0], [0, 10, 0], [10, 0, 0])
    array([ 0.,  0., -1.])
    """
    va, vb, vc = (_vec(name, x, dims=(3,)) for name, x in (("a", a), ("b", b), ("c", c)))
    n = np.cross(vb - va, vc - va)
    size = np.sqrt(np.sum(n * n, axis=-1, keepdims=True))
    if np.any(size == 0):
        raise ValueError(_("the corners a, b, c lie on one line, so the triangle has no normal: "
                           "move one corner off the line"))
    return n / size
