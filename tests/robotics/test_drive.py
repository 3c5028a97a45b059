"""Tests of stemkit.robotics.drive: invariants, the closed-form circle, Euler's convergence, bad input."""

import math

import numpy as np
import pytest

from stemkit.robotics import drive as d
from stemkit.robotics.geometry import Pose, wrap_angle

R, W = 0.033, 0.13


@pytest.mark.parametrize("method", ["arc", "euler"])
def test_straight_drive_keeps_heading(method):
    start = Pose(0.2, -0.1, 0.7)
    t, poses = d.drive(left_speed=9.0, right_speed=9.0, duration=3.0, dt=0.01, start=start, method=method)
    assert np.all(poses[:, 2] == start.theta)
    travelled = np.hypot(poses[-1, 0] - start.x, poses[-1, 1] - start.y)
    assert travelled == pytest.approx(9.0 * R * 3.0, rel=1e-12)
    # along the heading, never sideways
    assert math.atan2(poses[-1, 1] - start.y, poses[-1, 0] - start.x) == pytest.approx(start.theta)


@pytest.mark.parametrize("method", ["arc", "euler"])
def test_equal_and_opposite_speeds_turn_in_place(method):
    t, poses = d.drive(left_speed=-6.0, right_speed=6.0, duration=2.0, dt=0.02, method=method)
    assert np.allclose(poses[:, :2], 0.0, atol=1e-15)
    # each wheel rolls r·ω·t along a circle of radius W/2
    assert poses[-1, 2] == pytest.approx(2 * R * 6.0 * 2.0 / W)
    assert d.turning_radius(left_speed=-6.0, right_speed=6.0, track_width=W) == 0.0


def test_arc_integration_is_exact_on_the_closed_form_circle():
    v, w = 0.25, 0.8
    dt = 0.5  # coarse steps: exact anyway
    n = 40
    poses = d.integrate(linear_velocity=np.full(n, v), angular_velocity=w, dt=dt)
    t = np.arange(n + 1) * dt
    assert np.allclose(poses[:, 0], v / w * np.sin(w * t), atol=1e-12)
    assert np.allclose(poses[:, 1], v / w * (1 - np.cos(w * t)), atol=1e-12)
    assert np.allclose(poses[:, 2], w * t, atol=1e-12)
    # every point lies on the circle of radius v/ω centred at (0, v/ω)
    assert np.allclose(np.hypot(poses[:, 0], poses[:, 1] - v / w), v / w, atol=1e-12)


def test_arc_result_does_not_depend_on_step_size():
    coarse = d.drive(left_speed=4.0, right_speed=7.0, duration=5.0, dt=0.5)[1][-1]
    fine = d.drive(left_speed=4.0, right_speed=7.0, duration=5.0, dt=0.001)[1][-1]
    assert np.allclose(coarse, fine, atol=1e-12)


def test_euler_converges_to_the_arc_at_first_order():
    exact = d.drive(left_speed=4.0, right_speed=7.0, duration=5.0, dt=0.5)[1][-1]
    errors = []
    for dt in (0.1, 0.05, 0.025, 0.0125):
        approx = d.drive(left_speed=4.0, right_speed=7.0, duration=5.0, dt=dt, method="euler")[1][-1]
        errors.append(math.hypot(approx[0] - exact[0], approx[1] - exact[1]))
        assert approx[2] == pytest.approx(exact[2])  # the heading is exact in both methods
    errors = np.array(errors)
    assert np.all(errors > 0)
    ratios = errors[:-1] / errors[1:]
    assert np.allclose(ratios, 2.0, rtol=0.05)  # halving dt halves the error
    assert errors[-1] < 0.01


def test_step_functions_match_integrate():
    p0 = Pose(0.1, 0.2, -0.4)
    a = d.step_arc(p0, linear_velocity=0.3, angular_velocity=-1.1, dt=0.2)
    b = d.integrate(linear_velocity=[0.3], angular_velocity=[-1.1], dt=0.2, start=p0)[-1]
    assert np.allclose(a, b)
    e = d.step_euler(p0, linear_velocity=0.3, angular_velocity=-1.1, dt=0.2)
    f = d.integrate(linear_velocity=[0.3], angular_velocity=[-1.1], dt=0.2, start=p0, method="euler")[-1]
    assert np.allclose(e, f)
    assert np.allclose([e.x, e.y], [0.1 + 0.06 * math.cos(-0.4), 0.2 + 0.06 * math.sin(-0.4)])


