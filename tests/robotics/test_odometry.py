"""Tests of stemkit.robotics.odometry: ticks to distance, dead reckoning against the true drive, drift."""

import math

import numpy as np
import pytest

from stemkit.robotics import drive as d
from stemkit.robotics import odometry as o
from stemkit.robotics.geometry import Pose

R, W = 0.033, 0.13


def test_distance_per_tick_is_circumference_over_ticks():
    assert o.distance_per_tick(ticks_per_revolution=20, wheel_radius=R) == pytest.approx(2 * math.pi * R / 20)
    assert o.ticks_to_distance(40, ticks_per_revolution=20, wheel_radius=R) == pytest.approx(4 * math.pi * R)


def test_encoder_ticks_count_whole_slots():
    angles = np.array([0.0, 0.31, 0.32, 2 * math.pi, 2 * math.pi * 3.5, -0.01])
    assert o.encoder_ticks(angles, ticks_per_revolution=20).tolist() == [0, 0, 1, 20, 70, -1]


def test_straight_and_spin():
    straight = o.odometry(left_ticks=[0, 10, 30], right_ticks=[0, 10, 30], ticks_per_revolution=20,
                          wheel_radius=R, track_width=W, start=Pose(1, 1, math.pi / 2))
    assert np.allclose(straight[:, 2], math.pi / 2)
    assert np.allclose(straight[:, 0], 1.0)
    assert straight[-1, 1] == pytest.approx(1 + 30 * 2 * math.pi * R / 20)
    spin = o.odometry(left_ticks=[0, -5, -20], right_ticks=[0, 5, 20], ticks_per_revolution=20,
                      wheel_radius=R, track_width=W)
    assert np.allclose(spin[:, :2], 0.0, atol=1e-15)
    assert spin[-1, 2] == pytest.approx(2 * (20 * 2 * math.pi * R / 20) / W)


def test_fine_encoders_reproduce_the_true_drive():
    rng = np.random.default_rng(7)
    wl, wr = rng.uniform(2, 10, 400), rng.uniform(2, 10, 400)
    dt = 0.01
    _, truth = d.drive(left_speed=wl, right_speed=wr, dt=dt, wheel_radius=R, track_width=W)
    ticks_l = o.encoder_ticks(np.concatenate([[0], np.cumsum(wl * dt)]), ticks_per_revolution=10**7)
    ticks_r = o.encoder_ticks(np.concatenate([[0], np.cumsum(wr * dt)]), ticks_per_revolution=10**7)
    est = o.odometry(left_ticks=ticks_l, right_ticks=ticks_r, ticks_per_revolution=10**7,
                     wheel_radius=R, track_width=W)
    assert np.allclose(est, truth, atol=1e-6)


def test_coarse_encoders_err_by_at_most_about_a_tick_on_a_straight():
    angle = np.linspace(0, 10.0, 50)
    ticks = o.encoder_ticks(angle, ticks_per_revolution=20)
    est = o.odometry(left_ticks=ticks, right_ticks=ticks, ticks_per_revolution=20, wheel_radius=R, track_width=W)
    err = np.abs(est[:, 0] - angle * R)
    assert np.all(err <= o.distance_per_tick(ticks_per_revolution=20, wheel_radius=R) + 1e-12)


def test_a_wrong_wheel_radius_makes_odometry_drift():
    clean = o.simulate_encoder_log(seed=1, left_radius_error=0.0, slip_std=0.0, ticks_per_revolution=10**6)
    est = o.odometry(left_ticks=clean["left_ticks"], right_ticks=clean["right_ticks"], ticks_per_revolution=10**6)
    truth = np.column_stack([clean["true_x"], clean["true_y"], clean["true_theta"]])
    assert np.allclose(est, truth, atol=1e-4)
    # the commanded path is a closed 1 m square
    assert np.allclose(truth[-1, :2], 0.0, atol=1e-4)
    assert truth[:, 0].max() == pytest.approx(1.0, abs=1e-3)

    log = o.simulate_encoder_log(seed=3)
    est = o.odometry(left_ticks=log["left_ticks"], right_ticks=log["right_ticks"])
    gap = math.hypot(est[-1, 0] - log["true_x"][-1], est[-1, 1] - log["true_y"][-1])
    assert gap > 0.05  # odometry believes it is home; the real robot is not


def test_simulated_log_is_deterministic():
    a, b = o.simulate_encoder_log(seed=3), o.simulate_encoder_log(seed=3)
    for k in a:
        assert np.array_equal(a[k], b[k])
    c = o.simulate_encoder_log(seed=4)
    assert not np.array_equal(a["true_x"], c["true_x"])


def test_bad_input_is_clear():
    with pytest.raises(ValueError, match="same length"):
        o.odometry(left_ticks=[0, 1, 2], right_ticks=[0, 1])
    with pytest.raises(ValueError, match="left_ticks must be finite"):
        o.odometry(left_ticks=[0, float("nan")], right_ticks=[0, 1])
    with pytest.raises(ValueError, match="whole number"):
        o.distance_per_tick(ticks_per_revolution=20.5)
    with pytest.raises(ValueError, match="track_width must be > 0"):
        o.odometry(left_ticks=[0, 1], right_ticks=[0, 1], track_width=-0.13)
    with pytest.raises(ValueError, match="wheel_radius must be > 0"):
        o.ticks_to_distance(5, wheel_radius=-1)
    with pytest.raises(ValueError, match="empty"):
        o.odometry(left_ticks=[], right_ticks=[])


def test_tick_counts_beyond_a_counter_are_refused_not_turned_into_nonsense():
    # issue: left_ticks=[0, 1e300] gave a heading of -8e298
    with pytest.raises(ValueError, match=r"left_ticks must be at most 2147483647 ticks in size, but item 1 is 1e\+300"):
        o.odometry(left_ticks=[0, 1e300], right_ticks=[0, 0])
    with pytest.raises(TypeError, match="right_ticks must be numbers"):
        o.odometry(left_ticks=[0, 1], right_ticks="twenty")
    edge = o.odometry(left_ticks=[0, o.MAX_TICKS], right_ticks=[0, o.MAX_TICKS])
    assert np.all(np.isfinite(edge)) and edge[-1, 2] == 0.0
