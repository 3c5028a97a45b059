"""Vectors in 3D: values, invariants (Lagrange identity, anticommutativity) and bad input."""

import math

import numpy as np
import pytest

from stemkit.design3d import vectors as vec

rng = np.random.default_rng(5)
A = rng.normal(size=(50, 3)) * 20
B = rng.normal(size=(50, 3)) * 20
C = rng.normal(size=(50, 3)) * 20


def test_dot_known_values():
    assert vec.dot([1, 2, 3], [4, 5, 6]) == 32.0
    assert vec.dot([1, 0, 0], [0, 1, 0]) == 0.0
    assert np.allclose(vec.dot(A, B), [sum(x * y for x, y in zip(a, b, strict=False)) for a, b in zip(A, B, strict=False)])


def test_cross_is_perpendicular_and_anticommutes():
    c = vec.cross(A, B)
    assert np.allclose(vec.dot(c, A), 0, atol=1e-9)
    assert np.allclose(vec.dot(c, B), 0, atol=1e-9)
    assert np.allclose(vec.cross(B, A), -c)


def test_lagrange_identity():
    # |a x b|^2 = |a|^2 |b|^2 - (a.b)^2
    lhs = vec.length(vec.cross(A, B)) ** 2
    rhs = vec.length(A) ** 2 * vec.length(B) ** 2 - vec.dot(A, B) ** 2
    assert np.allclose(lhs, rhs, rtol=1e-9)


def test_right_hand_rule_on_axes():
    ex, ey, ez = np.eye(3)
    assert np.array_equal(vec.cross(ex, ey), ez)
    assert np.array_equal(vec.cross(ey, ez), ex)
    assert np.array_equal(vec.cross(ez, ex), ey)
    assert vec.is_right_handed(ex, ey, ez)
    assert not vec.is_right_handed(ey, ex, ez)
    with pytest.raises(ValueError, match="one plane"):
        vec.is_right_handed(ex, ey, ex + ey)


def test_length_distance_unit():
    assert vec.length([3, 4, 12]) == 13.0
    assert vec.distance([1, 1, 1], [4, 5, 13]) == 13.0
    assert math.isclose(vec.length([220, 220, 0]), 220 * math.sqrt(2))
    u = vec.unit(A)
    assert np.allclose(vec.length(u), 1.0)
    assert np.allclose(vec.cross(u, A), 0, atol=1e-9)  # same direction
    assert np.all(vec.dot(u, A) > 0)


def test_angle_values_and_units():
    assert vec.angle([1, 0, 0], [0, 1, 0]) == 90.0
    assert vec.angle([1, 0, 0], [1, 1, 0]) == 45.0
    assert vec.angle([1, 0, 0], [-2, 0, 0]) == 180.0
    assert vec.angle([1, 0, 0], [5, 0, 0]) == 0.0
    assert math.isclose(vec.angle([1, 0, 0], [0, 1, 0], unit="rad"), math.pi / 2)
    # against the textbook formula cos(theta) = a.b / (|a||b|)
    expected = np.degrees(np.arccos(np.clip(vec.dot(A, B) / (vec.length(A) * vec.length(B)), -1, 1)))
    assert np.allclose(vec.angle(A, B), expected, atol=1e-7)
    with pytest.raises(ValueError, match="'deg' or 'rad'"):
        vec.angle([1, 0, 0], [0, 1, 0], unit="degrees")


def test_projection_leaves_perpendicular_rest():
    p = vec.projection(A, onto=B)
    assert np.allclose(vec.cross(p, B), 0, atol=1e-8)
    assert np.allclose(vec.dot(A - p, B), 0, atol=1e-8)
    assert np.array_equal(vec.projection([3, 4, 5], onto=[0, 0, 2]), [0.0, 0.0, 5.0])


def test_triple_product_is_six_tetra_volumes():
    t = vec.triple_product(A, B, C)
    det = np.linalg.det(np.stack([A, B, C], axis=1))
    assert np.allclose(t, det, rtol=1e-9)


def test_triangle_normal_matches_mesh_face_normal():
    from stemkit.design3d.mesh import Mesh

    tri = rng.normal(size=(3, 3))
    n = vec.triangle_normal(*tri)
    m = Mesh(tri, [[0, 1, 2]])
    assert np.allclose(m.face_normals[0], n)
    assert np.allclose(vec.triangle_normal(tri[0], tri[2], tri[1]), -n)


@pytest.mark.parametrize("call, match", [
    (lambda: vec.dot([1, 2, 3], [1, 2]), "same number"),
    (lambda: vec.cross([1, 2], [3, 4]), "3 numbers"),
    (lambda: vec.length([1, float("nan"), 0]), "finite"),
    (lambda: vec.unit([0, 0, 0]), "no direction"),
    (lambda: vec.angle([0, 0, 0], [1, 0, 0]), "zero-length"),
    (lambda: vec.projection([1, 2, 3], onto=[0, 0, 0]), "zero-length"),
    (lambda: vec.triangle_normal([0, 0, 0], [1, 1, 1], [2, 2, 2]), "one line"),
    (lambda: vec.dot("abc", [1, 2, 3]), "numbers"),
])
def test_bad_input_is_explained(call, match):
    with pytest.raises(ValueError, match=match):
        call()