def test_body_velocity_and_wheel_speeds_are_inverse():
    rng = np.random.default_rng(1)
    wl, wr = rng.uniform(-20, 20, 100), rng.uniform(-20, 20, 100)
    v, w = d.body_velocity(left_speed=wl, right_speed=wr, wheel_radius=R, track_width=W)
    l2, r2 = d.wheel_speeds(linear_velocity=v, angular_velocity=w, wheel_radius=R, track_width=W)
    assert np.allclose(l2, wl) and np.allclose(r2, wr)
    # rim speeds: v is their mean, ω their difference over W
    assert np.allclose(v, (R * wl + R * wr) / 2)
    assert np.allclose(w, (R * wr - R * wl) / W)


def test_turning_radius_matches_the_driven_circle():
    radius = d.turning_radius(left_speed=3.0, right_speed=5.0, track_width=W)
    assert radius == pytest.approx(W / 2 * 8 / 2)
    _, poses = d.drive(left_speed=3.0, right_speed=5.0, duration=4.0, dt=0.1)
    assert np.allclose(np.hypot(poses[:, 0], poses[:, 1] - radius), radius, atol=1e-12)
    assert d.turning_radius(left_speed=5.0, right_speed=3.0, track_width=W) == pytest.approx(-radius)
    assert d.turning_radius(left_speed=1.0, right_speed=1.0) == math.inf


def test_full_circle_returns_home():
    robot = d.DiffDrive(wheel_radius=R, track_width=W)
    v, w = 0.2, 1.0
    left, right = robot.wheel_speeds(linear_velocity=v, angular_velocity=w)
    _, poses = robot.drive(left_speed=left, right_speed=right, duration=2 * math.pi / w, dt=2 * math.pi / w / 100)
    assert np.allclose(poses[-1, :2], 0.0, atol=1e-12)
    assert wrap_angle(poses[-1, 2]) == pytest.approx(0.0, abs=1e-12)


def test_rpm_conversion():
    assert d.rpm_to_rad_per_s(60) == pytest.approx(2 * math.pi)
    assert d.rad_per_s_to_rpm(d.rpm_to_rad_per_s(123.0)) == pytest.approx(123.0)


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match=r"track_width must be > 0 m, got -0.13"):
        d.body_velocity(left_speed=1, right_speed=1, track_width=-0.13)
    with pytest.raises(ValueError, match=r"track_width must be > 0"):
        d.DiffDrive(track_width=-0.13)
    with pytest.raises(ValueError, match=r"wheel_radius must be > 0"):
        d.DiffDrive(wheel_radius=0)
    with pytest.raises(ValueError, match=r"left_speed must be finite.*item 1 is nan"):
        d.drive(left_speed=[1.0, float("nan")], right_speed=[1.0, 1.0])
    with pytest.raises(ValueError, match=r"right_speed must be finite"):
        d.body_velocity(left_speed=1.0, right_speed=float("nan"))
    with pytest.raises(ValueError, match="dt must be > 0"):
        d.integrate(linear_velocity=[1.0], angular_velocity=[0.0], dt=0)
    with pytest.raises(ValueError, match="method"):
        d.integrate(linear_velocity=[1.0], angular_velocity=[0.0], dt=0.1, method="rk4")
    with pytest.raises(ValueError, match="duration"):
        d.drive(left_speed=1.0, right_speed=1.0)
    with pytest.raises(TypeError, match="track_width must be a number"):
        d.DiffDrive(track_width="wide")


def test_diffdrive_draws_itself():
    png = d.DiffDrive()._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

speed = st.floats(-20, 20, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(speed, speed, st.integers(1, 50))
def test_arc_steps_compose_exactly(left, right, n):
    """Driving T seconds in one arc step or in n steps of T/n ends at the same pose."""
    one = d.drive(left_speed=[left], right_speed=[right], dt=2.0)[1][-1]
    many = d.drive(left_speed=[left] * n, right_speed=[right] * n, dt=2.0 / n)[1][-1]
    assert np.allclose(one, many, atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(speed, speed)
def test_mirror_speeds_mirror_the_path(left, right):
    """Swapping the wheels mirrors the path in the x axis."""
    a = d.drive(left_speed=left, right_speed=right, duration=3.0, dt=0.1)[1]
    b = d.drive(left_speed=right, right_speed=left, duration=3.0, dt=0.1)[1]
    assert np.allclose(a[:, 0], b[:, 0], atol=1e-12)
    assert np.allclose(a[:, 1], -b[:, 1], atol=1e-12)
    assert np.allclose(a[:, 2], -b[:, 2], atol=1e-12)
