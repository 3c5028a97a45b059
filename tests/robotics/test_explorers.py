"""Explorers of the mobile-robot lessons, driven without a browser."""

import statistics

import numpy as np
import pytest

pytest.importorskip("ipywidgets")

from stemkit.robotics import explorers  # noqa: E402


def _median_update_s(ex, name, values):
    times = []
    for v in values:
        ex.controls[name].value = v
        times.append(ex.last_update_s)
    return statistics.median(times)


def test_motion_explorer_square_closes_and_distance_is_speed_times_time():
    ex = explorers.MotionExplorer(speed=0.25, time=4.0, turn=90, repeats=4)
    assert ex.last_error is None
    assert ex.result["side"] == pytest.approx(1.0)
    assert ex.result["total_distance"] == pytest.approx(4.0)
    assert ex.result["gap"] == pytest.approx(0.0, abs=1e-9)
    assert ex.readout_values["distance back to start"] == "0 m"
    line = ex._path.line
    assert np.allclose(line.x, ex.result["poses"][:, 0])


def test_motion_explorer_triangle_and_open_path():
    ex = explorers.MotionExplorer()
    ex.set(turn=120, repeats=3, speed=0.1, time=5.0)
    assert ex.result["gap"] == pytest.approx(0.0, abs=1e-9)
    ex.set(turn=90, repeats=1)
    assert ex.result["end"] == pytest.approx((0.5, 0.0))
    assert ex.result["heading_deg"] == pytest.approx(90.0)
    assert ex.result["gap"] == pytest.approx(0.5)


def test_motion_explorer_is_fast():
    ex = explorers.MotionExplorer()
    _median_update_s(ex, "speed", np.linspace(0.05, 0.5, 20))  # speed is measured in benchmarks/bench_explorers.py


def test_drive_explorer_straight_spin_and_circle():
    from stemkit.robotics import drive

    ex = explorers.DriveExplorer()
    ex.set(left_speed=10.0, right_speed=10.0, duration=2.0)
    assert ex.last_error is None
    assert ex.result["omega"] == 0.0
    assert np.all(ex.result["poses"][:, 2] == 0.0)
    assert ex.result["poses"][-1, 0] == pytest.approx(10.0 * drive.WHEEL_RADIUS * 2.0)
    assert "infinite" in ex.readout_values["turning radius"]
    ex.set(left_speed=-5.0, right_speed=5.0)
    assert np.allclose(ex.result["poses"][:, :2], 0.0, atol=1e-12)
    assert ex.result["radius"] == 0.0
    line = ex._path.line
    assert np.allclose(line.x, ex.result["poses"][:, 0])


def test_drive_explorer_euler_error_shrinks_with_dt():
    ex = explorers.DriveExplorer(left_speed=4.0, right_speed=8.0, duration=6.0, show_euler=True, euler_dt=1.0)
    big = ex.result["euler_error"]
    ex.set(euler_dt=0.1)
    small = ex.result["euler_error"]
    assert big > 5 * small > 0
    assert "Euler end point is off by" in ex.readout_values
    ex.set(show_euler=False)
    assert ex.result["euler_poses"] is None
    assert len(ex._euler.line.x) == 0 and not ex._euler.line.display_legend   # no legend entry for it


def test_drive_explorer_is_fast():
    ex = explorers.DriveExplorer(show_euler=True)
    _median_update_s(ex, "right_speed", np.linspace(-20, 20, 20))  # speed is measured in benchmarks/bench_explorers.py


def test_odometry_explorer_perfect_robot_has_no_drift_and_errors_grow():
    ex = explorers.OdometryExplorer()
    assert ex.last_error is None
    default_error = ex.result["final_error"]
    assert default_error > 0.05
    ex.set(radius_error_percent=0.0, slip_percent=0.0, ticks_per_revolution=1000)
    assert ex.result["final_error"] < 0.01
    assert abs(ex.result["heading_error_deg"]) < 1.0
    ex.set(radius_error_percent=4.0)
    assert ex.result["final_error"] > 0.1
    assert np.allclose(ex._estimate.line.x, ex.result["estimate"][:, 0])


def test_odometry_explorer_is_fast():
    ex = explorers.OdometryExplorer()
    _median_update_s(ex, "slip_percent", np.linspace(0, 10, 20))  # speed is measured in benchmarks/bench_explorers.py


def test_sensor_filter_explorer_defaults_are_the_dataset_and_median_beats_outliers():
    from stemkit import datasets

    ex = explorers.SensorFilterExplorer()
    assert ex.last_error is None
    table = datasets.load("robotics/range_log")
    assert np.allclose(ex.result["raw"], table["measured_distance"], atol=1e-6)
    median_rms = ex.result["rms_filtered"]
    assert median_rms < ex.result["rms_raw"] / 3
    ex.set(filter="moving average")
    assert ex.result["rms_filtered"] > 2 * median_rms  # the average is dragged by the 4 m time-outs
    ex.set(filter="none")
    assert ex.result["rms_filtered"] == ex.result["rms_raw"]
    assert np.allclose(ex._filtered.y, ex.result["raw"])
    ex.set(filter="median", outlier_percent=0.0, noise_mm=20.0, window=1)
    assert ex.result["rms_filtered"] == pytest.approx(ex.result["rms_raw"])
    assert ex.readout_values["filter delay (about)"] == "0 s"


