"""Tests of stemkit.robotics.geometry: invariants of rotations and transforms, bad input."""

import math

import numpy as np
import pytest

from stemkit.robotics import geometry as g
from stemkit.units import to_degrees, to_radians

rng = np.random.default_rng(4)
ANGLES = rng.uniform(-10, 10, 50)


@pytest.mark.parametrize("angle", ANGLES)
def test_rotation_is_orthonormal(angle):
    R = g.rotation_matrix(angle)
    assert np.isclose(np.linalg.det(R), 1.0)
    assert np.allclose(R.T @ R, np.eye(2))


def test_rotation_adds_angles():
    a, b = 0.7, -2.1
    assert np.allclose(g.rotation_matrix(a) @ g.rotation_matrix(b), g.rotation_matrix(a + b))


def test_wrap_angle_range_and_direction():
    wrapped = g.wrap_angle(ANGLES)
    assert np.all(wrapped > -math.pi) and np.all(wrapped <= math.pi)
    # same direction: cos and sin unchanged
    assert np.allclose(np.cos(wrapped), np.cos(ANGLES))
    assert np.allclose(np.sin(wrapped), np.sin(ANGLES))
    assert g.wrap_angle(math.pi) == pytest.approx(math.pi)
    assert g.wrap_angle(-math.pi) == pytest.approx(math.pi)
    assert g.wrap_angle(2 * math.pi + 0.25) == pytest.approx(0.25)
    assert isinstance(g.wrap_angle(1.0), float)


def test_transform_matches_rotation_then_translation():
    T = g.transform_matrix(x=2.0, y=-1.0, theta=0.4)
    p = np.array([0.3, 0.5])
    expected = g.rotation_matrix(0.4) @ p + [2.0, -1.0]
    assert np.allclose((T @ [*p, 1.0])[:2], expected)
    assert np.allclose(T[2], [0, 0, 1])


def test_compose_equals_matrix_product_and_inverse_undoes():
    for _ in range(30):
        a = g.Pose(*rng.uniform(-3, 3, 3))
        b = g.Pose(*rng.uniform(-3, 3, 3))
        ab = g.compose(a, b)
        M = a.matrix() @ b.matrix()
        pm = g.pose_from_matrix(M)
        assert np.allclose([ab.x, ab.y], [pm.x, pm.y])
        assert g.wrap_angle(ab.theta - pm.theta) == pytest.approx(0.0, abs=1e-12)
        ident = g.compose(a, g.inverse(a))
        assert np.allclose(ident, [0, 0, 0], atol=1e-12)
        assert np.allclose(np.linalg.inv(a.matrix()), g.inverse(a).matrix())


def test_to_world_and_to_local_are_inverse_and_keep_distances():
    pose = g.Pose(1.0, -2.0, 2.5)
    pts = rng.uniform(-1, 1, (20, 2))
    world = g.to_world(pose, pts)
    assert np.allclose(g.to_local(pose, world), pts)
    # a rigid motion keeps distances between points
    d_local = np.linalg.norm(pts[1:] - pts[:-1], axis=1)
    d_world = np.linalg.norm(world[1:] - world[:-1], axis=1)
    assert np.allclose(d_local, d_world)
    # the robot frame's +y is to the robot's left
    left = g.to_world(g.Pose(0, 0, 0), [0, 1])[0]
    assert np.allclose(left, [0, 1])


def test_distance_and_heading():
    assert g.distance((0, 0), (3, 4)) == 5.0
    assert g.distance(g.Pose(1, 1, 3.0), (1, 1)) == 0.0
    assert to_degrees(g.heading_to((0, 0), (0, 2))) == pytest.approx(90)
    assert to_degrees(g.heading_to((0, 0), (-1, -1))) == pytest.approx(-135)
    for theta in ANGLES[:10]:
        p = g.advance(g.Pose(0.5, 0.5, theta), distance=1.0)
        assert g.heading_to((0.5, 0.5), (p.x, p.y)) == pytest.approx(g.wrap_angle(theta))


def test_pose_degrees_round_trip():
    p = g.Pose.from_degrees(1, 2, 30)
    assert p.theta == pytest.approx(math.pi / 6)
    assert p.heading_deg == pytest.approx(30)
    assert to_radians(to_degrees(1.234)) == pytest.approx(1.234)


