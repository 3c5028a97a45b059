"""Transforms: det R = 1, RᵀR = I, Rodrigues against the axis rotations, composition order."""

import math

import numpy as np
import pytest

from stemkit.design3d import transforms as tf

rng = np.random.default_rng(7)
ANGLES = rng.uniform(-720, 720, size=25)
AXES = rng.normal(size=(25, 3))


@pytest.mark.parametrize("make", [tf.rotation_x, tf.rotation_y, tf.rotation_z])
def test_axis_rotations_are_rotations(make):
    for a in ANGLES:
        R = make(a, unit="deg")
        assert np.allclose(R.T @ R, np.eye(3), atol=1e-12)
        assert math.isclose(np.linalg.det(R), 1.0, abs_tol=1e-12)
        assert tf.is_rotation(R)


def test_rodrigues_is_a_rotation_and_keeps_its_axis():
    for axis, a in zip(AXES, ANGLES, strict=False):
        R = tf.rotation_axis(axis, a, unit="deg")
        assert np.allclose(R.T @ R, np.eye(3), atol=1e-12)
        assert math.isclose(np.linalg.det(R), 1.0, abs_tol=1e-12)
        assert np.allclose(R @ axis, axis)  # the axis does not move
        # trace R = 1 + 2 cos(theta)
        assert math.isclose(np.trace(R), 1 + 2 * math.cos(math.radians(a)), abs_tol=1e-12)


def test_rodrigues_matches_axis_rotations_and_scipy():
    for a in ANGLES[:5]:
        assert np.allclose(tf.rotation_axis([1, 0, 0], a, unit="deg"), tf.rotation_x(a, unit="deg"))
        assert np.allclose(tf.rotation_axis([0, 1, 0], a, unit="deg"), tf.rotation_y(a, unit="deg"))
        assert np.allclose(tf.rotation_axis([0, 0, 3], a, unit="deg"), tf.rotation_z(a, unit="deg"))
    Rotation = pytest.importorskip("scipy.spatial.transform", reason="scipy not installed").Rotation
    for axis, a in zip(AXES, ANGLES, strict=False):
        k = axis / np.linalg.norm(axis)
        ref = Rotation.from_rotvec(k * math.radians(a)).as_matrix()
        assert np.allclose(tf.rotation_axis(axis, a, unit="deg"), ref, atol=1e-12)


def test_degrees_and_radians_agree():
    assert np.allclose(tf.rotation_z(30, unit="deg"), tf.rotation_z(math.pi / 6, unit="rad"))
    with pytest.raises(ValueError, match="'deg' or 'rad'"):
        tf.rotation_x(30, unit="degree")
    with pytest.raises(TypeError):
        tf.rotation_x(30)  # the unit is always stated


def test_right_hand_rule_directions():
    # positive rotation about each axis turns the next axis towards the one after
    ex, ey, ez = np.eye(3)
    assert np.allclose(tf.rotation_x(90, unit="deg") @ ey, ez)
    assert np.allclose(tf.rotation_y(90, unit="deg") @ ez, ex)
    assert np.allclose(tf.rotation_z(90, unit="deg") @ ex, ey)


def test_composition_order_matters():
    turn = tf.rotation_z(90, unit="deg")
    move = tf.translation([10, 0, 0])
    p = np.array([1.0, 0.0, 0.0])
    assert np.allclose(tf.apply(tf.compose(turn, move), p), [10, 1, 0])
    assert np.allclose(tf.apply(tf.compose(move, turn), p), [0, 11, 0])
    # compose(a, b) applies a first: same as applying one after the other
    pts = rng.normal(size=(10, 3))
    S = tf.scaling([1, 2, 3])
    assert np.allclose(tf.apply(tf.compose(S, turn, move), pts), tf.apply(move, tf.apply(turn, tf.apply(S, pts))))
    assert np.allclose(tf.compose(S, turn), turn @ S)


def test_homogeneous_and_inverse():
    R = tf.rotation_axis([1, 2, 3], 37, unit="deg")
    H = tf.homogeneous(R, offset=[4, 5, 6])
    Hinv = np.linalg.inv(H)
    # the inverse of [R t] is [Rᵀ, -Rᵀ t]
    assert np.allclose(Hinv[:3, :3], R.T)
    assert np.allclose(Hinv[:3, 3], -R.T @ [4, 5, 6])
    pts = rng.normal(size=(20, 3))
    assert np.allclose(tf.apply(Hinv, tf.apply(H, pts)), pts)


def test_rotation_keeps_distances_scaling_scales_them():
    pts = rng.normal(size=(30, 3)) * 50
    R = tf.rotation_axis([2, -1, 0.5], 123, unit="deg")
    d0 = np.linalg.norm(pts[1:] - pts[:-1], axis=1)
    moved = tf.apply(tf.compose(R, tf.translation([7, 8, 9])), pts)
    assert np.allclose(np.linalg.norm(moved[1:] - moved[:-1], axis=1), d0)
    scaled = tf.apply(tf.scaling(2.5), pts)
    assert np.allclose(np.linalg.norm(scaled[1:] - scaled[:-1], axis=1), 2.5 * d0)
    assert math.isclose(np.linalg.det(tf.scaling([1, 2, 3])), 6.0)


def test_apply_shapes():
    assert tf.apply(tf.translation([1, 2, 3]), [0, 0, 0]).shape == (3,)
    assert tf.apply(np.eye(3), np.zeros((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("call, match", [
    (lambda: tf.rotation_axis([0, 0, 0], 10, unit="deg"), "zero vector"),
    (lambda: tf.rotation_z(float("nan"), unit="deg"), "finite"),
    (lambda: tf.scaling(0), "must not be 0"),
    (lambda: tf.scaling([1, 2]), "one number or three"),
    (lambda: tf.translation([1, 2]), "three finite numbers"),
    (lambda: tf.apply(np.eye(2), [1, 2]), "3 x 3 or 4 x 4"),
    (lambda: tf.apply(np.eye(3), [[1, 2]]), r"\(n, 3\)"),
    (lambda: tf.apply(np.ones((4, 4)), [1, 2, 3]), "last row"),
])
def test_bad_input_is_explained(call, match):
    with pytest.raises(ValueError, match=match):
        call()