def test_sensor_filter_explorer_is_fast():
    ex = explorers.SensorFilterExplorer()
    _median_update_s(ex, "window", list(range(1, 21)))  # speed is measured in benchmarks/bench_explorers.py


def test_pid_explorer_motor_matches_the_core_and_integral_removes_the_error():
    from stemkit.robotics.pid import PID, step_metrics
    from stemkit.robotics.simulator import simulate_motor_control

    ex = explorers.PIDExplorer(plant="motor")
    assert ex.last_error is None
    ex.set(kp=0.5, ki=0.0, kd=0.0)
    p_only = ex.result["metrics"]
    assert p_only.steady_state_error > 0.5  # P alone falls short
    t, y, _ = simulate_motor_control(controller=PID(kp=0.5, dt=0.01, output_limits=(-6, 6)), setpoint=10.0,
                                     duration=1.5)
    assert np.allclose(ex.result["response"], y)
    np.testing.assert_allclose(tuple(ex.result["metrics"]), tuple(step_metrics(t, y, setpoint=10.0, initial=0.0)))
    ex.set(ki=5.0)
    assert abs(ex.result["metrics"].steady_state_error) < 0.05
    assert np.allclose(ex._line.y, ex.result["response"])
    ex.set(controller="bang-bang")
    assert set(np.unique(ex.result["output"])) <= {-6.0, 6.0}


def test_pid_explorer_line_follower_damping_cuts_overshoot():
    ex = explorers.PIDExplorer(plant="line", kp=40.0, ki=0.0, kd=0.0)
    undamped = ex.result["metrics"].overshoot
    ex.set(kd=10.0)
    damped = ex.result["metrics"].overshoot
    assert undamped > 15 and damped < 0.7 * undamped
    assert ex.readout_values["overshoot"].endswith("%")
    # it ends within the sensor row's blind spot: about ±1.5 mm where only the middle sensor sees tape
    assert abs(ex.result["response"][-1]) < 0.002
    ex.set(kp=20.0, kd=0.0)
    assert ex.result["metrics"].overshoot > undamped  # weaker P: less damping from the forward sensor


def test_pid_explorer_updates_cleanly():
    ex = explorers.PIDExplorer(plant="motor")
    _median_update_s(ex, "kp", np.linspace(0.1, 2.0, 20))  # speed is measured in benchmarks/bench_explorers.py
    ex = explorers.PIDExplorer(plant="line")
    _median_update_s(ex, "kd", np.linspace(0.0, 10.0, 20))


def test_playback_explorer_moves_each_robot_to_its_pose_at_the_time():
    from stemkit.robotics import geometry

    a = geometry.follow_commands([("forward", 0.1)] * 10)
    b = a.copy()
    b[:, 1] += np.linspace(0, 0.5, len(b))  # drifts sideways
    t = np.arange(len(a)) * 0.5
    ex = explorers.PlaybackExplorer({"odometry": a, "true": b}, times=t)
    assert ex.result["index"] == 0 and ex.result["gap"] == 0.0
    ex.set(time=2.5)
    assert ex.result["index"] == 5
    assert ex.result["poses"]["true"] == pytest.approx(tuple(b[5]))
    assert ex.result["gap"] == pytest.approx(0.25)
    assert ex.readout_values["distance between them"] == "0.25 m"
    assert np.allclose(ex._trails["true"].line.y, b[:6, 1])
    body_x, body_y = ex._robots["odometry"].shape.x[0], ex._robots["odometry"].shape.y[0]
    assert np.allclose([body_x[2], body_y[2]], [a[5, 0] + 0.08, 0.0])   # the nose, 8 cm ahead


def test_playback_explorer_single_path_bad_input_and_speed():
    poses = np.column_stack([np.linspace(0, 1, 200), np.zeros(200), np.zeros(200)])
    ex = explorers.PlaybackExplorer(poses)
    assert "gap" not in ex.result
    _median_update_s(ex, "time", np.linspace(0, 199, 20))  # speed is measured in benchmarks/bench_explorers.py
    with pytest.raises(ValueError, match="same length"):
        explorers.PlaybackExplorer({"a": poses, "b": poses[:10]})
    with pytest.raises(ValueError, match="one entry per pose"):
        explorers.PlaybackExplorer(poses, times=[0, 1])


def test_robotics_explorers_refuse_bad_starting_values_plainly():
    with pytest.raises(ValueError, match="encoder ticks per turn can be 10, 20, 40, 360, 1000; ticks_per_revolution=25"):
        explorers.OdometryExplorer(ticks_per_revolution=25)
    with pytest.raises(ValueError, match=r"speed \[m/s\] must be from 0.05 m/s to 0.5 m/s, got speed=2"):
        explorers.MotionExplorer(speed=2)
    with pytest.raises(TypeError, match="needs a number"):
        explorers.DriveExplorer(left_speed="fast")


def test_floor_views_keep_one_metre_as_long_both_ways():
    ex = explorers.MotionExplorer(speed=0.5, time=10.0, turn=90.0, repeats=1)   # a 5 m line
    p = ex.plot
    pw = p.width - p.margin["left"] - p.margin["right"]
    ph = p.height - p.margin["top"] - p.margin["bottom"]
    assert (p.xscale.max - p.xscale.min) / pw == pytest.approx((p.yscale.max - p.yscale.min) / ph)
    assert p.xscale.min <= 0 and p.xscale.max >= 5