def test_advance_keeps_heading_and_moves_distance():
    p0 = g.Pose(0.2, 0.1, 1.0)
    p1 = g.advance(p0, distance=0.75)
    assert p1.theta == p0.theta
    assert g.distance(p0, p1) == pytest.approx(0.75)
    back = g.advance(p1, distance=-0.75)
    assert np.allclose(back, p0)


def test_follow_commands_square_and_rectangle():
    poses = g.follow_commands([("forward", 2), ("left", 90), ("forward", 1), ("left", 90),
                               ("forward", 2), ("left", 90), ("forward", 1), ("left", 90)])
    assert poses.shape == (9, 3)
    corners = poses[::2, :2]
    assert np.allclose(corners, [[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]], atol=1e-12)
    right = g.follow_commands([("right", math.pi / 2), ("forward", 1)], angle_unit="rad")
    assert np.allclose(right[-1], [0, -1, -math.pi / 2])
    total = sum(g.distance(a, b) for a, b in zip(poses[:-1], poses[1:], strict=True))
    assert total == pytest.approx(6.0)


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="x"):
        g.transform_matrix(x=float("nan"), y=0, theta=0)
    with pytest.raises(ValueError, match="distance"):
        g.advance(g.Pose(), distance=float("inf"))
    with pytest.raises(ValueError, match="3 numbers"):
        g.Pose.from_array([1, 2])
    with pytest.raises(ValueError, match="unknown word"):
        g.follow_commands([("jump", 1)])
    with pytest.raises(ValueError, match="pair"):
        g.follow_commands(["forward"])
    with pytest.raises(ValueError, match="same"):
        g.heading_to((1, 1), (1, 1))
    with pytest.raises(ValueError, match="shape"):
        g.to_world(g.Pose(), [[1, 2, 3]])
    with pytest.raises(ValueError, match="3×3"):
        g.pose_from_matrix(np.eye(2))
    with pytest.raises(TypeError, match="number"):
        g.rotation_matrix("ninety")
    with pytest.raises(ValueError, match="deg"):
        g.follow_commands([("left", 90)], angle_unit="grad")


# property tests: the rules hold for any poses, not only the ones picked above
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

coord = st.floats(-100, 100, allow_nan=False)
angle = st.floats(-20, 20, allow_nan=False)
poses = st.builds(g.Pose, coord, coord, angle)


@settings(max_examples=200, deadline=None)
@given(poses, poses, poses)
def test_compose_is_associative(a, b, c):
    left = g.compose(g.compose(a, b), c)
    right = g.compose(a, g.compose(b, c))
    assert np.allclose(left[:2], right[:2], atol=1e-9)
    assert g.wrap_angle(left[2] - right[2]) == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(poses, st.lists(st.tuples(coord, coord), min_size=1, max_size=5))
def test_to_local_undoes_to_world(pose, pts):
    pts = np.array(pts)
    assert np.allclose(g.to_local(pose, g.to_world(pose, pts)), pts, atol=1e-9)


# -- inputs checked at the boundary: no NaN or endless numbers come out -------------------------------
@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan, 1e300, "north"])
def test_wrap_angle_refuses_what_has_no_direction(bad):
    with pytest.raises((TypeError, ValueError), match="angle"):
        g.wrap_angle(bad)
    with pytest.raises((TypeError, ValueError), match="angle"):
        g.wrap_angle([0.0, bad])


@pytest.mark.parametrize("bad", [(math.nan, 0), (0, math.inf), (1e300, 0), "home"])
def test_distance_and_heading_refuse_points_that_are_not_places(bad):
    for func in (g.distance, g.heading_to):
        with pytest.raises((TypeError, ValueError), match="a "):
            func(bad, (1, 1))
        with pytest.raises((TypeError, ValueError), match="b "):
            func((1, 1), bad)


def test_poses_and_points_name_text_and_nan():
    with pytest.raises(TypeError, match="pose must be 3 numbers"):
        g.advance("here", distance=1.0)
    with pytest.raises(ValueError, match="points must be finite"):
        g.to_world((0, 0, 0), [[1.0, math.nan]])
    with pytest.raises(ValueError, match="distance must be at most 1e\\+06 m"):
        g.advance((0, 0, 0), distance=1e9)
